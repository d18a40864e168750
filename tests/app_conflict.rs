//! Two windows in the reader, on one real database file: each window is the shared harness
//! (`common::app`) with its notes effects run by the shell's own `tui::notes` on its own
//! `Store`. A save, a tag change or a delete that another window got to first is a conflict,
//! never an overwrite: the editor or prompt stays open with the user's text and offers mine on
//! top / theirs / mine as new (a delete: delete anyway / keep theirs); an edit never brings
//! back a note deleted elsewhere; another window's changes arrive without moving the cursor or
//! touching an open editor.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice)]

mod common;

use common::app::App;
use gloss::core::app::messages::{Action, Effect};
use gloss::core::app::notes::{Choice, NotesAction, NotesLoaded};
use gloss::core::app::state::{MessageLevel, Mode};
use gloss::core::doc::annotation::Annotation;

const W: u16 = 120;
const H: u16 = 40;

/// A database with one note ("first", on the third paragraph's first sentence), and two
/// windows that both read it; the note's id.
fn two_windows() -> (tempfile::TempDir, App, App, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let mut one = App::on_db(&db, W, H);
    one.keys("}}v)afirst<C-s>");
    assert_eq!(one.status(), "Note saved");
    let two = App::on_db(&db, W, H);
    assert_eq!(two.state.notes.items.len(), 1, "the second window reads it");
    let id = one.state.notes.items[0].id.clone();
    (dir, one, two, id)
}

/// The note `id` as the database holds it now (`None`: deleted).
fn stored(app: &App, id: &str) -> Option<Annotation> {
    app.store.as_ref().unwrap().annotation(id).unwrap()
}

/// Every text the note ever had, oldest first (deletes included, as what was deleted).
fn history(app: &App, id: &str) -> Vec<(String, bool)> {
    app.store
        .as_ref()
        .unwrap()
        .history(id)
        .unwrap()
        .into_iter()
        .map(|r| (r.annotation.body, r.deleted))
        .collect()
}

fn status_is_error(app: &App) -> bool {
    app.state
        .status
        .as_ref()
        .is_some_and(|m| m.level == MessageLevel::Error)
}

#[test]
fn a_conflicting_save_keeps_the_editor_and_offers_mine_on_top() {
    let (_dir, mut one, mut two, id) = two_windows();
    one.keys("Ae");
    two.keys("Ae");
    one.keys(" from one<C-s>");
    assert_eq!(one.status(), "Note saved");
    two.keys(" from two<C-s>");
    assert_eq!(two.state.mode, Mode::Choice);
    assert_eq!(two.state.notes.choice, Some(Choice::Conflict));
    assert_eq!(
        two.state.notes.editor.as_ref().unwrap().text.text(),
        "first from two",
        "the typed text is still there"
    );
    assert!(two.status().contains("Another window changed this note"));
    assert!(two.screen().contains("m mine on top · t theirs"));
    assert_eq!(
        stored(&one, &id).unwrap().body,
        "first from one",
        "not overwritten"
    );
    two.keys("m");
    assert_eq!(two.status(), "Note saved");
    let now = stored(&one, &id).unwrap();
    assert_eq!((now.body.as_str(), now.revision), ("first from two", 3));
    assert_eq!(
        history(&one, &id),
        [
            ("first".to_owned(), false),
            ("first from one".to_owned(), false),
            ("first from two".to_owned(), false)
        ]
    );
}

#[test]
fn a_conflict_can_keep_theirs_or_save_mine_as_a_new_note() {
    let (_dir, mut one, mut two, _) = two_windows();
    one.keys("Ae");
    two.keys("Ae");
    one.keys(" from one<C-s>");
    two.keys(" from two<C-s>n");
    assert_eq!(two.status(), "Note saved");
    let bodies: Vec<String> = two
        .state
        .notes
        .items
        .iter()
        .map(|a| a.body.clone())
        .collect();
    assert_eq!(bodies.len(), 2, "mine is a second note: {bodies:?}");
    assert!(bodies.contains(&"first from one".to_owned()));
    assert!(bodies.contains(&"first from two".to_owned()));

    // Theirs: the editor closes and the list shows their text; nothing of mine is written.
    let (_dir, mut one, mut two, id) = two_windows();
    one.keys("Ae");
    two.keys("Ae");
    one.keys(" from one<C-s>");
    two.keys(" from two<C-s>t");
    assert!(two.state.notes.editor.is_none());
    assert_eq!(two.state.mode, Mode::Normal);
    assert_eq!(two.state.notes.items[0].body, "first from one");
    assert_eq!(stored(&two, &id).unwrap().body, "first from one");
}

#[test]
fn a_delete_of_a_note_edited_in_another_window_asks_first() {
    let (_dir, mut one, mut two, id) = two_windows();
    two.keys("Ae edited in two<C-s>");
    assert_eq!(two.status(), "Note saved");
    // One still shows revision 1 and deletes it.
    one.keys("Ad");
    let deletes = one
        .effects
        .iter()
        .filter(|e| matches!(e, Effect::DeleteAnnotation(a) if a.revision == 1))
        .count();
    assert_eq!(deletes, 1, "the delete names the revision it saw");
    assert_eq!(
        one.state.mode,
        Mode::Choice,
        "the delete waits for a choice"
    );
    assert!(status_is_error(&one));
    assert!(one.status().contains("Not deleted"), "{}", one.status());
    assert!(one.screen().contains("d delete it anyway · t keep theirs"));
    assert_eq!(
        one.state.notes.items[0].body, "first edited in two",
        "the list shows what is at stake"
    );
    assert_eq!(stored(&one, &id).unwrap().body, "first edited in two");
    // Esc keeps their version; nothing deleted.
    one.keys("<Esc>");
    assert_eq!(one.state.mode, Mode::Normal);
    assert_eq!(one.status(), "Nothing deleted");
    assert!(stored(&one, &id).is_some());
    // Asked again, `d` deletes their version knowingly; it stays in the history.
    one.keys("d");
    assert_eq!(
        one.state.mode,
        Mode::Normal,
        "their revision was the one seen"
    );
    assert!(one.status().contains("Note deleted"), "{}", one.status());
    assert!(stored(&one, &id).is_none());
    assert_eq!(
        history(&one, &id).last().unwrap(),
        &("first edited in two".to_owned(), true)
    );
}

#[test]
fn a_delete_after_another_windows_edit_can_keep_theirs() {
    let (_dir, mut one, mut two, id) = two_windows();
    two.keys("Ae edited<C-s>");
    one.keys("Ad");
    one.keys("t");
    assert_eq!(one.state.mode, Mode::Normal);
    assert_eq!(one.status(), "Kept the other window's version");
    assert_eq!(stored(&one, &id).unwrap().body, "first edited");
    assert!(one.state.notes.undo.is_empty(), "nothing was deleted");
}

#[test]
fn an_edit_of_a_note_deleted_in_another_window_does_not_bring_it_back() {
    let (_dir, mut one, mut two, id) = two_windows();
    two.keys("Ae");
    one.keys("Ad");
    assert!(one.status().contains("Note deleted"));
    two.keys(" late<C-s>");
    assert_eq!(two.state.mode, Mode::Choice);
    assert!(two.status().contains("Another window deleted this note"));
    assert!(
        two.screen()
            .contains("Another window deleted this note: m mine on top")
    );
    assert!(stored(&one, &id).is_none(), "still deleted");
    // Letting it go drops the note from this window too.
    two.keys("t");
    assert!(two.state.notes.items.is_empty());
    assert!(two.state.notes.editor.is_none());
    assert!(stored(&one, &id).is_none());
}

#[test]
fn a_save_after_the_idle_refresh_dropped_a_note_deleted_elsewhere_is_a_conflict() {
    // Found by hand: the refresh took the note out of the list under the open editor (or tag
    // prompt), and saving said "That passage cannot be annotated".
    let (_dir, mut one, mut two, id) = two_windows();
    two.keys("Ae");
    one.keys("Ad");
    two.poll();
    assert!(
        two.state.notes.items.is_empty(),
        "the refresh shows the delete"
    );
    two.keys(" late<C-s>");
    assert_eq!(two.state.notes.choice, Some(Choice::Conflict));
    assert!(two.status().contains("Another window deleted this note"));
    two.keys("m");
    assert_eq!(
        two.status(),
        "Note saved",
        "mine on top puts it back, knowingly"
    );
    assert_eq!(stored(&two, &id).unwrap().body, "first late");

    let (_dir, mut one, mut two, id) = two_windows();
    two.keys("At");
    one.keys("Ad");
    two.poll();
    two.keys("late<Enter>");
    assert_eq!(two.state.notes.choice, Some(Choice::Conflict));
    two.keys("t");
    assert!(two.state.notes.prompt.is_none());
    assert!(stored(&two, &id).is_none(), "still deleted");
}

#[test]
fn a_delete_of_a_note_already_deleted_elsewhere_is_done_quietly() {
    let (_dir, mut one, mut two, _) = two_windows();
    one.keys("Ad");
    two.keys("Ad");
    assert_eq!(two.status(), "Another window had already deleted this note");
    assert!(two.state.notes.items.is_empty());
    assert_eq!(two.state.mode, Mode::Normal);
}

#[test]
fn undo_of_a_delete_is_refused_once_another_window_saved_the_note_again() {
    let (_dir, mut one, mut two, id) = two_windows();
    two.keys("Ae");
    one.keys("Ad");
    // Two puts its version back on top of the delete.
    two.keys(" mine<C-s>m");
    assert_eq!(two.status(), "Note saved");
    one.keys("u");
    assert!(one.status().contains("Not undone"), "{}", one.status());
    assert_eq!(
        stored(&one, &id).unwrap().body,
        "first mine",
        "theirs not wiped"
    );
    assert!(one.state.notes.undo.is_empty(), "the undo is spent");
    // Without another window in between, undo puts the note back.
    let (_dir, mut one, _two, id) = two_windows();
    one.keys("Adu");
    assert_eq!(one.status(), "Note restored");
    assert_eq!(stored(&one, &id).unwrap().body, "first");
}

#[test]
fn a_tag_prompt_conflict_offers_the_same_choice() {
    let (_dir, mut one, mut two, id) = two_windows();
    one.keys("At");
    two.keys("At");
    one.keys("ones<Enter>");
    assert!(one.status().contains("Tagged #ones"), "{}", one.status());
    two.keys("twos<Enter>");
    assert_eq!(two.state.mode, Mode::Choice);
    assert_eq!(two.state.notes.choice, Some(Choice::Conflict));
    assert!(two.status().contains("since you opened them"));
    assert!(two.screen().contains("m mine on top · t theirs"));
    assert_eq!(stored(&one, &id).unwrap().tags, ["ones"]);
    // Esc goes back to the prompt with the tags as typed.
    two.keys("<Esc>");
    assert_eq!(two.state.mode, Mode::Prompt);
    assert_eq!(two.state.notes.prompt.as_ref().unwrap().line.text, "twos");
    two.keys("<Enter>m");
    assert!(two.status().contains("Tagged #twos"), "{}", two.status());
    assert!(two.state.notes.prompt.is_none());
    let now = stored(&one, &id).unwrap();
    assert_eq!(
        (now.tags.clone(), now.revision),
        (vec!["twos".to_owned()], 3)
    );
    let tags: Vec<Vec<String>> = one
        .store
        .as_ref()
        .unwrap()
        .history(&id)
        .unwrap()
        .into_iter()
        .map(|r| r.annotation.tags)
        .collect();
    assert_eq!(
        tags,
        [vec![], vec!["ones".to_owned()], vec!["twos".to_owned()]]
    );
}

#[test]
fn other_windows_changes_arrive_without_moving_the_cursor_or_the_editor() {
    let (_dir, mut one, mut two, id) = two_windows();
    one.keys("Ae mine");
    let cursor = one.state.cursor.clone();
    let viewport = one.state.viewport;
    two.keys("Ae theirs<C-s>");
    one.poll();
    assert_eq!(one.state.notes.items[0].body, "first theirs");
    assert_eq!(one.state.mode, Mode::Editor);
    assert_eq!(
        one.state.notes.editor.as_ref().unwrap().text.text(),
        "first mine"
    );
    assert_eq!(one.state.cursor, cursor);
    assert_eq!(one.state.viewport, viewport);
    // The save still names the revision the editor opened: a conflict, not an overwrite.
    one.keys("<C-s>");
    assert_eq!(one.state.notes.choice, Some(Choice::Conflict));
    assert_eq!(stored(&one, &id).unwrap().body, "first theirs");
}

#[test]
fn an_orphan_is_re_attached_by_selecting_its_passage_and_a_fuzzy_note_confirmed() {
    use gloss::core::doc::annotation::{Placement, TextQuote};
    let mut app = App::seed(W, H);
    let text = app.state.doc.source.clone();
    let start = text.find("China and Russia").unwrap();
    let a = Annotation::new_for(
        &app.state.doc,
        start..start + 16,
        vec![],
        "first".into(),
        "n1".into(),
        "2026-01-01T00:00:00Z",
    )
    .unwrap();
    let orphan = Annotation {
        id: "lost".into(),
        quote: TextQuote {
            exact: "a passage the text no longer has".into(),
            ..TextQuote::default()
        },
        placement: Placement::Orphan,
        ..a.clone()
    };
    let fuzzy = Annotation {
        placement: Placement::Fuzzy,
        similarity: Some(80),
        original: Some(TextQuote::default()),
        ..a
    };
    app.db = vec![fuzzy.clone(), orphan.clone()];
    app.act(Action::Notes(NotesAction::Loaded(Box::new(NotesLoaded {
        annotations: vec![fuzzy],
        orphans: vec![orphan],
        ..NotesLoaded::default()
    }))));
    // The fuzzy note first: confirm it.
    app.keys("Ac");
    let confirmed = app.db.iter().find(|n| n.id == "n1").unwrap();
    assert_eq!(confirmed.placement, Placement::Confirmed);
    assert!(confirmed.original.is_none() && confirmed.similarity.is_none());
    // Then the orphan: r, select, t.
    app.keys("jr");
    assert_eq!(app.state.mode, Mode::Visual);
    app.keys(")t");
    let placed = app.db.iter().find(|n| n.id == "lost").unwrap().clone();
    assert_eq!(placed.placement, Placement::Confirmed);
    assert_eq!(
        &app.state.doc.source[placed.position.range()],
        placed.quote.exact,
        "the quote is the selected passage"
    );
    assert!(
        app.state.notes.orphans.is_empty(),
        "no longer among the orphans"
    );
    assert!(app.state.notes.items.iter().any(|n| n.id == "lost"));
}
