//! The meeting scheduler: which accepted one-to-one meetings of a C2C
//! matchmaking meeting go in which time slot and at which table.
//!
//! Pure (no I/O, no clock, no randomness without a fixed seed): the same input
//! always gives the same output, byte for byte. The exchange format is the one
//! of `tandem schedule` (see the meeting-scheduling spec): [`ScheduleInput`] in,
//! [`ScheduleOutput`] out.
//!
//! - [`Problem::parse`] checks the input (unknown or duplicate ids, a == b,
//!   weights, pins that cannot all hold) and indexes it; the error names what
//!   is wrong and where, in one line.
//! - [`solve`] maximises the total weight of the scheduled meetings, then
//!   reduces idle gaps in people's days without losing weight.
//! - [`check`] verifies every rule on an output (tests, the benchmark, anyone).
//! - [`upper_bound`] is a bound no schedule can beat, to measure quality.
//! - [`generate`] makes deterministic synthetic instances for tests and the
//!   benchmark.

mod bound;
mod generate;
mod solve;

pub use bound::{upper_bound, UpperBound};
pub use generate::{generate, GenParams};
pub use solve::{solve, solve_with, SolveOptions};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Largest accepted weight: keeps every sum far from overflowing.
pub const MAX_WEIGHT: i64 = 1_000_000;

// ---------------------------------------------------------------- exchange format

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleInput {
    pub slots: Vec<SlotIn>,
    pub participants: Vec<ParticipantIn>,
    pub requests: Vec<RequestIn>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<PinIn>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotIn {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// How many meetings fit in the slot (checked to be at least 1).
    pub tables: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantIn {
    pub id: String,
    /// Omitted or empty: every slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestIn {
    pub id: String,
    pub a: String,
    pub b: String,
    #[serde(default = "one")]
    pub weight: i64,
}

fn one() -> i64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinIn {
    pub request: String,
    pub slot: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleOutput {
    /// In slot order, then table order.
    pub assignments: Vec<Assignment>,
    /// In input order.
    pub unscheduled: Vec<String>,
    pub scheduled_weight: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub request: String,
    pub slot: String,
    pub table: u32,
}

// ---------------------------------------------------------------- errors

/// Bad input: what is wrong and where, as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// Not JSON, or not the shape of [`ScheduleInput`]; serde's message with
    /// its line and column.
    Json(String),
    /// A rule broken at a place in the input, such as `requests[3].b`.
    Invalid { at: String, message: String },
}

impl ScheduleError {
    fn at(at: impl Into<String>, message: impl Into<String>) -> Self {
        ScheduleError::Invalid {
            at: at.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::Json(m) => write!(f, "malformed input JSON: {m}"),
            ScheduleError::Invalid { at, message } => write!(f, "{at}: {message}"),
        }
    }
}

impl std::error::Error for ScheduleError {}

// ---------------------------------------------------------------- the checked problem

pub(crate) const NONE: usize = usize::MAX;

/// A checked input, indexed: slots, people and requests by position.
#[derive(Debug, Clone)]
pub struct Problem {
    pub(crate) slot_ids: Vec<String>,
    pub(crate) person_ids: Vec<String>,
    pub(crate) request_ids: Vec<String>,
    /// meetings per slot
    pub(crate) tables: Vec<usize>,
    /// people × slots
    pub(crate) avail: Vec<bool>,
    /// the two people of each request
    pub(crate) ends: Vec<(usize, usize)>,
    pub(crate) weight: Vec<i64>,
    /// the slots both people of a request are available in, ascending
    pub(crate) opts: Vec<Vec<usize>>,
    /// requests × slots
    pub(crate) allowed: Vec<bool>,
    /// the requests of each person, in input order
    pub(crate) incident: Vec<Vec<usize>>,
    /// the pinned slot of each request
    pub(crate) pin: Vec<Option<usize>>,
}

impl Problem {
    /// Parses and checks the exchange format.
    pub fn from_json(text: &str) -> Result<Problem, ScheduleError> {
        let input: ScheduleInput =
            serde_json::from_str(text).map_err(|e| ScheduleError::Json(e.to_string()))?;
        Problem::parse(&input)
    }

    /// Checks every rule the input must follow and indexes it.
    pub fn parse(input: &ScheduleInput) -> Result<Problem, ScheduleError> {
        let k = input.slots.len();
        let mut slot_index = BTreeMap::new();
        let mut tables = Vec::with_capacity(k);
        for (i, s) in input.slots.iter().enumerate() {
            if s.id.is_empty() {
                return Err(ScheduleError::at(format!("slots[{i}].id"), "empty id"));
            }
            if let Some(j) = slot_index.insert(s.id.as_str(), i) {
                return Err(ScheduleError::at(
                    format!("slots[{i}].id"),
                    format!("duplicate slot id {:?} (also slots[{j}])", s.id),
                ));
            }
            if s.tables < 1 {
                return Err(ScheduleError::at(
                    format!("slots[{i}].tables"),
                    format!("must be at least 1, got {}", s.tables),
                ));
            }
            tables.push(usize::try_from(s.tables).unwrap_or(usize::MAX).min(1 << 30));
        }
        let n = input.participants.len();
        let mut person_index = BTreeMap::new();
        let mut avail = vec![false; n * k];
        for (i, p) in input.participants.iter().enumerate() {
            if p.id.is_empty() {
                return Err(ScheduleError::at(
                    format!("participants[{i}].id"),
                    "empty id",
                ));
            }
            if let Some(j) = person_index.insert(p.id.as_str(), i) {
                return Err(ScheduleError::at(
                    format!("participants[{i}].id"),
                    format!(
                        "duplicate participant id {:?} (also participants[{j}])",
                        p.id
                    ),
                ));
            }
            match p.available.as_deref() {
                None | Some([]) => avail[i * k..(i + 1) * k].fill(true),
                Some(list) => {
                    for (j, sid) in list.iter().enumerate() {
                        let Some(&s) = slot_index.get(sid.as_str()) else {
                            return Err(ScheduleError::at(
                                format!("participants[{i}].available[{j}]"),
                                format!("unknown slot {sid:?}"),
                            ));
                        };
                        avail[i * k + s] = true;
                    }
                }
            }
        }
        let m = input.requests.len();
        let mut request_index = BTreeMap::new();
        let mut ends = Vec::with_capacity(m);
        let mut weight = Vec::with_capacity(m);
        let mut opts = Vec::with_capacity(m);
        let mut allowed = vec![false; m * k];
        let mut incident = vec![Vec::new(); n];
        for (i, r) in input.requests.iter().enumerate() {
            if r.id.is_empty() {
                return Err(ScheduleError::at(format!("requests[{i}].id"), "empty id"));
            }
            if let Some(j) = request_index.insert(r.id.as_str(), i) {
                return Err(ScheduleError::at(
                    format!("requests[{i}].id"),
                    format!("duplicate request id {:?} (also requests[{j}])", r.id),
                ));
            }
            let person = |field: &str, id: &str| {
                person_index.get(id).copied().ok_or_else(|| {
                    ScheduleError::at(
                        format!("requests[{i}].{field}"),
                        format!("unknown participant {id:?}"),
                    )
                })
            };
            let a = person("a", &r.a)?;
            let b = person("b", &r.b)?;
            if a == b {
                return Err(ScheduleError::at(
                    format!("requests[{i}]"),
                    format!("a and b are the same participant {:?}", r.a),
                ));
            }
            if !(1..=MAX_WEIGHT).contains(&r.weight) {
                return Err(ScheduleError::at(
                    format!("requests[{i}].weight"),
                    format!("must be between 1 and {MAX_WEIGHT}, got {}", r.weight),
                ));
            }
            let o: Vec<usize> = (0..k)
                .filter(|&s| avail[a * k + s] && avail[b * k + s])
                .collect();
            for &s in &o {
                allowed[i * k + s] = true;
            }
            ends.push((a, b));
            weight.push(r.weight);
            opts.push(o);
            incident[a].push(i);
            incident[b].push(i);
        }
        // pins: each must be possible, and all of them together
        let mut pin = vec![None; m];
        let mut pinned_at: Vec<Option<usize>> = vec![None; m]; // which pins[] entry
        let mut holder: BTreeMap<(usize, usize), usize> = BTreeMap::new(); // (person, slot) -> pin
        let mut count = vec![0usize; k];
        for (i, p) in input.pinned.iter().enumerate() {
            let Some(&r) = request_index.get(p.request.as_str()) else {
                return Err(ScheduleError::at(
                    format!("pinned[{i}].request"),
                    format!("unknown request {:?}", p.request),
                ));
            };
            let Some(&s) = slot_index.get(p.slot.as_str()) else {
                return Err(ScheduleError::at(
                    format!("pinned[{i}].slot"),
                    format!("unknown slot {:?}", p.slot),
                ));
            };
            if let Some(j) = pinned_at[r] {
                return Err(ScheduleError::at(
                    format!("pinned[{i}].request"),
                    format!("request {:?} is already pinned (pinned[{j}])", p.request),
                ));
            }
            let (a, b) = ends[r];
            for who in [a, b] {
                if !avail[who * k + s] {
                    return Err(ScheduleError::at(
                        format!("pinned[{i}]"),
                        format!(
                            "participant {:?} of request {:?} is not available in slot {:?}",
                            input.participants[who].id, p.request, p.slot
                        ),
                    ));
                }
                if let Some(j) = holder.insert((who, s), i) {
                    return Err(ScheduleError::at(
                        format!("pinned[{i}]"),
                        format!(
                            "participant {:?} already has pinned request {:?} in slot {:?} (pinned[{j}])",
                            input.participants[who].id, input.pinned[j].request, p.slot
                        ),
                    ));
                }
            }
            count[s] += 1;
            if count[s] > tables[s] {
                return Err(ScheduleError::at(
                    format!("pinned[{i}]"),
                    format!(
                        "more pinned meetings in slot {:?} than its {} tables",
                        p.slot, tables[s]
                    ),
                ));
            }
            pinned_at[r] = Some(i);
            pin[r] = Some(s);
        }
        Ok(Problem {
            slot_ids: input.slots.iter().map(|s| s.id.clone()).collect(),
            person_ids: input.participants.iter().map(|p| p.id.clone()).collect(),
            request_ids: input.requests.iter().map(|r| r.id.clone()).collect(),
            tables,
            avail,
            ends,
            weight,
            opts,
            allowed,
            incident,
            pin,
        })
    }

    pub fn slots(&self) -> usize {
        self.slot_ids.len()
    }

    pub fn people(&self) -> usize {
        self.person_ids.len()
    }

    pub fn requests(&self) -> usize {
        self.request_ids.len()
    }

    /// The sum of all request weights.
    pub fn total_weight(&self) -> i64 {
        self.weight.iter().sum()
    }

    /// The most requests any one person has.
    pub fn max_degree(&self) -> usize {
        self.incident.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Idle slots in each person's day, summed: for each person, the slots
    /// between their first and last meeting that they are available for and
    /// not meeting in. `slot_of[r]` is the slot of request `r`, if scheduled.
    pub fn idle_gaps(&self, slot_of: &[Option<usize>]) -> usize {
        let k = self.slots();
        let mut busy = vec![false; self.people() * k];
        for (r, s) in slot_of.iter().enumerate() {
            if let Some(s) = *s {
                let (a, b) = self.ends[r];
                busy[a * k + s] = true;
                busy[b * k + s] = true;
            }
        }
        (0..self.people())
            .map(|p| gaps_in(&busy[p * k..(p + 1) * k], &self.avail[p * k..(p + 1) * k]))
            .sum()
    }

    /// The output for a slot per request: tables numbered 1.. within each
    /// slot in request order.
    pub fn output(&self, slot_of: &[Option<usize>]) -> ScheduleOutput {
        let mut assignments = Vec::new();
        for s in 0..self.slots() {
            let mut table = 0;
            for (r, &x) in slot_of.iter().enumerate() {
                if x == Some(s) {
                    table += 1;
                    assignments.push(Assignment {
                        request: self.request_ids[r].clone(),
                        slot: self.slot_ids[s].clone(),
                        table,
                    });
                }
            }
        }
        let unscheduled = slot_of
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_none())
            .map(|(r, _)| self.request_ids[r].clone())
            .collect();
        let scheduled_weight = slot_of
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_some())
            .map(|(r, _)| self.weight[r])
            .sum();
        ScheduleOutput {
            assignments,
            unscheduled,
            scheduled_weight,
        }
    }

    /// The slot of each request in an output, checking it refers to this
    /// problem's ids.
    pub fn slots_of(&self, out: &ScheduleOutput) -> Result<Vec<Option<usize>>, String> {
        let request: BTreeMap<&str, usize> = self
            .request_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let slot: BTreeMap<&str, usize> = self
            .slot_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut slot_of = vec![None; self.requests()];
        for (i, a) in out.assignments.iter().enumerate() {
            let r = *request
                .get(a.request.as_str())
                .ok_or_else(|| format!("assignments[{i}]: unknown request {}", a.request))?;
            let s = *slot
                .get(a.slot.as_str())
                .ok_or_else(|| format!("assignments[{i}]: unknown slot {}", a.slot))?;
            if slot_of[r].is_some() {
                return Err(format!("assignments[{i}]: {} scheduled twice", a.request));
            }
            slot_of[r] = Some(s);
        }
        Ok(slot_of)
    }
}

/// Idle slots between the first and the last busy one, counting only slots
/// the person is available for.
pub(crate) fn gaps_in(busy: &[bool], avail: &[bool]) -> usize {
    let Some(first) = busy.iter().position(|&b| b) else {
        return 0;
    };
    let last = busy.iter().rposition(|&b| b).unwrap_or(first);
    (first..=last).filter(|&s| !busy[s] && avail[s]).count()
}

/// Checks an output against every rule: ids known, each request at most once
/// and either assigned or unscheduled, people in one meeting per slot and only
/// when both are available, tables 1..=tables each used once per slot, pins
/// kept, and the scheduled weight right.
pub fn check(p: &Problem, out: &ScheduleOutput) -> Result<(), String> {
    let k = p.slots();
    let slot_of = p.slots_of(out)?;
    let mut table_used = BTreeMap::new();
    for (i, a) in out.assignments.iter().enumerate() {
        let s = p.slot_ids.iter().position(|x| *x == a.slot).unwrap_or(0);
        if a.table < 1 || a.table as usize > p.tables[s] {
            return Err(format!(
                "assignments[{i}]: table {} outside 1..={} in slot {}",
                a.table, p.tables[s], a.slot
            ));
        }
        if let Some(j) = table_used.insert((s, a.table), i) {
            return Err(format!(
                "assignments[{i}]: table {} of slot {} also used by assignments[{j}]",
                a.table, a.slot
            ));
        }
    }
    let mut seen = vec![false; p.requests()];
    for id in &out.unscheduled {
        let r = p
            .request_ids
            .iter()
            .position(|x| x == id)
            .ok_or_else(|| format!("unscheduled: unknown request {id}"))?;
        if slot_of[r].is_some() || seen[r] {
            return Err(format!("unscheduled: {id} listed twice or also assigned"));
        }
        seen[r] = true;
    }
    let mut who = vec![NONE; p.people() * k];
    let mut weight = 0;
    for r in 0..p.requests() {
        let id = &p.request_ids[r];
        match slot_of[r] {
            None => {
                if !seen[r] {
                    return Err(format!("{id} neither assigned nor unscheduled"));
                }
                if p.pin[r].is_some() {
                    return Err(format!("pinned {id} not scheduled"));
                }
            }
            Some(s) => {
                if let Some(ps) = p.pin[r] {
                    if ps != s {
                        return Err(format!("pinned {id} moved"));
                    }
                }
                let (a, b) = p.ends[r];
                for x in [a, b] {
                    if !p.avail[x * k + s] {
                        return Err(format!(
                            "{id}: {} not available in {}",
                            p.person_ids[x], p.slot_ids[s]
                        ));
                    }
                    if who[x * k + s] != NONE {
                        return Err(format!(
                            "{id}: {} already meets in {} ({})",
                            p.person_ids[x],
                            p.slot_ids[s],
                            p.request_ids[who[x * k + s]]
                        ));
                    }
                    who[x * k + s] = r;
                }
                weight += p.weight[r];
            }
        }
    }
    if weight != out.scheduled_weight {
        return Err(format!(
            "scheduled_weight {} but the assignments weigh {weight}",
            out.scheduled_weight
        ));
    }
    Ok(())
}

/// Parses, checks, solves and writes the output as pretty JSON (with a final
/// newline): the whole of `tandem schedule`.
pub fn schedule_json(text: &str) -> Result<String, ScheduleError> {
    let p = Problem::from_json(text)?;
    let out = p.output(&solve(&p));
    let mut s =
        serde_json::to_string_pretty(&out).map_err(|e| ScheduleError::Json(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests;
