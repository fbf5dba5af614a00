//! The reader's language, fixed for the life of a page: the server picks it
//! (cookie, then Accept-Language) and writes it into `<html lang>`, the
//! browser reads it back when it hydrates. Switching language reloads.

use crate::domain::Locale;
use crate::i18n::Msg;
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct CurrentLocale(Locale);

pub fn provide_locale() -> Locale {
    let locale = detect();
    provide_context(CurrentLocale(locale));
    locale
}

pub fn use_locale() -> Locale {
    use_context::<CurrentLocale>()
        .map(|c| c.0)
        .unwrap_or_default()
}

/// The text of `msg` in the reader's language.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_locale())
}

#[cfg(feature = "ssr")]
pub fn detect() -> Locale {
    use_context::<axum::http::request::Parts>()
        .map(|p| crate::server::request::locale_from_headers(&p.headers))
        .unwrap_or_default()
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub fn detect() -> Locale {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| Locale::from_code(&l))
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
pub fn detect() -> Locale {
    Locale::default()
}
