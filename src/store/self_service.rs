//! The account self-service part of the store: a member's sessions, changing
//! the password and the e-mail address, exporting everything held about a
//! member, and deleting the account. Implemented for both backends by
//! `self_service_sql::impl_self_service_store!`.

use super::StoreResult;
use crate::domain::self_service::OrganizedEvent;
use crate::domain::UserId;

/// One of a member's sessions, as they may see it: never the token or its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub public_id: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub device: String,
    /// the session the request came with
    pub current: bool,
}

/// An e-mail change that took effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailChanged {
    pub user: UserId,
    pub old_email: String,
    pub new_email: String,
}

/// What deleting an account left for the service to finish outside the
/// database: the photo file, and the people the freed seats went to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deleted {
    pub photo: Option<String>,
    /// (event, members moved up from its waitlist)
    pub promoted: Vec<(i64, Vec<i64>)>,
}

#[async_trait::async_trait]
pub trait SelfServiceStore: Send + Sync + 'static {
    /// Records which browser a new session is ("Firefox · Linux").
    async fn set_session_device(&self, token_hash: &str, device: &str) -> StoreResult<()>;
    /// The member's unexpired sessions, newest first; `current` marks the one
    /// whose hash is `current_hash`.
    async fn sessions_of(
        &self,
        user: UserId,
        current_hash: Option<&str>,
        now: i64,
    ) -> StoreResult<Vec<SessionRecord>>;
    /// Ends one of the member's sessions and returns its token hash; None
    /// when it is not theirs or already gone.
    async fn end_session(&self, user: UserId, public_id: &str) -> StoreResult<Option<String>>;
    /// Ends every session of the member except `keep` (a token hash), or all.
    async fn end_sessions(&self, user: UserId, keep: Option<&str>) -> StoreResult<u64>;
    /// Sets the new password hash, ends every other session and voids unused
    /// reset links, in one write transaction.
    async fn change_password(
        &self,
        user: UserId,
        password_hash: &str,
        keep_session: Option<&str>,
    ) -> StoreResult<()>;

    async fn create_email_change(
        &self,
        token_hash: &str,
        user: UserId,
        new_email: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// Consumes an unused, unexpired e-mail change token and moves the
    /// account to its address, atomically; `Duplicate` when the address has
    /// been taken since.
    async fn confirm_email_change(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<EmailChanged>>;

    /// The events the member organizes, with their titles.
    async fn events_to_hand_over(&self, user: UserId)
        -> StoreResult<Vec<(OrganizedEvent, String)>>;
    /// Everything held about the member, one JSON array of rows per table
    /// (no password or token hashes, no other member's writing).
    async fn export_member(&self, user: UserId) -> StoreResult<serde_json::Value>;
    /// Deletes or anonymises everything of the member in one write
    /// transaction (see README, "Deleting an account"). `Err(events)` and
    /// nothing changed when upcoming events they organize alone stop it.
    async fn delete_account(
        &self,
        user: UserId,
        now: i64,
    ) -> StoreResult<Result<Deleted, Vec<i64>>>;
}
