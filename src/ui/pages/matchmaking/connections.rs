//! A member's connections and the requests to answer.

use crate::i18n::Msg;
use crate::ui::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

/// The member's connections and the requests to answer.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    use crate::server_fns::matchmaking::{get_connections, ConnectAnswer, ConnectRemove};
    use crate::ui::components::form::action_error;
    use crate::ui::components::people::{Avatar, PersonHead};
    let locale = crate::ui::i18n::use_locale();
    let answer = ServerAction::<ConnectAnswer>::new();
    let remove = ServerAction::<ConnectRemove>::new();
    let data = Resource::new(
        move || (answer.version().get(), remove.version().get()),
        |_| get_connections(),
    );
    let answer_error = action_error(answer);
    view! {
        <Title text=t(Msg::ConnectionsTitle) />
        <section class="page connections-page">
            <h1>{t(Msg::ConnectionsTitle)}</h1>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let page = match data.await {
                        Ok(p) => p,
                        Err(e) => {
                            crate::ui::components::form::set_status(&e);
                            return view! {
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a class="button" href="/account/sign-in?next=/account/connections">{t(Msg::NavSignIn)}</a></p>
                            }.into_any();
                        }
                    };
                    let person = |c: crate::dto::ConnectionView| {
                        let p = c.person.clone();
                        view! {
                            <Avatar name=p.name.clone() url=p.photo_url.clone() />
                            <div>
                                <PersonHead person=p.clone() />
                                {(!c.note.is_empty()).then(|| view! { <blockquote class="note">{c.note.clone()}</blockquote> })}
                            </div>
                        }
                    };
                    view! {
                        {(!page.incoming.is_empty()).then(move || view! {
                            <h2>{t(Msg::ConnectionsIncoming)}</h2>
                            <ul class="people">
                                {page.incoming.clone().into_iter().map(|c| view! {
                                    <li class="person connection incoming" data-connection=c.id>
                                        {person(c.clone())}
                                        <div class="actions">
                                            <ActionForm action=answer attr:class="inline">
                                                <input type="hidden" name="id" value=c.id />
                                                <input type="hidden" name="answer" value="accept" />
                                                <button type="submit" class="button small">{t(Msg::MeetingAccept)}</button>
                                            </ActionForm>
                                            <ActionForm action=answer attr:class="inline">
                                                <input type="hidden" name="id" value=c.id />
                                                <input type="hidden" name="answer" value="decline" />
                                                <button type="submit" class="button small secondary">{t(Msg::MeetingDecline)}</button>
                                            </ActionForm>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <p class="error" aria-live="polite">{move || answer_error.get().map(|e| e.message(locale))}</p>
                        })}
                        <h2>{t(Msg::ConnectionsOnProfile)}</h2>
                        {page.connections.is_empty().then(|| view! { <p class="empty">{t(Msg::ConnectionsNone)}" "<a href="/matchmaking">{t(Msg::NavMatchmaking)}</a></p> })}
                        <ul class="people">
                            {page.connections.clone().into_iter().map(|c| view! {
                                <li class="person connection" data-connection=c.id>
                                    {person(c.clone())}
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="id" value=c.id />
                                        <button type="submit" class="button small secondary">{t(Msg::ConnectionRemove)}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                        {(!page.outgoing.is_empty()).then(move || view! {
                            <h2>{t(Msg::ConnectionsOutgoing)}</h2>
                            <ul class="people">
                                {page.outgoing.clone().into_iter().map(|c| view! {
                                    <li class="person connection outgoing" data-connection=c.id>
                                        {person(c.clone())}
                                        <ActionForm action=remove attr:class="inline">
                                            <input type="hidden" name="id" value=c.id />
                                            <button type="submit" class="button small secondary">{t(Msg::MeetingWithdraw)}</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
