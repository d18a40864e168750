//! The status bar: mode, file name, current section, messages, position and the help hint.
//!
//! The right side (position, hint) is fixed; the left side (name › section, or the search
//! prompt) gets what is left and is cut, never wrapped, so the bar is always one line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::core::app::keymap::KeyMode;
use crate::core::app::state::{AppState, MessageLevel, Mode};
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::str_width;
use crate::ui::theme::Theme;

pub struct StatusBar<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

impl StatusBar<'_> {
    /// The right-hand side: mouse state, position and how to get help.
    fn right(&self) -> String {
        let st = self.state;
        let hint = st
            .keymap
            .keys_for(KeyMode::Normal, "help")
            .first()
            .map(|k| format!("{k} help"))
            .unwrap_or_default();
        let mouse = if st.mouse_capture {
            ""
        } else {
            "mouse off │ "
        };
        let entities = crate::ui::entities::progress(st).unwrap_or_default();
        let loading = st
            .loading
            .as_ref()
            .map(|l| format!("loading {}% │ ", l.percent))
            .unwrap_or_default();
        format!(" {loading}{entities}{mouse}{:>3}% │ {hint} ", st.percent())
    }

    fn mode(&self) -> &'static str {
        match self.state.mode {
            Mode::Normal => " READ ",
            Mode::Search => " SEARCH ",
            Mode::Help => " HELP ",
            Mode::EntityFilter => " FILTER ",
            Mode::MarkEntity => " MARK ",
            Mode::Visual => " SELECT ",
            Mode::Prompt => " INPUT ",
            Mode::Editor => " NOTE ",
            Mode::Choice => " ASK ",
            Mode::Messages => " LOG ",
        }
    }
}

impl Widget for &StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let st = self.state;
        let theme = self.theme;
        buf.set_style(area, theme.status());
        let right = self.right();
        let mode = self.mode();
        let right_w = u16::try_from(str_width(&right)).unwrap_or(u16::MAX);
        let mode_w = u16::try_from(str_width(mode)).unwrap_or(u16::MAX);
        let mut left: Vec<Span<'_>> = vec![Span::styled(mode, theme.status_mode())];
        if st.mode == Mode::Search {
            let q = one_line(&st.search.query);
            let count = match (st.search.matches.len(), st.search.current) {
                _ if st.search.pending => " searching…".to_owned(),
                (0, _) if !q.is_empty() => " no matches".to_owned(),
                (0, _) => String::new(),
                (n, Some(c)) => format!(" [{}/{n}]", c + 1),
                (n, None) => format!(" [{n}]"),
            };
            left.push(Span::styled(format!(" /{q}▏"), theme.status()));
            left.push(Span::styled(count, theme.status()));
        } else if st.mode == Mode::MarkEntity {
            left.push(Span::styled(
                crate::ui::entities::mark_prompt(st),
                theme.status(),
            ));
        } else if let Some(msg) = &st.status {
            // A message replaces the name until the next key: it is what the reader needs now.
            let style = match msg.level {
                MessageLevel::Info => theme.status(),
                MessageLevel::Error => theme.status_error(),
            };
            left.push(Span::styled(format!(" {}", one_line(&msg.text)), style));
        } else {
            left.push(Span::styled(format!(" {}", st.name), theme.status()));
            if let Some(section) = st.current_section_title() {
                left.push(Span::styled(
                    format!(" › {}", one_line(section)),
                    theme.status(),
                ));
            }
        }
        let left_max = area
            .width
            .saturating_sub(right_w)
            .max(mode_w.min(area.width));
        buf.set_line(area.x, area.y, &Line::from(left), left_max);
        if area.width > right_w {
            buf.set_string(area.x + area.width - right_w, area.y, right, theme.status());
        }
    }
}
