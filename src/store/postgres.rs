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
    facts: tokio::sync::RwLock<super::people::FactsCache>,
}

impl PostgresStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(15))
            .connect_with(options)
            .await?;
        Ok(Self {
            pool,
            facts: tokio::sync::RwLock::new(super::people::FactsCache::new()),
        })
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/postgres")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    /// The ids matching a tsquery (`simple` configuration) in the whole
    /// text, the name, and the name and headline, joined by commas. Members
    /// who are not listed have empty documents.
    const MATCH_IDS_SQL: [&'static str; 3] = [
        "SELECT string_agg(user_id::text, ',') AS ids FROM people_index WHERE doc @@ to_tsquery('simple', $1)",
        "SELECT string_agg(user_id::text, ',') AS ids FROM people_index WHERE name_doc @@ to_tsquery('simple', $1)",
        "SELECT string_agg(user_id::text, ',') AS ids FROM people_index WHERE head_doc @@ to_tsquery('simple', $1)",
    ];

    /// Rewrites the search rows of these members, stamped with the next index
    /// version: the facts and the weighted document (empty when not listed).
    /// The version row's lock orders concurrent writers, so versions become
    /// visible in order.
    async fn index_people(
        tx: &mut sqlx::Transaction<'static, Postgres>,
        ps: &[ProfileWrite],
    ) -> StoreResult<()> {
        use sqlx::Row;
        let ver: i64 =
            sqlx::query("UPDATE index_version SET ver = ver + 1 WHERE id = 1 RETURNING ver")
                .fetch_one(&mut **tx)
                .await
                .map_err(classify)?
                .try_get("ver")?;
        let empty = SearchText::default();
        let mut ins = sqlx::QueryBuilder::<Postgres>::new(
            "INSERT INTO people_index (user_id, listed, visibility, sector, country, size, themes, langs, rank, ver, \
             name_doc, head_doc, doc) \
             SELECT v.id, v.listed, v.vis, v.sector, v.country, v.size, v.themes, v.langs, v.rank, v.ver, \
             to_tsvector('simple', v.n), to_tsvector('simple', v.n || ' ' || v.h), \
             to_tsvector('simple', v.n || ' ' || v.h || ' ' || v.b) FROM (",
        );
        ins.push_values(ps, |mut b, p| {
            let s = p.search.as_ref().unwrap_or(&empty);
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
                .push_bind(s.name.clone())
                .push_bind(s.headline.clone())
                .push_bind(s.body.clone());
        });
        ins.push(
            ") AS v (id, listed, vis, sector, country, size, themes, langs, rank, ver, n, h, b) \
             ON CONFLICT (user_id) DO UPDATE SET listed = excluded.listed, visibility = excluded.visibility, \
             sector = excluded.sector, country = excluded.country, size = excluded.size, themes = excluded.themes, \
             langs = excluded.langs, rank = excluded.rank, ver = excluded.ver, \
             name_doc = excluded.name_doc, head_doc = excluded.head_doc, doc = excluded.doc",
        );
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
