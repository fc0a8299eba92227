//! Writes the reference benchmark workload: the sample with its interventions repeated
//! four times (12 interventions, about 10 pages), to `samples/reference-12.json`.
//!
//! `cargo run --release --example reference`

use std::path::Path;

#[path = "../bench/workload.rs"]
mod workload;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let text = std::fs::read_to_string(root.join("integration-contract-full.json"))?;
    let out = workload::reference(&text)?;
    std::fs::write(root.join("reference-12.json"), out)?;
    println!("wrote samples/reference-12.json");
    Ok(())
}
