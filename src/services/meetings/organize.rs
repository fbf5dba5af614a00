//! What organizers do: slots and tables, scheduler runs, the dashboard and its CSV.

use super::*;

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
