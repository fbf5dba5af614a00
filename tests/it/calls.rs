//! The pairing programme over HTTP on both engines: a call from draft to
//! announcement with the permissions at each step, co-applicants saving at
//! once, documents checked by content, conflicted reviewers, and the
//! deadline second under concurrent submissions.

use crate::common::*;
use tandem::domain::call::{Answers, CallItem, CallTexts};
use tandem::domain::{Locale, Role};
use tandem::store::calls::{CallWrite, NewApplication, Transition};

const MONTREAL: &str = "6077243";
const GRANBY: &str = "5964215";
const LYON: &str = "2996944";

fn call_form(opens: &str, deadline: &str) -> Vec<(&'static str, String)> {
    vec![
        ("id", "0".into()),
        ("version", "0".into()),
        ("form[language]", "en".into()),
        ("form[zone]", "America/Toronto".into()),
        ("form[opens]", opens.into()),
        ("form[deadline]", deadline.into()),
        ("form[countries]", "CA, MX, US".into()),
        ("form[min_population]", "100,000".into()),
        ("form[themes][0]", "housing".into()),
        ("form[themes][1]", "climate-adaptation".into()),
        ("form[title][0]", "City pairings 2027".into()),
        ("form[title][1]", "Jumelages 2027".into()),
        (
            "form[background][0]",
            "Cities **cooperate** for 18 months.".into(),
        ),
        (
            "form[criteria]",
            "3 | Motivation | Motivation | Motivación\n1 | Resources".into(),
        ),
        (
            "form[questions]",
            "* Why now? | Pourquoi maintenant ?".into(),
        ),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn upload(c: &Client, app_id: i64, kind: &str, name: &str, bytes: Vec<u8>) -> Reply {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str("application/pdf")
        .unwrap();
    let res = c
        .http
        .post(format!("{}/pairings/applications/{app_id}/upload", c.base))
        .header("origin", &c.base)
        .header("accept", "application/json")
        .multipart(
            reqwest::multipart::Form::new()
                .text("kind", kind.to_owned())
                .part("file", part),
        )
        .send()
        .await
        .unwrap();
    Client::reply(res).await
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec()
}

async fn a_call_runs_from_draft_to_announcement(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let staff = with_role(&app, "Sara Staff", "sara@example.org", Role::Staff).await;
    let ana = member(&app, "Ana Lead", "ana@example.org").await;
    let ben = member(&app, "Ben Co", "ben@example.org").await;
    let cat = member(&app, "Cat Other", "cat@example.org").await;
    let rob = member(&app, "Rob Montreal", "rob@example.org").await;
    let rev = member(&app, "Rae Reviewer", "rae@example.org").await;
    let visitor = app.client();

    // only staff create calls; a bad form names its field
    let form = call_form("2026-01-01T09:00", "2099-03-15T17:00");
    assert_eq!(
        ana.call("save_call", &pairs(&form)).await.error(),
        serde_json::json!("Forbidden")
    );
    let mut bad = form.clone();
    bad[5].1 = "2025-01-01T09:00".into();
    let e = staff.call("save_call", &pairs(&bad)).await.error();
    assert_eq!(e["Validation"]["field"], "deadline");
    let id = staff.call("save_call", &pairs(&form)).await.ok().json();
    let id = id.as_i64().unwrap();
    let sid = id.to_string();

    // a draft is invisible to visitors, then open
    let r = visitor.call("get_call", &[("id", &sid)]).await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(
        ana.call("set_call_status", &[("id", &sid), ("to", "open")])
            .await
            .error(),
        serde_json::json!("Forbidden")
    );
    staff
        .call("set_call_status", &[("id", &sid), ("to", "open")])
        .await
        .ok();
    let page = visitor.page(&format!("/pairings/calls/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("City pairings 2027"));
    assert!(page.body.contains("<strong>cooperate</strong>"));
    let fr = visitor.call("get_call", &[("id", &sid)]).await.ok().json();
    assert_eq!(fr["summary"]["title"], "City pairings 2027");

    // eligibility: a small city is refused with why, unless an official figure is given
    let check = ana
        .call("get_apply", &[("call_id", &sid), ("city", GRANBY)])
        .await
        .ok()
        .json();
    assert!(check["check"]["refusal"]
        .as_str()
        .unwrap()
        .contains("66,222"));
    assert_eq!(check["check"]["may_claim"], true);
    let lyon = ana
        .call("get_apply", &[("call_id", &sid), ("city", LYON)])
        .await
        .ok()
        .json();
    assert_eq!(lyon["check"]["may_claim"], false);
    let start = |city: &'static str| {
        vec![
            ("call_id", sid.clone()),
            ("city_id", city.to_owned()),
            ("claimed_population", String::new()),
            ("population_source", String::new()),
        ]
    };
    let e = ana
        .call("start_application", &pairs(&start(GRANBY)))
        .await
        .error();
    assert_eq!(e["Validation"]["field"], "claimed_population");
    let e = ana
        .call("start_application", &pairs(&start(LYON)))
        .await
        .error();
    assert_eq!(e["Validation"]["field"], "city_id");
    let mut claim = start(GRANBY);
    claim[2].1 = "101 500".into();
    claim[3].1 = "Statistics Canada, 2026 census".into();
    let granby = cat
        .call("start_application", &pairs(&claim))
        .await
        .ok()
        .json();
    assert!(granby.as_i64().unwrap() > 0);

    // one application per city: the second member asks to join
    let app_id = ana
        .call("start_application", &pairs(&start(MONTREAL)))
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    let aid = app_id.to_string();
    let asked = ben
        .call("start_application", &pairs(&start(MONTREAL)))
        .await
        .ok()
        .json();
    assert_eq!(asked.as_i64(), Some(app_id));
    assert!(ben.call("get_application", &[("id", &aid)]).await.status >= 400);
    assert_eq!(
        cat.call("get_application", &[("id", &aid)]).await.error(),
        serde_json::json!("Forbidden")
    );
    assert_eq!(
        visitor
            .call("get_application", &[("id", &aid)])
            .await
            .error(),
        serde_json::json!("Unauthorized")
    );
    let ben_id = app
        .state
        .store
        .user_by_email("ben@example.org")
        .await
        .unwrap()
        .unwrap()
        .id
        .0
        .to_string();
    // only the lead answers
    assert_eq!(
        cat.call(
            "answer_join",
            &[("id", &aid), ("member", &ben_id), ("accept", "yes")]
        )
        .await
        .error(),
        serde_json::json!("Forbidden")
    );
    ana.call(
        "answer_join",
        &[("id", &aid), ("member", &ben_id), ("accept", "yes")],
    )
    .await
    .ok();
    let view = ben
        .call("get_application", &[("id", &aid)])
        .await
        .ok()
        .json();
    // prefilled from the lead's account
    assert_eq!(view["answers"]["coordinator_email"], "ana@example.org");
    let version = view["version"].as_i64().unwrap().to_string();

    // two co-applicants save the same step at once: one wins, the other is told
    let step = |who: &'static str| {
        vec![
            ("id", aid.clone()),
            ("version", version.clone()),
            ("step", "contacts".to_owned()),
            ("form[mayor_office]", format!("Office of the mayor ({who})")),
            ("form[coordinator_name]", "Ana Lead".to_owned()),
            ("form[coordinator_email]", "ana@example.org".to_owned()),
            ("form[department]", "International relations".to_owned()),
            ("go", "next".to_owned()),
        ]
    };
    let (fa, fb) = (step("ana"), step("ben"));
    let (pa, pb) = (pairs(&fa), pairs(&fb));
    let (ra, rb) = tokio::join!(ana.call("save_step", &pa), ben.call("save_step", &pb));
    let statuses = [ra.status, rb.status];
    assert!(
        statuses.contains(&200) && statuses.contains(&409),
        "{statuses:?}"
    );
    let now = ana
        .call("get_application", &[("id", &aid)])
        .await
        .ok()
        .json();
    let winner = if ra.status == 200 { "ana" } else { "ben" };
    assert_eq!(
        now["answers"]["mayor_office"],
        format!("Office of the mayor ({winner})")
    );
    let mut v = now["version"].as_i64().unwrap();
    for (step, fields) in [
        (
            "motivation",
            vec![
                ("form[motivation]", "To learn"),
                ("form[challenges]", "Heat"),
            ],
        ),
        (
            "priorities",
            vec![("form[priorities][0]", "housing"), ("form[sdgs][0]", "11")],
        ),
        (
            "experience",
            vec![("form[experience]", "Twinned with Lyon")],
        ),
        (
            "resources",
            vec![
                ("form[staff_time]", "Two people"),
                ("form[budget]", "50,000 CAD"),
            ],
        ),
    ] {
        let vs = v.to_string();
        let mut f = vec![
            ("id", aid.as_str()),
            ("version", vs.as_str()),
            ("step", step),
            ("go", "list"),
        ];
        f.extend(fields);
        ana.call("save_step", &f).await.ok();
        v += 1;
    }
    // a theme the call does not offer is refused beside the field
    let vs = v.to_string();
    let e = ana
        .call(
            "save_step",
            &[
                ("id", &aid),
                ("version", &vs),
                ("step", "priorities"),
                ("form[priorities][0]", "mobility"),
                ("go", "list"),
            ],
        )
        .await
        .error();
    assert_eq!(e["Validation"]["field"], "priorities");

    // submission names what is missing: the endorsement, the required question
    let e = ana
        .call("submit_application", &[("id", &aid)])
        .await
        .error();
    assert_eq!(e["Validation"]["field"], "endorsement");
    let r = upload(
        &ana,
        app_id,
        "endorsement",
        "photo.pdf",
        b"\x89PNG\r\n\x1a\nnot a pdf".to_vec(),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("ErrDocumentType"), "{}", r.body);
    let r = upload(&cat, app_id, "endorsement", "x.pdf", pdf()).await;
    assert_eq!(r.status, 403);
    upload(&ana, app_id, "endorsement", "Endorsement signed.pdf", pdf())
        .await
        .ok();
    let e = ana
        .call("submit_application", &[("id", &aid)])
        .await
        .error();
    assert_eq!(e["Validation"]["field"], "extra");
    let call = app.state.store.call(id).await.unwrap().unwrap();
    let qid = call.question_ids[0].to_string();
    let key = format!("form[extra][{qid}]");
    let vs = v.to_string();
    ana.call(
        "save_step",
        &[
            ("id", &aid),
            ("version", &vs),
            ("step", "questions"),
            (key.as_str(), "Because"),
            ("go", "list"),
        ],
    )
    .await
    .ok();
    ana.call("submit_application", &[("id", &aid)]).await.ok();
    let mail = app.mails_to("ben@example.org").join("\n");
    assert!(mail.contains("Application received"), "{mail}");
    assert!(mail.contains("Twinned with Lyon"));
    // submitted: read-only until reopened
    let vs = (v + 1).to_string();
    assert_eq!(
        ana.call(
            "save_step",
            &[
                ("id", &aid),
                ("version", &vs),
                ("step", "experience"),
                ("form[experience]", "x"),
                ("go", "list")
            ]
        )
        .await
        .status,
        400,
    );
    // every page of the application renders for its applicants, as HTML
    for path in [
        "",
        "/contacts",
        "/motivation",
        "/priorities",
        "/experience",
        "/resources",
        "/partner",
        "/documents",
        "/questions",
        "/language",
        "/check",
    ] {
        let r = ben
            .page(&format!("/pairings/applications/{aid}{path}"))
            .await;
        assert_eq!(
            r.status,
            200,
            "{path}: {}",
            &r.body[..r.body.len().min(300)]
        );
        assert!(r.body.contains("TDM-"), "{path}");
    }
    assert_eq!(
        cat.page(&format!("/pairings/applications/{aid}/check"))
            .await
            .status,
        403
    );
    // the document downloads for applicants only
    let files = app.state.store.files_of(app_id).await.unwrap();
    let path = format!("/pairings/applications/{aid}/documents/{}", files[0].id);
    assert_eq!(ana.get(&path).await.status, 200);
    assert_eq!(cat.get(&path).await.status, 403);

    // review: staff close, name reviewers; the Montreal resident is conflicted
    staff
        .call("set_call_status", &[("id", &sid), ("to", "closed")])
        .await
        .ok();
    rob.call(
        "save_profile",
        &[
            ("form[city_name]", "Montréal"),
            ("form[interests][0]", "housing"),
            ("form[visibility]", "members"),
        ],
    )
    .await
    .ok();
    for email in ["rob@example.org", "rae@example.org"] {
        staff
            .call("add_call_reviewer", &[("call_id", &sid), ("email", email)])
            .await
            .ok();
    }
    let rob_id = app
        .state
        .store
        .user_by_email("rob@example.org")
        .await
        .unwrap()
        .unwrap()
        .id
        .0
        .to_string();
    let e = staff
        .call(
            "assign_reviewer",
            &[
                ("call_id", &sid),
                ("application_id", &aid),
                ("reviewer", &rob_id),
            ],
        )
        .await
        .error();
    assert_eq!(e, serde_json::json!({"Refused": "ConflictSameCity"}));
    assert_eq!(
        ana.call("balance_reviewers", &[("call_id", &sid)])
            .await
            .error(),
        serde_json::json!("Forbidden")
    );
    staff
        .call("balance_reviewers", &[("call_id", &sid)])
        .await
        .ok();
    assert_eq!(
        rob.call("get_review", &[("application_id", &aid)])
            .await
            .status,
        403
    );
    let page = rev
        .call("get_review", &[("application_id", &aid)])
        .await
        .ok()
        .json();
    assert!(page["others"].as_array().unwrap().is_empty());
    let (c1, c2) = (
        call.criteria_ids[0].to_string(),
        call.criteria_ids[1].to_string(),
    );
    let (s1, s2) = (format!("scores[{c1}]"), format!("scores[{c2}]"));
    let e = rev
        .call(
            "save_review",
            &[
                ("application_id", &aid),
                (s1.as_str(), "4"),
                ("comment", ""),
                ("submit", "yes"),
            ],
        )
        .await
        .error();
    assert_eq!(e["Validation"]["field"], "scores");
    rev.call(
        "save_review",
        &[
            ("application_id", &aid),
            (s1.as_str(), "4"),
            (s2.as_str(), "na"),
            ("comment", "Strong"),
            ("submit", "yes"),
        ],
    )
    .await
    .ok();
    // the ranking: weighted mean of the submitted review; staff only
    assert_eq!(
        rev.call(
            "get_call_admin",
            &[
                ("id", &sid),
                ("status", ""),
                ("country", ""),
                ("theme", ""),
                ("language", "")
            ]
        )
        .await
        .error(),
        serde_json::json!("Forbidden")
    );
    let admin = staff
        .call(
            "get_call_admin",
            &[
                ("id", &sid),
                ("status", "submitted"),
                ("country", ""),
                ("theme", ""),
                ("language", ""),
            ],
        )
        .await
        .ok()
        .json();
    let rows = admin["applications"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "the filter keeps submitted ones only");
    assert_eq!(rows[0]["mean_text"], "4.00");
    let csv = staff
        .get(&format!("/pairings/calls/{id}/applications.csv"))
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("Montréal"));
    assert_eq!(
        ana.get(&format!("/pairings/calls/{id}/applications.csv"))
            .await
            .status,
        403
    );

    // staff's and reviewers' pages render
    for (who, path) in [
        (&staff, format!("/pairings/calls/{id}/manage")),
        (&staff, format!("/pairings/calls/{id}/edit")),
        (&staff, "/pairings/calls/new".to_owned()),
        (&rev, "/pairings/reviews".to_owned()),
        (&rev, format!("/pairings/reviews/{aid}")),
        (&ana, format!("/pairings/calls/{id}/apply?city={MONTREAL}")),
    ] {
        let r = who.page(&path).await;
        assert_eq!(r.status, 200, "{path}");
    }
    assert_eq!(
        ana.page(&format!("/pairings/calls/{id}/manage"))
            .await
            .status,
        403
    );
    // decide and announce: every submitted application needs a decision
    staff
        .call(
            "decide_application",
            &[
                ("call_id", &sid),
                ("application_id", &aid),
                ("decision", "selected"),
                ("note", ""),
            ],
        )
        .await
        .ok();
    staff.call("announce_call", &[("call_id", &sid)]).await.ok();
    let page = visitor.page(&format!("/pairings/calls/{id}")).await;
    assert!(page.body.contains("Selected cities") && page.body.contains("Montréal"));
    assert!(app
        .mails_to("ana@example.org")
        .join("\n")
        .contains("Congratulations"));
    // the history keeps who moved what
    let h = app.state.store.history(id).await.unwrap();
    assert!(h.iter().any(|x| x.to_state == "selected"));
    assert!(h
        .iter()
        .any(|x| x.to_state == "submitted" && x.application_id == Some(app_id)));
    app.stop().await;
}

/// Concurrent submissions around the deadline second: accepted exactly when
/// the server's clock is not past the deadline, on both engines.
async fn the_deadline_second_holds_under_concurrent_submissions(b: Backend) {
    let dir = std::env::temp_dir().join(format!("tandem-test-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let Some(store) = fresh_store(b, &dir).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*store)
        .await
        .unwrap();
    let user = store
        .create_user(&tandem::store::NewUser {
            email: tandem::domain::Email::parse("lead@example.org").unwrap(),
            name: tandem::domain::DisplayName::parse("Lead").unwrap(),
            password_hash: "x".into(),
            role: Role::Member,
            locale: Locale::En,
            confirmed: true,
            now: 1,
        })
        .await
        .unwrap();
    let deadline = 2_000_000_000;
    let call = store
        .create_call(
            &CallWrite {
                language: Locale::En,
                zone: "UTC".into(),
                opens_at: 1_000,
                deadline_at: deadline,
                countries: vec!["CA".into(), "MX".into(), "US".into()],
                min_population: 0,
                themes: vec!["housing".into()],
                texts: vec![(
                    Locale::En,
                    CallTexts {
                        title: "T".into(),
                        ..CallTexts::default()
                    },
                )],
                criteria: vec![CallItem {
                    weight: 1,
                    required: false,
                    text: ["C".into(), String::new(), String::new()],
                }],
                questions: Vec::new(),
            },
            user,
            1,
        )
        .await
        .unwrap();
    let cities = store.largest_cities("MX", 30).await.unwrap();
    let mut apps = Vec::new();
    for (i, c) in cities.iter().enumerate() {
        let id = store
            .create_application(&NewApplication {
                call_id: call,
                city_id: c.city.id,
                lead: user,
                language: Locale::En,
                answers: Answers::default(),
                claimed_population: None,
                population_source: String::new(),
                year: 2033,
                now: 1,
            })
            .await
            .unwrap();
        apps.push((id, deadline - 1 + (i as i64 % 3)));
    }
    let mut tasks = Vec::new();
    for (id, now) in apps.clone() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let ok = store
                .set_application_status(
                    id,
                    &Transition {
                        actor: Some(user),
                        from: "draft",
                        to: "submitted",
                        note: "",
                        now,
                    },
                )
                .await
                .unwrap();
            (id, now, ok)
        }));
    }
    for t in tasks {
        let (id, now, ok) = t.await.unwrap();
        assert_eq!(ok, now <= deadline, "application {id} at {now}");
        let a = store.application(id).await.unwrap().unwrap();
        if ok {
            assert_eq!(a.submitted_at, Some(now));
        } else {
            assert_eq!(a.status, tandem::domain::call::ApplicationStatus::Draft);
        }
    }
    store.close().await;
}

async fn call_document(c: &Client, call: i64, fields: &[(&str, &str)], bytes: Vec<u8>) -> Reply {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("guide.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let res = c
        .http
        .post(format!("{}/pairings/calls/{call}/upload", c.base))
        .header("origin", &c.base)
        .header("accept", "application/json")
        .multipart(form.part("file", part))
        .send()
        .await
        .unwrap();
    Client::reply(res).await
}

/// Co-applicants invited by e-mail (single use, for that address only) and
/// the call's documents (staff upload, anyone downloads once it is public).
async fn invitations_and_call_documents(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let staff = with_role(&app, "Sara Staff", "sara@example.org", Role::Staff).await;
    let ana = member(&app, "Ana Lead", "ana@example.org").await;
    let cat = member(&app, "Cat Other", "cat@example.org").await;
    let visitor = app.client();
    let form = call_form("2026-01-01T09:00", "2099-03-15T17:00");
    let id = staff
        .call("save_call", &pairs(&form))
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    let sid = id.to_string();

    // documents: staff only, PDF only; public once the call is
    let meta = [
        ("title", "Guide for applicants"),
        ("language", "fr"),
        ("country", "ca"),
    ];
    assert_eq!(call_document(&ana, id, &meta, pdf()).await.status, 403);
    let r = call_document(&staff, id, &meta, b"GIF89a not a pdf".to_vec()).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("ErrDocumentType"));
    let r = call_document(&staff, id, &[("title", ""), ("language", "fr")], pdf()).await;
    assert!(r.body.contains("\"title\""), "{}", r.body);
    call_document(&staff, id, &meta, pdf()).await.ok();
    let doc = app.state.store.call_documents(id).await.unwrap()[0].clone();
    assert_eq!((doc.language.as_str(), doc.country.as_str()), ("fr", "CA"));
    let href = format!("/pairings/calls/{id}/documents/{}", doc.id);
    assert_eq!(
        visitor.get(&href).await.status,
        404,
        "a draft's documents are not public"
    );
    staff
        .call("set_call_status", &[("id", &sid), ("to", "open")])
        .await
        .ok();
    let got = visitor.get(&href).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), Some("application/pdf"));
    assert!(got.body.starts_with("%PDF-"));
    let page = visitor.call("get_call", &[("id", &sid)]).await.ok().json();
    assert_eq!(page["documents"][0]["title"], "Guide for applicants");
    assert_eq!(page["documents"][0]["country"], "Canada");

    // a page on another site cannot act for a member
    let forged = ana
        .http
        .post(format!("{}/api/start_application", ana.base))
        .header("origin", "https://evil.example")
        .header("accept", "application/json")
        .form(&[
            ("call_id", sid.as_str()),
            ("city_id", MONTREAL),
            ("claimed_population", ""),
            ("population_source", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    assert!(app
        .state
        .store
        .application_for_city(id, 6077243)
        .await
        .unwrap()
        .is_none());

    // an invitation by e-mail, for that address only, used once
    let start = [
        ("call_id", sid.as_str()),
        ("city_id", MONTREAL),
        ("claimed_population", ""),
        ("population_source", ""),
    ];
    let app_id = ana
        .call("start_application", &start)
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    let aid = app_id.to_string();
    assert_eq!(
        cat.call(
            "invite_coapplicant",
            &[("id", &aid), ("email", "zoe@example.org")]
        )
        .await
        .error(),
        serde_json::json!("Forbidden")
    );
    let e = ana
        .call(
            "invite_coapplicant",
            &[("id", &aid), ("email", "not an address")],
        )
        .await
        .error();
    assert_eq!(e["Validation"]["field"], "email");
    ana.call(
        "invite_coapplicant",
        &[("id", &aid), ("email", "zoe@example.org")],
    )
    .await
    .ok();
    let token = app
        .last_token("zoe@example.org", "/pairings/join")
        .expect("invitation mail");
    let zoe = member(&app, "Zoe Invited", "zoe@example.org").await;
    let inv = visitor
        .call("get_invitation", &[("token", &token)])
        .await
        .ok()
        .json();
    assert_eq!(inv["invited_by"], "Ana Lead");
    assert_eq!(
        cat.call("accept_invitation", &[("token", &token)])
            .await
            .error(),
        serde_json::json!({"Refused": "ErrInviteOtherAddress"})
    );
    let joined = zoe
        .call("accept_invitation", &[("token", &token)])
        .await
        .ok()
        .json();
    assert_eq!(joined.as_i64(), Some(app_id));
    zoe.call("get_application", &[("id", &aid)]).await.ok();
    assert_eq!(
        zoe.call("accept_invitation", &[("token", &token)])
            .await
            .error(),
        serde_json::json!({"Refused": "ErrTokenInvalid"})
    );
    assert_eq!(
        visitor
            .call("get_invitation", &[("token", "0000")])
            .await
            .error(),
        serde_json::json!({"Refused": "ErrTokenInvalid"})
    );
    app.stop().await;
}

/// The demo shows the programme at once: an open call and a decided one
/// whose page lists the selected cities.
async fn the_demo_has_an_open_call_and_a_decided_one(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    assert!(tandem::services::demo::load_if_empty(&*app.state.store)
        .await
        .unwrap());
    let calls = app.state.store.calls().await.unwrap();
    assert_eq!(calls.len(), 2);
    let past = calls
        .iter()
        .find(|c| c.status == tandem::domain::call::CallStatus::Decided)
        .unwrap();
    assert_eq!(
        app.state
            .store
            .applications_of_call(past.id)
            .await
            .unwrap()
            .len(),
        3
    );
    let visitor = app.client();
    let list = visitor.page("/pairings").await;
    assert!(list.body.contains("City pairings 2027"), "{}", list.body);
    assert!(list.body.contains("Past calls"));
    let page = visitor.page(&format!("/pairings/calls/{}", past.id)).await;
    assert!(page.body.contains("Selected cities"));
    assert!(page.body.contains("Santiago de Querétaro") && page.body.contains("Montréal"));
    assert!(
        !page.body.contains("Vancouver</strong>"),
        "waitlisted cities are not listed"
    );
    app.stop().await;
}

on_both_backends!(
    invitations_and_call_documents,
    the_demo_has_an_open_call_and_a_decided_one,
    a_call_runs_from_draft_to_announcement,
    the_deadline_second_holds_under_concurrent_submissions
);
