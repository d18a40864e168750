//! The note editor overlay and the one-line notes prompts (tags, filter, questions) drawn
//! over the status bar.
//!
//! The editor soft-wraps each line of the note at the box's width, grapheme by grapheme, so the
//! cursor's screen cell follows from the text alone and long paragraphs stay visible; the box
//! scrolls to keep the cursor's row in view. An error from the last save is shown inside the
//! box: the text stays there until it is saved or knowingly discarded.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_segmentation::UnicodeSegmentation;

use crate::core::app::editor::TextArea;
use crate::core::app::keymap::KeyMode;
use crate::core::app::notes::{Choice, Pending, PromptKind};
use crate::core::app::state::{AppState, MessageLevel, Mode};
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::{grapheme_width, soft_wrap};
use crate::ui::pane_block;
use crate::ui::theme::Theme;

/// Draws whatever notes input is open: the editor box, and the prompt or question line.
pub fn render(state: &AppState, theme: &Theme, area: Rect, status: Rect, buf: &mut Buffer) {
    if matches!(state.mode, Mode::Editor | Mode::Choice) && state.notes.editor.is_some() {
        editor_box(state, theme, area, buf);
    }
    let line = match (state.mode, &state.notes.prompt, state.notes.choice) {
        (Mode::Prompt, Some(p), _) => {
            let (label, hint) = match p.kind {
                PromptKind::Tags(_) => (" TAGS ", "  Tab completes · Enter saves · Esc cancels"),
                PromptKind::Filter { .. } => {
                    (" FILTER ", "  #tag or text · Enter keeps · Esc clears")
                }
            };
            let mut spans = vec![
                Span::styled(label, theme.status_mode()),
                Span::styled(format!(" {}▏", one_line(&p.line.text)), theme.status()),
            ];
            match &state.status {
                Some(m) if m.level == MessageLevel::Error => {
                    spans.push(Span::styled(
                        format!("  {}", one_line(&m.text)),
                        theme.status_error(),
                    ));
                }
                _ => spans.push(Span::styled(hint, theme.status())),
            }
            Some(Line::from(spans))
        }
        (Mode::Choice, _, Some(Choice::Discard)) => Some(Line::from(vec![
            Span::styled(" ASK ", theme.status_mode()),
            Span::styled(" Discard the changes to this note? (y/n)", theme.status()),
        ])),
        (Mode::Choice, _, Some(Choice::Conflict)) => Some(Line::from(vec![
            Span::styled(" CONFLICT ", theme.status_mode()),
            Span::styled(conflict_question(state), theme.status()),
        ])),
        (Mode::Choice, _, Some(Choice::Export)) => Some(Line::from(vec![
            Span::styled(" EXPORT ", theme.status_mode()),
            Span::styled(
                " m Markdown · j JSON · c CSV · w W3C JSON-LD · Esc cancels",
                theme.status(),
            ),
        ])),
        (Mode::Visual, _, _) if state.status.is_none() => Some(Line::from(vec![
            Span::styled(" SELECT ", theme.status_mode()),
            Span::styled(visual_hint(state), theme.status()),
        ])),
        _ => None,
    };
    if let Some(line) = line {
        buf.set_style(status, theme.status());
        for x in status.x..status.x + status.width {
            buf[(x, status.y)].set_symbol(" ");
        }
        buf.set_line(status.x, status.y, &line, status.width);
    }
}

/// The choices a conflict offers: a lost edit or tags can go on top, give way or become a new
/// note; a lost delete can go ahead or give way.
fn conflict_question(state: &AppState) -> &'static str {
    match state.notes.conflict.as_ref() {
        Some(c) if c.from == Pending::Delete => {
            " Another window changed this note: d delete it anyway · t keep theirs · Esc keep it"
        }
        Some(c) if c.theirs.is_none() => {
            " Another window deleted this note: m mine on top · t let it go · n mine as a new note · Esc back"
        }
        _ => {
            " Another window changed this note: m mine on top · t theirs · n mine as a new note · Esc back"
        }
    }
}

/// What can be done with a selection, with the keys the keymap binds (keys are data).
fn visual_hint(state: &AppState) -> String {
    let key = |mode: KeyMode, name: &str| {
        state
            .keymap
            .keys_for(mode, name)
            .first()
            .map(ToString::to_string)
    };
    let mut parts = Vec::new();
    for (mode, name, what) in [
        (KeyMode::Normal, "tag", "tag"),
        (KeyMode::Normal, "annotate", "note"),
        (KeyMode::Normal, "next_sentence", "extend"),
        (KeyMode::Visual, "extend_word", "word"),
        (KeyMode::Visual, "cancel", "cancel"),
    ] {
        if let Some(k) = key(mode, name) {
            parts.push(format!("{k} {what}"));
        }
    }
    format!(" {}", parts.join(" · "))
}

fn cells(s: &str) -> usize {
    s.graphemes(true).map(|g| grapheme_width(g).max(1)).sum()
}

/// Rows of the soft-wrapped text, and the cursor's (row, column).
fn wrap(t: &TextArea, width: usize) -> (Vec<String>, (usize, usize)) {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut cursor = (0, 0);
    for (li, line) in t.lines.iter().enumerate() {
        let ranges = soft_wrap(line, width);
        let last = ranges.len() - 1;
        for (k, r) in ranges.into_iter().enumerate() {
            if li == t.row && t.col >= r.start && (t.col < r.end || k == last) {
                let x = cells(line.get(r.start..t.col).unwrap_or_default());
                cursor = (rows.len(), x);
            }
            rows.push(line.get(r).unwrap_or_default().to_owned());
        }
        if li == t.row && cursor.1 >= width {
            // at the end of a full row: the cursor waits at the start of the next one
            rows.push(String::new());
            cursor = (rows.len() - 1, 0);
        }
    }
    (rows, cursor)
}

fn editor_box(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(ed) = &state.notes.editor else {
        return;
    };
    let w = area.width.saturating_sub(4).min(72);
    let h = area.height.saturating_sub(3).min(16);
    if w < 10 || h < 4 {
        return;
    }
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height.saturating_sub(1) - h) / 2,
        width: w,
        height: h,
    };
    Clear.render(r, buf);
    let title = format!(" Note on “{}” ", one_line(&ed.quote));
    let block = pane_block(&title, true, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.height < 2 {
        return;
    }
    let text_h = usize::from(inner.height - 1);
    let (rows, (crow, ccol)) = wrap(&ed.text, usize::from(inner.width));
    let first = (crow + 1).saturating_sub(text_h);
    for (i, row) in rows.iter().skip(first).take(text_h).enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(0);
        buf.set_stringn(
            inner.x,
            y,
            one_line(row),
            usize::from(inner.width),
            theme.text(),
        );
    }
    // the cursor cell
    if let (Ok(cy), Ok(cx)) = (u16::try_from(crow - first), u16::try_from(ccol))
        && cy < inner.height - 1
        && cx < inner.width
    {
        let cell = &mut buf[(inner.x + cx, inner.y + cy)];
        cell.set_style(cell.style().add_modifier(Modifier::REVERSED));
    }
    let foot_y = inner.y + inner.height - 1;
    let foot = match &state.status {
        Some(m) if m.level == MessageLevel::Error => {
            Span::styled(one_line(&m.text), theme.status_error())
        }
        _ => Span::styled("Ctrl-s save · Esc close · #words become tags", theme.dim()),
    };
    buf.set_line(inner.x, foot_y, &Line::from(foot), inner.width);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_places_the_cursor() {
        let t = TextArea::new("abcdef\ngh");
        let (rows, cur) = wrap(&t, 4);
        assert_eq!(rows, ["abcd", "ef", "gh"]);
        assert_eq!(cur, (2, 2));
        let t = TextArea::new("one two three");
        let (rows, cur) = wrap(&t, 8);
        assert_eq!(rows, ["one two ", "three"], "breaks after a space");
        assert_eq!(cur, (1, 5));
        let mut t = TextArea::new("abcd");
        let (rows, cur) = wrap(&t, 4);
        assert_eq!(rows, ["abcd", ""]);
        assert_eq!(cur, (1, 0));
        t.home();
        t.right();
        assert_eq!(wrap(&t, 4).1, (0, 1));
    }
}
