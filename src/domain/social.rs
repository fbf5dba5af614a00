//! The social network's vocabularies and rules: posts and their topics,
//! reactions, comments, messages, notifications and reports (the same rules
//! in the browser and on the server).

use super::call::states;
use super::news::id_list;
use super::profile::block;
use super::FieldError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const MAX_POST: usize = 5_000;
pub const MAX_COMMENT: usize = 2_000;
pub const MAX_MESSAGE: usize = 4_000;
pub const MAX_THEMES: usize = 5;
/// Posts, comments or messages per member per hour (rate limit).
pub const WRITES_PER_HOUR: u32 = 60;

states!(
    /// Who can read a post: anyone, or signed-in members only.
    PostVisibility, "visibility" {
        Public => "public", PostPublic;
        Members => "members", PostMembers;
    }
);

states!(
    /// A small fixed set; "useful for my city" also feeds the matchmaking
    /// suggestions.
    ReactionKind, "kind" {
        Like => "like", ReactLike;
        Useful => "useful", ReactUseful;
        Insightful => "insightful", ReactInsightful;
        Celebrate => "celebrate", ReactCelebrate;
    }
);

states!(
    ReportReason, "reason" {
        Spam => "spam", ReportSpam;
        Offensive => "offensive", ReportOffensive;
        OffTopic => "off_topic", ReportOffTopic;
    }
);

states!(
    /// What a notification is about; each has its own preference.
    NotificationKind, "kind" {
        Mention => "mention", NotifMention;
        Comment => "comment", NotifComment;
        Reaction => "reaction", NotifReaction;
        Follow => "follow", NotifFollow;
        Message => "message", NotifMessage;
        Connection => "connection", NotifConnection;
        Meeting => "meeting", NotifMeeting;
        EventChange => "event", NotifEvent;
        Network => "network", NotifNetwork;
    }
);

states!(
    /// Where a kind of notification goes: the app only, the app and a daily
    /// e-mail, or nowhere.
    Channel, "channel" {
        App => "app", ChannelApp;
        Email => "email", ChannelEmail;
        Off => "off", ChannelOff;
    }
);

states!(
    /// What a moderator does with reported content.
    ModAction, "action" {
        Hide => "hide", ModHide;
        Restore => "restore", ModRestore;
        Dismiss => "dismiss", ModDismiss;
        Suspend => "suspend", ModSuspend;
        Reinstate => "reinstate", ModReinstate;
    }
);

impl NotificationKind {
    /// Where it goes when the member chose nothing: messages and mentions
    /// also by e-mail, the rest in the app.
    pub fn default_channel(self) -> Channel {
        match self {
            NotificationKind::Message | NotificationKind::Mention => Channel::Email,
            _ => Channel::App,
        }
    }
}

/// What a post, a comment or a report is about: `kind:id` in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Subject {
    Post(i64),
    Comment(i64),
    Message(i64),
    Member(i64),
}

impl Subject {
    pub fn code(self) -> String {
        match self {
            Subject::Post(id) => format!("post:{id}"),
            Subject::Comment(id) => format!("comment:{id}"),
            Subject::Message(id) => format!("message:{id}"),
            Subject::Member(id) => format!("member:{id}"),
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let (kind, id) = raw.trim().split_once(':')?;
        let id: i64 = id.parse().ok().filter(|i| *i > 0)?;
        Some(match kind {
            "post" => Subject::Post(id),
            "comment" => Subject::Comment(id),
            "message" => Subject::Message(id),
            "member" => Subject::Member(id),
            _ => return None,
        })
    }
}

/// A feed topic: what posts are filed under and what members follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Topic {
    Member(i64),
    City(i64),
    Network(i64),
    Pairing(i64),
}

impl Topic {
    pub fn code(self) -> String {
        match self {
            Topic::Member(id) => format!("m:{id}"),
            Topic::City(id) => format!("c:{id}"),
            Topic::Network(id) => format!("n:{id}"),
            Topic::Pairing(id) => format!("p:{id}"),
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let (kind, id) = raw.split_once(':')?;
        let id: i64 = id.parse().ok()?;
        Some(match kind {
            "m" => Topic::Member(id),
            "c" => Topic::City(id),
            "n" => Topic::Network(id),
            "p" => Topic::Pairing(id),
            _ => return None,
        })
    }
}

/// A post as its author writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostForm {
    pub body: String,
    pub visibility: String,
    /// a city id (the city picker), or empty
    pub city: String,
    pub themes: Vec<String>,
    pub event: String,
    pub pairing: String,
    pub network: String,
}

/// A checked post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostDraft {
    pub body: String,
    pub visibility: PostVisibility,
    pub city: Option<i64>,
    pub themes: Vec<String>,
    pub event: Option<i64>,
    pub pairing: Option<i64>,
    pub network: Option<i64>,
}

fn one_id(field: &'static str, raw: &str) -> Result<Option<i64>, FieldError> {
    let ids = id_list(field, raw)?;
    match ids.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        _ => Err(FieldError::new(field, Msg::ErrChoice)),
    }
}

/// Text that must say something, within `max` characters.
pub fn text(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let v = block(field, raw, max)?;
    if v.is_empty() {
        return Err(FieldError::new(field, Msg::ErrRequired));
    }
    Ok(v)
}

impl PostForm {
    pub fn validate(&self) -> Result<PostDraft, FieldError> {
        let body = text("body", &self.body, MAX_POST)?;
        let visibility = if self.visibility.trim().is_empty() {
            PostVisibility::Public
        } else {
            PostVisibility::parse(&self.visibility)?
        };
        let mut themes: Vec<String> = Vec::new();
        for t in &self.themes {
            let t = t.trim();
            if t.is_empty() || themes.iter().any(|x| x == t) {
                continue;
            }
            if t.len() > 64
                || !t
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(FieldError::new("themes", Msg::ErrChoice));
            }
            themes.push(t.to_owned());
        }
        if themes.len() > MAX_THEMES {
            return Err(FieldError::new("themes", Msg::ErrTooMany));
        }
        Ok(PostDraft {
            body,
            visibility,
            city: one_id("city", &self.city)?,
            themes,
            event: one_id("event", &self.event)?,
            pairing: one_id("pairing", &self.pairing)?,
            network: one_id("network", &self.network)?,
        })
    }
}

/// `@[Name]` mentions in a text, in order, each once (at most 10).
pub fn mentions(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("@[") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(']') else { break };
        let name = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !name.is_empty()
            && name.chars().count() <= 120
            && !out.iter().any(|n| n.eq_ignore_ascii_case(&name))
        {
            out.push(name);
        }
        rest = &after[end + 1..];
        if out.len() == 10 {
            break;
        }
    }
    out
}

/// Plain text cut to `max` characters at a word, with "…" when cut (a
/// message's line in the inbox: written as typed, never Markdown).
pub fn snippet(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// How many distinct reports hide content until a moderator looks.
pub fn hidden_by_reports(distinct_reporters: i64, threshold: i64) -> bool {
    distinct_reporters >= threshold.max(1)
}

/// The feed's cursor: posts older than this id. `None` is the first page.
pub fn parse_cursor(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|c| *c > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_needs_words_and_keeps_within_its_limits() {
        let f = PostForm {
            body: "  ".into(),
            ..Default::default()
        };
        assert_eq!(f.validate().unwrap_err().field, "body");
        let f = PostForm {
            body: "x".repeat(MAX_POST + 1),
            ..Default::default()
        };
        assert_eq!(f.validate().unwrap_err().msg, Msg::ErrTooLong);
        let f = PostForm {
            body: "Our new bike lanes".into(),
            city: "3117735".into(),
            themes: vec!["mobility".into(), "mobility".into(), "".into()],
            visibility: "members".into(),
            ..Default::default()
        };
        let d = f.validate().unwrap();
        assert_eq!(d.city, Some(3117735));
        assert_eq!(d.themes, vec!["mobility".to_owned()]);
        assert_eq!(d.visibility, PostVisibility::Members);
        let f = PostForm {
            body: "x".into(),
            visibility: "secret".into(),
            ..Default::default()
        };
        assert_eq!(f.validate().unwrap_err().field, "visibility");
        let f = PostForm {
            body: "x".into(),
            themes: vec!["<script>".into()],
            ..Default::default()
        };
        assert_eq!(f.validate().unwrap_err().field, "themes");
        let f = PostForm {
            body: "x".into(),
            city: "1, 2".into(),
            ..Default::default()
        };
        assert_eq!(f.validate().unwrap_err().field, "city");
    }

    #[test]
    fn mentions_are_bracketed_names_each_once() {
        assert_eq!(
            mentions("Thanks @[Ana  López] and @[ana lópez], cc @[Tom]! @ [x] @[unclosed"),
            vec!["Ana López".to_owned(), "Tom".to_owned()]
        );
        assert!(mentions("mail me at a@b.c").is_empty());
        assert_eq!(
            mentions("@[a] @[b] @[c] @[d] @[e] @[f] @[g] @[h] @[i] @[j] @[k]").len(),
            10
        );
    }

    #[test]
    fn subjects_and_topics_round_trip_and_refuse_junk() {
        for s in [
            Subject::Post(3),
            Subject::Comment(4),
            Subject::Message(5),
            Subject::Member(6),
        ] {
            assert_eq!(Subject::parse(&s.code()), Some(s));
        }
        assert_eq!(Subject::parse("post:0"), None);
        assert_eq!(Subject::parse("user:1"), None);
        assert_eq!(Subject::parse("post:1;drop"), None);
        for t in [
            Topic::Member(1),
            Topic::City(2),
            Topic::Network(3),
            Topic::Pairing(4),
        ] {
            assert_eq!(Topic::parse(&t.code()), Some(t));
        }
    }

    #[test]
    fn snippets_keep_the_text_as_typed_and_cut_at_a_word() {
        assert_eq!(
            snippet("Hello  Cleo!\n*see* [x]", 90),
            "Hello Cleo! *see* [x]"
        );
        assert_eq!(snippet("one two three four", 12), "one two…");
        assert_eq!(snippet("abcdefghijklmnop", 5), "abcde…");
    }

    #[test]
    fn reports_hide_at_the_threshold_and_never_below_one() {
        assert!(!hidden_by_reports(2, 3));
        assert!(hidden_by_reports(3, 3));
        assert!(hidden_by_reports(1, 0));
        assert_eq!(parse_cursor("12"), Some(12));
        assert_eq!(parse_cursor("-1"), None);
        assert_eq!(parse_cursor("x"), None);
    }

    #[test]
    fn messages_and_mentions_go_by_mail_unless_chosen_otherwise() {
        assert_eq!(NotificationKind::Message.default_channel(), Channel::Email);
        assert_eq!(NotificationKind::Reaction.default_channel(), Channel::App);
    }
}
