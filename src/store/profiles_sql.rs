//! The profiles SQL both backends share, written once and compiled for each by
//! `impl_profiles_store!(Type, Db)` (expanded in `sqlite.rs` and `postgres.rs`,
//! after `impl_store!`, whose row readers it uses).

macro_rules! impl_profiles_store {
    ($Store:ty, $Db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::profiles::ProfileStore for $Store {

            async fn profile(&self, user: UserId) -> StoreResult<Option<ProfileRecord>> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT u.id, u.name, u.email_confirmed_at, COALESCE(p.job_title, '') AS job_title, \
                            COALESCE(p.organisation, '') AS organisation, p.sector, p.city_id, c.name AS city_name, \
                            c.country_code, k.name AS country_name, COALESCE(p.languages_mask, 0) AS languages_mask, \
                            COALESCE(p.interests_mask, 0) AS interests_mask, COALESCE(p.offer_mask, 0) AS offer_mask, \
                            COALESCE(p.seek_mask, 0) AS seek_mask, COALESCE(p.bio, '') AS bio, COALESCE(p.links, '') AS links, \
                            COALESCE(p.offer, '') AS offer, COALESCE(p.seek, '') AS seek, COALESCE(p.visibility, 1) AS visibility, \
                            p.photo, COALESCE(p.updated_at, 0) AS updated_at \
                     FROM users u LEFT JOIN profiles p ON p.user_id = u.id LEFT JOIN cities c ON c.id = p.city_id \
                     LEFT JOIN countries k ON k.code = c.country_code WHERE u.id = $1",
                )
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                let Some(r) = row else { return Ok(None) };
                Ok(Some(ProfileRecord {
                    user_id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    confirmed: r.try_get::<Option<i64>, _>("email_confirmed_at")?.is_some(),
                    job_title: r.try_get("job_title")?,
                    organisation: r.try_get("organisation")?,
                    sector: r.try_get("sector")?,
                    city_id: r.try_get("city_id")?,
                    city_name: r.try_get("city_name")?,
                    country_code: r.try_get("country_code")?,
                    country_name: r.try_get("country_name")?,
                    languages_mask: r.try_get("languages_mask")?,
                    interests_mask: r.try_get("interests_mask")?,
                    offer_mask: r.try_get("offer_mask")?,
                    seek_mask: r.try_get("seek_mask")?,
                    bio: r.try_get("bio")?,
                    links: r.try_get("links")?,
                    offer: r.try_get("offer")?,
                    seek: r.try_get("seek")?,
                    visibility: r.try_get("visibility")?,
                    photo: r.try_get("photo")?,
                    updated_at: r.try_get("updated_at")?,
                }))
            }

            async fn save_profile(&self, p: &ProfileWrite) -> StoreResult<()> {
                self.save_profiles_bulk(std::slice::from_ref(p)).await
            }

            async fn save_profiles_bulk(&self, ps: &[ProfileWrite]) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                for chunk in ps.chunks(500) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO profiles (user_id, job_title, organisation, sector, city_id, \
                         languages_mask, interests_mask, offer_mask, seek_mask, bio, links, offer, seek, \
                         visibility, photo, listed, updated_at) ",
                    );
                    qb.push_values(chunk, |mut b, p| {
                        b.push_bind(p.user_id)
                            .push_bind(p.job_title.clone())
                            .push_bind(p.organisation.clone())
                            .push_bind(p.sector.clone())
                            .push_bind(p.city_id)
                            .push_bind(p.languages_mask)
                            .push_bind(p.interests_mask)
                            .push_bind(p.offer_mask)
                            .push_bind(p.seek_mask)
                            .push_bind(p.bio.clone())
                            .push_bind(p.links.clone())
                            .push_bind(p.offer.clone())
                            .push_bind(p.seek.clone())
                            .push_bind(p.visibility)
                            .push_bind(p.photo.clone())
                            .push_bind(i64::from(p.search.is_some()))
                            .push_bind(p.now);
                    });
                    qb.push(
                        " ON CONFLICT (user_id) DO UPDATE SET job_title = excluded.job_title, organisation = excluded.organisation, \
                         sector = excluded.sector, city_id = excluded.city_id, languages_mask = excluded.languages_mask, \
                         interests_mask = excluded.interests_mask, offer_mask = excluded.offer_mask, seek_mask = excluded.seek_mask, \
                         bio = excluded.bio, links = excluded.links, offer = excluded.offer, \
                         seek = excluded.seek, visibility = excluded.visibility, listed = excluded.listed, \
                         updated_at = excluded.updated_at",
                    );
                    qb.build().execute(&mut *tx).await?;
                    Self::index_people(&mut tx, chunk).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn set_photo(&self, user: UserId, photo: Option<&str>, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO profiles (user_id, photo, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (user_id) DO UPDATE SET photo = excluded.photo, updated_at = excluded.updated_at",
                )
                .bind(user.0)
                .bind(photo)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn search_people(&self, q: &PeopleQuery) -> StoreResult<PeopleHits> {
                self.refresh_facts().await?;
                let found = {
                    let cache = self.facts.read().await;
                    $crate::store::people::search(&cache, q)
                };
                self.with_cards(found).await
            }

            async fn people_index_stats(&self) -> StoreResult<$crate::store::people_index::IndexStats> {
                self.refresh_facts().await?;
                Ok(self.facts.read().await.stats())
            }

            async fn search_people_in_database(&self, q: &PeopleQuery) -> StoreResult<PeopleHits> {
                use sqlx::Row;
                self.refresh_facts().await?;
                let ids = |scope: usize, expr: String| async move {
                    let row = sqlx::query(Self::MATCH_IDS_SQL[scope])
                        .bind(expr)
                        .fetch_one(&self.pool)
                        .await?;
                    let joined: Option<String> = row.try_get("ids")?;
                    Ok::<_, StoreError>($crate::store::people::parse_ids(joined.as_deref()))
                };
                let (any, name, headline) = match &q.exprs {
                    Some((any, name, headline)) => {
                        let (a, n, h) = tokio::try_join!(ids(0, any.clone()), ids(1, name.clone()), ids(2, headline.clone()))?;
                        (Some(a), n, h)
                    }
                    None => (None, Vec::new(), Vec::new()),
                };
                let found = {
                    let cache = self.facts.read().await;
                    $crate::store::people::run(&cache, q, any.as_deref(), &name, &headline)
                };
                self.with_cards(found).await
            }

            async fn suggest_people(
                &self,
                me: UserId,
                limit: i64,
            ) -> StoreResult<Option<Vec<(PersonRow, $crate::domain::recommend::Match)>>> {
                use sqlx::Row;
                self.refresh_facts().await?;
                // "useful" also when `me` found one of their posts useful for
                // their city (the social network's reaction)
                let feedback = sqlx::query(
                    "SELECT other_id, verdict FROM suggestion_feedback WHERE user_id = $1 \
                     UNION SELECT DISTINCT p.author_id AS other_id, 'useful' AS verdict FROM reactions r \
                     JOIN posts p ON p.id = r.post_id WHERE r.user_id = $1 AND r.kind = 'useful' AND p.author_id <> $1",
                )
                    .bind(me.0)
                    .fetch_all(&self.pool)
                    .await?;
                let mut hidden = Vec::new();
                let mut useful = Vec::new();
                for r in &feedback {
                    let other: i64 = r.try_get("other_id")?;
                    let verdict: String = r.try_get("verdict")?;
                    if verdict == "hidden" { hidden.push(other) } else { useful.push(other) }
                }
                let best = {
                    let cache = self.facts.read().await;
                    let liked = useful
                        .iter()
                        .filter_map(|u| cache.get(u))
                        .fold(0i64, |m, f| m | f.themes);
                    $crate::store::people::recommend(&cache, me.0, &hidden, liked, limit.max(0) as usize)
                };
                let Some(best) = best else { return Ok(None) };
                if best.is_empty() {
                    return Ok(Some(Vec::new()));
                }
                let ids: Vec<i64> = best.iter().map(|(id, _)| *id).collect();
                let people = self.person_rows(&ids).await?;
                Ok(Some(
                    people
                        .into_iter()
                        .filter_map(|p| {
                            let m = best.iter().find(|(id, _)| *id == p.user_id)?.1;
                            Some((p, m))
                        })
                        .collect(),
                ))
            }

            async fn set_suggestion_feedback(&self, me: UserId, other: i64, verdict: Option<&str>, now: i64) -> StoreResult<()> {
                match verdict {
                    Some(v) => {
                        sqlx::query(
                            "INSERT INTO suggestion_feedback (user_id, other_id, verdict, at) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (user_id, other_id) DO UPDATE SET verdict = excluded.verdict, at = excluded.at",
                        )
                        .bind(me.0)
                        .bind(other)
                        .bind(v)
                        .bind(now)
                        .execute(&self.pool)
                        .await?;
                    }
                    None => {
                        sqlx::query("DELETE FROM suggestion_feedback WHERE user_id = $1 AND other_id = $2")
                            .bind(me.0)
                            .bind(other)
                            .execute(&self.pool)
                            .await?;
                    }
                }
                Ok(())
            }

            async fn city_members(&self, city_id: i64, max_visibility: i64, limit: i64) -> StoreResult<(Vec<PersonRow>, i64)> {
                use sqlx::Row;
                let rows = sqlx::query(
                    "SELECT p.user_id, u.name, p.job_title, p.organisation, p.sector, p.city_id, ci.name AS city_name, \
                            ci.country_code, (p.interests_mask | p.offer_mask | p.seek_mask) AS themes_mask, p.photo \
                     FROM profiles p JOIN people_index f ON f.user_id = p.user_id JOIN users u ON u.id = p.user_id \
                     LEFT JOIN cities ci ON ci.id = p.city_id \
                     WHERE p.city_id = $1 AND f.listed = 1 AND f.visibility <= $2 \
                     ORDER BY f.rank DESC, p.user_id LIMIT $3",
                )
                .bind(city_id)
                .bind(max_visibility)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let n = sqlx::query(
                    "SELECT COUNT(*) AS n FROM profiles p JOIN people_index f ON f.user_id = p.user_id \
                     WHERE p.city_id = $1 AND f.listed = 1 AND f.visibility <= $2",
                )
                    .bind(city_id)
                    .bind(max_visibility)
                    .fetch_one(&self.pool)
                    .await?;
                Ok((rows.iter().map(person_from_row).collect::<StoreResult<_>>()?, n.try_get("n")?))
            }

            async fn member_facts(&self, ids: &[i64]) -> StoreResult<Vec<(i64, $crate::store::people::Fact)>> {
                self.refresh_facts().await?;
                let cache = self.facts.read().await;
                Ok(ids.iter().filter_map(|id| cache.get(id).map(|f| (*id, *f))).collect())
            }

            async fn people_cards(&self, ids: &[i64]) -> StoreResult<Vec<PersonRow>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                self.person_rows(ids).await
            }

            async fn city_facts(&self, max_visibility: i64) -> StoreResult<Vec<$crate::domain::partner::CityFacts>> {
                self.refresh_facts().await?;
                let rows = sqlx::query(
                    "SELECT n.city_id, n.themes_mask, c.country_code, c.population FROM city_notes n \
                     JOIN cities c ON c.id = n.city_id WHERE n.themes_mask <> 0",
                )
                .fetch_all(&self.pool)
                .await?;
                let priorities = rows
                    .iter()
                    .map(|r| Ok(sqlx::FromRow::from_row(r)?))
                    .collect::<StoreResult<Vec<_>>>()?;
                let cache = self.facts.read().await;
                Ok($crate::store::people::fold_cities(
                    cache.iter().map(|(_, f)| (f.city, *f)),
                    &priorities,
                    max_visibility,
                ))
            }
        }
    };
}

pub(crate) use impl_profiles_store;
