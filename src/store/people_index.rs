//! The people search's in-process index: every member's search facts and,
//! for every word of the listed members' profiles, the set of members whose
//! name, headline or whole profile holds it, as compressed bitmaps.
//!
//! Why: a word common to a fifth of a million members used to leave the
//! database as 200,000 ids in text (FTS5's `group_concat`, PostgreSQL's
//! `string_agg` after a heap visit per hit), then be hashed into the facts.
//! Here the same question is a union of a few bitmaps per query word (one
//! per indexed word that starts with it) and an intersection across words,
//! and the hits are positions in an array of facts, so a search costs the
//! same on both engines and stays within milliseconds at a million members.
//!
//! The database stays the source of truth and keeps its own full-text index
//! (the previous path, `search_people_in_database`, is the reference the
//! tests compare this one with). The words come from what the database
//! indexed: on SQLite the folded text in `people_fts`, on PostgreSQL the
//! lexemes of the `tsvector` columns, so both engines keep their own
//! tokenisation. Every write to `people_index` bumps a version counter in
//! the same transaction and stamps its rows; before each search the index
//! reads the counter and applies the rows stamped since, so any number of
//! app instances stay consistent without talking to each other.
//!
//! A member whose row changes moves to a new slot: the old slot is dead
//! (left out of every answer) until a compaction, run once dead slots pass
//! an eighth of the live ones, removes it from every set and frees it.

use roaring::{MultiOps, RoaringBitmap};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

/// One member as the search sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    pub listed: bool,
    pub visibility: i64,
    /// index in `Sector::ALL`, or -1
    pub sector: i8,
    /// two ASCII letters, or zeros
    pub country: [u8; 2],
    pub size: i8,
    pub themes: i64,
    pub langs: i64,
    pub rank: i64,
    pub offer: i64,
    pub seek: i64,
    /// the member's city id, or 0
    pub city: i64,
}

/// A row of `people_index` as read from the database.
#[derive(Debug, Clone)]
pub struct FactRow {
    pub user_id: i64,
    pub listed: bool,
    pub visibility: i64,
    pub sector: Option<String>,
    pub country: Option<String>,
    pub size: Option<i64>,
    pub themes: i64,
    pub langs: i64,
    pub rank: i64,
    pub offer: i64,
    pub seek: i64,
    pub city: Option<i64>,
    /// the words of the name, the headline and the rest, space-separated
    /// (empty when the member is not listed); each scope includes the
    /// words before it
    pub words: [String; 3],
}

/// A sector's index in `Sector::ALL`, as the facts keep it.
pub fn sector_code(s: &str) -> Option<i8> {
    crate::domain::profile::Sector::ALL
        .iter()
        .position(|x| x.as_str() == s)
        .map(|i| i as i8)
}

impl From<&FactRow> for Fact {
    fn from(r: &FactRow) -> Fact {
        let sector = r.sector.as_deref().and_then(sector_code).unwrap_or(-1);
        let mut country = [0u8; 2];
        if let Some(c) = r
            .country
            .as_deref()
            .filter(|c| c.len() == 2 && c.is_ascii())
        {
            country.copy_from_slice(c.as_bytes());
        }
        Fact {
            listed: r.listed,
            visibility: r.visibility,
            sector,
            country,
            size: r.size.map(|s| s as i8).unwrap_or(-1),
            themes: r.themes,
            langs: r.langs,
            rank: r.rank,
            offer: r.offer,
            seek: r.seek,
            city: r.city.unwrap_or(0),
        }
    }
}

impl Fact {
    pub fn recommend_facts(&self) -> crate::domain::recommend::Facts {
        crate::domain::recommend::Facts {
            themes: self.themes,
            offer: self.offer,
            seek: self.seek,
            langs: self.langs,
            sector: self.sector,
            country: self.country,
            size: self.size,
        }
    }
}

/// A set of slots: a sorted array while small (4 bytes a member in one
/// allocation), a roaring bitmap once large. Most words of real text are
/// rare, and a roaring bitmap spends a container (~70 bytes) on every
/// 65,536-slot range a word touches: a million generated profiles with
/// half a million distinct words took 1.1 GiB as bitmaps only.
#[derive(Debug)]
enum Slots {
    Small(Vec<u32>),
    Large(RoaringBitmap),
}

/// Where a set turns into a bitmap: past about 600 members a word's array
/// (4 bytes each) costs more than its bitmap at a million members (2 bytes
/// each plus ~70 bytes for each of up to 16 containers); 1,024 keeps either
/// within twice the smaller at any size.
const LARGE: usize = 1024;

impl Default for Slots {
    fn default() -> Self {
        Slots::Small(Vec::new())
    }
}

impl Slots {
    fn insert(&mut self, slot: u32) {
        match self {
            Slots::Small(v) => {
                match v.last() {
                    Some(last) if *last >= slot => {
                        if let Err(i) = v.binary_search(&slot) {
                            v.insert(i, slot);
                        }
                    }
                    _ => v.push(slot),
                }
                if v.len() > LARGE {
                    let b = RoaringBitmap::from_sorted_iter(v.iter().copied()).unwrap_or_default();
                    *self = Slots::Large(b);
                }
            }
            Slots::Large(b) => {
                b.insert(slot);
            }
        }
    }

    fn remove_all(&mut self, dead: &RoaringBitmap) {
        match self {
            Slots::Small(v) => v.retain(|s| !dead.contains(*s)),
            Slots::Large(b) => *b -= dead,
        }
    }

    fn shrink(&mut self) {
        if let Slots::Small(v) = self {
            v.shrink_to_fit();
        }
    }

    fn len(&self) -> u64 {
        match self {
            Slots::Small(v) => v.len() as u64,
            Slots::Large(b) => b.len(),
        }
    }

    fn bytes(&self) -> u64 {
        match self {
            Slots::Small(v) => v.len() as u64 * 4,
            Slots::Large(b) => b.serialized_size() as u64,
        }
    }
}

/// The union of many sets as a bitmap: the bitmaps merged, the arrays
/// gathered, sorted once and added.
fn union<'a>(sets: impl Iterator<Item = &'a Slots>) -> RoaringBitmap {
    let mut small: Vec<u32> = Vec::new();
    let mut large: Vec<&RoaringBitmap> = Vec::new();
    for s in sets {
        match s {
            Slots::Small(v) => small.extend_from_slice(v),
            Slots::Large(b) => large.push(b),
        }
    }
    let mut acc = large.into_iter().union();
    if !small.is_empty() {
        small.sort_unstable();
        small.dedup();
        acc |= RoaringBitmap::from_sorted_iter(small).unwrap_or_default();
    }
    acc
}

/// The members whose name, name and headline, or whole profile hold a word;
/// each set includes the one before.
#[derive(Debug, Default)]
struct WordSets {
    name: Slots,
    head: Slots,
    any: Slots,
}

impl WordSets {
    fn insert(&mut self, slot: u32, scope: usize) {
        self.any.insert(slot);
        if scope <= 1 {
            self.head.insert(slot);
        }
        if scope == 0 {
            self.name.insert(slot);
        }
    }

    fn all(&mut self) -> [&mut Slots; 3] {
        [&mut self.name, &mut self.head, &mut self.any]
    }
}

/// The live slots matching every word of a query, per scope.
#[derive(Debug, Default)]
pub struct Matched {
    /// anywhere in the profile: the hits
    pub any: RoaringBitmap,
    /// in the name or the headline
    pub head: RoaringBitmap,
    /// in the name
    pub name: RoaringBitmap,
}

/// Sizes for the benchmark's report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub members: u64,
    pub words: u64,
    /// (member, word, scope) entries in the word sets
    pub postings: u64,
    /// word sets held as bitmaps (the rest are arrays)
    pub bitmaps: u64,
    /// the word sets' contents (4 bytes a member in an array, a bitmap's
    /// serialised size), the first letters' unions included
    pub set_bytes: u64,
    pub dead: u64,
}

#[derive(Debug)]
pub struct PeopleIndex {
    /// the `index_version` the index reflects; -1 before the first load
    pub version: i64,
    slot_of: HashMap<i64, u32>,
    /// slot → member id
    users: Vec<i64>,
    /// slot → facts
    facts: Vec<Fact>,
    /// the slots holding a member's current row
    live: RoaringBitmap,
    /// replaced slots still present in word sets
    dead: RoaringBitmap,
    /// slots removed from every set, free to reuse
    free: Vec<u32>,
    word_ids: HashMap<Box<str>, u32>,
    /// the same words in order, for prefix ranges
    words: BTreeMap<Box<str>, u32>,
    sets: Vec<WordSets>,
    /// per first letter, the union of its words' sets: a one-letter query
    /// would otherwise merge tens of thousands of sets (60 ms at a million)
    initials: HashMap<char, WordSets>,
}

impl Default for PeopleIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl PeopleIndex {
    pub fn new() -> Self {
        PeopleIndex {
            version: -1,
            slot_of: HashMap::new(),
            users: Vec::new(),
            facts: Vec::new(),
            live: RoaringBitmap::new(),
            dead: RoaringBitmap::new(),
            free: Vec::new(),
            word_ids: HashMap::new(),
            words: BTreeMap::new(),
            sets: Vec::new(),
            initials: HashMap::new(),
        }
    }

    /// Applies rows read from `people_index` (newer than `version`), then
    /// records `version`.
    pub fn apply(&mut self, rows: &[FactRow], version: i64) {
        for r in rows {
            self.put(r);
        }
        self.version = version;
        if self.dead.len() > 1024 && self.dead.len() > self.live.len() / 8 {
            self.compact();
        }
    }

    fn put(&mut self, r: &FactRow) {
        if let Some(old) = self.slot_of.get(&r.user_id).copied() {
            self.live.remove(old);
            self.dead.insert(old);
        }
        let slot = match self.free.pop() {
            Some(s) => {
                self.users[s as usize] = r.user_id;
                self.facts[s as usize] = Fact::from(r);
                s
            }
            None => {
                let s = u32::try_from(self.users.len()).unwrap_or(u32::MAX);
                self.users.push(r.user_id);
                self.facts.push(Fact::from(r));
                s
            }
        };
        self.slot_of.insert(r.user_id, slot);
        self.live.insert(slot);
        for (scope, text) in r.words.iter().enumerate() {
            for word in text.split(' ').filter(|w| !w.is_empty()) {
                let id = self.word_id(word);
                self.sets[id as usize].insert(slot, scope);
                if let Some(c) = word.chars().next() {
                    self.initials.entry(c).or_default().insert(slot, scope);
                }
            }
        }
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(id) = self.word_ids.get(word) {
            return *id;
        }
        let id = u32::try_from(self.sets.len()).unwrap_or(u32::MAX);
        self.word_ids.insert(word.into(), id);
        self.words.insert(word.into(), id);
        self.sets.push(WordSets::default());
        id
    }

    /// Removes the dead slots from every set and frees them.
    fn compact(&mut self) {
        for s in self.sets.iter_mut().chain(self.initials.values_mut()) {
            for set in s.all() {
                set.remove_all(&self.dead);
            }
        }
        self.free.extend(self.dead.iter());
        // reused from the lowest slot up
        self.free.sort_unstable_by(|a, b| b.cmp(a));
        self.dead.clear();
    }

    /// Gives back what the arrays grew by while loading (after a large
    /// load; they double as they grow).
    pub fn settle(&mut self) {
        for s in self.sets.iter_mut().chain(self.initials.values_mut()) {
            for set in s.all() {
                set.shrink();
            }
        }
        self.users.shrink_to_fit();
        self.facts.shrink_to_fit();
    }

    /// A member's facts.
    pub fn get(&self, user: &i64) -> Option<&Fact> {
        self.slot_of.get(user).map(|s| &self.facts[*s as usize])
    }

    /// Every member's facts, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &Fact)> + '_ {
        self.live
            .iter()
            .map(|s| (self.users[s as usize], &self.facts[s as usize]))
    }

    /// The member and facts in a slot.
    pub fn at(&self, slot: u32) -> (i64, &Fact) {
        (self.users[slot as usize], &self.facts[slot as usize])
    }

    pub fn live(&self) -> &RoaringBitmap {
        &self.live
    }

    /// The members with a word starting with each of `terms` (every term
    /// required), as live slots, per scope.
    pub fn matching(&self, terms: &[String]) -> Matched {
        let mut out: Option<Matched> = None;
        for t in terms {
            let mut chars = t.chars();
            let initial = match (chars.next(), chars.next()) {
                (Some(c), None) => Some(self.initials.get(&c)),
                _ => None,
            };
            let ids: Vec<usize> = match initial {
                Some(_) => Vec::new(),
                None => self
                    .words
                    .range::<str, _>((Bound::Included(t.as_str()), Bound::Unbounded))
                    .take_while(|(w, _)| w.starts_with(t.as_str()))
                    .map(|(_, id)| *id as usize)
                    .collect(),
            };
            let scope_union = |pick: fn(&WordSets) -> &Slots| match initial {
                Some(sets) => union(sets.map(pick).into_iter()),
                None => union(ids.iter().map(|i| pick(&self.sets[*i]))),
            };
            let any = scope_union(|s| &s.any);
            let m = match out {
                None => Matched {
                    head: scope_union(|s| &s.head),
                    name: scope_union(|s| &s.name),
                    any,
                },
                Some(m) => Matched {
                    head: m.head & scope_union(|s| &s.head),
                    name: m.name & scope_union(|s| &s.name),
                    any: m.any & any,
                },
            };
            if m.any.is_empty() {
                return Matched::default();
            }
            out = Some(m);
        }
        let mut m = out.unwrap_or_default();
        m.any -= &self.dead;
        m.head -= &self.dead;
        m.name -= &self.dead;
        m
    }

    pub fn stats(&self) -> IndexStats {
        IndexStats {
            members: self.live.len(),
            words: self.sets.len() as u64,
            bitmaps: self
                .sets
                .iter()
                .flat_map(|s| [&s.name, &s.head, &s.any])
                .filter(|s| matches!(s, Slots::Large(_)))
                .count() as u64,
            postings: self
                .sets
                .iter()
                .map(|s| s.any.len() + s.head.len() + s.name.len())
                .sum(),
            set_bytes: self
                .sets
                .iter()
                .chain(self.initials.values())
                .map(|s| s.any.bytes() + s.head.bytes() + s.name.bytes())
                .sum(),
            dead: self.dead.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, words: [&str; 3]) -> FactRow {
        FactRow {
            user_id: id,
            listed: true,
            visibility: 0,
            sector: None,
            country: None,
            size: None,
            themes: 0,
            langs: 0,
            rank: 0,
            offer: 0,
            seek: 0,
            city: None,
            words: words.map(str::to_owned),
        }
    }

    fn ids(ix: &PeopleIndex, set: &RoaringBitmap) -> Vec<i64> {
        let mut v: Vec<i64> = set.iter().map(|s| ix.at(s).0).collect();
        v.sort_unstable();
        v
    }

    fn terms(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn prefixes_scopes_and_every_word_required() {
        let mut ix = PeopleIndex::new();
        ix.apply(
            &[
                row(
                    1,
                    ["ana lopez", "urban planner queretaro", "mobility housing"],
                ),
                row(2, ["marc roy", "housing officer", "bikes"]),
                row(3, ["lucia mobil", "", ""]),
                row(4, ["", "", ""]),
            ],
            3,
        );
        assert_eq!(ix.version, 3);
        let m = ix.matching(&terms("mob"));
        assert_eq!(ids(&ix, &m.any), vec![1, 3]);
        assert_eq!(ids(&ix, &m.name), vec![3]);
        assert_eq!(ids(&ix, &m.head), vec![3], "the headline includes the name");
        let m = ix.matching(&terms("hous"));
        assert_eq!(ids(&ix, &m.any), vec![1, 2]);
        assert_eq!(ids(&ix, &m.head), vec![2]);
        let m = ix.matching(&terms("hous ana"));
        assert_eq!(ids(&ix, &m.any), vec![1], "every term required");
        assert!(m.head.is_empty() && m.name.is_empty());
        assert!(ix.matching(&terms("zzz")).any.is_empty());
        assert!(ix.matching(&terms("mob zzz")).any.is_empty());
        // one letter: the first letters' unions
        assert_eq!(ids(&ix, &ix.matching(&terms("m")).any), vec![1, 2, 3]);
        assert_eq!(ids(&ix, &ix.matching(&terms("m")).name), vec![2, 3]);
        assert_eq!(ids(&ix, &ix.matching(&terms("l q")).head), vec![1]);
        assert_eq!(ix.iter().count(), 4);
    }

    #[test]
    fn a_changed_member_is_found_by_new_words_only_and_slots_are_reused() {
        let mut ix = PeopleIndex::new();
        let many: Vec<FactRow> = (1..=3000).map(|i| row(i, ["x", "", "old"])).collect();
        ix.apply(&many, 1);
        ix.apply(&[row(7, ["y", "", "new"])], 2);
        assert_eq!(ids(&ix, &ix.matching(&terms("new")).any), vec![7]);
        assert_eq!(ix.matching(&terms("old")).any.len(), 2999);
        assert_eq!(ix.iter().count(), 3000);
        assert_eq!(ix.stats().dead, 1);
        // many changes at once: compacted, slots reused, answers unchanged
        let changed: Vec<FactRow> = (1..=1200).map(|i| row(i, ["x", "", "newer"])).collect();
        ix.apply(&changed, 3);
        assert_eq!(ix.stats().dead, 0, "compacted");
        assert_eq!(ix.matching(&terms("newer")).any.len(), 1200);
        assert_eq!(ix.matching(&terms("old")).any.len(), 1800);
        assert_eq!(
            ids(&ix, &ix.matching(&terms("new")).any),
            (1..=1200).collect::<Vec<_>>()
        );
        let slots = ix.users.len();
        ix.apply(&[row(5000, ["z", "", ""])], 4);
        assert_eq!(ix.users.len(), slots, "a freed slot is reused");
        assert_eq!(ids(&ix, &ix.matching(&terms("z")).name), vec![5000]);
        assert_eq!(ix.get(&5000).map(|f| f.listed), Some(true));
        assert_eq!(ix.iter().count(), 3001);
    }

    #[test]
    fn large_sets_become_bitmaps_and_answer_the_same() {
        let mut ix = PeopleIndex::new();
        let n = LARGE as u64 * 4;
        let rows: Vec<FactRow> = (1..=n as i64)
            .map(|i| row(i, ["", if i % 2 == 0 { "even" } else { "odd" }, "all"]))
            .collect();
        ix.apply(&rows, 1);
        ix.settle();
        assert!(matches!(
            ix.sets[ix.word_ids["all"] as usize].any,
            Slots::Large(_)
        ));
        assert_eq!(ix.matching(&terms("all")).any.len(), n);
        let m = ix.matching(&terms("ev al"));
        assert_eq!(m.any.len(), n / 2);
        assert!(m.head.is_empty(), "'all' is not in the headline");
        assert_eq!(ix.matching(&terms("o")).any.len(), n / 2);
        // more than an eighth changed: compacted, in bitmaps and arrays alike
        let c = LARGE as u64 + 100;
        let changed: Vec<FactRow> = (1..=c as i64).map(|i| row(i, ["", "moved", ""])).collect();
        ix.apply(&changed, 2);
        assert_eq!(ix.stats().dead, 0);
        assert_eq!(ix.matching(&terms("all")).any.len(), n - c);
        assert_eq!(ix.matching(&terms("mov")).head.len(), c);
        assert_eq!(
            ix.matching(&terms("e")).any.len() + ix.matching(&terms("od")).any.len(),
            n - c
        );
    }
}
