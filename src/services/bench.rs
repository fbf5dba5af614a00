//! `tandem bench search`: server-side people-search latency per query class,
//! against whatever database the configuration names (seed it first with
//! `tandem seed --members N`). Each query runs the whole search use case:
//! the page, the facet counts and the matching cities.

use super::network;
use super::seed::RARE_WORDS;
use crate::domain::search::SearchParams;
use crate::domain::Locale;
use crate::error::AppError;
use crate::store::Store;
use std::time::Instant;

/// Words of theme names in the three languages: each matches many members.
const COMMON: &[&str] = &[
    "mobility",
    "movilidad",
    "mobilite",
    "housing",
    "logement",
    "vivienda",
    "circular",
    "circulaire",
    "economy",
    "economie",
    "economia",
    "climate",
    "climat",
    "energy",
    "energie",
    "energia",
    "transition",
    "transicion",
    "nature",
    "naturaleza",
    "governance",
    "gouvernance",
    "gobernanza",
    "participation",
    "participacion",
    "regeneration",
    "regeneracion",
    "smart",
    "digital",
    "numerique",
    "resilience",
    "resiliencia",
    "adaptation",
    "adaptacion",
    "culture",
    "cultura",
    "heritage",
    "patrimoine",
    "patrimonio",
    "jobs",
    "emploi",
    "empleo",
    "inclusive",
    "inclusif",
    "desarrollo",
    "sostenible",
];

const NAME_PREFIXES: &[&str] = &[
    "ana", "car", "mar", "jos", "luc", "die", "val", "mat", "cam", "san", "sop", "lou", "chl",
    "gab", "hug", "emm", "noa", "oli", "lia", "eth", "jam", "ame", "ben", "har", "ele", "gar",
    "her", "gon", "per", "ram", "tor", "flo", "tre", "gag", "cot", "bou", "gau", "mor", "lav",
    "smi", "joh", "wil", "bro", "mil",
];

const WORD_PREFIXES: &[&str] = &[
    "mob", "hou", "viv", "log", "cir", "eco", "cli", "ene", "tra", "nat", "gov", "gob", "par",
    "reg", "sma", "dig", "res", "ada", "cul", "her", "pat", "emp", "inc", "des", "sos", "sus",
    "urb", "dur", "pub", "bus", "bic", "cyc", "gre", "hea", "flo", "wat", "sol", "dat", "ope",
    "com",
];

/// One filter per query in turn, for the "with a filter" runs.
pub const FILTERS: &[(&str, &str)] = &[
    ("country", "MX"),
    ("theme", "housing"),
    ("sector", "government"),
    ("lang", "fr"),
    ("size", "3"),
];

/// This process's resident set in MiB (0 where `/proc` is missing).
pub fn resident_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}

/// The nearest-rank percentile of sorted samples.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub struct ClassResult {
    pub class: String,
    pub filtered: bool,
    pub queries: usize,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub mean_hits: f64,
}

/// The query classes, each with its queries (at least 40 distinct terms).
pub fn query_classes() -> Vec<(&'static str, Vec<String>)> {
    let pairs: Vec<String> = (0..COMMON.len())
        .map(|i| format!("{} {}", COMMON[i], COMMON[(i * 7 + 3) % COMMON.len()]))
        .collect();
    vec![
        (
            "common theme word",
            COMMON.iter().map(|s| s.to_string()).collect(),
        ),
        ("two words", pairs),
        (
            "name prefix (type-ahead)",
            NAME_PREFIXES.iter().map(|s| s.to_string()).collect(),
        ),
        (
            "word prefix (type-ahead)",
            WORD_PREFIXES.iter().map(|s| s.to_string()).collect(),
        ),
        (
            "rare word",
            RARE_WORDS.iter().map(|s| s.to_string()).collect(),
        ),
        // the directory's landing page: every listed member (five runs so
        // that the filtered ones try each filter)
        ("no words (everyone)", vec![String::new(); FILTERS.len()]),
    ]
}

/// The search `q`, with the `i`-th filter when `filtered`.
pub fn params(q: &str, i: usize, filtered: bool) -> SearchParams {
    let p = SearchParams {
        q: q.to_owned(),
        page: 1,
        ..Default::default()
    };
    if filtered {
        let (k, v) = FILTERS[i % FILTERS.len()];
        p.toggled(k, v)
    } else {
        p
    }
}

/// Every class, without and with a filter, `rounds` times, the hits found
/// by `matcher`.
pub async fn search(
    store: &dyn Store,
    rounds: usize,
    matcher: network::Matcher,
) -> Result<Vec<ClassResult>, AppError> {
    let classes = query_classes();
    // warm the caches once
    for q in COMMON.iter().take(5) {
        let p = SearchParams {
            q: q.to_string(),
            page: 1,
            ..Default::default()
        };
        network::search_with(store, true, &p, Locale::En, matcher).await?;
    }
    let mut out = Vec::new();
    for (class, queries) in &classes {
        for filtered in [false, true] {
            let mut times = Vec::new();
            let mut hits = 0i64;
            for _ in 0..rounds {
                for (i, q) in queries.iter().enumerate() {
                    let p = params(q, i, filtered);
                    let started = Instant::now();
                    let r = network::search_with(store, true, &p, Locale::En, matcher).await?;
                    times.push(started.elapsed().as_secs_f64() * 1000.0);
                    hits += r.total;
                }
            }
            times.sort_by(|a, b| a.total_cmp(b));
            out.push(ClassResult {
                class: class.to_string(),
                filtered,
                queries: queries.len(),
                runs: times.len(),
                p50_ms: percentile(&times, 50.0),
                p95_ms: percentile(&times, 95.0),
                max_ms: times.last().copied().unwrap_or(0.0),
                mean_hits: hits as f64 / times.len().max(1) as f64,
            });
        }
    }
    Ok(out)
}

/// Suggestions for `members` members spread over the id range, each the
/// whole use case; `mean_hits` is the mean number of suggestions.
pub async fn recommend(store: &dyn Store, members: usize) -> Result<ClassResult, AppError> {
    let total = store.count_users().await?.max(1);
    let step = (total / members.max(1) as i64).max(1);
    // the first call loads the in-memory facts (as the server does at start)
    if let Some(first) = store.user_by_id(crate::domain::UserId(1)).await? {
        super::matchmaking::suggestions(store, &first, Locale::En).await?;
    }
    let mut times = Vec::new();
    let mut hits = 0usize;
    for k in 0..members as i64 {
        let id = crate::domain::UserId(1 + (k * step) % total);
        let Some(user) = store.user_by_id(id).await? else {
            continue;
        };
        let started = Instant::now();
        let s = super::matchmaking::suggestions(store, &user, Locale::En).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        hits += s.people.len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Ok(ClassResult {
        class: "suggestions".into(),
        filtered: false,
        queries: members,
        runs: times.len(),
        p50_ms: percentile(&times, 50.0),
        p95_ms: percentile(&times, 95.0),
        max_ms: times.last().copied().unwrap_or(0.0),
        mean_hits: hits as f64 / times.len().max(1) as f64,
    })
}

/// Candidate partner cities for `cities` cities that have members, spread
/// over them, each the whole use case (fold every member's facts by city,
/// score, name the best); `mean_hits` is the mean number of candidates.
pub async fn partners(store: &dyn Store, cities: usize) -> Result<ClassResult, AppError> {
    let known = store.city_facts(1).await?;
    let with_members: Vec<i64> = known
        .iter()
        .filter(|c| c.members > 0)
        .map(|c| c.id)
        .collect();
    let step = (with_members.len() / cities.max(1)).max(1);
    let mut times = Vec::new();
    let mut hits = 0usize;
    for id in with_members.iter().step_by(step).take(cities) {
        let started = Instant::now();
        let found = super::partners::for_city(store, *id, 1, Locale::En).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        hits += found.len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Ok(ClassResult {
        class: "partner cities".into(),
        filtered: false,
        queries: cities,
        runs: times.len(),
        p50_ms: percentile(&times, 50.0),
        p95_ms: percentile(&times, 95.0),
        max_ms: times.last().copied().unwrap_or(0.0),
        mean_hits: hits as f64 / times.len().max(1) as f64,
    })
}

// ---------------------------------------------------------------- meeting scheduler

/// What `upper bound` means in the `tandem bench schedule` table.
pub const SCHEDULE_BOUND_NOTE: &str = "upper bound: the smaller of the total weight and a \
maximum-weight fractional b-matching (each person meets at most once per slot they and a \
partner can both attend; at most min(tables, people available / 2) meetings per slot), \
computed exactly by min-cost flow; no schedule can weigh more, so the real gap to the \
optimum is at most the gap shown. Times: parse, solve and write the output, one thread.";

pub struct ScheduleRow {
    pub name: &'static str,
    pub people: usize,
    pub requests: usize,
    pub slots: usize,
    pub tables: usize,
    pub pinned: usize,
    pub weight: i64,
    pub bound: i64,
    pub gap_percent: f64,
    pub placed: usize,
    pub idle_gaps: usize,
    pub ms: f64,
}

/// The scheduler on deterministic generated instances, each output checked
/// against every rule.
pub fn schedule() -> Result<Vec<ScheduleRow>, String> {
    use crate::domain::schedule::{check, generate, solve, upper_bound, GenParams, Problem};
    let g = |people, requests, slots, tables, pins, seed| GenParams {
        people,
        requests,
        slots,
        tables,
        pins,
        seed,
        ..GenParams::default()
    };
    let cases = [
        ("small", g(60, 240, 8, 0, 4, 1)),
        ("medium", g(200, 1000, 12, 0, 20, 2)),
        (
            "colourable (slots = busiest + 1)",
            GenParams {
                partial: 0.0,
                ..g(300, 1500, 0, 0, 0, 3)
            },
        ),
        ("large, plentiful tables", g(600, 4200, 16, 0, 40, 4)),
        ("large, 220 tables a slot", g(600, 4200, 16, 220, 40, 5)),
    ];
    let mut rows = Vec::new();
    for (name, params) in cases {
        let input = generate(&params);
        let text = serde_json::to_string(&input).map_err(|e| e.to_string())?;
        let started = Instant::now();
        let p = Problem::from_json(&text).map_err(|e| format!("{name}: {e}"))?;
        let slots = solve(&p);
        let out = p.output(&slots);
        let json = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(json);
        check(&p, &out).map_err(|e| format!("{name}: rule broken: {e}"))?;
        let bound = upper_bound(&p).value;
        rows.push(ScheduleRow {
            name,
            people: p.people(),
            requests: p.requests(),
            slots: p.slots(),
            tables: input.slots.first().map_or(0, |s| s.tables as usize),
            pinned: input.pinned.len(),
            weight: out.scheduled_weight,
            bound,
            gap_percent: if bound == 0 {
                0.0
            } else {
                100.0 * (bound - out.scheduled_weight) as f64 / bound as f64
            },
            placed: out.assignments.len(),
            idle_gaps: p.idle_gaps(&slots),
            ms,
        });
    }
    Ok(rows)
}

/// What [`index_memory`] measured.
pub struct IndexReport {
    pub stats: crate::store::people_index::IndexStats,
    pub build_secs: f64,
    pub rss_before_mib: u64,
    pub rss_after_mib: u64,
    /// word matching alone (no facts, no facets), per query kind
    pub classes: Vec<ClassResult>,
}

/// The index built from generated members: two name words out of 50,000,
/// 20 headline and 40 other words out of `vocabulary`, each drawn with a
/// log-uniform (Zipf-like) law over word ranks; words are letters spelt
/// from the rank, so prefixes spread as in text.
pub fn index_memory(members: usize, vocabulary: usize) -> IndexReport {
    use crate::store::people::FactRow;
    use crate::store::people_index::PeopleIndex;
    use rand::{rngs::StdRng, Rng, SeedableRng};
    fn word(rank: u64) -> String {
        // a bijective base-26 spelling, scrambled so neighbours differ early
        let mut n = rank.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 26u64.pow(7) + 26 * 26;
        let mut s = Vec::new();
        while n > 0 {
            s.push(b'a' + (n % 26) as u8);
            n /= 26;
        }
        String::from_utf8(s).unwrap_or_default()
    }
    fn zipf(rng: &mut StdRng, n: usize) -> u64 {
        ((n as f64 + 1.0).powf(rng.gen::<f64>()) - 1.0) as u64
    }
    let mut rng = StdRng::seed_from_u64(42);
    let before = resident_mib();
    let started = Instant::now();
    let mut ix = PeopleIndex::new();
    let mut batch = Vec::with_capacity(4096);
    for id in 1..=members as i64 {
        let pick = |rng: &mut StdRng, n: usize, k: usize, base: u64| {
            (0..k)
                .map(|_| word(base + zipf(rng, n)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        batch.push(FactRow {
            user_id: id,
            listed: true,
            visibility: 0,
            sector: None,
            country: Some("MX".into()),
            size: Some(1),
            themes: 1,
            langs: 1,
            rank: id % 100,
            offer: 0,
            seek: 0,
            city: None,
            words: [
                pick(&mut rng, 50_000, 2, 10_000_000),
                pick(&mut rng, vocabulary, 20, 0),
                pick(&mut rng, vocabulary, 40, 0),
            ],
        });
        if batch.len() == batch.capacity() {
            ix.apply(&batch, 0);
            batch.clear();
        }
    }
    ix.apply(&batch, 1);
    ix.settle();
    drop(batch);
    let build_secs = started.elapsed().as_secs_f64();
    let after = resident_mib();
    let mut classes = Vec::new();
    for (class, len) in [
        ("one letter", 1usize),
        ("two letters", 2),
        ("three letters", 3),
        ("whole common word", 0),
    ] {
        let mut times = Vec::new();
        let mut hits = 0u64;
        for i in 0..40u64 {
            let w = word(i);
            let t = if len == 0 {
                w
            } else {
                w.chars().take(len).collect()
            };
            let started = Instant::now();
            let m = ix.matching(std::slice::from_ref(&t));
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            hits += m.any.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        classes.push(ClassResult {
            class: class.into(),
            filtered: false,
            queries: 40,
            runs: times.len(),
            p50_ms: percentile(&times, 50.0),
            p95_ms: percentile(&times, 95.0),
            max_ms: times.last().copied().unwrap_or(0.0),
            mean_hits: hits as f64 / times.len() as f64,
        });
    }
    IndexReport {
        stats: ix.stats(),
        build_secs,
        rss_before_mib: before,
        rss_after_mib: after,
        classes,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(super::percentile(&v, 50.0), 50.0);
        assert_eq!(super::percentile(&v, 95.0), 95.0);
        assert_eq!(super::percentile(&[3.0], 95.0), 3.0);
        assert!(
            super::COMMON.len() >= 40
                && super::NAME_PREFIXES.len() >= 40
                && super::WORD_PREFIXES.len() >= 40
        );
        assert!(super::super::seed::RARE_WORDS.len() >= 40);
    }
}
