//! The accounts part of the store: users, sessions, e-mailed tokens and the
//! attempt counters behind the rate limits.
//! Implemented for both backends by `accounts_sql::impl_accounts_store!`.

use super::*;
use crate::domain::{Locale, Role, UserId};

#[async_trait::async_trait]
pub trait AccountStore: Send + Sync + 'static {
    // users
    async fn create_user(&self, user: &NewUser) -> StoreResult<UserId>;
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<UserRecord>>;
    async fn confirm_email(&self, id: UserId, now: i64) -> StoreResult<()>;
    async fn set_role(&self, id: UserId, role: Role) -> StoreResult<bool>;
    async fn set_password(&self, id: UserId, password_hash: &str) -> StoreResult<()>;
    /// Inserts many users in one write transaction (seeding); duplicates are skipped.
    async fn create_users_bulk(&self, users: &[NewUser]) -> StoreResult<u64>;
    async fn set_locale(&self, id: UserId, locale: Locale) -> StoreResult<()>;
    async fn list_users(&self, limit: i64, offset: i64) -> StoreResult<Vec<UserRecord>>;
    async fn count_users(&self) -> StoreResult<i64>;

    // sessions
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<UserRecord>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn delete_expired(&self, now: i64) -> StoreResult<u64>;

    // e-mailed tokens
    async fn create_email_token(&self, token: &NewEmailToken) -> StoreResult<()>;
    /// Marks an unused, unexpired token as used and returns its user, atomically.
    async fn consume_email_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> StoreResult<Option<UserId>>;
    /// Consumes a reset token, sets the new password and ends every session of
    /// that user, in one write transaction.
    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: i64,
    ) -> StoreResult<Option<UserId>>;

    // rate limiting
    async fn record_attempt(&self, bucket: &str, at: i64) -> StoreResult<()>;
    /// How many attempts since `since`, and the oldest of them.
    async fn attempts_since(&self, bucket: &str, since: i64) -> StoreResult<(i64, Option<i64>)>;
    async fn clear_attempts(&self, bucket: &str) -> StoreResult<()>;
    /// Counts and records in one step: when fewer than `max` attempts are in
    /// the bucket since `since`, records one at `at` and returns `None`;
    /// otherwise records nothing and returns the oldest attempt's time.
    /// Attempts on one bucket are serialised (SQLite's write lock; a
    /// transaction-scoped advisory lock on PostgreSQL), so parallel requests
    /// cannot all pass the check before any is counted.
    async fn take_attempt(
        &self,
        bucket: &str,
        at: i64,
        since: i64,
        max: i64,
    ) -> StoreResult<Option<i64>>;
    /// Ids of the accounts with these e-mail addresses (seeding).
    async fn user_ids(&self, emails: &[String]) -> StoreResult<Vec<(String, i64)>>;
    /// Names of these accounts (seeding).
    async fn users_names(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String)>>;
}
