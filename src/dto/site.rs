//! The frame: the home overview and deployment facts.

use super::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub members: i64,
    pub cities: i64,
    pub events: Vec<EventCard>,
    /// the programme in figures (pairings, trios, actions, cities per country)
    pub programme: Option<String>,
    /// featured (else the latest) news
    pub news: Vec<NewsCard>,
}

/// Deployment facts the frame shows on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteFacts {
    pub contact: String,
}
