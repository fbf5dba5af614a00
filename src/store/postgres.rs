//! PostgreSQL: for deployments with several app instances sharing one database.

use super::shared::impl_store;
use super::*;
use crate::domain::{Locale, Role, UserId};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};
use std::str::FromStr;
use std::time::Duration;

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(15))
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/postgres")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn write_tx(&self) -> StoreResult<sqlx::Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(classify)
    }
}

fn classify(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        match db.code().as_deref() {
            Some("23505") => return StoreError::Duplicate,
            Some("23503") => return StoreError::MissingReference,
            Some("40001") | Some("40P01") | Some("55P03") => return StoreError::Busy,
            _ => {}
        }
    }
    StoreError::Database(e)
}

impl_store!(PostgresStore, Postgres, "postgres");
