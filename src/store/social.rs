//! The social network in the store: posts and what they are about,
//! comments, reactions, follows, themed networks, conversations, blocks,
//! notifications and moderation. Implemented for both backends by
//! `social_sql::impl_social_store!`.

use super::*;
use crate::domain::UserId;

/// A post as stored, with what its readers see of the author.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PostRecord {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// the author's profile: 0 public, 1 members only, 2 hidden from search
    pub author_visibility: i64,
    pub author_photo: Option<String>,
    pub body: String,
    pub image: Option<String>,
    pub city_id: Option<i64>,
    pub city_name: Option<String>,
    pub event_id: Option<i64>,
    pub pairing_id: Option<i64>,
    pub network_id: Option<i64>,
    pub themes: String,
    pub visibility: String,
    pub hidden: i64,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

impl PostRecord {
    pub fn theme_list(&self) -> Vec<String> {
        self.themes
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// What a post is written with.
#[derive(Debug, Clone)]
pub struct PostWrite {
    pub body: String,
    pub visibility: String,
    pub city: Option<i64>,
    pub themes: Vec<String>,
    pub event: Option<i64>,
    pub pairing: Option<i64>,
    pub network: Option<i64>,
    /// topic codes it is filed under (`domain::social::Topic`)
    pub topics: Vec<String>,
}

/// Which posts a list shows.
#[derive(Debug, Clone, Default)]
pub struct PostQuery {
    /// topic codes: posts filed under any of them
    pub topics: Vec<String>,
    /// older than this post id
    pub before: Option<i64>,
    pub limit: i64,
    /// `None`: a visitor (public posts of public profiles only)
    pub viewer: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentRecord {
    pub id: i64,
    pub post_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub hidden: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NetworkRecord {
    pub id: i64,
    pub theme_id: Option<String>,
    /// empty for a theme's network (its name is the theme's, per language)
    pub name: String,
    pub theme_en: Option<String>,
    pub theme_fr: Option<String>,
    pub theme_es: Option<String>,
    pub description: String,
    pub open: bool,
    pub members: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NetworkMemberRecord {
    pub network_id: i64,
    pub user_id: i64,
    pub name: String,
    pub role: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConversationRecord {
    pub id: i64,
    pub other_id: i64,
    pub other_name: String,
    pub last_id: i64,
    pub last_at: i64,
    pub last_body: Option<String>,
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageRecord {
    pub id: i64,
    pub conversation_id: i64,
    pub sender_id: i64,
    pub body: String,
    pub hidden: i64,
    pub created_at: i64,
}

/// Unread messages a member has not been told of by e-mail yet.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageNotice {
    pub user_id: i64,
    pub conversation_id: i64,
    pub upto: i64,
    pub sender_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationRecord {
    pub id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub subject: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// An open report, waiting for a moderator.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportRecord {
    pub subject: String,
    pub reporter_id: i64,
    pub reporter_name: String,
    pub reason: String,
    pub note: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ModerationEntry {
    pub id: i64,
    pub moderator_name: Option<String>,
    pub action: String,
    pub subject: String,
    pub reason: String,
    pub created_at: i64,
}

#[async_trait::async_trait]
pub trait SocialStore: Send + Sync + 'static {
    // posts
    async fn create_post(&self, author: UserId, post: &PostWrite, now: i64) -> StoreResult<i64>;
    /// The author's own post only; false when it is not theirs or gone.
    async fn update_post(
        &self,
        id: i64,
        author: UserId,
        post: &PostWrite,
        now: i64,
    ) -> StoreResult<bool>;
    async fn set_post_image(
        &self,
        id: i64,
        author: UserId,
        image: Option<&str>,
    ) -> StoreResult<bool>;
    async fn delete_post(&self, id: i64) -> StoreResult<bool>;
    async fn post(&self, id: i64) -> StoreResult<Option<PostRecord>>;
    /// Newest first: visible posts under any of the topics, by members not
    /// suspended and (for a viewer) not blocked either way.
    async fn posts(&self, q: &PostQuery) -> StoreResult<Vec<PostRecord>>;
    /// (post, kind, count) and the viewer's own (post, kind).
    async fn reactions_of(
        &self,
        posts: &[i64],
        viewer: Option<i64>,
    ) -> StoreResult<(Vec<(i64, String, i64)>, Vec<(i64, String)>)>;
    /// Visible comments per post.
    async fn comment_counts(&self, posts: &[i64]) -> StoreResult<Vec<(i64, i64)>>;
    /// Adds or removes a reaction; true when something changed.
    async fn react(
        &self,
        post: i64,
        user: UserId,
        kind: &str,
        on: bool,
        now: i64,
    ) -> StoreResult<bool>;

    // comments
    async fn add_comment(
        &self,
        post: i64,
        parent: Option<i64>,
        author: UserId,
        body: &str,
        now: i64,
    ) -> StoreResult<i64>;
    async fn comments_of(&self, post: i64) -> StoreResult<Vec<CommentRecord>>;
    async fn comment(&self, id: i64) -> StoreResult<Option<CommentRecord>>;
    async fn delete_comment(&self, id: i64) -> StoreResult<bool>;

    // follows
    async fn follow(&self, user: UserId, topic: &str, on: bool, now: i64) -> StoreResult<bool>;
    async fn follows_of(&self, user: i64) -> StoreResult<Vec<String>>;
    async fn followers(&self, topic: &str) -> StoreResult<i64>;

    // networks
    /// Every theme has its network (themes added later get theirs here).
    async fn sync_theme_networks(&self, now: i64) -> StoreResult<()>;
    async fn networks(&self) -> StoreResult<Vec<NetworkRecord>>;
    /// Every network's (id, theme, name), without counting members: what a
    /// list of posts and the composer need.
    async fn network_names(&self) -> StoreResult<Vec<(i64, Option<String>, String)>>;
    async fn network(&self, id: i64) -> StoreResult<Option<NetworkRecord>>;
    async fn network_of_theme(&self, theme: &str) -> StoreResult<Option<i64>>;
    async fn create_network(
        &self,
        name: &str,
        description: &str,
        open: bool,
        by: UserId,
        now: i64,
    ) -> StoreResult<i64>;
    async fn update_network(
        &self,
        id: i64,
        name: &str,
        description: &str,
        open: bool,
    ) -> StoreResult<bool>;
    /// Sets (status, role) or removes (`None`) a membership.
    async fn set_membership(
        &self,
        network: i64,
        user: i64,
        state: Option<(&str, &str)>,
        now: i64,
    ) -> StoreResult<bool>;
    async fn network_members(&self, network: i64) -> StoreResult<Vec<NetworkMemberRecord>>;
    async fn memberships_of(&self, user: i64) -> StoreResult<Vec<NetworkMemberRecord>>;

    // messages
    /// Connected, in a network together, or registered for the same event.
    async fn may_message(&self, a: i64, b: i64) -> StoreResult<bool>;
    /// Either has blocked the other.
    async fn blocked_between(&self, a: i64, b: i64) -> StoreResult<bool>;
    async fn set_block(&self, user: UserId, other: i64, on: bool, now: i64) -> StoreResult<bool>;
    async fn blocks_of(&self, user: i64) -> StoreResult<Vec<i64>>;
    async fn conversation_between(&self, a: i64, b: i64) -> StoreResult<Option<i64>>;
    /// Sends a message, opening the conversation on the first one.
    async fn send_message(
        &self,
        from: UserId,
        to: i64,
        body: &str,
        now: i64,
    ) -> StoreResult<(i64, i64)>;
    async fn conversations_of(&self, user: i64) -> StoreResult<Vec<ConversationRecord>>;
    /// The conversation's last `limit` messages, oldest first.
    async fn messages_of(&self, conversation: i64, limit: i64) -> StoreResult<Vec<MessageRecord>>;
    async fn message(&self, id: i64) -> StoreResult<Option<MessageRecord>>;
    async fn mark_conversation_read(&self, conversation: i64, user: i64) -> StoreResult<()>;
    async fn unread_messages(&self, user: i64) -> StoreResult<i64>;
    /// Unread messages older than `before` no e-mail has announced.
    async fn due_message_notices(&self, before: i64) -> StoreResult<Vec<MessageNotice>>;
    /// Claims a notice (false when another instance did).
    async fn claim_message_notice(
        &self,
        conversation: i64,
        user: i64,
        upto: i64,
    ) -> StoreResult<bool>;

    // notifications
    async fn notify(
        &self,
        user: i64,
        kind: &str,
        actor: Option<i64>,
        subject: &str,
        now: i64,
    ) -> StoreResult<i64>;
    async fn notifications_of(&self, user: i64, limit: i64)
        -> StoreResult<Vec<NotificationRecord>>;
    async fn unread_notifications(&self, user: i64) -> StoreResult<i64>;
    /// Marks one (`Some(id)`) or all as read.
    async fn mark_notifications_read(
        &self,
        user: i64,
        id: Option<i64>,
        now: i64,
    ) -> StoreResult<u64>;
    /// Marks read the member's notifications about `subject`.
    async fn mark_notifications_read_about(
        &self,
        user: i64,
        subject: &str,
        now: i64,
    ) -> StoreResult<u64>;
    async fn notification_prefs(&self, user: i64) -> StoreResult<Vec<(String, String)>>;
    async fn set_notification_pref(&self, user: i64, kind: &str, channel: &str) -> StoreResult<()>;
    /// The member's one-click unsubscribe token, made on first use.
    async fn notification_token(&self, user: i64, fresh: &str) -> StoreResult<String>;
    async fn user_of_notification_token(&self, token: &str) -> StoreResult<Option<i64>>;
    /// Members with notifications not yet e-mailed whose last mail went before `before`.
    async fn due_notification_mail(&self, before: i64) -> StoreResult<Vec<i64>>;
    /// Claims the member's mail for `now` (false when another instance did).
    async fn claim_notification_mail(&self, user: i64, before: i64, now: i64) -> StoreResult<bool>;
    async fn unmailed_notifications(&self, user: i64) -> StoreResult<Vec<NotificationRecord>>;
    async fn mark_notifications_mailed(&self, user: i64, upto: i64, now: i64) -> StoreResult<()>;

    // moderation
    /// Records a report; the number of distinct members with an open report
    /// on the subject. `Duplicate` when this member already reported it.
    async fn report(
        &self,
        subject: &str,
        reporter: UserId,
        reason: &str,
        note: &str,
        now: i64,
    ) -> StoreResult<i64>;
    /// Sets the hidden level of a post, comment or message; false when gone.
    async fn set_hidden(&self, subject: &str, level: i64) -> StoreResult<bool>;
    async fn open_reports(&self) -> StoreResult<Vec<ReportRecord>>;
    async fn resolve_reports(&self, subject: &str, now: i64) -> StoreResult<u64>;
    async fn log_moderation(
        &self,
        moderator: UserId,
        action: &str,
        subject: &str,
        reason: &str,
        now: i64,
    ) -> StoreResult<()>;
    async fn moderation_log(&self, limit: i64) -> StoreResult<Vec<ModerationEntry>>;
    /// Suspends (ends every session) or reinstates a member.
    async fn set_suspended(&self, user: i64, at: Option<i64>) -> StoreResult<bool>;
    async fn is_suspended(&self, user: i64) -> StoreResult<bool>;

    // lookups
    /// Members (not suspended) whose name is exactly one of `names`,
    /// ignoring ASCII case: (id, name).
    async fn members_named(&self, names: &[String]) -> StoreResult<Vec<(i64, String)>>;
    /// Published events to come whose themes include `bit`: (id, title in
    /// `locale` or another, starts_at).
    async fn theme_events(
        &self,
        bit: i64,
        locale: &str,
        now: i64,
    ) -> StoreResult<Vec<(i64, String, i64)>>;
    /// Matchmaking events to come both members are registered for.
    async fn shared_matchmaking(
        &self,
        a: i64,
        b: i64,
        locale: &str,
        now: i64,
    ) -> StoreResult<Vec<(i64, String, i64)>>;

    // live
    /// Tells every instance a social signal (PostgreSQL NOTIFY; nothing
    /// with SQLite, whose one process delivers it itself).
    async fn publish_social(&self, payload: &str) -> StoreResult<()>;
    /// The signals any instance published; None with SQLite.
    async fn listen_social(
        &self,
    ) -> StoreResult<Option<futures::stream::BoxStream<'static, String>>>;
}
