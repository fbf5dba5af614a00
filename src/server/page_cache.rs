//! Event pages as visitors who are not signed in see them, kept for a few
//! seconds. An event page is the busiest page of a conference (everyone opens
//! the agenda at once) and the most expensive to render: 36 sessions and 37
//! speakers cost ~2.4 ms of rendering, against ~0.2 ms for a plain page.
//!
//! A copy is kept per address, language and reader's time zone, and is used
//! only while the event is as it was (its version, its last change and its
//! seat counts, read from the store on every request, so an edit made through
//! any instance shows at once) and for at most [`TTL`] (what depends on the
//! clock: the session on now, registration windows). Each answer gets a nonce
//! of its own: the cached page's nonce is replaced, and the policy names the
//! new one. Signed-in readers, whose page shows their seat, are not cached.

use super::headers::{nonce_in, page_policy};
use super::{cookies, AppState};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a copy may be served when nothing about the event changed.
pub const TTL: Duration = Duration::from_secs(5);
/// Copies kept at most (all are dropped when full: simple, and rare).
const MAX_ENTRIES: usize = 2_000;
/// Larger pages are not kept.
const MAX_BYTES: usize = 512 * 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path: String,
    locale: &'static str,
    zone: Option<String>,
}

/// What the page was rendered from.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    version: i64,
    last_change: i64,
    registered: i64,
    waitlisted: i64,
}

struct Entry {
    stamp: Stamp,
    made: Instant,
    nonce: String,
    body: Bytes,
}

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<Key, Entry>>,
}

/// The event id of `/events/{id}`, the only page cached.
fn event_id(path: &str) -> Option<i64> {
    let rest = path.strip_prefix("/events/")?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || rest.len() > 18 {
        return None;
    }
    rest.parse().ok()
}

fn new_nonce() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 18]>())
}

fn answer(body: Bytes, nonce: &str) -> Response {
    let mut res = (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        Body::from(body),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&page_policy(nonce)) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(id) = event_id(req.uri().path()).filter(|_| req.method() == Method::GET) else {
        return next.run(req).await;
    };
    let headers = req.headers();
    let signed_in = cookies::read(headers, cookies::SESSION).is_some_and(|t| !t.is_empty());
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if signed_in || !wants_html {
        return next.run(req).await;
    }
    let stamp = match (
        state.store.event(id).await,
        state.store.last_change(id).await,
    ) {
        (Ok(Some(e)), Ok(last_change)) => Stamp {
            version: e.version,
            last_change,
            registered: e.registered,
            waitlisted: e.waitlisted,
        },
        _ => return next.run(req).await,
    };
    let key = Key {
        path: req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("")
            .to_owned(),
        locale: super::request::locale_from_headers(headers).code(),
        zone: super::request::reader_zone(headers),
    };
    let cache = &state.page_cache;
    let hit = cache.entries.lock().ok().and_then(|m| {
        m.get(&key)
            .filter(|e| e.stamp == stamp && e.made.elapsed() < TTL)
            .map(|e| (e.nonce.clone(), e.body.clone()))
    });
    if let Some((old, body)) = hit {
        let nonce = new_nonce();
        let text = String::from_utf8_lossy(&body).replace(&old, &nonce);
        return answer(Bytes::from(text), &nonce);
    }
    let res = next.run(req).await;
    let cacheable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !cacheable {
        return res;
    }
    let (parts, body) = res.into_parts();
    // the page is already rendered whole (`SsrMode::Async`): collecting it
    // costs no waiting
    let Ok(body) = axum::body::to_bytes(body, 64 * MAX_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Some(nonce) = nonce_in(&body).filter(|_| body.len() <= MAX_BYTES) {
        if let Ok(mut m) = cache.entries.lock() {
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(
                key,
                Entry {
                    stamp,
                    made: Instant::now(),
                    nonce: nonce.to_owned(),
                    body: body.clone(),
                },
            );
        }
    }
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_event_pages_are_cached() {
        assert_eq!(event_id("/events/12"), Some(12));
        assert_eq!(event_id("/events/12/edit"), None);
        assert_eq!(event_id("/events/"), None);
        assert_eq!(event_id("/events/new"), None);
        assert_eq!(event_id("/events/1x"), None);
        assert_eq!(event_id("/events/99999999999999999999999"), None);
    }

    #[test]
    fn every_answer_gets_a_fresh_nonce() {
        let fresh = new_nonce();
        assert!(fresh.len() >= 22 && fresh != new_nonce());
    }
}
