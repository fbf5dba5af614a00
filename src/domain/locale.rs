//! The three interface languages and how a visitor's language is chosen.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Fr,
    Es,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fr, Locale::Es];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Es => "es",
        }
    }

    /// The language's own name, shown in the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Es => "Español",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            "es" => Some(Locale::Es),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header,
    /// honouring q-values; English when nothing matches.
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (pos, item) in header.split(',').enumerate() {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|v| v.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(loc) = Locale::from_code(tag) {
                let better = match best {
                    None => true,
                    Some((bq, bpos, _)) => q > bq || (q == bq && pos < bpos),
                };
                if better {
                    best = Some((q, pos, loc));
                }
            }
        }
        best.map(|(_, _, l)| l).unwrap_or_default()
    }

    /// Formats a whole number with this language's digit grouping.
    pub fn format_int(self, n: i64) -> String {
        let sep = match self {
            Locale::En => ",",
            Locale::Fr => "\u{202f}",
            Locale::Es => ".",
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        if n < 0 {
            out.insert(0, '-');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_highest_supported() {
        assert_eq!(
            Locale::from_accept_language("fr-CA,fr;q=0.9,en;q=0.8"),
            Locale::Fr
        );
        assert_eq!(
            Locale::from_accept_language("de-DE,de;q=0.9,es;q=0.5,en;q=0.4"),
            Locale::Es
        );
        assert_eq!(
            Locale::from_accept_language("en;q=0.2, es-MX;q=0.8"),
            Locale::Es
        );
        assert_eq!(Locale::from_accept_language("de"), Locale::En);
        assert_eq!(Locale::from_accept_language(""), Locale::En);
        assert_eq!(Locale::from_accept_language("es;q=0, fr"), Locale::Fr);
        assert_eq!(Locale::from_accept_language("garbage;;q=x,,"), Locale::En);
    }

    #[test]
    fn codes_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_code(l.code()), Some(l));
        }
        assert_eq!(Locale::from_code("ES_mx"), Some(Locale::Es));
        assert_eq!(Locale::from_code("pt"), None);
    }

    #[test]
    fn numbers_group_per_locale() {
        assert_eq!(Locale::En.format_int(1234567), "1,234,567");
        assert_eq!(Locale::Fr.format_int(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(Locale::Es.format_int(-1234), "-1.234");
        assert_eq!(Locale::En.format_int(999), "999");
        assert_eq!(Locale::En.format_int(0), "0");
    }
}
