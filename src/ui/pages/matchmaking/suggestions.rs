//! People to meet, each with why.

use crate::i18n::Msg;
use crate::ui::components::section::Section;
use crate::ui::i18n::t;
use leptos::prelude::*;

/// People to meet, each with why; "not for me" hides one, "useful" lifts
/// people like them.
#[component]
pub fn MatchmakingPage() -> impl IntoView {
    use crate::server_fns::matchmaking::{get_suggestions, SuggestionFeedback};
    use crate::ui::components::people::{Avatar, PersonHead};
    use crate::ui::islands::InPlaceForms;
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
