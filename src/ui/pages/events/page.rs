//! An event's page: details in the reader's language and time, registration,
//! the agenda with the next session on top during the event, and live
//! updates with a short notice of what changed.

use super::live::LiveStatus;
use super::{now_secs, When};
use crate::domain::event::{EventKind, EventStatus};
use crate::dto::{EventPublic, EventView, SessionView};
use crate::i18n::Msg;
use crate::server_fns::events::{get_event, CancelRegistration, MarkSession, Register};
use crate::ui::components::event_card::language_name;
use crate::ui::components::form::action_error;
use crate::ui::components::form::set_status;
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::{LiveBox, LiveTexts};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EventPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let register = ServerAction::<Register>::new();
    let cancel = ServerAction::<CancelRegistration>::new();
    let mark = ServerAction::<MarkSession>::new();
    let data = Resource::new(
        move || {
            (
                id.get(),
                register.version().get(),
                cancel.version().get(),
                mark.version().get(),
            )
        },
        |(id, ..)| get_event(id),
    );
    view! {
        <section class="page event-page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <EventBody data=v register cancel mark /> }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <Title text=t(Msg::ErrNotFound) />
                                <h1>{t(Msg::NavEvents)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a href="/events">{t(Msg::EventsUpcoming)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn live_text(s: LiveStatus) -> Msg {
    match s {
        LiveStatus::Off => Msg::LiveOff,
        LiveStatus::Connecting => Msg::LiveConnecting,
        LiveStatus::Live => Msg::LiveOn,
        LiveStatus::Reconnecting => Msg::LiveReconnecting,
    }
}

#[component]
fn EventBody(
    data: EventView,
    register: ServerAction<Register>,
    cancel: ServerAction<CancelRegistration>,
    mark: ServerAction<MarkSession>,
) -> impl IntoView {
    let locale = use_locale();
    let viewer = data.viewer.clone();
    let event_id = data.public.id;
    let public = RwSignal::new(data.public.clone());
    let attending = viewer.seat.is_some();
    let live_texts = LiveTexts {
        off: t(live_text(LiveStatus::Off)).to_owned(),
        connecting: t(live_text(LiveStatus::Connecting)).to_owned(),
        live: t(live_text(LiveStatus::Live)).to_owned(),
        reconnecting: t(live_text(LiveStatus::Reconnecting)).to_owned(),
    }
    .list();
    let since = data.public.last_change;
    let p = move || public.get();
    let reg_error = action_error(register);
    let cancel_error = action_error(cancel);
    let unseen = viewer.unseen.clone();
    let edit_href = format!("/events/{event_id}/edit");
    let ics_href = format!("/events/{event_id}/event.ics");
    let speakers_href = format!("/events/{event_id}/speakers");
    view! {
        // a plain string: the document's title is written after the page,
        // when this component's signals may be gone (and it rarely changes)
        <Title text=data.public.title.clone() />
        <article class="event" data-live="off" data-change=since>
            // the parts in `data-region`s are swapped for the server's
            // rendering after each live change (the LiveBox island)
            <div id="event-head" data-region>
            <p class="kind">
                {move || t(p().kind.label())}" · "{move || t(p().format.label())}
                {move || (p().status != EventStatus::Published).then(|| {
                    let s = p().status;
                    view! { " "<span class=format!("badge status-{}", s.as_str())>{t(s.label())}</span> }
                })}
            </p>
            {move || p().cover_url.map(|src| view! { <img class="cover" src=src alt="" width="1200" height="600" /> })}
            <h1>{move || p().title}</h1>
            {move || (!p().translated).then(|| {
                let lang = language_name(p().language).text(locale);
                view! { <p class="hint">{Msg::EventOnlyIn.fill(locale, &[("language", lang)])}</p> }
            })}
            {move || (!p().summary.is_empty()).then(|| view! { <p class="lead">{p().summary}</p> })}
            {move || view! { <When when=p().when /> }}
            <dl class="facts">
                <dt>{t(Msg::EventWhere)}</dt>
                <dd>{move || {
                    let e = p();
                    let mut parts = vec![t(e.format.label()).to_owned()];
                    parts.extend(e.place.clone());
                    if !e.venue.is_empty() { parts.push(e.venue.clone()); }
                    parts.join(" · ")
                }}</dd>
                <dt>{t(Msg::EventLanguages)}</dt>
                <dd>{move || p().languages.join(", ")}</dd>
                {move || (!p().themes.is_empty()).then(|| view! {
                    <dt>{t(Msg::FilterTheme)}</dt>
                    <dd>{p().themes.join(", ")}</dd>
                })}
                <dt>{t(Msg::EventOrganizers)}</dt>
                <dd>{move || p().organizers.join(", ")}</dd>
            </dl>
            </div>

            <div class="register-box" id="registration" data-region>
                <p class="seats">{move || seats_text(&p(), locale)}</p>
                {match viewer.seat.as_deref() {
                    Some(seat) => {
                        let m = if seat == "waitlisted" { Msg::YouAreWaitlisted } else { Msg::YouAreRegistered };
                        view! {
                            <p class="seat-status" role="status">{t(m)}</p>
                            {viewer.join_url.clone().map(|u| view! {
                                <p><a class="button" href=u rel="noopener noreferrer" target="_blank">{t(Msg::EventJoin)}</a></p>
                            })}
                            <ActionForm action=cancel>
                                <input type="hidden" name="event_id" value=event_id />
                                <button type="submit" class="button secondary">{t(Msg::CancelRegistration)}</button>
                            </ActionForm>
                            <p class="error" aria-live="polite">{move || cancel_error.get().map(|e| e.message(locale))}</p>
                        }.into_any()
                    }
                    None if !viewer.signed_in => {
                        let next = format!("/account/sign-in?next=/events/{event_id}");
                        view! { <p><a class="button" href=next>{t(Msg::SignInToRegister)}</a></p> }.into_any()
                    }
                    None => view! {
                        {move || match p().registration_closed {
                            Some(why) => view! { <p class="notice">{why}</p> }.into_any(),
                            None => {
                                let full = p().capacity.is_some_and(|c| p().registered >= c);
                                view! {
                                    <ActionForm action=register>
                                        <input type="hidden" name="event_id" value=event_id />
                                        <button type="submit" class="button">
                                            {if full { t(Msg::JoinWaitlist) } else { t(Msg::RegisterButton) }}
                                        </button>
                                    </ActionForm>
                                }.into_any()
                            }
                        }}
                        <p class="error" aria-live="polite">{move || reg_error.get().map(|e| e.message(locale))}</p>
                    }.into_any(),
                }}
                <p><a href=ics_href download>{t(Msg::AddToCalendar)}</a></p>
                {move || (p().kind == EventKind::Matchmaking).then(|| view! {
                    <p><a class="button secondary meetings-link" href=format!("/events/{event_id}/meetings")>{t(Msg::MeetingsLink)}</a></p>
                })}
            </div>

            {(!unseen.is_empty()).then(|| view! {
                <section class="unseen">
                    <h2>{t(Msg::ChangedSinceLastLook)}</h2>
                    <ul>{unseen.iter().map(|n| view! { <li>{n.text.clone()}" "<span class="meta">{n.at.clone()}</span></li> }).collect_view()}</ul>
                </section>
            })}

            <LiveBox event=event_id since seen=attending texts=live_texts quiet=false />
            <p class="offline-note" data-offline-note hidden>
                {t(Msg::OfflineCopy)}" "{move || p().rendered_at}
            </p>

            <div id="event-now" data-region><NowNext public /></div>

            <section id="agenda" class="agenda" data-region>
                <h2>{t(Msg::Agenda)}</h2>
                {move || p().days.is_empty().then(|| view! { <p class="empty">{t(Msg::AgendaEmpty)}</p> })}
                {move || p().days.into_iter().map(|d| view! {
                    <h3 class="day">{d.heading.clone()}</h3>
                    <ol class="sessions">
                        {d.sessions.into_iter().map(|s| {
                            let marked = viewer.marked.contains(&s.id);
                            view! { <SessionItem session=s event_id marked attending mark /> }
                        }).collect_view()}
                    </ol>
                }).collect_view()}
                <p><a href=speakers_href.clone()>{t(Msg::SpeakersTitle)}</a></p>
            </section>

            <div id="event-about" data-region>
            {move || (!p().description_html.is_empty()).then(|| view! {
                <section class="description">
                    <h2>{t(Msg::EventAbout)}</h2>
                    <div class="prose" inner_html=p().description_html></div>
                </section>
            })}
            </div>

            {viewer.is_organizer.then(|| view! {
                <p class="organizer-tools"><a class="button" href=edit_href>{t(Msg::EventEdit)}</a></p>
            })}
        </article>
    }
}

fn seats_text(p: &EventPublic, locale: crate::domain::Locale) -> String {
    let registered = p.registered.to_string();
    let mut s = match p.capacity {
        Some(c) => Msg::SeatsTaken.fill(
            locale,
            &[("taken", &registered), ("capacity", &c.to_string())],
        ),
        None => Msg::SeatsRegistered.fill(locale, &[("count", &registered)]),
    };
    if p.waitlisted > 0 {
        s.push_str(" · ");
        s.push_str(&Msg::SeatsWaiting.fill(locale, &[("count", &p.waitlisted.to_string())]));
    }
    s
}

/// During the event: the session on now and the next one, at the top.
#[component]
fn NowNext(public: RwSignal<EventPublic>) -> impl IntoView {
    move || {
        let now = now_secs();
        let sessions: Vec<SessionView> = public.with(|p| {
            p.days
                .iter()
                .flat_map(|d| d.sessions.iter().cloned())
                .collect()
        });
        let first = sessions.first().map(|s| s.starts_at)?;
        let last = sessions.iter().map(|s| s.ends_at).max()?;
        if now < first - 3600 || now >= last {
            return None;
        }
        let current = sessions
            .iter()
            .find(|s| s.starts_at <= now && now < s.ends_at)
            .cloned();
        let next = sessions.iter().find(|s| s.starts_at > now).cloned();
        Some(view! {
            <aside class="now-next" aria-label=t(Msg::NowNext)>
                {current.map(|s| view! { <p><strong>{t(Msg::Now)}</strong>" "{s.time}" · "{s.title}</p> })}
                {next.map(|s| view! { <p><strong>{t(Msg::Next)}</strong>" "{s.time}" · "{s.title}</p> })}
            </aside>
        })
    }
}

#[component]
fn SessionItem(
    session: SessionView,
    event_id: i64,
    marked: bool,
    attending: bool,
    mark: ServerAction<MarkSession>,
) -> impl IntoView {
    let s = session;
    view! {
        <li class="session" class:marked=marked id=format!("session-{}", s.id) data-session=s.id>
            <p class="time"><time datetime=s.starts_utc.clone()>{s.time.clone()}</time>
                {(!s.room.is_empty()).then(|| view! { " · "<span class="room">{s.room.clone()}</span> })}
            </p>
            <h4>{s.title.clone()}</h4>
            {(!s.speakers.is_empty()).then(|| view! {
                <p class="speakers">
                    {s.speakers.iter().map(|sp| sp.name.clone()).collect::<Vec<_>>().join(", ")}
                </p>
            })}
            {(!s.description.is_empty()).then(|| view! { <p>{s.description.clone()}</p> })}
            {attending.then(|| view! {
                <ActionForm action=mark>
                    <input type="hidden" name="event_id" value=event_id />
                    <input type="hidden" name="session_id" value=s.id />
                    <input type="hidden" name="on" value=if marked { "false" } else { "true" } />
                    <button type="submit" class="button small secondary" aria-pressed=if marked { "true" } else { "false" }>
                        {if marked { t(Msg::UnmarkSession) } else { t(Msg::MarkSession) }}
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
