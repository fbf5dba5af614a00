//! A member's profile page: who they are, what they offer and seek, how
//! the reader is tied to them.

use crate::dto::Choice;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server_fns::network::profile;
use crate::ui::components::form::{action_error, FormAlert, TextArea};
use crate::ui::components::form::{set_status, FieldError};
use crate::ui::components::people::Avatar;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub(crate) fn ThemeTags(items: Vec<Choice>) -> impl IntoView {
    view! {
        <ul class="tags">
            {items
                .into_iter()
                .map(|c| {
                    let href = format!("/network?theme={}", c.value);
                    view! { <li><a href=href>{c.label}</a></li> }
                })
                .collect_view()}
        </ul>
    }
}

/// A member's profile. The e-mail address is never shown.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), profile);
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! {
                            <Title text=p.name.clone() />
                            <header class="profile-head">
                                <Avatar name=p.name.clone() url=p.photo_url.clone() class="avatar large" />
                                <div>
                                    <h1>{p.name.clone()}</h1>
                                    {(!p.job_title.is_empty()).then(|| view! { <p class="lead">{p.job_title.clone()}</p> })}
                                    {(!p.organisation.is_empty()).then(|| view! { <p>{p.organisation.clone()}</p> })}
                                    {p.is_owner.then(|| view! { <p><a class="button small" href="/account/profile">{t(Msg::EditProfile)}</a></p> })}
                                </div>
                            </header>
                            <dl class="facts">
                                {p.sector.clone().map(|s| view! { <dt>{t(Msg::FieldSector)}</dt><dd>{s}</dd> })}
                                {p.city.clone().map(|c| {
                                    let href = format!("/cities/{}", c.value);
                                    let country = p.country.clone().unwrap_or_default();
                                    view! { <dt>{t(Msg::FieldCity)}</dt><dd><a href=href>{c.label}</a>", "{country}</dd> }
                                })}
                                {(!p.languages.is_empty()).then(|| view! { <dt>{t(Msg::FieldLanguages)}</dt><dd>{p.languages.join(", ")}</dd> })}
                            </dl>
                            {(!p.interests.is_empty()).then(|| view! { <h2>{t(Msg::FieldInterests)}</h2><ThemeTags items=p.interests.clone() /> })}
                            {(!p.bio_html.is_empty()).then(|| view! { <h2>{t(Msg::FieldBio)}</h2><div class="prose" inner_html=p.bio_html.clone()></div> })}
                            {(!p.offer.is_empty() || !p.offer_themes.is_empty()).then(|| view! {
                                <h2>{t(Msg::FieldOffer)}</h2>
                                <ThemeTags items=p.offer_themes.clone() />
                                <p class="pre">{p.offer.clone()}</p>
                            })}
                            {(!p.seek.is_empty() || !p.seek_themes.is_empty()).then(|| view! {
                                <h2>{t(Msg::FieldSeek)}</h2>
                                <ThemeTags items=p.seek_themes.clone() />
                                <p class="pre">{p.seek.clone()}</p>
                            })}
                            {(!p.links.is_empty()).then(|| view! {
                                <h2>{t(Msg::FieldLinks)}</h2>
                                <ul>{p.links.iter().map(|l| view! { <li><a href=l.clone() rel="nofollow ugc noopener">{l.clone()}</a></li> }).collect_view()}</ul>
                            })}
                            <Ties id=p.id />
                            {(!p.is_owner).then(|| view! {
                                <p><a class="button secondary small" href=format!("/messages/{}", p.id)>{t(Msg::MessageSendTo)}</a></p>
                                <MetBefore id=p.id />
                            })}
                            <crate::ui::pages::TopicPosts topic=format!("m:{}", p.id) base=format!("/people/{}", p.id) />
                        }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            let signin = matches!(e, AppError::Unauthorized);
                            view! {
                                <Title text=t(Msg::NotFoundTitle) />
                                <h1>{t(Msg::ProfileUnavailable)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                {signin.then(|| view! { <p><a class="button" href="/account/sign-in?next=/network">{t(Msg::NavSignIn)}</a></p> })}
                                <p><a href="/network">{t(Msg::NetworkSearchTitle)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The reader's tie with this member (connect with a note, answer, remove)
/// and the member's connections.
#[component]
pub(crate) fn Ties(id: i64) -> impl IntoView {
    use crate::server_fns::matchmaking::{
        get_profile_ties, ConnectAnswer, ConnectRemove, ConnectRequest,
    };
    let locale = use_locale();
    let ask = ServerAction::<ConnectRequest>::new();
    let answer = ServerAction::<ConnectAnswer>::new();
    let remove = ServerAction::<ConnectRemove>::new();
    let data = Resource::new(
        move || {
            (
                id,
                ask.version().get(),
                answer.version().get(),
                remove.version().get(),
            )
        },
        |(id, ..)| get_profile_ties(id),
    );
    let error = action_error(ask);
    let answer_error = action_error(answer);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let ties = data.await.ok()?;
                let between = ties.between.clone();
                let tie = match between {
                    None if ties.can_connect => view! {
                        <details class="connect-form" open=error.get_untracked().is_some()>
                            <summary>{t(Msg::Connect)}</summary>
                            <ActionForm action=ask attr:novalidate=true>
                                <FormAlert error />
                                <input type="hidden" name="to" value=id />
                                <div class="field">
                                    <label for="f-connect-note">{t(Msg::ConnectNote)}</label>
                                    <TextArea {..} id="f-connect-note" name="note" rows="2" maxlength="500" />
                                    <FieldError name="note" error />
                                </div>
                                <button type="submit" class="button small">{t(Msg::ConnectSend)}</button>
                            </ActionForm>
                        </details>
                    }.into_any(),
                    None => ().into_any(),
                    Some(c) if c.status == "accepted" => view! {
                        <p><span class="badge seat">{t(Msg::Connected)}</span></p>
                        <ActionForm action=remove attr:class="inline">
                            <input type="hidden" name="id" value=c.id />
                            <button type="submit" class="button small secondary">{t(Msg::ConnectionRemove)}</button>
                        </ActionForm>
                    }.into_any(),
                    Some(c) if c.incoming && c.status == "pending" => view! {
                        <p>{c.person.name.clone()}" "{t(Msg::ConnectAskedYou)}</p>
                        {(!c.note.is_empty()).then(|| view! { <blockquote class="note">{c.note.clone()}</blockquote> })}
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
                        <p class="error" aria-live="polite">{move || answer_error.get().map(|e| e.message(locale))}</p>
                    }.into_any(),
                    Some(c) if c.incoming => view! { <p class="meta">{t(Msg::ConnectionDeclined)}</p> }.into_any(),
                    Some(_) => view! { <p class="notice" role="status">{t(Msg::ConnectSent)}</p> }.into_any(),
                };
                Some(view! {
                    <section id="ties" class="ties">
                        {tie}
                        {(!ties.connections.is_empty()).then(|| view! {
                            <h2>{t(Msg::ConnectionsOnProfile)}" ("{ties.connections.len()}")"</h2>
                            <ul class="plain connections">
                                {ties.connections.iter().map(|p| view! {
                                    <li><a href=format!("/people/{}", p.id)>{p.name.clone()}</a>{p.place.clone().map(|pl| format!(" · {pl}"))}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </section>
                })
            })}
        </Transition>
    }
}

/// "You met before": the reader's meetings with this member, with both
/// sides' notes (only the two of them get these).
#[component]
pub(crate) fn MetBefore(id: i64) -> impl IntoView {
    let data = Resource::new(move || id, crate::server_fns::meetings::get_met_before);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let met = data.await.unwrap_or_default();
                (!met.is_empty()).then(|| view! {
                    <section class="met-before">
                        <h2>{t(Msg::MetBeforeTitle)}</h2>
                        <ul class="plain">
                            {met.into_iter().map(|m| view! {
                                <li>
                                    <p><a href=format!("/events/{}/meetings", m.event_id)>{m.event_title.clone()}</a>" · "{m.day.clone()}</p>
                                    {m.notes.into_iter().map(|n| view! {
                                        <p class="meta">{n.author}": "{n.outcome}{(!n.next_steps.is_empty()).then(|| format!(" — {}: {}", t(Msg::MeetingNextSteps), n.next_steps))}</p>
                                    }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
