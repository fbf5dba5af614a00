//! Events over HTTP on both backends: who may edit, drafts, version
//! conflicts, the last seat, calendars, live updates (also across two
//! instances on PostgreSQL) and batched change e-mails.

use crate::common::{with_role, Backend, Client, TestApp};
use std::time::Duration;
use tandem::domain::Role;

on_both_backends!(
    only_organizers_edit_and_drafts_stay_hidden,
    a_stale_save_is_refused_and_nothing_is_overwritten,
    two_people_take_the_last_seat_at_once,
    calendar_files_and_feeds_parse_back,
    a_viewer_hears_an_edit_live_and_catches_up_after_a_drop,
    ten_quick_edits_send_one_email,
    times_read_in_the_readers_zone,
    speakers_organizers_and_messages_are_for_organizers,
    a_new_calendar_address_is_shown_once_without_scripts,
    kept_event_pages_follow_every_change,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_edit_through_one_instance_reaches_viewers_of_another() {
    edit_through_one_instance_reaches_another(Backend::Postgres).await
}

/// An online talk in Mexico City on 15 March 2027, 10:00–12:00.
async fn create_event(c: &Client, status: &str, capacity: &str) -> i64 {
    let r = c
        .call(
            "save_event",
            &[
                ("form[kind]", "talk"),
                ("form[format]", "online"),
                ("form[status]", status),
                ("form[language]", "en"),
                ("form[title_en]", "Housing finance day"),
                ("form[title_es]", "Día de la vivienda"),
                ("form[starts]", "2027-03-15T10:00"),
                ("form[ends]", "2027-03-15T12:00"),
                ("form[timezone]", "America/Mexico_City"),
                ("form[capacity]", capacity),
            ],
        )
        .await;
    r.ok().json().as_i64().expect("event id")
}

async fn publish(c: &Client, id: i64, version: i64) -> crate::common::Reply {
    let id = id.to_string();
    let version = version.to_string();
    c.call(
        "save_event",
        &[
            ("form[id]", &id),
            ("form[version]", &version),
            ("form[kind]", "talk"),
            ("form[format]", "online"),
            ("form[status]", "published"),
            ("form[language]", "en"),
            ("form[title_en]", "Housing finance day"),
            ("form[starts]", "2027-03-15T10:00"),
            ("form[ends]", "2027-03-15T12:00"),
            ("form[timezone]", "America/Mexico_City"),
            ("form[capacity]", "1"),
        ],
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn save_session(
    c: &Client,
    event: i64,
    session: i64,
    version: i64,
    title: &str,
    starts: &str,
    ends: &str,
    room: &str,
) -> crate::common::Reply {
    c.call(
        "save_session",
        &[
            ("form[event_id]", &event.to_string()),
            ("form[session_id]", &session.to_string()),
            ("form[version]", &version.to_string()),
            ("form[title]", title),
            ("form[starts]", starts),
            ("form[ends]", ends),
            ("form[room]", room),
        ],
    )
    .await
}

async fn only_organizers_edit_and_drafts_stay_hidden(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let marc = with_role(&app, "Marc Tremblay", "marc@example.org", Role::Organizer).await;
    let grace = with_role(&app, "Grace Okafor", "grace@example.org", Role::Member).await;
    let visitor = app.client();
    // members cannot create events
    assert_eq!(
        grace
            .call(
                "save_event",
                &[("form[kind]", "talk"), ("form[title_en]", "x")]
            )
            .await
            .status,
        403
    );
    let id = create_event(&ana, "draft", "").await;
    let ids = id.to_string();
    // a draft does not exist for others
    assert_eq!(visitor.call("get_event", &[("id", &ids)]).await.status, 404);
    assert_eq!(grace.call("get_event", &[("id", &ids)]).await.status, 404);
    assert_eq!(grace.get(&format!("/events/{id}/live")).await.status, 404);
    ana.call("get_event", &[("id", &ids)]).await.ok();
    assert!(!visitor
        .call("list_events", &[("filter[when]", "")])
        .await
        .ok()
        .body
        .contains("Housing finance day"));
    // bad input names its field
    let e = save_session(
        &ana,
        id,
        0,
        0,
        "Opening",
        "2027-03-15T09:00",
        "2027-03-15T09:30",
        "",
    )
    .await;
    assert_eq!(e.error()["Validation"]["field"], "starts");
    // publishing makes it public
    publish(&ana, id, 1).await.ok();
    let page = visitor.call("get_event", &[("id", &ids)]).await.ok().json();
    assert_eq!(page["public"]["title"], "Housing finance day");
    assert_eq!(page["public"]["status"], "published");
    assert!(visitor
        .call("list_events", &[("filter[when]", "")])
        .await
        .ok()
        .body
        .contains("Housing finance day"));
    // the server-rendered page shows it without JavaScript
    let html = visitor.get(&format!("/events/{id}")).await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("Housing finance day"), "{}", html.body);
    // a published event cannot go back to draft
    let back = ana
        .call(
            "save_event",
            &[
                ("form[id]", &ids),
                ("form[version]", "2"),
                ("form[kind]", "talk"),
                ("form[format]", "online"),
                ("form[status]", "draft"),
                ("form[language]", "en"),
                ("form[title_en]", "Housing finance day"),
                ("form[starts]", "2027-03-15T10:00"),
                ("form[ends]", "2027-03-15T12:00"),
                ("form[timezone]", "America/Mexico_City"),
            ],
        )
        .await;
    assert_eq!(back.error()["Validation"]["field"], "status");
    // another organizer, a member and a visitor may not edit it
    for (c, code) in [(&marc, 403), (&grace, 403), (&visitor, 401)] {
        let r = save_session(
            c,
            id,
            0,
            0,
            "Opening",
            "2027-03-15T10:00",
            "2027-03-15T10:30",
            "",
        )
        .await;
        assert_eq!(r.status, code, "{}", r.body);
        assert_eq!(
            c.call("get_event_editor", &[("id", &ids)]).await.status,
            code
        );
        assert_eq!(
            c.get(&format!("/events/{id}/attendees.csv")).await.status,
            code
        );
    }
    // until the owner makes marc a co-organizer; marc cannot add others
    ana.call(
        "add_organizer",
        &[("event_id", &ids), ("email", "marc@example.org")],
    )
    .await
    .ok();
    save_session(
        &marc,
        id,
        0,
        0,
        "Opening",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "",
    )
    .await
    .ok();
    assert_eq!(
        marc.call(
            "add_organizer",
            &[("event_id", &ids), ("email", "grace@example.org")]
        )
        .await
        .status,
        403
    );
    let csv = ana.get(&format!("/events/{id}/attendees.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("E-mail"));
    app.stop().await;
}

async fn a_stale_save_is_refused_and_nothing_is_overwritten(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let marc = with_role(&app, "Marc Tremblay", "marc@example.org", Role::Organizer).await;
    let id = create_event(&ana, "published", "").await;
    ana.call(
        "add_organizer",
        &[("event_id", &id.to_string()), ("email", "marc@example.org")],
    )
    .await
    .ok();
    let s = save_session(
        &ana,
        id,
        0,
        0,
        "Housing finance",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "A",
    )
    .await
    .ok()
    .json();
    let (sid, v1) = (s["id"].as_i64().unwrap(), s["version"].as_i64().unwrap());
    // both loaded version v1; ana saves first
    let s2 = save_session(
        &ana,
        id,
        sid,
        v1,
        "Housing finance (plenary)",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "A",
    )
    .await
    .ok()
    .json();
    assert_eq!(s2["version"].as_i64().unwrap(), v1 + 1);
    // marc's save from v1 is refused
    let r = save_session(
        &marc,
        id,
        sid,
        v1,
        "Housing finance",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "Room B",
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let ed = marc
        .call("get_event_editor", &[("id", &id.to_string())])
        .await
        .ok()
        .json();
    let session = &ed["sessions"][0];
    assert_eq!(session["title"], "Housing finance (plenary)");
    assert_eq!(session["room"], "A");
    // saving again from the version he was shown replaces it, knowingly
    save_session(
        &marc,
        id,
        sid,
        v1 + 1,
        "Housing finance",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "Room B",
    )
    .await
    .ok();
    // the same holds for the details and for deleting
    assert_eq!(publish(&marc, id, 99).await.status, 409);
    let del = marc
        .call(
            "delete_session",
            &[
                ("event_id", &id.to_string()),
                ("session_id", &sid.to_string()),
                ("version", &v1.to_string()),
            ],
        )
        .await;
    assert_eq!(del.status, 409);
    app.stop().await;
}

async fn two_people_take_the_last_seat_at_once(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let id = create_event(&ana, "published", "1").await;
    let ids = id.to_string();
    let mut people = Vec::new();
    for i in 0..6 {
        people.push(
            with_role(
                &app,
                &format!("Person {i}"),
                &format!("p{i}@example.org"),
                Role::Member,
            )
            .await,
        );
    }
    let people = std::sync::Arc::new(people);
    let mut tasks = Vec::new();
    for i in 0..6 {
        let people = people.clone();
        let ids = ids.clone();
        tasks.push(tokio::spawn(async move {
            let r = people[i].call("register", &[("event_id", &ids)]).await;
            r.ok().json().as_str().unwrap().to_owned()
        }));
    }
    let mut seats = Vec::new();
    for t in tasks {
        seats.push(t.await.unwrap());
    }
    assert_eq!(
        seats.iter().filter(|s| *s == "registered").count(),
        1,
        "{seats:?}"
    );
    assert_eq!(seats.iter().filter(|s| *s == "waitlisted").count(), 5);
    // registering again changes nothing
    let winner = seats.iter().position(|s| s == "registered").unwrap();
    assert_eq!(
        people[winner]
            .call("register", &[("event_id", &ids)])
            .await
            .ok()
            .json(),
        "registered"
    );
    // the winner cancels: the first in the queue moves up, and is told
    let page = ana
        .call("get_event_editor", &[("id", &ids)])
        .await
        .ok()
        .json();
    let queue: Vec<String> = page["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["seat"] == "waitlisted")
        .map(|a| a["email"].as_str().unwrap().to_owned())
        .collect();
    people[winner]
        .call("cancel_registration", &[("event_id", &ids)])
        .await
        .ok();
    let page = ana.call("get_event", &[("id", &ids)]).await.ok().json();
    assert_eq!(page["public"]["registered"], 1);
    assert_eq!(page["public"]["waitlisted"], 4);
    let mails = app.mails_to(&queue[0]);
    assert!(
        mails.iter().any(|m| m.contains("You are registered")),
        "{mails:?}"
    );
    assert!(
        mails.iter().any(|m| m.contains("text/calendar")),
        "the seat mail has the .ics"
    );
    app.stop().await;
}

async fn calendar_files_and_feeds_parse_back(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let grace = with_role(&app, "Grace Okafor", "grace@example.org", Role::Member).await;
    let id = create_event(&ana, "published", "").await;
    let ics = app.client().get(&format!("/events/{id}/event.ics")).await;
    assert_eq!(ics.status, 200);
    assert!(ics
        .header("content-type")
        .unwrap()
        .starts_with("text/calendar"));
    let parse = |text: &str| {
        ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
            .next()
            .expect("one calendar")
            .expect("valid iCalendar")
    };
    let cal = parse(&ics.body);
    assert_eq!(cal.events.len(), 1);
    assert_eq!(cal.timezones.len(), 1);
    let prop = |name: &str| {
        cal.events[0]
            .properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone()
    };
    assert_eq!(
        prop("SUMMARY").value.as_deref(),
        Some("Housing finance day")
    );
    let start = prop("DTSTART");
    assert_eq!(start.value.as_deref(), Some("20270315T100000"));
    assert!(format!("{:?}", start.params).contains("America/Mexico_City"));
    // the private feed lists what grace registered for, and stops when revoked
    grace
        .call("register", &[("event_id", &id.to_string())])
        .await
        .ok();
    let url = grace
        .call("new_calendar_feed", &[])
        .await
        .ok()
        .json()
        .as_str()
        .unwrap()
        .to_owned();
    let path = url.strip_prefix(&app.base).unwrap().to_owned();
    let feed = app.client().get(&path).await;
    assert_eq!(feed.status, 200);
    let cal = parse(&feed.body);
    assert_eq!(cal.events.len(), 1);
    // a change shows in the feed: the sequence grows
    grace.call("revoke_calendar_feed", &[]).await.ok();
    assert_eq!(app.client().get(&path).await.status, 404);
    assert_eq!(
        app.client().get("/calendar/not-a-token.ics").await.status,
        404
    );
    app.stop().await;
}

/// Reads server-sent events until one whose data contains `needle`.
async fn sse_until(res: &mut reqwest::Response, needle: &str) -> String {
    let mut buf = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let chunk = tokio::time::timeout_at(deadline, res.chunk())
            .await
            .unwrap_or_else(|_| panic!("no live message with {needle:?}; got {buf}"))
            .unwrap()
            .unwrap_or_else(|| panic!("stream ended; got {buf}"));
        buf.push_str(&String::from_utf8_lossy(&chunk));
        if let Some(msg) = buf.split("\n\n").find(|m| m.contains(needle)) {
            return msg.to_owned();
        }
    }
}

async fn open_live(base: &str, id: i64, last_event_id: Option<i64>) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .get(format!("{base}/events/{id}/live"))
        .header("cookie", "tandem_lang=en; tz=America/Mexico_City");
    if let Some(last) = last_event_id {
        req = req.header("last-event-id", last.to_string());
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    res
}

async fn a_viewer_hears_an_edit_live_and_catches_up_after_a_drop(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let id = create_event(&ana, "published", "").await;
    let s = save_session(
        &ana,
        id,
        0,
        0,
        "Housing finance",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "",
    )
    .await
    .ok()
    .json();
    let (sid, v) = (s["id"].as_i64().unwrap(), s["version"].as_i64().unwrap());
    let mut live = open_live(&app.base, id, None).await;
    let _ = sse_until(&mut live, "live").await;
    save_session(
        &ana,
        id,
        sid,
        v,
        "Housing finance",
        "2027-03-15T11:30",
        "2027-03-15T12:00",
        "",
    )
    .await
    .ok();
    let msg = sse_until(&mut live, "moved").await;
    assert!(
        msg.contains("Session “Housing finance” moved to 11:30 AM CST"),
        "{msg}"
    );
    assert!(
        msg.contains("11:30 AM"),
        "the page itself comes with the message: {msg}"
    );
    let seen: i64 = msg
        .lines()
        .find_map(|l| l.strip_prefix("id:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    drop(live);
    // while the viewer is away, the session is renamed; on reconnecting with
    // the last id it saw, it gets what it missed first
    save_session(
        &ana,
        id,
        sid,
        v + 1,
        "Housing finance (plenary)",
        "2027-03-15T11:30",
        "2027-03-15T12:00",
        "",
    )
    .await
    .ok();
    let mut back = open_live(&app.base, id, Some(seen)).await;
    let msg = sse_until(&mut back, "plenary").await;
    assert!(msg.contains("updated"), "{msg}");
    app.stop().await;
}

async fn edit_through_one_instance_reaches_another(b: Backend) {
    let Some(a) = TestApp::spawn(b).await else {
        return;
    };
    let other = a.sibling().await;
    let ana = with_role(&a, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let id = create_event(&ana, "published", "").await;
    let s = save_session(
        &ana,
        id,
        0,
        0,
        "Housing finance",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "",
    )
    .await
    .ok()
    .json();
    // the viewer is connected to the other instance
    let mut live = open_live(&other.base, id, None).await;
    let _ = sse_until(&mut live, "live").await;
    save_session(
        &ana,
        id,
        s["id"].as_i64().unwrap(),
        s["version"].as_i64().unwrap(),
        "Housing finance",
        "2027-03-15T11:30",
        "2027-03-15T12:00",
        "",
    )
    .await
    .ok();
    let msg = sse_until(&mut live, "moved").await;
    assert!(msg.contains("11:30 AM CST"), "{msg}");
    other.stop().await;
    a.stop().await;
}

async fn ten_quick_edits_send_one_email(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let grace = with_role(&app, "Grace Okafor", "grace@example.org", Role::Member).await;
    let id = create_event(&ana, "published", "").await;
    let s = save_session(
        &ana,
        id,
        0,
        0,
        "Housing finance",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "",
    )
    .await
    .ok()
    .json();
    let (sid, mut v) = (s["id"].as_i64().unwrap(), s["version"].as_i64().unwrap());
    grace
        .call("register", &[("event_id", &id.to_string())])
        .await
        .ok();
    grace
        .call(
            "mark_session",
            &[
                ("event_id", &id.to_string()),
                ("session_id", &sid.to_string()),
                ("on", "true"),
            ],
        )
        .await
        .ok();
    let before = app.mails_to("grace@example.org").len();
    for i in 0..10 {
        let starts = format!("2027-03-15T10:{:02}", i * 5);
        let ends = format!("2027-03-15T11:{:02}", i * 5);
        let r = save_session(&ana, id, sid, v, "Housing finance", &starts, &ends, "")
            .await
            .ok()
            .json();
        v = r["version"].as_i64().unwrap();
    }
    let now = tandem::services::clock::unix_now();
    // still inside the quiet period: nothing yet
    assert_eq!(
        tandem::services::event_mail::send_digests(&app.state, now).await,
        0
    );
    let later = now + app.state.config.events.digest_quiet_secs + 1;
    assert_eq!(
        tandem::services::event_mail::send_digests(&app.state, later).await,
        1
    );
    assert_eq!(
        tandem::services::event_mail::send_digests(&app.state, later).await,
        0
    );
    let mails = app.mails_to("grace@example.org");
    assert_eq!(mails.len(), before + 1);
    let last = crate::common::decode_quoted_printable(mails.last().unwrap());
    assert!(last.contains("Changes to Housing finance day"), "{last}");
    assert!(last.contains("moved to 10:45 AM CST"), "{last}");
    // the organizer, not registered, gets nothing
    assert!(app
        .mails_to("ana@example.org")
        .iter()
        .all(|m| !m.contains("Changes to")));
    // grace opens the page: what changed since she last looked, once
    let first = grace
        .call("get_event", &[("id", &id.to_string())])
        .await
        .ok()
        .json();
    assert_eq!(first["viewer"]["seat"], "registered");
    save_session(
        &ana,
        id,
        sid,
        v,
        "Housing finance",
        "2027-03-15T11:00",
        "2027-03-15T11:30",
        "",
    )
    .await
    .ok();
    let again = grace
        .call("get_event", &[("id", &id.to_string())])
        .await
        .ok()
        .json();
    let unseen = again["viewer"]["unseen"].as_array().unwrap();
    assert_eq!(unseen.len(), 1, "{again}");
    assert!(unseen[0]["text"]
        .as_str()
        .unwrap()
        .contains("moved to 11:00 AM CST"));
    let third = grace
        .call("get_event", &[("id", &id.to_string())])
        .await
        .ok()
        .json();
    assert!(third["viewer"]["unseen"].as_array().unwrap().is_empty());
    app.stop().await;
}

async fn times_read_in_the_readers_zone(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let id = create_event(&ana, "published", "").await;
    let read = |zone: &'static str| {
        let base = app.base.clone();
        async move {
            let res = reqwest::Client::new()
                .post(format!("{base}/api/get_event"))
                .header("origin", &base)
                .header("accept", "application/json")
                .header("cookie", format!("tandem_lang=en; tz={zone}"))
                .form(&[("id", id.to_string())])
                .send()
                .await
                .unwrap();
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    // 15 March 2027: Madrid still on CET, 7 hours ahead of Mexico City
    let madrid = read("Europe/Madrid").await;
    let when = &madrid["public"]["when"];
    assert_eq!(when["main"], "Mon 15 Mar 2027, 5:00 PM – 7:00 PM CET");
    assert_eq!(when["event"], "Mon 15 Mar 2027, 10:00 AM – 12:00 PM CST");
    assert!(when["note"].as_str().unwrap().contains("7 hours ahead"));
    let local = read("America/Mexico_City").await;
    assert!(local["public"]["when"]["note"].is_null());
    app.stop().await;
}

async fn speakers_organizers_and_messages_are_for_organizers(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let marc = with_role(&app, "Marc Tremblay", "marc@example.org", Role::Organizer).await;
    let grace = with_role(&app, "Grace Okafor", "grace@example.org", Role::Member).await;
    let visitor = app.client();
    let id = create_event(&ana, "published", "").await;
    let ids = id.to_string();
    let speaker = [
        ("form[event_id]", ids.as_str()),
        ("form[name]", "Guest Speaker"),
        ("form[title]", "Mayor"),
    ];
    let message = [
        ("event_id", ids.as_str()),
        ("subject", "Room change"),
        ("body", "We moved to room B."),
    ];
    for (c, code) in [(&marc, 403), (&grace, 403), (&visitor, 401)] {
        assert_eq!(c.call("add_speaker", &speaker).await.status, code);
        assert_eq!(c.call("message_attendees", &message).await.status, code);
        assert_eq!(
            c.call(
                "delete_speaker",
                &[("event_id", ids.as_str()), ("speaker_id", "1")]
            )
            .await
            .status,
            code
        );
    }
    // a member must register before marking a session
    let s = save_session(
        &ana,
        id,
        0,
        0,
        "Opening",
        "2027-03-15T10:00",
        "2027-03-15T10:30",
        "",
    )
    .await
    .ok()
    .json();
    let sid = s["id"].as_i64().unwrap().to_string();
    let mark = grace
        .call(
            "mark_session",
            &[
                ("event_id", ids.as_str()),
                ("session_id", sid.as_str()),
                ("on", "true"),
            ],
        )
        .await;
    assert_eq!(mark.status, 400, "{}", mark.body);
    // the organizer adds a guest speaker and writes to the registered
    let sp = ana
        .call("add_speaker", &speaker)
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    grace
        .call("register", &[("event_id", ids.as_str())])
        .await
        .ok();
    assert_eq!(ana.call("message_attendees", &message).await.ok().json(), 1);
    assert!(app
        .mails_to("grace@example.org")
        .iter()
        .any(|m| m.contains("Room change")));
    let page = visitor
        .call("get_event", &[("id", ids.as_str())])
        .await
        .ok()
        .json();
    assert_eq!(page["public"]["speakers"][0]["name"], "Guest Speaker");
    ana.call(
        "delete_speaker",
        &[("event_id", ids.as_str()), ("speaker_id", &sp.to_string())],
    )
    .await
    .ok();
    let page = visitor
        .call("get_event", &[("id", ids.as_str())])
        .await
        .ok()
        .json();
    assert!(page["public"]["speakers"].as_array().unwrap().is_empty());
    // only the owner removes a co-organizer
    ana.call(
        "add_organizer",
        &[("event_id", ids.as_str()), ("email", "marc@example.org")],
    )
    .await
    .ok();
    let marc_id = app
        .state
        .store
        .user_by_email("marc@example.org")
        .await
        .unwrap()
        .unwrap()
        .id
        .0
        .to_string();
    assert_eq!(
        marc.call(
            "remove_organizer",
            &[("event_id", ids.as_str()), ("user_id", marc_id.as_str())]
        )
        .await
        .status,
        403
    );
    ana.call(
        "remove_organizer",
        &[("event_id", ids.as_str()), ("user_id", marc_id.as_str())],
    )
    .await
    .ok();
    assert_eq!(marc.call("add_speaker", &speaker).await.status, 403);
    app.stop().await;
}

/// Pages run no script but their islands: the calendar form is a plain post,
/// and its answer (a secret address) reaches the page that shows it through
/// a cookie read once, never through the page's URL.
async fn a_new_calendar_address_is_shown_once_without_scripts(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let grace = with_role(&app, "Grace Okafor", "grace@example.org", Role::Member).await;
    let res = grace
        .http
        .post(format!("{}/api/new_calendar_feed", app.base))
        .header("origin", &app.base)
        .header("referer", format!("{}/account/events", app.base))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    // back to the page, the address in a cookie rather than in the URL
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/account/events#calendar-feed");
    let page = grace.get("/account/events").await.body;
    let marker = format!("{}/calendar/", app.base);
    let start = page.find(&marker).expect("the new address is shown");
    let url: String = page[start..].chars().take_while(|c| *c != '"').collect();
    assert!(url.ends_with(".ics"), "{url}");
    let feed = app.client().get(url.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(feed.status, 200, "the address shown works");
    let again = grace.get("/account/events").await;
    assert!(!again.body.contains(&marker), "shown once only");
    app.stop().await;
}

/// Event pages are kept a few seconds for visitors who are not signed in:
/// every answer still has a nonce of its own, and an edit or a registration
/// shows on the next load, not after the copy expires.
async fn kept_event_pages_follow_every_change(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let grace = with_role(&app, "Grace Okafor", "grace@example.org", Role::Member).await;
    let id = create_event(&ana, "published", "10").await;
    let visitor = reqwest::Client::new();
    let url = format!("{}/events/{id}", app.base);
    let load = || async {
        let r = visitor
            .get(&url)
            .header("accept", "text/html")
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("a page policy")
            .to_owned();
        let body = r.text().await.unwrap();
        assert!(
            body.contains(&format!("nonce=\"{nonce}\"")),
            "the page uses its policy's nonce"
        );
        let page = body.replace(&nonce, "NONCE");
        (nonce, page)
    };
    let (n1, first) = load().await;
    let (n2, second) = load().await;
    assert_ne!(n1, n2, "a nonce per answer");
    assert_eq!(first, second, "the same page");
    assert!(second.contains("0 of 10"), "seats");

    save_session(
        &ana,
        id,
        0,
        0,
        "Kept copies and fresh agendas",
        "2027-03-15T10:00",
        "2027-03-15T11:00",
        "A",
    )
    .await
    .ok();
    let (_, third) = load().await;
    assert!(
        third.contains("Kept copies and fresh agendas"),
        "an edit shows at once"
    );

    grace
        .call("register", &[("event_id", &id.to_string())])
        .await
        .ok();
    let (_, fourth) = load().await;
    assert!(fourth.contains("1 of 10"), "a registration shows at once");

    // a signed-in reader's page is their own (their seat), never a kept copy
    let mine = grace.page(&format!("/events/{id}")).await.body;
    assert!(!mine.contains("Sign in to register"));
    assert!(fourth.contains("Sign in to register"));
    app.stop().await;
}
