//! The Urban Cooperation Action Plan (U-CAP): objectives → actions → pilot
//! projects, each action with the SDGs and frameworks it serves, indicators,
//! a budget, dates, a status and progress; progress rolls up, weighted, to
//! objectives and the plan. The plan is submitted to staff, who approve it or
//! return it with comments.

use super::Day;
use crate::domain::call::states;
use crate::domain::profile::{block, one_line};
use crate::domain::{FieldError, Locale};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const MAX_ACTION_TEXT: usize = 4_000;
pub const MAX_INDICATORS: usize = 6;
pub const MAX_WEIGHT: i64 = 10;

states!(
    /// Where the plan stands with staff: a draft is submitted; staff
    /// approve it or return it; a change after that makes a new draft.
    PlanStatus, "status" {
        Draft => "draft", PlanDraft;
        Submitted => "submitted", PlanSubmitted;
        Approved => "approved", PlanApproved;
        Returned => "returned", PlanReturned;
    }
);

impl PlanStatus {
    pub fn can_become(self, to: PlanStatus) -> bool {
        use PlanStatus::*;
        matches!(
            (self, to),
            (Draft | Returned, Submitted)
                | (Submitted, Approved | Returned)
                | (Approved | Returned, Draft)
        )
    }
}

states!(
    ActionStatus, "status" {
        Planned => "planned", ActionPlanned;
        UnderWay => "under_way", ActionUnderWay;
        Done => "done", ActionDone;
        Dropped => "dropped", ActionDropped;
    }
);

/// The global frameworks an action serves, as bits.
pub const FRAMEWORKS: [(i64, Msg); 3] = [
    (1, Msg::FrameworkNua),
    (2, Msg::FrameworkSendai),
    (4, Msg::FrameworkParis),
];

/// SDG numbers (1–17) from a bit mask (bit n-1 is SDG n).
pub fn sdgs_in(mask: i64) -> Vec<u8> {
    (1..=17u8).filter(|n| mask & (1 << (n - 1)) != 0).collect()
}

pub fn sdg_mask(numbers: impl IntoIterator<Item = u8>) -> i64 {
    numbers
        .into_iter()
        .filter(|n| (1..=17).contains(n))
        .fold(0, |m, n| m | (1 << (n - 1)))
}

/// An objective of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ObjectiveForm {
    pub title: String,
    pub weight: String,
}

impl ObjectiveForm {
    pub fn validate(&self) -> Result<(String, i64), FieldError> {
        let title = one_line("title", &self.title, 200)?;
        if title.is_empty() {
            return Err(FieldError::new("title", Msg::ErrRequired));
        }
        Ok((title, weight("weight", &self.weight)?))
    }
}

fn weight(field: &'static str, raw: &str) -> Result<i64, FieldError> {
    match raw.trim() {
        "" => Ok(1),
        r => match r.parse::<i64>() {
            Ok(w) if (1..=MAX_WEIGHT).contains(&w) => Ok(w),
            _ => Err(FieldError::new(field, Msg::ErrWeight)),
        },
    }
}

/// An action (or a pilot project) as the form posts it. Per-language fields
/// and indicator columns are arrays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub objective: String,
    pub parent: String,
    /// per language, in `Locale::ALL` order
    pub title: Vec<String>,
    pub description: Vec<String>,
    pub lead_city: String,
    pub department: String,
    pub partners: String,
    pub sdgs: Vec<String>,
    pub frameworks: Vec<String>,
    pub budget_amount: String,
    pub budget_currency: String,
    pub budget_source: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub progress: String,
    pub weight: String,
    pub public: Option<String>,
    pub ind_name: Vec<String>,
    pub ind_unit: Vec<String>,
    pub ind_baseline: Vec<String>,
    pub ind_target: Vec<String>,
    pub ind_current: Vec<String>,
    pub ind_measured_on: Vec<String>,
}

/// A measured indicator of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
    pub measured_on: Option<Day>,
}

impl Indicator {
    /// How far from baseline to target the current value is, 0–100.
    pub fn reached(&self) -> Option<u8> {
        let c = self.current?;
        let span = self.target - self.baseline;
        if span == 0.0 {
            return Some(if c == self.target { 100 } else { 0 });
        }
        Some(
            (((c - self.baseline) / span) * 100.0)
                .clamp(0.0, 100.0)
                .round() as u8,
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionDraft {
    pub objective_id: i64,
    pub parent_id: Option<i64>,
    /// (language, title, description) for each language written
    pub texts: Vec<(Locale, String, String)>,
    pub lead_city_id: Option<i64>,
    pub department: String,
    pub partners: String,
    pub sdgs: i64,
    pub frameworks: i64,
    pub budget_amount: Option<i64>,
    pub budget_currency: String,
    pub budget_source: String,
    pub starts_on: Option<Day>,
    pub ends_on: Option<Day>,
    pub status: ActionStatus,
    pub progress: i64,
    pub weight: i64,
    pub public: bool,
    pub indicators: Vec<Indicator>,
}

/// A number as people type it: spaces and thin spaces ignored, a decimal
/// comma accepted when there is no point.
pub fn number(field: &'static str, raw: &str) -> Result<f64, FieldError> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    let cleaned = if cleaned.contains('.') {
        cleaned.replace(',', "")
    } else {
        cleaned.replace(',', ".")
    };
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(FieldError::new(field, Msg::ErrNumber)),
    }
}

/// Indicator fields are named `indicators_<column>` so each error sits
/// beside its table.
const IND: &str = "indicators";

impl ActionForm {
    pub fn validate(&self) -> Result<ActionDraft, FieldError> {
        let objective_id = self
            .objective
            .trim()
            .parse::<i64>()
            .map_err(|_| FieldError::new("objective", Msg::ErrChoice))?;
        let parent_id = match self.parent.trim() {
            "" | "0" => None,
            r => Some(
                r.parse()
                    .map_err(|_| FieldError::new("parent", Msg::ErrChoice))?,
            ),
        };
        let mut texts = Vec::new();
        for (i, l) in Locale::ALL.iter().enumerate() {
            let title = one_line(
                crate::domain::call::field_of("title", i),
                self.title.get(i).map_or("", String::as_str),
                200,
            )?;
            let description = block(
                crate::domain::call::field_of("description", i),
                self.description.get(i).map_or("", String::as_str),
                MAX_ACTION_TEXT,
            )?;
            if !title.is_empty() || !description.is_empty() {
                if title.is_empty() {
                    return Err(FieldError::new(
                        crate::domain::call::field_of("title", i),
                        Msg::ErrRequired,
                    ));
                }
                texts.push((*l, title, description));
            }
        }
        if texts.is_empty() {
            return Err(FieldError::new("title", Msg::ErrActionTitle));
        }
        let lead_city_id = match self.lead_city.trim() {
            "" => None,
            r => Some(
                r.parse()
                    .map_err(|_| FieldError::new("lead_city", Msg::ErrChoice))?,
            ),
        };
        let department = one_line("department", &self.department, 200)?;
        let partners = one_line("partners", &self.partners, 400)?;
        let sdgs = sdg_mask(self.sdgs.iter().filter_map(|s| s.trim().parse::<u8>().ok()));
        let frameworks = self
            .frameworks
            .iter()
            .filter_map(|s| s.trim().parse::<i64>().ok())
            .filter(|b| FRAMEWORKS.iter().any(|(bit, _)| bit == b))
            .fold(0, |m, b| m | b);
        let budget_amount = match self.budget_amount.trim() {
            "" => None,
            r => {
                let v = number("budget_amount", r)?;
                if !(0.0..=1e13).contains(&v) {
                    return Err(FieldError::new("budget_amount", Msg::ErrNumber));
                }
                Some(v.round() as i64)
            }
        };
        let budget_currency = self.budget_currency.trim().to_ascii_uppercase();
        if budget_amount.is_some()
            && !(budget_currency.len() == 3
                && budget_currency.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Err(FieldError::new("budget_currency", Msg::ErrCurrency));
        }
        let budget_source = one_line("budget_source", &self.budget_source, 200)?;
        let starts_on = Day::parse_opt("starts_on", &self.starts_on)?;
        let ends_on = Day::parse_opt("ends_on", &self.ends_on)?;
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                return Err(FieldError::new("ends_on", Msg::ErrEndsBeforeStart));
            }
        }
        let status = ActionStatus::parse(if self.status.trim().is_empty() {
            "planned"
        } else {
            &self.status
        })?;
        let mut progress = match self.progress.trim() {
            "" => 0,
            r => match r.trim_end_matches('%').trim().parse::<i64>() {
                Ok(p) if (0..=100).contains(&p) => p,
                _ => return Err(FieldError::new("progress", Msg::ErrProgress)),
            },
        };
        if status == ActionStatus::Done {
            progress = 100;
        }
        let weight = weight("weight", &self.weight)?;
        let mut indicators = Vec::new();
        let rows = self
            .ind_name
            .len()
            .max(self.ind_unit.len())
            .max(self.ind_target.len());
        for i in 0..rows {
            let get = |v: &Vec<String>| v.get(i).map(|s| s.trim().to_owned()).unwrap_or_default();
            let (name, unit, baseline, target, current, measured) = (
                get(&self.ind_name),
                get(&self.ind_unit),
                get(&self.ind_baseline),
                get(&self.ind_target),
                get(&self.ind_current),
                get(&self.ind_measured_on),
            );
            if [&name, &unit, &baseline, &target, &current, &measured]
                .iter()
                .all(|s| s.is_empty())
            {
                continue;
            }
            if name.is_empty() || unit.is_empty() || baseline.is_empty() || target.is_empty() {
                return Err(FieldError::new(IND, Msg::ErrIndicatorRow));
            }
            let current = if current.is_empty() {
                None
            } else {
                Some(number(IND, &current)?)
            };
            indicators.push(Indicator {
                name: one_line(IND, &name, 160)?,
                unit: one_line(IND, &unit, 40)?,
                baseline: number(IND, &baseline)?,
                target: number(IND, &target)?,
                current,
                measured_on: Day::parse_opt(IND, &measured)?,
            });
        }
        if indicators.len() > MAX_INDICATORS {
            return Err(FieldError::new(IND, Msg::ErrTooManyIndicators));
        }
        Ok(ActionDraft {
            objective_id,
            parent_id,
            texts,
            lead_city_id,
            department,
            partners,
            sdgs,
            frameworks,
            budget_amount,
            budget_currency: if budget_amount.is_some() {
                budget_currency
            } else {
                String::new()
            },
            budget_source,
            starts_on,
            ends_on,
            status,
            progress,
            weight,
            public: self.public.is_some(),
            indicators,
        })
    }
}

/// What the roll-up needs of one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionProgress {
    pub objective_id: i64,
    pub weight: i64,
    pub progress: i64,
    pub status: ActionStatus,
    /// pilot projects are shown under their action and do not count twice
    pub pilot: bool,
}

/// Progress per objective (weighted by the actions' weights; dropped actions
/// and pilot projects left out) and for the plan (weighted by the
/// objectives' weights, over objectives that have actions). Percentages,
/// rounded.
pub fn rollup(
    objectives: &[(i64, i64)],
    actions: &[ActionProgress],
) -> (Option<i64>, Vec<(i64, Option<i64>)>) {
    let per: Vec<(i64, Option<i64>)> = objectives
        .iter()
        .map(|(id, _)| {
            let (num, den) = actions
                .iter()
                .filter(|a| a.objective_id == *id && !a.pilot && a.status != ActionStatus::Dropped)
                .fold((0i64, 0i64), |(n, d), a| {
                    (n + a.weight * a.progress, d + a.weight)
                });
            (*id, (den > 0).then(|| div_round(num, den)))
        })
        .collect();
    let (num, den) = objectives
        .iter()
        .zip(&per)
        .filter_map(|((_, w), (_, p))| p.map(|p| (w * p, *w)))
        .fold((0i64, 0i64), |(n, d), (a, b)| (n + a, d + b));
    ((den > 0).then(|| div_round(num, den)), per)
}

fn div_round(num: i64, den: i64) -> i64 {
    (num + den / 2) / den
}

/// The six-month period of cooperation a day falls in (1, 2 or 3), if any.
pub fn report_period(start: Day, today: Day) -> Option<i64> {
    (1..=3u32)
        .rev()
        .find(|p| start.add_months(6 * p) <= today)
        .map(i64::from)
}
