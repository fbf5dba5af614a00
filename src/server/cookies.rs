//! Reading and writing the cookies Tandem sets: the session, the language, and
//! a new calendar address on its way to the page that shows it once.

use axum::http::{header, HeaderMap};

pub const SESSION: &str = "tandem_session";
pub const LANG: &str = "tandem_lang";
/// A new calendar address, kept for the one page that shows it after a plain
/// form post (the address is a secret: not in the page's URL).
pub const FEED_ONCE: &str = "tandem_feed_once";

pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure behind https.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax");
    if secure {
        c.push_str("; Secure");
    }
    c
}

pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", 0, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_among_several() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; tandem_session=abc; tandem_lang=fr".parse().unwrap(),
        );
        assert_eq!(read(&h, SESSION), Some("abc"));
        assert_eq!(read(&h, LANG), Some("fr"));
        assert_eq!(read(&h, "zzz"), None);
    }

    #[test]
    fn session_cookie_attributes() {
        let c = set(SESSION, "t", 60, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!set(SESSION, "t", 60, false).contains("Secure"));
        assert!(clear(SESSION, false).contains("Max-Age=0"));
    }
}
