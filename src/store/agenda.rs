//! The agenda part of the store: an event's sessions and speakers.
//! Implemented for both backends by `agenda_sql::impl_agenda_store!`.

use super::events::*;
use super::*;
use crate::domain::UserId;

#[async_trait::async_trait]
pub trait AgendaStore: Send + Sync + 'static {
    async fn sessions(&self, event: i64) -> StoreResult<Vec<SessionRecord>>;
    /// Inserts (`session` 0) or updates a session if `version` is current.
    #[allow(clippy::too_many_arguments)]
    async fn save_session(
        &self,
        event: i64,
        session: i64,
        version: i64,
        w: &SessionWrite,
        actor: UserId,
        change: &ChangeWrite,
        now: i64,
    ) -> StoreResult<Saved>;
    async fn delete_agenda_session(
        &self,
        event: i64,
        session: i64,
        version: i64,
        actor: UserId,
        change: &ChangeWrite,
        now: i64,
    ) -> StoreResult<Saved>;

    async fn speakers(&self, event: i64) -> StoreResult<Vec<SpeakerRecord>>;
    async fn add_speaker(
        &self,
        event: i64,
        w: &SpeakerWrite,
        actor: UserId,
        now: i64,
    ) -> StoreResult<(i64, i64)>;
    /// Removes a speaker from the event and its sessions; the change id.
    async fn delete_speaker(
        &self,
        event: i64,
        speaker: i64,
        actor: UserId,
        now: i64,
    ) -> StoreResult<Option<i64>>;
}
