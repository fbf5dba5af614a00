//! Review and selection: staff see every application of a call with
//! filters, eligibility flags and the ranking; they name reviewers and
//! assign them (by hand or balanced), never to a conflicted pair; reviewers
//! score the rubric and see the others' reviews only after their own;
//! staff decide and announce.

use super::applications::view_of;
use super::calls::{require_staff, summary, texts_for, theme_names};
use super::numbers::group_digits;
use super::time;
use super::Ctx;
use crate::domain::call::{
    self, balance, conflict, standing, weighted_mean, CallStatus, Conflict, Decision, ReviewStatus,
    Score, Scores, REVIEWERS_PER_APPLICATION,
};
use crate::domain::{Locale, UserId};
use crate::dto::{
    ApplicationRow, CallAdmin, Choice, Criterion, HistoryRow, OtherReview, Person, ReviewItem,
    ReviewPage, ReviewerState,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::{ApplicationRecord, MemberRole, ReviewRecord, Transition};
use crate::store::UserRecord;
use std::collections::BTreeMap;

/// Staff's filters on the applications list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppFilter {
    pub status: String,
    pub country: String,
    pub theme: String,
    pub language: String,
}

/// What Tandem knows about a reviewer for conflicts: home city and
/// accepted connections.
struct ReviewerFacts {
    city: Option<i64>,
    connections: Vec<i64>,
}

async fn reviewer_facts(ctx: &Ctx, reviewer: i64) -> Result<ReviewerFacts, AppError> {
    let city = ctx
        .store
        .profile(UserId(reviewer))
        .await?
        .and_then(|p| p.city_id);
    let connections = ctx
        .store
        .connections_of(reviewer)
        .await?
        .into_iter()
        .filter(|c| c.status == "accepted")
        .map(|c| c.other(reviewer))
        .collect();
    Ok(ReviewerFacts { city, connections })
}

fn conflict_of(
    reviewer: i64,
    facts: &ReviewerFacts,
    a: &ApplicationRecord,
    review: Option<&ReviewRecord>,
) -> Option<Conflict> {
    let members: Vec<i64> = a.members.iter().map(|(u, _)| *u).collect();
    conflict(
        reviewer,
        facts.city,
        &facts.connections,
        a.city_id,
        &members,
        review.is_some_and(|r| r.status == ReviewStatus::Conflict),
    )
}

/// The call's back office: applications with filters, flags, reviews and
/// ranking (best weighted mean first), reviewers, history.
pub async fn admin(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    filter: &AppFilter,
    locale: Locale,
    reader: Option<&str>,
) -> Result<CallAdmin, AppError> {
    require_staff(user)?;
    let call = ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    let apps = ctx.store.applications_of_call(call_id).await?;
    let reviews = ctx.store.reviews_of_call(call_id).await?;
    let reviewer_ids = ctx.store.call_reviewers(call_id).await?;
    let themes = ctx.store.themes().await?;
    let weights = call.weights();
    let mut ids: Vec<i64> = reviewer_ids.clone();
    ids.extend(reviews.iter().map(|r| r.reviewer_id));
    let names: BTreeMap<i64, String> = ctx.store.users_names(&ids).await?.into_iter().collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let mut facts = BTreeMap::new();
    for r in &reviewer_ids {
        facts.insert(*r, reviewer_facts(ctx, *r).await?);
    }
    let mut rows = Vec::new();
    let mut countries = BTreeMap::new();
    for a in &apps {
        let Some(city) = ctx.store.city_by_id(a.city_id).await? else {
            continue;
        };
        countries.insert(city.city.country_code.clone(), city.country_name.clone());
        let mine: Vec<&ReviewRecord> = reviews
            .iter()
            .filter(|r| r.application_id == a.id)
            .collect();
        let submitted: Vec<(&ReviewRecord, f64)> = mine
            .iter()
            .filter(|r| r.status == ReviewStatus::Submitted)
            .filter_map(|r| weighted_mean(&weights, &r.scores).map(|m| (*r, m)))
            .collect();
        let st = standing(&submitted.iter().map(|(_, m)| *m).collect::<Vec<_>>());
        let reviewers = mine
            .iter()
            .map(|r| {
                let pos = submitted
                    .iter()
                    .position(|(s, _)| s.reviewer_id == r.reviewer_id);
                ReviewerState {
                    id: r.reviewer_id,
                    name: name(r.reviewer_id),
                    status_label: r.status.label().text(locale).to_owned(),
                    mean: pos.map(|p| format!("{:.2}", submitted[p].1)),
                    outlier: pos.is_some_and(|p| st.outliers.contains(&p)),
                }
            })
            .collect();
        let assignable = reviewer_ids
            .iter()
            .filter(|r| !mine.iter().any(|m| m.reviewer_id == **r))
            .filter(|r| {
                facts
                    .get(*r)
                    .is_some_and(|f| conflict_of(**r, f, a, None).is_none())
            })
            .map(|r| Person {
                id: *r,
                name: name(*r),
            })
            .collect();
        let mut flags = Vec::new();
        let population = a
            .claimed_population
            .filter(|_| a.population_verdict.as_deref() == Some("confirmed"))
            .unwrap_or(city.city.population);
        if let Err(why) = call::eligibility(
            &city.city.country_code,
            population,
            &call.w.countries,
            call.w.min_population,
        ) {
            flags.push(match why {
                call::Ineligible::Country => Msg::FlagCountry.text(locale).to_owned(),
                call::Ineligible::Population => match a.population_verdict.as_deref() {
                    Some("pending") => Msg::FlagPopulationPending.text(locale).to_owned(),
                    _ => Msg::FlagPopulation.text(locale).to_owned(),
                },
            });
        }
        rows.push(ApplicationRow {
            id: a.id,
            reference: a.reference.clone(),
            city: city.city.name.clone(),
            country: city.country_name.clone(),
            country_code: city.city.country_code.clone(),
            status: a.status,
            status_label: a.status.label().text(locale).to_owned(),
            language: a.language.code().to_owned(),
            themes: theme_names(&a.answers.priorities, &themes, locale),
            theme_ids: a.answers.priorities.clone(),
            flags,
            population_claim: a.claimed_population.map(|n| {
                Msg::ClaimedPopulation.fill(
                    locale,
                    &[
                        ("population", &group_digits(n, locale)),
                        ("source", &a.population_source),
                    ],
                )
            }),
            claim_pending: a.population_verdict.as_deref() == Some("pending"),
            decision: a.decision.map(|d| d.as_str().to_owned()),
            decision_label: a.decision.map(|d| d.label().text(locale).to_owned()),
            decision_note: a.decision_note.clone(),
            mean: st.mean,
            mean_text: st
                .mean
                .map_or_else(|| "–".to_owned(), |m| format!("{m:.2}")),
            spread_text: if st.reviews > 1 {
                format!("{:.2}", st.spread)
            } else {
                "–".to_owned()
            },
            reviews_done: st.reviews,
            reviewers,
            assignable,
        });
    }
    let total = rows.len();
    rows.retain(|r| {
        (filter.status.is_empty() || r.status.as_str() == filter.status)
            && (filter.country.is_empty() || r.country_code == filter.country)
            && (filter.theme.is_empty() || r.theme_ids.contains(&filter.theme))
            && (filter.language.is_empty() || r.language == filter.language)
    });
    // ranking: best mean first; unreviewed after, by reference
    rows.sort_by(|a, b| {
        b.mean
            .unwrap_or(-1.0)
            .total_cmp(&a.mean.unwrap_or(-1.0))
            .then_with(|| a.reference.cmp(&b.reference))
    });
    let history = ctx.store.history(call_id).await?;
    let actor_ids: Vec<i64> = history.iter().filter_map(|h| h.actor_id).collect();
    let actors: BTreeMap<i64, String> = ctx
        .store
        .users_names(&actor_ids)
        .await?
        .into_iter()
        .collect();
    let refs: BTreeMap<i64, String> = apps.iter().map(|a| (a.id, a.reference.clone())).collect();
    let tz = time::reader_zone(reader, time::zone(&call.w.zone).unwrap_or(chrono_tz::UTC));
    let undecided = apps
        .iter()
        .any(|a| a.status == call::ApplicationStatus::Submitted && a.decision.is_none());
    Ok(CallAdmin {
        summary: summary(ctx, &call, locale, reader).await?,
        applications: rows,
        total,
        reviewers: reviewer_ids
            .iter()
            .map(|r| Person {
                id: *r,
                name: name(*r),
            })
            .collect(),
        history: history
            .iter()
            .map(|h| HistoryRow {
                at: time::instant(locale, h.at, tz),
                who: h
                    .actor_id
                    .and_then(|a| actors.get(&a).cloned())
                    .unwrap_or_else(|| "–".to_owned()),
                what: h
                    .application_id
                    .and_then(|a| refs.get(&a).cloned())
                    .unwrap_or_else(|| Msg::HistoryTheCall.text(locale).to_owned()),
                from: state_label(&h.from_state, locale),
                to: state_label(&h.to_state, locale),
                note: h.note.clone(),
            })
            .collect(),
        countries: countries
            .into_iter()
            .map(|(value, label)| Choice { value, label })
            .collect(),
        themes: call
            .w
            .themes
            .iter()
            .filter_map(|t| themes.iter().find(|r| &r.id == t))
            .map(|t| Choice {
                value: t.id.clone(),
                label: super::labels::theme_name(t, locale),
            })
            .collect(),
        can_announce: call.status == CallStatus::Closed && !undecided,
        announced: call.announced_at.is_some(),
    })
}

/// Any state code, application's, call's or decision's, in words.
fn state_label(code: &str, locale: Locale) -> String {
    if code.is_empty() {
        return "–".to_owned();
    }
    let msg = CallStatus::parse(code)
        .map(|s| s.label())
        .or_else(|_| call::ApplicationStatus::parse(code).map(|s| s.label()))
        .or_else(|_| Decision::parse(code).map(|s| s.label()))
        .ok();
    match (msg, code) {
        (Some(m), _) => m.text(locale).to_owned(),
        (None, "confirmed") => Msg::ClaimConfirmed.text(locale).to_owned(),
        (None, "refused") => Msg::ClaimRefused.text(locale).to_owned(),
        (None, "undecided") => Msg::Undecided.text(locale).to_owned(),
        (None, other) => other.to_owned(),
    }
}

/// The applications list as CSV, every cell through the CSV helper (which
/// neutralises formulas).
pub async fn csv(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    locale: Locale,
) -> Result<String, AppError> {
    let data = admin(ctx, user, call_id, &AppFilter::default(), locale, None).await?;
    let t = |m: Msg| m.text(locale).to_owned();
    let header = [
        t(Msg::AppReference),
        t(Msg::FieldCity),
        t(Msg::ColCountry),
        t(Msg::ColStatus),
        t(Msg::LanguageLabel),
        t(Msg::StepPriorities),
        t(Msg::ColFlags),
        t(Msg::ColMean),
        t(Msg::ColSpread),
        t(Msg::ColReviews),
        t(Msg::ColDecision),
        t(Msg::FieldDecisionNote),
    ];
    let mut out = crate::escape::csv_row(&header);
    for r in &data.applications {
        out.push_str(&crate::escape::csv_row(&[
            r.reference.clone(),
            r.city.clone(),
            r.country.clone(),
            r.status_label.clone(),
            r.language.clone(),
            r.themes.clone(),
            r.flags.join("; "),
            r.mean_text.clone(),
            r.spread_text.clone(),
            r.reviews_done.to_string(),
            r.decision_label.clone().unwrap_or_default(),
            r.decision_note.clone(),
        ]));
    }
    Ok(out)
}

/// Names a member (by e-mail) reviewer of the call.
pub async fn add_reviewer(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    email: &str,
) -> Result<(), AppError> {
    require_staff(user)?;
    ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    let email =
        crate::domain::Email::parse(email).map_err(|e| AppError::validation(e.field, e.msg))?;
    let member = ctx
        .store
        .user_by_email(email.as_str())
        .await?
        .ok_or_else(|| AppError::validation("email", Msg::ErrMemberUnknown))?;
    ctx.store.add_call_reviewer(call_id, member.id.0).await?;
    Ok(())
}

pub async fn remove_reviewer(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    reviewer: i64,
) -> Result<(), AppError> {
    require_staff(user)?;
    ctx.store.remove_call_reviewer(call_id, reviewer).await?;
    Ok(())
}

/// Assigns a reviewer to an application by hand; a conflicted reviewer is
/// refused with the reason.
pub async fn assign(
    ctx: &Ctx,
    user: &UserRecord,
    application_id: i64,
    reviewer: i64,
) -> Result<(), AppError> {
    require_staff(user)?;
    let a = ctx
        .store
        .application(application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !ctx
        .store
        .call_reviewers(a.call_id)
        .await?
        .contains(&reviewer)
    {
        return Err(AppError::validation("reviewer", Msg::ErrNotAReviewer));
    }
    let facts = reviewer_facts(ctx, reviewer).await?;
    let existing = ctx.store.review(application_id, reviewer).await?;
    if let Some(c) = conflict_of(reviewer, &facts, &a, existing.as_ref()) {
        return Err(AppError::Refused(c.label()));
    }
    ctx.store
        .assign_review(application_id, reviewer, ctx.now())
        .await?;
    Ok(())
}

pub async fn unassign(
    ctx: &Ctx,
    user: &UserRecord,
    application_id: i64,
    reviewer: i64,
) -> Result<(), AppError> {
    require_staff(user)?;
    if ctx.store.unassign_review(application_id, reviewer).await? {
        Ok(())
    } else {
        Err(AppError::Refused(Msg::ErrReviewSubmitted))
    }
}

/// Gives every submitted application `REVIEWERS_PER_APPLICATION` reviewers,
/// spreading the load and skipping conflicts. Returns how many were added.
pub async fn balance_reviews(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
) -> Result<usize, AppError> {
    require_staff(user)?;
    let apps = ctx.store.applications_of_call(call_id).await?;
    let reviewers = ctx.store.call_reviewers(call_id).await?;
    let reviews = ctx.store.reviews_of_call(call_id).await?;
    let mut conflicts = Vec::new();
    for r in &reviewers {
        let facts = reviewer_facts(ctx, *r).await?;
        for a in &apps {
            let review = reviews
                .iter()
                .find(|x| x.application_id == a.id && x.reviewer_id == *r);
            if conflict_of(*r, &facts, a, review).is_some() {
                conflicts.push((a.id, *r));
            }
        }
    }
    let submitted: Vec<i64> = apps
        .iter()
        .filter(|a| a.status == call::ApplicationStatus::Submitted)
        .map(|a| a.id)
        .collect();
    // a declared conflict occupies its row but counts for nobody
    let existing: Vec<(i64, i64)> = reviews
        .iter()
        .filter(|r| r.status != ReviewStatus::Conflict)
        .map(|r| (r.application_id, r.reviewer_id))
        .collect();
    let pairs = balance(
        &submitted,
        &reviewers,
        &existing,
        &conflicts,
        REVIEWERS_PER_APPLICATION,
    );
    let now = ctx.now();
    for (a, r) in &pairs {
        ctx.store.assign_review(*a, *r, now).await?;
    }
    Ok(pairs.len())
}

/// The reviews waiting for this member, and those done.
pub async fn my_reviews(
    ctx: &Ctx,
    user: &UserRecord,
    locale: Locale,
) -> Result<Vec<ReviewItem>, AppError> {
    let mut out = Vec::new();
    for r in ctx.store.reviews_by(user.id.0).await? {
        let Some(a) = ctx.store.application(r.application_id).await? else {
            continue;
        };
        let Some(call) = ctx.store.call(a.call_id).await? else {
            continue;
        };
        let city = ctx
            .store
            .city_by_id(a.city_id)
            .await?
            .map(|c| format!("{}, {}", c.city.name, c.country_name))
            .unwrap_or_default();
        out.push(ReviewItem {
            application_id: a.id,
            reference: a.reference,
            call_title: texts_for(&call, locale).0.title,
            city,
            status_label: r.status.label().text(locale).to_owned(),
        });
    }
    Ok(out)
}

/// A reviewer's page for one application: the answers, the rubric with
/// their scores, and the others' reviews once theirs is submitted. A
/// conflicted reviewer (computed or declared) cannot open it.
pub async fn review_page(
    ctx: &Ctx,
    user: &UserRecord,
    application_id: i64,
    locale: Locale,
    reader: Option<&str>,
) -> Result<ReviewPage, AppError> {
    let a = ctx
        .store
        .application(application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = ctx
        .store
        .review(application_id, user.id.0)
        .await?
        .ok_or(AppError::Forbidden)?;
    let facts = reviewer_facts(ctx, user.id.0).await?;
    if conflict_of(user.id.0, &facts, &a, Some(&mine)).is_some() {
        return Err(AppError::Forbidden);
    }
    let call = ctx.store.call(a.call_id).await?.ok_or(AppError::NotFound)?;
    let weights = call.weights();
    let criteria = call
        .criteria_ids
        .iter()
        .zip(&call.w.criteria)
        .map(|(id, c)| {
            let s = mine.scores.get(&id.to_string());
            Criterion {
                id: *id,
                text: c.text(locale).to_owned(),
                weight: c.weight,
                score: s.map(|s| s.score.map(|v| v.to_string()).unwrap_or_default()),
                comment: s.map(|s| s.comment.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let submitted = mine.status == ReviewStatus::Submitted;
    let mut others = Vec::new();
    if submitted {
        let all = ctx.store.reviews_of_call(a.call_id).await?;
        let theirs: Vec<&ReviewRecord> = all
            .iter()
            .filter(|r| {
                r.application_id == application_id
                    && r.reviewer_id != user.id.0
                    && r.status == ReviewStatus::Submitted
            })
            .collect();
        let names: BTreeMap<i64, String> = ctx
            .store
            .users_names(&theirs.iter().map(|r| r.reviewer_id).collect::<Vec<_>>())
            .await?
            .into_iter()
            .collect();
        for r in theirs {
            others.push(OtherReview {
                reviewer: names.get(&r.reviewer_id).cloned().unwrap_or_default(),
                mean: weighted_mean(&weights, &r.scores)
                    .map_or_else(|| "–".to_owned(), |m| format!("{m:.2}")),
                scores: call
                    .criteria_ids
                    .iter()
                    .zip(&call.w.criteria)
                    .map(|(id, c)| {
                        let s = r.scores.get(&id.to_string());
                        let v = s.and_then(|s| s.score).map_or_else(
                            || Msg::NotApplicable.text(locale).to_owned(),
                            |v| v.to_string(),
                        );
                        let comment = s.map(|s| s.comment.clone()).unwrap_or_default();
                        format!(
                            "{}: {v}{}",
                            c.text(locale),
                            if comment.is_empty() {
                                String::new()
                            } else {
                                format!(" — {comment}")
                            }
                        )
                    })
                    .collect(),
                comment: r.comment.clone(),
            });
        }
    }
    Ok(ReviewPage {
        application: view_of(ctx, &a, &call, None, locale, reader).await?,
        criteria,
        comment: mine.comment.clone(),
        submitted,
        conflict: false,
        others,
        can_change: call.status != CallStatus::Decided,
    })
}

/// Saves a reviewer's scores ("" = not yet, "na" = not applicable, 0–5);
/// `submit` also submits, which needs every criterion answered.
pub async fn save_review(
    ctx: &Ctx,
    user: &UserRecord,
    application_id: i64,
    scores: &BTreeMap<String, String>,
    comments: &BTreeMap<String, String>,
    comment: &str,
    submit: bool,
) -> Result<(), AppError> {
    let a = ctx
        .store
        .application(application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = ctx
        .store
        .review(application_id, user.id.0)
        .await?
        .ok_or(AppError::Forbidden)?;
    let facts = reviewer_facts(ctx, user.id.0).await?;
    if conflict_of(user.id.0, &facts, &a, Some(&mine)).is_some() {
        return Err(AppError::Forbidden);
    }
    let call = ctx.store.call(a.call_id).await?.ok_or(AppError::NotFound)?;
    if call.status == CallStatus::Decided {
        return Err(AppError::Refused(Msg::ErrCallDecided));
    }
    let mut out = Scores::new();
    for id in &call.criteria_ids {
        let key = id.to_string();
        let raw = scores.get(&key).map(|s| s.trim()).unwrap_or("");
        let text = crate::domain::profile::block(
            "comment",
            comments.get(&key).map_or("", |s| s.as_str()),
            2000,
        )
        .map_err(|e| AppError::validation(e.field, e.msg))?;
        let score = match raw {
            "" => continue,
            "na" => None,
            v => Some(
                v.parse::<u8>()
                    .ok()
                    .filter(|n| *n <= call::MAX_SCORE)
                    .ok_or_else(|| AppError::validation("scores", Msg::ErrScore))?,
            ),
        };
        out.insert(
            key,
            Score {
                score,
                comment: text,
            },
        );
    }
    let comment = crate::domain::profile::block("comment", comment, 4000)
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    let status = if submit || mine.status == ReviewStatus::Submitted {
        if !call::review_complete(&call.weights(), &out) {
            return Err(AppError::validation("scores", Msg::ErrScoreEveryCriterion));
        }
        ReviewStatus::Submitted
    } else {
        ReviewStatus::Assigned
    };
    if !mine.status.can_become(status) && mine.status != status {
        return Err(AppError::Refused(Msg::ErrStatusChange));
    }
    if ctx
        .store
        .save_review(application_id, user.id.0, &out, &comment, status, ctx.now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A reviewer declares a conflict of interest: the assignment ends and
/// staff see why.
pub async fn declare_conflict(
    ctx: &Ctx,
    user: &UserRecord,
    application_id: i64,
) -> Result<(), AppError> {
    let mine = ctx
        .store
        .review(application_id, user.id.0)
        .await?
        .ok_or(AppError::Forbidden)?;
    if !mine.status.can_become(ReviewStatus::Conflict) {
        return Err(AppError::Refused(Msg::ErrStatusChange));
    }
    ctx.store
        .save_review(
            application_id,
            user.id.0,
            &Scores::new(),
            "",
            ReviewStatus::Conflict,
            ctx.now(),
        )
        .await?;
    Ok(())
}

/// Staff decide one submitted application (or take the decision back
/// with "undecided"), with a note; recorded in the history.
pub async fn decide(
    ctx: &Ctx,
    user: &UserRecord,
    application_id: i64,
    decision: &str,
    note: &str,
) -> Result<(), AppError> {
    require_staff(user)?;
    let a = ctx
        .store
        .application(application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let call = ctx.store.call(a.call_id).await?.ok_or(AppError::NotFound)?;
    if call.status != CallStatus::Closed {
        return Err(AppError::Refused(Msg::ErrDecideWhenClosed));
    }
    let d = match decision.trim() {
        "" | "undecided" => None,
        raw => Some(Decision::parse(raw).map_err(|e| AppError::validation(e.field, e.msg))?),
    };
    let note = crate::domain::profile::block("note", note, 2000)
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    let from = a.decision.map_or("undecided", |d| d.as_str());
    let to = d.map_or("undecided", |d| d.as_str());
    let done = ctx
        .store
        .decide(
            application_id,
            d,
            &note,
            &Transition {
                actor: Some(user.id),
                from,
                to,
                note: &note,
                now: ctx.now(),
            },
        )
        .await?;
    if done {
        Ok(())
    } else {
        Err(AppError::Refused(Msg::ErrDecideSubmittedOnly))
    }
}

/// Staff confirm or refuse the official population a city gave.
pub async fn population_verdict(
    ctx: &Ctx,
    user: &UserRecord,
    application_id: i64,
    confirm: bool,
) -> Result<(), AppError> {
    require_staff(user)?;
    let verdict = if confirm { "confirmed" } else { "refused" };
    let done = ctx
        .store
        .set_population_verdict(
            application_id,
            verdict,
            &Transition {
                actor: Some(user.id),
                from: "pending",
                to: verdict,
                note: "",
                now: ctx.now(),
            },
        )
        .await?;
    if done {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Announces the decisions: the call becomes decided, its page lists the
/// selected cities, and every applicant gets the decision in their
/// language. Refused while a submitted application has no decision.
pub async fn announce(ctx: &Ctx, user: &UserRecord, call_id: i64) -> Result<usize, AppError> {
    require_staff(user)?;
    let call = ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    if call.status != CallStatus::Closed {
        return Err(AppError::Refused(Msg::ErrDecideWhenClosed));
    }
    let apps = ctx.store.applications_of_call(call_id).await?;
    if apps
        .iter()
        .any(|a| a.status == call::ApplicationStatus::Submitted && a.decision.is_none())
    {
        return Err(AppError::Refused(Msg::ErrUndecided));
    }
    let now = ctx.now();
    let moved = ctx
        .store
        .set_call_status(
            call_id,
            &Transition {
                actor: Some(user.id),
                from: "closed",
                to: "decided",
                note: "",
                now,
            },
        )
        .await?;
    if !moved {
        return Err(AppError::Conflict);
    }
    ctx.store.mark_announced(call_id, now).await?;
    let mut sent = 0;
    for a in apps
        .iter()
        .filter(|a| a.status == call::ApplicationStatus::Submitted)
    {
        let Some(d) = a.decision else { continue };
        let body = match d {
            Decision::Selected => Msg::MailSelectedBody,
            Decision::Waitlisted => Msg::MailWaitlistedBody,
            Decision::NotSelected => Msg::MailNotSelectedBody,
        };
        let city = ctx
            .store
            .city_by_id(a.city_id)
            .await?
            .map(|c| c.city.name)
            .unwrap_or_default();
        for (member, role) in &a.members {
            if *role == MemberRole::Asking {
                continue;
            }
            let Some(u) = ctx.store.user_by_id(UserId(*member)).await? else {
                continue;
            };
            let title = texts_for(&call, u.locale).0.title;
            let link = format!("{}/pairings/calls/{}", ctx.config.base_url, call_id);
            if super::mail_member(
                ctx,
                (&u.email, &u.name, u.locale),
                Msg::MailDecisionSubject,
                body,
                &[
                    ("call", &title),
                    ("city", &city),
                    ("reference", &a.reference),
                    ("note", &a.decision_note),
                    ("link", &link),
                ],
                link.clone(),
            )
            .await
            {
                sent += 1;
            }
        }
    }
    Ok(sent)
}
