//! The accounts SQL both backends share, written once and compiled for each by
//! `impl_accounts_store!(Type, Db)` (expanded in `sqlite.rs` and `postgres.rs`,
//! after `impl_store!`, whose row readers it uses).

macro_rules! impl_accounts_store {
    ($Store:ty, $Db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::accounts::AccountStore for $Store {

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
                if $crate::store::Store::backend(self) == "postgres" {
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
        }
    };
}

pub(crate) use impl_accounts_store;
