//! Quick timing of in-process renders of the reference workload (criterion has the real
//! benchmark): `cargo run --release --example timing`.

use std::time::Instant;

use minplan::{Audience, Engine, Request, VersionKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/reference-12.json"
    ))?;
    let engine = Engine::new(minplan::style::Style::default_layout()?)?;
    let request = Request {
        audience: Audience::Citizen,
        version_kind: VersionKind::Current,
        signature: false,
    };
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        let t = Instant::now();
        size = engine.render(&json, request)?.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "renders {n}, size {size} B, median {:.2} ms, p10 {:.2}, p90 {:.2}",
        times[n / 2],
        times[n / 10],
        times[n * 9 / 10]
    );
    Ok(())
}
