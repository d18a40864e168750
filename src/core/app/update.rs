//! The one function that changes the reader's state, as a dispatch table.
//!
//! [`update`] takes an [`Action`], hands it to the feature that owns it (reading, search,
//! sections, entities, notes), applies the follow-up actions features return, and collects the
//! [`Effect`]s the shell must carry out. Nothing here scrolls, searches or lays out itself; the
//! feature modules do, so every behaviour is a plain unit test: state + actions → state +
//! effects. Uses only the app's modules.

use std::collections::VecDeque;

use crate::core::app::entities::{self, DocHandle};
use crate::core::app::messages::{Action, Effect, Outcome};
use crate::core::app::state::{AppState, Mode};
use crate::core::app::{loading, log, notes, reading, search, sections};

/// Applies `action` to `state`, then the follow-up actions it leads to, in order (FIFO).
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut queue = VecDeque::from([action]);
    while let Some(action) = queue.pop_front() {
        let out = apply(state, action);
        effects.extend(out.effects);
        queue.extend(out.then);
    }
    effects
}

/// The event loop's step, shared by the shell (`tui::dispatch`) and the test harness
/// (`tests/common/app.rs`): applies `action`, hands each effect to `run` (the shell's executor,
/// or a test's fake one), and applies the actions `run` answers with, first in first out, until
/// none is left. Returns how many actions were applied.
pub fn dispatch(
    state: &mut AppState,
    action: Action,
    mut run: impl FnMut(&mut AppState, Effect) -> Vec<Action>,
) -> usize {
    let mut queue = VecDeque::from([action]);
    let mut applied = 0;
    while let Some(action) = queue.pop_front() {
        applied += 1;
        for effect in update(state, action) {
            queue.extend(run(state, effect));
        }
    }
    applied
}

/// Applies one action; the rules every action shares (a key clears the last message, the
/// cursor follows the view, a pending layout is requested) sit around the dispatch.
fn apply(state: &mut AppState, action: Action) -> Outcome {
    if is_user_action(&action) {
        state.status = None;
    }
    if state.mode == Mode::Help && reading::scroll_help(state, &action) {
        return Outcome::default();
    }
    if state.mode == Mode::Messages && log::scroll(state, &action) {
        return Outcome::default();
    }
    if loading::must_wait(state, &action) {
        loading::wait(state, action);
        return Outcome::default();
    }
    if loading::needs_fingerprint(state, &action) {
        loading::refuse(state);
        return Outcome::default();
    }
    let mut out = route(state, action);
    notes::follow_view(state);
    if let Some(width) = state.take_layout_request() {
        out.effects.push(Effect::LayoutInBackground {
            doc: DocHandle(std::sync::Arc::clone(&state.doc)),
            width,
        });
    }
    out
}

/// Which feature handles which action.
fn route(state: &mut AppState, action: Action) -> Outcome {
    match action {
        Action::ScrollDown(n) => reading::scroll_lines(state, n, true),
        Action::ScrollUp(n) => reading::scroll_lines(state, n, false),
        Action::PageDown => reading::scroll_by(state, reading::page(state)),
        Action::PageUp => reading::scroll_by(state, -reading::page(state)),
        Action::HalfPageDown => reading::scroll_by(state, reading::half_page(state)),
        Action::HalfPageUp => reading::scroll_by(state, -reading::half_page(state)),
        Action::Top => reading::top(state),
        Action::Bottom => reading::bottom(state),
        Action::FocusNext => reading::focus(state, state.focus.next()),
        Action::FocusPrev => reading::focus(state, state.focus.prev()),
        Action::Focus(f) => reading::focus(state, f),
        Action::HideSidePanes => reading::hide_side_panes(state),
        Action::ShowSidePanes => reading::show_side_panes(state),
        Action::ToggleMouse => return reading::toggle_mouse(state),
        Action::ToggleHelp => reading::toggle_help(state),
        Action::ToggleMessages => log::toggle(state),
        Action::Quit => return reading::quit(state),
        Action::ShowLibrary => {
            state.to_library = true;
            return reading::quit(state);
        }
        Action::Resize { width, height } => reading::resize(state, width, height),
        Action::MouseScroll { column, row, wheel } => {
            reading::mouse_scroll(state, column, row, wheel);
        }
        Action::MouseClick { column, row } => {
            notes::mouse_down(state, column, row);
            reading::mouse_click(state, column, row);
        }
        Action::Tick => return reading::tick(state),
        Action::LayoutReady(layout) => reading::layout_ready(state, layout),
        Action::PositionLoaded(offset) => reading::position_loaded(state, offset),
        Action::Start(startup) => return reading::start(state, *startup),
        Action::EffectFailed(msg) => state.error(&msg),

        Action::NextSection => sections::next_section(state),
        Action::PrevSection => sections::prev_section(state),
        Action::SelectNextSection => sections::select_row(state, 1),
        Action::SelectPrevSection => sections::select_row(state, -1),
        Action::JumpToSelected => sections::jump_to_selected(state),
        Action::Fold => sections::fold(state),
        Action::Unfold => sections::unfold(state),

        Action::StartSearch => search::start(state),
        Action::SearchInput(c) => return search::input(state, Some(c)),
        Action::SearchBackspace => return search::input(state, None),
        Action::SearchConfirm => search::confirm_search(state),
        Action::SearchCancel => search::cancel(state),
        Action::ClearSearch => search::clear(state),
        Action::NextMatch if entities::steps_mentions(state) => entities::step_mention(state, true),
        Action::PrevMatch if entities::steps_mentions(state) => {
            entities::step_mention(state, false);
        }
        Action::NextMatch => search::step_match(state, true),
        Action::PrevMatch => search::step_match(state, false),
        Action::SearchFound { query, matches } => search::found(state, &query, matches),
        Action::Loading(a) => return loading::update(state, a),

        Action::ShowSidebarTab(tab) => reading::show_sidebar_tab(state, tab),
        Action::Entities(a) => return entities::update(state, a),
        Action::Notes(a) => return notes::update(state, a),
    }
    Outcome::default()
}

/// Whether an action comes from the reader's hand (and so clears the last message).
fn is_user_action(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize { .. }
            | Action::Tick
            | Action::Start(_)
            | Action::PositionLoaded(_)
            | Action::LayoutReady(_)
            | Action::SearchFound { .. }
            | Action::Loading(_)
            | Action::EffectFailed(_)
    ) && match action {
        Action::Notes(a) => notes::is_user_action(a),
        Action::Entities(a) => entities::is_user_action(a),
        _ => true,
    }
}

#[cfg(test)]
mod tests;
