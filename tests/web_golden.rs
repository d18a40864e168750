//! Golden tests of web extraction on saved pages (`tests/fixtures/web/`, see its README): each
//! page's metadata and Markdown are snapshotted, and its text must match the article a person
//! marked (word 4-gram F1, the benchmark's measure) closely.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::cast_precision_loss)]

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use gloss::core::doc::web::{self, Article};

fn fixture(name: &str) -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web");
    let mut html = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(dir.join(format!("{name}.html.gz"))).unwrap())
        .read_to_end(&mut html)
        .unwrap();
    let html = gloss::core::doc::decode::decode_page(&html, None)
        .unwrap()
        .text;
    let truth = std::fs::read_to_string(dir.join(format!("{name}.truth.txt"))).unwrap();
    (html, truth)
}

/// Word 4-gram F1 of one page, as `shared/corpus/web/score.py` computes it.
fn f1(truth: &str, predicted: &str) -> f64 {
    fn grams(s: &str) -> HashMap<Vec<String>, usize> {
        let words: Vec<String> = s
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let mut m = HashMap::new();
        for w in words.windows(4.min(words.len().max(1))) {
            *m.entry(w.to_vec()).or_insert(0) += 1;
        }
        m
    }
    let (t, p) = (grams(truth), grams(predicted));
    let tp: usize = t
        .iter()
        .map(|(k, n)| (*n).min(*p.get(k).unwrap_or(&0)))
        .sum();
    let (nt, np): (usize, usize) = (t.values().sum(), p.values().sum());
    if tp == 0 {
        return 0.0;
    }
    let (precision, recall) = (tp as f64 / np as f64, tp as f64 / nt as f64);
    2.0 * precision * recall / (precision + recall)
}

fn golden(name: &str, min_f1: f64) -> Article {
    let (html, truth) = fixture(name);
    let article = web::extract(&html, None);
    let score = f1(&truth, &article.text);
    assert!(score >= min_f1, "{name}: F1 {score:.3} < {min_f1}");
    let meta = serde_json::json!({
        "title": article.title, "authors": article.authors, "date": article.date,
        "site": article.site, "url": article.url, "lang": article.lang,
    });
    insta::assert_snapshot!(
        format!("web_{name}"),
        format!(
            "{}\n\n{}",
            serde_json::to_string_pretty(&meta).unwrap(),
            article.to_markdown()
        )
    );
    article
}

#[test]
fn news_short() {
    let a = golden("news-short", 0.9);
    assert!(a.warnings.is_empty());
}

#[test]
fn news_long_keeps_its_headings_as_sections() {
    let a = golden("news-long", 0.9);
    let doc = gloss::core::doc::markdown::parse(a.to_markdown());
    assert!(doc.title().is_some());
}

#[test]
fn blog_in_indonesian() {
    golden("blog-id", 0.9);
}

#[test]
fn readability_bbc() {
    golden("bbc-1", 0.85);
}

#[test]
fn readability_citylab() {
    golden("citylab-1", 0.85);
}
