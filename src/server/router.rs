//! The whole HTTP surface: pages, server functions, health, language switch.

use super::{client_ip, cookies, csrf, AppState};
use crate::domain::Locale;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{middleware, Form, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use serde::Deserialize;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The app's routes, generated once per process: generation suppresses
/// resource loading process-wide while it runs (leptos issue #4773), so it
/// must never overlap with a render.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| generate_route_list(crate::ui::App))
        .clone()
}

pub fn build(state: AppState) -> Router {
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    // leptos routes each registered server function itself; this catches
    // the rest (an unknown name)
    let api = {
        let context = context.clone();
        move |req: Request| {
            let context = context.clone();
            async move {
                handle_server_fns_with_context(context, req)
                    .await
                    .into_response()
            }
        }
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || crate::ui::shell(options.clone())
    };
    let config = state.config.clone();
    let precompressed = super::assets::Precompressed::start(&config.site_root.join("pkg"), "/pkg/");
    Router::new()
        .route("/healthz", get(healthz))
        .route("/locale", post(set_locale))
        .route("/api/{*fn_name}", post(api))
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, crate::ui::shell))
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        // photos may be larger than other requests: their own limit
        .merge(
            Router::new()
                .route("/account/photo", post(super::photos::upload))
                .route("/events/{id}/cover", post(super::photos::upload_cover))
                .route("/news/{id}/cover", post(super::photos::upload_story_cover))
                .route("/posts/{id}/image", post(super::photos::upload_post_image))
                .route("/publications/upload", post(super::news_routes::upload))
                .route(
                    "/pairings/applications/{id}/upload",
                    post(super::documents::upload),
                )
                .route(
                    "/pairings/calls/{id}/upload",
                    post(super::documents::upload_call_document),
                )
                .route(
                    "/pairing/{id}/documents",
                    post(super::pairing_routes::upload),
                )
                // read while streaming, so an oversized upload gets the form's
                // own message rather than a bare 413
                .layer(axum::extract::DefaultBodyLimit::max(
                    config
                        .photo_max_bytes
                        .max(crate::services::applications::files::MAX_FILE_BYTES)
                        .max(super::pairing_routes::MAX_PAIRING_FILE_BYTES)
                        .max(crate::services::news::library::MAX_BYTES)
                        + 64 * 1024,
                )),
        )
        .route("/media/photos/{file}", get(super::photos::serve))
        .route("/events/{id}/live", get(super::event_routes::live))
        .route("/live/me", get(super::social_routes::live_me))
        .route(
            "/notifications/unsubscribe/one-click",
            post(super::social_routes::one_click_unsubscribe),
        )
        .route(
            "/events/{id}/event.ics",
            get(super::event_routes::event_ics),
        )
        .route(
            "/events/{id}/attendees.csv",
            get(super::event_routes::attendees_csv),
        )
        .route(
            "/events/{id}/meetings.ics",
            get(super::event_routes::meetings_ics),
        )
        .route(
            "/events/{id}/meetings.csv",
            get(super::event_routes::meetings_csv),
        )
        .route("/calendar/{file}", get(super::event_routes::feed))
        .route("/account/export.json", get(super::export::export_json))
        .route(
            "/pairings/applications/{id}/documents/{file}",
            get(super::documents::download),
        )
        .route(
            "/pairings/calls/{id}/documents/{doc}",
            get(super::documents::call_document),
        )
        .route(
            "/pairings/calls/{id}/applications.csv",
            get(super::documents::applications_csv),
        )
        .route("/feeds/{file}", get(super::news_routes::feed))
        .route(
            "/publications/{id}/download",
            get(super::news_routes::download),
        )
        .route(
            "/publications/{id}/cite.bib",
            get(super::news_routes::cite_bib),
        )
        .route(
            "/publications/{id}/cite.json",
            get(super::news_routes::cite_json),
        )
        .route(
            "/news/unsubscribe/one-click",
            post(super::news_routes::one_click_unsubscribe),
        )
        .route("/pairings.json", get(super::pairing_routes::open_json))
        .route("/pairings.csv", get(super::pairing_routes::open_csv))
        .route(
            "/pairing/{id}/plan.json",
            get(super::pairing_routes::plan_json),
        )
        .route(
            "/pairing/{id}/plan.csv",
            get(super::pairing_routes::plan_csv),
        )
        .route(
            "/pairing/{id}/documents/{file}",
            get(super::pairing_routes::download),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::page_cache::layer,
        ))
        // the app's files, compressed once at start (the streaming
        // compression further out leaves an encoded response alone)
        .layer(middleware::from_fn_with_state(
            precompressed,
            super::assets::layer,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), api_guard))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client_ip::layer,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::headers::layer,
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Around every server function (`/api/...`): the body is checked before it
/// is decoded ([`readable`]) and an error answers with its own status
/// ([`api_status`]).
async fn api_guard(
    State(state): State<AppState>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    match readable(req, state.config.body_limit_bytes).await {
        Ok(req) => api_status(next.run(req).await).await,
        Err(res) => res,
    }
}

/// A server function's arguments, read whole before they are decoded: a
/// body over the limit (chunked bodies have no length to refuse up front)
/// gets 413, and a NUL anywhere (raw, `%00` or `\u0000`), which no text
/// field may hold and PostgreSQL cannot store, gets 400: the reader's
/// language as text for a plain form, the error as JSON for a script.
async fn readable(req: Request, limit: usize) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let locale = super::request::locale_from_headers(&parts.headers);
    let refuse = |status: StatusCode, err: crate::error::AppError| {
        let wants_html = parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        if wants_html {
            (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                err.message(locale),
            )
                .into_response()
        } else {
            (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::to_string(&err).unwrap_or_default(),
            )
                .into_response()
        }
    };
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                crate::error::AppError::Malformed,
            ))
        }
    };
    if holds_nul(&bytes) {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            crate::error::AppError::Malformed,
        ));
    }
    Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
}

/// Whether a form or JSON body carries a NUL character in any spelling.
fn holds_nul(body: &[u8]) -> bool {
    body.contains(&0)
        || body.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"))
        || body.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
}

/// leptos answers every server-function error with a 500; the error in the
/// body knows its own status (400 for arguments that do not decode, 404, 409,
/// 429...), so a client's mistake is never reported as the server's.
async fn api_status(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        if let Ok(code) = StatusCode::from_u16(err.status()) {
            parts.status = code;
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.health().await {
        Ok(()) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

#[derive(Deserialize)]
struct LocaleForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// The header's language switcher: remembers the choice in a cookie (and on
/// the account) and goes back to the page it came from.
async fn set_locale(State(state): State<AppState>, req: Request) -> Response {
    let headers = req.headers().clone();
    let Ok(Form(form)) = Form::<LocaleForm>::from_request(req, &state).await else {
        return Redirect::to("/").into_response();
    };
    let locale = Locale::from_code(&form.lang).unwrap_or_default();
    if let Ok(Some(user)) = super::request::session_user(&state, &headers).await {
        if let Err(e) = state.store.set_locale(user.id, locale).await {
            tracing::warn!(error = %e, "could not store the language on the account");
        }
    }
    let cookie = cookies::set(
        cookies::LANG,
        locale.code(),
        365 * 24 * 3600,
        state.config.secure_cookies(),
    );
    let mut res = Redirect::to(crate::escape::local_path(&form.next)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

use axum::extract::FromRequest;

#[cfg(test)]
mod tests {
    #[test]
    fn nul_in_any_spelling_is_found() {
        use super::holds_nul;
        assert!(holds_nul(b"name=a%00b"));
        assert!(holds_nul(b"name=a%00"));
        assert!(holds_nul(br#"{"name":"a\u0000"}"#));
        assert!(holds_nul(b"a\0b"));
        assert!(!holds_nul(b"name=a%2500b&x=100"));
        assert!(!holds_nul(br#"{"n":"\u00e9"}"#));
    }
}
