//! Outline benchmarks: the full outline (sections, inferred topics, paragraph entries) of the
//! seed and of a 1 MB headingless plain text, whose one long run is segmented into topics.
//! Budget: 30 ms for the 1 MB text.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::core::doc::outline::{outline, paragraph_outline};

/// About `size` bytes of headingless prose: runs of 4–15 paragraphs, each run built from the
/// sentences of a few of the seed's paragraphs (so the vocabulary shifts between runs), drawn
/// with a fixed LCG.
fn headingless(size: usize) -> String {
    let seed = include_str!("../seeds/china-russia-deepen-technological-ties.txt");
    let sentences: Vec<Vec<&str>> = seed
        .split("\n\n")
        .filter(|p| p.len() > 200)
        .map(|p| p.split(". ").collect())
        .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % n.max(1)
    };
    let mut out = String::with_capacity(size + 4096);
    while out.len() < size {
        let pool: Vec<usize> = (0..3).map(|_| next(sentences.len())).collect();
        for _ in 0..4 + next(12) {
            for _ in 0..3 + next(4) {
                let para = &sentences[pool[next(pool.len())]];
                out.push_str(para[next(para.len())].trim());
                out.push_str(". ");
            }
            out.push_str("\n\n");
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let seed = gloss::input::load(None).unwrap().doc;
    let big = gloss::core::doc::plaintext::parse(headingless(1 << 20));
    let mut g = c.benchmark_group("outline");
    g.bench_function("seed", |b| b.iter(|| black_box(outline(&seed))));
    g.sample_size(20);
    g.bench_function("headingless_1MB", |b| b.iter(|| black_box(outline(&big))));
    g.bench_function("headingless_1MB_paragraphs_only", |b| {
        b.iter(|| black_box(paragraph_outline(&big)));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
