//! What the use cases need from the world outside them, built once by the
//! server (or the command line, or a test) and handed to every use case.
//! Services see these ports and nothing of HTTP.

use crate::config::Config;
use crate::mail::Mailer;
use crate::store::DynStore;
use std::sync::Arc;

/// Someone to tell that an event changed (its live viewers, on this
/// instance and, through the database, on the others).
pub trait Changes: Send + Sync {
    /// `change_id` is committed for `event_id`.
    fn committed(&self, event_id: i64, change_id: i64);
    /// A social signal is committed (members' open pages hear of it).
    fn social(&self, _signal: &Signal) {}
}

/// What members' open pages hear: a new post under some topics (feeds
/// count it), or a member whose bell or inbox changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    Post {
        id: i64,
        author: i64,
        topics: Vec<String>,
    },
    Member(i64),
}

impl Signal {
    /// `p:<id>:<author>:<topic>,<topic>` or `m:<id>` (a NOTIFY payload).
    pub fn encode(&self) -> String {
        match self {
            Signal::Post { id, author, topics } => format!("p:{id}:{author}:{}", topics.join(",")),
            Signal::Member(id) => format!("m:{id}"),
        }
    }

    pub fn decode(raw: &str) -> Option<Self> {
        let mut parts = raw.splitn(4, ':');
        match parts.next()? {
            "p" => Some(Signal::Post {
                id: parts.next()?.parse().ok()?,
                author: parts.next()?.parse().ok()?,
                topics: parts
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }),
            "m" => Some(Signal::Member(parts.next()?.parse().ok()?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Signal;

    #[test]
    fn signals_survive_the_database_channel() {
        for s in [
            Signal::Post {
                id: 7,
                author: 3,
                topics: vec!["m:3".into(), "c:3117735".into(), "n:2".into()],
            },
            Signal::Member(12),
        ] {
            assert_eq!(Signal::decode(&s.encode()), Some(s));
        }
        assert_eq!(Signal::decode("x:1"), None);
        assert_eq!(Signal::decode("m:one"), None);
    }
}

/// No one is watching (the command line, seeding).
pub struct NoViewers;

impl Changes for NoViewers {
    fn committed(&self, _event_id: i64, _change_id: i64) {}
}

/// The store, the mailer, the clock, the configuration and the change feed.
#[derive(Clone)]
pub struct Ctx {
    pub store: DynStore,
    pub config: Arc<Config>,
    pub mailer: Arc<Mailer>,
    pub changes: Arc<dyn Changes>,
    clock: fn() -> i64,
}

impl Ctx {
    pub fn new(
        store: DynStore,
        config: Arc<Config>,
        mailer: Arc<Mailer>,
        changes: Arc<dyn Changes>,
    ) -> Self {
        Self {
            store,
            config,
            mailer,
            changes,
            clock: super::clock::unix_now,
        }
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}
