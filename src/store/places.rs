//! The places part of the store: countries and cities (GeoNames), themes and
//! the SDGs they serve, and what cities say about themselves (notes and
//! their change log).
//! Implemented for both backends by `places_sql::impl_places_store!`.

use super::*;
use crate::domain::UserId;

#[async_trait::async_trait]
pub trait PlaceStore: Send + Sync + 'static {
    // places
    async fn count_cities(&self) -> StoreResult<i64>;
    async fn insert_countries(&self, rows: &[CountryRow]) -> StoreResult<()>;
    async fn insert_cities(&self, rows: &[CityRow]) -> StoreResult<()>;
    async fn city_by_name(&self, name: &str, country: &str) -> StoreResult<Option<CityRow>>;
    async fn city_by_id(&self, id: i64) -> StoreResult<Option<CityView>>;
    /// Cities any word of whose folded name starts with `folded` (itself
    /// folded), most populous first.
    async fn search_cities(&self, folded: &str, limit: i64) -> StoreResult<Vec<CityView>>;

    /// The most populous cities of a country.
    async fn largest_cities(&self, country: &str, limit: i64) -> StoreResult<Vec<CityView>>;
    /// (code, name) of these countries.
    async fn country_names(&self, codes: &[String]) -> StoreResult<Vec<(String, String)>>;

    // themes
    async fn themes(&self) -> StoreResult<Vec<ThemeRow>>;
    async fn sdgs(&self) -> StoreResult<Vec<SdgRow>>;
    /// Replaces the SDGs a theme serves; false when the theme does not exist.
    async fn set_theme_sdgs(&self, theme_id: &str, sdgs: &[i64]) -> StoreResult<bool>;

    // what cities say about themselves
    async fn city_note(&self, city_id: i64) -> StoreResult<CityNote>;
    /// Saves the note and appends it to the change log, atomically.
    async fn save_city_note(
        &self,
        city_id: i64,
        user: UserId,
        themes_mask: i64,
        challenges: &str,
        now: i64,
    ) -> StoreResult<()>;
    async fn city_changes(&self, city_id: i64, limit: i64) -> StoreResult<Vec<CityChange>>;
}
