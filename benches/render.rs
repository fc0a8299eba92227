//! Criterion benchmarks of the reference workload: the sample with its interventions
//! repeated four times (12 interventions, ~10 pages), citizen/current, PDF/UA-1 and
//! PDF/A-2a on. Run: `cargo bench --bench render`.
//!
//! Stages are measured separately too: parse + validate, layout (visibility, compose,
//! layout), and PDF writing.

#[path = "../bench/workload.rs"]
mod workload;

use criterion::{criterion_group, criterion_main, Criterion};
use minplan::style::Style;
use minplan::{Audience, Engine, Request, VersionKind};

/// The same allocator as the `minplan` binary (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn reference_workload() -> String {
    let sample = include_str!("../samples/integration-contract-full.json");
    workload::reference(sample).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let json = reference_workload();
    let Ok(engine) = Style::default_layout().and_then(Engine::new) else {
        panic!("the default layout loads");
    };
    let request = Request::new(Audience::Citizen, VersionKind::Current);
    let Ok((_, laid)) = engine.layout(&json, request) else {
        panic!("the workload lays out")
    };

    let mut group = c.benchmark_group("reference-12");
    group.bench_function("render", |b| b.iter(|| engine.render(&json, request)));
    group.bench_function("validate", |b| b.iter(|| engine.validate(&json)));
    group.bench_function("layout", |b| b.iter(|| engine.layout(&json, request)));
    group.bench_function("pdf", |b| b.iter(|| engine.write_pdf(&laid)));
    group.finish();

    let mut group = c.benchmark_group("sample");
    let sample = include_str!("../samples/integration-contract-full.json");
    for (name, audience, kind) in [
        ("citizen-current", Audience::Citizen, VersionKind::Current),
        ("akasse-historical", Audience::Akasse, VersionKind::Historical),
    ] {
        let r = Request::new(audience, kind);
        group.bench_function(name, |b| b.iter(|| engine.render(sample, r)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
