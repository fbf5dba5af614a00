//! The agenda SQL both backends share, written once and compiled for each by
//! `impl_agenda_store!(Type, Db)` (expanded in `sqlite.rs` and `postgres.rs`,
//! after `impl_store!`, whose row readers it uses).

macro_rules! impl_agenda_store {
    ($Store:ty, $Db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::agenda::AgendaStore for $Store {

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
        }
    };
}

pub(crate) use impl_agenda_store;
