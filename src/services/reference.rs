//! GeoNames reference data (cities of 15,000+ people and countries, CC BY 4.0),
//! shipped in the binary and loaded into an empty database at start-up.

use super::internal;
use crate::error::AppError;
use crate::store::{CityRow, CountryRow, Store};
use serde::Deserialize;

const CITIES_CSV: &str = include_str!("../../migrations/data/cities15000.csv");
const COUNTRIES_CSV: &str = include_str!("../../migrations/data/countries.csv");

#[derive(Deserialize)]
struct CountryCsv {
    iso: String,
    name: String,
    continent_code: String,
}

#[derive(Deserialize)]
struct CityCsv {
    geonameid: i64,
    name: String,
    country_code: String,
    admin1_code: String,
    latitude: f64,
    longitude: f64,
    population: i64,
    timezone: String,
}

pub fn countries() -> Result<Vec<CountryRow>, csv::Error> {
    csv::Reader::from_reader(COUNTRIES_CSV.as_bytes())
        .deserialize::<CountryCsv>()
        .map(|r| {
            r.map(|c| CountryRow {
                code: c.iso,
                name: c.name,
                continent: c.continent_code,
            })
        })
        .collect()
}

pub fn cities() -> Result<Vec<CityRow>, csv::Error> {
    csv::Reader::from_reader(CITIES_CSV.as_bytes())
        .deserialize::<CityCsv>()
        .map(|r| {
            r.map(|c| CityRow {
                id: c.geonameid,
                name: c.name,
                country_code: c.country_code,
                admin1_code: c.admin1_code,
                latitude: c.latitude,
                longitude: c.longitude,
                population: c.population,
                timezone: c.timezone,
            })
        })
        .collect()
}

/// Loads countries and cities when the city table is empty; returns how many
/// cities were loaded (0 when they were there already).
pub async fn ensure_loaded(store: &dyn Store) -> Result<usize, AppError> {
    if store.count_cities().await? > 0 {
        return Ok(0);
    }
    let countries = countries().map_err(|e| internal(&e))?;
    let known: std::collections::HashSet<&str> =
        countries.iter().map(|c| c.code.as_str()).collect();
    let cities: Vec<CityRow> = cities()
        .map_err(|e| internal(&e))?
        .into_iter()
        .filter(|c| known.contains(c.country_code.as_str()))
        .collect();
    store.insert_countries(&countries).await?;
    store.insert_cities(&cities).await?;
    tracing::info!(
        cities = cities.len(),
        countries = countries.len(),
        "GeoNames reference data loaded"
    );
    Ok(cities.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_data_parses() {
        let cities = super::cities().unwrap();
        assert_eq!(cities.len(), 34_006);
        let queretaro = cities
            .iter()
            .find(|c| c.name == "Querétaro" || c.name == "Santiago de Querétaro");
        assert!(
            queretaro.is_some_and(|c| c.country_code == "MX" && c.timezone.starts_with("America/"))
        );
        assert!(super::countries()
            .unwrap()
            .iter()
            .any(|c| c.code == "CA" && c.name == "Canada"));
    }
}
