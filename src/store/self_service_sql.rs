//! The account self-service SQL both backends share.
//! `impl_self_service_store!(Type, Db)` expands next to `impl_event_store!`
//! (account deletion frees seats with `event_sql::promote`) and uses the
//! backend's own `index_people` to take the member out of search.

macro_rules! impl_self_service_store {
    ($Store:ty, $Db:ty) => {
        mod self_service_sql {
            use super::*;
            use sqlx::{Column, Row};

            type DbRow = <$Db as sqlx::Database>::Row;

            /// A row as a JSON object, by column name: integers, reals, text or null.
            pub(super) fn row_json(r: &DbRow) -> serde_json::Value {
                let mut out = serde_json::Map::new();
                for (i, col) in r.columns().iter().enumerate() {
                    let value = if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
                        v.map(serde_json::Value::from)
                    } else if let Ok(v) = r.try_get::<Option<f64>, _>(i) {
                        v.map(serde_json::Value::from)
                    } else if let Ok(v) = r.try_get::<Option<String>, _>(i) {
                        v.map(serde_json::Value::from)
                    } else {
                        None
                    };
                    out.insert(col.name().to_owned(), value.unwrap_or(serde_json::Value::Null));
                }
                serde_json::Value::Object(out)
            }

            /// What the export holds, one query per table, `$1` the member.
            /// Notes others wrote to the member stay out: they are theirs.
            pub(super) const EXPORT: &[(&str, &str)] = &[
                ("account", "SELECT id, email, name, role, locale, email_confirmed_at, created_at FROM users WHERE id = $1"),
                ("profile", "SELECT p.user_id, p.job_title, p.organisation, p.sector, p.city_id, c.name AS city_name, \
                    p.languages_mask, p.interests_mask, p.offer_mask, p.seek_mask, p.bio, p.links, p.offer, p.seek, \
                    p.visibility, p.photo, p.updated_at FROM profiles p LEFT JOIN cities c ON c.id = p.city_id WHERE p.user_id = $1"),
                ("sessions", "SELECT created_at, last_seen_at, expires_at, user_agent AS device FROM sessions WHERE user_id = $1 ORDER BY created_at"),
                ("pending_email_changes", "SELECT new_email, created_at, expires_at, used_at FROM email_changes WHERE user_id = $1 ORDER BY created_at"),
                ("calendar_feed", "SELECT created_at FROM calendar_feeds WHERE user_id = $1"),
                ("city_notes_last_edited", "SELECT city_id, themes_mask, challenges, updated_at FROM city_notes WHERE updated_by = $1 ORDER BY city_id"),
                ("city_note_changes", "SELECT id, city_id, at, themes_mask, challenges FROM city_changes WHERE user_id = $1 ORDER BY at, id"),
                ("events_organized", "SELECT o.event_id, o.is_owner, e.kind, e.status, e.starts_at, e.ends_at, e.timezone, \
                    COALESCE(t.title, '') AS title FROM event_organizers o JOIN events e ON e.id = o.event_id \
                    LEFT JOIN event_texts t ON t.event_id = e.id AND t.locale = e.language WHERE o.user_id = $1 ORDER BY e.starts_at, e.id"),
                ("events_created", "SELECT id, kind, status, starts_at, created_at FROM events WHERE created_by = $1 ORDER BY id"),
                ("speaker_entries", "SELECT event_id, name, title, bio FROM event_speakers WHERE user_id = $1 ORDER BY id"),
                ("registrations", "SELECT r.event_id, COALESCE(t.title, '') AS event_title, r.status, r.queued_at, r.updated_at \
                    FROM registrations r JOIN events e ON e.id = r.event_id \
                    LEFT JOIN event_texts t ON t.event_id = e.id AND t.locale = e.language WHERE r.user_id = $1 ORDER BY r.event_id"),
                ("marked_sessions", "SELECT m.session_id, s.event_id, s.title, s.starts_at FROM session_marks m \
                    JOIN event_sessions s ON s.id = m.session_id WHERE m.user_id = $1 ORDER BY s.starts_at"),
                ("event_edits", "SELECT id, event_id, at, kind, detail FROM event_changes WHERE actor_id = $1 ORDER BY id"),
                ("suggestion_feedback", "SELECT other_id, verdict, at FROM suggestion_feedback WHERE user_id = $1 ORDER BY at"),
                ("meeting_statements", "SELECT event_id, offer_mask, seek_mask, offer, seek, updated_at FROM meeting_profiles WHERE user_id = $1 ORDER BY event_id"),
                ("meeting_busy_slots", "SELECT b.slot_id, s.event_id, s.starts_at, s.ends_at FROM meeting_busy b \
                    JOIN meeting_slots s ON s.id = b.slot_id WHERE b.user_id = $1 ORDER BY s.starts_at"),
                ("meeting_requests", "SELECT id, event_id, from_id, to_id, CASE WHEN from_id = $1 THEN note ELSE '' END AS note, \
                    status, created_at, answered_at, slot_id, table_no FROM meeting_requests WHERE from_id = $1 OR to_id = $1 ORDER BY id"),
                ("meeting_notes", "SELECT request_id, outcome, next_steps, remind_on, reminded, updated_at FROM meeting_notes WHERE user_id = $1 ORDER BY request_id"),
                ("connections", "SELECT id, from_id, to_id, CASE WHEN from_id = $1 THEN note ELSE '' END AS note, status, \
                    created_at, answered_at FROM connections WHERE from_id = $1 OR to_id = $1 ORDER BY id"),
                ("news_articles", "SELECT s.id, s.category, s.tags, s.publish_at, s.original, s.created_at, s.updated_at,                     t.locale, t.title, t.excerpt, t.body FROM news_stories s JOIN news_texts t ON t.story_id = s.id                     WHERE s.author_id = $1 OR s.created_by = $1 ORDER BY s.id, t.locale"),
                ("news_author", "SELECT granted_at FROM news_authors WHERE account_id = $1"),
                ("news_subscription", "SELECT n.locale, n.confirmed_at, n.last_sent_at, n.created_at FROM news_subscriptions n                     JOIN users u ON u.email = n.email WHERE u.id = $1"),
                ("contact_messages", "SELECT m.subject, m.body, m.locale, m.status, m.created_at FROM contact_messages m                     JOIN users u ON u.email = m.email WHERE u.id = $1 ORDER BY m.created_at"),
            ];

            /// Rows of the member that are simply removed with the account
            /// (`$1` the member). Sessions and tokens first.
            pub(super) const REMOVE: &[&str] = &[
                "DELETE FROM sessions WHERE user_id = $1",
                "DELETE FROM email_tokens WHERE user_id = $1",
                "DELETE FROM email_changes WHERE user_id = $1",
                "DELETE FROM calendar_feeds WHERE user_id = $1",
                "DELETE FROM suggestion_feedback WHERE user_id = $1 OR other_id = $1",
                "DELETE FROM connections WHERE from_id = $1 OR to_id = $1",
                "DELETE FROM session_marks WHERE user_id = $1",
                "DELETE FROM meeting_busy WHERE user_id = $1",
                "DELETE FROM meeting_profiles WHERE user_id = $1",
                "DELETE FROM meeting_notes WHERE user_id = $1",
                "DELETE FROM registrations WHERE user_id = $1",
                "DELETE FROM profiles WHERE user_id = $1",
            ];

            /// What others depend on, kept without the member's name.
            pub(super) const ANONYMISE: &[&str] = &[
                "UPDATE city_notes SET updated_by = NULL WHERE updated_by = $1",
                "UPDATE city_changes SET user_id = NULL WHERE user_id = $1",
                "UPDATE event_changes SET actor_id = NULL WHERE actor_id = $1",
                "UPDATE events SET created_by = NULL WHERE created_by = $1",
                // what the member wrote to others in meeting requests
                "UPDATE meeting_requests SET note = '' WHERE from_id = $1",
            ];
        }

        #[async_trait::async_trait]
        impl $crate::store::self_service::SelfServiceStore for $Store {
            async fn set_session_device(&self, token_hash: &str, device: &str) -> StoreResult<()> {
                sqlx::query("UPDATE sessions SET user_agent = $2 WHERE token_hash = $1")
                    .bind(token_hash)
                    .bind(device)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn sessions_of(
                &self,
                user: UserId,
                current_hash: Option<&str>,
                now: i64,
            ) -> StoreResult<Vec<$crate::store::self_service::SessionRecord>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT public_id, created_at, last_seen_at, user_agent, \
                     CASE WHEN token_hash = $2 THEN 1 ELSE 0 END AS is_current \
                     FROM sessions WHERE user_id = $1 AND expires_at > $3 AND public_id IS NOT NULL \
                     ORDER BY COALESCE(last_seen_at, created_at) DESC, created_at DESC",
                )
                .bind(user.0)
                .bind(current_hash.unwrap_or(""))
                .bind(now)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::self_service::SessionRecord {
                            public_id: r.try_get("public_id")?,
                            created_at: r.try_get("created_at")?,
                            last_seen_at: r.try_get("last_seen_at")?,
                            device: r.try_get("user_agent")?,
                            current: r.try_get::<i32, _>("is_current").map(|v| v == 1).or_else(|_| {
                                r.try_get::<i64, _>("is_current").map(|v| v == 1)
                            })?,
                        })
                    })
                    .collect()
            }

            async fn end_session(&self, user: UserId, public_id: &str) -> StoreResult<Option<String>> {
                use sqlx::Row;
                let row = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND public_id = $2 RETURNING token_hash")
                    .bind(user.0)
                    .bind(public_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get("token_hash")).transpose()?)
            }

            async fn end_sessions(&self, user: UserId, keep: Option<&str>) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                    .bind(user.0)
                    .bind(keep.unwrap_or(""))
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn change_password(&self, user: UserId, password_hash: &str, keep_session: Option<&str>) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                    .bind(user.0)
                    .bind(password_hash)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                    .bind(user.0)
                    .bind(keep_session.unwrap_or(""))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM email_tokens WHERE user_id = $1 AND purpose = 'reset' AND used_at IS NULL")
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_email_change(
                &self,
                token_hash: &str,
                user: UserId,
                new_email: &str,
                now: i64,
                expires_at: i64,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO email_changes (token_hash, user_id, new_email, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(token_hash)
                .bind(user.0)
                .bind(new_email)
                .bind(now)
                .bind(expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn confirm_email_change(
                &self,
                token_hash: &str,
                now: i64,
            ) -> StoreResult<Option<$crate::store::self_service::EmailChanged>> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let Some(row) = sqlx::query(
                    "UPDATE email_changes SET used_at = $2 \
                     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
                     RETURNING user_id, new_email",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?
                else {
                    return Ok(None);
                };
                let user: i64 = row.try_get("user_id")?;
                let new_email: String = row.try_get("new_email")?;
                let Some(old) = sqlx::query("SELECT email FROM users WHERE id = $1 AND deleted_at IS NULL")
                    .bind(user)
                    .fetch_optional(&mut *tx)
                    .await?
                else {
                    return Ok(None);
                };
                let old_email: String = old.try_get("email")?;
                // the link proves the new mailbox
                sqlx::query("UPDATE users SET email = $2, email_confirmed_at = COALESCE(email_confirmed_at, $3) WHERE id = $1")
                    .bind(user)
                    .bind(&new_email)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                // other pending changes and links mailed to the old address are void
                sqlx::query("UPDATE email_changes SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
                    .bind(user)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
                    .bind(user)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some($crate::store::self_service::EmailChanged {
                    user: UserId(user),
                    old_email,
                    new_email,
                }))
            }

            async fn events_to_hand_over(
                &self,
                user: UserId,
            ) -> StoreResult<Vec<($crate::domain::self_service::OrganizedEvent, String)>> {
                let rows = sqlx::query(
                    "SELECT e.id, o.is_owner, e.status, e.ends_at, COALESCE(t.title, '') AS title, \
                     (SELECT COUNT(*) FROM event_organizers x WHERE x.event_id = e.id AND x.user_id <> $1) AS co \
                     FROM event_organizers o JOIN events e ON e.id = o.event_id \
                     LEFT JOIN event_texts t ON t.event_id = e.id AND t.locale = e.language \
                     WHERE o.user_id = $1 ORDER BY e.starts_at, e.id",
                )
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?;
                self_service_sql_rows::organized(&rows)
            }

            async fn export_member(&self, user: UserId) -> StoreResult<serde_json::Value> {
                let mut out = serde_json::Map::new();
                for (name, sql) in self_service_sql::EXPORT {
                    let rows = sqlx::query(sql).bind(user.0).fetch_all(&self.pool).await?;
                    out.insert(
                        (*name).to_owned(),
                        serde_json::Value::Array(rows.iter().map(self_service_sql::row_json).collect()),
                    );
                }
                Ok(serde_json::Value::Object(out))
            }

            async fn delete_account(
                &self,
                user: UserId,
                now: i64,
            ) -> StoreResult<Result<$crate::store::self_service::Deleted, Vec<i64>>> {
                use sqlx::Row;
                use $crate::domain::self_service::{event_fate, EventFate, FORMER_MEMBER};
                let mut tx = self.write_tx().await?;
                // the organizer rows first: they decide whether it may go on
                let rows = sqlx::query(
                    "SELECT e.id, o.is_owner, e.status, e.ends_at, '' AS title, \
                     (SELECT COUNT(*) FROM event_organizers x WHERE x.event_id = e.id AND x.user_id <> $1) AS co \
                     FROM event_organizers o JOIN events e ON e.id = o.event_id WHERE o.user_id = $1 ORDER BY e.id",
                )
                .bind(user.0)
                .fetch_all(&mut *tx)
                .await?;
                let events = self_service_sql_rows::organized(&rows)?;
                let blocking: Vec<i64> = events
                    .iter()
                    .filter(|(e, _)| event_fate(e, now) == EventFate::Blocks)
                    .map(|(e, _)| e.id)
                    .collect();
                if !blocking.is_empty() {
                    return Ok(Err(blocking));
                }
                let photo: Option<String> = sqlx::query("SELECT photo FROM profiles WHERE user_id = $1")
                    .bind(user.0)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get("photo"))
                    .transpose()?
                    .flatten();
                let email: String = match sqlx::query("SELECT email FROM users WHERE id = $1 AND deleted_at IS NULL")
                    .bind(user.0)
                    .fetch_optional(&mut *tx)
                    .await?
                {
                    Some(r) => r.try_get("email")?,
                    None => return Ok(Ok(Default::default())),
                };

                for (e, _) in &events {
                    match event_fate(e, now) {
                        EventFate::DeleteDraft => {
                            sqlx::query("DELETE FROM events WHERE id = $1")
                                .bind(e.id)
                                .execute(&mut *tx)
                                .await?;
                        }
                        fate => {
                            sqlx::query("DELETE FROM event_organizers WHERE event_id = $1 AND user_id = $2")
                                .bind(e.id)
                                .bind(user.0)
                                .execute(&mut *tx)
                                .await?;
                            if fate == (EventFate::StepDown { pass_ownership: true }) {
                                // the longest-standing co-organizer cannot be told apart: the first by id
                                sqlx::query(
                                    "UPDATE event_organizers SET is_owner = 1 WHERE event_id = $1 AND user_id = \
                                     (SELECT MIN(user_id) FROM event_organizers WHERE event_id = $1)",
                                )
                                .bind(e.id)
                                .execute(&mut *tx)
                                .await?;
                            }
                        }
                    }
                }

                // seats held in events still to come go to the waitlist
                let held = sqlx::query(
                    "SELECT r.event_id FROM registrations r JOIN events e ON e.id = r.event_id \
                     WHERE r.user_id = $1 AND r.status = 'registered' AND e.ends_at > $2 ORDER BY r.event_id",
                )
                .bind(user.0)
                .bind(now)
                .fetch_all(&mut *tx)
                .await?;
                let held: Vec<i64> = held.iter().map(|r| r.try_get("event_id")).collect::<Result<_, _>>()?;
                let mut promoted = Vec::new();
                for event in held {
                    let Some(ev) = event_sql::lock_seats(&mut tx, event).await? else { continue };
                    let capacity: Option<i64> = ev.try_get("capacity")?;
                    sqlx::query("DELETE FROM registrations WHERE event_id = $1 AND user_id = $2")
                        .bind(event)
                        .bind(user.0)
                        .execute(&mut *tx)
                        .await?;
                    let moved = event_sql::promote(&mut tx, event, capacity, now).await?;
                    if !moved.is_empty() {
                        promoted.push((event, moved));
                    }
                }

                // meetings still to come are called off; past ones stay as the other side's history
                sqlx::query(
                    "UPDATE events SET meetings_rev = meetings_rev + 1 WHERE id IN \
                     (SELECT event_id FROM meeting_requests WHERE from_id = $1 OR to_id = $1)",
                )
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE meeting_requests SET status = 'cancelled', slot_id = NULL, table_no = NULL, answered_at = $2 \
                     WHERE (from_id = $1 OR to_id = $1) AND (status = 'pending' OR (status = 'accepted' AND event_id IN \
                     (SELECT id FROM events WHERE ends_at > $2)))",
                )
                .bind(user.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE event_speakers SET user_id = NULL, name = $2, title = '', bio = '', photo = NULL WHERE user_id = $1",
                )
                .bind(user.0)
                .bind(FORMER_MEMBER)
                .execute(&mut *tx)
                .await?;
                for sql in self_service_sql::ANONYMISE.iter().chain(self_service_sql::REMOVE) {
                    sqlx::query(sql).bind(user.0).execute(&mut *tx).await?;
                }
                // out of search: the facts row stays, unlisted and empty, stamped
                // with a new index version so every instance's copy drops it
                let gone = $crate::store::ProfileWrite {
                    user_id: user.0,
                    visibility: 2,
                    now,
                    search: None,
                    ..Default::default()
                };
                Self::index_people(&mut tx, std::slice::from_ref(&gone)).await?;
                // failed sign-ins of the address: it may sign up again at once
                sqlx::query("DELETE FROM auth_attempts WHERE bucket LIKE $1 ESCAPE '\\'")
                    .bind(format!("signin:account:{}:%", email.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
                    .execute(&mut *tx)
                    .await?;
                // the row stays for what still points at it, with nothing of the person
                sqlx::query(
                    "UPDATE users SET email = $2, name = $3, password_hash = '!', role = 'member', \
                     email_confirmed_at = NULL, deleted_at = $4 WHERE id = $1",
                )
                .bind(user.0)
                .bind(format!("deleted-{}@deleted.invalid", user.0))
                .bind(FORMER_MEMBER)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Ok($crate::store::self_service::Deleted { photo, promoted }))
            }
        }

        mod self_service_sql_rows {
            use super::*;
            use sqlx::Row;

            pub(super) fn organized(
                rows: &[<$Db as sqlx::Database>::Row],
            ) -> StoreResult<Vec<($crate::domain::self_service::OrganizedEvent, String)>> {
                rows.iter()
                    .map(|r| {
                        let status: String = r.try_get("status")?;
                        Ok((
                            $crate::domain::self_service::OrganizedEvent {
                                id: r.try_get("id")?,
                                is_owner: r.try_get::<i64, _>("is_owner")? != 0,
                                co_organizers: r.try_get("co")?,
                                status: $crate::domain::event::EventStatus::parse(&status)
                                    .map_err(|_| StoreError::Corrupt(format!("event status {status:?}")))?,
                                ends_at: r.try_get("ends_at")?,
                            },
                            r.try_get("title")?,
                        ))
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use impl_self_service_store;
