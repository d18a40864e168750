//! Incremental search: the prompt, the matches (found here, or in the background for big
//! documents), stepping through them, and what the status bar says about them. Pure: changes
//! `AppState` and returns effects; uses `core::doc::search` and the app's state.

use std::ops::Range;

use crate::core::app::editor::{erase_grapheme, type_char};
use crate::core::app::entities;
use crate::core::app::entities::DocHandle;
use crate::core::app::messages::{Effect, Outcome};
use crate::core::app::reading::{self, restore};
use crate::core::app::state::{AppState, Mode, Viewport};

/// The reader's search: the prompt's query, its matches, the one the reader is on and where
/// the search started (not `core::doc::search::SearchState`, the resumable scan behind it).
#[derive(Debug, Clone, Default)]
pub struct SearchSession {
    pub query: String,
    /// Source byte ranges of all matches, in order.
    pub matches: Vec<Range<usize>>,
    /// The match the reader is on.
    pub current: Option<usize>,
    /// Where the reader was when the prompt opened (restored on cancel).
    pub origin: Option<Viewport>,
    /// Whether the matches of `query` are still being found in the background.
    pub pending: bool,
}

/// Documents bigger than this are searched in the background: a search costs about a
/// millisecond per 100 KB, and a key press must never wait for it.
pub const BACKGROUND_SEARCH_BYTES: usize = 1 << 20;

/// Opens the search prompt (a new search hands `n`/`N` back from an entity's mentions).
pub fn start(state: &mut AppState) {
    entities::clear_choice(state);
    state.mode = Mode::Search;
    forget(state);
    state.search.origin = Some(state.viewport);
}

/// A character typed into the prompt (`None`: backspace); searches again.
pub fn input(state: &mut AppState, c: Option<char>) -> Outcome {
    if state.mode != Mode::Search {
        return Outcome::default();
    }
    match c {
        Some(c) => type_char(&mut state.search.query, c),
        None => erase_grapheme(&mut state.search.query),
    }
    run_search(state).into_iter().collect::<Vec<_>>().into()
}

/// Closes the prompt, drops the matches and returns to where the search started.
pub fn cancel(state: &mut AppState) {
    state.mode = Mode::Normal;
    forget(state);
    if let Some(origin) = state.search.origin.take() {
        restore(state, origin);
    }
}

/// Forgets the search: no more highlighted matches.
pub fn clear(state: &mut AppState) {
    entities::clear_choice(state);
    forget(state);
}

fn forget(state: &mut AppState) {
    state.search.query.clear();
    state.search.matches.clear();
    state.search.current = None;
    state.search.pending = false;
}

/// Matches found in the background; results for anything but the query on screen are stale.
pub fn found(state: &mut AppState, query: &str, matches: Vec<std::ops::Range<usize>>) {
    if state.search.pending && query == state.search.query {
        state.search.pending = false;
        show_matches(state, matches);
        if state.mode != Mode::Search {
            report_matches(state);
            cursor_to_match(state);
        }
    }
}

/// Re-runs the search for the prompt's query and moves to the first match after where the
/// search started (incremental search). Big documents are searched in the background: the
/// effect returned asks for it, and `Action::SearchFound` brings the matches.
pub fn run_search(state: &mut AppState) -> Option<Effect> {
    if state.doc.source.len() > BACKGROUND_SEARCH_BYTES && !state.search.query.is_empty() {
        state.search.pending = true;
        return Some(Effect::Search {
            doc: DocHandle(std::sync::Arc::clone(&state.doc)),
            query: state.search.query.clone(),
        });
    }
    state.search.pending = false;
    let matches = crate::core::doc::search::find(&state.doc, &state.search.query);
    show_matches(state, matches);
    None
}

/// Installs the matches of the current query and shows the first one after where the search
/// started (or goes back there when there is none).
pub fn show_matches(state: &mut AppState, matches: Vec<std::ops::Range<usize>>) {
    let origin = state.search.origin.unwrap_or(state.viewport);
    state.search.matches = matches;
    if state.search.matches.is_empty() {
        state.search.current = None;
        restore(state, origin);
        return;
    }
    let i = state
        .search
        .matches
        .iter()
        .position(|m| m.start >= origin.anchor)
        .unwrap_or(0);
    state.search.current = Some(i);
    show_match(state, i);
}

pub fn confirm_search(state: &mut AppState) {
    state.mode = Mode::Normal;
    if state.search.pending {
        // the matches are still coming: keep the origin so the first match is found from it
        let q = crate::core::doc::sanitize::one_line(&state.search.query);
        state.info(&format!("Searching for “{q}”…"));
        return;
    }
    state.search.origin = None;
    report_matches(state);
    cursor_to_match(state);
}

/// The reading cursor goes to the sentence of the current match, so `t` and `a` act on it.
fn cursor_to_match(state: &mut AppState) {
    let Some(m) = state
        .search
        .current
        .and_then(|i| state.search.matches.get(i))
        .cloned()
    else {
        return;
    };
    let doc = std::sync::Arc::clone(&state.doc);
    state.cursor.go_to(&doc.source, m.start);
}

/// Says in the status bar how many matches the confirmed search has.
pub fn report_matches(state: &mut AppState) {
    state.search.origin = None;
    let q = crate::core::doc::sanitize::one_line(&state.search.query);
    match state.search.matches.len() {
        _ if q.is_empty() => state.search.matches.clear(),
        0 => state.error(&format!("No matches for “{q}”")),
        1 => state.info(&format!("1 match for “{q}”")),
        n => state.info(&format!("{n} matches for “{q}”")),
    }
}

pub fn step_match(state: &mut AppState, forward: bool) {
    let n = state.search.matches.len();
    if n == 0 {
        let hint = if state.search.query.is_empty() {
            "No search: press / to search"
        } else {
            "No matches"
        };
        state.info(hint);
        return;
    }
    let first = if forward { 0 } else { n - 1 };
    let (i, wrapped) = step_wrapping(state.search.current, n, forward, first);
    state.search.current = Some(i);
    show_match(state, i);
    cursor_to_match(state);
    state.info(&format!(
        "Match {}/{n}{}",
        i + 1,
        wrapped_note(wrapped, forward)
    ));
}

/// One step through `n` items (`n > 0`) from `current`, wrapping around at either end; with
/// nothing current the step lands on `first`. Returns the new index and whether it wrapped.
/// Search matches and an entity's mentions both step this way (`n`/`N`).
pub fn step_wrapping(
    current: Option<usize>,
    n: usize,
    forward: bool,
    first: usize,
) -> (usize, bool) {
    match (current, forward) {
        (Some(c), true) => ((c + 1) % n, c + 1 == n),
        (Some(c), false) => ((c + n - 1) % n, c == 0),
        (None, _) => (first, false),
    }
}

/// What the status bar adds after a step that wrapped around.
pub fn wrapped_note(wrapped: bool, forward: bool) -> &'static str {
    match (wrapped, forward) {
        (false, _) => "",
        (true, true) => " (wrapped to the top)",
        (true, false) => " (wrapped to the bottom)",
    }
}

/// Scrolls just enough to show match `i`, a third of the way down when it was off screen.
fn show_match(state: &mut AppState, i: usize) {
    let Some(m) = state.search.matches.get(i) else {
        return;
    };
    let offset = m.start;
    reading::show_offset(state, offset);
}
