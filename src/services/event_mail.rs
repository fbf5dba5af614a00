//! E-mails about events: the registration confirmation with its calendar
//! file, a seat freed for someone on the waitlist, and batched notices of the
//! changes that matter to attendees who were not watching.

use super::events::texts_for;
use super::Ctx;
use super::{calendar, time};
use crate::domain::event::Seat;
use crate::domain::UserId;
use crate::i18n::Msg;
use crate::mail::Mail;
use crate::store::events::EventRecord;
use crate::store::UserRecord;
use chrono_tz::Tz;

fn event_link(ctx: &Ctx, id: i64) -> String {
    format!("{}/events/{id}", ctx.config.base_url)
}

async fn send(ctx: &Ctx, mail: Mail) {
    if let Err(e) = ctx.mailer.send(mail).await {
        // the registration stands; the page shows the same facts
        tracing::warn!(error = %e, "could not send an event e-mail");
    }
}

fn with_ics(
    ctx: &Ctx,
    e: &EventRecord,
    locale: crate::domain::Locale,
) -> Option<(String, String, Vec<u8>)> {
    let text = calendar::event_calendar(ctx, e, locale, None);
    Some((
        format!("event-{}.ics", e.id),
        "text/calendar; charset=utf-8; method=PUBLISH".to_owned(),
        text.into_bytes(),
    ))
}

/// "You are registered" (with the .ics) or "You are on the waitlist".
pub async fn registration(ctx: &Ctx, event: i64, user: &UserRecord, seat: Seat) {
    let Ok(Some(e)) = ctx.store.event(event).await else {
        return;
    };
    let locale = user.locale;
    let tz = time::zone(&e.w.timezone).unwrap_or(Tz::UTC);
    let title = texts_for(&e, locale).0;
    let when = time::span(locale, e.w.starts_at, e.w.ends_at, tz);
    let link = event_link(ctx, event);
    let (subject, body) = match seat {
        Seat::Waitlisted => (Msg::MailWaitlistSubject, Msg::MailWaitlistBody),
        _ => (Msg::MailRegisteredSubject, Msg::MailRegisteredBody),
    };
    let args = [
        ("event", title.as_str()),
        ("when", when.as_str()),
        ("link", link.as_str()),
    ];
    send(
        ctx,
        Mail {
            to: user.email.clone(),
            to_name: user.name.clone(),
            subject: subject.fill(locale, &args),
            body: format!(
                "{}\n\n{}",
                body.fill(locale, &args),
                Msg::MailSignature.text(locale)
            ),
            link: Some(link.clone()),
            reply_to: None,
            unsubscribe: None,
            attachment: if seat == Seat::Registered {
                with_ics(ctx, &e, locale)
            } else {
                None
            },
        },
    )
    .await;
}

/// People who moved up from the waitlist hear that they have a seat.
pub async fn seats_granted(ctx: &Ctx, event: i64, users: &[i64]) {
    for u in users {
        if let Ok(Some(user)) = ctx.store.user_by_id(UserId(*u)).await {
            registration(ctx, event, &user, Seat::Registered).await;
        }
    }
}

/// Sends the batches that are due; returns how many e-mails went out.
/// Several instances may run this at once: claiming the changes is atomic,
/// so each batch is sent once.
pub async fn send_digests(ctx: &Ctx, now: i64) -> usize {
    let store = &*ctx.store;
    let due = match store
        .digest_due(now - ctx.config.events.digest_quiet_secs)
        .await
    {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "cannot look for change e-mails");
            return 0;
        }
    };
    let mut sent = 0;
    for (event, last) in due {
        let (Ok(changes), Ok(Some(e)), Ok(recipients)) = (
            store.claim_changes(event, last, now).await,
            store.event(event).await,
            store.digest_recipients(event).await,
        ) else {
            continue;
        };
        if changes.is_empty() {
            continue;
        }
        let tz = time::zone(&e.w.timezone).unwrap_or(Tz::UTC);
        let link = event_link(ctx, event);
        for r in recipients {
            let relevant: Vec<_> = changes
                .iter()
                .filter(|c| c.id > r.seen_change)
                .filter(|c| {
                    !c.kind.is_session() || c.session_id.is_some_and(|s| r.marked.contains(&s))
                })
                .collect();
            if relevant.is_empty() {
                continue;
            }
            // the bell too (once per event until read)
            if let Err(e) = super::social::notifications::notify(
                ctx,
                r.user_id,
                crate::domain::social::NotificationKind::EventChange,
                None,
                &format!("event:{event}"),
            )
            .await
            {
                tracing::warn!(error = %e, "event change not notified");
            }
            let title = texts_for(&e, r.locale).0;
            let lines: Vec<String> = relevant
                .iter()
                .map(|c| format!("• {}", super::events::notice(c, r.locale, tz).text))
                .collect();
            let args = [
                ("event", title.as_str()),
                ("changes", &lines.join("\n")),
                ("link", link.as_str()),
            ];
            send(
                ctx,
                Mail {
                    to: r.email.clone(),
                    to_name: r.name.clone(),
                    subject: Msg::MailChangesSubject.fill(r.locale, &args),
                    body: format!(
                        "{}\n\n{}",
                        Msg::MailChangesBody.fill(r.locale, &args),
                        Msg::MailSignature.text(r.locale)
                    ),
                    link: Some(link.clone()),
                    reply_to: None,
                    unsubscribe: None,
                    attachment: with_ics(ctx, &e, r.locale),
                },
            )
            .await;
            sent += 1;
        }
    }
    sent
}

/// Runs `send_digests` (and the meeting follow-up reminders) every
/// `digest_poll_secs` until the server stops.
pub async fn digest_loop(ctx: Ctx) {
    let every = std::time::Duration::from_secs(ctx.config.events.digest_poll_secs.max(1));
    loop {
        tokio::time::sleep(every).await;
        let n = send_digests(&ctx, ctx.now()).await;
        if n > 0 {
            tracing::info!(mails = n, "change e-mails sent");
        }
        let n = super::meetings::send_reminders(&ctx, ctx.now()).await;
        if n > 0 {
            tracing::info!(mails = n, "meeting reminders sent");
        }
        let n = super::news::digest::send_due(&ctx, ctx.now()).await;
        if n > 0 {
            tracing::info!(mails = n, "news digests sent");
        }
        match super::social::notifications::send_due(&ctx).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(mails = n, "message notices and notification e-mails sent"),
            Err(e) => tracing::warn!(error = %e, "notification e-mails failed"),
        }
    }
}
