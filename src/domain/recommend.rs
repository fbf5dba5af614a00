//! Who to meet: a score between two members built from what they share and
//! what one offers that the other seeks, kept with its parts so that every
//! suggestion can say why.

/// What the score needs to know about a member (the search facts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// interests, offered and sought themes together
    pub themes: i64,
    pub offer: i64,
    pub seek: i64,
    pub langs: i64,
    /// index in `Sector::ALL`, or -1
    pub sector: i8,
    /// two ASCII letters, or zeros
    pub country: [u8; 2],
    /// city size bucket, or -1
    pub size: i8,
}

/// A score and the reasons it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Match {
    pub score: i64,
    pub shared_themes: i64,
    /// what they offer that I seek
    pub they_offer: i64,
    /// what I offer that they seek
    pub i_offer: i64,
    pub shared_langs: i64,
    /// works in another sector than mine
    pub other_sector: bool,
    /// lives in another country
    pub abroad: bool,
    /// on the other side of the Atlantic
    pub across: bool,
    pub same_size: bool,
    /// themes of people I marked useful
    pub liked: i64,
}

pub const W_SHARED_THEME: i64 = 3;
pub const W_THEY_OFFER: i64 = 5;
pub const W_I_OFFER: i64 = 3;
pub const W_LANGUAGE: i64 = 2;
pub const W_SECTOR: i64 = 1;
pub const W_ABROAD: i64 = 1;
pub const W_ACROSS: i64 = 2;
pub const W_SIZE: i64 = 1;
pub const W_LIKED: i64 = 2;

fn count(mask: i64) -> i64 {
    i64::from(mask.count_ones())
}

/// North America (where the network's American members live).
pub fn north_american(country: [u8; 2]) -> bool {
    matches!(&country, b"US" | b"CA" | b"MX")
}

/// How well `other` suits `me`. A pair with nothing in common or to exchange
/// scores 0: language, sector and place only rank people who already share a
/// theme or complete each other. `liked` is the themes of the people `me`
/// marked useful.
pub fn score(me: &Facts, other: &Facts, liked: i64) -> Match {
    let they_offer = other.offer & me.seek;
    let i_offer = me.offer & other.seek;
    // a theme one offers and the other seeks is said once, as the exchange
    let shared_themes = me.themes & other.themes & !(they_offer | i_offer);
    if shared_themes == 0 && they_offer == 0 && i_offer == 0 {
        return Match::default();
    }
    let shared_langs = me.langs & other.langs;
    let known = |c: [u8; 2]| c != [0, 0];
    let abroad = known(me.country) && known(other.country) && me.country != other.country;
    let across = abroad && north_american(me.country) != north_american(other.country);
    let other_sector = me.sector >= 0 && other.sector >= 0 && me.sector != other.sector;
    let same_size = me.size >= 0 && me.size == other.size;
    let liked = liked & other.themes;
    let score = W_SHARED_THEME * count(shared_themes)
        + W_THEY_OFFER * count(they_offer)
        + W_I_OFFER * count(i_offer)
        + if shared_langs != 0 { W_LANGUAGE } else { 0 }
        + if other_sector { W_SECTOR } else { 0 }
        + if abroad { W_ABROAD } else { 0 }
        + if across { W_ACROSS } else { 0 }
        + if same_size { W_SIZE } else { 0 }
        + W_LIKED * count(liked);
    Match {
        score,
        shared_themes,
        they_offer,
        i_offer,
        shared_langs,
        other_sector,
        abroad,
        across,
        same_size,
        liked,
    }
}

/// Keeps the `k` best (score, rank, id) triples, best first: a higher score,
/// then a more complete profile, then the older account.
pub fn top_k(mut scored: Vec<(i64, i64, i64)>, k: usize) -> Vec<(i64, i64, i64)> {
    let key = |x: &(i64, i64, i64)| (-x.0, -x.1, x.2);
    if scored.len() > k {
        scored.select_nth_unstable_by_key(k, key);
        scored.truncate(k);
    }
    scored.sort_unstable_by_key(key);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(themes: i64, offer: i64, seek: i64, langs: i64, country: &[u8; 2]) -> Facts {
        Facts {
            themes: themes | offer | seek,
            offer,
            seek,
            langs,
            sector: 0,
            country: *country,
            size: 3,
        }
    }

    #[test]
    fn sharing_nothing_scores_nothing() {
        let me = f(0b1, 0, 0, 1, b"MX");
        let other = f(0b10, 0, 0, 1, b"MX");
        assert_eq!(score(&me, &other, 0), Match::default());
    }

    #[test]
    fn what_they_offer_that_i_seek_weighs_most() {
        let me = f(0b1, 0, 0b100, 0b1, b"MX");
        let shares = f(0b1, 0, 0, 0b1, b"MX");
        let offers = f(0, 0b100, 0, 0b1, b"MX");
        let a = score(&me, &shares, 0);
        let b = score(&me, &offers, 0);
        assert_eq!(a.shared_themes, 0b1);
        assert_eq!(b.they_offer, 0b100);
        assert!(b.score > a.score);
    }

    #[test]
    fn place_language_and_sector_rank_among_equals() {
        let me = f(0b1, 0, 0, 0b100, b"MX");
        let near = f(0b1, 0, 0, 0b001, b"MX");
        let mut far = f(0b1, 0, 0, 0b100, b"FR");
        far.sector = 2;
        let m = score(&me, &far, 0);
        assert!(m.abroad && m.across && m.other_sector && m.shared_langs == 0b100);
        assert!(m.score > score(&me, &near, 0).score);
        // Canada is not across the Atlantic from Mexico
        let ca = f(0b1, 0, 0, 0, b"CA");
        let m = score(&me, &ca, 0);
        assert!(m.abroad && !m.across);
    }

    #[test]
    fn liked_themes_lift_similar_people() {
        let me = f(0b1, 0, 0, 0, b"MX");
        let other = f(0b11, 0, 0, 0, b"MX");
        assert!(score(&me, &other, 0b10).score > score(&me, &other, 0).score);
        assert_eq!(score(&me, &other, 0b10).liked, 0b10);
    }

    #[test]
    fn top_k_orders_by_score_then_rank_then_id() {
        let v = vec![(5, 1, 9), (7, 0, 3), (5, 2, 8), (5, 2, 4), (1, 9, 1)];
        assert_eq!(top_k(v.clone(), 3), vec![(7, 0, 3), (5, 2, 4), (5, 2, 8)]);
        assert_eq!(top_k(v, 10).len(), 5);
    }
}
