//! Calendars: one event as an .ics file, and each member's private feed of
//! the events they registered for (a secret address, revocable), which
//! calendar apps poll, so a changed event updates there too. The feed also
//! carries the member's scheduled C2C meetings.

use super::events::{load_visible, texts_for};
use super::ics::{self, IcsEvent, IcsStatus};
use super::Ctx;
use crate::domain::event::{EventStatus, Seat};
use crate::domain::Locale;
use crate::error::AppError;
use crate::store::events::EventRecord;
use crate::store::UserRecord;

pub fn ics_event(ctx: &Ctx, e: &EventRecord, locale: Locale, seat: Option<Seat>) -> IcsEvent {
    let (title, summary, _) = texts_for(e, locale);
    let url = format!("{}/events/{}", ctx.config.base_url, e.id);
    let location = [e.w.venue.clone(), e.city_name.clone().unwrap_or_default()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    IcsEvent {
        uid: format!("event-{}@{}", e.id, ics::uid_host(&ctx.config.base_url)),
        sequence: e.version,
        starts_at: e.w.starts_at,
        ends_at: e.w.ends_at,
        timezone: e.w.timezone.clone(),
        summary: title,
        description: if summary.is_empty() {
            url.clone()
        } else {
            format!("{summary}\n\n{url}")
        },
        location: if location.is_empty()
            && e.w.format != crate::domain::event::EventFormat::InPerson
        {
            url.clone()
        } else {
            location
        },
        url,
        status: match (e.w.status, seat) {
            (EventStatus::Cancelled, _) => IcsStatus::Cancelled,
            (EventStatus::Postponed, _) | (_, Some(Seat::Waitlisted)) => IcsStatus::Tentative,
            _ => IcsStatus::Confirmed,
        },
        updated_at: e.updated_at,
    }
}

pub fn event_calendar(ctx: &Ctx, e: &EventRecord, locale: Locale, seat: Option<Seat>) -> String {
    let title = texts_for(e, locale).0;
    ics::calendar(&title, &[ics_event(ctx, e, locale, seat)])
}

/// "Add to calendar": the event as a file anyone who may see it can download.
pub async fn event_file(
    ctx: &Ctx,
    viewer: Option<&UserRecord>,
    id: i64,
    locale: Locale,
) -> Result<String, AppError> {
    let (e, _) = load_visible(&*ctx.store, id, viewer).await?;
    Ok(event_calendar(ctx, &e, locale, None))
}

/// The feed behind a secret address: the member's events, in their language.
pub async fn feed(ctx: &Ctx, token: &str) -> Result<String, AppError> {
    let store = &*ctx.store;
    let hash = super::tokens::hash_token(token);
    let user = store
        .calendar_feed_user(&hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let u = store.user_by_id(user).await?.ok_or(AppError::NotFound)?;
    let mine = store.my_registrations(user, u.locale).await?;
    let mut events = Vec::with_capacity(mine.len());
    for (row, seat) in mine {
        if let Some(e) = store.event(row.id).await? {
            events.push(ics_event(ctx, &e, u.locale, Some(seat)));
        }
    }
    let meetings = store.my_meetings(user, None).await?;
    events.extend(super::meetings::ics_meetings(ctx, &meetings, u.locale));
    let name = format!("Tandem · {}", u.name);
    Ok(ics::calendar(&name, &events))
}

/// A new secret address (the old one stops working); shown once.
pub async fn new_feed(ctx: &Ctx, user: &UserRecord, now: i64) -> Result<String, AppError> {
    let (token, hash) = super::tokens::new_token();
    ctx.store.set_calendar_feed(user.id, &hash, now).await?;
    Ok(format!("{}/calendar/{token}.ics", ctx.config.base_url))
}

pub async fn revoke_feed(ctx: &Ctx, user: &UserRecord) -> Result<(), AppError> {
    ctx.store
        .delete_calendar_feed(user.id)
        .await
        .map_err(AppError::from)
}
