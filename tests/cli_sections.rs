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
    let lines: Vec<&str> = text.lines().collect();
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
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{s}");
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
