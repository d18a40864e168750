//! Regression: after `/word` and Enter, `t` and `a` act on the match's sentence, not on the
//! sentence at the top of the view (the reading cursor moves to the match). Driven through the
//! shared harness (`common::app`), the real keymap and dispatch.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice)]

mod common;

use common::app::App;
use gloss::core::app::notes::{PromptKind, Target};

#[test]
fn a_tag_after_a_search_lands_on_the_match() {
    let mut app = App::seed(120, 30);
    let source = app.state.doc.source.clone();
    let at = source.find("mathematicians").unwrap();
    app.keys("/mathematicians<Enter>");
    let cursor = app.state.cursor.current();
    assert!(
        cursor.contains(&at),
        "cursor on {:?}",
        &source[cursor.clone()]
    );
    app.keys("t");
    let prompt = app.state.notes.prompt.as_ref().unwrap();
    let PromptKind::Tags(Target::New(r)) = &prompt.kind else {
        panic!("a tag prompt on a new passage, got {:?}", prompt.kind);
    };
    assert!(r.contains(&at), "tagging {:?}", &source[r.clone()]);
    // Saved, the note is on the match's sentence.
    app.keys("found<Enter>");
    assert!(app.db[0].position.range().contains(&at));
    // n moves the cursor along with the match
    app.keys("/Russia<Enter>");
    let first_cursor = app.state.cursor.current();
    app.keys("n");
    let now = app.state.cursor.current();
    assert_ne!(now, first_cursor);
    let m = app.state.search.matches[app.state.search.current.unwrap()].clone();
    assert!(now.contains(&m.start), "on the match after n");
}
