//! Member profiles: the closed vocabularies (sector, visibility, spoken
//! languages, city size) and the rules every field must meet. Shared by the
//! browser and the server, so both give the same message beside a field.

use super::FieldError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sector {
    Government,
    Research,
    CivilSociety,
    Business,
    Academia,
    International,
}

impl Sector {
    pub const ALL: [Sector; 6] = [
        Sector::Government,
        Sector::Research,
        Sector::CivilSociety,
        Sector::Business,
        Sector::Academia,
        Sector::International,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Government => "government",
            Sector::Research => "research",
            Sector::CivilSociety => "civil_society",
            Sector::Business => "business",
            Sector::Academia => "academia",
            Sector::International => "international",
        }
    }

    pub fn parse(raw: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> Msg {
        match self {
            Sector::Government => Msg::SectorGovernment,
            Sector::Research => Msg::SectorResearch,
            Sector::CivilSociety => Msg::SectorCivilSociety,
            Sector::Business => Msg::SectorBusiness,
            Sector::Academia => Msg::SectorAcademia,
            Sector::International => Msg::SectorInternational,
        }
    }
}

/// Who sees a profile. Hidden profiles are left out of search and city pages;
/// their page is still open to signed-in members who have the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Visibility {
    Public,
    #[default]
    Members,
    Hidden,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Public, Visibility::Members, Visibility::Hidden];

    pub fn code(self) -> i64 {
        match self {
            Visibility::Public => 0,
            Visibility::Members => 1,
            Visibility::Hidden => 2,
        }
    }

    pub fn from_code(code: i64) -> Visibility {
        match code {
            0 => Visibility::Public,
            2 => Visibility::Hidden,
            _ => Visibility::Members,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Members => "members",
            Visibility::Hidden => "hidden",
        }
    }

    pub fn parse(raw: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.as_str() == raw)
    }

    pub fn label(self) -> Msg {
        match self {
            Visibility::Public => Msg::VisibilityPublic,
            Visibility::Members => Msg::VisibilityMembers,
            Visibility::Hidden => Msg::VisibilityHidden,
        }
    }
}

/// Languages a member can say they speak: ISO 639-1 code and its name. The
/// position is the bit in `languages_mask`; append only.
pub const LANGUAGES: [(&str, Msg); 12] = [
    ("en", Msg::LanguageEn),
    ("fr", Msg::LanguageFr),
    ("es", Msg::LanguageEs),
    ("pt", Msg::LanguagePt),
    ("de", Msg::LanguageDe),
    ("it", Msg::LanguageIt),
    ("nl", Msg::LanguageNl),
    ("el", Msg::LanguageEl),
    ("pl", Msg::LanguagePl),
    ("ro", Msg::LanguageRo),
    ("ca", Msg::LanguageCa),
    ("sv", Msg::LanguageSv),
];

pub fn language_bit(code: &str) -> Option<u32> {
    LANGUAGES
        .iter()
        .position(|(c, _)| *c == code)
        .map(|p| p as u32)
}

pub fn languages_mask<'a>(codes: impl IntoIterator<Item = &'a str>) -> i64 {
    codes
        .into_iter()
        .filter_map(language_bit)
        .fold(0, |m, b| m | (1 << b))
}

pub fn languages_in(mask: i64) -> Vec<&'static str> {
    LANGUAGES
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, (c, _))| *c)
        .collect()
}

/// City size classes for the search filter, by GeoNames population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SizeBucket {
    Under100k,
    To500k,
    To1m,
    To5m,
    Over5m,
}

impl SizeBucket {
    pub const ALL: [SizeBucket; 5] = [
        SizeBucket::Under100k,
        SizeBucket::To500k,
        SizeBucket::To1m,
        SizeBucket::To5m,
        SizeBucket::Over5m,
    ];

    pub fn of(population: i64) -> SizeBucket {
        match population {
            p if p < 100_000 => SizeBucket::Under100k,
            p if p < 500_000 => SizeBucket::To500k,
            p if p < 1_000_000 => SizeBucket::To1m,
            p if p < 5_000_000 => SizeBucket::To5m,
            _ => SizeBucket::Over5m,
        }
    }

    pub fn code(self) -> i64 {
        SizeBucket::ALL.iter().position(|b| *b == self).unwrap_or(0) as i64
    }

    pub fn from_code(code: i64) -> Option<SizeBucket> {
        usize::try_from(code)
            .ok()
            .and_then(|i| SizeBucket::ALL.get(i).copied())
    }

    pub fn label(self) -> Msg {
        match self {
            SizeBucket::Under100k => Msg::SizeUnder100k,
            SizeBucket::To500k => Msg::SizeTo500k,
            SizeBucket::To1m => Msg::SizeTo1m,
            SizeBucket::To5m => Msg::SizeTo5m,
            SizeBucket::Over5m => Msg::SizeOver5m,
        }
    }
}

pub const MAX_TITLE: usize = 120;
pub const MAX_ORGANISATION: usize = 160;
pub const MAX_BIO: usize = 4000;
pub const MAX_OFFER: usize = 1000;
pub const MAX_LINKS: usize = 5;
pub const MAX_LINK: usize = 300;

/// A profile form as the member typed it. Missing keys are empty (a plain
/// form post sends no key for a group of unticked boxes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub job_title: String,
    pub organisation: String,
    /// a `Sector::as_str`, or empty
    pub sector: String,
    /// the home city's GeoNames id, or empty
    pub city_id: String,
    /// what the city field shows ("Querétaro, Mexico"); without scripts the
    /// server resolves a typed name to a city
    pub city_name: String,
    /// spoken languages, ISO codes
    pub languages: Vec<String>,
    /// theme ids
    pub interests: Vec<String>,
    pub offer_themes: Vec<String>,
    pub seek_themes: Vec<String>,
    pub bio: String,
    /// one http(s) address per line
    pub links: String,
    pub offer: String,
    pub seek: String,
    pub visibility: String,
}

/// A profile that passed every rule. Theme ids are checked against the
/// store's taxonomy by the service, not here.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidProfile {
    pub job_title: String,
    pub organisation: String,
    pub sector: Option<Sector>,
    pub city_id: Option<i64>,
    pub languages_mask: i64,
    pub interests: Vec<String>,
    pub offer_themes: Vec<String>,
    pub seek_themes: Vec<String>,
    pub bio: String,
    pub links: Vec<String>,
    pub offer: String,
    pub seek: String,
    pub visibility: Visibility,
}

/// A one-line field: runs of white space (line breaks included) become one
/// space and other control characters (NUL, escapes...) are dropped.
pub(crate) fn one_line(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let v = raw
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if v.chars().count() > max {
        return Err(FieldError::new(field, Msg::ErrTooLong));
    }
    Ok(v)
}

pub(crate) fn block(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let v = raw.replace("\r\n", "\n").trim().to_owned();
    if v.chars().count() > max {
        return Err(FieldError::new(field, Msg::ErrTooLong));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new(field, Msg::ErrInvalidText));
    }
    Ok(v)
}

/// An absolute http(s) address with a host and no spaces or quotes.
pub fn is_web_link(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && host.contains('.')
                && !s.chars().any(|c| {
                    c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`')
                })
        }
        None => false,
    }
}

pub(crate) fn themes(raw: &[String]) -> Vec<String> {
    let mut v: Vec<String> = raw
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

impl ProfileForm {
    pub fn validate(&self) -> Result<ValidProfile, FieldError> {
        let sector = match self.sector.trim() {
            "" => None,
            s => Some(Sector::parse(s).ok_or(FieldError::new("sector", Msg::ErrChoice))?),
        };
        let city_id = match self.city_id.trim() {
            "" => None,
            s => Some(
                s.parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or(FieldError::new("city_id", Msg::ErrCityUnknown))?,
            ),
        };
        let mut languages_mask = 0;
        for code in &self.languages {
            let bit =
                language_bit(code.trim()).ok_or(FieldError::new("languages", Msg::ErrChoice))?;
            languages_mask |= 1 << bit;
        }
        let links: Vec<String> = self
            .links
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if links.len() > MAX_LINKS {
            return Err(FieldError::new("links", Msg::ErrTooManyLinks));
        }
        if links.iter().any(|l| l.len() > MAX_LINK || !is_web_link(l)) {
            return Err(FieldError::new("links", Msg::ErrLink));
        }
        let visibility = match self.visibility.trim() {
            "" => Visibility::default(),
            v => Visibility::parse(v).ok_or(FieldError::new("visibility", Msg::ErrChoice))?,
        };
        Ok(ValidProfile {
            job_title: one_line("job_title", &self.job_title, MAX_TITLE)?,
            organisation: one_line("organisation", &self.organisation, MAX_ORGANISATION)?,
            sector,
            city_id,
            languages_mask,
            interests: themes(&self.interests),
            offer_themes: themes(&self.offer_themes),
            seek_themes: themes(&self.seek_themes),
            bio: block("bio", &self.bio, MAX_BIO)?,
            links,
            offer: block("offer", &self.offer, MAX_OFFER)?,
            seek: block("seek", &self.seek, MAX_OFFER)?,
            visibility,
        })
    }
}

/// The fields that make a member findable, each with its weight (they sum
/// to 100).
pub const COMPLETENESS: [(&str, u8); 9] = [
    ("photo", 10),
    ("job_title", 15),
    ("organisation", 10),
    ("sector", 10),
    ("city_id", 15),
    ("languages", 5),
    ("interests", 15),
    ("bio", 10),
    ("offer", 10),
];

/// How complete a profile is (0..=100) and which fields are missing, most
/// valuable first.
pub fn completeness(p: &ValidProfile, has_photo: bool) -> (u8, Vec<&'static str>) {
    let filled = |field: &str| match field {
        "photo" => has_photo,
        "job_title" => !p.job_title.is_empty(),
        "organisation" => !p.organisation.is_empty(),
        "sector" => p.sector.is_some(),
        "city_id" => p.city_id.is_some(),
        "languages" => p.languages_mask != 0,
        "interests" => !p.interests.is_empty(),
        "bio" => !p.bio.is_empty(),
        "offer" => !p.offer.is_empty() || !p.offer_themes.is_empty(),
        _ => false,
    };
    let mut score = 0u8;
    let mut missing: Vec<(&'static str, u8)> = Vec::new();
    for (field, weight) in COMPLETENESS {
        if filled(field) {
            score += weight;
        } else {
            missing.push((field, weight));
        }
    }
    missing.sort_by_key(|m| std::cmp::Reverse(m.1));
    (score, missing.into_iter().map(|(f, _)| f).collect())
}

/// A stored photo's file name: 32 hex digits (no path, no extension).
pub fn valid_photo_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProfileForm {
        ProfileForm {
            job_title: "  Director   of  mobility ".into(),
            organisation: "Ciudad de México".into(),
            sector: "government".into(),
            city_id: "3530597".into(),
            languages: vec!["es".into(), "en".into()],
            interests: vec!["mobility".into(), "housing".into(), "mobility".into()],
            bio: "I run **bus rapid transit**.\r\n\r\nAsk me.".into(),
            links: "https://example.org/me\n\n http://city.gov.mx/x ".into(),
            visibility: "public".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_is_normalised() {
        let p = form().validate().unwrap();
        assert_eq!(p.job_title, "Director of mobility");
        assert_eq!(p.sector, Some(Sector::Government));
        assert_eq!(p.city_id, Some(3530597));
        assert_eq!(p.languages_mask, 0b101);
        assert_eq!(p.interests, vec!["housing", "mobility"]);
        assert_eq!(p.bio, "I run **bus rapid transit**.\n\nAsk me.");
        assert_eq!(p.links.len(), 2);
        assert_eq!(p.visibility, Visibility::Public);
    }

    type Case = (Box<dyn Fn(&mut ProfileForm)>, &'static str, Msg);

    #[test]
    fn every_rule_names_its_field() {
        let cases: Vec<Case> = vec![
            (
                Box::new(|f| f.job_title = "x".repeat(121)),
                "job_title",
                Msg::ErrTooLong,
            ),
            (
                Box::new(|f| f.organisation = "y".repeat(161)),
                "organisation",
                Msg::ErrTooLong,
            ),
            (
                Box::new(|f| f.sector = "banking".into()),
                "sector",
                Msg::ErrChoice,
            ),
            (
                Box::new(|f| f.city_id = "abc".into()),
                "city_id",
                Msg::ErrCityUnknown,
            ),
            (
                Box::new(|f| f.city_id = "-4".into()),
                "city_id",
                Msg::ErrCityUnknown,
            ),
            (
                Box::new(|f| f.languages = vec!["xx".into()]),
                "languages",
                Msg::ErrChoice,
            ),
            (
                Box::new(|f| f.bio = "é".repeat(4001)),
                "bio",
                Msg::ErrTooLong,
            ),
            (
                Box::new(|f| f.bio = "bell\u{7}".into()),
                "bio",
                Msg::ErrInvalidText,
            ),
            (
                Box::new(|f| f.offer = "o".repeat(1001)),
                "offer",
                Msg::ErrTooLong,
            ),
            (
                Box::new(|f| f.seek = "s".repeat(1001)),
                "seek",
                Msg::ErrTooLong,
            ),
            (
                Box::new(|f| f.links = "javascript:alert(1)".into()),
                "links",
                Msg::ErrLink,
            ),
            (
                Box::new(|f| f.links = "https://a.org/\"onmouseover".into()),
                "links",
                Msg::ErrLink,
            ),
            (
                Box::new(|f| f.links = "https://localhost".into()),
                "links",
                Msg::ErrLink,
            ),
            (
                Box::new(|f| f.links = (0..6).map(|i| format!("https://e{i}.org\n")).collect()),
                "links",
                Msg::ErrTooManyLinks,
            ),
            (
                Box::new(|f| f.visibility = "everyone".into()),
                "visibility",
                Msg::ErrChoice,
            ),
        ];
        for (change, field, msg) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(f.validate(), Err(FieldError::new(field, msg)), "{field}");
        }
    }

    #[test]
    fn empty_optional_fields_are_fine() {
        let p = ProfileForm::default().validate().unwrap();
        assert_eq!(p.sector, None);
        assert_eq!(p.city_id, None);
        assert_eq!(p.visibility, Visibility::Members);
        assert_eq!(
            completeness(&p, false),
            (
                0,
                vec![
                    "job_title",
                    "city_id",
                    "interests",
                    "photo",
                    "organisation",
                    "sector",
                    "bio",
                    "offer",
                    "languages"
                ]
            )
        );
    }

    #[test]
    fn completeness_adds_up() {
        assert_eq!(
            COMPLETENESS.iter().map(|(_, w)| *w as u32).sum::<u32>(),
            100
        );
        let p = form().validate().unwrap();
        let (score, missing) = completeness(&p, true);
        assert_eq!(missing, vec!["offer"]);
        assert_eq!(score, 90);
    }

    #[test]
    fn size_buckets_and_masks() {
        assert_eq!(SizeBucket::of(15_000), SizeBucket::Under100k);
        assert_eq!(SizeBucket::of(100_000), SizeBucket::To500k);
        assert_eq!(SizeBucket::of(999_999), SizeBucket::To1m);
        assert_eq!(SizeBucket::of(21_000_000), SizeBucket::Over5m);
        for b in SizeBucket::ALL {
            assert_eq!(SizeBucket::from_code(b.code()), Some(b));
        }
        assert_eq!(SizeBucket::from_code(9), None);
        let m = languages_mask(["fr", "sv", "zz"]);
        assert_eq!(languages_in(m), vec!["fr", "sv"]);
        for v in Visibility::ALL {
            assert_eq!(Visibility::from_code(v.code()), v);
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
        for s in Sector::ALL {
            assert_eq!(Sector::parse(s.as_str()), Some(s));
        }
    }
}
