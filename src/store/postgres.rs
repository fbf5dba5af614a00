//! PostgreSQL: for deployments with several app instances sharing one database.

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
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};
use std::str::FromStr;
use std::time::Duration;

pub struct PostgresStore {
    pool: PgPool,
    /// LISTEN/NOTIFY channel of this schema's live changes
    channel: String,
    facts: tokio::sync::RwLock<super::people::FactsCache>,
    city_names: std::sync::Mutex<Option<std::sync::Arc<super::city_names::CityNames>>>,
}

impl PostgresStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(15))
            .connect_with(options)
            .await?;
        // one channel per schema, so that databases shared by several
        // deployments (or test schemas) never hear each other
        let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
            .fetch_one(&pool)
            .await?;
        let channel: String = format!("tandem_live_{schema}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(63)
            .collect();
        Ok(Self {
            pool,
            channel,
            facts: tokio::sync::RwLock::new(super::people::FactsCache::new()),
            city_names: std::sync::Mutex::new(None),
        })
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/postgres")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    /// PostgreSQL checksums and repairs its own pages.
    async fn quick_check_impl(&self) -> StoreResult<()> {
        Ok(())
    }

    /// PostgreSQL manages its own write-ahead log.
    async fn checkpoint_impl(&self) -> StoreResult<Option<Checkpoint>> {
        Ok(None)
    }

    /// The search rows stamped after a version, with the lexemes of the
    /// three documents as PostgreSQL's parser made them.
    const FACT_ROWS_SQL: &'static str =
        "SELECT user_id, listed, visibility, sector, country, size, themes, langs, rank, offer, seek, city, \
         array_to_string(tsvector_to_array(name_doc), ' ') AS w0, \
         array_to_string(tsvector_to_array(head_doc), ' ') AS w1, \
         array_to_string(tsvector_to_array(doc), ' ') AS w2 \
         FROM people_index WHERE ver > $1";

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
                .await?
                .try_get("ver")?;
        let empty = SearchText::default();
        let mut ins = sqlx::QueryBuilder::<Postgres>::new(
            "INSERT INTO people_index (user_id, listed, visibility, sector, country, size, themes, langs, rank, ver, \
             offer, seek, city, name_doc, head_doc, doc) \
             SELECT v.id, v.listed, v.vis, v.sector, v.country, v.size, v.themes, v.langs, v.rank, v.ver, v.offer, v.seek, v.city, \
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
                .push_bind(p.offer_mask)
                .push_bind(p.seek_mask)
                .push_bind(p.city_id)
                .push_bind(s.name.clone())
                .push_bind(s.headline.clone())
                .push_bind(s.body.clone());
        });
        ins.push(
            ") AS v (id, listed, vis, sector, country, size, themes, langs, rank, ver, offer, seek, city, n, h, b) \
             ON CONFLICT (user_id) DO UPDATE SET listed = excluded.listed, visibility = excluded.visibility, \
             sector = excluded.sector, country = excluded.country, size = excluded.size, themes = excluded.themes, \
             langs = excluded.langs, rank = excluded.rank, ver = excluded.ver, offer = excluded.offer, seek = excluded.seek, \
             city = excluded.city, name_doc = excluded.name_doc, head_doc = excluded.head_doc, doc = excluded.doc",
        );
        ins.build().execute(&mut **tx).await?;
        Ok(())
    }

    /// Tells every instance, when the transaction commits, that `event` has
    /// a new change.
    async fn notify_tx(
        tx: &mut sqlx::Transaction<'static, Postgres>,
        event: i64,
        change: i64,
    ) -> StoreResult<()> {
        // the channel is read back from the session: a transaction has no store
        sqlx::query("SELECT pg_notify(left('tandem_live_' || regexp_replace(lower(current_schema()::text), '[^a-z0-9_]', '_', 'g'), 63), $1)")
            .bind(format!("{event}:{change}"))
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Tells every instance (this one too) a social signal: a new post, or
    /// a member whose counters changed. Sent after the write committed.
    async fn publish_social_impl(&self, payload: &str) -> StoreResult<()> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(format!("{}_s", &self.channel[..self.channel.len().min(61)]))
            .bind(payload)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every social signal published by any instance.
    async fn listen_social_impl(
        &self,
    ) -> StoreResult<Option<futures::stream::BoxStream<'static, String>>> {
        use futures::StreamExt;
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener
            .listen(&format!(
                "{}_s",
                &self.channel[..self.channel.len().min(61)]
            ))
            .await?;
        let stream = futures::stream::unfold(listener, |mut l| async move {
            loop {
                match l.recv().await {
                    Ok(n) => return Some((n.payload().to_owned(), l)),
                    Err(sqlx::Error::PoolClosed) => return None,
                    Err(e) => {
                        tracing::warn!(error = %e, "social listener lost its connection; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(Some(stream.boxed()))
    }

    /// Every (event, change) committed by any instance. The listener
    /// reconnects by itself; a notification lost meanwhile is caught up by
    /// the viewers' own replay (they ask for the changes after the last one
    /// they saw).
    async fn listen_impl(
        &self,
    ) -> StoreResult<Option<futures::stream::BoxStream<'static, (i64, i64)>>> {
        use futures::StreamExt;
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen(&self.channel).await?;
        let stream = futures::stream::unfold(listener, |mut l| async move {
            loop {
                match l.recv().await {
                    Ok(n) => {
                        let mut parts = n.payload().split(':');
                        if let (Some(Ok(e)), Some(Ok(c))) = (
                            parts.next().map(str::parse::<i64>),
                            parts.next().map(str::parse::<i64>),
                        ) {
                            return Some(((e, c), l));
                        }
                    }
                    // the store is closing: the stream ends
                    Err(sqlx::Error::PoolClosed) => return None,
                    Err(e) => {
                        tracing::warn!(error = %e, "live listener lost its connection; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(Some(stream.boxed()))
    }

    async fn write_tx(&self) -> StoreResult<sqlx::Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(StoreError::from)
    }
}

/// What a PostgreSQL error code means to the store, if anything particular.
pub(super) fn classify(code: &str) -> Option<StoreError> {
    match code {
        "23505" => Some(StoreError::Duplicate),
        "23503" => Some(StoreError::MissingReference),
        "40001" | "40P01" | "55P03" => Some(StoreError::Busy),
        _ => None,
    }
}

impl_store!(PostgresStore, Postgres, "postgres");
impl_accounts_store!(PostgresStore, Postgres);
impl_places_store!(PostgresStore, Postgres);
impl_profiles_store!(PostgresStore, Postgres);
impl_ties_store!(PostgresStore, Postgres);
impl_event_store!(PostgresStore, Postgres);
impl_agenda_store!(PostgresStore, Postgres);
impl_attendance_store!(PostgresStore, Postgres);
impl_meeting_store!(PostgresStore, Postgres);
impl_self_service_store!(PostgresStore, Postgres);
impl_calls_store!(PostgresStore, Postgres);
impl_applications_store!(PostgresStore, Postgres);
impl_pairings_store!(PostgresStore, Postgres);
impl_plan_store!(PostgresStore, Postgres);
impl_news_store!(PostgresStore, Postgres);
impl_library_store!(PostgresStore, Postgres);
impl_social_store!(PostgresStore, Postgres);
