//! The sections that later work fills: each says what it will hold.

use crate::i18n::Msg;
use crate::ui::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Section(title: Msg, intro: Msg, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title) />
        <section class="page">
            <h1>{t(title)}</h1>
            <p class="lead">{t(intro)}</p>
            {children()}
        </section>
    }
}

/// People to meet, each with why; "not for me" hides one, "useful" lifts
/// people like them.
#[component]
pub fn MatchmakingPage() -> impl IntoView {
    use crate::server_fns::matchmaking::{get_suggestions, SuggestionFeedback};
    use crate::ui::islands::InPlaceForms;
    use crate::ui::pages::network::{Avatar, PersonHead};
    let locale = crate::ui::i18n::use_locale();
    let feedback = ServerAction::<SuggestionFeedback>::new();
    let data = Resource::new(move || feedback.version().get(), |_| get_suggestions());
    view! {
        <Section title=Msg::NavMatchmaking intro=Msg::MatchmakingIntro>
            <h2>{t(Msg::SuggestionsTitle)}</h2>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(None) | Err(crate::error::AppError::Unauthorized) => view! {
                            <p>{t(Msg::SuggestionsSignIn)}</p>
                            <p><a class="button" href="/account/sign-in?next=/matchmaking">{t(Msg::NavSignIn)}</a></p>
                        }.into_any(),
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                        Ok(Some(s)) if s.needs_profile => view! {
                            <p>{t(Msg::SuggestionsNeedProfile)}</p>
                            <p><a class="button" href="/account/profile">{t(Msg::MyProfile)}</a></p>
                        }.into_any(),
                        Ok(Some(s)) if s.people.is_empty() => view! { <p class="empty">{t(Msg::SuggestionsNone)}</p> }.into_any(),
                        Ok(Some(s)) => view! {
                            <p class="hint">{t(Msg::SuggestionsIntro)}</p>
                            <InPlaceForms />
                            <ul class="people suggestions" id="suggestions" data-ready="true">
                                {s.people.into_iter().map(|sg| {
                                    let p = sg.person;
                                    view! {
                                        <li class="person suggestion" data-person=p.id>
                                            <Avatar name=p.name.clone() url=p.photo_url.clone() />
                                            <div>
                                                <PersonHead person=p.clone() />
                                                <p class="why-label">{t(Msg::SuggestionWhy)}</p>
                                                <ul class="reasons">
                                                    {sg.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                                </ul>
                                                <div class="actions">
                                                    <ActionForm action=feedback attr:class="inline" attr:data-in-place="suggestions">
                                                        <input type="hidden" name="other_id" value=p.id />
                                                        <input type="hidden" name="verdict" value="useful" />
                                                        <button type="submit" class="button small">{t(Msg::SuggestionUseful)}</button>
                                                    </ActionForm>
                                                    <ActionForm action=feedback attr:class="inline" attr:data-in-place="suggestions">
                                                        <input type="hidden" name="other_id" value=p.id />
                                                        <input type="hidden" name="verdict" value="hide" />
                                                        <button type="submit" class="button small secondary">{t(Msg::SuggestionHide)}</button>
                                                    </ActionForm>
                                                </div>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
            <h2>{t(Msg::MatchmakingEvents)}</h2>
            <p>{t(Msg::MatchmakingEventsIntro)}</p>
            <p>
                <a class="button secondary" href="/events?kind=matchmaking">{t(Msg::MatchmakingEvents)}</a>" "
                <a class="button secondary" href="/account/connections">{t(Msg::ConnectionsTitle)}</a>
            </p>
        </Section>
    }
}

/// The member's connections and the requests to answer.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    use crate::server_fns::matchmaking::{get_connections, ConnectAnswer, ConnectRemove};
    use crate::ui::components::form::action_error;
    use crate::ui::pages::network::{Avatar, PersonHead};
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
                            crate::ui::pages::network::set_status(&e);
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

#[component]
pub fn PairingsPage() -> impl IntoView {
    view! { <Section title=Msg::NavPairings intro=Msg::PairingsIntro><p>{t(Msg::ComingSoon)}</p></Section> }
}

#[component]
pub fn NewsPage() -> impl IntoView {
    view! { <Section title=Msg::NavNews intro=Msg::NewsIntro><p>{t(Msg::ComingSoon)}</p></Section> }
}
