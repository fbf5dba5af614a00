//! News, publications, staff-written pages, contact messages and digest
//! subscriptions in the store. Implemented for both backends by
//! `news_sql::impl_news_store!` (articles, authors, pages) and
//! `library_sql::impl_library_store!` (publications, contact, digest).

use super::*;

/// What an article's translations share, ready to store.
#[derive(Debug, Clone)]
pub struct StoryWrite {
    pub category: String,
    pub tags: Vec<String>,
    pub as_programme: bool,
    pub featured: bool,
    /// `None`: a draft
    pub publish_at: Option<i64>,
    /// the language of the first text (kept when translations are added)
    pub original: String,
    /// (kind, ref): 'city', 'theme', 'event', 'pairing'
    pub links: Vec<(String, String)>,
}

/// One language of an article.
#[derive(Debug, Clone)]
pub struct TextWrite {
    pub locale: String,
    pub title: String,
    pub excerpt: String,
    pub body: String,
    pub minutes: i64,
    pub search: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoryRecord {
    pub id: i64,
    pub category: String,
    pub tags: String,
    pub cover: Option<String>,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub as_programme: bool,
    pub publish_at: Option<i64>,
    pub featured: bool,
    pub original: String,
    pub created_by: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl StoryRecord {
    pub fn tag_list(&self) -> Vec<String> {
        self.tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Public at `now`: published, and not in the future.
    pub fn is_public(&self, now: i64) -> bool {
        self.publish_at.is_some_and(|t| t <= now)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TextRecord {
    pub story_id: i64,
    pub locale: String,
    pub title: String,
    pub excerpt: String,
    pub body: String,
    pub minutes: i64,
    pub updated_at: i64,
}

/// An article in a list: the story, its text in the language asked for (or
/// the original), and which languages it has.
#[derive(Debug, Clone)]
pub struct StoryRow {
    pub story: StoryRecord,
    pub text: TextRecord,
    pub locales: Vec<String>,
}

/// Which articles a list holds.
#[derive(Debug, Clone, Default)]
pub struct NewsQuery {
    /// only those published at or before this time; `None` includes drafts
    /// and scheduled ones (staff and authors)
    pub published_by: Option<i64>,
    /// only those published after this time (the digest's new articles)
    pub published_after: Option<i64>,
    /// only drafts and those scheduled after this time
    pub unpublished_at: Option<i64>,
    /// only those written or created by this member (an author's own list)
    pub by: Option<i64>,
    pub category: Option<String>,
    /// only those with a text in this language
    pub language: Option<String>,
    /// folded words, each found in some text of the article
    pub words: Vec<String>,
    /// (kind, ref): only those about this city, theme, event or pairing
    pub about: Option<(String, String)>,
    pub featured_only: bool,
    /// the language of the text to show (the original when missing)
    pub reader: String,
    pub offset: i64,
    pub limit: i64,
}

#[async_trait::async_trait]
pub trait NewsStore: Send + Sync {
    async fn create_story(
        &self,
        w: &StoryWrite,
        text: &TextWrite,
        author: i64,
        now: i64,
    ) -> StoreResult<i64>;
    /// Saves the shared part and one language's text (added or replaced);
    /// `false` when `version` is stale.
    async fn update_story(
        &self,
        id: i64,
        version: i64,
        w: &StoryWrite,
        text: &TextWrite,
        now: i64,
    ) -> StoreResult<bool>;
    async fn delete_story_text(&self, id: i64, locale: &str, now: i64) -> StoreResult<()>;
    /// Sets the cover; the old one's name comes back (to delete its file).
    async fn set_story_cover(
        &self,
        id: i64,
        cover: Option<&str>,
        now: i64,
    ) -> StoreResult<Option<String>>;
    /// Deletes an article; its cover's name comes back.
    async fn delete_story(&self, id: i64) -> StoreResult<Option<String>>;
    async fn story(&self, id: i64) -> StoreResult<Option<StoryRecord>>;
    async fn story_texts(&self, id: i64) -> StoreResult<Vec<TextRecord>>;
    async fn story_links(&self, id: i64) -> StoreResult<Vec<(String, String)>>;
    /// Up to `q.limit` articles, newest first (by publication time, drafts
    /// first when included).
    async fn list_stories(&self, q: &NewsQuery) -> StoreResult<Vec<StoryRow>>;
    async fn count_stories(&self, published_by: i64) -> StoreResult<i64>;

    async fn is_news_author(&self, user: i64) -> StoreResult<bool>;
    /// (id, name, e-mail) of the members allowed to write
    async fn news_authors(&self) -> StoreResult<Vec<(i64, String, String)>>;
    async fn set_news_author(&self, user: i64, on: bool, by: i64, now: i64) -> StoreResult<()>;

    /// (body, updated_at) of a staff-written page in one language.
    async fn site_page(&self, key: &str, locale: &str) -> StoreResult<Option<(String, i64)>>;
    async fn set_site_page(
        &self,
        key: &str,
        locale: &str,
        body: &str,
        by: Option<i64>,
        now: i64,
    ) -> StoreResult<()>;
}

/// A publication's details, ready to store.
#[derive(Debug, Clone)]
pub struct PublicationWrite {
    pub kind: String,
    /// JSON object: locale → title
    pub titles: String,
    pub authors: String,
    pub institution: String,
    pub year: i64,
    pub language: String,
    pub pages: Option<i64>,
    pub abstract_text: String,
    /// comma-separated theme ids
    pub themes: String,
    pub search: String,
    /// (kind, ref): 'city', 'pairing'
    pub links: Vec<(String, String)>,
}

/// The stored file of a publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub stored_as: String,
    pub file_name: String,
    pub media_type: String,
    pub bytes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublicationRecord {
    pub id: i64,
    pub kind: String,
    pub titles: String,
    pub authors: String,
    pub institution: String,
    pub year: i64,
    pub language: String,
    pub pages: Option<i64>,
    pub abstract_text: String,
    pub themes: String,
    pub stored_as: String,
    pub file_name: String,
    pub media_type: String,
    pub bytes: i64,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// all months together
    pub downloads: i64,
}

#[derive(Debug, Clone, Default)]
pub struct PublicationQuery {
    pub kind: Option<String>,
    pub theme: Option<String>,
    pub language: Option<String>,
    pub year: Option<i64>,
    pub words: Vec<String>,
    pub about: Option<(String, String)>,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactRecord {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub locale: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubscriptionRecord {
    pub id: i64,
    pub email: String,
    pub locale: String,
    pub token: String,
    pub confirmed_at: Option<i64>,
    pub last_sent_at: Option<i64>,
    pub created_at: i64,
}

#[async_trait::async_trait]
pub trait LibraryStore: Send + Sync {
    async fn create_publication(
        &self,
        w: &PublicationWrite,
        file: &StoredFile,
        by: i64,
        now: i64,
    ) -> StoreResult<i64>;
    /// `false` when `version` is stale.
    async fn update_publication(
        &self,
        id: i64,
        version: i64,
        w: &PublicationWrite,
        now: i64,
    ) -> StoreResult<bool>;
    /// Puts a new file in place; the old one comes back (to delete).
    async fn replace_publication_file(
        &self,
        id: i64,
        file: &StoredFile,
        now: i64,
    ) -> StoreResult<Option<StoredFile>>;
    /// Deletes it; its file comes back.
    async fn delete_publication(&self, id: i64) -> StoreResult<Option<StoredFile>>;
    async fn publication(&self, id: i64) -> StoreResult<Option<PublicationRecord>>;
    async fn publication_links(&self, id: i64) -> StoreResult<Vec<(String, String)>>;
    async fn list_publications(&self, q: &PublicationQuery) -> StoreResult<Vec<PublicationRecord>>;
    /// The years and languages there are publications in.
    async fn publication_facets(&self) -> StoreResult<(Vec<i64>, Vec<String>)>;
    async fn count_download(&self, id: i64, month: &str) -> StoreResult<()>;
    /// (month, downloads), newest month first
    async fn publication_downloads(&self, id: i64) -> StoreResult<Vec<(String, i64)>>;

    async fn add_contact(
        &self,
        name: &str,
        email: &str,
        subject: &str,
        body: &str,
        locale: &str,
        now: i64,
    ) -> StoreResult<i64>;
    async fn contact_messages(
        &self,
        status: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<ContactRecord>>;
    async fn set_contact_status(
        &self,
        id: i64,
        status: &str,
        by: i64,
        now: i64,
    ) -> StoreResult<bool>;

    async fn subscription_by_email(&self, email: &str) -> StoreResult<Option<SubscriptionRecord>>;
    async fn subscription_by_token(&self, token: &str) -> StoreResult<Option<SubscriptionRecord>>;
    async fn add_subscription(
        &self,
        email: &str,
        locale: &str,
        token: &str,
        now: i64,
    ) -> StoreResult<()>;
    async fn set_subscription_locale(&self, id: i64, locale: &str) -> StoreResult<()>;
    async fn confirm_subscription(&self, token: &str, now: i64) -> StoreResult<bool>;
    async fn delete_subscription(&self, token: &str) -> StoreResult<bool>;
    /// Confirmed subscriptions whose last digest is older than `before`.
    async fn due_subscriptions(
        &self,
        before: i64,
        limit: i64,
    ) -> StoreResult<Vec<SubscriptionRecord>>;
    /// Marks the digest as sent at `now` if no one else did since `seen`;
    /// `true` for the one instance that may send it.
    async fn claim_digest(&self, id: i64, seen: Option<i64>, now: i64) -> StoreResult<bool>;
}
