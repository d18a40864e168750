//! Layout benchmarks: the seed at 80 cells and a generated 10 MB Markdown / plain-text document.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::core::doc::layout::Layout;

#[path = "support/gen.rs"]
#[allow(dead_code)]
mod generated;

fn load(name: &str, text: &str) -> std::sync::Arc<gloss::core::doc::document::Document> {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join(name);
    std::fs::write(&p, text).expect("write temp file");
    std::sync::Arc::new(gloss::input::load(Some(&p)).expect("load").doc)
}

fn layout(c: &mut Criterion) {
    let seed = std::sync::Arc::new(gloss::input::load(None).expect("seed").doc);
    let md = load("big.md", &generated::markdown(10 << 20));
    let txt = load("big.txt", &generated::plain(10 << 20));
    let mut g = c.benchmark_group("layout");
    g.bench_function("seed_80", |b| {
        b.iter(|| black_box(Layout::new(&seed, 80)));
    });
    g.bench_function("seed_40", |b| {
        b.iter(|| black_box(Layout::new(&seed, 40)));
    });
    g.sample_size(10);
    g.bench_function("markdown_10MB_80", |b| {
        b.iter(|| black_box(Layout::new(&md, 80)));
    });
    g.bench_function("plain_10MB_80", |b| {
        b.iter(|| black_box(Layout::new(&txt, 80)));
    });
    g.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
