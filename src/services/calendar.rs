//! Calendars: one event as an .ics file, and each member's private feed of
//! the events they registered for (a secret address, revocable), which
//! calendar apps poll, so a changed event updates there too. The feed also
//! carries the member's scheduled C2C meetings.

use super::events::{load_visible, texts_for};
use super::ics::{self, IcsEvent, IcsStatus};
use super::store_error;
use crate::domain::event::{EventStatus, Seat};
use crate::domain::Locale;
use crate::error::AppError;
use crate::server::AppState;
use crate::store::events::EventRecord;
use crate::store::UserRecord;

pub fn ics_event(
    state: &AppState,
    e: &EventRecord,
    locale: Locale,
    seat: Option<Seat>,
) -> IcsEvent {
    let (title, summary, _) = texts_for(e, locale);
    let url = format!("{}/events/{}", state.config.base_url, e.id);
    let location = [e.w.venue.clone(), e.city_name.clone().unwrap_or_default()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    IcsEvent {
        uid: format!("event-{}@{}", e.id, ics::uid_host(&state.config.base_url)),
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
        location: if location.is_empty() && e.w.format != "in_person" {
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

pub fn event_calendar(
    state: &AppState,
    e: &EventRecord,
    locale: Locale,
    seat: Option<Seat>,
) -> String {
    let title = texts_for(e, locale).0;
    ics::calendar(&title, &[ics_event(state, e, locale, seat)])
}

/// "Add to calendar": the event as a file anyone who may see it can download.
pub async fn event_file(
    state: &AppState,
    viewer: Option<&UserRecord>,
    id: i64,
    locale: Locale,
) -> Result<String, AppError> {
    let (e, _) = load_visible(&*state.store, id, viewer).await?;
    Ok(event_calendar(state, &e, locale, None))
}

/// The feed behind a secret address: the member's events, in their language.
pub async fn feed(state: &AppState, token: &str) -> Result<String, AppError> {
    let store = &*state.store;
    let hash = crate::server::request::hash_token(token);
    let user = store
        .calendar_feed_user(&hash)
        .await
        .map_err(store_error)?
        .ok_or(AppError::NotFound)?;
    let u = store
        .user_by_id(user)
        .await
        .map_err(store_error)?
        .ok_or(AppError::NotFound)?;
    let mine = store
        .my_registrations(user, u.locale)
        .await
        .map_err(store_error)?;
    let mut events = Vec::with_capacity(mine.len());
    for (row, seat) in mine {
        if let Some(e) = store.event(row.id).await.map_err(store_error)? {
            events.push(ics_event(state, &e, u.locale, Some(seat)));
        }
    }
    let meetings = store.my_meetings(user, None).await.map_err(store_error)?;
    events.extend(super::meetings::ics_meetings(state, &meetings, u.locale));
    let name = format!("Tandem · {}", u.name);
    Ok(ics::calendar(&name, &events))
}

/// A new secret address (the old one stops working); shown once.
pub async fn new_feed(state: &AppState, user: &UserRecord, now: i64) -> Result<String, AppError> {
    let (token, hash) = crate::server::request::new_token();
    state
        .store
        .set_calendar_feed(user.id, &hash, now)
        .await
        .map_err(store_error)?;
    Ok(format!("{}/calendar/{token}.ics", state.config.base_url))
}

pub async fn revoke_feed(state: &AppState, user: &UserRecord) -> Result<(), AppError> {
    state
        .store
        .delete_calendar_feed(user.id)
        .await
        .map_err(store_error)
}
