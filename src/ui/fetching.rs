//! The fetching frame: what `gloss URL` shows until the page has arrived.
//!
//! Draws `&FetchingState` (core/app/fetching.rs): an empty article pane with
//! "Fetching example.com… 120 kB" in its middle, and a status bar with the cancel key. The
//! host comes from the command line, so it goes through `sanitize` like any other text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::core::app::fetching::FetchingState;
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::str_width;
use crate::ui::theme::Theme;

/// The whole fetching screen.
pub struct FetchingFrame<'a> {
    pub state: &'a FetchingState,
    pub theme: &'a Theme,
}

impl Widget for &FetchingFrame<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        if area.height == 0 || area.width == 0 {
            return;
        }
        let body = Rect::new(area.x, area.y, area.width, area.height - 1);
        let status = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
        let block = crate::ui::pane_block(" Article ", true, theme);
        let inner = block.inner(body);
        block.render(body, buf);
        let line = one_line(&self.state.line());
        let middle = inner.height / 2;
        if inner.height > 0 {
            let text = Rect::new(
                inner.x,
                inner.y + middle,
                inner.width,
                inner.height - middle,
            );
            Paragraph::new(line)
                .style(theme.text())
                .centered()
                .wrap(Wrap { trim: true })
                .render(text, buf);
        }
        buf.set_style(status, theme.status());
        let hint = format!(" {} ", FetchingState::hint());
        let hint_w = u16::try_from(str_width(&hint)).unwrap_or(u16::MAX);
        // the cancel key is worth more than the host; on a sliver of a bar, the mode alone
        let fits = hint_w <= status.width;
        let left_w = if fits {
            status.width - hint_w
        } else {
            status.width
        };
        Line::from(vec![
            Span::styled(" FETCH ", theme.status_mode()),
            Span::styled(format!(" {}", one_line(&self.state.host)), theme.status()),
        ])
        .render(Rect::new(status.x, status.y, left_w, 1), buf);
        if fits {
            Span::styled(hint, theme.status()).render(
                Rect::new(status.x + status.width - hint_w, status.y, hint_w, 1),
                buf,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::app::fetching::FetchingAction;

    fn screen(state: &FetchingState, w: u16, h: u16) -> Vec<String> {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        let theme = Theme::monochrome();
        (&FetchingFrame {
            state,
            theme: &theme,
        })
            .render(area, &mut buf);
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_owned())
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn the_frame_says_what_is_fetched_how_far_and_how_to_cancel() {
        let mut state = FetchingState::new("example.com", 60, 10);
        state.update(FetchingAction::Received {
            bytes: 122_880,
            total: None,
        });
        let rows = screen(&state, 60, 10);
        assert!(rows[0].contains("Article"), "{rows:#?}");
        assert!(
            rows.iter()
                .any(|r| r.contains("Fetching example.com… 120 kB")),
            "{rows:#?}"
        );
        let status = &rows[9];
        assert!(status.starts_with(" FETCH  example.com"), "{status}");
        assert!(status.trim_end().ends_with("q cancel"), "{status}");
    }

    #[test]
    fn control_characters_in_the_host_never_reach_the_terminal() {
        let state = FetchingState::new("evil\u{1b}[2J.example", 60, 6);
        let rows = screen(&state, 60, 6).join("\n");
        assert!(!rows.contains('\u{1b}'), "{rows}");
    }

    #[test]
    fn a_tiny_terminal_keeps_the_status_bar() {
        let state = FetchingState::new("example.com", 20, 1);
        assert_eq!(screen(&state, 20, 1), [" FETCH  ex q cancel "]);
        assert!(screen(&state, 0, 0).is_empty());
    }
}
