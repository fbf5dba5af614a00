//! Security headers on every response: the Content-Security-Policy (pages
//! get one with the request's nonce, set while the page renders; everything
//! else a strict default), HSTS when the site is served over https, and
//! `Cache-Control: no-store` on whatever a signed-in member is sent, so no
//! shared cache or back button shows one member's page to another.

use super::{cookies, AppState};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of a rendered page: scripts only from this site or carrying
/// the page's nonce (Leptos puts it on its hydration scripts), WASM allowed
/// to compile, no plugins, no framing, forms only to this site. Inline
/// `style` attributes are allowed (progress bars); inline scripts are not.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The service worker's own policy: a worker's script response sets the
/// policy the worker runs under, and this one fetches pages and the app's
/// files from the site (with [`DEFAULT_POLICY`] every such fetch failed).
const WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'";

/// Everything that is not a page (files, JSON, CSV, calendars, images):
/// nothing runs, nothing frames it.
const DEFAULT_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let signed_in = cookies::read(req.headers(), cookies::SESSION).is_some_and(|t| !t.is_empty());
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if path == "/sw.js" {
            WORKER_POLICY
        } else {
            DEFAULT_POLICY
        };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        );
    }
    if state.config.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    let public_file = path.starts_with("/pkg/")
        || path.starts_with("/media/")
        || path == "/sw.js"
        || path == "/favicon.svg";
    if (signed_in || path.starts_with("/api/")) && !public_file {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_allow_only_their_nonce_inline() {
        let p = super::page_policy("abc123");
        assert!(p.contains("script-src 'self' 'nonce-abc123'"));
        assert!(
            !p.contains("'unsafe-inline' 'nonce")
                && !p.contains("script-src 'self' 'unsafe-inline'")
        );
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("object-src 'none'"));
    }
}
