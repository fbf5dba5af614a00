//! Tandem: an open platform where cities cooperate.
//!
//! Layers point one way: `domain` ← `store` ← `services` ← `server_fns` ← `ui`.
//! `config` (the runtime configuration) and `mail` (the outgoing mailer) are
//! ports the server builds and hands to the use cases in a
//! [`services::Ctx`].

#![recursion_limit = "256"]

pub mod domain;
pub mod dto;
pub mod error;
pub mod escape;
pub mod i18n;
pub mod server_fns;
pub mod ui;

#[cfg(test)]
mod layering;

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // panic messages in the browser's console while developing; the release
    // WASM leaves the hook's formatting out (about 1 KB on every island page)
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // islands: only the components marked #[island] come alive
    leptos::mount::hydrate_islands();
}
