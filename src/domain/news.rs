//! News, publications, the programme's pages and the contact form: their
//! vocabularies and the forms staff, authors and visitors fill in, parsed
//! into what the store keeps (the same rules in the browser and on the
//! server).

use super::call::states;
use super::event::LocalTime;
use super::profile::{block, one_line};
use super::{Email, FieldError, Locale};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

states!(
    /// What an article is: the programme's news, a city's story, an event's
    /// recap, a call.
    NewsCategory, "category" {
        Programme => "programme", NewsCatProgramme;
        Cities => "cities", NewsCatCities;
        Events => "events", NewsCatEvents;
        Calls => "calls", NewsCatCalls;
    }
);

states!(
    PublicationKind, "kind" {
        Report => "report", PubReport;
        CaseStudy => "case_study", PubCaseStudy;
        PolicyBrief => "policy_brief", PubPolicyBrief;
        Toolkit => "toolkit", PubToolkit;
        ApplicationForm => "application_form", PubApplicationForm;
        Faq => "faq", PubFaq;
    }
);

states!(
    ContactSubject, "subject" {
        General => "general", ContactGeneral;
        Press => "press", ContactPress;
        Call => "call", ContactCall;
        Technical => "technical", ContactTechnical;
    }
);

states!(
    /// new → answered → closed (staff may set any of them).
    ContactStatus, "status" {
        New => "new", ContactNew;
        Answered => "answered", ContactAnswered;
        Closed => "closed", ContactClosed;
    }
);

pub const MAX_TITLE: usize = 200;
pub const MAX_EXCERPT: usize = 400;
pub const MAX_BODY: usize = 60_000;
pub const MAX_TAGS: usize = 8;
pub const MAX_LINKS: usize = 20;

/// An article in one language, with what all its translations share, as
/// the editor posts it. Lists are comma-separated ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleForm {
    pub locale: String,
    pub title: String,
    pub excerpt: String,
    pub body: String,
    pub category: String,
    pub tags: String,
    /// "on" when shown as the programme rather than the author
    pub as_programme: String,
    pub featured: String,
    /// `YYYY-MM-DDTHH:MM` in `zone`, or empty
    pub publish_at: String,
    pub zone: String,
    pub cities: String,
    pub themes: Vec<String>,
    pub events: String,
    pub pairings: String,
    /// "draft" (save, not public), "publish" (now, or at `publish_at`)
    pub intent: String,
}

/// When an article appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    Draft,
    Now,
    At(LocalTime),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDraft {
    pub locale: Locale,
    pub title: String,
    pub excerpt: String,
    pub body: String,
    pub category: NewsCategory,
    pub tags: Vec<String>,
    pub as_programme: bool,
    pub featured: bool,
    pub publish: Publish,
    pub cities: Vec<i64>,
    pub themes: Vec<String>,
    pub events: Vec<i64>,
    pub pairings: Vec<i64>,
}

/// Comma- or space-separated positive ids; `field` names the list in an error.
pub fn id_list(field: &'static str, raw: &str) -> Result<Vec<i64>, FieldError> {
    let mut out = Vec::new();
    for part in raw
        .split([',', ' ', ';', '\n'])
        .filter(|p| !p.trim().is_empty())
    {
        match part.trim().trim_start_matches('#').parse::<i64>() {
            Ok(n) if n > 0 => {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
            _ => return Err(FieldError::new(field, Msg::ErrIdList)),
        }
    }
    if out.len() > MAX_LINKS {
        return Err(FieldError::new(field, Msg::ErrTooMany));
    }
    Ok(out)
}

/// Lower-case words, at most eight, each 2–30 characters.
pub fn tag_list(raw: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for t in raw.split(',').map(|t| t.trim().to_lowercase()) {
        if t.is_empty() {
            continue;
        }
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() > 30 || t.chars().any(|c| c.is_control() || "<>\"".contains(c)) {
            return Err(FieldError::new("tags", Msg::ErrTag));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.len() > MAX_TAGS {
        return Err(FieldError::new("tags", Msg::ErrTooMany));
    }
    Ok(out)
}

impl ArticleForm {
    pub fn validate(&self) -> Result<ArticleDraft, FieldError> {
        let locale = Locale::from_code(self.locale.trim())
            .ok_or(FieldError::new("locale", Msg::ErrChoice))?;
        let title = one_line("title", &self.title, MAX_TITLE)?;
        if title.is_empty() {
            return Err(FieldError::new("title", Msg::ErrRequired));
        }
        let body = block("body", &self.body, MAX_BODY)?;
        if body.is_empty() {
            return Err(FieldError::new("body", Msg::ErrRequired));
        }
        let excerpt = one_line("excerpt", &self.excerpt, MAX_EXCERPT)?;
        let category = NewsCategory::parse(&self.category)?;
        let tags = tag_list(&self.tags)?;
        let publish = match self.intent.trim() {
            "draft" => Publish::Draft,
            _ if self.publish_at.trim().is_empty() => Publish::Now,
            _ => Publish::At(LocalTime::parse("publish_at", &self.publish_at)?),
        };
        let themes: Vec<String> = self
            .themes
            .iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .take(MAX_LINKS)
            .collect();
        Ok(ArticleDraft {
            locale,
            title,
            excerpt,
            body,
            category,
            tags,
            as_programme: self.as_programme == "on",
            featured: self.featured == "on",
            publish,
            cities: id_list("cities", &self.cities)?,
            themes,
            events: id_list("events", &self.events)?,
            pairings: id_list("pairings", &self.pairings)?,
        })
    }
}

/// The first paragraph of a body as plain text, cut at a word near `max`
/// characters: the excerpt when the author wrote none.
pub fn excerpt_of(body: &str, max: usize) -> String {
    let para = body
        .split("\n\n")
        .map(str::trim)
        .find(|p| {
            !p.is_empty() && !p.starts_with('#') && !p.starts_with("![") && !p.starts_with('>')
        })
        .unwrap_or("");
    // drop link targets: "(…)" right after a link's text
    let mut kept = String::new();
    let mut rest = para;
    while let Some(i) = rest.find("](") {
        kept.push_str(&rest[..i]);
        // the target ends at the ")" that balances its "("
        let mut depth = 1;
        let after = &rest[i + 2..];
        let end = after
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(after.len(), |(j, _)| j + 1);
        rest = &after[end..];
    }
    kept.push_str(rest);
    let text: String = kept
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '[' | ']' | '!'))
        .collect();
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= max {
        return words;
    }
    let cut: String = words.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// A publication's details as staff post them (the file comes beside).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicationForm {
    pub kind: String,
    pub title_en: String,
    pub title_fr: String,
    pub title_es: String,
    pub authors: String,
    pub institution: String,
    pub year: String,
    pub language: String,
    pub pages: String,
    pub abstract_text: String,
    pub themes: Vec<String>,
    pub cities: String,
    pub pairings: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationDraft {
    pub kind: PublicationKind,
    /// (locale code, title), at least one
    pub titles: Vec<(String, String)>,
    pub authors: Vec<String>,
    pub institution: String,
    pub year: i64,
    pub language: String,
    pub pages: Option<i64>,
    pub abstract_text: String,
    pub themes: Vec<String>,
    pub cities: Vec<i64>,
    pub pairings: Vec<i64>,
}

impl PublicationForm {
    /// `this_year` bounds the year (nothing from the future beyond next year).
    pub fn validate(&self, this_year: i64) -> Result<PublicationDraft, FieldError> {
        let kind = PublicationKind::parse(&self.kind)?;
        let mut titles = Vec::new();
        for (code, raw, field) in [
            ("en", &self.title_en, "title_en"),
            ("fr", &self.title_fr, "title_fr"),
            ("es", &self.title_es, "title_es"),
        ] {
            let t = one_line(field, raw, MAX_TITLE)?;
            if !t.is_empty() {
                titles.push((code.to_owned(), t));
            }
        }
        if titles.is_empty() {
            return Err(FieldError::new("title_en", Msg::ErrTitleOneLanguage));
        }
        let authors: Vec<String> = one_line("authors", &self.authors, 400)?
            .split(';')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        let institution = one_line("institution", &self.institution, 200)?;
        let year = match self.year.trim().parse::<i64>() {
            Ok(y) if (1950..=this_year + 1).contains(&y) => y,
            _ => return Err(FieldError::new("year", Msg::ErrYear)),
        };
        let language = self.language.trim().to_lowercase();
        if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(FieldError::new("language", Msg::ErrChoice));
        }
        let pages = match self.pages.trim() {
            "" => None,
            p => match p.parse::<i64>() {
                Ok(n) if (1..=5000).contains(&n) => Some(n),
                _ => return Err(FieldError::new("pages", Msg::ErrPages)),
            },
        };
        let abstract_text = block("abstract_text", &self.abstract_text, 4000)?;
        Ok(PublicationDraft {
            kind,
            titles,
            authors,
            institution,
            year,
            language,
            pages,
            abstract_text,
            themes: self
                .themes
                .iter()
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .take(MAX_LINKS)
                .collect(),
            cities: id_list("cities", &self.cities)?,
            pairings: id_list("pairings", &self.pairings)?,
        })
    }
}

/// What a document is, by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    Pdf,
    Odt,
    Docx,
}

impl DocumentType {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Odt => "odt",
            Self::Docx => "docx",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }

    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "pdf" => Some(Self::Pdf),
            "odt" => Some(Self::Odt),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }

    /// From the first bytes (up to 2 KB) and the last kilobyte: a PDF's
    /// header and end marker; an OpenDocument text's ZIP whose first entry
    /// is its `mimetype`; a Word document's ZIP holding
    /// `[Content_Types].xml` and `word/` parts. The name and the declared
    /// type are never trusted.
    pub fn sniff(head: &[u8], tail: &[u8]) -> Option<Self> {
        if head.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF") {
            return Some(Self::Pdf);
        }
        let zip = head.starts_with(b"PK\x03\x04") && tail.windows(4).any(|w| w == b"PK\x05\x06");
        if !zip {
            return None;
        }
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if head.len() > 30
            && head[30..].starts_with(b"mimetypeapplication/vnd.oasis.opendocument.text")
        {
            return Some(Self::Odt);
        }
        if has(b"[Content_Types].xml") && (has(b"word/") || tail.windows(5).any(|w| w == b"word/"))
        {
            return Some(Self::Docx);
        }
        None
    }
}

/// The contact form; `website` is a field people never see (bots fill it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub name: String,
    pub email: String,
    pub subject: String,
    pub message: String,
    pub website: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDraft {
    pub name: String,
    pub email: Email,
    pub subject: ContactSubject,
    pub message: String,
}

impl ContactForm {
    pub fn validate(&self) -> Result<ContactDraft, FieldError> {
        let name = one_line("name", &self.name, 120)?;
        if name.is_empty() {
            return Err(FieldError::new("name", Msg::ErrRequired));
        }
        let email = Email::parse(&self.email)?;
        let subject = ContactSubject::parse(&self.subject)?;
        let message = block("message", &self.message, 5000)?;
        if message.chars().count() < 10 {
            return Err(FieldError::new("message", Msg::ErrMessageShort));
        }
        Ok(ContactDraft {
            name,
            email,
            subject,
            message,
        })
    }

    /// A bot filled the hidden field.
    pub fn is_bot(&self) -> bool {
        !self.website.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> ArticleForm {
        ArticleForm {
            locale: "en".into(),
            title: "  Lyon   visits Montréal ".into(),
            body: "First paragraph.\n\nSecond.".into(),
            category: "cities".into(),
            tags: "Circular Economy, visits, visits".into(),
            intent: "publish".into(),
            cities: "6077243, 2996944".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_article_parses_and_tidies() {
        let d = article().validate().unwrap();
        assert_eq!(d.title, "Lyon visits Montréal");
        assert_eq!(d.tags, vec!["circular economy", "visits"]);
        assert_eq!(d.cities, vec![6077243, 2996944]);
        assert_eq!(d.publish, Publish::Now);
        assert_eq!(d.category, NewsCategory::Cities);
    }

    #[test]
    fn bad_articles_name_the_field() {
        type Change = fn(&mut ArticleForm);
        let cases: Vec<(Change, &str)> = vec![
            (|f| f.title = "   ".into(), "title"),
            (|f| f.body = "".into(), "body"),
            (|f| f.category = "gossip".into(), "category"),
            (|f| f.locale = "de".into(), "locale"),
            (|f| f.cities = "12, abc".into(), "cities"),
            (|f| f.events = "-4".into(), "events"),
            (|f| f.tags = "<script>".into(), "tags"),
            (|f| f.tags = "a,b,c,d,e,f,g,h,i".into(), "tags"),
            (|f| f.publish_at = "tomorrow".into(), "publish_at"),
            (|f| f.title = "x".repeat(MAX_TITLE + 1), "title"),
            (|f| f.body = "a\u{0}b".into(), "body"),
        ];
        for (change, field) in cases {
            let mut f = article();
            change(&mut f);
            assert_eq!(f.validate().unwrap_err().field, field);
        }
    }

    #[test]
    fn drafts_and_schedules() {
        let mut f = article();
        f.intent = "draft".into();
        f.publish_at = "2027-01-05T09:30".into();
        assert_eq!(f.validate().unwrap().publish, Publish::Draft);
        f.intent = "publish".into();
        assert!(
            matches!(f.validate().unwrap().publish, Publish::At(t) if t.hour == 9 && t.minute == 30)
        );
    }

    #[test]
    fn excerpts_come_from_the_first_paragraph() {
        assert_eq!(
            excerpt_of(
                "## Heading\n\nCities **meet** in [Lyon](https://x.example/a).\n\nMore.",
                200
            ),
            "Cities meet in Lyon."
        );
        let long = "word ".repeat(100);
        assert_eq!(
            excerpt_of("See [x](javascript:alert(1)) now", 100),
            "See x now"
        );
        let e = excerpt_of(&long, 30);
        assert!(e.ends_with('…') && e.chars().count() <= 31, "{e}");
    }

    #[test]
    fn publications_parse() {
        let f = PublicationForm {
            kind: "case_study".into(),
            title_fr: "Cours oasis".into(),
            authors: "Dubois, Claire; Ville de Lyon".into(),
            year: "2025".into(),
            language: "FR".into(),
            pages: "12".into(),
            ..Default::default()
        };
        let d = f.validate(2026).unwrap();
        assert_eq!(d.titles, vec![("fr".to_owned(), "Cours oasis".to_owned())]);
        assert_eq!(d.authors, vec!["Dubois, Claire", "Ville de Lyon"]);
        assert_eq!(d.language, "fr");
        for (change, field) in [
            (
                (|f: &mut PublicationForm| f.title_fr.clear()) as fn(&mut PublicationForm),
                "title_en",
            ),
            (|f| f.year = "2099".into(), "year"),
            (|f| f.year = "".into(), "year"),
            (|f| f.pages = "0".into(), "pages"),
            (|f| f.kind = "novel".into(), "kind"),
            (|f| f.language = "fra".into(), "language"),
        ] {
            let mut g = f.clone();
            change(&mut g);
            assert_eq!(g.validate(2026).unwrap_err().field, field);
        }
    }

    #[test]
    fn documents_are_recognised_by_content() {
        assert_eq!(
            DocumentType::sniff(b"%PDF-1.7\n", b"\n%%EOF\n"),
            Some(DocumentType::Pdf)
        );
        assert_eq!(DocumentType::sniff(b"%PDF-1.7\n", b"cut short"), None);
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(
            DocumentType::sniff(&odt, b"..PK\x05\x06.."),
            Some(DocumentType::Odt)
        );
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(b"....[Content_Types].xml....word/document.xml");
        assert_eq!(
            DocumentType::sniff(&docx, b"PK\x05\x06"),
            Some(DocumentType::Docx)
        );
        // a spreadsheet is a ZIP too, but not a text document
        let mut xlsx = b"PK\x03\x04".to_vec();
        xlsx.extend_from_slice(b"....[Content_Types].xml....xl/workbook.xml");
        assert_eq!(DocumentType::sniff(&xlsx, b"PK\x05\x06"), None);
        assert_eq!(DocumentType::sniff(b"<html><script>", b"%%EOF"), None);
        assert_eq!(DocumentType::sniff(b"\x89PNG\r\n", b""), None);
    }

    #[test]
    fn contact_form() {
        let f = ContactForm {
            name: "Ana".into(),
            email: "ana@example.org".into(),
            subject: "press".into(),
            message: "Could we interview the mayor?".into(),
            website: String::new(),
        };
        assert_eq!(f.validate().unwrap().subject, ContactSubject::Press);
        assert!(!f.is_bot());
        let mut g = f.clone();
        g.message = "hi".into();
        assert_eq!(g.validate().unwrap_err().field, "message");
        g = f.clone();
        g.email = "not an address".into();
        assert_eq!(g.validate().unwrap_err().field, "email");
        g = f.clone();
        g.subject = "spam".into();
        assert_eq!(g.validate().unwrap_err().field, "subject");
        g = f;
        g.website = "http://spam.example".into();
        assert!(g.is_bot());
    }
}
