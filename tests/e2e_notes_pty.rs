//! Notes survive, with the real binary in a pseudo-terminal: open the seed, move to a sentence,
//! select it, tag it, write a note, save, quit, reopen — the note is in the Notes tab; the same
//! with `kill -9` instead of quitting; and an annotated file edited before its passage — the
//! note re-anchors ("moved") and is still shown.
//!
//! The harness is `tests/common/pty.rs` (polling the screen against a deadline, every path
//! gloss could write to inside a temporary directory).

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::pty::{Pty, status_line};

const CTRL_S: &str = "\x13";

/// Selects the third sentence plus the next, tags it, writes a note on it, waits for the save.
fn annotate(pty: &mut Pty) {
    pty.wait_for("the reader", |s| s.contains("? help"));
    pty.send("}}");
    pty.send("v)");
    pty.wait_for("the selection", |s| status_line(s).contains("SELECT"));
    pty.send("tevidence, tec");
    pty.wait_for("the tag prompt", |s| {
        status_line(s).contains("evidence, tec")
    });
    pty.send("\r");
    pty.wait_for("the tag saved", |s| {
        status_line(s).contains("Tagged #evidence #tec")
    });
    pty.send("aKey claim, check later");
    pty.wait_for("the editor", |s| s.contains("Key claim, check later"));
    pty.send(CTRL_S);
    pty.wait_for("the note saved", |s| status_line(s).contains("Note saved"));
}

fn assert_note_listed(pty: &mut Pty, drift: &str) {
    pty.wait_for("the drift report", |s| status_line(s).contains(drift));
    pty.send("A");
    pty.wait_for("the note in the Notes tab", |s| {
        s.contains("#evidence") && s.contains("✎ Key claim")
    });
}

/// Runs gloss again on the same files; without a file that opens the library (the article
/// read last on top), where Enter resumes it.
fn reopen(mut pty: Pty, args: &[&str]) -> Pty {
    let dir = std::mem::replace(&mut pty.dir, tempfile::tempdir().unwrap());
    drop(pty);
    let mut again = Pty::spawn_in(dir, 40, 120, args);
    if args.is_empty() {
        again.wait_for("the library", |s| s.contains("Library — "));
        again.send("\r");
    }
    again
}

#[test]
fn a_note_survives_quitting_and_reopening() {
    let mut pty = Pty::spawn(40, 120, &[]);
    annotate(&mut pty);
    pty.send("q");
    assert!(pty.wait_exit().success());
    let mut again = reopen(pty, &[]);
    assert_note_listed(&mut again, "1 note: 1 exact");
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_note_survives_kill_dash_nine() {
    let mut pty = Pty::spawn(40, 120, &[]);
    annotate(&mut pty);
    let pid = pty.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = pty.wait_exit();
    assert!(!status.success(), "killed, not exited: {status:?}");
    let mut again = reopen(pty, &[]);
    assert_note_listed(&mut again, "1 note: 1 exact");
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_note_re_anchors_when_the_file_changes_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds/china-russia-deepen-technological-ties.txt"),
    )
    .unwrap();
    let file = dir.path().join("article.txt");
    std::fs::write(&file, &seed).unwrap();
    let path = file.to_str().unwrap().to_owned();
    let mut pty = Pty::spawn_in(dir, 40, 120, &[&path]);
    annotate(&mut pty);
    pty.send("q");
    assert!(pty.wait_exit().success());

    // insert a paragraph before the annotated passage
    let at = seed.find("China and Russia are deepening").unwrap();
    let edited = format!(
        "{}An editor's note added after publication, before everything else.\n\n{}",
        seed.get(..at).unwrap(),
        seed.get(at..).unwrap()
    );
    std::fs::write(&file, edited).unwrap();

    let mut again = reopen(pty, &[&path]);
    assert_note_listed(&mut again, "1 note: 0 exact, 1 moved");
    // the passage is still highlighted where it now is: jump to it from the list
    again.send("\r");
    again.wait_for("the passage in view", |s| s.contains("✎"));
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_mouse_drag_selects_a_passage_to_tag() {
    let mut pty = Pty::spawn(40, 120, &[]);
    pty.wait_for("the reader", |s| s.contains("domestic deficiencies"));
    let screen = pty.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("domestic deficiencies"))
        .unwrap();
    let col = line
        .get(..line.find("domestic deficiencies").unwrap())
        .unwrap()
        .chars()
        .count();
    // SGR mouse reports are 1-based: press, drag across "domestic deficiencies", release
    let (x, y) = (col + 1, row + 1);
    pty.send(&format!("\x1b[<0;{x};{y}M"));
    pty.send(&format!("\x1b[<32;{};{y}M", x + 20));
    pty.send(&format!("\x1b[<0;{};{y}m", x + 20));
    pty.wait_for("the selection", |s| status_line(s).contains("SELECT"));
    pty.send("tmouse\r");
    pty.wait_for("the tag saved", |s| {
        status_line(s).contains("Tagged #mouse")
    });
    pty.send("A");
    pty.wait_for("the passage in the Notes tab", |s| {
        s.contains("“domestic deficiencies”")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// The Notes view shows its first page at once and reads the rest on another thread (a big
/// library's passages take hundreds of milliseconds): keys work meanwhile, and every passage
/// arrives.
#[test]
fn the_notes_view_brings_every_passage_of_a_long_list() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("many.txt");
    let mut text = String::new();
    for i in 0..300 {
        writeln!(text, "Sentence number {i:03} stands alone.\n").unwrap();
    }
    std::fs::write(&article, &text).unwrap();
    let added = common::cli::gloss(dir.path(), &["add", article.to_str().unwrap()]);
    assert!(added.status.success(), "{added:?}");
    let mut store = gloss::store::Store::open(&dir.path().join("gloss.db")).unwrap();
    let entry = store.library(false).unwrap().remove(0);
    for i in 0..300 {
        let exact = format!("number {i:03}");
        let note = common::doc::note(
            &format!("n{i:03}"),
            &text,
            &entry.fingerprint,
            &exact,
            &["many"],
        );
        store.save_annotation(&note).unwrap();
    }
    drop(store);
    // without a file gloss opens the library; `n` shows every passage
    let mut pty = Pty::spawn_in(dir, 40, 120, &[]);
    pty.wait_for("the library", |s| s.contains("Library — "));
    pty.send("n");
    pty.wait_for("the first passage", |s| s.contains("number 000"));
    // to the end of the list: the last passage is there once the rest has come
    pty.send("\x1b[F");
    pty.wait_for("the last passage", |s| s.contains("number 299"));
    pty.send("\x1b[H");
    pty.wait_for("the first passage again", |s| s.contains("number 000"));
    pty.send("q");
    assert!(pty.wait_exit().success());
}
