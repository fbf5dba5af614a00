//! The pairings map, drawn on the server as SVG: North America and Europe
//! from Natural Earth's 1:110m land (public domain, shipped as TopoJSON from
//! the `world-atlas` package in `migrations/data/land-110m.json`), a dot per
//! city and a curve between paired cities. No tiles, no script: readable
//! offline and before (or without) the WASM. Text reaches the markup only
//! through `escape::html`.

use crate::domain::Locale;
use crate::escape::html;
use crate::i18n::Msg;
use crate::store::pairings::PairingRecord;
use std::fmt::Write;
use std::sync::OnceLock;

const LAND: &str = include_str!("../../../migrations/data/land-110m.json");

/// The part of the world drawn: from Alaska to the Black Sea.
const WEST: f64 = -170.0;
const EAST: f64 = 45.0;
const NORTH: f64 = 72.0;
const SOUTH: f64 = 8.0;
pub const WIDTH: f64 = 1000.0;

fn height() -> f64 {
    // an equirectangular projection squeezed by cos(40°) so mid-latitudes
    // keep their shape
    WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * 40f64.to_radians().cos())
}

/// Longitude and latitude to map coordinates.
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    (
        (lon - WEST) / (EAST - WEST) * WIDTH,
        (NORTH - lat) / (NORTH - SOUTH) * height(),
    )
}

/// The land as one SVG path, decoded once.
fn land() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| land_path(LAND).unwrap_or_default())
}

/// Decodes a TopoJSON topology's `land` object (quantized, delta-encoded
/// arcs) into path data, leaving out rings wholly outside the drawn part
/// and points closer than half a unit to the last one kept.
pub fn land_path(topojson: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(topojson).ok()?;
    let scale = v["transform"]["scale"].as_array()?;
    let translate = v["transform"]["translate"].as_array()?;
    let (sx, sy) = (scale[0].as_f64()?, scale[1].as_f64()?);
    let (tx, ty) = (translate[0].as_f64()?, translate[1].as_f64()?);
    let arcs: Vec<Vec<(f64, f64)>> = v["arcs"]
        .as_array()?
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.as_array()
                .map(|pts| {
                    pts.iter()
                        .filter_map(|p| {
                            x += p.get(0)?.as_i64()?;
                            y += p.get(1)?.as_i64()?;
                            Some((x as f64 * sx + tx, y as f64 * sy + ty))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let ring_points = |ring: &serde_json::Value| -> Vec<(f64, f64)> {
        let mut pts = Vec::new();
        for idx in ring
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i.as_i64())
        {
            let (arc, reversed) = if idx < 0 {
                ((!idx) as usize, true)
            } else {
                (idx as usize, false)
            };
            let Some(a) = arcs.get(arc) else { continue };
            let mut seg: Vec<(f64, f64)> = a.clone();
            if reversed {
                seg.reverse();
            }
            // consecutive arcs share their joining point
            if !pts.is_empty() && !seg.is_empty() {
                seg.remove(0);
            }
            pts.extend(seg);
        }
        pts
    };
    let mut out = String::new();
    for g in v["objects"]["land"]["geometries"].as_array()? {
        let polygons: Vec<&serde_json::Value> = match g["type"].as_str()? {
            "Polygon" => vec![&g["arcs"]],
            "MultiPolygon" => g["arcs"].as_array()?.iter().collect(),
            _ => continue,
        };
        for poly in polygons {
            for ring in poly.as_array().into_iter().flatten() {
                let pts = ring_points(ring);
                let inside = pts.iter().any(|(lon, lat)| {
                    (WEST..=EAST).contains(lon) && (SOUTH - 10.0..=NORTH + 15.0).contains(lat)
                });
                if pts.len() < 3 || !inside {
                    continue;
                }
                let mut last: Option<(f64, f64)> = None;
                for (i, (lon, lat)) in pts.iter().enumerate() {
                    let (x, y) = project(*lon, *lat);
                    if let Some((lx, ly)) = last {
                        if (x - lx).abs() + (y - ly).abs() < 0.5 && i + 1 != pts.len() {
                            continue;
                        }
                    }
                    let _ = write!(
                        out,
                        "{}{:.1} {:.1}",
                        if last.is_none() { "M" } else { "L" },
                        x,
                        y
                    );
                    last = Some((x, y));
                }
                out.push('Z');
            }
        }
    }
    Some(out)
}

/// The map of `pairings`: land, a curve between each two cities of a
/// pairing (a link to its page) and a dot per city, each with its name.
pub fn svg(pairings: &[&PairingRecord], locale: Locale) -> String {
    let h = height();
    let cities: usize = {
        let mut ids: Vec<i64> = pairings
            .iter()
            .flat_map(|p| p.cities.iter().map(|c| c.city_id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let mut out = String::with_capacity(40_000 + pairings.len() * 400);
    let _ = write!(
        out,
        "<svg class=\"pairing-map\" viewBox=\"0 0 {WIDTH:.0} {h:.0}\" role=\"group\" aria-labelledby=\"map-title map-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"map-title\">{}</title><desc id=\"map-desc\">{}</desc>\
         <rect class=\"sea\" width=\"{WIDTH:.0}\" height=\"{h:.0}\"/><path class=\"land\" d=\"{}\"/>",
        html(Msg::MapTitle.text(locale)),
        html(&Msg::MapDescription.fill(
            locale,
            &[("pairings", &pairings.len().to_string()), ("cities", &cities.to_string())]
        )),
        land()
    );
    let mut dots: Vec<(i64, f64, f64, String)> = Vec::new();
    for p in pairings {
        let pts: Vec<(f64, f64)> = p
            .cities
            .iter()
            .map(|c| project(c.longitude, c.latitude))
            .collect();
        let name = html(&super::title(p));
        let _ = write!(
            out,
            "<a href=\"/pairing/{}\" class=\"link-{}\"><title>{name}</title>",
            p.id,
            p.state.as_str()
        );
        for i in 0..pts.len() {
            let j = (i + 1) % pts.len();
            if pts.len() == 2 && i == 1 {
                break;
            }
            let ((x1, y1), (x2, y2)) = (pts[i], pts[j]);
            // a curve bowing north, as flight paths do
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0 - (x2 - x1).abs() * 0.18);
            let _ = write!(
                out,
                "<path d=\"M{x1:.1} {y1:.1}Q{mx:.1} {my:.1} {x2:.1} {y2:.1}\"/>"
            );
        }
        out.push_str("</a>");
        for (c, (x, y)) in p.cities.iter().zip(&pts) {
            if !dots.iter().any(|d| d.0 == c.city_id) {
                dots.push((c.city_id, *x, *y, c.name.clone()));
            }
        }
    }
    for (_, x, y, name) in dots {
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\"><title>{}</title></circle>",
            html(&name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_land_draws_both_sides_of_the_atlantic() {
        let d = land_path(LAND).expect("land-110m.json decodes");
        assert!(d.starts_with('M'));
        assert!(
            d.matches('Z').count() > 20,
            "rings drawn: {}",
            d.matches('Z').count()
        );
        // small enough to inline in a page
        assert!(d.len() < 60_000, "{} bytes", d.len());
        // Montréal and Lyon land inside the frame
        for (lon, lat) in [(-73.57, 45.5), (4.85, 45.76), (-99.13, 19.43)] {
            let (x, y) = project(lon, lat);
            assert!((0.0..WIDTH).contains(&x) && (0.0..height()).contains(&y));
        }
    }

    #[test]
    fn names_are_escaped_in_the_map() {
        use crate::domain::pairing::plan::PlanStatus;
        use crate::domain::pairing::PairingState;
        use crate::store::pairings::PairingCity;
        let city = |id, name: &str, lon, lat| PairingCity {
            city_id: id,
            name: name.into(),
            country_code: "CA".into(),
            latitude: lat,
            longitude: lon,
            application_id: None,
        };
        let p = PairingRecord {
            id: 7,
            call_id: None,
            cohort_year: 2027,
            state: PairingState::Cooperating,
            ended_reason: String::new(),
            themes: vec![],
            commitments: String::new(),
            agreement_version: 1,
            starts_at: None,
            ends_on: None,
            fit: 0,
            plan_status: PlanStatus::Draft,
            version: 1,
            created_at: 0,
            updated_at: 0,
            cities: vec![
                city(1, "<script>x</script>", -73.5, 45.5),
                city(2, "Lyon", 4.8, 45.7),
            ],
        };
        let s = svg(&[&p], Locale::En);
        assert!(!s.contains("<script>"));
        assert!(s.contains("&lt;script&gt;"));
        assert!(s.contains("href=\"/pairing/7\""));
        assert_eq!(s.matches("<circle").count(), 2);
    }
}
