//! Persistence. One [`Store`] trait, two implementations picked from the
//! database URL: `sqlite:` (the embedded default) and `postgres:`.
//! SQL lives here and only here.

pub mod backup;
pub mod events;
mod events_sql;
pub mod meetings;
mod meetings_sql;
pub mod people;
mod postgres;
mod records;
pub mod self_service;
mod self_service_sql;
mod shared;
mod sqlite;

pub use postgres::PostgresStore;
pub use records::*;
pub use sqlite::{SqliteStore, JOURNAL_SIZE_LIMIT_BYTES, WAL_AUTOCHECKPOINT_PAGES};

use crate::domain::{Locale, Role, UserId};
use std::sync::Arc;

/// What can go wrong in the store, classified once per backend.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a row with the same unique key exists")]
    Duplicate,
    #[error("a referenced row does not exist")]
    MissingReference,
    #[error("the database is busy")]
    Busy,
    #[error("invalid stored value: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Every database error is classified here, once, whichever engine raised
/// it: a repeated unique key, a missing referenced row, a busy database
/// (SQLite's lock, PostgreSQL's serialisation failures and lock timeouts).
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        let kind = match &e {
            sqlx::Error::Database(db) => {
                if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                    postgres::classify(pg.code())
                } else {
                    sqlite::classify(db.as_ref())
                }
            }
            _ => None,
        };
        kind.unwrap_or(StoreError::Database(e))
    }
}

/// What a SQLite WAL checkpoint did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// true when readers or a writer kept it from finishing (it retries next time)
    pub busy: bool,
    /// frames in the log before, and how many were copied into the database
    pub wal_pages: i64,
    pub copied_pages: i64,
}

#[async_trait::async_trait]
pub trait Store:
    events::EventStore + meetings::MeetingStore + self_service::SelfServiceStore + Send + Sync + 'static
{
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;
    async fn migrate(&self) -> StoreResult<()>;
    async fn health(&self) -> StoreResult<()>;
    async fn close(&self);
    /// SQLite: `PRAGMA quick_check`; `Err(Corrupt(..))` names what is
    /// damaged. PostgreSQL checks its own pages: always Ok.
    async fn quick_check(&self) -> StoreResult<()>;
    /// SQLite: folds the write-ahead log into the database and truncates it
    /// (`wal_checkpoint(TRUNCATE)`). PostgreSQL: None, nothing to do.
    async fn checkpoint(&self) -> StoreResult<Option<Checkpoint>>;

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

    // places
    async fn count_cities(&self) -> StoreResult<i64>;
    async fn insert_countries(&self, rows: &[CountryRow]) -> StoreResult<()>;
    async fn insert_cities(&self, rows: &[CityRow]) -> StoreResult<()>;
    async fn city_by_name(&self, name: &str, country: &str) -> StoreResult<Option<CityRow>>;
    async fn city_by_id(&self, id: i64) -> StoreResult<Option<CityView>>;
    /// Cities any word of whose folded name starts with `folded` (itself
    /// folded), most populous first.
    async fn search_cities(&self, folded: &str, limit: i64) -> StoreResult<Vec<CityView>>;

    /// The most populous cities of a country.
    async fn largest_cities(&self, country: &str, limit: i64) -> StoreResult<Vec<CityView>>;
    /// Ids of the accounts with these e-mail addresses (seeding).
    async fn user_ids(&self, emails: &[String]) -> StoreResult<Vec<(String, i64)>>;
    /// (code, name) of these countries.
    async fn country_names(&self, codes: &[String]) -> StoreResult<Vec<(String, String)>>;
    /// Names of these accounts (seeding).
    async fn users_names(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String)>>;

    // themes
    async fn themes(&self) -> StoreResult<Vec<ThemeRow>>;
    async fn sdgs(&self) -> StoreResult<Vec<SdgRow>>;
    /// Replaces the SDGs a theme serves; false when the theme does not exist.
    async fn set_theme_sdgs(&self, theme_id: &str, sdgs: &[i64]) -> StoreResult<bool>;

    // profiles and people search
    async fn profile(&self, user: UserId) -> StoreResult<Option<ProfileRecord>>;
    /// Writes the profile and its search index entry in one write transaction.
    async fn save_profile(&self, p: &ProfileWrite) -> StoreResult<()>;
    async fn save_profiles_bulk(&self, ps: &[ProfileWrite]) -> StoreResult<()>;
    async fn set_photo(&self, user: UserId, photo: Option<&str>, now: i64) -> StoreResult<()>;
    async fn search_people(&self, q: &PeopleQuery) -> StoreResult<PeopleHits>;
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

    // what cities say about themselves
    async fn city_note(&self, city_id: i64) -> StoreResult<CityNote>;
    /// Saves the note and appends it to the change log, atomically.
    async fn save_city_note(
        &self,
        city_id: i64,
        user: UserId,
        themes_mask: i64,
        challenges: &str,
        now: i64,
    ) -> StoreResult<()>;
    async fn city_changes(&self, city_id: i64, limit: i64) -> StoreResult<Vec<CityChange>>;

    // events
    async fn create_event(&self, event: &NewEvent) -> StoreResult<i64>;
    async fn upcoming_events(
        &self,
        now: i64,
        locale: Locale,
        limit: i64,
    ) -> StoreResult<Vec<EventSummary>>;
}

pub type DynStore = Arc<dyn Store>;

/// Opens the store named by `url` (`sqlite:...` or `postgres://...`).
pub async fn connect(url: &str) -> StoreResult<DynStore> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(PostgresStore::connect(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else {
        Err(StoreError::Corrupt(format!(
            "unsupported database URL scheme (use sqlite: or postgres:): {}",
            url.split(':').next().unwrap_or("")
        )))
    }
}
