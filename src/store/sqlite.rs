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

    /// The ids of listed members matching an FTS5 expression.
    fn push_matching_ids(qb: &mut sqlx::QueryBuilder<'_, Sqlite>, expr: String) {
        qb.push("SELECT rowid FROM people_fts WHERE people_fts MATCH ")
            .push_bind(expr);
    }

    /// Replaces the search entries of these members: the narrow facts row
    /// and the full-text row, both only while the member is listed.
    async fn index_people(
        tx: &mut sqlx::Transaction<'static, Sqlite>,
        ps: &[ProfileWrite],
    ) -> StoreResult<()> {
        for table in ["people_index WHERE user_id", "people_fts WHERE rowid"] {
            let mut del = sqlx::QueryBuilder::<Sqlite>::new(format!("DELETE FROM {table} IN ("));
            let mut sep = del.separated(", ");
            for p in ps {
                sep.push_bind(p.user_id);
            }
            del.push(")");
            del.build().execute(&mut **tx).await.map_err(classify)?;
        }
        let listed: Vec<(&ProfileWrite, &SearchText)> = ps
            .iter()
            .filter_map(|p| p.search.as_ref().map(|s| (p, s)))
            .collect();
        if listed.is_empty() {
            return Ok(());
        }
        let mut facts = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO people_index (user_id, visibility, sector, country, size, themes, langs, rank) ",
        );
        facts.push_values(&listed, |mut b, (p, _)| {
            b.push_bind(p.user_id)
                .push_bind(p.visibility)
                .push_bind(p.sector.clone())
                .push_bind(p.country_code.clone())
                .push_bind(p.size_bucket)
                .push_bind(p.interests_mask | p.offer_mask | p.seek_mask)
                .push_bind(p.languages_mask)
                .push_bind(p.search_rank);
        });
        facts.build().execute(&mut **tx).await.map_err(classify)?;
        let mut text = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO people_fts (rowid, name, headline, body) ",
        );
        text.push_values(&listed, |mut b, (p, s)| {
            b.push_bind(p.user_id)
                .push_bind(s.name.clone())
                .push_bind(s.headline.clone())
                .push_bind(s.body.clone());
        });
        text.build().execute(&mut **tx).await.map_err(classify)?;
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
