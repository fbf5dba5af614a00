//! Social routes that are not pages: a member's live channel (server-sent
//! events: the bell, the inbox, new posts in the feed) and the one-click
//! unsubscribe of notification e-mails.

use super::client_ip::ClientIp;
use super::event_routes::{error_response, sse_response, take_slot};
use super::live::StreamSlot;
use super::request::{locale_from_headers, session_user};
use super::AppState;
use crate::dto::Counters;
use crate::error::AppError;
use crate::services::context::Signal;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::Event;
use axum::response::{IntoResponse, Response};
use futures::stream;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MeQuery {
    /// the newest post the open feed shows (empty or 0: not a feed)
    top: String,
}

/// What the page hears: its counters, and how many feed posts are new.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct MeUpdate {
    pub bell: i64,
    pub messages: i64,
    pub feed: i64,
    /// "member": something of the member's changed (a message, a
    /// notification); "post": a new post in their feed
    pub kind: &'static str,
}

struct Member {
    state: AppState,
    user: i64,
    topics: HashSet<String>,
    blocked: HashSet<i64>,
    counters: Counters,
    feed: i64,
    rx: broadcast::Receiver<Arc<Signal>>,
    pending: Option<Event>,
    _slot: StreamSlot,
}

fn event(m: &Member, kind: &'static str) -> Event {
    let u = MeUpdate {
        bell: m.counters.bell,
        messages: m.counters.messages,
        feed: m.feed,
        kind,
    };
    Event::default().data(serde_json::to_string(&u).unwrap_or_default())
}

/// `GET /live/me?top=<post>`: the signed-in member's live channel.
pub async fn live_me(
    State(state): State<AppState>,
    Query(q): Query<MeQuery>,
    axum::Extension(ClientIp(ip)): axum::Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    let slot = match take_slot(&state, ip, locale) {
        Ok(slot) => slot,
        Err(res) => return res,
    };
    let user = match session_user(&state, &headers).await {
        Ok(Some(u)) => u,
        Ok(None) => return error_response(AppError::Unauthorized, locale),
        Err(e) => return error_response(e, locale),
    };
    state.live.ready().await;
    // subscribed before reading: nothing committed from now on is missed
    let rx = state.live.subscribe_social();
    let id = user.id.0;
    let start = async {
        let topics = crate::services::social::feed_topics(&state, id).await?;
        let feed = crate::services::social::new_in_feed(
            &state,
            id,
            &topics,
            q.top.trim().parse().unwrap_or(0),
        )
        .await?;
        let counters = crate::services::social::notifications::counters(&state, id).await?;
        let blocked = state.store.blocks_of(id).await?;
        Ok::<_, AppError>((topics, feed, counters, blocked))
    };
    let (topics, feed, counters, blocked) = match start.await {
        Ok(x) => x,
        Err(e) => return error_response(e, locale),
    };
    let mut m = Member {
        state: state.clone(),
        user: id,
        topics: topics.into_iter().collect(),
        blocked: blocked.into_iter().collect(),
        counters,
        feed,
        rx,
        pending: None,
        _slot: slot,
    };
    m.pending = Some(event(&m, "hello"));
    let stream = stream::unfold(m, |mut m| async move {
        if let Some(e) = m.pending.take() {
            return Some((Ok::<_, Infallible>(e), m));
        }
        loop {
            match m.rx.recv().await {
                Ok(signal) => match &*signal {
                    Signal::Post { author, topics, .. } => {
                        if *author != m.user
                            && !m.blocked.contains(author)
                            && topics.iter().any(|t| m.topics.contains(t))
                        {
                            m.feed += 1;
                            let e = event(&m, "post");
                            return Some((Ok(e), m));
                        }
                    }
                    Signal::Member(who) if *who == m.user => {
                        if let Ok(c) =
                            crate::services::social::notifications::counters(&m.state, m.user).await
                        {
                            m.counters = c;
                        }
                        let e = event(&m, "member");
                        return Some((Ok(e), m));
                    }
                    Signal::Member(_) => {}
                },
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    if let Ok(c) =
                        crate::services::social::notifications::counters(&m.state, m.user).await
                    {
                        m.counters = c;
                    }
                    let e = event(&m, "member");
                    return Some((Ok(e), m));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    sse_response(&state, stream)
}

/// `POST /notifications/unsubscribe/one-click?token=…` (RFC 8058).
pub async fn one_click_unsubscribe(
    State(state): State<AppState>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let token = q.get("token").map_or("", |t| t.as_str());
    match crate::services::social::notifications::unsubscribe(&state, token).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}
