//! The pairing programme's second half: selected cities become pairs (one
//! European and one North American city) or trios, sign an agreement, and
//! cooperate for 18 months on an Urban Cooperation Action Plan (U-CAP).
//! Life cycles, calendar days, the programme's milestones, the agreement's
//! rules; forming the groups is in `formation`, the plan in `plan`. No I/O.

use super::call::states;
use super::event::days_in_month;
use super::profile::{block, one_line};
use super::FieldError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub mod formation;
pub mod plan;

#[cfg(test)]
mod tests;

/// How long a pairing cooperates, from its agreement's last signature.
pub const PERIOD_MONTHS: u32 = 18;
pub const MAX_COMMITMENTS: usize = 5_000;
pub const MAX_NOTE: usize = 5_000;
pub const MAX_REPORT: usize = 10_000;

states!(
    /// proposed (staff formed it) → signing (the agreement is ready) →
    /// cooperating (the last city signed) → completed; ended early from any
    /// state before completion, with why.
    PairingState, "state" {
        Proposed => "proposed", PairingProposed;
        Signing => "signing", PairingSigning;
        Cooperating => "cooperating", PairingCooperating;
        Completed => "completed", PairingCompleted;
        Ended => "ended", PairingEnded;
    }
);

impl PairingState {
    pub fn can_become(self, to: PairingState) -> bool {
        use PairingState::*;
        matches!(
            (self, to),
            (Proposed, Signing)
                | (Signing, Proposed)
                | (Signing, Cooperating)
                | (Cooperating, Completed)
                | (Proposed | Signing | Cooperating, Ended)
        )
    }

    /// Whether the agreement's text may still change.
    pub fn agreement_open(self) -> bool {
        matches!(self, PairingState::Proposed | PairingState::Signing)
    }

    /// Whether cities may sign.
    pub fn can_sign(self) -> bool {
        self == PairingState::Signing
    }

    /// Whether visitors see it (on the list, the map and in the open data).
    pub fn is_public(self) -> bool {
        matches!(
            self,
            PairingState::Signing | PairingState::Cooperating | PairingState::Completed
        )
    }

    /// Whether the team works on its plan and activities.
    pub fn is_working(self) -> bool {
        !matches!(self, PairingState::Completed | PairingState::Ended)
    }
}

states!(
    /// The programme's milestones and the pairing's own.
    MilestoneKind, "kind" {
        Kickoff => "kickoff", MilestoneKickoff;
        Visit => "visit", MilestoneVisit;
        DraftPlan => "draft_plan", MilestoneDraftPlan;
        FinalPlan => "final_plan", MilestoneFinalPlan;
        Closing => "closing", MilestoneClosing;
        Own => "own", MilestoneOwn;
    }
);

states!(
    ActivityKind, "kind" {
        StudyVisit => "study_visit", ActivityStudyVisit;
        StaffExchange => "staff_exchange", ActivityStaffExchange;
        Training => "training", ActivityTraining;
        Seminar => "seminar", ActivitySeminar;
    }
);

/// A calendar day, written `YYYY-MM-DD` (which also sorts as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Day {
    pub fn parse(field: &'static str, raw: &str) -> Result<Day, FieldError> {
        let bad = || FieldError::new(field, Msg::ErrDate);
        let raw = raw.trim();
        let mut parts = raw.splitn(3, '-');
        let (y, m, d) = (parts.next(), parts.next(), parts.next());
        let (Some(y), Some(m), Some(d)) = (y, m, d) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let y: i32 = y.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        let d: u32 = d.parse().map_err(|_| bad())?;
        if !(1900..=2200).contains(&y)
            || !(1..=12).contains(&m)
            || d == 0
            || d > days_in_month(y, m)
        {
            return Err(bad());
        }
        Ok(Day { y, m, d })
    }

    /// An optional day: empty is none.
    pub fn parse_opt(field: &'static str, raw: &str) -> Result<Option<Day>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Day::parse(field, raw).map(Some)
        }
    }

    /// The UTC day of a Unix time (days from civil, after H. Hinnant).
    pub fn from_unix(ts: i64) -> Day {
        let z = ts.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Day { y, m, d }
    }

    /// The same day `n` months later, or the month's last day when it is
    /// shorter (31 August + 6 months = 28 or 29 February).
    pub fn add_months(self, n: u32) -> Day {
        let total = self.y * 12 + (self.m as i32 - 1) + n as i32;
        let y = total.div_euclid(12);
        let m = total.rem_euclid(12) as u32 + 1;
        Day {
            y,
            m,
            d: self.d.min(days_in_month(y, m)),
        }
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// The last day of the cooperation period that starts on `start`.
pub fn period_end(start: Day) -> Day {
    start.add_months(PERIOD_MONTHS)
}

/// The programme's milestones for a period starting on `start`: kick-off
/// after a month, a study visit to each city, the draft plan at nine months,
/// the final plan at fifteen, closing at the end. `cities` in the pairing's
/// order; visits are spread between months 4 and 10.
pub fn programme_milestones(start: Day, cities: &[i64]) -> Vec<(MilestoneKind, Option<i64>, Day)> {
    let mut out = vec![(MilestoneKind::Kickoff, None, start.add_months(1))];
    let step = if cities.len() <= 2 { 3 } else { 2 };
    for (i, c) in cities.iter().enumerate() {
        out.push((
            MilestoneKind::Visit,
            Some(*c),
            start.add_months(4 + step * i as u32),
        ));
    }
    out.push((MilestoneKind::DraftPlan, None, start.add_months(9)));
    out.push((MilestoneKind::FinalPlan, None, start.add_months(15)));
    out.push((MilestoneKind::Closing, None, period_end(start)));
    out.sort_by_key(|(_, _, d)| *d);
    out
}

/// A milestone is overdue when its day has passed and it is not done.
pub fn overdue(due: Day, done: Option<Day>, today: Day) -> bool {
    done.is_none() && due < today
}

/// Where a pairing's agreement stands for one version: which cities signed.
/// The cooperation period starts when the last one signs.
pub fn all_signed(cities: &[i64], signed: &[i64]) -> bool {
    !cities.is_empty() && cities.iter().all(|c| signed.contains(c))
}

/// The agreement as the team drafts it: the agreed cooperation areas and
/// the commitments, in the language they write in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementForm {
    pub themes: Vec<String>,
    pub commitments: String,
}

impl AgreementForm {
    pub fn validate(&self) -> Result<(Vec<String>, String), FieldError> {
        let themes = super::profile::themes(&self.themes);
        if themes.is_empty() {
            return Err(FieldError::new("themes", Msg::ErrAgreementThemes));
        }
        let commitments = block("commitments", &self.commitments, MAX_COMMITMENTS)?;
        Ok((themes, commitments))
    }
}

/// A city's signature: who signs, in what role, on which day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignatureForm {
    pub name: String,
    pub role: String,
    pub signed_on: String,
    pub confirm: Option<String>,
}

impl SignatureForm {
    pub fn validate(&self, today: Day) -> Result<(String, String, Day), FieldError> {
        let name = one_line("name", &self.name, 120)?;
        if name.is_empty() {
            return Err(FieldError::new("name", Msg::ErrRequired));
        }
        let role = one_line("role", &self.role, 120)?;
        if role.is_empty() {
            return Err(FieldError::new("role", Msg::ErrRequired));
        }
        let day = Day::parse("signed_on", &self.signed_on)?;
        if day > today {
            return Err(FieldError::new("signed_on", Msg::ErrSignedInFuture));
        }
        if self.confirm.is_none() {
            return Err(FieldError::new("confirm", Msg::ErrSignConfirm));
        }
        Ok((name, role, day))
    }
}

/// An activity of the cooperation: a study visit, staff exchange, training
/// or seminar, possibly a Tandem event, with a short report afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub kind: String,
    pub title: String,
    pub held_on: String,
    pub city: String,
    /// a Tandem event: its address (`/events/12`) or number
    pub event: String,
    pub report: String,
    pub public: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub title: String,
    pub held_on: Day,
    pub city_id: Option<i64>,
    pub event_id: Option<i64>,
    pub report: String,
    pub public: bool,
}

impl ActivityForm {
    pub fn validate(&self) -> Result<ActivityDraft, FieldError> {
        let kind =
            ActivityKind::parse(&self.kind).map_err(|_| FieldError::new("kind", Msg::ErrChoice))?;
        let title = one_line("title", &self.title, 160)?;
        if title.is_empty() {
            return Err(FieldError::new("title", Msg::ErrRequired));
        }
        let held_on = Day::parse("held_on", &self.held_on)?;
        let city_id = match self.city.trim() {
            "" => None,
            raw => Some(
                raw.parse()
                    .map_err(|_| FieldError::new("city", Msg::ErrChoice))?,
            ),
        };
        let event_id = event_ref(&self.event)?;
        let report = block("report", &self.report, MAX_REPORT)?;
        Ok(ActivityDraft {
            kind,
            title,
            held_on,
            city_id,
            event_id,
            report,
            public: self.public.is_some(),
        })
    }
}

/// An event given by its number or any address ending in `/events/<n>`.
pub fn event_ref(raw: &str) -> Result<Option<i64>, FieldError> {
    let raw = raw.trim().trim_end_matches('/');
    if raw.is_empty() {
        return Ok(None);
    }
    let tail = match raw.rsplit_once("/events/") {
        Some((_, t)) => t,
        None => raw,
    };
    let digits = tail.split(['/', '?', '#']).next().unwrap_or("");
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(FieldError::new("event", Msg::ErrEventRef)),
    }
}

/// The pairing's own milestone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MilestoneForm {
    pub title: String,
    pub due_on: String,
}

impl MilestoneForm {
    pub fn validate(&self) -> Result<(String, Day), FieldError> {
        let title = one_line("title", &self.title, 160)?;
        if title.is_empty() {
            return Err(FieldError::new("title", Msg::ErrRequired));
        }
        Ok((title, Day::parse("due_on", &self.due_on)?))
    }
}

/// Why a pairing ended early (required) or a note with a decision.
pub fn reason(field: &'static str, raw: &str, required: bool) -> Result<String, FieldError> {
    let v = block(field, raw, MAX_NOTE)?;
    if required && v.is_empty() {
        return Err(FieldError::new(field, Msg::ErrRequired));
    }
    Ok(v)
}
