//! The calls SQL both backends share (calls, their texts, themes, rubric and
//! questions, reviewers, reviews, history), written once and compiled for
//! each by `impl_calls_store!(Type, Db)` in `sqlite.rs` and `postgres.rs`.

macro_rules! impl_calls_store {
    ($Store:ty, $Db:ty) => {
        impl $Store {
            async fn call_from_row(
                &self,
                r: &<$Db as sqlx::Database>::Row,
            ) -> StoreResult<$crate::store::calls::CallRecord> {
                use $crate::domain::call::{CallItem, CallStatus, CallTexts};
                use sqlx::Row;
                let id: i64 = r.try_get("id")?;
                let status: String = r.try_get("status")?;
                let language: String = r.try_get("language")?;
                let countries: String = r.try_get("countries")?;
                let texts = sqlx::query(
                    "SELECT locale, title, background, commitments, eligibility FROM call_texts \
                     WHERE call_id = $1 ORDER BY CASE locale WHEN 'en' THEN 0 WHEN 'fr' THEN 1 ELSE 2 END",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|t| {
                    let l: String = t.try_get("locale")?;
                    Ok((
                        Locale::from_code(&l).ok_or_else(|| StoreError::Corrupt(format!("locale {l:?}")))?,
                        CallTexts {
                            title: t.try_get("title")?,
                            background: t.try_get("background")?,
                            commitments: t.try_get("commitments")?,
                            eligibility: t.try_get("eligibility")?,
                        },
                    ))
                })
                .collect::<StoreResult<Vec<_>>>()?;
                let themes: Vec<String> =
                    sqlx::query_scalar("SELECT theme_id FROM call_themes WHERE call_id = $1 ORDER BY theme_id")
                        .bind(id)
                        .fetch_all(&self.pool)
                        .await?;
                let items = sqlx::query(
                    "SELECT id, kind, weight, required, text_en, text_fr, text_es FROM call_items \
                     WHERE call_id = $1 ORDER BY kind, position, id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let (mut criteria, mut criteria_ids, mut questions, mut question_ids) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                for it in &items {
                    let kind: String = it.try_get("kind")?;
                    let required: i64 = it.try_get("required")?;
                    let item = CallItem {
                        weight: it.try_get("weight")?,
                        required: required != 0,
                        text: [it.try_get("text_en")?, it.try_get("text_fr")?, it.try_get("text_es")?],
                    };
                    if kind == "criterion" {
                        criteria_ids.push(it.try_get("id")?);
                        criteria.push(item);
                    } else {
                        question_ids.push(it.try_get("id")?);
                        questions.push(item);
                    }
                }
                Ok($crate::store::calls::CallRecord {
                    id,
                    status: CallStatus::parse(&status)
                        .map_err(|_| StoreError::Corrupt(format!("call status {status:?}")))?,
                    announced_at: r.try_get("announced_at")?,
                    version: r.try_get("version")?,
                    created_at: r.try_get("created_at")?,
                    w: $crate::store::calls::CallWrite {
                        language: Locale::from_code(&language)
                            .ok_or_else(|| StoreError::Corrupt(format!("locale {language:?}")))?,
                        zone: r.try_get("zone")?,
                        opens_at: r.try_get("opens_at")?,
                        deadline_at: r.try_get("deadline_at")?,
                        countries: countries.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect(),
                        min_population: r.try_get("min_population")?,
                        themes,
                        texts,
                        criteria,
                        questions,
                    },
                    criteria_ids,
                    question_ids,
                })
            }

            /// Texts, themes and items of a call, replaced in `tx`. Items keep
            /// their ids by position, so scores given to criterion 2 stay with
            /// criterion 2 when its wording changes.
            async fn write_call_parts(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: i64,
                w: &$crate::store::calls::CallWrite,
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM call_texts WHERE call_id = $1").bind(id).execute(&mut **tx).await?;
                for (l, t) in &w.texts {
                    sqlx::query(
                        "INSERT INTO call_texts (call_id, locale, title, background, commitments, eligibility) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(l.code())
                    .bind(&t.title)
                    .bind(&t.background)
                    .bind(&t.commitments)
                    .bind(&t.eligibility)
                    .execute(&mut **tx)
                    .await?;
                }
                sqlx::query("DELETE FROM call_themes WHERE call_id = $1").bind(id).execute(&mut **tx).await?;
                for theme in &w.themes {
                    sqlx::query("INSERT INTO call_themes (call_id, theme_id) VALUES ($1, $2)")
                        .bind(id)
                        .bind(theme)
                        .execute(&mut **tx)
                        .await?;
                }
                for (kind, items) in [("criterion", &w.criteria), ("question", &w.questions)] {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT id FROM call_items WHERE call_id = $1 AND kind = $2 ORDER BY position, id",
                    )
                    .bind(id)
                    .bind(kind)
                    .fetch_all(&mut **tx)
                    .await?;
                    for (pos, it) in items.iter().enumerate() {
                        let [en, fr, es] = &it.text;
                        match ids.get(pos) {
                            Some(item_id) => {
                                sqlx::query(
                                    "UPDATE call_items SET position = $2, weight = $3, required = $4, \
                                     text_en = $5, text_fr = $6, text_es = $7 WHERE id = $1",
                                )
                                .bind(item_id)
                                .bind(pos as i64)
                                .bind(it.weight)
                                .bind(i64::from(it.required))
                                .bind(en)
                                .bind(fr)
                                .bind(es)
                                .execute(&mut **tx)
                                .await?;
                            }
                            None => {
                                sqlx::query(
                                    "INSERT INTO call_items (call_id, kind, position, weight, required, text_en, text_fr, text_es) \
                                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                )
                                .bind(id)
                                .bind(kind)
                                .bind(pos as i64)
                                .bind(it.weight)
                                .bind(i64::from(it.required))
                                .bind(en)
                                .bind(fr)
                                .bind(es)
                                .execute(&mut **tx)
                                .await?;
                            }
                        }
                    }
                    for extra in ids.iter().skip(items.len()) {
                        sqlx::query("DELETE FROM call_items WHERE id = $1").bind(extra).execute(&mut **tx).await?;
                    }
                }
                Ok(())
            }

            fn review_from_row(
                r: &<$Db as sqlx::Database>::Row,
            ) -> StoreResult<$crate::store::calls::ReviewRecord> {
                use sqlx::Row;
                let status: String = r.try_get("status")?;
                let scores: String = r.try_get("scores")?;
                Ok($crate::store::calls::ReviewRecord {
                    application_id: r.try_get("application_id")?,
                    reviewer_id: r.try_get("reviewer_id")?,
                    status: $crate::domain::call::ReviewStatus::parse(&status)
                        .map_err(|_| StoreError::Corrupt(format!("review status {status:?}")))?,
                    scores: serde_json::from_str(&scores)
                        .map_err(|e| StoreError::Corrupt(format!("review scores: {e}")))?,
                    comment: r.try_get("comment")?,
                    assigned_at: r.try_get("assigned_at")?,
                    submitted_at: r.try_get("submitted_at")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::calls::CallStore for $Store {
            async fn create_call(
                &self,
                w: &$crate::store::calls::CallWrite,
                by: UserId,
                now: i64,
            ) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO calls (language, zone, opens_at, deadline_at, countries, min_population, created_by, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                )
                .bind(w.language.code())
                .bind(&w.zone)
                .bind(w.opens_at)
                .bind(w.deadline_at)
                .bind(w.countries.join(","))
                .bind(w.min_population)
                .bind(by.0)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                Self::write_call_parts(&mut tx, id, w).await?;
                sqlx::query(
                    "INSERT INTO programme_history (call_id, actor_id, from_state, to_state, at) VALUES ($1, $2, '', 'draft', $3)",
                )
                .bind(id)
                .bind(by.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn update_call(
                &self,
                id: i64,
                version: i64,
                w: &$crate::store::calls::CallWrite,
                now: i64,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE calls SET language = $3, zone = $4, opens_at = $5, deadline_at = $6, countries = $7, \
                     min_population = $8, updated_at = $9, version = version + 1 WHERE id = $1 AND version = $2",
                )
                .bind(id)
                .bind(version)
                .bind(w.language.code())
                .bind(&w.zone)
                .bind(w.opens_at)
                .bind(w.deadline_at)
                .bind(w.countries.join(","))
                .bind(w.min_population)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done != 1 {
                    return Ok(false);
                }
                Self::write_call_parts(&mut tx, id, w).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn call(&self, id: i64) -> StoreResult<Option<$crate::store::calls::CallRecord>> {
                let row = sqlx::query("SELECT * FROM calls WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
                match row {
                    Some(r) => Ok(Some(self.call_from_row(&r).await?)),
                    None => Ok(None),
                }
            }

            async fn calls(&self) -> StoreResult<Vec<$crate::store::calls::CallRecord>> {
                let rows = sqlx::query("SELECT * FROM calls ORDER BY deadline_at DESC, id DESC")
                    .fetch_all(&self.pool)
                    .await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    out.push(self.call_from_row(r).await?);
                }
                Ok(out)
            }

            async fn set_call_status(
                &self,
                id: i64,
                t: &$crate::store::calls::Transition<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE calls SET status = $3, updated_at = $4, version = version + 1 WHERE id = $1 AND status = $2",
                )
                .bind(id)
                .bind(t.from)
                .bind(t.to)
                .bind(t.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done != 1 {
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO programme_history (call_id, actor_id, from_state, to_state, note, at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(t.actor.map(|u| u.0))
                .bind(t.from)
                .bind(t.to)
                .bind(t.note)
                .bind(t.now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn mark_announced(&self, id: i64, now: i64) -> StoreResult<()> {
                sqlx::query("UPDATE calls SET announced_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn history(&self, call_id: i64) -> StoreResult<Vec<$crate::store::calls::HistoryRecord>> {
                let rows = sqlx::query(
                    "SELECT id, call_id, application_id, actor_id, from_state, to_state, note, at \
                     FROM programme_history WHERE call_id = $1 ORDER BY at DESC, id DESC",
                )
                .bind(call_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok(sqlx::FromRow::from_row(r)?)).collect()
            }

            async fn call_reviewers(&self, call_id: i64) -> StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT user_id FROM call_reviewers WHERE call_id = $1 ORDER BY user_id")
                    .bind(call_id)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn add_call_reviewer(&self, call_id: i64, user: i64) -> StoreResult<()> {
                sqlx::query("INSERT INTO call_reviewers (call_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(call_id)
                    .bind(user)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn remove_call_reviewer(&self, call_id: i64, user: i64) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                sqlx::query("DELETE FROM call_reviewers WHERE call_id = $1 AND user_id = $2")
                    .bind(call_id)
                    .bind(user)
                    .execute(&mut *tx)
                    .await?;
                // assignments without a submitted review go with them
                sqlx::query(
                    "DELETE FROM reviews WHERE reviewer_id = $2 AND status = 'assigned' \
                     AND application_id IN (SELECT id FROM applications WHERE call_id = $1)",
                )
                .bind(call_id)
                .bind(user)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn assign_review(&self, application_id: i64, reviewer: i64, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO reviews (application_id, reviewer_id, assigned_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(application_id)
                .bind(reviewer)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn unassign_review(&self, application_id: i64, reviewer: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "DELETE FROM reviews WHERE application_id = $1 AND reviewer_id = $2 AND status <> 'submitted'",
                )
                .bind(application_id)
                .bind(reviewer)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done == 1)
            }

            async fn review(
                &self,
                application_id: i64,
                reviewer: i64,
            ) -> StoreResult<Option<$crate::store::calls::ReviewRecord>> {
                let row = sqlx::query("SELECT * FROM reviews WHERE application_id = $1 AND reviewer_id = $2")
                    .bind(application_id)
                    .bind(reviewer)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(Self::review_from_row).transpose()
            }

            async fn reviews_of_call(&self, call_id: i64) -> StoreResult<Vec<$crate::store::calls::ReviewRecord>> {
                let rows = sqlx::query(
                    "SELECT r.* FROM reviews r JOIN applications a ON a.id = r.application_id \
                     WHERE a.call_id = $1 ORDER BY r.application_id, r.reviewer_id",
                )
                .bind(call_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::review_from_row).collect()
            }

            async fn reviews_by(&self, reviewer: i64) -> StoreResult<Vec<$crate::store::calls::ReviewRecord>> {
                let rows = sqlx::query("SELECT * FROM reviews WHERE reviewer_id = $1 ORDER BY assigned_at DESC, application_id")
                    .bind(reviewer)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::review_from_row).collect()
            }

            async fn save_review(
                &self,
                application_id: i64,
                reviewer: i64,
                scores: &$crate::domain::call::Scores,
                comment: &str,
                status: $crate::domain::call::ReviewStatus,
                now: i64,
            ) -> StoreResult<bool> {
                let json = serde_json::to_string(scores).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let submitted = (status == $crate::domain::call::ReviewStatus::Submitted).then_some(now);
                let done = sqlx::query(
                    "UPDATE reviews SET scores = $3, comment = $4, status = $5, submitted_at = COALESCE($6, submitted_at) \
                     WHERE application_id = $1 AND reviewer_id = $2 AND status <> 'conflict'",
                )
                .bind(application_id)
                .bind(reviewer)
                .bind(json)
                .bind(comment)
                .bind(status.as_str())
                .bind(submitted)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done == 1)
            }

            async fn add_call_document(&self, d: &$crate::store::calls::CallDocument) -> StoreResult<i64> {
                use sqlx::Row;
                Ok(sqlx::query(
                    "INSERT INTO call_documents (call_id, language, country, title, name, stored_as, bytes, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(d.call_id)
                .bind(&d.language)
                .bind(&d.country)
                .bind(&d.title)
                .bind(&d.name)
                .bind(&d.stored_as)
                .bind(d.bytes)
                .bind(d.created_at)
                .fetch_one(&self.pool)
                .await?
                .try_get("id")?)
            }

            async fn call_documents(&self, call_id: i64) -> StoreResult<Vec<$crate::store::calls::CallDocument>> {
                let rows = sqlx::query(
                    "SELECT * FROM call_documents WHERE call_id = $1 \
                     ORDER BY CASE language WHEN 'en' THEN 0 WHEN 'fr' THEN 1 ELSE 2 END, country, title, id",
                )
                .bind(call_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok(sqlx::FromRow::from_row(r)?)).collect()
            }

            async fn remove_call_document(
                &self,
                call_id: i64,
                id: i64,
            ) -> StoreResult<Option<$crate::store::calls::CallDocument>> {
                let row = sqlx::query("DELETE FROM call_documents WHERE id = $1 AND call_id = $2 RETURNING *")
                    .bind(id)
                    .bind(call_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(|r| Ok(sqlx::FromRow::from_row(r)?)).transpose()
            }
        }
    };
}

pub(crate) use impl_calls_store;
