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
