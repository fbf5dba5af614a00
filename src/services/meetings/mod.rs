//! C2C matchmaking meetings inside a matchmaking event: participants say what
//! they offer and seek there and when they cannot meet, browse the others
//! ranked by the recommendations, request meetings and answer them; the
//! organizers define slots and tables and run the scheduler (the engine of
//! `tandem schedule`); everyone gets their agenda, live, in .ics and in their
//! calendar feed; afterwards each side notes the outcome.

use super::events::{load_visible, texts_for, when};
use super::matchmaking::reasons;
use super::network::{card, choices, mask_of, theme_ids, theme_name, themes_in};
use super::time;
use super::Ctx;
use crate::domain::event::{EventFormat, EventKind, Seat};
use crate::domain::meeting::{
    self, OutcomeForm, Placement, RequestFact, RequestStatus, SlotFact, SlotPlanForm, StatementForm,
};
use crate::domain::recommend::{score, Facts};
use crate::domain::schedule::{solve, Problem};
use crate::domain::{Locale, UserId};
use crate::dto::{
    MeetingDashboard, MeetingNoteView, MeetingPerson, MeetingView, MeetingsPage, RunSummary,
    SlotUse, SlotView, UnplacedView,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::events::EventRecord;
use crate::store::meetings::{NoteRecord, RequestRecord, Requested, SlotRecord, StatementRecord};
use crate::store::people::Fact;
use crate::store::{PersonRow, Store, ThemeRow, UserRecord};
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod agenda;
mod organize;
mod requests;

pub use agenda::*;
pub use organize::*;
pub use requests::*;

/// A matchmaking event the viewer may see, and whether they organize it.
async fn load(
    store: &dyn Store,
    id: i64,
    viewer: Option<&UserRecord>,
) -> Result<(EventRecord, bool), AppError> {
    let (e, organizes) = load_visible(store, id, viewer).await?;
    if e.w.kind != EventKind::Matchmaking {
        return Err(AppError::NotFound);
    }
    Ok((e, organizes))
}

async fn organizer(store: &dyn Store, id: i64, user: &UserRecord) -> Result<EventRecord, AppError> {
    let e = super::events::require_organizer(store, id, user).await?;
    if e.w.kind != EventKind::Matchmaking {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

/// Only members with a seat at the event take part in its meetings.
async fn participant(
    store: &dyn Store,
    id: i64,
    user: &UserRecord,
) -> Result<EventRecord, AppError> {
    let (e, _) = load(store, id, Some(user)).await?;
    match store.registration(id, user.id).await? {
        Some((Seat::Registered, _)) => Ok(e),
        _ => Err(AppError::Refused(Msg::ErrMeetingNotParticipant)),
    }
}

/// Visible to other members: listed and not hidden.
fn findable(f: Option<&Fact>) -> bool {
    f.is_some_and(|f| f.listed && f.visibility <= 1)
}

/// The facts the ranking uses, with this event's offer and seek when the
/// member stated them.
fn event_facts(f: Option<&Fact>, s: Option<&StatementRecord>) -> Facts {
    let mut x = f.map(|f| f.recommend_facts()).unwrap_or(Facts {
        sector: -1,
        size: -1,
        ..Facts::default()
    });
    if let Some(s) = s {
        if s.offer_mask != 0 {
            x.offer = s.offer_mask;
        }
        if s.seek_mask != 0 {
            x.seek = s.seek_mask;
        }
        x.themes |= s.offer_mask | s.seek_mask;
    }
    x
}

fn tz_of(e: &EventRecord) -> Tz {
    time::zone(&e.w.timezone).unwrap_or(Tz::UTC)
}

fn slot_view(s: &SlotRecord, locale: Locale, e: &EventRecord, reader: Option<&str>) -> SlotView {
    let tz = tz_of(e);
    let rz = time::reader_zone(reader, tz);
    let day = |z: Tz| {
        format!(
            "{}, {} {}",
            time::day_heading(locale, s.starts_at, z).0,
            time::clock_span(locale, s.starts_at, s.ends_at, z),
            chrono::TimeZone::timestamp_opt(&z, s.starts_at, 0)
                .single()
                .map(|t| t.format("%Z").to_string())
                .unwrap_or_default()
        )
    };
    let differs = time::offset_at(s.starts_at, rz) != time::offset_at(s.starts_at, tz);
    SlotView {
        id: s.id,
        when: day(rz),
        event_when: differs.then(|| day(tz)),
        starts_utc: time::rfc3339(s.starts_at),
        tables: s.tables,
        used: 0,
        busy: false,
    }
}

fn place(e: &EventRecord, table: i64, locale: Locale) -> String {
    let msg = if e.w.format == EventFormat::Online {
        Msg::MeetingRoom
    } else {
        Msg::MeetingTable
    };
    msg.fill(locale, &[("n", &table.to_string())])
}

fn theme_names(mask: i64, themes: &[ThemeRow], locale: Locale) -> Vec<String> {
    themes_in(mask, themes)
        .into_iter()
        .map(|t| theme_name(t, locale))
        .collect()
}

fn today(now: i64) -> String {
    chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The participant's page: statement, availability, agenda, requests and the
/// other participants ranked for them.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    store: &dyn Store,
    viewer: Option<&UserRecord>,
    id: i64,
    q: &str,
    theme: &str,
    locale: Locale,
    reader: Option<&str>,
    now: i64,
) -> Result<MeetingsPage, AppError> {
    let (e, organizes) = load(store, id, viewer).await?;
    let themes = store.themes().await?;
    let mut page = MeetingsPage {
        event_id: id,
        title: texts_for(&e, locale).0,
        when: when(locale, e.w.starts_at, e.w.ends_at, &e.w.timezone, reader),
        organizes,
        role: "visitor".into(),
        statement: StatementForm::default(),
        themes: choices(-1, &themes, locale),
        slots: Vec::new(),
        agenda: Vec::new(),
        incoming: Vec::new(),
        outgoing: Vec::new(),
        people: Vec::new(),
        participants: 0,
        q: q.to_owned(),
        theme: theme.to_owned(),
        last_change: store.last_change(id).await?,
        hidden_self: false,
    };
    let Some(user) = viewer else {
        return Ok(page);
    };
    let me = user.id.0;
    let seat = store.registration(id, user.id).await?;
    if !matches!(seat, Some((Seat::Registered, _))) {
        page.role = "not_registered".into();
        return Ok(page);
    }
    page.role = "participant".into();
    let (slots, participants, statements, busy, requests) = tokio::try_join!(
        store.meeting_slots(id),
        store.meeting_participants(id),
        store.statements(id),
        store.busy_slots(id),
        store.meeting_requests(id),
    )?;
    let statements: HashMap<i64, StatementRecord> =
        statements.into_iter().map(|s| (s.user_id, s)).collect();
    if let Some(s) = statements.get(&me) {
        page.statement = StatementForm {
            offer_themes: theme_ids(s.offer_mask, &themes),
            seek_themes: theme_ids(s.seek_mask, &themes),
            offer: s.offer.clone(),
            seek: s.seek.clone(),
        };
    }
    let mine_busy: BTreeSet<i64> = busy
        .iter()
        .filter(|(u, _)| *u == me)
        .map(|(_, s)| *s)
        .collect();
    let mut used: BTreeMap<i64, i64> = BTreeMap::new();
    for r in &requests {
        if let (RequestStatus::Accepted, Some(s)) = (r.status, r.slot_id) {
            *used.entry(s).or_default() += 1;
        }
    }
    page.slots = slots
        .iter()
        .map(|s| SlotView {
            used: used.get(&s.id).copied().unwrap_or(0),
            busy: mine_busy.contains(&s.id),
            ..slot_view(s, locale, &e, reader)
        })
        .collect();

    // the people: everyone in a request with me, and every participant
    let mut ids: Vec<i64> = participants.clone();
    for r in requests.iter().filter(|r| r.involves(me)) {
        let o = r.other(me);
        if !ids.contains(&o) {
            ids.push(o);
        }
    }
    let (facts, cards) = tokio::try_join!(store.member_facts(&ids), store.people_cards(&ids))?;
    let facts: HashMap<i64, Fact> = facts.into_iter().collect();
    let cards: HashMap<i64, PersonRow> = cards.into_iter().map(|p| (p.user_id, p)).collect();
    page.hidden_self = !findable(facts.get(&me));
    let my_facts = event_facts(facts.get(&me), statements.get(&me));
    let mut met: BTreeSet<i64> = BTreeSet::new();
    for m in store.my_meetings(user.id, None).await? {
        if m.ends_at <= now {
            met.insert(m.other_id);
        }
    }

    // my requests and my agenda
    let mine: Vec<&RequestRecord> = requests.iter().filter(|r| r.involves(me)).collect();
    let notes = store
        .meeting_notes(&mine.iter().map(|r| r.id).collect::<Vec<_>>())
        .await?;
    let slot_by_id: HashMap<i64, &SlotRecord> = slots.iter().map(|s| (s.id, s)).collect();
    for r in mine {
        let Some(other) = cards.get(&r.other(me)) else {
            continue;
        };
        let slot = r.slot_id.and_then(|s| slot_by_id.get(&s).copied());
        let scheduled = r.status == RequestStatus::Accepted && slot.is_some();
        let v = MeetingView {
            id: r.id,
            other: card(other.clone(), &themes, locale),
            note: r.note.clone(),
            status: r.status.as_str().into(),
            incoming: r.to_id == me,
            slot_id: slot.filter(|_| scheduled).map(|s| s.id),
            when: slot
                .filter(|_| scheduled)
                .map(|s| when(locale, s.starts_at, s.ends_at, &e.w.timezone, reader)),
            place: r
                .table_no
                .filter(|_| scheduled)
                .map(|t| place(&e, t, locale)),
            join_url: (scheduled && !e.w.join_url.is_empty()).then(|| e.w.join_url.clone()),
            unplaced: (r.status == RequestStatus::Accepted && slot.is_none())
                .then(|| r.reason.map(|x| x.label().text(locale).to_owned()))
                .flatten(),
            notes: notes
                .iter()
                .filter(|n| n.request_id == r.id)
                .map(|n| MeetingNoteView {
                    author: if n.user_id == me {
                        user.name.clone()
                    } else {
                        other.name.clone()
                    },
                    mine: n.user_id == me,
                    outcome: n.outcome.clone(),
                    next_steps: n.next_steps.clone(),
                    remind_on: n.remind_on.clone(),
                })
                .collect(),
            my_note: notes
                .iter()
                .find(|n| n.request_id == r.id && n.user_id == me)
                .map(|n| OutcomeForm {
                    outcome: n.outcome.clone(),
                    next_steps: n.next_steps.clone(),
                    remind_on: n.remind_on.clone().unwrap_or_default(),
                })
                .unwrap_or_default(),
            past: slot.is_some_and(|s| s.starts_at <= now),
        };
        if r.status == RequestStatus::Accepted {
            page.agenda.push(v);
        } else if r.status == RequestStatus::Pending && r.to_id == me {
            page.incoming.push(v);
        } else {
            page.outgoing.push(v);
        }
    }
    page.agenda.sort_by_key(|m| {
        (
            m.slot_id.is_none(),
            m.slot_id
                .and_then(|s| slot_by_id.get(&s).map(|s| s.starts_at)),
            m.id,
        )
    });

    // the other participants, ranked for me, filtered
    let theme_bit = themes.iter().find(|t| t.id == theme).map(|t| 1i64 << t.bit);
    let folded_q = crate::domain::text::fold(q.trim());
    let between: HashMap<i64, &RequestRecord> = requests
        .iter()
        .filter(|r| r.involves(me))
        .map(|r| (r.other(me), r))
        .collect();
    let mut ranked = Vec::new();
    for &p in &participants {
        if p == me || !findable(facts.get(&p)) {
            continue;
        }
        let Some(row) = cards.get(&p) else { continue };
        page.participants += 1;
        let st = statements.get(&p);
        let theirs = event_facts(facts.get(&p), st);
        if let Some(bit) = theme_bit {
            if theirs.themes & bit == 0 && theirs.offer & bit == 0 && theirs.seek & bit == 0 {
                continue;
            }
        }
        if !folded_q.is_empty() {
            let hay = crate::domain::text::fold(&format!(
                "{} {} {} {} {}",
                row.name,
                row.job_title,
                row.organisation,
                row.city_name.clone().unwrap_or_default(),
                st.map(|s| format!("{} {}", s.offer, s.seek))
                    .unwrap_or_default()
            ));
            if !folded_q.split_whitespace().all(|w| hay.contains(w)) {
                continue;
            }
        }
        let m = score(&my_facts, &theirs, 0);
        ranked.push((m.score, p, m));
    }
    ranked.sort_by_key(|(s, p, _)| (-s, *p));
    for (_, p, m) in ranked {
        let row = cards[&p].clone();
        let st = statements.get(&p);
        let r = between.get(&p);
        page.people.push(MeetingPerson {
            reasons: reasons(&m, &row, &themes, locale),
            person: card(row, &themes, locale),
            offer: st.map(|s| s.offer.clone()).unwrap_or_default(),
            seek: st.map(|s| s.seek.clone()).unwrap_or_default(),
            offer_themes: st
                .map(|s| theme_names(s.offer_mask, &themes, locale))
                .unwrap_or_default(),
            seek_themes: st
                .map(|s| theme_names(s.seek_mask, &themes, locale))
                .unwrap_or_default(),
            request: r.map(|r| (r.id, r.status.as_str().to_owned())),
            asked_by_me: r.is_some_and(|r| r.from_id == me),
            met_before: met.contains(&p),
        });
    }
    Ok(page)
}

/// What the participant offers and seeks at this event.
pub async fn save_statement(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
    form: &StatementForm,
    now: i64,
) -> Result<(), AppError> {
    participant(store, id, user).await?;
    let v = form.validate()?;
    let themes = store.themes().await?;
    let s = StatementRecord {
        user_id: user.id.0,
        offer_mask: mask_of(&v.offer_themes, &themes, "offer_themes")?,
        seek_mask: mask_of(&v.seek_themes, &themes, "seek_themes")?,
        offer: v.offer,
        seek: v.seek,
    };
    store
        .save_statement(id, &s, now)
        .await
        .map_err(AppError::from)
}

/// The slots the participant can meet in (the others become busy).
pub async fn save_availability(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
    free: &[i64],
) -> Result<(), AppError> {
    participant(store, id, user).await?;
    let slots = store.meeting_slots(id).await?;
    if let Some(bad) = free.iter().find(|f| !slots.iter().any(|s| s.id == **f)) {
        tracing::debug!(slot = bad, "availability names a slot of another event");
        return Err(AppError::validation("free", Msg::ErrChoice));
    }
    let busy: Vec<i64> = slots
        .iter()
        .map(|s| s.id)
        .filter(|s| !free.contains(s))
        .collect();
    store
        .set_busy(id, user.id, &busy)
        .await
        .map_err(AppError::from)
}
