//! The engine's tests, one binary: the library from JSON text to PDF bytes, each stage
//! checked on every fixture in `samples/`. One module per concern; run one with
//! `cargo test --profile ci --test engine MODULE::` (`visual::`, `render::conformance`).
//!
//! Readable dumps of each stage and small page images per fixture: `snapshots` (insta,
//! `tests/engine/snapshots/`) and `visual` (`tests/ref/`).
//!
//! Builds without default features too (`--no-default-features`: the library as an
//! embedder takes it), leaving out the modules that need the binary or the service.

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
// Checks the schema inside the service's OpenAPI document too.
#[cfg(feature = "server")]
mod schema;
mod snapshots;
mod typography;
mod visual;
