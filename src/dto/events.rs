//! Talks and events: cards, agendas, the live page, editors, lists.

use super::*;
use crate::domain::event::{EventFormat, EventKind, EventStatus};
use crate::domain::Locale;
use serde::{Deserialize, Serialize};

/// An event as a card: times already written in the event's own zone; the
/// browser adds the reader's time when it differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCard {
    pub id: i64,
    pub kind: EventKind,
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

/// How a span of time reads for this reader: in their zone when known, with
/// the event's zone beside it and a note when the clocks differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhenView {
    pub main: String,
    pub main_zone: String,
    pub event: Option<String>,
    pub event_zone: String,
    pub note: Option<String>,
    pub starts_utc: String,
    pub ends_utc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i64,
    pub version: i64,
    pub title: String,
    /// "3:30 PM – 4:00 PM" in the reader's zone
    pub time: String,
    pub starts_utc: String,
    pub ends_utc: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// datetime-local values in the event's zone, for the editor
    pub starts_local: String,
    pub ends_local: String,
    pub room: String,
    pub description: String,
    pub speakers: Vec<SpeakerRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    pub heading: String,
    pub key: String,
    pub sessions: Vec<SessionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerView {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub bio_html: String,
    pub photo_url: Option<String>,
    /// the member's profile, when the speaker is a member
    pub member_id: Option<i64>,
    /// titles of the sessions they speak in
    pub sessions: Vec<String>,
}

/// The event as everyone reading it in one language and zone sees it; live
/// updates carry this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPublic {
    pub id: i64,
    pub kind: EventKind,
    pub format: EventFormat,
    pub status: EventStatus,
    pub title: String,
    pub summary: String,
    /// false when the text exists only in another language
    pub translated: bool,
    pub language: Locale,
    /// names of the languages it is held in, in the reader's language
    pub languages: Vec<String>,
    pub description_html: String,
    pub when: WhenView,
    pub place: Option<String>,
    pub city_id: Option<i64>,
    pub venue: String,
    pub themes: Vec<String>,
    pub capacity: Option<i64>,
    pub registered: i64,
    pub waitlisted: i64,
    pub cover_url: Option<String>,
    pub days: Vec<AgendaDay>,
    pub speakers: Vec<SpeakerView>,
    pub organizers: Vec<String>,
    pub version: i64,
    pub last_change: i64,
    /// why registration is closed, if it is
    pub registration_closed: Option<String>,
    /// when this was written, in the reader's zone ("15:02")
    pub rendered_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeNotice {
    pub id: i64,
    pub text: String,
    pub at: String,
}

/// What only this reader sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventViewer {
    pub signed_in: bool,
    /// "registered" or "waitlisted"
    pub seat: Option<String>,
    pub is_organizer: bool,
    pub join_url: Option<String>,
    pub marked: Vec<i64>,
    /// changes since this attendee last looked (then marked as seen)
    pub unseen: Vec<ChangeNotice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub public: EventPublic,
    pub viewer: EventViewer,
}

/// One live message: what changed, and the page as it now is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveUpdate {
    pub change_id: i64,
    pub notices: Vec<ChangeNotice>,
    pub public: EventPublic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventListItem {
    pub id: i64,
    pub kind: EventKind,
    pub format: EventFormat,
    pub status: EventStatus,
    pub title: String,
    pub summary: String,
    pub translated: bool,
    pub language: Locale,
    pub place: Option<String>,
    pub when: WhenView,
    /// for "my events": registered or waitlisted
    pub seat: Option<String>,
    /// RFC 3339 start, for sorting and `<time>`
    pub starts_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventList {
    pub events: Vec<EventListItem>,
    /// where "load more" continues: `starts_at.id`
    pub next: Option<String>,
    pub can_create: bool,
    pub themes: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerView {
    pub id: i64,
    pub name: String,
    pub is_owner: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeView {
    pub name: String,
    pub email: String,
    pub seat: String,
    pub organisation: String,
    pub city: Option<String>,
}

/// Everything the organizers' page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventEditor {
    pub id: i64,
    pub form: crate::domain::event::EventForm,
    pub version: i64,
    pub status: String,
    pub title: String,
    pub sessions: Vec<SessionView>,
    pub speakers: Vec<SpeakerView>,
    pub organizers: Vec<OrganizerView>,
    pub attendees: Vec<AttendeeView>,
    pub is_owner: bool,
    pub themes: Vec<Choice>,
    pub last_change: i64,
    pub cover_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEvents {
    pub attending: Vec<EventListItem>,
    pub organizing: Vec<EventListItem>,
    pub has_feed: bool,
    pub can_create: bool,
    /// the calendar address made by the form just posted, shown this once
    #[serde(default)]
    pub fresh_feed: Option<String>,
}

/// A versioned item as saved: edit it again from this version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedItem {
    pub id: i64,
    pub version: i64,
}
