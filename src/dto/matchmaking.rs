//! Matchmaking: suggestions, connections, C2C meetings and their scheduling.

use super::*;
use serde::{Deserialize, Serialize};

/// A suggested person and why, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub person: PersonCard,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    pub people: Vec<Suggestion>,
    /// the member has no profile (themes, offer, seek) to match on yet
    pub needs_profile: bool,
}

/// A participant of a matchmaking event as another participant sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPerson {
    pub person: PersonCard,
    pub offer: String,
    pub seek: String,
    pub offer_themes: Vec<String>,
    pub seek_themes: Vec<String>,
    /// why they rank where they do, in the reader's language
    pub reasons: Vec<String>,
    /// a request between the two, if any: its id and status
    pub request: Option<(i64, String)>,
    /// who asked: true when the reader did
    pub asked_by_me: bool,
    pub met_before: bool,
}

/// A meeting slot in the reader's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub id: i64,
    /// "10:00 – 10:20 CET" in the reader's zone, with the day
    pub when: String,
    /// the same in the event's zone when it differs
    pub event_when: Option<String>,
    pub starts_utc: String,
    pub tables: i64,
    /// meetings placed in it
    pub used: i64,
    /// the reader said they cannot meet then
    pub busy: bool,
}

/// A note after a meeting, by one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingNoteView {
    pub author: String,
    pub mine: bool,
    pub outcome: String,
    pub next_steps: String,
    pub remind_on: Option<String>,
}

/// A meeting request, sent or received, or a scheduled meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: i64,
    pub other: PersonCard,
    pub note: String,
    /// pending, accepted, declined, cancelled
    pub status: String,
    /// the reader received it
    pub incoming: bool,
    pub slot_id: Option<i64>,
    pub when: Option<WhenView>,
    /// "Table 3" or "Virtual room 3"
    pub place: Option<String>,
    pub join_url: Option<String>,
    /// why it is not in a slot yet, after a scheduling run
    pub unplaced: Option<String>,
    pub notes: Vec<MeetingNoteView>,
    pub my_note: crate::domain::meeting::OutcomeForm,
    pub past: bool,
}

/// A participant's C2C meetings page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingsPage {
    pub event_id: i64,
    pub title: String,
    pub when: WhenView,
    pub organizes: bool,
    /// "visitor", "not_registered" or "participant"
    pub role: String,
    pub statement: crate::domain::meeting::StatementForm,
    pub themes: Vec<Choice>,
    pub slots: Vec<SlotView>,
    pub agenda: Vec<MeetingView>,
    pub incoming: Vec<MeetingView>,
    pub outgoing: Vec<MeetingView>,
    pub people: Vec<MeetingPerson>,
    /// participants before the filter
    pub participants: usize,
    pub q: String,
    pub theme: String,
    pub last_change: i64,
    pub hidden_self: bool,
}

/// A slot's use after the last run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotUse {
    pub slot: SlotView,
    pub percent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnplacedView {
    pub id: i64,
    pub a: String,
    pub b: String,
    pub reason: String,
}

/// The organizers' view of an event's C2C meetings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingDashboard {
    pub event_id: i64,
    pub title: String,
    pub timezone: String,
    pub participants: i64,
    pub sent: i64,
    pub pending: i64,
    pub accepted: i64,
    pub declined: i64,
    pub cancelled: i64,
    pub scheduled: i64,
    pub unplaced: Vec<UnplacedView>,
    pub slots: Vec<SlotUse>,
    pub run_at: Option<String>,
    /// the slot form, prefilled from the event and the last slots
    pub plan: crate::domain::meeting::SlotPlanForm,
}

/// What a scheduling run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub scheduled: i64,
    pub unplaced: i64,
    pub moved: i64,
    pub weight: i64,
}

/// A meeting the reader had with the member whose profile they read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetBeforeView {
    pub event_id: i64,
    pub event_title: String,
    pub day: String,
    pub notes: Vec<MeetingNoteView>,
}

/// A connection request, or a connection, seen by one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub id: i64,
    pub person: PersonCard,
    pub note: String,
    /// pending, accepted or declined
    pub status: String,
    /// the reader received the request
    pub incoming: bool,
}

/// The reader's connections and requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionsPage {
    pub incoming: Vec<ConnectionView>,
    pub outgoing: Vec<ConnectionView>,
    pub connections: Vec<ConnectionView>,
}

/// On a member's profile: the reader's tie with them, and their connections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileTies {
    /// the reader is signed in and this is not their own profile
    pub can_connect: bool,
    /// the request or connection between the reader and the member
    pub between: Option<ConnectionView>,
    pub connections: Vec<PersonCard>,
}
