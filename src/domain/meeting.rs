//! C2C matchmaking meetings: the rules of one-to-one meetings inside a
//! matchmaking event, apart from storage.
//!
//! - the forms (the organizer's slot plan, a participant's statement for the
//!   event, a meeting request's note, the notes after a meeting) and their
//!   checks;
//! - [`plan`]: turns the event's slots, availability and accepted requests
//!   into the scheduler's exchange format ([`super::schedule`], the same
//!   engine as `tandem schedule`), pinning meetings already confirmed unless
//!   the organizer reshuffles;
//! - [`settle`]: the scheduler's answer as slot, table and, for what stays
//!   out, the reason, with kept meetings keeping their table.

use super::event::LocalTime;
use super::profile::{block, themes};
use super::schedule::{ParticipantIn, PinIn, RequestIn, ScheduleInput, SlotIn, MAX_WEIGHT};
use super::FieldError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const MAX_NOTE: usize = 500;
pub const MAX_STATEMENT: usize = 300;
pub const MAX_OUTCOME: usize = 2_000;
pub const MAX_SLOTS: usize = 96;
pub const MAX_TABLES: i64 = 1_000;

/// Where a meeting request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    Pending,
    Accepted,
    Declined,
    Cancelled,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Accepted => "accepted",
            RequestStatus::Declined => "declined",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            RequestStatus::Pending,
            RequestStatus::Accepted,
            RequestStatus::Declined,
            RequestStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> Msg {
        match self {
            RequestStatus::Pending => Msg::MeetingPending,
            RequestStatus::Accepted => Msg::MeetingAccepted,
            RequestStatus::Declined => Msg::MeetingDeclined,
            RequestStatus::Cancelled => Msg::MeetingCancelled,
        }
    }
}

/// Why the last scheduling run left an accepted meeting out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unplaced {
    /// no slot in which both people are available
    NoCommonSlot,
    /// in every slot both are available, one of them already meets someone
    NoCommonFreeSlot,
    /// both are free in some slot, but its tables are all taken
    TablesFull,
    /// one of the two no longer holds a seat at the event
    NotRegistered,
}

impl Unplaced {
    pub fn as_str(self) -> &'static str {
        match self {
            Unplaced::NoCommonSlot => "no_common_slot",
            Unplaced::NoCommonFreeSlot => "no_common_free_slot",
            Unplaced::TablesFull => "tables_full",
            Unplaced::NotRegistered => "not_registered",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Unplaced::NoCommonSlot,
            Unplaced::NoCommonFreeSlot,
            Unplaced::TablesFull,
            Unplaced::NotRegistered,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> Msg {
        match self {
            Unplaced::NoCommonSlot => Msg::UnplacedNoCommonSlot,
            Unplaced::NoCommonFreeSlot => Msg::UnplacedNoFreeSlot,
            Unplaced::TablesFull => Msg::UnplacedTablesFull,
            Unplaced::NotRegistered => Msg::UnplacedNotRegistered,
        }
    }
}

fn number(field: &'static str, raw: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, Msg::ErrRequired));
    }
    match raw.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError::new(field, Msg::ErrMeetingNumber)),
    }
}

/// The organizer's row of slots: `count` meetings of `minutes`, `pause`
/// minutes apart, from `start` (in the event's zone), `tables` at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlotPlanForm {
    pub start: String,
    pub count: String,
    pub minutes: String,
    pub pause: String,
    pub tables: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotPlan {
    pub start: LocalTime,
    pub count: i64,
    pub minutes: i64,
    pub pause: i64,
    pub tables: i64,
}

impl SlotPlanForm {
    pub fn validate(&self) -> Result<SlotPlan, FieldError> {
        Ok(SlotPlan {
            start: LocalTime::parse("start", &self.start)?,
            count: number("count", &self.count, 1, MAX_SLOTS as i64)?,
            minutes: number("minutes", &self.minutes, 5, 240)?,
            pause: number(
                "pause",
                if self.pause.trim().is_empty() {
                    "0"
                } else {
                    &self.pause
                },
                0,
                120,
            )?,
            tables: number("tables", &self.tables, 1, MAX_TABLES)?,
        })
    }
}

impl SlotPlan {
    /// The (start, end) of each slot given the first start as an instant.
    pub fn spans(&self, first: i64) -> Vec<(i64, i64)> {
        (0..self.count)
            .map(|i| {
                let s = first + i * (self.minutes + self.pause) * 60;
                (s, s + self.minutes * 60)
            })
            .collect()
    }
}

/// What a participant offers and seeks at this event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatementForm {
    pub offer_themes: Vec<String>,
    pub seek_themes: Vec<String>,
    pub offer: String,
    pub seek: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub offer_themes: Vec<String>,
    pub seek_themes: Vec<String>,
    pub offer: String,
    pub seek: String,
}

impl StatementForm {
    pub fn validate(&self) -> Result<Statement, FieldError> {
        Ok(Statement {
            offer_themes: themes(&self.offer_themes),
            seek_themes: themes(&self.seek_themes),
            offer: block("offer", &self.offer, MAX_STATEMENT)?,
            seek: block("seek", &self.seek, MAX_STATEMENT)?,
        })
    }
}

/// The short note that comes with a request.
pub fn request_note(raw: &str) -> Result<String, FieldError> {
    block("note", raw, MAX_NOTE)
}

/// One side's notes after a meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub outcome: String,
    pub next_steps: String,
    /// `YYYY-MM-DD`, or empty for no reminder
    pub remind_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub outcome: String,
    pub next_steps: String,
    pub remind_on: Option<String>,
}

impl OutcomeForm {
    /// `today` (`YYYY-MM-DD`): a reminder must be later.
    pub fn validate(&self, today: &str) -> Result<Outcome, FieldError> {
        let remind_on = match self.remind_on.trim() {
            "" => None,
            d => {
                let t = LocalTime::parse("remind_on", &format!("{d}T09:00"))
                    .map_err(|_| FieldError::new("remind_on", Msg::ErrDate))?;
                let day = format!("{:04}-{:02}-{:02}", t.year, t.month, t.day);
                if day.as_str() <= today {
                    return Err(FieldError::new("remind_on", Msg::ErrReminderPast));
                }
                Some(day)
            }
        };
        Ok(Outcome {
            outcome: block("outcome", &self.outcome, MAX_OUTCOME)?,
            next_steps: block("next_steps", &self.next_steps, MAX_OUTCOME)?,
            remind_on,
        })
    }
}

// ---------------------------------------------------------------- scheduling

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotFact {
    pub id: i64,
    pub tables: i64,
}

/// An accepted request as the scheduler needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFact {
    pub id: i64,
    pub a: i64,
    pub b: i64,
    pub weight: i64,
    /// where it is now: (slot, table)
    pub placed: Option<(i64, i64)>,
}

/// Mutual interest as a scheduling weight: each side's recommendation score
/// of the other, plus one so that every accepted meeting counts.
pub fn weight(a_of_b: i64, b_of_a: i64) -> i64 {
    (1 + a_of_b.max(0) + b_of_a.max(0)).min(MAX_WEIGHT)
}

fn sid(id: i64) -> String {
    format!("s{id}")
}
fn pid(id: i64) -> String {
    format!("p{id}")
}
fn rid(id: i64) -> String {
    format!("r{id}")
}

/// The input for the scheduler, and the confirmed meetings that could not
/// keep their slot (a side became busy, or the organizer removed tables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub input: ScheduleInput,
    pub released: Vec<i64>,
}

/// Builds the scheduler's input. `busy`: (person, slot) pairs. With `keep`,
/// meetings that have a slot are pinned to it while that still holds (in
/// request order, so the oldest confirmations win); without, everything is
/// placed afresh.
pub fn plan(
    slots: &[SlotFact],
    busy: &BTreeSet<(i64, i64)>,
    requests: &[RequestFact],
    keep: bool,
) -> Plan {
    let slot_ids: BTreeSet<i64> = slots.iter().map(|s| s.id).collect();
    let tables: BTreeMap<i64, i64> = slots.iter().map(|s| (s.id, s.tables)).collect();
    // a pair with no slot both can make is left out here (`settle` says
    // why): the exchange format reads an empty availability as "every slot"
    let common = |r: &RequestFact| {
        slots
            .iter()
            .any(|s| !busy.contains(&(r.a, s.id)) && !busy.contains(&(r.b, s.id)))
    };
    let (requests, dropped): (Vec<RequestFact>, Vec<RequestFact>) =
        requests.iter().partition(|r| common(r));
    let mut people: BTreeSet<i64> = BTreeSet::new();
    for r in &requests {
        people.insert(r.a);
        people.insert(r.b);
    }
    let participants = people
        .iter()
        .map(|&p| ParticipantIn {
            id: pid(p),
            available: Some(
                slots
                    .iter()
                    .filter(|s| !busy.contains(&(p, s.id)))
                    .map(|s| sid(s.id))
                    .collect(),
            ),
        })
        .collect();
    let mut pinned = Vec::new();
    let mut released: Vec<i64> = if keep {
        dropped
            .iter()
            .filter(|r| r.placed.is_some())
            .map(|r| r.id)
            .collect()
    } else {
        Vec::new()
    };
    if keep {
        let mut used: BTreeMap<i64, i64> = BTreeMap::new();
        let mut seated: BTreeSet<(i64, i64)> = BTreeSet::new();
        let mut sorted: Vec<&RequestFact> = requests.iter().collect();
        sorted.sort_by_key(|r| r.id);
        for r in sorted {
            let Some((slot, _)) = r.placed else { continue };
            let holds = slot_ids.contains(&slot)
                && !busy.contains(&(r.a, slot))
                && !busy.contains(&(r.b, slot))
                && !seated.contains(&(r.a, slot))
                && !seated.contains(&(r.b, slot))
                && used.get(&slot).copied().unwrap_or(0) < tables.get(&slot).copied().unwrap_or(0);
            if holds {
                *used.entry(slot).or_default() += 1;
                seated.insert((r.a, slot));
                seated.insert((r.b, slot));
                pinned.push(PinIn {
                    request: rid(r.id),
                    slot: sid(slot),
                });
            } else {
                released.push(r.id);
            }
        }
    }
    Plan {
        input: ScheduleInput {
            slots: slots
                .iter()
                .map(|s| SlotIn {
                    id: sid(s.id),
                    start: None,
                    end: None,
                    tables: s.tables,
                })
                .collect(),
            participants,
            requests: requests
                .iter()
                .map(|r| RequestIn {
                    id: rid(r.id),
                    a: pid(r.a),
                    b: pid(r.b),
                    weight: r.weight.clamp(1, MAX_WEIGHT),
                })
                .collect(),
            pinned,
        },
        released,
    }
}

/// Where one accepted request ends up after a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub request: i64,
    pub placed: Option<(i64, i64)>,
    pub reason: Option<Unplaced>,
}

/// Turns the scheduler's slots (`slot_of[i]` for `requests[i]`, as slot ids)
/// into slots and tables: a meeting that stays in its slot keeps its table;
/// the others take the lowest free table. Meetings left out get their reason.
pub fn settle(
    slots: &[SlotFact],
    busy: &BTreeSet<(i64, i64)>,
    requests: &[RequestFact],
    slot_of: &[Option<i64>],
) -> Vec<Placement> {
    let tables: BTreeMap<i64, i64> = slots.iter().map(|s| (s.id, s.tables)).collect();
    let mut taken: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    let mut table_of: Vec<Option<i64>> = vec![None; requests.len()];
    // first those that stay where they were
    for (i, r) in requests.iter().enumerate() {
        if let (Some(s), Some((old_s, old_t))) = (slot_of[i], r.placed) {
            let max = tables.get(&s).copied().unwrap_or(0);
            if s == old_s && old_t >= 1 && old_t <= max && taken.entry(s).or_default().insert(old_t)
            {
                table_of[i] = Some(old_t);
            }
        }
    }
    for (i, _) in requests.iter().enumerate() {
        if let (Some(s), None) = (slot_of[i], table_of[i]) {
            let used = taken.entry(s).or_default();
            let t = (1..).find(|t| !used.contains(t)).unwrap_or(1);
            used.insert(t);
            table_of[i] = Some(t);
        }
    }
    // who is in a meeting when, for the reasons
    let mut meets: BTreeSet<(i64, i64)> = BTreeSet::new();
    for (i, r) in requests.iter().enumerate() {
        if let Some(s) = slot_of[i] {
            meets.insert((r.a, s));
            meets.insert((r.b, s));
        }
    }
    requests
        .iter()
        .enumerate()
        .map(|(i, r)| match (slot_of[i], table_of[i]) {
            (Some(s), Some(t)) => Placement {
                request: r.id,
                placed: Some((s, t)),
                reason: None,
            },
            _ => {
                let common: Vec<i64> = slots
                    .iter()
                    .map(|s| s.id)
                    .filter(|&s| !busy.contains(&(r.a, s)) && !busy.contains(&(r.b, s)))
                    .collect();
                let reason = if common.is_empty() {
                    Unplaced::NoCommonSlot
                } else if common
                    .iter()
                    .any(|&s| !meets.contains(&(r.a, s)) && !meets.contains(&(r.b, s)))
                {
                    Unplaced::TablesFull
                } else {
                    Unplaced::NoCommonFreeSlot
                };
                Placement {
                    request: r.id,
                    placed: None,
                    reason: Some(reason),
                }
            }
        })
        .collect()
}

/// Reads the scheduler's output back into slot ids per request (in the
/// order of `requests`).
pub fn slots_from_output(
    requests: &[RequestFact],
    out: &super::schedule::ScheduleOutput,
) -> Vec<Option<i64>> {
    let by_request: BTreeMap<&str, &str> = out
        .assignments
        .iter()
        .map(|a| (a.request.as_str(), a.slot.as_str()))
        .collect();
    requests
        .iter()
        .map(|r| {
            by_request
                .get(rid(r.id).as_str())
                .and_then(|s| s.strip_prefix('s'))
                .and_then(|s| s.parse().ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::schedule::{check, solve, Problem};
    use super::*;

    fn run(
        slots: &[SlotFact],
        busy: &BTreeSet<(i64, i64)>,
        reqs: &[RequestFact],
        keep: bool,
    ) -> Vec<Placement> {
        let plan = plan(slots, busy, reqs, keep);
        let p = Problem::parse(&plan.input).expect("valid plan");
        let out = p.output(&solve(&p));
        check(&p, &out).expect("rules hold");
        settle(slots, busy, reqs, &slots_from_output(reqs, &out))
    }

    fn req(id: i64, a: i64, b: i64, placed: Option<(i64, i64)>) -> RequestFact {
        RequestFact {
            id,
            a,
            b,
            weight: 1,
            placed,
        }
    }

    #[test]
    fn slot_plan_checks_each_field_and_spaces_slots() {
        let f = SlotPlanForm {
            start: "2027-03-15T10:00".into(),
            count: "3".into(),
            minutes: "20".into(),
            pause: "5".into(),
            tables: "10".into(),
        };
        let p = f.validate().unwrap();
        assert_eq!(p.spans(0), vec![(0, 1200), (1500, 2700), (3000, 4200)]);
        let bad = |g: fn(&mut SlotPlanForm), field: &str| {
            let mut f = f.clone();
            g(&mut f);
            assert_eq!(f.validate().unwrap_err().field, field);
        };
        bad(|f| f.count = "0".into(), "count");
        bad(|f| f.count = "many".into(), "count");
        bad(|f| f.minutes = "2".into(), "minutes");
        bad(|f| f.pause = "-1".into(), "pause");
        bad(|f| f.tables = "".into(), "tables");
        bad(|f| f.start = "tomorrow".into(), "start");
        let mut no_pause = f.clone();
        no_pause.pause = " ".into();
        assert_eq!(no_pause.validate().unwrap().pause, 0);
    }

    #[test]
    fn outcome_reminder_must_be_a_later_day() {
        let f = |d: &str| OutcomeForm {
            outcome: "Agreed to share the housing study".into(),
            next_steps: String::new(),
            remind_on: d.into(),
        };
        assert_eq!(f("").validate("2027-03-15").unwrap().remind_on, None);
        assert_eq!(
            f("2027-04-01")
                .validate("2027-03-15")
                .unwrap()
                .remind_on
                .as_deref(),
            Some("2027-04-01")
        );
        assert_eq!(
            f("2027-03-15").validate("2027-03-15").unwrap_err().msg,
            Msg::ErrReminderPast
        );
        assert_eq!(
            f("2027-02-30").validate("2027-03-15").unwrap_err().msg,
            Msg::ErrDate
        );
        let long = OutcomeForm {
            outcome: "x".repeat(MAX_OUTCOME + 1),
            ..f("")
        };
        assert_eq!(long.validate("2027-03-15").unwrap_err().field, "outcome");
    }

    #[test]
    fn note_and_statement_limits() {
        assert!(request_note(&"x".repeat(MAX_NOTE)).is_ok());
        assert_eq!(
            request_note(&"x".repeat(MAX_NOTE + 1)).unwrap_err().field,
            "note"
        );
        let s = StatementForm {
            offer_themes: vec!["housing".into(), " housing ".into(), "".into()],
            seek_themes: vec![],
            offer: "  Social housing finance  ".into(),
            seek: "x".repeat(MAX_STATEMENT + 1),
        };
        assert_eq!(s.validate().unwrap_err().field, "seek");
        let ok = StatementForm {
            seek: String::new(),
            ..s
        }
        .validate()
        .unwrap();
        assert_eq!(ok.offer_themes, vec!["housing".to_owned()]);
        assert_eq!(ok.offer, "Social housing finance");
    }

    #[test]
    fn weight_rewards_mutual_interest() {
        assert_eq!(weight(0, 0), 1);
        assert_eq!(weight(5, 3), 9);
        assert!(weight(10, 10) > weight(20, 0) - 1);
        assert_eq!(weight(i64::MAX / 2, i64::MAX / 2), MAX_WEIGHT);
    }

    #[test]
    fn confirmed_meetings_keep_slot_and_table_unless_reshuffled() {
        let slots = [
            SlotFact { id: 10, tables: 2 },
            SlotFact { id: 11, tables: 2 },
        ];
        let busy = BTreeSet::new();
        // 1–2 was confirmed in slot 11 at table 2; 1–3 and 2–4 arrive
        let reqs = [
            req(1, 1, 2, Some((11, 2))),
            req(2, 1, 3, None),
            req(3, 2, 4, None),
        ];
        let out = run(&slots, &busy, &reqs, true);
        assert_eq!(out[0].placed, Some((11, 2)));
        assert!(out.iter().all(|p| p.placed.is_some()));
        // nobody twice in a slot: the newcomers meet in the other slot, at
        // the two tables
        assert_eq!(out[1].placed.unwrap().0, 10);
        assert_eq!(out[2].placed.unwrap().0, 10);
        assert_ne!(out[1].placed.unwrap().1, out[2].placed.unwrap().1);
        // reshuffling is free to move it; it still places everything
        let again = run(&slots, &busy, &reqs, false);
        assert!(again.iter().all(|p| p.placed.is_some()));
    }

    #[test]
    fn a_pin_that_no_longer_holds_is_released() {
        let slots = [
            SlotFact { id: 10, tables: 1 },
            SlotFact { id: 11, tables: 1 },
        ];
        // person 2 became busy in slot 10, where 1–2 was confirmed
        let busy: BTreeSet<_> = [(2, 10)].into_iter().collect();
        let reqs = [req(1, 1, 2, Some((10, 1))), req(2, 3, 4, Some((10, 1)))];
        let plan = plan(&slots, &busy, &reqs, true);
        assert_eq!(plan.released, vec![1]);
        assert_eq!(plan.input.pinned.len(), 1);
        let out = run(&slots, &busy, &reqs, true);
        assert_eq!(out[0].placed, Some((11, 1)));
        assert_eq!(out[1].placed, Some((10, 1)));
        // two confirmations in a one-table slot: the older one stays
        let crowded = [req(5, 1, 2, Some((10, 1))), req(6, 3, 4, Some((10, 1)))];
        let plan = super::plan(&slots, &BTreeSet::new(), &crowded, true);
        assert_eq!(plan.released, vec![6]);
    }

    #[test]
    fn reasons_for_what_stays_out() {
        let slots = [
            SlotFact { id: 10, tables: 1 },
            SlotFact { id: 11, tables: 1 },
        ];
        // 1 is busy in 10, 2 is busy in 11: never free together
        let busy: BTreeSet<_> = [(1, 10), (2, 11)].into_iter().collect();
        let out = run(&slots, &busy, &[req(1, 1, 2, None)], true);
        assert_eq!(out[0].reason, Some(Unplaced::NoCommonSlot));
        // three people, all pairs, two slots of one table: one pair waits,
        // and in each slot one of them is already meeting
        let out = run(
            &slots,
            &BTreeSet::new(),
            &[req(1, 1, 2, None), req(2, 2, 3, None), req(3, 1, 3, None)],
            true,
        );
        let left: Vec<_> = out.iter().filter(|p| p.placed.is_none()).collect();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].reason, Some(Unplaced::NoCommonFreeSlot));
        // four strangers, one slot with one table: the tables are full
        let one = [SlotFact { id: 10, tables: 1 }];
        let out = run(
            &one,
            &BTreeSet::new(),
            &[req(1, 1, 2, None), req(2, 3, 4, None)],
            true,
        );
        assert_eq!(
            out.iter()
                .filter(|p| p.reason == Some(Unplaced::TablesFull))
                .count(),
            1
        );
    }

    #[test]
    fn someone_busy_in_every_slot_is_never_placed() {
        let slots = [
            SlotFact { id: 10, tables: 2 },
            SlotFact { id: 11, tables: 2 },
        ];
        // person 1 unticked every slot (the form then sends no free slot)
        let busy: BTreeSet<_> = [(1, 10), (1, 11)].into_iter().collect();
        let reqs = [req(1, 1, 2, Some((10, 1))), req(2, 2, 3, None)];
        let p = plan(&slots, &busy, &reqs, true);
        assert!(p.input.participants.iter().all(|x| x.id != "p1"));
        assert_eq!(p.released, vec![1]);
        let out = run(&slots, &busy, &reqs, true);
        assert_eq!(out[0].placed, None);
        assert_eq!(out[0].reason, Some(Unplaced::NoCommonSlot));
        assert!(out[1].placed.is_some());
    }

    #[test]
    fn vocabularies_round_trip() {
        for s in [
            RequestStatus::Pending,
            RequestStatus::Accepted,
            RequestStatus::Declined,
            RequestStatus::Cancelled,
        ] {
            assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
        }
        for u in [
            Unplaced::NoCommonSlot,
            Unplaced::NoCommonFreeSlot,
            Unplaced::TablesFull,
        ] {
            assert_eq!(Unplaced::parse(u.as_str()), Some(u));
        }
        assert_eq!(RequestStatus::parse("maybe"), None);
    }
}
