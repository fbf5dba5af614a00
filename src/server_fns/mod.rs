//! Server functions, grouped by feature. Each one: read the request context,
//! check who is calling, call a service. Nothing else.

pub mod accounts;
pub mod admin;
pub mod calls;
pub mod cities;
pub mod events;
pub mod home;
pub mod matchmaking;
pub mod meetings;
pub mod network;
pub mod news;
pub mod pairings;
pub mod self_service;
pub mod social;
