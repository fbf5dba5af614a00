//! The Urban Cooperation Action Plan (U-CAP) of a pairing: its team writes
//! objectives, actions and pilot projects (with a version check, as events
//! do, so two people editing one action never overwrite each other),
//! submits the plan, staff approve it or return it with comments; progress
//! reports every six months; exports as a printable page, CSV and JSON.

use super::super::markdown::to_safe_html;
use super::super::time;
use super::{action_text, card, country_map, day_label, load_inside, today, Ctx};
use crate::domain::call::locale_index;
use crate::domain::pairing::plan::{
    report_period, rollup, sdgs_in, ActionForm, ActionProgress, ActionStatus, ObjectiveForm,
    PlanStatus, FRAMEWORKS,
};
use crate::domain::pairing::{reason, Day, MAX_REPORT};
use crate::domain::profile::block;
use crate::domain::Locale;
use crate::dto::{
    ActionEditor, ActionView, Choice, IndicatorView, ObjectiveView, PlanPage, PlanVersionView,
    ReportView,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::pairings::{ActionRecord, Change, ObjectiveRecord, PairingRecord};
use crate::store::UserRecord;
use serde::Serialize;

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }
}

fn city_name(p: &PairingRecord, id: Option<i64>) -> String {
    id.and_then(|c| p.cities.iter().find(|x| x.city_id == c))
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn progress_of(
    objectives: &[ObjectiveRecord],
    actions: &[ActionRecord],
) -> (Option<i64>, Vec<(i64, Option<i64>)>) {
    let weights: Vec<(i64, i64)> = objectives.iter().map(|o| (o.id, o.weight)).collect();
    let ps: Vec<ActionProgress> = actions
        .iter()
        .map(|a| ActionProgress {
            objective_id: a.d.objective_id,
            weight: a.d.weight,
            progress: a.d.progress,
            status: a.d.status,
            pilot: a.d.parent_id.is_some(),
        })
        .collect();
    rollup(&weights, &ps)
}

fn action_view(
    p: &PairingRecord,
    a: &ActionRecord,
    all: &[ActionRecord],
    sdg_names: &dyn Fn(u8) -> String,
    locale: Locale,
) -> ActionView {
    let (title, description, language_note) = action_text(&a.d.texts, locale);
    let budget =
        a.d.budget_amount
            .map(|amt| {
                let amount = super::super::numbers::group_digits(amt, locale);
                let source = if a.d.budget_source.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", a.d.budget_source)
                };
                format!("{amount} {}{source}", a.d.budget_currency)
            })
            .unwrap_or_default();
    let dates = match (a.d.starts_on, a.d.ends_on) {
        (Some(s), Some(e)) => format!(
            "{} → {}",
            day_label(locale, &s.to_string()),
            day_label(locale, &e.to_string())
        ),
        (Some(s), None) => day_label(locale, &s.to_string()),
        (None, Some(e)) => format!("→ {}", day_label(locale, &e.to_string())),
        _ => String::new(),
    };
    let lead = [city_name(p, a.d.lead_city_id), a.d.department.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    ActionView {
        id: a.id,
        title,
        language_note,
        description: to_safe_html(&description),
        status: a.d.status.label().text(locale).to_owned(),
        progress: a.d.progress,
        weight: a.d.weight,
        pilot: a.d.parent_id.is_some(),
        lead,
        partners: a.d.partners.clone(),
        sdgs: sdgs_in(a.d.sdgs).into_iter().map(sdg_names).collect(),
        frameworks: FRAMEWORKS
            .iter()
            .filter(|(bit, _)| a.d.frameworks & bit != 0)
            .map(|(_, m)| m.text(locale).to_owned())
            .collect(),
        budget,
        dates,
        indicators: a
            .d
            .indicators
            .iter()
            .map(|i| IndicatorView {
                name: i.name.clone(),
                unit: i.unit.clone(),
                baseline: number(i.baseline),
                target: number(i.target),
                current: i
                    .current
                    .map(|c| match i.measured_on {
                        Some(d) => format!("{} ({})", number(c), day_label(locale, &d.to_string())),
                        None => number(c),
                    })
                    .unwrap_or_default(),
                reached: i.reached(),
            })
            .collect(),
        staff_comment: a.staff_comment.clone(),
        public: a.d.public,
        pilots: all
            .iter()
            .filter(|x| x.d.parent_id == Some(a.id))
            .map(|x| action_view(p, x, all, sdg_names, locale))
            .collect(),
    }
}

/// `/pairing/<id>/plan`: the team and staff.
pub async fn page(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    locale: Locale,
    reader_zone: Option<&str>,
) -> Result<PlanPage, AppError> {
    let (p, access, _) = load_inside(ctx, id, user).await?;
    let (objectives, actions, versions, reports, themes, sdgs, activities) = tokio::try_join!(
        ctx.store.objectives(id),
        ctx.store.actions(id),
        ctx.store.plan_versions(id),
        ctx.store.reports(id),
        ctx.store.themes(),
        ctx.store.sdgs(),
        ctx.store.activities(id)
    )?;
    let countries = country_map(ctx, std::slice::from_ref(&p)).await?;
    let sdg_names = |n: u8| {
        let name = sdgs
            .iter()
            .find(|s| s.number == i64::from(n))
            .map(|s| s.names[locale_index(locale)].clone())
            .unwrap_or_default();
        Msg::SdgNumbered.fill(locale, &[("number", &n.to_string()), ("name", &name)])
    };
    let (progress, per) = progress_of(&objectives, &actions);
    let tz = time::reader_zone(reader_zone, chrono_tz::UTC);
    let when = |ts: i64| time::instant(locale, ts, tz);
    let due = p
        .starts_at
        .and_then(|s| report_period(Day::from_unix(s), today(ctx)))
        .filter(|period| !reports.iter().any(|r| r.period == *period && r.reviewed));
    let report_due = due.filter(|_| access.team()).map(|period| {
        let existing = reports
            .iter()
            .find(|r| r.period == period)
            .map(|r| r.body.clone());
        (
            period,
            existing.unwrap_or_else(|| prefill(&objectives, &actions, &activities, locale)),
        )
    });
    Ok(PlanPage {
        status: p.plan_status.as_str().to_owned(),
        status_label: p.plan_status.label().text(locale).to_owned(),
        can_edit: access.team() && p.plan_status != PlanStatus::Submitted && p.state.is_working(),
        staff: access.staff,
        team: access.team(),
        progress,
        objectives: objectives
            .iter()
            .zip(&per)
            .map(|(o, (_, pr))| ObjectiveView {
                id: o.id,
                title: o.title.clone(),
                weight: o.weight,
                progress: *pr,
                actions: actions
                    .iter()
                    .filter(|a| a.d.objective_id == o.id && a.d.parent_id.is_none())
                    .map(|a| action_view(&p, a, &actions, &sdg_names, locale))
                    .collect(),
            })
            .collect(),
        versions: versions
            .iter()
            .map(|v| PlanVersionView {
                number: v.number,
                status: v.status.label().text(locale).to_owned(),
                submitted: Msg::SubmittedBy.fill(
                    locale,
                    &[("name", &v.submitted_by), ("date", &when(v.submitted_at))],
                ),
                decided: v
                    .decided_at
                    .map(|d| {
                        Msg::DecidedBy.fill(locale, &[("name", &v.decided_by), ("date", &when(d))])
                    })
                    .unwrap_or_default(),
                note: v.note.clone(),
            })
            .collect(),
        reports: reports
            .iter()
            .map(|r| ReportView {
                period: r.period,
                label: Msg::ReportPeriod.fill(locale, &[("n", &r.period.to_string())]),
                body: to_safe_html(&r.body),
                submitted: Msg::SubmittedBy.fill(
                    locale,
                    &[("name", &r.submitted_by), ("date", &when(r.submitted_at))],
                ),
                reviewed: r.reviewed,
                review: if r.reviewed {
                    Msg::ReviewedBy.fill(locale, &[("name", &r.reviewed_by), ("note", &r.note)])
                } else {
                    String::new()
                },
            })
            .collect(),
        report_due,
        card: card(&p, locale, &themes, &countries, progress),
    })
}

/// A progress report's first draft: every action with its status,
/// progress and indicators, and the activities held so far.
fn prefill(
    objectives: &[ObjectiveRecord],
    actions: &[ActionRecord],
    activities: &[crate::store::pairings::ActivityRecord],
    locale: Locale,
) -> String {
    let mut out = format!("## {}\n\n", Msg::PlanObjectives.text(locale));
    for o in objectives {
        out.push_str(&format!("### {}\n\n", o.title));
        for a in actions.iter().filter(|a| a.d.objective_id == o.id) {
            let (title, _, _) = action_text(&a.d.texts, locale);
            out.push_str(&format!(
                "- **{title}** — {}, {} %\n",
                a.d.status.label().text(locale),
                a.d.progress
            ));
            for i in &a.d.indicators {
                out.push_str(&format!(
                    "  - {}: {} → {} {} ({})\n",
                    i.name,
                    number(i.baseline),
                    number(i.target),
                    i.unit,
                    i.current.map(number).unwrap_or_else(|| "—".into())
                ));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("## {}\n\n", Msg::PairingActivities.text(locale)));
    for a in activities {
        out.push_str(&format!(
            "- {} — {} ({})\n",
            day_label(locale, &a.held_on),
            a.title,
            a.kind.label().text(locale)
        ));
    }
    out
}

fn choices_sdgs(sdgs: &[crate::store::SdgRow], locale: Locale) -> Vec<Choice> {
    sdgs.iter()
        .map(|s| Choice {
            value: s.number.to_string(),
            label: Msg::SdgNumbered.fill(
                locale,
                &[
                    ("number", &s.number.to_string()),
                    ("name", &s.names[locale_index(locale)]),
                ],
            ),
        })
        .collect()
}

/// The team's form for an action (0: a new one; `parent` makes it a pilot
/// project of that action).
pub async fn editor(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    action: i64,
    parent: i64,
    locale: Locale,
) -> Result<ActionEditor, AppError> {
    let (p, access, _) = load_inside(ctx, id, user).await?;
    if !access.team() {
        return Err(AppError::Forbidden);
    }
    let (objectives, actions, sdgs, themes) = tokio::try_join!(
        ctx.store.objectives(id),
        ctx.store.actions(id),
        ctx.store.sdgs(),
        ctx.store.themes()
    )?;
    let countries = country_map(ctx, std::slice::from_ref(&p)).await?;
    let (form, version, staff_comment) = if action > 0 {
        let a = actions
            .iter()
            .find(|a| a.id == action)
            .ok_or(AppError::NotFound)?;
        (form_of(a), a.version, a.staff_comment.clone())
    } else {
        let parent_action = actions.iter().find(|a| a.id == parent);
        (
            ActionForm {
                objective: parent_action
                    .map(|a| a.d.objective_id)
                    .or(objectives.first().map(|o| o.id))
                    .map(|o| o.to_string())
                    .unwrap_or_default(),
                parent: parent_action.map(|a| a.id.to_string()).unwrap_or_default(),
                status: "planned".into(),
                progress: "0".into(),
                weight: "1".into(),
                public: Some("on".into()),
                lead_city: user_city(ctx, user, id)
                    .await?
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                ..Default::default()
            },
            0,
            String::new(),
        )
    };
    Ok(ActionEditor {
        action_id: action,
        version,
        form,
        objectives: objectives
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.title.clone(),
            })
            .collect(),
        parents: actions
            .iter()
            .filter(|a| a.d.parent_id.is_none() && a.id != action)
            .map(|a| Choice {
                value: a.id.to_string(),
                label: action_text(&a.d.texts, locale).0,
            })
            .collect(),
        cities: p
            .cities
            .iter()
            .map(|c| Choice {
                value: c.city_id.to_string(),
                label: c.name.clone(),
            })
            .collect(),
        sdgs: choices_sdgs(&sdgs, locale),
        frameworks: FRAMEWORKS
            .iter()
            .map(|(bit, m)| Choice {
                value: bit.to_string(),
                label: m.text(locale).to_owned(),
            })
            .collect(),
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.label().text(locale).to_owned(),
            })
            .collect(),
        staff_comment,
        pairing: card(&p, locale, &themes, &countries, None),
    })
}

async fn user_city(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<Option<i64>, AppError> {
    Ok(ctx
        .store
        .team(id)
        .await?
        .into_iter()
        .find(|m| m.user_id == user.id)
        .map(|m| m.city_id))
}

/// The stored action back as its form (to edit it).
pub fn form_of(a: &ActionRecord) -> ActionForm {
    let d = &a.d;
    let per = |f: &dyn Fn(&(Locale, String, String)) -> String| {
        Locale::ALL
            .iter()
            .map(|l| {
                d.texts
                    .iter()
                    .find(|t| t.0 == *l)
                    .map(f)
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
    };
    let col = |f: &dyn Fn(&crate::domain::pairing::plan::Indicator) -> String| {
        d.indicators.iter().map(f).collect::<Vec<_>>()
    };
    ActionForm {
        objective: d.objective_id.to_string(),
        parent: d.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        title: per(&|t| t.1.clone()),
        description: per(&|t| t.2.clone()),
        lead_city: d.lead_city_id.map(|c| c.to_string()).unwrap_or_default(),
        department: d.department.clone(),
        partners: d.partners.clone(),
        sdgs: sdgs_in(d.sdgs).iter().map(u8::to_string).collect(),
        frameworks: FRAMEWORKS
            .iter()
            .filter(|(b, _)| d.frameworks & b != 0)
            .map(|(b, _)| b.to_string())
            .collect(),
        budget_amount: d.budget_amount.map(|b| b.to_string()).unwrap_or_default(),
        budget_currency: d.budget_currency.clone(),
        budget_source: d.budget_source.clone(),
        starts_on: d.starts_on.map(|x| x.to_string()).unwrap_or_default(),
        ends_on: d.ends_on.map(|x| x.to_string()).unwrap_or_default(),
        status: d.status.as_str().to_owned(),
        progress: d.progress.to_string(),
        weight: d.weight.to_string(),
        public: d.public.then(|| "on".to_owned()),
        ind_name: col(&|i| i.name.clone()),
        ind_unit: col(&|i| i.unit.clone()),
        ind_baseline: col(&|i| number(i.baseline)),
        ind_target: col(&|i| number(i.target)),
        ind_current: col(&|i| i.current.map(number).unwrap_or_default()),
        ind_measured_on: col(&|i| i.measured_on.map(|d| d.to_string()).unwrap_or_default()),
    }
}

/// Only the team edits its plan, never while staff review it.
async fn editable(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<PairingRecord, AppError> {
    let (p, access, _) = load_inside(ctx, id, user).await?;
    if !access.team() {
        return Err(AppError::Forbidden);
    }
    if p.plan_status == PlanStatus::Submitted {
        return Err(AppError::Refused(Msg::ErrPlanLocked));
    }
    if !p.state.is_working() {
        return Err(AppError::Refused(Msg::ErrPairingClosed));
    }
    Ok(p)
}

/// Creates (action 0) or saves an action; 409 if someone saved it since
/// the form was opened (nothing is overwritten).
pub async fn save_action(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    action: i64,
    version: i64,
    form: &ActionForm,
) -> Result<i64, AppError> {
    let p = editable(ctx, user, id).await?;
    let d = form
        .validate()
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    if let Some(c) = d.lead_city_id {
        if !p.cities.iter().any(|x| x.city_id == c) {
            return Err(AppError::validation("lead_city", Msg::ErrChoice));
        }
    }
    let actions = ctx.store.actions(id).await?;
    if let Some(parent) = d.parent_id {
        let ok = actions
            .iter()
            .any(|a| a.id == parent && a.d.parent_id.is_none() && a.id != action);
        if !ok {
            return Err(AppError::validation("parent", Msg::ErrChoice));
        }
    }
    if action == 0 {
        let new = ctx.store.create_action(id, &d, user.id, ctx.now()).await?;
        if new == 0 {
            return Err(AppError::validation("objective", Msg::ErrChoice));
        }
        Ok(new)
    } else if ctx
        .store
        .update_action(id, action, version, &d, user.id, ctx.now())
        .await?
    {
        Ok(action)
    } else if actions.iter().any(|a| a.id == action) {
        Err(AppError::Conflict)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn delete_action(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    action: i64,
) -> Result<(), AppError> {
    editable(ctx, user, id).await?;
    if ctx.store.delete_action(id, action, ctx.now()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn save_objective(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    objective: i64,
    form: &ObjectiveForm,
) -> Result<i64, AppError> {
    editable(ctx, user, id).await?;
    let (title, weight) = form
        .validate()
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    ctx.store
        .save_objective(id, objective, &title, weight, ctx.now())
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn delete_objective(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    objective: i64,
) -> Result<(), AppError> {
    editable(ctx, user, id).await?;
    if ctx.store.delete_objective(id, objective, ctx.now()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The plan as exported and frozen at each submission.
#[derive(Debug, Serialize)]
pub struct PlanExport {
    pub pairing: String,
    pub status: &'static str,
    pub progress: Option<i64>,
    pub objectives: Vec<ObjectiveExport>,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveExport {
    pub id: i64,
    pub title: String,
    pub weight: i64,
    pub progress: Option<i64>,
    pub actions: Vec<ActionExport>,
}

#[derive(Debug, Serialize)]
pub struct ActionExport {
    pub id: i64,
    /// "action" or "pilot"
    pub kind: &'static str,
    pub parent_id: Option<i64>,
    pub texts: std::collections::BTreeMap<&'static str, (String, String)>,
    pub lead_city: String,
    pub department: String,
    pub partners: String,
    pub sdgs: Vec<u8>,
    /// nua, sendai, paris
    pub frameworks: Vec<&'static str>,
    pub budget_amount: Option<i64>,
    pub budget_currency: String,
    pub budget_source: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: &'static str,
    pub progress: i64,
    pub weight: i64,
    pub public: bool,
    pub indicators: Vec<crate::domain::pairing::plan::Indicator>,
}

pub async fn export(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<PlanExport, AppError> {
    let (p, _, _) = load_inside(ctx, id, user).await?;
    let (objectives, actions) = tokio::try_join!(ctx.store.objectives(id), ctx.store.actions(id))?;
    Ok(export_of(&p, &objectives, &actions))
}

fn export_of(
    p: &PairingRecord,
    objectives: &[ObjectiveRecord],
    actions: &[ActionRecord],
) -> PlanExport {
    let (progress, per) = progress_of(objectives, actions);
    PlanExport {
        pairing: super::title(p),
        status: p.plan_status.as_str(),
        progress,
        objectives: objectives
            .iter()
            .zip(&per)
            .map(|(o, (_, pr))| ObjectiveExport {
                id: o.id,
                title: o.title.clone(),
                weight: o.weight,
                progress: *pr,
                actions: actions
                    .iter()
                    .filter(|a| a.d.objective_id == o.id)
                    .map(|a| ActionExport {
                        id: a.id,
                        kind: if a.d.parent_id.is_some() {
                            "pilot"
                        } else {
                            "action"
                        },
                        parent_id: a.d.parent_id,
                        texts: a
                            .d
                            .texts
                            .iter()
                            .map(|(l, t, d)| (l.code(), (t.clone(), d.clone())))
                            .collect(),
                        lead_city: city_name(p, a.d.lead_city_id),
                        department: a.d.department.clone(),
                        partners: a.d.partners.clone(),
                        sdgs: sdgs_in(a.d.sdgs),
                        frameworks: [(1, "nua"), (2, "sendai"), (4, "paris")]
                            .iter()
                            .filter(|(b, _)| a.d.frameworks & b != 0)
                            .map(|(_, n)| *n)
                            .collect(),
                        budget_amount: a.d.budget_amount,
                        budget_currency: a.d.budget_currency.clone(),
                        budget_source: a.d.budget_source.clone(),
                        starts_on: a.d.starts_on.map(|d| d.to_string()),
                        ends_on: a.d.ends_on.map(|d| d.to_string()),
                        status: a.d.status.as_str(),
                        progress: a.d.progress,
                        weight: a.d.weight,
                        public: a.d.public,
                        indicators: a.d.indicators.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// One CSV row per action and pilot project, every cell through
/// `escape::csv_row`.
pub fn export_csv(e: &PlanExport) -> String {
    let mut out = crate::escape::csv_row(&[
        "objective",
        "objective_weight",
        "action_id",
        "kind",
        "parent_id",
        "title",
        "language",
        "lead_city",
        "department",
        "partners",
        "sdgs",
        "frameworks",
        "budget_amount",
        "budget_currency",
        "budget_source",
        "starts_on",
        "ends_on",
        "status",
        "progress",
        "weight",
        "indicators",
    ]);
    for o in &e.objectives {
        for a in &o.actions {
            let (lang, title) = a
                .texts
                .iter()
                .next()
                .map(|(l, (t, _))| (l.to_string(), t.clone()))
                .unwrap_or_default();
            let indicators = a
                .indicators
                .iter()
                .map(|i| {
                    format!(
                        "{} ({}): {} → {}{}",
                        i.name,
                        i.unit,
                        number(i.baseline),
                        number(i.target),
                        i.current
                            .map(|c| format!(", {}", number(c)))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(" | ");
            out.push_str(&crate::escape::csv_row(&[
                o.title.clone(),
                o.weight.to_string(),
                a.id.to_string(),
                a.kind.to_owned(),
                a.parent_id.map(|p| p.to_string()).unwrap_or_default(),
                title,
                lang,
                a.lead_city.clone(),
                a.department.clone(),
                a.partners.clone(),
                a.sdgs
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(" | "),
                a.frameworks.join(" | "),
                a.budget_amount.map(|b| b.to_string()).unwrap_or_default(),
                a.budget_currency.clone(),
                a.budget_source.clone(),
                a.starts_on.clone().unwrap_or_default(),
                a.ends_on.clone().unwrap_or_default(),
                a.status.to_owned(),
                a.progress.to_string(),
                a.weight.to_string(),
                indicators,
            ]));
        }
    }
    out
}

/// The team submits the plan: it is frozen as a version for staff.
pub async fn submit(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<i64, AppError> {
    let p = editable(ctx, user, id).await?;
    let (objectives, actions) = tokio::try_join!(ctx.store.objectives(id), ctx.store.actions(id))?;
    if actions.is_empty() {
        return Err(AppError::Refused(Msg::ErrPlanEmpty));
    }
    let snapshot = serde_json::to_string(&export_of(&p, &objectives, &actions))
        .map_err(|e| super::super::internal(&e))?;
    ctx.store
        .submit_plan(
            id,
            &snapshot,
            &Change {
                actor: Some(user.id),
                what: "plan",
                from: p.plan_status.as_str(),
                to: "submitted",
                note: "",
                now: ctx.now(),
            },
        )
        .await?
        .ok_or(AppError::Conflict)
}

/// Staff approve the submitted plan or return it with a note.
pub async fn decide(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    super::super::calls::require_staff(user)?;
    let (p, _, _) = load_inside(ctx, id, user).await?;
    let note = reason("note", note, !approve).map_err(|e| AppError::validation(e.field, e.msg))?;
    let to = if approve {
        PlanStatus::Approved
    } else {
        PlanStatus::Returned
    };
    if !p.plan_status.can_become(to) {
        return Err(AppError::Refused(Msg::ErrStatusChange));
    }
    let done = ctx
        .store
        .decide_plan(
            id,
            to,
            &note,
            &Change {
                actor: Some(user.id),
                what: "plan",
                from: "submitted",
                to: to.as_str(),
                note: &note,
                now: ctx.now(),
            },
        )
        .await?;
    if !done {
        return Err(AppError::Conflict);
    }
    // the team hears of it, each in their language
    let link = format!("{}/pairing/{id}/plan", ctx.config.base_url);
    let title = super::title(&p);
    for m in ctx.store.team(id).await? {
        let l = ctx
            .store
            .user_by_id(m.user_id)
            .await?
            .map_or(Locale::En, |u| u.locale);
        let decision = to.label().text(l);
        super::super::mail_member(
            ctx,
            (&m.email, &m.name, l),
            Msg::MailPlanDecidedSubject,
            Msg::MailPlanDecidedBody,
            &[
                ("pairing", &title),
                ("decision", decision),
                ("note", &note),
                ("link", &link),
            ],
            link.clone(),
        )
        .await;
    }
    Ok(())
}

/// Staff's comment on one action.
pub async fn comment(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    action: i64,
    text: &str,
) -> Result<(), AppError> {
    super::super::calls::require_staff(user)?;
    load_inside(ctx, id, user).await?;
    let text = block("comment", text, 2_000).map_err(|e| AppError::validation(e.field, e.msg))?;
    if ctx.store.set_action_comment(id, action, &text).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The team submits the report for the period that is due.
pub async fn submit_report(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    period: i64,
    body: &str,
) -> Result<(), AppError> {
    let (p, access, _) = load_inside(ctx, id, user).await?;
    if !access.team() {
        return Err(AppError::Forbidden);
    }
    let due = p
        .starts_at
        .and_then(|s| report_period(Day::from_unix(s), today(ctx)));
    if due.is_none_or(|d| period < 1 || period > d) {
        return Err(AppError::Refused(Msg::ErrReportNotDue));
    }
    let body = block("body", body, MAX_REPORT).map_err(|e| AppError::validation(e.field, e.msg))?;
    if body.is_empty() {
        return Err(AppError::validation("body", Msg::ErrRequired));
    }
    if ctx
        .store
        .submit_report(id, period, &body, user.id, ctx.now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::Refused(Msg::ErrReportReviewed))
    }
}

pub async fn review_report(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    period: i64,
    note: &str,
) -> Result<(), AppError> {
    super::super::calls::require_staff(user)?;
    load_inside(ctx, id, user).await?;
    let note = reason("note", note, false).map_err(|e| AppError::validation(e.field, e.msg))?;
    if ctx
        .store
        .review_report(id, period, &note, user.id, ctx.now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
