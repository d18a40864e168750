//! The real binary: `gloss import`, `gloss notes`, `gloss export` against a temp database,
//! re-anchoring after the article is edited, and refusing a damaged database without touching it.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        let env = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(env.article(), gloss::input::SEED_TEXT).unwrap();
        env
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("data/gloss.db")
    }
    fn article(&self) -> PathBuf {
        self.dir.path().join("article.txt")
    }
    /// An article with the two notes of [`W3C_IN`] imported.
    fn with_notes() -> Self {
        let env = Self::new();
        let input = env.path("in.jsonld");
        std::fs::write(&input, W3C_IN).unwrap();
        let (out, _) = env.ok(&["import", s(&env.article()), s(&input)]);
        assert_eq!(out.trim(), "imported 2, skipped 0 already present");
        env
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn run(&self, args: &[&str]) -> Output {
        // The database in a directory that does not exist yet: gloss must create it.
        common::cli::command(self.dir.path())
            .args(args)
            .env("GLOSS_DB", self.db())
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "gloss {args:?} failed: {stderr}");
        (stdout, stderr)
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A W3C file as another tool might write it: no ids, no context.
const W3C_IN: &str = r#"{
  "@context": "http://www.w3.org/ns/anno.jsonld",
  "type": "AnnotationPage",
  "items": [
    {"type": "Annotation", "motivation": "commenting",
     "body": [{"type": "TextualBody", "value": "The thesis."},
              {"type": "TextualBody", "purpose": "tagging", "value": "Thesis"}],
     "target": {"source": "https://example.org/a",
                "selector": {"type": "TextQuoteSelector",
                             "exact": "China and Russia are deepening and expanding their ties"}}},
    {"type": "Annotation", "motivation": "tagging",
     "body": {"type": "TextualBody", "value": "people"},
     "target": {"source": "https://example.org/a",
                "selector": [{"type": "TextQuoteSelector", "exact": "Xi Jinping's visit to Moscow"}]}}
  ]
}"#;

#[test]
fn import_is_idempotent_and_notes_lists_what_was_imported() {
    let env = Env::new();
    let input = env.path("in.jsonld");
    std::fs::write(&input, W3C_IN).unwrap();
    let (out, _) = env.ok(&["import", s(&env.article()), s(&input)]);
    assert_eq!(out.trim(), "imported 2, skipped 0 already present");
    let (out, _) = env.ok(&["import", s(&env.article()), s(&input)]);
    assert_eq!(out.trim(), "imported 0, skipped 2 already present");

    let (text, _) = env.ok(&["notes", s(&env.article())]);
    assert!(text.contains("#thesis"), "{text}");
    assert!(text.contains("> China and Russia are deepening"), "{text}");
    assert!(text.contains("The thesis."));

    let (json, _) = env.ok(&["notes", s(&env.article()), "--json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["status"], "exact");
    assert_eq!(items[0]["tags"][0], "thesis");
    let start = items[0]["position"]["start"].as_u64().unwrap() as usize;
    assert_eq!(
        start,
        gloss::input::SEED_TEXT
            .find("China and Russia are deepening")
            .unwrap()
    );
    assert!(
        !items[0]["quote"]["prefix"].as_str().unwrap().is_empty(),
        "context captured on import"
    );
}

#[test]
fn export_then_import_elsewhere_round_trips_without_duplicates() {
    let env = Env::with_notes();
    for (format, name) in [("json", "out.json"), ("w3c", "out.jsonld")] {
        let out = env.path(name);
        let (_, err) = env.ok(&[
            "export",
            s(&env.article()),
            "--format",
            format,
            "-o",
            s(&out),
        ]);
        assert!(err.contains("wrote 2 annotations"), "{err}");
        let (stdout, _) = env.ok(&["import", s(&env.article()), s(&out)]);
        assert_eq!(
            stdout.trim(),
            "imported 0, skipped 2 already present",
            "{format}"
        );
    }
    // A second database: the gloss JSON brings everything over, once.
    let other = Env::new();
    let (o, _) = other.ok(&["import", s(&other.article()), s(&env.path("out.json"))]);
    assert_eq!(o.trim(), "imported 2, skipped 0 already present");
    let (o, _) = other.ok(&["import", s(&other.article()), s(&env.path("out.jsonld"))]);
    assert_eq!(o.trim(), "imported 0, skipped 2 already present");
}

#[test]
fn export_to_stdout_and_overwrite_output_atomically() {
    let env = Env::with_notes();
    let (md, _) = env.ok(&["export", s(&env.article())]);
    assert!(md.starts_with("---\n"), "markdown is the default");
    assert!(md.contains("#thesis"));
    let (csv, _) = env.ok(&["export", s(&env.article()), "-f", "csv"]);
    assert!(csv.starts_with(
        "id,quote,note,tags,section,start_byte,end_byte,created,modified,placement,similarity,original\n"
    ));
    let out = env.path("notes.md");
    std::fs::write(&out, "old contents").unwrap();
    env.ok(&["export", s(&env.article()), "-o", s(&out)]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("---\n") && written.contains("^gloss-"));
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gloss-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn editing_the_article_re_anchors_and_reports_drift() {
    let env = Env::with_notes();
    // Insert a paragraph at the top and rephrase the second passage.
    let edited = format!(
        "Editor's note: updated.\n\n{}",
        gloss::input::SEED_TEXT.replace(
            "Xi Jinping's visit to Moscow",
            "Xi Jinping's trip to Moscow"
        )
    );
    std::fs::write(env.article(), &edited).unwrap();
    let (json, err) = env.ok(&["notes", s(&env.article()), "--json"]);
    assert_eq!(err.trim(), "gloss: 2 notes: 0 exact, 1 moved, 1 fuzzy");
    let v: Value = serde_json::from_str(&json).unwrap();
    let first = &v[0];
    assert_eq!(first["status"], "moved");
    let start = first["position"]["start"].as_u64().unwrap() as usize;
    assert_eq!(
        start,
        edited.find("China and Russia are deepening").unwrap()
    );
    assert_eq!(v[1]["status"], "fuzzy");
    // The new places were saved with the words found there: the next open finds them in
    // place, and they stay marked moved / fuzzy until the user confirms them.
    let (text, err) = env.ok(&["notes", s(&env.article())]);
    assert_eq!(err.trim(), "gloss: 2 notes: 0 exact, 1 moved, 1 fuzzy");
    assert!(text.contains("#people"), "{text}");
    assert!(text.contains("> Xi Jinping's trip to Moscow"), "{text}");
}

#[test]
fn a_damaged_database_is_refused_with_one_line_and_left_untouched() {
    let env = Env::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let junk = b"not a database, but someone's precious file".to_vec();
    std::fs::write(env.db(), &junk).unwrap();
    let out = env.run(&["notes", s(&env.article())]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("not a gloss database") && err.contains("left untouched"),
        "{err}"
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), junk);
}

#[test]
fn importing_garbage_is_a_user_error() {
    let env = Env::new();
    let bad = env.path("bad.json");
    std::fs::write(&bad, "{\"hello\": 1}").unwrap();
    let out = env.run(&["import", s(&env.article()), s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not a gloss export or a W3C"), "{err}");
}

#[test]
fn escape_sequences_in_the_article_never_reach_stdout() {
    let env = Env::new();
    let article =
        "Intro.\n\nA passage with \u{1b}]0;pwned\u{7} and \u{9b}31m colour codes inside it.\n";
    std::fs::write(env.article(), article).unwrap();
    let w3c = r#"{"type": "Annotation", "body": "note \u001b[2J",
        "target": {"source": "x", "selector": {"type": "TextQuoteSelector",
        "exact": "A passage with \u001b]0;pwned\u0007 and \u009b31m colour codes"}}}"#;
    let input = env.path("in.json");
    std::fs::write(&input, w3c).unwrap();
    let (o, _) = env.ok(&["import", s(&env.article()), s(&input)]);
    assert_eq!(o.trim(), "imported 1, skipped 0 already present");
    for args in [
        vec!["notes", s(&env.article())],
        vec!["notes", s(&env.article()), "--json"],
        vec!["export", s(&env.article()), "-f", "markdown"],
        vec!["export", s(&env.article()), "-f", "csv"],
        vec!["export", s(&env.article()), "-f", "json"],
        vec!["export", s(&env.article()), "-f", "w3c"],
    ] {
        let (out, err) = env.ok(&args);
        for c in out.chars().chain(err.chars()) {
            assert!(
                !gloss::core::doc::sanitize::is_unsafe(c) || c == '\t' || c == '\n',
                "{args:?} printed {c:?}"
            );
        }
    }
    // The JSON exports stay lossless: the escapes are JSON \u escapes.
    let (json, _) = env.ok(&["export", s(&env.article()), "-f", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["annotations"][0]["quote"]["exact"]
            .as_str()
            .unwrap()
            .contains('\u{9b}')
    );
}
