//! Views: pure functions from `&AppState` to a ratatui frame; one file per pane.
//!
//! [`draw`] reads the pane geometry the core computed (`AppState::panes`), so what is drawn and
//! what the mouse hits always agree, and never writes state back: scrolling, clamping and
//! wrapping were all settled by `update`. Every string from the document passes through
//! `sanitize` (the layout's segments already have); every style comes from [`theme::Theme`].

pub mod article;
pub mod help;
pub mod sections;
pub mod sidebar;
pub mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::core::layout::{LineKind, Role};
use crate::core::state::{AppState, Focus, MIN_HEIGHT, MIN_WIDTH, Mode, Rect as CoreRect};
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
    if state.mode == Mode::Help {
        (&help::HelpOverlay { state, theme }).render(area, buf);
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

/// The article's visible lines.
///
/// NOTE: placeholder renderer until `ui/article.rs` (`ArticleView`) lands; it draws
/// `layout.lines[top..top + height]` with per-line styles and highlights search matches in
/// segments whose text maps one-to-one onto the source.
fn render_article(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some((width, pad)) = state.text_columns() else {
        return;
    };
    let x = area.x.saturating_add(pad);
    let top = state.viewport.top;
    let lines = state
        .layout
        .lines
        .iter()
        .skip(top)
        .take(usize::from(area.height));
    for (row, line) in (area.y..).zip(lines) {
        let base = match line.kind {
            LineKind::Heading(l) => theme.heading(l),
            LineKind::Meta => theme.meta(),
            LineKind::Code => theme.code(),
            _ => theme.text(),
        };
        let mut spans = Vec::new();
        for seg in &line.segments {
            let style = match seg.role {
                Role::Heading(l) => theme.heading(l),
                Role::MetaLabel => theme.label(),
                Role::MetaValue => theme.meta(),
                Role::Decoration => theme.dim(),
                Role::Code => theme.code(),
                Role::Body => base,
            };
            push_highlighted(&mut spans, seg, style, state, theme);
        }
        buf.set_line(x, row, &Line::from(spans), width.min(area.width));
    }
}

/// Splits a segment at search-match boundaries (only where text and source coincide).
fn push_highlighted<'a>(
    spans: &mut Vec<Span<'a>>,
    seg: &'a crate::core::layout::Segment,
    style: ratatui::style::Style,
    state: &AppState,
    theme: &Theme,
) {
    let matches = &state.search.matches;
    if !seg.identity || matches.is_empty() {
        spans.push(Span::styled(seg.text.as_str(), style));
        return;
    }
    let first = matches.partition_point(|m| m.end <= seg.src.start);
    let mut pos = 0;
    for (i, m) in matches.iter().enumerate().skip(first) {
        if m.start >= seg.src.end {
            break;
        }
        let s = m.start.saturating_sub(seg.src.start).max(pos);
        let e = (m.end - seg.src.start).min(seg.text.len());
        let (Some(before), Some(hit)) = (seg.text.get(pos..s), seg.text.get(s..e)) else {
            break;
        };
        spans.push(Span::styled(before, style));
        let hl = if state.search.current == Some(i) {
            theme.search_current()
        } else {
            theme.search_match()
        };
        spans.push(Span::styled(hit, style.patch(hl)));
        pos = e;
    }
    if let Some(rest) = seg.text.get(pos..) {
        spans.push(Span::styled(rest, style));
    }
}
