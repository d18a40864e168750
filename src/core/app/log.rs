//! The message log: every message the status bar showed this session, kept (the last
//! [`LOG_CAPACITY`]) so that one cut off at the terminal's width, or gone with the next key,
//! can still be read in full. `H` opens an overlay listing them newest first, each wrapped to
//! the box's width; the scrolling keys scroll it.
//!
//! The rows are wrapped here, in the core, so `update` can clamp the scroll to what there is
//! and the view only draws rows (as the help overlay's geometry lives in the state). Pure; uses
//! `core::doc::text` for widths and `sanitize` for the text (messages quote documents).

use std::collections::VecDeque;

use crate::core::app::messages::Action;
use crate::core::app::state::{AppState, MessageLevel, Mode, Rect, StatusMessage};
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::soft_wrap;

/// How many messages the log keeps (older ones drop off).
pub const LOG_CAPACITY: usize = 100;

/// Widest the overlay gets, in cells (long lines are easier to read wrapped).
const MAX_WIDTH: u16 = 100;

/// The messages of this session, oldest first, and the overlay's scroll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageLog {
    entries: VecDeque<StatusMessage>,
    /// The first row the overlay shows.
    pub scroll: usize,
}

impl MessageLog {
    /// Records a message; the same message twice in a row is kept once.
    pub fn push(&mut self, message: StatusMessage) {
        if self.entries.back() == Some(&message) {
            return;
        }
        if self.entries.len() == LOG_CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(message);
    }

    /// The messages, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &StatusMessage> {
        self.entries.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One row of the overlay: a message's first row starts with a bullet, the rest are indented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRow {
    pub text: String,
    pub level: MessageLevel,
}

/// The overlay as drawn: its box, the rows that fit in it and every row there is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogView {
    pub area: Rect,
    /// Rows inside the border.
    pub visible: usize,
    pub rows: Vec<LogRow>,
}

impl LogView {
    /// The largest scroll: the last row may rest at the bottom of the box, no further.
    pub fn max_scroll(&self) -> usize {
        self.rows.len().saturating_sub(self.visible)
    }
}

/// The overlay's box and rows, or `None` when the terminal is too small.
pub fn view(state: &AppState) -> Option<LogView> {
    let width = state.width.saturating_sub(4).clamp(1, MAX_WIDTH);
    // Inside the border and a cell of padding each side: a bullet or indent of 2 cells,
    // then the text.
    let text_width = usize::from(width.saturating_sub(6)).max(1);
    let mut rows = Vec::new();
    for m in state.log.newest_first() {
        let text = one_line(&m.text);
        for (i, r) in soft_wrap(&text, text_width).into_iter().enumerate() {
            let lead = if i == 0 { "• " } else { "  " };
            let part = text.get(r).unwrap_or_default().trim_end();
            rows.push(LogRow {
                text: format!("{lead}{part}"),
                level: m.level,
            });
        }
    }
    if rows.is_empty() {
        rows.push(LogRow {
            text: "No messages yet.".to_owned(),
            level: MessageLevel::Info,
        });
    }
    let (area, visible) = state.overlay_box(width, rows.len())?;
    Some(LogView {
        area,
        visible,
        rows,
    })
}

/// Opens the message log (at the newest message) or closes it.
pub fn toggle(state: &mut AppState) {
    state.mode = if state.mode == Mode::Messages {
        Mode::Normal
    } else {
        Mode::Messages
    };
    state.log.scroll = 0;
}

/// In the message log the scrolling keys scroll it. Returns whether it handled `action`.
pub fn scroll(state: &mut AppState, action: &Action) -> bool {
    let Some(v) = view(state) else {
        return false;
    };
    let page = v.visible.saturating_sub(1).max(1);
    let s = state.log.scroll;
    state.log.scroll = match action {
        Action::ScrollDown(n) => s.saturating_add(usize::from(*n)),
        Action::ScrollUp(n) => s.saturating_sub(usize::from(*n)),
        Action::PageDown | Action::HalfPageDown => s.saturating_add(page),
        Action::PageUp | Action::HalfPageUp => s.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => v.max_scroll(),
        _ => return false,
    }
    .min(v.max_scroll());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(text: &str) -> StatusMessage {
        StatusMessage {
            text: text.to_owned(),
            level: MessageLevel::Info,
        }
    }

    #[test]
    fn the_log_keeps_the_last_messages_once_each_newest_first() {
        let mut log = MessageLog::default();
        for i in 0..LOG_CAPACITY + 5 {
            log.push(msg(&format!("m{i}")));
            log.push(msg(&format!("m{i}")));
        }
        assert_eq!(log.len(), LOG_CAPACITY);
        let newest: Vec<&str> = log
            .newest_first()
            .take(2)
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(newest, ["m104", "m103"]);
        assert_eq!(log.newest_first().last().unwrap().text, "m5");
    }
}
