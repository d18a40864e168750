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

#[test]
fn a_big_file_that_is_not_text_after_its_head_ends_the_reader_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("almanac.txt");
    // text for megabytes (the reader shows its head at once), then a NUL byte
    let mut bytes = big_article().into_bytes();
    let at = bytes.len();
    bytes.extend_from_slice(b"\0\x01\x02 binary tail");
    std::fs::write(&file, &bytes).unwrap();
    let mut pty = Pty::spawn_in(dir, 40, 120, &[file.to_str().unwrap()]);
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", pty.screen());
    let screen = pty.screen();
    let expected = format!("looks like a binary file (NUL byte at offset {at}), not an article");
    assert!(screen.contains(&expected), "{screen}");
    assert_eq!(
        screen.lines().filter(|l| l.contains("gloss:")).count(),
        1,
        "one line: {screen}"
    );
    assert!(
        !pty.parser.screen().alternate_screen(),
        "the terminal is restored"
    );
}

#[test]
fn a_big_latin1_file_says_how_it_was_read_once_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("almanac.txt");
    // ASCII for megabytes, then Latin-1 (invalid as UTF-8): the head looks like UTF-8
    let mut bytes = big_article().into_bytes();
    bytes.extend_from_slice(b"Le caf\xe9 du port ferme \xe0 midi.\n");
    std::fs::write(&file, &bytes).unwrap();
    let mut pty = Pty::spawn_in(dir, 40, 120, &[file.to_str().unwrap()]);
    pty.wait_for("the first frame", |s| s.contains("The Harbour Almanac"));
    pty.send("G");
    pty.wait_for("the end, decoded as Latin-1", |s| {
        s.contains("Le café du port ferme à midi.")
    });
    let screen = pty.screen();
    assert!(screen.contains("read as windows-1252"), "{screen}");
    pty.send("q");
    assert!(pty.wait_exit().success());
}
