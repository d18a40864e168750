//! Parse and outline throughput: the seed (plain text) and generated Markdown of 1 and 10 MB.
//!
//! `cargo bench --bench parse`. The 100 MB budget (parse well under 1.5 s) is checked by hand
//! with the same generator at a larger size; criterion would take minutes at that size.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gloss::core::{markdown, plaintext, sections};

const SEED: &str = include_str!("../seeds/china-russia-deepen-technological-ties.txt");

/// Markdown of about `bytes`: headings, hard-wrapped paragraphs with emphasis and links,
/// and now and then a list, a fenced code block and a table.
fn markdown_doc(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 1024);
    let mut i = 0;
    while s.len() < bytes {
        if i % 20 == 0 {
            let _ = write!(s, "## Section {i}\n\n");
        }
        let _ = write!(
            s,
            "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod\n\
             tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam,\n\
             quis nostrud [exercitation](https://example.com/{i}) ullamco laboris nisi ut\n\
             aliquip ex ea commodo **consequat**.\n\n"
        );
        if i % 50 == 7 {
            s.push_str("- one\n- two `code`\n  - nested\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n");
        }
        i += 1;
    }
    s
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("seed_plaintext", |b| {
        b.iter(|| plaintext::parse(black_box(SEED.to_owned())));
    });
    for mb in [1usize, 10] {
        let doc = markdown_doc(mb << 20);
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.sample_size(10);
        g.bench_function(format!("markdown_{mb}mb"), |b| {
            b.iter(|| markdown::parse(black_box(doc.clone())));
        });
    }
    g.finish();

    let doc = markdown::parse(markdown_doc(10 << 20));
    let outline = sections::outline(&doc);
    c.bench_function("outline_10mb", |b| {
        b.iter(|| sections::outline(black_box(&doc)));
    });
    c.bench_function("section_at_10mb", |b| {
        b.iter(|| sections::section_at(black_box(&outline), black_box(5 << 20)));
    });
}

criterion_group!(benches, parse);
criterion_main!(benches);
