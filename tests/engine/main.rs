//! The engine's tests, one binary: the library from JSON text to PDF bytes, each stage
//! checked on every fixture in `samples/`. One module per concern; run one with
//! `cargo test --profile ci --test engine MODULE::` (`visual::`, `render::conformance`).
//!
//! Readable dumps of each stage and small page images per fixture: `snapshots` (insta,
//! `tests/engine/snapshots/`) and `visual` (`tests/ref/`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod errors;
mod fuzz_corpus;
mod fuzz_structured;
mod hostile;
mod leaks;
mod pagebreaks;
mod parsers;
mod properties;
// Compares the command line's bytes with the library's: needs the `minplan` binary.
#[cfg(feature = "cli")]
mod render;
mod schema;
mod snapshots;
mod typography;
mod visual;
