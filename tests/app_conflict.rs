//! Two windows in the reader's core: a save that another window got to first keeps the editor
//! open with the user's text and offers mine on top / theirs / mine as new; another window's
//! changes arrive without moving the cursor or touching an open editor.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice)]

use gloss::core::app::config::Config;
use gloss::core::app::messages::Action;
use gloss::core::app::notes::{Choice, NotesAction, NotesLoaded};
use gloss::core::app::state::{AppState, Mode};
use gloss::core::app::update::{Effect, update};
use gloss::core::doc::annotation::Annotation;

fn seed_with_note() -> (AppState, Annotation) {
    let loaded = gloss::input::load(None).unwrap();
    let mut state = AppState::new(
        loaded.doc,
        &loaded.display_name,
        &Config::default(),
        120,
        40,
    );
    let text = state.doc.source.clone();
    let start = text.find("China and Russia").unwrap();
    let mut a = Annotation::new_for(
        &state.doc,
        start..start + 16,
        vec![],
        "first".into(),
        "n1".into(),
        "2026-01-01T00:00:00Z",
    )
    .unwrap();
    a.revision = 1;
    update(
        &mut state,
        Action::Notes(NotesAction::Loaded(Box::new(NotesLoaded {
            annotations: vec![a.clone()],
            ..NotesLoaded::default()
        }))),
    );
    (state, a)
}

fn notes(state: &mut AppState, a: NotesAction) -> Vec<Effect> {
    update(state, Action::Notes(a))
}

/// Opens the editor on the note from the Notes tab and types `text` after what is there.
fn edit(state: &mut AppState, text: &str) {
    notes(state, NotesAction::ShowNotes);
    notes(state, NotesAction::ListEdit);
    assert_eq!(state.mode, Mode::Editor);
    for c in text.chars() {
        notes(state, NotesAction::Input(c));
    }
}

fn saved_annotation(effects: &[Effect]) -> Annotation {
    match effects {
        [Effect::SaveAnnotation(a)] => (**a).clone(),
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn a_conflicting_save_keeps_the_editor_and_offers_mine_on_top() {
    let (mut state, a) = seed_with_note();
    edit(&mut state, " mine");
    let mine = saved_annotation(&notes(&mut state, NotesAction::Save));
    assert_eq!(
        mine.revision, 1,
        "the save names the revision it started from"
    );
    let mut theirs = a.clone();
    theirs.body = "theirs".into();
    theirs.revision = 2;
    notes(
        &mut state,
        NotesAction::Conflict {
            mine: Box::new(mine.clone()),
            theirs: Some(Box::new(theirs.clone())),
        },
    );
    assert_eq!(state.mode, Mode::Choice);
    assert_eq!(state.notes.choice, Some(Choice::Conflict));
    let editor = state.notes.editor.as_ref().unwrap();
    assert_eq!(
        editor.text.text(),
        "first mine",
        "the typed text is still there"
    );
    assert!(
        state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Another window")
    );
    let on_top = saved_annotation(&notes(&mut state, NotesAction::Choose('m')));
    assert_eq!((on_top.body.as_str(), on_top.revision), ("first mine", 2));
}

#[test]
fn a_conflict_can_keep_theirs_or_save_mine_as_a_new_note() {
    let (mut state, a) = seed_with_note();
    edit(&mut state, " mine");
    let mine = saved_annotation(&notes(&mut state, NotesAction::Save));
    let theirs = Annotation {
        body: "theirs".into(),
        revision: 2,
        ..a.clone()
    };
    let conflict = NotesAction::Conflict {
        mine: Box::new(mine.clone()),
        theirs: Some(Box::new(theirs.clone())),
    };
    notes(&mut state, conflict.clone());
    let new = saved_annotation(&notes(&mut state, NotesAction::Choose('n')));
    assert_eq!((new.id.as_str(), new.revision), ("", 0), "a new note");
    assert_eq!(new.body, "first mine");

    // Theirs: the editor closes and the list shows their text.
    let (mut state, _) = seed_with_note();
    edit(&mut state, " mine");
    notes(&mut state, NotesAction::Save);
    notes(&mut state, conflict);
    assert!(notes(&mut state, NotesAction::Choose('t')).is_empty());
    assert!(state.notes.editor.is_none());
    assert_eq!(state.notes.items[0].body, "theirs");
}

#[test]
fn other_windows_changes_arrive_without_moving_the_cursor_or_the_editor() {
    let (mut state, a) = seed_with_note();
    edit(&mut state, " mine");
    let cursor = state.cursor.clone();
    let viewport = state.viewport;
    let theirs = Annotation {
        body: "theirs".into(),
        revision: 2,
        ..a
    };
    notes(
        &mut state,
        NotesAction::Refreshed(Box::new(NotesLoaded {
            annotations: vec![theirs],
            ..NotesLoaded::default()
        })),
    );
    assert_eq!(state.notes.items[0].body, "theirs");
    assert_eq!(state.mode, Mode::Editor);
    assert_eq!(
        state.notes.editor.as_ref().unwrap().text.text(),
        "first mine"
    );
    assert_eq!(state.cursor, cursor);
    assert_eq!(state.viewport, viewport);
    // The save still names the revision the editor opened: a conflict, not an overwrite.
    let mine = saved_annotation(&notes(&mut state, NotesAction::Save));
    assert_eq!(mine.revision, 1);
}

#[test]
fn an_orphan_is_re_attached_by_selecting_its_passage_and_a_fuzzy_note_confirmed() {
    use gloss::core::doc::annotation::{Placement, TextQuote};
    let (mut state, a) = seed_with_note();
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
    update(
        &mut state,
        Action::Notes(NotesAction::Loaded(Box::new(NotesLoaded {
            annotations: vec![fuzzy],
            orphans: vec![orphan],
            ..NotesLoaded::default()
        }))),
    );
    notes(&mut state, NotesAction::ShowNotes);
    // The fuzzy note first: confirm it.
    let confirmed = saved_annotation(&notes(&mut state, NotesAction::ListConfirm));
    assert_eq!(confirmed.placement, Placement::Confirmed);
    assert!(confirmed.original.is_none() && confirmed.similarity.is_none());
    // Then the orphan: r, select, t.
    notes(&mut state, NotesAction::ListNext);
    notes(&mut state, NotesAction::ListReattach);
    assert_eq!(state.mode, Mode::Visual);
    notes(&mut state, NotesAction::NextSentence);
    let placed = saved_annotation(&notes(&mut state, NotesAction::Tag));
    assert_eq!(placed.id, "lost");
    assert_eq!(placed.placement, Placement::Confirmed);
    assert_eq!(
        &state.doc.source[placed.position.range()],
        placed.quote.exact,
        "the quote is the selected passage"
    );
    notes(&mut state, NotesAction::Saved(Box::new(placed)));
    assert!(
        state.notes.orphans.is_empty(),
        "no longer among the orphans"
    );
    assert!(state.notes.items.iter().any(|n| n.id == "lost"));
}
