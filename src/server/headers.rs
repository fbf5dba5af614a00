//! Security headers on every response: the Content-Security-Policy (pages
//! get one with the request's nonce, set while the page renders, or read back
//! from the page's first chunk when that header went missing; everything
//! else a strict default), HSTS when the site is served over https, and
//! `Cache-Control: no-store` on whatever a signed-in member is sent, so no
//! shared cache or back button shows one member's page to another.

use super::{cookies, AppState};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use futures::StreamExt;

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
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html && !res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        // Under concurrent load leptos_axum sometimes answers a page without
        // the headers its shell set (seen with 1 in ~15 renders while static
        // files were served in parallel); the page under the default policy
        // could not run its scripts. The nonce is on the page's first script.
        res = with_page_policy_from_body(res).await;
    }
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

/// The first `nonce="…"` of an HTML response's first chunk (Leptos's
/// hydration script in `<head>`, before any user text), made into the page
/// policy; the body is passed on unchanged.
async fn with_page_policy_from_body(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let mut stream = body.into_data_stream();
    let first = stream.next().await;
    if let Some(Ok(chunk)) = &first {
        if let Some(nonce) = nonce_in(chunk) {
            if let Ok(v) = HeaderValue::from_str(&page_policy(nonce)) {
                parts.headers.insert(header::CONTENT_SECURITY_POLICY, v);
            }
        }
    }
    let body = Body::from_stream(futures::stream::iter(first).chain(stream));
    Response::from_parts(parts, body)
}

pub(crate) fn nonce_in(html: &[u8]) -> Option<&str> {
    let at = html.windows(7).position(|w| w == b"nonce=\"")? + 7;
    let len = html[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .count();
    (len >= 16 && html.get(at + len) == Some(&b'"'))
        .then(|| std::str::from_utf8(&html[at..at + len]).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    #[test]
    fn nonce_is_read_from_the_first_script_only_when_well_formed() {
        let html = br#"<head><script type="module" nonce="r7YBb_dkzGSDSLNYKyJZ3w">x</script>"#;
        assert_eq!(super::nonce_in(html), Some("r7YBb_dkzGSDSLNYKyJZ3w"));
        assert_eq!(super::nonce_in(br#"<script nonce="short">"#), None);
        assert_eq!(
            super::nonce_in(br#"<script nonce="abcdefghijklmnop' x">"#),
            None
        );
        assert_eq!(super::nonce_in(b"<p>no script</p>"), None);
    }

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
