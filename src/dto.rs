//! Plain data that server functions send to the interface. No logic.

use crate::domain::{Locale, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub member_since: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersPage {
    pub members: Vec<MemberRow>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

/// An event as a card: times already written in the event's own zone; the
/// browser adds the reader's time when it differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCard {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub language: Locale,
    pub place: Option<String>,
    /// e.g. "Thu 14 Jan 2027, 10:00 – 11:30 CST"
    pub when_local: String,
    /// IANA zone of the event, e.g. "America/Mexico_City"
    pub zone: String,
    /// RFC 3339 UTC instants for `<time datetime>` and client-side conversion
    pub starts_utc: String,
    pub ends_utc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub members: i64,
    pub cities: i64,
    pub events: Vec<EventCard>,
}

/// Deployment facts the frame shows on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteFacts {
    pub contact: String,
}

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
