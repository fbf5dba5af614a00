//! Names of themes and spoken languages in the reader's language, as the
//! use cases that explain a match (people, partner cities, meetings) write
//! them. Below those use cases, so that none of them imports another for a
//! label.

use crate::domain::profile::LANGUAGES;
use crate::domain::Locale;
use crate::store::ThemeRow;

/// The column of a theme's names for `locale`.
pub(crate) fn idx(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Fr => 1,
        Locale::Es => 2,
    }
}

pub fn theme_name(t: &ThemeRow, locale: Locale) -> String {
    t.names[idx(locale)].clone()
}

pub(crate) fn themes_in(mask: i64, themes: &[ThemeRow]) -> Vec<&ThemeRow> {
    themes.iter().filter(|t| mask & (1 << t.bit) != 0).collect()
}

/// "housing, circular economy": theme names in the reader's language.
pub(crate) fn theme_list(mask: i64, themes: &[ThemeRow], locale: Locale) -> String {
    themes_in(mask, themes)
        .into_iter()
        .map(|t| theme_name(t, locale).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Spanish, French": spoken-language names in the reader's language.
pub(crate) fn language_list(mask: i64, locale: Locale) -> String {
    LANGUAGES
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, (_, msg))| msg.text(locale))
        .collect::<Vec<_>>()
        .join(", ")
}
