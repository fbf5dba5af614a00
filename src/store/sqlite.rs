//! SQLite: the embedded default. WAL, foreign keys, a busy timeout, and write
//! transactions that take the write lock up front (`BEGIN IMMEDIATE`), because a
//! deferred transaction that upgrades to a write fails at once with SQLITE_BUSY.

use super::shared::impl_store;
use super::*;
use crate::domain::{Locale, Role, UserId};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory");
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
            .await?;
        Ok(Self { pool })
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    async fn write_tx(&self) -> StoreResult<sqlx::Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(classify)
    }
}

fn classify(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        match db.kind() {
            sqlx::error::ErrorKind::UniqueViolation => return StoreError::Duplicate,
            sqlx::error::ErrorKind::ForeignKeyViolation => return StoreError::MissingReference,
            _ => {}
        }
        // SQLITE_BUSY (5) and its extended codes, SQLITE_LOCKED (6)
        if let Some(code) = db.code().and_then(|c| c.parse::<i32>().ok()) {
            if code & 0xff == 5 || code & 0xff == 6 {
                return StoreError::Busy;
            }
        }
    }
    StoreError::Database(e)
}

impl_store!(SqliteStore, Sqlite, "sqlite");
