//! Parse benchmarks: the seed and a generated 10 MB document, Markdown and plain text, through
//! `gloss::input::load` (decode + format detection + parse) on a temporary file.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/gen.rs"]
#[allow(dead_code)]
mod generated;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).expect("write temp file");
    p
}

fn parse(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = write(&dir, "seed.txt", gloss::input::SEED_TEXT);
    let md = write(&dir, "big.md", &generated::markdown(10 << 20));
    let txt = write(&dir, "big.txt", &generated::plain(10 << 20));
    let mut g = c.benchmark_group("parse");
    g.bench_function("seed", |b| {
        b.iter(|| black_box(gloss::input::load(Some(&seed)).expect("load")));
    });
    g.sample_size(10);
    g.bench_function("markdown_10MB", |b| {
        b.iter(|| black_box(gloss::input::load(Some(&md)).expect("load")));
    });
    g.bench_function("plain_10MB", |b| {
        b.iter(|| black_box(gloss::input::load(Some(&txt)).expect("load")));
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
