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

/// A matchmaking event the viewer may see, and whether they organize it.
async fn load(
    store: &dyn Store,
    id: i64,
    viewer: Option<&UserRecord>,
) -> Result<(EventRecord, bool), AppError> {
    let (e, organizes) = load_visible(store, id, viewer).await?;
    if EventKind::parse(&e.w.kind).ok() != Some(EventKind::Matchmaking) {
        return Err(AppError::NotFound);
    }
    Ok((e, organizes))
}

async fn organizer(store: &dyn Store, id: i64, user: &UserRecord) -> Result<EventRecord, AppError> {
    let e = super::events::require_organizer(store, id, user).await?;
    if EventKind::parse(&e.w.kind).ok() != Some(EventKind::Matchmaking) {
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
    let msg = if EventFormat::parse(&e.w.format).ok() == Some(EventFormat::Online) {
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

/// Asks `to` for a meeting. Both must take part; `to` must be findable.
/// When `to` had already asked, this accepts their request.
pub async fn request(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    to: i64,
    note: &str,
    now: i64,
) -> Result<Requested, AppError> {
    let store = &*ctx.store;
    participant(store, id, user).await?;
    if to == user.id.0 {
        return Err(AppError::Refused(Msg::ErrMeetingSelf));
    }
    let note = meeting::request_note(note)?;
    let facts = store.member_facts(&[to]).await?;
    let takes_part = store.meeting_participants(id).await?.contains(&to);
    if !takes_part || !findable(facts.first().map(|(_, f)| f)) {
        return Err(AppError::NotFound);
    }
    // two people asking each other at the same instant: one insert loses on
    // the pair's unique key; asked again, it finds the other's request and
    // accepts it
    let out = match store.request_meeting(id, user.id, to, &note, now).await {
        Err(crate::store::StoreError::Duplicate) => {
            store.request_meeting(id, user.id, to, &note, now).await?
        }
        other => other?,
    };
    match out {
        Requested::Created(_) => {
            mail(
                ctx,
                id,
                to,
                user,
                Msg::MailMeetingAskedSubject,
                Msg::MailMeetingAskedBody,
                &note,
            )
            .await
        }
        Requested::AcceptedTheirs(_) => {
            mail(
                ctx,
                id,
                to,
                user,
                Msg::MailMeetingAcceptedSubject,
                Msg::MailMeetingAcceptedBody,
                "",
            )
            .await
        }
        Requested::Exists(_) => return Err(AppError::Refused(Msg::ErrMeetingExists)),
    }
    Ok(out)
}

async fn mail(
    ctx: &Ctx,
    event: i64,
    to: i64,
    from: &UserRecord,
    subject: Msg,
    body: Msg,
    note: &str,
) {
    let (Ok(Some(u)), Ok(Some(e))) = (
        ctx.store.user_by_id(UserId(to)).await,
        ctx.store.event(event).await,
    ) else {
        return;
    };
    let link = format!("{}/events/{event}/meetings", ctx.config.base_url);
    let title = texts_for(&e, u.locale).0;
    let args = [
        ("name", from.name.as_str()),
        ("event", title.as_str()),
        ("note", note),
        ("link", link.as_str()),
    ];
    super::mail_member(
        ctx,
        (&u.email, &u.name, u.locale),
        subject,
        body,
        &args,
        link.clone(),
    )
    .await;
}

/// A request `user` is one side of (others get a 404, as for none).
async fn own_request(
    store: &dyn Store,
    user: &UserRecord,
    request: i64,
) -> Result<RequestRecord, AppError> {
    store
        .meeting_request(request)
        .await?
        .filter(|r| r.involves(user.id.0))
        .ok_or(AppError::NotFound)
}

/// The person asked accepts or declines. A second answer (another tab,
/// someone faster) is refused without changing anything.
pub async fn answer(
    ctx: &Ctx,
    user: &UserRecord,
    request: i64,
    accept: bool,
    now: i64,
) -> Result<(), AppError> {
    let store = &*ctx.store;
    let r = own_request(store, user, request).await?;
    if r.to_id != user.id.0 {
        return Err(AppError::Forbidden);
    }
    participant(store, r.event_id, user).await?;
    if !store.answer_meeting(request, user.id, accept, now).await? {
        return Err(AppError::Refused(Msg::ErrMeetingAnswered));
    }
    if accept {
        mail(
            ctx,
            r.event_id,
            r.from_id,
            user,
            Msg::MailMeetingAcceptedSubject,
            Msg::MailMeetingAcceptedBody,
            "",
        )
        .await;
    }
    Ok(())
}

/// Either side calls off a pending or accepted meeting.
pub async fn cancel(
    store: &dyn Store,
    user: &UserRecord,
    request: i64,
    now: i64,
) -> Result<i64, AppError> {
    let r = own_request(store, user, request).await?;
    if !store.cancel_meeting(request, user.id, now).await? {
        return Err(AppError::Refused(Msg::ErrMeetingAnswered));
    }
    Ok(r.event_id)
}

/// One side's notes after (or before) a meeting: private to the two.
pub async fn save_note(
    store: &dyn Store,
    user: &UserRecord,
    request: i64,
    form: &OutcomeForm,
    now: i64,
) -> Result<i64, AppError> {
    let r = own_request(store, user, request).await?;
    if r.status != RequestStatus::Accepted {
        return Err(AppError::Refused(Msg::ErrMeetingNotAccepted));
    }
    let v = form.validate(&today(now))?;
    store
        .save_meeting_note(&NoteRecord {
            request_id: request,
            user_id: user.id.0,
            outcome: v.outcome,
            next_steps: v.next_steps,
            remind_on: v.remind_on,
            updated_at: now,
        })
        .await?;
    Ok(r.event_id)
}

// ---------------------------------------------------------------- organizers

/// Adds a row of slots typed in the event's zone.
pub async fn add_slots(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
    form: &SlotPlanForm,
) -> Result<(), AppError> {
    let e = organizer(store, id, user).await?;
    let plan = form.validate()?;
    let first =
        time::to_instant(plan.start, tz_of(&e)).map_err(|m| AppError::validation("start", m))?;
    let existing = store.meeting_slots(id).await?;
    if existing.len() + plan.count as usize > meeting::MAX_SLOTS {
        return Err(AppError::validation("count", Msg::ErrMeetingTooManySlots));
    }
    let spans = plan.spans(first);
    if spans
        .iter()
        .any(|(s, end)| *s < e.w.starts_at || *end > e.w.ends_at)
    {
        return Err(AppError::validation("start", Msg::ErrMeetingSlotOutside));
    }
    if spans.iter().any(|(s, end)| {
        existing
            .iter()
            .any(|x| *s < x.ends_at && x.starts_at < *end)
    }) {
        return Err(AppError::validation("start", Msg::ErrMeetingSlotOverlap));
    }
    store
        .add_meeting_slots(id, &spans, plan.tables)
        .await
        .map_err(AppError::from)
}

pub async fn delete_slot(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
    slot: i64,
) -> Result<(), AppError> {
    organizer(store, id, user).await?;
    if !store.delete_meeting_slot(id, slot).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Places the accepted meetings: `keep` pins those already in a slot.
pub async fn run(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    keep: bool,
    now: i64,
) -> Result<RunSummary, AppError> {
    let store = &*ctx.store;
    organizer(store, id, user).await?;
    // what the run reads may change while it solves (an answer, someone's
    // availability, another organizer's run): then it starts over
    for _ in 0..3 {
        if let Some(summary) = run_once(ctx, user, id, keep, now).await? {
            return Ok(summary);
        }
    }
    Err(AppError::Refused(Msg::ErrMeetingRunStale))
}

async fn run_once(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    keep: bool,
    now: i64,
) -> Result<Option<RunSummary>, AppError> {
    let store = &*ctx.store;
    let rev = store.meetings_rev(id).await?;
    let (slots, busy, requests, statements, participants) = tokio::try_join!(
        store.meeting_slots(id),
        store.busy_slots(id),
        store.meeting_requests(id),
        store.statements(id),
        store.meeting_participants(id),
    )?;
    if slots.is_empty() {
        return Err(AppError::Refused(Msg::ErrMeetingNoSlots));
    }
    let seated: BTreeSet<i64> = participants.into_iter().collect();
    // meetings of someone who gave their seat back are left out, with why
    let (accepted, gone): (Vec<&RequestRecord>, Vec<&RequestRecord>) = requests
        .iter()
        .filter(|r| r.status == RequestStatus::Accepted)
        .partition(|r| seated.contains(&r.from_id) && seated.contains(&r.to_id));
    let people: Vec<i64> = accepted
        .iter()
        .flat_map(|r| [r.from_id, r.to_id])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let facts: HashMap<i64, Fact> = store.member_facts(&people).await?.into_iter().collect();
    let statements: HashMap<i64, StatementRecord> =
        statements.into_iter().map(|s| (s.user_id, s)).collect();
    let f = |p: i64| event_facts(facts.get(&p), statements.get(&p));
    let facts_in: Vec<RequestFact> = accepted
        .iter()
        .map(|r| RequestFact {
            id: r.id,
            a: r.from_id,
            b: r.to_id,
            weight: meeting::weight(
                score(&f(r.from_id), &f(r.to_id), 0).score,
                score(&f(r.to_id), &f(r.from_id), 0).score,
            ),
            placed: r.slot_id.zip(r.table_no),
        })
        .collect();
    let slot_facts: Vec<SlotFact> = slots
        .iter()
        .map(|s| SlotFact {
            id: s.id,
            tables: s.tables,
        })
        .collect();
    let busy: BTreeSet<(i64, i64)> = busy.into_iter().collect();
    let plan = meeting::plan(&slot_facts, &busy, &facts_in, keep);
    let problem = Problem::parse(&plan.input).map_err(|e| {
        tracing::error!(error = %e, event = id, "the meeting plan is not a valid schedule input");
        AppError::Refused(Msg::ErrMeetingPlan)
    })?;
    // the solver is CPU work: off the async threads
    let (out, problem) = tokio::task::spawn_blocking(move || {
        let out = problem.output(&solve(&problem));
        (out, problem)
    })
    .await
    .map_err(|e| crate::services::internal(&e))?;
    debug_assert!(crate::domain::schedule::check(&problem, &out).is_ok());
    let slot_of = meeting::slots_from_output(&facts_in, &out);
    let mut placements: Vec<Placement> = meeting::settle(&slot_facts, &busy, &facts_in, &slot_of);
    let moved = placements
        .iter()
        .zip(&facts_in)
        .filter(|(p, r)| r.placed.is_some() && p.placed.map(|x| x.0) != r.placed.map(|x| x.0))
        .count() as i64;
    placements.extend(gone.iter().map(|r| Placement {
        request: r.id,
        placed: None,
        reason: Some(meeting::Unplaced::NotRegistered),
    }));
    let Some(change) = store
        .apply_schedule(id, rev, &placements, user.id, now)
        .await?
    else {
        return Ok(None);
    };
    ctx.changes.committed(id, change);
    Ok(Some(RunSummary {
        scheduled: placements.iter().filter(|p| p.placed.is_some()).count() as i64,
        unplaced: placements.iter().filter(|p| p.placed.is_none()).count() as i64,
        moved,
        weight: out.scheduled_weight,
    }))
}

/// The organizers' dashboard.
pub async fn dashboard(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
    locale: Locale,
    reader: Option<&str>,
) -> Result<MeetingDashboard, AppError> {
    let e = organizer(store, id, user).await?;
    let (slots, participants, requests, run_at) = tokio::try_join!(
        store.meeting_slots(id),
        store.meeting_participants(id),
        store.meeting_requests(id),
        store.meetings_run_at(id),
    )?;
    let count = |s: RequestStatus| requests.iter().filter(|r| r.status == s).count() as i64;
    let mut used: BTreeMap<i64, i64> = BTreeMap::new();
    for r in &requests {
        if let (RequestStatus::Accepted, Some(s)) = (r.status, r.slot_id) {
            *used.entry(s).or_default() += 1;
        }
    }
    let unplaced_ids: Vec<&RequestRecord> = requests
        .iter()
        .filter(|r| r.status == RequestStatus::Accepted && r.slot_id.is_none())
        .collect();
    let names: HashMap<i64, String> = store
        .users_names(
            &unplaced_ids
                .iter()
                .flat_map(|r| [r.from_id, r.to_id])
                .collect::<Vec<_>>(),
        )
        .await?
        .into_iter()
        .collect();
    let tz = tz_of(&e);
    let last_end = slots.last().map(|s| s.ends_at);
    let start = last_end
        .map(|t| t + 5 * 60)
        .unwrap_or(e.w.starts_at)
        .min(e.w.ends_at);
    Ok(MeetingDashboard {
        event_id: id,
        title: texts_for(&e, locale).0,
        timezone: e.w.timezone.clone(),
        participants: participants.len() as i64,
        sent: requests.len() as i64 - count(RequestStatus::Cancelled),
        pending: count(RequestStatus::Pending),
        accepted: count(RequestStatus::Accepted),
        declined: count(RequestStatus::Declined),
        cancelled: count(RequestStatus::Cancelled),
        scheduled: used.values().sum(),
        unplaced: unplaced_ids
            .iter()
            .map(|r| UnplacedView {
                id: r.id,
                a: names.get(&r.from_id).cloned().unwrap_or_default(),
                b: names.get(&r.to_id).cloned().unwrap_or_default(),
                reason: r
                    .reason
                    .map(|x| x.label().text(locale).to_owned())
                    .unwrap_or_else(|| Msg::UnplacedNotRun.text(locale).to_owned()),
            })
            .collect(),
        slots: slots
            .iter()
            .map(|s| {
                let u = used.get(&s.id).copied().unwrap_or(0);
                SlotUse {
                    slot: SlotView {
                        used: u,
                        ..slot_view(s, locale, &e, reader)
                    },
                    percent: if s.tables > 0 { u * 100 / s.tables } else { 0 },
                }
            })
            .collect(),
        run_at: run_at.map(|t| {
            let rz = time::reader_zone(reader, tz);
            format!(
                "{}, {}",
                time::day_heading(locale, t, rz).0,
                time::clock_with_zone(locale, t, rz)
            )
        }),
        plan: SlotPlanForm {
            start: time::to_local(start, tz).input_value(),
            count: "6".into(),
            minutes: "20".into(),
            pause: "5".into(),
            tables: slots.last().map(|s| s.tables).unwrap_or(10).to_string(),
        },
    })
}

/// Every request and where it stands, for a spreadsheet (formula-safe cells).
pub async fn csv(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
    locale: Locale,
) -> Result<String, AppError> {
    use crate::escape::csv_row;
    let e = organizer(store, id, user).await?;
    let (slots, requests) = tokio::try_join!(store.meeting_slots(id), store.meeting_requests(id))?;
    let ids: Vec<i64> = requests.iter().flat_map(|r| [r.from_id, r.to_id]).collect();
    let names: HashMap<i64, String> = store.users_names(&ids).await?.into_iter().collect();
    let tz = tz_of(&e);
    let header = [
        Msg::CsvMeetingId,
        Msg::CsvMeetingFrom,
        Msg::CsvMeetingTo,
        Msg::CsvMeetingStatus,
        Msg::CsvMeetingStart,
        Msg::CsvMeetingEnd,
        Msg::CsvMeetingTable,
        Msg::CsvMeetingReason,
    ]
    .map(|m| m.text(locale));
    let mut out = csv_row(&header);
    let local = |t: i64| {
        let l = time::to_local(t, tz);
        format!("{} {}", l.input_value().replace('T', " "), tz.name())
    };
    for r in &requests {
        let slot = r.slot_id.and_then(|s| slots.iter().find(|x| x.id == s));
        let row = [
            r.id.to_string(),
            names.get(&r.from_id).cloned().unwrap_or_default(),
            names.get(&r.to_id).cloned().unwrap_or_default(),
            r.status.label().text(locale).to_owned(),
            slot.map(|s| local(s.starts_at)).unwrap_or_default(),
            slot.map(|s| local(s.ends_at)).unwrap_or_default(),
            r.table_no
                .filter(|_| slot.is_some())
                .map(|t| t.to_string())
                .unwrap_or_default(),
            r.reason
                .filter(|_| slot.is_none() && r.status == RequestStatus::Accepted)
                .map(|x| x.label().text(locale).to_owned())
                .unwrap_or_default(),
        ];
        out.push_str(&csv_row(&row));
    }
    Ok(out)
}

/// The meetings of a member as calendar entries (their agenda file and feed).
pub fn ics_meetings(
    ctx: &Ctx,
    meetings: &[crate::store::meetings::MetRecord],
    locale: Locale,
) -> Vec<super::ics::IcsEvent> {
    let host = super::ics::uid_host(&ctx.config.base_url);
    meetings
        .iter()
        .map(|m| {
            let url = format!("{}/events/{}/meetings", ctx.config.base_url, m.event_id);
            // an online event has a video link and virtual rooms
            let label = if m.join_url.is_empty() {
                Msg::MeetingTable
            } else {
                Msg::MeetingRoom
            };
            let table = m
                .table_no
                .map(|t| label.fill(locale, &[("n", &t.to_string())]))
                .unwrap_or_default();
            let location = [table.clone(), m.venue.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            super::ics::IcsEvent {
                uid: format!("meeting-{}@{}", m.request_id, host),
                sequence: m.run_at,
                starts_at: m.starts_at,
                ends_at: m.ends_at,
                timezone: m.timezone.clone(),
                summary: Msg::MeetingWith.fill(locale, &[("name", &m.other_name)]),
                description: format!("{}\n\n{url}", m.event_title),
                location: if m.join_url.is_empty() {
                    location
                } else {
                    m.join_url.clone()
                },
                url,
                status: super::ics::IcsStatus::Confirmed,
                updated_at: m.run_at,
            }
        })
        .collect()
}

/// The participant's meetings at one event as an .ics file.
pub async fn agenda_file(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<String, AppError> {
    let store = &*ctx.store;
    let e = participant(store, id, user).await?;
    let mine: Vec<_> = store
        .my_meetings(user.id, None)
        .await?
        .into_iter()
        .filter(|m| m.event_id == id)
        .collect();
    let name =
        Msg::MeetingsCalendarName.fill(user.locale, &[("event", &texts_for(&e, user.locale).0)]);
    Ok(super::ics::calendar(
        &name,
        &ics_meetings(ctx, &mine, user.locale),
    ))
}

/// "Met before": the meetings the viewer had with this member, with both
/// sides' notes (private to the two: nobody else gets them).
pub async fn met_before(
    store: &dyn Store,
    viewer: &UserRecord,
    other: i64,
    locale: Locale,
    now: i64,
) -> Result<Vec<crate::dto::MetBeforeView>, AppError> {
    if viewer.id.0 == other {
        return Ok(Vec::new());
    }
    let met: Vec<_> = store
        .my_meetings(viewer.id, Some(other))
        .await?
        .into_iter()
        .filter(|m| m.starts_at <= now)
        .collect();
    let notes = store
        .meeting_notes(&met.iter().map(|m| m.request_id).collect::<Vec<_>>())
        .await?;
    Ok(met
        .into_iter()
        .map(|m| {
            let tz = time::zone(&m.timezone).unwrap_or(Tz::UTC);
            crate::dto::MetBeforeView {
                event_id: m.event_id,
                event_title: m.event_title.clone(),
                day: time::day_heading(locale, m.starts_at, tz).0,
                notes: notes
                    .iter()
                    .filter(|n| n.request_id == m.request_id)
                    .map(|n| MeetingNoteView {
                        author: if n.user_id == viewer.id.0 {
                            viewer.name.clone()
                        } else {
                            m.other_name.clone()
                        },
                        mine: n.user_id == viewer.id.0,
                        outcome: n.outcome.clone(),
                        next_steps: n.next_steps.clone(),
                        remind_on: n.remind_on.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Mails the follow-up reminders that are due; how many went out. Claiming
/// is atomic, so several instances never send one twice.
pub async fn send_reminders(ctx: &Ctx, now: i64) -> usize {
    let due = match ctx.store.claim_reminders(&today(now)).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "cannot look for meeting reminders");
            return 0;
        }
    };
    let mut sent = 0;
    for r in due {
        let link = format!("{}/events/{}/meetings", ctx.config.base_url, r.event_id);
        let args = [
            ("name", r.other_name.as_str()),
            ("next_steps", r.next_steps.as_str()),
            ("link", link.as_str()),
        ];
        if super::mail_member(
            ctx,
            (&r.email, &r.name, r.locale),
            Msg::MailReminderSubject,
            Msg::MailReminderBody,
            &args,
            link.clone(),
        )
        .await
        {
            sent += 1;
        } else if let Err(e) = ctx.store.release_reminder(r.request_id, r.user_id).await {
            // the next poll tries again
            tracing::warn!(error = %e, "could not give a meeting reminder back");
        }
    }
    sent
}
