//! The real binary in a pseudo-terminal: open the seed, read the screen, search, jump to the
//! end, resize, quit — and check the terminal was handed back (alternate screen left, exit 0).
//!
//! The screen is polled with a deadline rather than fixed sleeps, so the test is as fast as
//! the binary and only slow when something is wrong. Every path the binary could write to
//! (database, config) points into a temporary directory.

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::pty::{Pty, status_line};

#[test]
fn read_search_jump_resize_and_quit() {
    let mut pty = Pty::spawn(40, 120, &[]);
    pty.wait_for("the seed with its panes", |s| {
        s.contains("China, Russia Deepen Technological Ties")
            && s.contains("Sections")
            && s.contains("Info")
            && s.contains("? help")
    });
    // The outline recovered from the plain text: its parts are listed in the sections pane.
    let screen = pty.screen();
    for part in ["Metadata", "Body", "Back matter"] {
        assert!(
            screen
                .lines()
                .any(|l| l.starts_with('│') && l.contains(part)),
            "the sections pane lists {part}:\n{screen}"
        );
    }
    assert!(
        pty.parser.screen().alternate_screen(),
        "the reader uses the alternate screen"
    );
    assert!(status_line(&pty.screen()).contains("china-russia-deepen-technological-ties.txt"));

    pty.send("/Huawei");
    pty.wait_for("the search prompt", |s| status_line(s).contains("/Huawei"));
    pty.send("\r");
    pty.wait_for("the match count", |s| status_line(s).contains("2 matches"));

    pty.send("G");
    pty.wait_for("the end of the article", |s| {
        status_line(s).contains("100%") && s.contains("American Foreign Policy Council")
    });

    pty.resize(24, 80);
    pty.wait_for("a narrow re-render", |s| {
        !s.contains("Sidebar") && s.contains("Article") && status_line(s).contains("? help")
    });
    pty.resize(12, 40);
    pty.wait_for("a tiny re-render", |s| {
        s.contains("Article") && !s.contains("Sections")
    });

    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !pty.parser.screen().alternate_screen(),
        "the alternate screen was left"
    );
}

#[test]
fn an_idle_reader_writes_nothing_to_the_terminal() {
    let mut pty = Pty::spawn(40, 120, &[]);
    // settled: the first frame, then the entity summaries from the background
    pty.wait_for("the entity summaries", |s| s.contains("China ×14"));
    pty.bytes_during(Duration::from_millis(300));
    // longer than the idle tick (2 s), which saves the position but has nothing to draw
    let idle = pty.bytes_during(Duration::from_millis(2600));
    assert_eq!(idle, 0, "an idle reader redrew");
    // and it still answers
    pty.send("G");
    pty.wait_for("the end", |s| status_line(s).contains("100%"));
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn the_reading_position_survives_a_restart() {
    let mut pty = Pty::spawn(24, 80, &[]);
    pty.wait_for("the seed", |s| s.contains("? help"));
    pty.send("G");
    pty.wait_for("the end", |s| status_line(s).contains("100%"));
    pty.send("q");
    assert!(pty.wait_exit().success());

    let dir = std::mem::replace(&mut pty.dir, tempfile::tempdir().unwrap());
    drop(pty);
    // Every later run without a file opens the library, the last article on top and
    // selected: Enter resumes it.
    let mut again = Pty::spawn_in(dir, 24, 80, &[]);
    again.wait_for("the library", |s| s.contains("Library — 1 article "));
    again.send("\r");
    again.wait_for("the resumed position", |s| {
        status_line(s).contains("Resumed")
    });
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_bad_config_is_refused_before_the_screen_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "width = 80\n[keys]\nj = \"fly\"\n").unwrap();
    let mut pty2 = Pty::spawn_in(dir, 24, 80, &["--config", bad.to_str().unwrap()]);
    let status = pty2.wait_exit();
    assert_eq!(status.exit_code(), 2);
    let screen = pty2.screen();
    assert!(screen.contains("line 3"), "{screen}");
    assert!(screen.contains("keys.j"), "{screen}");
    assert!(!pty2.parser.screen().alternate_screen());
}
