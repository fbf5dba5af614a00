//! The SQL both backends share, written once and compiled for each.
//!
//! `impl_store!(Type, Db)` implements [`Store`](super::Store) for a backend
//! struct that has a `pool: sqlx::Pool<Db>` field and the inherent methods
//! `write_tx` (a transaction that holds the write lock from its first
//! statement), `run_migrations` and `classify` (backend error → StoreError).
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

        #[async_trait::async_trait]
        impl $crate::store::Store for $Store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn migrate(&self) -> StoreResult<()> {
                self.run_migrations().await
            }

            async fn health(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await.map_err(classify)?;
                Ok(())
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn create_user(&self, u: &NewUser) -> StoreResult<UserId> {
                use sqlx::Row;
                let row = sqlx::query(
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
                .fetch_one(&self.pool)
                .await
                .map_err(classify)?;
                Ok(UserId(row.try_get("id")?))
            }

            async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
                let row = sqlx::query(&sql).bind(email).fetch_optional(&self.pool).await.map_err(classify)?;
                row.as_ref().map(user_from_row).transpose()
            }

            async fn user_by_id(&self, id: UserId) -> StoreResult<Option<UserRecord>> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
                let row = sqlx::query(&sql).bind(id.0).fetch_optional(&self.pool).await.map_err(classify)?;
                row.as_ref().map(user_from_row).transpose()
            }

            async fn confirm_email(&self, id: UserId, now: i64) -> StoreResult<()> {
                sqlx::query("UPDATE users SET email_confirmed_at = $2 WHERE id = $1 AND email_confirmed_at IS NULL")
                    .bind(id.0)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok(())
            }

            async fn set_role(&self, id: UserId, role: Role) -> StoreResult<bool> {
                let done = sqlx::query("UPDATE users SET role = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(role.as_str())
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_password(&self, id: UserId, password_hash: &str) -> StoreResult<()> {
                sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(password_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
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
                    inserted += qb.build().execute(&mut *tx).await.map_err(classify)?.rows_affected();
                }
                tx.commit().await.map_err(classify)?;
                Ok(inserted)
            }

            async fn set_locale(&self, id: UserId, locale: Locale) -> StoreResult<()> {
                sqlx::query("UPDATE users SET locale = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(locale.code())
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok(())
            }

            async fn list_users(&self, limit: i64, offset: i64) -> StoreResult<Vec<UserRecord>> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name, id LIMIT $1 OFFSET $2");
                let rows = sqlx::query(&sql).bind(limit).bind(offset).fetch_all(&self.pool).await.map_err(classify)?;
                rows.iter().map(user_from_row).collect()
            }

            async fn count_users(&self) -> StoreResult<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&self.pool).await.map_err(classify)?;
                Ok(row.try_get("n")?)
            }

            async fn create_session(&self, token_hash: &str, user: UserId, now: i64, expires_at: i64) -> StoreResult<()> {
                sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                    .bind(token_hash)
                    .bind(user.0)
                    .bind(now)
                    .bind(expires_at)
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok(())
            }

            async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<UserRecord>> {
                let sql = format!(
                    "SELECT {} FROM users u JOIN sessions s ON s.user_id = u.id \
                     WHERE s.token_hash = $1 AND s.expires_at > $2",
                    USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
                );
                let row = sqlx::query(&sql).bind(token_hash).bind(now).fetch_optional(&self.pool).await.map_err(classify)?;
                row.as_ref().map(user_from_row).transpose()
            }

            async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok(())
            }

            async fn delete_expired(&self, now: i64) -> StoreResult<u64> {
                let mut n = 0;
                for sql in [
                    "DELETE FROM sessions WHERE expires_at <= $1",
                    "DELETE FROM email_tokens WHERE expires_at <= $1",
                    "DELETE FROM auth_attempts WHERE at <= $1 - 86400",
                ] {
                    n += sqlx::query(sql).bind(now).execute(&self.pool).await.map_err(classify)?.rows_affected();
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
                .await
                .map_err(classify)?;
                Ok(())
            }

            async fn consume_email_token(&self, token_hash: &str, purpose: TokenPurpose, now: i64) -> StoreResult<Option<UserId>> {
                use sqlx::Row;
                let row = sqlx::query(
                    "UPDATE email_tokens SET used_at = $3 \
                     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
                     RETURNING user_id",
                )
                .bind(token_hash)
                .bind(purpose.as_str())
                .bind(now)
                .fetch_optional(&self.pool)
                .await
                .map_err(classify)?;
                Ok(row.map(|r| r.try_get("user_id")).transpose()?.map(UserId))
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
                .await
                .map_err(classify)?;
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
                .await
                .map_err(classify)?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(&mut *tx).await.map_err(classify)?;
                sqlx::query("UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND purpose = 'reset' AND used_at IS NULL")
                    .bind(user)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(classify)?;
                tx.commit().await.map_err(classify)?;
                Ok(Some(UserId(user)))
            }

            async fn record_attempt(&self, bucket: &str, at: i64) -> StoreResult<()> {
                sqlx::query("INSERT INTO auth_attempts (bucket, at) VALUES ($1, $2)")
                    .bind(bucket)
                    .bind(at)
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok(())
            }

            async fn attempts_since(&self, bucket: &str, since: i64) -> StoreResult<(i64, Option<i64>)> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM auth_attempts WHERE bucket = $1 AND at > $2")
                    .bind(bucket)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok((row.try_get("n")?, row.try_get("oldest")?))
            }

            async fn clear_attempts(&self, bucket: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM auth_attempts WHERE bucket = $1")
                    .bind(bucket)
                    .execute(&self.pool)
                    .await
                    .map_err(classify)?;
                Ok(())
            }

            async fn count_cities(&self) -> StoreResult<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n FROM cities").fetch_one(&self.pool).await.map_err(classify)?;
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
                    qb.build().execute(&mut *tx).await.map_err(classify)?;
                }
                tx.commit().await.map_err(classify)?;
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
                    qb.build().execute(&mut *tx).await.map_err(classify)?;
                }
                tx.commit().await.map_err(classify)?;
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
                .await
                .map_err(classify)?;
                row.as_ref().map(city_from_row).transpose()
            }

            async fn city_by_id(&self, id: i64) -> StoreResult<Option<CityView>> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT c.id, c.name, c.country_code, c.admin1_code, c.latitude, c.longitude, c.population, c.timezone, \
                            k.name AS country_name \
                     FROM cities c JOIN countries k ON k.code = c.country_code WHERE c.id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(classify)?;
                row.map(|r| Ok(CityView { city: city_from_row(&r)?, country_name: r.try_get("country_name")? })).transpose()
            }

            async fn search_cities(&self, folded: &str, limit: i64) -> StoreResult<Vec<CityView>> {
                use sqlx::Row;
                // escape LIKE's wildcards in what the user typed
                let pattern = folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                let rows = sqlx::query(
                    "SELECT c.id, c.name, c.country_code, c.admin1_code, c.latitude, c.longitude, c.population, c.timezone, \
                            k.name AS country_name \
                     FROM cities c JOIN countries k ON k.code = c.country_code \
                     WHERE c.search_name LIKE $1 || '%' ESCAPE '\\' OR c.search_name LIKE '% ' || $1 || '%' ESCAPE '\\' \
                     ORDER BY c.population DESC, c.id LIMIT $2",
                )
                .bind(pattern)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(classify)?;
                rows.iter().map(|r| Ok(CityView { city: city_from_row(r)?, country_name: r.try_get("country_name")? })).collect()
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
                .await
                .map_err(classify)?;
                let id: i64 = row.try_get("id")?;
                for (locale, title, summary) in &e.texts {
                    sqlx::query("INSERT INTO event_texts (event_id, locale, title, summary) VALUES ($1, $2, $3, $4)")
                        .bind(id)
                        .bind(locale.code())
                        .bind(title)
                        .bind(summary)
                        .execute(&mut *tx)
                        .await
                        .map_err(classify)?;
                }
                tx.commit().await.map_err(classify)?;
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
                     WHERE e.ends_at > $1 ORDER BY e.starts_at, e.id LIMIT $3",
                )
                .bind(now)
                .bind(locale.code())
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(classify)?;
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
