//! The pairings SQL both backends share (pairings, cities, teams, signatures,
//! milestones, activities, notes, documents, history), written once and
//! compiled for each by `impl_pairings_store!(Type, Db)`.

macro_rules! impl_pairings_store {
    ($Store:ty, $Db:ty) => {
        impl $Store {
            /// Pairings from their rows, with their cities (one query for all).
            async fn pairings_from_rows(
                &self,
                rows: &[<$Db as sqlx::Database>::Row],
            ) -> StoreResult<Vec<$crate::store::pairings::PairingRecord>> {
                use $crate::domain::pairing::plan::PlanStatus;
                use $crate::domain::pairing::PairingState;
                use $crate::store::pairings::{PairingCity, PairingRecord};
                use sqlx::Row;
                let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
                let mut cities: std::collections::HashMap<i64, Vec<PairingCity>> = Default::default();
                if !ids.is_empty() {
                    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                    let sql = format!(
                        "SELECT pc.pairing_id, pc.city_id, pc.application_id, c.name, c.country_code, c.latitude, c.longitude \
                         FROM pairing_cities pc JOIN cities c ON c.id = pc.city_id \
                         WHERE pc.pairing_id IN ({list}) ORDER BY pc.pairing_id, pc.position"
                    );
                    for r in sqlx::query(&sql).fetch_all(&self.pool).await? {
                        cities.entry(r.try_get("pairing_id")?).or_default().push(PairingCity {
                            city_id: r.try_get("city_id")?,
                            name: r.try_get("name")?,
                            country_code: r.try_get("country_code")?,
                            latitude: r.try_get("latitude")?,
                            longitude: r.try_get("longitude")?,
                            application_id: r.try_get("application_id")?,
                        });
                    }
                }
                rows.iter()
                    .map(|r| {
                        let id: i64 = r.try_get("id")?;
                        let state: String = r.try_get("state")?;
                        let plan: String = r.try_get("plan_status")?;
                        let themes: String = r.try_get("themes")?;
                        Ok(PairingRecord {
                            id,
                            call_id: r.try_get("call_id")?,
                            cohort_year: r.try_get("cohort_year")?,
                            state: PairingState::parse(&state)
                                .map_err(|_| StoreError::Corrupt(format!("pairing state {state:?}")))?,
                            ended_reason: r.try_get("ended_reason")?,
                            themes: themes.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
                            commitments: r.try_get("commitments")?,
                            agreement_version: r.try_get("agreement_version")?,
                            starts_at: r.try_get("starts_at")?,
                            ends_on: r.try_get("ends_on")?,
                            fit: r.try_get("fit")?,
                            plan_status: PlanStatus::parse(&plan)
                                .map_err(|_| StoreError::Corrupt(format!("plan status {plan:?}")))?,
                            version: r.try_get("version")?,
                            created_at: r.try_get("created_at")?,
                            updated_at: r.try_get("updated_at")?,
                            cities: cities.remove(&id).unwrap_or_default(),
                        })
                    })
                    .collect()
            }

            async fn record_change(
                tx: &mut sqlx::Transaction<'static, $Db>,
                pairing: i64,
                c: &$crate::store::pairings::Change<'_>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO pairing_history (pairing_id, actor_id, what, from_state, to_state, note, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(pairing)
                .bind(c.actor.map(|u| u.0))
                .bind(c.what)
                .bind(c.from)
                .bind(c.to)
                .bind(c.note)
                .bind(c.now)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            fn space_items(rows: &[<$Db as sqlx::Database>::Row]) -> StoreResult<Vec<$crate::store::pairings::SpaceItem>> {
                use sqlx::Row;
                rows.iter()
                    .map(|r| {
                        Ok($crate::store::pairings::SpaceItem {
                            id: r.try_get("id")?,
                            author_id: r.try_get("author_id")?,
                            author: r.try_get::<Option<String>, _>("author")?.unwrap_or_default(),
                            text: r.try_get("text")?,
                            stored_as: r.try_get("stored_as")?,
                            size: r.try_get("size")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::pairings::PairingStore for $Store {
            async fn create_pairing(
                &self,
                p: &$crate::store::pairings::NewPairing,
                actor: $crate::domain::UserId,
                now: i64,
            ) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO pairings (call_id, cohort_year, themes, fit, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                )
                .bind(p.call_id)
                .bind(p.cohort_year)
                .bind(p.themes.join(","))
                .bind(p.fit)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                for (i, (city, app)) in p.cities.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO pairing_cities (pairing_id, city_id, position, application_id) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(city)
                    .bind(i as i64)
                    .bind(app)
                    .execute(&mut *tx)
                    .await?;
                }
                for (user, city, coordinator) in &p.members {
                    sqlx::query(
                        "INSERT INTO pairing_members (pairing_id, user_id, city_id, coordinator, signatory, created_at) \
                         VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (pairing_id, user_id) DO NOTHING",
                    )
                    .bind(id)
                    .bind(user.0)
                    .bind(city)
                    .bind(i64::from(*coordinator))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::record_change(
                    &mut tx,
                    id,
                    &$crate::store::pairings::Change {
                        actor: Some(actor),
                        what: "state",
                        from: "",
                        to: "proposed",
                        note: "",
                        now,
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn pairing(&self, id: i64) -> StoreResult<Option<$crate::store::pairings::PairingRecord>> {
                let rows = sqlx::query("SELECT * FROM pairings WHERE id = $1").bind(id).fetch_all(&self.pool).await?;
                Ok(self.pairings_from_rows(&rows).await?.into_iter().next())
            }

            async fn pairings(&self) -> StoreResult<Vec<$crate::store::pairings::PairingRecord>> {
                let rows = sqlx::query("SELECT * FROM pairings ORDER BY cohort_year DESC, id")
                    .fetch_all(&self.pool)
                    .await?;
                self.pairings_from_rows(&rows).await
            }

            async fn pairings_of_member(&self, user: $crate::domain::UserId) -> StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT pairing_id FROM pairing_members WHERE user_id = $1 ORDER BY pairing_id")
                    .bind(user.0)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn set_pairing_state(
                &self,
                id: i64,
                to: $crate::domain::pairing::PairingState,
                reason: &str,
                c: &$crate::store::pairings::Change<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE pairings SET state = $2, ended_reason = $3, updated_at = $4, version = version + 1 \
                     WHERE id = $1 AND state = $5",
                )
                .bind(id)
                .bind(to.as_str())
                .bind(reason)
                .bind(c.now)
                .bind(c.from)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if done {
                    Self::record_change(&mut tx, id, c).await?;
                    tx.commit().await?;
                }
                Ok(done)
            }

            async fn save_agreement(
                &self,
                id: i64,
                version: i64,
                themes: &[String],
                commitments: &str,
                resign: bool,
                c: &$crate::store::pairings::Change<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE pairings SET themes = $3, commitments = $4, updated_at = $5, version = version + 1, \
                     agreement_version = agreement_version + $6 \
                     WHERE id = $1 AND version = $2 AND state IN ('proposed', 'signing')",
                )
                .bind(id)
                .bind(version)
                .bind(themes.join(","))
                .bind(commitments)
                .bind(c.now)
                .bind(i64::from(resign))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if done {
                    Self::record_change(&mut tx, id, c).await?;
                    tx.commit().await?;
                }
                Ok(done)
            }

            async fn team(&self, id: i64) -> StoreResult<Vec<$crate::store::pairings::TeamMember>> {
                use sqlx::Row;
                sqlx::query(
                    "SELECT m.user_id, m.city_id, m.coordinator, m.signatory, u.name, u.email \
                     FROM pairing_members m JOIN users u ON u.id = m.user_id \
                     WHERE m.pairing_id = $1 ORDER BY m.city_id, m.coordinator DESC, u.name",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok($crate::store::pairings::TeamMember {
                        user_id: $crate::domain::UserId(r.try_get("user_id")?),
                        city_id: r.try_get("city_id")?,
                        coordinator: r.try_get::<i64, _>("coordinator")? != 0,
                        signatory: r.try_get::<i64, _>("signatory")? != 0,
                        name: r.try_get("name")?,
                        email: r.try_get("email")?,
                    })
                })
                .collect()
            }

            async fn set_team_member(
                &self,
                id: i64,
                user: $crate::domain::UserId,
                city_id: i64,
                coordinator: bool,
                signatory: bool,
                now: i64,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO pairing_members (pairing_id, user_id, city_id, coordinator, signatory, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (pairing_id, user_id) DO UPDATE SET \
                     city_id = excluded.city_id, coordinator = excluded.coordinator, signatory = excluded.signatory",
                )
                .bind(id)
                .bind(user.0)
                .bind(city_id)
                .bind(i64::from(coordinator))
                .bind(i64::from(signatory))
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn remove_team_member(&self, id: i64, user: $crate::domain::UserId) -> StoreResult<bool> {
                Ok(sqlx::query("DELETE FROM pairing_members WHERE pairing_id = $1 AND user_id = $2")
                    .bind(id)
                    .bind(user.0)
                    .execute(&self.pool)
                    .await?
                    .rows_affected()
                    == 1)
            }

            async fn signatures(&self, id: i64) -> StoreResult<Vec<$crate::store::pairings::SignatureRecord>> {
                use sqlx::Row;
                sqlx::query("SELECT * FROM pairing_signatures WHERE pairing_id = $1 ORDER BY agreement_version, created_at")
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        Ok($crate::store::pairings::SignatureRecord {
                            city_id: r.try_get("city_id")?,
                            agreement_version: r.try_get("agreement_version")?,
                            signer_id: r.try_get::<Option<i64>, _>("signer_id")?.map($crate::domain::UserId),
                            name: r.try_get("name")?,
                            role: r.try_get("role")?,
                            signed_on: r.try_get("signed_on")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn sign(
                &self,
                id: i64,
                s: &$crate::store::pairings::NewSignature,
            ) -> StoreResult<$crate::store::pairings::SignOutcome> {
                use $crate::store::pairings::SignOutcome;
                let mut tx = self.write_tx().await?;
                // only the agreement's current version, only while signing
                let open: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM pairings WHERE id = $1 AND state = 'signing' AND agreement_version = $2",
                )
                .bind(id)
                .bind(s.agreement_version)
                .fetch_optional(&mut *tx)
                .await?;
                if open.is_none() {
                    return Ok(SignOutcome::Refused);
                }
                let added = sqlx::query(
                    "INSERT INTO pairing_signatures (pairing_id, city_id, agreement_version, signer_id, name, role, signed_on, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (pairing_id, city_id, agreement_version) DO NOTHING",
                )
                .bind(id)
                .bind(s.city_id)
                .bind(s.agreement_version)
                .bind(s.signer.0)
                .bind(&s.name)
                .bind(&s.role)
                .bind(&s.signed_on)
                .bind(s.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if added == 0 {
                    return Ok(SignOutcome::Refused);
                }
                let signed: Vec<i64> = sqlx::query_scalar(
                    "SELECT city_id FROM pairing_signatures WHERE pairing_id = $1 AND agreement_version = $2",
                )
                .bind(id)
                .bind(s.agreement_version)
                .fetch_all(&mut *tx)
                .await?;
                let change = |from, to| $crate::store::pairings::Change {
                    actor: Some(s.signer),
                    what: "signature",
                    from,
                    to,
                    note: "",
                    now: s.now,
                };
                let city = s.city_id.to_string();
                Self::record_change(&mut tx, id, &change("", &city)).await?;
                let outcome = if $crate::domain::pairing::all_signed(&s.cities, &signed) {
                    sqlx::query(
                        "UPDATE pairings SET state = 'cooperating', starts_at = $2, ends_on = $3, updated_at = $2, \
                         version = version + 1 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(s.now)
                    .bind(&s.ends_on)
                    .execute(&mut *tx)
                    .await?;
                    for (kind, city, due) in &s.milestones {
                        sqlx::query(
                            "INSERT INTO pairing_milestones (pairing_id, kind, city_id, due_on) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(id)
                        .bind(kind.as_str())
                        .bind(city)
                        .bind(due)
                        .execute(&mut *tx)
                        .await?;
                    }
                    Self::record_change(&mut tx, id, &change("signing", "cooperating")).await?;
                    SignOutcome::Started
                } else {
                    sqlx::query("UPDATE pairings SET updated_at = $2, version = version + 1 WHERE id = $1")
                        .bind(id)
                        .bind(s.now)
                        .execute(&mut *tx)
                        .await?;
                    SignOutcome::Signed
                };
                tx.commit().await?;
                Ok(outcome)
            }

            async fn milestones(&self, id: i64) -> StoreResult<Vec<$crate::store::pairings::MilestoneRecord>> {
                use sqlx::Row;
                sqlx::query("SELECT * FROM pairing_milestones WHERE pairing_id = $1 ORDER BY due_on, id")
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        let kind: String = r.try_get("kind")?;
                        Ok($crate::store::pairings::MilestoneRecord {
                            id: r.try_get("id")?,
                            kind: $crate::domain::pairing::MilestoneKind::parse(&kind)
                                .map_err(|_| StoreError::Corrupt(format!("milestone {kind:?}")))?,
                            city_id: r.try_get("city_id")?,
                            title: r.try_get("title")?,
                            due_on: r.try_get("due_on")?,
                            done_on: r.try_get("done_on")?,
                        })
                    })
                    .collect()
            }

            async fn add_milestone(&self, id: i64, title: &str, due_on: &str) -> StoreResult<i64> {
                use sqlx::Row;
                Ok(sqlx::query(
                    "INSERT INTO pairing_milestones (pairing_id, kind, title, due_on) VALUES ($1, 'own', $2, $3) RETURNING id",
                )
                .bind(id)
                .bind(title)
                .bind(due_on)
                .fetch_one(&self.pool)
                .await?
                .try_get("id")?)
            }

            async fn set_milestone_done(&self, id: i64, milestone: i64, done_on: Option<&str>) -> StoreResult<bool> {
                Ok(sqlx::query("UPDATE pairing_milestones SET done_on = $3 WHERE pairing_id = $1 AND id = $2")
                    .bind(id)
                    .bind(milestone)
                    .bind(done_on)
                    .execute(&self.pool)
                    .await?
                    .rows_affected()
                    == 1)
            }

            async fn overdue_counts(&self, today: &str) -> StoreResult<Vec<(i64, i64)>> {
                use sqlx::Row;
                sqlx::query(
                    "SELECT m.pairing_id, COUNT(*) AS n FROM pairing_milestones m JOIN pairings p ON p.id = m.pairing_id \
                     WHERE m.done_on IS NULL AND m.due_on < $1 AND p.state = 'cooperating' GROUP BY m.pairing_id",
                )
                .bind(today)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get("pairing_id")?, r.try_get("n")?)))
                .collect()
            }

            async fn activities(&self, id: i64) -> StoreResult<Vec<$crate::store::pairings::ActivityRecord>> {
                use sqlx::Row;
                sqlx::query("SELECT * FROM pairing_activities WHERE pairing_id = $1 ORDER BY held_on, id")
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| {
                        let kind: String = r.try_get("kind")?;
                        Ok($crate::store::pairings::ActivityRecord {
                            id: r.try_get("id")?,
                            kind: $crate::domain::pairing::ActivityKind::parse(&kind)
                                .map_err(|_| StoreError::Corrupt(format!("activity {kind:?}")))?,
                            title: r.try_get("title")?,
                            held_on: r.try_get("held_on")?,
                            city_id: r.try_get("city_id")?,
                            event_id: r.try_get("event_id")?,
                            report: r.try_get("report")?,
                            public: r.try_get::<i64, _>("public")? != 0,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn save_activity(
                &self,
                id: i64,
                activity: Option<i64>,
                a: &$crate::domain::pairing::ActivityDraft,
                by: $crate::domain::UserId,
                now: i64,
            ) -> StoreResult<Option<i64>> {
                use sqlx::Row;
                match activity {
                    None => Ok(Some(
                        sqlx::query(
                            "INSERT INTO pairing_activities (pairing_id, kind, title, held_on, city_id, event_id, report, public, created_by, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                        )
                        .bind(id)
                        .bind(a.kind.as_str())
                        .bind(&a.title)
                        .bind(a.held_on.to_string())
                        .bind(a.city_id)
                        .bind(a.event_id)
                        .bind(&a.report)
                        .bind(i64::from(a.public))
                        .bind(by.0)
                        .bind(now)
                        .fetch_one(&self.pool)
                        .await?
                        .try_get("id")?,
                    )),
                    Some(aid) => {
                        let n = sqlx::query(
                            "UPDATE pairing_activities SET kind = $3, title = $4, held_on = $5, city_id = $6, event_id = $7, \
                             report = $8, public = $9 WHERE pairing_id = $1 AND id = $2",
                        )
                        .bind(id)
                        .bind(aid)
                        .bind(a.kind.as_str())
                        .bind(&a.title)
                        .bind(a.held_on.to_string())
                        .bind(a.city_id)
                        .bind(a.event_id)
                        .bind(&a.report)
                        .bind(i64::from(a.public))
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                        Ok((n == 1).then_some(aid))
                    }
                }
            }

            async fn delete_activity(&self, id: i64, activity: i64) -> StoreResult<bool> {
                Ok(sqlx::query("DELETE FROM pairing_activities WHERE pairing_id = $1 AND id = $2")
                    .bind(id)
                    .bind(activity)
                    .execute(&self.pool)
                    .await?
                    .rows_affected()
                    == 1)
            }

            async fn pairing_notes(&self, id: i64) -> StoreResult<Vec<$crate::store::pairings::SpaceItem>> {
                let rows = sqlx::query(
                    "SELECT n.id, n.author_id, u.name AS author, n.body AS text, '' AS stored_as, CAST(0 AS BIGINT) AS size, n.created_at \
                     FROM pairing_notes n LEFT JOIN users u ON u.id = n.author_id \
                     WHERE n.pairing_id = $1 ORDER BY n.created_at DESC, n.id DESC",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                Self::space_items(&rows)
            }

            async fn add_note(&self, id: i64, by: $crate::domain::UserId, body: &str, now: i64) -> StoreResult<i64> {
                use sqlx::Row;
                Ok(sqlx::query(
                    "INSERT INTO pairing_notes (pairing_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(id)
                .bind(by.0)
                .bind(body)
                .bind(now)
                .fetch_one(&self.pool)
                .await?
                .try_get("id")?)
            }

            async fn pairing_files(&self, id: i64) -> StoreResult<Vec<$crate::store::pairings::SpaceItem>> {
                let rows = sqlx::query(
                    "SELECT f.id, f.added_by AS author_id, u.name AS author, f.name AS text, f.stored_as, f.size, f.created_at \
                     FROM pairing_files f LEFT JOIN users u ON u.id = f.added_by \
                     WHERE f.pairing_id = $1 ORDER BY f.created_at DESC, f.id DESC",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                Self::space_items(&rows)
            }

            async fn add_pairing_file(
                &self,
                id: i64,
                by: $crate::domain::UserId,
                name: &str,
                stored_as: &str,
                size: i64,
                now: i64,
            ) -> StoreResult<i64> {
                use sqlx::Row;
                Ok(sqlx::query(
                    "INSERT INTO pairing_files (pairing_id, added_by, name, stored_as, size, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(id)
                .bind(by.0)
                .bind(name)
                .bind(stored_as)
                .bind(size)
                .bind(now)
                .fetch_one(&self.pool)
                .await?
                .try_get("id")?)
            }

            async fn remove_pairing_file(&self, id: i64, file: i64) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("DELETE FROM pairing_files WHERE pairing_id = $1 AND id = $2 RETURNING stored_as")
                    .bind(id)
                    .bind(file)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn pairing_history(&self, id: i64) -> StoreResult<Vec<$crate::store::pairings::PairingEvent>> {
                use sqlx::Row;
                sqlx::query(
                    "SELECT h.what, h.from_state, h.to_state, h.note, h.at, u.name AS actor \
                     FROM pairing_history h LEFT JOIN users u ON u.id = h.actor_id \
                     WHERE h.pairing_id = $1 ORDER BY h.at DESC, h.id DESC",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok($crate::store::pairings::PairingEvent {
                        actor: r.try_get::<Option<String>, _>("actor")?.unwrap_or_default(),
                        what: r.try_get("what")?,
                        from: r.try_get("from_state")?,
                        to: r.try_get("to_state")?,
                        note: r.try_get("note")?,
                        at: r.try_get("at")?,
                    })
                })
                .collect()
            }
        }
    };
}

pub(crate) use impl_pairings_store;
