//! Accounts: signing up and in, confirming and resetting (`sign_in`), and
//! the member's own settings: password, e-mail, sessions, deletion
//! (`settings`).

mod settings;
mod sign_in;

pub use settings::*;
pub use sign_in::*;
