//! Partner cities: which cities suit a city for a pairing, and why. A city is
//! known by its stated priorities (the city page's themes) and by its listed
//! members: what they work on, offer and seek, and the languages most of them
//! speak. The pairing programmes pair across the Atlantic, so a North
//! American city for a European one (and the reverse) ranks higher.

use super::recommend::north_american;

/// What the ranking knows about one city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CityFacts {
    pub id: i64,
    /// two ASCII letters, or zeros
    pub country: [u8; 2],
    /// `SizeBucket` code, or -1
    pub size: i8,
    /// the city's stated priorities (theme bits)
    pub priorities: i64,
    /// themes its members work on (interests, offers and needs)
    pub themes: i64,
    pub offer: i64,
    pub seek: i64,
    /// languages spoken by at least half of its members
    pub langs: i64,
    pub members: u32,
}

impl CityFacts {
    /// Everything the city cares about.
    pub fn interests(&self) -> i64 {
        self.priorities | self.themes
    }

    /// What the city needs: its members' needs and its priorities.
    pub fn needs(&self) -> i64 {
        self.seek | self.priorities
    }
}

/// Members' facts folded into their city, one member at a time.
#[derive(Debug, Clone, Default)]
pub struct CityAcc {
    pub facts: CityFacts,
    lang_counts: [u32; 16],
}

impl CityAcc {
    pub fn add_member(
        &mut self,
        country: [u8; 2],
        size: i8,
        themes: i64,
        offer: i64,
        seek: i64,
        langs: i64,
    ) {
        let f = &mut self.facts;
        f.country = country;
        f.size = size;
        f.themes |= themes;
        f.offer |= offer;
        f.seek |= seek;
        f.members += 1;
        for (i, c) in self.lang_counts.iter_mut().enumerate() {
            if langs & (1 << i) != 0 {
                *c += 1;
            }
        }
    }

    pub fn finish(mut self) -> CityFacts {
        let half = self.facts.members.div_ceil(2).max(1);
        self.facts.langs = self
            .lang_counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c >= half)
            .fold(0, |m, (i, _)| m | (1 << i));
        self.facts
    }
}

/// A candidate partner's score and its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CityMatch {
    pub score: i64,
    /// themes both cities care about (apart from the exchange below)
    pub shared: i64,
    /// what the other city offers that this one needs
    pub they_offer: i64,
    /// what this city offers that the other needs
    pub we_offer: i64,
    pub shared_langs: i64,
    pub across: bool,
    /// same size band (or the next one)
    pub similar_size: bool,
}

pub const W_SHARED: i64 = 3;
pub const W_THEY_OFFER: i64 = 4;
pub const W_WE_OFFER: i64 = 2;
pub const W_LANGUAGE: i64 = 2;
pub const W_ACROSS: i64 = 4;
pub const W_SIZE: i64 = 2;

fn count(mask: i64) -> i64 {
    i64::from(mask.count_ones())
}

/// How well `other` suits `me` as a partner. Cities in the same country are
/// not candidates; a pair with no theme in common and nothing to exchange
/// scores 0.
pub fn score(me: &CityFacts, other: &CityFacts) -> CityMatch {
    let known = |c: [u8; 2]| c != [0, 0];
    if me.id == other.id || (known(me.country) && me.country == other.country) {
        return CityMatch::default();
    }
    let they_offer = other.offer & me.needs();
    let we_offer = me.offer & other.needs();
    let shared = me.interests() & other.interests() & !(they_offer | we_offer);
    if shared == 0 && they_offer == 0 && we_offer == 0 {
        return CityMatch::default();
    }
    let shared_langs = me.langs & other.langs;
    let across = known(me.country)
        && known(other.country)
        && north_american(me.country) != north_american(other.country);
    let similar_size = me.size >= 0 && other.size >= 0 && (me.size - other.size).abs() <= 1;
    let score = W_SHARED * count(shared)
        + W_THEY_OFFER * count(they_offer)
        + W_WE_OFFER * count(we_offer)
        + if shared_langs != 0 { W_LANGUAGE } else { 0 }
        + if across { W_ACROSS } else { 0 }
        + if similar_size { W_SIZE } else { 0 };
    CityMatch {
        score,
        shared,
        they_offer,
        we_offer,
        shared_langs,
        across,
        similar_size,
    }
}

/// The `k` best candidates for `me`, best first (higher score, then more
/// members, then the smaller id).
pub fn best(me: &CityFacts, cities: &[CityFacts], k: usize) -> Vec<(CityFacts, CityMatch)> {
    let mut scored: Vec<(CityFacts, CityMatch)> = cities
        .iter()
        .map(|c| (*c, score(me, c)))
        .filter(|(_, m)| m.score > 0)
        .collect();
    scored.sort_by_key(|(c, m)| (-m.score, -(c.members as i64), c.id));
    scored.truncate(k);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(
        id: i64,
        country: &[u8; 2],
        size: i8,
        priorities: i64,
        offer: i64,
        seek: i64,
    ) -> CityFacts {
        CityFacts {
            id,
            country: *country,
            size,
            priorities,
            themes: offer | seek,
            offer,
            seek,
            langs: 0,
            members: 1,
        }
    }

    const HOUSING: i64 = 1;
    const MOBILITY: i64 = 2;
    const WASTE: i64 = 4;

    #[test]
    fn an_exchange_across_the_atlantic_ranks_first() {
        let lyon = city(1, b"FR", 2, HOUSING, WASTE, HOUSING);
        let montreal = city(2, b"CA", 3, 0, HOUSING, WASTE);
        let madrid = city(3, b"ES", 3, 0, HOUSING, WASTE);
        let paris = city(4, b"FR", 3, 0, HOUSING, WASTE);
        let ranked = best(&lyon, &[madrid, paris, montreal], 5);
        assert_eq!(ranked[0].0.id, 2);
        assert!(ranked[0].1.across);
        assert_eq!(ranked[0].1.they_offer, HOUSING);
        assert_eq!(ranked[0].1.we_offer, WASTE);
        // the same country is never a candidate
        assert!(ranked.iter().all(|(c, _)| c.id != 4));
        assert_eq!(ranked.len(), 2);
    }

    #[test]
    fn nothing_in_common_is_no_candidate() {
        let a = city(1, b"MX", 2, HOUSING, 0, 0);
        let b = city(2, b"ES", 2, MOBILITY, 0, 0);
        assert_eq!(score(&a, &b), CityMatch::default());
        assert_eq!(score(&a, &a), CityMatch::default());
    }

    #[test]
    fn the_exchange_is_said_once_and_size_and_language_add() {
        let a = CityFacts {
            langs: 0b10,
            ..city(1, b"MX", 2, HOUSING | MOBILITY, 0, HOUSING)
        };
        let b = CityFacts {
            langs: 0b11,
            ..city(2, b"ES", 3, MOBILITY, HOUSING, 0)
        };
        let m = score(&a, &b);
        assert_eq!(m.they_offer, HOUSING);
        assert_eq!(m.shared, MOBILITY);
        assert_eq!(m.shared_langs, 0b10);
        assert!(m.similar_size && m.across);
        assert_eq!(
            m.score,
            W_THEY_OFFER + W_SHARED + W_LANGUAGE + W_ACROSS + W_SIZE
        );
    }

    #[test]
    fn city_languages_are_those_most_members_speak() {
        let mut acc = CityAcc::default();
        acc.add_member(*b"CA", 3, HOUSING, 0, 0, 0b011);
        acc.add_member(*b"CA", 3, WASTE, WASTE, 0, 0b001);
        acc.add_member(*b"CA", 3, 0, 0, MOBILITY, 0b101);
        let f = acc.finish();
        assert_eq!(f.langs, 0b001);
        assert_eq!(f.members, 3);
        assert_eq!(f.themes, HOUSING | WASTE);
        assert_eq!(f.seek, MOBILITY);
    }
}
