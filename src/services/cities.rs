//! The city directory: GeoNames cities of 15,000+ people.

use crate::domain::text::fold;
use crate::dto::CityCard;
use crate::error::AppError;
use crate::store::{CityView, Store};

pub const SEARCH_LIMIT: i64 = 20;

fn card(v: CityView) -> CityCard {
    CityCard {
        id: v.city.id,
        name: v.city.name,
        country_code: v.city.country_code,
        country: v.country_name,
        population: v.city.population,
        timezone: v.city.timezone,
        position: format!("{:.4}, {:.4}", v.city.latitude, v.city.longitude),
        map_url: format!(
            "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=11/{lat}/{lon}",
            lat = v.city.latitude,
            lon = v.city.longitude
        ),
    }
}

/// Cities matching what was typed: accent- and case-insensitive, by the
/// start of any word of the name, most populous first. Nothing for an empty
/// query.
pub async fn search(store: &dyn Store, query: &str) -> Result<Vec<CityCard>, AppError> {
    let folded = fold(query);
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let rows = store.search_cities(&folded, SEARCH_LIMIT).await?;
    Ok(rows.into_iter().map(card).collect())
}

pub async fn get(store: &dyn Store, id: i64) -> Result<CityCard, AppError> {
    store
        .city_by_id(id)
        .await?
        .map(card)
        .ok_or(AppError::NotFound)
}
