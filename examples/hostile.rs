//! Renders the inputs at the edge of the default limits (`workload::hostile`) and
//! reports, for each, its size, the PDF's pages and bytes, and the render time; with a
//! directory argument it also writes the inputs there (for `bench/hostile.sh`, which
//! measures each whole process's wall time and peak memory).
//!
//! `cargo run --release --example hostile [--write OUTDIR] [NAME…]` (`--write` only writes)

use std::path::Path;
use std::time::Instant;

use minplan::{Audience, Engine, Request, VersionKind};

#[path = "../bench/workload.rs"]
mod workload;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample =
        std::fs::read_to_string(root.join("samples/integration-contract-full.json"))?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out_dir = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1));
    let names: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with("--") && Some(*a) != out_dir)
        .collect();
    let engine = Engine::new(minplan::style::Style::default_layout()?)?;
    let request =
        Request::new(Audience::Jobcenter, VersionKind::Current).with_acknowledgement();
    println!(
        "{:<24} {:>10} {:>7} {:>11} {:>9}",
        "input", "bytes", "pages", "pdf bytes", "ms"
    );
    for (name, json) in workload::hostile(&sample)? {
        if !names.is_empty() && !names.iter().any(|n| n.as_str() == name) {
            continue;
        }
        if let Some(dir) = out_dir {
            std::fs::create_dir_all(dir)?;
            std::fs::write(Path::new(dir).join(format!("{name}.json")), &json)?;
            println!("{name:<24} {:>10} written", json.len());
            continue;
        }
        let start = Instant::now();
        let (pages, size) = match engine.render(&json, request) {
            Ok(pdf) => (count_pages(&pdf), pdf.len().to_string()),
            Err(e) => (0, format!("error: {e}")),
        };
        let ms = start.elapsed().as_secs_f64() * 1e3;
        println!("{name:<24} {:>10} {pages:>7} {size:>11} {ms:>9.1}", json.len());
    }
    Ok(())
}

/// The PDF's page count, read back.
fn count_pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).map_or(0, |doc| doc.get_pages().len())
}
