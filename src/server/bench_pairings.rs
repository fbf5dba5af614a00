//! `tandem bench pairings`: the public pairings pages (the list with its
//! map, a filtered list, a pairing's page, the open data) through the whole
//! router with N pairings in the database (seeded once, cooperating, each
//! with a plan of two objectives and three actions); and the proposal's
//! quality on generated cohorts, exact against the heuristic.

use super::bench::{time_page, PageRow};
use super::AppState;
use crate::domain::pairing::formation;
use crate::domain::pairing::plan::{ActionDraft, ActionStatus, Indicator};
use crate::domain::pairing::{period_end, programme_milestones, Day};
use crate::domain::Locale;
use crate::store::pairings::{Change, NewPairing, NewSignature};
use std::time::Instant;

/// Seeds pairings until there are `n` (North American city with European
/// ones, every third a trio); returns one of them.
async fn seed(state: &AppState, n: usize) -> Result<i64, String> {
    let store = &state.store;
    let e = |e: crate::store::StoreError| e.to_string();
    crate::services::reference::ensure_loaded(&**store)
        .await
        .map_err(|e| e.to_string())?;
    let existing = store.pairings().await.map_err(e)?;
    if existing.len() >= n {
        return existing
            .first()
            .map(|p| p.id)
            .ok_or_else(|| "no pairing".into());
    }
    let now = crate::services::clock::unix_now();
    let mut na = Vec::new();
    let mut eu = Vec::new();
    for c in ["US", "CA", "MX"] {
        na.extend(store.largest_cities(c, 200).await.map_err(e)?);
    }
    for c in ["FR", "ES", "IT", "DE", "PT", "GR", "NL", "BE", "PL", "SE"] {
        eu.extend(store.largest_cities(c, 60).await.map_err(e)?);
    }
    let actor = match store
        .user_by_email("bench.staff@bench.tandem.example")
        .await
        .map_err(e)?
    {
        Some(u) => u.id,
        None => store
            .create_user(&crate::store::NewUser {
                email: crate::domain::Email::parse("bench.staff@bench.tandem.example")
                    .map_err(|e| e.to_string())?,
                name: crate::domain::DisplayName::parse("Bench Staff")
                    .map_err(|e| e.to_string())?,
                password_hash: "-".into(),
                role: crate::domain::Role::Staff,
                locale: Locale::En,
                confirmed: true,
                now,
            })
            .await
            .map_err(e)?,
    };
    let themes = [
        "housing",
        "mobility",
        "climate-adaptation",
        "energy-transition",
        "circular-economy",
    ];
    for i in existing.len()..n {
        let mut cities = vec![na[i % na.len()].city.id, eu[i % eu.len()].city.id];
        if i % 3 == 0 {
            cities.push(eu[(i * 7 + 3) % eu.len()].city.id);
        }
        cities.dedup();
        let id = store
            .create_pairing(
                &NewPairing {
                    call_id: None,
                    cohort_year: 2018 + (i % 9) as i64,
                    cities: cities.iter().map(|c| (*c, None)).collect(),
                    themes: vec![themes[i % 5].into(), themes[(i + 2) % 5].into()],
                    fit: 0,
                    members: Vec::new(),
                },
                actor,
                now,
            )
            .await
            .map_err(e)?;
        let change = |from, to| Change {
            actor: None,
            what: "state",
            from,
            to,
            note: "",
            now,
        };
        store
            .set_pairing_state(
                id,
                crate::domain::pairing::PairingState::Signing,
                "",
                &change("proposed", "signing"),
            )
            .await
            .map_err(e)?;
        let start = Day::from_unix(now - (i as i64 % 500) * 86_400);
        for c in &cities {
            store
                .sign(
                    id,
                    &NewSignature {
                        city_id: *c,
                        agreement_version: 1,
                        signer: actor,
                        name: "Bench Mayor".into(),
                        role: "Mayor".into(),
                        signed_on: start.to_string(),
                        now: now - (i as i64 % 500) * 86_400,
                        cities: cities.clone(),
                        ends_on: period_end(start).to_string(),
                        milestones: programme_milestones(start, &cities)
                            .into_iter()
                            .map(|(k, c, d)| (k, c, d.to_string()))
                            .collect(),
                    },
                )
                .await
                .map_err(e)?;
        }
        for o in 0..2 {
            let objective = store
                .save_objective(id, 0, &format!("Objective {o} of pairing {i}"), 1 + o, now)
                .await
                .map_err(e)?
                .ok_or("objective")?;
            for a in 0..(2 - o) {
                let draft = ActionDraft {
                    objective_id: objective,
                    parent_id: None,
                    texts: vec![(
                        Locale::En,
                        format!("Action {a} of objective {o}"),
                        "A pilot with measured results. ".repeat(8),
                    )],
                    lead_city_id: Some(cities[0]),
                    department: "Planning".into(),
                    partners: String::new(),
                    sdgs: 1 << ((i + a as usize) % 17),
                    frameworks: 1,
                    budget_amount: Some(100_000),
                    budget_currency: "EUR".into(),
                    budget_source: String::new(),
                    starts_on: Some(start),
                    ends_on: Some(start.add_months(12)),
                    status: ActionStatus::UnderWay,
                    progress: ((i * 7 + a as usize * 13) % 100) as i64,
                    weight: 1,
                    public: true,
                    indicators: vec![Indicator {
                        name: "Households reached".into(),
                        unit: "households".into(),
                        baseline: 0.0,
                        target: 500.0,
                        current: Some(120.0),
                        measured_on: Some(start),
                    }],
                };
                store
                    .create_action(id, &draft, actor, now)
                    .await
                    .map_err(e)?;
            }
        }
    }
    store
        .pairings()
        .await
        .map_err(e)?
        .first()
        .map(|p| p.id)
        .ok_or_else(|| "no pairing".into())
}

pub async fn pages(
    state: AppState,
    pairings: usize,
    rounds: usize,
) -> Result<Vec<PageRow>, String> {
    let one = seed(&state, pairings).await?;
    let router = super::router::build(state.clone());
    let pages = [
        (
            "/pairings (every pairing, map)".to_owned(),
            "/pairings".to_owned(),
        ),
        (
            "/pairings?sdg=11 (filtered)".to_owned(),
            "/pairings?sdg=11".to_owned(),
        ),
        (
            "/pairings?page=5 (another page)".to_owned(),
            "/pairings?page=5".to_owned(),
        ),
        ("a pairing's page".to_owned(), format!("/pairing/{one}")),
        ("/pairings.json".to_owned(), "/pairings.json".to_owned()),
        ("/pairings.csv".to_owned(), "/pairings.csv".to_owned()),
    ];
    let mut rows = Vec::new();
    for (label, path) in pages {
        rows.push(time_page(&router, label, &path, None, rounds).await?);
    }
    Ok(rows)
}

/// One line of the proposal's quality table.
pub struct QualityRow {
    pub cities: usize,
    pub cohorts: usize,
    /// against the exact best (small cohorts) or the upper bound (large)
    pub against: &'static str,
    pub mean: f64,
    pub worst: f64,
    pub proposal_ms: f64,
}

/// The heuristic against the exact best on cohorts of 8 to 16 cities, and
/// against the upper bound (and the exact proposal where it applies) on
/// larger ones; every cohort generated from a fixed seed.
pub fn quality() -> Vec<QualityRow> {
    let mut rows = Vec::new();
    for n in [8usize, 10, 12, 14, 16] {
        let (mut sum, mut worst, mut ms) = (0.0, 1.0f64, 0.0);
        let cohorts = 20;
        for seed in 0..cohorts {
            let (members, fits) = formation::generated(n, seed);
            let fit = |a: usize, b: usize| fits[a][b];
            let started = Instant::now();
            let best = formation::exact(&members, &fit).total;
            ms += started.elapsed().as_secs_f64() * 1000.0;
            let h = formation::heuristic(&members, &fit).total;
            let r = if best == 0 {
                1.0
            } else {
                h as f64 / best as f64
            };
            sum += r;
            worst = worst.min(r);
        }
        rows.push(QualityRow {
            cities: n,
            cohorts: cohorts as usize,
            against: "exact best (heuristic / best)",
            mean: sum / cohorts as f64,
            worst,
            proposal_ms: ms / cohorts as f64,
        });
    }
    for n in [40usize, 80, 128] {
        let (mut sum, mut worst, mut ms) = (0.0, 1.0f64, 0.0);
        let cohorts = 5;
        for seed in 0..cohorts {
            let (members, fits) = formation::generated(n, seed);
            let fit = |a: usize, b: usize| fits[a][b];
            let started = Instant::now();
            let h = formation::propose(&members, &fit).total;
            ms += started.elapsed().as_secs_f64() * 1000.0;
            let bound = formation::upper_bound(&members, &fit).max(1);
            let r = h as f64 / bound as f64;
            sum += r;
            worst = worst.min(r);
        }
        rows.push(QualityRow {
            cities: n,
            cohorts: cohorts as usize,
            against: "upper bound (proposal / bound)",
            mean: sum / cohorts as f64,
            worst,
            proposal_ms: ms / cohorts as f64,
        });
    }
    rows
}
