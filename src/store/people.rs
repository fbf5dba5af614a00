//! The people search's counting and ordering, done in Rust over the facts
//! of the in-process index ([`people_index`](super::people_index)).
//!
//! Why: filtering and counting facets over tens of thousands of hits costs
//! SQLite's and PostgreSQL's executors tens of milliseconds per query (one
//! aggregate per facet value per row), while the same work over a compact
//! in-memory array takes well under a millisecond. The hits come either
//! from the index's word sets (the search) or, on the reference path the
//! tests compare it with, from the database's full-text index as ids; both
//! are counted and ordered by [`tally`], so they cannot drift apart.

use super::{PeopleHits, PeopleQuery};
use crate::domain::partner::CityFacts;
use std::collections::HashMap;

pub use super::people_index::{Fact, FactRow, PeopleIndex as FactsCache};

/// The `limit` members who suit `me` best, best first, with why: listed,
/// visible to members, not `me`, not hidden by `me`. None when `me` has no
/// profile facts yet.
pub fn recommend(
    cache: &FactsCache,
    me: i64,
    hidden: &[i64],
    liked: i64,
    limit: usize,
) -> Option<Vec<(i64, crate::domain::recommend::Match)>> {
    use crate::domain::recommend::{score, top_k};
    let mine = cache.get(&me)?.recommend_facts();
    let mut hidden = hidden.to_vec();
    hidden.sort_unstable();
    let mut scored = Vec::with_capacity(1024);
    for (id, f) in cache.iter() {
        if id == me || !f.listed || f.visibility > 1 || hidden.binary_search(&id).is_ok() {
            continue;
        }
        let m = score(&mine, &f.recommend_facts(), liked);
        if m.score > 0 {
            scored.push((m.score, f.rank, id));
        }
    }
    let best = top_k(scored, limit);
    Some(
        best.into_iter()
            .filter_map(|(_, _, id)| {
                let f = cache.get(&id)?;
                Some((id, score(&mine, &f.recommend_facts(), liked)))
            })
            .collect(),
    )
}

/// Theme bits counted in facets (the taxonomy has fewer).
pub const THEME_BITS: usize = 16;

fn matches(f: &Fact, q: &PeopleQuery, sectors: &[i8], countries: &[[u8; 2]]) -> bool {
    f.listed
        && f.visibility <= q.max_visibility
        && (q.themes_mask == 0 || f.themes & q.themes_mask != 0)
        && (q.languages_mask == 0 || f.langs & q.languages_mask != 0)
        && (sectors.is_empty() || sectors.contains(&f.sector))
        && (countries.is_empty() || countries.contains(&f.country))
        && (q.sizes.is_empty() || q.sizes.contains(&i64::from(f.size)))
}

/// The search over the index: the members matching every term (every
/// listed member without terms), filtered, counted and paged by [`tally`].
pub fn search(cache: &FactsCache, q: &PeopleQuery) -> (PeopleHits, Vec<i64>) {
    if q.terms.is_empty() {
        return tally(
            q,
            cache.live().iter().map(|s| {
                let (id, f) = cache.at(s);
                (id, f, 2)
            }),
        );
    }
    let m = cache.matching(&q.terms);
    tally(
        q,
        m.any.iter().map(|s| {
            let (id, f) = cache.at(s);
            let tier = if m.name.contains(s) {
                0
            } else if m.head.contains(s) {
                1
            } else {
                2
            };
            (id, f, tier)
        }),
    )
}

/// The reference path: `candidates` are the ids the database's full-text
/// index matched (None: every listed member), `name_ids` and
/// `headline_ids` those matching in the name and in name or headline.
pub fn run(
    cache: &FactsCache,
    q: &PeopleQuery,
    candidates: Option<&[i64]>,
    name_ids: &[i64],
    headline_ids: &[i64],
) -> (PeopleHits, Vec<i64>) {
    let mut name_sorted = name_ids.to_vec();
    name_sorted.sort_unstable();
    let mut head_sorted = headline_ids.to_vec();
    head_sorted.sort_unstable();
    let tier = |id: i64| -> u8 {
        if name_sorted.binary_search(&id).is_ok() {
            0
        } else if head_sorted.binary_search(&id).is_ok() {
            1
        } else {
            2
        }
    };
    match candidates {
        Some(ids) => tally(
            q,
            ids.iter()
                .filter_map(|id| cache.get(id).map(|f| (*id, f, tier(*id)))),
        ),
        None => tally(q, cache.iter().map(|(id, f)| (id, f, tier(id)))),
    }
}

/// Filters the hits (member, facts, tier: 0 name, 1 headline, 2 elsewhere),
/// counts the facets and picks the page: name matches first, then headline
/// matches, then the rest, each by rank then id. Returns the counts (rows
/// left empty) and the ids of the page, in order.
pub fn tally<'a>(
    q: &PeopleQuery,
    candidates: impl Iterator<Item = (i64, &'a Fact, u8)>,
) -> (PeopleHits, Vec<i64>) {
    let sectors: Vec<i8> = q
        .sectors
        .iter()
        .filter_map(|s| super::people_index::sector_code(s))
        .collect();
    let countries: Vec<[u8; 2]> = q
        .countries
        .iter()
        .filter(|c| c.len() == 2 && c.is_ascii())
        .map(|c| {
            let b = c.as_bytes();
            [b[0], b[1]]
        })
        .collect();
    let languages = crate::domain::profile::LANGUAGES.len();
    let mut theme_counts = [0i64; THEME_BITS];
    let mut lang_counts = vec![0i64; languages];
    let mut sector_counts = [0i64; 6];
    let mut size_counts = [0i64; 5];
    let mut country_counts: HashMap<[u8; 2], i64> = HashMap::new();
    let mut total = 0i64;
    // counts per two-letter code without hashing: A-Z pairs in an array
    let mut letter_counts = [0i64; 26 * 26];
    // the page: only the first offset + limit hits are kept, in a bounded
    // heap (at a million members, no array of every hit)
    let want = (q.offset + q.limit).max(0) as usize;
    let mut best: std::collections::BinaryHeap<(u8, i64, i64)> =
        std::collections::BinaryHeap::with_capacity(want + 1);

    for (id, f, tier) in candidates {
        if !matches(f, q, &sectors, &countries) {
            continue;
        }
        total += 1;
        let mut t = f.themes;
        while t != 0 {
            let b = t.trailing_zeros() as usize;
            if b < THEME_BITS {
                theme_counts[b] += 1;
            }
            t &= t - 1;
        }
        let mut l = f.langs;
        while l != 0 {
            let b = l.trailing_zeros() as usize;
            if b < languages {
                lang_counts[b] += 1;
            }
            l &= l - 1;
        }
        if (0..6).contains(&f.sector) {
            sector_counts[f.sector as usize] += 1;
        }
        if (0..5).contains(&f.size) {
            size_counts[f.size as usize] += 1;
        }
        match f.country {
            [0, 0] => {}
            [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                letter_counts[usize::from(a - b'A') * 26 + usize::from(b - b'A')] += 1
            }
            other => *country_counts.entry(other).or_insert(0) += 1,
        }
        let hit = (tier, -f.rank, id);
        if best.len() < want {
            best.push(hit);
        } else if best.peek().is_some_and(|worst| hit < *worst) {
            best.pop();
            best.push(hit);
        }
    }
    for (i, n) in letter_counts.iter().enumerate() {
        if *n > 0 {
            let code = [b'A' + (i / 26) as u8, b'A' + (i % 26) as u8];
            *country_counts.entry(code).or_insert(0) += n;
        }
    }
    let hits = best.into_sorted_vec();
    let page: Vec<i64> = hits
        .iter()
        .skip(q.offset.max(0) as usize)
        .take(q.limit.max(0) as usize)
        .map(|h| h.2)
        .collect();

    let mut countries: Vec<(String, i64)> = country_counts
        .into_iter()
        .map(|(c, n)| (String::from_utf8_lossy(&c).into_owned(), n))
        .collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    countries.truncate(40);
    let result = PeopleHits {
        rows: Vec::new(),
        total,
        theme_counts: theme_counts.to_vec(),
        language_counts: lang_counts,
        sector_counts: crate::domain::profile::Sector::ALL
            .iter()
            .zip(sector_counts)
            .map(|(s, n)| (s.as_str().to_owned(), n))
            .collect(),
        size_counts: (0..5).map(|i| (i as i64, size_counts[i])).collect(),
        country_counts: countries,
    };
    (result, page)
}

/// Ids from `group_concat` / `string_agg` ("3,17,42").
pub fn parse_ids(joined: Option<&str>) -> Vec<i64> {
    joined
        .unwrap_or("")
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// The cities the ranking knows, from the listed members' facts (members
/// hidden from search do not count) and the cities' stated priorities.
pub fn fold_cities(
    members: impl Iterator<Item = (i64, Fact)>,
    priorities: &[super::CityPriorities],
    max_visibility: i64,
) -> Vec<CityFacts> {
    use crate::domain::partner::CityAcc;
    use crate::domain::profile::SizeBucket;
    let mut acc: HashMap<i64, CityAcc> = HashMap::new();
    for (city, f) in members {
        if city == 0 || !f.listed || f.visibility > max_visibility.min(1) {
            continue;
        }
        acc.entry(city)
            .or_default()
            .add_member(f.country, f.size, f.themes, f.offer, f.seek, f.langs);
    }
    let mut out: HashMap<i64, CityFacts> = acc
        .into_iter()
        .map(|(id, a)| {
            let mut f = a.finish();
            f.id = id;
            (id, f)
        })
        .collect();
    for p in priorities {
        let f = out.entry(p.city_id).or_insert_with(|| {
            let cc = p.country_code.as_bytes();
            CityFacts {
                id: p.city_id,
                country: if cc.len() == 2 {
                    [cc[0], cc[1]]
                } else {
                    [0, 0]
                },
                size: SizeBucket::of(p.population).code() as i8,
                ..CityFacts::default()
            }
        });
        f.priorities = p.themes_mask;
    }
    let mut v: Vec<CityFacts> = out.into_values().collect();
    v.sort_by_key(|c| c.id);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        id: i64,
        listed: bool,
        vis: i64,
        sector: &str,
        country: &str,
        themes: i64,
        rank: i64,
    ) -> FactRow {
        FactRow {
            user_id: id,
            listed,
            visibility: vis,
            sector: Some(sector.into()),
            country: Some(country.into()),
            size: Some(1),
            themes,
            langs: 1,
            rank,
            offer: 0,
            seek: 0,
            city: None,
            words: Default::default(),
        }
    }

    #[test]
    fn counts_filters_and_orders() {
        let mut c = FactsCache::new();
        c.apply(
            &[
                row(1, true, 0, "government", "MX", 0b11, 10),
                row(2, true, 1, "research", "CA", 0b10, 30),
                row(3, false, 0, "government", "MX", 0b01, 99),
                row(4, true, 0, "government", "CA", 0b01, 20),
            ],
            7,
        );
        assert_eq!(c.version, 7);
        let q = PeopleQuery {
            max_visibility: 1,
            limit: 10,
            ..Default::default()
        };
        let (hits, page) = run(&c, &q, None, &[], &[]);
        assert_eq!(hits.total, 3, "unlisted left out");
        assert_eq!(page, vec![2, 4, 1], "by rank");
        assert_eq!(&hits.theme_counts[..2], &[2, 2]);
        assert_eq!(
            hits.country_counts,
            vec![("CA".to_owned(), 2), ("MX".to_owned(), 1)]
        );
        assert_eq!(hits.sector_counts[0], ("government".to_owned(), 2));
        // tiers beat rank; visitors see public only; filters AND across dimensions
        let (_, page) = run(&c, &q, Some(&[1, 2, 4]), &[1], &[4]);
        assert_eq!(page, vec![1, 4, 2]);
        let visitor = PeopleQuery {
            max_visibility: 0,
            ..q.clone()
        };
        assert_eq!(run(&c, &visitor, None, &[], &[]).0.total, 2);
        let filtered = PeopleQuery {
            countries: vec!["CA".into()],
            sectors: vec!["government".into()],
            ..q.clone()
        };
        assert_eq!(run(&c, &filtered, None, &[], &[]).1, vec![4]);
        let paged = PeopleQuery {
            limit: 1,
            offset: 1,
            ..q
        };
        assert_eq!(run(&c, &paged, None, &[], &[]).1, vec![4]);
        // a later write replaces the fact
        c.apply(&[row(2, false, 1, "research", "CA", 0, 30)], 8);
        assert_eq!(
            run(
                &c,
                &PeopleQuery {
                    max_visibility: 1,
                    limit: 10,
                    ..Default::default()
                },
                None,
                &[],
                &[]
            )
            .0
            .total,
            2
        );
        assert_eq!(parse_ids(Some("3,17,42")), vec![3, 17, 42]);
        assert!(parse_ids(None).is_empty());
    }
}
