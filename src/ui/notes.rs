//! Notes in the views: the sidebar's Notes tab ([`NotesTab`]), the tag colours, cursor and
//! selection painted over the article ([`overlays`]), and the gutter marks ([`gutter`]).
//!
//! Everything is read from `AppState` (`state.notes`, `state.cursor`); the list's scroll window
//! is derived from the selection each frame (the first entry is the lowest one that still lets
//! the selected entry fit), so the view keeps no state of its own. Tags colour the passage's
//! *background*, darkened, so entity colours (foreground) stay readable over it; the reading
//! cursor is a quiet dark underline, visible without pulling the eye.

use std::collections::BTreeMap;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::core::app::keymap::KeyMode;
use crate::core::app::notes::{Entry, PromptKind, excerpt};
use crate::core::app::state::{AppState, Mode, section_at};
use crate::core::doc::annotation::{Annotation, Placement};
use crate::core::doc::text::str_width;
use crate::ui::article::{Highlight, HighlightKind};
use crate::ui::theme::Theme;

/// The background of an annotation's passage: its first tag's colour, or a neutral one for a
/// note without tags.
fn passage_bg(state: &AppState, a: &Annotation) -> Color {
    a.effective_color(&state.notes.colors)
        .map_or(Color::Indexed(237), |c| Theme::tag_colors(c).1)
}

/// Overlays for the visible source range: tagged passages, then the cursor or selection.
pub fn overlays(state: &AppState, theme: &Theme, visible: &Range<usize>) -> Vec<Highlight> {
    let mut out = Vec::new();
    for a in &state.notes.items {
        if a.position.start > visible.end {
            break;
        }
        if a.position.end >= visible.start {
            // Without colour the passage keeps the article's tag attribute (faint).
            let bg = if theme.monochrome {
                Color::Reset
            } else {
                passage_bg(state, a)
            };
            out.push(Highlight {
                range: a.range(),
                kind: HighlightKind::Tag(bg),
            });
        }
    }
    match state.mode {
        Mode::Visual | Mode::Prompt | Mode::Editor | Mode::Choice
            if state.cursor.visual.is_some() =>
        {
            out.push(Highlight {
                range: state.cursor.target(),
                kind: HighlightKind::Selection,
            });
        }
        Mode::Normal | Mode::Search => out.push(Highlight {
            range: state.cursor.current(),
            kind: HighlightKind::Cursor,
        }),
        _ => {
            // a prompt on the current sentence: show what it applies to
            let tagging = state
                .notes
                .prompt
                .as_ref()
                .is_some_and(|p| matches!(p.kind, PromptKind::Tags(_)));
            if tagging || state.notes.editor.is_some() {
                out.push(Highlight {
                    range: state.cursor.current(),
                    kind: HighlightKind::Selection,
                });
            }
        }
    }
    out
}

/// Gutter marks for lines `top..bottom`: `✎` on the first line of a passage with a note, `│`
/// beside the other annotated lines. Sorted by line.
pub fn gutter(state: &AppState, top: usize, bottom: usize) -> Vec<(usize, char)> {
    let layout = &state.layout;
    let mut marks: BTreeMap<usize, char> = BTreeMap::new();
    for a in &state.notes.items {
        let first = layout.line_for_offset(a.position.start);
        if first >= bottom {
            break;
        }
        let last = layout.line_for_offset(a.position.end.saturating_sub(1).max(a.position.start));
        if last < top {
            continue;
        }
        for l in first.max(top)..=last.min(bottom.saturating_sub(1)) {
            marks.entry(l).or_insert('│');
        }
        if !a.body.trim().is_empty() && first >= top {
            marks.insert(first, '✎');
        }
    }
    marks.into_iter().collect()
}

/// The sidebar's Notes tab.
pub struct NotesTab<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
    pub focused: bool,
}

impl NotesTab<'_> {
    /// The lines of one entry (without the selection bar).
    fn entry_lines(&self, a: &Annotation, orphan: bool, width: usize) -> Vec<Line<'static>> {
        let st = self.state;
        let theme = self.theme;
        let mut lines = Vec::new();
        if !orphan
            && let Some(s) = section_at(&st.sections.items, a.position.start)
                .and_then(|i| (0..=i).rev().find(|&j| !st.sections.is_paragraph(j)))
                .and_then(|i| st.sections.items.get(i))
        {
            lines.push(Line::from(Span::styled(
                excerpt(&s.title, width),
                theme.dim(),
            )));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "“{}”",
                excerpt(&a.quote.exact, width.saturating_sub(3).max(1))
            ),
            theme.text().add_modifier(Modifier::ITALIC),
        )));
        lines.extend(self.drift_lines(a, width));
        if !a.tags.is_empty() {
            let mut spans = Vec::new();
            for t in &a.tags {
                let style = theme.tag(st.notes.colors.color_for(t));
                spans.push(Span::styled(format!("#{}", excerpt(t, width)), style));
                spans.push(Span::raw(" "));
            }
            lines.push(Line::from(spans));
        }
        if !a.body.trim().is_empty() {
            lines.push(Line::from(Span::styled(
                format!("✎ {}", excerpt(&a.body, width.saturating_sub(3).max(1))),
                theme.text(),
            )));
        }
        lines
    }
}

impl NotesTab<'_> {
    /// A re-anchored note's marker: how it drifted (moved; fuzzy, with how alike; orphaned),
    /// the words it was made on when they differ, and the key that settles it. Nothing for a
    /// confirmed note.
    fn drift_lines(&self, a: &Annotation, width: usize) -> Vec<Line<'static>> {
        let theme = self.theme;
        let key = |name: &str| {
            self.state
                .keymap
                .keys_for(KeyMode::Notes, name)
                .first()
                .map(ToString::to_string)
        };
        let (mark, settle) = match a.placement {
            Placement::Confirmed => return Vec::new(),
            Placement::Moved => (
                "↪ moved".to_owned(),
                key("confirm_note").map(|k| (k, "confirms")),
            ),
            Placement::Fuzzy => (
                a.similarity
                    .map_or_else(|| "≈ fuzzy".to_owned(), |s| format!("≈ fuzzy, {s}% alike")),
                key("confirm_note").map(|k| (k, "confirms")),
            ),
            Placement::Orphan => (
                "✗ orphaned".to_owned(),
                key("reattach_note").map(|k| (k, "re-attaches")),
            ),
        };
        // The key's hint beside the marker when it fits, else on a line of its own.
        let mut lines = vec![Line::from(Span::styled(
            excerpt(&mark, width),
            theme.label(),
        ))];
        if let Some((k, what)) = settle {
            let hint = format!("{k} {what}");
            if str_width(&mark) + 3 + str_width(&hint) <= width {
                lines[0] = Line::from(vec![
                    Span::styled(mark, theme.label()),
                    Span::styled(format!(" · {hint}"), theme.dim()),
                ]);
            } else {
                lines.push(Line::from(Span::styled(excerpt(&hint, width), theme.dim())));
            }
        }
        if let Some(o) = a.original.as_ref().filter(|o| o.exact != a.quote.exact) {
            lines.push(Line::from(Span::styled(
                format!(
                    "was “{}”",
                    excerpt(&o.exact, width.saturating_sub(7).max(1))
                ),
                theme.dim(),
            )));
        }
        lines
    }
}

impl Widget for &NotesTab<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let st = self.state;
        let notes = &st.notes;
        let theme = self.theme;
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        let mut header: Vec<Line<'static>> = Vec::new();
        if !notes.filter.is_empty() || (st.mode == Mode::Prompt && notes.editor.is_none()) {
            let shown = notes.entries().len();
            header.push(Line::from(Span::styled(
                format!(
                    "/{}  ({shown} of {})",
                    excerpt(&notes.filter, width),
                    notes.len()
                ),
                theme.label(),
            )));
        }
        if notes.is_empty() {
            header.push(Line::from(Span::styled("No notes yet.", theme.label())));
            header.push(Line::default());
            for hint in [
                "( ) move by sentence",
                "v   select a passage",
                "t   tag it",
                "a   write a note",
            ] {
                header.push(Line::from(Span::styled(hint, theme.dim())));
            }
        }
        let entries = notes.entries();
        // blocks: (entry index or None for a heading, lines)
        let mut blocks: Vec<(Option<usize>, Vec<Line<'static>>)> = Vec::new();
        let mut orphans_heading = false;
        for (k, &e) in entries.iter().enumerate() {
            let Some(a) = notes.annotation(e) else {
                continue;
            };
            let orphan = matches!(e, Entry::Orphan(_));
            if orphan && !orphans_heading {
                orphans_heading = true;
                blocks.push((
                    None,
                    vec![
                        Line::from(Span::styled(
                            format!("Orphans ({})", notes.orphans.len()),
                            theme.label(),
                        )),
                        Line::from(Span::styled("not found in this text; kept", theme.dim())),
                        Line::default(),
                    ],
                ));
            }
            let mut lines = self.entry_lines(a, orphan, width);
            lines.push(Line::default());
            blocks.push((Some(k), lines));
        }
        let height = usize::from(area.height);
        let avail = height.saturating_sub(header.len());
        let sel_block = blocks
            .iter()
            .position(|(k, _)| *k == Some(notes.selected))
            .unwrap_or(0);
        let mut first = 0;
        loop {
            let used: usize = blocks
                .get(first..=sel_block)
                .map_or(0, |b| b.iter().map(|(_, l)| l.len()).sum());
            if used <= avail || first >= sel_block {
                break;
            }
            first += 1;
        }
        let mut y = area.y;
        let bottom = area.y + area.height;
        for line in &header {
            if y >= bottom {
                return;
            }
            buf.set_line(area.x, y, line, area.width);
            y += 1;
        }
        for (k, lines) in blocks.iter().skip(first) {
            let selected = *k == Some(notes.selected);
            for (i, line) in lines.iter().enumerate() {
                if y >= bottom {
                    return;
                }
                if selected && i + 1 < lines.len() {
                    let bar = if self.focused { "▌" } else { "│" };
                    buf.set_string(area.x, y, bar, theme.current_section());
                }
                buf.set_line(area.x + 2, y, line, area.width.saturating_sub(2));
                y += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_and_darken() {
        let (fg, bg) = Theme::tag_colors("#ffffff");
        assert_eq!(fg, Color::Rgb(255, 255, 255));
        assert_eq!(bg, Color::Rgb(76, 76, 76));
        assert_eq!(Theme::tag_colors("red").0, Color::Yellow);
    }
}
