//! Synthetic instances for tests and `tandem bench schedule`: the same
//! parameters always give the same instance.

use super::solve::SplitMix;
use super::{ParticipantIn, PinIn, RequestIn, ScheduleInput, SlotIn};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct GenParams {
    pub people: usize,
    pub requests: usize,
    /// 0: one more than the busiest person's number of requests.
    pub slots: usize,
    /// Tables per slot; 0: plentiful (one per two people).
    pub tables: usize,
    /// Share of people who come late or leave early (a window of the day).
    pub partial: f64,
    /// How unevenly requests fall on people: 0 even, 1 a few very popular.
    pub skew: f64,
    /// Share of requests of weight 2 (both asked); a tenth of those weigh 3.
    pub mutual: f64,
    pub pins: usize,
    pub seed: u64,
}

impl Default for GenParams {
    fn default() -> Self {
        GenParams {
            people: 60,
            requests: 240,
            slots: 8,
            tables: 0,
            partial: 0.3,
            skew: 0.3,
            mutual: 0.3,
            pins: 0,
            seed: 1,
        }
    }
}

pub fn generate(g: &GenParams) -> ScheduleInput {
    let mut rng = SplitMix(g.seed ^ 0x7a4d_e3c0);
    let n = g.people.max(2);
    // popularity: person i is asked in proportion to 1 / (1 + rank)^skew
    let mut cumulative = Vec::with_capacity(n);
    let mut acc = 0.0;
    for i in 0..n {
        acc += 1.0 / ((1 + i) as f64).powf(g.skew);
        cumulative.push(acc);
    }
    let mut rank: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        rank.swap(i, rng.below(i + 1));
    }
    let max_pairs = n * (n - 1) / 2;
    let mut pairs = BTreeSet::new();
    let mut requests = Vec::new();
    let mut degree = vec![0usize; n];
    let mut tries = 0;
    while requests.len() < g.requests.min(max_pairs) && tries < 100 * g.requests + 1000 {
        tries += 1;
        let a = rng.below(n);
        let x = rng.below(1 << 30) as f64 / (1u64 << 30) as f64 * acc;
        let b = rank[cumulative.partition_point(|&c| c < x).min(n - 1)];
        if a == b || !pairs.insert((a.min(b), a.max(b))) {
            continue;
        }
        let weight = if rng.chance(g.mutual) {
            if rng.chance(0.1) {
                3
            } else {
                2
            }
        } else {
            1
        };
        degree[a] += 1;
        degree[b] += 1;
        requests.push(RequestIn {
            id: format!("r{}", requests.len() + 1),
            a: format!("p{}", a + 1),
            b: format!("p{}", b + 1),
            weight,
        });
    }
    let k = if g.slots == 0 {
        degree.iter().copied().max().unwrap_or(0) + 1
    } else {
        g.slots
    };
    let tables = if g.tables == 0 { n / 2 + 1 } else { g.tables };
    let slots: Vec<SlotIn> = (0..k)
        .map(|i| {
            let start = 9 * 60 + 25 * i;
            let time = |m: usize| {
                format!(
                    "2027-03-{:02}T{:02}:{:02}:00Z",
                    15 + m / (24 * 60),
                    m / 60 % 24,
                    m % 60
                )
            };
            SlotIn {
                id: format!("s{}", i + 1),
                start: Some(time(start)),
                end: Some(time(start + 20)),
                tables: tables as i64,
            }
        })
        .collect();
    let mut avail = vec![true; n * k];
    let participants = (0..n)
        .map(|x| {
            let available = if k > 2 && rng.chance(g.partial) {
                // present for a window of at least half the day
                let len = k / 2 + rng.below(k - k / 2);
                let from = rng.below(k - len + 1);
                for s in 0..k {
                    avail[x * k + s] = (from..from + len).contains(&s);
                }
                Some((from..from + len).map(|s| format!("s{}", s + 1)).collect())
            } else {
                None
            };
            ParticipantIn {
                id: format!("p{}", x + 1),
                available,
            }
        })
        .collect();
    // pins that hold together
    let mut busy = vec![false; n * k];
    let mut count = vec![0usize; k];
    let mut pinned = Vec::new();
    let mut taken = BTreeSet::new();
    let mut tries = 0;
    while pinned.len() < g.pins && !requests.is_empty() && tries < 100 * g.pins {
        tries += 1;
        let r = rng.below(requests.len());
        let s = rng.below(k);
        let a: usize = requests[r].a[1..].parse().unwrap_or(1) - 1;
        let b: usize = requests[r].b[1..].parse().unwrap_or(1) - 1;
        let ok = !taken.contains(&r)
            && count[s] < tables
            && [a, b].iter().all(|&x| avail[x * k + s] && !busy[x * k + s]);
        if ok {
            taken.insert(r);
            busy[a * k + s] = true;
            busy[b * k + s] = true;
            count[s] += 1;
            pinned.push(PinIn {
                request: requests[r].id.clone(),
                slot: format!("s{}", s + 1),
            });
        }
    }
    ScheduleInput {
        slots,
        participants,
        requests,
        pinned,
    }
}
