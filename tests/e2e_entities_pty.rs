//! The real binary in a pseudo-terminal, entities edition: open the seed, show the Entities
//! tab, filter it down to "Huawei" by typing, jump to its first mention and step to the next
//! with `n` (the view must move to lines naming Huawei), mark a phrase as an entity (saved to
//! the temporary XDG config dir), and quit cleanly.
//!
//! The harness is `tests/common/pty.rs`. Every path the binary could write to is temporary.

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::pty::{Pty, status_line};

/// The article pane's rows (between the side panes at 120 columns).
fn article_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.chars().skip(24).take(66).collect::<String>())
        .collect()
}

#[test]
fn entities_tab_filter_select_and_jump_between_mentions() {
    let mut pty = Pty::spawn(40, 120, &[]);
    pty.wait_for("the seed", |s| {
        s.contains("China, Russia Deepen Technological Ties") && s.contains("? help")
    });
    // recognition runs in the background; the sections pane summary shows when it is done
    pty.wait_for("the entities", |s| s.contains("China ×"));
    pty.send("E");
    pty.wait_for("the Entities tab", |s| {
        s.contains("entities ·") && s.contains(" ORG ") && s.contains("GPE")
    });
    assert!(
        !article_rows(&pty.screen())
            .iter()
            .any(|l| l.contains("Huawei")),
        "Huawei is not on the first page"
    );
    pty.send("/Huaw");
    pty.wait_for("the filter", |s| {
        s.contains("/Huaw") && status_line(s).contains("FILTER")
    });
    pty.send("\r");
    pty.wait_for("the filter closed", |s| status_line(s).contains("READ"));
    pty.send("\r");
    pty.wait_for("the first mention", |s| {
        article_rows(s).iter().any(|l| l.contains("Huawei"))
    });
    pty.send("n");
    pty.wait_for("the second mention", |s| {
        status_line(s).contains("Huawei: mention 2/2")
    });
    let screen = pty.screen();
    assert!(
        article_rows(&screen).iter().any(|l| l.contains("Huawei")),
        "{screen}"
    );
    pty.send("n");
    pty.wait_for("wrapping to the first", |s| {
        status_line(s).contains("mention 1/2") && status_line(s).contains("wrapped")
    });
    assert!(
        article_rows(&pty.screen())
            .iter()
            .any(|l| l.contains("Huawei"))
    );

    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(!pty.parser.screen().alternate_screen());
}

#[test]
fn marking_a_search_match_saves_it_to_entities_toml_keeping_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let mine =
        "# Kept by hand.\n[[entity]]\nname = \"Kubernetes\" # the orchestrator\ntype = \"tech\"\n";
    common::cli::write_user_entities(dir.path(), mine);
    let mut pty = Pty::spawn_in(dir, 24, 80, &[]);
    pty.wait_for("the seed", |s| s.contains("? help"));
    pty.send("/Defense One\r");
    pty.wait_for("the match", |s| status_line(s).contains("match"));
    pty.send("M");
    pty.wait_for("the mark prompt", |s| {
        status_line(s).contains("“Defense One” is:")
    });
    pty.send("o");
    pty.wait_for("saved", |s| status_line(s).contains("saved as ORG"));
    let file = common::cli::user_entities_path(pty.dir.path());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(mine),
        "the user's lines stay as written: {text}"
    );
    assert!(
        text.contains("name = \"Defense One\"\ntype = \"ORG\""),
        "{text}"
    );
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_malformed_entities_file_is_reported_and_the_reader_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    common::cli::write_user_entities(dir.path(), "[[entity]]\nname = \"x\"\ntpye = 1\n");
    let mut pty = Pty::spawn_in(dir, 24, 100, &[]);
    pty.wait_for("the error with its line", |s| {
        status_line(s).contains("entities.toml") && status_line(s).contains("line 3")
    });
    pty.send("j");
    pty.wait_for("still reading", |s| status_line(s).contains("READ"));
    pty.send("q");
    assert!(pty.wait_exit().success());
}
