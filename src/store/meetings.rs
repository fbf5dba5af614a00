//! The matchmaking part of the store: C2C meetings (slots, participants'
//! statements and busy slots, meeting requests, schedule runs and notes
//! after a meeting), connections between members, and the facts partner
//! cities are ranked from.
//! Implemented for both backends by `meetings_sql::impl_meeting_store!`.

use super::StoreResult;
use crate::domain::meeting::{Placement, RequestStatus, Unplaced};
use crate::domain::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotRecord {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub tables: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatementRecord {
    pub user_id: i64,
    pub offer_mask: i64,
    pub seek_mask: i64,
    pub offer: String,
    pub seek: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub id: i64,
    pub event_id: i64,
    pub from_id: i64,
    pub to_id: i64,
    pub note: String,
    pub status: RequestStatus,
    pub created_at: i64,
    pub answered_at: Option<i64>,
    pub slot_id: Option<i64>,
    pub table_no: Option<i64>,
    pub reason: Option<Unplaced>,
}

impl RequestRecord {
    /// The other side of the request, seen from `me`.
    pub fn other(&self, me: i64) -> i64 {
        if self.from_id == me {
            self.to_id
        } else {
            self.from_id
        }
    }

    pub fn involves(&self, user: i64) -> bool {
        self.from_id == user || self.to_id == user
    }
}

/// What asking for a meeting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    Created(i64),
    /// the other side had already asked: their request is now accepted
    AcceptedTheirs(i64),
    /// a request between the two is pending or accepted already, or was
    /// declined
    Exists(RequestStatus),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRecord {
    pub request_id: i64,
    pub user_id: i64,
    pub outcome: String,
    pub next_steps: String,
    pub remind_on: Option<String>,
    pub updated_at: i64,
}

/// A meeting two members had: the event, when, and both sides' notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetRecord {
    pub request_id: i64,
    pub event_id: i64,
    pub event_title: String,
    pub timezone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub table_no: Option<i64>,
    pub other_id: i64,
    pub other_name: String,
    pub venue: String,
    pub join_url: String,
    /// when the schedule last changed (the calendar's SEQUENCE)
    pub run_at: i64,
}

/// A reminder to mail: the note's author, the other person, the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRecord {
    pub request_id: i64,
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub locale: crate::domain::Locale,
    pub other_name: String,
    pub next_steps: String,
    pub event_id: i64,
}

#[async_trait::async_trait]
pub trait MeetingStore: Send + Sync + 'static {
    async fn meeting_slots(&self, event: i64) -> StoreResult<Vec<SlotRecord>>;
    async fn add_meeting_slots(
        &self,
        event: i64,
        spans: &[(i64, i64)],
        tables: i64,
    ) -> StoreResult<()>;
    /// Removes a slot; the meetings in it lose their place.
    async fn delete_meeting_slot(&self, event: i64, slot: i64) -> StoreResult<bool>;

    /// Members with a seat (not the waitlist), in registration order.
    async fn meeting_participants(&self, event: i64) -> StoreResult<Vec<i64>>;
    async fn statements(&self, event: i64) -> StoreResult<Vec<StatementRecord>>;
    async fn save_statement(&self, event: i64, s: &StatementRecord, now: i64) -> StoreResult<()>;
    /// (person, slot) for every slot someone cannot meet in.
    async fn busy_slots(&self, event: i64) -> StoreResult<Vec<(i64, i64)>>;
    /// Replaces the member's busy slots at this event.
    async fn set_busy(&self, event: i64, user: UserId, slots: &[i64]) -> StoreResult<()>;

    async fn meeting_requests(&self, event: i64) -> StoreResult<Vec<RequestRecord>>;
    async fn meeting_request(&self, id: i64) -> StoreResult<Option<RequestRecord>>;
    async fn request_meeting(
        &self,
        event: i64,
        from: UserId,
        to: i64,
        note: &str,
        now: i64,
    ) -> StoreResult<Requested>;
    /// Accepts or declines a pending request addressed to `to`; false when it
    /// was no longer pending (someone answered first).
    async fn answer_meeting(
        &self,
        id: i64,
        to: UserId,
        accept: bool,
        now: i64,
    ) -> StoreResult<bool>;
    /// Either side calls off a pending or accepted meeting.
    async fn cancel_meeting(&self, id: i64, user: UserId, now: i64) -> StoreResult<bool>;
    /// The counter every change a scheduling run reads bumps.
    async fn meetings_rev(&self, event: i64) -> StoreResult<i64>;
    /// Writes a scheduling run's placements in one transaction, with a change
    /// on the event's live channel, if the counter is still `rev` (nothing
    /// changed since the run read): the change id, or None when stale.
    async fn apply_schedule(
        &self,
        event: i64,
        rev: i64,
        placements: &[Placement],
        actor: UserId,
        now: i64,
    ) -> StoreResult<Option<i64>>;
    async fn meetings_run_at(&self, event: i64) -> StoreResult<Option<i64>>;

    async fn meeting_notes(&self, requests: &[i64]) -> StoreResult<Vec<NoteRecord>>;
    async fn save_meeting_note(&self, note: &NoteRecord) -> StoreResult<()>;
    /// Scheduled, accepted meetings of `user`, oldest first: with `with`
    /// only; else all of them (the calendar feed). Seen from `user`.
    async fn my_meetings(&self, user: UserId, with: Option<i64>) -> StoreResult<Vec<MetRecord>>;
    /// Notes whose reminder day has come (`today` as `YYYY-MM-DD`), marked
    /// as sent in the same statement so that one instance only mails them.
    async fn claim_reminders(&self, today: &str) -> StoreResult<Vec<ReminderRecord>>;
    /// Gives a claimed reminder back (its e-mail could not be sent).
    async fn release_reminder(&self, request: i64, user: i64) -> StoreResult<()>;
}
