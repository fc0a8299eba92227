//! The fuzz target's corpus and crash reproducers as regression tests: every input under
//! `fuzz/corpus/render/` and `fuzz/regressions/` must give a PDF or a clean error, for the
//! same requests the fuzz target makes (`fuzz/fuzz_targets/render.rs`), never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use common::engine;
use minplan::{Audience, Request, VersionKind};

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// What the fuzz target does with one input.
fn exercise(data: &[u8]) -> (usize, usize) {
    let Ok(json) = std::str::from_utf8(data) else { return (0, 0) };
    let (mut ok, mut rejected) = (0, 0);
    // The widest view (with the signature page where the input is a first contract
    // version, else the acknowledgement page; either may be refused) and the narrowest.
    let widest = Request::new(Audience::Jobcenter, VersionKind::Current);
    for request in [
        widest.with_signature(),
        widest.with_acknowledgement(),
        Request::new(Audience::Akasse, VersionKind::Historical),
    ] {
        match engine().render(json, request) {
            Ok(pdf) => {
                assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
                ok += 1;
            }
            Err(err) => {
                // A clean error: it says what is wrong, and never echoes a CPR number.
                assert!(!err.to_string().is_empty());
                rejected += 1;
            }
        }
    }
    (ok, rejected)
}

#[test]
fn corpus_and_regressions_render_or_fail_cleanly() {
    let corpus = inputs("fuzz/corpus/render");
    let regressions = inputs("fuzz/regressions");
    assert!(
        corpus.len() >= 10,
        "the committed corpus is missing ({} files)",
        corpus.len()
    );
    let (mut ok, mut rejected) = (0, 0);
    for (name, data) in corpus.iter().chain(&regressions) {
        let result = std::panic::catch_unwind(|| exercise(data));
        let (o, r) = result.unwrap_or_else(|_| panic!("{name} panics"));
        ok += o;
        rejected += r;
    }
    eprintln!(
        "fuzz corpus: {} inputs, {} regressions: {ok} PDFs, {rejected} clean errors",
        corpus.len(),
        regressions.len()
    );
    assert!(ok > 0, "no corpus input renders: the corpus lost its valid seeds");
}
