//! What a server function knows about the request it serves.

use super::client_ip::ClientIp;
use super::{cookies, AppState};
use crate::domain::Locale;
use crate::error::AppError;
use crate::services::clock::unix_now;
use crate::services::tokens::hash_token;
use crate::store::UserRecord;
use axum::http::{header, request::Parts, HeaderMap, HeaderName, HeaderValue, StatusCode};
use leptos::prelude::{use_context, ServerFnError};
use leptos_axum::ResponseOptions;
use std::net::IpAddr;

pub struct Ctx {
    pub state: AppState,
    pub parts: Parts,
    /// Non-secret fields to hand back to a plain form post that failed.
    keep: Vec<(&'static str, String)>,
}

impl Ctx {
    /// The state and request parts that leptos_axum puts in context.
    pub fn get() -> Result<Self, AppError> {
        let state = use_context::<AppState>()
            .ok_or_else(|| crate::services::internal(&"AppState missing from context"))?;
        let parts = use_context::<Parts>()
            .ok_or_else(|| crate::services::internal(&"request parts missing from context"))?;
        Ok(Self {
            state,
            parts,
            keep: Vec::new(),
        })
    }

    pub fn client_ip(&self) -> IpAddr {
        self.parts
            .extensions
            .get::<ClientIp>()
            .map(|c| c.0)
            .unwrap_or(IpAddr::from([127, 0, 0, 1]))
    }

    pub fn locale(&self) -> Locale {
        locale_from_headers(&self.parts.headers)
    }

    /// The hash of the session token in the request's cookie, as stored.
    pub fn session_hash(&self) -> Option<String> {
        session_hash(&self.parts.headers)
    }

    /// The reader's IANA time zone, which the browser keeps in a cookie.
    pub fn reader_zone(&self) -> Option<String> {
        reader_zone(&self.parts.headers)
    }

    /// A plain HTML form post (no WASM): answer with a redirect to a page.
    pub fn is_plain_form(&self) -> bool {
        self.parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    pub async fn user(&self) -> Result<Option<UserRecord>, AppError> {
        session_user(&self.state, &self.parts.headers).await
    }

    /// The signed-in member, or `Unauthorized`.
    pub async fn require_user(&self) -> Result<UserRecord, AppError> {
        self.user().await?.ok_or(AppError::Unauthorized)
    }

    pub fn set_cookie(&self, value: &str) {
        if let (Some(res), Ok(v)) = (
            use_context::<ResponseOptions>(),
            HeaderValue::from_str(value),
        ) {
            res.append_header(header::SET_COOKIE, v);
        }
    }

    /// Tells the browser to drop what it kept of this site (HTTP cache, the
    /// service worker and its offline copies of private pages such as
    /// meeting notes) once the session ends; the language cookie stays.
    pub fn clear_site_data(&self) {
        if let Some(res) = use_context::<ResponseOptions>() {
            res.insert_header(
                HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cache\", \"storage\""),
            );
        }
    }

    /// A plain HTML form post (no WASM) is answered with a redirect; anything
    /// else gets the error's own status code.
    pub fn fail(&self, err: AppError) -> AppError {
        if let Some(res) = use_context::<ResponseOptions>() {
            if let AppError::RateLimited { retry_after_secs } = &err {
                res.insert_header(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            let wants_html = self
                .parts
                .headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"));
            if !wants_html {
                if let Ok(code) = StatusCode::from_u16(err.status()) {
                    res.set_status(code);
                }
            } else if let Some(location) = self.back_with(&err) {
                // overrides leptos's own redirect, which carries the error only
                if let Ok(v) = HeaderValue::from_str(&location) {
                    res.insert_header(header::LOCATION, v);
                }
            }
        }
        err
    }
}

impl Ctx {
    /// The page a plain form post came from, with the error (as leptos's
    /// `ActionForm` reads it) and the kept fields in its query string, so
    /// that the page shows the error beside the field and what was typed.
    fn back_with(&self, err: &AppError) -> Option<String> {
        use base64::Engine;
        use leptos::server_fn::error::FromServerFnError;
        let referer = self.parts.headers.get(header::REFERER)?.to_str().ok()?;
        let (base, query) = referer.split_once('?').unwrap_or((referer, ""));
        let drop =
            |k: &str| k == "__path" || k == "__err" || self.keep.iter().any(|(n, _)| *n == k);
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| !drop(k)) {
            out.append_pair(&k, &v);
        }
        for (k, v) in &self.keep {
            out.append_pair(k, v);
        }
        out.append_pair("__path", self.parts.uri.path());
        out.append_pair(
            "__err",
            &base64::engine::general_purpose::URL_SAFE.encode(err.ser()),
        );
        Some(format!("{base}?{}", out.finish()))
    }
}

/// Runs a server function body with its request context, turning every error
/// into the right status code.
pub async fn with_ctx<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(std::sync::Arc<Ctx>) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    with_ctx_keeping(Vec::new(), f).await
}

/// Like [`with_ctx`]; a failed plain form post gets `keep` (never secrets)
/// back so the form can show what was typed.
pub async fn with_ctx_keeping<T, F, Fut>(
    keep: Vec<(&'static str, String)>,
    f: F,
) -> Result<T, AppError>
where
    F: FnOnce(std::sync::Arc<Ctx>) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let mut ctx = Ctx::get()?;
    ctx.keep = keep;
    let ctx = std::sync::Arc::new(ctx);
    f(ctx.clone()).await.map_err(|e| ctx.fail(e))
}

/// The reader's time zone from the `tz` cookie (set by the page's script),
/// when it looks like an IANA name; the services check it exists.
pub fn reader_zone(headers: &HeaderMap) -> Option<String> {
    cookies::read(headers, "tz")
        .map(|z| z.replace("%2F", "/").replace("%2f", "/"))
        .filter(|z| {
            !z.is_empty()
                && z.len() <= 64
                && z.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
        })
}

/// The hash of the session token in a request's cookie, as stored.
pub fn session_hash(headers: &HeaderMap) -> Option<String> {
    cookies::read(headers, cookies::SESSION)
        .filter(|t| !t.is_empty())
        .map(hash_token)
}

/// The member whose unexpired session cookie the request carries, if any;
/// for server functions and for the plain axum routes alike.
pub async fn session_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<UserRecord>, AppError> {
    match session_hash(headers) {
        None => Ok(None),
        Some(hash) => state
            .store
            .session_user(&hash, unix_now())
            .await
            .map_err(AppError::from),
    }
}

pub fn locale_from_headers(headers: &HeaderMap) -> Locale {
    cookies::read(headers, cookies::LANG)
        .and_then(Locale::from_code)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

impl From<ServerFnError> for AppError {
    fn from(e: ServerFnError) -> Self {
        AppError::Transport(e.to_string())
    }
}
