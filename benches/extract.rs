//! Extraction benchmark: a web page (the golden fixtures in `tests/fixtures/web/`, saved from
//! news sites) → its article, metadata and Markdown, through `core::doc::web::extract`; and the
//! whole path a saved page takes to a parsed document (`input::load`).

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::io::Read;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn page(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/web")
        .join(format!("{name}.html.gz"));
    let mut html = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut html)
        .unwrap();
    html
}

fn extract(c: &mut Criterion) {
    let mut g = c.benchmark_group("extract");
    for name in ["news-short", "news-long", "bbc-1"] {
        let html = page(name);
        g.bench_function(name, |b| {
            b.iter(|| black_box(gloss::core::doc::web::extract(black_box(&html), None)));
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.html");
    std::fs::write(&file, page("news-long")).unwrap();
    g.bench_function("load_saved_page", |b| {
        b.iter(|| black_box(gloss::input::load(Some(&file)).unwrap()));
    });
    g.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
