//! Throughput of entity recognition over English news prose (the DEV corpus texts repeated to
//! about 2 MB), plus the one-off cost of building the recogniser.
//!
//! `cargo bench --bench entities`

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gloss::core::doc::entities::Recognizer;

const DEV: &str = include_str!("../tests/fixtures/entities-dev.jsonl");

fn corpus() -> String {
    let texts: Vec<String> = DEV
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    let mut out = String::new();
    while out.len() < 2_000_000 {
        for t in &texts {
            out.push_str(t);
            out.push_str("\n\n");
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let t0 = Instant::now();
    let rec = Recognizer::new();
    eprintln!(
        "Recognizer::new() took {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let text = corpus();
    let mut group = c.benchmark_group("entities");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("recognize_2MB_news", |b| {
        b.iter(|| rec.recognize(black_box(&text)));
    });
    group.finish();
    c.bench_function("recognizer_new", |b| b.iter(Recognizer::new));
}

criterion_group!(benches, bench);
criterion_main!(benches);
