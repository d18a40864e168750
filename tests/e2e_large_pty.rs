//! The real binary on a big file: the first frame shows the beginning while the rest loads in
//! the background, and `G` pressed straight away reaches the very end once it has loaded.

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write;

use common::pty::{Pty, status_line};

/// A plain-text article of about 3 MB (over the progressive-opening threshold).
fn big_article() -> String {
    let mut s = String::from("The Harbour Almanac\n\nBy Ada Lane\n\n");
    for i in 0..12_000 {
        let _ = write!(
            s,
            "Entry {i}: the tide came in at the usual hour and the boats went out with it, \
             returning before dark with what the sea had given them.\n\n"
        );
    }
    s.push_str("The almanac ends with this line.\n");
    s
}

#[test]
fn a_big_file_opens_on_its_first_part_and_g_reaches_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("almanac.txt");
    std::fs::write(&file, big_article()).unwrap();
    let mut pty = Pty::spawn_in(dir, 40, 120, &[file.to_str().unwrap()]);
    pty.wait_for("the first frame", |s| {
        s.contains("The Harbour Almanac") && s.contains("Entry 0") && s.contains("? help")
    });
    pty.send("G");
    pty.wait_for("the end of the document", |s| {
        s.contains("The almanac ends with this line.") && status_line(s).contains("100%")
    });
    assert!(!status_line(&pty.screen()).contains("loading"));
    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}
