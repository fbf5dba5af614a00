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

    /// The ids of listed members matching a tsquery (`simple` configuration).
    fn push_matching_ids(qb: &mut sqlx::QueryBuilder<'_, Postgres>, expr: String) {
        qb.push("SELECT user_id FROM people_index WHERE doc @@ to_tsquery('simple', ")
            .push_bind(expr)
            .push(")");
    }

    /// Replaces the search rows of these members (only listed members have
    /// one): the facts and the weighted document, in one row.
    async fn index_people(
        tx: &mut sqlx::Transaction<'static, Postgres>,
        ps: &[ProfileWrite],
    ) -> StoreResult<()> {
        let ids: Vec<i64> = ps.iter().map(|p| p.user_id).collect();
        sqlx::query("DELETE FROM people_index WHERE user_id = ANY($1)")
            .bind(ids)
            .execute(&mut **tx)
            .await
            .map_err(classify)?;
        let listed: Vec<(&ProfileWrite, &SearchText)> = ps
            .iter()
            .filter_map(|p| p.search.as_ref().map(|s| (p, s)))
            .collect();
        if listed.is_empty() {
            return Ok(());
        }
        let mut ins = sqlx::QueryBuilder::<Postgres>::new(
            "INSERT INTO people_index (user_id, visibility, sector, country, size, themes, langs, rank, doc) \
             SELECT v.id, v.vis, v.sector, v.country, v.size, v.themes, v.langs, v.rank, \
             setweight(to_tsvector('simple', v.n), 'A') || setweight(to_tsvector('simple', v.h), 'B') \
             || setweight(to_tsvector('simple', v.b), 'C') FROM (",
        );
        ins.push_values(&listed, |mut b, (p, s)| {
            b.push_bind(p.user_id)
                .push_bind(p.visibility)
                .push_bind(p.sector.clone())
                .push_bind(p.country_code.clone())
                .push_bind(p.size_bucket)
                .push_bind(p.interests_mask | p.offer_mask | p.seek_mask)
                .push_bind(p.languages_mask)
                .push_bind(p.search_rank)
                .push_bind(s.name.clone())
                .push_bind(s.headline.clone())
                .push_bind(s.body.clone());
        });
        ins.push(") AS v (id, vis, sector, country, size, themes, langs, rank, n, h, b)");
        ins.build().execute(&mut **tx).await.map_err(classify)?;
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
