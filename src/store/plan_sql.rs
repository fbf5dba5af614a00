//! The U-CAP SQL both backends share (objectives, actions, indicators,
//! submitted versions, progress reports), compiled for each by
//! `impl_plan_store!(Type, Db)`. Any change to the plan's content makes an
//! approved or returned plan a draft again.

macro_rules! impl_plan_store {
    ($Store:ty, $Db:ty) => {
        impl $Store {
            /// A change to the plan's content: an approved or returned plan
            /// becomes a draft (a submitted one cannot change, see callers).
            async fn plan_touched(tx: &mut sqlx::Transaction<'static, $Db>, pairing: i64, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE pairings SET plan_status = 'draft', updated_at = $2 WHERE id = $1 AND plan_status IN ('approved', 'returned')",
                )
                .bind(pairing)
                .bind(now)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn plan_editable(tx: &mut sqlx::Transaction<'static, $Db>, pairing: i64) -> StoreResult<bool> {
                let s: Option<String> = sqlx::query_scalar("SELECT plan_status FROM pairings WHERE id = $1")
                    .bind(pairing)
                    .fetch_optional(&mut **tx)
                    .await?;
                Ok(s.is_some_and(|s| s != "submitted"))
            }

            async fn write_indicators(
                tx: &mut sqlx::Transaction<'static, $Db>,
                action: i64,
                a: &$crate::domain::pairing::plan::ActionDraft,
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM plan_indicators WHERE action_id = $1").bind(action).execute(&mut **tx).await?;
                for (i, ind) in a.indicators.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO plan_indicators (action_id, name, unit, baseline, target, current, measured_on, position) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(action)
                    .bind(&ind.name)
                    .bind(&ind.unit)
                    .bind(ind.baseline)
                    .bind(ind.target)
                    .bind(ind.current)
                    .bind(ind.measured_on.map(|d| d.to_string()))
                    .bind(i as i64)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::pairings::PlanStore for $Store {
            async fn objectives(&self, pairing: i64) -> StoreResult<Vec<$crate::store::pairings::ObjectiveRecord>> {
                use sqlx::Row;
                sqlx::query("SELECT id, title, weight FROM plan_objectives WHERE pairing_id = $1 ORDER BY position, id")
                    .bind(pairing)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        Ok($crate::store::pairings::ObjectiveRecord {
                            id: r.try_get("id")?,
                            title: r.try_get("title")?,
                            weight: r.try_get("weight")?,
                        })
                    })
                    .collect()
            }

            async fn save_objective(
                &self,
                pairing: i64,
                objective: i64,
                title: &str,
                weight: i64,
                now: i64,
            ) -> StoreResult<Option<i64>> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                if !Self::plan_editable(&mut tx, pairing).await? {
                    return Ok(None);
                }
                let id = if objective == 0 {
                    let id: i64 = sqlx::query(
                        "INSERT INTO plan_objectives (pairing_id, title, weight, position) \
                         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM plan_objectives WHERE pairing_id = $1)) RETURNING id",
                    )
                    .bind(pairing)
                    .bind(title)
                    .bind(weight)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?;
                    Some(id)
                } else {
                    let n = sqlx::query("UPDATE plan_objectives SET title = $3, weight = $4 WHERE pairing_id = $1 AND id = $2")
                        .bind(pairing)
                        .bind(objective)
                        .bind(title)
                        .bind(weight)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    (n == 1).then_some(objective)
                };
                if id.is_some() {
                    Self::plan_touched(&mut tx, pairing, now).await?;
                    tx.commit().await?;
                }
                Ok(id)
            }

            async fn delete_objective(&self, pairing: i64, objective: i64, now: i64) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                if !Self::plan_editable(&mut tx, pairing).await? {
                    return Ok(false);
                }
                let n = sqlx::query("DELETE FROM plan_objectives WHERE pairing_id = $1 AND id = $2")
                    .bind(pairing)
                    .bind(objective)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 1 {
                    Self::plan_touched(&mut tx, pairing, now).await?;
                    tx.commit().await?;
                }
                Ok(n == 1)
            }

            async fn actions(&self, pairing: i64) -> StoreResult<Vec<$crate::store::pairings::ActionRecord>> {
                use $crate::domain::pairing::plan::{ActionDraft, ActionStatus, Indicator};
                use $crate::domain::pairing::Day;
                use sqlx::Row;
                let day = |raw: Option<String>| raw.and_then(|s| Day::parse("day", &s).ok());
                let mut indicators: std::collections::HashMap<i64, Vec<Indicator>> = Default::default();
                for r in sqlx::query(
                    "SELECT i.* FROM plan_indicators i JOIN plan_actions a ON a.id = i.action_id \
                     WHERE a.pairing_id = $1 ORDER BY i.action_id, i.position",
                )
                .bind(pairing)
                .fetch_all(&self.pool)
                .await?
                {
                    indicators.entry(r.try_get("action_id")?).or_default().push(Indicator {
                        name: r.try_get("name")?,
                        unit: r.try_get("unit")?,
                        baseline: r.try_get("baseline")?,
                        target: r.try_get("target")?,
                        current: r.try_get("current")?,
                        measured_on: day(r.try_get("measured_on")?),
                    });
                }
                sqlx::query(
                    "SELECT a.* FROM plan_actions a JOIN plan_objectives o ON o.id = a.objective_id \
                     WHERE a.pairing_id = $1 ORDER BY o.position, a.parent_id IS NOT NULL, a.id",
                )
                .bind(pairing)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    let id: i64 = r.try_get("id")?;
                    let status: String = r.try_get("status")?;
                    let texts: String = r.try_get("texts")?;
                    Ok($crate::store::pairings::ActionRecord {
                        id,
                        d: ActionDraft {
                            objective_id: r.try_get("objective_id")?,
                            parent_id: r.try_get("parent_id")?,
                            texts: serde_json::from_str(&texts).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                            lead_city_id: r.try_get("lead_city_id")?,
                            department: r.try_get("department")?,
                            partners: r.try_get("partners")?,
                            sdgs: r.try_get("sdgs")?,
                            frameworks: r.try_get("frameworks")?,
                            budget_amount: r.try_get("budget_amount")?,
                            budget_currency: r.try_get("budget_currency")?,
                            budget_source: r.try_get("budget_source")?,
                            starts_on: day(r.try_get("starts_on")?),
                            ends_on: day(r.try_get("ends_on")?),
                            status: ActionStatus::parse(&status)
                                .map_err(|_| StoreError::Corrupt(format!("action status {status:?}")))?,
                            progress: r.try_get("progress")?,
                            weight: r.try_get("weight")?,
                            public: r.try_get::<i64, _>("public")? != 0,
                            indicators: indicators.remove(&id).unwrap_or_default(),
                        },
                        staff_comment: r.try_get("staff_comment")?,
                        version: r.try_get("version")?,
                        updated_at: r.try_get("updated_at")?,
                    })
                })
                .collect()
            }

            async fn create_action(
                &self,
                pairing: i64,
                a: &$crate::domain::pairing::plan::ActionDraft,
                by: $crate::domain::UserId,
                now: i64,
            ) -> StoreResult<i64> {
                use sqlx::Row;
                let texts = serde_json::to_string(&a.texts).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let mut tx = self.write_tx().await?;
                if !Self::plan_editable(&mut tx, pairing).await? {
                    return Ok(0);
                }
                let id: i64 = sqlx::query(
                    "INSERT INTO plan_actions (pairing_id, objective_id, parent_id, texts, lead_city_id, department, partners, \
                     sdgs, frameworks, budget_amount, budget_currency, budget_source, starts_on, ends_on, status, progress, \
                     weight, public, updated_by, updated_at) \
                     SELECT $1, o.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20 \
                     FROM plan_objectives o WHERE o.id = $2 AND o.pairing_id = $1 RETURNING id",
                )
                .bind(pairing)
                .bind(a.objective_id)
                .bind(a.parent_id)
                .bind(texts)
                .bind(a.lead_city_id)
                .bind(&a.department)
                .bind(&a.partners)
                .bind(a.sdgs)
                .bind(a.frameworks)
                .bind(a.budget_amount)
                .bind(&a.budget_currency)
                .bind(&a.budget_source)
                .bind(a.starts_on.map(|d| d.to_string()))
                .bind(a.ends_on.map(|d| d.to_string()))
                .bind(a.status.as_str())
                .bind(a.progress)
                .bind(a.weight)
                .bind(i64::from(a.public))
                .bind(by.0)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("id"))
                .transpose()?
                .unwrap_or(0);
                if id == 0 {
                    return Ok(0);
                }
                Self::write_indicators(&mut tx, id, a).await?;
                Self::plan_touched(&mut tx, pairing, now).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn update_action(
                &self,
                pairing: i64,
                action: i64,
                version: i64,
                a: &$crate::domain::pairing::plan::ActionDraft,
                by: $crate::domain::UserId,
                now: i64,
            ) -> StoreResult<bool> {
                let texts = serde_json::to_string(&a.texts).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let mut tx = self.write_tx().await?;
                if !Self::plan_editable(&mut tx, pairing).await? {
                    return Ok(false);
                }
                let n = sqlx::query(
                    "UPDATE plan_actions SET objective_id = $4, texts = $5, lead_city_id = $6, department = $7, partners = $8, \
                     sdgs = $9, frameworks = $10, budget_amount = $11, budget_currency = $12, budget_source = $13, \
                     starts_on = $14, ends_on = $15, status = $16, progress = $17, weight = $18, public = $19, \
                     updated_by = $20, updated_at = $21, version = version + 1 \
                     WHERE pairing_id = $1 AND id = $2 AND version = $3 \
                     AND EXISTS (SELECT 1 FROM plan_objectives o WHERE o.id = $4 AND o.pairing_id = $1)",
                )
                .bind(pairing)
                .bind(action)
                .bind(version)
                .bind(a.objective_id)
                .bind(texts)
                .bind(a.lead_city_id)
                .bind(&a.department)
                .bind(&a.partners)
                .bind(a.sdgs)
                .bind(a.frameworks)
                .bind(a.budget_amount)
                .bind(&a.budget_currency)
                .bind(&a.budget_source)
                .bind(a.starts_on.map(|d| d.to_string()))
                .bind(a.ends_on.map(|d| d.to_string()))
                .bind(a.status.as_str())
                .bind(a.progress)
                .bind(a.weight)
                .bind(i64::from(a.public))
                .bind(by.0)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Ok(false);
                }
                Self::write_indicators(&mut tx, action, a).await?;
                Self::plan_touched(&mut tx, pairing, now).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn delete_action(&self, pairing: i64, action: i64, now: i64) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                if !Self::plan_editable(&mut tx, pairing).await? {
                    return Ok(false);
                }
                let n = sqlx::query("DELETE FROM plan_actions WHERE pairing_id = $1 AND id = $2")
                    .bind(pairing)
                    .bind(action)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 1 {
                    Self::plan_touched(&mut tx, pairing, now).await?;
                    tx.commit().await?;
                }
                Ok(n == 1)
            }

            async fn set_action_comment(&self, pairing: i64, action: i64, comment: &str) -> StoreResult<bool> {
                Ok(sqlx::query("UPDATE plan_actions SET staff_comment = $3 WHERE pairing_id = $1 AND id = $2")
                    .bind(pairing)
                    .bind(action)
                    .bind(comment)
                    .execute(&self.pool)
                    .await?
                    .rows_affected()
                    == 1)
            }

            async fn action_facts(&self) -> StoreResult<Vec<$crate::store::pairings::ActionFact>> {
                use sqlx::Row;
                sqlx::query(
                    "SELECT a.pairing_id, a.objective_id, o.weight AS objective_weight, a.weight, a.progress, a.sdgs, \
                     a.status, a.public, a.parent_id FROM plan_actions a JOIN plan_objectives o ON o.id = a.objective_id",
                )
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        let status: String = r.try_get("status")?;
                        Ok($crate::store::pairings::ActionFact {
                            pairing_id: r.try_get("pairing_id")?,
                            objective_id: r.try_get("objective_id")?,
                            objective_weight: r.try_get("objective_weight")?,
                            weight: r.try_get("weight")?,
                            progress: r.try_get("progress")?,
                            sdgs: r.try_get("sdgs")?,
                            status: $crate::domain::pairing::plan::ActionStatus::parse(&status)
                                .map_err(|_| StoreError::Corrupt(format!("action status {status:?}")))?,
                            public: r.try_get::<i64, _>("public")? != 0,
                            pilot: r.try_get::<Option<i64>, _>("parent_id")?.is_some(),
                        })
                    })
                    .collect()
            }

            async fn plan_versions(&self, pairing: i64) -> StoreResult<Vec<$crate::store::pairings::PlanVersionRecord>> {
                use sqlx::Row;
                sqlx::query(
                    "SELECT v.*, s.name AS submitter, d.name AS decider FROM plan_versions v \
                     LEFT JOIN users s ON s.id = v.submitted_by LEFT JOIN users d ON d.id = v.decided_by \
                     WHERE v.pairing_id = $1 ORDER BY v.number DESC",
                )
                .bind(pairing)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    let status: String = r.try_get("status")?;
                    Ok($crate::store::pairings::PlanVersionRecord {
                        number: r.try_get("number")?,
                        status: $crate::domain::pairing::plan::PlanStatus::parse(&status)
                            .map_err(|_| StoreError::Corrupt(format!("plan version {status:?}")))?,
                        snapshot: r.try_get("snapshot")?,
                        submitted_by: r.try_get::<Option<String>, _>("submitter")?.unwrap_or_default(),
                        submitted_at: r.try_get("submitted_at")?,
                        decided_by: r.try_get::<Option<String>, _>("decider")?.unwrap_or_default(),
                        decided_at: r.try_get("decided_at")?,
                        note: r.try_get("note")?,
                    })
                })
                .collect()
            }

            async fn submit_plan(
                &self,
                pairing: i64,
                snapshot: &str,
                c: &$crate::store::pairings::Change<'_>,
            ) -> StoreResult<Option<i64>> {
                let mut tx = self.write_tx().await?;
                let n = sqlx::query(
                    "UPDATE pairings SET plan_status = 'submitted', updated_at = $2 WHERE id = $1 AND plan_status IN ('draft', 'returned')",
                )
                .bind(pairing)
                .bind(c.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Ok(None);
                }
                let number: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM plan_versions WHERE pairing_id = $1",
                )
                .bind(pairing)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO plan_versions (pairing_id, number, status, snapshot, submitted_by, submitted_at) \
                     VALUES ($1, $2, 'submitted', $3, $4, $5)",
                )
                .bind(pairing)
                .bind(number)
                .bind(snapshot)
                .bind(c.actor.map(|u| u.0))
                .bind(c.now)
                .execute(&mut *tx)
                .await?;
                Self::record_change(&mut tx, pairing, c).await?;
                tx.commit().await?;
                Ok(Some(number))
            }

            async fn decide_plan(
                &self,
                pairing: i64,
                to: $crate::domain::pairing::plan::PlanStatus,
                note: &str,
                c: &$crate::store::pairings::Change<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let n = sqlx::query(
                    "UPDATE pairings SET plan_status = $2, updated_at = $3 WHERE id = $1 AND plan_status = 'submitted'",
                )
                .bind(pairing)
                .bind(to.as_str())
                .bind(c.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Ok(false);
                }
                sqlx::query(
                    "UPDATE plan_versions SET status = $2, decided_by = $3, decided_at = $4, note = $5 \
                     WHERE pairing_id = $1 AND number = (SELECT MAX(number) FROM plan_versions WHERE pairing_id = $1)",
                )
                .bind(pairing)
                .bind(to.as_str())
                .bind(c.actor.map(|u| u.0))
                .bind(c.now)
                .bind(note)
                .execute(&mut *tx)
                .await?;
                Self::record_change(&mut tx, pairing, c).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn reports(&self, pairing: i64) -> StoreResult<Vec<$crate::store::pairings::ReportRecord>> {
                use sqlx::Row;
                sqlx::query(
                    "SELECT r.*, s.name AS submitter, v.name AS reviewer FROM plan_reports r \
                     LEFT JOIN users s ON s.id = r.submitted_by LEFT JOIN users v ON v.id = r.reviewed_by \
                     WHERE r.pairing_id = $1 ORDER BY r.period",
                )
                .bind(pairing)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    let status: String = r.try_get("status")?;
                    Ok($crate::store::pairings::ReportRecord {
                        period: r.try_get("period")?,
                        body: r.try_get("body")?,
                        reviewed: status == "reviewed",
                        submitted_by: r.try_get::<Option<String>, _>("submitter")?.unwrap_or_default(),
                        submitted_at: r.try_get("submitted_at")?,
                        reviewed_by: r.try_get::<Option<String>, _>("reviewer")?.unwrap_or_default(),
                        note: r.try_get("note")?,
                    })
                })
                .collect()
            }

            async fn submit_report(
                &self,
                pairing: i64,
                period: i64,
                body: &str,
                by: $crate::domain::UserId,
                now: i64,
            ) -> StoreResult<bool> {
                // a reviewed report is final; a submitted one may be corrected
                Ok(sqlx::query(
                    "INSERT INTO plan_reports (pairing_id, period, body, status, submitted_by, submitted_at) \
                     VALUES ($1, $2, $3, 'submitted', $4, $5) ON CONFLICT (pairing_id, period) DO UPDATE SET \
                     body = excluded.body, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at \
                     WHERE plan_reports.status = 'submitted'",
                )
                .bind(pairing)
                .bind(period)
                .bind(body)
                .bind(by.0)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected()
                    == 1)
            }

            async fn review_report(
                &self,
                pairing: i64,
                period: i64,
                note: &str,
                by: $crate::domain::UserId,
                now: i64,
            ) -> StoreResult<bool> {
                Ok(sqlx::query(
                    "UPDATE plan_reports SET status = 'reviewed', note = $3, reviewed_by = $4, reviewed_at = $5 \
                     WHERE pairing_id = $1 AND period = $2",
                )
                .bind(pairing)
                .bind(period)
                .bind(note)
                .bind(by.0)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected()
                    == 1)
            }
        }
    };
}

pub(crate) use impl_plan_store;
