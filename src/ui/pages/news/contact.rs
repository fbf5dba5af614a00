//! The contact form (`/contact`), the staff's inbox (`/contact/messages`)
//! and the news digest's pages: subscribe (`/news/subscribe`), confirm
//! (`/news/subscribe/confirm?token=`) and unsubscribe
//! (`/news/unsubscribe?token=`). Confirming and unsubscribing are buttons,
//! never a bare link opening, so mail scanners cannot do either.

use super::NewsNotice;
use crate::i18n::Msg;
use crate::server_fns::news::{
    get_contact_inbox, ConfirmNews, SendContact, SetContactStatus, SubscribeNews, UnsubscribeNews,
};
use crate::ui::components::form::filter_select;
use crate::ui::components::form::{action_error, set_status, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn kept(key: &str) -> String {
    use_query_map()
        .read_untracked()
        .get(key)
        .unwrap_or_default()
}

/// `/contact`.
#[component]
pub fn ContactPage() -> impl IntoView {
    let send = ServerAction::<SendContact>::new();
    let error = action_error(send);
    let subject = kept("subject");
    let subjects = crate::domain::news::ContactSubject::ALL;
    view! {
        <Title text=t(Msg::ContactTitle) />
        <section class="page contact">
            <h1>{t(Msg::ContactTitle)}</h1>
            <p class="lead">{t(Msg::ContactLead)}</p>
            <NewsNotice />
            <ActionForm action=send attr:class="stacked" attr:novalidate=true>
                <div class="field">
                    <label for="f-name">{t(Msg::ContactFieldName)}</label>
                    <input id="f-name" name="form[name]" autocomplete="name" value=kept("name") maxlength="120" />
                    <FieldError name="name" error />
                </div>
                <div class="field">
                    <label for="f-email">{t(Msg::ContactFieldEmail)}</label>
                    <input id="f-email" type="email" name="form[email]" autocomplete="email" value=kept("email") />
                    <FieldError name="email" error />
                </div>
                <div class="field">
                    <label for="f-subject">{t(Msg::ContactFieldSubject)}</label>
                    <select id="f-subject" name="form[subject]">
                        {subjects.iter().map(|s| {
                            let selected = s.as_str() == subject;
                            view! { <option value=s.as_str() selected=selected>{t(s.label())}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError name="subject" error />
                </div>
                <div class="field">
                    <label for="f-message">{t(Msg::ContactFieldMessage)}</label>
                    <TextArea value=kept("message") {..} id="f-message" name="form[message]" rows="8" maxlength="5000" />
                    <FieldError name="message" error />
                </div>
                // people never see this field; bots fill it
                <div class="honeypot" aria-hidden="true">
                    <label for="f-website">{t(Msg::ContactHoneypot)}</label>
                    <input id="f-website" name="form[website]" tabindex="-1" autocomplete="off" />
                </div>
                <FormAlert error />
                <p class="actions"><button type="submit" class="button">{t(Msg::ContactSend)}</button></p>
            </ActionForm>
        </section>
    }
}

/// `/contact/messages`: staff follow what visitors sent.
#[component]
pub fn ContactInboxPage() -> impl IntoView {
    let locale = use_locale();
    let q = use_query_map();
    let data = Resource::new(
        move || q.read().get("status").unwrap_or_default(),
        get_contact_inbox,
    );
    let set = ServerAction::<SetContactStatus>::new();
    view! {
        <Title text=t(Msg::ContactMessages) />
        <section class="page">
            <h1>{t(Msg::ContactMessages)}</h1>
            <NewsNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(inbox) => {
                            let statuses = inbox.statuses.clone();
                            view! {
                                <form method="get" action="/contact/messages" class="filters">
                                    {filter_select("status", Msg::FilterState, inbox.statuses.clone(), inbox.status.clone())}
                                    <button type="submit" class="button secondary">{t(Msg::FilterApply)}</button>
                                </form>
                                {if inbox.items.is_empty() {
                                    view! { <p>{t(Msg::ContactNoMessages)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="cards">
                                            {inbox.items.clone().into_iter().map(|m| {
                                                let statuses = statuses.clone();
                                                let sel = format!("f-status-{}", m.id);
                                                view! {
                                                    <li class="card" id=format!("message-{}", m.id)>
                                                        <p class="hint"><span class=format!("badge state-{}", m.status)>{m.status_label.clone()}</span>" "{m.subject.clone()}" · "{m.date.clone()}</p>
                                                        <h2>{m.name.clone()}" · "<a href=m.reply.clone()>{m.email.clone()}</a></h2>
                                                        <p class="pre">{m.body.clone()}</p>
                                                        <ActionForm action=set attr:class="inline">
                                                            <input type="hidden" name="id" value=m.id />
                                                            <label for=sel.clone()>{t(Msg::ContactSetStatus)}</label>" "
                                                            <select id=sel name="status">
                                                                {statuses.into_iter().map(|c| { let s = c.value == m.status; view! { <option value=c.value selected=s>{c.label}</option> } }).collect_view()}
                                                            </select>" "
                                                            <button type="submit" class="button secondary">{t(Msg::ContactSetStatus)}</button>
                                                        </ActionForm>
                                                        " "<a href=m.reply.clone()>{t(Msg::ContactReply)}</a>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// `/news/subscribe` (`mode` "subscribe"), `/news/subscribe/confirm`
/// ("confirm") and `/news/unsubscribe` ("unsubscribe").
#[component]
pub fn SubscribePage(mode: &'static str) -> impl IntoView {
    let subscribe = ServerAction::<SubscribeNews>::new();
    let confirm = ServerAction::<ConfirmNews>::new();
    let unsubscribe = ServerAction::<UnsubscribeNews>::new();
    let sub_error = action_error(subscribe);
    let confirm_error = action_error(confirm);
    let unsub_error = action_error(unsubscribe);
    let token = kept("token");
    let (title, body) = match mode {
        "confirm" => (
            Msg::DigestConfirmTitle,
            view! {
                <ActionForm action=confirm attr:class="stacked">
                    <input type="hidden" name="token" value=token.clone() />
                    <FormAlert error=confirm_error />
                    <button type="submit" class="button">{t(Msg::DigestConfirm)}</button>
                </ActionForm>
            }
            .into_any(),
        ),
        "unsubscribe" => (
            Msg::DigestUnsubscribeTitle,
            view! {
                <ActionForm action=unsubscribe attr:class="stacked">
                    <input type="hidden" name="token" value=token.clone() />
                    <FormAlert error=unsub_error />
                    <button type="submit" class="button">{t(Msg::DigestUnsubscribe)}</button>
                </ActionForm>
            }
            .into_any(),
        ),
        _ => (
            Msg::DigestTitle,
            view! {
                <p class="lead">{t(Msg::DigestLead)}</p>
                <ActionForm action=subscribe attr:class="stacked" attr:novalidate=true>
                    <div class="field">
                        <label for="f-email">{t(Msg::ContactFieldEmail)}</label>
                        <input id="f-email" type="email" name="email" autocomplete="email" value=kept("email") />
                        <FieldError name="email" error=sub_error />
                    </div>
                    <FormAlert error=sub_error />
                    <button type="submit" class="button">{t(Msg::DigestSubscribe)}</button>
                </ActionForm>
            }
            .into_any(),
        ),
    };
    view! {
        <Title text=t(title) />
        <section class="page">
            <p><a href="/news">{t(Msg::NavNews)}</a></p>
            <h1>{t(title)}</h1>
            <NewsNotice />
            {body}
        </section>
    }
}
