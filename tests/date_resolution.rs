//! Date resolution accuracy on the DATE mentions of the DEV corpus: `tests/fixtures/dates-dev.jsonl`
//! holds, per article, the publication date and the value judged true for each DATE mention
//! (`null` for a duration or a generic phrase; mentions of articles whose date is unknown are
//! left out when they are relative). `cargo test --test date_resolution -- --nocapture` prints
//! the accuracy and the misses.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::cast_precision_loss)]

use gloss::core::doc::entities::dates::{parse_day, resolve};

const FIXTURE: &str = include_str!("fixtures/dates-dev.jsonl");

#[test]
fn dev_dates_resolve_to_the_judged_values() {
    let (mut right, mut total, mut valued_right, mut valued) = (0usize, 0usize, 0usize, 0usize);
    for line in FIXTURE.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let published = doc["published"].as_str().and_then(parse_day);
        assert_eq!(
            published.is_some(),
            doc["published"].is_string(),
            "{}",
            doc["id"]
        );
        for d in doc["dates"].as_array().unwrap() {
            let text = d["text"].as_str().unwrap();
            let want = d["value"].as_str();
            let got = resolve(text, published).map(|v| v.iso());
            total += 1;
            if want.is_some() {
                valued += 1;
            }
            if got.as_deref() == want {
                right += 1;
                valued_right += usize::from(want.is_some());
            } else {
                println!("{} {text:?}: got {got:?}, judged {want:?}", doc["id"]);
            }
        }
    }
    let accuracy = right as f64 / total as f64;
    println!(
        "date resolution: {right}/{total} = {accuracy:.3} (mentions with a value: {valued_right}/{valued})"
    );
    assert!(
        total > 80,
        "the fixture judges the DEV DATE mentions ({total})"
    );
    assert!(accuracy >= 0.9, "accuracy {accuracy:.3}");
}
