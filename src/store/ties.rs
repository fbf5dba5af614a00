//! The network ties part of the store: connection requests between members
//! and the connections they become.
//! Implemented for both backends by `ties_sql::impl_ties_store!`.

use super::meetings::Requested;
use super::*;
use crate::domain::UserId;

/// A connection request between two members, or a connection.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConnectionRecord {
    pub id: i64,
    pub from_id: i64,
    pub to_id: i64,
    pub note: String,
    /// pending, accepted or declined
    pub status: String,
    pub created_at: i64,
}

impl ConnectionRecord {
    pub fn other(&self, me: i64) -> i64 {
        if self.from_id == me {
            self.to_id
        } else {
            self.from_id
        }
    }
}

#[async_trait::async_trait]
pub trait TieStore: Send + Sync + 'static {
    /// Asks `to` to connect; accepts their request if they had asked first.
    async fn request_connection(
        &self,
        from: UserId,
        to: i64,
        note: &str,
        now: i64,
    ) -> StoreResult<Requested>;
    /// Answers a pending request addressed to `to`; false when not pending.
    async fn answer_connection(
        &self,
        id: i64,
        to: UserId,
        accept: bool,
        now: i64,
    ) -> StoreResult<bool>;
    /// Either side removes a connection or a request; false when none.
    async fn remove_connection(&self, id: i64, user: UserId) -> StoreResult<bool>;
    /// Every request and connection involving `user`, newest first.
    async fn connections_of(&self, user: i64) -> StoreResult<Vec<ConnectionRecord>>;
}
