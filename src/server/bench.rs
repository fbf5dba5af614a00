//! `tandem bench calls`: the application form's pages as a browser gets
//! them (the whole router: session, server rendering), with thousands of
//! applications in the database. Seeds them first when the call is missing.

use super::AppState;
use crate::domain::call::{Answers, CallItem, CallTexts, Step};
use crate::domain::{DisplayName, Email, Locale, Role, UserId};
use crate::services::bench::percentile;
use crate::store::calls::{CallWrite, NewApplication, Transition};
use crate::store::NewUser;
use std::time::Instant;

/// The bench call's title: found again on a second run.
const TITLE: &str = "Benchmark call";

pub struct PageRow {
    pub page: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub bytes: usize,
}

fn long_text(i: usize) -> String {
    format!("Application {i}: ") + &"We want to learn from European cities about affordable housing, heat and public transport. ".repeat(20)
}

/// Seeds `applications` applications (once) and returns (call, the
/// measured application, its lead's session token).
async fn seed(state: &AppState, applications: usize) -> Result<(i64, i64, String), String> {
    let store = &state.store;
    let e = |e: crate::store::StoreError| e.to_string();
    crate::services::reference::ensure_loaded(&**store)
        .await
        .map_err(|e| e.to_string())?;
    let now = crate::services::clock::unix_now();
    let lead = match store
        .user_by_email("bench.lead@bench.tandem.example")
        .await
        .map_err(e)?
    {
        Some(u) => u.id,
        None => store
            .create_user(&NewUser {
                email: Email::parse("bench.lead@bench.tandem.example")
                    .map_err(|e| e.to_string())?,
                name: DisplayName::parse("Bench Lead").map_err(|e| e.to_string())?,
                password_hash: "-".into(),
                role: Role::Member,
                locale: Locale::En,
                confirmed: true,
                now,
            })
            .await
            .map_err(e)?,
    };
    let existing = store
        .calls()
        .await
        .map_err(e)?
        .into_iter()
        .find(|c| c.w.texts.iter().any(|(_, t)| t.title == TITLE));
    let call = match existing {
        Some(c) => c.id,
        None => {
            let countries = [
                "US", "MX", "CA", "BR", "IN", "CN", "FR", "ES", "DE", "IT", "JP", "RU", "GB", "PH",
                "ID",
            ];
            let mut cities = Vec::new();
            for c in countries {
                cities.extend(store.largest_cities(c, 400).await.map_err(e)?);
                if cities.len() > applications {
                    break;
                }
            }
            let criteria = (0..4)
                .map(|i| CallItem {
                    weight: i + 1,
                    required: false,
                    text: [format!("Criterion {i}"), String::new(), String::new()],
                })
                .collect();
            let questions = (0..2)
                .map(|i| CallItem {
                    weight: 1,
                    required: i == 0,
                    text: [format!("Question {i}?"), String::new(), String::new()],
                })
                .collect();
            let call = store
                .create_call(
                    &CallWrite {
                        language: Locale::En,
                        zone: "America/Toronto".into(),
                        opens_at: now - 86_400,
                        deadline_at: now + 365 * 86_400,
                        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
                        min_population: 0,
                        themes: vec![
                            "housing".into(),
                            "mobility".into(),
                            "climate-adaptation".into(),
                        ],
                        texts: vec![(
                            Locale::En,
                            CallTexts {
                                title: TITLE.into(),
                                background: long_text(0),
                                ..CallTexts::default()
                            },
                        )],
                        criteria,
                        questions,
                    },
                    lead,
                    now,
                )
                .await
                .map_err(e)?;
            store
                .set_call_status(
                    call,
                    &Transition {
                        actor: Some(lead),
                        from: "draft",
                        to: "open",
                        note: "",
                        now,
                    },
                )
                .await
                .map_err(e)?;
            for (i, c) in cities.iter().take(applications).enumerate() {
                store
                    .create_application(&NewApplication {
                        call_id: call,
                        city_id: c.city.id,
                        lead,
                        language: Locale::En,
                        answers: Answers {
                            mayor_office: "Office of the mayor".into(),
                            coordinator_name: "Coordinator".into(),
                            coordinator_email: "coordinator@city.example".into(),
                            motivation: long_text(i),
                            challenges: long_text(i),
                            experience: long_text(i),
                            priorities: vec!["housing".into()],
                            ..Answers::default()
                        },
                        claimed_population: None,
                        population_source: String::new(),
                        year: 2027,
                        now,
                    })
                    .await
                    .map_err(e)?;
            }
            call
        }
    };
    let app = store
        .applications_of_call(call)
        .await
        .map_err(e)?
        .into_iter()
        .map(|a| a.id)
        .max()
        .ok_or("no application")?;
    let (token, hash) = crate::services::tokens::new_token();
    store
        .create_session(&hash, UserId(lead.0), now, now + 3600)
        .await
        .map_err(e)?;
    Ok((call, app, token))
}

/// Each page of the form `rounds` times; rows in the form's order.
pub async fn calls(
    state: AppState,
    applications: usize,
    rounds: usize,
) -> Result<Vec<PageRow>, String> {
    let (call, app, token) = seed(&state, applications).await?;
    let router = super::router::build(state.clone());
    let mut pages: Vec<(String, String)> = vec![
        ("call page".into(), format!("/pairings/calls/{call}")),
        ("task list".into(), format!("/pairings/applications/{app}")),
    ];
    for s in Step::ALL {
        pages.push((
            format!("step: {}", s.as_str()),
            format!("/pairings/applications/{app}/{}", s.as_str()),
        ));
    }
    pages.push((
        "check your answers".into(),
        format!("/pairings/applications/{app}/check"),
    ));
    pages.push((
        "staff: every application, ranked".into(),
        format!("/pairings/calls/{call}/manage"),
    ));
    let mut rows = Vec::new();
    for (label, path) in pages {
        let staff_page = path.ends_with("/manage");
        if staff_page {
            // the applicant's pages are measured: the bench lead now runs
            // the programme, to read the staff's page
            let lead = state
                .store
                .user_by_email("bench.lead@bench.tandem.example")
                .await
                .map_err(|e| e.to_string())?
                .ok_or("no bench lead")?;
            state
                .store
                .set_role(lead.id, Role::Staff)
                .await
                .map_err(|e| e.to_string())?;
        }
        let rounds = if staff_page { rounds.min(5) } else { rounds };
        rows.push(time_page(&router, label, &path, Some(&token), rounds).await?);
    }
    Ok(rows)
}

/// Asks the router for `path` `rounds` times (with a session when given),
/// as a browser does; the times and the page's size.
pub(super) async fn time_page(
    router: &axum::Router,
    label: String,
    path: &str,
    token: Option<&str>,
    rounds: usize,
) -> Result<PageRow, String> {
    use tower::ServiceExt;
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..rounds {
        let mut req = axum::http::Request::builder()
            .uri(path)
            .header("accept", "text/html")
            .header("host", "127.0.0.1");
        if let Some(token) = token {
            req = req.header("cookie", format!("{}={token}", super::cookies::SESSION));
        }
        let req = req
            .body(axum::body::Body::empty())
            .map_err(|e| e.to_string())?;
        let started = Instant::now();
        let res = router
            .clone()
            .oneshot(req)
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
            .await
            .map_err(|e| e.to_string())?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if !status.is_success() {
            return Err(format!("{path}: {status}"));
        }
        bytes = body.len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Ok(PageRow {
        page: label,
        runs: times.len(),
        p50_ms: percentile(&times, 50.0),
        p95_ms: percentile(&times, 95.0),
        max_ms: times.last().copied().unwrap_or(0.0),
        bytes,
    })
}
