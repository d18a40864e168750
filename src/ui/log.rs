//! The `H` overlay: the messages of this session in full, newest first, wrapped to the box
//! (rows and scroll come from `core::app::log`, so the view only draws them).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use crate::core::app::keymap::KeyMode;
use crate::core::app::log;
use crate::core::app::state::{AppState, MessageLevel};
use crate::ui::theme::Theme;
use crate::ui::{pane_block, rect};

pub struct MessageLogOverlay<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

impl Widget for &MessageLogOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(view) = log::view(self.state) else {
            return;
        };
        let r = rect(view.area, area);
        Clear.render(r, buf);
        let close = self
            .state
            .keymap
            .keys_for(KeyMode::Messages, "messages")
            .first()
            .map_or_else(|| "Esc".to_owned(), ToString::to_string);
        let title = if view.max_scroll() > 0 {
            format!(" Messages, newest first (j/k scroll, {close} close) ")
        } else {
            format!(" Messages, newest first ({close} close) ")
        };
        let block = pane_block(&title, true, self.theme);
        let inner = block.inner(r);
        block.render(r, buf);
        let rows = view.rows.iter().skip(self.state.log.scroll);
        for (y, row) in (inner.y..inner.y + inner.height).zip(rows) {
            let style = match row.level {
                MessageLevel::Error => self.theme.error_text(),
                MessageLevel::Info => self.theme.text(),
            };
            let line = Line::from(Span::styled(row.text.as_str(), style));
            buf.set_line(inner.x + 1, y, &line, inner.width.saturating_sub(2));
        }
    }
}
