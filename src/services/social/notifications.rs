//! Notifications: the bell and its list, per-kind preferences (in the app,
//! also in an e-mail, or off), the notification e-mail (at most one a day
//! per member, `List-Unsubscribe` one click), and the e-mail notice of
//! messages left unread (one per conversation, after 15 minutes).

use super::announce;
use crate::domain::social::{Channel, NotificationKind};
use crate::domain::Locale;
use crate::dto::{
    Choice, Counters, NotificationList, NotificationSettings, NotificationView, PrefRow,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::mail::Mail;
use crate::services::context::{Ctx, Signal};
use crate::services::news::zone_or_utc;
use crate::store::social::NotificationRecord;
use crate::store::UserRecord;

/// The member's channel for a kind: their choice, or the kind's default.
async fn channel(ctx: &Ctx, user: i64, kind: NotificationKind) -> Result<Channel, AppError> {
    let prefs = ctx.store.notification_prefs(user).await?;
    Ok(prefs
        .iter()
        .find(|(k, _)| k == kind.as_str())
        .and_then(|(_, c)| Channel::parse(c).ok())
        .unwrap_or_else(|| kind.default_channel()))
}

/// Tells `user` (unless they turned that kind off); their bell hears it live.
pub async fn notify(
    ctx: &Ctx,
    user: i64,
    kind: NotificationKind,
    actor: Option<i64>,
    subject: &str,
) -> Result<(), AppError> {
    if channel(ctx, user, kind).await? == Channel::Off {
        return Ok(());
    }
    ctx.store
        .notify(user, kind.as_str(), actor, subject, ctx.now())
        .await?;
    announce(ctx, Signal::Member(user)).await;
    Ok(())
}

/// Where a notification leads.
pub fn href(n: &NotificationRecord) -> String {
    let (kind, id) = n.subject.split_once(':').unwrap_or(("", ""));
    let id: i64 = id.parse().unwrap_or(0);
    match kind {
        "post" => format!("/posts/{id}"),
        "member" => format!("/people/{id}"),
        "conversation" => format!("/messages/{}", n.actor_id.unwrap_or(0)),
        "connection" => "/account/connections".to_owned(),
        "meeting" => format!("/events/{id}/meetings"),
        "event" => format!("/events/{id}"),
        "network" => format!("/networks/{id}"),
        _ => "/notifications".to_owned(),
    }
}

/// What a notification says, in the reader's language.
pub fn text(n: &NotificationRecord, locale: Locale) -> String {
    let who = n.actor_name.clone().unwrap_or_default();
    let msg = match NotificationKind::parse(&n.kind) {
        Ok(NotificationKind::Mention) => Msg::NoteMention,
        Ok(NotificationKind::Comment) => Msg::NoteComment,
        Ok(NotificationKind::Reaction) => Msg::NoteReaction,
        Ok(NotificationKind::Follow) => Msg::NoteFollow,
        Ok(NotificationKind::Message) => Msg::NoteMessage,
        Ok(NotificationKind::Connection) => Msg::NoteConnection,
        Ok(NotificationKind::Meeting) => Msg::NoteMeeting,
        Ok(NotificationKind::EventChange) => Msg::NoteEvent,
        Ok(NotificationKind::Network) => Msg::NoteNetwork,
        Err(_) => Msg::NotificationsTitle,
    };
    msg.fill(locale, &[("name", &who)])
}

pub async fn list(
    ctx: &Ctx,
    user: &UserRecord,
    locale: Locale,
    zone: Option<&str>,
) -> Result<NotificationList, AppError> {
    let tz = zone_or_utc(zone);
    let rows = ctx.store.notifications_of(user.id.0, 100).await?;
    Ok(NotificationList {
        unread: ctx.store.unread_notifications(user.id.0).await?,
        items: rows
            .iter()
            .map(|n| NotificationView {
                id: n.id,
                text: text(n, locale),
                href: href(n),
                date: crate::services::time::instant(locale, n.created_at, tz),
                unread: n.read_at.is_none(),
            })
            .collect(),
    })
}

/// Marks one (or every) notification read; the bell hears it.
pub async fn mark_read(ctx: &Ctx, user: &UserRecord, id: Option<i64>) -> Result<(), AppError> {
    ctx.store
        .mark_notifications_read(user.id.0, id, ctx.now())
        .await?;
    announce(ctx, Signal::Member(user.id.0)).await;
    Ok(())
}

pub async fn counters(ctx: &Ctx, user: i64) -> Result<Counters, AppError> {
    Ok(Counters {
        bell: ctx.store.unread_notifications(user).await?,
        messages: ctx.store.unread_messages(user).await?,
    })
}

pub async fn settings(
    ctx: &Ctx,
    user: &UserRecord,
    locale: Locale,
) -> Result<NotificationSettings, AppError> {
    let mut rows = Vec::new();
    for k in NotificationKind::ALL {
        rows.push(PrefRow {
            kind: k.as_str().to_owned(),
            label: k.label().text(locale).to_owned(),
            channel: channel(ctx, user.id.0, *k).await?.as_str().to_owned(),
        });
    }
    Ok(NotificationSettings {
        rows,
        channels: Channel::ALL
            .iter()
            .map(|c| Choice {
                value: c.as_str().to_owned(),
                label: c.label().text(locale).to_owned(),
            })
            .collect(),
    })
}

/// Saves the member's choices: `(kind, channel)` pairs.
pub async fn save_settings(
    ctx: &Ctx,
    user: &UserRecord,
    choices: &[(String, String)],
) -> Result<(), AppError> {
    for (kind, ch) in choices {
        let kind = NotificationKind::parse(kind)?;
        let ch = Channel::parse(ch)?;
        ctx.store
            .set_notification_pref(user.id.0, kind.as_str(), ch.as_str())
            .await?;
    }
    Ok(())
}

/// One click from an e-mail: every kind set to e-mail goes back to the app.
pub async fn unsubscribe(ctx: &Ctx, token: &str) -> Result<(), AppError> {
    let user = ctx
        .store
        .user_of_notification_token(token.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    for k in NotificationKind::ALL {
        if channel(ctx, user, *k).await? == Channel::Email {
            ctx.store
                .set_notification_pref(user, k.as_str(), Channel::App.as_str())
                .await?;
        }
    }
    tracing::info!(user, "notification e-mails turned off by one click");
    Ok(())
}

async fn token_of(ctx: &Ctx, user: i64) -> Result<String, AppError> {
    let (fresh, _) = crate::services::tokens::new_token();
    Ok(ctx.store.notification_token(user, &fresh).await?)
}

/// The page with the unsubscribe button (`one_click`: the address mail
/// clients post to, RFC 8058).
fn unsubscribe_link(ctx: &Ctx, token: &str, one_click: bool) -> String {
    format!(
        "{}/notifications/unsubscribe{}?token={}",
        ctx.config.base_url,
        if one_click { "/one-click" } else { "" },
        crate::escape::url_component(token)
    )
}

/// Sends what is due: message notices (unread for `message_notice_secs`),
/// then notification e-mails (kinds set to e-mail, at most one per member
/// per `notification_mail_secs`). Each is claimed in the database first,
/// so several instances never send one twice. Returns how many mails went.
pub async fn send_due(ctx: &Ctx) -> Result<usize, AppError> {
    let now = ctx.now();
    let social = &ctx.config.social;
    let mut sent = 0;
    for n in ctx
        .store
        .due_message_notices(now - social.message_notice_secs)
        .await?
    {
        if channel(ctx, n.user_id, NotificationKind::Message).await? != Channel::Email {
            // still claimed: the member chose not to hear of it by mail
            ctx.store
                .claim_message_notice(n.conversation_id, n.user_id, n.upto)
                .await?;
            continue;
        }
        if !ctx
            .store
            .claim_message_notice(n.conversation_id, n.user_id, n.upto)
            .await?
        {
            continue;
        }
        let Some(to) = ctx
            .store
            .user_by_id(crate::domain::UserId(n.user_id))
            .await?
        else {
            continue;
        };
        let token = token_of(ctx, n.user_id).await?;
        let link = unsubscribe_link(ctx, &token, false);
        let l = to.locale;
        let inbox = format!("{}/messages", ctx.config.base_url);
        let mail = Mail {
            to: to.email.clone(),
            to_name: to.name.clone(),
            subject: Msg::MailMessageSubject.fill(l, &[("name", &n.sender_name)]),
            body: format!(
                "{}\n\n{}",
                Msg::MailMessageBody.fill(l, &[("name", &n.sender_name), ("link", &inbox),]),
                Msg::MailNotifFooter.fill(l, &[("link", &link)])
            ),
            link: Some(inbox.clone()),
            attachment: None,
            reply_to: None,
            unsubscribe: Some(unsubscribe_link(ctx, &token, true)),
        };
        match ctx.mailer.send(mail).await {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(error = %e, "could not send a message notice"),
        }
    }
    for user in ctx
        .store
        .due_notification_mail(now - social.notification_mail_secs)
        .await?
    {
        let pending = ctx.store.unmailed_notifications(user).await?;
        let mut wanted = Vec::new();
        for n in &pending {
            if let Ok(kind) = NotificationKind::parse(&n.kind) {
                if channel(ctx, user, kind).await? == Channel::Email {
                    wanted.push(n.clone());
                }
            }
        }
        let upto = pending.iter().map(|n| n.id).max().unwrap_or(0);
        let token = token_of(ctx, user).await?;
        if wanted.is_empty() {
            ctx.store.mark_notifications_mailed(user, upto, now).await?;
            continue;
        }
        if !ctx
            .store
            .claim_notification_mail(user, now - social.notification_mail_secs, now)
            .await?
        {
            continue;
        }
        let Some(to) = ctx.store.user_by_id(crate::domain::UserId(user)).await? else {
            continue;
        };
        let l = to.locale;
        let link = unsubscribe_link(ctx, &token, false);
        let lines: Vec<String> = wanted
            .iter()
            .map(|n| format!("- {}: {}{}", text(n, l), ctx.config.base_url, href(n)))
            .collect();
        let mail = Mail {
            to: to.email.clone(),
            to_name: to.name.clone(),
            subject: Msg::MailNotifSubject.fill(l, &[("n", &wanted.len().to_string())]),
            body: format!(
                "{}\n\n{}\n\n{}",
                Msg::MailNotifLead.text(l),
                lines.join("\n"),
                Msg::MailNotifFooter.fill(l, &[("link", &link)])
            ),
            link: Some(format!("{}/notifications", ctx.config.base_url)),
            attachment: None,
            reply_to: None,
            unsubscribe: Some(unsubscribe_link(ctx, &token, true)),
        };
        match ctx.mailer.send(mail).await {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(error = %e, "could not send a notification e-mail"),
        }
        ctx.store.mark_notifications_mailed(user, upto, now).await?;
    }
    Ok(sent)
}
