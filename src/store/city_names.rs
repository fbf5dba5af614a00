//! The city search's names in memory: every word-start of every city's
//! folded name, in order, so that "queretaro", "santiago de q" and "de que"
//! find "Santiago de Querétaro" by a binary search instead of a scan of the
//! 34,000 GeoNames rows (`LIKE '% q%'` can use no index: 4–9 ms a search,
//! the largest part of a people search once the people index was in
//! memory). The same answer as before: a city matches when its folded name
//! starts with the folded query, or has a word that does; the most
//! populous first, then by id.
//!
//! Cities are reference data written once, by the reference load; the
//! store drops its copy when it writes cities, and an empty copy is never
//! kept.

#[derive(Debug, Default)]
pub struct CityNames {
    /// (the name from one of its word starts on, index into `cities`)
    starts: Vec<(Box<str>, u32)>,
    /// (population, id)
    cities: Vec<(i64, i64)>,
}

impl CityNames {
    /// From (id, folded name, population) rows.
    pub fn new(rows: impl IntoIterator<Item = (i64, String, i64)>) -> CityNames {
        let mut names = CityNames::default();
        for (id, name, population) in rows {
            let i = names.cities.len() as u32;
            names.cities.push((population, id));
            let mut from = 0;
            loop {
                names.starts.push((name[from..].into(), i));
                match name[from..].find(' ') {
                    Some(p) => from += p + 1,
                    None => break,
                }
            }
        }
        names.starts.sort_unstable();
        names
    }

    pub fn is_empty(&self) -> bool {
        self.cities.is_empty()
    }

    /// The ids of up to `limit` cities matching the folded query, most
    /// populous first.
    pub fn search(&self, folded: &str, limit: usize) -> Vec<i64> {
        if folded.is_empty() {
            return Vec::new();
        }
        let from = self.starts.partition_point(|(s, _)| &**s < folded);
        let mut hits: Vec<u32> = self.starts[from..]
            .iter()
            .take_while(|(s, _)| s.starts_with(folded))
            .map(|(_, i)| *i)
            .collect();
        hits.sort_unstable();
        hits.dedup();
        let mut found: Vec<(i64, i64)> = hits
            .into_iter()
            .map(|i| {
                let (population, id) = self.cities[i as usize];
                (-population, id)
            })
            .collect();
        if found.len() > limit {
            found.select_nth_unstable(limit);
            found.truncate(limit);
        }
        found.sort_unstable();
        found.into_iter().map(|(_, id)| id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_starts_population_order_and_limit() {
        let names = CityNames::new([
            (1, "santiago de queretaro".to_owned(), 1_000),
            (2, "san jose".to_owned(), 5_000),
            (3, "queretaro".to_owned(), 500),
            (4, "des moines".to_owned(), 3_000),
            (5, "san juan de los lagos".to_owned(), 5_000),
        ]);
        assert_eq!(names.search("quer", 10), vec![1, 3]);
        assert_eq!(
            names.search("de", 10),
            vec![5, 4, 1],
            "word starts, by population then id"
        );
        assert_eq!(names.search("san", 10), vec![2, 5, 1]);
        assert_eq!(names.search("san", 2), vec![2, 5]);
        assert_eq!(names.search("de que", 10), vec![1], "across words");
        assert_eq!(
            names.search("ueret", 10),
            Vec::<i64>::new(),
            "not inside a word"
        );
        assert_eq!(names.search("los lagos", 10), vec![5]);
        assert!(names.search("", 10).is_empty());
        assert!(!names.is_empty());
    }
}
