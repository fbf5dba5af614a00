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
