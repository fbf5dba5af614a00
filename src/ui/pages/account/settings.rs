//! Account self-service pages, reached from "My account": change the
//! password or the e-mail address, the sessions list, deleting the account.
//! Every form is an `ActionForm`, so each one also works without JavaScript.

use crate::i18n::Msg;
use crate::server_fns::self_service::{
    deletion_info, my_sessions, ChangePassword, ConfirmEmailChange, DeleteAccount, EndSession,
    EndSessions, RequestEmailChange,
};
use crate::ui::components::form::{action_error, Field, FormAlert, Notice, PasswordField};
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::Check;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn query(key: &'static str) -> Memo<Option<String>> {
    let q = use_query_map();
    Memo::new(move |_| q.read().get(key))
}

#[component]
fn Card(title: Msg, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title) />
        <section class="page narrow">
            <p><a href="/account">{t(Msg::AccountTitle)}</a></p>
            <h1>{t(title)}</h1>
            {children()}
        </section>
    }
}

/// The links "My account" shows to these pages and the download.
#[component]
pub fn AccountSettingsLinks() -> impl IntoView {
    view! {
        <h2>{t(Msg::AccountSettingsTitle)}</h2>
        <ul class="links">
            <li><a href="/account/password">{t(Msg::AccountChangePassword)}</a></li>
            <li><a href="/account/email">{t(Msg::AccountChangeEmail)}</a></li>
            <li><a href="/account/sessions">{t(Msg::AccountSessions)}</a></li>
            <li><a href="/account/export.json" download="">{t(Msg::AccountExport)}</a></li>
            <li><a href="/account/delete">{t(Msg::AccountDelete)}</a></li>
        </ul>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    let notice = query("notice");
    view! {
        <Card title=Msg::PasswordChangeTitle>
            {move || (notice.get().as_deref() == Some("changed")).then(|| view! { <Notice msg=Msg::PasswordChangeDone /> })}
            <p class="lead">{t(Msg::PasswordChangeLead)}</p>
            <ActionForm action attr:novalidate=true>
                <FormAlert error />
                <PasswordField name="current_password" label=Msg::FieldCurrentPassword autocomplete="current-password" error />
                <PasswordField
                    name="new_password"
                    label=Msg::FieldNewPassword
                    autocomplete="new-password"
                    hint=Msg::PasswordHint
                    error
                    check=Check::Password
                />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {t(Msg::PasswordChangeSubmit)}
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
pub fn EmailPage() -> impl IntoView {
    let action = ServerAction::<RequestEmailChange>::new();
    let error = action_error(action);
    let notice = query("notice");
    view! {
        <Card title=Msg::EmailChangeTitle>
            {move || (notice.get().as_deref() == Some("sent")).then(|| view! { <Notice msg=Msg::EmailChangeSent /> })}
            <p class="lead">{t(Msg::EmailChangeLead)}</p>
            <ActionForm action attr:novalidate=true>
                <FormAlert error />
                <Field name="new_email" label=Msg::FieldNewEmail kind="email" autocomplete="email" error check=Check::Email />
                <PasswordField name="current_password" label=Msg::FieldCurrentPassword autocomplete="current-password" error />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {t(Msg::EmailChangeSubmit)}
                </button>
            </ActionForm>
        </Card>
    }
}

/// The page the link to the new address opens: one button, so that a mail
/// scanner fetching the link changes nothing.
#[component]
pub fn EmailConfirmPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmailChange>::new();
    let error = action_error(action);
    let token = query("token");
    let notice = query("notice");
    view! {
        <Card title=Msg::EmailConfirmTitle>
            {move || if notice.get().as_deref() == Some("done") {
                view! { <Notice msg=Msg::EmailConfirmDone /> }.into_any()
            } else {
                view! {
                    <p class="lead">{t(Msg::EmailConfirmLead)}</p>
                    <ActionForm action>
                        <FormAlert error />
                        <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                        <button type="submit" class="button" disabled=move || action.pending().get()>
                            {t(Msg::EmailConfirmSubmit)}
                        </button>
                    </ActionForm>
                }
                    .into_any()
            }}
        </Card>
    }
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let locale = use_locale();
    let end_one = ServerAction::<EndSession>::new();
    let end_all = ServerAction::<EndSessions>::new();
    let error_one = action_error(end_one);
    let error_all = action_error(end_all);
    let notice = query("notice");
    let sessions = Resource::new(
        move || (end_one.version().get(), end_all.version().get()),
        |_| my_sessions(),
    );
    view! {
        <Card title=Msg::AccountSessions>
            {move || (notice.get().as_deref() == Some("ended")).then(|| view! { <Notice msg=Msg::SessionsEnded /> })}
            <p class="lead">{t(Msg::SessionsLead)}</p>
            <FormAlert error=error_one />
            <FormAlert error=error_all />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! {
                            <ul class="sessions">
                                {list.into_iter().map(|s| {
                                    let device = if s.device.is_empty() { t(Msg::SessionUnknownDevice).to_owned() } else { s.device.clone() };
                                    let started = Msg::SessionStarted.fill(locale, &[("date", &s.started)]);
                                    let seen = s.last_seen.as_ref().map(|d| Msg::SessionLastSeen.fill(locale, &[("date", d)]));
                                    view! {
                                        <li class="session">
                                            <p>
                                                <strong>{device}</strong>
                                                {s.current.then(|| view! { " " <span class="badge">{t(Msg::SessionThisDevice)}</span> })}
                                            </p>
                                            <p class="meta">{started}{seen.map(|s| format!(" · {s}"))}</p>
                                            {(!s.current).then(|| view! {
                                                <ActionForm action=end_one>
                                                    <input type="hidden" name="id" value=s.id.clone() />
                                                    <button type="submit" class="button secondary">{t(Msg::SessionSignOut)}</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! {
                            <p class="alert" role="alert">{e.message(locale)}</p>
                            <p><a href="/account/sign-in?next=/account/sessions">{t(Msg::NavSignIn)}</a></p>
                        }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=end_all>
                <button type="submit" class="button secondary">{t(Msg::SessionsSignOutOthers)}</button>
            </ActionForm>
            <ActionForm action=end_all>
                <input type="hidden" name="everywhere" value="1" />
                <button type="submit" class="button danger">{t(Msg::SessionsSignOutAll)}</button>
            </ActionForm>
        </Card>
    }
}

#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<DeleteAccount>::new();
    let error = action_error(action);
    let notice = query("notice");
    let info = Resource::new(|| (), |_| deletion_info());
    let confirm_error = Signal::derive(move || {
        error
            .get()
            .filter(|e| e.field() == Some("confirm"))
            .map(|e| e.message(locale))
    });
    view! {
        <Card title=Msg::DeleteTitle>
            {move || if notice.get().as_deref() == Some("deleted") {
                view! { <Notice msg=Msg::DeleteDone /> }.into_any()
            } else {
                view! {
                    <p class="lead">{t(Msg::DeleteLead)}</p>
                    <p>{t(Msg::DeleteRemoved)}</p>
                    <p>{t(Msg::DeleteAnonymised)}</p>
                    <p><a href="/account/export.json" download="">{t(Msg::AccountExport)}</a></p>
                    <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            match info.await {
                                Ok(v) if v.blocking.is_empty() => ().into_any(),
                                Ok(v) => view! {
                                    <div class="alert" role="status">
                                        <p>{t(Msg::DeleteBlocked)}</p>
                                        <ul>
                                            {v.blocking.into_iter().map(|(id, title)| view! {
                                                <li><a href=format!("/events/{id}/edit")>{title}</a></li>
                                            }).collect_view()}
                                        </ul>
                                    </div>
                                }.into_any(),
                                Err(e) => view! {
                                    <p class="alert" role="alert">{e.message(locale)}</p>
                                    <p><a href="/account/sign-in?next=/account/delete">{t(Msg::NavSignIn)}</a></p>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                    <ActionForm action attr:novalidate=true>
                        <FormAlert error />
                        <PasswordField name="current_password" label=Msg::FieldCurrentPassword autocomplete="current-password" error />
                        <div class="field checkbox" class:invalid=move || confirm_error.get().is_some()>
                            <input
                                id="f-confirm"
                                type="checkbox"
                                name="confirm"
                                value="on"
                                aria-describedby="f-confirm-error"
                                aria-invalid=move || confirm_error.get().map(|_| "true")
                            />
                            <label for="f-confirm">{t(Msg::DeleteConfirmLabel)}</label>
                            <p class="error" id="f-confirm-error" aria-live="polite">{move || confirm_error.get()}</p>
                        </div>
                        <button type="submit" class="button danger" disabled=move || action.pending().get()>
                            {t(Msg::DeleteSubmit)}
                        </button>
                    </ActionForm>
                }
                    .into_any()
            }}
        </Card>
    }
}
