//! Insta snapshots (text only) of every pane and popup, drawn from the in-process harness:
//! the Entities tab, the Notes tab, the note editor, the mark popup and the help overlay at 80
//! columns (at 120: `app_render`). Colours are checked with explicit style assertions elsewhere
//! (`app_entities`, `app_notes`, `app_render`); these catch what moves or disappears.

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::app::App;
use gloss::core::app::state::Mode;

#[test]
fn entities_tab_at_120x40() {
    let mut app = App::seed(120, 40).recognized();
    app.keys("E");
    insta::assert_snapshot!(app.screen());
}

#[test]
fn notes_tab_at_120x40() {
    let mut app = App::seed(120, 40);
    app.keys("))ttech russia<Enter>)a")
        .keys("A note on this sentence.<C-s>")
        .keys("A");
    assert_eq!(app.db.len(), 2);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn notes_tab_with_drifted_notes_at_120x40() {
    use gloss::core::app::messages::Action;
    use gloss::core::app::notes::{NotesAction, NotesLoaded};
    use gloss::core::doc::annotation::{Annotation, Placement, TextQuote};
    let mut app = App::seed(120, 40);
    let source = app.state.doc.source.clone();
    let note = |word: &str, len: usize, id: &str| {
        let at = source.find(word).unwrap();
        Annotation::new_for(
            &app.state.doc,
            at..at + len,
            vec!["trade".into()],
            format!("note {id}"),
            id.into(),
            "2026-01-01T00:00:00Z",
        )
        .unwrap()
    };
    let moved = Annotation {
        placement: Placement::Moved,
        ..note("China and Russia", 16, "moved")
    };
    let fuzzy = note("mathematicians", 14, "fuzzy");
    let fuzzy = Annotation {
        placement: Placement::Fuzzy,
        similarity: Some(82),
        original: Some(TextQuote {
            exact: "the mathematician".into(),
            ..fuzzy.quote.clone()
        }),
        ..fuzzy
    };
    let orphan = Annotation {
        placement: Placement::Orphan,
        quote: TextQuote {
            exact: "a sentence this text no longer has".into(),
            ..TextQuote::default()
        },
        ..note("Russia", 6, "orphan")
    };
    app.act(Action::Notes(NotesAction::Loaded(Box::new(NotesLoaded {
        annotations: vec![moved, fuzzy],
        orphans: vec![orphan],
        ..NotesLoaded::default()
    }))));
    app.keys("A");
    let screen = app.screen();
    for marker in [
        "↪ moved · c confirms",
        "≈ fuzzy, 82% alike",
        "was “the mathematician”",
        "✗ orphaned",
        "r re-attaches",
    ] {
        assert!(screen.contains(marker), "{marker} in\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn note_editor_at_120x40() {
    let mut app = App::seed(120, 40);
    app.keys("))aWhy this matters:<Enter>two lines");
    assert_eq!(app.state.mode, Mode::Editor);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn mark_popup_at_120x40() {
    let mut app = App::seed(120, 40);
    app.keys("/Defense One<Enter>M");
    assert_eq!(app.state.mode, Mode::MarkEntity);
    insta::assert_snapshot!(app.screen());
}

#[test]
fn help_overlay_at_80x24() {
    let mut app = App::seed(80, 24);
    app.keys("?");
    insta::assert_snapshot!(app.screen());
}
