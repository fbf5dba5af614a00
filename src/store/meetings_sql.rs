//! The C2C meetings SQL both backends share. `impl_meeting_store!(Type, Db)`
//! expands next to `impl_event_store!` (it records schedule runs on the
//! event's change log with `event_sql::insert_change`).

macro_rules! impl_meeting_store {
    ($Store:ty, $Db:ty) => {
        mod meeting_sql {
            use super::*;
            use $crate::domain::meeting::{RequestStatus, Unplaced};
            use $crate::store::meetings::*;
            use sqlx::Row;

            type DbRow = <$Db as sqlx::Database>::Row;

            pub(super) const REQUEST_COLUMNS: &str = "id, event_id, from_id, to_id, note, status, created_at, \
                answered_at, slot_id, table_no, reason";

            pub(super) fn request_from_row(r: &DbRow) -> StoreResult<RequestRecord> {
                let status: String = r.try_get("status")?;
                let reason: String = r.try_get("reason")?;
                Ok(RequestRecord {
                    id: r.try_get("id")?,
                    event_id: r.try_get("event_id")?,
                    from_id: r.try_get("from_id")?,
                    to_id: r.try_get("to_id")?,
                    note: r.try_get("note")?,
                    status: RequestStatus::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("meeting status {status:?}")))?,
                    created_at: r.try_get("created_at")?,
                    answered_at: r.try_get("answered_at")?,
                    slot_id: r.try_get("slot_id")?,
                    table_no: r.try_get("table_no")?,
                    reason: Unplaced::parse(&reason),
                })
            }

            /// A member's scheduled meetings, seen from `$1`.
            pub(super) const MET_SELECT: &str = "SELECT m.id AS request_id, m.event_id, \
                COALESCE(t.title, '') AS event_title, e.timezone, s.starts_at, s.ends_at, m.table_no, \
                u.id AS other_id, u.name AS other_name, e.venue, e.join_url, COALESCE(e.meetings_run_at, 0) AS run_at \
                FROM meeting_requests m JOIN meeting_slots s ON s.id = m.slot_id \
                JOIN events e ON e.id = m.event_id \
                LEFT JOIN event_texts t ON t.event_id = e.id AND t.locale = e.language \
                JOIN users u ON u.id = CASE WHEN m.from_id = $1 THEN m.to_id ELSE m.from_id END \
                WHERE m.status = 'accepted' AND (m.from_id = $1 OR m.to_id = $1) \
                AND e.status <> 'cancelled' \
                AND 2 = (SELECT COUNT(*) FROM registrations g WHERE g.event_id = m.event_id \
                    AND g.user_id IN (m.from_id, m.to_id) AND g.status = 'registered')";

            /// Tells scheduling runs that what they read has changed.
            pub(super) async fn bump<'c, E>(ex: E, event: i64) -> StoreResult<()>
            where
                E: sqlx::Executor<'c, Database = $Db>,
            {
                sqlx::query("UPDATE events SET meetings_rev = meetings_rev + 1 WHERE id = $1")
                    .bind(event)
                    .execute(ex)
                    .await?;
                Ok(())
            }

            pub(super) fn met_from_row(r: &DbRow) -> StoreResult<MetRecord> {
                Ok(MetRecord {
                    request_id: r.try_get("request_id")?,
                    event_id: r.try_get("event_id")?,
                    event_title: r.try_get("event_title")?,
                    timezone: r.try_get("timezone")?,
                    starts_at: r.try_get("starts_at")?,
                    ends_at: r.try_get("ends_at")?,
                    table_no: r.try_get("table_no")?,
                    other_id: r.try_get("other_id")?,
                    other_name: r.try_get("other_name")?,
                    venue: r.try_get("venue")?,
                    join_url: r.try_get("join_url")?,
                    run_at: r.try_get("run_at")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::meetings::MeetingStore for $Store {
            async fn meeting_slots(&self, event: i64) -> StoreResult<Vec<$crate::store::meetings::SlotRecord>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT id, starts_at, ends_at, tables FROM meeting_slots WHERE event_id = $1 ORDER BY starts_at, id",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::meetings::SlotRecord {
                            id: r.try_get("id")?,
                            starts_at: r.try_get("starts_at")?,
                            ends_at: r.try_get("ends_at")?,
                            tables: r.try_get("tables")?,
                        })
                    })
                    .collect()
            }

            async fn add_meeting_slots(&self, event: i64, spans: &[(i64, i64)], tables: i64) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                for (s, e) in spans {
                    sqlx::query("INSERT INTO meeting_slots (event_id, starts_at, ends_at, tables) VALUES ($1, $2, $3, $4)")
                        .bind(event)
                        .bind(*s)
                        .bind(*e)
                        .bind(tables)
                        .execute(&mut *tx)
                        .await?;
                }
                meeting_sql::bump(&mut *tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn delete_meeting_slot(&self, event: i64, slot: i64) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                sqlx::query("UPDATE meeting_requests SET slot_id = NULL, table_no = NULL WHERE slot_id = $1 AND event_id = $2")
                    .bind(slot)
                    .bind(event)
                    .execute(&mut *tx)
                    .await?;
                let done = sqlx::query("DELETE FROM meeting_slots WHERE id = $1 AND event_id = $2")
                    .bind(slot)
                    .bind(event)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    > 0;
                meeting_sql::bump(&mut *tx, event).await?;
                tx.commit().await?;
                Ok(done)
            }

            async fn meeting_participants(&self, event: i64) -> StoreResult<Vec<i64>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT user_id FROM registrations WHERE event_id = $1 AND status = 'registered' ORDER BY queued_at, id",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok(r.try_get("user_id")?)).collect()
            }

            async fn statements(&self, event: i64) -> StoreResult<Vec<$crate::store::meetings::StatementRecord>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT user_id, offer_mask, seek_mask, offer, seek FROM meeting_profiles WHERE event_id = $1",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::meetings::StatementRecord {
                            user_id: r.try_get("user_id")?,
                            offer_mask: r.try_get("offer_mask")?,
                            seek_mask: r.try_get("seek_mask")?,
                            offer: r.try_get("offer")?,
                            seek: r.try_get("seek")?,
                        })
                    })
                    .collect()
            }

            async fn save_statement(&self, event: i64, s: &$crate::store::meetings::StatementRecord, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO meeting_profiles (event_id, user_id, offer_mask, seek_mask, offer, seek, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id, user_id) DO UPDATE SET \
                     offer_mask = excluded.offer_mask, seek_mask = excluded.seek_mask, offer = excluded.offer, \
                     seek = excluded.seek, updated_at = excluded.updated_at",
                )
                .bind(event)
                .bind(s.user_id)
                .bind(s.offer_mask)
                .bind(s.seek_mask)
                .bind(&s.offer)
                .bind(&s.seek)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn busy_slots(&self, event: i64) -> StoreResult<Vec<(i64, i64)>> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT b.user_id, b.slot_id FROM meeting_busy b JOIN meeting_slots s ON s.id = b.slot_id \
                     WHERE s.event_id = $1",
                )
                .bind(event)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok((r.try_get("user_id")?, r.try_get("slot_id")?))).collect()
            }

            async fn set_busy(&self, event: i64, user: UserId, slots: &[i64]) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                sqlx::query(
                    "DELETE FROM meeting_busy WHERE user_id = $1 AND slot_id IN (SELECT id FROM meeting_slots WHERE event_id = $2)",
                )
                .bind(user.0)
                .bind(event)
                .execute(&mut *tx)
                .await?;
                for s in slots {
                    sqlx::query(
                        "INSERT INTO meeting_busy (slot_id, user_id) SELECT id, $2 FROM meeting_slots WHERE id = $1 AND event_id = $3",
                    )
                    .bind(*s)
                    .bind(user.0)
                    .bind(event)
                    .execute(&mut *tx)
                    .await?;
                }
                meeting_sql::bump(&mut *tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn meeting_requests(&self, event: i64) -> StoreResult<Vec<$crate::store::meetings::RequestRecord>> {
                let sql = format!(
                    "SELECT {} FROM meeting_requests WHERE event_id = $1 ORDER BY id",
                    meeting_sql::REQUEST_COLUMNS
                );
                let rows = sqlx::query(&sql).bind(event).fetch_all(&self.pool).await?;
                rows.iter().map(meeting_sql::request_from_row).collect()
            }

            async fn meeting_request(&self, id: i64) -> StoreResult<Option<$crate::store::meetings::RequestRecord>> {
                let sql = format!("SELECT {} FROM meeting_requests WHERE id = $1", meeting_sql::REQUEST_COLUMNS);
                let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(meeting_sql::request_from_row).transpose()
            }

            async fn request_meeting(
                &self,
                event: i64,
                from: UserId,
                to: i64,
                note: &str,
                now: i64,
            ) -> StoreResult<$crate::store::meetings::Requested> {
                use $crate::domain::meeting::RequestStatus;
                use $crate::store::meetings::Requested;
                use sqlx::Row;
                let (lo, hi) = (from.0.min(to), from.0.max(to));
                let mut tx = self.write_tx().await?;
                let sql = format!(
                    "SELECT {} FROM meeting_requests WHERE event_id = $1 AND lo = $2 AND hi = $3",
                    meeting_sql::REQUEST_COLUMNS
                );
                let existing = sqlx::query(&sql)
                    .bind(event)
                    .bind(lo)
                    .bind(hi)
                    .fetch_optional(&mut *tx)
                    .await?
                    .as_ref()
                    .map(meeting_sql::request_from_row)
                    .transpose()?;
                let out = match existing {
                    None => {
                        let row = sqlx::query(
                            "INSERT INTO meeting_requests (event_id, from_id, to_id, lo, hi, note, status, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING id",
                        )
                        .bind(event)
                        .bind(from.0)
                        .bind(to)
                        .bind(lo)
                        .bind(hi)
                        .bind(note)
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await?;
                        Requested::Created(row.try_get("id")?)
                    }
                    Some(r) if r.status == RequestStatus::Pending && r.to_id == from.0 => {
                        let done = sqlx::query(
                            "UPDATE meeting_requests SET status = 'accepted', answered_at = $2 WHERE id = $1 AND status = 'pending'",
                        )
                        .bind(r.id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if done != 1 {
                            // they called it off meanwhile: ask again
                            return Err(StoreError::Duplicate);
                        }
                        Requested::AcceptedTheirs(r.id)
                    }
                    Some(r) if r.status == RequestStatus::Cancelled => {
                        sqlx::query(
                            "UPDATE meeting_requests SET from_id = $2, to_id = $3, note = $4, status = 'pending', \
                             created_at = $5, answered_at = NULL, slot_id = NULL, table_no = NULL, reason = '' \
                             WHERE id = $1",
                        )
                        .bind(r.id)
                        .bind(from.0)
                        .bind(to)
                        .bind(note)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                        Requested::Created(r.id)
                    }
                    Some(r) => Requested::Exists(r.status),
                };
                meeting_sql::bump(&mut *tx, event).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn answer_meeting(&self, id: i64, to: UserId, accept: bool, now: i64) -> StoreResult<bool> {
                let status = if accept { "accepted" } else { "declined" };
                let done = sqlx::query(
                    "UPDATE meeting_requests SET status = $3, answered_at = $4 WHERE id = $1 AND to_id = $2 AND status = 'pending'",
                )
                .bind(id)
                .bind(to.0)
                .bind(status)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                if done == 1 {
                    sqlx::query(
                        "UPDATE events SET meetings_rev = meetings_rev + 1 WHERE id = (SELECT event_id FROM meeting_requests WHERE id = $1)",
                    )
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                }
                Ok(done == 1)
            }

            async fn cancel_meeting(&self, id: i64, user: UserId, now: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE meeting_requests SET status = 'cancelled', answered_at = $3, slot_id = NULL, table_no = NULL, \
                     reason = '' WHERE id = $1 AND (from_id = $2 OR to_id = $2) AND status IN ('pending', 'accepted')",
                )
                .bind(id)
                .bind(user.0)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                if done == 1 {
                    sqlx::query(
                        "UPDATE events SET meetings_rev = meetings_rev + 1 WHERE id = (SELECT event_id FROM meeting_requests WHERE id = $1)",
                    )
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                }
                Ok(done == 1)
            }

            async fn meetings_rev(&self, event: i64) -> StoreResult<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT meetings_rev FROM events WHERE id = $1")
                    .bind(event)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(match row {
                    Some(r) => r.try_get("meetings_rev")?,
                    None => 0,
                })
            }

            async fn apply_schedule(
                &self,
                event: i64,
                rev: i64,
                placements: &[$crate::domain::meeting::Placement],
                actor: UserId,
                now: i64,
            ) -> StoreResult<Option<i64>> {
                let mut tx = self.write_tx().await?;
                // first, so that a concurrent run waits here on PostgreSQL
                // (the row lock) and finds the counter moved
                let current = sqlx::query(
                    "UPDATE events SET meetings_rev = meetings_rev + 1, meetings_run_at = $3 WHERE id = $1 AND meetings_rev = $2",
                )
                .bind(event)
                .bind(rev)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if current != 1 {
                    return Ok(None);
                }
                for p in placements {
                    sqlx::query(
                        "UPDATE meeting_requests SET slot_id = $3, table_no = $4, reason = $5 \
                         WHERE id = $1 AND event_id = $2 AND status = 'accepted'",
                    )
                    .bind(p.request)
                    .bind(event)
                    .bind(p.placed.map(|x| x.0))
                    .bind(p.placed.map(|x| x.1))
                    .bind(p.reason.map(|r| r.as_str()).unwrap_or(""))
                    .execute(&mut *tx)
                    .await?;
                }
                let change = $crate::store::events::ChangeWrite {
                    kind: $crate::domain::event::ChangeKind::Meetings,
                    session_id: None,
                    detail: "{}".into(),
                };
                let id = event_sql::insert_change(&mut tx, event, Some(actor.0), &change, now).await?;
                tx.commit().await?;
                Ok(Some(id))
            }

            async fn meetings_run_at(&self, event: i64) -> StoreResult<Option<i64>> {
                use sqlx::Row;
                let row = sqlx::query("SELECT meetings_run_at FROM events WHERE id = $1")
                    .bind(event)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(match row {
                    Some(r) => r.try_get("meetings_run_at")?,
                    None => None,
                })
            }

            async fn meeting_notes(&self, requests: &[i64]) -> StoreResult<Vec<$crate::store::meetings::NoteRecord>> {
                use sqlx::Row;
                if requests.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT request_id, user_id, outcome, next_steps, remind_on, updated_at FROM meeting_notes WHERE request_id IN (",
                );
                let mut sep = qb.separated(", ");
                for id in requests {
                    sep.push_bind(*id);
                }
                qb.push(") ORDER BY request_id, user_id");
                let rows = qb.build().fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::meetings::NoteRecord {
                            request_id: r.try_get("request_id")?,
                            user_id: r.try_get("user_id")?,
                            outcome: r.try_get("outcome")?,
                            next_steps: r.try_get("next_steps")?,
                            remind_on: r.try_get("remind_on")?,
                            updated_at: r.try_get("updated_at")?,
                        })
                    })
                    .collect()
            }

            async fn save_meeting_note(&self, n: &$crate::store::meetings::NoteRecord) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO meeting_notes (request_id, user_id, outcome, next_steps, remind_on, reminded, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (request_id, user_id) DO UPDATE SET \
                     outcome = excluded.outcome, next_steps = excluded.next_steps, remind_on = excluded.remind_on, \
                     reminded = CASE WHEN meeting_notes.remind_on IS NOT DISTINCT FROM excluded.remind_on \
                     THEN meeting_notes.reminded ELSE 0 END, updated_at = excluded.updated_at",
                )
                .bind(n.request_id)
                .bind(n.user_id)
                .bind(&n.outcome)
                .bind(&n.next_steps)
                .bind(&n.remind_on)
                .bind(n.updated_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn my_meetings(&self, user: UserId, with: Option<i64>) -> StoreResult<Vec<$crate::store::meetings::MetRecord>> {
                let sql = match with {
                    Some(_) => format!("{} AND u.id = $2 ORDER BY s.starts_at, m.id", meeting_sql::MET_SELECT),
                    None => format!("{} ORDER BY s.starts_at, m.id", meeting_sql::MET_SELECT),
                };
                let mut q = sqlx::query(&sql).bind(user.0);
                if let Some(w) = with {
                    q = q.bind(w);
                }
                let rows = q.fetch_all(&self.pool).await?;
                rows.iter().map(meeting_sql::met_from_row).collect()
            }

            async fn claim_reminders(&self, today: &str) -> StoreResult<Vec<$crate::store::meetings::ReminderRecord>> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let rows = sqlx::query(
                    "UPDATE meeting_notes SET reminded = 1 WHERE reminded = 0 AND remind_on IS NOT NULL AND remind_on <= $1 \
                     AND request_id IN (SELECT id FROM meeting_requests WHERE status = 'accepted') \
                     RETURNING request_id, user_id, next_steps",
                )
                .bind(today)
                .fetch_all(&mut *tx)
                .await?;
                let mut out = Vec::new();
                for r in &rows {
                    let request_id: i64 = r.try_get("request_id")?;
                    let user_id: i64 = r.try_get("user_id")?;
                    let who = sqlx::query(
                        "SELECT u.email, u.name, u.locale, o.name AS other_name, m.event_id FROM meeting_requests m \
                         JOIN users u ON u.id = $2 \
                         JOIN users o ON o.id = CASE WHEN m.from_id = $2 THEN m.to_id ELSE m.from_id END \
                         WHERE m.id = $1",
                    )
                    .bind(request_id)
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some(w) = who {
                        let locale: String = w.try_get("locale")?;
                        out.push($crate::store::meetings::ReminderRecord {
                            request_id,
                            user_id,
                            email: w.try_get("email")?,
                            name: w.try_get("name")?,
                            locale: $crate::store::records::parse_locale(&locale),
                            other_name: w.try_get("other_name")?,
                            next_steps: r.try_get("next_steps")?,
                            event_id: w.try_get("event_id")?,
                        });
                    }
                }
                tx.commit().await?;
                Ok(out)
            }

            async fn release_reminder(&self, request: i64, user: i64) -> StoreResult<()> {
                sqlx::query("UPDATE meeting_notes SET reminded = 0 WHERE request_id = $1 AND user_id = $2")
                    .bind(request)
                    .bind(user)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_meeting_store;
