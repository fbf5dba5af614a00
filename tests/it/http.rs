//! The real router over HTTP, on SQLite and on PostgreSQL.

use crate::common::*;
use tandem::domain::Role;

on_both_backends!(
    sign_up_confirm_sign_in_sign_out,
    sign_in_rotates_the_session,
    sign_up_does_not_reveal_existing_accounts,
    bad_input_names_the_field,
    password_reset_by_mail,
    permission_matrix,
    sign_in_is_rate_limited_per_account,
    forged_forwarded_for_does_not_bypass_the_address_limit,
    cross_site_requests_are_refused,
    fifty_concurrent_sign_ups_no_server_error,
    pages_render_in_the_visitors_language,
    plain_form_posts_work_without_javascript,
    limits_and_health,
    slow_clients_are_cut_off,
    the_city_directory_finds_cities_without_accents,
    profiles_are_saved_shown_and_searched,
    photos_are_checked_by_content_and_size,
);

fn field_of(err: &serde_json::Value) -> Option<&str> {
    err.get("Validation")
        .and_then(|v| v.get("field"))
        .and_then(|f| f.as_str())
}

fn refused(err: &serde_json::Value) -> Option<&str> {
    err.get("Refused").and_then(|r| r.as_str())
}

async fn sign_up_confirm_sign_in_sign_out(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let c = app.client();
    c.sign_up("Ana López", "Ana@Example.org", PASSWORD)
        .await
        .ok();
    let mails = app.mails_to("ana@example.org");
    assert_eq!(mails.len(), 1, "one confirmation mail");
    assert!(mails[0].contains("Subject: Confirm your Tandem account"));
    assert!(
        mails[0].contains("Hello Ana López,") || mails[0].contains("Hello Ana L"),
        "{}",
        mails[0]
    );

    // unconfirmed: refused, and a fresh link is sent
    let r = c.sign_in("ana@example.org", PASSWORD).await;
    assert_eq!(r.status, 400);
    assert_eq!(refused(&r.error()), Some("ErrEmailNotConfirmed"));
    assert_eq!(app.mails_to("ana@example.org").len(), 2);

    let token = app
        .last_token("ana@example.org", "/account/confirm")
        .unwrap();
    c.call("confirm_email", &[("token", &token)]).await.ok();
    // a token works once
    let again = c.call("confirm_email", &[("token", &token)]).await;
    assert_eq!(refused(&again.error()), Some("ErrTokenInvalid"));

    assert_eq!(c.whoami().await, serde_json::Value::Null);
    let r = c.sign_in("ANA@example.org", PASSWORD).await;
    r.ok();
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("tandem_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && !cookie.contains("Secure"),
        "{cookie}"
    );
    let me = c.whoami().await;
    assert_eq!(me["name"], "Ana López");
    assert_eq!(me["role"], "Member");

    // the session lives in the database
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("tandem_session=")
        .to_owned();
    let hash = tandem::services::tokens::hash_token(&token);
    assert!(app
        .state
        .store
        .session_user(&hash, tandem::services::clock::unix_now())
        .await
        .unwrap()
        .is_some());

    c.call("sign_out", &[]).await.ok();
    assert_eq!(c.whoami().await, serde_json::Value::Null);
    assert!(
        app.state
            .store
            .session_user(&hash, tandem::services::clock::unix_now())
            .await
            .unwrap()
            .is_none(),
        "sign-out ends the session"
    );
    app.stop().await;
}

async fn sign_in_rotates_the_session(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let c = member(&app, "Bruno Silva", "bruno@example.org").await;
    let session_of = |r: &Reply| {
        r.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("tandem_session="))
            .map(|c| tandem::services::tokens::hash_token(c.split(';').next().unwrap()))
            .expect("session cookie")
    };
    let first = session_of(&c.sign_in("bruno@example.org", PASSWORD).await);
    let second = session_of(&c.sign_in("bruno@example.org", PASSWORD).await);
    assert_ne!(first, second);
    let now = tandem::services::clock::unix_now();
    assert!(
        app.state
            .store
            .session_user(&first, now)
            .await
            .unwrap()
            .is_none(),
        "the old session is gone"
    );
    assert!(app
        .state
        .store
        .session_user(&second, now)
        .await
        .unwrap()
        .is_some());
    assert_eq!(c.whoami().await["name"], "Bruno Silva");
    app.stop().await;
}

async fn sign_up_does_not_reveal_existing_accounts(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let c = app.client();
    let first = c
        .sign_up("Chloé Martin", "chloe@example.org", PASSWORD)
        .await;
    let second = app
        .client()
        .sign_up(
            "Someone Else",
            "chloe@example.org",
            "another long passphrase",
        )
        .await;
    assert_eq!(
        (first.status, first.body.clone()),
        (second.status, second.body.clone()),
        "same answer either way"
    );
    assert_eq!(app.state.store.count_users().await.unwrap(), 1);
    let mails = app.mails_to("chloe@example.org");
    assert_eq!(mails.len(), 2);
    assert!(
        mails[1].contains("already has one"),
        "the owner is told: {}",
        mails[1]
    );
    // the first password still works after confirmation; the second never does
    let token = app
        .last_token("chloe@example.org", "/account/confirm")
        .unwrap();
    c.call("confirm_email", &[("token", &token)]).await.ok();
    assert_eq!(
        refused(
            &c.sign_in("chloe@example.org", "another long passphrase")
                .await
                .error()
        ),
        Some("ErrBadCredentials")
    );
    c.sign_in("chloe@example.org", PASSWORD).await.ok();
    // unknown address and wrong password read the same
    let a = app.client().sign_in("nobody@example.org", PASSWORD).await;
    let b2 = app
        .client()
        .sign_in("chloe@example.org", "wrong but long enough")
        .await;
    assert_eq!((a.status, a.body), (b2.status, b2.body));
    app.stop().await;
}

async fn bad_input_names_the_field(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let c = app.client();
    for (name, email, password, field) in [
        ("", "x@example.org", PASSWORD, "name"),
        ("Dana", "not-an-email", PASSWORD, "email"),
        ("Dana", "dana@example.org", "short", "password"),
        ("<b>Dana</b>", "dana@example.org", PASSWORD, "name"),
    ] {
        let r = c.sign_up(name, email, password).await;
        assert_eq!(r.status, 400, "{field}");
        assert_eq!(field_of(&r.error()), Some(field));
    }
    assert_eq!(
        app.state.store.count_users().await.unwrap(),
        0,
        "nothing stored"
    );
    let r = c.sign_in("", "x").await;
    assert_eq!(field_of(&r.error()), Some("email"));
    let r = c.sign_in("a@example.org", "").await;
    assert_eq!(field_of(&r.error()), Some("password"));
    // a server-side cause never reaches the browser: bodies are AppError JSON only
    assert!(!r.body.to_lowercase().contains("sqlx"));
    app.stop().await;
}

async fn password_reset_by_mail(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let c = member(&app, "Eli Cohen", "eli@example.org").await;
    let other_device = app.client();
    other_device.sign_in("eli@example.org", PASSWORD).await.ok();

    let anon = app.client();
    let known = anon
        .call("request_reset", &[("email", "eli@example.org")])
        .await;
    let unknown = anon
        .call("request_reset", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(
        (known.status, known.body.clone()),
        (unknown.status, unknown.body.clone())
    );
    assert!(app.mails_to("nobody@example.org").is_empty());
    let token = app
        .last_token("eli@example.org", "/account/reset")
        .expect("reset mail");

    let weak = anon
        .call(
            "reset_password",
            &[("token", &token), ("password", "short")],
        )
        .await;
    assert_eq!(field_of(&weak.error()), Some("password"));
    anon.call(
        "reset_password",
        &[("token", &token), ("password", "a brand new passphrase")],
    )
    .await
    .ok();
    let reuse = anon
        .call(
            "reset_password",
            &[("token", &token), ("password", "yet another passphrase")],
        )
        .await;
    assert_eq!(refused(&reuse.error()), Some("ErrTokenInvalid"));

    // every session ended; the old password is gone
    assert_eq!(c.whoami().await, serde_json::Value::Null);
    assert_eq!(other_device.whoami().await, serde_json::Value::Null);
    assert_eq!(
        refused(&anon.sign_in("eli@example.org", PASSWORD).await.error()),
        Some("ErrBadCredentials")
    );
    anon.sign_in("eli@example.org", "a brand new passphrase")
        .await
        .ok();
    assert_eq!(anon.whoami().await["name"], "Eli Cohen");
    app.stop().await;
}

async fn permission_matrix(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let anon = app.client();
    let member_c = member(&app, "Mia Member", "mia@example.org").await;
    let organizer = with_role(&app, "Omar Organizer", "omar@example.org", Role::Organizer).await;
    let admin = with_role(&app, "Ada Admin", "ada@example.org", Role::Admin).await;
    let mia = app
        .state
        .store
        .user_by_email("mia@example.org")
        .await
        .unwrap()
        .unwrap();
    let ada = app
        .state
        .store
        .user_by_email("ada@example.org")
        .await
        .unwrap()
        .unwrap();
    let mia_id = mia.id.0.to_string();

    // listing members: only an administrator
    for (who, client, want) in [
        ("anonymous", &anon, 401),
        ("member", &member_c, 403),
        ("organizer", &organizer, 403),
    ] {
        assert_eq!(
            client.call("admin_members", &[("page", "0")]).await.status,
            want,
            "{who}"
        );
    }
    let list = admin
        .call("admin_members", &[("page", "0")])
        .await
        .ok()
        .json();
    assert_eq!(list["total"], 3);

    // changing roles
    let promote = [("user_id", mia_id.as_str()), ("role", "organizer")];
    for (who, client, want) in [
        ("anonymous", &anon, 401),
        ("member", &member_c, 403),
        ("organizer", &organizer, 403),
    ] {
        assert_eq!(
            client.call("set_role", &promote).await.status,
            want,
            "{who}"
        );
    }
    assert_eq!(
        app.state
            .store
            .user_by_id(mia.id)
            .await
            .unwrap()
            .unwrap()
            .role,
        Role::Member
    );
    admin.call("set_role", &promote).await.ok();
    assert_eq!(
        app.state
            .store
            .user_by_id(mia.id)
            .await
            .unwrap()
            .unwrap()
            .role,
        Role::Organizer
    );
    assert_eq!(member_c.whoami().await["role"], "Organizer");

    let own = ada.id.0.to_string();
    let r = admin
        .call("set_role", &[("user_id", own.as_str()), ("role", "member")])
        .await;
    assert_eq!(refused(&r.error()), Some("ErrCannotChangeOwnRole"));
    assert_eq!(
        admin
            .call("set_role", &[("user_id", "999999"), ("role", "member")])
            .await
            .status,
        404
    );
    let r = admin
        .call(
            "set_role",
            &[("user_id", mia_id.as_str()), ("role", "root")],
        )
        .await;
    assert_eq!(field_of(&r.error()), Some("role"));

    // my account needs a session
    assert_eq!(anon.call("my_account", &[]).await.status, 401);
    assert_eq!(
        member_c.call("my_account", &[]).await.ok().json()["email"],
        "mia@example.org"
    );
    app.stop().await;
}

async fn sign_in_is_rate_limited_per_account(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| c.limits.signin_per_account = 3).await else {
        return;
    };
    member(&app, "Rita Rate", "rita@example.org").await;
    let c = app.client();
    for _ in 0..3 {
        assert_eq!(
            refused(
                &c.sign_in("rita@example.org", "wrong but long enough")
                    .await
                    .error()
            ),
            Some("ErrBadCredentials")
        );
    }
    let r = c.sign_in("rita@example.org", PASSWORD).await;
    assert_eq!(r.status, 429, "even the right password waits: {}", r.body);
    let retry: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
    assert!(r.error().get("RateLimited").is_some());
    // another account from the same address is not locked out
    member(&app, "Sam Other", "sam@example.org").await;
    app.client().sign_in("sam@example.org", PASSWORD).await.ok();
    app.stop().await;
}

async fn forged_forwarded_for_does_not_bypass_the_address_limit(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| c.limits.signin_per_ip = 4).await else {
        return;
    };
    let c = app.client();
    let mut statuses = Vec::new();
    for i in 0..6 {
        let res = c
            .http
            .post(format!("{}/api/sign_in", app.base))
            .header("origin", &app.base)
            .header("accept", "application/json")
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .form(&[
                ("email", format!("user{i}@example.org")),
                ("password", "whatever long enough".into()),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, vec![400, 400, 400, 400, 429, 429]);
    app.stop().await;
}

async fn cross_site_requests_are_refused(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = [
        ("name", "Eve Evil"),
        ("email", "eve@example.org"),
        ("password", PASSWORD),
    ];
    let url = format!("{}/api/sign_up", app.base);
    let cases: Vec<(&str, &str, u16)> = vec![
        ("sec-fetch-site", "cross-site", 403),
        ("origin", "https://evil.example", 403),
        ("referer", "https://evil.example/form.html", 403),
    ];
    for (h, v, want) in cases {
        let r = http
            .post(&url)
            .header(h, v)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), want, "{h}: {v}");
    }
    // the language switch is a form post too
    let r = http
        .post(format!("{}/locale", app.base))
        .header("origin", "https://evil.example")
        .form(&[("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(
        app.state.store.count_users().await.unwrap(),
        0,
        "nothing happened"
    );
    let r = http
        .post(&url)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    assert_eq!(app.state.store.count_users().await.unwrap(), 1);
    app.stop().await;
}

async fn fifty_concurrent_sign_ups_no_server_error(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let mut tasks = Vec::new();
    for i in 0..50 {
        let c = app.client();
        tasks.push(tokio::spawn(async move {
            c.sign_up(
                &format!("Writer {i}"),
                &format!("writer{i}@example.org"),
                PASSWORD,
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert!(statuses.iter().all(|s| *s < 400), "{statuses:?}");
    assert_eq!(app.state.store.count_users().await.unwrap(), 50);
    assert_eq!(app.mails().len(), 50);
    app.stop().await;
}

async fn pages_render_in_the_visitors_language(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = |lang: &'static str| {
        let http = http.clone();
        let url = format!("{}/", app.base);
        async move {
            http.get(url)
                .header("accept-language", lang)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let en = page("en-US,en;q=0.9").await;
    assert!(
        en.contains("<html lang=\"en\""),
        "{}",
        &en[..200.min(en.len())]
    );
    assert!(
        en.contains("Leaders community")
            && en.contains("Inspiring talks")
            && en.contains("Matchmaking sessions")
    );
    let fr = page("fr-CA,fr;q=0.9").await;
    assert!(fr.contains("<html lang=\"fr\"") && fr.contains("Communauté de leaders"));
    // the switcher's choice beats Accept-Language and is remembered
    let r = http
        .post(format!("{}/locale", app.base))
        .header("origin", &app.base)
        .form(&[("lang", "es"), ("next", "/events")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/events");
    let es = page("fr").await;
    assert!(es.contains("<html lang=\"es\"") && es.contains("Comunidad de líderes"));
    // every section is reachable from the header
    for href in [
        "/network",
        "/events",
        "/matchmaking",
        "/pairings",
        "/news",
        "/account/sign-in",
        "/account/sign-up",
    ] {
        assert!(en.contains(&format!("href=\"{href}\"")), "nav link {href}");
        let r = http
            .get(format!("{}{href}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{href}");
    }
    let missing = http
        .get(format!("{}/no-such-page", app.base))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    assert!(missing
        .text()
        .await
        .unwrap()
        .contains("Página no encontrada"));
    app.stop().await;
}

async fn plain_form_posts_work_without_javascript(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    member(&app, "Nadia Nojs", "nadia@example.org").await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let referer = format!("{}/account/sign-in", app.base);
    let post = |password: &'static str| {
        http.post(format!("{}/api/sign_in", app.base))
            .header("origin", &app.base)
            .header("referer", &referer)
            .header("accept", "text/html,application/xhtml+xml")
            .form(&[
                ("email", "nadia@example.org"),
                ("password", password),
                ("next", ""),
            ])
            .send()
    };
    let bad = post("wrong but long enough").await.unwrap();
    assert_eq!(bad.status().as_u16(), 302);
    let location = bad.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&referer) && location.contains("__err="),
        "{location}"
    );
    // the page it goes back to shows the error
    let page = http
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("do not match an account"),
        "error shown on the page"
    );

    let good = post(PASSWORD).await.unwrap();
    assert_eq!(good.status().as_u16(), 302);
    assert_eq!(good.headers()["location"], "/");
    assert!(good
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("tandem_session=")));
    let home = http
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Nadia Nojs"), "signed in on the next page");
    app.stop().await;
}

async fn limits_and_health(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| c.body_limit_bytes = 1024).await else {
        return;
    };
    let c = app.client();
    let r = c.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (200, "ok"));
    let big = "x".repeat(4 * 1024);
    let r = c
        .call(
            "sign_up",
            &[
                ("name", &big),
                ("email", "big@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 413);
    let r = c.get("/").await;
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    app.stop().await;
}

async fn slow_clients_are_cut_off(b: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Some(app) = TestApp::spawn_with(b, |c| c.header_read_timeout_secs = 1).await else {
        return;
    };
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap();
    // half a request line, then silence
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stream.read_to_end(&mut buf),
    )
    .await;
    assert!(
        read.is_ok(),
        "the server must close a connection whose headers never finish"
    );
    let text = String::from_utf8_lossy(&buf);
    assert!(buf.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
    app.stop().await;
}

async fn the_city_directory_finds_cities_without_accents(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let c = app.client();
    let list = c.get("/network/cities?q=montreal").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains("href=\"/cities/6077243\"") && list.body.contains("Montréal"),
        "result linked"
    );
    let none = c.get("/network/cities?q=zzqqxx").await;
    assert!(
        none.body.contains("No city starts with"),
        "an empty result explains itself"
    );
    let page = c.get("/cities/6077243").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Canada")
            && page.body.contains("1,762,949")
            && page.body.contains("America/Toronto")
    );
    assert_eq!(c.get("/cities/1").await.status, 404);
    let found = c
        .call("search_cities", &[("q", "QUERÉTARO")])
        .await
        .ok()
        .json();
    assert_eq!(found[0]["name"], "Santiago de Querétaro");
    // GeoNames is credited on the about page, linked from every page's footer
    let about = c.get("/about").await;
    assert!(about.body.contains("https://www.geonames.org/") && about.body.contains("CC BY 4.0"));
    assert!(c.get("/").await.body.contains("href=\"/about\""));
    // the network section links to the directory
    assert!(c
        .get("/network")
        .await
        .body
        .contains("href=\"/network/cities\""));
    app.stop().await;
}

fn editor_id(c: &serde_json::Value) -> i64 {
    c["id"].as_i64().unwrap()
}

async fn profiles_are_saved_shown_and_searched(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let ana = member(&app, "Ana Photo", "ana.photo@example.org").await;
    let mona = member(&app, "Mona Members", "mona@example.org").await;
    // the browser's form: indexed checkbox names, a typed city
    let saved = ana
        .call(
            "save_profile",
            &[
                ("form[job_title]", "Housing officer"),
                ("form[organisation]", "Ville de Montréal"),
                ("form[sector]", "government"),
                ("form[city_name]", "montreal"),
                ("form[languages][1]", "fr"),
                ("form[interests][3]", "housing"),
                ("form[interests][0]", "mobility"),
                ("form[bio]", "Je travaille sur le **logement**."),
                ("form[visibility]", "public"),
            ],
        )
        .await;
    // leptos answers a redirect to the saved page, or the value
    assert!(saved.status < 400, "{}: {}", saved.status, saved.body);
    mona.call(
        "save_profile",
        &[
            ("form[city_name]", "Montréal"),
            ("form[interests][3]", "housing"),
            ("form[visibility]", "members"),
        ],
    )
    .await
    .ok();
    let me = ana.call("my_profile", &[]).await.ok().json();
    assert_eq!(me["city_label"], "Montréal, Canada");
    assert_eq!(
        me["form"]["interests"],
        serde_json::json!(["mobility", "housing"])
    );
    let id = editor_id(&me);

    // bad input names the field, nothing is lost
    let err = ana
        .call("save_profile", &[("form[links]", "javascript:alert(1)")])
        .await
        .error();
    assert_eq!(field_of(&err), Some("links"));
    assert_eq!(
        ana.call("my_profile", &[]).await.ok().json()["form"]["job_title"],
        "Housing officer"
    );
    // without scripts: back to the form with the error and what was typed
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let jar_login = http
        .post(format!("{}/api/sign_in", app.base))
        .header("origin", &app.base)
        .form(&[("email", "ana.photo@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(jar_login.status().as_u16() < 400);
    let referer = format!("{}/account/profile", app.base);
    let bad = http
        .post(format!("{}/api/save_profile", app.base))
        .header("origin", &app.base)
        .header("referer", &referer)
        .header("accept", "text/html")
        .form(&[
            ("form[job_title]", "Typed title"),
            ("form[links]", "not a link"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 302);
    let location = bad.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains("__err=") && location.contains("job_title=Typed+title"),
        "{location}"
    );
    let page = http
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Each link must be a full web address"),
        "error beside the field"
    );
    assert!(
        page.contains("value=\"Typed title\""),
        "what was typed is kept"
    );

    // the profile page: public, no e-mail address, Markdown made safe
    let visitor = app.client();
    let page = visitor.get(&format!("/people/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Housing officer") && page.body.contains("<strong>logement</strong>")
    );
    assert!(!page.body.contains("ana.photo@example.org"));
    // a members-only profile asks visitors to sign in
    let mona_id = editor_id(&mona.call("my_profile", &[]).await.ok().json());
    assert_eq!(visitor.get(&format!("/people/{mona_id}")).await.status, 401);
    assert_eq!(ana.get(&format!("/people/{mona_id}")).await.status, 200);

    // the search page works from its address alone (no scripts needed)
    let found = visitor.get("/network?q=montreal&theme=housing").await;
    assert_eq!(found.status, 200);
    assert!(
        found.body.contains("Ana Photo") && !found.body.contains("Mona Members"),
        "visitors: public only"
    );
    assert!(
        found.body.contains("aria-current=\"true\""),
        "the chosen filter is marked"
    );
    let as_member = ana.get("/network?q=montreal&theme=housing").await;
    assert!(as_member.body.contains("Mona Members"));
    let none = visitor.get("/network?q=montreal&country=GR").await;
    assert!(
        none.body.contains("Try removing one"),
        "an empty result explains itself"
    );
    let json = visitor
        .call(
            "search_people",
            &[("params[q]", "logement"), ("params[page]", "1")],
        )
        .await
        .ok()
        .json();
    assert_eq!(json["people"][0]["name"], "Ana Photo");
    // the city page lists its members
    assert!(visitor
        .get("/cities/6077243")
        .await
        .body
        .contains("Ana Photo"));
    // mutations need a session, and city notes a home in that city
    assert_eq!(
        visitor
            .call("save_profile", &[("form[job_title]", "x")])
            .await
            .error(),
        serde_json::json!("Unauthorized")
    );
    let note = [
        ("city_id", "6077243"),
        ("themes[0]", "housing"),
        ("challenges", "Rents"),
    ];
    assert_eq!(
        visitor.call("save_city_note", &note).await.error(),
        serde_json::json!("Unauthorized")
    );
    let lyon = [("city_id", "2996944"), ("challenges", "Heat")];
    assert_eq!(
        ana.call("save_city_note", &lyon).await.error(),
        serde_json::json!("Forbidden")
    );
    ana.call("save_city_note", &note).await.ok();
    let city = visitor.get("/cities/6077243").await;
    assert!(city.body.contains("Rents") && city.body.contains("Updated by Ana Photo"));
    // the themes page counts members per theme
    let themes = visitor.get("/themes").await;
    assert!(themes.body.contains("Housing") && themes.body.contains("SDG 11"));
    // only admins change the SDGs of a theme
    let err = ana
        .call("set_theme_sdgs", &[("theme", "housing"), ("sdgs[0]", "1")])
        .await
        .error();
    assert_eq!(err, serde_json::json!("Forbidden"));
    let admin = with_role(&app, "Ada Admin", "ada@example.org", Role::Admin).await;
    admin
        .call(
            "set_theme_sdgs",
            &[("theme", "housing"), ("sdgs[0]", "1"), ("sdgs[1]", "10")],
        )
        .await
        .ok();
    assert!(visitor
        .get("/themes")
        .await
        .body
        .contains("Reduced inequalities"));
    app.stop().await;
}

fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(
    c: &Client,
    name: &str,
    mime: &str,
    bytes: Vec<u8>,
    accept: &str,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap();
    c.http
        .post(format!("{}/account/photo", c.base))
        .header("origin", &c.base)
        .header("accept", accept)
        .multipart(reqwest::multipart::Form::new().part("photo", part))
        .send()
        .await
        .unwrap()
}

async fn photos_are_checked_by_content_and_size(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| c.photo_max_bytes = 300_000).await else {
        return;
    };
    let anon = app.client();
    assert_eq!(
        upload(&anon, "me.png", "image/png", png_bytes(10, 10), "*/*")
            .await
            .status()
            .as_u16(),
        401
    );
    let c = member(&app, "Pat Photo", "pat@example.org").await;
    // a file that lies about its type
    let res = upload(
        &c,
        "me.png",
        "image/png",
        b"<html><script>alert(1)</script></html>".to_vec(),
        "*/*",
    )
    .await;
    assert_eq!(res.status().as_u16(), 400);
    let err: serde_json::Value = res.json().await.unwrap();
    assert_eq!(err["Validation"]["field"], "photo");
    assert_eq!(err["Validation"]["msg"], "ErrPhotoType");
    // a broken image
    let mut broken = png_bytes(50, 50);
    broken.truncate(60);
    let err: serde_json::Value = upload(&c, "b.png", "image/png", broken, "*/*")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(err["Validation"]["msg"], "ErrPhotoUnreadable");
    // too large
    let err: serde_json::Value = upload(&c, "big.png", "image/png", vec![0u8; 400_000], "*/*")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(err["Validation"]["msg"], "ErrPhotoTooLarge");
    // without scripts the page says why
    let res = upload(
        &c,
        "me.gif",
        "image/gif",
        b"GIF89a....".to_vec(),
        "text/html",
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers()["location"],
        "/account/profile?photo_error=ErrPhotoType"
    );
    // a real PNG: stored as a square JPEG
    assert_eq!(
        upload(&c, "me.jpg", "image/jpeg", png_bytes(640, 480), "*/*")
            .await
            .status()
            .as_u16(),
        204
    );
    let url = c.call("my_profile", &[]).await.ok().json()["photo_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let img = c.http.get(format!("{}{url}", c.base)).send().await.unwrap();
    assert_eq!(img.headers()["content-type"], "image/jpeg");
    let decoded = image::load_from_memory(&img.bytes().await.unwrap()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (400, 400));
    // a new photo replaces the old file
    assert_eq!(
        upload(&c, "again.png", "image/png", png_bytes(20, 30), "*/*")
            .await
            .status()
            .as_u16(),
        204
    );
    assert_eq!(c.get(&url).await.status, 404);
    assert_eq!(
        c.get("/media/photos/..%2F..%2Fetc%2Fpasswd").await.status,
        404
    );
    // cross-site uploads are refused
    let evil = c
        .http
        .post(format!("{}/account/photo", c.base))
        .header("origin", "https://evil.example")
        .multipart(
            reqwest::multipart::Form::new()
                .part("photo", reqwest::multipart::Part::bytes(png_bytes(5, 5))),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status().as_u16(), 403);
    app.stop().await;
}

/// The islands' WASM, their JS and the style sheet go out compressed once at
/// the highest brotli quality (a first visit's largest download); a browser
/// without brotli gets the plain file, and a cached copy is revalidated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_files_are_sent_precompressed() {
    let site = std::env::temp_dir().join(format!("tandem-pkg-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    // compressible but not trivial, like code
    let raw: Vec<u8> = (0..200_000u32)
        .flat_map(|i| format!("f{}(x{});", i % 977, i % 13).into_bytes())
        .collect();
    std::fs::write(site.join("pkg/tandem.wasm"), &raw).unwrap();
    let root = site.clone();
    let Some(app) = TestApp::spawn_with(Backend::Sqlite, move |c| c.site_root = root.clone()).await
    else {
        return;
    };
    let http = reqwest::Client::new();
    let url = format!("{}/pkg/tandem.wasm", app.base);
    let mut answer = None;
    // compressed in the background at start: plain (or streamed) until then
    for _ in 0..100 {
        let res = http
            .get(&url)
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        if res.headers().get("etag").is_some() {
            answer = Some(res);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let res = answer.expect("the file was never served precompressed");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["content-type"], "application/wasm");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let body = res.bytes().await.unwrap();
    let mut back = Vec::new();
    brotli::BrotliDecompress(&mut body.as_ref(), &mut back).unwrap();
    assert_eq!(back, raw, "the compressed file is the file");
    // smaller than the streaming compressor's quality would make it
    let quick = {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 4,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut raw.as_slice(), &mut out, &params).unwrap();
        out
    };
    assert!(
        body.len() < quick.len(),
        "{} vs {}",
        body.len(),
        quick.len()
    );

    let again = http
        .get(&url)
        .header("accept-encoding", "br")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    let plain = http
        .get(&url)
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), raw.as_slice());
    let refused = http
        .get(&url)
        .header("accept-encoding", "br;q=0")
        .send()
        .await
        .unwrap();
    assert_ne!(
        refused
            .headers()
            .get("content-encoding")
            .map(|v| v.as_bytes()),
        Some(&b"br"[..])
    );
    app.stop().await;
    let _ = std::fs::remove_dir_all(site);
}
