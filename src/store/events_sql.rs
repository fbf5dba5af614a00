//! The events SQL both backends share. `impl_event_store!(Type, Db)` needs
//! the backend's `write_tx`, `notify_tx` (tell other instances
//! about a committed change) and `listen_impl`.

macro_rules! impl_event_store {
    ($Store:ty, $Db:ty) => {
        mod event_sql {
            use super::*;
            use $crate::domain::event::{ChangeKind, EventStatus, Seat};
            use $crate::store::events::*;
            use sqlx::Row;

            pub(super) type Tx = sqlx::Transaction<'static, $Db>;
            type DbRow = <$Db as sqlx::Database>::Row;

            pub(super) const EVENT_COLUMNS: &str = "e.id, e.kind, e.format, e.status, e.language, e.langs_mask, e.description, \
                e.themes_mask, e.starts_at, e.ends_at, e.timezone, e.city_id, e.venue, e.capacity, e.reg_opens_at, \
                e.reg_closes_at, e.join_url, e.cover, e.version, e.updated_at";

            pub(super) fn status(raw: &str) -> StoreResult<EventStatus> {
                EventStatus::parse(raw).map_err(|_| StoreError::Corrupt(format!("event status {raw:?}")))
            }

            pub(super) fn seat(raw: &str) -> StoreResult<Seat> {
                Seat::parse(raw).ok_or_else(|| StoreError::Corrupt(format!("seat {raw:?}")))
            }

            pub(super) fn change_from_row(r: &DbRow) -> StoreResult<ChangeRecord> {
                let kind: String = r.try_get("kind")?;
                Ok(ChangeRecord {
                    id: r.try_get("id")?,
                    event_id: r.try_get("event_id")?,
                    at: r.try_get("at")?,
                    actor_name: r.try_get("actor_name")?,
                    kind: ChangeKind::parse(&kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("change kind {kind:?}")))?,
                    session_id: r.try_get("session_id")?,
                    detail: r.try_get("detail")?,
                })
            }

            pub(super) fn event_from_row(r: &DbRow) -> StoreResult<EventRecord> {
                let st: String = r.try_get("status")?;
                let language: String = r.try_get("language")?;
                Ok(EventRecord {
                    id: r.try_get("id")?,
                    w: EventWrite {
                        kind: r.try_get("kind")?,
                        format: r.try_get("format")?,
                        status: status(&st)?,
                        language: $crate::store::records::parse_locale(&language),
                        langs_mask: r.try_get("langs_mask")?,
                        texts: Vec::new(),
                        description: r.try_get("description")?,
                        themes_mask: r.try_get("themes_mask")?,
                        starts_at: r.try_get("starts_at")?,
                        ends_at: r.try_get("ends_at")?,
                        timezone: r.try_get("timezone")?,
                        city_id: r.try_get("city_id")?,
                        venue: r.try_get("venue")?,
                        capacity: r.try_get("capacity")?,
                        reg_opens_at: r.try_get("reg_opens_at")?,
                        reg_closes_at: r.try_get("reg_closes_at")?,
                        join_url: r.try_get("join_url")?,
                    },
                    cover: r.try_get("cover")?,
                    version: r.try_get("version")?,
                    updated_at: r.try_get("updated_at")?,
                    city_name: r.try_get("city_name")?,
                    country_name: r.try_get("country_name")?,
                    registered: r.try_get("registered")?,
                    waitlisted: r.try_get("waitlisted")?,
                })
            }

            pub(super) fn list_row(r: &DbRow) -> StoreResult<EventListRow> {
                let st: String = r.try_get("status")?;
                let language: String = r.try_get("language")?;
                Ok(EventListRow {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    format: r.try_get("format")?,
                    status: status(&st)?,
                    language: $crate::store::records::parse_locale(&language),
                    city_name: r.try_get("city_name")?,
                    starts_at: r.try_get("starts_at")?,
                    ends_at: r.try_get("ends_at")?,
                    timezone: r.try_get("timezone")?,
                    title: r.try_get("title")?,
                    summary: r.try_get("summary")?,
                    translated: r.try_get::<i64, _>("translated")? != 0,
                    cover: r.try_get("cover")?,
                })
            }

            /// A list's columns with the text in locale `$1`; add WHERE and ORDER.
            pub(super) const LIST_SELECT: &str = "SELECT e.id, e.kind, e.format, e.status, e.language, c.name AS city_name, \
                e.starts_at, e.ends_at, e.timezone, e.cover, COALESCE(t.title, o.title, '') AS title, \
                COALESCE(t.summary, o.summary, '') AS summary, CAST(CASE WHEN t.title IS NULL THEN 0 ELSE 1 END AS BIGINT) AS translated \
                FROM events e LEFT JOIN cities c ON c.id = e.city_id \
                LEFT JOIN event_texts t ON t.event_id = e.id AND t.locale = $1 \
                LEFT JOIN event_texts o ON o.event_id = e.id AND o.locale = e.language";

            pub(super) async fn insert_change(
                tx: &mut Tx,
                event: i64,
                actor: Option<i64>,
                c: &ChangeWrite,
                now: i64,
            ) -> StoreResult<i64> {
                let row = sqlx::query(
                    "INSERT INTO event_changes (event_id, at, actor_id, kind, session_id, detail, matters) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(event)
                .bind(now)
                .bind(actor)
                .bind(c.kind.as_str())
                .bind(c.session_id)
                .bind(&c.detail)
                .bind(i64::from(c.kind.matters()))
                .fetch_one(&mut **tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                <$Store>::notify_tx(tx, event, id).await?;
                Ok(id)
            }

            pub(super) async fn write_texts(
                tx: &mut Tx,
                event: i64,
                texts: &[($crate::domain::Locale, String, String)],
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM event_texts WHERE event_id = $1")
                    .bind(event)
                    .execute(&mut **tx)
                    .await?;
                for (locale, title, summary) in texts {
                    sqlx::query("INSERT INTO event_texts (event_id, locale, title, summary) VALUES ($1, $2, $3, $4)")
                        .bind(event)
                        .bind(locale.code())
                        .bind(title)
                        .bind(summary)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            /// Moves the head of the waitlist up while there are free seats.
            pub(super) async fn promote(tx: &mut Tx, event: i64, capacity: Option<i64>, now: i64) -> StoreResult<Vec<i64>> {
                let taken: i64 = sqlx::query(
                    "SELECT COUNT(*) AS n FROM registrations WHERE event_id = $1 AND status = 'registered'",
                )
                .bind(event)
                .fetch_one(&mut **tx)
                .await?
                .try_get("n")?;
                let waiting: Vec<i64> = sqlx::query(
                    "SELECT user_id FROM registrations WHERE event_id = $1 AND status = 'waitlisted' \
                     ORDER BY queued_at, id",
                )
                .bind(event)
                .fetch_all(&mut **tx)
                .await?
                .iter()
                .map(|r| r.try_get("user_id"))
                .collect::<Result<_, _>>()?;
                let n = $crate::domain::event::promotions(taken, capacity, waiting.len() as i64) as usize;
                let promoted: Vec<i64> = waiting.into_iter().take(n).collect();
                for u in &promoted {
                    sqlx::query(
                        "UPDATE registrations SET status = 'registered', updated_at = $3 WHERE event_id = $1 AND user_id = $2",
                    )
                    .bind(event)
                    .bind(u)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(promoted)
            }

            /// Takes the event's registration lock (a row write) and reads
            /// what the seat rules need.
            pub(super) async fn lock_seats(tx: &mut Tx, event: i64) -> StoreResult<Option<DbRow>> {
                sqlx::query(
                    "UPDATE events SET seats_seq = seats_seq + 1 WHERE id = $1 \
                     RETURNING status, capacity, ends_at, reg_opens_at, reg_closes_at",
                )
                .bind(event)
                .fetch_optional(&mut **tx)
                .await
                .map_err(StoreError::from)
            }

            pub(super) async fn exists(tx: &mut Tx, sql: &str, id: i64) -> StoreResult<bool> {
                Ok(sqlx::query(sql).bind(id).fetch_optional(&mut **tx).await?.is_some())
            }

            pub(super) fn session_from_row(r: &DbRow) -> StoreResult<SessionRecord> {
                let speakers: String = r.try_get("speakers")?;
                Ok(SessionRecord {
                    id: r.try_get("id")?,
                    event_id: r.try_get("event_id")?,
                    version: r.try_get("version")?,
                    w: SessionWrite {
                        starts_at: r.try_get("starts_at")?,
                        ends_at: r.try_get("ends_at")?,
                        title: r.try_get("title")?,
                        room: r.try_get("room")?,
                        description: r.try_get("description")?,
                        speakers: speakers.split(',').filter_map(|s| s.parse().ok()).collect(),
                    },
                })
            }

            pub(super) fn join_ids(ids: &[i64]) -> String {
                ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::events::EventStore for $Store {
            async fn insert_event(&self, w: &$crate::store::events::EventWrite, owner: UserId, now: i64) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "INSERT INTO events (kind, format, status, language, langs_mask, description, themes_mask, starts_at, \
                     ends_at, timezone, city_id, venue, capacity, reg_opens_at, reg_closes_at, join_url, created_by, \
                     created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id",
                )
                .bind(&w.kind)
                .bind(&w.format)
                .bind(w.status.as_str())
                .bind(w.language.code())
                .bind(w.langs_mask)
                .bind(&w.description)
                .bind(w.themes_mask)
                .bind(w.starts_at)
                .bind(w.ends_at)
                .bind(&w.timezone)
                .bind(w.city_id)
                .bind(&w.venue)
                .bind(w.capacity)
                .bind(w.reg_opens_at)
                .bind(w.reg_closes_at)
                .bind(&w.join_url)
                .bind(owner.0)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                event_sql::write_texts(&mut tx, id, &w.texts).await?;
                sqlx::query("INSERT INTO event_organizers (event_id, user_id, is_owner) VALUES ($1, $2, 1)")
                    .bind(id)
                    .bind(owner.0)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn event(&self, id: i64) -> StoreResult<Option<$crate::store::events::EventRecord>> {
                use sqlx::Row;
                let sql = format!(
                    "SELECT {}, c.name AS city_name, k.name AS country_name, \
                     (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'registered') AS registered, \
                     (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waitlisted \
                     FROM events e LEFT JOIN cities c ON c.id = e.city_id LEFT JOIN countries k ON k.code = c.country_code \
                     WHERE e.id = $1",
                    event_sql::EVENT_COLUMNS
                );
                let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await? else {
                    return Ok(None);
                };
                let mut e = event_sql::event_from_row(&row)?;
                let texts = sqlx::query("SELECT locale, title, summary FROM event_texts WHERE event_id = $1 ORDER BY locale")
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?;
                for t in texts {
                    let l: String = t.try_get("locale")?;
                    e.w.texts.push(($crate::store::records::parse_locale(&l), t.try_get("title")?, t.try_get("summary")?));
                }
                Ok(Some(e))
            }

            async fn update_event(
                &self,
                id: i64,
                version: i64,
                w: &$crate::store::events::EventWrite,
                actor: UserId,
                changes: &[$crate::store::events::ChangeWrite],
                now: i64,
            ) -> StoreResult<$crate::store::events::Saved> {
                use sqlx::Row;
                use $crate::store::events::Saved;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "UPDATE events SET kind = $3, format = $4, status = $5, language = $6, langs_mask = $7, description = $8, \
                     themes_mask = $9, starts_at = $10, ends_at = $11, timezone = $12, city_id = $13, venue = $14, \
                     capacity = $15, reg_opens_at = $16, reg_closes_at = $17, join_url = $18, updated_at = $19, \
                     version = version + 1 WHERE id = $1 AND version = $2 RETURNING version",
                )
                .bind(id)
                .bind(version)
                .bind(&w.kind)
                .bind(&w.format)
                .bind(w.status.as_str())
                .bind(w.language.code())
                .bind(w.langs_mask)
                .bind(&w.description)
                .bind(w.themes_mask)
                .bind(w.starts_at)
                .bind(w.ends_at)
                .bind(&w.timezone)
                .bind(w.city_id)
                .bind(&w.venue)
                .bind(w.capacity)
                .bind(w.reg_opens_at)
                .bind(w.reg_closes_at)
                .bind(&w.join_url)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    let found = event_sql::exists(&mut tx, "SELECT 1 FROM events WHERE id = $1", id).await?;
                    return Ok(if found { Saved::Stale } else { Saved::NotFound });
                };
                let new_version: i64 = row.try_get("version")?;
                event_sql::write_texts(&mut tx, id, &w.texts).await?;
                let mut change_id = None;
                for c in changes {
                    change_id = Some(event_sql::insert_change(&mut tx, id, Some(actor.0), c, now).await?);
                }
                let promoted = event_sql::promote(&mut tx, id, w.capacity, now).await?;
                tx.commit().await?;
                Ok(Saved::Done { id, version: new_version, change_id, promoted })
            }

            async fn set_cover(&self, id: i64, cover: Option<&str>, now: i64) -> StoreResult<()> {
                sqlx::query("UPDATE events SET cover = $2, updated_at = $3 WHERE id = $1")
                    .bind(id)
                    .bind(cover)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn list_events(
                &self,
                q: &$crate::store::events::EventQuery,
                locale: Locale,
            ) -> StoreResult<Vec<$crate::store::events::EventListRow>> {
                // LIST_SELECT's one placeholder is the reader's locale
                let (head, tail) = event_sql::LIST_SELECT.split_once("$1").unwrap_or((event_sql::LIST_SELECT, ""));
                let mut qb = sqlx::QueryBuilder::<$Db>::new(head);
                qb.push_bind(locale.code()).push(tail);
                qb.push(" WHERE e.status <> 'draft'");
                if q.past {
                    qb.push(" AND e.ends_at <= ").push_bind(q.now);
                } else {
                    qb.push(" AND e.ends_at > ").push_bind(q.now);
                }
                if let Some(k) = &q.kind {
                    qb.push(" AND e.kind = ").push_bind(k.clone());
                }
                if let Some(f) = &q.format {
                    qb.push(" AND e.format = ").push_bind(f.clone());
                }
                if let Some(b) = q.theme_bit {
                    qb.push(" AND (e.themes_mask & ").push_bind(1i64 << b).push(") <> 0");
                }
                if let Some(b) = q.lang_bit {
                    qb.push(" AND (e.langs_mask & ").push_bind(1i64 << b).push(") <> 0");
                }
                if let Some(c) = q.city_id {
                    qb.push(" AND e.city_id = ").push_bind(c);
                }
                if let Some((at, id)) = q.after {
                    let op = if q.past { "<" } else { ">" };
                    qb.push(format!(" AND (e.starts_at {op} ")).push_bind(at);
                    qb.push(" OR (e.starts_at = ").push_bind(at);
                    qb.push(format!(" AND e.id {op} ")).push_bind(id).push("))");
                }
                qb.push(if q.past {
                    " ORDER BY e.starts_at DESC, e.id DESC LIMIT "
                } else {
                    " ORDER BY e.starts_at, e.id LIMIT "
                })
                .push_bind(q.limit);
                let rows = qb.build().fetch_all(&self.pool).await?;
                rows.iter().map(event_sql::list_row).collect()
            }

            async fn organized_events(&self, user: UserId, locale: Locale) -> StoreResult<Vec<$crate::store::events::EventListRow>> {
                let sql = format!(
                    "{} JOIN event_organizers g ON g.event_id = e.id AND g.user_id = $2 ORDER BY e.starts_at DESC, e.id DESC LIMIT 200",
                    event_sql::LIST_SELECT
                );
                let rows = sqlx::query(&sql).bind(locale.code()).bind(user.0).fetch_all(&self.pool).await?;
                rows.iter().map(event_sql::list_row).collect()
            }

            async fn my_registrations(
                &self,
                user: UserId,
                locale: Locale,
            ) -> StoreResult<Vec<($crate::store::events::EventListRow, $crate::domain::event::Seat)>> {
                use sqlx::Row;
                let sql = format!(
                    "{} JOIN registrations r ON r.event_id = e.id AND r.user_id = $2 AND r.status <> 'cancelled' \
                     WHERE e.status <> 'draft' ORDER BY e.starts_at, e.id LIMIT 500",
                    event_sql::LIST_SELECT.replace("SELECT e.id,", "SELECT r.status AS seat, e.id,")
                );
                let rows = sqlx::query(&sql).bind(locale.code()).bind(user.0).fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        let s: String = r.try_get("seat")?;
                        Ok((event_sql::list_row(r)?, event_sql::seat(&s)?))
                    })
                    .collect()
            }

            async fn organizers(&self, event: i64) -> StoreResult<Vec<$crate::store::events::OrganizerRow>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT g.user_id, u.name, g.is_owner FROM event_organizers g JOIN users u ON u.id = g.user_id \
                     WHERE g.event_id = $1 ORDER BY g.is_owner DESC, u.name",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::events::OrganizerRow {
                            user_id: r.try_get("user_id")?,
                            name: r.try_get("name")?,
                            is_owner: r.try_get::<i64, _>("is_owner")? != 0,
                        })
                    })
                    .collect()
            }

            async fn is_organizer(&self, event: i64, user: UserId) -> StoreResult<bool> {
                Ok(sqlx::query("SELECT 1 FROM event_organizers WHERE event_id = $1 AND user_id = $2")
                    .bind(event)
                    .bind(user.0)
                    .fetch_optional(&self.pool)
                    .await?
                    .is_some())
            }

            async fn add_organizer(&self, event: i64, user: UserId) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO event_organizers (event_id, user_id, is_owner) VALUES ($1, $2, 0) \
                     ON CONFLICT (event_id, user_id) DO NOTHING",
                )
                .bind(event)
                .bind(user.0)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn remove_organizer(&self, event: i64, user: UserId) -> StoreResult<bool> {
                let done = sqlx::query("DELETE FROM event_organizers WHERE event_id = $1 AND user_id = $2 AND is_owner = 0")
                    .bind(event)
                    .bind(user.0)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn sessions(&self, event: i64) -> StoreResult<Vec<$crate::store::events::SessionRecord>> {
                let rows = sqlx::query(
                    "SELECT id, event_id, starts_at, ends_at, title, room, description, speakers, version \
                     FROM event_sessions WHERE event_id = $1 ORDER BY starts_at, room, id",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(event_sql::session_from_row).collect()
            }

            #[allow(clippy::too_many_arguments)]
            async fn save_session(
                &self,
                event: i64,
                session: i64,
                version: i64,
                w: &$crate::store::events::SessionWrite,
                actor: UserId,
                change: &$crate::store::events::ChangeWrite,
                now: i64,
            ) -> StoreResult<$crate::store::events::Saved> {
                use sqlx::Row;
                use $crate::store::events::Saved;
                let mut tx = self.write_tx().await?;
                let speakers = event_sql::join_ids(&w.speakers);
                let row = if session == 0 {
                    if !event_sql::exists(&mut tx, "SELECT 1 FROM events WHERE id = $1", event).await? {
                        return Ok(Saved::NotFound);
                    }
                    sqlx::query(
                        "INSERT INTO event_sessions (event_id, starts_at, ends_at, title, room, description, speakers) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, version",
                    )
                    .bind(event)
                    .bind(w.starts_at)
                    .bind(w.ends_at)
                    .bind(&w.title)
                    .bind(&w.room)
                    .bind(&w.description)
                    .bind(&speakers)
                    .fetch_optional(&mut *tx)
                    .await?
                } else {
                    sqlx::query(
                        "UPDATE event_sessions SET starts_at = $4, ends_at = $5, title = $6, room = $7, description = $8, \
                         speakers = $9, version = version + 1 WHERE id = $1 AND event_id = $2 AND version = $3 \
                         RETURNING id, version",
                    )
                    .bind(session)
                    .bind(event)
                    .bind(version)
                    .bind(w.starts_at)
                    .bind(w.ends_at)
                    .bind(&w.title)
                    .bind(&w.room)
                    .bind(&w.description)
                    .bind(&speakers)
                    .fetch_optional(&mut *tx)
                    .await?
                };
                let Some(row) = row else {
                    let found = sqlx::query("SELECT 1 FROM event_sessions WHERE id = $1 AND event_id = $2")
                        .bind(session)
                        .bind(event)
                        .fetch_optional(&mut *tx)
                        .await?
                        .is_some();
                    return Ok(if found { Saved::Stale } else { Saved::NotFound });
                };
                let id: i64 = row.try_get("id")?;
                let new_version: i64 = row.try_get("version")?;
                let mut c = change.clone();
                c.session_id = Some(id);
                let change_id = event_sql::insert_change(&mut tx, event, Some(actor.0), &c, now).await?;
                tx.commit().await?;
                Ok(Saved::Done { id, version: new_version, change_id: Some(change_id), promoted: Vec::new() })
            }

            async fn delete_agenda_session(
                &self,
                event: i64,
                session: i64,
                version: i64,
                actor: UserId,
                change: &$crate::store::events::ChangeWrite,
                now: i64,
            ) -> StoreResult<$crate::store::events::Saved> {
                use $crate::store::events::Saved;
                let mut tx = self.write_tx().await?;
                let done = sqlx::query("DELETE FROM event_sessions WHERE id = $1 AND event_id = $2 AND version = $3")
                    .bind(session)
                    .bind(event)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    let found = sqlx::query("SELECT 1 FROM event_sessions WHERE id = $1 AND event_id = $2")
                        .bind(session)
                        .bind(event)
                        .fetch_optional(&mut *tx)
                        .await?
                        .is_some();
                    return Ok(if found { Saved::Stale } else { Saved::NotFound });
                }
                let mut c = change.clone();
                c.session_id = Some(session);
                let change_id = event_sql::insert_change(&mut tx, event, Some(actor.0), &c, now).await?;
                tx.commit().await?;
                Ok(Saved::Done { id: session, version: 0, change_id: Some(change_id), promoted: Vec::new() })
            }

            async fn speakers(&self, event: i64) -> StoreResult<Vec<$crate::store::events::SpeakerRecord>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT s.id, s.event_id, s.user_id, COALESCE(NULLIF(s.name, ''), u.name, '') AS name, \
                     COALESCE(NULLIF(s.title, ''), NULLIF(p.job_title, ''), '') AS title, \
                     COALESCE(NULLIF(s.bio, ''), p.bio, '') AS bio, COALESCE(s.photo, p.photo) AS photo \
                     FROM event_speakers s LEFT JOIN users u ON u.id = s.user_id \
                     LEFT JOIN profiles p ON p.user_id = s.user_id \
                     WHERE s.event_id = $1 ORDER BY s.id",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::events::SpeakerRecord {
                            id: r.try_get("id")?,
                            event_id: r.try_get("event_id")?,
                            w: $crate::store::events::SpeakerWrite {
                                user_id: r.try_get("user_id")?,
                                name: r.try_get("name")?,
                                title: r.try_get("title")?,
                                bio: r.try_get("bio")?,
                            },
                            photo: r.try_get("photo")?,
                        })
                    })
                    .collect()
            }

            async fn add_speaker(
                &self,
                event: i64,
                w: &$crate::store::events::SpeakerWrite,
                actor: UserId,
                now: i64,
            ) -> StoreResult<(i64, i64)> {
                use sqlx::Row;
                use $crate::store::events::ChangeWrite;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "INSERT INTO event_speakers (event_id, user_id, name, title, bio) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(event)
                .bind(w.user_id)
                .bind(&w.name)
                .bind(&w.title)
                .bind(&w.bio)
                .fetch_one(&mut *tx)
                .await?;
                let id: i64 = row.try_get("id")?;
                let detail = serde_json::json!({ "name": w.name }).to_string();
                let change = ChangeWrite { kind: $crate::domain::event::ChangeKind::Speakers, session_id: None, detail };
                let change_id = event_sql::insert_change(&mut tx, event, Some(actor.0), &change, now).await?;
                tx.commit().await?;
                Ok((id, change_id))
            }

            async fn delete_speaker(&self, event: i64, speaker: i64, actor: UserId, now: i64) -> StoreResult<Option<i64>> {
                use $crate::store::events::ChangeWrite;
                let mut tx = self.write_tx().await?;
                let done = sqlx::query("DELETE FROM event_speakers WHERE id = $1 AND event_id = $2")
                    .bind(speaker)
                    .bind(event)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Ok(None);
                }
                let rows = sqlx::query(
                    "SELECT id, event_id, starts_at, ends_at, title, room, description, speakers, version \
                     FROM event_sessions WHERE event_id = $1",
                )
                .bind(event)
                .fetch_all(&mut *tx)
                .await?;
                for r in rows {
                    let s = event_sql::session_from_row(&r)?;
                    if s.w.speakers.contains(&speaker) {
                        let left: Vec<i64> = s.w.speakers.iter().copied().filter(|x| *x != speaker).collect();
                        sqlx::query("UPDATE event_sessions SET speakers = $2, version = version + 1 WHERE id = $1")
                            .bind(s.id)
                            .bind(event_sql::join_ids(&left))
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                let change = ChangeWrite {
                    kind: $crate::domain::event::ChangeKind::Speakers,
                    session_id: None,
                    detail: "{}".into(),
                };
                let change_id = event_sql::insert_change(&mut tx, event, Some(actor.0), &change, now).await?;
                tx.commit().await?;
                Ok(Some(change_id))
            }

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

pub(crate) use impl_event_store;
