//! The people search: what a query string means, the same in the browser,
//! on the server and in the address bar, so that any search can be shared.

use super::text::fold;
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: i64 = 20;
pub const MAX_TERMS: usize = 8;
pub const MAX_TERM_LEN: usize = 40;
pub const MAX_FILTER_VALUES: usize = 12;

/// Everything that selects a page of results. Each filter holds the values
/// picked in one dimension: a result must match one of them (OR), and every
/// dimension that has values (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchParams {
    pub q: String,
    pub theme: Vec<String>,
    pub sector: Vec<String>,
    pub country: Vec<String>,
    pub lang: Vec<String>,
    pub size: Vec<String>,
    /// 1-based; "load more" asks for the next one
    pub page: i64,
}

impl SearchParams {
    /// From `(key, value)` pairs as in a URL query; unknown keys are ignored,
    /// empty values dropped, repeated keys collected.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SearchParams {
        let mut p = SearchParams::default();
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let list = match k {
                "q" => {
                    p.q = v.chars().take(200).collect();
                    continue;
                }
                "page" => {
                    p.page = v.parse().unwrap_or(1);
                    continue;
                }
                "theme" => &mut p.theme,
                "sector" => &mut p.sector,
                "country" => &mut p.country,
                "lang" => &mut p.lang,
                "size" => &mut p.size,
                _ => continue,
            };
            if list.len() < MAX_FILTER_VALUES && !list.iter().any(|x| x == v) {
                list.push(v.to_owned());
            }
        }
        p.page = p.page.clamp(1, 500);
        p
    }

    /// The pairs for a URL query, in a stable order, without the page.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.trim().is_empty() {
            out.push(("q", self.q.trim().to_owned()));
        }
        for (k, list) in [
            ("theme", &self.theme),
            ("sector", &self.sector),
            ("country", &self.country),
            ("lang", &self.lang),
            ("size", &self.size),
        ] {
            for v in list {
                out.push((k, v.clone()));
            }
        }
        out
    }

    pub fn has_filters(&self) -> bool {
        !(self.theme.is_empty()
            && self.sector.is_empty()
            && self.country.is_empty()
            && self.lang.is_empty()
            && self.size.is_empty())
    }

    /// The same search with `value` added to or removed from dimension `key`.
    pub fn toggled(&self, key: &str, value: &str) -> SearchParams {
        let mut p = self.clone();
        p.page = 1;
        let list = match key {
            "theme" => &mut p.theme,
            "sector" => &mut p.sector,
            "country" => &mut p.country,
            "lang" => &mut p.lang,
            "size" => &mut p.size,
            _ => return p,
        };
        if let Some(i) = list.iter().position(|v| v == value) {
            list.remove(i);
        } else {
            list.push(value.to_owned());
        }
        p
    }
}

/// The words of a query, folded (lower case, no accents), letters and digits
/// only: safe to put into an FTS5 or tsquery expression as they are.
pub fn terms(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in fold(q).split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let w: String = word.chars().take(MAX_TERM_LEN).collect();
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

/// Where the words must be found, from the most to the least relevant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// the name
    Name,
    /// name, job title, organisation, city, themes
    Headline,
    /// anywhere, the bio and offer/seek included
    Anywhere,
}

/// An SQLite FTS5 expression: every term as a prefix, all required.
pub fn fts5_expr(terms: &[String], scope: Scope) -> String {
    let all = terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" ");
    match scope {
        Scope::Name => format!("name : ({all})"),
        Scope::Headline => format!("{{name headline}} : ({all})"),
        Scope::Anywhere => all,
    }
}

/// A PostgreSQL tsquery (`simple` configuration) with the same meaning.
/// The scope is not in the expression: each scope has its own document
/// column (name, name + headline, everything).
pub fn tsquery_expr(terms: &[String], _scope: Scope) -> String {
    terms
        .iter()
        .map(|t| format!("{t}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded_deduplicated_and_safe() {
        assert_eq!(
            terms("  Querétaro MOVILIDAD querétaro "),
            vec!["queretaro", "movilidad"]
        );
        assert_eq!(
            terms("\"x\" OR y* NEAR(z) -w"),
            vec!["x", "or", "y", "near", "z", "w"]
        );
        assert_eq!(terms("it's über-cool"), vec!["it", "s", "uber", "cool"]);
        assert!(terms(" ,;* ").is_empty());
        assert_eq!(terms("a b c d e f g h i j").len(), MAX_TERMS);
        assert_eq!(terms(&"z".repeat(100))[0].len(), MAX_TERM_LEN);
    }

    #[test]
    fn expressions_per_backend() {
        let t = terms("sust hous");
        assert_eq!(fts5_expr(&t, Scope::Anywhere), "\"sust\"* \"hous\"*");
        assert_eq!(fts5_expr(&t, Scope::Name), "name : (\"sust\"* \"hous\"*)");
        assert_eq!(
            fts5_expr(&t, Scope::Headline),
            "{name headline} : (\"sust\"* \"hous\"*)"
        );
        assert_eq!(tsquery_expr(&t, Scope::Anywhere), "sust:* & hous:*");
        assert_eq!(tsquery_expr(&t, Scope::Name), "sust:* & hous:*");
    }

    #[test]
    fn params_round_trip_through_a_url_query() {
        let p = SearchParams::from_pairs([
            ("q", " housing "),
            ("theme", "housing"),
            ("theme", "mobility"),
            ("theme", "housing"),
            ("country", "MX"),
            ("page", "3"),
            ("bogus", "1"),
            ("lang", ""),
        ]);
        assert_eq!(p.q, "housing");
        assert_eq!(p.theme, vec!["housing", "mobility"]);
        assert_eq!(p.page, 3);
        assert!(p.lang.is_empty());
        let back = SearchParams::from_pairs(p.to_pairs().iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(
            back,
            SearchParams {
                page: 1,
                ..p.clone()
            }
        );
        let t = p.toggled("theme", "housing");
        assert_eq!(t.theme, vec!["mobility"]);
        assert_eq!(t.page, 1);
        assert_eq!(
            t.toggled("theme", "housing").theme,
            vec!["mobility", "housing"]
        );
        assert_eq!(SearchParams::from_pairs([("page", "-4")]).page, 1);
    }
}
