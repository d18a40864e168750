//! The one function that changes the reader's state.
//!
//! [`update`] takes an [`Action`], changes [`AppState`] and returns the [`Effect`]s the shell
//! must carry out (save a position, toggle mouse capture, quit). Scrolling, clamping,
//! re-layout on resize, search, scroll-spy and focus rules all live here, so the views never
//! write state back and every behaviour is a plain unit test: state + actions → state + effects.

use crate::core::app::entities;
use crate::core::app::messages::{Action, Wheel};
use crate::core::app::state::{
    AppState, Focus, MessageLevel, Mode, Rect, StatusMessage, Viewport, section_at,
};

/// Lines the mouse wheel scrolls per notch.
pub const WHEEL_LINES: usize = 3;

/// Work for the shell; its outcome, if any, comes back as an [`Action`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Remember the reading position of a document.
    SavePosition { fingerprint: String, offset: usize },
    /// Capture the mouse (true) or give it back to the terminal.
    SetMouseCapture(bool),
    /// Leave the event loop (after the other effects ran).
    Quit,
    /// Recognise the entities of `doc` in the background; results come back as
    /// `Action::EntitiesRecognized` batches tagged with `generation`.
    RecognizeEntities {
        doc: crate::core::app::entities::DocHandle,
        generation: u64,
    },
    /// Add `phrases` to the user's entities.toml as entities of `kind` (`None`: as "not an
    /// entity"), keeping what is there; answered by `Action::UserEntitySaved`.
    SaveUserEntity {
        phrases: Vec<String>,
        kind: Option<crate::core::doc::entities::EntityKind>,
    },
    /// Watch `entity` in entities.toml, or stop watching it; answered by
    /// `Action::UserEntitySaved`.
    ToggleWatch(Box<crate::core::doc::entities::Entity>),
    /// Write an annotation in its own transaction (an empty id means a new one: the shell
    /// gives it an id and stamps its times). Answered by `NotesAction::Saved`.
    SaveAnnotation(Box<crate::core::doc::annotation::Annotation>),
    /// Delete the annotation with this id. Answered by `NotesAction::Deleted`.
    DeleteAnnotation(String),
    /// Export the notes to a file. Answered by `NotesAction::Exported`.
    ExportNotes(Box<crate::core::app::notes::ExportRequest>),
    /// Build the whole layout of `doc` at `width` off the event loop (a partial one is shown
    /// meanwhile); answered by `Action::LayoutReady`.
    LayoutInBackground {
        doc: crate::core::app::entities::DocHandle,
        width: u16,
    },
    /// Find all matches of `query` in `doc` off the event loop (documents over
    /// [`BACKGROUND_SEARCH_BYTES`]); answered by `Action::SearchFound`. A newer search makes
    /// an older one stop.
    Search {
        doc: crate::core::app::entities::DocHandle,
        query: String,
    },
    /// Free results that were replaced, off the event loop.
    Discard(Box<crate::core::app::entities::Replaced>),
}

/// Documents bigger than this are searched in the background: a search costs about a
/// millisecond per 100 KB, and a key press must never wait for it.
pub const BACKGROUND_SEARCH_BYTES: usize = 1 << 20;

/// Applies `action` to `state`.
#[allow(clippy::too_many_lines)] // one flat dispatch table reads better than nested helpers
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    if is_user_action(&action) {
        state.status = None;
    }
    let mut effects = Vec::new();
    if state.mode == Mode::Help && scroll_help(state, &action) {
        return effects;
    }
    match action {
        Action::ScrollDown(n) => scroll_by(state, isize::try_from(n).unwrap_or(isize::MAX)),
        Action::ScrollUp(n) => scroll_by(state, -isize::try_from(n).unwrap_or(isize::MAX)),
        Action::PageDown => scroll_by(state, page(state)),
        Action::PageUp => scroll_by(state, -page(state)),
        Action::HalfPageDown => scroll_by(state, half_page(state)),
        Action::HalfPageUp => scroll_by(state, -half_page(state)),
        Action::Top => state.set_top(0),
        Action::Bottom => state.set_top(usize::MAX),
        Action::NextSection => next_section(state),
        Action::PrevSection => prev_section(state),
        Action::StartSearch => {
            entities::clear_choice(state);
            state.mode = Mode::Search;
            state.search.query.clear();
            state.search.matches.clear();
            state.search.current = None;
            state.search.pending = false;
            state.search.origin = Some(state.viewport);
        }
        Action::SearchInput(c) => {
            if state.mode == Mode::Search {
                state.search.query.push(c);
                effects.extend(run_search(state));
            }
        }
        Action::SearchBackspace => {
            if state.mode == Mode::Search {
                state.search.query.pop();
                effects.extend(run_search(state));
            }
        }
        Action::SearchConfirm => confirm_search(state),
        Action::SearchCancel => {
            state.mode = Mode::Normal;
            state.search.query.clear();
            state.search.matches.clear();
            state.search.current = None;
            state.search.pending = false;
            if let Some(origin) = state.search.origin.take() {
                restore(state, origin);
            }
        }
        Action::ClearSearch => {
            entities::clear_choice(state);
            state.search.query.clear();
            state.search.matches.clear();
            state.search.current = None;
            state.search.pending = false;
        }
        Action::NextMatch if entities::steps_mentions(state) => {
            entities::step_mention(state, true);
        }
        Action::PrevMatch if entities::steps_mentions(state) => {
            entities::step_mention(state, false);
        }
        Action::NextMatch => step_match(state, true),
        Action::PrevMatch => step_match(state, false),
        Action::FocusNext => focus(state, state.focus.next()),
        Action::FocusPrev => focus(state, state.focus.prev()),
        Action::Focus(f) => focus(state, f),
        Action::HideSidePanes => {
            state.side_panes_hidden = true;
            state.focus = Focus::Article;
            relayout(state);
        }
        Action::ShowSidePanes => {
            state.side_panes_hidden = false;
            if !state.is_wide() {
                state.focus = Focus::Sections;
            }
            relayout(state);
        }
        Action::SelectNextSection => select_row(state, 1),
        Action::SelectPrevSection => select_row(state, -1),
        Action::JumpToSelected => {
            jump_to_section(state, state.sections.selected);
            if !state.is_wide() {
                state.focus = Focus::Article;
            }
        }
        Action::Fold => fold(state),
        Action::Unfold => {
            let i = state.sections.selected;
            if let Some(f) = state.sections.folded.get_mut(i) {
                *f = false;
            }
            state.sections.recompute_rows();
            state.clamp_sections_offset();
        }
        Action::ToggleMouse => {
            state.mouse_capture = !state.mouse_capture;
            info(
                state,
                if state.mouse_capture {
                    "Mouse capture on"
                } else {
                    "Mouse off: select text with it (m: back on)"
                },
            );
            effects.push(Effect::SetMouseCapture(state.mouse_capture));
        }
        Action::ToggleHelp => {
            state.mode = if state.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
            state.help_scroll = 0;
        }
        Action::Quit => {
            state.quitting = true;
            effects.extend(save_position(state, true));
            effects.push(Effect::Quit);
        }
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            relayout(state);
        }
        Action::MouseScroll { column, row, wheel } => mouse_scroll(state, column, row, wheel),
        Action::MouseClick { column, row } => {
            crate::core::app::notes::mouse_down(state, column, row);
            mouse_click(state, column, row);
        }
        Action::Tick => effects.extend(save_position(state, false)),
        Action::LayoutReady(layout) => {
            if state.install_layout(layout.0) {
                state.sync_sections();
            }
        }
        Action::SearchFound { query, matches } => {
            // results for anything but the query on screen are stale
            if state.search.pending && query == state.search.query {
                state.search.pending = false;
                show_matches(state, matches);
                if state.mode != Mode::Search {
                    report_matches(state);
                }
            }
        }
        Action::PositionLoaded(offset) => {
            let offset = offset.min(state.doc.source.len());
            if let Some(width) = state.layout_pending {
                // only a partial layout so far: lay out around the saved position now; the
                // full layout keeps it (the anchor) when it lands
                state.viewport.anchor = offset;
                state.partial_layout(width);
            }
            let top = state.layout.line_for_offset(offset);
            state.set_top(top);
            state.saved_offset = Some(state.reading_offset());
            if offset > 0 {
                info(
                    state,
                    &format!("Resumed where you left off ({}%)", state.percent()),
                );
            }
        }
        Action::EffectFailed(msg) => {
            state.status = Some(StatusMessage {
                text: msg,
                level: MessageLevel::Error,
            });
        }
        a @ (Action::RecognizeEntities
        | Action::EntitiesRecognized(_)
        | Action::ToggleEntityHighlights
        | Action::ShowSidebarTab(_)
        | Action::SelectNextEntity
        | Action::SelectPrevEntity
        | Action::JumpToEntity
        | Action::StartEntityFilter
        | Action::EntityFilterInput(_)
        | Action::EntityFilterBackspace
        | Action::EntityFilterConfirm
        | Action::EntityFilterCancel
        | Action::ToggleEntityType
        | Action::ToggleSectionEntities
        | Action::MarkEntity
        | Action::MarkEntityAs(_)
        | Action::MarkEntityCancel
        | Action::NotAnEntity
        | Action::UserEntitySaved(_)
        | Action::ToggleWatch
        | Action::WatchList(_)) => effects.extend(entities::update(state, a)),
        Action::Notes(a) => effects.extend(crate::core::app::notes::update(state, a)),
    }
    crate::core::app::notes::follow_view(state);
    if let Some(width) = state.take_layout_request() {
        effects.push(Effect::LayoutInBackground {
            doc: entities::DocHandle(std::sync::Arc::clone(&state.doc)),
            width,
        });
    }
    effects
}

/// In the help overlay the scrolling keys scroll the overlay. Returns whether it handled it.
fn scroll_help(state: &mut AppState, action: &Action) -> bool {
    let Some(g) = state.help_geometry() else {
        return false;
    };
    let max = g.total_rows.saturating_sub(g.rows);
    let page = g.rows.saturating_sub(1).max(1);
    let s = state.help_scroll;
    state.help_scroll = match action {
        Action::ScrollDown(n) => s.saturating_add(usize::from(*n)),
        Action::ScrollUp(n) => s.saturating_sub(usize::from(*n)),
        Action::PageDown | Action::HalfPageDown => s.saturating_add(page),
        Action::PageUp | Action::HalfPageUp => s.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => max,
        _ => return false,
    }
    .min(max);
    true
}

/// Whether an action comes from the reader's hand (and so clears the last message).
fn is_user_action(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize { .. }
            | Action::Tick
            | Action::PositionLoaded(_)
            | Action::LayoutReady(_)
            | Action::SearchFound { .. }
            | Action::EffectFailed(_)
            | Action::RecognizeEntities
            | Action::EntitiesRecognized(_)
            | Action::UserEntitySaved(_)
            | Action::WatchList(_)
    ) && !matches!(action, Action::Notes(a) if !crate::core::app::notes::is_user_action(a))
}

fn info(state: &mut AppState, text: &str) {
    state.status = Some(StatusMessage {
        text: text.to_owned(),
        level: MessageLevel::Info,
    });
}

fn error(state: &mut AppState, text: &str) {
    state.status = Some(StatusMessage {
        text: text.to_owned(),
        level: MessageLevel::Error,
    });
}

fn page(state: &AppState) -> isize {
    isize::try_from(state.page_height().saturating_sub(2).max(1)).unwrap_or(isize::MAX)
}

fn half_page(state: &AppState) -> isize {
    isize::try_from((state.page_height() / 2).max(1)).unwrap_or(isize::MAX)
}

fn scroll_by(state: &mut AppState, delta: isize) {
    let top = state.viewport.top.saturating_add_signed(delta);
    state.set_top(top);
}

fn relayout(state: &mut AppState) {
    state.relayout();
    state.sync_sections();
}

/// Puts the view back on a remembered position (same source offset, whatever the width now).
fn restore(state: &mut AppState, v: Viewport) {
    let top = state.layout.line_for_offset(v.anchor);
    state.set_top(top);
}

fn focus(state: &mut AppState, f: Focus) {
    if f != Focus::Article && state.is_wide() && state.side_panes_hidden {
        state.side_panes_hidden = false;
        state.focus = f;
        relayout(state);
    } else {
        state.focus = f;
    }
    if f == Focus::Sections
        && let Some(c) = state.sections.current
    {
        state.sections.selected = c;
    }
    state.clamp_sections_offset();
}

fn jump_to_section(state: &mut AppState, i: usize) {
    let Some(s) = state.sections.items.get(i) else {
        return;
    };
    let line = state.layout.line_for_offset(s.start);
    // line_for_offset gives the last line starting at or before the offset; for a section
    // start that is its first line unless several lines share a start (then take the first).
    let start = s.start;
    let mut first = line;
    while first > 0 && state.layout.offset_of_line(first - 1) == start {
        first -= 1;
    }
    state.set_top(first);
    state.pinned_section = Some(i);
    // reveal it in the sections pane
    let mut p = state.sections.parent(i);
    while let Some(pi) = p {
        if let Some(f) = state.sections.folded.get_mut(pi) {
            *f = false;
        }
        p = state.sections.parent(pi);
    }
    state.sections.recompute_rows();
    state.sections.selected = i;
    state.sync_sections();
}

fn next_section(state: &mut AppState) {
    // From the current section (which may lie below the top line at the end of the text).
    let offset = state.reading_offset();
    let from = state
        .sections
        .current
        .and_then(|c| state.sections.items.get(c))
        .map_or(offset, |s| s.start.max(offset));
    let next = state.sections.items.iter().position(|s| s.start > from);
    match next {
        Some(i) => jump_to_section(state, i),
        None => info(state, "Last section"),
    }
}

fn prev_section(state: &mut AppState) {
    let offset = state.reading_offset();
    let here = state
        .pinned_section
        .or_else(|| section_at(&state.sections.items, offset));
    let Some(here) = here else {
        info(state, "First section");
        return;
    };
    let here_line = state
        .layout
        .line_for_offset(state.sections.items[here].start);
    let target = if state.pinned_section.is_none() && here_line < state.viewport.top {
        // inside a section: go to its start first
        Some(here)
    } else {
        here.checked_sub(1)
    };
    if let Some(i) = target {
        jump_to_section(state, i);
    } else {
        state.set_top(0);
        info(state, "First section");
    }
}

fn select_row(state: &mut AppState, delta: isize) {
    let rows = &state.sections.rows;
    if rows.is_empty() {
        return;
    }
    let row = state.sections.row_of(state.sections.selected).unwrap_or(0);
    let new = row.saturating_add_signed(delta).min(rows.len() - 1);
    state.sections.selected = rows[new];
    state.clamp_sections_offset();
}

fn fold(state: &mut AppState) {
    let i = state.sections.selected;
    let can_fold =
        state.sections.has_children(i) && !state.sections.folded.get(i).copied().unwrap_or(true);
    if can_fold {
        state.sections.folded[i] = true;
        state.sections.recompute_rows();
    } else if let Some(p) = state.sections.parent(i) {
        state.sections.selected = p;
    }
    state.clamp_sections_offset();
}

/// Re-runs the search for the prompt's query and moves to the first match after where the
/// search started (incremental search). Big documents are searched in the background: the
/// effect returned asks for it, and `Action::SearchFound` brings the matches.
fn run_search(state: &mut AppState) -> Option<Effect> {
    if state.doc.source.len() > BACKGROUND_SEARCH_BYTES && !state.search.query.is_empty() {
        state.search.pending = true;
        return Some(Effect::Search {
            doc: crate::core::app::entities::DocHandle(std::sync::Arc::clone(&state.doc)),
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
fn show_matches(state: &mut AppState, matches: Vec<std::ops::Range<usize>>) {
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

fn confirm_search(state: &mut AppState) {
    state.mode = Mode::Normal;
    if state.search.pending {
        // the matches are still coming: keep the origin so the first match is found from it
        let q = crate::core::doc::sanitize::one_line(&state.search.query);
        info(state, &format!("Searching for “{q}”…"));
        return;
    }
    state.search.origin = None;
    report_matches(state);
}

/// Says in the status bar how many matches the confirmed search has.
fn report_matches(state: &mut AppState) {
    state.search.origin = None;
    let q = crate::core::doc::sanitize::one_line(&state.search.query);
    match state.search.matches.len() {
        _ if q.is_empty() => state.search.matches.clear(),
        0 => error(state, &format!("No matches for “{q}”")),
        1 => info(state, &format!("1 match for “{q}”")),
        n => info(state, &format!("{n} matches for “{q}”")),
    }
}

fn step_match(state: &mut AppState, forward: bool) {
    let n = state.search.matches.len();
    if n == 0 {
        let hint = if state.search.query.is_empty() {
            "No search: press / to search"
        } else {
            "No matches"
        };
        info(state, hint);
        return;
    }
    let (i, wrapped) = match (state.search.current, forward) {
        (Some(c), true) => ((c + 1) % n, c + 1 == n),
        (Some(c), false) => ((c + n - 1) % n, c == 0),
        (None, true) => (0, false),
        (None, false) => (n - 1, false),
    };
    state.search.current = Some(i);
    show_match(state, i);
    let mut msg = format!("Match {}/{n}", i + 1);
    if wrapped {
        msg.push_str(if forward {
            " (wrapped to the top)"
        } else {
            " (wrapped to the bottom)"
        });
    }
    info(state, &msg);
}

/// Scrolls just enough to show match `i`, a third of the way down when it was off screen.
fn show_match(state: &mut AppState, i: usize) {
    let Some(m) = state.search.matches.get(i) else {
        return;
    };
    let line = state.layout.line_for_offset(m.start);
    let h = state.page_height();
    let top = state.viewport.top;
    if line < top || line >= top + h {
        state.set_top(line.saturating_sub(h / 3));
    }
}

fn save_position(state: &mut AppState, force: bool) -> Option<Effect> {
    let offset = state.reading_offset();
    if state.saved_offset == Some(offset) || (!force && state.saved_offset.is_none() && offset == 0)
    {
        return None;
    }
    state.saved_offset = Some(offset);
    Some(Effect::SavePosition {
        fingerprint: state.fingerprint.clone(),
        offset,
    })
}

/// Which pane is under a screen cell (overlays first).
fn pane_at(state: &AppState, column: u16, row: u16) -> Option<(Focus, Rect)> {
    let p = state.panes()?;
    if let Some(r) = p.sections.filter(|r| r.contains(column, row)) {
        return Some((Focus::Sections, r));
    }
    if let Some(r) = p.sidebar.filter(|r| r.contains(column, row)) {
        return Some((Focus::Sidebar, r));
    }
    p.article
        .contains(column, row)
        .then_some((Focus::Article, p.article))
}

fn mouse_scroll(state: &mut AppState, column: u16, row: u16, wheel: Wheel) {
    if state.mode == Mode::Help {
        return;
    }
    let delta = match wheel {
        Wheel::Up => -isize::try_from(WHEEL_LINES).unwrap_or(1),
        Wheel::Down => isize::try_from(WHEEL_LINES).unwrap_or(1),
    };
    match pane_at(state, column, row) {
        Some((Focus::Article, _)) => scroll_by(state, delta),
        Some((Focus::Sections, _)) => {
            let h = state.sections_height();
            let max = state.sections.rows.len().saturating_sub(h);
            state.sections.offset = state.sections.offset.saturating_add_signed(delta).min(max);
        }
        Some((Focus::Sidebar, _)) if entities::tab_shown(state) => {
            entities::scroll_list(state, delta);
        }
        Some((Focus::Sidebar, _)) | None => {}
    }
}

fn mouse_click(state: &mut AppState, column: u16, row: u16) {
    if state.mode == Mode::Help {
        state.mode = Mode::Normal;
        return;
    }
    let Some((pane, rect)) = pane_at(state, column, row) else {
        return;
    };
    if pane == Focus::Sections {
        let inner = rect.inner();
        if inner.contains(column, row) {
            let r = state.sections.offset
                + usize::from(row - inner.y) / entities::section_row_height(state);
            if let Some(&i) = state.sections.rows.get(r) {
                state.focus = Focus::Sections;
                state.sections.selected = i;
                jump_to_section(state, i);
                if !state.is_wide() {
                    state.focus = Focus::Article;
                }
                return;
            }
        }
    }
    if pane == Focus::Sidebar && entities::tab_shown(state) {
        state.focus = pane;
        entities::click(state, rect, row);
        return;
    }
    state.focus = pane;
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;
    use crate::core::app::config::Config;
    use crate::core::app::key::parse_key_string;
    use crate::core::doc::document::{Block, BlockKind, Document, Format, Inline, Metadata, Part};

    /// A markdown-ish document: `n` sections, each a heading and `paras` paragraphs.
    fn doc(n: usize, paras: usize) -> Document {
        let mut source = String::new();
        let mut blocks = Vec::new();
        for s in 0..n {
            let start = source.len();
            let title = format!("Section {s}");
            source.push_str(&title);
            blocks.push(Block {
                kind: BlockKind::Heading {
                    level: if s % 3 == 2 { 2 } else { 1 },
                    inlines: vec![Inline::plain(start..source.len())],
                },
                range: start..source.len(),
                part: Part::Body,
            });
            source.push_str("\n\n");
            for p in 0..paras {
                let start = source.len();
                write!(source, "Paragraph {p} of section {s} mentions Huawei once.").unwrap();
                blocks.push(Block {
                    kind: BlockKind::Paragraph(vec![Inline::plain(start..source.len())]),
                    range: start..source.len(),
                    part: Part::Body,
                });
                source.push_str("\n\n");
            }
        }
        Document {
            source,
            format: Format::Markdown,
            meta: Metadata::default(),
            blocks,
        }
    }

    fn app(w: u16, h: u16) -> AppState {
        AppState::new(doc(6, 8), "test.md", &Config::default(), w, h)
    }

    /// Feeds a key string through the keymap, like the shell does.
    fn keys(state: &mut AppState, s: &str) -> Vec<Effect> {
        let mut effects = Vec::new();
        for key in parse_key_string(s).unwrap() {
            if let Some(action) = state.keymap.resolve(state.key_modes(), key) {
                effects.extend(update(state, action));
            }
        }
        effects
    }

    #[test]
    fn scrolling_is_clamped_in_update() {
        let mut st = app(80, 24);
        keys(&mut st, "kkk");
        assert_eq!(st.viewport.top, 0);
        keys(&mut st, "jj");
        assert_eq!(st.viewport.top, 2);
        assert_eq!(st.viewport.anchor, st.layout.offset_of_line(2));
        keys(&mut st, "G");
        assert_eq!(st.viewport.top, st.max_top());
        keys(&mut st, "jjj<PageDown>");
        assert_eq!(st.viewport.top, st.max_top());
        assert_eq!(st.percent(), 100);
        keys(&mut st, "g");
        assert_eq!((st.viewport.top, st.percent()), (0, 0));
    }

    #[test]
    fn pages_and_half_pages_follow_the_view_height() {
        let mut st = app(80, 24);
        let h = st.page_height();
        keys(&mut st, " ");
        assert_eq!(st.viewport.top, h - 2);
        keys(&mut st, "<C-u>");
        assert_eq!(st.viewport.top, h - 2 - h / 2);
        keys(&mut st, "b");
        assert_eq!(st.viewport.top, 0);
    }

    #[test]
    fn sections_navigation_and_scroll_spy() {
        let mut st = app(120, 40);
        assert_eq!(st.sections.current, Some(0));
        keys(&mut st, "]");
        assert_eq!(st.sections.current, Some(1));
        assert_eq!(st.viewport.anchor, st.sections.items[1].start);
        keys(&mut st, "]]");
        assert_eq!(st.sections.current, Some(3));
        keys(&mut st, "j");
        assert_eq!(
            st.sections.current,
            Some(3),
            "scrolling inside keeps the section"
        );
        keys(&mut st, "[");
        assert_eq!(
            st.viewport.anchor, st.sections.items[3].start,
            "back to its start first"
        );
        keys(&mut st, "[");
        assert_eq!(st.sections.current, Some(2));
        keys(&mut st, "G");
        assert_eq!(
            st.sections.current,
            Some(5),
            "at the end the last section is current"
        );
        let before = st.viewport;
        keys(&mut st, "]]");
        assert_eq!(st.viewport, before);
        assert!(st.status.as_ref().unwrap().text.contains("Last section"));
    }

    #[test]
    fn sections_pane_select_fold_and_jump() {
        let mut st = app(120, 40);
        keys(&mut st, "1");
        assert_eq!(st.focus, Focus::Sections);
        keys(&mut st, "jj");
        assert_eq!(st.sections.selected, 2);
        assert_eq!(st.viewport.top, 0, "selection does not scroll the article");
        keys(&mut st, "<Enter>");
        assert_eq!(st.sections.current, Some(2));
        assert_eq!(st.focus, Focus::Sections, "wide: focus stays in the pane");
        // section 1 (level 1) has child 2 (level 2)
        keys(&mut st, "k");
        assert_eq!(st.sections.selected, 1);
        keys(&mut st, "h");
        assert!(st.sections.folded[1]);
        assert_eq!(st.sections.rows, vec![0, 1, 3, 4, 5]);
        keys(&mut st, "j");
        assert_eq!(st.sections.selected, 3, "folded children are skipped");
        keys(&mut st, "kl");
        assert_eq!(st.sections.rows.len(), 6);
        keys(&mut st, "jh");
        assert_eq!(st.sections.selected, 1, "fold on a leaf selects its parent");
    }

    #[test]
    fn search_is_incremental_counts_matches_and_cycles() {
        let mut st = app(80, 24);
        keys(&mut st, "/hua");
        assert_eq!(st.mode, Mode::Search);
        assert_eq!(
            st.search.matches.len(),
            48,
            "smart-case: lowercase is insensitive"
        );
        keys(&mut st, "<Enter>");
        assert_eq!(st.mode, Mode::Normal);
        assert_eq!(st.status.as_ref().unwrap().text, "48 matches for “hua”");
        keys(&mut st, "/Hua<Enter>");
        assert_eq!(st.search.matches.len(), 48);
        keys(&mut st, "/hUA<Enter>");
        assert!(
            st.search.matches.is_empty(),
            "a capital makes it case-sensitive"
        );
        assert_eq!(st.status.as_ref().unwrap().level, MessageLevel::Error);
        keys(&mut st, "/section 5<Enter>");
        let m = st.search.matches[0].clone();
        let line = st.layout.line_for_offset(m.start);
        assert!(line >= st.viewport.top && line < st.viewport.top + st.page_height());
        keys(&mut st, "n");
        assert_eq!(st.search.current, Some(1));
        keys(&mut st, "NN");
        assert_eq!(st.search.current, Some(st.search.matches.len() - 1));
        assert!(st.status.as_ref().unwrap().text.contains("wrapped"));
        keys(&mut st, "<Esc>");
        assert!(st.search.matches.is_empty() && st.search.current.is_none());
    }

    #[test]
    fn search_cancel_returns_to_the_origin() {
        let mut st = app(80, 24);
        keys(&mut st, "jjj");
        let origin = st.viewport;
        keys(&mut st, "/section 4");
        assert_ne!(st.viewport, origin);
        keys(&mut st, "<Esc>");
        assert_eq!(st.viewport.top, origin.top);
        assert!(st.search.matches.is_empty());
        assert_eq!(st.mode, Mode::Normal);
        keys(&mut st, "/x<BS><BS><Esc>");
        assert_eq!(st.viewport.top, origin.top);
    }

    #[test]
    fn keys_typed_in_the_prompt_are_not_commands() {
        let mut st = app(80, 24);
        let effects = keys(&mut st, "/q");
        assert!(effects.is_empty());
        assert!(!st.quitting);
        assert_eq!(st.search.query, "q");
    }

    #[test]
    fn resize_keeps_the_reading_offset_and_uses_the_cache() {
        let mut st = app(120, 40);
        keys(&mut st, "]]]");
        let anchor = st.viewport.anchor;
        let wide = std::sync::Arc::clone(&st.layout);
        update(
            &mut st,
            Action::Resize {
                width: 50,
                height: 20,
            },
        );
        assert_ne!(st.layout.width, wide.width);
        assert_eq!(st.layout.offset_of_line(st.viewport.top), anchor);
        update(
            &mut st,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        assert!(
            std::sync::Arc::ptr_eq(&st.layout, &wide),
            "layout reused from the cache"
        );
        assert_eq!(st.viewport.anchor, anchor);
    }

    #[test]
    fn tiny_terminals_never_panic_and_keep_the_layout() {
        let mut st = app(80, 24);
        let w = st.layout.width;
        for (width, height) in [(1, 1), (0, 0), (19, 4), (20, 5), (3, 100), (500, 2)] {
            update(&mut st, Action::Resize { width, height });
            keys(&mut st, "jGgk<C-d>]/a<Enter>n1<Enter>3<Tab>");
            update(&mut st, Action::MouseClick { column: 0, row: 0 });
            update(
                &mut st,
                Action::MouseScroll {
                    column: 5,
                    row: 5,
                    wheel: Wheel::Down,
                },
            );
        }
        update(
            &mut st,
            Action::Resize {
                width: 80,
                height: 24,
            },
        );
        assert_eq!(st.layout.width, w);
        update(
            &mut st,
            Action::Resize {
                width: 1,
                height: 1,
            },
        );
        assert_eq!(st.layout.width, w, "no re-layout while too small");
    }

    #[test]
    fn focus_cycles_and_side_panes_toggle() {
        let mut st = app(120, 40);
        keys(&mut st, "<Tab>");
        assert_eq!(st.focus, Focus::Sidebar);
        keys(&mut st, "<Tab>");
        assert_eq!(st.focus, Focus::Sections);
        keys(&mut st, "<S-Tab>");
        assert_eq!(st.focus, Focus::Sidebar);
        let narrow_text = st.layout.width;
        keys(&mut st, "<lt>");
        assert!(st.side_panes_hidden);
        assert_eq!(st.focus, Focus::Article);
        assert!(st.panes().unwrap().sections.is_none());
        assert!(st.layout.width >= narrow_text, "article widens");
        keys(&mut st, "1");
        assert!(!st.side_panes_hidden, "focusing a hidden pane shows it");
        keys(&mut st, "<lt>>");
        assert!(!st.side_panes_hidden);
    }

    #[test]
    fn narrow_terminals_show_side_panes_as_overlays() {
        let mut st = app(80, 24);
        assert!(st.panes().unwrap().sections.is_none());
        keys(&mut st, ">");
        assert_eq!(st.focus, Focus::Sections);
        assert!(st.panes().unwrap().overlay);
        keys(&mut st, "jj<Enter>");
        assert_eq!(st.focus, Focus::Article, "jumping closes the overlay");
        assert_eq!(st.sections.current, Some(2));
        keys(&mut st, "3");
        assert!(st.panes().unwrap().sidebar.is_some());
        keys(&mut st, "<lt>");
        assert!(!st.panes().unwrap().overlay);
    }

    #[test]
    fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_click_jumps() {
        let mut st = app(120, 40);
        let p = st.panes().unwrap();
        let a = p.article;
        update(
            &mut st,
            Action::MouseScroll {
                column: a.x + 3,
                row: 5,
                wheel: Wheel::Down,
            },
        );
        assert_eq!(st.viewport.top, WHEEL_LINES);
        let s = p.sections.unwrap();
        update(
            &mut st,
            Action::MouseClick {
                column: s.x + 2,
                row: s.y + 1 + 2,
            },
        );
        assert_eq!(st.focus, Focus::Sections);
        assert_eq!(st.sections.current, Some(2));
        assert_eq!(st.viewport.anchor, st.sections.items[2].start);
        let b = p.sidebar.unwrap();
        update(
            &mut st,
            Action::MouseClick {
                column: b.x + 1,
                row: b.y + 1,
            },
        );
        assert_eq!(st.focus, Focus::Sidebar);
    }

    #[test]
    fn mouse_toggle_and_help_and_quit_effects() {
        let mut st = app(80, 24);
        assert_eq!(keys(&mut st, "m"), vec![Effect::SetMouseCapture(false)]);
        assert!(!st.mouse_capture);
        assert_eq!(keys(&mut st, "m"), vec![Effect::SetMouseCapture(true)]);
        keys(&mut st, "?");
        assert_eq!(st.mode, Mode::Help);
        assert!(keys(&mut st, "j").is_empty());
        assert_eq!(st.viewport.top, 0, "keys do not leak through the overlay");
        assert_eq!(
            st.help_scroll, 1,
            "j scrolls the overlay on a small terminal"
        );
        keys(&mut st, "GG");
        let g = st.help_geometry().unwrap();
        assert_eq!(st.help_scroll, g.total_rows - g.rows);
        keys(&mut st, "x");
        assert_eq!(st.mode, Mode::Help, "other keys are ignored");
        keys(&mut st, "q");
        assert_eq!(st.mode, Mode::Normal, "q closes help, not gloss");
        keys(&mut st, "jj");
        let offset = st.reading_offset();
        let fp = st.fingerprint.clone();
        assert_eq!(
            keys(&mut st, "q"),
            vec![
                Effect::SavePosition {
                    fingerprint: fp,
                    offset
                },
                Effect::Quit
            ]
        );
        assert!(st.quitting);
    }

    #[test]
    fn position_is_saved_lazily_on_idle_ticks() {
        let mut st = app(80, 24);
        assert!(
            update(&mut st, Action::Tick).is_empty(),
            "nothing to save at the start"
        );
        keys(&mut st, "jjjj");
        let effects = update(&mut st, Action::Tick);
        assert!(matches!(effects.as_slice(), [Effect::SavePosition { .. }]));
        assert!(
            update(&mut st, Action::Tick).is_empty(),
            "unchanged: no second save"
        );
        assert_eq!(
            keys(&mut st, "q"),
            vec![Effect::Quit],
            "quit does not re-save"
        );
    }

    #[test]
    fn a_loaded_position_is_restored() {
        let mut st = app(80, 24);
        let target = st.sections.items[3].start;
        update(&mut st, Action::PositionLoaded(target));
        assert_eq!(st.reading_offset(), target);
        assert_eq!(st.sections.current, Some(3));
        assert!(st.status.is_some());
        assert!(update(&mut st, Action::Tick).is_empty());
        update(&mut st, Action::PositionLoaded(usize::MAX));
        assert_eq!(st.viewport.top, st.max_top());
    }

    #[test]
    fn an_empty_document_is_readable() {
        let empty = Document {
            source: String::new(),
            format: Format::PlainText,
            meta: Metadata::default(),
            blocks: Vec::new(),
        };
        let mut st = AppState::new(empty, "empty.txt", &Config::default(), 80, 24);
        keys(&mut st, "jGg ]1j<Enter>h/x<Enter>n3<Tab>");
        assert_eq!(st.viewport.top, 0);
        assert_eq!(st.percent(), 100);
    }

    /// A document over `LAZY_LAYOUT_BYTES`, its reader, and the width the first request asks for.
    fn big_app() -> (AppState, u16) {
        let d = doc(40, 600);
        assert!(d.source.len() > crate::core::app::state::LAZY_LAYOUT_BYTES);
        let mut st = AppState::new(d, "big.md", &Config::default(), 120, 40);
        let effects = update(
            &mut st,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        let width = match effects.as_slice() {
            [Effect::LayoutInBackground { width, .. }] => *width,
            other => panic!("expected one layout request, got {other:?}"),
        };
        (st, width)
    }

    fn full(st: &AppState, width: u16) -> Action {
        Action::LayoutReady(crate::core::app::messages::LayoutHandle(
            std::sync::Arc::new(crate::core::doc::layout::Layout::new(&st.doc, width)),
        ))
    }

    #[test]
    fn big_documents_are_searched_in_the_background_and_stale_results_are_dropped() {
        let (mut st, width) = big_app();
        let layout = full(&st, width);
        update(&mut st, layout);
        assert!(st.doc.source.len() > BACKGROUND_SEARCH_BYTES);
        update(&mut st, Action::StartSearch);
        let mut asked = Vec::new();
        for c in "para".chars() {
            for e in update(&mut st, Action::SearchInput(c)) {
                match e {
                    Effect::Search { query, .. } => asked.push(query),
                    other => panic!("unexpected effect {other:?}"),
                }
            }
        }
        assert_eq!(asked, ["p", "pa", "par", "para"]);
        assert!(st.search.pending && st.search.matches.is_empty());
        // an answer for an older query changes nothing
        let stale = crate::core::doc::search::find(&st.doc, "pa");
        update(
            &mut st,
            Action::SearchFound {
                query: "pa".into(),
                matches: stale,
            },
        );
        assert!(st.search.pending && st.search.matches.is_empty());
        // confirming before the answer says the search is under way; the answer then lands
        update(&mut st, Action::SearchConfirm);
        assert!(st.status.as_ref().unwrap().text.starts_with("Searching"));
        let matches = crate::core::doc::search::find(&st.doc, "para");
        assert!(matches.len() > 1);
        let n = matches.len();
        update(
            &mut st,
            Action::SearchFound {
                query: "para".into(),
                matches,
            },
        );
        assert!(!st.search.pending);
        assert_eq!(st.search.matches.len(), n);
        assert_eq!(st.search.current, Some(0));
        assert_eq!(
            st.status.as_ref().unwrap().text,
            format!("{n} matches for “para”")
        );
        let first = st.search.matches[0].start;
        let line = st.layout.line_for_offset(first);
        assert!((st.viewport.top..st.viewport.top + st.page_height()).contains(&line));
    }

    #[test]
    fn big_documents_show_a_partial_layout_then_the_full_one_at_the_same_place() {
        let (mut st, width) = big_app();
        assert_eq!(st.layout_pending, Some(width));
        let partial = st.layout.len();
        keys(&mut st, "jjjjj<C-d>");
        let offset = st.reading_offset();
        assert!(offset > 0);
        let ready = full(&st, width);
        assert!(update(&mut st, ready).is_empty());
        assert_eq!(st.layout_pending, None);
        assert!(st.layout.len() > partial * 2);
        assert_eq!(st.reading_offset(), offset);
        assert_eq!(st.viewport.top, st.layout.line_for_offset(offset));
        // the full layout is cached: the same width again asks for nothing
        assert!(
            update(
                &mut st,
                Action::Resize {
                    width: 120,
                    height: 40
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn a_layout_for_a_stale_width_is_dropped_and_the_new_width_requested() {
        let (mut st, old) = big_app();
        let effects = update(
            &mut st,
            Action::Resize {
                width: 90,
                height: 30,
            },
        );
        let new = st.text_columns().unwrap().0;
        assert_ne!(new, old);
        assert!(
            matches!(effects.as_slice(), [Effect::LayoutInBackground { width, .. }] if *width == new)
        );
        let stale = full(&st, old);
        update(&mut st, stale);
        assert_eq!(st.layout_pending, Some(new));
        assert_eq!(st.layout.width, new);
        let ready = full(&st, new);
        update(&mut st, ready);
        assert_eq!(st.layout_pending, None);
    }

    #[test]
    fn a_position_loaded_during_the_partial_layout_survives_the_full_one() {
        let (mut st, width) = big_app();
        let target = st.doc.source.len() * 3 / 4;
        update(&mut st, Action::PositionLoaded(target));
        let at = st.reading_offset();
        assert!(at <= target && at + 200 > target, "{at} vs {target}");
        assert!((74..=75).contains(&st.percent()));
        let ready = full(&st, width);
        update(&mut st, ready);
        assert_eq!(st.reading_offset(), at);
        assert_eq!(st.viewport.top, st.layout.line_for_offset(at));
        assert!((74..=75).contains(&st.percent()));
    }

    #[test]
    fn jumps_beyond_a_partial_layout_do_not_panic() {
        let (mut st, _) = big_app();
        keys(&mut st, "G/Paragraph 5 of section 39<Enter>nN]]gG");
        assert!(st.viewport.top <= st.max_top());
        assert!(st.layout_pending.is_some());
    }
}
