//! Joining, signing in and out, confirming the address, resetting the password.

use crate::i18n::Msg;
use crate::server_fns::accounts::{
    my_account, ConfirmEmail, RequestReset, ResetPassword, SignIn, SignUp,
};
use crate::ui::components::form::{action_error, Field, FormAlert, Notice, PasswordField};
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::Check;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn query(key: &'static str) -> Memo<Option<String>> {
    let q = use_query_map();
    Memo::new(move |_| q.read().get(key))
}

#[component]
fn AuthCard(title: Msg, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title) />
        <section class="page narrow auth-card">
            <h1>{t(title)}</h1>
            {children()}
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    view! {
        <AuthCard title=Msg::SignUpTitle>
            <p class="lead">{t(Msg::SignUpLead)}</p>
            <ActionForm action attr:novalidate=true>
                <FormAlert error />
                <Field name="name" label=Msg::FieldName autocomplete="name" error check=Check::Name />
                <Field name="email" label=Msg::FieldEmail kind="email" autocomplete="email" error check=Check::Email />
                <PasswordField
                    name="password"
                    label=Msg::FieldPassword
                    autocomplete="new-password"
                    hint=Msg::PasswordHint
                    error
                    check=Check::Password
                />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {t(Msg::SignUpSubmit)}
                </button>
            </ActionForm>
            <p>{t(Msg::HaveAccount)}" "<A href="/account/sign-in">{t(Msg::NavSignIn)}</A></p>
        </AuthCard>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = action_error(action);
    let notice = query("notice");
    let next = query("next");
    view! {
        <AuthCard title=Msg::SignInTitle>
            {move || match notice.get().as_deref() {
                Some("confirmed") => Some(view! { <Notice msg=Msg::ConfirmDone /> }),
                Some("reset") => Some(view! { <Notice msg=Msg::ResetDone /> }),
                _ => None,
            }}
            <ActionForm action attr:novalidate=true>
                <FormAlert error />
                <Field name="email" label=Msg::FieldEmail kind="email" autocomplete="email" error check=Check::Email />
                <PasswordField name="password" label=Msg::FieldPassword autocomplete="current-password" error />
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default() />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {t(Msg::SignInSubmit)}
                </button>
            </ActionForm>
            <p><A href="/account/forgot">{t(Msg::ForgotLink)}</A></p>
            <p>{t(Msg::NoAccountYet)}" "<A href="/account/sign-up">{t(Msg::NavSignUp)}</A></p>
        </AuthCard>
    }
}

#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let reason = query("reason");
    view! {
        <AuthCard title=Msg::CheckEmailTitle>
            {move || {
                let msg = if reason.get().as_deref() == Some("reset") { Msg::ForgotDone } else { Msg::SignUpDone };
                view! { <Notice msg /> }
            }}
        </AuthCard>
    }
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let error = action_error(action);
    let token = query("token");
    view! {
        <AuthCard title=Msg::ConfirmTitle>
            <p class="lead">{t(Msg::ConfirmLead)}</p>
            <ActionForm action>
                <FormAlert error />
                <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {t(Msg::ConfirmSubmit)}
                </button>
            </ActionForm>
        </AuthCard>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let action = ServerAction::<RequestReset>::new();
    let error = action_error(action);
    view! {
        <AuthCard title=Msg::ForgotTitle>
            <p class="lead">{t(Msg::ForgotLead)}</p>
            <ActionForm action attr:novalidate=true>
                <FormAlert error />
                <Field name="email" label=Msg::FieldEmail kind="email" autocomplete="email" error check=Check::Email />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {t(Msg::ForgotSubmit)}
                </button>
            </ActionForm>
        </AuthCard>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    let token = query("token");
    view! {
        <AuthCard title=Msg::ResetTitle>
            <ActionForm action attr:novalidate=true>
                <FormAlert error />
                <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                <PasswordField
                    name="password"
                    label=Msg::FieldNewPassword
                    autocomplete="new-password"
                    hint=Msg::PasswordHint
                    error
                    check=Check::Password
                />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {t(Msg::ResetSubmit)}
                </button>
            </ActionForm>
        </AuthCard>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let account = Resource::new(|| (), |_| my_account());
    view! {
        <Title text=t(Msg::AccountTitle) />
        <section class="page narrow">
            <h1>{t(Msg::AccountTitle)}</h1>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(a) => {
                            view! {
                                <dl class="facts">
                                    <dt>{t(Msg::FieldName)}</dt>
                                    <dd>{a.name}</dd>
                                    <dt>{t(Msg::FieldEmail)}</dt>
                                    <dd>{a.email}</dd>
                                    <dt>{t(Msg::AccountRole)}</dt>
                                    <dd>{t(a.role.label())}</dd>
                                    <dt>{t(Msg::AccountMemberSince)}</dt>
                                    <dd>{a.member_since}</dd>
                                </dl>
                                <p><a class="button" href="/account/profile">{t(Msg::AccountEditProfile)}</a></p>
                                <crate::ui::pages::AccountSettingsLinks />
                                {(a.role == crate::domain::Role::Admin).then(|| view! {
                                    <p><a href="/admin/members">{t(Msg::NavAdmin)}</a>" · "<a href="/admin/themes">{t(Msg::NavAdminThemes)}</a></p>
                                })}
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a href="/account/sign-in?next=/account">{t(Msg::NavSignIn)}</a></p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
