//! Refuses cross-site state-changing requests. Leptos server functions do no
//! CSRF checking of their own, so this sits in front of every route.
//!
//! Browsers send `Sec-Fetch-Site` on every request; where it is missing (older
//! browsers) the `Origin`, then the `Referer`, must match the site. A request
//! with none of the three did not come from a browser page and cannot carry a
//! victim's cookies by accident.

use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    Refuse(&'static str),
}

pub fn check(method: &Method, headers: &HeaderMap, site_origin: &str) -> Verdict {
    if matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return Verdict::Allow;
    }
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return match site {
            "same-origin" | "none" => Verdict::Allow,
            _ => Verdict::Refuse("sec-fetch-site"),
        };
    }
    let host = get(header::HOST.as_str());
    // the site's own scheme: an `http://` page of the same host (a network
    // attacker can forge one) is another origin than the `https://` site
    let scheme = site_origin.split_once("://").map_or("http", |(s, _)| s);
    let matches = |origin: &str| {
        let origin = origin.trim_end_matches('/');
        origin.eq_ignore_ascii_case(site_origin)
            || host.is_some_and(|h| {
                origin.split_once("://").is_some_and(|(s, rest)| {
                    s.eq_ignore_ascii_case(scheme) && rest.eq_ignore_ascii_case(h)
                })
            })
    };
    if let Some(origin) = get(header::ORIGIN.as_str()) {
        return if matches(origin) {
            Verdict::Allow
        } else {
            Verdict::Refuse("origin")
        };
    }
    if let Some(referer) = get(header::REFERER.as_str()) {
        let origin = referer
            .split_once("://")
            .map(|(scheme, rest)| {
                let host = rest.split(['/', '?', '#']).next().unwrap_or("");
                format!("{scheme}://{host}")
            })
            .unwrap_or_default();
        return if matches(&origin) {
            Verdict::Allow
        } else {
            Verdict::Refuse("referer")
        };
    }
    Verdict::Allow
}

pub async fn layer(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match check(req.method(), req.headers(), state.config.origin()) {
        Verdict::Allow => next.run(req).await,
        Verdict::Refuse(by) => {
            tracing::warn!(path = %req.uri().path(), by, "refused a cross-site request");
            let locale = crate::server::request::locale_from_headers(req.headers());
            (
                StatusCode::FORBIDDEN,
                crate::i18n::Msg::ErrCrossSite.text(locale),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "http://127.0.0.1:3000";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn table() {
        use Verdict::*;
        let post = Method::POST;
        let cases: &[(&[(&str, &str)], Verdict)] = &[
            (&[("sec-fetch-site", "same-origin")], Allow),
            (&[("sec-fetch-site", "none")], Allow),
            (
                &[("sec-fetch-site", "cross-site")],
                Refuse("sec-fetch-site"),
            ),
            (&[("sec-fetch-site", "same-site")], Refuse("sec-fetch-site")),
            (
                &[("sec-fetch-site", "cross-site"), ("origin", SITE)],
                Refuse("sec-fetch-site"),
            ),
            (&[("origin", "http://127.0.0.1:3000")], Allow),
            (&[("origin", "https://evil.example")], Refuse("origin")),
            (&[("origin", "null")], Refuse("origin")),
            (
                &[
                    ("origin", "http://localhost:4000"),
                    ("host", "localhost:4000"),
                ],
                Allow,
            ),
            (
                &[("referer", "http://127.0.0.1:3000/account/sign-in?x=1")],
                Allow,
            ),
            (
                &[("referer", "https://evil.example/page")],
                Refuse("referer"),
            ),
            (
                &[("referer", "http://127.0.0.1:3000.evil.example/")],
                Refuse("referer"),
            ),
            (&[], Allow),
        ];
        for (pairs, want) in cases {
            let h = headers(pairs);
            assert_eq!(&check(&post, &h, SITE), want, "{pairs:?}");
        }
        // on an https site, a plain-http page of the same host is another origin
        const TLS: &str = "https://tandem.example";
        let cases: &[(&[(&str, &str)], Verdict)] = &[
            (&[("origin", "https://tandem.example")], Allow),
            (
                &[
                    ("origin", "http://tandem.example"),
                    ("host", "tandem.example"),
                ],
                Refuse("origin"),
            ),
            (
                &[
                    ("referer", "http://tandem.example/x"),
                    ("host", "tandem.example"),
                ],
                Refuse("referer"),
            ),
            (
                &[
                    ("origin", "https://tandem.example"),
                    ("host", "tandem.example"),
                ],
                Allow,
            ),
        ];
        for (pairs, want) in cases {
            let h = headers(pairs);
            assert_eq!(&check(&post, &h, TLS), want, "{pairs:?}");
        }
        assert_eq!(
            check(
                &Method::GET,
                &headers(&[("sec-fetch-site", "cross-site")]),
                SITE
            ),
            Allow
        );
    }
}
