//! Candidate partner cities for a city, each with why, in the reader's
//! language.

use super::labels::{language_list, theme_list};
use crate::domain::partner::{self, CityMatch};
use crate::domain::profile::SizeBucket;
use crate::domain::Locale;
use crate::dto::PartnerCityView;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::{Store, ThemeRow};

/// How many candidates a city page shows.
pub const PARTNERS: usize = 6;

/// "Montréal offers what Lyon needs: housing · 2 shared priorities: ... ·
/// Both mostly speak French · Across the Atlantic · A city of similar size".
pub fn reasons(
    m: &CityMatch,
    me: &str,
    other: &str,
    themes: &[ThemeRow],
    locale: Locale,
) -> Vec<String> {
    let mut out = Vec::new();
    if m.they_offer != 0 {
        out.push(Msg::WhyCityTheyOffer.fill(
            locale,
            &[
                ("city", other),
                ("me", me),
                ("themes", &theme_list(m.they_offer, themes, locale)),
            ],
        ));
    }
    if m.we_offer != 0 {
        out.push(Msg::WhyCityWeOffer.fill(
            locale,
            &[
                ("city", other),
                ("me", me),
                ("themes", &theme_list(m.we_offer, themes, locale)),
            ],
        ));
    }
    if m.shared != 0 {
        out.push(Msg::WhyCityShared.fill(
            locale,
            &[
                ("count", &m.shared.count_ones().to_string()),
                ("themes", &theme_list(m.shared, themes, locale)),
            ],
        ));
    }
    if m.shared_langs != 0 {
        out.push(Msg::WhyCityLanguages.fill(
            locale,
            &[("languages", &language_list(m.shared_langs, locale))],
        ));
    }
    if m.across {
        out.push(Msg::WhyCityAcross.text(locale).to_owned());
    }
    if m.similar_size {
        out.push(Msg::WhyCitySize.text(locale).to_owned());
    }
    out
}

/// The best partner cities for `city_id`, with why. Empty when nothing is
/// known about the city yet (no priorities, no listed members).
/// `max_visibility` as in the people search: visitors count public
/// profiles only.
pub async fn for_city(
    store: &dyn Store,
    city_id: i64,
    max_visibility: i64,
    locale: Locale,
) -> Result<Vec<PartnerCityView>, AppError> {
    let (cities, themes, me) = tokio::try_join!(
        store.city_facts(max_visibility),
        store.themes(),
        store.city_by_id(city_id)
    )?;
    let Some(me_view) = me else {
        return Err(AppError::NotFound);
    };
    let mut mine = cities
        .iter()
        .find(|c| c.id == city_id)
        .copied()
        .unwrap_or_default();
    mine.id = city_id;
    if mine.country == [0, 0] {
        let cc = me_view.city.country_code.as_bytes();
        if cc.len() == 2 {
            mine.country = [cc[0], cc[1]];
        }
        mine.size = SizeBucket::of(me_view.city.population).code() as i8;
    }
    if mine.interests() == 0 && mine.offer == 0 {
        return Ok(Vec::new());
    }
    let best = partner::best(&mine, &cities, PARTNERS);
    let mut out = Vec::with_capacity(best.len());
    for (c, m) in best {
        let Some(v) = store.city_by_id(c.id).await? else {
            continue;
        };
        out.push(PartnerCityView {
            id: c.id,
            reasons: reasons(&m, &me_view.city.name, &v.city.name, &themes, locale),
            name: v.city.name,
            country: v.country_name,
            members: i64::from(c.members),
        });
    }
    Ok(out)
}
