//! The events part of the store: details, organizers, agenda, speakers,
//! registrations, the change log and calendar feeds. Implemented for both
//! backends by `events_sql::impl_event_store!`.

use super::{EventSummary, NewEvent, StoreResult};
use crate::domain::event::{ChangeKind, EventFormat, EventKind, EventStatus, Seat};
use crate::domain::{Locale, UserId};

/// Every column of an event the organizer edits.
#[derive(Debug, Clone, PartialEq)]
pub struct EventWrite {
    pub kind: EventKind,
    pub format: EventFormat,
    pub status: EventStatus,
    pub language: Locale,
    pub langs_mask: i64,
    pub texts: Vec<(Locale, String, String)>,
    pub description: String,
    pub themes_mask: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub city_id: Option<i64>,
    pub venue: String,
    pub capacity: Option<i64>,
    pub reg_opens_at: Option<i64>,
    pub reg_closes_at: Option<i64>,
    pub join_url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub id: i64,
    pub w: EventWrite,
    pub cover: Option<String>,
    pub version: i64,
    pub updated_at: i64,
    pub city_name: Option<String>,
    pub country_name: Option<String>,
    pub registered: i64,
    pub waitlisted: i64,
}

/// A change to record with an edit: the service says what changed; the store
/// numbers it in the same transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeWrite {
    pub kind: ChangeKind,
    pub session_id: Option<i64>,
    /// JSON with what a notice needs (titles, times) in any language
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRecord {
    pub id: i64,
    pub event_id: i64,
    pub at: i64,
    pub actor_name: Option<String>,
    pub kind: ChangeKind,
    pub session_id: Option<i64>,
    pub detail: String,
}

/// The outcome of a versioned write.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// written: the new version, the last change id, and who moved up from
    /// the waitlist because of it
    Done {
        id: i64,
        version: i64,
        change_id: Option<i64>,
        promoted: Vec<i64>,
    },
    /// someone saved a newer version first; nothing was written
    Stale,
    NotFound,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionWrite {
    pub starts_at: i64,
    pub ends_at: i64,
    pub title: String,
    pub room: String,
    pub description: String,
    pub speakers: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub id: i64,
    pub event_id: i64,
    pub w: SessionWrite,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerWrite {
    pub user_id: Option<i64>,
    pub name: String,
    pub title: String,
    pub bio: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerRecord {
    pub id: i64,
    pub event_id: i64,
    pub w: SpeakerWrite,
    /// the member's photo when the speaker is a member
    pub photo: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganizerRow {
    pub user_id: i64,
    pub name: String,
    pub is_owner: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttendeeRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub locale: Locale,
    pub seat: Seat,
    pub queued_at: i64,
    pub seen_change: i64,
    pub organisation: String,
    pub city_name: Option<String>,
}

/// Which events a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    pub now: i64,
    pub past: bool,
    pub kind: Option<EventKind>,
    pub format: Option<EventFormat>,
    pub theme_bit: Option<i64>,
    pub lang_bit: Option<i64>,
    pub city_id: Option<i64>,
    /// continue after this (starts_at, id)
    pub after: Option<(i64, i64)>,
    pub limit: i64,
}

/// An event in a list, with its text in the reader's language if it exists.
#[derive(Debug, Clone, PartialEq)]
pub struct EventListRow {
    pub id: i64,
    pub kind: EventKind,
    pub format: EventFormat,
    pub status: EventStatus,
    pub language: Locale,
    pub city_name: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub title: String,
    pub summary: String,
    /// in the reader's language, or only in another one
    pub translated: bool,
    pub cover: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Registered {
    pub seat: Seat,
    /// false when the person already held this seat
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cancelled {
    pub was: Option<Seat>,
    pub promoted: Vec<i64>,
}

/// Who gets a change e-mail, with what they follow.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestRecipient {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub locale: Locale,
    pub seen_change: i64,
    pub marked: Vec<i64>,
}

#[async_trait::async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Creates the event with its owner as first organizer and a first change.
    async fn insert_event(&self, w: &EventWrite, owner: UserId, now: i64) -> StoreResult<i64>;
    async fn event(&self, id: i64) -> StoreResult<Option<EventRecord>>;
    /// Writes the details if `version` is still current, with the changes,
    /// and promotes from the waitlist if the capacity grew.
    async fn update_event(
        &self,
        id: i64,
        version: i64,
        w: &EventWrite,
        actor: UserId,
        changes: &[ChangeWrite],
        now: i64,
    ) -> StoreResult<Saved>;
    async fn set_cover(&self, id: i64, cover: Option<&str>, now: i64) -> StoreResult<()>;
    /// Public events (not drafts) for lists, in time order.
    async fn list_events(&self, q: &EventQuery, locale: Locale) -> StoreResult<Vec<EventListRow>>;
    /// Every event this member organizes, drafts included, newest first.
    async fn organized_events(
        &self,
        user: UserId,
        locale: Locale,
    ) -> StoreResult<Vec<EventListRow>>;
    /// Events this member holds a seat or a waitlist place for, with it.
    async fn my_registrations(
        &self,
        user: UserId,
        locale: Locale,
    ) -> StoreResult<Vec<(EventListRow, Seat)>>;

    async fn organizers(&self, event: i64) -> StoreResult<Vec<OrganizerRow>>;
    async fn is_organizer(&self, event: i64, user: UserId) -> StoreResult<bool>;
    async fn add_organizer(&self, event: i64, user: UserId) -> StoreResult<()>;
    async fn remove_organizer(&self, event: i64, user: UserId) -> StoreResult<bool>;

    // events
    async fn create_event(&self, event: &NewEvent) -> StoreResult<i64>;
    async fn upcoming_events(
        &self,
        now: i64,
        locale: Locale,
        limit: i64,
    ) -> StoreResult<Vec<EventSummary>>;
}
