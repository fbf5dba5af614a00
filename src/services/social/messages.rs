//! Direct messages: one conversation per pair of members who are
//! connected, share a network or are registered for the same event; never
//! between members one of whom blocked the other. Messages are stored as
//! written and readable by the server (not end-to-end encrypted; the page
//! says so).

use super::{announce, notifications, pace};
use crate::domain::social::{text, NotificationKind, MAX_MESSAGE};
use crate::domain::{Locale, UserId};
use crate::dto::{ConversationItem, ConversationPage, Inbox, Link, MessageView};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::services::context::{Ctx, Signal};
use crate::services::news::zone_or_utc;
use crate::store::UserRecord;

/// Messages shown of a conversation (the newest).
pub const SHOWN: i64 = 200;

pub async fn inbox(
    ctx: &Ctx,
    user: &UserRecord,
    locale: Locale,
    zone: Option<&str>,
) -> Result<Inbox, AppError> {
    let tz = zone_or_utc(zone);
    let rows = ctx.store.conversations_of(user.id.0).await?;
    Ok(Inbox {
        conversations: rows
            .into_iter()
            .map(|c| ConversationItem {
                other_id: c.other_id,
                other_name: c.other_name,
                snippet: c
                    .last_body
                    .map(|b| crate::domain::social::snippet(&b, 90))
                    .unwrap_or_default(),
                date: crate::services::time::instant(locale, c.last_at, tz),
                unread: c.unread,
            })
            .collect(),
    })
}

/// Why `user` may not write to `other`, if they may not.
async fn refusal(
    ctx: &Ctx,
    user: &UserRecord,
    other: &UserRecord,
) -> Result<Option<Msg>, AppError> {
    let store = &*ctx.store;
    if store.is_suspended(other.id.0).await? {
        return Ok(Some(Msg::ErrMessageSuspended));
    }
    if store.blocked_between(user.id.0, other.id.0).await? {
        return Ok(Some(Msg::ErrMessageBlocked));
    }
    if !store.may_message(user.id.0, other.id.0).await? {
        return Ok(Some(Msg::ErrMessageNotAllowed));
    }
    Ok(None)
}

async fn other_member(ctx: &Ctx, user: &UserRecord, other: i64) -> Result<UserRecord, AppError> {
    if other == user.id.0 {
        return Err(AppError::NotFound);
    }
    ctx.store
        .user_by_id(UserId(other))
        .await?
        .ok_or(AppError::NotFound)
}

/// The conversation with `other` (read on opening).
pub async fn conversation(
    ctx: &Ctx,
    user: &UserRecord,
    other: i64,
    locale: Locale,
    zone: Option<&str>,
) -> Result<ConversationPage, AppError> {
    let other = other_member(ctx, user, other).await?;
    let tz = zone_or_utc(zone);
    let store = &*ctx.store;
    let mut messages = Vec::new();
    if let Some(conv) = store.conversation_between(user.id.0, other.id.0).await? {
        for m in store.messages_of(conv, SHOWN).await? {
            let mine = m.sender_id == user.id.0;
            messages.push(MessageView {
                id: m.id,
                mine,
                body: if m.hidden != 0 && !mine {
                    Msg::MessageHidden.text(locale).to_owned()
                } else {
                    m.body
                },
                date: crate::services::time::instant(locale, m.created_at, tz),
                hidden: m.hidden != 0,
            });
        }
        store.mark_conversation_read(conv, user.id.0).await?;
        store
            .mark_notifications_read_about(user.id.0, &format!("conversation:{conv}"), ctx.now())
            .await?;
        announce(ctx, Signal::Member(user.id.0)).await;
    } else if store.is_suspended(other.id.0).await? {
        return Err(AppError::NotFound);
    }
    let meetings = store
        .shared_matchmaking(user.id.0, other.id.0, locale.code(), ctx.now())
        .await?
        .into_iter()
        .map(|(id, title, _)| Link {
            href: format!("/events/{id}/meetings?with={}", other.id.0),
            label: title,
        })
        .collect();
    Ok(ConversationPage {
        other_id: other.id.0,
        other_name: other.name.clone(),
        messages,
        refusal: refusal(ctx, user, &other).await?,
        blocked_by_me: store.blocks_of(user.id.0).await?.contains(&other.id.0),
        meetings,
        reasons: super::reasons(locale),
    })
}

pub async fn send(ctx: &Ctx, user: &UserRecord, other: i64, body: &str) -> Result<i64, AppError> {
    let body = text("body", body, MAX_MESSAGE)?;
    let other = other_member(ctx, user, other).await?;
    if let Some(why) = refusal(ctx, user, &other).await? {
        return Err(AppError::Refused(why));
    }
    pace(ctx, user, "message", ctx.config.social.messages_per_hour).await?;
    let (conv, id) = ctx
        .store
        .send_message(user.id, other.id.0, &body, ctx.now())
        .await?;
    notifications::notify(
        ctx,
        other.id.0,
        NotificationKind::Message,
        Some(user.id.0),
        &format!("conversation:{conv}"),
    )
    .await?;
    // the bell is told by notify (unless messages are off): the inbox and an
    // open conversation must hear of it in any case
    announce(ctx, Signal::Member(other.id.0)).await;
    Ok(id)
}

pub async fn block(ctx: &Ctx, user: &UserRecord, other: i64, on: bool) -> Result<(), AppError> {
    let other = other_member(ctx, user, other).await?;
    ctx.store
        .set_block(user.id, other.id.0, on, ctx.now())
        .await?;
    tracing::info!(on, "member block changed");
    Ok(())
}
