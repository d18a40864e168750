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
    ("crate::tui", "the core never calls the shell"),
    ("crate::ui", "the core never calls the shell"),
    ("crate::store", "the core never calls the shell"),
    ("crate::input", "the core never calls the shell"),
    ("crate::commands", "the core never calls the shell"),
    ("crate::cli", "the core never calls the shell"),
];

/// Forbidden in the domain layer `core/doc` on top of [`FORBIDDEN`]: it sits under `core/app`.
const FORBIDDEN_IN_DOC: &[(&str, &str)] = &[
    (
        "core::app",
        "core/doc is the lower layer: it never imports core/app",
    ),
    (
        "super::super::app",
        "core/doc is the lower layer: it never imports core/app",
    ),
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

/// Every line of `files` that contains one of `rules`, as `path:line: rule: code`.
fn violations(root: &Path, files: &[PathBuf], rules: &[(&str, &str)]) -> Vec<String> {
    let mut violations = Vec::new();
    for file in files {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for (n, line) in code.lines().enumerate() {
            for (word, why) in rules {
                if line.contains(word) {
                    violations.push(format!(
                        "{}:{}: `{word}` ({why}): {}",
                        file.strip_prefix(root).unwrap_or(file).display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    violations
}

#[test]
fn core_is_pure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/core.rs")];
    rust_files(&root.join("src/core"), &mut files);
    assert!(files.len() > 5, "found the core modules");
    let found = violations(root, &files, FORBIDDEN);
    assert!(
        found.is_empty(),
        "the core must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn core_doc_never_imports_core_app() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/core/doc.rs")];
    rust_files(&root.join("src/core/doc"), &mut files);
    assert!(files.len() > 5, "found the domain modules");
    let found = violations(root, &files, FORBIDDEN_IN_DOC);
    assert!(
        found.is_empty(),
        "core/doc must not import core/app:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_two_core_layers_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["src/core/doc", "src/core/app"] {
        assert!(root.join(dir).is_dir(), "{dir} is missing");
    }
}

#[test]
fn the_checker_catches_violations() {
    let bad = "use ratatui::Frame;\n// crossterm in a comment is fine\nlet x = std::fs::read(p);";
    let code = code_of(bad);
    assert!(code.contains("ratatui"));
    assert!(!code.contains("crossterm"));
    assert!(code.contains("std::fs"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.rs");
    std::fs::write(
        &file,
        "use crate::core::app::state::AppState;\nuse crate::tui::run;\n",
    )
    .unwrap();
    let files = vec![file];
    assert_eq!(violations(root, &files, FORBIDDEN_IN_DOC).len(), 1);
    assert_eq!(violations(root, &files, FORBIDDEN).len(), 1);
}

/// Shell modules that sit below others: what each must not import, and why.
const SHELL_LAYERS: &[(&str, &[(&str, &str)])] = &[
    (
        "src/input.rs",
        &[(
            "crate::commands",
            "input.rs reads documents for every command: it never imports them",
        )],
    ),
    (
        "src/store.rs",
        &[("crate::cli", "store.rs takes a path, not the command line")],
    ),
    (
        "src/paths.rs",
        &[(
            "std::fs",
            "paths.rs resolves paths; it never touches the disk",
        )],
    ),
    (
        "src/error.rs",
        &[("crate::", "error.rs is a leaf: everything may use it")],
    ),
];

#[test]
fn lower_shell_modules_never_import_upper_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for (file, rules) in SHELL_LAYERS {
        found.extend(violations(root, &[root.join(file)], rules));
    }
    assert!(
        found.is_empty(),
        "a shell module imports one above it:\n{}",
        found.join("\n")
    );
}
