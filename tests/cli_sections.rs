//! `gloss sections` on the bundled seed and on Markdown: text and JSON output.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

mod common;

use common::cli::{gloss, succeeded};

fn seed() -> String {
    format!(
        "{}/seeds/china-russia-deepen-technological-ties.txt",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn seed_outline_as_text() {
    let home = tempfile::tempdir().unwrap();
    let out = gloss(home.path(), &["sections", &seed()]);
    succeeded(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    // Inferred topics are listed too, marked `~`; paragraph entries are left to --json.
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("~ "))
        .collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with("China, Russia Deepen Technological Ties  ["),
        "{text}"
    );
    assert!(lines[1].starts_with("  Metadata  ["), "{text}");
    assert!(lines[2].starts_with("  Body  ["), "{text}");
    assert!(lines[3].starts_with("  Back matter  ["), "{text}");
}

#[test]
fn seed_outline_as_json_with_byte_offsets() {
    let home = tempfile::tempdir().unwrap();
    let out = gloss(home.path(), &["sections", "--json", &seed()]);
    succeeded(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 4);
    let source = std::fs::read_to_string(seed()).unwrap();
    let title = &arr[0];
    assert_eq!(title["title"], "China, Russia Deepen Technological Ties");
    assert_eq!(title["level"], 1);
    let start = usize::try_from(title["start"].as_u64().unwrap()).unwrap();
    assert_eq!(source.get(start..start + 5), Some("China"));
    assert_eq!(title["end"].as_u64().unwrap(), source.len() as u64);
    for s in arr {
        // The four keys, plus the paragraphs or topics of a section without sub-sections.
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys.len(),
            if s.get("children").is_some() { 5 } else { 4 },
            "{s}"
        );
        for k in ["title", "level", "start", "end"] {
            assert!(keys.contains(&k), "{s}");
        }
        assert!(s["start"].as_u64() <= s["end"].as_u64());
    }
    let back = arr.iter().find(|s| s["title"] == "Back matter").unwrap();
    let b = usize::try_from(back["start"].as_u64().unwrap()).unwrap();
    assert!(
        source
            .get(b..)
            .unwrap()
            .starts_with("Samuel Bendett an Adviser")
    );
}

#[test]
fn markdown_headings_by_level() {
    let home = tempfile::tempdir().unwrap();
    let md = home.path().join("doc.md");
    let src = "# One\n\ntext\n\n## Two\n\nmore\n\n# Three\n";
    std::fs::write(&md, src).unwrap();
    let out = gloss(home.path(), &["sections", md.to_str().unwrap()]);
    assert!(out.status.success());
    let (two, three, len) = (
        src.find("## Two").unwrap(),
        src.find("# Three").unwrap(),
        src.len(),
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("One  [0..{three})\n  Two  [{two}..{three})\nThree  [{three}..{len})\n")
    );
}

/// Every paragraph of the body is listed, under its section or topic, with its own bytes.
#[test]
fn seed_json_lists_every_body_paragraph_under_its_section() {
    let home = tempfile::tempdir().unwrap();
    let out = gloss(home.path(), &["sections", "--json", &seed()]);
    succeeded(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let source = std::fs::read_to_string(seed()).unwrap();
    let body = v
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "Body")
        .unwrap();
    let mut paragraphs = Vec::new();
    for c in body["children"].as_array().unwrap() {
        match c["kind"].as_str().unwrap() {
            "topic" => {
                assert!(!c["label"].as_str().unwrap().is_empty(), "{c}");
                assert_eq!(c["label"], c["title"]);
                paragraphs.extend(c["children"].as_array().unwrap().iter().cloned());
            }
            "paragraph" => paragraphs.push(c.clone()),
            k => panic!("unexpected kind {k}"),
        }
    }
    assert_eq!(paragraphs.len(), 14);
    for p in &paragraphs {
        assert_eq!(p["kind"], "paragraph");
        let (a, b) = (
            usize::try_from(p["start"].as_u64().unwrap()).unwrap(),
            usize::try_from(p["end"].as_u64().unwrap()).unwrap(),
        );
        let text = source.get(a..b).unwrap();
        assert!(!text.contains("\n\n"), "one paragraph: {text}");
        let lead: String = p["title"].as_str().unwrap().chars().take(10).collect();
        assert!(text.starts_with(&lead), "{lead} / {text}");
    }
    assert!(
        paragraphs[2]["title"]
            .as_str()
            .unwrap()
            .starts_with("For Moscow, certain Chinese products")
    );
}
