//! Staff form a cohort's pairs and trios: the cities selected in a decided
//! call, plus any city they add (the European side, say). Tandem proposes
//! the arrangement with the best total fit, each group with its reasons;
//! staff move cities between groups (swap, split, merge by changing group
//! numbers), preview, and confirm. Confirmed groups become pairings in the
//! `proposed` state, with the applicants as their cities' teams.

use super::super::calls::{require_staff, texts_for};
use super::super::partners::reasons;
use super::{card, country_map, Ctx};
use crate::domain::call::{CallStatus, Decision};
use crate::domain::pairing::formation::{self, group_value, valid_group, Member, Proposal};
use crate::domain::partner::{self, CityFacts};
use crate::domain::profile::SizeBucket;
use crate::domain::recommend::north_american;
use crate::domain::{Locale, UserId};
use crate::dto::{CohortCity, FormationPage, ProposedGroup};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::CallRecord;
use crate::store::pairings::NewPairing;
use crate::store::{CityView, ThemeRow, UserRecord};

/// An application and its applicants (the lead first).
type Applicants = (i64, Vec<i64>);

/// One city of the cohort.
struct Entrant {
    view: CityView,
    facts: CityFacts,
    application: Option<Applicants>,
}

/// Everything the page and the confirmation need.
struct Cohort {
    call: CallRecord,
    entrants: Vec<Entrant>,
    members: Vec<Member>,
    fits: Vec<Vec<i64>>,
    matches: Vec<Vec<partner::CityMatch>>,
    themes: Vec<ThemeRow>,
}

fn country(code: &str) -> [u8; 2] {
    let b = code.as_bytes();
    if b.len() == 2 {
        [b[0], b[1]]
    } else {
        [0, 0]
    }
}

/// Parses "3530597, 2996944" into city ids.
fn added_ids(raw: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = raw
        .split([',', ' ', ';'])
        .filter_map(|s| s.trim().parse().ok())
        .filter(|n: &i64| *n > 0)
        .collect();
    ids.dedup();
    ids
}

async fn cohort(ctx: &Ctx, call_id: i64, added: &str) -> Result<Cohort, AppError> {
    let call = ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    if call.status != CallStatus::Decided {
        return Err(AppError::Refused(Msg::ErrFormDecidedOnly));
    }
    let (apps, facts, themes, existing) = tokio::try_join!(
        ctx.store.applications_of_call(call_id),
        ctx.store.city_facts(1),
        ctx.store.themes(),
        ctx.store.pairings()
    )?;
    // cities already paired from this call are not offered again
    let taken: Vec<i64> = existing
        .iter()
        .filter(|p| {
            p.call_id == Some(call_id) && p.state != crate::domain::pairing::PairingState::Ended
        })
        .flat_map(|p| p.city_ids())
        .collect();
    let mut wanted: Vec<(i64, Option<Applicants>)> = apps
        .iter()
        .filter(|a| a.decision == Some(Decision::Selected) && !taken.contains(&a.city_id))
        .map(|a| (a.city_id, Some((a.id, a.applicants()))))
        .collect();
    for id in added_ids(added) {
        if !taken.contains(&id) && !wanted.iter().any(|(c, _)| *c == id) {
            wanted.push((id, None));
        }
    }
    wanted.truncate(formation::EXACT_LIMIT * 8);
    let mut entrants = Vec::new();
    for (city_id, application) in wanted {
        let Some(view) = ctx.store.city_by_id(city_id).await? else {
            continue;
        };
        let mut f = facts
            .iter()
            .find(|c| c.id == city_id)
            .copied()
            .unwrap_or_default();
        f.id = city_id;
        if f.country == [0, 0] {
            f.country = country(&view.city.country_code);
            f.size = SizeBucket::of(view.city.population).code() as i8;
        }
        // the applicants' priorities count as the city's
        if let Some((app_id, _)) = &application {
            if let Some(a) = apps.iter().find(|a| a.id == *app_id) {
                for t in &a.answers.priorities {
                    if let Some(row) = themes.iter().find(|r| &r.id == t) {
                        f.priorities |= row.bit;
                    }
                }
            }
        }
        entrants.push(Entrant {
            view,
            facts: f,
            application,
        });
    }
    let n = entrants.len();
    let members: Vec<Member> = entrants
        .iter()
        .map(|e| Member {
            north_american: north_american(e.facts.country),
        })
        .collect();
    let mut fits = vec![vec![0i64; n]; n];
    let mut matches = vec![vec![partner::CityMatch::default(); n]; n];
    for a in 0..n {
        for b in 0..n {
            if a != b {
                matches[a][b] = partner::score(&entrants[a].facts, &entrants[b].facts);
            }
        }
    }
    for a in 0..n {
        for b in 0..n {
            if a != b {
                fits[a][b] = matches[a][b].score + matches[b][a].score;
            }
        }
    }
    Ok(Cohort {
        call,
        entrants,
        members,
        fits,
        matches,
        themes,
    })
}

/// Group numbers per cohort city ("1,1,2,2,0"), if they fit the cohort.
fn arrangement(raw: &str, n: usize) -> Option<Vec<usize>> {
    let v: Vec<usize> = raw
        .split(',')
        .map(|s| s.trim().parse::<usize>().unwrap_or(0))
        .collect();
    (v.len() == n && !raw.trim().is_empty()).then_some(v)
}

fn groups_of(numbers: &[usize]) -> Vec<Vec<usize>> {
    let mut by: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, g) in numbers.iter().enumerate() {
        if *g > 0 {
            by.entry(*g).or_default().push(i);
        }
    }
    by.into_values().collect()
}

fn numbers_of(p: &Proposal, n: usize) -> Vec<usize> {
    let mut v = vec![0; n];
    for (g, members) in p.groups.iter().enumerate() {
        for m in members {
            v[*m] = g + 1;
        }
    }
    v
}

/// The cooperation areas a group starts from: what its cities exchange and
/// share, as theme ids.
fn areas(c: &Cohort, group: &[usize]) -> Vec<String> {
    let mut mask = 0i64;
    for (x, a) in group.iter().enumerate() {
        for b in &group[x + 1..] {
            let m = c.matches[*a][*b];
            mask |= m.shared | m.they_offer | m.we_offer;
        }
    }
    c.themes
        .iter()
        .filter(|t| mask & t.bit != 0)
        .map(|t| t.id.clone())
        .collect()
}

/// `/pairings/calls/<id>/form`.
pub async fn page(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    groups: &str,
    added: &str,
    locale: Locale,
) -> Result<FormationPage, AppError> {
    require_staff(user)?;
    let c = cohort(ctx, call_id, added).await?;
    let n = c.entrants.len();
    let fit = |a: usize, b: usize| c.fits[a][b];
    let proposal = formation::propose(&c.members, &fit);
    let proposed = numbers_of(&proposal, n);
    let numbers = arrangement(groups, n).unwrap_or_else(|| proposed.clone());
    let adjusted = numbers != proposed;
    let mut out_groups = Vec::new();
    let mut total = 0;
    for g in groups_of(&numbers) {
        let value = group_value(&fit, &g);
        total += value;
        let mut why = Vec::new();
        for (x, a) in g.iter().enumerate() {
            for b in &g[x + 1..] {
                let (ea, eb) = (&c.entrants[*a], &c.entrants[*b]);
                let prefix = if g.len() > 2 {
                    format!("{} ⇄ {}: ", ea.view.city.name, eb.view.city.name)
                } else {
                    String::new()
                };
                for r in reasons(
                    &c.matches[*a][*b],
                    &ea.view.city.name,
                    &eb.view.city.name,
                    &c.themes,
                    locale,
                ) {
                    why.push(format!("{prefix}{r}"));
                }
            }
        }
        let problem =
            (!valid_group(&c.members, &g)).then(|| Msg::ErrGroupShape.text(locale).to_owned());
        out_groups.push(ProposedGroup {
            number: numbers[g[0]],
            cities: g
                .iter()
                .map(|i| c.entrants[*i].view.city.name.clone())
                .collect::<Vec<_>>()
                .join(" – "),
            value,
            reasons: why,
            problem,
        });
    }
    let quality = if proposal.exact {
        Msg::FormQualityExact.fill(locale, &[("total", &proposal.total.to_string())])
    } else {
        let bound = formation::upper_bound(&c.members, &fit).max(1);
        Msg::FormQualityBound.fill(
            locale,
            &[
                ("total", &proposal.total.to_string()),
                ("percent", &(proposal.total * 100 / bound).to_string()),
            ],
        )
    };
    let (texts, _) = texts_for(&c.call, locale);
    let existing = ctx.store.pairings().await?;
    let formed: Vec<_> = existing
        .into_iter()
        .filter(|p| p.call_id == Some(call_id))
        .collect();
    let countries = country_map(ctx, &formed).await?;
    let mut names = Vec::new();
    for e in &c.entrants {
        names.push(e.view.city.name.clone());
    }
    Ok(FormationPage {
        call_id,
        title: texts.title,
        cohort: c
            .entrants
            .iter()
            .zip(&numbers)
            .map(|(e, g)| CohortCity {
                city_id: e.view.city.id,
                name: e.view.city.name.clone(),
                country: e.view.country_name.clone(),
                side: if north_american(e.facts.country) {
                    Msg::SideNorthAmerica
                } else {
                    Msg::SideEurope
                }
                .text(locale)
                .to_owned(),
                applicant: if e.application.is_some() {
                    Msg::FormSelected
                } else {
                    Msg::FormAdded
                }
                .text(locale)
                .to_owned(),
                group: *g,
            })
            .collect(),
        unplaced: numbers
            .iter()
            .enumerate()
            .filter(|(_, g)| **g == 0)
            .map(|(i, _)| names[i].clone())
            .collect(),
        groups: out_groups,
        total,
        quality,
        adjusted,
        added: added.to_owned(),
        formed: formed
            .iter()
            .map(|p| card(p, locale, &c.themes, &countries, None))
            .collect(),
    })
}

/// Confirms the arrangement: each group becomes a pairing. Refused whole
/// if any group is not a valid pair or trio.
pub async fn confirm(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    groups: &str,
    added: &str,
) -> Result<usize, AppError> {
    require_staff(user)?;
    let c = cohort(ctx, call_id, added).await?;
    let n = c.entrants.len();
    let numbers = arrangement(groups, n).ok_or(AppError::Refused(Msg::ErrFormChanged))?;
    let groups = groups_of(&numbers);
    if groups.is_empty() {
        return Err(AppError::Refused(Msg::ErrGroupShape));
    }
    if groups.iter().any(|g| !valid_group(&c.members, g)) {
        return Err(AppError::Refused(Msg::ErrGroupShape));
    }
    let fit = |a: usize, b: usize| c.fits[a][b];
    let year = i64::from(
        chrono::DateTime::from_timestamp(c.call.w.deadline_at, 0).map_or(2026, |d| {
            use chrono::Datelike;
            d.year()
        }),
    );
    let now = ctx.now();
    for g in &groups {
        let mut members = Vec::new();
        for i in g {
            if let Some((_, applicants)) = &c.entrants[*i].application {
                for (k, u) in applicants.iter().enumerate() {
                    members.push((UserId(*u), c.entrants[*i].view.city.id, k == 0));
                }
            }
        }
        ctx.store
            .create_pairing(
                &NewPairing {
                    call_id: Some(call_id),
                    cohort_year: year,
                    cities: g
                        .iter()
                        .map(|i| {
                            (
                                c.entrants[*i].view.city.id,
                                c.entrants[*i].application.as_ref().map(|a| a.0),
                            )
                        })
                        .collect(),
                    themes: areas(&c, g),
                    fit: group_value(&fit, g),
                    members,
                },
                user.id,
                now,
            )
            .await?;
    }
    Ok(groups.len())
}
