//! The demo's pairings and trios: last year's cohort (North America ⇄
//! Europe) with signed agreements, activities and action plans at different
//! stages, in three languages; and an older, completed pair.

use crate::domain::pairing::plan::{ActionDraft, ActionStatus, Indicator, PlanStatus};
use crate::domain::pairing::{period_end, programme_milestones, ActivityDraft, ActivityKind, Day};
use crate::domain::{Locale, UserId};
use crate::error::AppError;
use crate::store::pairings::{Change, NewPairing, NewSignature};
use crate::store::Store;

const DAY: i64 = 86_400;

struct Act {
    objective: usize,
    pilot_of: Option<usize>,
    texts: &'static [(Locale, &'static str, &'static str)],
    lead: usize,
    sdgs: &'static [u8],
    frameworks: i64,
    budget: Option<(i64, &'static str, &'static str)>,
    status: ActionStatus,
    progress: i64,
    indicator: Option<(&'static str, &'static str, f64, f64, Option<f64>)>,
}

struct Demo {
    call: Option<i64>,
    year: i64,
    /// (city, its application in the call, its team: (member index, coordinator and signatory))
    cities: &'static [(i64, bool, &'static [usize])],
    themes: &'static [&'static str],
    commitments: &'static str,
    /// days since the last signature; None: not yet cooperating
    started_days_ago: Option<i64>,
    /// cities that signed (by position), when not all did
    signed: &'static [usize],
    completed: bool,
    objectives: &'static [(&'static str, i64)],
    actions: &'static [Act],
    plan: Option<PlanStatus>,
    activities: &'static [(ActivityKind, &'static str, i64, Option<usize>, &'static str)],
    milestones_done: usize,
}

const DEMOS: &[Demo] = &[
    Demo {
        call: None,
        year: 2026,
        cities: &[(6077243, true, &[9]), (2996944, false, &[4])],
        themes: &["circular-economy", "energy-transition"],
        commitments: "Montréal et Lyon partagent leurs pratiques d'achats circulaires et de rénovation énergétique des bâtiments publics, accueillent chacune une visite d'étude et publient ensemble un guide.\n\nMontréal and Lyon share their circular procurement and building retrofit practice, each host a study visit and publish a guide together.",
        started_days_ago: Some(240),
        signed: &[],
        completed: false,
        objectives: &[("Achats publics circulaires / Circular public procurement", 2), ("Bâtiments publics sobres / Energy-efficient public buildings", 1)],
        actions: &[
            Act { objective: 0, pilot_of: None, texts: &[(Locale::Fr, "Guide des achats circulaires", "Un guide commun des clauses **circulaires** pour les appels d'offres des deux villes."), (Locale::En, "Circular procurement guide", "A shared guide of **circular** clauses for both cities' tenders.")], lead: 1, sdgs: &[12, 11], frameworks: 1, budget: Some((45_000, "CAD", "Ville de Montréal")), status: ActionStatus::UnderWay, progress: 60, indicator: Some(("Appels d'offres avec critères circulaires", "%", 5.0, 40.0, Some(18.0))) },
            Act { objective: 0, pilot_of: Some(0), texts: &[(Locale::Fr, "Recyclerie à l'écocentre de Montréal", "Un pilote de réemploi du mobilier de bureau municipal."), (Locale::Es, "Centro de reutilización en Montreal", "Un piloto de reutilización del mobiliario municipal.")], lead: 0, sdgs: &[12], frameworks: 0, budget: Some((80_000, "CAD", "Fonds municipal vert")), status: ActionStatus::Planned, progress: 0, indicator: None },
            Act { objective: 1, pilot_of: None, texts: &[(Locale::En, "Retrofit three municipal buildings", "Insulation and heat pumps in three buildings, measured for a year."), (Locale::Fr, "Rénover trois bâtiments municipaux", "Isolation et pompes à chaleur dans trois bâtiments, suivis pendant un an.")], lead: 1, sdgs: &[7, 13], frameworks: 4, budget: Some((1_200_000, "EUR", "Métropole de Lyon, FEDER")), status: ActionStatus::UnderWay, progress: 30, indicator: Some(("Energy use", "MWh/year", 2_400.0, 1_600.0, Some(2_150.0))) },
        ],
        plan: Some(PlanStatus::Approved),
        activities: &[
            (ActivityKind::StudyVisit, "Visite d'étude à Montréal / Study visit to Montréal", 150, Some(0), "La délégation lyonnaise a visité deux écocentres et le service de l'approvisionnement.\n\nThe Lyon delegation visited two eco-centres and the procurement office."),
            (ActivityKind::Seminar, "Séminaire en ligne : clauses circulaires", 90, None, "Quarante acheteurs publics des deux villes."),
        ],
        milestones_done: 2,
    },
    Demo {
        call: None,
        year: 2026,
        cities: &[(3991164, true, &[0]), (2510911, false, &[3]), (3173435, false, &[8])],
        themes: &["mobility", "governance"],
        commitments: "Querétaro, Sevilla y Milán trabajan juntas en movilidad activa y en presupuestos participativos para la bicicleta.",
        started_days_ago: Some(120),
        signed: &[],
        completed: false,
        objectives: &[("Movilidad activa segura", 1)],
        actions: &[
            Act { objective: 0, pilot_of: None, texts: &[(Locale::Es, "Red de ciclovías protegidas", "Diseñar con Sevilla una red continua de **ciclovías protegidas** en el centro de Querétaro.")], lead: 0, sdgs: &[11, 3], frameworks: 1, budget: Some((3_500_000, "MXN", "Municipio de Querétaro")), status: ActionStatus::UnderWay, progress: 25, indicator: Some(("Ciclovías protegidas", "km", 12.0, 40.0, Some(16.0))) },
            Act { objective: 0, pilot_of: None, texts: &[(Locale::Es, "Bicicletas reacondicionadas para el personal", "Con Bici Circolare (Milán), una flota de bicicletas reacondicionadas."), (Locale::En, "Refurbished bikes for city staff", "With Bici Circolare (Milan), a fleet of refurbished bicycles.")], lead: 2, sdgs: &[12, 11], frameworks: 0, budget: None, status: ActionStatus::Planned, progress: 0, indicator: None },
        ],
        plan: Some(PlanStatus::Submitted),
        activities: &[(ActivityKind::Training, "Formación en línea: diseño de ciclovías", 40, None, "")],
        milestones_done: 1,
    },
    Demo {
        call: None,
        year: 2026,
        cities: &[(6173331, false, &[5]), (264371, false, &[7])],
        themes: &["climate-adaptation", "regeneration"],
        commitments: "Vancouver and Athens work on cooling streets and bringing empty buildings back to use.",
        started_days_ago: None,
        signed: &[1],
        completed: false,
        objectives: &[],
        actions: &[],
        plan: None,
        activities: &[],
        milestones_done: 0,
    },
    Demo {
        call: None,
        year: 2025,
        cities: &[(6324729, false, &[]), (3031582, false, &[])],
        themes: &["climate-adaptation"],
        commitments: "Halifax and Bordeaux share their coastal flood plans.",
        started_days_ago: Some(600),
        signed: &[],
        completed: true,
        objectives: &[("Coastal flood resilience", 1)],
        actions: &[
            Act { objective: 0, pilot_of: None, texts: &[(Locale::En, "Shared flood early-warning protocol", "A protocol for warning residents two days ahead of a storm surge."), (Locale::Fr, "Protocole commun d'alerte aux crues", "Un protocole pour prévenir les habitants deux jours avant une surcote.")], lead: 0, sdgs: &[13, 11], frameworks: 2, budget: Some((250_000, "CAD", "Halifax Regional Municipality")), status: ActionStatus::Done, progress: 100, indicator: Some(("Residents reached by alerts", "%", 20.0, 80.0, Some(85.0))) },
        ],
        plan: Some(PlanStatus::Approved),
        activities: &[(ActivityKind::StudyVisit, "Study visit to Bordeaux", 400, Some(1), "Flood barriers on the Garonne and the city's warning centre.")],
        milestones_done: 6,
    },
];

pub(super) async fn demo_pairings(
    store: &dyn Store,
    staff: UserId,
    past_call: i64,
    member_id: &dyn Fn(usize) -> Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let apps = store.applications_of_call(past_call).await?;
    for d in DEMOS {
        let call = d.call.or(Some(past_call)).filter(|_| d.year == 2026);
        let created = now - d.started_days_ago.unwrap_or(20) * DAY - 30 * DAY;
        let mut members = Vec::new();
        for (city, _, team) in d.cities {
            for m in team.iter() {
                if let Some(u) = member_id(*m) {
                    members.push((UserId(u), *city, true));
                }
            }
        }
        let id = store
            .create_pairing(
                &NewPairing {
                    call_id: call,
                    cohort_year: d.year,
                    cities: d
                        .cities
                        .iter()
                        .map(|(c, from_app, _)| {
                            (
                                *c,
                                if *from_app {
                                    apps.iter().find(|a| a.city_id == *c).map(|a| a.id)
                                } else {
                                    None
                                },
                            )
                        })
                        .collect(),
                    themes: d.themes.iter().map(|t| (*t).to_owned()).collect(),
                    fit: 0,
                    members: members.clone(),
                },
                staff,
                created,
            )
            .await?;
        // every team member signs for their city (the first of each team)
        for (user, city, _) in &members {
            store
                .set_team_member(id, *user, *city, true, true, created)
                .await?;
        }
        let p = store.pairing(id).await?.ok_or(AppError::NotFound)?;
        store
            .save_agreement(
                id,
                p.version,
                &p.themes,
                d.commitments,
                false,
                &Change {
                    actor: Some(staff),
                    what: "agreement",
                    from: "",
                    to: "",
                    note: "",
                    now: created + DAY,
                },
            )
            .await?;
        store
            .set_pairing_state(
                id,
                crate::domain::pairing::PairingState::Signing,
                "",
                &Change {
                    actor: Some(staff),
                    what: "state",
                    from: "proposed",
                    to: "signing",
                    note: "",
                    now: created + 2 * DAY,
                },
            )
            .await?;
        let cities: Vec<i64> = d.cities.iter().map(|c| c.0).collect();
        let signers: Vec<usize> = match d.started_days_ago {
            Some(_) => (0..cities.len()).collect(),
            None => d.signed.to_vec(),
        };
        let start_ts = d.started_days_ago.map_or(now - 5 * DAY, |a| now - a * DAY);
        let start = Day::from_unix(start_ts);
        for (k, pos) in signers.iter().enumerate() {
            let city = cities[*pos];
            let signer = members.iter().find(|m| m.1 == city).map_or(staff, |m| m.0);
            let name = match store.user_by_id(signer).await? {
                Some(u) if members.iter().any(|m| m.1 == city) => u.name,
                _ => ["Mike Savage", "Pierre Hurmic"][*pos % 2].to_owned(),
            };
            let at = start_ts - (signers.len() - 1 - k) as i64 * DAY;
            store
                .sign(
                    id,
                    &NewSignature {
                        city_id: city,
                        agreement_version: 1,
                        signer,
                        name,
                        role: [
                            "Maire / Mayor",
                            "Alcalde",
                            "Director of international relations",
                        ][*pos % 3]
                            .to_owned(),
                        signed_on: Day::from_unix(at).to_string(),
                        now: at,
                        cities: cities.clone(),
                        ends_on: period_end(start).to_string(),
                        milestones: programme_milestones(start, &cities)
                            .into_iter()
                            .map(|(k, c, d)| (k, c, d.to_string()))
                            .collect(),
                    },
                )
                .await?;
        }
        for (i, m) in store.milestones(id).await?.iter().enumerate() {
            if i < d.milestones_done {
                store.set_milestone_done(id, m.id, Some(&m.due_on)).await?;
            }
        }
        let actor = members.first().map_or(staff, |m| m.0);
        for (kind, title, days_ago, city, report) in d.activities {
            store
                .save_activity(
                    id,
                    None,
                    &ActivityDraft {
                        kind: *kind,
                        title: (*title).to_owned(),
                        held_on: Day::from_unix(now - days_ago * DAY),
                        city_id: city.map(|c| cities[c]),
                        event_id: None,
                        report: (*report).to_owned(),
                        public: true,
                    },
                    actor,
                    now - days_ago * DAY,
                )
                .await?;
        }
        let mut objective_ids = Vec::new();
        for (title, weight) in d.objectives {
            if let Some(o) = store.save_objective(id, 0, title, *weight, created).await? {
                objective_ids.push(o);
            }
        }
        let mut action_ids = Vec::new();
        for a in d.actions {
            let draft = ActionDraft {
                objective_id: objective_ids[a.objective],
                parent_id: a.pilot_of.map(|i| action_ids[i]),
                texts: a
                    .texts
                    .iter()
                    .map(|(l, t, x)| (*l, (*t).to_owned(), (*x).to_owned()))
                    .collect(),
                lead_city_id: Some(cities[a.lead]),
                department: String::new(),
                partners: String::new(),
                sdgs: crate::domain::pairing::plan::sdg_mask(a.sdgs.iter().copied()),
                frameworks: a.frameworks,
                budget_amount: a.budget.map(|b| b.0),
                budget_currency: a.budget.map(|b| b.1.to_owned()).unwrap_or_default(),
                budget_source: a.budget.map(|b| b.2.to_owned()).unwrap_or_default(),
                starts_on: Some(start.add_months(2)),
                ends_on: Some(start.add_months(16)),
                status: a.status,
                progress: a.progress,
                weight: 1,
                public: true,
                indicators: a
                    .indicator
                    .iter()
                    .map(|(name, unit, baseline, target, current)| Indicator {
                        name: (*name).to_owned(),
                        unit: (*unit).to_owned(),
                        baseline: *baseline,
                        target: *target,
                        current: *current,
                        measured_on: current.map(|_| Day::from_unix(now - 20 * DAY)),
                    })
                    .collect(),
            };
            action_ids.push(
                store
                    .create_action(id, &draft, actor, created + 40 * DAY)
                    .await?,
            );
        }
        if let Some(plan) = d.plan {
            let snapshot = "{}";
            store
                .submit_plan(
                    id,
                    snapshot,
                    &Change {
                        actor: Some(actor),
                        what: "plan",
                        from: "draft",
                        to: "submitted",
                        note: "",
                        now: now - 30 * DAY,
                    },
                )
                .await?;
            if plan == PlanStatus::Approved {
                store
                    .decide_plan(
                        id,
                        plan,
                        "",
                        &Change {
                            actor: Some(staff),
                            what: "plan",
                            from: "submitted",
                            to: "approved",
                            note: "",
                            now: now - 25 * DAY,
                        },
                    )
                    .await?;
            }
        }
        if d.completed {
            store
                .set_pairing_state(
                    id,
                    crate::domain::pairing::PairingState::Completed,
                    "",
                    &Change {
                        actor: Some(staff),
                        what: "state",
                        from: "cooperating",
                        to: "completed",
                        note: "",
                        now: now - 10 * DAY,
                    },
                )
                .await?;
        }
    }
    Ok(())
}
