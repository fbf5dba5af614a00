//! Account self-service over HTTP, on SQLite and on PostgreSQL: change the
//! password and the e-mail address, list and end sessions, download one's
//! data, delete the account.

use crate::common::*;
use tandem::domain::{Locale, UserId};
use tandem::services::clock::unix_now;
use tandem::services::tokens::hash_token;
use tandem::store::{CityRow, CountryRow, NewEvent, ProfileWrite};

on_both_backends!(
    anonymous_callers_are_refused,
    password_change_checks_the_current_one_and_signs_out_the_others,
    email_change_takes_effect_only_through_the_link,
    sessions_are_listed_and_ended_one_by_one,
    sign_out_everywhere_or_all_others,
    export_holds_my_data_and_nobody_elses,
    deletion_removes_anonymises_and_frees_the_address,
    pages_render_and_forms_work_without_javascript,
);

const NEW_PASSWORD: &str = "another long passphrase";

fn field_of(err: &serde_json::Value) -> Option<&str> {
    err.get("Validation")
        .and_then(|v| v.get("field"))
        .and_then(|f| f.as_str())
}

fn refused(err: &serde_json::Value) -> Option<&str> {
    err.get("Refused").and_then(|r| r.as_str())
}

/// The session token a sign-in reply sets.
fn session_token(r: &Reply) -> String {
    r.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("tandem_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("session cookie")
}

/// A second browser of the same member, with a recognisable User-Agent.
async fn second_browser(app: &TestApp, email: &str) -> (Client, String) {
    let c = Client {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
            .build()
            .unwrap(),
        base: app.base.clone(),
    };
    let r = c.sign_in(email, PASSWORD).await;
    r.ok();
    let token = session_token(&r);
    (c, token)
}

async fn id_of(app: &TestApp, email: &str) -> i64 {
    app.state
        .store
        .user_by_email(email)
        .await
        .unwrap()
        .expect("account")
        .id
        .0
}

/// Runs one statement straight on the test database.
async fn exec(app: &TestApp, sql: &str) {
    if app.url.starts_with("sqlite") {
        let p = sqlx::SqlitePool::connect(&app.url).await.unwrap();
        sqlx::query(sql).execute(&p).await.unwrap();
        p.close().await;
    } else {
        let p = sqlx::PgPool::connect(&app.url).await.unwrap();
        sqlx::query(sql).execute(&p).await.unwrap();
        p.close().await;
    }
}

/// One integer read straight from the test database.
async fn num(app: &TestApp, sql: &str) -> i64 {
    if app.url.starts_with("sqlite") {
        let p = sqlx::SqlitePool::connect(&app.url).await.unwrap();
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&p).await.unwrap();
        p.close().await;
        n
    } else {
        let p = sqlx::PgPool::connect(&app.url).await.unwrap();
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&p).await.unwrap();
        p.close().await;
        n
    }
}

/// One text value (or NULL) read straight from the test database.
async fn text(app: &TestApp, sql: &str) -> Option<String> {
    if app.url.starts_with("sqlite") {
        let p = sqlx::SqlitePool::connect(&app.url).await.unwrap();
        let v: Option<String> = sqlx::query_scalar(sql).fetch_one(&p).await.unwrap();
        p.close().await;
        v
    } else {
        let p = sqlx::PgPool::connect(&app.url).await.unwrap();
        let v: Option<String> = sqlx::query_scalar(sql).fetch_one(&p).await.unwrap();
        p.close().await;
        v
    }
}

async fn event(app: &TestApp, kind: &str, starts_at: i64, owner: Option<i64>, title: &str) -> i64 {
    app.state
        .store
        .create_event(&NewEvent {
            kind: tandem::domain::event::EventKind::parse(kind).unwrap(),
            language: Locale::En,
            city_id: None,
            starts_at,
            ends_at: starts_at + 3600,
            timezone: "Europe/Paris".into(),
            created_by: owner.map(UserId),
            now: unix_now(),
            texts: vec![(Locale::En, title.into(), "About it".into())],
        })
        .await
        .unwrap()
}

async fn anonymous_callers_are_refused(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let c = app.client();
    for (name, form) in [
        (
            "change_password",
            vec![
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        ),
        (
            "request_email_change",
            vec![
                ("new_email", "x@example.org"),
                ("current_password", PASSWORD),
            ],
        ),
        ("my_sessions", vec![]),
        ("end_session", vec![("id", "abc")]),
        ("end_sessions", vec![]),
        ("end_sessions", vec![("everywhere", "1")]),
        ("deletion_info", vec![]),
        (
            "delete_account",
            vec![("current_password", PASSWORD), ("confirm", "on")],
        ),
    ] {
        let r = c.call(name, &form).await;
        assert_eq!(r.status, 401, "{name}: {}", r.body);
        assert_eq!(r.json(), serde_json::json!("Unauthorized"), "{name}");
    }
    let r = c.get("/account/export.json").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    app.stop().await;
}

async fn password_change_checks_the_current_one_and_signs_out_the_others(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let email = "ana@example.org";
    let a = member(&app, "Ana Torres", email).await;
    let (other, _) = second_browser(&app, email).await;
    assert_eq!(other.whoami().await["name"], "Ana Torres");

    // a wrong current password: beside its field, nothing changes
    let r = a
        .call(
            "change_password",
            &[
                ("current_password", "not my password at all"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(field_of(&r.error()), Some("current_password"));
    // the new one follows the sign-up rule, named by its own field
    let r = a
        .call(
            "change_password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    assert_eq!(field_of(&r.error()), Some("new_password"));
    assert_eq!(
        other.whoami().await["name"],
        "Ana Torres",
        "refused changes end no session"
    );

    a.call(
        "change_password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await
    .ok();
    assert_eq!(a.whoami().await["name"], "Ana Torres", "this session stays");
    assert_eq!(
        other.whoami().await,
        serde_json::Value::Null,
        "the other one is signed out"
    );
    let mail = app.mails_to(email).pop().unwrap();
    assert!(
        mail.contains("Subject: Your Tandem password was changed"),
        "{mail}"
    );

    let fresh = app.client();
    let r = fresh.sign_in(email, PASSWORD).await;
    assert_eq!(refused(&r.error()), Some("ErrBadCredentials"));
    fresh.sign_in(email, NEW_PASSWORD).await.ok();

    // every check is counted: the current password cannot be brute-forced through a session
    let mut limited = false;
    for _ in 0..6 {
        let r = a
            .call(
                "change_password",
                &[
                    ("current_password", "guessing again and again"),
                    ("new_password", PASSWORD),
                ],
            )
            .await;
        if r.status == 429 {
            limited = true;
            break;
        }
        assert_eq!(field_of(&r.error()), Some("current_password"));
    }
    assert!(limited, "guesses are rate-limited");
    let r = a
        .call(
            "change_password",
            &[
                ("current_password", NEW_PASSWORD),
                ("new_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 429, "even the right one waits: {}", r.body);
    // someone guessing through a session does not lock the owner out of
    // the sign-in form
    app.client().sign_in(email, NEW_PASSWORD).await.ok();
    app.stop().await;
}

async fn email_change_takes_effect_only_through_the_link(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let old = "ana@example.org";
    let new = "ana.torres@example.net";
    let a = member(&app, "Ana Torres", old).await;
    let _bo = member(&app, "Bo Berg", "bo@example.org").await;

    let r = a
        .call(
            "request_email_change",
            &[
                ("new_email", new),
                ("current_password", "wrong password here"),
            ],
        )
        .await;
    assert_eq!(field_of(&r.error()), Some("current_password"));
    let r = a
        .call(
            "request_email_change",
            &[
                ("new_email", "ANA@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(field_of(&r.error()), Some("new_email"));
    assert!(app.mails_to(new).is_empty());

    a.call(
        "request_email_change",
        &[("new_email", new), ("current_password", PASSWORD)],
    )
    .await
    .ok();
    let token = app
        .last_token(new, "/account/email/confirm")
        .expect("a link to the new address");
    let notice = app.mails_to(old).pop().unwrap();
    assert!(
        notice.contains("Subject: Your Tandem e-mail address is being changed")
            && notice.contains(new),
        "{notice}"
    );
    // nothing changes before the link is opened
    assert!(app.state.store.user_by_email(new).await.unwrap().is_none());

    // an expired link does nothing
    let later = unix_now() + tandem::services::self_service::EMAIL_CHANGE_TTL_SECS + 1;
    assert!(app
        .state
        .store
        .confirm_email_change(&hash_token(&token), later)
        .await
        .unwrap()
        .is_none());

    // the link works once, from any browser
    let anon = app.client();
    anon.call("confirm_email_change", &[("token", &token)])
        .await
        .ok();
    assert!(app.state.store.user_by_email(old).await.unwrap().is_none());
    assert!(app.state.store.user_by_email(new).await.unwrap().is_some());
    let again = anon
        .call("confirm_email_change", &[("token", &token)])
        .await;
    assert_eq!(refused(&again.error()), Some("ErrTokenInvalid"));
    assert_eq!(
        refused(&app.client().sign_in(old, PASSWORD).await.error()),
        Some("ErrBadCredentials")
    );
    app.client().sign_in(new, PASSWORD).await.ok();
    assert_eq!(a.whoami().await["name"], "Ana Torres", "still signed in");

    // an address that has an account: the same answer, its owner is told, no link
    let before = app.mails_to("bo@example.org").len();
    a.call(
        "request_email_change",
        &[
            ("new_email", "bo@example.org"),
            ("current_password", PASSWORD),
        ],
    )
    .await
    .ok();
    let to_bo = app.mails_to("bo@example.org");
    assert_eq!(to_bo.len(), before + 1);
    assert!(
        to_bo.last().unwrap().contains("already has an account"),
        "{}",
        to_bo.last().unwrap()
    );
    assert!(app
        .last_token("bo@example.org", "/account/email/confirm")
        .is_none());
    assert!(
        app.mails_to(new).last().unwrap().contains("bo@example.org"),
        "the account's address hears of it as always"
    );
    assert!(app.state.store.user_by_email(new).await.unwrap().is_some());
    app.stop().await;
}

async fn sessions_are_listed_and_ended_one_by_one(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let email = "ana@example.org";
    let a = member(&app, "Ana Torres", email).await;
    let (other, other_token) = second_browser(&app, email).await;
    let list = a.call("my_sessions", &[]).await.ok().json();
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let theirs = list.iter().find(|s| s["current"] == false).unwrap();
    assert_eq!(theirs["device"], "Firefox · Linux");
    assert!(theirs["started"].as_str().is_some_and(|s| !s.is_empty()));
    let raw = a.call("my_sessions", &[]).await.body;
    assert!(
        !raw.contains(&other_token) && !raw.contains(&hash_token(&other_token)),
        "never a token or its hash"
    );

    // another member cannot end it
    let bo = member(&app, "Bo Berg", "bo@example.org").await;
    let id = theirs["id"].as_str().unwrap();
    let r = bo.call("end_session", &[("id", id)]).await;
    assert_eq!(r.status, 404);
    assert_eq!(other.whoami().await["name"], "Ana Torres");

    a.call("end_session", &[("id", id)]).await.ok();
    assert_eq!(other.whoami().await, serde_json::Value::Null);
    assert_eq!(a.whoami().await["name"], "Ana Torres");
    let list = a.call("my_sessions", &[]).await.ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(a.call("end_session", &[("id", id)]).await.status, 404);
    app.stop().await;
}

async fn sign_out_everywhere_or_all_others(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let email = "ana@example.org";
    let a = member(&app, "Ana Torres", email).await;
    let (other, _) = second_browser(&app, email).await;
    let (third, _) = second_browser(&app, email).await;
    a.call("end_sessions", &[]).await.ok();
    assert_eq!(
        a.whoami().await["name"],
        "Ana Torres",
        "all others: not this one"
    );
    assert_eq!(other.whoami().await, serde_json::Value::Null);
    assert_eq!(third.whoami().await, serde_json::Value::Null);

    let (other, _) = second_browser(&app, email).await;
    let r = a.call("end_sessions", &[("everywhere", "1")]).await;
    r.ok();
    assert!(
        r.headers
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("tandem_session=;")),
        "this browser's cookie is cleared"
    );
    assert_eq!(a.whoami().await, serde_json::Value::Null);
    assert_eq!(other.whoami().await, serde_json::Value::Null);
    let id = id_of(&app, email).await;
    assert_eq!(
        num(
            &app,
            &format!("SELECT COUNT(*) FROM sessions WHERE user_id = {id}")
        )
        .await,
        0
    );
    app.stop().await;
}

async fn export_holds_my_data_and_nobody_elses(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let a = member(&app, "Ana Torres", "ana@example.org").await;
    let _bo = member(&app, "Bo Berg", "bo@example.org").await;
    let ana = id_of(&app, "ana@example.org").await;
    let bo = id_of(&app, "bo@example.org").await;
    let store = &app.state.store;
    for (id, bio) in [
        (ana, "Ana works on housing."),
        (bo, "Bo's own private words."),
    ] {
        store
            .save_profile(&ProfileWrite {
                user_id: id,
                job_title: "Planner".into(),
                bio: bio.into(),
                visibility: 1,
                now: unix_now(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let ev = event(&app, "talk", unix_now() + 86_400, None, "Housing finance").await;
    store
        .register(ev, UserId(ana), unix_now())
        .await
        .unwrap()
        .unwrap();
    store
        .register(ev, UserId(bo), unix_now())
        .await
        .unwrap()
        .unwrap();

    let r = a.get("/account/export.json").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(r
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("attachment;") && d.contains(".json")));
    let doc = r.json();
    let data = &doc["data"];
    assert_eq!(data["account"][0]["email"], "ana@example.org");
    assert_eq!(data["account"][0]["name"], "Ana Torres");
    assert_eq!(data["profile"][0]["bio"], "Ana works on housing.");
    let regs = data["registrations"].as_array().unwrap();
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0]["event_id"], ev);
    assert_eq!(regs[0]["event_title"], "Housing finance");
    assert_eq!(regs[0]["status"], "registered");
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    for table in [
        "city_note_changes",
        "events_organized",
        "meeting_requests",
        "meeting_notes",
        "connections",
        "suggestion_feedback",
    ] {
        assert!(data[table].is_array(), "{table} is in the export");
    }
    for secret in [
        "password_hash",
        "$argon2",
        "token_hash",
        "bo@example.org",
        "Bo's own private words",
    ] {
        assert!(!r.body.contains(secret), "{secret} must not be exported");
    }
    app.stop().await;
}

async fn deletion_removes_anonymises_and_frees_the_address(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let email = "ana@example.org";
    let a = member(&app, "Ana Torres", email).await;
    let bo_client = member(&app, "Bo Berg", "bo@example.org").await;
    let ana = id_of(&app, email).await;
    let bo = id_of(&app, "bo@example.org").await;
    let store = &app.state.store;
    let now = unix_now();

    // a profile, a city-page edit, a past meeting with Bo (notes on both
    // sides), a seat Bo waits for, a connection, an event Ana runs alone
    store
        .save_profile(&ProfileWrite {
            user_id: ana,
            job_title: "Planner".into(),
            bio: "Ana works on housing.".into(),
            visibility: 0,
            now,
            ..Default::default()
        })
        .await
        .unwrap();
    store
        .insert_countries(&[CountryRow {
            code: "FR".into(),
            name: "France".into(),
            continent: "EU".into(),
        }])
        .await
        .unwrap();
    store
        .insert_cities(&[CityRow {
            id: 2996944,
            name: "Lyon".into(),
            country_code: "FR".into(),
            admin1_code: "84".into(),
            latitude: 45.75,
            longitude: 4.85,
            population: 522_969,
            timezone: "Europe/Paris".into(),
        }])
        .await
        .unwrap();
    store
        .save_city_note(2996944, UserId(ana), 0, "Ana's view of Lyon", now)
        .await
        .unwrap();
    let past = event(&app, "matchmaking", now - 10 * 86_400, None, "C2C day").await;
    exec(
        &app,
        &format!(
            "INSERT INTO meeting_requests (event_id, from_id, to_id, lo, hi, note, status, created_at, answered_at) \
             VALUES ({past}, {ana}, {bo}, {lo}, {hi}, 'A note from Ana', 'accepted', {t}, {t})",
            lo = ana.min(bo),
            hi = ana.max(bo),
            t = now - 20 * 86_400
        ),
    )
    .await;
    let req = num(
        &app,
        &format!("SELECT id FROM meeting_requests WHERE event_id = {past}"),
    )
    .await;
    for (who, outcome) in [(ana, "Outcome by Ana"), (bo, "Outcome by Bo")] {
        exec(
            &app,
            &format!(
                "INSERT INTO meeting_notes (request_id, user_id, outcome, next_steps, updated_at) \
                 VALUES ({req}, {who}, '{outcome}', '', {now})"
            ),
        )
        .await;
    }
    let talk = event(&app, "talk", now + 86_400, None, "One seat").await;
    exec(
        &app,
        &format!("UPDATE events SET capacity = 1 WHERE id = {talk}"),
    )
    .await;
    store
        .register(talk, UserId(ana), now)
        .await
        .unwrap()
        .unwrap();
    store
        .register(talk, UserId(bo), now)
        .await
        .unwrap()
        .unwrap();
    exec(
        &app,
        &format!(
            "INSERT INTO connections (from_id, to_id, lo, hi, note, status, created_at) \
             VALUES ({bo}, {ana}, {lo}, {hi}, 'hi', 'accepted', {now})",
            lo = ana.min(bo),
            hi = ana.max(bo)
        ),
    )
    .await;
    let own = event(&app, "panel", now + 2 * 86_400, Some(ana), "Ana's panel").await;

    // refused without the box, with a wrong password, and while she runs an event alone
    let r = a
        .call("delete_account", &[("current_password", PASSWORD)])
        .await;
    assert_eq!(field_of(&r.error()), Some("confirm"));
    let r = a
        .call(
            "delete_account",
            &[
                ("current_password", "not my password at all"),
                ("confirm", "on"),
            ],
        )
        .await;
    assert_eq!(field_of(&r.error()), Some("current_password"));
    let info = a.call("deletion_info", &[]).await.ok().json();
    assert_eq!(info["blocking"], serde_json::json!([[own, "Ana's panel"]]));
    let r = a
        .call(
            "delete_account",
            &[("current_password", PASSWORD), ("confirm", "on")],
        )
        .await;
    assert_eq!(refused(&r.error()), Some("ErrDeleteOwnEvents"));
    assert_eq!(a.whoami().await["name"], "Ana Torres", "nothing happened");

    // with a co-organizer, the event passes to him
    exec(
        &app,
        &format!(
            "INSERT INTO event_organizers (event_id, user_id, is_owner) VALUES ({own}, {bo}, 0)"
        ),
    )
    .await;
    let r = a
        .call(
            "delete_account",
            &[("current_password", PASSWORD), ("confirm", "on")],
        )
        .await;
    r.ok();
    assert!(r
        .headers
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("tandem_session=;")));

    // no way in any more
    assert_eq!(a.whoami().await, serde_json::Value::Null);
    assert!(store.user_by_email(email).await.unwrap().is_none());
    assert_eq!(
        refused(&app.client().sign_in(email, PASSWORD).await.error()),
        Some("ErrBadCredentials")
    );
    assert!(app
        .mails_to(email)
        .last()
        .unwrap()
        .contains("Subject: Your Tandem account was deleted"));

    // removed
    for (table, col) in [
        ("profiles", "user_id"),
        ("sessions", "user_id"),
        ("registrations", "user_id"),
        ("meeting_notes", "user_id"),
        ("connections", "from_id"),
        ("connections", "to_id"),
        ("event_organizers", "user_id"),
    ] {
        assert_eq!(
            num(
                &app,
                &format!("SELECT COUNT(*) FROM {table} WHERE {col} = {ana}")
            )
            .await,
            0,
            "{table}.{col}"
        );
    }
    assert_eq!(
        num(
            &app,
            &format!("SELECT COUNT(*) FROM people_index WHERE user_id = {ana} AND listed = 1")
        )
        .await,
        0,
        "out of search"
    );
    // anonymised, and what others depend on survives
    assert_eq!(
        text(&app, &format!("SELECT name FROM users WHERE id = {ana}"))
            .await
            .as_deref(),
        Some("Former member")
    );
    assert_eq!(
        num(
            &app,
            "SELECT COUNT(*) FROM city_changes WHERE city_id = 2996944 AND user_id IS NULL"
        )
        .await,
        1,
        "the city log keeps the edit, without her"
    );
    assert_eq!(
        text(
            &app,
            &format!("SELECT status FROM meeting_requests WHERE id = {req}")
        )
        .await
        .as_deref(),
        Some("accepted"),
        "Bo's meeting history survives"
    );
    assert_eq!(
        text(
            &app,
            &format!("SELECT note FROM meeting_requests WHERE id = {req}")
        )
        .await
        .as_deref(),
        Some(""),
        "her note is erased"
    );
    assert_eq!(
        text(
            &app,
            &format!(
                "SELECT outcome FROM meeting_notes WHERE request_id = {req} AND user_id = {bo}"
            )
        )
        .await
        .as_deref(),
        Some("Outcome by Bo")
    );
    assert_eq!(
        text(
            &app,
            &format!("SELECT status FROM registrations WHERE event_id = {talk} AND user_id = {bo}")
        )
        .await
        .as_deref(),
        Some("registered"),
        "her seat went to the waitlist"
    );
    assert_eq!(
        num(
            &app,
            &format!(
                "SELECT is_owner FROM event_organizers WHERE event_id = {own} AND user_id = {bo}"
            )
        )
        .await,
        1,
        "the co-organizer owns the event now"
    );
    assert_eq!(bo_client.whoami().await["name"], "Bo Berg");

    // the address can join again, as a new account
    let again = member(&app, "Ana Again", email).await;
    assert_eq!(again.whoami().await["name"], "Ana Again");
    assert_ne!(id_of(&app, email).await, ana);
    app.stop().await;
}

async fn pages_render_and_forms_work_without_javascript(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let email = "ana@example.org";
    let a = member(&app, "Ana Torres", email).await;
    let page = a.get("/account").await;
    for link in [
        "/account/password",
        "/account/email",
        "/account/sessions",
        "/account/export.json",
        "/account/delete",
    ] {
        assert!(
            page.body.contains(&format!("href=\"{link}\"")),
            "{link} linked from My account"
        );
    }
    let sessions = a.get("/account/sessions").await;
    assert!(sessions.body.contains("This device"), "{}", sessions.body);
    assert!(sessions
        .body
        .contains("Sign out everywhere, including here"));
    let delete = a.get("/account/delete").await;
    assert!(delete.body.contains("Former member") && delete.body.contains("cannot be undone"));

    // French, from the language cookie
    let fr = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    fr.post(format!("{}/api/sign_in", app.base))
        .header("origin", &app.base)
        .header("accept", "application/json")
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let page = fr
        .get(format!("{}/account/password", app.base))
        .header("cookie", "tandem_lang=fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Mot de passe actuel"), "{page}");

    // a plain form post with a wrong current password goes back with the
    // error beside its field, and the typed address kept
    let referer = format!("{}/account/email", app.base);
    let bad = a
        .http
        .post(format!("{}/api/request_email_change", app.base))
        .header("origin", &app.base)
        .header("referer", &referer)
        .header("accept", "text/html,application/xhtml+xml")
        .form(&[
            ("new_email", "ana.new@example.org"),
            ("current_password", "not my password at all"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 302);
    let location = bad.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&referer)
            && location.contains("__err=")
            && location.contains("new_email=ana.new"),
        "{location}"
    );
    assert!(
        !location.contains("not+my+password"),
        "secrets are never handed back"
    );
    let back = a
        .http
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        back.contains("That is not your current password."),
        "{back}"
    );
    assert!(
        back.contains("value=\"ana.new@example.org\""),
        "what was typed is kept"
    );
    app.stop().await;
}
