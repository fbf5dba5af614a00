//! The places SQL both backends share, written once and compiled for each by
//! `impl_places_store!(Type, Db)` (expanded in `sqlite.rs` and `postgres.rs`,
//! after `impl_store!`, whose row readers it uses).

macro_rules! impl_places_store {
    ($Store:ty, $Db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::places::PlaceStore for $Store {

            async fn count_cities(&self) -> StoreResult<i64> {
                use sqlx::Row;
                let row = sqlx::query("SELECT COUNT(*) AS n FROM cities").fetch_one(&self.pool).await?;
                Ok(row.try_get("n")?)
            }

            async fn insert_countries(&self, rows: &[CountryRow]) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                for chunk in rows.chunks(500) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new("INSERT INTO countries (code, name, continent) ");
                    qb.push_values(chunk, |mut b, c| {
                        b.push_bind(c.code.clone()).push_bind(c.name.clone()).push_bind(c.continent.clone());
                    });
                    qb.push(" ON CONFLICT (code) DO NOTHING");
                    qb.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn insert_cities(&self, rows: &[CityRow]) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                for chunk in rows.chunks(1000) {
                    let mut qb = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO cities (id, name, search_name, country_code, admin1_code, latitude, longitude, population, timezone) ",
                    );
                    qb.push_values(chunk, |mut b, c| {
                        b.push_bind(c.id)
                            .push_bind(c.name.clone())
                            .push_bind($crate::domain::text::fold(&c.name))
                            .push_bind(c.country_code.clone())
                            .push_bind(c.admin1_code.clone())
                            .push_bind(c.latitude)
                            .push_bind(c.longitude)
                            .push_bind(c.population)
                            .push_bind(c.timezone.clone());
                    });
                    qb.push(" ON CONFLICT (id) DO NOTHING");
                    qb.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                self.forget_city_names();
                Ok(())
            }

            async fn city_by_name(&self, name: &str, country: &str) -> StoreResult<Option<CityRow>> {
                let row = sqlx::query(
                    "SELECT id, name, country_code, admin1_code, latitude, longitude, population, timezone \
                     FROM cities WHERE name = $1 AND country_code = $2 ORDER BY population DESC LIMIT 1",
                )
                .bind(name)
                .bind(country)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(city_from_row).transpose()
            }

            async fn city_by_id(&self, id: i64) -> StoreResult<Option<CityView>> {
                let sql = format!("{CITY_VIEW_SELECT} WHERE c.id = $1");
                let row = sqlx::query(&sql)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(city_view_from_row).transpose()
            }

            async fn search_cities(&self, folded: &str, limit: i64) -> StoreResult<Vec<CityView>> {
                let ids = self.city_names().await?.search(folded, limit.max(0) as usize);
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb = sqlx::QueryBuilder::<$Db>::new(format!("{CITY_VIEW_SELECT} WHERE c.id IN ("));
                let mut sep = qb.separated(", ");
                for id in &ids {
                    sep.push_bind(*id);
                }
                qb.push(")");
                let rows = qb.build().fetch_all(&self.pool).await?;
                let mut cities: Vec<CityView> = rows.iter().map(city_view_from_row).collect::<StoreResult<_>>()?;
                cities.sort_by_key(|c| ids.iter().position(|id| *id == c.city.id));
                Ok(cities)
            }

            async fn largest_cities(&self, country: &str, limit: i64) -> StoreResult<Vec<CityView>> {
                let sql = format!("{CITY_VIEW_SELECT} WHERE c.country_code = $1 ORDER BY c.population DESC, c.id LIMIT $2");
                let rows = sqlx::query(&sql)
                .bind(country)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(city_view_from_row).collect()
            }

            async fn country_names(&self, codes: &[String]) -> StoreResult<Vec<(String, String)>> {
                use sqlx::Row;
                if codes.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb = sqlx::QueryBuilder::<$Db>::new("SELECT code, name FROM countries WHERE code IN (");
                let mut sep = qb.separated(", ");
                for c in codes {
                    sep.push_bind(c.clone());
                }
                qb.push(")");
                qb.build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get("code")?, r.try_get("name")?)))
                    .collect()
            }

            async fn themes(&self) -> StoreResult<Vec<ThemeRow>> {
                use sqlx::Row;
                let rows = sqlx::query("SELECT id, bit, name_en, name_fr, name_es FROM themes ORDER BY bit")
                    .fetch_all(&self.pool)
                    .await?;
                let links = sqlx::query("SELECT theme_id, sdg FROM theme_sdgs ORDER BY theme_id, sdg")
                    .fetch_all(&self.pool)
                    .await?;
                let mut themes = Vec::with_capacity(rows.len());
                for r in &rows {
                    let id: String = r.try_get("id")?;
                    let mut sdgs = Vec::new();
                    for l in &links {
                        let theme: String = l.try_get("theme_id")?;
                        if theme == id {
                            sdgs.push(l.try_get::<i64, _>("sdg")?);
                        }
                    }
                    themes.push(ThemeRow {
                        id,
                        bit: r.try_get("bit")?,
                        names: [r.try_get("name_en")?, r.try_get("name_fr")?, r.try_get("name_es")?],
                        sdgs,
                    });
                }
                Ok(themes)
            }

            async fn sdgs(&self) -> StoreResult<Vec<SdgRow>> {
                use sqlx::Row;
                let rows = sqlx::query("SELECT number, name_en, name_fr, name_es FROM sdgs ORDER BY number")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        Ok(SdgRow {
                            number: r.try_get("number")?,
                            names: [r.try_get("name_en")?, r.try_get("name_fr")?, r.try_get("name_es")?],
                        })
                    })
                    .collect()
            }

            async fn set_theme_sdgs(&self, theme_id: &str, sdgs: &[i64]) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let exists = sqlx::query("SELECT 1 FROM themes WHERE id = $1")
                    .bind(theme_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .is_some();
                if !exists {
                    return Ok(false);
                }
                sqlx::query("DELETE FROM theme_sdgs WHERE theme_id = $1")
                    .bind(theme_id)
                    .execute(&mut *tx)
                    .await?;
                for sdg in sdgs {
                    sqlx::query("INSERT INTO theme_sdgs (theme_id, sdg) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .bind(theme_id)
                        .bind(*sdg)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn city_note(&self, city_id: i64) -> StoreResult<CityNote> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT n.themes_mask, n.challenges, u.name AS user_name, COALESCE(p.visibility, 1) AS author_visibility, n.updated_at \
                     FROM city_notes n LEFT JOIN users u ON u.id = n.updated_by LEFT JOIN profiles p ON p.user_id = n.updated_by \
                     WHERE n.city_id = $1",
                )
                .bind(city_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match row {
                    Some(r) => CityNote {
                        themes_mask: r.try_get("themes_mask")?,
                        challenges: r.try_get("challenges")?,
                        updated_by: r.try_get("user_name")?,
                        author_visibility: r.try_get("author_visibility")?,
                        updated_at: Some(r.try_get("updated_at")?),
                    },
                    None => CityNote::default(),
                })
            }

            async fn save_city_note(&self, city_id: i64, user: UserId, themes_mask: i64, challenges: &str, now: i64) -> StoreResult<()> {
                let mut tx = self.write_tx().await?;
                sqlx::query(
                    "INSERT INTO city_notes (city_id, themes_mask, challenges, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (city_id) DO UPDATE SET themes_mask = excluded.themes_mask, challenges = excluded.challenges, \
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                )
                .bind(city_id)
                .bind(themes_mask)
                .bind(challenges)
                .bind(user.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO city_changes (city_id, user_id, at, themes_mask, challenges) VALUES ($1, $2, $3, $4, $5)")
                    .bind(city_id)
                    .bind(user.0)
                    .bind(now)
                    .bind(themes_mask)
                    .bind(challenges)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn city_changes(&self, city_id: i64, limit: i64) -> StoreResult<Vec<CityChange>> {
                let rows = sqlx::query(
                    "SELECT u.name AS user_name, COALESCE(p.visibility, 1) AS author_visibility, c.at, c.themes_mask, c.challenges \
                     FROM city_changes c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN profiles p ON p.user_id = c.user_id \
                     WHERE c.city_id = $1 ORDER BY c.at DESC, c.id DESC LIMIT $2",
                )
                .bind(city_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| Ok(sqlx::FromRow::from_row(r)?))
                    .collect()
            }
        }
    };
}

pub(crate) use impl_places_store;
