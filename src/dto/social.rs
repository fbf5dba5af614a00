//! The social network: posts and feeds, networks, conversations,
//! notifications and the moderation queue.

use super::{Choice, Link};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionView {
    pub kind: String,
    pub label: String,
    pub count: i64,
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub photo_url: Option<String>,
    /// the sanitised Markdown, mentions linked
    pub body_html: String,
    pub image_url: Option<String>,
    pub date: String,
    pub iso: String,
    pub edited: bool,
    /// "Members only" when it is
    pub audience: Option<String>,
    /// city, themes, network, event, pairing
    pub about: Vec<Link>,
    pub reactions: Vec<ReactionView>,
    pub comments: i64,
    /// the reader wrote it
    pub mine: bool,
    /// the reader may react, comment and report (signed in)
    pub member: bool,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composer {
    pub themes: Vec<Choice>,
    pub networks: Vec<Choice>,
    pub visibilities: Vec<Choice>,
    /// the member's own city, suggested
    pub city: Option<Choice>,
}

/// A list of posts with its "Load more" cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostList {
    pub posts: Vec<PostView>,
    /// `?before=` of the next page, when there is one
    pub next: Option<i64>,
    /// the newest post shown (live: posts after it are new)
    pub top: i64,
}

/// A signed-in member's home: the feed and what they can post with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    pub list: PostList,
    pub composer: Composer,
    /// what the feed follows, for the "your feed follows" line
    pub follows: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body_html: String,
    pub date: String,
    pub mine: bool,
    pub hidden: bool,
    pub replies: Vec<CommentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPage {
    pub post: PostView,
    pub comments: Vec<CommentView>,
    pub reasons: Vec<Choice>,
    pub may_moderate: bool,
    /// the raw Markdown and choices, for the author's edit form
    pub body: String,
    pub composer: Option<Composer>,
    pub visibility: String,
    pub city: String,
    pub themes: Vec<String>,
    pub network: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowState {
    /// the topic code (`m:12`, `c:3117735`, `p:4`)
    pub topic: String,
    pub following: bool,
    pub followers: i64,
    pub signed_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkCard {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub members: i64,
    pub open: bool,
    /// "active", "pending" or none
    pub mine: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkList {
    pub items: Vec<NetworkCard>,
    pub may_create: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberChip {
    pub id: i64,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkPage {
    pub card: NetworkCard,
    pub themed: bool,
    pub moderators: Vec<MemberChip>,
    pub members: Vec<MemberChip>,
    pub pending: Vec<MemberChip>,
    pub events: Vec<Link>,
    pub posts: PostList,
    pub signed_in: bool,
    pub may_manage: bool,
    pub composer: Option<Composer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationItem {
    pub other_id: i64,
    pub other_name: String,
    pub snippet: String,
    pub date: String,
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub conversations: Vec<ConversationItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub mine: bool,
    pub body: String,
    pub date: String,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub other_id: i64,
    pub other_name: String,
    pub messages: Vec<MessageView>,
    /// why the reader cannot write, when they cannot
    pub refusal: Option<crate::i18n::Msg>,
    pub blocked_by_me: bool,
    /// matchmaking events both attend: a meeting can be requested there
    pub meetings: Vec<Link>,
    pub reasons: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub text: String,
    pub href: String,
    pub date: String,
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefRow {
    pub kind: String,
    pub label: String,
    pub channel: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    pub rows: Vec<PrefRow>,
    pub channels: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub subject: String,
    pub kind: String,
    pub excerpt: String,
    pub href: String,
    pub author_id: i64,
    pub author_name: String,
    pub author_suspended: bool,
    pub reporters: i64,
    pub reasons: Vec<String>,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub who: String,
    pub action: String,
    pub subject: String,
    pub reason: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub items: Vec<QueueItem>,
    pub log: Vec<LogEntry>,
    pub threshold: i64,
}

/// The header's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Counters {
    pub bell: i64,
    pub messages: i64,
}
