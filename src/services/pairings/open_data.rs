//! Open data: every public pairing as JSON (`/pairings.json`) and CSV
//! (`/pairings.csv`), and schema.org JSON-LD on the public pages. Only what
//! the public pages show: no team, no notes, no documents, no private
//! actions. The schema is documented in README ("Open data").

use super::{progress_by_pairing, Ctx};
use crate::domain::pairing::plan::{sdgs_in, ActionStatus};
use crate::domain::pairing::Day;
use crate::dto::PairingCard;
use crate::error::AppError;
use crate::store::pairings::PairingRecord;
use serde::Serialize;

/// Version of the open data's shape; bumped when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct OpenCity {
    /// GeoNames id
    pub geonames_id: i64,
    pub name: String,
    /// ISO 3166-1 alpha-2
    pub country: String,
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Serialize)]
pub struct OpenPairing {
    pub id: i64,
    pub url: String,
    /// "pair" or "trio"
    pub kind: &'static str,
    pub cohort_year: i64,
    /// signing, cooperating or completed
    pub state: &'static str,
    pub cities: Vec<OpenCity>,
    /// the cooperation period (YYYY-MM-DD), once every city signed
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// theme ids (see /themes)
    pub areas: Vec<String>,
    /// the action plan's state with staff: draft, submitted, approved, returned
    pub plan_status: &'static str,
    /// weighted progress of the plan, 0–100
    pub plan_progress: Option<i64>,
    pub public_actions: usize,
    pub actions_under_way: usize,
    /// SDG numbers served by its public actions
    pub sdgs: Vec<u8>,
}

#[derive(Debug, Serialize)]
pub struct OpenData {
    pub schema_version: u32,
    pub generated_at: String,
    pub licence: &'static str,
    pub pairings: Vec<OpenPairing>,
}

pub async fn collect(ctx: &Ctx) -> Result<OpenData, AppError> {
    let (all, facts) = tokio::try_join!(ctx.store.pairings(), ctx.store.action_facts())?;
    let progress = progress_by_pairing(&facts);
    let base = ctx.config.base_url.trim_end_matches('/').to_owned();
    let pairings = all
        .iter()
        .filter(|p| p.state.is_public())
        .map(|p| {
            let mine = facts.iter().filter(|f| f.pairing_id == p.id && f.public);
            let (progress, sdgs) = progress.get(&p.id).copied().unwrap_or((None, 0));
            OpenPairing {
                id: p.id,
                url: format!("{base}/pairing/{}", p.id),
                kind: if p.cities.len() > 2 { "trio" } else { "pair" },
                cohort_year: p.cohort_year,
                state: p.state.as_str(),
                cities: p
                    .cities
                    .iter()
                    .map(|c| OpenCity {
                        geonames_id: c.city_id,
                        name: c.name.clone(),
                        country: c.country_code.clone(),
                        latitude: c.latitude,
                        longitude: c.longitude,
                    })
                    .collect(),
                starts_on: p.starts_at.map(|ts| Day::from_unix(ts).to_string()),
                ends_on: p.ends_on.clone(),
                areas: p.themes.clone(),
                plan_status: p.plan_status.as_str(),
                plan_progress: progress,
                public_actions: mine.clone().count(),
                actions_under_way: mine.filter(|f| f.status == ActionStatus::UnderWay).count(),
                sdgs: sdgs_in(sdgs),
            }
        })
        .collect();
    Ok(OpenData {
        schema_version: SCHEMA_VERSION,
        generated_at: crate::services::time::rfc3339(ctx.now()),
        licence: "CC BY 4.0",
        pairings,
    })
}

/// The CSV: one row per pairing; cities as `name (CC)` joined by ` | `;
/// every cell through `escape::csv_row` (formula-safe).
pub fn csv(data: &OpenData) -> String {
    let mut out = crate::escape::csv_row(&[
        "id",
        "url",
        "kind",
        "cohort_year",
        "state",
        "cities",
        "geonames_ids",
        "countries",
        "starts_on",
        "ends_on",
        "areas",
        "plan_status",
        "plan_progress",
        "public_actions",
        "actions_under_way",
        "sdgs",
    ]);
    for p in &data.pairings {
        let join = |f: &dyn Fn(&OpenCity) -> String| {
            p.cities.iter().map(f).collect::<Vec<_>>().join(" | ")
        };
        out.push_str(&crate::escape::csv_row(&[
            p.id.to_string(),
            p.url.clone(),
            p.kind.to_owned(),
            p.cohort_year.to_string(),
            p.state.to_owned(),
            join(&|c| format!("{} ({})", c.name, c.country)),
            join(&|c| c.geonames_id.to_string()),
            join(&|c| c.country.clone()),
            p.starts_on.clone().unwrap_or_default(),
            p.ends_on.clone().unwrap_or_default(),
            p.areas.join(" | "),
            p.plan_status.to_owned(),
            p.plan_progress.map(|v| v.to_string()).unwrap_or_default(),
            p.public_actions.to_string(),
            p.actions_under_way.to_string(),
            p.sdgs
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(" | "),
        ]));
    }
    out
}

/// schema.org JSON-LD for a pairing's public page: a `Project` whose
/// members are the cities (`City` with their GeoNames address). Serialised
/// by serde_json, then made safe to sit inside `<script>`.
pub fn json_ld(ctx: &Ctx, p: &PairingRecord, card: &PairingCard) -> String {
    let base = ctx.config.base_url.trim_end_matches('/');
    let v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Project",
        "name": card.title,
        "url": format!("{base}/pairing/{}", p.id),
        "foundingDate": p.starts_at.map(|ts| Day::from_unix(ts).to_string()),
        "keywords": card.areas,
        "member": p.cities.iter().map(|c| serde_json::json!({
            "@type": "City",
            "name": c.name,
            "sameAs": format!("https://www.geonames.org/{}", c.city_id),
            "geo": {"@type": "GeoCoordinates", "latitude": c.latitude, "longitude": c.longitude},
            "address": {"@type": "PostalAddress", "addressCountry": c.country_code},
        })).collect::<Vec<_>>(),
    });
    crate::escape::json_in_script(&v.to_string())
}
