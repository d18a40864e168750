//! The sections pane: the outline as a foldable tree, the current section highlighted.
//!
//! Rows, folding, selection and the scroll window are all in `SectionsState` (settled by
//! `update`); this view only paints `rows[offset..]`, indenting by level and marking folds.
//! Inferred topics are drawn in their own style behind a `~`, paragraph entries (lead words
//! cut at a word edge) quieter than sections.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::core::app::state::AppState;
use crate::core::doc::outline::paragraph_title;
use crate::core::doc::sanitize::one_line;
use crate::core::doc::sections::SectionKind;
use crate::core::doc::text::ellipsize;
use crate::core::doc::topics::lead_words;
use crate::ui::pane_block;
use crate::ui::theme::Theme;

pub struct SectionsPane<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
    pub focused: bool,
}

impl Widget for &SectionsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = pane_block(" Sections ", self.focused, self.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let s = &self.state.sections;
        if s.items.is_empty() {
            buf.set_string(inner.x, inner.y, "(no sections)", self.theme.dim());
            return;
        }
        let min_level = s.min_level();
        // A current section hidden inside a fold lights up its listed ancestor.
        let current_row = s.current.and_then(|c| s.row_of(c));
        let selected_row = s.row_of(s.selected);
        // With entity summaries each section takes two lines: its title and a dim line naming
        // its most-mentioned entities.
        // Paragraph entries take one line.
        let summaries = &self.state.entities.section_summaries;
        let rows = s.rows.iter().enumerate().skip(s.offset);
        let bottom = inner.y.saturating_add(inner.height);
        let mut y = inner.y;
        for (row, &i) in rows {
            let per_row = crate::core::app::outline::entry_height(self.state, i);
            if y >= bottom {
                break;
            }
            let line_y = y;
            y = y.saturating_add(u16::try_from(per_row).unwrap_or(1));
            let y = line_y;
            let Some(item) = s.items.get(i) else { continue };
            let indent = indent_of(item.level, min_level);
            let marker = match (s.has_children(i), s.folded.get(i).copied().unwrap_or(false)) {
                (true, true) => "▸ ",
                (true, false) => "▾ ",
                // Paragraphs never have children: their lead words get the marker's cells.
                (false, _) if item.kind == SectionKind::Paragraph => "",
                (false, _) => "  ",
            };
            // Inferred topics are italic and marked `~`; paragraph entries are quieter.
            let (mark, base) = match item.kind {
                SectionKind::Author => ("", self.theme.text()),
                SectionKind::Topic => ("~ ", self.theme.topic_section()),
                SectionKind::Paragraph => ("", self.theme.paragraph_entry()),
            };
            let mut style = if current_row == Some(row) {
                base.patch(self.theme.current_section())
            } else {
                base
            };
            if self.focused && selected_row == Some(row) {
                style = style.patch(self.theme.selection());
            }
            let room = usize::from(inner.width)
                .saturating_sub(crate::core::doc::layout::str_width(&indent))
                .saturating_sub(crate::core::doc::layout::str_width(marker))
                .saturating_sub(crate::core::doc::layout::str_width(mark));
            // A paragraph's lead words are cut at a word edge; titles by graphemes.
            let title = if item.kind == SectionKind::Paragraph {
                // the reader's paragraph entries are named here, for the rows shown
                let named;
                let full = if item.title.is_empty() {
                    named = paragraph_title(&self.state.doc, item.block());
                    named.as_str()
                } else {
                    &item.title
                };
                lead_words(&one_line(full), room)
            } else {
                ellipsize(&one_line(&item.title), room)
            };
            let line = Line::from(vec![
                Span::raw(indent),
                Span::styled(marker, self.theme.fold_marker()),
                Span::styled(mark, self.theme.fold_marker()),
                Span::styled(title, style),
            ]);
            buf.set_line(inner.x, y, &line, inner.width);
            if per_row > 1
                && y + 1 < inner.y + inner.height
                && let Some(summary) = summaries.get(i).filter(|t| !t.is_empty())
            {
                let indent = indent_of(item.level, min_level);
                let room = usize::from(inner.width)
                    .saturating_sub(crate::core::doc::layout::str_width(&indent))
                    .saturating_sub(2);
                let line = Line::from(vec![
                    Span::raw(indent),
                    Span::raw("  "),
                    Span::styled(ellipsize(&one_line(summary), room), self.theme.dim()),
                ]);
                buf.set_line(inner.x, y + 1, &line, inner.width);
            }
        }
    }
}

fn indent_of(level: u8, min_level: u8) -> String {
    " ".repeat(usize::from(level.saturating_sub(min_level)) * 2)
}
