//! The profiles part of the store: members' profiles and photos, the people
//! search, suggestions and the facts (cached per instance) they are
//! computed from.
//! Implemented for both backends by `profiles_sql::impl_profiles_store!`.

use super::people::Fact;
use super::*;
use crate::domain::UserId;

#[async_trait::async_trait]
pub trait ProfileStore: Send + Sync + 'static {
    // profiles and people search
    async fn profile(&self, user: UserId) -> StoreResult<Option<ProfileRecord>>;
    /// Writes the profile and its search index entry in one write transaction.
    async fn save_profile(&self, p: &ProfileWrite) -> StoreResult<()>;
    async fn save_profiles_bulk(&self, ps: &[ProfileWrite]) -> StoreResult<()>;
    async fn set_photo(&self, user: UserId, photo: Option<&str>, now: i64) -> StoreResult<()>;
    async fn search_people(&self, q: &PeopleQuery) -> StoreResult<PeopleHits>;
    /// The same search with the database's full-text index finding the
    /// hits (FTS5, or PostgreSQL's `tsvector`): the path before the
    /// in-process index, kept as the reference the tests compare it with.
    async fn search_people_in_database(&self, q: &PeopleQuery) -> StoreResult<PeopleHits>;
    /// The in-process index's sizes, loaded first if need be.
    async fn people_index_stats(&self) -> StoreResult<super::people_index::IndexStats>;
    /// Listed members whose home city is `city_id`, most complete first.
    async fn city_members(
        &self,
        city_id: i64,
        max_visibility: i64,
        limit: i64,
    ) -> StoreResult<(Vec<PersonRow>, i64)>;

    /// Members who suit `me` best (see `people::recommend`), with their rows.
    /// None when `me` has no profile yet.
    async fn suggest_people(
        &self,
        me: UserId,
        limit: i64,
    ) -> StoreResult<Option<Vec<(PersonRow, crate::domain::recommend::Match)>>>;
    /// Records (or, with None, removes) a member's verdict on a suggestion.
    async fn set_suggestion_feedback(
        &self,
        me: UserId,
        other: i64,
        verdict: Option<&str>,
        now: i64,
    ) -> StoreResult<()>;

    /// The search facts of these members (absent: no profile facts).
    async fn member_facts(&self, ids: &[i64]) -> StoreResult<Vec<(i64, Fact)>>;
    /// People cards, in the order given.
    async fn people_cards(&self, ids: &[i64]) -> StoreResult<Vec<PersonRow>>;

    /// Every city the partner ranking knows: from listed members' facts and
    /// the cities' stated priorities.
    /// `max_visibility`: 0 counts public profiles only (for visitors), 1
    /// members-only ones too.
    async fn city_facts(
        &self,
        max_visibility: i64,
    ) -> StoreResult<Vec<crate::domain::partner::CityFacts>>;
}
