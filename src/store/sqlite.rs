//! SQLite: the embedded default. WAL, foreign keys, a busy timeout, and write
//! transactions that take the write lock up front (`BEGIN IMMEDIATE`), because a
//! deferred transaction that upgrades to a write fails at once with SQLITE_BUSY.
//!
//! Durability: `synchronous = NORMAL` in WAL mode, so a committed transaction
//! survives the process being killed (it is in the log, which the next open
//! replays); after a power cut the last transactions may roll back, never
//! corrupt. The log stays bounded: an automatic checkpoint every
//! [`WAL_AUTOCHECKPOINT_PAGES`] pages, the file cut back to
//! [`JOURNAL_SIZE_LIMIT_BYTES`] when it is reused, and the server's periodic
//! `wal_checkpoint(TRUNCATE)` ([`SqliteStore::checkpoint_impl`]).

use super::accounts_sql::impl_accounts_store;
use super::agenda_sql::impl_agenda_store;
use super::applications_sql::impl_applications_store;
use super::attendance_sql::impl_attendance_store;
use super::calls_sql::impl_calls_store;
use super::events_sql::impl_event_store;
use super::library_sql::impl_library_store;
use super::meetings_sql::impl_meeting_store;
use super::news_sql::impl_news_store;
use super::pairings_sql::impl_pairings_store;
use super::places_sql::impl_places_store;
use super::plan_sql::impl_plan_store;
use super::profiles_sql::impl_profiles_store;
use super::self_service_sql::impl_self_service_store;
use super::shared::impl_store;
use super::social_sql::impl_social_store;
use super::ties_sql::impl_ties_store;
use super::*;
use crate::domain::{Locale, Role, UserId};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// Pages written to the log before a commit checkpoints it (SQLite's default, set explicitly).
pub const WAL_AUTOCHECKPOINT_PAGES: u32 = 1000;
/// Size the log file is cut back to after a checkpoint has emptied it.
pub const JOURNAL_SIZE_LIMIT_BYTES: u64 = 16 * 1024 * 1024;

/// The rebuild itself, in one transaction (see `widen_role_check`).
async fn rebuild_users(conn: &mut sqlx::SqliteConnection) -> StoreResult<()> {
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    for statement in [
        r#"CREATE TABLE users_new (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'organizer', 'staff', 'admin')),
                locale TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fr', 'es')),
                email_confirmed_at INTEGER,
                created_at INTEGER NOT NULL,
                deleted_at INTEGER
            )"#,
        r#"INSERT INTO users_new (id, email, name, password_hash, role, locale, email_confirmed_at, created_at, deleted_at)
                SELECT id, email, name, password_hash, role, locale, email_confirmed_at, created_at, deleted_at FROM users"#,
        r#"DROP TABLE users"#,
        r#"ALTER TABLE users_new RENAME TO users"#,
    ] {
        sqlx::query(statement).execute(&mut *conn).await?;
    }
    let broken: Vec<String> = sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut *conn)
        .await?;
    if !broken.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "references broken by the users rebuild: {broken:?}"
        )));
    }
    sqlx::query("COMMIT").execute(&mut *conn).await?;
    Ok(())
}

/// The migration whose version the users rebuild comes before.
const USERS_REBUILD_VERSION: i64 = 9;

pub struct SqliteStore {
    pool: SqlitePool,
    facts: tokio::sync::RwLock<super::people::FactsCache>,
    city_names: std::sync::Mutex<Option<std::sync::Arc<super::city_names::CityNames>>>,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            .pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES.to_string())
            .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT_BYTES.to_string());
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(15))
            .connect_with(options)
            .await
            .map_err(|e| match damaged(&e) {
                true => StoreError::Corrupt(format!("the database file is damaged: {e}")),
                false => StoreError::Database(e),
            })?;
        Ok(Self {
            pool,
            facts: tokio::sync::RwLock::new(super::people::FactsCache::new()),
            city_names: std::sync::Mutex::new(None),
        })
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
        // the versions before the users rebuild, then the rebuild, then the
        // rest (see migrations/sqlite/0009_staff_role.sql)
        let mut before = sqlx::migrate::Migrator::DEFAULT;
        before.migrations = MIGRATOR
            .iter()
            .filter(|m| m.version < USERS_REBUILD_VERSION)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        before.ignore_missing = true;
        {
            let mut conn = self.pool.acquire().await?;
            before.run_direct(&mut *conn).await?;
        }
        self.widen_role_check().await?;
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Rebuilds `users` with the role CHECK that allows programme staff, once:
    /// foreign keys off on one connection (outside any transaction, or
    /// SQLite ignores it), then one transaction that copies, swaps and checks
    /// that every reference still holds. Killed half-way, it rolls back.
    async fn widen_role_check(&self) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await?;
        let sql: Option<String> = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'",
        )
        .fetch_optional(&mut *conn)
        .await?;
        if sql.is_none_or(|s| s.contains("'staff'")) {
            return Ok(());
        }
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await?;
        let result = rebuild_users(&mut conn).await;
        if result.is_err() {
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
        }
        sqlx::query("PRAGMA foreign_keys = ON")
            .execute(&mut *conn)
            .await?;
        result
    }

    async fn quick_check_impl(&self) -> StoreResult<()> {
        let problems: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| match damaged(&e) {
                true => StoreError::Corrupt(e.to_string()),
                false => StoreError::from(e),
            })?;
        match problems.as_slice() {
            [ok] if ok == "ok" => Ok(()),
            _ => Err(StoreError::Corrupt(problems.join("; "))),
        }
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)`: copies the log into the database
    /// and empties the log file, waiting (the busy timeout) for readers.
    pub async fn checkpoint_impl(&self) -> StoreResult<Option<Checkpoint>> {
        let (busy, log, copied): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await?;
        Ok(Some(Checkpoint {
            busy: busy != 0,
            wal_pages: log,
            copied_pages: copied,
        }))
    }

    /// The search rows stamped after a version, with the indexed text
    /// (folded, so FTS5's words are its space-separated words).
    const FACT_ROWS_SQL: &'static str =
        "SELECT p.user_id, p.listed, p.visibility, p.sector, p.country, p.size, p.themes, p.langs, p.rank, \
         p.offer, p.seek, p.city, f.name AS w0, f.headline AS w1, f.body AS w2 \
         FROM people_index p LEFT JOIN people_fts f ON f.rowid = p.user_id WHERE p.ver > $1";

    /// The ids matching an FTS5 expression, joined by commas (one row, so
    /// that tens of thousands of ids cost one value to decode).
    /// The expression carries its scope (column filters), so one statement
    /// serves the three tiers.
    const MATCH_IDS_SQL: [&'static str; 3] = [
        "SELECT group_concat(rowid) AS ids FROM people_fts WHERE people_fts MATCH $1",
        "SELECT group_concat(rowid) AS ids FROM people_fts WHERE people_fts MATCH $1",
        "SELECT group_concat(rowid) AS ids FROM people_fts WHERE people_fts MATCH $1",
    ];

    /// Rewrites the search entries of these members: the facts row (kept,
    /// with `listed`, for every member with a profile) stamped with the next
    /// index version, and the full-text row while the member is listed.
    async fn index_people(
        tx: &mut sqlx::Transaction<'static, Sqlite>,
        ps: &[ProfileWrite],
    ) -> StoreResult<()> {
        use sqlx::Row;
        let ver: i64 =
            sqlx::query("UPDATE index_version SET ver = ver + 1 WHERE id = 1 RETURNING ver")
                .fetch_one(&mut **tx)
                .await?
                .try_get("ver")?;
        let mut del = sqlx::QueryBuilder::<Sqlite>::new("DELETE FROM people_fts WHERE rowid IN (");
        let mut sep = del.separated(", ");
        for p in ps {
            sep.push_bind(p.user_id);
        }
        del.push(")");
        del.build().execute(&mut **tx).await?;
        let mut facts = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO people_index (user_id, listed, visibility, sector, country, size, themes, langs, rank, ver, offer, seek, city) ",
        );
        facts.push_values(ps, |mut b, p| {
            b.push_bind(p.user_id)
                .push_bind(i64::from(p.search.is_some()))
                .push_bind(p.visibility)
                .push_bind(p.sector.clone())
                .push_bind(p.country_code.clone())
                .push_bind(p.size_bucket)
                .push_bind(p.interests_mask | p.offer_mask | p.seek_mask)
                .push_bind(p.languages_mask)
                .push_bind(p.search_rank)
                .push_bind(ver)
                .push_bind(p.offer_mask)
                .push_bind(p.seek_mask)
                .push_bind(p.city_id);
        });
        facts.push(
            " ON CONFLICT (user_id) DO UPDATE SET listed = excluded.listed, visibility = excluded.visibility, \
             sector = excluded.sector, country = excluded.country, size = excluded.size, themes = excluded.themes, \
             langs = excluded.langs, rank = excluded.rank, ver = excluded.ver, offer = excluded.offer, seek = excluded.seek, \
             city = excluded.city",
        );
        facts.build().execute(&mut **tx).await?;
        let listed: Vec<(i64, &SearchText)> = ps
            .iter()
            .filter_map(|p| p.search.as_ref().map(|s| (p.user_id, s)))
            .collect();
        if !listed.is_empty() {
            let mut text = sqlx::QueryBuilder::<Sqlite>::new(
                "INSERT INTO people_fts (rowid, name, headline, body) ",
            );
            text.push_values(listed, |mut b, (id, s)| {
                b.push_bind(id)
                    .push_bind(s.name.clone())
                    .push_bind(s.headline.clone())
                    .push_bind(s.body.clone());
            });
            text.build().execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// One process writes a SQLite database: the live hub is told in-process.
    async fn notify_tx(
        _tx: &mut sqlx::Transaction<'static, Sqlite>,
        _event: i64,
        _change: i64,
    ) -> StoreResult<()> {
        Ok(())
    }

    /// One process: the hub delivers social signals itself.
    async fn publish_social_impl(&self, _payload: &str) -> StoreResult<()> {
        Ok(())
    }

    async fn listen_social_impl(
        &self,
    ) -> StoreResult<Option<futures::stream::BoxStream<'static, String>>> {
        Ok(None)
    }

    async fn listen_impl(
        &self,
    ) -> StoreResult<Option<futures::stream::BoxStream<'static, (i64, i64)>>> {
        Ok(None)
    }

    async fn write_tx(&self) -> StoreResult<sqlx::Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(StoreError::from)
    }
}

/// SQLITE_CORRUPT (11), SQLITE_NOTADB (26) and their extended codes.
fn damaged(e: &sqlx::Error) -> bool {
    if let sqlx::Error::Database(db) = e {
        if let Some(code) = db.code().and_then(|c| c.parse::<i32>().ok()) {
            return code & 0xff == 11 || code & 0xff == 26;
        }
    }
    false
}

/// What a SQLite error means to the store, if anything particular.
pub(super) fn classify(db: &dyn sqlx::error::DatabaseError) -> Option<StoreError> {
    match db.kind() {
        sqlx::error::ErrorKind::UniqueViolation => return Some(StoreError::Duplicate),
        sqlx::error::ErrorKind::ForeignKeyViolation => return Some(StoreError::MissingReference),
        _ => {}
    }
    // SQLITE_BUSY (5) and its extended codes, SQLITE_LOCKED (6)
    let code = db.code().and_then(|c| c.parse::<i32>().ok())?;
    (code & 0xff == 5 || code & 0xff == 6).then_some(StoreError::Busy)
}

impl_store!(SqliteStore, Sqlite, "sqlite");
impl_accounts_store!(SqliteStore, Sqlite);
impl_places_store!(SqliteStore, Sqlite);
impl_profiles_store!(SqliteStore, Sqlite);
impl_ties_store!(SqliteStore, Sqlite);
impl_event_store!(SqliteStore, Sqlite);
impl_agenda_store!(SqliteStore, Sqlite);
impl_attendance_store!(SqliteStore, Sqlite);
impl_meeting_store!(SqliteStore, Sqlite);
impl_self_service_store!(SqliteStore, Sqlite);
impl_calls_store!(SqliteStore, Sqlite);
impl_applications_store!(SqliteStore, Sqlite);
impl_pairings_store!(SqliteStore, Sqlite);
impl_plan_store!(SqliteStore, Sqlite);
impl_news_store!(SqliteStore, Sqlite);
impl_library_store!(SqliteStore, Sqlite);
impl_social_store!(SqliteStore, Sqlite);
