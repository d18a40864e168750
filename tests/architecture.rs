//! The functional-core boundary, enforced: nothing under `src/core/` may reach a terminal,
//! the filesystem, the environment or the clock. Those belong to the shell (`tui`, `store`,
//! `input`, `commands`), where they can be kept few and small.

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

/// Forbidden in the core, with the reason shown on failure.
const FORBIDDEN: &[(&str, &str)] = &[
    ("ratatui", "terminal UI belongs in src/ui"),
    ("crossterm", "terminal I/O belongs in src/tui"),
    ("std::fs", "file access belongs in the shell"),
    ("fs::", "file access belongs in the shell"),
    ("std::env", "environment belongs in the shell"),
    ("std::process", "processes belong in the shell"),
    ("std::net", "no network in the core"),
    ("Instant", "the clock belongs in the shell"),
    ("SystemTime", "the clock belongs in the shell"),
    ("rusqlite", "the database belongs in src/store.rs"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code with `//` comments removed (docs may say what the core does *not* do).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.split_once("//") {
            Some((code, _)) if !code.contains('"') => code,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn core_is_pure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/core.rs")];
    rust_files(&root.join("src/core"), &mut files);
    assert!(files.len() > 5, "found the core modules");
    let mut violations = Vec::new();
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for (n, line) in code.lines().enumerate() {
            for (word, why) in FORBIDDEN {
                if line.contains(word) {
                    violations.push(format!(
                        "{}:{}: `{word}` ({why}): {}",
                        file.strip_prefix(root).unwrap().display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "the core must stay pure:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_catches_violations() {
    let bad = "use ratatui::Frame;\n// crossterm in a comment is fine\nlet x = std::fs::read(p);";
    let code = code_of(bad);
    assert!(code.contains("ratatui"));
    assert!(!code.contains("crossterm"));
    assert!(code.contains("std::fs"));
}
