//! Regression test: the recogniser's strict micro-F1 on the DEV corpus must not drop.
//!
//! The threshold is what the recogniser reached when this test was last tightened, minus 0.01.
//! Run `cargo run --release --example entity_eval -- --errors` to see what changed.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use gloss::core::doc::entities::eval::{Score, byte_range};
use gloss::core::doc::entities::{EntityKind, Mention, Recognizer};

const DEV: &str = include_str!("fixtures/entities-dev.jsonl");
const MIN_DEV_F1: f64 = 0.946;
const MIN_SEED_F1: f64 = 0.95;

#[test]
fn dev_micro_f1_does_not_regress() {
    let rec = Recognizer::new();
    let mut total = Score::default();
    let mut seed = Score::default();
    let mut docs = 0;
    for line in DEV.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let text = doc["text"].as_str().expect("text");
        let gold: Vec<Mention> = doc["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .filter_map(|e| {
                let kind = EntityKind::from_label(e["type"].as_str()?)?;
                let s = usize::try_from(e["start"].as_u64()?).ok()?;
                let en = usize::try_from(e["end"].as_u64()?).ok()?;
                Some(Mention {
                    range: byte_range(text, s, en),
                    kind,
                })
            })
            .collect();
        let score = Score::of(&gold, &rec.recognize(text));
        if doc["id"].as_str().is_some_and(|id| id.starts_with("seed")) {
            seed.add(&score);
        }
        total.add(&score);
        docs += 1;
    }
    assert_eq!(docs, 8, "the DEV fixture has eight documents");
    let dev = total.micro_core().f1();
    let seed = seed.micro_core().f1();
    assert!(dev >= MIN_DEV_F1, "DEV micro-F1 {dev:.3} < {MIN_DEV_F1}");
    assert!(
        seed >= MIN_SEED_F1,
        "seed micro-F1 {seed:.3} < {MIN_SEED_F1}"
    );
}
