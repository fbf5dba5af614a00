//! The applications SQL both backends share (applications, applicants,
//! documents), written once and compiled for each by
//! `impl_applications_store!(Type, Db)` in `sqlite.rs` and `postgres.rs`.

macro_rules! impl_applications_store {
    ($Store:ty, $Db:ty) => {
        impl $Store {
            async fn applications_from_rows(
                &self,
                rows: &[<$Db as sqlx::Database>::Row],
            ) -> StoreResult<Vec<$crate::store::calls::ApplicationRecord>> {
                use $crate::domain::call::{ApplicationStatus, Decision};
                use $crate::store::calls::{ApplicationRecord, MemberRole};
                use sqlx::Row;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let id: i64 = r.try_get("id")?;
                    let status: String = r.try_get("status")?;
                    let decision: Option<String> = r.try_get("decision")?;
                    let language: String = r.try_get("language")?;
                    let answers: String = r.try_get("answers")?;
                    let members = sqlx::query(
                        "SELECT user_id, role FROM application_members WHERE application_id = $1 \
                         ORDER BY CASE role WHEN 'lead' THEN 0 WHEN 'co' THEN 1 ELSE 2 END, created_at, user_id",
                    )
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|m| {
                        let role: String = m.try_get("role")?;
                        Ok((
                            m.try_get("user_id")?,
                            MemberRole::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("applicant role {role:?}")))?,
                        ))
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                    out.push(ApplicationRecord {
                        id,
                        call_id: r.try_get("call_id")?,
                        city_id: r.try_get("city_id")?,
                        reference: r.try_get("reference")?,
                        status: ApplicationStatus::parse(&status)
                            .map_err(|_| StoreError::Corrupt(format!("application status {status:?}")))?,
                        decision: decision
                            .map(|d| Decision::parse(&d).map_err(|_| StoreError::Corrupt(format!("decision {d:?}"))))
                            .transpose()?,
                        decision_note: r.try_get("decision_note")?,
                        language: Locale::from_code(&language)
                            .ok_or_else(|| StoreError::Corrupt(format!("locale {language:?}")))?,
                        answers: serde_json::from_str(&answers)
                            .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?,
                        claimed_population: r.try_get("claimed_population")?,
                        population_source: r.try_get("population_source")?,
                        population_verdict: r.try_get("population_verdict")?,
                        version: r.try_get("version")?,
                        created_at: r.try_get("created_at")?,
                        updated_at: r.try_get("updated_at")?,
                        submitted_at: r.try_get("submitted_at")?,
                        members,
                    });
                }
                Ok(out)
            }

            async fn record_transition(
                tx: &mut sqlx::Transaction<'static, $Db>,
                application_id: i64,
                t: &$crate::store::calls::Transition<'_>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO programme_history (call_id, application_id, actor_id, from_state, to_state, note, at) \
                     SELECT call_id, id, $2, $3, $4, $5, $6 FROM applications WHERE id = $1",
                )
                .bind(application_id)
                .bind(t.actor.map(|u| u.0))
                .bind(t.from)
                .bind(t.to)
                .bind(t.note)
                .bind(t.now)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::calls::ApplicationStore for $Store {
            async fn create_application(&self, a: &$crate::store::calls::NewApplication) -> StoreResult<i64> {
                use sqlx::Row;
                let answers = serde_json::to_string(&a.answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let mut tx = self.write_tx().await?;
                // a unique placeholder until the id is known
                let placeholder = format!("new-{}-{}-{}", a.call_id, a.city_id, a.lead.0);
                let id: i64 = sqlx::query(
                    "INSERT INTO applications (call_id, city_id, reference, language, answers, claimed_population, \
                     population_source, population_verdict, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                )
                .bind(a.call_id)
                .bind(a.city_id)
                .bind(&placeholder)
                .bind(a.language.code())
                .bind(answers)
                .bind(a.claimed_population)
                .bind(&a.population_source)
                .bind(a.claimed_population.map(|_| "pending"))
                .bind(a.now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                sqlx::query("UPDATE applications SET reference = $2 WHERE id = $1")
                    .bind(id)
                    .bind($crate::domain::call::reference(a.call_id, a.year, id))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO application_members (application_id, user_id, role, created_at) VALUES ($1, $2, 'lead', $3)",
                )
                .bind(id)
                .bind(a.lead.0)
                .bind(a.now)
                .execute(&mut *tx)
                .await?;
                Self::record_transition(
                    &mut tx,
                    id,
                    &$crate::store::calls::Transition { actor: Some(a.lead), from: "", to: "draft", note: "", now: a.now },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn application(&self, id: i64) -> StoreResult<Option<$crate::store::calls::ApplicationRecord>> {
                let rows = sqlx::query("SELECT * FROM applications WHERE id = $1").bind(id).fetch_all(&self.pool).await?;
                Ok(self.applications_from_rows(&rows).await?.into_iter().next())
            }

            async fn application_for_city(
                &self,
                call_id: i64,
                city_id: i64,
            ) -> StoreResult<Option<$crate::store::calls::ApplicationRecord>> {
                let rows = sqlx::query("SELECT * FROM applications WHERE call_id = $1 AND city_id = $2")
                    .bind(call_id)
                    .bind(city_id)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(self.applications_from_rows(&rows).await?.into_iter().next())
            }

            async fn applications_of_call(&self, call_id: i64) -> StoreResult<Vec<$crate::store::calls::ApplicationRecord>> {
                let rows = sqlx::query("SELECT * FROM applications WHERE call_id = $1 ORDER BY id")
                    .bind(call_id)
                    .fetch_all(&self.pool)
                    .await?;
                self.applications_from_rows(&rows).await
            }

            async fn applications_of_member(&self, user: i64) -> StoreResult<Vec<$crate::store::calls::ApplicationRecord>> {
                let rows = sqlx::query(
                    "SELECT a.* FROM applications a JOIN application_members m ON m.application_id = a.id \
                     WHERE m.user_id = $1 ORDER BY a.updated_at DESC, a.id DESC",
                )
                .bind(user)
                .fetch_all(&self.pool)
                .await?;
                self.applications_from_rows(&rows).await
            }

            async fn save_answers(
                &self,
                id: i64,
                version: i64,
                answers: &$crate::domain::call::Answers,
                language: Locale,
                now: i64,
            ) -> StoreResult<bool> {
                let json = serde_json::to_string(answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let done = sqlx::query(
                    "UPDATE applications SET answers = $3, language = $4, updated_at = $5, version = version + 1 \
                     WHERE id = $1 AND version = $2 AND status = 'draft'",
                )
                .bind(id)
                .bind(version)
                .bind(json)
                .bind(language.code())
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done == 1)
            }

            async fn set_application_status(
                &self,
                id: i64,
                t: &$crate::store::calls::Transition<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE applications SET status = $3, updated_at = $4, version = version + 1, \
                     submitted_at = CASE WHEN $3 = 'submitted' THEN $4 ELSE submitted_at END \
                     WHERE id = $1 AND status = $2 \
                     AND ($3 <> 'submitted' OR $4 <= (SELECT deadline_at FROM calls WHERE calls.id = applications.call_id))",
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
                Self::record_transition(&mut tx, id, t).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn decide(
                &self,
                id: i64,
                decision: Option<$crate::domain::call::Decision>,
                note: &str,
                t: &$crate::store::calls::Transition<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE applications SET decision = $2, decision_note = $3, updated_at = $4 WHERE id = $1 AND status = 'submitted'",
                )
                .bind(id)
                .bind(decision.map(|d| d.as_str()))
                .bind(note)
                .bind(t.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done != 1 {
                    return Ok(false);
                }
                Self::record_transition(&mut tx, id, t).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn set_population_verdict(
                &self,
                id: i64,
                verdict: &str,
                t: &$crate::store::calls::Transition<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE applications SET population_verdict = $2 WHERE id = $1 AND claimed_population IS NOT NULL",
                )
                .bind(id)
                .bind(verdict)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done != 1 {
                    return Ok(false);
                }
                Self::record_transition(&mut tx, id, t).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn set_applicant(
                &self,
                id: i64,
                user: i64,
                role: $crate::store::calls::MemberRole,
                now: i64,
            ) -> StoreResult<()> {
                let sql = if role == $crate::store::calls::MemberRole::Asking {
                    "INSERT INTO application_members (application_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT DO NOTHING"
                } else {
                    "INSERT INTO application_members (application_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (application_id, user_id) DO UPDATE SET role = excluded.role"
                };
                sqlx::query(sql)
                    .bind(id)
                    .bind(user)
                    .bind(role.as_str())
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn remove_applicant(&self, id: i64, user: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "DELETE FROM application_members WHERE application_id = $1 AND user_id = $2 AND role <> 'lead'",
                )
                .bind(id)
                .bind(user)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done == 1)
            }

            async fn add_file(&self, f: &$crate::store::calls::FileRecord) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let id = sqlx::query(
                    "INSERT INTO application_files (application_id, kind, name, stored_as, bytes, uploaded_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(f.application_id)
                .bind(&f.kind)
                .bind(&f.name)
                .bind(&f.stored_as)
                .bind(f.bytes)
                .bind(f.uploaded_by)
                .bind(f.created_at)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                sqlx::query("UPDATE applications SET updated_at = $2 WHERE id = $1")
                    .bind(f.application_id)
                    .bind(f.created_at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn files_of(&self, application_id: i64) -> StoreResult<Vec<$crate::store::calls::FileRecord>> {
                let rows = sqlx::query("SELECT * FROM application_files WHERE application_id = $1 ORDER BY created_at, id")
                    .bind(application_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok(sqlx::FromRow::from_row(r)?)).collect()
            }

            async fn remove_file(
                &self,
                application_id: i64,
                file_id: i64,
            ) -> StoreResult<Option<$crate::store::calls::FileRecord>> {
                let row = sqlx::query("DELETE FROM application_files WHERE id = $1 AND application_id = $2 RETURNING *")
                    .bind(file_id)
                    .bind(application_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(|r| Ok(sqlx::FromRow::from_row(r)?)).transpose()
            }

            async fn create_invite(
                &self,
                token_hash: &str,
                application_id: i64,
                email: &str,
                by: i64,
                now: i64,
                expires_at: i64,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO application_invites (token_hash, application_id, email, invited_by, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(token_hash)
                .bind(application_id)
                .bind(email)
                .bind(by)
                .bind(now)
                .bind(expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn invite(&self, token_hash: &str) -> StoreResult<Option<$crate::store::calls::InviteRecord>> {
                let row = sqlx::query(
                    "SELECT application_id, email, invited_by, expires_at, used_at FROM application_invites WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(|r| Ok(sqlx::FromRow::from_row(r)?)).transpose()
            }

            async fn use_invite(&self, token_hash: &str, user: i64, now: i64) -> StoreResult<bool> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let row = sqlx::query(
                    "UPDATE application_invites SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
                     RETURNING application_id",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    return Ok(false);
                };
                let application_id: i64 = row.try_get("application_id")?;
                sqlx::query(
                    "INSERT INTO application_members (application_id, user_id, role, created_at) VALUES ($1, $2, 'co', $3) \
                     ON CONFLICT (application_id, user_id) DO UPDATE SET role = CASE WHEN application_members.role = 'lead' THEN 'lead' ELSE 'co' END",
                )
                .bind(application_id)
                .bind(user)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

pub(crate) use impl_applications_store;
