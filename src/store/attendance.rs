//! The attendance part of the store: registrations and the waiting list,
//! marked sessions, the change log that viewers and digests catch up from,
//! and private calendar feeds.
//! Implemented for both backends by `attendance_sql::impl_attendance_store!`.

use super::events::*;
use super::*;
use crate::domain::event::Seat;
use crate::domain::UserId;
use futures::stream::BoxStream;

#[async_trait::async_trait]
pub trait AttendanceStore: Send + Sync + 'static {
    /// Takes a seat, or a waitlist place when the event is full; one writer at
    /// a time per event, so two people never get the same last seat.
    async fn register(
        &self,
        event: i64,
        user: UserId,
        now: i64,
    ) -> StoreResult<Result<Registered, crate::i18n::Msg>>;
    /// Gives the seat (or waitlist place) back and moves the head of the
    /// waitlist up.
    async fn cancel_registration(
        &self,
        event: i64,
        user: UserId,
        now: i64,
    ) -> StoreResult<Cancelled>;
    /// The seat and the last change seen.
    async fn registration(&self, event: i64, user: UserId) -> StoreResult<Option<(Seat, i64)>>;
    async fn attendees(&self, event: i64) -> StoreResult<Vec<AttendeeRow>>;
    async fn set_seen(&self, event: i64, user: UserId, change: i64) -> StoreResult<()>;
    async fn mark_session(&self, session: i64, user: UserId, on: bool) -> StoreResult<()>;
    async fn marked_sessions(&self, event: i64, user: UserId) -> StoreResult<Vec<i64>>;

    async fn changes_since(
        &self,
        event: i64,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChangeRecord>>;
    async fn last_change(&self, event: i64) -> StoreResult<i64>;
    /// Events whose unmailed changes that matter have been quiet since
    /// `quiet_since`: (event, last change id).
    async fn digest_due(&self, quiet_since: i64) -> StoreResult<Vec<(i64, i64)>>;
    /// Marks the event's unmailed changes up to `up_to` as mailed and returns
    /// them; another instance that claims at the same time gets none.
    async fn claim_changes(
        &self,
        event: i64,
        up_to: i64,
        now: i64,
    ) -> StoreResult<Vec<ChangeRecord>>;
    async fn digest_recipients(&self, event: i64) -> StoreResult<Vec<DigestRecipient>>;

    /// Replaces the member's calendar feed secret.
    async fn set_calendar_feed(&self, user: UserId, token_hash: &str, now: i64) -> StoreResult<()>;
    async fn delete_calendar_feed(&self, user: UserId) -> StoreResult<()>;
    async fn has_calendar_feed(&self, user: UserId) -> StoreResult<bool>;
    async fn calendar_feed_user(&self, token_hash: &str) -> StoreResult<Option<UserId>>;

    /// On a database shared by several instances: a stream of (event, change)
    /// for every change committed by any instance. None when this process is
    /// the only writer (SQLite).
    async fn listen_changes(&self) -> StoreResult<Option<BoxStream<'static, (i64, i64)>>>;
}
