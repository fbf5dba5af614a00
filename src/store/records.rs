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

#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct CityView {
    pub city: CityRow,
    pub country_name: String,
}

#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: String,
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
    pub kind: String,
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
