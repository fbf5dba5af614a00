//! Plain data that server functions send to the interface. No logic. One
//! file per feature; every type is reachable as `crate::dto::Name`.

mod account;
mod calls;
mod events;
mod matchmaking;
mod network;
mod news;
mod pairings;
mod site;
mod social;

pub use account::*;
pub use calls::*;
pub use events::*;
pub use matchmaking::*;
pub use network::*;
pub use news::*;
pub use pairings::*;
pub use site::*;
pub use social::*;
