//! Regression: after `/word` and Enter, `t` and `a` act on the match's sentence, not on the
//! sentence at the top of the view (the reading cursor moves to the match).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice)]

use gloss::core::app::config::Config;
use gloss::core::app::key::parse_key_string;
use gloss::core::app::notes::{PromptKind, Target};
use gloss::core::app::state::AppState;
use gloss::core::app::update::update;

fn keys(state: &mut AppState, s: &str) {
    for key in parse_key_string(s).unwrap() {
        if let Some(a) = state.keymap.resolve(state.key_modes(), key) {
            let _ = update(state, a);
        }
    }
}

#[test]
fn a_tag_after_a_search_lands_on_the_match() {
    let loaded = gloss::input::load(None).unwrap();
    let mut state = AppState::new(
        loaded.doc,
        &loaded.display_name,
        &Config::default(),
        120,
        30,
    );
    let source = state.doc.source.clone();
    let at = source.find("mathematicians").unwrap();
    keys(&mut state, "/mathematicians<Enter>");
    let cursor = state.cursor.current();
    assert!(
        cursor.contains(&at),
        "cursor on {:?}",
        &source[cursor.clone()]
    );
    keys(&mut state, "t");
    let prompt = state.notes.prompt.as_ref().unwrap();
    let PromptKind::Tags(Target::New(r)) = &prompt.kind else {
        panic!("a tag prompt on a new passage, got {:?}", prompt.kind);
    };
    assert!(r.contains(&at), "tagging {:?}", &source[r.clone()]);
    // n moves the cursor along with the match
    keys(&mut state, "<Esc>");
    keys(&mut state, "/Russia<Enter>");
    let first_cursor = state.cursor.current();
    keys(&mut state, "n");
    let now = state.cursor.current();
    assert_ne!(now, first_cursor);
    let m = state.search.matches[state.search.current.unwrap()].clone();
    assert!(now.contains(&m.start), "on the match after n");
}
