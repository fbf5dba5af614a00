//! Attendees: register and cancel (with the waitlist), mark sessions, say
//! what they have seen; organizers: the attendee list, its CSV, messages.

use super::events::{load_visible, require_organizer};
use super::rate_limit::{take, Limit};
use super::Ctx;
use crate::domain::event::Seat;
use crate::domain::profile::{block, one_line};
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::mail::Mail;
use crate::store::UserRecord;

/// Takes a seat (or a waitlist place) and e-mails the confirmation with the
/// event's calendar file. Registering twice changes nothing.
pub async fn register(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    now: i64,
) -> Result<Seat, AppError> {
    let store = &*ctx.store;
    load_visible(store, event, Some(user)).await?;
    let r = store
        .register(event, user.id, now)
        .await?
        .map_err(AppError::Refused)?;
    if r.changed {
        super::event_mail::registration(ctx, event, user, r.seat).await;
    }
    Ok(r.seat)
}

/// Gives the seat back; the head of the waitlist moves up and is told.
pub async fn cancel(ctx: &Ctx, user: &UserRecord, event: i64, now: i64) -> Result<(), AppError> {
    let store = &*ctx.store;
    load_visible(store, event, Some(user)).await?;
    let c = store.cancel_registration(event, user.id, now).await?;
    super::event_mail::seats_granted(ctx, event, &c.promoted).await;
    Ok(())
}

/// Marks (or unmarks) a session of an event the member attends.
pub async fn mark_session(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    session: i64,
    on: bool,
) -> Result<(), AppError> {
    let store = &*ctx.store;
    load_visible(store, event, Some(user)).await?;
    if store.registration(event, user.id).await?.is_none() {
        return Err(AppError::Refused(Msg::ErrRegisterFirst));
    }
    let sessions = store.sessions(event).await?;
    if !sessions.iter().any(|s| s.id == session) {
        return Err(AppError::NotFound);
    }
    store
        .mark_session(session, user.id, on)
        .await
        .map_err(AppError::from)
}

/// The attendee has seen the event up to `change` (the live page tells us).
pub async fn seen(ctx: &Ctx, user: &UserRecord, event: i64, change: i64) -> Result<(), AppError> {
    ctx.store
        .set_seen(event, user.id, change)
        .await
        .map_err(AppError::from)
}

/// The attendee list as CSV (registered first, then the waitlist in order).
pub async fn attendees_csv(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    locale: Locale,
) -> Result<String, AppError> {
    let store = &*ctx.store;
    require_organizer(store, event, user).await?;
    let rows = store.attendees(event).await?;
    use crate::escape::csv_row;
    let header = [
        Msg::CsvName,
        Msg::CsvEmail,
        Msg::CsvSeat,
        Msg::CsvOrganisation,
        Msg::CsvCity,
        Msg::CsvSince,
    ]
    .map(|m| m.text(locale));
    let mut out = csv_row(&header);
    for a in rows {
        let seat = match a.seat {
            Seat::Registered => Msg::SeatRegistered,
            Seat::Waitlisted => Msg::SeatWaitlisted,
            Seat::Cancelled => Msg::SeatCancelled,
        };
        out.push_str(&csv_row(&[
            a.name.as_str(),
            a.email.as_str(),
            seat.text(locale),
            a.organisation.as_str(),
            a.city_name.as_deref().unwrap_or(""),
            &super::time::rfc3339(a.queued_at),
        ]));
    }
    Ok(out)
}

/// An organizer writes to everyone holding a seat or a waitlist place.
/// Returns how many were written to.
pub async fn message_attendees(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    subject: &str,
    body: &str,
    locale: Locale,
) -> Result<usize, AppError> {
    let store = &*ctx.store;
    let e = require_organizer(store, event, user).await?;
    let subject = one_line("subject", subject, 150)?;
    if subject.is_empty() {
        return Err(AppError::validation("subject", Msg::ErrRequired));
    }
    let body = block("body", body, 5000)?;
    if body.is_empty() {
        return Err(AppError::validation("body", Msg::ErrRequired));
    }
    take(
        store,
        &format!("event-message:{event}"),
        &Limit {
            max: ctx.config.events.messages_per_event_day,
            window_secs: 24 * 3600,
        },
        ctx.now(),
    )
    .await?;
    let attendees = store.attendees(event).await?;
    let title = super::events::texts_for(&e, locale).0;
    let link = format!("{}/events/{event}", ctx.config.base_url);
    let mut sent = 0;
    for a in attendees {
        let text = Msg::MailOrganizerMessage.fill(
            a.locale,
            &[
                ("organizer", &user.name),
                ("event", &title),
                ("body", &body),
                ("link", &link),
            ],
        );
        let mail = Mail {
            to: a.email.clone(),
            to_name: a.name.clone(),
            subject: format!("[{title}] {subject}"),
            body: format!("{text}\n\n{}", Msg::MailSignature.text(a.locale)),
            link: None,
            reply_to: None,
            unsubscribe: None,
            attachment: None,
        };
        match ctx.mailer.send(mail).await {
            Ok(()) => sent += 1,
            Err(err) => tracing::warn!(error = %err, "could not send an organizer's message"),
        }
    }
    Ok(sent)
}
