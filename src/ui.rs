//! Views: pure functions from `&AppState` to a ratatui frame; one file per pane.
//!
//! [`draw`] reads the pane geometry the core computed (`AppState::panes`), so what is drawn and
//! what the mouse hits always agree, and never writes state back: scrolling, clamping and
//! wrapping were all settled by `update`. Every string from the document passes through
//! `sanitize` (the layout's segments already have); every style comes from [`theme::Theme`].

pub mod article;
pub mod editor;
pub mod entities;
pub mod fetching;
pub mod help;
pub mod ledger;
pub mod library;
pub mod log;
pub mod notes;
pub mod sections;
pub mod sidebar;
pub mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::core::app::state::{AppState, Focus, MIN_HEIGHT, MIN_WIDTH, Mode, Rect as CoreRect};
use theme::Theme;

/// A core rectangle clipped to the frame.
pub fn rect(r: CoreRect, frame: Rect) -> Rect {
    Rect::new(r.x, r.y, r.width, r.height).intersection(frame)
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, theme: &Theme) {
    let area = frame.area();
    render(state, theme, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (what [`draw`] does, usable without a terminal).
pub fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(panes) = state.panes() else {
        too_small(state, theme, area, buf);
        return;
    };
    let article = rect(panes.article, area);
    let block = pane_block(" Article ", state.focus == Focus::Article, theme);
    let inner = block.inner(article);
    block.render(article, buf);
    render_article(state, theme, inner, buf);

    if let Some(r) = panes.sections {
        let r = rect(r, area);
        if panes.overlay {
            Clear.render(r, buf);
        }
        let pane = sections::SectionsPane {
            state,
            theme,
            focused: state.focus == Focus::Sections,
        };
        (&pane).render(r, buf);
    }
    if let Some(r) = panes.sidebar {
        let r = rect(r, area);
        if panes.overlay {
            Clear.render(r, buf);
        }
        let pane = sidebar::Sidebar {
            state,
            theme,
            focused: state.focus == Focus::Sidebar,
        };
        (&pane).render(r, buf);
    }
    (&status::StatusBar { state, theme }).render(rect(panes.status, area), buf);
    if state.mode == Mode::MarkEntity {
        (&entities::MarkPopup { state, theme }).render(article, buf);
    }
    editor::render(state, theme, area, rect(panes.status, area), buf);
    if state.mode == Mode::Help {
        (&help::HelpOverlay { state, theme }).render(area, buf);
    }
    if state.mode == Mode::Messages {
        (&log::MessageLogOverlay { state, theme }).render(area, buf);
    }
}

/// A bordered pane with its title; the border shows focus.
pub fn pane_block<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_style(theme.border(focused))
        .title(Span::styled(title, theme.pane_title(focused)))
}

fn too_small(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let msg = format!(
        "Terminal too small ({}×{}): gloss needs at least {MIN_WIDTH}×{MIN_HEIGHT}. q quits.",
        state.width, state.height
    );
    Paragraph::new(msg)
        .style(theme.dim())
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The article's visible lines, drawn by [`article::ArticleView`] with the search matches
/// that fall inside the visible source range (so the per-frame cost does not grow with the
/// document or the number of matches).
fn render_article(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut styles = theme.article();
    styles.entities = entities::document_palette(theme, &state.entities);
    let layout = &state.layout;
    if layout.is_empty() {
        Paragraph::new("This document is empty.")
            .style(theme.dim())
            .centered()
            .render(area, buf);
        return;
    }
    let top = state.viewport.top;
    let bottom = top.saturating_add(usize::from(area.height));
    let visible = layout.offset_of_line(top)
        ..layout
            .line(bottom.min(layout.len()).saturating_sub(1))
            .map_or(0, |l| l.src.end);
    // Entities are the sorted, non-overlapping highlights; search matches may overlap them, so
    // they go with the few overlays (all of them bounded by what is visible).
    // Tagged passages, the reading cursor and the selection come first, so search matches
    // and the current match are drawn over them.
    let highlights = entities::highlights(state, &visible);
    let mut overlays = notes::overlays(state, theme, &visible);
    let matches = &state.search.matches;
    let first = matches.partition_point(|m| m.end <= visible.start);
    let mut current = None;
    for (i, m) in matches.iter().enumerate().skip(first) {
        if m.start > visible.end {
            break;
        }
        overlays.push(article::Highlight {
            range: m.clone(),
            kind: article::HighlightKind::SearchMatch,
        });
        if state.search.current == Some(i) {
            current = Some(m.clone());
        }
    }
    overlays.extend(entities::overlays(state, &visible));
    if let Some(range) = current {
        overlays.push(article::Highlight {
            range,
            kind: article::HighlightKind::CurrentMatch,
        });
    }
    let mut view = article::ArticleView::new(layout, &state.doc.source, top, &styles);
    view.highlights = &highlights;
    view.overlays = &overlays;
    let gutter = entities::with_watch_marks(
        state,
        &visible,
        top,
        bottom,
        notes::gutter(state, top, bottom),
    );
    view.gutter = &gutter;
    (&view).render(area, buf);
}
