//! Event routes that are not pages: the live channel (server-sent events),
//! calendar files and feeds, the attendee CSV.

use super::client_ip::ClientIp;
use super::live::{Ping, StreamSlot};
use super::request::{locale_from_headers, reader_zone, session_user};
use super::AppState;
use crate::domain::Locale;
use crate::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

pub(super) fn error_response(e: AppError, locale: Locale) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        e.message(locale),
    )
        .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LiveQuery {
    /// the last change the page already shows
    since: i64,
}

/// One viewer's stream state.
struct Viewer {
    state: AppState,
    event: i64,
    locale: Locale,
    zone: String,
    rx: broadcast::Receiver<Arc<Ping>>,
    /// the last change this viewer was sent
    sent: i64,
    /// a message to send before waiting (the catch-up)
    pending: Option<Event>,
    /// this stream's place under the caps, given back when the stream is dropped
    _slot: StreamSlot,
}

/// Seconds a refused viewer is asked to wait (the page retries after 5 s).
const LIVE_RETRY_AFTER_SECS: u64 = 5;

fn message(update: &crate::dto::LiveUpdate) -> Option<Event> {
    let data = serde_json::to_string(update).ok()?;
    Some(Event::default().id(update.change_id.to_string()).data(data))
}

/// The page and notices after `after`, for one viewer (catch-up, lag).
async fn own_update(v: &Viewer, after: i64) -> Option<(i64, Event)> {
    let zone = (!v.zone.is_empty()).then_some(v.zone.as_str());
    let update =
        crate::services::events::live_update(&*v.state.store, v.event, after, v.locale, zone)
            .await
            .ok()??;
    Some((update.change_id, message(&update)?))
}

/// The shared message for a ping: built by the first viewer of each
/// language and zone, reused by all the others.
async fn shared_update(v: &Viewer, p: &Ping) -> Option<Arc<str>> {
    let cell = p.payload(v.locale, &v.zone);
    cell.get_or_init(|| async {
        let zone = (!v.zone.is_empty()).then_some(v.zone.as_str());
        let update = crate::services::events::live_update(
            &*v.state.store,
            v.event,
            p.change_id - 1,
            v.locale,
            zone,
        )
        .await
        .ok()??;
        serde_json::to_string(&update).ok().map(Arc::from)
    })
    .await
    .clone()
}

fn viewer_stream(v: Viewer) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(v, |mut v| async move {
        if let Some(e) = v.pending.take() {
            return Some((Ok(e), v));
        }
        loop {
            match v.rx.recv().await {
                Ok(p) => {
                    if p.change_id <= v.sent {
                        continue;
                    }
                    if let Some(data) = shared_update(&v, &p).await {
                        v.sent = p.change_id;
                        let e = Event::default().id(p.change_id.to_string()).data(&*data);
                        return Some((Ok(e), v));
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    if let Some((id, e)) = own_update(&v, v.sent).await {
                        v.sent = id;
                        return Some((Ok(e), v));
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}

/// A place among the open live streams, or the 429 answer (with
/// `Retry-After`) when a cap is reached.
#[allow(clippy::result_large_err)] // the error is the answer, built once per refusal
pub(super) fn take_slot(
    state: &AppState,
    ip: std::net::IpAddr,
    locale: Locale,
) -> Result<StreamSlot, Response> {
    state.live.caps.acquire(ip).map_err(|full| {
        // debug only: a flood of refusals must not flood the log
        tracing::debug!(%ip, ?full, open = state.live.caps.open(), "live stream refused");
        let mut res = error_response(
            AppError::RateLimited {
                retry_after_secs: LIVE_RETRY_AFTER_SECS,
            },
            locale,
        );
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(LIVE_RETRY_AFTER_SECS),
        );
        res
    })
}

/// `GET /events/{id}/live`: the event's changes as server-sent events. A
/// reconnecting browser says the last one it got (`Last-Event-ID`) and first
/// receives what it missed. Streams are capped per client address and in
/// total (HTTP 429 with `Retry-After` over a cap) and end after
/// `live.max_lifetime_secs`, when the browser reconnects and catches up.
pub async fn live(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<LiveQuery>,
    axum::Extension(ClientIp(ip)): axum::Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    // take a place first: a refused client costs no database work
    let slot = match take_slot(&state, ip, locale) {
        Ok(slot) => slot,
        Err(res) => return res,
    };
    let viewer = session_user(&state, &headers).await.ok().flatten();
    if let Err(e) = crate::services::events::load_visible(&*state.store, id, viewer.as_ref()).await
    {
        return error_response(e, locale);
    }
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(q.since)
        .max(0);
    state.live.ready().await;
    let rx = state.live.subscribe(id);
    let mut v = Viewer {
        state: state.clone(),
        event: id,
        locale,
        zone: reader_zone(&headers).unwrap_or_default(),
        rx,
        sent: last_seen,
        pending: None,
        _slot: slot,
    };
    let last = state.store.last_change(id).await.unwrap_or(0);
    if last_seen > 0 && last > last_seen {
        if let Some((change, e)) = own_update(&v, last_seen).await {
            v.sent = change;
            v.pending = Some(e);
        }
    } else if last_seen == 0 {
        v.sent = last;
    }
    sse_response(&state, viewer_stream(v))
}

/// A live stream as the browser gets it: a first comment with the retry
/// pause, the messages, a keep-alive every 15 s, not cached nor buffered by
/// proxies, ended after `live.max_lifetime_secs` (the browser reconnects
/// and catches up).
pub(super) fn sse_response<S>(state: &AppState, messages: S) -> Response
where
    S: Stream<Item = Result<Event, Infallible>> + Send + 'static,
{
    let hello = stream::once(async {
        Ok(Event::default()
            .retry(Duration::from_secs(2))
            .comment("live"))
    });
    let lifetime = Duration::from_secs(state.config.live.max_lifetime_secs.max(1));
    let events = hello
        .chain(messages)
        .take_until(tokio::time::sleep(lifetime));
    let mut res = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // proxies must not buffer the stream
    res.headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    res
}

fn calendar_response(body: String, file: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// `GET /events/{id}/event.ics`: "Add to calendar".
pub async fn event_ics(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    let viewer = session_user(&state, &headers).await.ok().flatten();
    match crate::services::calendar::event_file(&state, viewer.as_ref(), id, locale).await {
        Ok(body) => calendar_response(body, &format!("event-{id}.ics")),
        Err(e) => error_response(e, locale),
    }
}

/// `GET /calendar/{token}.ics`: a member's private feed.
pub async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    let Some(token) = file
        .strip_suffix(".ics")
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    else {
        return error_response(AppError::NotFound, locale);
    };
    match crate::services::calendar::feed(&state, token).await {
        Ok(body) => calendar_response(body, "tandem.ics"),
        Err(e) => error_response(e, locale),
    }
}

/// `GET /events/{id}/meetings.ics`: a participant's C2C meetings.
pub async fn meetings_ics(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    let Ok(Some(user)) = session_user(&state, &headers).await else {
        return error_response(AppError::Unauthorized, locale);
    };
    match crate::services::meetings::agenda_file(&state, &user, id).await {
        Ok(body) => calendar_response(body, &format!("event-{id}-meetings.ics")),
        Err(e) => error_response(e, locale),
    }
}

/// `GET /events/{id}/meetings.csv`: every meeting request, for organizers.
pub async fn meetings_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    let Ok(Some(user)) = session_user(&state, &headers).await else {
        return error_response(AppError::Unauthorized, locale);
    };
    match crate::services::meetings::csv(&*state.store, &user, id, locale).await {
        Ok(body) => csv_response(body, &format!("event-{id}-meetings.csv")),
        Err(e) => error_response(e, locale),
    }
}

fn csv_response(body: String, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        // a byte-order mark so that spreadsheets read UTF-8
        format!("\u{feff}{body}"),
    )
        .into_response()
}

/// `GET /events/{id}/attendees.csv`: for the event's organizers.
pub async fn attendees_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    let Ok(Some(user)) = session_user(&state, &headers).await else {
        return error_response(AppError::Unauthorized, locale);
    };
    match crate::services::registrations::attendees_csv(&state, &user, id, locale).await {
        Ok(body) => csv_response(body, &format!("event-{id}-attendees.csv")),
        Err(e) => error_response(e, locale),
    }
}
