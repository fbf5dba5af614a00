//! Pairings and trios: who may see and do what, the public list with its
//! map, a pairing's public page, the programme's figures and the open data.
//! Forming a cohort is in `formation`, the team's space in `space`, the
//! action plan in `plan`, the map's drawing in `map`.

pub mod formation;
pub mod map;
pub mod open_data;
pub mod plan;
pub mod space;

use super::calls::is_staff;
use super::labels::theme_name;
use super::markdown::to_safe_html;
use super::Ctx;
use crate::domain::call::locale_index;
use crate::domain::pairing::plan::{rollup, sdgs_in, ActionProgress};
use crate::domain::pairing::{Day, PairingState};
use crate::domain::Locale;
use crate::dto::{
    ActionPublic, ActivityPublic, Choice, ObjectivePublic, PairingCard, PairingCityView,
    PairingFilters, PairingPublic, PairingsList,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::pairings::{ActionFact, PairingRecord, TeamMember};
use crate::store::{ThemeRow, UserRecord};
use std::collections::{BTreeMap, HashMap};

/// Pairings on one page of the list (the map shows every match).
pub const PER_PAGE: usize = 24;

/// What the reader may do with one pairing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Access {
    pub staff: bool,
    /// the city the reader is on the team of
    pub city: Option<i64>,
    pub coordinator: bool,
    pub signatory: bool,
}

impl Access {
    pub fn team(&self) -> bool {
        self.city.is_some()
    }

    /// The team's space, notes and documents: the team and staff.
    pub fn inside(&self) -> bool {
        self.staff || self.team()
    }

    /// Whether the reader manages `city`'s team: staff, or its coordinator.
    pub fn manages(&self, city: i64) -> bool {
        self.staff || (self.coordinator && self.city == Some(city))
    }
}

pub(crate) fn access_of(user: Option<&UserRecord>, team: &[TeamMember]) -> Access {
    let me = user.and_then(|u| team.iter().find(|m| m.user_id == u.id));
    Access {
        staff: is_staff(user),
        city: me.map(|m| m.city_id),
        coordinator: me.is_some_and(|m| m.coordinator),
        signatory: me.is_some_and(|m| m.signatory),
    }
}

/// The pairing, its team and the reader's access; not found for those who
/// may not see it (a proposed or ended pairing is only for its team and
/// staff).
pub(crate) async fn load(
    ctx: &Ctx,
    id: i64,
    user: Option<&UserRecord>,
) -> Result<(PairingRecord, Access, Vec<TeamMember>), AppError> {
    let (p, team) = tokio::try_join!(ctx.store.pairing(id), ctx.store.team(id))?;
    let p = p.ok_or(AppError::NotFound)?;
    let access = access_of(user, &team);
    if !p.state.is_public() && !access.inside() {
        return Err(AppError::NotFound);
    }
    Ok((p, access, team))
}

/// The team's space: the team and staff only (403 for other members).
pub(crate) async fn load_inside(
    ctx: &Ctx,
    id: i64,
    user: &UserRecord,
) -> Result<(PairingRecord, Access, Vec<TeamMember>), AppError> {
    let (p, access, team) = load(ctx, id, Some(user)).await?;
    if !access.inside() {
        return Err(AppError::Forbidden);
    }
    Ok((p, access, team))
}

/// "Montréal – Lyon", "Querétaro – Lyon – Vancouver".
pub fn title(p: &PairingRecord) -> String {
    p.title()
}

/// "Friday 12 March 2027" for a stored day, in the reader's language.
pub(crate) fn day_label(locale: Locale, raw: &str) -> String {
    use chrono::Datelike;
    match Day::parse("day", raw) {
        Ok(d) => {
            let weekday = chrono::NaiveDate::from_ymd_opt(d.y, d.m, d.d)
                .map_or(0, |n| n.weekday().num_days_from_monday());
            crate::i18n::dates::date(locale, d.y, d.m, d.d, weekday)
        }
        Err(_) => raw.to_owned(),
    }
}

pub(crate) fn today(ctx: &Ctx) -> Day {
    Day::from_unix(ctx.now())
}

pub(crate) fn state_label(s: PairingState, locale: Locale) -> String {
    s.label().text(locale).to_owned()
}

pub(crate) fn area_names(p: &PairingRecord, themes: &[ThemeRow], locale: Locale) -> Vec<String> {
    p.themes
        .iter()
        .filter_map(|t| themes.iter().find(|r| &r.id == t))
        .map(|t| theme_name(t, locale))
        .collect()
}

pub(crate) fn card(
    p: &PairingRecord,
    locale: Locale,
    themes: &[ThemeRow],
    countries: &HashMap<String, String>,
    progress: Option<i64>,
) -> PairingCard {
    let since = p
        .starts_at
        .map(|ts| {
            Msg::PairingSince.fill(
                locale,
                &[("date", &day_label(locale, &Day::from_unix(ts).to_string()))],
            )
        })
        .unwrap_or_default();
    PairingCard {
        id: p.id,
        title: title(p),
        kind: if p.cities.len() > 2 {
            Msg::PairingTrio
        } else {
            Msg::PairingPair
        }
        .text(locale)
        .to_owned(),
        cities: p
            .cities
            .iter()
            .map(|c| PairingCityView {
                id: c.city_id,
                name: c.name.clone(),
                country: countries
                    .get(&c.country_code)
                    .cloned()
                    .unwrap_or_else(|| c.country_code.clone()),
            })
            .collect(),
        cohort_year: p.cohort_year,
        state: p.state.as_str().to_owned(),
        state_label: state_label(p.state, locale),
        since,
        areas: area_names(p, themes, locale).join(" · "),
        progress,
        attention: Vec::new(),
    }
}

pub(crate) async fn country_map(
    ctx: &Ctx,
    pairings: &[PairingRecord],
) -> Result<HashMap<String, String>, AppError> {
    let mut codes: Vec<String> = pairings
        .iter()
        .flat_map(|p| p.cities.iter().map(|c| c.country_code.clone()))
        .collect();
    codes.sort();
    codes.dedup();
    Ok(ctx.store.country_names(&codes).await?.into_iter().collect())
}

/// Each pairing's plan progress, and the SDGs its public actions serve.
pub(crate) fn progress_by_pairing(facts: &[ActionFact]) -> HashMap<i64, (Option<i64>, i64)> {
    // per pairing: (objective, weight) pairs, the actions, the SDG mask
    type Acc = (Vec<(i64, i64)>, Vec<ActionProgress>, i64);
    let mut by: HashMap<i64, Acc> = HashMap::new();
    for f in facts {
        let e = by.entry(f.pairing_id).or_default();
        if !e.0.iter().any(|(id, _)| *id == f.objective_id) {
            e.0.push((f.objective_id, f.objective_weight));
        }
        e.1.push(ActionProgress {
            objective_id: f.objective_id,
            weight: f.weight,
            progress: f.progress,
            status: f.status,
            pilot: f.pilot,
        });
        if f.public {
            e.2 |= f.sdgs;
        }
    }
    by.into_iter()
        .map(|(id, (objectives, actions, sdgs))| (id, (rollup(&objectives, &actions).0, sdgs)))
        .collect()
}

fn matches(p: &PairingRecord, f: &PairingFilters, sdgs: i64) -> bool {
    (f.country.is_empty() || p.cities.iter().any(|c| c.country_code == f.country))
        && (f.theme.is_empty() || p.themes.contains(&f.theme))
        && (f.year.is_empty() || p.cohort_year.to_string() == f.year)
        && (f.state.is_empty() || p.state.as_str() == f.state)
        && (f.sdg.is_empty()
            || f.sdg
                .parse::<u8>()
                .is_ok_and(|n| (1..=17).contains(&n) && sdgs & (1 << (n - 1)) != 0))
}

/// `/pairings`: the pairings and trios, filtered, with the map; the
/// reader's own; for staff, what needs them and the cohorts to form.
pub async fn list(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    filters: PairingFilters,
    locale: Locale,
) -> Result<PairingsList, AppError> {
    let staff = is_staff(user);
    let (all, facts, themes, sdg_rows) = tokio::try_join!(
        ctx.store.pairings(),
        ctx.store.action_facts(),
        ctx.store.themes(),
        ctx.store.sdgs()
    )?;
    let countries = country_map(ctx, &all).await?;
    let progress = progress_by_pairing(&facts);
    let facts_of = |id: i64| progress.get(&id).copied().unwrap_or((None, 0));
    let public: Vec<&PairingRecord> = all.iter().filter(|p| p.state.is_public()).collect();
    let shown: Vec<&PairingRecord> = public
        .iter()
        .copied()
        .filter(|p| matches(p, &filters, facts_of(p.id).1))
        .collect();
    let total = shown.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = filters
        .page
        .trim()
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, pages);
    let items: Vec<PairingCard> = shown
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|p| card(p, locale, &themes, &countries, facts_of(p.id).0))
        .collect();
    let map = map::svg(&shown, locale);
    let mine = match user {
        Some(u) => {
            let ids = ctx.store.pairings_of_member(u.id).await?;
            all.iter()
                .filter(|p| ids.contains(&p.id))
                .map(|p| card(p, locale, &themes, &countries, facts_of(p.id).0))
                .collect()
        }
        None => Vec::new(),
    };
    let (mut attention, mut cohorts) = (Vec::new(), Vec::new());
    if staff {
        let overdue: HashMap<i64, i64> = ctx
            .store
            .overdue_counts(&today(ctx).to_string())
            .await?
            .into_iter()
            .collect();
        for p in &all {
            let mut why = Vec::new();
            if let Some(n) = overdue.get(&p.id) {
                why.push(Msg::PairingOverdue.fill(locale, &[("count", &n.to_string())]));
            }
            if p.plan_status == crate::domain::pairing::plan::PlanStatus::Submitted {
                why.push(Msg::PairingPlanToReview.text(locale).to_owned());
            }
            if p.state == PairingState::Proposed {
                why.push(Msg::PairingToConfirm.text(locale).to_owned());
            }
            if !why.is_empty() {
                let mut c = card(p, locale, &themes, &countries, facts_of(p.id).0);
                c.attention = why;
                attention.push(c);
            }
        }
        for call in ctx.store.calls().await? {
            if call.status == crate::domain::call::CallStatus::Decided {
                let (texts, _) = super::calls::texts_for(&call, locale);
                cohorts.push(Choice {
                    value: call.id.to_string(),
                    label: texts.title,
                });
            }
        }
    }
    // filter choices from what is public
    let mut country_codes: Vec<&String> = public
        .iter()
        .flat_map(|p| p.cities.iter().map(|c| &c.country_code))
        .collect();
    country_codes.sort();
    country_codes.dedup();
    let mut country_choices: Vec<Choice> = country_codes
        .into_iter()
        .map(|c| Choice {
            value: c.clone(),
            label: countries.get(c).cloned().unwrap_or_else(|| c.clone()),
        })
        .collect();
    country_choices.sort_by(|a, b| a.label.cmp(&b.label));
    let mut years: Vec<i64> = public.iter().map(|p| p.cohort_year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(PairingsList {
        countries: country_choices,
        themes: themes
            .iter()
            .map(|t| Choice {
                value: t.id.clone(),
                label: theme_name(t, locale),
            })
            .collect(),
        sdgs: sdg_rows
            .iter()
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
            .collect(),
        years: years
            .into_iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: y.to_string(),
            })
            .collect(),
        states: PairingState::ALL
            .iter()
            .filter(|s| s.is_public())
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: state_label(*s, locale),
            })
            .collect(),
        filters,
        items,
        total,
        page,
        pages,
        map,
        mine,
        staff,
        cohorts,
        attention,
    })
}

/// The title and description of an action in the reader's language, or
/// the first written, with a note naming its language.
pub(crate) fn action_text(
    texts: &[(Locale, String, String)],
    locale: Locale,
) -> (String, String, Option<String>) {
    match texts
        .iter()
        .find(|(l, _, _)| *l == locale)
        .or(texts.first())
    {
        Some((l, t, d)) => (
            t.clone(),
            d.clone(),
            (*l != locale).then(|| Msg::WrittenIn.fill(locale, &[("language", l.native_name())])),
        ),
        None => Default::default(),
    }
}

/// `/pairing/<id>`: the cities, since when, the agreed areas, the plan's
/// objectives and progress, its public actions, pilot projects and
/// activities.
pub async fn public_page(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    id: i64,
    locale: Locale,
) -> Result<PairingPublic, AppError> {
    let (p, access, _) = load(ctx, id, user).await?;
    let (themes, objectives, actions, activities, sdg_rows) = tokio::try_join!(
        ctx.store.themes(),
        ctx.store.objectives(id),
        ctx.store.actions(id),
        ctx.store.activities(id),
        ctx.store.sdgs()
    )?;
    let countries = country_map(ctx, std::slice::from_ref(&p)).await?;
    let weights: Vec<(i64, i64)> = objectives.iter().map(|o| (o.id, o.weight)).collect();
    let progress: Vec<ActionProgress> = actions
        .iter()
        .map(|a| ActionProgress {
            objective_id: a.d.objective_id,
            weight: a.d.weight,
            progress: a.d.progress,
            status: a.d.status,
            pilot: a.d.parent_id.is_some(),
        })
        .collect();
    let (plan_progress, per) = rollup(&weights, &progress);
    let sdg_name = |n: u8| {
        let name = sdg_rows
            .iter()
            .find(|s| s.number == i64::from(n))
            .map(|s| s.names[locale_index(locale)].clone())
            .unwrap_or_default();
        Msg::SdgNumbered.fill(locale, &[("number", &n.to_string()), ("name", &name)])
    };
    let objectives_view: Vec<ObjectivePublic> = objectives
        .iter()
        .zip(&per)
        .map(|(o, (_, pr))| ObjectivePublic {
            title: o.title.clone(),
            weight: o.weight,
            progress: *pr,
            actions: actions
                .iter()
                .filter(|a| a.d.objective_id == o.id && a.d.public)
                .map(|a| {
                    let (title, description, _) = action_text(&a.d.texts, locale);
                    ActionPublic {
                        title,
                        description: to_safe_html(&description),
                        status: a.d.status.label().text(locale).to_owned(),
                        progress: a.d.progress,
                        pilot: a.d.parent_id.is_some(),
                        sdgs: sdgs_in(a.d.sdgs).into_iter().map(sdg_name).collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let activities_view = activities
        .iter()
        .filter(|a| a.public)
        .map(|a| ActivityPublic {
            kind: a.kind.label().text(locale).to_owned(),
            title: a.title.clone(),
            date: day_label(locale, &a.held_on),
            report: to_safe_html(&a.report),
            event: a.event_id,
        })
        .collect();
    let c = card(&p, locale, &themes, &countries, plan_progress);
    let json_ld = open_data::json_ld(ctx, &p, &c);
    Ok(PairingPublic {
        areas: area_names(&p, &themes, locale),
        plan_progress,
        objectives: objectives_view,
        activities: activities_view,
        json_ld,
        map: map::svg(&[&p], locale),
        can_enter: access.inside(),
        news: crate::services::news::about(ctx, "pairing", &p.id.to_string(), locale, 5).await?,
        publications: crate::services::news::library::about(
            ctx,
            "pairing",
            &p.id.to_string(),
            locale,
        )
        .await?,
        card: c,
    })
}

/// The programme in figures, for the home page: pairings, trios, cities
/// per country, actions under way.
pub async fn figures(ctx: &Ctx, locale: Locale) -> Result<Option<String>, AppError> {
    let (all, facts) = tokio::try_join!(ctx.store.pairings(), ctx.store.action_facts())?;
    let public: Vec<&PairingRecord> = all.iter().filter(|p| p.state.is_public()).collect();
    if public.is_empty() {
        return Ok(None);
    }
    let trios = public.iter().filter(|p| p.cities.len() > 2).count();
    let ids: Vec<i64> = public.iter().map(|p| p.id).collect();
    let under_way = facts
        .iter()
        .filter(|f| {
            ids.contains(&f.pairing_id)
                && f.status == crate::domain::pairing::plan::ActionStatus::UnderWay
        })
        .count();
    let mut per_country: BTreeMap<String, std::collections::BTreeSet<i64>> = BTreeMap::new();
    for p in &public {
        for c in &p.cities {
            per_country
                .entry(c.country_code.clone())
                .or_default()
                .insert(c.city_id);
        }
    }
    let owned: Vec<PairingRecord> = public.iter().map(|p| (*p).clone()).collect();
    let names = country_map(ctx, &owned).await?;
    let mut countries: Vec<(usize, String)> = per_country
        .iter()
        .map(|(code, cities)| {
            (
                cities.len(),
                names.get(code).cloned().unwrap_or_else(|| code.clone()),
            )
        })
        .collect();
    countries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let by_country = countries
        .iter()
        .map(|(n, name)| format!("{name} {n}"))
        .collect::<Vec<_>>()
        .join(" · ");
    Ok(Some(Msg::HomeProgrammeFigures.fill(
        locale,
        &[
            ("pairs", &(public.len() - trios).to_string()),
            ("trios", &trios.to_string()),
            ("actions", &under_way.to_string()),
            ("countries", &by_country),
        ],
    )))
}
