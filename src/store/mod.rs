//! Persistence. One [`Store`] trait, two implementations picked from the
//! database URL: `sqlite:` (the embedded default) and `postgres:`.
//! SQL lives here and only here.
//!
//! One trait and one SQL file per area: `accounts`, `places`, `profiles`,
//! `ties` (connections), `events`, `agenda`, `attendance`, `meetings`,
//! `self_service`, `calls` (calls and reviews; applications in
//! `applications_sql`), `pairings` (pairings and trios; their action plan in
//! `plan_sql`), `news` (news and the library), `social` (posts, follows,
//! networks, messages, notifications and moderation). Each `<area>.rs` declares the trait and its records; each
//! `<area>_sql.rs` is a macro holding the SQL both engines share, written
//! once and expanded for each engine in `sqlite.rs` and `postgres.rs`.
//! `Store` is all of them, plus what a backend does as a whole.

pub mod accounts;
mod accounts_sql;
pub mod agenda;
mod agenda_sql;
mod applications_sql;
pub mod attendance;
mod attendance_sql;
pub mod backup;
pub mod calls;
mod calls_sql;
pub mod city_names;
pub mod events;
mod events_sql;
mod library_sql;
pub mod meetings;
mod meetings_sql;
pub mod news;
mod news_sql;
pub mod pairings;
mod pairings_sql;
pub mod people;
pub mod people_index;
pub mod places;
mod places_sql;
mod plan_sql;
mod postgres;
pub mod profiles;
mod profiles_sql;
mod records;
pub mod self_service;
mod self_service_sql;
mod shared;
pub mod social;
mod social_sql;
mod sqlite;
pub mod ties;
mod ties_sql;

pub use postgres::PostgresStore;
pub use records::*;
pub use sqlite::{SqliteStore, JOURNAL_SIZE_LIMIT_BYTES, WAL_AUTOCHECKPOINT_PAGES};

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
    accounts::AccountStore
    + places::PlaceStore
    + profiles::ProfileStore
    + ties::TieStore
    + events::EventStore
    + agenda::AgendaStore
    + attendance::AttendanceStore
    + meetings::MeetingStore
    + self_service::SelfServiceStore
    + calls::CallStore
    + calls::ApplicationStore
    + pairings::PairingStore
    + pairings::PlanStore
    + news::NewsStore
    + news::LibraryStore
    + social::SocialStore
    + Send
    + Sync
    + 'static
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
