//! Matchmaking: explained suggestions of people to meet, and connections.

mod connections;
mod suggestions;

pub use connections::ConnectionsPage;
pub use suggestions::MatchmakingPage;
