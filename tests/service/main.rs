//! The service's tests, one binary: what runs around the engine — the command line,
//! batch mode, the HTTP service and the packaging (deployment manifests, the library's
//! dependency graph). Run one module with `cargo test --profile ci --test service MOD::`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod batch;
mod cli;
mod packaging;
mod server;
