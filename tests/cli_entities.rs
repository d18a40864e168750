//! `gloss entities` end to end: text and JSON output, BOM offsets, user entities and errors.
//! Every run keeps its database and config in a temporary directory (`common::cli`).

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

mod common;

use common::cli::{gloss, succeeded, write_user_entities};

#[test]
fn json_offsets_are_bytes_after_the_bom() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    let text =
        "Élan: President Xi Jinping met Samuel Bendett in Moscow in June 2016. Bendett said so.";
    std::fs::write(&file, format!("\u{feff}{text}")).unwrap();
    let out = gloss(dir.path(), &["entities", file.to_str().unwrap(), "--json"]);
    succeeded(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v["entities"].as_array().unwrap();
    let found: Vec<(String, String, String)> = items
        .iter()
        .map(|e| {
            let (s, en) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text[s..en],
                e["text"].as_str().unwrap(),
                "offsets point into the text"
            );
            let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
            for k in ["type", "text", "start", "end", "canonical", "entity"] {
                assert!(keys.contains(&k), "{keys:?}");
            }
            // optional: a resolved date's value, a watched mention's mark
            assert!(keys.len() <= 8, "{keys:?}");
            (
                e["type"].as_str().unwrap().into(),
                e["text"].as_str().unwrap().into(),
                e["canonical"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expect = |t: &str, s: &str, c: &str| (t.to_owned(), s.to_owned(), c.to_owned());
    assert!(
        found.contains(&expect("PERSON", "Xi Jinping", "Xi Jinping")),
        "{found:?}"
    );
    assert!(
        found.contains(&expect("GPE", "Moscow", "Moscow")),
        "{found:?}"
    );
    assert!(
        found.contains(&expect("DATE", "June 2016", "June 2016")),
        "{found:?}"
    );
    assert!(
        found.contains(&expect("PERSON", "Bendett", "Samuel Bendett")),
        "{found:?}"
    );
}

#[test]
fn text_output_groups_by_type_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(
        &file,
        "Huawei opened a lab in Moscow. Huawei said Russia matters.",
    )
    .unwrap();
    let out = gloss(dir.path(), &["entities", file.to_str().unwrap()]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("ORG (1 entities, 2 mentions)"), "{s}");
    assert!(s.contains("     2  Huawei"), "{s}");
    assert!(s.contains("GPE (2 entities, 2 mentions)"), "{s}");
}

#[test]
fn user_entities_add_and_suppress() {
    let dir = tempfile::tempdir().unwrap();
    write_user_entities(
        dir.path(),
        "not_entities = [\"Moscow\"]\n[types]\nTECH = { color = \"#00aaff\" }\n[[entity]]\nname = \"Kubernetes\"\ntype = \"TECH\"\naliases = [\"k8s\"]\n",
    );
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "We run k8s and Kubernetes in Moscow.").unwrap();
    let out = gloss(dir.path(), &["entities", file.to_str().unwrap(), "--json"]);
    succeeded(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(&str, &str)> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["type"].as_str().unwrap(), e["text"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("TECH", "k8s"), ("TECH", "Kubernetes")]);
}

#[test]
fn malformed_user_file_is_a_one_line_warning_and_the_builtin_entities_still_come() {
    let dir = tempfile::tempdir().unwrap();
    write_user_entities(dir.path(), "[[entity]]\nname = \"X\"\ntype = [1]\n");
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "Moscow").unwrap();
    let out = gloss(dir.path(), &["entities", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the reader's rule: warn and carry on"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("gloss: entities.toml line 3: ") && err.contains("ignored"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Moscow"));
}

#[test]
fn json_links_mentions_resolves_dates_and_marks_watched_entities() {
    let dir = tempfile::tempdir().unwrap();
    write_user_entities(
        dir.path(),
        "# follow these\n[[watch]]\nname = \"China\"\ntype = \"GPE\"\n",
    );
    let file = dir.path().join("a.txt");
    std::fs::write(
        &file,
        "Title\n\nOctober 4, 2019 Samuel Bendett Defense One\n\nThe People's Republic of China and the \
         Russian Federation met in May 2015. China and Russia agreed last year. Bendett said so.\n",
    )
    .unwrap();
    let out = gloss(dir.path(), &["entities", file.to_str().unwrap(), "--json"]);
    succeeded(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v["entities"].as_array().unwrap();
    let by_text = |t: &str| items.iter().find(|e| e["text"] == t).unwrap();
    let prc = by_text("People's Republic of China");
    assert_eq!(prc["canonical"], "China");
    assert_eq!(prc["entity"], by_text("China")["entity"]);
    assert_eq!(prc["watched"], true);
    assert_eq!(by_text("Russian Federation")["canonical"], "Russia");
    assert!(by_text("Russia").get("watched").is_none());
    assert_eq!(by_text("Bendett")["canonical"], "Samuel Bendett");
    assert_eq!(by_text("May 2015")["value"], "2015-05");
    assert_eq!(by_text("last year")["value"], "2018");
}
