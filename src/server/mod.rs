//! The HTTP server: configuration, state, sessions, CSRF, mail, routing.

pub mod assets;
pub mod client_ip;
pub mod config;
pub mod cookies;
pub mod csrf;
pub mod event_routes;
pub mod export;
pub mod headers;
pub mod live;
pub mod mail;
pub mod page_cache;
pub mod photos;
pub mod request;
pub mod router;
pub mod serve;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use state::AppState;

/// Seconds since the Unix epoch, the store's unit of time.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
