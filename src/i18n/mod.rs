//! Every user-facing string, in English, French and Spanish.
//!
//! Strings are keyed by [`Msg`]; the `catalog!` macro makes it a compile error
//! to add a key without all three translations. Placeholders are written `{name}`
//! and filled with [`Msg::fill`].

mod catalog;
pub mod dates;

pub use crate::domain::locale::Locale;
pub use catalog::Msg;

impl Msg {
    /// The text with each `{key}` replaced by its value.
    pub fn fill(self, locale: Locale, args: &[(&str, &str)]) -> String {
        let mut out = self.text(locale).to_owned();
        for (k, v) in args {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

macro_rules! define_catalog {
    ($($key:ident => [$en:expr, $fr:expr, $es:expr $(,)?]),* $(,)?) => {
        /// A message key. Serialized by name so errors can carry it over the wire.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, locale: $crate::domain::locale::Locale) -> &'static str {
                use $crate::domain::locale::Locale::*;
                match self {
                    $(Msg::$key => match locale { En => $en, Fr => $fr, Es => $es }),*
                }
            }
        }
    };
}
pub(crate) use define_catalog;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_translated_and_distinct_where_it_should_be() {
        for &m in Msg::ALL {
            for l in Locale::ALL {
                assert!(!m.text(l).trim().is_empty(), "{m:?} empty in {l:?}");
            }
            // placeholders must be the same in all languages
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                holes(m.text(Locale::En)),
                holes(m.text(Locale::Fr)),
                "{m:?}"
            );
            assert_eq!(
                holes(m.text(Locale::En)),
                holes(m.text(Locale::Es)),
                "{m:?}"
            );
        }
        // a sample that must really differ between languages
        assert_ne!(
            Msg::NavSignIn.text(Locale::En),
            Msg::NavSignIn.text(Locale::Fr)
        );
        assert_ne!(
            Msg::NavSignIn.text(Locale::Fr),
            Msg::NavSignIn.text(Locale::Es)
        );
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            Msg::ErrRateLimited.fill(Locale::En, &[("minutes", "3")]),
            "Too many attempts. Please try again in 3 minute(s)."
        );
    }
}
