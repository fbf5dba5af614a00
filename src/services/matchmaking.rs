//! Matchmaking: people to meet, each with the reasons in the reader's
//! language, and the member's verdicts that change what comes next.

use super::network::{card, theme_name, themes_in};
use super::store_error;
use crate::domain::profile::{Sector, LANGUAGES};
use crate::domain::recommend::Match;
use crate::domain::{Locale, UserId};
use crate::dto::{Suggestion, Suggestions};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::{PersonRow, Store, ThemeRow, UserRecord};

/// How many people a member is shown.
pub const SUGGESTIONS: i64 = 12;

fn theme_list(mask: i64, themes: &[ThemeRow], locale: Locale) -> String {
    themes_in(mask, themes)
        .into_iter()
        .map(|t| theme_name(t, locale).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "3 shared themes: housing, circular economy, mobility; you both speak
/// Spanish; Lyon offers what you seek in housing".
pub fn reasons(m: &Match, p: &PersonRow, themes: &[ThemeRow], locale: Locale) -> Vec<String> {
    let mut out = Vec::new();
    let first_name = p
        .name
        .split_whitespace()
        .next()
        .unwrap_or(&p.name)
        .to_owned();
    if m.they_offer != 0 {
        out.push(Msg::WhyTheyOffer.fill(
            locale,
            &[
                ("name", &first_name),
                ("themes", &theme_list(m.they_offer, themes, locale)),
            ],
        ));
    }
    if m.i_offer != 0 {
        out.push(Msg::WhyYouOffer.fill(
            locale,
            &[
                ("name", &first_name),
                ("themes", &theme_list(m.i_offer, themes, locale)),
            ],
        ));
    }
    if m.shared_themes != 0 {
        let n = m.shared_themes.count_ones();
        let msg = if n == 1 {
            Msg::WhySharedTheme
        } else {
            Msg::WhySharedThemes
        };
        out.push(msg.fill(
            locale,
            &[
                ("count", &n.to_string()),
                ("themes", &theme_list(m.shared_themes, themes, locale)),
            ],
        ));
    }
    if m.shared_langs != 0 {
        let langs: Vec<&str> = LANGUAGES
            .iter()
            .enumerate()
            .filter(|(i, _)| m.shared_langs & (1 << i) != 0)
            .map(|(_, (_, msg))| msg.text(locale))
            .collect();
        out.push(Msg::WhyLanguages.fill(locale, &[("languages", &langs.join(", "))]));
    }
    if m.other_sector {
        if let Some(s) = p.sector.as_deref().and_then(Sector::parse) {
            out.push(Msg::WhySector.fill(
                locale,
                &[("sector", &s.label().text(locale).to_lowercase())],
            ));
        }
    }
    if m.across || m.abroad {
        let place = p.city_name.clone().unwrap_or_default();
        let msg = if m.across {
            Msg::WhyAcross
        } else {
            Msg::WhyAbroad
        };
        out.push(msg.fill(locale, &[("place", &place)]));
    }
    if m.same_size {
        out.push(Msg::WhySameSize.text(locale).to_owned());
    }
    if m.liked != 0 {
        out.push(Msg::WhyLiked.fill(locale, &[("themes", &theme_list(m.liked, themes, locale))]));
    }
    out
}

/// People `user` could meet, best first, each with why.
pub async fn suggestions(
    store: &dyn Store,
    user: &UserRecord,
    locale: Locale,
) -> Result<Suggestions, AppError> {
    let (found, themes) =
        tokio::try_join!(store.suggest_people(user.id, SUGGESTIONS), store.themes())
            .map_err(store_error)?;
    let Some(found) = found else {
        return Ok(Suggestions {
            people: Vec::new(),
            needs_profile: true,
        });
    };
    Ok(Suggestions {
        people: found
            .into_iter()
            .map(|(p, m)| {
                let reasons = reasons(&m, &p, &themes, locale);
                Suggestion {
                    person: card(p, &themes, locale),
                    reasons,
                }
            })
            .collect(),
        needs_profile: false,
    })
}

/// "hide", "useful" or "undo" a suggestion of `other`.
pub async fn feedback(
    store: &dyn Store,
    user: &UserRecord,
    other: i64,
    verdict: &str,
    now: i64,
) -> Result<(), AppError> {
    let v = match verdict {
        "hide" => Some("hidden"),
        "useful" => Some("useful"),
        "undo" => None,
        _ => return Err(AppError::validation("verdict", Msg::ErrChoice)),
    };
    if other == user.id.0 {
        return Err(AppError::validation("verdict", Msg::ErrChoice));
    }
    store
        .user_by_id(UserId(other))
        .await
        .map_err(store_error)?
        .ok_or(AppError::NotFound)?;
    store
        .set_suggestion_feedback(user.id, other, v, now)
        .await
        .map_err(store_error)
}
