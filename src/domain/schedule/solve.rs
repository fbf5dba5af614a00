//! The solver: greedy placement, augmenting moves (direct placement, Kempe
//! chains between two slots, Misra–Gries fan rotations, freeing a table,
//! trading lighter meetings for a heavier one), a seeded local search, an
//! exact branch and bound for small instances, and a last pass that shortens
//! idle gaps without losing weight.
//!
//! Every move runs on one [`State`] with an undo log: a move that fails
//! halfway is rolled back, so the state always satisfies every rule.

use super::{Problem, NONE};

/// How hard to try. The effort is counted in moves, never in seconds, so the
/// same input always gives the same output on any machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolveOptions {
    /// Local-search steps per request (capped by `max_steps`).
    pub steps_per_request: usize,
    pub max_steps: usize,
    /// Prove optimality by branch and bound when at most this many requests
    /// are not pinned.
    pub exact_limit: usize,
    /// Branch-and-bound nodes before settling for the best found.
    pub exact_nodes: usize,
    pub seed: u64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            steps_per_request: 30,
            max_steps: 150_000,
            exact_limit: 40,
            exact_nodes: 1_000_000,
            seed: 0x5eed_7a4d_e3c0_ffee,
        }
    }
}

/// The slot of each request (`None`: unscheduled), with the default effort.
pub fn solve(p: &Problem) -> Vec<Option<usize>> {
    solve_with(p, &SolveOptions::default())
}

pub fn solve_with(p: &Problem, o: &SolveOptions) -> Vec<Option<usize>> {
    let mut st = State::new(p);
    for r in 0..p.requests() {
        if let Some(s) = p.pin[r] {
            // Problem::parse made sure all pins hold together
            let placed = st.set(r, s);
            debug_assert!(placed);
        }
    }
    let order = st.by_weight();
    for &r in &order {
        if st.slot[r] == NONE {
            if let Some(s) = st.best_direct(r) {
                st.set(r, s);
            }
        }
    }
    st.log.clear();
    st.improve();
    // nothing can beat the bound: stop searching once it is reached
    let bound = super::upper_bound(p).value;
    if st.weight < bound {
        let steps = (o.steps_per_request * p.requests()).min(o.max_steps);
        st.local_search(steps, o.seed, bound);
    }
    let unpinned = order.iter().filter(|&&r| p.pin[r].is_none()).count();
    if st.weight < bound && unpinned <= o.exact_limit {
        st.exact(o.exact_nodes, bound);
    }
    st.shorten_gaps(40 * p.requests() + 100);
    st.slot
        .iter()
        .map(|&s| if s == NONE { None } else { Some(s) })
        .collect()
}

struct State<'a> {
    p: &'a Problem,
    k: usize,
    /// per request: its slot or NONE
    slot: Vec<usize>,
    /// per person and slot: the request held then, or NONE
    at: Vec<usize>,
    /// meetings per slot
    used: Vec<usize>,
    /// the requests in each slot (in no particular order) and each request's
    /// place in that list
    members: Vec<Vec<usize>>,
    place: Vec<usize>,
    weight: i64,
    /// (request, previous slot), for rollback
    log: Vec<(usize, usize)>,
}

impl<'a> State<'a> {
    fn new(p: &'a Problem) -> Self {
        let k = p.slots();
        State {
            p,
            k,
            slot: vec![NONE; p.requests()],
            at: vec![NONE; p.people() * k],
            used: vec![0; k],
            members: vec![Vec::new(); k],
            place: vec![NONE; p.requests()],
            weight: 0,
            log: Vec::new(),
        }
    }

    /// Requests by weight (heaviest first), then input order.
    fn by_weight(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.p.requests()).collect();
        order.sort_by_key(|&r| (std::cmp::Reverse(self.p.weight[r]), r));
        order
    }

    fn unplaced_weight(&self) -> i64 {
        self.p.total_weight() - self.weight
    }

    fn free(&self, x: usize, s: usize) -> bool {
        self.at[x * self.k + s] == NONE
    }

    fn other(&self, r: usize, x: usize) -> usize {
        let (a, b) = self.p.ends[r];
        if a == x {
            b
        } else {
            a
        }
    }

    fn movable(&self, r: usize) -> bool {
        self.p.pin[r].is_none()
    }

    /// Could `r` go in `s` right now, without moving anything?
    fn fits(&self, r: usize, s: usize) -> bool {
        let (a, b) = self.p.ends[r];
        self.p.allowed[r * self.k + s]
            && self.free(a, s)
            && self.free(b, s)
            && self.used[s] < self.p.tables[s]
    }

    fn tables_ok(&self) -> bool {
        self.used.iter().zip(&self.p.tables).all(|(u, t)| u <= t)
    }

    /// Moves `r` to slot `s` (NONE: unschedules it), keeping every rule but
    /// the table count (checked by the caller, see `tables_ok`). Returns false
    /// and changes nothing if a rule would break.
    fn set(&mut self, r: usize, s: usize) -> bool {
        let old = self.slot[r];
        if old == s {
            return true;
        }
        if let Some(pin) = self.p.pin[r] {
            if s != pin {
                return false;
            }
        }
        if s != NONE {
            let (a, b) = self.p.ends[r];
            if !self.p.allowed[r * self.k + s] || !self.free(a, s) || !self.free(b, s) {
                return false;
            }
        }
        self.log.push((r, old));
        self.raw_set(r, s);
        true
    }

    fn raw_set(&mut self, r: usize, s: usize) {
        let (a, b) = self.p.ends[r];
        let k = self.k;
        let old = self.slot[r];
        if old != NONE {
            self.at[a * k + old] = NONE;
            self.at[b * k + old] = NONE;
            self.used[old] -= 1;
            self.weight -= self.p.weight[r];
            let i = self.place[r];
            self.members[old].swap_remove(i);
            if let Some(&moved) = self.members[old].get(i) {
                self.place[moved] = i;
            }
        }
        if s != NONE {
            self.at[a * k + s] = r;
            self.at[b * k + s] = r;
            self.used[s] += 1;
            self.weight += self.p.weight[r];
            self.place[r] = self.members[s].len();
            self.members[s].push(r);
        }
        self.slot[r] = s;
    }

    fn mark(&self) -> usize {
        self.log.len()
    }

    fn rollback(&mut self, mark: usize) {
        while self.log.len() > mark {
            let (r, old) = self.log.pop().unwrap_or((0, NONE));
            self.raw_set(r, old);
        }
    }

    // ------------------------------------------------------------ idle gaps

    fn gaps(&self, x: usize) -> usize {
        self.gaps_with(x, NONE)
    }

    /// Idle slots of `x` (see `gaps_in`) if they also met in slot `extra`
    /// (NONE: as things are).
    fn gaps_with(&self, x: usize, extra: usize) -> usize {
        let row = &self.at[x * self.k..(x + 1) * self.k];
        let avail = &self.p.avail[x * self.k..(x + 1) * self.k];
        let busy = |t: usize| t == extra || row[t] != NONE;
        let Some(first) = (0..self.k).find(|&t| busy(t)) else {
            return 0;
        };
        let last = (0..self.k).rev().find(|&t| busy(t)).unwrap_or(first);
        (first..=last).filter(|&t| !busy(t) && avail[t]).count()
    }

    /// The free slot for `r` that adds the fewest idle gaps (then the earliest).
    fn best_direct(&self, r: usize) -> Option<usize> {
        let (a, b) = self.p.ends[r];
        let (ga, gb) = (self.gaps(a), self.gaps(b));
        self.p.opts[r]
            .iter()
            .copied()
            .filter(|&s| self.fits(r, s))
            .min_by_key(|&s| {
                (
                    (self.gaps_with(a, s) + self.gaps_with(b, s)) as isize - (ga + gb) as isize,
                    s,
                )
            })
    }

    // ------------------------------------------------------------ augmenting moves

    /// The requests on the path from `x` alternating slots `a`, `b`, ...
    /// (`x` must be free in `b`, so the path cannot close into a cycle).
    fn chain(&self, x: usize, a: usize, b: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let (mut cur, mut c) = (x, a);
        loop {
            let f = self.at[cur * self.k + c];
            if f == NONE || path.first() == Some(&f) || path.len() > self.p.requests() {
                break;
            }
            path.push(f);
            cur = self.other(f, cur);
            c = if c == a { b } else { a };
        }
        path
    }

    /// Swaps slots `a` and `b` on every request of `path`. False (with the
    /// state to roll back) if a rule breaks.
    fn swap(&mut self, path: &[usize], a: usize, b: usize) -> bool {
        if path.iter().any(|&f| !self.movable(f)) {
            return false;
        }
        let to: Vec<usize> = path
            .iter()
            .map(|&f| if self.slot[f] == a { b } else { a })
            .collect();
        for &f in path {
            self.set(f, NONE);
        }
        path.iter().zip(to).all(|(&f, s)| self.set(f, s))
    }

    /// Frees person `x` in slot `a` by a Kempe chain between `a` and another
    /// slot, leaving `keep` untouched and a table free in `a`.
    fn free_by_chain(&mut self, x: usize, a: usize, keep: usize) -> bool {
        let mut path = Vec::new();
        'slots: for b in 0..self.k {
            if b == a || !self.free(x, b) {
                continue;
            }
            // walk the chain, giving up as soon as it cannot work
            path.clear();
            let (mut cur, mut c) = (x, a);
            let (mut in_a, mut in_b) = (0, 0);
            loop {
                let f = self.at[cur * self.k + c];
                if f == NONE {
                    break;
                }
                if path.len() > self.p.requests() {
                    continue 'slots;
                }
                let next = self.other(f, cur);
                if next == keep || !self.movable(f) || !self.p.allowed[f * self.k + (a + b - c)] {
                    continue 'slots;
                }
                path.push(f);
                if c == a {
                    in_a += 1;
                } else {
                    in_b += 1;
                }
                cur = next;
                c = if c == a { b } else { a };
            }
            if self.used[a] + in_b - in_a >= self.p.tables[a]
                || self.used[b] + in_a - in_b > self.p.tables[b]
            {
                continue;
            }
            let m = self.mark();
            if self.swap(&path, a, b) {
                return true;
            }
            self.rollback(m);
        }
        false
    }

    /// Places unscheduled `r` in `a` after freeing both people there by Kempe
    /// chains.
    fn insert_by_chains(&mut self, r: usize) -> bool {
        let (u, v) = self.p.ends[r];
        for i in 0..self.p.opts[r].len() {
            let a = self.p.opts[r][i];
            if self.used[a] >= self.p.tables[a] {
                continue;
            }
            let m = self.mark();
            let ok = (self.free(u, a) || self.free_by_chain(u, a, v))
                && (self.free(v, a) || self.free_by_chain(v, a, u))
                && self.used[a] < self.p.tables[a]
                && self.set(r, a);
            if ok {
                return true;
            }
            self.rollback(m);
        }
        false
    }

    /// Misra–Gries: a fan of `r`'s meetings around one of its people, a path
    /// inversion and a rotation. Always succeeds when every slot is allowed,
    /// nothing is pinned, tables are plentiful and there are more slots than
    /// anyone's meetings.
    fn insert_by_fan(&mut self, r: usize) -> bool {
        let (u, v) = self.p.ends[r];
        for (c, x0) in [(u, v), (v, u)] {
            let mut fan_e = vec![r];
            let mut fan_v = vec![x0];
            'grow: loop {
                let last = fan_v[fan_v.len() - 1];
                let last_e = fan_e[fan_e.len() - 1];
                for s in 0..self.k {
                    let f = self.at[c * self.k + s];
                    if f != NONE
                        && self.movable(f)
                        && !fan_e.contains(&f)
                        && self.free(last, s)
                        && self.p.allowed[last_e * self.k + s]
                    {
                        fan_e.push(f);
                        fan_v.push(self.other(f, c));
                        continue 'grow;
                    }
                }
                break;
            }
            let last = fan_v[fan_v.len() - 1];
            let cs: Vec<usize> = (0..self.k).filter(|&s| self.free(c, s)).take(3).collect();
            let ds: Vec<usize> = (0..self.k)
                .filter(|&s| self.free(last, s))
                .take(3)
                .collect();
            for &cc in &cs {
                for &d in &ds {
                    let m = self.mark();
                    if !self.free(c, d) {
                        let path = self.chain(c, d, cc);
                        if !self.swap(&path, d, cc) {
                            self.rollback(m);
                            continue;
                        }
                    }
                    for j in 0..fan_e.len() {
                        let m2 = self.mark();
                        let mut to: Vec<usize> = (0..j).map(|i| self.slot[fan_e[i + 1]]).collect();
                        to.push(d);
                        for &f in &fan_e[1..=j] {
                            self.set(f, NONE);
                        }
                        if fan_e[..=j]
                            .iter()
                            .zip(&to)
                            .all(|(&f, &s)| s != NONE && self.set(f, s))
                            && self.tables_ok()
                            && self.slot[r] != NONE
                        {
                            return true;
                        }
                        self.rollback(m2);
                    }
                    self.rollback(m);
                }
            }
        }
        false
    }

    /// Places `r` in a slot whose tables are all taken, by moving one of the
    /// meetings there to a slot with room.
    fn insert_by_table(&mut self, r: usize) -> bool {
        let (u, v) = self.p.ends[r];
        for i in 0..self.p.opts[r].len() {
            let a = self.p.opts[r][i];
            if self.used[a] < self.p.tables[a] || !self.free(u, a) || !self.free(v, a) {
                continue;
            }
            for j in 0..self.members[a].len() {
                let f = self.members[a][j];
                if !self.movable(f) {
                    continue;
                }
                if let Some(b) = self.best_direct_except(f, a) {
                    let m = self.mark();
                    if self.set(f, b) && self.set(r, a) {
                        return true;
                    }
                    self.rollback(m);
                }
            }
        }
        false
    }

    fn best_direct_except(&self, f: usize, a: usize) -> Option<usize> {
        self.p.opts[f]
            .iter()
            .copied()
            .find(|&s| s != a && self.fits(f, s))
    }

    /// Has `x` a free slot they are available for? If not, no chain or fan
    /// can make room for one more of their meetings.
    fn has_room(&self, x: usize) -> bool {
        (0..self.k).any(|s| self.free(x, s) && self.p.avail[x * self.k + s])
    }

    /// Schedules `r` without unscheduling anything else.
    fn insert(&mut self, r: usize, deep: bool) -> bool {
        let (u, v) = self.p.ends[r];
        if !self.has_room(u) || !self.has_room(v) {
            return false;
        }
        if let Some(s) = self.best_direct(r) {
            return self.set(r, s);
        }
        if self.insert_by_chains(r) {
            return true;
        }
        deep && (self.insert_by_fan(r) || self.insert_by_table(r))
    }

    /// Schedules `r` in slot `s`, unscheduling what stands in the way (people
    /// busy then, or the lightest meeting if the tables are all taken), then
    /// tries to put those back elsewhere. Returns what was taken out; the
    /// caller keeps or rolls back.
    fn force(&mut self, r: usize, s: usize) -> Option<Vec<usize>> {
        let (u, v) = self.p.ends[r];
        let mut out: Vec<usize> = [self.at[u * self.k + s], self.at[v * self.k + s]]
            .into_iter()
            .filter(|&f| f != NONE)
            .collect();
        out.dedup();
        if out.iter().any(|&f| !self.movable(f)) {
            return None;
        }
        if out.is_empty() && self.used[s] >= self.p.tables[s] {
            let lightest = self.members[s]
                .iter()
                .copied()
                .filter(|&f| self.movable(f))
                .min_by_key(|&f| (self.p.weight[f], std::cmp::Reverse(f)))?;
            out.push(lightest);
        }
        for &f in &out {
            self.set(f, NONE);
        }
        if !self.set(r, s) {
            return None;
        }
        for &f in &out {
            self.insert(f, false);
        }
        Some(out)
    }

    /// The best trade for unscheduled `r` over its slots, if it gains weight.
    fn insert_by_trade(&mut self, r: usize) -> bool {
        let mut best = (0, NONE);
        for i in 0..self.p.opts[r].len() {
            let s = self.p.opts[r][i];
            let m = self.mark();
            let before = self.weight;
            if self.force(r, s).is_some() && self.weight - before > best.0 {
                best = (self.weight - before, s);
            }
            self.rollback(m);
        }
        if best.1 == NONE {
            return false;
        }
        let m = self.mark();
        let before = self.weight;
        if self.force(r, best.1).is_some() && self.weight > before {
            return true;
        }
        self.rollback(m);
        false
    }

    /// Augmenting passes until none helps.
    fn improve(&mut self) {
        let order = self.by_weight();
        for _ in 0..8 {
            let before = self.weight;
            for &r in &order {
                if self.slot[r] == NONE {
                    self.insert(r, true);
                }
            }
            for &r in &order {
                if self.slot[r] == NONE {
                    self.insert_by_trade(r);
                }
            }
            self.log.clear();
            if self.weight == before || self.unplaced_weight() == 0 {
                break;
            }
        }
    }

    // ------------------------------------------------------------ local search

    /// Seeded ruin and recreate: force an unscheduled request into a slot,
    /// then repair around it; kept when the weight does not drop.
    fn local_search(&mut self, steps: usize, seed: u64, bound: i64) {
        let mut rng = SplitMix(seed);
        let mut unplaced: Vec<usize> = Vec::new();
        for step in 0..steps {
            if self.weight >= bound {
                break;
            }
            if step % 64 == 0 || unplaced.is_empty() {
                unplaced = (0..self.p.requests())
                    .filter(|&r| self.slot[r] == NONE && !self.p.opts[r].is_empty())
                    .collect();
                if unplaced.is_empty() {
                    break;
                }
            }
            let r = unplaced[rng.below(unplaced.len())];
            if self.slot[r] != NONE {
                continue;
            }
            let s = self.p.opts[r][rng.below(self.p.opts[r].len())];
            let before = self.weight;
            let (u, v) = self.p.ends[r];
            let Some(out) = self.force(r, s) else {
                self.rollback(0);
                self.log.clear();
                continue;
            };
            // whoever lost a meeting may now have room for another
            let mut retry: Vec<usize> = out
                .iter()
                .flat_map(|&f| {
                    let (a, b) = self.p.ends[f];
                    [a, b]
                })
                .filter(|&x| x != u && x != v)
                .flat_map(|x| self.p.incident[x].iter().copied())
                .filter(|&f| self.slot[f] == NONE)
                .collect();
            retry.sort_by_key(|&f| (std::cmp::Reverse(self.p.weight[f]), f));
            retry.dedup();
            for f in retry {
                if self.slot[f] == NONE {
                    self.insert(f, false);
                }
            }
            if self.weight < before {
                self.rollback(0);
            } else if self.weight > before {
                // a gain: try the heavy moves on what is still out
                for &f in &unplaced {
                    if self.slot[f] == NONE {
                        self.insert(f, true);
                    }
                }
            }
            self.log.clear();
        }
        self.improve();
    }

    // ------------------------------------------------------------ exact search

    /// Branch and bound on the weight over the requests that are not pinned,
    /// starting from the current schedule as the best known.
    fn exact(&mut self, node_limit: usize, bound: i64) {
        let order: Vec<usize> = self
            .by_weight()
            .into_iter()
            .filter(|&r| self.movable(r))
            .collect();
        let pinned_weight: i64 = (0..self.p.requests())
            .filter(|&r| !self.movable(r))
            .map(|r| self.p.weight[r])
            .sum();
        let mut best = self.slot.clone();
        let mut best_weight = self.weight;
        // start from the pins alone
        for &r in &order {
            self.set(r, NONE);
        }
        self.log.clear();
        debug_assert_eq!(self.weight, pinned_weight);
        let mut suffix = vec![0; order.len() + 1];
        for i in (0..order.len()).rev() {
            suffix[i] = suffix[i + 1] + self.p.weight[order[i]];
        }
        let mut search = Exact {
            order: &order,
            suffix: &suffix,
            nodes: 0,
            limit: node_limit,
            bound,
            best: &mut best,
            best_weight: &mut best_weight,
        };
        search.run(self, 0);
        for (r, &s) in best.iter().enumerate() {
            if self.movable(r) {
                self.set(r, NONE);
            }
            let _ = s;
        }
        for (r, &s) in best.iter().enumerate() {
            if s != NONE && self.movable(r) {
                self.set(r, s);
            }
        }
        self.log.clear();
    }

    /// No schedule extending the current one with requests from `order[i..]`
    /// adds more weight than this. Two bounds, the smaller one: per person,
    /// the heaviest of their remaining requests that could still go in, as
    /// many as their free slots, halved (each request counts twice); and the
    /// heaviest of them all, as many as there are free tables.
    fn remaining_bound(&self, order: &[usize], i: usize) -> i64 {
        let mut per: Vec<Vec<i64>> = vec![Vec::new(); self.p.people()];
        let mut all = Vec::new();
        for &r in &order[i..] {
            if self.p.opts[r].iter().any(|&s| self.fits(r, s)) {
                let (a, b) = self.p.ends[r];
                per[a].push(self.p.weight[r]);
                per[b].push(self.p.weight[r]);
                all.push(self.p.weight[r]);
            }
        }
        let tables: usize = (0..self.k).map(|s| self.p.tables[s] - self.used[s]).sum();
        // order[] is by weight, heaviest first
        let by_tables: i64 = all.iter().take(tables).sum();
        let mut by_people = 0;
        for (x, ws) in per.iter_mut().enumerate() {
            if ws.is_empty() {
                continue;
            }
            let room = (0..self.k)
                .filter(|&s| {
                    self.free(x, s)
                        && self.p.avail[x * self.k + s]
                        && self.used[s] < self.p.tables[s]
                })
                .count();
            by_people += ws.iter().take(room).sum::<i64>();
        }
        by_tables.min(by_people / 2)
    }

    // ------------------------------------------------------------ idle gaps

    /// Moves that keep the weight and shorten idle gaps: a meeting to another
    /// free slot, or a Kempe chain swap between two slots of a person's day.
    fn shorten_gaps(&mut self, budget: usize) {
        let mut tries = 0;
        loop {
            let mut better = false;
            for x in 0..self.p.people() {
                if self.gaps(x) == 0 {
                    continue;
                }
                for a in 0..self.k {
                    let f = self.at[x * self.k + a];
                    if f == NONE || !self.movable(f) {
                        continue;
                    }
                    for b in 0..self.k {
                        if b == a || !self.p.allowed[f * self.k + b] {
                            continue;
                        }
                        tries += 1;
                        if tries > budget {
                            self.log.clear();
                            return;
                        }
                        if self.try_gap_move(x, a, b) {
                            better = true;
                            break;
                        }
                    }
                    if self.gaps(x) == 0 {
                        break;
                    }
                }
            }
            self.log.clear();
            if !better {
                return;
            }
        }
    }

    /// Swaps slots `a` and `b` along the chain from person `x`'s meeting in
    /// `a`, kept when the idle gaps of everyone on it shrink.
    fn try_gap_move(&mut self, x: usize, a: usize, b: usize) -> bool {
        // the whole two-slot component through x: both directions from x
        let mut path = self.chain(x, a, b);
        if !self.free(x, b) {
            let back = self.chain(x, b, a);
            if back.first() == path.last() {
                // a cycle: the first walk already went round
            } else {
                path.extend(back);
            }
        }
        path.sort_unstable();
        path.dedup();
        let mut people: Vec<usize> = path
            .iter()
            .flat_map(|&f| {
                let (u, v) = self.p.ends[f];
                [u, v]
            })
            .collect();
        people.sort_unstable();
        people.dedup();
        let before: usize = people.iter().map(|&y| self.gaps(y)).sum();
        let m = self.mark();
        if self.swap(&path, a, b) && self.tables_ok() {
            let after: usize = people.iter().map(|&y| self.gaps(y)).sum();
            if after < before {
                return true;
            }
        }
        self.rollback(m);
        false
    }
}

struct Exact<'o> {
    order: &'o [usize],
    suffix: &'o [i64],
    nodes: usize,
    limit: usize,
    /// the global upper bound: once reached, the search is over
    bound: i64,
    best: &'o mut Vec<usize>,
    best_weight: &'o mut i64,
}

impl Exact<'_> {
    fn run(&mut self, st: &mut State, i: usize) {
        self.nodes += 1;
        if self.nodes > self.limit || *self.best_weight >= self.bound {
            return;
        }
        if st.weight > *self.best_weight {
            *self.best_weight = st.weight;
            self.best.clone_from(&st.slot);
        }
        if i == self.order.len() || st.weight + self.suffix[i] <= *self.best_weight {
            return;
        }
        if st.weight + st.remaining_bound(self.order, i) <= *self.best_weight {
            return;
        }
        let r = self.order[i];
        let (u, v) = st.p.ends[r];
        // slots adding fewest idle gaps first
        let mut choices: Vec<(usize, usize)> = st.p.opts[r]
            .iter()
            .copied()
            .filter(|&s| st.fits(r, s))
            .map(|s| (st.gaps_with(u, s) + st.gaps_with(v, s), s))
            .collect();
        choices.sort_unstable();
        for (_, s) in choices {
            st.set(r, s);
            self.run(st, i + 1);
            st.set(r, NONE);
            st.log.clear();
        }
        self.run(st, i + 1);
    }
}

/// A tiny fixed-seed generator (SplitMix64): the same seed, the same moves.
pub(crate) struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}
