//! `/messages` (conversations, unread first) and `/messages/:id` (one
//! conversation: new messages arrive live; block; ask for a meeting).

use super::{kept, ErrorView, ReportDisclosure, SocialNotice};
use crate::dto::ConversationPage;
use crate::i18n::Msg;
use crate::server_fns::social::{get_conversation, get_inbox, BlockMember, SendMessage};
use crate::ui::components::form::{action_error, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InboxPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| get_inbox());
    view! {
        <Title text=t(Msg::InboxTitle) />
        <section class="page inbox">
            <h1>{t(Msg::InboxTitle)}</h1>
            <p class="hint">{t(Msg::MessagesNotEncrypted)}</p>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(inbox) => view! {
                            <div id="inbox-list" data-region="">
                                {if inbox.conversations.is_empty() {
                                    view! { <p>{t(Msg::InboxEmpty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="cards conversations">
                                            {inbox.conversations.into_iter().map(|c| {
                                                let class = if c.unread > 0 { "card unread" } else { "card" };
                                                view! {
                                                <li class=class>
                                                    <h2><a href=format!("/messages/{}", c.other_id)>{c.other_name.clone()}</a></h2>
                                                    <p>{c.snippet.clone()}</p>
                                                    <p class="hint">{c.date.clone()}
                                                        {(c.unread > 0).then(|| view! { " · "<span class="badge">{Msg::InboxUnread.fill(locale, &[("n", &c.unread.to_string())])}</span> })}
                                                    </p>
                                                </li>
                                            }}).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </div>
                        }.into_any(),
                        Err(e) => view! { <ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ConversationView() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, get_conversation);
    view! {
        <section class="page conversation">
            <SocialNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => view! { <Conversation page=c /> }.into_any(),
                        Err(e) => view! { <ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Conversation(page: ConversationPage) -> impl IntoView {
    let locale = use_locale();
    let send = ServerAction::<SendMessage>::new();
    let block = ServerAction::<BlockMember>::new();
    let error = action_error(send);
    let other = page.other_id;
    let title = Msg::ConversationWith.fill(locale, &[("name", &page.other_name)]);
    let reasons = page.reasons.clone();
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="hint">{t(Msg::MessagesNotEncrypted)}" "<a href=format!("/people/{other}")>{t(Msg::ConversationProfile)}</a></p>
        <ol class="thread" id="thread" data-region="" aria-live="polite">
            {if page.messages.is_empty() {
                view! { <li class="hint">{t(Msg::ConversationEmpty)}</li> }.into_any()
            } else {
                page.messages.clone().into_iter().map(|m| {
                    let reasons = reasons.clone();
                    view! {
                        <li class=if m.mine { "message mine" } else { "message" } id=format!("message-{}", m.id)>
                            <p class="pre">{m.body.clone()}</p>
                            <p class="hint">{m.date.clone()}</p>
                            {(!m.mine && !m.hidden).then(|| view! { <ReportDisclosure subject=format!("message:{}", m.id) reasons /> })}
                        </li>
                    }
                }).collect_view().into_any()
            }}
        </ol>
        {match page.refusal {
            Some(why) => view! { <p class="notice">{t(why)}</p> }.into_any(),
            None => view! {
                <ActionForm action=send attr:class="stacked" attr:novalidate=true>
                    <input type="hidden" name="to" value=other />
                    <div class="field">
                        <label for="f-message">{t(Msg::MessageWrite)}</label>
                        <TextArea value=kept("body") {..} id="f-message" name="body" rows="3" maxlength="4000" />
                        <FieldError name="body" error />
                    </div>
                    <FormAlert error />
                    <p><button type="submit" class="button">{t(Msg::MessageSend)}</button></p>
                </ActionForm>
            }.into_any(),
        }}
        {(!page.meetings.is_empty()).then(|| view! {
            <section aria-labelledby="meet-title">
                <h2 id="meet-title">{t(Msg::ConversationMeet)}</h2>
                <ul>{page.meetings.clone().into_iter().map(|l| view! { <li><a href=l.href>{l.label}</a></li> }).collect_view()}</ul>
            </section>
        })}
        <details class="block">
            <summary>{t(if page.blocked_by_me { Msg::UnblockMember } else { Msg::BlockMember })}</summary>
            <p class="hint">{t(Msg::BlockHint)}</p>
            <ActionForm action=block attr:class="inline">
                <input type="hidden" name="other" value=other />
                <input type="hidden" name="on" value=if page.blocked_by_me { "false" } else { "true" } />
                <button type="submit" class="button secondary small">{t(if page.blocked_by_me { Msg::UnblockMember } else { Msg::BlockMember })}</button>
            </ActionForm>
            <ReportDisclosure subject=format!("member:{other}") reasons=page.reasons.clone() />
        </details>
    }
}
