//! C2C matchmaking meetings over HTTP on both backends: who may request,
//! answer, organize and read; re-running the scheduler keeps confirmed
//! meetings; concurrent answers and crossing requests; the agenda as .ics
//! and in the calendar feed; the organizers' CSV. Connections between
//! members, and partner-city suggestions with their reasons.

use crate::common::{member, with_role, Backend, Client, TestApp};
use tandem::domain::Role;

on_both_backends!(
    only_participants_request_and_only_the_person_asked_answers,
    rerunning_the_scheduler_keeps_confirmed_meetings,
    concurrent_answers_and_crossing_requests_count_once,
    connections_need_the_other_side_and_show_on_both_profiles,
    partner_cities_come_with_reasons,
    leaving_or_being_busy_everywhere_takes_a_meeting_out,
);

/// A published in-person matchmaking event in Mexico City, 15 March 2027,
/// 10:00–12:00, and its id.
async fn matchmaking_event(c: &Client) -> i64 {
    let fields = |id: &str, version: &str, status: &str| {
        vec![
            ("form[id]".to_owned(), id.to_owned()),
            ("form[version]".to_owned(), version.to_owned()),
            ("form[kind]".to_owned(), "matchmaking".to_owned()),
            ("form[format]".to_owned(), "online".to_owned()),
            ("form[status]".to_owned(), status.to_owned()),
            ("form[language]".to_owned(), "en".to_owned()),
            (
                "form[title_en]".to_owned(),
                "C2C matchmaking: housing".to_owned(),
            ),
            ("form[starts]".to_owned(), "2027-03-15T10:00".to_owned()),
            ("form[ends]".to_owned(), "2027-03-15T12:00".to_owned()),
            (
                "form[timezone]".to_owned(),
                "America/Mexico_City".to_owned(),
            ),
            (
                "form[join_url]".to_owned(),
                "https://meet.example.org/c2c".to_owned(),
            ),
        ]
    };
    let call = |f: Vec<(String, String)>| async move {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        c.call("save_event", &pairs).await
    };
    let id = call(fields("0", "0", "draft"))
        .await
        .ok()
        .json()
        .as_i64()
        .expect("event id");
    let ids = id.to_string();
    call(fields(&ids, "1", "published")).await.ok();
    id
}

/// A member with a findable profile, registered at the event.
async fn participant(
    app: &TestApp,
    event: i64,
    name: &str,
    email: &str,
    offer: &str,
    seek: &str,
) -> (Client, i64) {
    let c = member(app, name, email).await;
    let saved = c
        .call(
            "save_profile",
            &[
                ("form[job_title]", "Housing officer"),
                ("form[languages][0]", "en"),
                ("form[interests][0]", "housing"),
                ("form[offer_themes][0]", offer),
                ("form[seek_themes][0]", seek),
                ("form[visibility]", "members"),
            ],
        )
        .await;
    assert!(saved.status < 400, "{}: {}", saved.status, saved.body);
    c.call("register", &[("event_id", &event.to_string())])
        .await
        .ok();
    let id = c.whoami().await["id"].as_i64().expect("user id");
    (c, id)
}

async fn meetings(c: &Client, event: i64) -> serde_json::Value {
    c.call(
        "get_meetings",
        &[("id", &event.to_string()), ("q", ""), ("theme", "")],
    )
    .await
    .ok()
    .json()
}

async fn ask(c: &Client, event: i64, to: i64, note: &str) -> crate::common::Reply {
    c.call(
        "request_meeting",
        &[
            ("event_id", &event.to_string()),
            ("to", &to.to_string()),
            ("note", note),
        ],
    )
    .await
}

async fn answer(c: &Client, event: i64, request: i64, a: &str) -> crate::common::Reply {
    c.call(
        "answer_meeting",
        &[
            ("event_id", &event.to_string()),
            ("request_id", &request.to_string()),
            ("answer", a),
        ],
    )
    .await
}

async fn slots(
    c: &Client,
    event: i64,
    start: &str,
    count: &str,
    tables: &str,
) -> crate::common::Reply {
    c.call(
        "add_meeting_slots",
        &[
            ("event_id", &event.to_string()),
            ("plan[start]", start),
            ("plan[count]", count),
            ("plan[minutes]", "20"),
            ("plan[pause]", "5"),
            ("plan[tables]", tables),
        ],
    )
    .await
}

async fn run(c: &Client, event: i64, mode: &str) -> crate::common::Reply {
    c.call(
        "run_meeting_scheduler",
        &[("event_id", &event.to_string()), ("mode", mode)],
    )
    .await
}

/// `c` accepts the first request waiting for them.
async fn accept_first(c: &Client, event: i64) {
    let request = first_id(&meetings(c, event).await, "incoming");
    answer(c, event, request, "accept").await.ok();
}

/// The id of the first request in a list of the page (incoming, agenda...).
fn first_id(page: &serde_json::Value, list: &str) -> i64 {
    page[list][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no {list} in {page}"))
}

/// (slot id, place) of the agenda entry with `other`.
fn placed_with(page: &serde_json::Value, other: i64) -> (Option<i64>, Option<String>) {
    let m = page["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["other"]["id"].as_i64() == Some(other))
        .unwrap_or_else(|| panic!("no meeting with {other} in {page}"));
    (
        m["slot_id"].as_i64(),
        m["place"].as_str().map(str::to_owned),
    )
}

/// Grace (offers housing, seeks mobility), Hugo (the reverse) and Inés
/// (housing both ways), registered at the event.
async fn trio(app: &TestApp, event: i64) -> [(Client, i64); 3] {
    [
        participant(
            app,
            event,
            "Grace Okafor",
            "grace@example.org",
            "housing",
            "mobility",
        )
        .await,
        participant(
            app,
            event,
            "Hugo Lefebvre",
            "hugo@example.org",
            "mobility",
            "housing",
        )
        .await,
        participant(
            app,
            event,
            "Inés García",
            "ines@example.org",
            "housing",
            "housing",
        )
        .await,
    ]
}

async fn setup(b: Backend) -> Option<(TestApp, Client, i64)> {
    let app = TestApp::spawn(b).await?;
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let event = matchmaking_event(&ana).await;
    Some((app, ana, event))
}

async fn only_participants_request_and_only_the_person_asked_answers(b: Backend) {
    let Some((app, ana, event)) = setup(b).await else {
        return;
    };
    let [(grace, _), (hugo, hugo_id), (ines, ines_id)] = trio(&app, event).await;
    let (hidden, hidden_id) = participant(
        &app,
        event,
        "Hidden Person",
        "hidden@example.org",
        "housing",
        "mobility",
    )
    .await;
    hidden
        .call(
            "save_profile",
            &[
                ("form[visibility]", "hidden"),
                ("form[interests][0]", "housing"),
            ],
        )
        .await
        .ok();
    let zoe = member(&app, "Zoe Outsider", "zoe@example.org").await;
    let zoe_id = zoe.whoami().await["id"].as_i64().unwrap();
    let visitor = app.client();

    // the page: visitors and non-participants are told what to do
    assert_eq!(meetings(&visitor, event).await["role"], "visitor");
    assert_eq!(meetings(&zoe, event).await["role"], "not_registered");
    let page = meetings(&grace, event).await;
    assert_eq!(page["role"], "participant");
    // hidden people are not listed; the others are, ranked (Hugo offers
    // what Grace seeks and seeks what she offers: first, with why)
    let people: Vec<i64> = page["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["person"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(people.first(), Some(&hugo_id), "{page}");
    assert!(people.contains(&ines_id));
    assert!(!people.contains(&hidden_id));
    assert!(page["people"][0]["reasons"][0]
        .as_str()
        .unwrap()
        .contains("Hugo offers what you seek"));

    // only participants ask, and only participants who can be found
    assert_eq!(ask(&zoe, event, hugo_id, "hi").await.status, 400);
    assert_eq!(ask(&visitor, event, hugo_id, "hi").await.status, 401);
    assert_eq!(ask(&grace, event, zoe_id, "hi").await.status, 404);
    assert_eq!(ask(&grace, event, hidden_id, "hi").await.status, 404);
    let grace_id = grace.whoami().await["id"].as_i64().unwrap();
    assert_eq!(ask(&grace, event, grace_id, "me").await.status, 400);
    let long = "x".repeat(501);
    let e = ask(&grace, event, hugo_id, &long).await;
    assert_eq!(e.status, 400);
    assert_eq!(e.error()["Validation"]["field"], "note");

    // a request; the mail tells Hugo; only Hugo answers it
    assert_eq!(
        ask(&grace, event, hugo_id, "Let's compare housing funds")
            .await
            .ok()
            .json(),
        "sent"
    );
    assert!(app
        .mails_to("hugo@example.org")
        .iter()
        .any(|m| m.contains("Grace Okafor") && m.contains("compare housing funds")));
    assert_eq!(ask(&grace, event, hugo_id, "again").await.status, 400);
    let hp = meetings(&hugo, event).await;
    let req = first_id(&hp, "incoming");
    assert_eq!(hp["incoming"][0]["note"], "Let's compare housing funds");
    assert_eq!(answer(&grace, event, req, "accept").await.status, 403);
    assert_eq!(answer(&ines, event, req, "accept").await.status, 404);
    assert_eq!(answer(&hugo, event, req, "maybe").await.status, 400);
    answer(&hugo, event, req, "accept").await.ok();
    assert_eq!(answer(&hugo, event, req, "decline").await.status, 400);
    let gp = meetings(&grace, event).await;
    assert_eq!(gp["agenda"][0]["status"], "accepted");
    assert!(app
        .mails_to("grace@example.org")
        .iter()
        .any(|m| m.contains("accepted")));

    // notes are the two sides' only
    let note = |c: &Client, text: &str| {
        let c = c.clone();
        let text = text.to_owned();
        async move {
            c.call(
                "save_meeting_note",
                &[
                    ("request_id", &req.to_string()),
                    ("form[outcome]", &text),
                    ("form[next_steps]", "Send the fund's rules"),
                    ("form[remind_on]", ""),
                ],
            )
            .await
        }
    };
    assert_eq!(note(&ines, "snooping").await.status, 404);
    note(&grace, "Agreed to share the study").await.ok();
    let e = grace
        .call(
            "save_meeting_note",
            &[
                ("request_id", &req.to_string()),
                ("form[remind_on]", "2000-01-01"),
            ],
        )
        .await;
    assert_eq!(e.error()["Validation"]["field"], "remind_on");
    let hp = meetings(&hugo, event).await;
    assert_eq!(
        hp["agenda"][0]["notes"][0]["outcome"],
        "Agreed to share the study"
    );
    assert_eq!(hp["agenda"][0]["notes"][0]["mine"], false);

    // organizers' side: members may not
    let ids = event.to_string();
    assert_eq!(
        slots(&grace, event, "2027-03-15T10:00", "3", "2")
            .await
            .status,
        403
    );
    assert_eq!(run(&grace, event, "keep").await.status, 403);
    assert_eq!(
        grace
            .call("get_meeting_dashboard", &[("id", &ids)])
            .await
            .status,
        403
    );
    assert_eq!(
        grace
            .get(&format!("/events/{event}/meetings.csv"))
            .await
            .status,
        403
    );
    assert_eq!(
        visitor
            .get(&format!("/events/{event}/meetings.csv"))
            .await
            .status,
        401
    );
    // bad slot input is named
    let e = slots(&ana, event, "2027-03-15T11:50", "3", "2").await;
    assert_eq!(e.error()["Validation"]["field"], "start");
    let e = slots(&ana, event, "2027-03-15T10:00", "3", "0").await;
    assert_eq!(e.error()["Validation"]["field"], "tables");
    assert_eq!(run(&ana, event, "keep").await.status, 400);
    slots(&ana, event, "2027-03-15T10:00", "3", "2").await.ok();
    let e = slots(&ana, event, "2027-03-15T10:10", "1", "2").await;
    assert_eq!(e.error()["Validation"]["field"], "start");
    let d = ana
        .call("get_meeting_dashboard", &[("id", &ids)])
        .await
        .ok()
        .json();
    assert_eq!(d["participants"], 4);
    assert_eq!(d["accepted"], 1);
    assert_eq!(d["unplaced"][0]["reason"], "Not scheduled yet");
    let csv = ana.get(&format!("/events/{event}/meetings.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("Grace Okafor") && csv.body.contains("Hugo Lefebvre"));

    // a declined request cannot be asked again; a called-off one can
    ask(&ines, event, grace_id, "Circular economy?").await.ok();
    let r = first_id(&meetings(&grace, event).await, "incoming");
    answer(&grace, event, r, "decline").await.ok();
    assert_eq!(ask(&ines, event, grace_id, "please").await.status, 400);
    grace
        .call("cancel_meeting", &[("request_id", &req.to_string())])
        .await
        .ok();
    assert_eq!(
        meetings(&hugo, event).await["outgoing"][0]["status"],
        "cancelled"
    );
    assert_eq!(
        ask(&hugo, event, grace_id, "Sorry, once more?")
            .await
            .ok()
            .json(),
        "sent"
    );
    app.stop().await;
}

async fn rerunning_the_scheduler_keeps_confirmed_meetings(b: Backend) {
    let Some((app, ana, event)) = setup(b).await else {
        return;
    };
    let [(grace, grace_id), (hugo, hugo_id), (ines, ines_id)] = trio(&app, event).await;
    // three slots of one table: 10:00, 10:25, 10:50
    slots(&ana, event, "2027-03-15T10:00", "3", "1").await.ok();
    ask(&grace, event, hugo_id, "").await.ok();
    accept_first(&hugo, event).await;
    let s = run(&ana, event, "keep").await.ok().json();
    assert_eq!(s["scheduled"], 1);
    let (slot, place) = placed_with(&meetings(&grace, event).await, hugo_id);
    let slot = slot.expect("scheduled");
    assert_eq!(place.as_deref(), Some("Virtual room 1"));
    // the same meeting on Hugo's agenda, with the video link
    let hp = meetings(&hugo, event).await;
    assert_eq!(placed_with(&hp, grace_id).0, Some(slot));
    assert_eq!(hp["agenda"][0]["join_url"], "https://meet.example.org/c2c");

    // more requests arrive; a run keeps the confirmed one where it is
    ask(&ines, event, grace_id, "").await.ok();
    ask(&ines, event, hugo_id, "").await.ok();
    accept_first(&grace, event).await;
    accept_first(&hugo, event).await;
    for _ in 0..2 {
        let s = run(&ana, event, "keep").await.ok().json();
        assert_eq!(s["scheduled"], 3, "{s}");
        assert_eq!(s["moved"], 0);
        assert_eq!(
            placed_with(&meetings(&grace, event).await, hugo_id).0,
            Some(slot)
        );
    }
    // nobody is in two meetings at once
    let ip = meetings(&ines, event).await;
    let a = placed_with(&ip, grace_id).0.unwrap();
    let b2 = placed_with(&ip, hugo_id).0.unwrap();
    assert!(a != b2 && a != slot && b2 != slot);

    // Hugo can no longer make that slot: the meeting has to move
    let ev = event.to_string();
    let free: Vec<String> = meetings(&hugo, event).await["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .filter(|s| *s != slot)
        .map(|s| s.to_string())
        .collect();
    let mut form = vec![("event_id".to_owned(), ev.clone())];
    for (i, f) in free.iter().enumerate() {
        form.push((format!("free[{i}]"), f.clone()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    hugo.call("save_meeting_availability", &pairs).await.ok();
    assert!(meetings(&hugo, event).await["slots"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["busy"] == true && s["id"].as_i64() == Some(slot)));
    let s = run(&ana, event, "keep").await.ok().json();
    assert!(s["moved"].as_i64().unwrap() >= 1, "{s}");
    let (now_in, _) = placed_with(&meetings(&grace, event).await, hugo_id);
    assert_ne!(now_in, Some(slot));
    // whatever stays out says why
    let d = ana
        .call("get_meeting_dashboard", &[("id", &ev)])
        .await
        .ok()
        .json();
    let scheduled = d["scheduled"].as_i64().unwrap();
    assert_eq!(
        scheduled + d["unplaced"].as_array().unwrap().len() as i64,
        3
    );
    for u in d["unplaced"].as_array().unwrap() {
        assert_ne!(u["reason"], "Not scheduled yet");
    }
    let used: i64 = d["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slot"]["used"].as_i64().unwrap())
        .sum();
    assert_eq!(used, scheduled);
    // kept meetings can stand in the way; a reshuffle, asked for explicitly,
    // moves them and fits all three (Hugo's two free slots, Grace and Inés
    // in the third)
    assert_eq!(scheduled, 2);
    let s = run(&ana, event, "reshuffle").await.ok().json();
    assert_eq!(s["scheduled"], 3, "{s}");

    // the agenda as a file and in the calendar feed
    let ics = grace.get(&format!("/events/{event}/meetings.ics")).await;
    assert_eq!(ics.status, 200);
    assert!(
        ics.body.contains("SUMMARY:Meeting with Hugo Lefebvre"),
        "{}",
        ics.body
    );
    assert!(ics
        .body
        .contains("DTSTART;TZID=America/Mexico_City:20270315T"));
    assert_eq!(
        app.client()
            .get(&format!("/events/{event}/meetings.ics"))
            .await
            .status,
        401
    );
    let feed = grace.call("new_calendar_feed", &[]).await.ok().json();
    let path = feed
        .as_str()
        .unwrap()
        .split_once("/calendar/")
        .unwrap()
        .1
        .to_owned();
    let f = app.client().get(&format!("/calendar/{path}")).await;
    assert!(f.body.contains("Meeting with Hugo Lefebvre"));
    assert!(f.body.contains("C2C matchmaking: housing"));

    // the run is on the event's live channel
    let changes = meetings(&grace, event).await["last_change"]
        .as_i64()
        .unwrap();
    run(&ana, event, "keep").await.ok();
    assert!(
        meetings(&grace, event).await["last_change"]
            .as_i64()
            .unwrap()
            > changes
    );
    let _ = ines_id;
    app.stop().await;
}

async fn concurrent_answers_and_crossing_requests_count_once(b: Backend) {
    let Some((app, _ana, event)) = setup(b).await else {
        return;
    };
    let [(grace, grace_id), (hugo, hugo_id), (ines, ines_id)] = trio(&app, event).await;
    ask(&grace, event, hugo_id, "").await.ok();
    let req = first_id(&meetings(&hugo, event).await, "incoming");
    // six answers at once (two tabs, a double tap...): one goes through
    let answers = futures::future::join_all((0..6).map(|i| {
        let hugo = hugo.clone();
        async move {
            answer(
                &hugo,
                event,
                req,
                if i % 2 == 0 { "accept" } else { "decline" },
            )
            .await
        }
    }))
    .await;
    assert_eq!(answers.iter().filter(|r| r.status == 200).count(), 1);
    assert!(answers.iter().all(|r| r.status == 200 || r.status == 400));
    let status = meetings(&grace, event).await;
    let all: Vec<&serde_json::Value> = ["agenda", "outgoing"]
        .iter()
        .flat_map(|l| status[*l].as_array().unwrap().iter())
        .collect();
    assert_eq!(all.len(), 1);

    // Grace and Inés ask each other at the same moment: one meeting, accepted
    let (a, b2) = tokio::join!(
        ask(&grace, event, ines_id, "hello"),
        ask(&ines, event, grace_id, "hola")
    );
    let mut outs = vec![a.ok().json(), b2.ok().json()];
    outs.sort_by_key(|v| v.to_string());
    assert_eq!(
        outs,
        vec![serde_json::json!("accepted"), serde_json::json!("sent")]
    );
    let gp = meetings(&grace, event).await;
    let with_ines: Vec<_> = gp["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["other"]["id"].as_i64() == Some(ines_id))
        .collect();
    assert_eq!(with_ines.len(), 1);
    assert_eq!(with_ines[0]["status"], "accepted");
    app.stop().await;
}

/// A member with a findable profile in `city` (a name the directory knows).
async fn member_in(
    app: &TestApp,
    name: &str,
    email: &str,
    city: &str,
    offer: &str,
    seek: &str,
    visibility: &str,
) -> (Client, i64) {
    let c = member(app, name, email).await;
    let saved = c
        .call(
            "save_profile",
            &[
                ("form[city_name]", city),
                ("form[languages][0]", "fr"),
                ("form[offer_themes][0]", offer),
                ("form[seek_themes][0]", seek),
                ("form[visibility]", visibility),
            ],
        )
        .await;
    assert!(saved.status < 400, "{}: {}", saved.status, saved.body);
    let id = c.whoami().await["id"].as_i64().unwrap();
    (c, id)
}

async fn ties(c: &Client, id: i64) -> serde_json::Value {
    c.call("get_profile_ties", &[("id", &id.to_string())])
        .await
        .ok()
        .json()
}

async fn connections_need_the_other_side_and_show_on_both_profiles(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let (lea, lea_id) = member_in(
        &app,
        "Léa Martin",
        "lea@example.org",
        "Lyon",
        "circular-economy",
        "housing",
        "members",
    )
    .await;
    let (bob, bob_id) = member_in(
        &app,
        "Bob Gagné",
        "bob@example.org",
        "Montréal",
        "housing",
        "circular-economy",
        "public",
    )
    .await;
    let (_, hid_id) = member_in(
        &app,
        "Hidden Hugo",
        "hugo@example.org",
        "Montréal",
        "housing",
        "mobility",
        "hidden",
    )
    .await;
    let (cat, _) = member_in(
        &app,
        "Cat Ortiz",
        "cat@example.org",
        "Sevilla",
        "mobility",
        "housing",
        "members",
    )
    .await;
    let visitor = app.client();
    let connect = |c: &Client, to: i64, note: &str| {
        let c = c.clone();
        let note = note.to_owned();
        async move {
            c.call(
                "connect_request",
                &[("to", &to.to_string()), ("note", &note)],
            )
            .await
        }
    };
    assert_eq!(connect(&visitor, bob_id, "").await.status, 401);
    assert_eq!(connect(&lea, lea_id, "").await.status, 400);
    assert_eq!(connect(&lea, hid_id, "").await.status, 404);
    assert_eq!(
        connect(&lea, bob_id, &"x".repeat(501)).await.error()["Validation"]["field"],
        "note"
    );
    assert_eq!(
        connect(&lea, bob_id, "Circular procurement?")
            .await
            .ok()
            .json(),
        "sent"
    );
    assert!(app
        .mails_to("bob@example.org")
        .iter()
        .any(|m| m.contains("Circular procurement?")));
    assert_eq!(connect(&lea, bob_id, "again").await.status, 400);
    // not connected until Bob accepts; only Bob answers
    assert_eq!(ties(&lea, bob_id).await["between"]["status"], "pending");
    assert!(ties(&cat, bob_id).await["connections"]
        .as_array()
        .unwrap()
        .is_empty());
    let page = bob.call("get_connections", &[]).await.ok().json();
    let req = page["incoming"][0]["id"].as_i64().unwrap();
    assert_eq!(page["incoming"][0]["note"], "Circular procurement?");
    let answer = |c: &Client, a: &str| {
        let c = c.clone();
        let a = a.to_owned();
        async move {
            c.call(
                "connect_answer",
                &[("id", &req.to_string()), ("answer", &a)],
            )
            .await
        }
    };
    assert_eq!(answer(&lea, "accept").await.status, 403);
    assert_eq!(answer(&cat, "accept").await.status, 404);
    answer(&bob, "accept").await.ok();
    assert_eq!(answer(&bob, "accept").await.status, 400);
    // on both profiles, for other members; not for visitors
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["connections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&ties(&cat, bob_id).await), vec!["Léa Martin"]);
    assert_eq!(names(&ties(&cat, lea_id).await), vec!["Bob Gagné"]);
    assert_eq!(ties(&lea, bob_id).await["between"]["status"], "accepted");
    assert!(ties(&visitor, bob_id).await["connections"]
        .as_array()
        .unwrap()
        .is_empty());
    // a declined request is not sent again, and the asker only sees "waiting"
    connect(&cat, bob_id, "").await.ok();
    let req2 = bob.call("get_connections", &[]).await.ok().json()["incoming"][0]["id"]
        .as_i64()
        .unwrap();
    bob.call(
        "connect_answer",
        &[("id", &req2.to_string()), ("answer", "decline")],
    )
    .await
    .ok();
    assert_eq!(ties(&cat, bob_id).await["between"]["status"], "pending");
    assert_eq!(connect(&cat, bob_id, "").await.status, 400);
    // either side removes a connection
    lea.call("connect_remove", &[("id", &req.to_string())])
        .await
        .ok();
    assert!(ties(&cat, bob_id).await["connections"]
        .as_array()
        .unwrap()
        .is_empty());
    app.stop().await;
}

async fn partner_cities_come_with_reasons(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let store = &app.state.store;
    let city = |name: &'static str, cc: &'static str| async move {
        store.city_by_name(name, cc).await.unwrap().expect(name).id
    };
    let (lyon, montreal, paris, sevilla) = (
        city("Lyon", "FR").await,
        city("Montréal", "CA").await,
        city("Paris", "FR").await,
        city("Sevilla", "ES").await,
    );
    let (lea, _) = member_in(
        &app,
        "Léa Martin",
        "lea@example.org",
        "Lyon",
        "circular-economy",
        "housing",
        "members",
    )
    .await;
    member_in(
        &app,
        "Bob Gagné",
        "bob@example.org",
        "Montréal",
        "housing",
        "circular-economy",
        "members",
    )
    .await;
    member_in(
        &app,
        "Paul Durand",
        "paul@example.org",
        "Paris",
        "housing",
        "circular-economy",
        "members",
    )
    .await;
    member_in(
        &app,
        "Cat Ortiz",
        "cat@example.org",
        "Sevilla",
        "housing",
        "mobility",
        "members",
    )
    .await;
    // a hidden member does not make their city a candidate
    member_in(
        &app,
        "Hidden Hugo",
        "hugo@example.org",
        "Chicago",
        "housing",
        "circular-economy",
        "hidden",
    )
    .await;
    // members-only profiles count for members, not for visitors
    let visitor = app.client();
    let seen = visitor
        .call("city_page", &[("id", &lyon.to_string())])
        .await
        .ok()
        .json();
    assert!(seen["partners"].as_array().unwrap().is_empty(), "{seen}");
    let page = lea
        .call("city_page", &[("id", &lyon.to_string())])
        .await
        .ok()
        .json();
    let partners = page["partners"].as_array().unwrap();
    let ids: Vec<i64> = partners.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    // Montréal first: it offers what Lyon needs, needs what Lyon offers, and
    // is across the Atlantic; never Paris (the same country), never Chicago
    assert_eq!(ids.first(), Some(&montreal), "{page}");
    assert!(ids.contains(&sevilla));
    assert!(!ids.contains(&paris));
    assert_eq!(ids.len(), 2, "{page}");
    let why = partners[0]["reasons"].as_array().unwrap();
    let text: Vec<&str> = why.iter().map(|r| r.as_str().unwrap()).collect();
    assert!(
        text.contains(&"Montréal offers what Lyon needs: housing"),
        "{text:?}"
    );
    assert!(
        text.contains(&"Lyon offers what Montréal needs: circular economy"),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.contains("French")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("Atlantic")), "{text:?}");
    app.stop().await;
}

async fn leaving_or_being_busy_everywhere_takes_a_meeting_out(b: Backend) {
    let Some((app, ana, event)) = setup(b).await else {
        return;
    };
    let [(grace, grace_id), (hugo, hugo_id), (ines, ines_id)] = trio(&app, event).await;
    slots(&ana, event, "2027-03-15T10:00", "2", "5").await.ok();
    ask(&grace, event, hugo_id, "").await.ok();
    ask(&grace, event, ines_id, "").await.ok();
    accept_first(&hugo, event).await;
    accept_first(&ines, event).await;
    // two organizers' runs at once: each one either writes a whole schedule or
    // starts over; nobody ends in two meetings at once
    let (r1, r2) = tokio::join!(run(&ana, event, "keep"), run(&ana, event, "reshuffle"));
    assert!(
        r1.status == 200 || r2.status == 200,
        "{} {}",
        r1.body,
        r2.body
    );
    let gp = meetings(&grace, event).await;
    let (a, _) = placed_with(&gp, hugo_id);
    let (c, _) = placed_with(&gp, ines_id);
    assert!(a.is_some() && c.is_some() && a != c, "{gp}");

    // Hugo unticks every slot (the form then sends no slot at all)
    hugo.call(
        "save_meeting_availability",
        &[("event_id", &event.to_string())],
    )
    .await
    .ok();
    // Inés gives her seat back
    ines.call("cancel_registration", &[("event_id", &event.to_string())])
        .await
        .ok();
    let s = run(&ana, event, "keep").await.ok().json();
    assert_eq!(s["scheduled"], 0, "{s}");
    let d = ana
        .call("get_meeting_dashboard", &[("id", &event.to_string())])
        .await
        .ok()
        .json();
    let reasons: Vec<&str> = d["unplaced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"No slot in which both of you are available"),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"One of you no longer holds a seat at the event"),
        "{reasons:?}"
    );
    // Grace's agenda and calendar no longer place either meeting
    let gp = meetings(&grace, event).await;
    assert_eq!(placed_with(&gp, hugo_id).0, None);
    let ics = grace.get(&format!("/events/{event}/meetings.ics")).await;
    assert!(!ics.body.contains("BEGIN:VEVENT"), "{}", ics.body);
    let _ = grace_id;
    app.stop().await;
}
