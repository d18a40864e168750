//! Reading: scrolling, paging, focus and the side panes, the help overlay, resizes, the
//! mouse, and saving and restoring the reading position. Pure: changes `AppState` and returns
//! effects; uses `core::doc` and the app's state, sections and entities modules.

use crate::core::app::entities::DocHandle;
use crate::core::app::messages::{Action, Effect, LayoutHandle, Outcome, Startup, Wheel};
use crate::core::app::sections;
use crate::core::app::state::{AppState, Focus, Mode, Rect, SidebarTab, Viewport};
use crate::core::doc::annotation::DocRef;

/// Lines the mouse wheel scrolls per notch.
pub const WHEEL_LINES: usize = 3;

/// In the help overlay the scrolling keys scroll the overlay. Returns whether it handled it.
pub fn scroll_help(state: &mut AppState, action: &Action) -> bool {
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

/// Scrolls the article `n` lines down (or up).
pub fn scroll_lines(state: &mut AppState, n: u16, down: bool) {
    let n = isize::try_from(n).unwrap_or(isize::MAX);
    scroll_by(state, if down { n } else { -n });
}

pub fn hide_side_panes(state: &mut AppState) {
    state.side_panes_hidden = true;
    state.focus = Focus::Article;
    relayout(state);
}

pub fn show_side_panes(state: &mut AppState) {
    state.side_panes_hidden = false;
    if !state.is_wide() {
        state.focus = Focus::Sections;
    }
    relayout(state);
}

/// Brings hidden side panes back on a wide terminal (focusing a side pane reveals them).
pub fn reveal_side_panes(state: &mut AppState) {
    if state.is_wide() && state.side_panes_hidden {
        state.side_panes_hidden = false;
        relayout(state);
    }
}

/// Shows a sidebar tab and focuses the sidebar (revealing hidden side panes).
pub fn show_sidebar_tab(state: &mut AppState, tab: SidebarTab) {
    state.sidebar_tab = tab;
    if state.focus != Focus::Sidebar {
        state.focus = Focus::Sidebar;
        reveal_side_panes(state);
    }
    crate::core::app::entities::clamp_offset(state);
}

pub fn toggle_mouse(state: &mut AppState) -> Outcome {
    state.mouse_capture = !state.mouse_capture;
    state.info(if state.mouse_capture {
        "Mouse capture on"
    } else {
        "Mouse off: select text with it (m: back on)"
    });
    vec![Effect::SetMouseCapture(state.mouse_capture)].into()
}

pub fn toggle_help(state: &mut AppState) {
    state.mode = if state.mode == Mode::Help {
        Mode::Normal
    } else {
        Mode::Help
    };
    state.help_scroll = 0;
}

pub fn quit(state: &mut AppState) -> Outcome {
    state.quitting = true;
    let mut effects: Vec<Effect> = save_position(state, true).into_iter().collect();
    effects.push(Effect::Quit);
    effects.into()
}

pub fn resize(state: &mut AppState, width: u16, height: u16) {
    // a reader at the end stays at the end: at another size the last page starts elsewhere
    let at_end = state.at_end();
    if at_end {
        state.viewport.anchor = state.doc.source.len();
    }
    state.width = width;
    state.height = height;
    relayout(state);
    if at_end {
        state.set_top(usize::MAX);
    }
}

/// An idle tick: saves the reading position if it moved.
pub fn tick(state: &mut AppState) -> Outcome {
    save_position(state, false)
        .into_iter()
        .collect::<Vec<_>>()
        .into()
}

pub fn layout_ready(state: &mut AppState, layout: LayoutHandle) {
    if state.install_layout(layout.0) {
        state.sync_sections();
    }
}

/// The reader opened: shows what the shell reported and records where the document is. A
/// document shown whole then loads what belongs to it ([`document_effects`]); a big one still
/// loading asks for the whole first (`core::app::loading`), and loads the rest once it is in.
pub fn start(state: &mut AppState, startup: Startup) -> Outcome {
    if let Some(e) = &startup.error {
        state.error(e);
    }
    state.notes.doc.path = startup.path;
    if state.is_loading() {
        return crate::core::app::loading::start(state);
    }
    document_effects(state).into()
}

/// Records the document as annotations name it, and asks for its saved position, entity
/// recognition (in the background: the first frame never waits for it) and its notes, in
/// that order.
pub fn document_effects(state: &mut AppState) -> Vec<Effect> {
    state.notes.doc = DocRef {
        fingerprint: state.fingerprint.clone(),
        path: state.notes.doc.path.take(),
        title: state.doc.title(),
    };
    let position = Effect::LoadPosition {
        fingerprint: state.fingerprint.clone(),
    };
    let recognize = crate::core::app::entities::recognize(state);
    let notes = Effect::LoadNotes {
        doc: state.notes.doc.clone(),
        text: DocHandle(std::sync::Arc::clone(&state.doc)),
    };
    vec![position, recognize, notes]
}

/// The saved reading position arrived: go there (laying out around it first when only a
/// partial layout exists yet).
pub fn position_loaded(state: &mut AppState, offset: usize) {
    let offset = offset.min(state.doc.source.len());
    lay_out_around(state, offset);
    let top = state.layout.line_for_offset(offset);
    state.set_top(top);
    state.saved_offset = Some(state.reading_offset());
    if offset > 0 {
        state.info(&format!(
            "Resumed where you left off ({}%)",
            state.percent()
        ));
    }
}

/// When only a partial layout is shown (the full one is being built for a new width), lays
/// out around source `offset` instead, so that a jump there lands on it; the full layout
/// keeps it (the anchor) when it lands.
pub(crate) fn lay_out_around(state: &mut AppState, offset: usize) {
    if let Some(width) = state.layout_pending
        && !state.layout.covers(offset)
    {
        state.viewport.anchor = offset;
        state.partial_layout(width);
    }
}

/// `g`: the top of the document (not of a partial layout's window).
pub fn top(state: &mut AppState) {
    lay_out_around(state, 0);
    state.set_top(0);
}

/// `G`: the end of the document (not of a partial layout's window).
pub fn bottom(state: &mut AppState) {
    lay_out_around(state, state.doc.source.len());
    state.set_top(usize::MAX);
}

/// Scrolls just enough to show the line of source `offset`: a third of the way down when it
/// was off screen, not at all when it is on screen.
pub fn show_offset(state: &mut AppState, offset: usize) {
    lay_out_around(state, offset);
    let line = state.layout.line_for_offset(offset);
    let h = state.page_height();
    let top = state.viewport.top;
    if line < top || line >= top + h {
        state.set_top(line.saturating_sub(h / 3));
    }
}

pub fn page(state: &AppState) -> isize {
    isize::try_from(state.page_height().saturating_sub(2).max(1)).unwrap_or(isize::MAX)
}

pub fn half_page(state: &AppState) -> isize {
    isize::try_from((state.page_height() / 2).max(1)).unwrap_or(isize::MAX)
}

pub fn scroll_by(state: &mut AppState, delta: isize) {
    let top = state.viewport.top.saturating_add_signed(delta);
    state.set_top(top);
}

pub fn relayout(state: &mut AppState) {
    state.relayout();
    state.sync_sections();
}

/// Puts the view back on a remembered position (same source offset, whatever the width now).
pub fn restore(state: &mut AppState, v: Viewport) {
    let top = state.layout.line_for_offset(v.anchor);
    state.set_top(top);
}

pub fn focus(state: &mut AppState, f: Focus) {
    state.focus = f;
    if f != Focus::Article {
        reveal_side_panes(state);
    }
    if f == Focus::Sections
        && let Some(c) = state.sections.current
    {
        state.sections.selected = c;
    }
    state.clamp_sections_offset();
}

pub fn save_position(state: &mut AppState, force: bool) -> Option<Effect> {
    if state.is_loading() {
        // positions are kept under the whole text's fingerprint, not known yet
        return None;
    }
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

pub fn mouse_scroll(state: &mut AppState, column: u16, row: u16, wheel: Wheel) {
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
        Some((Focus::Sidebar, _)) if crate::core::app::entities::tab_shown(state) => {
            crate::core::app::entities::scroll_list(state, delta);
        }
        Some((Focus::Sidebar, _)) | None => {}
    }
}

pub fn mouse_click(state: &mut AppState, column: u16, row: u16) {
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
            let r = crate::core::app::outline::row_at_line(state, usize::from(row - inner.y));
            if let Some(&i) = r.and_then(|r| state.sections.rows.get(r)) {
                state.focus = Focus::Sections;
                state.sections.selected = i;
                sections::jump_to_section(state, i);
                if !state.is_wide() {
                    state.focus = Focus::Article;
                }
                return;
            }
        }
    }
    if pane == Focus::Sidebar && crate::core::app::entities::tab_shown(state) {
        state.focus = pane;
        crate::core::app::entities::click(state, rect, row);
        return;
    }
    state.focus = pane;
}
