//! News, publications, the contact form and the digest over HTTP on both
//! engines: drafts and scheduled articles invisible until published; only
//! staff and the authors they allow write, and authors only their own;
//! translations linked; feeds; hostile text escaped; publications checked
//! by content and size, downloads counted, citations; contact messages for
//! staff only, rate-limited, bots ignored; the digest's double opt-in, its
//! weekly claim and one-click unsubscribe.

use crate::common::*;
use tandem::domain::Role;

fn article<'a>(
    id: &'a str,
    version: &'a str,
    locale: &'a str,
    title: &'a str,
    intent: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("version", version),
        ("form[locale]", locale),
        ("form[title]", title),
        (
            "form[body]",
            "Lyon and Montréal **compare** notes on circular procurement.\n\nA second paragraph.",
        ),
        ("form[category]", "cities"),
        ("form[tags]", "circular economy, procurement"),
        ("form[intent]", intent),
        ("form[zone]", "UTC"),
    ]
}

async fn version_of(app: &TestApp, id: i64) -> String {
    app.state
        .store
        .story(id)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string()
}

async fn articles_are_private_until_published_and_only_authors_write(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let staff = with_role(&app, "Sam Staff", "sam@example.org", Role::Staff).await;
    let ana = member(&app, "Ana Author", "ana@example.org").await;
    let visitor = app.client();

    // a draft: nobody else sees it, not even in the list or the feed
    let id = staff
        .call(
            "save_article",
            &article("0", "0", "en", "Circular Lyon", "draft"),
        )
        .await
        .ok()
        .json();
    let id = id.as_i64().unwrap();
    let sid = id.to_string();
    assert_eq!(
        visitor
            .call("get_article", &[("id", &sid), ("lang", "")])
            .await
            .status,
        404
    );
    assert_eq!(visitor.page(&format!("/news/{id}")).await.status, 404);
    assert_eq!(
        ana.call("get_article", &[("id", &sid), ("lang", "")])
            .await
            .status,
        404
    );
    assert!(!visitor.page("/news").await.body.contains("Circular Lyon"));
    assert!(
        staff.page("/news").await.body.contains("Circular Lyon"),
        "staff see their drafts"
    );

    // a member who is not an author cannot write or edit
    assert_eq!(
        ana.call("save_article", &article("0", "0", "en", "Mine", "publish"))
            .await
            .status,
        403
    );
    let v = version_of(&app, id).await;
    assert_eq!(
        ana.call("save_article", &article(&sid, &v, "en", "Taken", "publish"))
            .await
            .status,
        403
    );
    assert_eq!(
        visitor
            .call("save_article", &article("0", "0", "en", "Anon", "publish"))
            .await
            .status,
        401
    );

    // scheduled for tomorrow: still invisible
    let tomorrow = tandem::services::time::to_local(
        tandem::services::clock::unix_now() + 86_400,
        chrono_tz::UTC,
    );
    let at = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        tomorrow.year, tomorrow.month, tomorrow.day, tomorrow.hour, tomorrow.minute
    );
    let mut form = article(&sid, &v, "en", "Circular Lyon", "publish");
    form.push(("form[publish_at]", &at));
    staff.call("save_article", &form).await.ok();
    assert_eq!(
        visitor
            .call("get_article", &[("id", &sid), ("lang", "")])
            .await
            .status,
        404
    );
    let s = app.state.store.story(id).await.unwrap().unwrap();
    assert!(s.publish_at.unwrap() > tandem::services::clock::unix_now());

    // a stale version is refused, nothing overwritten
    let stale = staff
        .call(
            "save_article",
            &article(&sid, &v, "en", "Overwritten", "publish"),
        )
        .await;
    assert_eq!(stale.status, 409);

    // published now, with hostile text and a city
    let v = version_of(&app, id).await;
    let mut form = article(
        &sid,
        &v,
        "en",
        "Circular Lyon </title><script>alert(1)</script>",
        "publish",
    );
    form.retain(|(k, _)| *k != "form[body]");
    form.push((
        "form[body]",
        "Hello <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    ));
    form.push(("form[cities]", "6077243"));
    staff.call("save_article", &form).await.ok();
    let page = visitor.page(&format!("/news/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert"), "title escaped");
    assert!(!page.body.contains("<img src=x"), "body sanitised");
    assert!(!page.body.contains("javascript:"));
    assert!(page.body.contains("\"@type\":\"NewsArticle\""));
    assert!(page.body.contains("property=\"og:title\""));
    assert!(
        page.body.contains("href=\"/cities/6077243\""),
        "about links"
    );
    assert!(
        visitor
            .page("/cities/6077243")
            .await
            .body
            .contains(&format!("href=\"/news/{id}\"")),
        "the city lists its news"
    );
    // an unknown city is refused beside its field
    let v = version_of(&app, id).await;
    let mut bad = article(&sid, &v, "en", "Circular Lyon", "publish");
    bad.push(("form[cities]", "999999999"));
    assert_eq!(
        staff.call("save_article", &bad).await.error()["Validation"]["field"],
        "cities"
    );

    // a Spanish translation, linked both ways
    let v = version_of(&app, id).await;
    staff
        .call(
            "save_article",
            &article(&sid, &v, "es", "Lyon circular", "publish"),
        )
        .await
        .ok();
    let es = visitor.page(&format!("/news/{id}/es")).await;
    assert!(es.body.contains("Lyon circular"));
    let at = es.body.find("hreflang").unwrap_or(0);
    assert!(
        es.body.contains(&format!("href=\"/news/{id}/en\"")),
        "{}",
        &es.body[at..(at + 300).min(es.body.len())]
    );
    let in_spanish = visitor
        .http
        .get(format!("{}/news/{id}", visitor.base))
        .header("accept", "text/html")
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        in_spanish.contains("Lyon circular"),
        "the reader's language first"
    );
    let fr = visitor
        .http
        .get(format!("{}/news/{id}", visitor.base))
        .header("accept", "text/html")
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        fr.contains("langue d&#39;origine") || fr.contains("langue d'origine"),
        "the original with a note"
    );

    // search, accent- and case-insensitive, and filters
    assert!(visitor
        .page("/news?q=MONTREAL")
        .await
        .body
        .contains(&format!("/news/{id}")));
    assert!(!visitor
        .page("/news?q=zzzz")
        .await
        .body
        .contains(&format!("/news/{id}\"")));
    assert!(!visitor
        .page("/news?category=calls")
        .await
        .body
        .contains(&format!("/news/{id}\"")));
    assert!(visitor
        .page("/news?language=es")
        .await
        .body
        .contains(&format!("/news/{id}")));

    // feeds per language; a draft never in them
    staff
        .call(
            "save_article",
            &article("0", "0", "en", "Secret draft", "draft"),
        )
        .await
        .ok();
    let rss = visitor.get("/feeds/news-en.rss").await;
    assert_eq!(rss.status, 200);
    assert!(rss
        .header("content-type")
        .unwrap()
        .starts_with("application/rss+xml"));
    assert!(
        rss.body.contains("&lt;/title&gt;&lt;script&gt;"),
        "titles escaped in XML"
    );
    assert!(!rss.body.contains("Secret draft"));
    assert!(visitor
        .get("/feeds/news-es.atom")
        .await
        .body
        .contains("Lyon circular"));
    assert_eq!(visitor.get("/feeds/news-de.rss").await.status, 404);

    // staff allow Ana to write: she writes her own, not staff's
    staff
        .call(
            "set_news_author",
            &[("email", "ana@example.org"), ("on", "true")],
        )
        .await
        .ok();
    assert_eq!(
        ana.call(
            "set_news_author",
            &[("email", "ana@example.org"), ("on", "true")]
        )
        .await
        .status,
        403
    );
    let own = ana
        .call(
            "save_article",
            &article("0", "0", "fr", "Mon article", "publish"),
        )
        .await
        .ok()
        .json();
    assert!(visitor
        .page(&format!("/news/{}", own.as_i64().unwrap()))
        .await
        .body
        .contains("Mon article"));
    let v = version_of(&app, id).await;
    assert_eq!(
        ana.call("save_article", &article(&sid, &v, "en", "Taken", "publish"))
            .await
            .status,
        403
    );
    assert_eq!(
        ana.call("delete_article", &[("id", &sid)]).await.status,
        403
    );
    // featuring is for staff only
    let s = app
        .state
        .store
        .story(own.as_i64().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(!s.featured);
    staff.call("delete_article", &[("id", &sid)]).await.ok();
    assert_eq!(visitor.page(&format!("/news/{id}")).await.status, 404);
    app.stop().await;
}

async fn upload(c: &Client, fields: &[(&str, &str)], file: Option<(&str, Vec<u8>)>) -> Reply {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("application/pdf")
                .unwrap(),
        );
    }
    let res = c
        .http
        .post(format!("{}/publications/upload", c.base))
        .header("origin", &c.base)
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    Client::reply(res).await
}

async fn publications_contact_and_the_digest(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    tandem::services::reference::ensure_loaded(&*app.state.store)
        .await
        .unwrap();
    let staff = with_role(&app, "Sam Staff", "sam@example.org", Role::Staff).await;
    let ana = member(&app, "Ana Member", "ana@example.org").await;
    let visitor = app.client();
    let details = [
        ("kind", "case_study"),
        ("title_en", "Circular procurement in Lyon & Montréal"),
        ("authors", "Dubois, Claire; Ville de Lyon"),
        ("institution", "Tandem"),
        ("year", "2025"),
        ("language", "en"),
        ("pages", "3"),
        ("abstract_text", "What two cities learned."),
        ("themes", "circular-economy"),
        ("cities", "6077243"),
    ];
    let pdf = tandem::services::pdf_gen::simple_pdf("Circular", &["Text.".to_owned()], 2);
    // members may not; content decides, not the name; the size is checked
    assert_eq!(
        upload(&ana, &details, Some(("a.pdf", pdf.clone())))
            .await
            .status,
        403
    );
    let html = upload(
        &staff,
        &details,
        Some(("a.pdf", b"<html><script>alert(1)</script></html>".to_vec())),
    )
    .await;
    assert_eq!(html.error()["Validation"]["msg"], "ErrPublicationType");
    let mut big = pdf.clone();
    big.resize(21 * 1024 * 1024, b' ');
    let too_big = upload(&staff, &details, Some(("big.pdf", big))).await;
    assert_eq!(too_big.error()["Validation"]["msg"], "ErrDocumentTooLarge");
    let mut no_title = details.to_vec();
    no_title.retain(|(k, _)| *k != "title_en");
    assert_eq!(
        upload(&staff, &no_title, Some(("a.pdf", pdf.clone())))
            .await
            .error()["Validation"]["field"],
        "title_en"
    );
    let docs = app.dir.join("documents");
    let stored_before = std::fs::read_dir(&docs).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored_before, 0, "refused files are not kept");
    let id: i64 = upload(&staff, &details, Some(("lyon.pdf", pdf.clone())))
        .await
        .ok()
        .body
        .parse()
        .unwrap();

    let page = visitor.page(&format!("/publications/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(
        "name=\"citation_title\" content=\"Circular procurement in Lyon &amp; Montréal\""
    ));
    assert!(page
        .body
        .contains("name=\"citation_author\" content=\"Dubois, Claire\""));
    assert!(visitor
        .page("/publications?kind=case_study")
        .await
        .body
        .contains(&format!("/publications/{id}\"")));
    assert!(!visitor
        .page("/publications?kind=faq")
        .await
        .body
        .contains(&format!("/publications/{id}\"")));
    assert!(visitor
        .page("/publications?q=montreal")
        .await
        .body
        .contains(&format!("/publications/{id}\"")));
    let dl = visitor.get(&format!("/publications/{id}/download")).await;
    assert_eq!(dl.status, 200);
    assert_eq!(dl.header("content-type"), Some("application/pdf"));
    assert_eq!(
        dl.header("content-length"),
        Some(pdf.len().to_string().as_str())
    );
    visitor
        .get(&format!("/publications/{id}/download"))
        .await
        .ok();
    assert_eq!(
        app.state
            .store
            .publication(id)
            .await
            .unwrap()
            .unwrap()
            .downloads,
        2
    );
    let bib = visitor.get(&format!("/publications/{id}/cite.bib")).await;
    assert!(bib.body.starts_with("@techreport{"), "{}", bib.body);
    let csl = visitor
        .get(&format!("/publications/{id}/cite.json"))
        .await
        .json();
    assert_eq!(csl[0]["title"], "Circular procurement in Lyon & Montréal");
    assert!(visitor
        .page("/cities/6077243")
        .await
        .body
        .contains(&format!("/publications/{id}\"")));
    // edit without a new file keeps it; delete removes the file
    let v = app
        .state
        .store
        .publication(id)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let sid = id.to_string();
    let mut edit = details.to_vec();
    edit.push(("id", &sid));
    edit.push(("version", &v));
    edit.retain(|(k, _)| *k != "year");
    edit.push(("year", "2024"));
    upload(&staff, &edit, None).await.ok();
    assert_eq!(
        app.state.store.publication(id).await.unwrap().unwrap().year,
        2024
    );
    assert_eq!(std::fs::read_dir(&docs).unwrap().count(), 1);
    assert_eq!(
        ana.call("delete_publication", &[("id", &sid)]).await.status,
        403
    );
    staff.call("delete_publication", &[("id", &sid)]).await.ok();
    assert_eq!(std::fs::read_dir(&docs).unwrap().count(), 0);
    assert_eq!(
        visitor
            .get(&format!("/publications/{id}/download"))
            .await
            .status,
        404
    );

    // the contact form: stored, mailed with reply-to, a copy to the sender
    let msg = [
        ("form[name]", "Rosa Press"),
        ("form[email]", "rosa@paper.example"),
        ("form[subject]", "press"),
        ("form[message]", "Could we interview a pairing?"),
    ];
    visitor.call("send_contact", &msg).await.ok();
    let to_staff = app.mails_to(&app.state.config.mail.contact);
    assert_eq!(to_staff.len(), 1);
    assert!(
        to_staff[0].contains("Reply-To: \"Rosa Press\" <rosa@paper.example>")
            || to_staff[0].contains("Reply-To: Rosa Press <rosa@paper.example>"),
        "{}",
        to_staff[0]
    );
    assert_eq!(app.mails_to("rosa@paper.example").len(), 1);
    // a bot filling the hidden field gets the same answer and nothing happens
    let mut bot = msg.to_vec();
    bot.push(("form[website]", "http://spam.example"));
    visitor.call("send_contact", &bot).await.ok();
    assert_eq!(
        app.state
            .store
            .contact_messages(None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    // a bad address is refused beside its field
    let mut wrong = msg.to_vec();
    wrong[1] = ("form[email]", "nope");
    assert_eq!(
        visitor.call("send_contact", &wrong).await.error()["Validation"]["field"],
        "email"
    );
    // three a day per address
    visitor.call("send_contact", &msg).await.ok();
    visitor.call("send_contact", &msg).await.ok();
    assert_eq!(visitor.call("send_contact", &msg).await.status, 429);
    // staff only
    assert_eq!(
        visitor
            .call("get_contact_inbox", &[("status", "")])
            .await
            .status,
        401
    );
    assert_eq!(
        ana.call("get_contact_inbox", &[("status", "")])
            .await
            .status,
        403
    );
    let inbox = staff
        .call("get_contact_inbox", &[("status", "new")])
        .await
        .ok()
        .json();
    let first = inbox["items"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        ana.call(
            "set_contact_status",
            &[("id", &first), ("status", "closed")]
        )
        .await
        .status,
        403
    );
    staff
        .call(
            "set_contact_status",
            &[("id", &first), ("status", "answered")],
        )
        .await
        .ok();
    let answered = staff
        .call("get_contact_inbox", &[("status", "answered")])
        .await
        .ok()
        .json();
    assert_eq!(answered["items"].as_array().unwrap().len(), 1);

    // the digest: nothing before confirmation, then weekly, one-click out
    visitor
        .call("subscribe_news", &[("email", "reader@example.org")])
        .await
        .ok();
    let token = app
        .last_token("reader@example.org", "/news/subscribe/confirm")
        .expect("confirmation mail");
    let now = tandem::services::clock::unix_now();
    let tomorrow = tandem::services::time::to_local(now + 86_400, chrono_tz::UTC);
    let at = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        tomorrow.year, tomorrow.month, tomorrow.day, tomorrow.hour, tomorrow.minute
    );
    let mut form = article("0", "0", "en", "Weekly news item", "publish");
    form.push(("form[publish_at]", &at));
    staff.call("save_article", &form).await.ok();
    assert_eq!(
        tandem::services::news::digest::send_due(&app.state, now + 2 * 86_400).await,
        0,
        "not confirmed yet"
    );
    assert_eq!(
        visitor
            .call(
                "confirm_news",
                &[("token", "0123456789abcdef0123456789abcdef")]
            )
            .await
            .status,
        400
    );
    visitor
        .call("confirm_news", &[("token", &token)])
        .await
        .ok();
    // the same answer for an address already subscribed, and no mail
    let before = app.mails_to("reader@example.org").len();
    visitor
        .call("subscribe_news", &[("email", "reader@example.org")])
        .await
        .ok();
    assert_eq!(app.mails_to("reader@example.org").len(), before);
    assert_eq!(
        tandem::services::news::digest::send_due(&app.state, now + 2 * 86_400).await,
        1
    );
    assert_eq!(
        tandem::services::news::digest::send_due(&app.state, now + 2 * 86_400).await,
        0,
        "claimed once"
    );
    let digest = app.mails_to("reader@example.org").pop().unwrap();
    assert!(digest.contains("Weekly news item"));
    assert!(digest.contains("List-Unsubscribe: <"), "{digest}");
    assert!(digest.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let one_click = visitor
        .http
        .post(format!(
            "{}/news/unsubscribe/one-click?token={token}",
            visitor.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(one_click.status(), 200);
    assert!(app
        .state
        .store
        .subscription_by_token(&token)
        .await
        .unwrap()
        .is_none());
    app.stop().await;
}

on_both_backends!(
    articles_are_private_until_published_and_only_authors_write,
    publications_contact_and_the_digest
);
