//! Pairings and trios over HTTP on both engines: the demo cohort on the
//! public list, map, pages and open data with private things kept private;
//! a trio formed from the proposal, its agreement signed (and signed again
//! after a change), its plan written by the team only, with a version
//! check, submitted and decided by staff only.

use crate::common::*;
use tandem::services::demo::DEMO_PASSWORD;

const TORONTO: &str = "6167865";
const BARCELONA: &str = "3128760";
const PARIS: &str = "2988507";

async fn demo_app(b: Backend) -> Option<TestApp> {
    let app = TestApp::spawn(b).await?;
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    assert!(tandem::services::demo::load_if_empty(&*app.state.store)
        .await
        .unwrap());
    Some(app)
}

async fn demo_member(app: &TestApp, email: &str) -> Client {
    let c = app.client();
    c.sign_in(email, DEMO_PASSWORD).await.ok();
    c
}

fn demo(email: &str) -> String {
    format!("{email}@demo.tandem.example")
}

async fn pairing_of(app: &TestApp, city: i64) -> i64 {
    app.state
        .store
        .pairings()
        .await
        .unwrap()
        .iter()
        .find(|p| p.cities.iter().any(|c| c.city_id == city))
        .map(|p| p.id)
        .expect("a pairing with that city")
}

async fn the_demo_cohort_is_public_and_private_stays_private(b: Backend) {
    let Some(app) = demo_app(b).await else {
        return;
    };
    let visitor = app.client();
    let list = visitor.page("/pairings").await;
    assert_eq!(list.status, 200);
    for s in [
        "Montréal – Lyon",
        "Santiago de Querétaro – Sevilla – Milan",
        "Halifax – Bordeaux",
        "<svg class=\"pairing-map\"",
        "Map of the pairings and trios",
    ] {
        assert!(list.body.contains(s), "{s} missing from /pairings");
    }
    let montreal = pairing_of(&app, 6077243).await;
    assert!(list.body.contains(&format!("href=\"/pairing/{montreal}\"")));
    // filters
    let done = visitor.page("/pairings?state=completed").await;
    assert!(done.body.contains("Halifax – Bordeaux"));
    assert!(!done.body.contains(">Montréal – Lyon<"));
    let sdg = visitor.page("/pairings?sdg=7").await;
    assert!(sdg.body.contains(">Montréal – Lyon<") && !sdg.body.contains(">Halifax – Bordeaux<"));
    let fr = visitor.page("/pairings?country=FR").await;
    assert!(fr.body.contains(">Montréal – Lyon<") && !fr.body.contains("Sevilla – Milan<"));

    // the team's note and document never reach the public page or open data
    let isabelle = demo_member(&app, &demo("isabelle.gagnon")).await;
    isabelle
        .call(
            "add_pairing_note",
            &[
                ("id", &montreal.to_string()),
                ("body", "Budget secret: 42 k$"),
            ],
        )
        .await
        .ok();
    // the member's data export carries their part in the pairing and the note
    let export = isabelle.get("/account/export.json").await.json();
    let mine = &export["data"]["pairings"][0];
    assert_eq!(mine["pairing_id"], montreal);
    assert_eq!(mine["signatory"], true);
    assert_eq!(mine["notes"][0]["text"], "Budget secret: 42 k$");
    assert_eq!(mine["signatures"].as_array().unwrap().len(), 1);
    let space = isabelle.page(&format!("/pairing/{montreal}/space")).await;
    assert_eq!(space.status, 200);
    assert!(space.body.contains("Budget secret"));
    let page = visitor.page(&format!("/pairing/{montreal}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Circular procurement guide"));
    assert!(page.body.contains("application/ld+json"));
    assert!(!page.body.contains("Budget secret"));
    let json = visitor.get("/pairings.json").await;
    assert_eq!(json.status, 200);
    assert_eq!(json.header("access-control-allow-origin"), Some("*"));
    let data = json.json();
    assert_eq!(data["schema_version"], 1);
    let items = data["pairings"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let m = items.iter().find(|p| p["id"] == montreal).unwrap();
    assert_eq!(m["kind"], "pair");
    assert_eq!(m["state"], "cooperating");
    assert_eq!(m["plan_status"], "approved");
    assert_eq!(m["sdgs"], serde_json::json!([7, 11, 12, 13]));
    assert!(!json.body.contains("Budget secret") && !json.body.contains("@demo.tandem.example"));
    let csv = visitor.get("/pairings.csv").await;
    assert!(csv.body.starts_with("id,url,kind,cohort_year,state,cities"));
    assert!(csv.body.contains("Montréal (CA) | Lyon (FR)"));
    // the home page has the programme's figures
    let home = visitor.page("/").await;
    assert!(home.body.contains("3 pairs and 1 trios"), "home figures");

    // the space: members only, the team and staff only
    let r = visitor
        .call("get_space", &[("id", &montreal.to_string())])
        .await;
    assert_eq!(r.status, 401);
    let grace = demo_member(&app, &demo("grace.okafor")).await;
    let r = grace
        .call("get_space", &[("id", &montreal.to_string())])
        .await;
    assert_eq!(r.error(), serde_json::json!("Forbidden"));
    assert_eq!(
        grace
            .get(&format!("/pairing/{montreal}/plan.csv"))
            .await
            .status,
        403
    );
    assert_eq!(
        visitor
            .get(&format!("/pairing/{montreal}/plan.csv"))
            .await
            .status,
        401
    );
    let csv = isabelle.get(&format!("/pairing/{montreal}/plan.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("Circular procurement guide"));
    let staff = demo_member(&app, &demo("marc-andre.tremblay")).await;
    let plan = staff
        .call("get_plan", &[("id", &montreal.to_string())])
        .await
        .ok()
        .json();
    assert_eq!(plan["status"], "approved");
    // progress rolls up: (60·1)/1 = 60 for procurement (the pilot is left
    // out), 30 for buildings; (2·60 + 1·30) / 3 = 50
    assert_eq!(plan["progress"], 50);

    // team documents: PDFs by content, for the team only
    let upload = |c: &Client, bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name("minutes.pdf")
            .mime_str("application/pdf")
            .unwrap();
        c.http
            .post(format!("{}/pairing/{montreal}/documents", c.base))
            .header("origin", &c.base)
            .header("accept", "application/json")
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let r = Client::reply(
        upload(&isabelle, b"<html>not a pdf</html>".to_vec())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let r = Client::reply(upload(&grace, pdf.clone()).await.unwrap()).await;
    assert_eq!(r.status, 403);
    Client::reply(upload(&isabelle, pdf).await.unwrap())
        .await
        .ok();
    let files = app.state.store.pairing_files(montreal).await.unwrap();
    assert_eq!(files.len(), 1);
    let href = format!("/pairing/{montreal}/documents/{}", files[0].id);
    assert_eq!(visitor.get(&href).await.status, 401);
    assert_eq!(grace.get(&href).await.status, 403);
    let dl = staff.get(&href).await;
    assert_eq!(dl.status, 200);
    assert!(dl.body.starts_with("%PDF"));
    assert!(!visitor
        .page(&format!("/pairing/{montreal}"))
        .await
        .body
        .contains("minutes.pdf"));
    app.stop().await;
}

async fn a_trio_is_formed_signed_and_planned(b: Backend) {
    let Some(app) = demo_app(b).await else {
        return;
    };
    let call = app
        .state
        .store
        .calls()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == tandem::domain::call::CallStatus::Decided)
        .unwrap()
        .id
        .to_string();
    let staff = demo_member(&app, &demo("marc-andre.tremblay")).await;
    let grace = demo_member(&app, &demo("grace.okafor")).await;
    let added = format!("{TORONTO}, {BARCELONA}, {PARIS}");

    // the proposal: the demo's selected cities are paired already, the three
    // added ones make a trio
    let page = staff
        .call(
            "get_formation",
            &[("call_id", &call), ("groups", ""), ("added", &added)],
        )
        .await
        .ok()
        .json();
    let cohort = page["cohort"].as_array().unwrap();
    assert_eq!(cohort.len(), 3, "{page}");
    assert!(cohort.iter().all(|c| c["group"] == 1), "{page}");
    // Marc-André reads French
    assert!(
        page["quality"]
            .as_str()
            .unwrap()
            .contains("meilleure possible"),
        "{page}"
    );
    assert_eq!(
        grace
            .call(
                "get_formation",
                &[("call_id", &call), ("groups", ""), ("added", &added)]
            )
            .await
            .error(),
        serde_json::json!("Forbidden")
    );
    let form = |groups: [&'static str; 3], intent: &'static str| {
        vec![
            ("call_id", call.clone()),
            ("groups[0]", groups[0].to_owned()),
            ("groups[1]", groups[1].to_owned()),
            ("groups[2]", groups[2].to_owned()),
            ("added", added.clone()),
            ("intent", intent.to_owned()),
        ]
    };
    let pairs =
        |v: &[(&'static str, String)]| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let call_with = |c: &Client, name: &'static str, v: Vec<(&'static str, String)>| {
        let c = Client {
            http: c.http.clone(),
            base: c.base.clone(),
        };
        async move {
            let refs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.call(name, &refs).await
        }
    };
    // two European cities alone are no pair
    let e = call_with(
        &staff,
        "form_pairings",
        pairs(&form(["0", "1", "1"], "confirm")),
    )
    .await
    .error();
    assert_eq!(e, serde_json::json!({"Refused": "ErrGroupShape"}));
    assert_eq!(
        call_with(
            &grace,
            "form_pairings",
            pairs(&form(["1", "1", "1"], "confirm"))
        )
        .await
        .error(),
        serde_json::json!("Forbidden")
    );
    call_with(
        &staff,
        "form_pairings",
        pairs(&form(["1", "1", "1"], "confirm")),
    )
    .await
    .ok();
    let id = pairing_of(&app, TORONTO.parse().unwrap()).await;
    let sid = id.to_string();
    let p = app.state.store.pairing(id).await.unwrap().unwrap();
    assert_eq!(p.cities.len(), 3);
    assert_eq!(p.state, tandem::domain::pairing::PairingState::Proposed);
    // a proposed pairing is not public yet
    assert_eq!(
        app.client()
            .call("get_pairing", &[("id", &sid)])
            .await
            .status,
        404
    );

    // staff name each city's signatory; others may not
    let add = |who: &'static str, city: &'static str| {
        vec![
            ("id", sid.clone()),
            ("city_id", city.to_owned()),
            ("email", demo(who)),
            ("coordinator", "on".to_owned()),
            ("signatory", "on".to_owned()),
        ]
    };
    // (to others, a proposed pairing does not exist)
    assert_eq!(
        call_with(&grace, "set_team_member", add("sarah.thompson", TORONTO))
            .await
            .error(),
        serde_json::json!("NotFound")
    );
    let unknown = vec![
        ("id", sid.clone()),
        ("city_id", TORONTO.to_owned()),
        ("email", "nobody@example.org".to_owned()),
    ];
    assert_eq!(
        call_with(&staff, "set_team_member", unknown).await.error()["Validation"]["field"],
        "email"
    );
    for (who, city) in [
        ("sarah.thompson", TORONTO),
        ("javier.hernandez", BARCELONA),
        ("claire.dubois", PARIS),
    ] {
        call_with(&staff, "set_team_member", add(who, city))
            .await
            .ok();
    }
    assert!(
        !app.mails_to(&demo("javier.hernandez")).is_empty(),
        "the new team member is told"
    );
    let sarah = demo_member(&app, &demo("sarah.thompson")).await;
    let javier = demo_member(&app, &demo("javier.hernandez")).await;
    let claire = demo_member(&app, &demo("claire.dubois")).await;
    let today = tandem::domain::pairing::Day::from_unix(app.state.now()).to_string();
    let sign = |c: &Client, name: &'static str| {
        call_with(
            c,
            "sign_agreement",
            vec![
                ("id", sid.clone()),
                ("form[name]", name.to_owned()),
                ("form[role]", "Mayor".to_owned()),
                ("form[signed_on]", today.clone()),
                ("form[confirm]", "on".to_owned()),
            ],
        )
    };
    // not before the agreement is open for signature
    assert_eq!(
        sign(&javier, "Javier").await.error(),
        serde_json::json!({"Refused": "ErrNotSigning"})
    );
    call_with(
        &sarah,
        "set_pairing_state",
        vec![("id", sid.clone()), ("to", "signing".into())],
    )
    .await
    .ok();
    // only each city's signatory
    assert_eq!(
        sign(&staff, "Staff").await.error(),
        serde_json::json!("Forbidden")
    );
    assert_eq!(
        sign(&grace, "Grace").await.error(),
        serde_json::json!("Forbidden")
    );
    assert_eq!(sign(&javier, "Javier").await.ok().json(), false);
    assert_eq!(
        sign(&javier, "Javier").await.error(),
        serde_json::json!({"Refused": "ErrAlreadySigned"})
    );
    sign(&claire, "Claire").await.ok();
    // a change after a signature: every city signs again
    let version = app
        .state
        .store
        .pairing(id)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    call_with(
        &sarah,
        "save_agreement",
        vec![
            ("id", sid.clone()),
            ("version", version),
            ("form[themes][0]", "mobility".into()),
            ("form[commitments]", "Two study visits a year.".into()),
        ],
    )
    .await
    .ok();
    let p = app.state.store.pairing(id).await.unwrap().unwrap();
    assert_eq!(p.agreement_version, 2);
    assert_eq!(sign(&sarah, "Sarah").await.ok().json(), false);
    sign(&javier, "Javier").await.ok();
    assert!(app.state.store.milestones(id).await.unwrap().is_empty());
    assert_eq!(
        sign(&claire, "Claire").await.ok().json(),
        true,
        "the last signature starts it"
    );
    let p = app.state.store.pairing(id).await.unwrap().unwrap();
    assert_eq!(p.state, tandem::domain::pairing::PairingState::Cooperating);
    assert!(p.starts_at.is_some() && p.ends_on.is_some());
    // kick-off, a visit to each city, draft and final plan, closing
    assert_eq!(app.state.store.milestones(id).await.unwrap().len(), 7);

    // the plan: the team writes it, staff do not
    let objective = call_with(
        &sarah,
        "save_objective",
        vec![
            ("id", sid.clone()),
            ("objective", "0".into()),
            ("form[title]", "Safer streets".into()),
            ("form[weight]", "2".into()),
        ],
    )
    .await
    .ok()
    .json()
    .as_i64()
    .unwrap()
    .to_string();
    let action = |title: &str| {
        vec![
            ("id", sid.clone()),
            ("action", "0".into()),
            ("version", "0".into()),
            ("form[objective]", objective.clone()),
            ("form[title][0]", title.to_owned()),
            ("form[sdgs][0]", "11".into()),
            ("form[status]", "under_way".into()),
            ("form[progress]", "40".into()),
            ("form[ind_name][0]", "Protected bike lanes".into()),
            ("form[ind_unit][0]", "km".into()),
            ("form[ind_baseline][0]", "10".into()),
            ("form[ind_target][0]", "30".into()),
            ("form[public]", "on".into()),
        ]
    };
    assert_eq!(
        call_with(&staff, "save_action", action("Staff's action"))
            .await
            .error(),
        serde_json::json!("Forbidden")
    );
    let mut bad = action("Bike lanes");
    bad.push(("form[progress]", "140".into()));
    bad.retain(|(k, v)| *k != "form[progress]" || v == "140");
    assert_eq!(
        call_with(&sarah, "save_action", bad).await.error()["Validation"]["field"],
        "progress"
    );
    let aid = call_with(&sarah, "save_action", action("Bike lanes"))
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    // two people edit the same action from version 1: the second is refused
    let edit = |title: &str| {
        let mut v = action(title);
        v[1].1 = aid.to_string();
        v[2].1 = "1".into();
        v
    };
    call_with(&sarah, "save_action", edit("Bike lanes (Sarah)"))
        .await
        .ok();
    let r = call_with(&javier, "save_action", edit("Bike lanes (Javier)")).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let stored = app.state.store.actions(id).await.unwrap();
    assert_eq!(stored[0].d.texts[0].1, "Bike lanes (Sarah)");
    assert_eq!(stored[0].d.indicators.len(), 1);

    // submitted: locked for the team, decided by staff only
    let decide = |d: &str, note: &str| {
        vec![
            ("id", sid.clone()),
            ("decision", d.to_owned()),
            ("note", note.to_owned()),
        ]
    };
    call_with(&sarah, "submit_plan", vec![("id", sid.clone())])
        .await
        .ok();
    assert_eq!(
        call_with(&sarah, "save_action", edit("Late change"))
            .await
            .error(),
        serde_json::json!({"Refused": "ErrPlanLocked"})
    );
    assert_eq!(
        call_with(&sarah, "decide_plan", decide("approve", ""))
            .await
            .error(),
        serde_json::json!("Forbidden")
    );
    assert_eq!(
        call_with(&staff, "decide_plan", decide("return", ""))
            .await
            .error()["Validation"]["field"],
        "note"
    );
    call_with(&staff, "decide_plan", decide("approve", "Well done"))
        .await
        .ok();
    let mail = app.mails_to(&demo("javier.hernandez")).join("\n");
    assert!(
        mail.contains("Well done"),
        "the team is told of the decision"
    );
    let versions = app.state.store.plan_versions(id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        versions[0].status,
        tandem::domain::pairing::plan::PlanStatus::Approved
    );
    assert!(versions[0].snapshot.contains("Bike lanes (Sarah)"));

    // public: the page, the map and the open data show it
    let visitor = app.client();
    let page = visitor.page(&format!("/pairing/{id}")).await;
    assert!(page.body.contains("Bike lanes (Sarah)"));
    assert!(page.body.contains("Toronto – Barcelona – Paris"));
    let list = visitor.page("/pairings").await;
    assert!(list.body.contains(&format!("href=\"/pairing/{id}\"")));
    let data = visitor.get("/pairings.json").await.json();
    let mine = data["pairings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(mine["kind"], "trio");
    assert_eq!(mine["sdgs"], serde_json::json!([11]));
    assert_eq!(mine["plan_progress"], 40);

    // the timeline and activities: the team's (and staff's), not others'
    let milestone = vec![
        ("id", sid.clone()),
        ("form[title]", "Joint seminar in Paris".to_owned()),
        ("form[due_on]", "2099-01-15".to_owned()),
    ];
    assert_eq!(
        call_with(&grace, "add_milestone", milestone.clone())
            .await
            .error(),
        serde_json::json!("Forbidden")
    );
    call_with(&sarah, "add_milestone", milestone).await.ok();
    let milestones = app.state.store.milestones(id).await.unwrap();
    assert_eq!(milestones.len(), 8);
    let kickoff = milestones[0].id.to_string();
    call_with(
        &javier,
        "milestone_done",
        vec![
            ("id", sid.clone()),
            ("milestone", kickoff),
            ("done", "yes".into()),
        ],
    )
    .await
    .ok();
    assert!(app.state.store.milestones(id).await.unwrap()[0]
        .done_on
        .is_some());
    let activity = |event: &str| {
        vec![
            ("id", sid.clone()),
            ("activity", "0".to_owned()),
            ("form[kind]", "seminar".to_owned()),
            ("form[title]", "Street design seminar".to_owned()),
            ("form[held_on]", "2027-05-04".to_owned()),
            ("form[event]", event.to_owned()),
            ("form[report]", "Forty planners came.".to_owned()),
            ("form[public]", "on".to_owned()),
        ]
    };
    assert_eq!(
        call_with(&claire, "save_activity", activity("/events/abc"))
            .await
            .error()["Validation"]["field"],
        "event"
    );
    assert_eq!(
        call_with(&claire, "save_activity", activity("/events/99999"))
            .await
            .error()["Validation"]["field"],
        "event"
    );
    call_with(&claire, "save_activity", activity("/events/1"))
        .await
        .ok();
    let page = visitor.page(&format!("/pairing/{id}")).await;
    assert!(
        page.body.contains("Street design seminar") && page.body.contains("Forty planners came.")
    );
    // a report is due only after six months of cooperation
    assert_eq!(
        call_with(
            &sarah,
            "submit_report",
            vec![
                ("id", sid.clone()),
                ("period", "1".into()),
                ("body", "Early.".into())
            ]
        )
        .await
        .error(),
        serde_json::json!({"Refused": "ErrReportNotDue"})
    );
    // a change after approval makes a new draft, the approved version stays
    call_with(
        &sarah,
        "delete_action",
        vec![("id", sid.clone()), ("action", aid.to_string())],
    )
    .await
    .ok();
    let p = app.state.store.pairing(id).await.unwrap().unwrap();
    assert_eq!(
        p.plan_status,
        tandem::domain::pairing::plan::PlanStatus::Draft
    );
    assert!(p.updated_at > 0);
    assert_eq!(app.state.store.plan_versions(id).await.unwrap().len(), 1);
    app.stop().await;
}

on_both_backends!(
    the_demo_cohort_is_public_and_private_stays_private,
    a_trio_is_formed_signed_and_planned
);
