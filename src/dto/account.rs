//! Accounts: the signed-in member, their sessions, the members list.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// unread notifications and messages (the header's bell and inbox)
    #[serde(default)]
    pub counters: super::Counters,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub member_since: String,
}

/// One of the member's own sign-in sessions: a public id, never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInSession {
    pub id: String,
    /// "Firefox · Linux", or empty when unknown
    pub device: String,
    pub started: String,
    pub last_seen: Option<String>,
    /// the session of this very browser
    pub current: bool,
}

/// What the delete page must show before deleting: upcoming events the
/// member organizes alone, (id, title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionView {
    pub blocking: Vec<(i64, String)>,
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
