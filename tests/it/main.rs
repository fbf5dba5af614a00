//! The integration tests, in one binary (one link of the app instead of one
//! per file): the real router over HTTP, the store contract and the command
//! line, each on SQLite and on PostgreSQL where a database is involved.
//! `cargo test --features ssr --test it <filter>` runs a part of them.

// tests and their harness may unwrap: a failed set-up is a failed test (the
// crate-wide lint is for the app)
#![allow(clippy::unwrap_used)]

#[macro_use]
#[allow(dead_code)]
mod common;

mod account;
mod calls;
mod events;
mod http;
mod meetings;
mod network_contract;
mod news;
mod ops;
mod pairings;
mod schedule_cli;
mod security;
mod social;
mod store_contract;
