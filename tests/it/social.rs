//! The social network over HTTP on both engines: who reads which posts
//! (visitors only public posts of public profiles), the feed that follows
//! members; comments with one level of replies, reactions, mentions and the
//! notifications they make; direct messages only between members who share
//! something, read on opening, stopped by a block; reports that hide
//! content at the threshold, the moderation queue for staff only, restoring
//! and suspending; the member's live channel.

use crate::common::*;
use serde_json::Value;
use std::time::Duration;
use tandem::domain::Role;

/// The signed-in member's id.
async fn id_of(c: &Client) -> i64 {
    c.whoami().await["id"].as_i64().unwrap()
}

/// Publishes a post as the browser's composer does; its id.
async fn post(c: &Client, body: &str, visibility: &str) -> i64 {
    c.call(
        "create_post",
        &[
            ("form[body]", body),
            ("form[visibility]", visibility),
            ("back", "/"),
        ],
    )
    .await
    .ok()
    .json()
    .as_i64()
    .unwrap()
}

/// The ids of a `PostList`'s posts, newest first.
fn ids(list: &Value) -> Vec<i64> {
    list["posts"]
        .as_array()
        .unwrap_or_else(|| panic!("not a post list: {list}"))
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

/// The posts under a topic (`m:12`) as `c` sees them.
async fn topic_ids(c: &Client, topic: &str) -> Vec<i64> {
    let both = c
        .call("get_topic_posts", &[("topic", topic)])
        .await
        .ok()
        .json();
    ids(&both[0])
}

/// The posts of `c`'s feed.
async fn feed_ids(c: &Client) -> Vec<i64> {
    ids(&c.call("get_feed", &[]).await.ok().json()["list"])
}

fn refused(r: &Reply) -> String {
    r.error()["Refused"]
        .as_str()
        .unwrap_or_else(|| panic!("not a refusal ({}): {}", r.status, r.body))
        .to_owned()
}

async fn notification_texts(c: &Client) -> Vec<String> {
    c.call("get_notifications", &[]).await.ok().json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_owned())
        .collect()
}

async fn counters(c: &Client) -> (i64, i64) {
    let n = c.call("get_counters", &[]).await.ok().json();
    (n["bell"].as_i64().unwrap(), n["messages"].as_i64().unwrap())
}

async fn make_public(c: &Client) {
    c.call("save_profile", &[("form[visibility]", "public")])
        .await
        .ok();
}

async fn posts_privacy_and_feed(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = member(&app, "Ana Author", "ana@example.org").await;
    let ben = member(&app, "Ben Reader", "ben@example.org").await;
    let visitor = app.client();
    let ana_id = id_of(&ana).await;
    let topic = format!("m:{ana_id}");

    let open = post(&ana, "Our **new** bike lanes", "public").await;
    let closed = post(&ana, "Budget figures, members only", "members").await;
    // an empty post is refused beside its field; visitors cannot post
    let empty = ana
        .call("create_post", &[("form[body]", "  "), ("back", "/")])
        .await;
    assert_eq!(empty.error()["Validation"]["field"], "body");
    assert_eq!(
        visitor
            .call("create_post", &[("form[body]", "x"), ("back", "/")])
            .await
            .status,
        401
    );

    // a new member's profile is for members only: visitors see none of it
    assert_eq!(topic_ids(&visitor, &topic).await, Vec::<i64>::new());
    let hidden_author = visitor
        .call("get_post", &[("id", &open.to_string())])
        .await
        .status;
    assert!(
        matches!(hidden_author, 401 | 404),
        "a members-only profile's post is not shown to visitors: {hidden_author}"
    );
    // a public profile: visitors see its public posts only
    make_public(&ana).await;
    assert_eq!(topic_ids(&visitor, &topic).await, vec![open]);
    // members see both, the members-only one marked so
    let both = ben
        .call("get_topic_posts", &[("topic", &topic)])
        .await
        .ok()
        .json();
    assert_eq!(ids(&both[0]), vec![closed, open]);
    assert_eq!(both[0]["posts"][0]["audience"], "Members only");
    assert_eq!(both[0]["posts"][1]["audience"], Value::Null);
    assert!(both[0]["posts"][1]["body_html"]
        .as_str()
        .unwrap()
        .contains("<strong>new</strong>"));
    assert_eq!(both[1]["following"], false);

    // the feed: not Ana's posts until Ben follows her
    assert_eq!(visitor.call("get_feed", &[]).await.status, 401);
    let before = feed_ids(&ben).await;
    assert!(!before.contains(&open) && !before.contains(&closed));
    let state = ben
        .call(
            "follow",
            &[("topic", &topic), ("on", "true"), ("back", "/")],
        )
        .await
        .ok()
        .json();
    assert_eq!(state["following"], true);
    assert_eq!(state["followers"], 1);
    assert_eq!(feed_ids(&ben).await, vec![closed, open]);
    assert_eq!(ben.call("get_feed", &[]).await.ok().json()["follows"], 1);
    // following oneself or nothing is refused
    let own = format!("m:{}", id_of(&ben).await);
    assert_eq!(
        refused(
            &ben.call("follow", &[("topic", &own), ("on", "true"), ("back", "/")])
                .await
        ),
        "ErrFollowSelf"
    );
    assert_eq!(
        ben.call(
            "follow",
            &[("topic", "m:999999"), ("on", "true"), ("back", "/")]
        )
        .await
        .status,
        404
    );
    // the author's own feed has their posts
    assert_eq!(feed_ids(&ana).await, vec![closed, open]);

    // a members-only post asks visitors to sign in, and shows to members
    let sid = closed.to_string();
    assert_eq!(visitor.call("get_post", &[("id", &sid)]).await.status, 401);
    let page = ben.call("get_post", &[("id", &sid)]).await.ok().json();
    assert!(page["post"]["body_html"]
        .as_str()
        .unwrap()
        .contains("Budget figures"));
    assert_eq!(page["post"]["mine"], false);
    assert_eq!(page["body"], "", "the raw text is for the author's form");
    let public_page = visitor
        .call("get_post", &[("id", &open.to_string())])
        .await
        .ok()
        .json();
    assert_eq!(public_page["post"]["member"], false);

    // unfollowing takes her posts out of the feed again
    ben.call(
        "follow",
        &[("topic", &topic), ("on", "false"), ("back", "/")],
    )
    .await
    .ok();
    assert!(!feed_ids(&ben).await.contains(&open));
    app.stop().await;
}

async fn comments_reactions_mentions_notifications(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = member(&app, "Ana Author", "ana@example.org").await;
    let ben = member(&app, "Ben Reader", "ben@example.org").await;
    let cleo = member(&app, "Cleo Third", "cleo@example.org").await;
    let ana_id = id_of(&ana).await;
    let p = post(&ana, "What worked for your city's buses?", "public").await;
    let sp = p.to_string();

    let first: i64 = ben
        .call(
            "add_comment",
            &[("post", &sp), ("body", "Night lines did.")],
        )
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    ben.call(
        "react",
        &[
            ("post", &sp),
            ("kind", "useful"),
            ("on", "true"),
            ("back", ""),
        ],
    )
    .await
    .ok();
    // an unknown reaction is refused
    assert_eq!(
        ben.call(
            "react",
            &[
                ("post", &sp),
                ("kind", "angry"),
                ("on", "true"),
                ("back", "")
            ]
        )
        .await
        .error()["Validation"]["field"],
        "kind"
    );
    let texts = notification_texts(&ana).await;
    assert!(
        texts
            .iter()
            .any(|t| t == "Ben Reader commented on a post you follow"),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t == "Ben Reader reacted to your post"),
        "{texts:?}"
    );
    let (bell, _) = counters(&ana).await;
    assert!(bell >= 2, "bell {bell}");
    // a visitor has no counters, and no notifications
    assert_eq!(counters(&app.client()).await, (0, 0));
    assert_eq!(
        app.client().call("get_notifications", &[]).await.status,
        401
    );

    // a mention by exact name
    let mention: i64 = ben
        .call(
            "add_comment",
            &[
                ("post", &sp),
                ("body", "Thanks @[Ana Author], and see above."),
            ],
        )
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    let texts = notification_texts(&ana).await;
    assert!(
        texts.iter().any(|t| t == "Ben Reader mentioned you"),
        "{texts:?}"
    );

    // one level of replies: a reply to a reply answers the first comment
    let sfirst = first.to_string();
    let reply: i64 = cleo
        .call(
            "add_comment",
            &[("post", &sp), ("parent", &sfirst), ("body", "Which hours?")],
        )
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    let sreply = reply.to_string();
    let deeper: i64 = ben
        .call(
            "add_comment",
            &[
                ("post", &sp),
                ("parent", &sreply),
                ("body", "Midnight to five."),
            ],
        )
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    // the first comment's author hears of the reply
    assert!(notification_texts(&ben)
        .await
        .iter()
        .any(|t| t == "Cleo Third commented on a post you follow"));
    let page = cleo.call("get_post", &[("id", &sp)]).await.ok().json();
    let top: Vec<i64> = page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(top, vec![first, mention]);
    let replies: Vec<i64> = page["comments"][0]["replies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(replies, vec![reply, deeper]);
    assert!(page["comments"][0]["replies"][0]["replies"]
        .as_array()
        .unwrap()
        .is_empty());
    // the mention links to the member's page
    assert!(
        page["comments"][1]["body_html"]
            .as_str()
            .unwrap()
            .contains(&format!("href=\"/people/{ana_id}\"")),
        "{}",
        page["comments"][1]["body_html"]
    );
    assert_eq!(page["post"]["comments"], 4);
    let useful = page["post"]["reactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "useful")
        .unwrap()
        .clone();
    assert_eq!(useful["count"], 1);
    assert_eq!(useful["mine"], false, "Cleo did not react");
    // a reply to a comment of another post is refused
    let other = post(&ana, "Another post", "public").await;
    assert_eq!(
        cleo.call(
            "add_comment",
            &[
                ("post", &other.to_string()),
                ("parent", &sfirst),
                ("body", "x")
            ],
        )
        .await
        .status,
        404
    );

    // reading them all empties the bell
    ana.call("read_notifications", &[]).await.ok();
    assert_eq!(counters(&ana).await.0, 0);
    app.stop().await;
}

async fn messages_permissions_and_blocks(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    let ana = member(&app, "Ana Author", "ana@example.org").await;
    let cleo = member(&app, "Cleo Third", "cleo@example.org").await;
    let ana_id = id_of(&ana).await.to_string();
    let cleo_id = id_of(&cleo).await.to_string();
    let hello = [("to", cleo_id.as_str()), ("body", "Hello Cleo, welcome")];

    // nothing in common: refused, and nothing stored
    let r = ana.call("send_message", &hello).await;
    assert_eq!(r.status, 400);
    assert_eq!(refused(&r), "ErrMessageNotAllowed");
    assert!(
        cleo.call("get_inbox", &[]).await.ok().json()["conversations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        ana.call("get_inbox", &[]).await.ok().json()["conversations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let conv = ana
        .call("get_conversation", &[("other", &cleo_id)])
        .await
        .ok()
        .json();
    assert_eq!(conv["refusal"], "ErrMessageNotAllowed");
    assert!(conv["messages"].as_array().unwrap().is_empty());

    // both join the same themed network
    let networks = ana.call("get_networks", &[]).await.ok().json();
    let items = networks["items"].as_array().unwrap();
    assert!(!items.is_empty(), "every theme is a network");
    assert_eq!(networks["may_create"], false);
    let net = items[0]["id"].as_i64().unwrap().to_string();
    for c in [&ana, &cleo] {
        c.call("join_network", &[("id", &net), ("what", "join")])
            .await
            .ok();
    }
    let mine = ana.call("get_networks", &[]).await.ok().json();
    let card = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"].as_i64().unwrap().to_string() == net)
        .unwrap()
        .clone();
    assert_eq!(card["mine"], "active");
    assert_eq!(card["members"], 2);

    let sent: i64 = ana
        .call("send_message", &hello)
        .await
        .ok()
        .json()
        .as_i64()
        .unwrap();
    assert!(sent > 0);
    let inbox = cleo.call("get_inbox", &[]).await.ok().json();
    let item = &inbox["conversations"][0];
    assert_eq!(item["other_name"], "Ana Author");
    assert_eq!(item["unread"], 1);
    assert_eq!(item["snippet"], "Hello Cleo, welcome");
    assert_eq!(counters(&cleo).await.1, 1);
    // the sender has nothing unread
    assert_eq!(
        ana.call("get_inbox", &[]).await.ok().json()["conversations"][0]["unread"],
        0
    );

    // opening the conversation reads it (and its notification)
    let conv = cleo
        .call("get_conversation", &[("other", &ana_id)])
        .await
        .ok()
        .json();
    assert_eq!(conv["messages"][0]["body"], "Hello Cleo, welcome");
    assert_eq!(conv["messages"][0]["mine"], false);
    assert_eq!(conv["refusal"], Value::Null);
    assert_eq!(
        cleo.call("get_inbox", &[]).await.ok().json()["conversations"][0]["unread"],
        0
    );
    assert_eq!(counters(&cleo).await, (0, 0));
    // an answer the other way
    cleo.call("send_message", &[("to", &ana_id), ("body", "Hi Ana")])
        .await
        .ok();
    assert_eq!(counters(&ana).await.1, 1);

    // Cleo blocks Ana: neither can write any more
    cleo.call("block_member", &[("other", &ana_id), ("on", "true")])
        .await
        .ok();
    let r = ana
        .call(
            "send_message",
            &[("to", &cleo_id), ("body", "Still there?")],
        )
        .await;
    assert_eq!(refused(&r), "ErrMessageBlocked");
    assert_eq!(
        refused(
            &cleo
                .call("send_message", &[("to", &ana_id), ("body", "x")])
                .await
        ),
        "ErrMessageBlocked"
    );
    let conv = cleo
        .call("get_conversation", &[("other", &ana_id)])
        .await
        .ok()
        .json();
    assert_eq!(conv["blocked_by_me"], true);
    assert_eq!(
        conv["messages"].as_array().unwrap().len(),
        2,
        "nothing stored"
    );
    // unblocking lets them write again
    cleo.call("block_member", &[("other", &ana_id), ("on", "false")])
        .await
        .ok();
    ana.call("send_message", &[("to", &cleo_id), ("body", "Thanks")])
        .await
        .ok();
    // no messages to oneself, nor to nobody
    let own = ana_id.clone();
    assert_eq!(
        ana.call("send_message", &[("to", &own), ("body", "me")])
            .await
            .status,
        404
    );
    assert_eq!(app.client().call("send_message", &hello).await.status, 401);
    app.stop().await;
}

async fn report(c: &Client, subject: &str, reason: &str) -> Reply {
    c.call(
        "report",
        &[
            ("subject", subject),
            ("reason", reason),
            ("note", "Advertising"),
            ("back", "/"),
        ],
    )
    .await
}

async fn moderation_threshold_and_suspension(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    assert_eq!(app.state.config.social.report_threshold, 3);
    let ana = member(&app, "Ana Author", "ana@example.org").await;
    let ben = member(&app, "Ben Reader", "ben@example.org").await;
    let cleo = member(&app, "Cleo Third", "cleo@example.org").await;
    let dan = member(&app, "Dan Fourth", "dan@example.org").await;
    let sam = with_role(&app, "Sam Staff", "sam@example.org", Role::Staff).await;
    let visitor = app.client();
    make_public(&ana).await;
    let ana_id = id_of(&ana).await;
    let topic = format!("m:{ana_id}");
    ben.call(
        "follow",
        &[("topic", &topic), ("on", "true"), ("back", "/")],
    )
    .await
    .ok();
    let p = post(&ana, "Buy cheap watches here", "public").await;
    let kept = post(&ana, "A fine post", "public").await;
    let subject = format!("post:{p}");
    report(&ben, &subject, "spam").await.ok();
    // the same member twice, the author, a bad reason: refused
    assert_eq!(
        refused(&report(&ben, &subject, "spam").await),
        "ErrReportedAlready"
    );
    assert_eq!(
        refused(&report(&ana, &subject, "spam").await),
        "ErrReportOwn"
    );
    assert_eq!(
        report(&cleo, &subject, "boring").await.error()["Validation"]["field"],
        "reason"
    );
    report(&cleo, &subject, "spam").await.ok();
    // two reports: still shown
    assert!(feed_ids(&ben).await.contains(&p));
    report(&dan, &subject, "spam").await.ok();
    // three: hidden from every list until a moderator looks
    assert_eq!(feed_ids(&ben).await, vec![kept]);
    assert_eq!(topic_ids(&ben, &topic).await, vec![kept]);
    assert_eq!(topic_ids(&visitor, &topic).await, vec![kept]);
    assert_eq!(
        ben.call("get_post", &[("id", &p.to_string())]).await.status,
        404
    );
    // its author still opens it, marked hidden
    let own = ana
        .call("get_post", &[("id", &p.to_string())])
        .await
        .ok()
        .json();
    assert_eq!(own["post"]["hidden"], true);

    // the queue is for moderators only
    assert_eq!(ben.call("get_moderation", &[]).await.status, 403);
    assert_eq!(visitor.call("get_moderation", &[]).await.status, 401);
    let queue = sam.call("get_moderation", &[]).await.ok().json();
    assert_eq!(queue["threshold"], 3);
    let item = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["subject"] == subject.as_str())
        .unwrap_or_else(|| panic!("not in the queue: {queue}"))
        .clone();
    assert_eq!(item["reporters"], 3);
    assert_eq!(item["hidden"], true);
    assert_eq!(item["author_id"], ana_id);
    assert!(item["excerpt"].as_str().unwrap().contains("cheap watches"));
    // members may not act
    assert_eq!(
        ben.call(
            "moderate",
            &[
                ("subject", &subject),
                ("action", "restore"),
                ("reason", "x")
            ]
        )
        .await
        .status,
        403
    );
    sam.call(
        "moderate",
        &[
            ("subject", &subject),
            ("action", "restore"),
            ("reason", "Not spam after all"),
        ],
    )
    .await
    .ok();
    assert_eq!(feed_ids(&ben).await, vec![kept, p]);
    assert_eq!(topic_ids(&visitor, &topic).await, vec![kept, p]);
    let queue = sam.call("get_moderation", &[]).await.ok().json();
    assert!(
        !queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["subject"] == subject.as_str()),
        "resolved: {queue}"
    );
    assert!(queue["log"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["subject"] == subject.as_str() && e["reason"] == "Not spam after all"));

    // suspending needs a reason; then the member is out and their posts gone
    let member_subject = format!("member:{ana_id}");
    let no_reason = sam
        .call(
            "moderate",
            &[
                ("subject", &member_subject),
                ("action", "suspend"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(no_reason.error()["Validation"]["field"], "reason");
    sam.call(
        "moderate",
        &[
            ("subject", &member_subject),
            ("action", "suspend"),
            ("reason", "Repeated spam"),
        ],
    )
    .await
    .ok();
    assert_eq!(ana.whoami().await, Value::Null, "their sessions end");
    let again = ana.sign_in("ana@example.org", PASSWORD).await;
    assert_eq!(refused(&again), "ErrSuspended");
    assert!(feed_ids(&ben).await.is_empty());
    assert!(topic_ids(&ben, &topic).await.is_empty());
    assert!(topic_ids(&visitor, &topic).await.is_empty());
    assert_eq!(
        ben.call("get_post", &[("id", &kept.to_string())])
            .await
            .status,
        404
    );
    // reinstated: back in, posts back
    sam.call(
        "moderate",
        &[
            ("subject", &member_subject),
            ("action", "reinstate"),
            ("reason", "Appeal accepted"),
        ],
    )
    .await
    .ok();
    ana.sign_in("ana@example.org", PASSWORD).await.ok();
    assert_eq!(feed_ids(&ben).await, vec![kept, p]);
    app.stop().await;
}

/// Reads server-sent events until one whose data contains `needle`.
async fn sse_until(res: &mut reqwest::Response, buf: &mut String, needle: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(at) = buf.find("\n\n") {
            let msg: String = buf.drain(..at + 2).collect();
            if let Some(data) = msg
                .lines()
                .find_map(|l| l.strip_prefix("data:"))
                .filter(|d| d.contains(needle))
            {
                return serde_json::from_str(data.trim()).unwrap();
            }
            continue;
        }
        let chunk = tokio::time::timeout_at(deadline, res.chunk())
            .await
            .unwrap_or_else(|_| panic!("no live message with {needle:?}; got {buf}"))
            .unwrap()
            .unwrap_or_else(|| panic!("stream ended; got {buf}"));
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}

async fn live_channel(b: Backend) {
    let Some(app) = TestApp::spawn(b).await else {
        return;
    };
    assert_eq!(app.client().get("/live/me").await.status, 401);
    let ana = member(&app, "Ana Author", "ana@example.org").await;
    let ben = member(&app, "Ben Reader", "ben@example.org").await;
    let mut res = ana
        .http
        .get(format!("{}/live/me", ana.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut buf = String::new();
    let hello = sse_until(&mut res, &mut buf, "\"hello\"").await;
    assert_eq!(hello["bell"], 0);
    assert_eq!(hello["messages"], 0);
    // a new follower rings the bell of the open page
    let topic = format!("m:{}", id_of(&ana).await);
    ben.call(
        "follow",
        &[("topic", &topic), ("on", "true"), ("back", "/")],
    )
    .await
    .ok();
    let rung = sse_until(&mut res, &mut buf, "\"member\"").await;
    assert_eq!(rung["bell"], 1);
    drop(res);
    app.stop().await;
}

on_both_backends!(
    posts_privacy_and_feed,
    comments_reactions_mentions_notifications,
    messages_permissions_and_blocks,
    moderation_threshold_and_suspension,
    live_channel,
);
