//! An upper bound on the scheduled weight, to measure the solver against.
//!
//! Drop the slots and keep only how many meetings each person can have: a
//! person can meet at most once in each slot that they and at least one of
//! their partners are available for (`b(p)`), and the whole event holds at
//! most `Σ_s min(tables_s, ⌊people available in s / 2⌋)` meetings. The best
//! weight under these limits, allowing fractional meetings, is a maximum-weight
//! fractional b-matching, which is half a maximum-weight b-matching in the
//! bipartite double cover of the request graph: a min-cost flow
//! (primal-dual, Dijkstra with potentials and blocking flows). Any schedule is
//! such a matching, so the value bounds every schedule, pins or not.

use super::Problem;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpperBound {
    /// Every request scheduled.
    pub total_weight: i64,
    /// The fractional b-matching bound described in the module docs.
    pub matching: i64,
    /// The smaller of the two.
    pub value: i64,
}

pub fn upper_bound(p: &Problem) -> UpperBound {
    let k = p.slots();
    let n = p.people();
    // b(p): slots usable by at least one of p's requests
    let cap: Vec<i64> = (0..n)
        .map(|x| {
            (0..k)
                .filter(|&s| p.incident[x].iter().any(|&r| p.allowed[r * k + s]))
                .count() as i64
        })
        .collect();
    let meetings: i64 = (0..k)
        .map(|s| {
            let people = (0..n)
                .filter(|&x| p.incident[x].iter().any(|&r| p.allowed[r * k + s]))
                .count();
            p.tables[s].min(people / 2) as i64
        })
        .sum();
    let (src0, src, sink) = (0, 1, 2 + 2 * n);
    let mut g = Flow::new(3 + 2 * n);
    g.arc(src0, src, 2 * meetings, 0);
    for (x, &c) in cap.iter().enumerate() {
        g.arc(src, 2 + x, c, 0);
        g.arc(2 + n + x, sink, c, 0);
    }
    for r in 0..p.requests() {
        if p.opts[r].is_empty() {
            continue;
        }
        let (a, b) = p.ends[r];
        g.arc(2 + a, 2 + n + b, 1, -p.weight[r]);
        g.arc(2 + b, 2 + n + a, 1, -p.weight[r]);
    }
    let cost = g.min_cost(src0, sink);
    let matching = (-cost) / 2;
    let total_weight = p.total_weight();
    UpperBound {
        total_weight,
        matching,
        value: matching.min(total_weight),
    }
}

struct Arc {
    to: usize,
    cap: i64,
    cost: i64,
}

/// Min-cost flow where only negative-cost paths are worth sending: the
/// network is a DAG, so the first potentials come from one topological pass.
struct Flow {
    arcs: Vec<Arc>,
    out: Vec<Vec<usize>>,
}

impl Flow {
    fn new(nodes: usize) -> Self {
        Flow {
            arcs: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn arc(&mut self, from: usize, to: usize, cap: i64, cost: i64) {
        self.out[from].push(self.arcs.len());
        self.arcs.push(Arc { to, cap, cost });
        self.out[to].push(self.arcs.len());
        self.arcs.push(Arc {
            to: from,
            cap: 0,
            cost: -cost,
        });
    }

    /// The cost of the cheapest flow of any size (never positive).
    fn min_cost(&mut self, s: usize, t: usize) -> i64 {
        let nodes = self.out.len();
        // nodes are numbered in topological order (source, left, right, sink)
        let mut pot = vec![0i64; nodes];
        for u in 0..nodes {
            for &a in &self.out[u] {
                let arc = &self.arcs[a];
                if arc.cap > 0 && arc.to > u {
                    pot[arc.to] = pot[arc.to].min(pot[u] + arc.cost);
                }
            }
        }
        let mut total = 0i64;
        let mut dist = vec![i64::MAX; nodes];
        loop {
            // Dijkstra on reduced costs
            dist.fill(i64::MAX);
            dist[s] = 0;
            let mut heap = BinaryHeap::new();
            heap.push(Reverse((0i64, s)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &a in &self.out[u] {
                    let arc = &self.arcs[a];
                    if arc.cap == 0 {
                        continue;
                    }
                    let nd = d + arc.cost + pot[u] - pot[arc.to];
                    if nd < dist[arc.to] {
                        dist[arc.to] = nd;
                        heap.push(Reverse((nd, arc.to)));
                    }
                }
            }
            if dist[t] == i64::MAX {
                return total;
            }
            let dt = dist[t];
            for v in 0..nodes {
                pot[v] += dist[v].min(dt);
            }
            let path_cost = pot[t] - pot[s];
            if path_cost >= 0 {
                return total;
            }
            // blocking flows on the arcs of reduced cost zero
            loop {
                let level = self.levels(s, &pot);
                if level[t] == usize::MAX {
                    break;
                }
                let mut next = vec![0usize; nodes];
                loop {
                    let f = self.push(s, t, i64::MAX, &level, &pot, &mut next);
                    if f == 0 {
                        break;
                    }
                    total += f * path_cost;
                }
            }
        }
    }

    fn admissible(&self, u: usize, a: usize, pot: &[i64]) -> bool {
        let arc = &self.arcs[a];
        arc.cap > 0 && arc.cost + pot[u] - pot[arc.to] == 0
    }

    fn levels(&self, s: usize, pot: &[i64]) -> Vec<usize> {
        let mut level = vec![usize::MAX; self.out.len()];
        level[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for &a in &self.out[u] {
                let v = self.arcs[a].to;
                if level[v] == usize::MAX && self.admissible(u, a, pot) {
                    level[v] = level[u] + 1;
                    queue.push_back(v);
                }
            }
        }
        level
    }

    fn push(
        &mut self,
        u: usize,
        t: usize,
        limit: i64,
        level: &[usize],
        pot: &[i64],
        next: &mut [usize],
    ) -> i64 {
        if u == t {
            return limit;
        }
        while next[u] < self.out[u].len() {
            let a = self.out[u][next[u]];
            let v = self.arcs[a].to;
            if level[v] == level[u] + 1 && self.admissible(u, a, pot) {
                let f = self.push(v, t, limit.min(self.arcs[a].cap), level, pot, next);
                if f > 0 {
                    self.arcs[a].cap -= f;
                    self.arcs[a ^ 1].cap += f;
                    return f;
                }
            }
            next[u] += 1;
        }
        0
    }
}
