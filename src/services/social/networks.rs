//! Themed networks: every theme is one, staff create more, open (join at
//! once) or by request (a moderator or staff accepts). A network's page
//! shows its members, moderators, posts and events to come.

use super::{announce, composer, notifications, topic_posts};
use crate::domain::profile::{block, one_line};
use crate::domain::social::{NotificationKind, Topic};
use crate::domain::{Locale, Role};
use crate::dto::{Link, MemberChip, NetworkCard, NetworkList, NetworkPage};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::services::context::{Ctx, Signal};
use crate::services::news::zone_or_utc;
use crate::store::social::NetworkRecord;
use crate::store::UserRecord;

fn name_of(n: &NetworkRecord, locale: Locale) -> String {
    match locale {
        Locale::En => n.theme_en.clone(),
        Locale::Fr => n.theme_fr.clone(),
        Locale::Es => n.theme_es.clone(),
    }
    .unwrap_or_else(|| n.name.clone())
}

fn card(n: &NetworkRecord, locale: Locale, mine: Option<String>) -> NetworkCard {
    NetworkCard {
        id: n.id,
        name: name_of(n, locale),
        description: if n.description.is_empty() && n.theme_id.is_some() {
            Msg::NetworkThemeLead.fill(locale, &[("theme", &name_of(n, locale))])
        } else {
            n.description.clone()
        },
        members: n.members,
        open: n.open,
        mine,
    }
}

pub async fn list(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    locale: Locale,
) -> Result<NetworkList, AppError> {
    ctx.store.sync_theme_networks(ctx.now()).await?;
    let mine = match viewer {
        Some(u) => ctx.store.memberships_of(u.id.0).await?,
        None => Vec::new(),
    };
    let items = ctx
        .store
        .networks()
        .await?
        .iter()
        .map(|n| {
            let m = mine
                .iter()
                .find(|m| m.network_id == n.id)
                .map(|m| m.status.clone());
            card(n, locale, m)
        })
        .collect();
    Ok(NetworkList {
        items,
        may_create: viewer.is_some_and(|u| u.role >= Role::Staff),
    })
}

/// Staff, or a moderator of this network.
pub async fn may_manage(ctx: &Ctx, user: &UserRecord, network: i64) -> Result<bool, AppError> {
    if user.role >= Role::Staff {
        return Ok(true);
    }
    Ok(ctx
        .store
        .memberships_of(user.id.0)
        .await?
        .iter()
        .any(|m| m.network_id == network && m.role == "moderator" && m.status == "active"))
}

pub async fn page(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    id: i64,
    before: Option<i64>,
    locale: Locale,
    zone: Option<&str>,
) -> Result<NetworkPage, AppError> {
    let store = &*ctx.store;
    let n = store.network(id).await?.ok_or(AppError::NotFound)?;
    let all = store.network_members(id).await?;
    let mine = viewer.and_then(|u| {
        all.iter()
            .find(|m| m.user_id == u.id.0)
            .map(|m| m.status.clone())
    });
    let may_manage = match viewer {
        Some(u) => may_manage(ctx, u, id).await?,
        None => false,
    };
    let chip = |m: &crate::store::social::NetworkMemberRecord| MemberChip {
        id: m.user_id,
        name: m.name.clone(),
        role: m.role.clone(),
    };
    let active = |m: &&crate::store::social::NetworkMemberRecord| m.status == "active";
    // visitors see who moderates, and how many members; members see them all
    let members = if viewer.is_some() {
        all.iter()
            .filter(active)
            .filter(|m| m.role == "member")
            .take(60)
            .map(chip)
            .collect()
    } else {
        Vec::new()
    };
    let tz = zone_or_utc(zone);
    let mut events = Vec::new();
    if let Some(theme) = &n.theme_id {
        if let Some(t) = store.themes().await?.iter().find(|t| &t.id == theme) {
            for (eid, title, starts) in store.theme_events(t.bit, locale.code(), ctx.now()).await? {
                events.push(Link {
                    href: format!("/events/{eid}"),
                    label: format!(
                        "{title} · {}",
                        crate::services::time::date_in(locale, starts, tz)
                    ),
                });
            }
        }
    }
    let composer = match viewer {
        Some(u) if mine.as_deref() == Some("active") => Some(composer(ctx, u, locale).await?),
        _ => None,
    };
    Ok(NetworkPage {
        card: card(&n, locale, mine),
        themed: n.theme_id.is_some(),
        moderators: all
            .iter()
            .filter(active)
            .filter(|m| m.role == "moderator")
            .map(chip)
            .collect(),
        members,
        pending: if may_manage {
            all.iter()
                .filter(|m| m.status == "pending")
                .map(chip)
                .collect()
        } else {
            Vec::new()
        },
        events,
        posts: topic_posts(ctx, viewer, Topic::Network(id), before, locale, zone).await?,
        signed_in: viewer.is_some(),
        may_manage,
        composer,
    })
}

/// Joins an open network, or asks to join one by request (its moderators
/// and staff are told).
pub async fn join(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<(), AppError> {
    let n = ctx.store.network(id).await?.ok_or(AppError::NotFound)?;
    let current = ctx
        .store
        .memberships_of(user.id.0)
        .await?
        .into_iter()
        .find(|m| m.network_id == id);
    if current.is_some() {
        return Ok(());
    }
    let status = if n.open { "active" } else { "pending" };
    ctx.store
        .set_membership(id, user.id.0, Some((status, "member")), ctx.now())
        .await?;
    if !n.open {
        for m in ctx.store.network_members(id).await? {
            if m.role == "moderator" && m.status == "active" {
                notifications::notify(
                    ctx,
                    m.user_id,
                    NotificationKind::Network,
                    Some(user.id.0),
                    &format!("network:{id}"),
                )
                .await?;
            }
        }
    }
    Ok(())
}

pub async fn leave(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<(), AppError> {
    ctx.store
        .set_membership(id, user.id.0, None, ctx.now())
        .await?;
    Ok(())
}

/// A moderator or staff: accept or decline a request, make or unmake a
/// moderator, remove a member. `what`: accept, decline, moderator, member,
/// remove.
pub async fn manage(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    member: i64,
    what: &str,
) -> Result<(), AppError> {
    if !may_manage(ctx, user, id).await? {
        return Err(AppError::Forbidden);
    }
    let current = ctx
        .store
        .network_members(id)
        .await?
        .into_iter()
        .find(|m| m.user_id == member);
    let now = ctx.now();
    match (what, current) {
        ("accept", Some(m)) if m.status == "pending" => {
            ctx.store
                .set_membership(id, member, Some(("active", "member")), now)
                .await?;
            notifications::notify(
                ctx,
                member,
                NotificationKind::Network,
                Some(user.id.0),
                &format!("network:{id}"),
            )
            .await?;
        }
        ("decline" | "remove", Some(_)) => {
            ctx.store.set_membership(id, member, None, now).await?;
        }
        ("moderator", Some(m)) if m.status == "active" => {
            ctx.store
                .set_membership(id, member, Some(("active", "moderator")), now)
                .await?;
        }
        ("member", Some(m)) if m.status == "active" => {
            ctx.store
                .set_membership(id, member, Some(("active", "member")), now)
                .await?;
        }
        // staff may name any member a moderator, joining them
        ("moderator", None) if user.role >= Role::Staff => {
            if ctx
                .store
                .user_by_id(crate::domain::UserId(member))
                .await?
                .is_none()
            {
                return Err(AppError::NotFound);
            }
            ctx.store
                .set_membership(id, member, Some(("active", "moderator")), now)
                .await?;
        }
        _ => return Err(AppError::NotFound),
    }
    announce(ctx, Signal::Member(member)).await;
    Ok(())
}

/// Staff create a network (a name, what it is for, open or by request).
pub async fn create(
    ctx: &Ctx,
    user: &UserRecord,
    name: &str,
    description: &str,
    open: bool,
) -> Result<i64, AppError> {
    if user.role < Role::Staff {
        return Err(AppError::Forbidden);
    }
    let name = one_line("name", name, 80)?;
    if name.is_empty() {
        return Err(AppError::validation("name", Msg::ErrRequired));
    }
    let description = block("description", description, 1000)?;
    let id = ctx
        .store
        .create_network(&name, &description, open, user.id, ctx.now())
        .await?;
    // the creator moderates it until others do
    ctx.store
        .set_membership(id, user.id.0, Some(("active", "moderator")), ctx.now())
        .await?;
    tracing::info!(network = id, "network created");
    Ok(id)
}
