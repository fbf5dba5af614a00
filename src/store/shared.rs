//! What every area's SQL shares, written once and compiled for each backend:
//! the row readers (users, cities, people cards), the per-instance facts
//! cache, and the backend-wide part of [`Store`](super::Store).
//!
//! `impl_store!(Type, Db)` implements [`Store`](super::Store) for a backend
//! struct that has a `pool: sqlx::Pool<Db>` field and the inherent methods
//! `write_tx` (a transaction that holds the write lock from its first
//! statement) and `run_migrations`; database errors become [`StoreError`](super::StoreError)s through its `From`.
//! Placeholders are `$n`, which SQLite and PostgreSQL both accept.

macro_rules! impl_store {
    ($Store:ty, $Db:ty, $backend:literal) => {
        const USER_COLUMNS: &str =
            "id, email, name, password_hash, role, locale, email_confirmed_at, created_at";

        fn user_from_row(row: &<$Db as sqlx::Database>::Row) -> $crate::store::StoreResult<$crate::store::UserRecord> {
            use sqlx::Row;
            let role: String = row.try_get("role")?;
            let locale: String = row.try_get("locale")?;
            Ok($crate::store::UserRecord {
                id: $crate::domain::UserId(row.try_get("id")?),
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                password_hash: row.try_get("password_hash")?,
                role: $crate::store::records::parse_role(&role)?,
                locale: $crate::store::records::parse_locale(&locale),
                email_confirmed_at: row.try_get("email_confirmed_at")?,
                created_at: row.try_get("created_at")?,
            })
        }

        /// A city with its country's name; add the WHERE and ORDER clauses.
        const CITY_VIEW_SELECT: &str =
            "SELECT c.id, c.name, c.country_code, c.admin1_code, c.latitude, c.longitude, c.population, c.timezone, \
             k.name AS country_name FROM cities c JOIN countries k ON k.code = c.country_code";

        fn city_view_from_row(row: &<$Db as sqlx::Database>::Row) -> $crate::store::StoreResult<$crate::store::CityView> {
            Ok(sqlx::FromRow::from_row(row)?)
        }

        fn city_from_row(row: &<$Db as sqlx::Database>::Row) -> $crate::store::StoreResult<$crate::store::CityRow> {
            Ok(sqlx::FromRow::from_row(row)?)
        }

        fn person_from_row(row: &<$Db as sqlx::Database>::Row) -> $crate::store::StoreResult<$crate::store::PersonRow> {
            Ok(sqlx::FromRow::from_row(row)?)
        }

        impl $Store {
            /// The people-card rows of these members, in the order given.
            async fn person_rows(&self, ids: &[i64]) -> StoreResult<Vec<PersonRow>> {
                let mut qb = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT p.user_id, u.name, p.job_title, p.organisation, p.sector, p.city_id, ci.name AS city_name, \
                     ci.country_code, (p.interests_mask | p.offer_mask | p.seek_mask) AS themes_mask, p.photo \
                     FROM profiles p JOIN users u ON u.id = p.user_id LEFT JOIN cities ci ON ci.id = p.city_id \
                     WHERE p.user_id IN (",
                );
                let mut sep = qb.separated(", ");
                for id in ids {
                    sep.push_bind(*id);
                }
                qb.push(")");
                let rows = qb.build().fetch_all(&self.pool).await?;
                let mut people: Vec<PersonRow> = rows.iter().map(person_from_row).collect::<StoreResult<_>>()?;
                people.sort_by_key(|p| ids.iter().position(|id| *id == p.user_id));
                Ok(people)
            }

            /// A search's counts with the cards of its page, in order.
            async fn with_cards(&self, (mut hits, page): (PeopleHits, Vec<i64>)) -> StoreResult<PeopleHits> {
                if !page.is_empty() {
                    hits.rows = self.person_rows(&page).await?;
                }
                Ok(hits)
            }

            /// The city names in memory, read on first use (and again
            /// while there are none).
            async fn city_names(&self) -> StoreResult<std::sync::Arc<$crate::store::city_names::CityNames>> {
                use sqlx::Row;
                if let Some(n) = self.city_names.lock().ok().and_then(|g| g.clone()) {
                    return Ok(n);
                }
                let rows = sqlx::query("SELECT id, search_name, population FROM cities")
                    .fetch_all(&self.pool)
                    .await?;
                let mut list = Vec::with_capacity(rows.len());
                for r in &rows {
                    list.push((r.try_get("id")?, r.try_get("search_name")?, r.try_get("population")?));
                }
                let names = std::sync::Arc::new($crate::store::city_names::CityNames::new(list));
                if !names.is_empty() {
                    if let Ok(mut g) = self.city_names.lock() {
                        *g = Some(names.clone());
                    }
                }
                Ok(names)
            }

            /// After cities are written: read them again on next use.
            fn forget_city_names(&self) {
                if let Ok(mut g) = self.city_names.lock() {
                    *g = None;
                }
            }

            /// Brings the in-process people index up to the database's
            /// index version: usually one tiny read; after writes, the rows
            /// stamped since; on the first search, every row.
            async fn refresh_facts(&self) -> StoreResult<()> {
                use sqlx::Row;
                let current: i64 = sqlx::query("SELECT ver FROM index_version WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await?
                    .try_get("ver")?;
                if self.facts.read().await.version >= current {
                    return Ok(());
                }
                let mut cache = self.facts.write().await;
                if cache.version >= current {
                    return Ok(());
                }
                // streamed: a first load at a million members never holds all rows at once
                use futures::TryStreamExt;
                let mut rows = sqlx::query(Self::FACT_ROWS_SQL)
                .bind(cache.version)
                .fetch(&self.pool);
                let mut batch = Vec::with_capacity(4096);
                let mut applied = 0usize;
                while let Some(r) = rows.try_next().await? {
                    batch.push($crate::store::people::FactRow {
                        user_id: r.try_get("user_id")?,
                        listed: r.try_get::<i64, _>("listed")? != 0,
                        visibility: r.try_get("visibility")?,
                        sector: r.try_get("sector")?,
                        country: r.try_get("country")?,
                        size: r.try_get("size")?,
                        themes: r.try_get("themes")?,
                        langs: r.try_get("langs")?,
                        rank: r.try_get("rank")?,
                        offer: r.try_get("offer")?,
                        seek: r.try_get("seek")?,
                        city: r.try_get("city")?,
                        words: [
                            r.try_get::<Option<String>, _>("w0")?.unwrap_or_default(),
                            r.try_get::<Option<String>, _>("w1")?.unwrap_or_default(),
                            r.try_get::<Option<String>, _>("w2")?.unwrap_or_default(),
                        ],
                    });
                    if batch.len() == batch.capacity() {
                        let version = cache.version;
                        cache.apply(&batch, version);
                        applied += batch.len();
                        batch.clear();
                    }
                }
                let facts = batch;
                cache.apply(&facts, current);
                if applied + facts.len() > 10_000 {
                    cache.settle();
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::Store for $Store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn migrate(&self) -> StoreResult<()> {
                self.run_migrations().await
            }

            async fn health(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn quick_check(&self) -> StoreResult<()> {
                self.quick_check_impl().await
            }

            async fn checkpoint(&self) -> StoreResult<Option<$crate::store::Checkpoint>> {
                self.checkpoint_impl().await
            }
        }
    };
}

pub(crate) use impl_store;
