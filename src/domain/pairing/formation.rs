//! Forming a cohort's pairs and trios. Every group has two or three cities,
//! at least one on each side of the Atlantic. A group's value is its cities'
//! fit (the candidate-partner-city score, both ways) spread so that a trio
//! is worth as much per city as a pair: a pair counts its one fit three
//! times, a trio each of its three fits twice. The proposal maximises the
//! total; among equal totals it places more cities. Cohorts up to
//! [`EXACT_LIMIT`] cities are solved exactly (dynamic programming over
//! subsets); larger ones by pairing greedily, then re-forming every two
//! groups (and unplaced cities) exactly until nothing improves.

/// The largest cohort solved exactly (2^16 subsets).
pub const EXACT_LIMIT: usize = 16;

/// Groups of cities, by index into the cohort.
pub type Groups = Vec<Vec<usize>>;

/// One city of a cohort, as the proposal sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub north_american: bool,
}

/// The fit between two cities of the cohort, by index; symmetric.
pub trait Fit {
    fn fit(&self, a: usize, b: usize) -> i64;
}

impl<F: Fn(usize, usize) -> i64> Fit for F {
    fn fit(&self, a: usize, b: usize) -> i64 {
        self(a, b)
    }
}

/// Whether cities may form a group: two or three, both sides present.
pub fn valid_group(members: &[Member], group: &[usize]) -> bool {
    (2..=3).contains(&group.len())
        && group.iter().any(|&i| members[i].north_american)
        && group.iter().any(|&i| !members[i].north_american)
}

/// A group's value (see the module's note); 0 for a lone city.
pub fn group_value(fit: &dyn Fit, group: &[usize]) -> i64 {
    match group {
        [a, b] => 3 * fit.fit(*a, *b),
        [a, b, c] => 2 * (fit.fit(*a, *b) + fit.fit(*a, *c) + fit.fit(*b, *c)),
        _ => 0,
    }
}

/// What staff see first: the groups (indexes into the cohort), the cities
/// left out (no valid group for them), and the total value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub groups: Vec<Vec<usize>>,
    pub unplaced: Vec<usize>,
    pub total: i64,
    /// solved exactly (the best possible total)
    pub exact: bool,
}

/// The proposal for a cohort.
pub fn propose(members: &[Member], fit: &dyn Fit) -> Proposal {
    if members.len() <= EXACT_LIMIT {
        exact(members, fit)
    } else {
        heuristic(members, fit)
    }
}

/// Ranks a result: total first, then how many cities are placed.
fn key(total: i64, placed: usize) -> (i64, usize) {
    (total, placed)
}

/// The best partition of the cohort (or of `subset` of it), exactly.
pub fn exact(members: &[Member], fit: &dyn Fit) -> Proposal {
    let all: Vec<usize> = (0..members.len()).collect();
    let (groups, total) = exact_on(members, fit, &all);
    finish(members.len(), groups, total, true)
}

/// Exact search over the cities `ids` (at most 20 of them).
fn exact_on(members: &[Member], fit: &dyn Fit, ids: &[usize]) -> (Vec<Vec<usize>>, i64) {
    let n = ids.len();
    assert!(n <= 20, "exact search over {n} cities");
    let size = 1usize << n;
    // best (total, placed) for each subset, and the group taken last
    let mut best: Vec<(i64, usize)> = vec![(0, 0); size];
    let mut took: Vec<u32> = vec![0; size];
    for mask in 1..size {
        let i = mask.trailing_zeros() as usize;
        let rest = mask & !(1 << i);
        // leave city i out
        let mut b = best[rest];
        let mut t = 1u32 << i;
        let others: Vec<usize> = (i + 1..n).filter(|j| rest & (1 << j) != 0).collect();
        for (x, &j) in others.iter().enumerate() {
            let pair = [ids[i], ids[j]];
            if valid_group(members, &pair) {
                let r = rest & !(1 << j);
                let cand = (best[r].0 + group_value(fit, &pair), best[r].1 + 2);
                if key(cand.0, cand.1) > key(b.0, b.1) {
                    b = cand;
                    t = (1 << i) | (1 << j);
                }
            }
            for &k in &others[x + 1..] {
                let trio = [ids[i], ids[j], ids[k]];
                if valid_group(members, &trio) {
                    let r = rest & !(1 << j) & !(1 << k);
                    let cand = (best[r].0 + group_value(fit, &trio), best[r].1 + 3);
                    if key(cand.0, cand.1) > key(b.0, b.1) {
                        b = cand;
                        t = (1 << i) | (1 << j) | (1 << k);
                    }
                }
            }
        }
        best[mask] = b;
        took[mask] = t;
    }
    let mut groups = Vec::new();
    let mut mask = size - 1;
    while mask != 0 {
        let t = took[mask] as usize;
        if t.count_ones() > 1 {
            groups.push(
                (0..n)
                    .filter(|b| t & (1 << b) != 0)
                    .map(|b| ids[b])
                    .collect(),
            );
        }
        mask &= !t;
    }
    (groups, best[size - 1].0)
}

fn finish(n: usize, mut groups: Vec<Vec<usize>>, total: i64, exact: bool) -> Proposal {
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort();
    let placed: Vec<usize> = groups.iter().flatten().copied().collect();
    let unplaced = (0..n).filter(|i| !placed.contains(i)).collect();
    Proposal {
        groups,
        unplaced,
        total,
        exact,
    }
}

/// Large cohorts: best pairs first, then each leftover city joins the pair
/// it adds most to, then every two groups (and every group with an unplaced
/// city) are re-formed exactly while that raises the total.
pub fn heuristic(members: &[Member], fit: &dyn Fit) -> Proposal {
    let n = members.len();
    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if valid_group(members, &[a, b]) {
                pairs.push((group_value(fit, &[a, b]), a, b));
            }
        }
    }
    pairs.sort_by_key(|(v, a, b)| (-v, *a, *b));
    let mut taken = vec![false; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (_, a, b) in pairs {
        if !taken[a] && !taken[b] {
            taken[a] = true;
            taken[b] = true;
            groups.push(vec![a, b]);
        }
    }
    for c in (0..n).filter(|c| !taken[*c]).collect::<Vec<_>>() {
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.len() == 2)
            .map(|(i, g)| {
                let trio = [g[0], g[1], c];
                let gain = group_value(fit, &trio) - group_value(fit, g);
                (gain, i)
            })
            .max();
        if let Some((gain, i)) = best {
            if gain >= 0 {
                groups[i].push(c);
                taken[c] = true;
            }
        }
    }
    // local search: re-form two groups (or a group and an unplaced city)
    // exactly, then three while the cohort is small enough, as long as
    // that raises the total
    let mut rounds = 0;
    while rounds < 200 {
        rounds += 1;
        let mut units: Vec<Vec<usize>> = groups.clone();
        units.extend((0..n).filter(|i| !taken[*i]).map(|u| vec![u]));
        let Some((picked, regroup)) = improvement(members, fit, &units) else {
            break;
        };
        for u in &picked {
            groups.retain(|g| g != u);
            for c in u {
                taken[*c] = false;
            }
        }
        for g in regroup {
            for c in &g {
                taken[*c] = true;
            }
            groups.push(g);
        }
    }
    let total = groups.iter().map(|g| group_value(fit, g)).sum();
    finish(n, groups, total, false)
}

/// Units the cohort is in (groups and lone cities): the first set of two
/// (then three, for up to 40 units) whose exact re-forming is better.
fn improvement(
    members: &[Member],
    fit: &dyn Fit,
    units: &[Vec<usize>],
) -> Option<(Groups, Groups)> {
    let try_set = |set: &[&Vec<usize>]| {
        let ids: Vec<usize> = set.iter().flat_map(|u| u.iter().copied()).collect();
        let before: i64 = set.iter().map(|u| group_value(fit, u)).sum();
        let placed_before: usize = set.iter().filter(|u| u.len() > 1).map(|u| u.len()).sum();
        let (regroup, after) = exact_on(members, fit, &ids);
        let placed_after: usize = regroup.iter().map(Vec::len).sum();
        (key(after, placed_after) > key(before, placed_before)).then_some(regroup)
    };
    let k = units.len();
    for x in 0..k {
        for y in x + 1..k {
            if let Some(r) = try_set(&[&units[x], &units[y]]) {
                return Some((vec![units[x].clone(), units[y].clone()], r));
            }
        }
    }
    if k <= 40 {
        for x in 0..k {
            for y in x + 1..k {
                for z in y + 1..k {
                    if let Some(r) = try_set(&[&units[x], &units[y], &units[z]]) {
                        return Some((
                            vec![units[x].clone(), units[y].clone(), units[z].clone()],
                            r,
                        ));
                    }
                }
            }
        }
    }
    None
}

/// A bound no partition can beat: each city's best share of a group (a
/// pair's value split in two, a trio's in three), summed.
pub fn upper_bound(members: &[Member], fit: &dyn Fit) -> i64 {
    let n = members.len();
    let mut sum2 = 0i64;
    for a in 0..n {
        // shares are counted ×6 to stay in integers: a pair gives each city
        // 3·fit/2 → 9·fit, a trio gives each 2·(sum)/3 → 4·sum
        let mut best = 0i64;
        for b in 0..n {
            if b == a {
                continue;
            }
            if valid_group(members, &[a, b]) {
                best = best.max(9 * fit.fit(a, b));
            }
            for c in b + 1..n {
                if c != a && valid_group(members, &[a, b, c]) {
                    best = best.max(4 * (fit.fit(a, b) + fit.fit(a, c) + fit.fit(b, c)));
                }
            }
        }
        sum2 += best;
    }
    sum2 / 6
}

/// A deterministic cohort for tests and the benchmark: `n` cities, a third
/// North American, with fits from a small linear congruential generator.
pub fn generated(n: usize, seed: u64) -> (Vec<Member>, Vec<Vec<i64>>) {
    let mut s = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (s >> 33) as i64
    };
    let members: Vec<Member> = (0..n)
        .map(|i| Member {
            north_american: i % 3 == 0 || (next() % 7 == 0),
        })
        .collect();
    let mut fits = vec![vec![0i64; n]; n];
    #[allow(clippy::needless_range_loop)] // a triangle of a square matrix
    for a in 0..n {
        for b in a + 1..n {
            let f = next() % 25;
            fits[a][b] = f;
            fits[b][a] = f;
        }
    }
    (members, fits)
}
