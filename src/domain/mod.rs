//! Pure types and rules: no leptos, no sqlx, no tokio. Compiles to wasm so the
//! browser runs the same checks as the server.

pub mod account;
pub mod call;
pub mod event;
pub mod locale;
pub mod meeting;
pub mod news;
pub mod pairing;
pub mod partner;
pub mod profile;
pub mod reading;
pub mod recommend;
pub mod schedule;
pub mod search;
pub mod self_service;
pub mod social;
pub mod text;

pub use account::{DisplayName, Email, Password, Role, UserId};
pub use locale::Locale;

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// A rule broken by user input: which field, and the message key to show beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: &'static str,
    pub msg: Msg,
}

impl FieldError {
    pub const fn new(field: &'static str, msg: Msg) -> Self {
        Self { field, msg }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}", self.field, self.msg)
    }
}

impl std::error::Error for FieldError {}
