//! Two windows on one database, with the real binary in two pseudo-terminals: both edit the
//! same note; the second save is a conflict (nothing overwritten), "mine on top" saves it with
//! theirs kept in the history, and the first window shows the result by itself once idle.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::pty::{Pty, status_line};
use serde_json::Value;

const CTRL_S: &str = "\x13";

#[test]
fn two_windows_edit_one_note() {
    let mut one = Pty::spawn(40, 120, &[]);
    let db = one.dir.path().join("gloss.db");
    let db = db.to_str().unwrap().to_owned();
    one.wait_for("the reader", |s| s.contains("? help"));
    one.send("}}v)");
    one.wait_for("the selection", |s| status_line(s).contains("SELECT"));
    one.send("aShared note");
    one.wait_for("the editor", |s| s.contains("Shared note"));
    one.send(CTRL_S);
    one.wait_for("the note saved", |s| status_line(s).contains("Note saved"));

    // Without a file, a second gloss opens the library once the seed is in it: Enter resumes.
    let mut two = Pty::spawn(40, 120, &["--db", &db]);
    two.wait_for("the library or the reader", |s| {
        s.contains("Library — ") || s.contains("? help")
    });
    if two.screen().contains("Library — ") {
        two.send("\r");
    }
    two.wait_for("the other window's note", |s| {
        status_line(s).contains("1 note: 1 exact")
    });
    // Both windows open the note's editor.
    for w in [&mut one, &mut two] {
        w.send("A");
        w.wait_for("the Notes tab", |s| s.contains("Shared note"));
        w.send("e");
        w.wait_for("the editor", |s| {
            s.contains("Ctrl-s") || s.contains("Shared note")
        });
    }
    one.send(" from one");
    one.wait_for("typed", |s| s.contains("Shared note from one"));
    one.send(CTRL_S);
    one.wait_for("saved", |s| status_line(s).contains("Note saved"));
    two.send(" from two");
    two.wait_for("typed", |s| s.contains("Shared note from two"));
    two.send(CTRL_S);
    two.wait_for("the conflict", |s| status_line(s).contains("mine on top"));
    assert!(
        two.screen().contains("Shared note from two"),
        "the editor stays open with the text:\n{}",
        two.screen()
    );
    two.send("m");
    two.wait_for("saved on top", |s| status_line(s).contains("Note saved"));
    // The first window, idle, shows the second one's text without a key press.
    one.wait_for("the other window's save", |s| {
        s.contains("Shared note from two")
    });

    // Nothing typed and confirmed is lost: both texts are in the history.
    let all = common::cli::command(one.dir.path())
        .args(["--db", &db, "notes", "--all", "--json"])
        .output()
        .unwrap();
    let all: Value = serde_json::from_slice(&all.stdout).unwrap();
    let id = all[0]["id"].as_str().unwrap().to_owned();
    let history = common::cli::command(one.dir.path())
        .args(["--db", &db, "notes", "--history", &id])
        .output()
        .unwrap();
    let history = String::from_utf8(history.stdout).unwrap();
    assert!(history.contains("Shared note from one"), "{history}");
    assert!(history.contains("Shared note from two"), "{history}");
    for mut w in [one, two] {
        w.send("\x1b");
        std::thread::sleep(std::time::Duration::from_millis(100));
        w.send("q");
        w.wait_exit();
    }
}
