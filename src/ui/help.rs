//! The `?` overlay: every key binding with its description, generated from the keymap (so
//! user overrides show up), flowed into one or two columns and scrolled by `update`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use crate::core::app::state::{AppState, HELP_COLUMN};
use crate::ui::theme::Theme;
use crate::ui::{pane_block, rect};

/// Width of the keys column.
const KEYS_WIDTH: usize = 18;

pub struct HelpOverlay<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

impl HelpOverlay<'_> {
    /// The overlay's lines, in reading order.
    pub fn lines(&self) -> Vec<Line<'static>> {
        let theme = self.theme;
        let mut lines = Vec::new();
        for (i, section) in self.state.keymap.help().into_iter().enumerate() {
            if i > 0 {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(
                section.mode.title(),
                theme.help_heading(),
            )));
            for row in section.rows {
                lines.push(Line::from(vec![
                    Span::styled(format!(" {:<KEYS_WIDTH$}", row.keys), theme.help_key()),
                    Span::styled(row.description, theme.text()),
                ]));
            }
        }
        lines
    }
}

impl Widget for &HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(g) = self.state.help_geometry() else {
            return;
        };
        let r = rect(g.area, area);
        Clear.render(r, buf);
        let more = g.total_rows > g.rows;
        let title = if more {
            " Keys (j/k scroll, ? close) "
        } else {
            " Keys (? close) "
        };
        let block = pane_block(title, true, self.theme);
        let inner = block.inner(r);
        block.render(r, buf);
        let lines = self.lines();
        for col in 0..g.columns {
            let x = inner.x + u16::try_from(col).unwrap_or(0) * HELP_COLUMN;
            let width = HELP_COLUMN.min((inner.x + inner.width).saturating_sub(x));
            let first = col * g.total_rows + self.state.help_scroll;
            let last = (col + 1) * g.total_rows;
            let visible = lines.iter().take(last).skip(first).take(g.rows);
            for (y, line) in (inner.y..inner.y + inner.height).zip(visible) {
                buf.set_line(x, y, line, width);
            }
        }
    }
}
