//! Two windows, one database: compare-and-swap saves, deletes and undo between two `Store`s
//! on one file, and a property test that no confirmed text is ever lost (it is in the history).

// Test code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used)]

use gloss::core::doc::annotation::{Annotation, DocRef, TextPosition, TextQuote};
use gloss::store::{Conflict, Store};
use proptest::prelude::*;

fn note(id: &str) -> Annotation {
    Annotation {
        id: id.to_owned(),
        doc: DocRef {
            fingerprint: "fp".into(),
            path: Some("/docs/a.txt".into()),
            title: None,
        },
        quote: TextQuote {
            exact: "a passage".into(),
            prefix: String::new(),
            suffix: String::new(),
        },
        position: TextPosition { start: 0, end: 9 },
        tags: vec![],
        body: "first".into(),
        color: None,
        created: "2026-01-01T00:00:00Z".into(),
        modified: "2026-01-01T00:00:00Z".into(),
        original: None,
        placement: gloss::core::doc::annotation::Placement::Confirmed,
        similarity: None,
        revision: 0,
    }
}

fn two_windows() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    let a = Store::open(&path).unwrap();
    let b = Store::open(&path).unwrap();
    (dir, a, b)
}

#[test]
fn a_save_over_another_windows_edit_is_refused_and_both_texts_are_kept() {
    let (_dir, mut one, mut two) = two_windows();
    let saved = one.save_checked(&note("n")).unwrap().unwrap();
    assert_eq!(saved.revision, 1);
    // Both windows opened the note at revision 1.
    let mut in_two = two.annotation("n").unwrap().unwrap();
    let mut in_one = saved.clone();
    in_one.body = "mine".into();
    let mine = one.save_checked(&in_one).unwrap().unwrap();
    assert_eq!(mine.revision, 2);
    in_two.body = "theirs".into();
    let Err(Conflict { theirs: Some(now) }) = two.save_checked(&in_two).unwrap() else {
        panic!("the second save must not overwrite the first");
    };
    assert_eq!(now.body, "mine");
    // "Mine on top": saved over theirs, theirs kept in the history.
    let on_top = two.save_annotation(&in_two).unwrap();
    assert_eq!(on_top.revision, 3);
    let bodies: Vec<String> = one
        .history("n")
        .unwrap()
        .into_iter()
        .map(|r| r.annotation.body)
        .collect();
    assert_eq!(bodies, ["first", "mine", "theirs"]);
}

#[test]
fn an_edit_after_another_windows_delete_does_not_bring_the_note_back() {
    let (_dir, mut one, mut two) = two_windows();
    let saved = one.save_checked(&note("n")).unwrap().unwrap();
    let mut edited = two.annotation("n").unwrap().unwrap();
    assert_eq!(
        one.delete_checked("n", saved.revision).unwrap(),
        Ok(Some(saved))
    );
    edited.body = "late edit".into();
    assert_eq!(
        two.save_checked(&edited).unwrap(),
        Err(Conflict { theirs: None })
    );
    assert!(one.annotation("n").unwrap().is_none());
}

#[test]
fn undo_of_a_delete_is_refused_once_the_note_changed_since() {
    let (_dir, mut one, mut two) = two_windows();
    let saved = one.save_checked(&note("n")).unwrap().unwrap();
    let deleted = one
        .delete_checked("n", saved.revision)
        .unwrap()
        .unwrap()
        .unwrap();
    // Another window saves a note with that id again (mine as new is another id; this is
    // the other window putting its copy back on top).
    let mut back = deleted.clone();
    back.body = "theirs, after the delete".into();
    two.save_annotation(&back).unwrap();
    assert!(
        one.restore(&deleted).unwrap().is_err(),
        "undo would wipe theirs"
    );
    assert_eq!(
        one.annotation("n").unwrap().unwrap().body,
        "theirs, after the delete"
    );
}

#[test]
fn a_delete_of_a_note_changed_since_is_refused() {
    let (_dir, mut one, mut two) = two_windows();
    let saved = one.save_checked(&note("n")).unwrap().unwrap();
    let mut edited = saved.clone();
    edited.body = "changed".into();
    two.save_checked(&edited).unwrap().unwrap();
    assert!(one.delete_checked("n", saved.revision).unwrap().is_err());
    assert_eq!(one.annotation("n").unwrap().unwrap().body, "changed");
}

#[derive(Debug, Clone)]
enum Op {
    Edit {
        window: usize,
        note: usize,
    },
    Delete {
        window: usize,
        note: usize,
    },
    Undo {
        window: usize,
    },
    /// The window re-reads the note from the database (what the idle poll does).
    Refresh {
        window: usize,
        note: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..2usize).prop_map(|(window, note)| Op::Edit { window, note }),
        1 => (0..2usize, 0..2usize).prop_map(|(window, note)| Op::Delete { window, note }),
        1 => (0..2usize).prop_map(|window| Op::Undo { window }),
        2 => (0..2usize, 0..2usize).prop_map(|(window, note)| Op::Refresh { window, note }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_confirmed_text_is_ever_lost(ops in proptest::collection::vec(op(), 1..30)) {
        let (_dir, one, two) = two_windows();
        let mut stores = [one, two];
        let ids = ["n0", "n1"];
        let mut confirmed: Vec<(String, String)> = Vec::new();
        // What each window holds of each note, and its undo stack.
        let mut held: Vec<Vec<Option<Annotation>>> = vec![vec![None, None], vec![None, None]];
        let mut undo: Vec<Vec<Annotation>> = vec![Vec::new(), Vec::new()];
        for (i, id) in ids.iter().enumerate() {
            let saved = stores[0].save_checked(&note(id)).unwrap().unwrap();
            confirmed.push(((*id).to_owned(), saved.body.clone()));
            held[0][i] = Some(saved.clone());
            held[1][i] = Some(saved);
        }
        for (step, op) in ops.into_iter().enumerate() {
            match op {
                Op::Edit { window, note: n } => {
                    let Some(mut a) = held[window][n].clone() else { continue };
                    a.body = format!("w{window} step {step}");
                    match stores[window].save_checked(&a).unwrap() {
                        Ok(saved) => {
                            confirmed.push((saved.id.clone(), saved.body.clone()));
                            held[window][n] = Some(saved);
                        }
                        Err(c) => held[window][n] = c.theirs,
                    }
                }
                Op::Delete { window, note: n } => {
                    let Some(a) = held[window][n].clone() else { continue };
                    match stores[window].delete_checked(&a.id, a.revision).unwrap() {
                        Ok(Some(gone)) => {
                            undo[window].push(gone);
                            held[window][n] = None;
                        }
                        Ok(None) => held[window][n] = None,
                        Err(c) => held[window][n] = c.theirs,
                    }
                }
                Op::Undo { window } => {
                    let Some(a) = undo[window].pop() else { continue };
                    if let Ok(back) = stores[window].restore(&a).unwrap() {
                        let n = ids.iter().position(|id| *id == back.id).unwrap();
                        held[window][n] = Some(back);
                    }
                }
                Op::Refresh { window, note: n } => {
                    held[window][n] = stores[window].annotation(ids[n]).unwrap();
                }
            }
        }
        for (id, body) in &confirmed {
            let history = stores[1].history(id).unwrap();
            prop_assert!(
                history.iter().any(|r| !r.deleted && &r.annotation.body == body),
                "{body} of {id} is not in its history"
            );
            let revs: Vec<u32> = history.iter().map(|r| r.revision).collect();
            prop_assert!(revs.windows(2).all(|w| w[0] < w[1]), "{revs:?}");
        }
    }
}

#[test]
fn data_version_tells_a_window_that_another_one_wrote() {
    let (_dir, mut one, two) = two_windows();
    let before = two.data_version().unwrap();
    assert_eq!(two.data_version().unwrap(), before, "nothing happened");
    one.save_checked(&note("n")).unwrap().unwrap();
    assert_ne!(two.data_version().unwrap(), before);
}

#[test]
fn data_version_after_reading_and_writing() {
    let (_dir, mut one, mut two) = two_windows();
    let doc = note("n").doc;
    let text = "a passage and more";
    two.save_checked(&note("x")).unwrap().unwrap();
    two.load_anchored(&doc, text).unwrap();
    two.all_tags().unwrap();
    two.set_position("fp", 3).unwrap();
    let before = two.data_version().unwrap();
    one.save_checked(&note("n")).unwrap().unwrap();
    assert_ne!(two.data_version().unwrap(), before);
}

/// The two-window sequence of the pty test, on the store: window one opens the document and
/// saves a note; window two's save conflicts and goes on top, all before window one's first
/// idle poll. Window one must see that change: the baseline is when it read the notes, not
/// its first poll (which took the already-changed database as "nothing new").
#[test]
fn an_idle_window_sees_a_save_made_before_its_first_poll() {
    use gloss::core::app::messages::Action;
    use gloss::core::app::notes::NotesAction;
    let (_dir, mut one, mut two) = two_windows();
    let text = "Intro. a passage and more.";
    let doc = DocRef {
        fingerprint: gloss::core::doc::document::fingerprint(text),
        path: Some("/docs/a.txt".into()),
        title: None,
    };
    let mut n = note("n");
    n.doc = doc.clone();
    n.position = TextPosition { start: 7, end: 16 };
    let mut reported = false;
    // Nothing read yet: nothing to refresh.
    assert!(gloss::tui::notes::poll(&mut one, &mut reported, &doc, text).is_none());
    one.reanchored(&doc, text).unwrap();
    assert!(!one.notes_changed().unwrap(), "reading is not a change");
    let first = one.save_checked(&n).unwrap().unwrap();
    two.reanchored(&doc, text).unwrap();
    let mut in_two = two.annotation("n").unwrap().unwrap();
    let mut in_one = first.clone();
    in_one.body = "from one".into();
    one.save_checked(&in_one).unwrap().unwrap();
    in_two.body = "from two".into();
    assert!(two.save_checked(&in_two).unwrap().is_err(), "a conflict");
    two.save_annotation(&in_two).unwrap();
    assert!(one.notes_changed().unwrap(), "window one sees the change");
    let Some(Action::Notes(NotesAction::Refreshed(loaded))) =
        gloss::tui::notes::poll(&mut one, &mut reported, &doc, text)
    else {
        panic!("the first idle poll must bring the other window's save");
    };
    let bodies: Vec<&str> = loaded.annotations.iter().map(|a| a.body.as_str()).collect();
    assert_eq!(bodies, ["from two"]);
    // Read: nothing new until the next save.
    assert!(gloss::tui::notes::poll(&mut one, &mut reported, &doc, text).is_none());
    assert!(!reported);
}
