//! The security review's findings, each as a regression test over HTTP, on
//! SQLite and on PostgreSQL: text into raw-text elements, redirects, the
//! status of malformed requests, CSV cells, sign-in limits under parallel
//! requests, headers, crafted error links, hidden members, image bounds, and
//! every server function fed random and malformed arguments.

use crate::common::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use tandem::domain::Role;

on_both_backends!(
    text_never_escapes_a_textarea_or_the_title,
    redirects_stay_on_the_site,
    malformed_requests_get_4xx,
    csv_cells_stay_cells,
    sign_in_limits_hold_under_parallel_requests,
    security_headers_and_private_pages,
    pages_keep_their_policy_under_concurrent_load,
    crafted_error_links_show_no_attacker_text,
    hidden_members_are_not_named_on_city_pages,
    image_bombs_are_refused_before_decoding,
    every_server_function_survives_random_arguments,
);

const PAYLOAD: &str = "</textarea></title><script>alert(1)</script>";

fn assert_escaped(body: &str, where_: &str) {
    assert!(
        !body.contains("<script>alert(1)</script>"),
        "{where_}: the payload ran raw"
    );
}

fn enc(s: &str) -> String {
    tandem::escape::url_component(s)
}

async fn event_titled(c: &Client, title: &str) -> i64 {
    c.call(
        "save_event",
        &[
            ("form[kind]", "matchmaking"),
            ("form[format]", "online"),
            ("form[status]", "published"),
            ("form[language]", "en"),
            ("form[title_en]", title),
            ("form[description]", PAYLOAD),
            ("form[starts]", "2027-03-15T10:00"),
            ("form[ends]", "2027-03-15T12:00"),
            ("form[timezone]", "America/Mexico_City"),
        ],
    )
    .await
    .ok()
    .json()
    .as_i64()
    .expect("event id")
}

async fn text_never_escapes_a_textarea_or_the_title(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    // reflected: the no-JavaScript error flow hands typed fields back in the URL
    let page = ana
        .get(&format!(
            "/account/profile?bio={p}&links={p}&offer={p}&seek={p}",
            p = enc(PAYLOAD)
        ))
        .await;
    assert_eq!(page.status, 200);
    assert_escaped(&page.body, "profile editor");
    assert!(
        page.body.contains("&lt;/textarea&gt;"),
        "the typed text is kept, escaped"
    );

    // stored: a city's challenges, in the editor of a member of that city
    ana.call("save_profile", &[("form[city_name]", "Montréal")])
        .await
        .ok();
    ana.call(
        "save_city_note",
        &[("city_id", "6077243"), ("challenges", PAYLOAD)],
    )
    .await
    .ok();
    let city = ana.get("/cities/6077243").await;
    assert_eq!(city.status, 200);
    assert_escaped(&city.body, "city page");
    let city = ana
        .get(&format!("/cities/6077243?challenges={}", enc(PAYLOAD)))
        .await;
    assert_escaped(&city.body, "city page, reflected");

    // stored: an event's title reaches every visitor's <title>
    let id = event_titled(&ana, PAYLOAD).await;
    let visitor = app.client();
    for path in [
        format!("/events/{id}"),
        format!("/events/{id}/speakers"),
        "/events".to_owned(),
    ] {
        let r = visitor.get(&path).await;
        assert_eq!(r.status, 200, "{path}");
        assert_escaped(&r.body, &path);
        assert!(!r.body.contains("</title><script>"), "{path}");
    }
    let title = visitor.get(&format!("/events/{id}")).await.body;
    let title = &title[title.find("<title>").unwrap()..];
    assert!(
        title.starts_with("<title>&lt;/textarea&gt;&lt;/title&gt;"),
        "{}",
        &title[..80]
    );
    // the organizers' editor holds the description in a textarea
    let edit = ana.get(&format!("/events/{id}/edit")).await;
    assert_escaped(&edit.body, "event editor");
    // a participant's meeting statement, reflected
    ana.call("register", &[("event_id", &id.to_string())])
        .await
        .ok();
    let m = ana
        .get(&format!(
            "/events/{id}/meetings?offer={p}&seek={p}",
            p = enc(PAYLOAD)
        ))
        .await;
    assert_eq!(m.status, 200);
    assert_escaped(&m.body, "meetings page");
    app.stop().await;
}

async fn redirects_stay_on_the_site(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    member(&app, "Rae Redirect", "rae@example.org").await;
    for (next, want) in [
        ("/events", "/events"),
        ("/\t/evil.example", "/"),
        ("/%09/evil.example", "/%09/evil.example"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
        ("/\u{1}x", "/"),
        ("https://evil.example", "/"),
    ] {
        // a plain form post after a good sign-in
        let c = app.client();
        let res = c
            .http
            .post(format!("{}/api/sign_in", app.base))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .form(&[
                ("email", "rae@example.org"),
                ("password", PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{next:?}: {}", res.status());
        assert_eq!(
            res.headers()["location"].to_str().unwrap(),
            want,
            "{next:?}"
        );
        // the language switcher's `next`
        let res = c
            .http
            .post(format!("{}/locale", app.base))
            .header("origin", &app.base)
            .form(&[("lang", "fr"), ("next", next)])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{next:?}");
        assert_eq!(
            res.headers()["location"].to_str().unwrap(),
            want,
            "{next:?}"
        );
    }
    app.stop().await;
}

async fn post_raw(
    c: &Client,
    path: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, String) {
    let res = c
        .http
        .post(format!("{}{path}", c.base))
        .header("origin", &c.base)
        .header("accept", "application/json")
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

async fn malformed_requests_get_4xx(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| c.body_limit_bytes = 64 * 1024).await else {
        return;
    };
    let c = member(&app, "Mal Formed", "mal@example.org").await;
    let form = "application/x-www-form-urlencoded";
    for (path, body) in [
        ("/api/city_page", "id=abc"),
        ("/api/city_page", "id=99999999999999999999999"),
        ("/api/city_page", ""),
        ("/api/get_meetings", "id=1"),
        ("/api/sign_in", "email=a"),
        ("/api/save_profile", "form[visibility]=%ZZ"),
        ("/api/save_event", "form[capacity]=-1e400"),
        ("/api/no_such_function", "x=1"),
    ] {
        let (status, text) = post_raw(&c, path, form, body).await;
        assert!(
            (400..500).contains(&status),
            "{path} {body}: {status} {text}"
        );
        assert!(
            !text.contains("invalid digit"),
            "no decoder message: {text}"
        );
    }
    // invalid UTF-8
    let (status, _) = post_raw(&c, "/api/search_cities", form, b"q=\xff\xfe".to_vec()).await;
    assert!((400..500).contains(&status), "invalid UTF-8: {status}");
    // NUL in a one-line field (PostgreSQL cannot store it)
    let (status, text) = post_raw(&c, "/api/save_profile", form, "form[job_title]=a%00b").await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("Malformed"), "{text}");
    // a chunked body over the limit
    let status = chunked_post(&app.base, "/api/search_cities", 200, 4096).await;
    assert_eq!(status, 413);
    // a very long search through the server function
    let long = format!("q={}", "a%25_".repeat(20_000));
    let (status, text) = post_raw(&c, "/api/search_cities", form, long).await;
    assert!(status < 500, "{status}: {text}");
    let long = format!("params[q]={}", "ab%20".repeat(20_000));
    let (status, text) = post_raw(&c, "/api/search_people", form, long).await;
    assert!(status < 500, "{status}: {text}");
    // a plain form gets the message in the reader's language
    let res = c
        .http
        .post(format!("{}/api/save_profile", app.base))
        .header("origin", &app.base)
        .header("accept", "text/html")
        .header("accept-language", "es")
        .header("cookie", "lang=es")
        .header("content-type", form)
        .body("form[job_title]=a%00b")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert!(res.text().await.unwrap().contains("No pudimos leer"));
    app.stop().await;
}

/// A chunked POST (no length to refuse up front) of `chunks` × `size` bytes;
/// the status of the answer.
async fn chunked_post(base: &str, path: &str, chunks: usize, size: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("{size:x}\r\n{}\r\n", "a".repeat(size));
    for _ in 0..chunks {
        // the server may answer and close before the end
        if s.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n").await;
    let mut buf = vec![0u8; 1024];
    let n = s.read(&mut buf).await.unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]);
    text.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

async fn csv_cells_stay_cells(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = with_role(&app, "Ana Torres", "ana@example.org", Role::Organizer).await;
    let id = event_titled(&ana, "Matchmaking day").await;
    let event = id.to_string();
    let evil = member(
        &app,
        "Doe, =HYPERLINK(\"http://evil.example\")",
        "doe@example.org",
    )
    .await;
    let kim = member(&app, "Kim Lee", "kim@example.org").await;
    for c in [&evil, &kim] {
        c.call("register", &[("event_id", &event)]).await.ok();
    }
    let kim_id = kim.whoami().await["id"].as_i64().unwrap().to_string();
    evil.call(
        "request_meeting",
        &[("event_id", &event), ("to", &kim_id), ("note", "=1+1")],
    )
    .await
    .ok();
    for path in [
        format!("/events/{id}/meetings.csv"),
        format!("/events/{id}/attendees.csv"),
    ] {
        let r = ana.get(&path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        let text = r.body.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let width = reader.headers().unwrap().len();
        let mut saw_doe = false;
        for rec in reader.records() {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), width, "{path}: a cell split a row: {rec:?}");
            for cell in rec.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "{path}: formula cell {cell:?}"
                );
                saw_doe |= cell.contains("Doe, '=HYPERLINK") || cell == "'=HYPERLINK";
                saw_doe |= cell.starts_with("Doe, =HYPERLINK");
            }
        }
        assert!(saw_doe, "{path}: the name is one cell: {text}");
    }
    app.stop().await;
}

async fn sign_in_limits_hold_under_parallel_requests(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| {
        c.limits.signin_per_account = 3;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await
    else {
        return;
    };
    member(&app, "Owen Owner", "owen@example.org").await;
    let attempt = |from: &'static str, password: &'static str| {
        let base = app.base.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/sign_in"))
                .header("origin", &base)
                .header("accept", "application/json")
                .header("x-forwarded-for", from)
                .form(&[("email", "owen@example.org"), ("password", password)])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // twenty wrong guesses at once from one address: three are checked
    let statuses =
        futures::future::join_all((0..20).map(|_| attempt("203.0.113.7", "wrong but long enough")))
            .await;
    let checked = statuses.iter().filter(|s| **s == 400).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, limited), (3, 17), "{statuses:?}");
    // even the right password waits there
    assert_eq!(attempt("203.0.113.7", PASSWORD).await, 429);
    // the owner, elsewhere, is not locked out by someone else's guesses
    assert_eq!(attempt("198.51.100.20", PASSWORD).await, 200);
    app.stop().await;
}

async fn security_headers_and_private_pages(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let visitor = app.client();
    let home = visitor.get("/").await;
    let csp = home
        .header("content-security-policy")
        .expect("CSP")
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
    assert!(
        !csp.contains("'unsafe-inline' 'nonce")
            && !csp.contains("script-src 'self' 'unsafe-inline'")
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("a nonce")
        .to_owned();
    // every inline script of the page carries that nonce
    let scripts = home.body.matches("<script").count();
    let with_nonce = home
        .body
        .matches(&format!("<script nonce=\"{nonce}\""))
        .count()
        + home
            .body
            .matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
            .count();
    assert!(scripts > 0);
    assert_eq!(scripts, with_nonce, "{}", home.body);
    // a new nonce each time
    let again = visitor.get("/").await;
    assert_ne!(again.header("content-security-policy").unwrap(), csp);
    assert!(
        home.header("strict-transport-security").is_none(),
        "plain http"
    );
    assert!(visitor
        .get("/healthz")
        .await
        .header("content-security-policy")
        .is_some());

    let c = member(&app, "Pia Private", "pia@example.org").await;
    for path in ["/account", "/account/profile", "/account/events", "/"] {
        let r = c.get(path).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    let out = c.call("sign_out", &[]).await;
    assert!(out.status < 400);
    assert!(out
        .header("clear-site-data")
        .unwrap()
        .contains("\"storage\""));
    app.stop().await;

    // HSTS when the site is served over https
    let Some(app) = TestApp::spawn_with(b, |c| {
        c.base_url = "https://tandem.example".to_owned();
    })
    .await
    else {
        return;
    };
    let r = app.client().get("/healthz").await;
    assert!(r
        .header("strict-transport-security")
        .is_some_and(|v| v.contains("max-age=")));
    app.stop().await;
}

/// Found by the end-to-end suite: while other requests were served in
/// parallel, about one page in fifteen came without the policy its shell set
/// and fell under the default one, so none of its scripts ran.
async fn pages_keep_their_policy_under_concurrent_load(b: Backend) {
    // static files to serve alongside, as a first visit fetches the app's
    let site = std::env::temp_dir().join(format!("tandem-site-{}-{b:?}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    for i in 0..150 {
        std::fs::write(site.join(format!("pkg/chunk_{i}.wasm")), vec![0u8; 20_000]).unwrap();
    }
    let root = site.clone();
    let Some(app) = TestApp::spawn_with(b, move |c| c.site_root = root.clone()).await else {
        return;
    };
    let c = app.client();
    for _ in 0..3 {
        let pages = (0..12).map(|i| {
            let c = c.clone();
            let path = ["/events", "/", "/account/sign-up", "/network"][i % 4];
            async move { (path, c.get(path).await) }
        });
        let noise = (0..150).map(|i| {
            let c = c.clone();
            async move {
                let path = if i % 10 == 0 {
                    "/healthz".to_owned()
                } else {
                    format!("/pkg/chunk_{i}.wasm")
                };
                c.get(&path).await.status
            }
        });
        let (pages, _) = futures::join!(
            futures::future::join_all(pages),
            futures::future::join_all(noise)
        );
        for (path, r) in pages {
            let csp = r.header("content-security-policy").unwrap_or_default();
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|r| r.split('\'').next())
                .unwrap_or_else(|| panic!("{path}: no nonce in {csp:?}"));
            assert!(r.body.contains(&format!("nonce=\"{nonce}\"")), "{path}");
        }
    }
    app.stop().await;
    let _ = std::fs::remove_dir_all(site);
}

async fn crafted_error_links_show_no_attacker_text(b: Backend) {
    use base64::Engine;
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let err = serde_json::json!({"Internal": {"reference": "CALL 555-0100 TO UNLOCK"}});
    let enc64 = base64::engine::general_purpose::URL_SAFE.encode(err.to_string());
    let page = app
        .client()
        .get(&format!(
            "/account/sign-in?__path=/api/sign_in&__err={enc64}"
        ))
        .await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("555-0100"), "attacker text shown");
    app.stop().await;
}

async fn hidden_members_are_not_named_on_city_pages(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let h = member(&app, "Hilda Hidden", "hilda@example.org").await;
    h.call(
        "save_profile",
        &[
            ("form[city_name]", "Montréal"),
            ("form[visibility]", "hidden"),
        ],
    )
    .await
    .ok();
    h.call(
        "save_city_note",
        &[("city_id", "6077243"), ("challenges", "Rents")],
    )
    .await
    .ok();
    let visitor = app.client().get("/cities/6077243").await;
    assert!(visitor.body.contains("Rents"));
    assert!(
        !visitor.body.contains("Hilda"),
        "a hidden member named to a visitor"
    );
    let m = member(&app, "Max Member", "max@example.org").await;
    assert!(!m.get("/cities/6077243").await.body.contains("Hilda"));
    app.stop().await;
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn image_bombs_are_refused_before_decoding(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let c = member(&app, "Ivy Image", "ivy@example.org").await;
    let send = |bytes: Vec<u8>| {
        let c = c.clone();
        async move {
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name("x.png")
                .mime_str("image/png")
                .unwrap();
            let res = c
                .http
                .post(format!("{}/account/photo", c.base))
                .header("origin", &c.base)
                .header("accept", "application/json")
                .multipart(reqwest::multipart::Form::new().part("photo", part))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<serde_json::Value>().await.ok())
        }
    };
    // a 1000 × 1 sliver would become 400,000 × 400 on the way to a square
    let (status, err) = send(png(1000, 1)).await;
    assert_eq!(status, 400);
    assert_eq!(err.unwrap()["Validation"]["msg"], "ErrPhotoDimensions");
    // a small file that declares 10,000 × 10,000 pixels
    let mut big = png(8, 8);
    big[16..20].copy_from_slice(&10_000u32.to_be_bytes());
    big[20..24].copy_from_slice(&10_000u32.to_be_bytes());
    let crc = crc32(&big[12..29]);
    big[29..33].copy_from_slice(&crc.to_be_bytes());
    let results = futures::future::join_all((0..8).map(|_| send(big.clone()))).await;
    for (status, err) in results {
        assert_eq!(status, 400);
        assert_eq!(err.unwrap()["Validation"]["msg"], "ErrPhotoDimensions");
    }
    // a sound photo still goes through
    let (status, _) = send(png(300, 200)).await;
    assert!(status < 400, "{status}");
    app.stop().await;
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Field names the interface's forms use, so random bodies reach past the
/// decoder into the use cases as well as failing in it.
const KEYS: &[&str] = &[
    "id",
    "event_id",
    "q",
    "to",
    "note",
    "token",
    "email",
    "password",
    "name",
    "next",
    "city_id",
    "challenges",
    "themes[0]",
    "theme",
    "request_id",
    "answer",
    "slot_id",
    "form[id]",
    "form[version]",
    "form[title_en]",
    "form[starts]",
    "form[ends]",
    "form[timezone]",
    "form[kind]",
    "form[format]",
    "form[status]",
    "form[language]",
    "form[capacity]",
    "form[job_title]",
    "form[bio]",
    "form[links]",
    "form[visibility]",
    "form[city_name]",
    "form[languages][0]",
    "form[interests][0]",
    "form[offer]",
    "page",
    "mode",
    "role",
    "user_id",
    "params[q]",
    "params[country]",
    "params[theme]",
    "lang",
    "when",
    "offset",
    "sdgs[0]",
    "busy[0]",
    "form[count]",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("1".to_owned()),
        Just("-1".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("abc".to_owned()),
        Just("true".to_owned()),
        Just("2027-03-15T10:00".to_owned()),
        Just("Europe/Athens".to_owned()),
        Just("housing".to_owned()),
        Just(PAYLOAD.to_owned()),
        Just("=1+1".to_owned()),
        "\\PC{0,40}",
        "[a-z%&=\\[\\]0-9]{0,30}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec((proptest::sample::select(KEYS), value()), 0..6).prop_map(
            |pairs| {
                let mut s = form_urlencoded_pairs(&pairs);
                if s.is_empty() {
                    s.push_str("x=");
                }
                s
            }
        ),
        "[ -~]{0,80}",
        Just("%".to_owned()),
        Just("a=%E0%A4%A".to_owned()),
        Just("form[=1&form]]=2".to_owned()),
    ]
}

fn form_urlencoded_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                tandem::escape::url_component(k),
                tandem::escape::url_component(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn every_server_function_survives_random_arguments(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let member = with_role(&app, "Fuzz Organizer", "fuzz@example.org", Role::Organizer).await;
    let visitor = app.client();
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_owned())
        .filter(|p| !p.contains("sign_out"))
        .collect();
    paths.sort();
    assert!(paths.len() > 30, "server functions found: {paths:?}");
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 6,
        failure_persistence: None,
        rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
        ..Default::default()
    });
    let mut sent = 0;
    for path in &paths {
        for _ in 0..runner.config().cases {
            let tree = body().new_tree(&mut runner).unwrap();
            let body = tree.current();
            for (who, c) in [("member", &member), ("visitor", &visitor)] {
                for accept in ["application/json", "text/html"] {
                    let res = c
                        .http
                        .post(format!("{}{path}", app.base))
                        .header("origin", &app.base)
                        .header("accept", accept)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(body.clone())
                        .send()
                        .await
                        .unwrap();
                    let status = res.status().as_u16();
                    let text = res.text().await.unwrap_or_default();
                    assert!(
                        status < 500,
                        "{path} as {who} ({accept}) with {body:?}: {status} {text}"
                    );
                    sent += 1;
                }
            }
        }
    }
    assert!(sent > 500, "{sent}");
    // the server is still healthy afterwards
    assert_eq!(visitor.get("/healthz").await.status, 200);
    app.stop().await;
}
