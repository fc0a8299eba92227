//! Quick timing of in-process renders of the reference workload (criterion has the real
//! benchmark; `bench/compare.sh` uses this next to Typst):
//!
//! ```text
//! cargo run --release --example timing [RUNS] [--cold]
//! ```
//!
//! With `--cold` the shaped-word cache is emptied before every render, so every word is
//! shaped again as if each document were entirely new text.

use std::time::Instant;

use minplan::{Audience, Engine, Request, VersionKind};

/// The same allocator as the `minplan` binary (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/reference-12.json"
    ))?;
    let engine = Engine::new(minplan::style::Style::default_layout()?)?;
    let request = Request::new(Audience::Citizen, VersionKind::Current);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cold = args.iter().any(|a| a == "--cold");
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(200).max(1);
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        if cold {
            minplan::clear_word_cache();
        }
        let t = Instant::now();
        size = engine.render(&json, request)?.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "renders {n}{}, size {size} B, median {:.2} ms, p10 {:.2}, p90 {:.2}",
        if cold { " (cold word cache)" } else { "" },
        times[n / 2],
        times[n / 10],
        times[n * 9 / 10]
    );
    Ok(())
}
