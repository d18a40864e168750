//! Re-anchoring 300 notes in a ~1 MB text, one benchmark per tier of `core::doc::anchor`:
//! **unchanged** (the saved text: every note exact in place), **moved** (a paragraph inserted at
//! the top: every quote found verbatim elsewhere), **fuzzy** (that insertion plus every quoted
//! passage edited in its middle) and **orphaned** (that insertion plus every quoted passage
//! deleted: windowed searches, then the budgeted whole-text searches, all fail).
//!
//! The text is the DEV corpus (`tests/fixtures/entities-dev.jsonl`) repeated to 1 MB. Since the
//! copies are identical, each note sits at its own offset *within* a copy (evenly spaced, so no
//! two notes' passages overlap in any copy, and moved off phrases the corpus repeats) and every edit is applied to all copies of the
//! passage; otherwise an untouched copy would still match verbatim and the tier would be wrong.
//! Each input is checked to reach its tier before it is timed.
//!
//! `cargo bench --bench anchor`

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::hash::{DefaultHasher, Hash, Hasher};
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::core::doc::anchor::{Anchoring, DriftReport, anchor_all};
use gloss::core::doc::annotation::{Annotation, DocRef, TextQuote};
use gloss::core::doc::document::fingerprint;

const DEV: &str = include_str!("../tests/fixtures/entities-dev.jsonl");
const TARGET_LEN: usize = 1 << 20;
const NOTES: usize = 300;
/// Passage length in bytes (before snapping to character boundaries).
const QUOTE_LEN: usize = 60;

/// One copy of the DEV texts, separated by blank lines.
fn copy() -> String {
    DEV.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n\n"
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether any third of the passage at `start` of `one` occurs elsewhere in the copy (the
/// corpus repeats captions, names and phrases): deleting the passage could then leave a near
/// match rather than an orphan.
fn repeated(one: &str, start: usize) -> bool {
    let end = floor_boundary(one, start + QUOTE_LEN);
    let cut = |i: usize| floor_boundary(one, start + i * QUOTE_LEN / 3);
    [cut(0)..cut(1), cut(1)..cut(2), cut(2)..end]
        .into_iter()
        .any(|r| one.matches(&one[r]).count() > 1)
}

/// The text (whole copies, ≥ 1 MB) and 300 notes saved against it, in document order.
fn saved() -> (String, Vec<Annotation>) {
    let one = copy();
    let copies = TARGET_LEN.div_ceil(one.len());
    let text = one.repeat(copies);
    let fp = fingerprint(&text);
    // Note k: at offset k·(L/300) within copy k·copies/300 — spread over the whole text, and
    // at a distinct offset within a copy, so passages never overlap across copies either.
    let stride = one.len() / NOTES;
    assert!(stride > QUOTE_LEN * 2, "copy too short for {NOTES} notes");
    let mut last_end = 0;
    let anns = (0..NOTES)
        .map(|k| {
            let base = (k * copies / NOTES) * one.len();
            let mut start = floor_boundary(&one, k * stride);
            while repeated(&one, start) {
                start = floor_boundary(&one, start + 7);
            }
            assert!(start >= last_end, "note {k} overlaps the previous one");
            last_end = floor_boundary(&one, start + QUOTE_LEN);
            let (start, end) = (base + start, base + last_end);
            Annotation {
                id: format!("note-{k:03}"),
                doc: DocRef {
                    fingerprint: fp.clone(),
                    path: None,
                    title: None,
                },
                quote: TextQuote::from_text(&text, start..end).unwrap(),
                position: (start..end).into(),
                tags: vec![],
                body: String::new(),
                color: None,
                created: "2026-01-01T00:00:00Z".into(),
                modified: "2026-01-01T00:00:00Z".into(),
                original: None,
                placement: gloss::core::doc::annotation::Placement::Confirmed,
                similarity: None,
                revision: 0,
            }
        })
        .collect();
    (text, anns)
}

/// A paragraph inserted at the top, so every note's stored position is stale.
fn with_preface(text: &str) -> String {
    format!(
        "{}\n\n{text}",
        "Editor's note: this collection was updated with corrections. ".repeat(8)
    )
}

/// `text` with every copy of every quoted passage replaced by `edit(quote)`.
fn edit_passages(text: &str, anns: &[Annotation], edit: impl Fn(&str) -> String) -> String {
    let mut out = text.to_owned();
    for a in anns {
        out = out.replace(&a.quote.exact, &edit(&a.quote.exact));
    }
    out
}

/// The quote with a word inserted at its middle (on a character boundary).
fn edited_middle(q: &str) -> String {
    let mid = floor_boundary(q, q.len() / 2);
    format!("{} revised{}", &q[..mid], &q[mid..])
}

/// The tier name of a placement, as used for the benchmark names.
fn tier(a: &Anchoring) -> &'static str {
    match a {
        Anchoring::Exact(_) => "unchanged",
        Anchoring::Moved(_) => "moved",
        Anchoring::Fuzzy(_) => "fuzzy",
        Anchoring::Orphan => "orphaned",
    }
}

fn bench(c: &mut Criterion) {
    let (text, anns) = saved();
    let moved = with_preface(&text);
    let fuzzy = with_preface(&edit_passages(&text, &anns, edited_middle));
    let orphaned = with_preface(&edit_passages(&text, &anns, |_| String::new()));
    let all = |f: fn(&mut DriftReport) -> &mut usize| {
        let mut r = DriftReport::default();
        *f(&mut r) = NOTES;
        r
    };
    let tiers = [
        ("unchanged", &text, all(|r| &mut r.exact)),
        ("moved", &moved, all(|r| &mut r.moved)),
        ("fuzzy", &fuzzy, all(|r| &mut r.fuzzy)),
        ("orphaned", &orphaned, all(|r| &mut r.orphaned)),
    ];
    eprintln!(
        "text: {} bytes, {} notes of ~{QUOTE_LEN} bytes",
        text.len(),
        anns.len()
    );
    let mut group = c.benchmark_group("anchor_300_notes_1MB");
    group.sample_size(10);
    for (name, input, expected) in tiers {
        let (placed, got) = anchor_all(input, &anns);
        let stray: Vec<String> = placed
            .iter()
            .zip(&anns)
            .filter(|(p, _)| tier(&p.anchoring) != name)
            .map(|(p, a)| {
                format!(
                    "{} {:?} {:?}",
                    p.id,
                    a.quote.exact,
                    p.anchoring.range().map(|r| &input[r])
                )
            })
            .collect();
        assert_eq!(got, expected, "{name}: wrong tier for {stray:#?}");
        // A digest of every placement, to check that a speed-up leaves the results alone.
        let mut h = DefaultHasher::new();
        format!("{placed:?}").hash(&mut h);
        eprintln!(
            "{name}: {}, placements digest {:016x}",
            got.summary(),
            h.finish()
        );
        group.bench_function(name, |b| b.iter(|| anchor_all(black_box(input), &anns)));
    }
    // What the reader does on opening a document with no notes: it must not read the text.
    group.bench_function("no_notes", |b| {
        b.iter(|| gloss::core::doc::anchor::reanchor(black_box(&text), "fingerprint", Vec::new()));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
