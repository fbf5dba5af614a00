//! The SQL both backends share, written once and compiled for each.
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
            use sqlx::Row;
            Ok($crate::store::CityView { city: city_from_row(row)?, country_name: row.try_get("country_name")? })
        }

        fn city_from_row(row: &<$Db as sqlx::Database>::Row) -> $crate::store::StoreResult<$crate::store::CityRow> {
            use sqlx::Row;
            Ok($crate::store::CityRow {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                country_code: row.try_get("country_code")?,
                admin1_code: row.try_get("admin1_code")?,
                latitude: row.try_get("latitude")?,
                longitude: row.try_get("longitude")?,
                population: row.try_get("population")?,
                timezone: row.try_get("timezone")?,
            })
        }

        fn person_from_row(row: &<$Db as sqlx::Database>::Row) -> $crate::store::StoreResult<$crate::store::PersonRow> {
            use sqlx::Row;
            Ok($crate::store::PersonRow {
                user_id: row.try_get("user_id")?,
                name: row.try_get("name")?,
                job_title: row.try_get("job_title")?,
                organisation: row.try_get("organisation")?,
                sector: row.try_get("sector")?,
                city_id: row.try_get("city_id")?,
                city_name: row.try_get("city_name")?,
                country_code: row.try_get("country_code")?,
                themes_mask: row.try_get("themes_mask")?,
                photo: row.try_get("photo")?,
            })
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

            /// Brings the in-memory search facts up to the database's index
            /// version: usually one tiny read; after writes, the rows stamped
            /// since; on the first search, every row.
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
                let mut rows = sqlx::query(
                    "SELECT user_id, listed, visibility, sector, country, size, themes, langs, rank, offer, seek, city \
                     FROM people_index WHERE ver > $1",
                )
                .bind(cache.version)
                .fetch(&self.pool);
                let mut batch = Vec::with_capacity(4096);
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
                    });
                    if batch.len() == batch.capacity() {
                        let version = cache.version;
                        cache.apply(&batch, version);
                        batch.clear();
                    }
                }
                let facts = batch;
                cache.apply(&facts, current);
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

            async fn create_user(&self, u: &NewUser) -> StoreResult<UserId> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "INSERT INTO users (email, name, password_hash, role, locale, email_confirmed_at, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(u.email.as_str())
                .bind(u.name.as_str())
                .bind(&u.password_hash)
                .bind(u.role.as_str())
                .bind(u.locale.code())
                .bind(u.confirmed.then_some(u.now))
                .bind(u.now)
                // all rows, not fetch_one: a write outside a transaction must run
                // to its end, or SQLite commits it on reset and skips the
                // automatic WAL checkpoint (the log then grows without bound)
                .fetch_all(&self.pool)
                .await?;
                let row = rows.first().ok_or(sqlx::Error::RowNotFound)?;
                Ok(UserId(row.try_get("id")?))
            }

            async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
                let row = sqlx::query(&sql).bind(email).fetch_optional(&self.pool).await?;
                row.as_ref().map(user_from_row).transpose()
            }

            async fn user_by_id(&self, id: UserId) -> StoreResult<Option<UserRecord>> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
                let row = sqlx::query(&sql).bind(id.0).fetch_optional(&self.pool).await?;
                row.as_ref().map(user_from_row).transpose()
            }

            async fn confirm_email(&self, id: UserId, now: i64) -> StoreResult<()> {
                sqlx::query("UPDATE users SET email_confirmed_at = $2 WHERE id = $1 AND email_confirmed_at IS NULL")
                    .bind(id.0)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_role(&self, id: UserId, role: Role) -> StoreResult<bool> {
                let done = sqlx::query("UPDATE users SET role = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(role.as_str())
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_password(&self, id: UserId, password_hash: &str) -> StoreResult<()> {
                sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(password_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_users_bulk(&self, users: &[NewUser]) -> StoreResult<u64> {
                let mut tx = self.write_tx().await?;
                let mut inserted = 0;
                for chunk in users.chunks(1000) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO users (email, name, password_hash, role, locale, email_confirmed_at, created_at) ",
                    );
                    qb.push_values(chunk, |mut b, u| {
                        b.push_bind(u.email.as_str().to_owned())
                            .push_bind(u.name.as_str().to_owned())
                            .push_bind(u.password_hash.clone())
                            .push_bind(u.role.as_str())
                            .push_bind(u.locale.code())
                            .push_bind(u.confirmed.then_some(u.now))
                            .push_bind(u.now);
                    });
                    qb.push(" ON CONFLICT (email) DO NOTHING");
                    inserted += qb.build().execute(&mut *tx).await?.rows_affected();
                }
                tx.commit().await?;
                Ok(inserted)
            }

            async fn set_locale(&self, id: UserId, locale: Locale) -> StoreResult<()> {
                sqlx::query("UPDATE users SET locale = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(locale.code())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn list_users(&self, limit: i64, offset: i64) -> StoreResult<Vec<UserRecord>> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE deleted_at IS NULL ORDER BY name, id LIMIT $1 OFFSET $2");
                let rows = sqlx::query(&sql).bind(limit).bind(offset).fetch_all(&self.pool).await?;
                rows.iter().map(user_from_row).collect()
            }

            async fn count_users(&self) -> StoreResult<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE deleted_at IS NULL").fetch_one(&self.pool).await?;
                Ok(row.try_get("n")?)
            }

            async fn create_session(&self, token_hash: &str, user: UserId, now: i64, expires_at: i64) -> StoreResult<()> {
                // the id a member's session list shows and ends it by; never the token
                let public_id = hex::encode(rand::random::<[u8; 12]>());
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, public_id, last_seen_at) \
                     VALUES ($1, $2, $3, $4, $5, $3)",
                )
                    .bind(token_hash)
                    .bind(user.0)
                    .bind(now)
                    .bind(expires_at)
                    .bind(public_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<UserRecord>> {
                use sqlx::Row;
                let sql = format!(
                    "SELECT {}, s.last_seen_at FROM users u JOIN sessions s ON s.user_id = u.id \
                     WHERE s.token_hash = $1 AND s.expires_at > $2",
                    USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
                );
                let row = sqlx::query(&sql).bind(token_hash).bind(now).fetch_optional(&self.pool).await?;
                let Some(row) = row else { return Ok(None) };
                // "last seen" for the member's session list, written at most every five minutes
                let seen: Option<i64> = row.try_get("last_seen_at")?;
                if seen.is_none_or(|s| now - s >= 300) {
                    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
                        .bind(token_hash)
                        .bind(now)
                        .execute(&self.pool)
                        .await?;
                }
                user_from_row(&row).map(Some)
            }

            async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_expired(&self, now: i64) -> StoreResult<u64> {
                let mut n = 0;
                for sql in [
                    "DELETE FROM sessions WHERE expires_at <= $1",
                    "DELETE FROM email_tokens WHERE expires_at <= $1",
                    "DELETE FROM auth_attempts WHERE at <= $1 - 86400",
                ] {
                    n += sqlx::query(sql).bind(now).execute(&self.pool).await?.rows_affected();
                }
                Ok(n)
            }

            async fn create_email_token(&self, t: &NewEmailToken) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&t.token_hash)
                .bind(t.user.0)
                .bind(t.purpose.as_str())
                .bind(t.now)
                .bind(t.expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn consume_email_token(&self, token_hash: &str, purpose: TokenPurpose, now: i64) -> StoreResult<Option<UserId>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "UPDATE email_tokens SET used_at = $3 \
                     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
                     RETURNING user_id",
                )
                .bind(token_hash)
                .bind(purpose.as_str())
                .bind(now)
                // to the end, for the WAL checkpoint (see create_user)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.first().map(|r| r.try_get("user_id")).transpose()?.map(UserId))
            }

            async fn reset_password(&self, token_hash: &str, password_hash: &str, now: i64) -> StoreResult<Option<UserId>> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "UPDATE email_tokens SET used_at = $3 \
                     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
                     RETURNING user_id",
                )
                .bind(token_hash)
                .bind(TokenPurpose::Reset.as_str())
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let user: i64 = row.try_get("user_id")?;
                // a reset link proves the mailbox too
                sqlx::query(
                    "UPDATE users SET password_hash = $2, email_confirmed_at = COALESCE(email_confirmed_at, $3) WHERE id = $1",
                )
                .bind(user)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
                sqlx::query("UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND purpose = 'reset' AND used_at IS NULL")
                    .bind(user)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some(UserId(user)))
            }

            async fn record_attempt(&self, bucket: &str, at: i64) -> StoreResult<()> {
                sqlx::query("INSERT INTO auth_attempts (bucket, at) VALUES ($1, $2)")
                    .bind(bucket)
                    .bind(at)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn attempts_since(&self, bucket: &str, since: i64) -> StoreResult<(i64, Option<i64>)> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM auth_attempts WHERE bucket = $1 AND at > $2")
                    .bind(bucket)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await?;
                Ok((row.try_get("n")?, row.try_get("oldest")?))
            }

            async fn take_attempt(&self, bucket: &str, at: i64, since: i64, max: i64) -> StoreResult<Option<i64>> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                if $backend == "postgres" {
                    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7361))::text")
                        .bind(bucket)
                        .execute(&mut *tx)
                        .await?;
                }
                let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM auth_attempts WHERE bucket = $1 AND at > $2")
                    .bind(bucket)
                    .bind(since)
                    .fetch_one(&mut *tx)
                    .await?;
                let n: i64 = row.try_get("n")?;
                if n >= max {
                    let oldest: Option<i64> = row.try_get("oldest")?;
                    tx.rollback().await?;
                    return Ok(Some(oldest.unwrap_or(at)));
                }
                sqlx::query("INSERT INTO auth_attempts (bucket, at) VALUES ($1, $2)")
                    .bind(bucket)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(None)
            }

            async fn clear_attempts(&self, bucket: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM auth_attempts WHERE bucket = $1")
                    .bind(bucket)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn count_cities(&self) -> StoreResult<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n FROM cities").fetch_one(&self.pool).await?;
                Ok(row.try_get("n")?)
            }

            async fn insert_countries(&self, rows: &[CountryRow]) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                for chunk in rows.chunks(500) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new("INSERT INTO countries (code, name, continent) ");
                    qb.push_values(chunk, |mut b, c| {
                        b.push_bind(c.code.clone()).push_bind(c.name.clone()).push_bind(c.continent.clone());
                    });
                    qb.push(" ON CONFLICT (code) DO NOTHING");
                    qb.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn insert_cities(&self, rows: &[CityRow]) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                for chunk in rows.chunks(1000) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO cities (id, name, search_name, country_code, admin1_code, latitude, longitude, population, timezone) ",
                    );
                    qb.push_values(chunk, |mut b, c| {
                        b.push_bind(c.id)
                            .push_bind(c.name.clone())
                            .push_bind($crate::domain::text::fold(&c.name))
                            .push_bind(c.country_code.clone())
                            .push_bind(c.admin1_code.clone())
                            .push_bind(c.latitude)
                            .push_bind(c.longitude)
                            .push_bind(c.population)
                            .push_bind(c.timezone.clone());
                    });
                    qb.push(" ON CONFLICT (id) DO NOTHING");
                    qb.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn city_by_name(&self, name: &str, country: &str) -> StoreResult<Option<CityRow>> {
                let row = sqlx::query(
                    "SELECT id, name, country_code, admin1_code, latitude, longitude, population, timezone \
                     FROM cities WHERE name = $1 AND country_code = $2 ORDER BY population DESC LIMIT 1",
                )
                .bind(name)
                .bind(country)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(city_from_row).transpose()
            }

            async fn city_by_id(&self, id: i64) -> StoreResult<Option<CityView>> {
                let sql = format!("{CITY_VIEW_SELECT} WHERE c.id = $1");
                let row = sqlx::query(&sql)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(city_view_from_row).transpose()
            }

            async fn search_cities(&self, folded: &str, limit: i64) -> StoreResult<Vec<CityView>> {
                // no city name is longer; a longer pattern only makes
                // SQLite refuse it ("LIKE or GLOB pattern too complex")
                let folded: String = folded.chars().take(100).collect();
                // escape LIKE's wildcards in what the user typed
                let pattern = folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                let sql = format!(
                    "{CITY_VIEW_SELECT} WHERE c.search_name LIKE $1 || '%' ESCAPE '\\' OR c.search_name LIKE '% ' || $1 || '%' ESCAPE '\\' \
                     ORDER BY c.population DESC, c.id LIMIT $2"
                );
                let rows = sqlx::query(&sql)
                .bind(pattern)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(city_view_from_row).collect()
            }

            async fn largest_cities(&self, country: &str, limit: i64) -> StoreResult<Vec<CityView>> {
                let sql = format!("{CITY_VIEW_SELECT} WHERE c.country_code = $1 ORDER BY c.population DESC, c.id LIMIT $2");
                let rows = sqlx::query(&sql)
                .bind(country)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(city_view_from_row).collect()
            }

            async fn user_ids(&self, emails: &[String]) -> StoreResult<Vec<(String, i64)>> {
                use sqlx::Row;
                let mut out = Vec::with_capacity(emails.len());
                for chunk in emails.chunks(1000) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new("SELECT email, id FROM users WHERE email IN (");
                    let mut sep = qb.separated(", ");
                    for e in chunk {
                        sep.push_bind(e.clone());
                    }
                    qb.push(")");
                    for r in qb.build().fetch_all(&self.pool).await? {
                        out.push((r.try_get("email")?, r.try_get("id")?));
                    }
                }
                Ok(out)
            }

            async fn country_names(&self, codes: &[String]) -> StoreResult<Vec<(String, String)>> {
                use sqlx::Row;
                if codes.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb = sqlx::QueryBuilder::<$Db>::new("SELECT code, name FROM countries WHERE code IN (");
                let mut sep = qb.separated(", ");
                for c in codes {
                    sep.push_bind(c.clone());
                }
                qb.push(")");
                qb.build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get("code")?, r.try_get("name")?)))
                    .collect()
            }

            async fn users_names(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String)>> {
                use sqlx::Row;
                let mut out = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(1000) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new("SELECT id, name FROM users WHERE id IN (");
                    let mut sep = qb.separated(", ");
                    for id in chunk {
                        sep.push_bind(*id);
                    }
                    qb.push(")");
                    for r in qb.build().fetch_all(&self.pool).await? {
                        out.push((r.try_get("id")?, r.try_get("name")?));
                    }
                }
                Ok(out)
            }

            async fn themes(&self) -> StoreResult<Vec<ThemeRow>> {
                use sqlx::Row;
                let rows = sqlx::query("SELECT id, bit, name_en, name_fr, name_es FROM themes ORDER BY bit")
                    .fetch_all(&self.pool)
                    .await?;
                let links = sqlx::query("SELECT theme_id, sdg FROM theme_sdgs ORDER BY theme_id, sdg")
                    .fetch_all(&self.pool)
                    .await?;
                let mut themes = Vec::with_capacity(rows.len());
                for r in &rows {
                    let id: String = r.try_get("id")?;
                    let mut sdgs = Vec::new();
                    for l in &links {
                        let theme: String = l.try_get("theme_id")?;
                        if theme == id {
                            sdgs.push(l.try_get::<i64, _>("sdg")?);
                        }
                    }
                    themes.push(ThemeRow {
                        id,
                        bit: r.try_get("bit")?,
                        names: [r.try_get("name_en")?, r.try_get("name_fr")?, r.try_get("name_es")?],
                        sdgs,
                    });
                }
                Ok(themes)
            }

            async fn sdgs(&self) -> StoreResult<Vec<SdgRow>> {
                use sqlx::Row;
                let rows = sqlx::query("SELECT number, name_en, name_fr, name_es FROM sdgs ORDER BY number")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        Ok(SdgRow {
                            number: r.try_get("number")?,
                            names: [r.try_get("name_en")?, r.try_get("name_fr")?, r.try_get("name_es")?],
                        })
                    })
                    .collect()
            }

            async fn set_theme_sdgs(&self, theme_id: &str, sdgs: &[i64]) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let exists = sqlx::query("SELECT 1 FROM themes WHERE id = $1")
                    .bind(theme_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .is_some();
                if !exists {
                    return Ok(false);
                }
                sqlx::query("DELETE FROM theme_sdgs WHERE theme_id = $1")
                    .bind(theme_id)
                    .execute(&mut *tx)
                    .await?;
                for sdg in sdgs {
                    sqlx::query("INSERT INTO theme_sdgs (theme_id, sdg) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .bind(theme_id)
                        .bind(*sdg)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn profile(&self, user: UserId) -> StoreResult<Option<ProfileRecord>> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT u.id, u.name, u.email_confirmed_at, COALESCE(p.job_title, '') AS job_title, \
                            COALESCE(p.organisation, '') AS organisation, p.sector, p.city_id, c.name AS city_name, \
                            c.country_code, k.name AS country_name, COALESCE(p.languages_mask, 0) AS languages_mask, \
                            COALESCE(p.interests_mask, 0) AS interests_mask, COALESCE(p.offer_mask, 0) AS offer_mask, \
                            COALESCE(p.seek_mask, 0) AS seek_mask, COALESCE(p.bio, '') AS bio, COALESCE(p.links, '') AS links, \
                            COALESCE(p.offer, '') AS offer, COALESCE(p.seek, '') AS seek, COALESCE(p.visibility, 1) AS visibility, \
                            p.photo, COALESCE(p.updated_at, 0) AS updated_at \
                     FROM users u LEFT JOIN profiles p ON p.user_id = u.id LEFT JOIN cities c ON c.id = p.city_id \
                     LEFT JOIN countries k ON k.code = c.country_code WHERE u.id = $1",
                )
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                let Some(r) = row else { return Ok(None) };
                Ok(Some(ProfileRecord {
                    user_id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    confirmed: r.try_get::<Option<i64>, _>("email_confirmed_at")?.is_some(),
                    job_title: r.try_get("job_title")?,
                    organisation: r.try_get("organisation")?,
                    sector: r.try_get("sector")?,
                    city_id: r.try_get("city_id")?,
                    city_name: r.try_get("city_name")?,
                    country_code: r.try_get("country_code")?,
                    country_name: r.try_get("country_name")?,
                    languages_mask: r.try_get("languages_mask")?,
                    interests_mask: r.try_get("interests_mask")?,
                    offer_mask: r.try_get("offer_mask")?,
                    seek_mask: r.try_get("seek_mask")?,
                    bio: r.try_get("bio")?,
                    links: r.try_get("links")?,
                    offer: r.try_get("offer")?,
                    seek: r.try_get("seek")?,
                    visibility: r.try_get("visibility")?,
                    photo: r.try_get("photo")?,
                    updated_at: r.try_get("updated_at")?,
                }))
            }

            async fn save_profile(&self, p: &ProfileWrite) -> StoreResult<()> {
                self.save_profiles_bulk(std::slice::from_ref(p)).await
            }

            async fn save_profiles_bulk(&self, ps: &[ProfileWrite]) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                for chunk in ps.chunks(500) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO profiles (user_id, job_title, organisation, sector, city_id, \
                         languages_mask, interests_mask, offer_mask, seek_mask, bio, links, offer, seek, \
                         visibility, photo, listed, updated_at) ",
                    );
                    qb.push_values(chunk, |mut b, p| {
                        b.push_bind(p.user_id)
                            .push_bind(p.job_title.clone())
                            .push_bind(p.organisation.clone())
                            .push_bind(p.sector.clone())
                            .push_bind(p.city_id)
                            .push_bind(p.languages_mask)
                            .push_bind(p.interests_mask)
                            .push_bind(p.offer_mask)
                            .push_bind(p.seek_mask)
                            .push_bind(p.bio.clone())
                            .push_bind(p.links.clone())
                            .push_bind(p.offer.clone())
                            .push_bind(p.seek.clone())
                            .push_bind(p.visibility)
                            .push_bind(p.photo.clone())
                            .push_bind(i64::from(p.search.is_some()))
                            .push_bind(p.now);
                    });
                    qb.push(
                        " ON CONFLICT (user_id) DO UPDATE SET job_title = excluded.job_title, organisation = excluded.organisation, \
                         sector = excluded.sector, city_id = excluded.city_id, languages_mask = excluded.languages_mask, \
                         interests_mask = excluded.interests_mask, offer_mask = excluded.offer_mask, seek_mask = excluded.seek_mask, \
                         bio = excluded.bio, links = excluded.links, offer = excluded.offer, \
                         seek = excluded.seek, visibility = excluded.visibility, listed = excluded.listed, \
                         updated_at = excluded.updated_at",
                    );
                    qb.build().execute(&mut *tx).await?;
                    Self::index_people(&mut tx, chunk).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn set_photo(&self, user: UserId, photo: Option<&str>, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO profiles (user_id, photo, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (user_id) DO UPDATE SET photo = excluded.photo, updated_at = excluded.updated_at",
                )
                .bind(user.0)
                .bind(photo)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn search_people(&self, q: &PeopleQuery) -> StoreResult<PeopleHits> {
                use sqlx::Row;
                self.refresh_facts().await?;
                let ids = |scope: usize, expr: String| async move {
                    let row = sqlx::query(Self::MATCH_IDS_SQL[scope])
                        .bind(expr)
                        .fetch_one(&self.pool)
                        .await?;
                    let joined: Option<String> = row.try_get("ids")?;
                    Ok::<_, StoreError>($crate::store::people::parse_ids(joined.as_deref()))
                };
                let (any, name, headline) = match &q.exprs {
                    Some((any, name, headline)) => {
                        let (a, n, h) = tokio::try_join!(ids(0, any.clone()), ids(1, name.clone()), ids(2, headline.clone()))?;
                        (Some(a), n, h)
                    }
                    None => (None, Vec::new(), Vec::new()),
                };
                let (mut hits, page) = {
                    let cache = self.facts.read().await;
                    $crate::store::people::run(&cache, q, any.as_deref(), &name, &headline)
                };
                if page.is_empty() {
                    return Ok(hits);
                }
                hits.rows = self.person_rows(&page).await?;
                Ok(hits)
            }

            async fn suggest_people(
                &self,
                me: UserId,
                limit: i64,
            ) -> StoreResult<Option<Vec<(PersonRow, $crate::domain::recommend::Match)>>> {
                use sqlx::Row;
                self.refresh_facts().await?;
                let feedback = sqlx::query("SELECT other_id, verdict FROM suggestion_feedback WHERE user_id = $1")
                    .bind(me.0)
                    .fetch_all(&self.pool)
                    .await?;
                let mut hidden = Vec::new();
                let mut useful = Vec::new();
                for r in &feedback {
                    let other: i64 = r.try_get("other_id")?;
                    let verdict: String = r.try_get("verdict")?;
                    if verdict == "hidden" { hidden.push(other) } else { useful.push(other) }
                }
                let best = {
                    let cache = self.facts.read().await;
                    let liked = useful
                        .iter()
                        .filter_map(|u| cache.facts.get(u))
                        .fold(0i64, |m, f| m | f.themes);
                    $crate::store::people::recommend(&cache, me.0, &hidden, liked, limit.max(0) as usize)
                };
                let Some(best) = best else { return Ok(None) };
                if best.is_empty() {
                    return Ok(Some(Vec::new()));
                }
                let ids: Vec<i64> = best.iter().map(|(id, _)| *id).collect();
                let people = self.person_rows(&ids).await?;
                Ok(Some(
                    people
                        .into_iter()
                        .filter_map(|p| {
                            let m = best.iter().find(|(id, _)| *id == p.user_id)?.1;
                            Some((p, m))
                        })
                        .collect(),
                ))
            }

            async fn set_suggestion_feedback(&self, me: UserId, other: i64, verdict: Option<&str>, now: i64) -> StoreResult<()> {
                match verdict {
                    Some(v) => {
                        sqlx::query(
                            "INSERT INTO suggestion_feedback (user_id, other_id, verdict, at) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (user_id, other_id) DO UPDATE SET verdict = excluded.verdict, at = excluded.at",
                        )
                        .bind(me.0)
                        .bind(other)
                        .bind(v)
                        .bind(now)
                        .execute(&self.pool)
                        .await?;
                    }
                    None => {
                        sqlx::query("DELETE FROM suggestion_feedback WHERE user_id = $1 AND other_id = $2")
                            .bind(me.0)
                            .bind(other)
                            .execute(&self.pool)
                            .await?;
                    }
                }
                Ok(())
            }

            async fn city_members(&self, city_id: i64, max_visibility: i64, limit: i64) -> StoreResult<(Vec<PersonRow>, i64)> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT p.user_id, u.name, p.job_title, p.organisation, p.sector, p.city_id, ci.name AS city_name, \
                            ci.country_code, (p.interests_mask | p.offer_mask | p.seek_mask) AS themes_mask, p.photo \
                     FROM profiles p JOIN people_index f ON f.user_id = p.user_id JOIN users u ON u.id = p.user_id \
                     LEFT JOIN cities ci ON ci.id = p.city_id \
                     WHERE p.city_id = $1 AND f.listed = 1 AND f.visibility <= $2 \
                     ORDER BY f.rank DESC, p.user_id LIMIT $3",
                )
                .bind(city_id)
                .bind(max_visibility)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let n = sqlx::query(
                    "SELECT COUNT(*) AS n FROM profiles p JOIN people_index f ON f.user_id = p.user_id \
                     WHERE p.city_id = $1 AND f.listed = 1 AND f.visibility <= $2",
                )
                    .bind(city_id)
                    .bind(max_visibility)
                    .fetch_one(&self.pool)
                    .await?;
                Ok((rows.iter().map(person_from_row).collect::<StoreResult<_>>()?, n.try_get("n")?))
            }

            async fn city_note(&self, city_id: i64) -> StoreResult<CityNote> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT n.themes_mask, n.challenges, u.name AS user_name, COALESCE(p.visibility, 1) AS author_visibility, n.updated_at \
                     FROM city_notes n LEFT JOIN users u ON u.id = n.updated_by LEFT JOIN profiles p ON p.user_id = n.updated_by \
                     WHERE n.city_id = $1",
                )
                .bind(city_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match row {
                    Some(r) => CityNote {
                        themes_mask: r.try_get("themes_mask")?,
                        challenges: r.try_get("challenges")?,
                        updated_by: r.try_get("user_name")?,
                        author_visibility: r.try_get("author_visibility")?,
                        updated_at: Some(r.try_get("updated_at")?),
                    },
                    None => CityNote::default(),
                })
            }

            async fn save_city_note(&self, city_id: i64, user: UserId, themes_mask: i64, challenges: &str, now: i64) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                sqlx::query(
                    "INSERT INTO city_notes (city_id, themes_mask, challenges, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (city_id) DO UPDATE SET themes_mask = excluded.themes_mask, challenges = excluded.challenges, \
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                )
                .bind(city_id)
                .bind(themes_mask)
                .bind(challenges)
                .bind(user.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO city_changes (city_id, user_id, at, themes_mask, challenges) VALUES ($1, $2, $3, $4, $5)")
                    .bind(city_id)
                    .bind(user.0)
                    .bind(now)
                    .bind(themes_mask)
                    .bind(challenges)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn city_changes(&self, city_id: i64, limit: i64) -> StoreResult<Vec<CityChange>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT u.name AS user_name, COALESCE(p.visibility, 1) AS author_visibility, c.at, c.themes_mask, c.challenges \
                     FROM city_changes c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN profiles p ON p.user_id = c.user_id \
                     WHERE c.city_id = $1 ORDER BY c.at DESC, c.id DESC LIMIT $2",
                )
                .bind(city_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(CityChange {
                            user_name: r.try_get("user_name")?,
                            author_visibility: r.try_get("author_visibility")?,
                            at: r.try_get("at")?,
                            themes_mask: r.try_get("themes_mask")?,
                            challenges: r.try_get("challenges")?,
                        })
                    })
                    .collect()
            }

            async fn create_event(&self, e: &NewEvent) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "INSERT INTO events (kind, language, city_id, starts_at, ends_at, timezone, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(&e.kind)
                .bind(e.language.code())
                .bind(e.city_id)
                .bind(e.starts_at)
                .bind(e.ends_at)
                .bind(&e.timezone)
                .bind(e.created_by.map(|u| u.0))
                .bind(e.now)
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                if let Some(owner) = e.created_by {
                    sqlx::query("INSERT INTO event_organizers (event_id, user_id, is_owner) VALUES ($1, $2, 1)")
                        .bind(id)
                        .bind(owner.0)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("UPDATE events SET updated_at = created_at, langs_mask = $2 WHERE id = $1")
                    .bind(id)
                    .bind(1i64 << $crate::domain::profile::language_bit(e.language.code()).unwrap_or(0))
                    .execute(&mut *tx)
                    .await?;
                for (locale, title, summary) in &e.texts {
                    sqlx::query("INSERT INTO event_texts (event_id, locale, title, summary) VALUES ($1, $2, $3, $4)")
                        .bind(id)
                        .bind(locale.code())
                        .bind(title)
                        .bind(summary)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(id)
            }

            async fn upcoming_events(&self, now: i64, locale: Locale, limit: i64) -> StoreResult<Vec<EventSummary>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT e.id, e.kind, e.language, c.name AS city_name, e.starts_at, e.ends_at, e.timezone, \
                            COALESCE(t.title, o.title, '') AS title, COALESCE(t.summary, o.summary, '') AS summary \
                     FROM events e \
                     LEFT JOIN cities c ON c.id = e.city_id \
                     LEFT JOIN event_texts t ON t.event_id = e.id AND t.locale = $2 \
                     LEFT JOIN event_texts o ON o.event_id = e.id AND o.locale = e.language \
                     WHERE e.ends_at > $1 AND e.status <> 'draft' ORDER BY e.starts_at, e.id LIMIT $3",
                )
                .bind(now)
                .bind(locale.code())
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let language: String = r.try_get("language")?;
                        Ok(EventSummary {
                            id: r.try_get("id")?,
                            kind: r.try_get("kind")?,
                            language: $crate::store::records::parse_locale(&language),
                            city_name: r.try_get("city_name")?,
                            starts_at: r.try_get("starts_at")?,
                            ends_at: r.try_get("ends_at")?,
                            timezone: r.try_get("timezone")?,
                            title: r.try_get("title")?,
                            summary: r.try_get("summary")?,
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use impl_store;
