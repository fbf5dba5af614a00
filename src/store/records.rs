//! Rows as the store reads and writes them.

use crate::domain::{DisplayName, Email, Locale, Role, UserId};

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub locale: Locale,
    pub email_confirmed_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: DisplayName,
    pub password_hash: String,
    pub role: Role,
    pub locale: Locale,
    pub confirmed: bool,
    pub now: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Confirm,
    Reset,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Confirm => "confirm",
            TokenPurpose::Reset => "reset",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewEmailToken {
    pub token_hash: String,
    pub user: UserId,
    pub purpose: TokenPurpose,
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct CountryRow {
    pub code: String,
    pub name: String,
    pub continent: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CityRow {
    pub id: i64,
    pub name: String,
    pub country_code: String,
    pub admin1_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub population: i64,
    pub timezone: String,
}

/// A city with its country's name, as pages show it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CityView {
    #[sqlx(flatten)]
    pub city: CityRow,
    pub country_name: String,
}

#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: crate::domain::event::EventKind,
    pub language: Locale,
    pub city_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub created_by: Option<UserId>,
    pub now: i64,
    /// (locale, title, summary) for each language the text exists in.
    pub texts: Vec<(Locale, String, String)>,
}

/// An event as listed, with its text in the reader's language when it exists,
/// otherwise in the event's own language.
#[derive(Debug, Clone)]
pub struct EventSummary {
    pub id: i64,
    pub kind: crate::domain::event::EventKind,
    pub language: Locale,
    pub city_name: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub title: String,
    pub summary: String,
}

pub(crate) fn parse_role(raw: &str) -> Result<Role, super::StoreError> {
    Role::parse(raw).map_err(|_| super::StoreError::Corrupt(format!("role {raw:?}")))
}

pub(crate) fn parse_locale(raw: &str) -> Locale {
    Locale::from_code(raw).unwrap_or_default()
}

/// A theme of the taxonomy with its names and the SDGs it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeRow {
    pub id: String,
    pub bit: i64,
    /// en, fr, es
    pub names: [String; 3],
    pub sdgs: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SdgRow {
    pub number: i64,
    /// en, fr, es
    pub names: [String; 3],
}

/// A profile as stored, with the member's name and home city.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileRecord {
    pub user_id: i64,
    pub name: String,
    pub confirmed: bool,
    pub job_title: String,
    pub organisation: String,
    pub sector: Option<String>,
    pub city_id: Option<i64>,
    pub city_name: Option<String>,
    pub country_code: Option<String>,
    pub country_name: Option<String>,
    pub languages_mask: i64,
    pub interests_mask: i64,
    pub offer_mask: i64,
    pub seek_mask: i64,
    pub bio: String,
    pub links: String,
    pub offer: String,
    pub seek: String,
    pub visibility: i64,
    pub photo: Option<String>,
    pub updated_at: i64,
}

/// What the search index holds for one listed member, already folded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchText {
    pub name: String,
    pub headline: String,
    pub body: String,
}

/// A profile to write, with what search needs. `search: None` takes the
/// member out of the index (hidden, or not confirmed).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileWrite {
    pub user_id: i64,
    pub job_title: String,
    pub organisation: String,
    pub sector: Option<String>,
    pub city_id: Option<i64>,
    pub country_code: Option<String>,
    pub size_bucket: Option<i64>,
    pub languages_mask: i64,
    pub interests_mask: i64,
    pub offer_mask: i64,
    pub seek_mask: i64,
    pub bio: String,
    pub links: String,
    pub offer: String,
    pub seek: String,
    pub visibility: i64,
    pub photo: Option<String>,
    pub search_rank: i64,
    pub now: i64,
    pub search: Option<SearchText>,
}

/// A people search as the store runs it. Expressions are in the backend's
/// own syntax (FTS5 or tsquery), built from folded terms only.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeopleQuery {
    /// the folded words, each a prefix, all required; none lists every
    /// listed member (the in-process index)
    pub terms: Vec<String>,
    /// the same in the database's syntax, (anywhere, name, headline), for
    /// the reference path
    pub exprs: Option<(String, String, String)>,
    /// 0 for visitors (public profiles only), 1 for signed-in members
    pub max_visibility: i64,
    pub themes_mask: i64,
    pub languages_mask: i64,
    pub sectors: Vec<String>,
    pub countries: Vec<String>,
    pub sizes: Vec<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// A member in a result list.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PersonRow {
    pub user_id: i64,
    pub name: String,
    pub job_title: String,
    pub organisation: String,
    pub sector: Option<String>,
    pub city_id: Option<i64>,
    pub city_name: Option<String>,
    pub country_code: Option<String>,
    pub themes_mask: i64,
    pub photo: Option<String>,
}

/// One page of hits with the facet counts of the whole result set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeopleHits {
    pub rows: Vec<PersonRow>,
    pub total: i64,
    /// count per theme bit (0..63)
    pub theme_counts: Vec<i64>,
    /// count per spoken-language bit
    pub language_counts: Vec<i64>,
    /// (sector, count)
    pub sector_counts: Vec<(String, i64)>,
    /// (size bucket, count)
    pub size_counts: Vec<(i64, i64)>,
    /// (country code, count), largest first
    pub country_counts: Vec<(String, i64)>,
}

/// What a city's members say about it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CityNote {
    pub themes_mask: i64,
    pub challenges: String,
    pub updated_by: Option<String>,
    /// the author's profile visibility: their name shows only to readers
    /// who may see their profile
    pub author_visibility: i64,
    pub updated_at: Option<i64>,
}

/// One entry of a city's change log.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CityChange {
    pub user_name: Option<String>,
    pub author_visibility: i64,
    pub at: i64,
    pub themes_mask: i64,
    pub challenges: String,
}

/// A city's stated priorities, with what partner ranking needs of the city.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CityPriorities {
    pub city_id: i64,
    pub themes_mask: i64,
    pub country_code: String,
    pub population: i64,
}
