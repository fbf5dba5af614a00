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

            pub(super) fn kind(raw: &str) -> StoreResult<$crate::domain::event::EventKind> {
                $crate::domain::event::EventKind::parse(raw).map_err(|_| StoreError::Corrupt(format!("event kind {raw:?}")))
            }

            pub(super) fn format(raw: &str) -> StoreResult<$crate::domain::event::EventFormat> {
                $crate::domain::event::EventFormat::parse(raw).map_err(|_| StoreError::Corrupt(format!("event format {raw:?}")))
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
                        kind: kind(&r.try_get::<String, _>("kind")?)?,
                        format: format(&r.try_get::<String, _>("format")?)?,
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
                    kind: kind(&r.try_get::<String, _>("kind")?)?,
                    format: format(&r.try_get::<String, _>("format")?)?,
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
                .bind(w.kind.as_str())
                .bind(w.format.as_str())
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
                .bind(w.kind.as_str())
                .bind(w.format.as_str())
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
                    qb.push(" AND e.kind = ").push_bind(k.as_str());
                }
                if let Some(f) = &q.format {
                    qb.push(" AND e.format = ").push_bind(f.as_str());
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

            async fn create_event(&self, e: &NewEvent) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "INSERT INTO events (kind, language, city_id, starts_at, ends_at, timezone, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(e.kind.as_str())
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
                            kind: event_sql::kind(&r.try_get::<String, _>("kind")?)?,
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

pub(crate) use impl_event_store;
