//! The social network's use cases: posts and the feed (here), themed
//! networks (`networks`), direct messages (`messages`), notifications
//! (`notifications`) and moderation (`moderation`).
//!
//! A post is filed under topics (its author, city, networks — a theme's
//! network included — and pairing); a member's feed is the newest posts
//! under the topics they follow plus their own, their city's and their
//! themes' (so a new member's feed is never empty). Who sees what:
//! visitors only public posts of members whose profile is public; members
//! every post, except those of members they blocked or who blocked them;
//! nobody posts of suspended members or hidden posts (moderators and the
//! author still open a hidden post).

pub mod messages;
pub mod moderation;
pub mod networks;
pub mod notifications;

use super::context::{Ctx, Signal};
use super::markdown;
use super::news::zone_or_utc;
use super::rate_limit::{self, Limit};
use crate::domain::social::{
    mentions, text, NotificationKind, PostForm, PostVisibility, ReactionKind, ReportReason, Topic,
    MAX_COMMENT,
};
use crate::domain::Locale;
use crate::dto::{
    Choice, CommentView, Composer, Feed, FollowState, Link, PostList, PostPage, PostView,
    ReactionView,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::social::{PostQuery, PostRecord, PostWrite};
use crate::store::UserRecord;
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// Posts per page of a feed or list.
pub const PER_PAGE: i64 = 10;

/// Tells open pages (this instance, and through the database the others).
pub(crate) async fn announce(ctx: &Ctx, signal: Signal) {
    if let Err(e) = ctx.store.publish_social(&signal.encode()).await {
        tracing::warn!(error = %e, "social signal not published");
    }
    ctx.changes.social(&signal);
}

/// Counts a write against the member's hourly allowance.
pub(crate) async fn pace(
    ctx: &Ctx,
    user: &UserRecord,
    what: &str,
    max: i64,
) -> Result<(), AppError> {
    rate_limit::take(
        &*ctx.store,
        &format!("social:{what}:{}", user.id.0),
        &Limit {
            max,
            window_secs: 3600,
        },
        ctx.now(),
    )
    .await
}

/// The topics a member's feed reads: their own posts, what they follow,
/// their city, their themes' networks and the networks they joined.
pub async fn feed_topics(ctx: &Ctx, user: i64) -> Result<Vec<String>, AppError> {
    let store = &*ctx.store;
    let mut topics: Vec<String> = vec![Topic::Member(user).code()];
    topics.extend(store.follows_of(user).await?);
    if let Some(p) = store.profile(crate::domain::UserId(user)).await? {
        if let Some(city) = p.city_id {
            topics.push(Topic::City(city).code());
        }
        let mask = p.interests_mask | p.offer_mask | p.seek_mask;
        if mask != 0 {
            // one read of the networks, not one per theme
            let networks = store.network_names().await?;
            for t in store.themes().await? {
                if mask & (1 << t.bit) != 0 {
                    let of_theme = networks
                        .iter()
                        .find(|(_, theme, _)| theme.as_deref() == Some(t.id.as_str()));
                    if let Some((n, _, _)) = of_theme {
                        topics.push(Topic::Network(*n).code());
                    }
                }
            }
        }
    }
    for m in store.memberships_of(user).await? {
        if m.status == "active" {
            topics.push(Topic::Network(m.network_id).code());
        }
    }
    let mut seen = HashSet::new();
    topics.retain(|t| seen.insert(t.clone()));
    Ok(topics)
}

/// A signed-in member's feed, from `before` (a post id) on.
pub async fn feed(
    ctx: &Ctx,
    user: &UserRecord,
    before: Option<i64>,
    locale: Locale,
    zone: Option<&str>,
) -> Result<Feed, AppError> {
    let topics = feed_topics(ctx, user.id.0).await?;
    let follows = ctx.store.follows_of(user.id.0).await?.len() as i64;
    let list = list_of(ctx, Some(user), topics, before, locale, zone).await?;
    Ok(Feed {
        list,
        composer: composer(ctx, user, locale).await?,
        follows,
    })
}

/// The posts under one topic (a profile, a city, a network, a pairing).
pub async fn topic_posts(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    topic: Topic,
    before: Option<i64>,
    locale: Locale,
    zone: Option<&str>,
) -> Result<PostList, AppError> {
    list_of(ctx, viewer, vec![topic.code()], before, locale, zone).await
}

async fn list_of(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    topics: Vec<String>,
    before: Option<i64>,
    locale: Locale,
    zone: Option<&str>,
) -> Result<PostList, AppError> {
    let records = ctx
        .store
        .posts(&PostQuery {
            topics,
            before,
            limit: PER_PAGE + 1,
            viewer: viewer.map(|u| u.id.0),
        })
        .await?;
    let more = records.len() as i64 > PER_PAGE;
    let records: Vec<PostRecord> = records.into_iter().take(PER_PAGE as usize).collect();
    let next = if more {
        records.last().map(|p| p.id)
    } else {
        None
    };
    let top = records.first().map(|p| p.id).unwrap_or(0);
    let posts = views(ctx, viewer, &records, locale, zone_or_utc(zone)).await?;
    Ok(PostList { posts, next, top })
}

/// How many posts newer than `after` a member's feed has now (at most 50).
pub async fn new_in_feed(
    ctx: &Ctx,
    user: i64,
    topics: &[String],
    after: i64,
) -> Result<i64, AppError> {
    if after <= 0 {
        return Ok(0);
    }
    let posts = ctx
        .store
        .posts(&PostQuery {
            topics: topics.to_vec(),
            before: None,
            limit: 50,
            viewer: Some(user),
        })
        .await?;
    Ok(posts
        .iter()
        .filter(|p| p.id > after && p.author_id != user)
        .count() as i64)
}

fn theme_name(t: &crate::store::ThemeRow, locale: Locale) -> String {
    t.names[match locale {
        Locale::En => 0,
        Locale::Fr => 1,
        Locale::Es => 2,
    }]
    .clone()
}

/// What a member can post with: their themes and networks, the audiences.
pub async fn composer(ctx: &Ctx, user: &UserRecord, locale: Locale) -> Result<Composer, AppError> {
    let store = &*ctx.store;
    let themes = store
        .themes()
        .await?
        .iter()
        .map(|t| Choice {
            value: t.id.clone(),
            label: theme_name(t, locale),
        })
        .collect();
    let all = store.network_names().await?;
    let mine: HashSet<i64> = store
        .memberships_of(user.id.0)
        .await?
        .into_iter()
        .filter(|m| m.status == "active")
        .map(|m| m.network_id)
        .collect();
    let networks = all
        .iter()
        .filter(|(id, theme, _)| theme.is_none() && mine.contains(id))
        .map(|(id, _, name)| Choice {
            value: id.to_string(),
            label: name.clone(),
        })
        .collect();
    let visibilities = PostVisibility::ALL
        .iter()
        .map(|v| Choice {
            value: v.as_str().to_owned(),
            label: v.label().text(locale).to_owned(),
        })
        .collect();
    let city = store.profile(user.id).await?.and_then(|p| {
        Some(Choice {
            value: p.city_id?.to_string(),
            label: p.city_name?,
        })
    });
    Ok(Composer {
        themes,
        networks,
        visibilities,
        city,
    })
}

/// Posts as a reader sees them: reactions, comment counts, links.
pub async fn views(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    records: &[PostRecord],
    locale: Locale,
    tz: Tz,
) -> Result<Vec<PostView>, AppError> {
    let store = &*ctx.store;
    let ids: Vec<i64> = records.iter().map(|p| p.id).collect();
    let (counts, mine) = store.reactions_of(&ids, viewer.map(|u| u.id.0)).await?;
    let comments: HashMap<i64, i64> = store.comment_counts(&ids).await?.into_iter().collect();
    let themes = store.themes().await?;
    let all = if records
        .iter()
        .any(|p| p.network_id.is_some() || !p.themes.is_empty())
    {
        store.network_names().await?
    } else {
        Vec::new()
    };
    let networks: HashMap<i64, String> = all
        .iter()
        .map(|(id, _, name)| (*id, name.clone()))
        .collect();
    let theme_networks: HashMap<String, i64> = all
        .iter()
        .filter_map(|(id, theme, _)| Some((theme.clone()?, *id)))
        .collect();
    let mut out = Vec::with_capacity(records.len());
    for p in records {
        let reactions = ReactionKind::ALL
            .iter()
            .map(|k| ReactionView {
                kind: k.as_str().to_owned(),
                label: k.label().text(locale).to_owned(),
                count: counts
                    .iter()
                    .find(|(id, kind, _)| *id == p.id && kind == k.as_str())
                    .map(|c| c.2)
                    .unwrap_or(0),
                mine: mine
                    .iter()
                    .any(|(id, kind)| *id == p.id && kind == k.as_str()),
            })
            .collect();
        let mut about = Vec::new();
        if let (Some(id), Some(name)) = (p.city_id, &p.city_name) {
            about.push(Link {
                href: format!("/cities/{id}"),
                label: name.clone(),
            });
        }
        for t in p.theme_list() {
            if let Some(row) = themes.iter().find(|r| r.id == t) {
                about.push(Link {
                    href: theme_networks
                        .get(&t)
                        .map(|n| format!("/networks/{n}"))
                        .unwrap_or_else(|| "/networks".to_owned()),
                    label: theme_name(row, locale),
                });
            }
        }
        if let Some(n) = p
            .network_id
            .and_then(|n| networks.get(&n).map(|name| (n, name)))
        {
            about.push(Link {
                href: format!("/networks/{}", n.0),
                label: n.1.clone(),
            });
        }
        if let Some(e) = p.event_id {
            about.push(Link {
                href: format!("/events/{e}"),
                label: Msg::PostAboutEvent.text(locale).to_owned(),
            });
        }
        if let Some(pr) = p.pairing_id {
            about.push(Link {
                href: format!("/pairing/{pr}"),
                label: Msg::PostAboutPairing.text(locale).to_owned(),
            });
        }
        out.push(PostView {
            id: p.id,
            author_id: p.author_id,
            author_name: p.author_name.clone(),
            photo_url: super::network::photo_url(&p.author_photo),
            body_html: render(ctx, &p.body).await?,
            image_url: p.image.as_ref().map(|i| format!("/media/photos/{i}.jpg")),
            date: super::time::instant(locale, p.created_at, tz),
            iso: super::time::rfc3339(p.created_at),
            edited: p.edited_at.is_some(),
            audience: (p.visibility == "members").then(|| Msg::PostMembers.text(locale).to_owned()),
            about,
            reactions,
            comments: comments.get(&p.id).copied().unwrap_or(0),
            mine: viewer.is_some_and(|u| u.id.0 == p.author_id),
            member: viewer.is_some(),
            hidden: p.hidden != 0,
        });
    }
    Ok(out)
}

/// Markdown made safe, `@[Name]` mentions of known members linked.
async fn render(ctx: &Ctx, body: &str) -> Result<String, AppError> {
    let names = mentions(body);
    let mut text = body.to_owned();
    if !names.is_empty() {
        for (id, name) in ctx.store.members_named(&names).await? {
            for n in &names {
                if n.eq_ignore_ascii_case(&name) {
                    // the name comes back as Markdown link text: brackets escaped
                    let label = name.replace(['[', ']'], "");
                    text = text.replace(&format!("@[{n}]"), &format!("[@{label}](/people/{id})"));
                }
            }
        }
    }
    Ok(markdown::to_safe_html(&text))
}

/// Who may see a post: hidden ones only their author and moderators; then
/// members-only posts and members with a non-public profile need a
/// signed-in reader; blocked members never see each other's.
pub(crate) async fn readable(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    p: &PostRecord,
) -> Result<bool, AppError> {
    let store = &*ctx.store;
    let moderator = match viewer {
        Some(u) => moderation::may_moderate_post(ctx, u, p).await?,
        None => false,
    };
    if moderator {
        return Ok(true);
    }
    if store.is_suspended(p.author_id).await? {
        return Ok(false);
    }
    match viewer {
        None => Ok(p.hidden == 0 && p.visibility == "public" && p.author_visibility == 0),
        Some(u) if u.id.0 == p.author_id => Ok(true),
        Some(u) => Ok(p.hidden == 0 && !store.blocked_between(u.id.0, p.author_id).await?),
    }
}

/// A post with its comments.
pub async fn post_page(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    id: i64,
    locale: Locale,
    zone: Option<&str>,
) -> Result<PostPage, AppError> {
    let store = &*ctx.store;
    let p = store.post(id).await?.ok_or(AppError::NotFound)?;
    if !readable(ctx, viewer, &p).await? {
        // a visitor is asked to sign in for a members-only post
        if viewer.is_none()
            && p.hidden == 0
            && (p.visibility == "members" || p.author_visibility == 1)
        {
            return Err(AppError::Unauthorized);
        }
        return Err(AppError::NotFound);
    }
    let tz = zone_or_utc(zone);
    let may_moderate = match viewer {
        Some(u) => moderation::may_moderate_post(ctx, u, &p).await?,
        None => false,
    };
    let blocked: HashSet<i64> = match viewer {
        Some(u) => store.blocks_of(u.id.0).await?.into_iter().collect(),
        None => HashSet::new(),
    };
    let mut top: Vec<CommentView> = Vec::new();
    let mut replies: Vec<(i64, CommentView)> = Vec::new();
    for c in store.comments_of(id).await? {
        let mine = viewer.is_some_and(|u| u.id.0 == c.author_id);
        if (c.hidden != 0 && !mine && !may_moderate) || blocked.contains(&c.author_id) {
            continue;
        }
        let view = CommentView {
            id: c.id,
            author_id: c.author_id,
            author_name: c.author_name.clone(),
            body_html: render(ctx, &c.body).await?,
            date: super::time::instant(locale, c.created_at, tz),
            mine,
            hidden: c.hidden != 0,
            replies: Vec::new(),
        };
        match c.parent_id {
            None => top.push(view),
            Some(parent) => replies.push((parent, view)),
        }
    }
    for (parent, r) in replies {
        if let Some(t) = top.iter_mut().find(|t| t.id == parent) {
            t.replies.push(r);
        }
    }
    let post = views(ctx, viewer, std::slice::from_ref(&p), locale, tz)
        .await?
        .remove(0);
    let mine = viewer.is_some_and(|u| u.id.0 == p.author_id);
    let composer = match viewer {
        Some(u) if mine => Some(composer(ctx, u, locale).await?),
        _ => None,
    };
    Ok(PostPage {
        post,
        comments: top,
        reasons: reasons(locale),
        may_moderate,
        body: if mine { p.body.clone() } else { String::new() },
        composer,
        visibility: p.visibility.clone(),
        city: p.city_id.map(|c| c.to_string()).unwrap_or_default(),
        themes: p.theme_list(),
        network: p.network_id.map(|n| n.to_string()).unwrap_or_default(),
    })
}

pub fn reasons(locale: Locale) -> Vec<Choice> {
    ReportReason::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: r.label().text(locale).to_owned(),
        })
        .collect()
}

/// The checked post and the topics it is filed under.
async fn write_of(ctx: &Ctx, user: &UserRecord, form: &PostForm) -> Result<PostWrite, AppError> {
    let d = form.validate()?;
    let store = &*ctx.store;
    let mut topics = vec![Topic::Member(user.id.0).code()];
    if let Some(c) = d.city {
        if store.city_by_id(c).await?.is_none() {
            return Err(AppError::validation("city", Msg::ErrChoice));
        }
        topics.push(Topic::City(c).code());
    }
    let known = store.themes().await?;
    for t in &d.themes {
        if !known.iter().any(|k| &k.id == t) {
            return Err(AppError::validation("themes", Msg::ErrChoice));
        }
        if let Some(n) = store.network_of_theme(t).await? {
            topics.push(Topic::Network(n).code());
        }
    }
    if let Some(n) = d.network {
        // only into networks the author belongs to
        let member = store
            .memberships_of(user.id.0)
            .await?
            .iter()
            .any(|m| m.network_id == n && m.status == "active");
        if !member {
            return Err(AppError::validation("network", Msg::ErrChoice));
        }
        topics.push(Topic::Network(n).code());
    }
    if let Some(e) = d.event {
        if store.event(e).await?.is_none() {
            return Err(AppError::validation("event", Msg::ErrChoice));
        }
    }
    if let Some(p) = d.pairing {
        if store.pairing(p).await?.is_none() {
            return Err(AppError::validation("pairing", Msg::ErrChoice));
        }
        topics.push(Topic::Pairing(p).code());
    }
    Ok(PostWrite {
        body: d.body,
        visibility: d.visibility.as_str().to_owned(),
        city: d.city,
        themes: d.themes,
        event: d.event,
        pairing: d.pairing,
        network: d.network,
        topics,
    })
}

/// Tells the members a text mentions (not the writer, not those blocking them).
async fn notify_mentions(
    ctx: &Ctx,
    user: &UserRecord,
    body: &str,
    subject: &str,
) -> Result<(), AppError> {
    let names = mentions(body);
    if names.is_empty() {
        return Ok(());
    }
    for (id, _) in ctx.store.members_named(&names).await? {
        if id != user.id.0 && !ctx.store.blocked_between(id, user.id.0).await? {
            notifications::notify(ctx, id, NotificationKind::Mention, Some(user.id.0), subject)
                .await?;
        }
    }
    Ok(())
}

pub async fn create_post(ctx: &Ctx, user: &UserRecord, form: &PostForm) -> Result<i64, AppError> {
    let w = write_of(ctx, user, form).await?;
    pace(ctx, user, "post", ctx.config.social.posts_per_hour).await?;
    let id = ctx.store.create_post(user.id, &w, ctx.now()).await?;
    tracing::info!(post = id, "post published");
    notify_mentions(ctx, user, &w.body, &format!("post:{id}")).await?;
    announce(
        ctx,
        Signal::Post {
            id,
            author: user.id.0,
            topics: w.topics,
        },
    )
    .await;
    Ok(id)
}

pub async fn update_post(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    form: &PostForm,
) -> Result<(), AppError> {
    let p = ctx.store.post(id).await?.ok_or(AppError::NotFound)?;
    if p.author_id != user.id.0 {
        return Err(AppError::Forbidden);
    }
    let w = write_of(ctx, user, form).await?;
    if !ctx.store.update_post(id, user.id, &w, ctx.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The author, staff, or a moderator of the post's network.
pub async fn delete_post(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<(), AppError> {
    let p = ctx.store.post(id).await?.ok_or(AppError::NotFound)?;
    let allowed = p.author_id == user.id.0 || moderation::may_moderate_post(ctx, user, &p).await?;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    ctx.store.delete_post(id).await?;
    if p.author_id != user.id.0 {
        ctx.store
            .log_moderation(user.id, "delete", &format!("post:{id}"), "", ctx.now())
            .await?;
    }
    if let Some(img) = p.image {
        let _ = tokio::fs::remove_file(ctx.config.photos_dir().join(format!("{img}.jpg"))).await;
    }
    Ok(())
}

/// A post the member may act on (react, comment, report).
async fn visible_post(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<PostRecord, AppError> {
    let p = ctx.store.post(id).await?.ok_or(AppError::NotFound)?;
    if !readable(ctx, Some(user), &p).await? || p.hidden != 0 {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

pub async fn react(
    ctx: &Ctx,
    user: &UserRecord,
    post: i64,
    kind: &str,
    on: bool,
) -> Result<(), AppError> {
    let kind = ReactionKind::parse(kind)?;
    let p = visible_post(ctx, user, post).await?;
    let changed = ctx
        .store
        .react(post, user.id, kind.as_str(), on, ctx.now())
        .await?;
    if changed && on && p.author_id != user.id.0 {
        notifications::notify(
            ctx,
            p.author_id,
            NotificationKind::Reaction,
            Some(user.id.0),
            &format!("post:{post}"),
        )
        .await?;
    }
    Ok(())
}

pub async fn comment(
    ctx: &Ctx,
    user: &UserRecord,
    post: i64,
    parent: Option<i64>,
    body: &str,
) -> Result<i64, AppError> {
    let body = text("body", body, MAX_COMMENT)?;
    let p = visible_post(ctx, user, post).await?;
    // one level of replies: a reply answers a comment of this post (a reply
    // to a reply joins its comment, and its author is told too)
    let (parent, answered) = match parent {
        None => (None, None),
        Some(pid) => {
            let c = ctx.store.comment(pid).await?.ok_or(AppError::NotFound)?;
            if c.post_id != post {
                return Err(AppError::NotFound);
            }
            (Some(c.parent_id.unwrap_or(c.id)), Some(c.author_id))
        }
    };
    pace(ctx, user, "post", ctx.config.social.posts_per_hour).await?;
    let id = ctx
        .store
        .add_comment(post, parent, user.id, &body, ctx.now())
        .await?;
    let subject = format!("post:{post}");
    let mut told = HashSet::new();
    told.insert(user.id.0);
    if told.insert(p.author_id) {
        notifications::notify(
            ctx,
            p.author_id,
            NotificationKind::Comment,
            Some(user.id.0),
            &subject,
        )
        .await?;
    }
    let mut others = Vec::new();
    if let Some(pid) = parent {
        if let Some(c) = ctx.store.comment(pid).await? {
            others.push(c.author_id);
        }
    }
    others.extend(answered);
    for other in others {
        if told.insert(other) && !ctx.store.blocked_between(other, user.id.0).await? {
            notifications::notify(
                ctx,
                other,
                NotificationKind::Comment,
                Some(user.id.0),
                &subject,
            )
            .await?;
        }
    }
    notify_mentions(ctx, user, &body, &subject).await?;
    Ok(id)
}

/// The comment's author, or a moderator of its post.
pub async fn delete_comment(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<i64, AppError> {
    let c = ctx.store.comment(id).await?.ok_or(AppError::NotFound)?;
    let p = ctx.store.post(c.post_id).await?.ok_or(AppError::NotFound)?;
    if c.author_id != user.id.0 && !moderation::may_moderate_post(ctx, user, &p).await? {
        return Err(AppError::Forbidden);
    }
    ctx.store.delete_comment(id).await?;
    Ok(c.post_id)
}

/// Checks a topic a member may follow: an existing member, city or pairing.
async fn followable(ctx: &Ctx, topic: &str) -> Result<Topic, AppError> {
    let t = Topic::parse(topic).ok_or(AppError::NotFound)?;
    let store = &*ctx.store;
    let exists = match t {
        Topic::Member(id) => store.user_by_id(crate::domain::UserId(id)).await?.is_some(),
        Topic::City(id) => store.city_by_id(id).await?.is_some(),
        Topic::Pairing(id) => store.pairing(id).await?.is_some(),
        // networks are joined, not followed
        Topic::Network(_) => false,
    };
    if !exists {
        return Err(AppError::NotFound);
    }
    Ok(t)
}

pub async fn follow(
    ctx: &Ctx,
    user: &UserRecord,
    topic: &str,
    on: bool,
) -> Result<FollowState, AppError> {
    let t = followable(ctx, topic).await?;
    if t == Topic::Member(user.id.0) {
        return Err(AppError::Refused(Msg::ErrFollowSelf));
    }
    let changed = ctx.store.follow(user.id, &t.code(), on, ctx.now()).await?;
    if let (true, true, Topic::Member(id)) = (changed, on, t) {
        if !ctx.store.blocked_between(id, user.id.0).await? {
            notifications::notify(
                ctx,
                id,
                NotificationKind::Follow,
                Some(user.id.0),
                &format!("member:{}", user.id.0),
            )
            .await?;
        }
    }
    follow_state(ctx, Some(user), t).await
}

pub async fn follow_state(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    t: Topic,
) -> Result<FollowState, AppError> {
    let code = t.code();
    let following = match viewer {
        Some(u) => ctx.store.follows_of(u.id.0).await?.contains(&code),
        None => false,
    };
    Ok(FollowState {
        followers: ctx.store.followers(&code).await?,
        topic: code,
        following,
        signed_in: viewer.is_some(),
    })
}
