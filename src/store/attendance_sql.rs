//! The attendance SQL both backends share, written once and compiled for each by
//! `impl_attendance_store!(Type, Db)` (expanded in `sqlite.rs` and `postgres.rs`,
//! after `impl_store!`, whose row readers it uses).

macro_rules! impl_attendance_store {
    ($Store:ty, $Db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::attendance::AttendanceStore for $Store {

            async fn register(
                &self,
                event: i64,
                user: UserId,
                now: i64,
            ) -> StoreResult<Result<$crate::store::events::Registered, $crate::i18n::Msg>> {
                use sqlx::Row;
                use $crate::domain::event::{registration_open, seat_for_newcomer};
                use $crate::store::events::Registered;
                let mut tx = self.write_tx().await?;
                let Some(ev) = event_sql::lock_seats(&mut tx, event).await? else {
                    return Ok(Err($crate::i18n::Msg::ErrNotFound));
                };
                let st: String = ev.try_get("status")?;
                let capacity: Option<i64> = ev.try_get("capacity")?;
                if let Err(msg) = registration_open(
                    now,
                    event_sql::status(&st)?,
                    ev.try_get("ends_at")?,
                    ev.try_get("reg_opens_at")?,
                    ev.try_get("reg_closes_at")?,
                ) {
                    return Ok(Err(msg));
                }
                let existing = sqlx::query("SELECT status FROM registrations WHERE event_id = $1 AND user_id = $2")
                    .bind(event)
                    .bind(user.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                if let Some(r) = existing {
                    let s = event_sql::seat(&r.try_get::<String, _>("status")?)?;
                    if s.is_active() {
                        return Ok(Ok(Registered { seat: s, changed: false }));
                    }
                }
                let taken: i64 = sqlx::query(
                    "SELECT COUNT(*) AS n FROM registrations WHERE event_id = $1 AND status = 'registered'",
                )
                .bind(event)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
                let seat = seat_for_newcomer(taken, capacity);
                sqlx::query(
                    "INSERT INTO registrations (event_id, user_id, status, queued_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
                     ON CONFLICT (event_id, user_id) DO UPDATE SET status = excluded.status, queued_at = excluded.queued_at, \
                     updated_at = excluded.updated_at",
                )
                .bind(event)
                .bind(user.0)
                .bind(seat.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Ok(Registered { seat, changed: true }))
            }

            async fn cancel_registration(&self, event: i64, user: UserId, now: i64) -> StoreResult<$crate::store::events::Cancelled> {
                use sqlx::Row;
                use $crate::store::events::Cancelled;
                let mut tx = self.write_tx().await?;
                let Some(ev) = event_sql::lock_seats(&mut tx, event).await? else {
                    return Ok(Cancelled { was: None, promoted: Vec::new() });
                };
                let capacity: Option<i64> = ev.try_get("capacity")?;
                let existing = sqlx::query("SELECT status FROM registrations WHERE event_id = $1 AND user_id = $2")
                    .bind(event)
                    .bind(user.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                let was = match existing {
                    Some(r) => Some(event_sql::seat(&r.try_get::<String, _>("status")?)?),
                    None => None,
                };
                if !was.is_some_and(|s| s.is_active()) {
                    return Ok(Cancelled { was, promoted: Vec::new() });
                }
                sqlx::query("UPDATE registrations SET status = 'cancelled', updated_at = $3 WHERE event_id = $1 AND user_id = $2")
                    .bind(event)
                    .bind(user.0)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let promoted = event_sql::promote(&mut tx, event, capacity, now).await?;
                tx.commit().await?;
                Ok(Cancelled { was, promoted })
            }

            async fn registration(&self, event: i64, user: UserId) -> StoreResult<Option<($crate::domain::event::Seat, i64)>> {
                use sqlx::Row;
                let row = sqlx::query("SELECT status, seen_change FROM registrations WHERE event_id = $1 AND user_id = $2")
                    .bind(event)
                    .bind(user.0)
                    .fetch_optional(&self.pool)
                    .await?;
                match row {
                    Some(r) => {
                        let s = event_sql::seat(&r.try_get::<String, _>("status")?)?;
                        Ok(s.is_active().then_some((s, r.try_get("seen_change")?)))
                    }
                    None => Ok(None),
                }
            }

            async fn attendees(&self, event: i64) -> StoreResult<Vec<$crate::store::events::AttendeeRow>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT r.user_id, u.name, u.email, u.locale, r.status, r.queued_at, r.seen_change, \
                     COALESCE(p.organisation, '') AS organisation, c.name AS city_name \
                     FROM registrations r JOIN users u ON u.id = r.user_id \
                     LEFT JOIN profiles p ON p.user_id = r.user_id LEFT JOIN cities c ON c.id = p.city_id \
                     WHERE r.event_id = $1 AND r.status <> 'cancelled' \
                     ORDER BY CASE r.status WHEN 'registered' THEN 0 ELSE 1 END, r.queued_at, r.id",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let locale: String = r.try_get("locale")?;
                        Ok($crate::store::events::AttendeeRow {
                            user_id: r.try_get("user_id")?,
                            name: r.try_get("name")?,
                            email: r.try_get("email")?,
                            locale: $crate::store::records::parse_locale(&locale),
                            seat: event_sql::seat(&r.try_get::<String, _>("status")?)?,
                            queued_at: r.try_get("queued_at")?,
                            seen_change: r.try_get("seen_change")?,
                            organisation: r.try_get("organisation")?,
                            city_name: r.try_get("city_name")?,
                        })
                    })
                    .collect()
            }

            async fn set_seen(&self, event: i64, user: UserId, change: i64) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE registrations SET seen_change = $3 WHERE event_id = $1 AND user_id = $2 AND seen_change < $3",
                )
                .bind(event)
                .bind(user.0)
                .bind(change)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn mark_session(&self, session: i64, user: UserId, on: bool) -> StoreResult<()> {
                let sql = if on {
                    "INSERT INTO session_marks (session_id, user_id) VALUES ($1, $2) ON CONFLICT (session_id, user_id) DO NOTHING"
                } else {
                    "DELETE FROM session_marks WHERE session_id = $1 AND user_id = $2"
                };
                sqlx::query(sql).bind(session).bind(user.0).execute(&self.pool).await?;
                Ok(())
            }

            async fn marked_sessions(&self, event: i64, user: UserId) -> StoreResult<Vec<i64>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT m.session_id FROM session_marks m JOIN event_sessions s ON s.id = m.session_id \
                     WHERE s.event_id = $1 AND m.user_id = $2",
                )
                .bind(event)
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok(r.try_get("session_id")?)).collect()
            }

            async fn changes_since(&self, event: i64, after: i64, limit: i64) -> StoreResult<Vec<$crate::store::events::ChangeRecord>> {
                let rows = sqlx::query(
                    "SELECT ch.id, ch.event_id, ch.at, u.name AS actor_name, ch.kind, ch.session_id, ch.detail \
                     FROM event_changes ch LEFT JOIN users u ON u.id = ch.actor_id \
                     WHERE ch.event_id = $1 AND ch.id > $2 ORDER BY ch.id LIMIT $3",
                )
                .bind(event)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(event_sql::change_from_row).collect()
            }

            async fn last_change(&self, event: i64) -> StoreResult<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS id FROM event_changes WHERE event_id = $1")
                    .bind(event)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(row.try_get("id")?)
            }

            async fn digest_due(&self, quiet_since: i64) -> StoreResult<Vec<(i64, i64)>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT event_id, MAX(id) AS last FROM event_changes WHERE mailed_at IS NULL AND matters = 1 \
                     GROUP BY event_id HAVING MAX(at) <= $1",
                )
                .bind(quiet_since)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok((r.try_get("event_id")?, r.try_get("last")?))).collect()
            }

            async fn claim_changes(&self, event: i64, up_to: i64, now: i64) -> StoreResult<Vec<$crate::store::events::ChangeRecord>> {
                let mut tx = self.write_tx().await?;
                let rows = sqlx::query(
                    "UPDATE event_changes SET mailed_at = $3 WHERE event_id = $1 AND id <= $2 AND mailed_at IS NULL \
                     AND matters = 1 RETURNING id, event_id, at, NULL AS actor_name, kind, session_id, detail",
                )
                .bind(event)
                .bind(up_to)
                .bind(now)
                .fetch_all(&mut *tx)
                .await?;
                tx.commit().await?;
                let mut out: Vec<_> = rows.iter().map(event_sql::change_from_row).collect::<StoreResult<_>>()?;
                out.sort_by_key(|c: &$crate::store::events::ChangeRecord| c.id);
                Ok(out)
            }

            async fn digest_recipients(&self, event: i64) -> StoreResult<Vec<$crate::store::events::DigestRecipient>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT r.user_id, u.email, u.name, u.locale, r.seen_change FROM registrations r \
                     JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 AND r.status <> 'cancelled' ORDER BY r.id",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                let marks = sqlx::query(
                    "SELECT m.user_id, m.session_id FROM session_marks m JOIN event_sessions s ON s.id = m.session_id \
                     WHERE s.event_id = $1",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                let mut marked: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
                for m in marks {
                    marked.entry(m.try_get("user_id")?).or_default().push(m.try_get("session_id")?);
                }
                rows.iter()
                    .map(|r| {
                        let user_id: i64 = r.try_get("user_id")?;
                        let locale: String = r.try_get("locale")?;
                        Ok($crate::store::events::DigestRecipient {
                            user_id,
                            email: r.try_get("email")?,
                            name: r.try_get("name")?,
                            locale: $crate::store::records::parse_locale(&locale),
                            seen_change: r.try_get("seen_change")?,
                            marked: marked.remove(&user_id).unwrap_or_default(),
                        })
                    })
                    .collect()
            }

            async fn set_calendar_feed(&self, user: UserId, token_hash: &str, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
                )
                .bind(user.0)
                .bind(token_hash)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn delete_calendar_feed(&self, user: UserId) -> StoreResult<()> {
                sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
                    .bind(user.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn has_calendar_feed(&self, user: UserId) -> StoreResult<bool> {
                Ok(sqlx::query("SELECT 1 FROM calendar_feeds WHERE user_id = $1")
                    .bind(user.0)
                    .fetch_optional(&self.pool)
                    .await?
                    .is_some())
            }

            async fn calendar_feed_user(&self, token_hash: &str) -> StoreResult<Option<UserId>> {
                use sqlx::Row;
                let row = sqlx::query("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get("user_id")).transpose()?.map(UserId))
            }

            async fn listen_changes(&self) -> StoreResult<Option<futures::stream::BoxStream<'static, (i64, i64)>>> {
                self.listen_impl().await
            }
        }
    };
}

pub(crate) use impl_attendance_store;
