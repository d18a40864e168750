//! The reading cursor and the selection: moving by sentence, paragraph and word, keeping the
//! cursor in view (and the view on it), and the mouse (press, drag) on the article. Pure:
//! changes `AppState`; uses `core::doc::cursor` and the layout.

use std::ops::Range;
use std::sync::Arc;

use unicode_segmentation::UnicodeSegmentation;

use crate::core::app::state::{AppState, Focus, Mode};
use crate::core::doc::cursor::{Unit, Visual};
use crate::core::doc::layout::grapheme_width;

pub(super) fn motion(state: &mut AppState, unit: Unit, forward: bool) {
    if state.mode == Mode::Visual {
        let source = Arc::clone(&state.doc);
        state.cursor.move_head(&source.source, unit, forward);
        if let Some(v) = &state.cursor.visual {
            let h = v.head;
            reveal(state, h.saturating_sub(1)..h);
        }
        return;
    }
    let doc = Arc::clone(&state.doc);
    let src = &doc.source;
    let c = &mut state.cursor;
    let moved = match (unit, forward) {
        (Unit::Sentence, true) => c.next_sentence(src),
        (Unit::Sentence, false) => c.prev_sentence(src),
        (Unit::Paragraph, true) => c.next_paragraph(src),
        (Unit::Paragraph, false) => c.prev_paragraph(src),
        (Unit::Word, _) => false,
    };
    if !moved && unit != Unit::Word {
        state.info(if forward {
            "Last sentence"
        } else {
            "First sentence"
        });
    }
    let r = state.cursor.current();
    reveal(state, r);
}

/// Scrolls just enough to show `range` (its start a third down when it was off screen).
pub(super) fn reveal(state: &mut AppState, range: Range<usize>) {
    let layout = Arc::clone(&state.layout);
    if layout.is_empty() {
        return;
    }
    let first = layout.line_for_offset(range.start);
    let last = layout.line_for_offset(range.end.saturating_sub(1).max(range.start));
    let h = state.page_height();
    let top = state.viewport.top;
    if first < top && top - first <= h {
        // just above: scroll up to it, no further
        state.set_top(first);
    } else if first < top || first >= top + 2 * h {
        // a jump: show it a third of the way down
        state.set_top(first.saturating_sub(h / 3));
    } else if last >= top + h {
        // just below: scroll until its end (or as much as fits) is in view
        state.set_top(first.min(last + 1 - h));
    }
}

/// After every action: the cursor follows the view when scrolling left it behind, and the
/// Notes tab's selection follows the reading position while the reader is not in it.
pub fn follow_view(state: &mut AppState) {
    let layout = Arc::clone(&state.layout);
    if state.mode == Mode::Normal && !state.cursor.is_empty() && !layout.is_empty() {
        let top = state.viewport.top;
        let bottom = (top + state.page_height()).min(layout.len()) - 1;
        let start = layout.offset_of_line(top);
        let end = layout.line(bottom).map_or(0, |l| l.src.end);
        let cur = state.cursor.current();
        if cur.end <= start || cur.start >= end.max(start + 1) {
            let doc = Arc::clone(&state.doc);
            state.cursor.go_to(&doc.source, start);
        }
    }
    if state.focus != Focus::Sidebar && state.notes.filter.is_empty() {
        let here = state.cursor.current().start;
        let n = state.notes.items.len();
        let i = state
            .notes
            .items
            .partition_point(|a| a.position.end <= here);
        state.notes.selected = i.min(n.saturating_sub(1));
    }
}

pub(super) fn cancel_selection(state: &mut AppState) {
    state.notes.reattach = None;
    state.cursor.visual = None;
    if state.mode == Mode::Visual {
        state.mode = Mode::Normal;
    }
}

/// The source offset under a screen cell of the article, if it shows text.
pub fn offset_at(state: &AppState, column: u16, row: u16) -> Option<usize> {
    let inner = state.panes()?.article.inner();
    if !inner.contains(column, row) {
        return None;
    }
    let (_, pad) = state.text_columns()?;
    let line = state
        .layout
        .line(state.viewport.top + usize::from(row - inner.y))?;
    let target = usize::from(column.saturating_sub(inner.x + pad));
    let mut x = 0;
    for seg in &line.segments {
        let text = seg.text(&state.doc.source);
        if seg.identity {
            for (i, g) in text.grapheme_indices(true) {
                let w = grapheme_width(g);
                if x + w > target {
                    return Some(seg.src.start + i);
                }
                x += w;
            }
        } else {
            let w: usize = text.graphemes(true).map(grapheme_width).sum();
            if x + w > target {
                return Some(seg.src.start);
            }
            x += w;
        }
    }
    Some(line.src.end)
}

/// A left press on the article: the cursor goes to that sentence and a drag may start there.
pub fn mouse_down(state: &mut AppState, column: u16, row: u16) {
    state.notes.drag = offset_at(state, column, row);
    if let Some(o) = state.notes.drag
        && matches!(state.mode, Mode::Normal | Mode::Visual)
    {
        cancel_selection(state);
        let doc = Arc::clone(&state.doc);
        state.cursor.go_to(&doc.source, o);
    }
}

pub(super) fn mouse_drag(state: &mut AppState, column: u16, row: u16) {
    if !matches!(state.mode, Mode::Normal | Mode::Visual) {
        return;
    }
    let Some(head) = offset_at(state, column, row) else {
        return;
    };
    let origin = *state.notes.drag.get_or_insert(head);
    // Whole graphemes under the pointer: extend the end past the grapheme it is on.
    let src = &state.doc.source;
    let head = if head >= origin {
        src.get(head..)
            .and_then(|r| r.graphemes(true).next())
            .map_or(head, |g| head + g.len())
    } else {
        head
    };
    state.cursor.visual = Some(Visual {
        anchor: origin..origin,
        head,
    });
    state.mode = Mode::Visual;
    state.focus = Focus::Article;
}
