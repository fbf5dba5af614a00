//! Review arithmetic: a review's weighted mean, the ranking with spread and
//! outliers, balanced assignment, and conflicts of interest.

use super::{MAX_SCORE, OUTLIER_POINTS};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One reviewer's scores on one application: criterion id → (score or not
/// applicable, comment).
pub type Scores = BTreeMap<String, Score>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub score: Option<u8>,
    #[serde(default)]
    pub comment: String,
}

/// The weighted mean of one review on the 0–5 scale: criteria marked not
/// applicable leave the mean (their weight too); None when nothing was scored.
pub fn weighted_mean(criteria: &[(i64, i64)], scores: &Scores) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (id, weight) in criteria {
        if let Some(Score { score: Some(s), .. }) = scores.get(&id.to_string()) {
            sum += f64::from(*s) * *weight as f64;
            weights += *weight as f64;
        }
    }
    (weights > 0.0).then(|| sum / weights)
}

/// Every criterion of a review has a score or is marked not applicable
/// (`Some(None)` in the form: the key is present).
pub fn review_complete(criteria: &[(i64, i64)], scores: &Scores) -> bool {
    criteria
        .iter()
        .all(|(id, _)| scores.contains_key(&id.to_string()))
        && scores
            .values()
            .all(|s| s.score.is_none_or(|v| v <= MAX_SCORE))
}

/// An application's place in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// mean of the reviewers' weighted means
    pub mean: Option<f64>,
    /// highest minus lowest reviewer mean
    pub spread: f64,
    pub reviews: usize,
    /// indexes (in the input order) of reviews far from the others
    pub outliers: Vec<usize>,
}

pub fn standing(review_means: &[f64]) -> Standing {
    let n = review_means.len();
    if n == 0 {
        return Standing {
            mean: None,
            spread: 0.0,
            reviews: 0,
            outliers: Vec::new(),
        };
    }
    let total: f64 = review_means.iter().sum();
    let max = review_means.iter().copied().fold(f64::MIN, f64::max);
    let min = review_means.iter().copied().fold(f64::MAX, f64::min);
    let mean = total / n as f64;
    let outliers = if n < 2 {
        Vec::new()
    } else {
        review_means
            .iter()
            .enumerate()
            .filter(|(_, m)| (**m - mean).abs() > OUTLIER_POINTS)
            .map(|(i, _)| i)
            .collect()
    };
    Standing {
        mean: Some(mean),
        spread: max - min,
        reviews: n,
        outliers,
    }
}

/// Balanced assignment: each application gets up to `per_app` reviewers,
/// keeping what is already assigned, never a conflicted pair, always the
/// least-loaded reviewer next (ties by id, so the result is stable).
/// `existing` and `conflicts` are (application, reviewer) pairs; returns the
/// new pairs.
pub fn balance(
    applications: &[i64],
    reviewers: &[i64],
    existing: &[(i64, i64)],
    conflicts: &[(i64, i64)],
    per_app: usize,
) -> Vec<(i64, i64)> {
    let mut load: BTreeMap<i64, usize> = reviewers.iter().map(|r| (*r, 0)).collect();
    for (_, r) in existing {
        if let Some(l) = load.get_mut(r) {
            *l += 1;
        }
    }
    let mut out = Vec::new();
    for app in applications {
        let mut have: Vec<i64> = existing
            .iter()
            .filter(|(a, _)| a == app)
            .map(|(_, r)| *r)
            .collect();
        while have.len() < per_app {
            let pick = load
                .iter()
                .filter(|(r, _)| !have.contains(r) && !conflicts.contains(&(*app, **r)))
                .min_by_key(|(r, l)| (**l, **r))
                .map(|(r, _)| *r);
            let Some(r) = pick else { break };
            have.push(r);
            out.push((*app, r));
            if let Some(l) = load.get_mut(&r) {
                *l += 1;
            }
        }
    }
    out
}

/// Why a reviewer may not review an application, from what Tandem knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// the reviewer's home city is the applicant city
    SameCity,
    /// the reviewer is one of the applicants
    Applicant,
    /// the reviewer is connected to an applicant
    Connection,
    /// the reviewer said so
    Declared,
}

impl Conflict {
    pub fn label(self) -> Msg {
        match self {
            Conflict::SameCity => Msg::ConflictSameCity,
            Conflict::Applicant => Msg::ConflictApplicant,
            Conflict::Connection => Msg::ConflictConnection,
            Conflict::Declared => Msg::ConflictDeclared,
        }
    }
}

pub fn conflict(
    reviewer: i64,
    reviewer_city: Option<i64>,
    reviewer_connections: &[i64],
    app_city: i64,
    applicants: &[i64],
    declared: bool,
) -> Option<Conflict> {
    if applicants.contains(&reviewer) {
        Some(Conflict::Applicant)
    } else if reviewer_city == Some(app_city) {
        Some(Conflict::SameCity)
    } else if applicants.iter().any(|a| reviewer_connections.contains(a)) {
        Some(Conflict::Connection)
    } else if declared {
        Some(Conflict::Declared)
    } else {
        None
    }
}
