//! News, publications, the programme page and the contact inbox, as the
//! pages show them (already in the reader's language).

use super::Choice;
use crate::domain::news::PublicationForm;
use serde::{Deserialize, Serialize};

/// What `/news` was asked for (query-string values as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewsFilters {
    pub category: String,
    pub language: String,
    pub q: String,
    pub page: String,
}

/// A link with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub href: String,
}

/// One article in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsCard {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub excerpt: String,
    pub category: String,
    pub category_label: String,
    /// "Published Thu 3 December 2026", "Scheduled for …" or "Draft"
    pub date: String,
    pub date_iso: String,
    pub minutes: String,
    pub author: String,
    pub cover: Option<String>,
    /// the text's language when it is not the reader's (e.g. "français")
    pub language: Option<String>,
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsList {
    pub items: Vec<NewsCard>,
    pub featured: Vec<NewsCard>,
    pub filters: NewsFilters,
    pub categories: Vec<Choice>,
    pub languages: Vec<Choice>,
    /// `/news?…&page=N` of the next page, when there is one
    pub next: Option<String>,
    pub page: i64,
    pub can_write: bool,
    /// drafts and scheduled articles the reader may edit
    pub mine: Vec<NewsCard>,
    /// (label, href) of this language's RSS and Atom feeds
    pub feeds: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticlePage {
    pub id: i64,
    pub lang: String,
    pub title: String,
    pub excerpt: String,
    /// sanitised
    pub body_html: String,
    pub cover: Option<String>,
    pub author: String,
    pub date: String,
    pub date_iso: String,
    pub modified_iso: String,
    pub minutes: String,
    pub category_label: String,
    pub tags: Vec<String>,
    /// "not in your language, here in French" or "translated from…"
    pub note: Option<String>,
    /// the article's other languages: (code, name, href)
    pub translations: Vec<(String, String, String)>,
    /// the cities, themes, events and pairings it is about
    pub about: Vec<Link>,
    pub related: Vec<NewsCard>,
    pub can_edit: bool,
    /// for authors and staff before publication: why the public cannot see it
    pub status: Option<String>,
    /// absolute address of this language's page
    pub url: String,
    /// schema.org NewsArticle, already escaped for a script element
    pub json_ld: String,
}

/// The editor of one language of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEditor {
    pub id: i64,
    pub version: i64,
    pub locale: String,
    pub title: String,
    pub excerpt: String,
    pub body: String,
    pub category: String,
    pub tags: String,
    pub as_programme: bool,
    pub featured: bool,
    pub publish_at: String,
    pub zone: String,
    pub cities: String,
    pub themes: Vec<String>,
    pub events: String,
    pub pairings: String,
    pub categories: Vec<Choice>,
    pub theme_choices: Vec<Choice>,
    /// (code, name, has a text, editor href)
    pub texts: Vec<(String, String, bool, String)>,
    pub cover: Option<String>,
    pub status: String,
    pub original: String,
    pub view_href: String,
}

/// The members staff allow to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsAuthors {
    /// (id, name, e-mail)
    pub authors: Vec<(i64, String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicationFilters {
    pub kind: String,
    pub theme: String,
    pub language: String,
    pub year: String,
    pub q: String,
    pub page: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationCard {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub kind_label: String,
    pub year: i64,
    pub language: String,
    pub lang: String,
    pub authors: String,
    /// "PDF, 1.2 MB"
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationList {
    pub items: Vec<PublicationCard>,
    pub filters: PublicationFilters,
    pub kinds: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub years: Vec<Choice>,
    pub next: Option<String>,
    pub page: i64,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationPage {
    pub id: i64,
    pub title: String,
    pub lang: String,
    pub kind_label: String,
    pub authors: Vec<String>,
    pub institution: String,
    pub year: i64,
    pub language: String,
    pub pages: Option<String>,
    pub abstract_text: String,
    pub themes: Vec<String>,
    pub about: Vec<Link>,
    pub download_href: String,
    pub download_label: String,
    pub bibtex_href: String,
    pub csl_href: String,
    /// (name, content) of the `citation_*` meta tags
    pub citation_meta: Vec<(String, String)>,
    pub can_edit: bool,
    pub downloads: String,
    /// for staff: (month, downloads)
    pub by_month: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationEditor {
    pub id: i64,
    pub version: i64,
    pub form: PublicationForm,
    pub kinds: Vec<Choice>,
    pub theme_choices: Vec<Choice>,
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammePage {
    pub html: String,
    pub can_edit: bool,
    /// the page is missing in the reader's language
    pub missing: bool,
    pub featured: Vec<NewsCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeEditor {
    /// (code, language name, Markdown)
    pub bodies: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactItem {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub date: String,
    pub status: String,
    pub status_label: String,
    pub reply: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInbox {
    pub items: Vec<ContactItem>,
    pub statuses: Vec<Choice>,
    pub status: String,
}
