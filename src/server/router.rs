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
    let api = {
        let context = context.clone();
        move |req: Request| {
            let context = context.clone();
            async move { handle_server_fns_with_context(context, req).await }
        }
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || crate::ui::shell(options.clone())
    };
    let config = state.config.clone();
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
                // read while streaming, so an oversized upload gets the form's
                // own message rather than a bare 413
                .layer(axum::extract::DefaultBodyLimit::max(
                    config.photo_max_bytes + 64 * 1024,
                )),
        )
        .route("/media/photos/{file}", get(super::photos::serve))
        .route("/events/{id}/live", get(super::event_routes::live))
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
        .layer(middleware::from_fn_with_state(state.clone(), csrf::layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client_ip::layer,
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
    let mut res = Redirect::to(safe_next(&form.next)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

use axum::extract::FromRequest;

/// A local path to go back to; anything else (another site, `//host`) is home.
pub fn safe_next(next: &str) -> &str {
    if next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains(['\r', '\n'])
    {
        next
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_stays_on_site() {
        use super::safe_next;
        assert_eq!(safe_next("/events?x=1"), "/events?x=1");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
