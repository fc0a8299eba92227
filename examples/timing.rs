//! Quick timing of in-process renders of the reference workload (criterion has the real
//! benchmark; `bench/compare.sh` uses this next to Typst):
//!
//! ```text
//! cargo run --release --example timing [RUNS] [--cold] [--threads N]
//! ```
//!
//! With `--cold` the shaped-word cache is emptied before every render, so every word is
//! shaped again as if each document were entirely new text. With `--threads N`, N
//! threads share one engine and render RUNS documents each, and the throughput is
//! printed: how a batch scales over cores without its file writes.

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
    let (mut cold, mut threads, mut n) = (false, None, 200);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cold" => cold = true,
            "--threads" => threads = args.next().and_then(|t| t.parse::<usize>().ok()),
            other => n = other.parse().unwrap_or(n),
        }
    }
    let n = n.max(1);
    if let Some(threads) = threads {
        return throughput(&engine, &json, request, n, threads.max(1));
    }
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

/// Renders `n` documents on each of `threads` threads of a rayon pool sharing `engine`
/// (after one warm-up render each), as `minplan batch -j THREADS` does, and prints
/// documents per second.
fn throughput(
    engine: &Engine,
    json: &str,
    request: Request,
    n: usize,
    threads: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let start = std::sync::Barrier::new(threads);
    let elapsed = pool.broadcast(|_| {
        let warm = engine.render(json, request).is_ok();
        start.wait();
        let t = Instant::now();
        for _ in 0..n {
            if warm {
                let _ = engine.render(json, request);
            }
        }
        t.elapsed().as_secs_f64()
    });
    let elapsed = elapsed.into_iter().fold(0.0, f64::max);
    let docs = n * threads;
    println!(
        "threads {threads}, renders {docs}, {elapsed:.3} s, {:.0} documents/s",
        docs as f64 / elapsed
    );
    Ok(())
}
