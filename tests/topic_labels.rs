//! Topic labels on real articles: `tests/fixtures/topics/*.txt` are articles split into their
//! topics (by `----` lines; four come from the segmentation corpus, split where their authors'
//! headings were, and one is the bundled article split by hand). `labels.json` lists, per
//! article and topic, the terms a reader would accept as naming that topic (judged by reading
//! it). Each label must name at least one of them, stay within 40 cells, differ from the label
//! before it and never be empty.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use gloss::core::doc::layout::str_width;
use gloss::core::doc::topics::{LABEL_WIDTH, labels};

fn fixture(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/topics/");
    std::fs::read_to_string(format!("{dir}{name}")).unwrap()
}

#[test]
fn labels_name_each_topic_of_the_fixture_articles() {
    let expected: BTreeMap<String, Vec<Vec<String>>> =
        serde_json::from_str(&fixture("labels.json")).unwrap();
    assert_eq!(expected.len(), 5);
    let mut misses = Vec::new();
    for (article, topics) in &expected {
        let text = fixture(&format!("{article}.txt"));
        let groups: Vec<Vec<&str>> = text
            .split("\n\n----\n\n")
            .map(|t| {
                t.split("\n\n")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .collect();
        assert_eq!(groups.len(), topics.len(), "{article}");
        let got = labels(&groups);
        for (k, (label, good)) in got.iter().zip(topics).enumerate() {
            assert!(!label.trim().is_empty(), "{article} #{k}");
            assert!(str_width(label) <= LABEL_WIDTH, "{article} #{k}: {label}");
            if k > 0 {
                assert_ne!(label, &got[k - 1], "{article} #{k} repeats its neighbour");
            }
            if !good.iter().any(|t| label.contains(t.as_str())) {
                misses.push(format!("{article} #{k}: {label:?} names none of {good:?}"));
            }
        }
        eprintln!("{article}: {got:?}");
    }
    assert!(misses.is_empty(), "{misses:#?}");
}
