//! The publications library, the contact messages and the news digest's
//! subscriptions: SQL both backends share, compiled for each by
//! `impl_library_store!(Type, Db)` in `sqlite.rs` and `postgres.rs`.

use super::news_sql::{push_cond, Arg};

pub(crate) const PUB_COLS: &str = "p.id, p.kind, p.titles, p.authors, p.institution, p.year, p.language, p.pages, \
     p.abstract_text, p.themes, p.stored_as, p.file_name, p.media_type, p.bytes, p.version, p.created_at, p.updated_at, \
     CAST((SELECT COALESCE(SUM(d.downloads), 0) FROM publication_downloads d WHERE d.publication_id = p.id) AS BIGINT) AS downloads";

/// The SQL and values of a publications list (see `PublicationQuery`).
pub(crate) fn library_list_sql(q: &crate::store::news::PublicationQuery) -> (String, Vec<Arg>) {
    let mut sql = format!("SELECT {PUB_COLS} FROM publications p WHERE 1 = 1");
    let mut args = Vec::new();
    if let Some(k) = &q.kind {
        push_cond(&mut sql, &mut args, "p.kind = ?1", vec![Arg::S(k.clone())]);
    }
    if let Some(t) = &q.theme {
        push_cond(
            &mut sql,
            &mut args,
            "(',' || p.themes || ',') LIKE ?1",
            vec![Arg::S(format!("%,{t},%"))],
        );
    }
    if let Some(l) = &q.language {
        push_cond(
            &mut sql,
            &mut args,
            "p.language = ?1",
            vec![Arg::S(l.clone())],
        );
    }
    if let Some(y) = q.year {
        push_cond(&mut sql, &mut args, "p.year = ?1", vec![Arg::I(y)]);
    }
    if let Some((kind, r)) = &q.about {
        push_cond(
            &mut sql,
            &mut args,
            "EXISTS (SELECT 1 FROM publication_links l WHERE l.publication_id = p.id AND l.kind = ?1 AND l.ref = ?2)",
            vec![Arg::S(kind.clone()), Arg::S(r.clone())],
        );
    }
    for w in &q.words {
        push_cond(
            &mut sql,
            &mut args,
            "p.search LIKE ?1",
            vec![Arg::S(format!("%{w}%"))],
        );
    }
    sql.push_str(&format!(
        " ORDER BY p.year DESC, p.id DESC LIMIT {} OFFSET {}",
        q.limit.clamp(1, 500),
        q.offset.max(0)
    ));
    (sql, args)
}

macro_rules! impl_library_store {
    ($Store:ty, $Db:ty) => {
        impl $Store {
            async fn write_publication_links(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: i64,
                links: &[(String, String)],
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM publication_links WHERE publication_id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                for (kind, r) in links {
                    sqlx::query(
                        "INSERT INTO publication_links (publication_id, kind, ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(id)
                    .bind(kind)
                    .bind(r)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }

            async fn stored_file_of(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: i64,
            ) -> StoreResult<Option<$crate::store::news::StoredFile>> {
                let row: Option<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT stored_as, file_name, media_type, bytes FROM publications WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?;
                Ok(row.map(|(stored_as, file_name, media_type, bytes)| {
                    $crate::store::news::StoredFile {
                        stored_as,
                        file_name,
                        media_type,
                        bytes,
                    }
                }))
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::news::LibraryStore for $Store {
            async fn create_publication(
                &self,
                w: &$crate::store::news::PublicationWrite,
                file: &$crate::store::news::StoredFile,
                by: i64,
                now: i64,
            ) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO publications (kind, titles, authors, institution, year, language, pages, abstract_text, \
                     themes, stored_as, file_name, media_type, bytes, search, created_by, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
                )
                .bind(&w.kind)
                .bind(&w.titles)
                .bind(&w.authors)
                .bind(&w.institution)
                .bind(w.year)
                .bind(&w.language)
                .bind(w.pages)
                .bind(&w.abstract_text)
                .bind(&w.themes)
                .bind(&file.stored_as)
                .bind(&file.file_name)
                .bind(&file.media_type)
                .bind(file.bytes)
                .bind(&w.search)
                .bind(by)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                Self::write_publication_links(&mut tx, id, &w.links).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn update_publication(
                &self,
                id: i64,
                version: i64,
                w: &$crate::store::news::PublicationWrite,
                now: i64,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let n = sqlx::query(
                    "UPDATE publications SET kind = $3, titles = $4, authors = $5, institution = $6, year = $7, \
                     language = $8, pages = $9, abstract_text = $10, themes = $11, search = $12, \
                     version = version + 1, updated_at = $13 WHERE id = $1 AND version = $2",
                )
                .bind(id)
                .bind(version)
                .bind(&w.kind)
                .bind(&w.titles)
                .bind(&w.authors)
                .bind(&w.institution)
                .bind(w.year)
                .bind(&w.language)
                .bind(w.pages)
                .bind(&w.abstract_text)
                .bind(&w.themes)
                .bind(&w.search)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Ok(false);
                }
                Self::write_publication_links(&mut tx, id, &w.links).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn replace_publication_file(
                &self,
                id: i64,
                file: &$crate::store::news::StoredFile,
                now: i64,
            ) -> StoreResult<Option<$crate::store::news::StoredFile>> {
                let mut tx = self.write_tx().await?;
                let old = Self::stored_file_of(&mut tx, id).await?;
                if old.is_none() {
                    return Ok(None);
                }
                sqlx::query(
                    "UPDATE publications SET stored_as = $2, file_name = $3, media_type = $4, bytes = $5, \
                     version = version + 1, updated_at = $6 WHERE id = $1",
                )
                .bind(id)
                .bind(&file.stored_as)
                .bind(&file.file_name)
                .bind(&file.media_type)
                .bind(file.bytes)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(old)
            }

            async fn delete_publication(
                &self,
                id: i64,
            ) -> StoreResult<Option<$crate::store::news::StoredFile>> {
                let mut tx = self.write_tx().await?;
                let old = Self::stored_file_of(&mut tx, id).await?;
                sqlx::query("DELETE FROM publications WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(old)
            }

            async fn publication(
                &self,
                id: i64,
            ) -> StoreResult<Option<$crate::store::news::PublicationRecord>> {
                use $crate::store::library_sql::PUB_COLS;
                Ok(sqlx::query_as(&format!("SELECT {PUB_COLS} FROM publications p WHERE p.id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn publication_links(&self, id: i64) -> StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as(
                    "SELECT kind, ref FROM publication_links WHERE publication_id = $1 ORDER BY kind, ref",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn list_publications(
                &self,
                q: &$crate::store::news::PublicationQuery,
            ) -> StoreResult<Vec<$crate::store::news::PublicationRecord>> {
                let (sql, args) = $crate::store::library_sql::library_list_sql(q);
                Ok($crate::store::news_sql::bind_args!(sqlx::query_as(&sql), args)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn publication_facets(&self) -> StoreResult<(Vec<i64>, Vec<String>)> {
                let years = sqlx::query_scalar("SELECT DISTINCT year FROM publications ORDER BY year DESC")
                    .fetch_all(&self.pool)
                    .await?;
                let languages =
                    sqlx::query_scalar("SELECT DISTINCT language FROM publications ORDER BY language")
                        .fetch_all(&self.pool)
                        .await?;
                Ok((years, languages))
            }

            async fn count_download(&self, id: i64, month: &str) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO publication_downloads (publication_id, month, downloads) VALUES ($1, $2, 1) \
                     ON CONFLICT (publication_id, month) DO UPDATE SET downloads = publication_downloads.downloads + 1",
                )
                .bind(id)
                .bind(month)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn publication_downloads(&self, id: i64) -> StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT month, downloads FROM publication_downloads WHERE publication_id = $1 ORDER BY month DESC",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn add_contact(
                &self,
                name: &str,
                email: &str,
                subject: &str,
                body: &str,
                locale: &str,
                now: i64,
            ) -> StoreResult<i64> {
                use sqlx::Row;
                Ok(sqlx::query(
                    "INSERT INTO contact_messages (name, email, subject, body, locale, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                )
                .bind(name)
                .bind(email)
                .bind(subject)
                .bind(body)
                .bind(locale)
                .bind(now)
                .fetch_one(&self.pool)
                .await?
                .try_get("id")?)
            }

            async fn contact_messages(
                &self,
                status: Option<&str>,
                limit: i64,
            ) -> StoreResult<Vec<$crate::store::news::ContactRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, name, email, subject, body, locale, status, created_at, updated_at FROM contact_messages \
                     WHERE ($1 = '' OR status = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
                )
                .bind(status.unwrap_or(""))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_contact_status(
                &self,
                id: i64,
                status: &str,
                by: i64,
                now: i64,
            ) -> StoreResult<bool> {
                let n = sqlx::query(
                    "UPDATE contact_messages SET status = $2, handled_by = $3, updated_at = $4 WHERE id = $1",
                )
                .bind(id)
                .bind(status)
                .bind(by)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n > 0)
            }

            async fn subscription_by_email(
                &self,
                email: &str,
            ) -> StoreResult<Option<$crate::store::news::SubscriptionRecord>> {
                Ok(sqlx::query_as("SELECT * FROM news_subscriptions WHERE email = $1")
                    .bind(email)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn subscription_by_token(
                &self,
                token: &str,
            ) -> StoreResult<Option<$crate::store::news::SubscriptionRecord>> {
                Ok(sqlx::query_as("SELECT * FROM news_subscriptions WHERE token = $1")
                    .bind(token)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn add_subscription(
                &self,
                email: &str,
                locale: &str,
                token: &str,
                now: i64,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO news_subscriptions (email, locale, token, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (email) DO NOTHING",
                )
                .bind(email)
                .bind(locale)
                .bind(token)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn set_subscription_locale(&self, id: i64, locale: &str) -> StoreResult<()> {
                sqlx::query("UPDATE news_subscriptions SET locale = $2 WHERE id = $1")
                    .bind(id)
                    .bind(locale)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn confirm_subscription(&self, token: &str, now: i64) -> StoreResult<bool> {
                let n = sqlx::query(
                    "UPDATE news_subscriptions SET confirmed_at = COALESCE(confirmed_at, $2) WHERE token = $1",
                )
                .bind(token)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n > 0)
            }

            async fn delete_subscription(&self, token: &str) -> StoreResult<bool> {
                let n = sqlx::query("DELETE FROM news_subscriptions WHERE token = $1")
                    .bind(token)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(n > 0)
            }

            async fn due_subscriptions(
                &self,
                before: i64,
                limit: i64,
            ) -> StoreResult<Vec<$crate::store::news::SubscriptionRecord>> {
                Ok(sqlx::query_as(
                    "SELECT * FROM news_subscriptions WHERE confirmed_at IS NOT NULL \
                     AND (last_sent_at IS NULL OR last_sent_at <= $1) ORDER BY id LIMIT $2",
                )
                .bind(before)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn claim_digest(&self, id: i64, seen: Option<i64>, now: i64) -> StoreResult<bool> {
                let n = sqlx::query(
                    "UPDATE news_subscriptions SET last_sent_at = $3 WHERE id = $1 \
                     AND COALESCE(last_sent_at, -1) = COALESCE($2, -1)",
                )
                .bind(id)
                .bind(seen)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n > 0)
            }
        }
    };
}

pub(crate) use impl_library_store;
