//! The network: cities, themes, people, profiles, search, city pages.

use serde::{Deserialize, Serialize};

/// A city from the GeoNames directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityCard {
    pub id: i64,
    pub name: String,
    pub country_code: String,
    pub country: String,
    pub population: i64,
    pub timezone: String,
    /// "45.5088, -73.5878": written on the server, so the browser needs no
    /// float parsing (it would cost ~10 KB of WASM)
    pub position: String,
    pub map_url: String,
}

/// A value to pick in a form (sector, language, theme...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdgView {
    pub number: i64,
    pub name: String,
}

/// A theme of the taxonomy in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    pub id: String,
    pub name: String,
    pub sdgs: Vec<SdgView>,
    /// listed members interested in it (as the reader may see them)
    pub members: i64,
}

/// A member as a search result or in a city's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonCard {
    pub id: i64,
    pub name: String,
    /// "Director of mobility · Ciudad de México"
    pub headline: String,
    /// "Querétaro, MX"
    pub place: Option<String>,
    pub photo_url: Option<String>,
    pub themes: Vec<String>,
}

/// A member's profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: i64,
    pub name: String,
    pub photo_url: Option<String>,
    pub job_title: String,
    pub organisation: String,
    pub sector: Option<String>,
    pub city: Option<Choice>,
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub interests: Vec<Choice>,
    pub offer_themes: Vec<Choice>,
    pub seek_themes: Vec<Choice>,
    /// sanitized HTML rendered from the member's Markdown
    pub bio_html: String,
    pub links: Vec<String>,
    pub offer: String,
    pub seek: String,
    pub is_owner: bool,
}

/// The profile form with everything it needs to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileEditor {
    pub id: i64,
    pub name: String,
    pub form: crate::domain::profile::ProfileForm,
    /// "Querétaro, Mexico" for the current city id
    pub city_label: String,
    pub photo_url: Option<String>,
    pub completeness: u8,
    /// field names, most valuable first
    pub missing: Vec<String>,
    pub themes: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: i64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facets {
    pub theme: Vec<FacetValue>,
    pub sector: Vec<FacetValue>,
    pub country: Vec<FacetValue>,
    pub lang: Vec<FacetValue>,
    pub size: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    pub people: Vec<PersonCard>,
    pub total: i64,
    pub page: i64,
    pub more: bool,
    pub facets: Facets,
    pub cities: Vec<CityCard>,
    /// visitors see public profiles only
    pub signed_in: bool,
    /// published news matching the words (first page only)
    pub news: Vec<super::NewsCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityChangeView {
    pub who: String,
    pub when: String,
    pub themes: Vec<String>,
    pub challenges: String,
}

/// Everything a city page shows beyond the GeoNames facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityPageData {
    pub city: CityCard,
    pub members: Vec<PersonCard>,
    pub member_count: i64,
    pub themes: Vec<Choice>,
    pub challenges: String,
    /// "Updated by Ana Torres on 3 Nov 2026"
    pub updated: Option<String>,
    /// the reader's home city is this one
    pub can_edit: bool,
    pub all_themes: Vec<Choice>,
    pub changes: Vec<CityChangeView>,
    /// candidate partner cities, best first, each with why
    pub partners: Vec<PartnerCityView>,
    /// published news about the city, newest first
    pub news: Vec<super::NewsCard>,
    pub publications: Vec<super::PublicationCard>,
}

/// A candidate partner city and why it suits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCityView {
    pub id: i64,
    pub name: String,
    pub country: String,
    /// listed members there
    pub members: i64,
    pub reasons: Vec<String>,
}
