//! C2C matchmaking meetings: the participant's page (agenda, requests,
//! statement, availability, the other participants ranked with why) and the
//! organizers' page (slots, scheduler runs, dashboard).

use super::When;
use crate::domain::meeting::RequestStatus;
use crate::dto::{MeetingDashboard, MeetingPerson, MeetingView, MeetingsPage};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server_fns::meetings::{
    get_meeting_dashboard, get_meetings, AddMeetingSlots, AnswerMeeting, CancelMeeting,
    DeleteMeetingSlot, RequestMeeting, RunMeetingScheduler, SaveMeetingAvailability,
    SaveMeetingNote, SaveMeetingStatement,
};
use crate::ui::components::form::{action_error, query_notice, FormAlert, TextArea};
use crate::ui::components::form::{set_status, FieldError, ThemeBoxes};
use crate::ui::components::people::{Avatar, PersonHead};
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::{LiveBox, LiveTexts};
use crate::ui::pages::use_id_param;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn status_label(s: &str) -> Msg {
    RequestStatus::parse(s)
        .map(|s| s.label())
        .unwrap_or(Msg::MeetingPending)
}

#[derive(Clone, Copy)]
struct Actions {
    statement: ServerAction<SaveMeetingStatement>,
    availability: ServerAction<SaveMeetingAvailability>,
    request: ServerAction<RequestMeeting>,
    answer: ServerAction<AnswerMeeting>,
    cancel: ServerAction<CancelMeeting>,
    note: ServerAction<SaveMeetingNote>,
    /// the meeting whose notes were last sent, and the person last asked:
    /// their form alone shows the error
    note_for: RwSignal<i64>,
    asked: RwSignal<i64>,
}

impl Actions {
    /// The notes error, for the form of meeting `id` only.
    fn note_error(self, id: i64) -> Signal<Option<AppError>> {
        let e = action_error(self.note);
        Signal::derive(move || e.get().filter(|_| self.note_for.get() == id))
    }

    /// The request error, for the form to person `id` only.
    fn request_error(self, id: i64) -> Signal<Option<AppError>> {
        let e = action_error(self.request);
        Signal::derive(move || e.get().filter(|_| self.asked.get() == id))
    }
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let locale = use_locale();
    let id = use_id_param();
    let query = use_query_map();
    let reload = RwSignal::new(0u32);
    // after a plain form post, the address says which form failed
    let from_query = |k: &str| {
        query
            .read_untracked()
            .get(k)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let actions = Actions {
        statement: ServerAction::new(),
        availability: ServerAction::new(),
        request: ServerAction::new(),
        answer: ServerAction::new(),
        cancel: ServerAction::new(),
        note: ServerAction::new(),
        note_for: RwSignal::new(from_query("request_id")),
        asked: RwSignal::new(from_query("to")),
    };
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                id.get(),
                q.get("q").unwrap_or_default(),
                q.get("theme").unwrap_or_default(),
                reload.get(),
            )
        },
        |(id, q, theme, _)| get_meetings(id, q, theme),
    );
    view! {
        <Title text=t(Msg::MeetingsTitle) />
        <section class="page meetings">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <MeetingsBody page actions reload /> }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! { <h1>{t(Msg::MeetingsTitle)}</h1><p class="alert" role="alert">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MeetingsBody(page: MeetingsPage, actions: Actions, reload: RwSignal<u32>) -> impl IntoView {
    let id = page.event_id;
    let _ = reload;
    let event_href = format!("/events/{id}");
    let organize_href = format!("/events/{id}/meetings/organize");
    let intro = view! {
        <p class="kind"><a href=event_href.clone()>{page.title.clone()}</a></p>
        <h1>{t(Msg::MeetingsTitle)}</h1>
        <When when=page.when.clone() />
        <p class="lead">{t(Msg::MeetingsIntro)}</p>
        {page.organizes.then(|| view! { <p><a class="button secondary" href=organize_href>{t(Msg::MeetingsOrganize)}</a></p> })}
    };
    let rest = match page.role.as_str() {
        "visitor" => {
            let next = format!("/account/sign-in?next=/events/{id}/meetings");
            view! { <p><a class="button" href=next>{t(Msg::MeetingsSignIn)}</a></p> }.into_any()
        }
        "not_registered" => view! {
            <p class="notice">{t(Msg::ErrMeetingNotParticipant)}</p>
            <p><a class="button" href=format!("/events/{id}#registration")>{t(Msg::RegisterButton)}</a></p>
        }
        .into_any(),
        _ => view! { <Participant page actions /> }.into_any(),
    };
    view! { {intro} {rest} }
}

#[component]
fn Participant(page: MeetingsPage, actions: Actions) -> impl IntoView {
    let id = page.event_id;
    let ics = format!("/events/{id}/meetings.ics");
    // only a connection that works or is being mended is worth saying
    let texts = LiveTexts {
        off: String::new(),
        connecting: String::new(),
        live: t(Msg::LiveOn).to_owned(),
        reconnecting: t(Msg::LiveReconnecting).to_owned(),
    }
    .list();
    let answer_error = action_error(actions.answer);
    let cancel_error = action_error(actions.cancel);
    view! {
        <div class="live" data-live="off" data-change=page.last_change>
            <LiveBox event=id since=page.last_change seen=false texts quiet=true />
        </div>
        {page.hidden_self.then(|| view! { <p class="notice">{t(Msg::MeetingsHiddenSelf)}" "<a href="/account/profile">{t(Msg::MyProfile)}</a></p> })}
        <section id="agenda" class="meeting-agenda" data-region>
            <h2>{t(Msg::MeetingsAgenda)}</h2>
            <p class="offline-note" data-offline-note hidden>{t(Msg::OfflineCopyPlain)}</p>
            {page.agenda.is_empty().then(|| view! { <p class="empty">{t(Msg::MeetingsAgendaEmpty)}</p> })}
            <ol class="meetings-list">
                {page.agenda.iter().cloned().map(|m| view! { <AgendaItem m actions /> }).collect_view()}
            </ol>
            <p class="error" aria-live="polite">{move || cancel_error.get().map(|e| e.message(use_locale()))}</p>
            <p><a href=ics download>{t(Msg::MeetingsIcs)}</a>" · "<a href="/account/events">{t(Msg::CalendarFeed)}</a></p>
        </section>
        <section id="requests" data-region>
            <h2>{t(Msg::MeetingsIncoming)}</h2>
            {page.incoming.is_empty().then(|| view! { <p class="empty">{t(Msg::MeetingsNoIncoming)}</p> })}
            <ul class="meetings-list">
                {page.incoming.iter().cloned().map(|m| view! {
                    <li class="meeting incoming" data-request=m.id>
                        <Who m=m.clone() />
                        {(!m.note.is_empty()).then(|| view! { <blockquote class="note">{m.note.clone()}</blockquote> })}
                        <div class="actions">
                            <ActionForm action=actions.answer attr:class="inline">
                                <input type="hidden" name="event_id" value=id />
                                <input type="hidden" name="request_id" value=m.id />
                                <input type="hidden" name="answer" value="accept" />
                                <button type="submit" class="button small">{t(Msg::MeetingAccept)}</button>
                            </ActionForm>
                            <ActionForm action=actions.answer attr:class="inline">
                                <input type="hidden" name="event_id" value=id />
                                <input type="hidden" name="request_id" value=m.id />
                                <input type="hidden" name="answer" value="decline" />
                                <button type="submit" class="button small secondary">{t(Msg::MeetingDecline)}</button>
                            </ActionForm>
                        </div>
                    </li>
                }).collect_view()}
            </ul>
            <p class="error" aria-live="polite">{move || answer_error.get().map(|e| e.message(use_locale()))}</p>
            {(!page.outgoing.is_empty()).then(|| view! {
                <h3>{t(Msg::MeetingsOutgoing)}</h3>
                <ul class="meetings-list">
                    {page.outgoing.clone().into_iter().map(|m| view! {
                        <li class="meeting outgoing" data-request=m.id>
                            <Who m=m.clone() />
                            <p class="meta"><span class=format!("badge meeting-{}", m.status)>{t(status_label(&m.status))}</span></p>
                            {(m.status == "pending").then(|| view! {
                                <ActionForm action=actions.cancel attr:class="inline">
                                    <input type="hidden" name="request_id" value=m.id />
                                    <button type="submit" class="button small secondary">{t(Msg::MeetingWithdraw)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
        <Statement page=page.clone() action=actions.statement />
        <Availability page=page.clone() action=actions.availability />
        <People page actions />
    }
}

#[component]
fn Who(m: MeetingView) -> impl IntoView {
    view! {
        <div class="who">
            <Avatar name=m.other.name.clone() url=m.other.photo_url.clone() />
            <div>
                <PersonHead person=m.other.clone() />
            </div>
        </div>
    }
}

#[component]
fn AgendaItem(m: MeetingView, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let error = actions.note_error(m.id);
    let anchor = format!("meeting-{}", m.id);
    let mid = m.id;
    let f = move |name: &str| format!("f-{mid}-{name}");
    view! {
        <li class="meeting scheduled" id=anchor data-request=m.id data-slot=m.slot_id>
            {match m.when.clone() {
                Some(w) => view! { <When when=w /> }.into_any(),
                None => view! { <p class="notice">{m.unplaced.clone().unwrap_or_else(|| t(Msg::UnplacedNotRun).to_owned())}</p> }.into_any(),
            }}
            {m.place.clone().map(|p| view! { <p class="place"><strong>{p}</strong></p> })}
            {m.join_url.clone().map(|u| view! { <p><a href=u rel="noopener noreferrer" target="_blank">{t(Msg::EventJoin)}</a></p> })}
            <Who m=m.clone() />
            {(!m.note.is_empty()).then(|| view! { <blockquote class="note">{m.note.clone()}</blockquote> })}
            {(!m.notes.is_empty()).then(|| view! {
                <ul class="meeting-notes">
                    {m.notes.iter().map(|n| view! {
                        <li>
                            <p class="meta">{n.author.clone()}</p>
                            {(!n.outcome.is_empty()).then(|| view! { <p>{n.outcome.clone()}</p> })}
                            {(!n.next_steps.is_empty()).then(|| view! { <p><em>{t(Msg::MeetingNextSteps)}": "</em>{n.next_steps.clone()}</p> })}
                            {n.remind_on.clone().filter(|_| n.mine).map(|d| view! { <p class="meta">{Msg::MeetingReminderOn.fill(locale, &[("date", &d)])}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <details class="meeting-note-form" open=m.past && m.notes.iter().all(|n| !n.mine)>
                <summary>{t(Msg::MeetingNotesTitle)}</summary>
                <p class="hint">{t(Msg::MeetingNotesPrivate)}</p>
                <ActionForm action=actions.note attr:novalidate=true>
                    <FormAlert error />
                    <input type="hidden" name="request_id" value=m.id />
                    <div class="field">
                        <label for=f("outcome")>{t(Msg::MeetingOutcome)}</label>
                        <TextArea value={m.my_note.outcome.clone()} {..} id=f("outcome") name="form[outcome]" rows="3" maxlength="2000" />
                        <FieldError name="outcome" error />
                    </div>
                    <div class="field">
                        <label for=f("next")>{t(Msg::MeetingNextSteps)}</label>
                        <TextArea value={m.my_note.next_steps.clone()} {..} id=f("next") name="form[next_steps]" rows="2" maxlength="2000" />
                        <FieldError name="next_steps" error />
                    </div>
                    <div class="field">
                        <label for=f("remind")>{t(Msg::MeetingRemind)}</label>
                        <input id=f("remind") type="date" name="form[remind_on]" value=m.my_note.remind_on.clone() />
                        <FieldError name="remind_on" error />
                    </div>
                    <button type="submit" class="button small">{t(Msg::SaveChanges)}</button>
                </ActionForm>
            </details>
            <ActionForm action=actions.cancel attr:class="inline">
                <input type="hidden" name="request_id" value=m.id />
                <button type="submit" class="button small secondary">{t(Msg::MeetingCallOff)}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Statement(page: MeetingsPage, action: ServerAction<SaveMeetingStatement>) -> impl IntoView {
    let error = action_error(action);
    let query = use_query_map();
    let typed = move |k: &str, stored: &str| {
        query
            .read_untracked()
            .get(k)
            .unwrap_or_else(|| stored.to_owned())
    };
    let s = page.statement.clone();
    let saved_before = query_notice().as_deref() == Some("statement");
    let saved = move || saved_before || action.value().get().is_some_and(|r| r.is_ok());
    view! {
        <section id="statement">
            <h2>{t(Msg::MeetingsStatement)}</h2>
            <p class="hint">{t(Msg::MeetingsStatementHint)}</p>
            <ActionForm action attr:novalidate=true>
                <FormAlert error />
                {move || saved().then(|| view! { <p class="notice" role="status">{t(Msg::Saved)}</p> })}
                <input type="hidden" name="event_id" value=page.event_id />
                <ThemeBoxes group="offer_themes" legend=Msg::FieldOfferThemes themes=page.themes.clone() picked=s.offer_themes.clone() error />
                <div class="field">
                    <label for="f-offer">{t(Msg::MeetingsOffer)}</label>
                    <TextArea value={typed("offer", &s.offer)} {..} id="f-offer" name="form[offer]" rows="2" maxlength="300" aria-describedby="f-offer-error" />
                    <FieldError name="offer" error />
                </div>
                <ThemeBoxes group="seek_themes" legend=Msg::FieldSeekThemes themes=page.themes.clone() picked=s.seek_themes.clone() error />
                <div class="field">
                    <label for="f-seek">{t(Msg::MeetingsSeek)}</label>
                    <TextArea value={typed("seek", &s.seek)} {..} id="f-seek" name="form[seek]" rows="2" maxlength="300" aria-describedby="f-seek-error" />
                    <FieldError name="seek" error />
                </div>
                <button type="submit" class="button small">{t(Msg::SaveChanges)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Availability(
    page: MeetingsPage,
    action: ServerAction<SaveMeetingAvailability>,
) -> impl IntoView {
    let error = action_error(action);
    let saved_before = query_notice().as_deref() == Some("availability");
    let saved = move || saved_before || action.value().get().is_some_and(|r| r.is_ok());
    view! {
        <section id="availability">
            <h2>{t(Msg::MeetingsAvailability)}</h2>
            {if page.slots.is_empty() {
                view! { <p class="empty">{t(Msg::MeetingsNoSlots)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action>
                        <FormAlert error />
                        {move || saved().then(|| view! { <p class="notice" role="status">{t(Msg::Saved)}</p> })}
                        <input type="hidden" name="event_id" value=page.event_id />
                        <fieldset class="choices slots">
                            <legend>{t(Msg::MeetingsAvailabilityHint)}</legend>
                            {page.slots.iter().enumerate().map(|(i, s)| {
                                let fid = format!("f-slot-{}", s.id);
                                view! {
                                    <label for=fid.clone() class="check">
                                        <input type="checkbox" id=fid.clone() name=format!("free[{i}]") value=s.id checked=!s.busy />
                                        <time datetime=s.starts_utc.clone()>{s.when.clone()}</time>
                                        {s.event_when.clone().map(|e| view! { " "<span class="zone">"(" {e} ")"</span> })}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="button small">{t(Msg::SaveChanges)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn People(page: MeetingsPage, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let error = Signal::derive(move || {
        action_error(actions.request)
            .get()
            .filter(|e| e.field().is_none())
    });
    let said_before = query_notice().filter(|n| n == "sent" || n == "accepted");
    let sent = move || {
        actions
            .request
            .value()
            .get()
            .and_then(|r| r.ok())
            .or_else(|| said_before.clone())
            .map(|s| {
                if s == "accepted" {
                    Msg::MeetingRequestMatched
                } else {
                    Msg::MeetingRequestSent
                }
            })
    };
    let action_url = format!("/events/{}/meetings", page.event_id);
    let theme = page.theme.clone();
    let count = page.people.len();
    view! {
        <section id="people">
            <h2>{t(Msg::MeetingsPeople)}</h2>
            <form method="get" action=action_url.clone() class="filters" role="search">
                <div class="field">
                    <label for="f-q">{t(Msg::MeetingsFilterQuery)}</label>
                    <input id="f-q" type="search" name="q" value=page.q.clone() />
                </div>
                <div class="field">
                    <label for="f-theme">{t(Msg::FilterTheme)}</label>
                    <select id="f-theme" name="theme">
                        <option value="">{t(Msg::MeetingsAnyTheme)}</option>
                        {page.themes.iter().map(|c| view! {
                            <option value=c.value.clone() selected=c.value == theme>{c.label.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button small">{t(Msg::MeetingsFilter)}</button>
            </form>
            <p class="meta">{Msg::MeetingsPeopleCount.fill(locale, &[("shown", &count.to_string()), ("total", &page.participants.to_string())])}</p>
            {move || sent().map(|m| view! { <p class="notice" role="status">{t(m)}</p> })}
            <FormAlert error />
            <ul class="people meeting-people">
                {page.people.into_iter().map(|p| {
                    let error = actions.request_error(p.person.id);
                    view! { <PersonItem p event_id=page.event_id action=actions.request error /> }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn PersonItem(
    p: MeetingPerson,
    event_id: i64,
    action: ServerAction<RequestMeeting>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let note_id = format!("f-note-{}", p.person.id);
    let relation = p.request.clone().map(|(_, s)| {
        let m = match (s.as_str(), p.asked_by_me) {
            ("pending", true) => Msg::MeetingAskedByYou,
            ("pending", false) => Msg::MeetingAskedYou,
            (s, _) => status_label(s),
        };
        view! { <span class="badge">{t(m)}</span> }
    });
    let can_ask = p.request.as_ref().is_none_or(|(_, s)| s == "cancelled");
    view! {
        <li class="person meeting-person" data-person=p.person.id>
            <Avatar name=p.person.name.clone() url=p.person.photo_url.clone() />
            <div>
                <PersonHead person=p.person.clone()>
                    {relation}
                    {p.met_before.then(|| view! { " "<span class="badge">{t(Msg::MetBefore)}</span> })}
                </PersonHead>
                {(!p.offer.is_empty() || !p.offer_themes.is_empty()).then(|| view! {
                    <p><strong>{t(Msg::MeetingsTheyOffer)}": "</strong>{p.offer_themes.join(", ")}{(!p.offer.is_empty()).then(|| format!(" — {}", p.offer))}</p>
                })}
                {(!p.seek.is_empty() || !p.seek_themes.is_empty()).then(|| view! {
                    <p><strong>{t(Msg::MeetingsTheySeek)}": "</strong>{p.seek_themes.join(", ")}{(!p.seek.is_empty()).then(|| format!(" — {}", p.seek))}</p>
                })}
                {(!p.reasons.is_empty()).then(|| view! {
                    <p class="why-label">{t(Msg::SuggestionWhy)}</p>
                    <ul class="reasons">{p.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                })}
                {can_ask.then(|| view! {
                    <details class="request-form">
                        <summary>{t(Msg::MeetingRequest)}</summary>
                        <ActionForm action attr:novalidate=true>
                            <input type="hidden" name="event_id" value=event_id />
                            <input type="hidden" name="to" value=p.person.id />
                            <div class="field">
                                <label for=note_id.clone()>{t(Msg::MeetingRequestNote)}</label>
                                <TextArea {..} id=note_id name="note" rows="2" maxlength="500" />
                                <FieldError name="note" error />
                            </div>
                            <button type="submit" class="button small">{t(Msg::MeetingRequestSend)}</button>
                        </ActionForm>
                    </details>
                })}
            </div>
        </li>
    }
}

// ---------------------------------------------------------------- organizers

#[component]
pub fn MeetingsOrganizePage() -> impl IntoView {
    let locale = use_locale();
    let id = use_id_param();
    let reload = RwSignal::new(0u32);
    let add = ServerAction::<AddMeetingSlots>::new();
    let del = ServerAction::<DeleteMeetingSlot>::new();
    let run = ServerAction::<RunMeetingScheduler>::new();
    let data = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| get_meeting_dashboard(id),
    );
    view! {
        <Title text=t(Msg::MeetingsOrganize) />
        <section class="page meetings-organize">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Dashboard d add del run /> }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <h1>{t(Msg::MeetingsOrganize)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Dashboard(
    d: MeetingDashboard,
    add: ServerAction<AddMeetingSlots>,
    del: ServerAction<DeleteMeetingSlot>,
    run: ServerAction<RunMeetingScheduler>,
) -> impl IntoView {
    let locale = use_locale();
    let id = d.event_id;
    let add_error = action_error(add);
    let run_error = action_error(run);
    let query = use_query_map();
    let typed = move |k: &str, stored: &str| {
        query
            .read_untracked()
            .get(k)
            .unwrap_or_else(|| stored.to_owned())
    };
    // a number of the slot form, with its error beside it and what was typed
    let number = move |name: &'static str, label: Msg, min: u32, max: u32, stored: &str| {
        let fid = format!("f-{name}");
        view! {
            <div class="field">
                <label for=fid.clone()>{t(label)}</label>
                <input id=fid type="number" min=min max=max name=format!("plan[{name}]")
                    value=typed(name, stored) aria-describedby=format!("f-{name}-error") />
                <FieldError name error=add_error />
            </div>
        }
    };
    let csv = format!("/events/{id}/meetings.csv");
    let participants_href = format!("/events/{id}/meetings");
    // after a plain form post the figures come back in the address
    let ran_before = (query_notice().as_deref() == Some("scheduled")).then(|| {
        let q = use_query_map().get_untracked();
        let n = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        (n("scheduled"), n("unplaced"), n("moved"))
    });
    let summary = move || {
        run.value()
            .get()
            .and_then(|r| r.ok())
            .map(|s| (s.scheduled, s.unplaced, s.moved))
            .or(ran_before)
            .map(|(scheduled, unplaced, moved)| {
                Msg::MeetingsRunDone.fill(
                    locale,
                    &[
                        ("scheduled", &scheduled.to_string()),
                        ("unplaced", &unplaced.to_string()),
                        ("moved", &moved.to_string()),
                    ],
                )
            })
    };
    let stat =
        |label: Msg, n: i64| view! { <div class="stat"><dt>{t(label)}</dt><dd>{n}</dd></div> };
    view! {
        <p class="kind"><a href=format!("/events/{id}")>{d.title.clone()}</a></p>
        <h1>{t(Msg::MeetingsOrganize)}</h1>
        <p><a href=participants_href>{t(Msg::MeetingsTitle)}</a>" · "<a href=csv download>{t(Msg::ExportCsv)}</a></p>
        <section id="dashboard">
            <h2>{t(Msg::MeetingsDashboard)}</h2>
            <dl class="stats">
                {stat(Msg::MeetingsStatParticipants, d.participants)}
                {stat(Msg::MeetingsStatSent, d.sent)}
                {stat(Msg::MeetingsStatPending, d.pending)}
                {stat(Msg::MeetingsStatAccepted, d.accepted)}
                {stat(Msg::MeetingsStatDeclined, d.declined)}
                {stat(Msg::MeetingsStatScheduled, d.scheduled)}
            </dl>
            {d.run_at.clone().map(|r| view! { <p class="meta">{Msg::MeetingsLastRun.fill(locale, &[("when", &r)])}</p> })}
            {(!d.unplaced.is_empty()).then(|| view! {
                <h3>{t(Msg::MeetingsUnplaced)}</h3>
                <ul class="unplaced">
                    {d.unplaced.iter().map(|u| view! { <li>{format!("{} — {}", u.a, u.b)}": "<span class="meta">{u.reason.clone()}</span></li> }).collect_view()}
                </ul>
            })}
        </section>
        <section id="run">
            <h2>{t(Msg::MeetingsRun)}</h2>
            <p class="hint">{t(Msg::MeetingsRunHint)}</p>
            {move || summary().map(|s| view! { <p class="notice" role="status">{s}</p> })}
            <FormAlert error=run_error />
            <ActionForm action=run attr:class="inline">
                <input type="hidden" name="event_id" value=id />
                <input type="hidden" name="mode" value="keep" />
                <button type="submit" class="button">{t(Msg::MeetingsRunKeep)}</button>
            </ActionForm>
            <ActionForm action=run attr:class="inline">
                <input type="hidden" name="event_id" value=id />
                <input type="hidden" name="mode" value="reshuffle" />
                <button type="submit" class="button secondary">{t(Msg::MeetingsRunReshuffle)}</button>
            </ActionForm>
        </section>
        <section id="slots">
            <h2>{t(Msg::MeetingsSlots)}</h2>
            {d.slots.is_empty().then(|| view! { <p class="empty">{t(Msg::MeetingsNoSlots)}</p> })}
            {(!d.slots.is_empty()).then(move || view! {
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">{t(Msg::MeetingsSlot)}</th>
                            <th scope="col">{t(Msg::MeetingsTables)}</th>
                            <th scope="col">{t(Msg::MeetingsUse)}</th>
                            <th scope="col"><span class="visually-hidden">{t(Msg::Remove)}</span></th>
                        </tr></thead>
                        <tbody>
                            {d.slots.clone().into_iter().map(|s| view! {
                                <tr data-slot=s.slot.id>
                                    <td><time datetime=s.slot.starts_utc.clone()>{s.slot.when.clone()}</time>{s.slot.event_when.clone().map(|e| view! { <br /><span class="zone">{e}</span> })}</td>
                                    <td>{s.slot.tables}</td>
                                    <td>
                                        <meter min="0" max="100" value=s.percent>{format!("{}%", s.percent)}</meter>
                                        " "{format!("{}/{} · {}%", s.slot.used, s.slot.tables, s.percent)}
                                    </td>
                                    <td>
                                        <ActionForm action=del attr:class="inline">
                                            <input type="hidden" name="event_id" value=id />
                                            <input type="hidden" name="slot_id" value=s.slot.id />
                                            <button type="submit" class="button small secondary">{t(Msg::Remove)}</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <h3>{t(Msg::MeetingsAddSlots)}</h3>
            <p class="hint">{Msg::MeetingsAddSlotsHint.fill(locale, &[("zone", &d.timezone)])}</p>
            <ActionForm action=add attr:novalidate=true attr:class="slot-form">
                <FormAlert error=add_error />
                <input type="hidden" name="event_id" value=id />
                <div class="field">
                    <label for="f-start">{t(Msg::MeetingsFirstSlot)}</label>
                    <input id="f-start" type="datetime-local" name="plan[start]" value=typed("start", &d.plan.start) aria-describedby="f-start-error" />
                    <FieldError name="start" error=add_error />
                </div>
                {number("count", Msg::MeetingsSlotCount, 1, 96, &d.plan.count)}
                {number("minutes", Msg::MeetingsSlotMinutes, 5, 240, &d.plan.minutes)}
                {number("pause", Msg::MeetingsSlotPause, 0, 120, &d.plan.pause)}
                {number("tables", Msg::MeetingsTables, 1, 1000, &d.plan.tables)}
                <button type="submit" class="button small">{t(Msg::MeetingsAddSlots)}</button>
            </ActionForm>
        </section>
    }
}
