//! The ties SQL both backends share, written once and compiled for each by
//! `impl_ties_store!(Type, Db)` (expanded in `sqlite.rs` and `postgres.rs`,
//! after `impl_store!`, whose row readers it uses).

macro_rules! impl_ties_store {
    ($Store:ty, $Db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::ties::TieStore for $Store {

            async fn request_connection(
                &self,
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
                let existing = sqlx::query("SELECT id, to_id, status FROM connections WHERE lo = $1 AND hi = $2")
                    .bind(lo)
                    .bind(hi)
                    .fetch_optional(&mut *tx)
                    .await?;
                let out = match existing {
                    None => {
                        let row = sqlx::query(
                            "INSERT INTO connections (from_id, to_id, lo, hi, note, status, created_at) \
                             VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
                        )
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
                    Some(r) => {
                        let id: i64 = r.try_get("id")?;
                        let to_id: i64 = r.try_get("to_id")?;
                        let status: String = r.try_get("status")?;
                        match status.as_str() {
                            "pending" if to_id == from.0 => {
                                let done = sqlx::query(
                                    "UPDATE connections SET status = 'accepted', answered_at = $2 WHERE id = $1 AND status = 'pending'",
                                )
                                .bind(id)
                                .bind(now)
                                .execute(&mut *tx)
                                .await?
                                .rows_affected();
                                if done != 1 {
                                    // withdrawn or answered meanwhile: ask again
                                    return Err(StoreError::Duplicate);
                                }
                                Requested::AcceptedTheirs(id)
                            }
                            "pending" => Requested::Exists(RequestStatus::Pending),
                            "accepted" => Requested::Exists(RequestStatus::Accepted),
                            _ => Requested::Exists(RequestStatus::Declined),
                        }
                    }
                };
                tx.commit().await?;
                Ok(out)
            }

            async fn answer_connection(&self, id: i64, to: UserId, accept: bool, now: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE connections SET status = $3, answered_at = $4 WHERE id = $1 AND to_id = $2 AND status = 'pending'",
                )
                .bind(id)
                .bind(to.0)
                .bind(if accept { "accepted" } else { "declined" })
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done == 1)
            }

            async fn remove_connection(&self, id: i64, user: UserId) -> StoreResult<bool> {
                let done = sqlx::query(
                    "DELETE FROM connections WHERE id = $1 AND (from_id = $2 OR to_id = $2) AND status <> 'declined'",
                )
                .bind(id)
                .bind(user.0)
                .execute(&self.pool)
                .await?
                .rows_affected();
                if done == 1 {
                    return Ok(true);
                }
                // a declined request stays, so that it cannot be sent again;
                // the asker (who was never told) only stops seeing it
                let hidden = sqlx::query(
                    "UPDATE connections SET hidden_by_from = 1 WHERE id = $1 AND from_id = $2 AND status = 'declined'",
                )
                .bind(id)
                .bind(user.0)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(hidden == 1)
            }

            async fn connections_of(&self, user: i64) -> StoreResult<Vec<$crate::store::ties::ConnectionRecord>> {
                let rows = sqlx::query(
                    "SELECT id, from_id, to_id, note, status, created_at FROM connections \
                     WHERE to_id = $1 OR (from_id = $1 AND hidden_by_from = 0) ORDER BY created_at DESC, id DESC",
                )
                .bind(user)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| Ok(sqlx::FromRow::from_row(r)?))
                    .collect()
            }
        }
    };
}

pub(crate) use impl_ties_store;
