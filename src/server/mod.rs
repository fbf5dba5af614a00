//! The HTTP server: state, sessions, CSRF, headers, routing.

pub mod assets;
pub mod bench;
pub mod bench_news;
pub mod bench_pairings;
pub mod bench_social;
pub mod client_ip;
pub mod cookies;
pub mod csrf;
pub mod documents;
pub mod event_routes;
pub mod export;
pub mod headers;
pub mod live;
pub mod news_routes;
pub mod page_cache;
pub mod pairing_routes;
pub mod photos;
pub mod request;
pub mod router;
pub mod serve;
pub mod social_routes;
pub mod state;
pub mod telemetry;

pub use state::AppState;
