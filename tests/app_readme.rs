//! The README is part of the product: its key table is generated from the keymap and must
//! match it, it names every subcommand and flag, and its test command is what CI runs.
//!
//! After changing the default keys, refresh the table with
//! `UPDATE_README=1 cargo test --test app_readme`.

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use clap::CommandFactory;
use gloss::core::app::keymap::Keymap;

const START: &str = "<!-- keys:start -->\n";
const END: &str = "<!-- keys:end -->";

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn readme_key_table_matches_the_keymap() {
    let text = readme();
    let (before, rest) = text
        .split_once(START)
        .expect("README has the keys:start marker");
    let (table, after) = rest
        .split_once(END)
        .expect("README has the keys:end marker");
    let expected = Keymap::default().markdown();
    if std::env::var_os("UPDATE_README").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        std::fs::write(path, format!("{before}{START}{expected}{END}{after}")).unwrap();
        return;
    }
    assert_eq!(
        table, expected,
        "README key table is stale: run UPDATE_README=1 cargo test --test app_readme"
    );
}

#[test]
fn readme_names_every_subcommand_and_flag() {
    let text = readme();
    let cli = gloss::cli::Cli::command();
    let mut missing = Vec::new();
    for sub in cli.get_subcommands() {
        let name = format!("gloss {}", sub.get_name());
        if !text.contains(&name) {
            missing.push(name);
        }
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                let flag = format!("--{long}");
                if !text.contains(&flag) {
                    missing.push(flag);
                }
            }
        }
    }
    for arg in cli.get_arguments() {
        if let Some(long) = arg.get_long() {
            let flag = format!("--{long}");
            if !text.contains(&flag) {
                missing.push(flag);
            }
        }
        if let Some(env) = arg.get_env() {
            let env = env.to_string_lossy().into_owned();
            if !text.contains(&env) {
                missing.push(env);
            }
        }
    }
    assert!(missing.is_empty(), "README does not mention: {missing:?}");
}

#[test]
fn ci_runs_the_readme_test_command() {
    let text = readme();
    assert!(text.contains("```sh\ncargo test\n```"));
    assert!(text.contains("```sh\ncargo run --release\n```"));
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        "CI runs `cargo test` as-is"
    );
    assert!(ci.contains("cargo fmt --check"));
    assert!(ci.contains("cargo clippy --all-targets -- -D warnings"));
}
