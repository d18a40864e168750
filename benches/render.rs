//! Frame benchmarks: one 120×40 frame of the article view at the top, middle and end of a
//! generated 10 MB document (with search highlights), which must cost microseconds whatever the
//! document size, and a search over the whole document.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::core::doc::layout::Layout;
use gloss::core::doc::search;
use gloss::ui::article::{ArticleStyles, ArticleView, Highlight, HighlightKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

#[path = "support/gen.rs"]
#[allow(dead_code)]
mod generated;

fn render(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("big.md");
    std::fs::write(&p, generated::markdown(10 << 20)).expect("write temp file");
    let doc = std::sync::Arc::new(gloss::input::load(Some(&p)).expect("load").doc);
    let layout = Layout::new(&doc, 80);
    let styles = ArticleStyles::default();
    let matches = search::find(&doc, "technology");
    let highlights: Vec<Highlight> = matches
        .iter()
        .map(|r| Highlight {
            range: r.clone(),
            kind: HighlightKind::SearchMatch,
        })
        .collect();
    let area = Rect::new(0, 0, 120, 40);
    let mut buf = Buffer::empty(area);
    let mut g = c.benchmark_group("frame_120x40");
    for (name, top) in [
        ("top", 0),
        ("middle", layout.len() / 2),
        ("end", layout.len().saturating_sub(40)),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut view = ArticleView::new(&layout, &doc.source, top, &styles);
                view.highlights = &highlights;
                buf.reset();
                (&view).render(area, &mut buf);
                black_box(&buf);
            });
        });
    }
    g.finish();
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.bench_function("find_10MB", |b| {
        b.iter(|| black_box(search::find(&doc, "strategic partnership")));
    });
    g.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
