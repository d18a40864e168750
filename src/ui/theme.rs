//! Every style the reader draws with, in one place.
//!
//! The views never build a `Style` themselves: they ask the [`Theme`] for a semantic one
//! (`border(focused)`, `heading(level)`, `search_match`). The theme is built once from the
//! defaults, the config's `[theme]` colours and `NO_COLOR`; in monochrome it uses only
//! modifiers (bold, reversed, underline; the article adds italic, and faint for tagged
//! passages, see `ArticleStyles::monochrome`), so nothing depends on colour to be seen.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

use crate::core::app::config::Color as ConfigColor;

/// The terminal colour for a config colour.
pub fn color(c: ConfigColor) -> Color {
    match c {
        ConfigColor::Reset => Color::Reset,
        ConfigColor::Black => Color::Black,
        ConfigColor::Red => Color::Red,
        ConfigColor::Green => Color::Green,
        ConfigColor::Yellow => Color::Yellow,
        ConfigColor::Blue => Color::Blue,
        ConfigColor::Magenta => Color::Magenta,
        ConfigColor::Cyan => Color::Cyan,
        ConfigColor::Gray => Color::Gray,
        ConfigColor::DarkGray => Color::DarkGray,
        ConfigColor::LightRed => Color::LightRed,
        ConfigColor::LightGreen => Color::LightGreen,
        ConfigColor::LightYellow => Color::LightYellow,
        ConfigColor::LightBlue => Color::LightBlue,
        ConfigColor::LightMagenta => Color::LightMagenta,
        ConfigColor::LightCyan => Color::LightCyan,
        ConfigColor::White => Color::White,
        ConfigColor::Indexed(i) => Color::Indexed(i),
        ConfigColor::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

/// The reader's palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub monochrome: bool,
    pub accent: Color,
    pub border: Color,
    pub text: Color,
    pub dim: Color,
    pub heading: Color,
    pub link: Color,
    pub code: Color,
    pub search_match: Color,
    pub status_fg: Color,
    pub status_bg: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            monochrome: false,
            accent: Color::Cyan,
            border: Color::DarkGray,
            text: Color::Reset,
            dim: Color::Gray,
            heading: Color::LightYellow,
            link: Color::LightBlue,
            code: Color::LightGreen,
            search_match: Color::Yellow,
            status_fg: Color::White,
            status_bg: Color::Indexed(236),
        }
    }
}

impl Theme {
    /// The default palette with the config's colours on top; `monochrome` (from `NO_COLOR`)
    /// wins over everything.
    pub fn new(overrides: &BTreeMap<String, ConfigColor>, monochrome: bool) -> Self {
        if monochrome {
            return Self::monochrome();
        }
        let mut t = Self::default();
        for (slot, &c) in overrides {
            let c = color(c);
            match slot.as_str() {
                "accent" => t.accent = c,
                "border" => t.border = c,
                "text" => t.text = c,
                "dim" => t.dim = c,
                "heading" => t.heading = c,
                "link" => t.link = c,
                "code" => t.code = c,
                "search_match" => t.search_match = c,
                "status_fg" => t.status_fg = c,
                "status_bg" => t.status_bg = c,
                _ => {}
            }
        }
        t
    }

    /// No colours at all: structure by modifiers only.
    pub fn monochrome() -> Self {
        Self {
            monochrome: true,
            accent: Color::Reset,
            border: Color::Reset,
            text: Color::Reset,
            dim: Color::Reset,
            heading: Color::Reset,
            link: Color::Reset,
            code: Color::Reset,
            search_match: Color::Reset,
            status_fg: Color::Reset,
            status_bg: Color::Reset,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.monochrome {
            Style::new()
        } else {
            Style::new().fg(c)
        }
    }

    pub fn text(&self) -> Style {
        self.fg(self.text)
    }

    pub fn dim(&self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            self.fg(self.dim)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.accent).add_modifier(Modifier::BOLD)
        } else {
            self.fg(self.border)
        }
    }

    pub fn pane_title(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.accent).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    pub fn heading(&self, level: u8) -> Style {
        let s = self.fg(self.heading).add_modifier(Modifier::BOLD);
        match level {
            1 => s.add_modifier(Modifier::UNDERLINED),
            2 => s,
            _ => s
                .remove_modifier(Modifier::BOLD)
                .add_modifier(Modifier::ITALIC),
        }
    }

    pub fn meta(&self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }

    pub fn code(&self) -> Style {
        self.fg(self.code)
    }

    pub fn link(&self) -> Style {
        self.fg(self.link).add_modifier(Modifier::UNDERLINED)
    }

    pub fn search_match(&self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().bg(self.search_match).fg(Color::Black)
        }
    }

    pub fn search_current(&self) -> Style {
        self.search_match()
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The section the reader is in (scroll-spy).
    pub fn current_section(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a focused list.
    pub fn selection(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// An inferred topic in the sections pane: italic (and marked `~` by the view), so it is
    /// never taken for a heading the author wrote.
    pub fn topic_section(&self) -> Style {
        self.fg(self.text).add_modifier(Modifier::ITALIC)
    }

    /// A paragraph entry (lead words) in the sections pane: quieter than the sections.
    pub fn paragraph_entry(&self) -> Style {
        self.dim()
    }

    pub fn fold_marker(&self) -> Style {
        self.dim()
    }

    pub fn label(&self) -> Style {
        self.dim().add_modifier(Modifier::BOLD)
    }

    pub fn status(&self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().fg(self.status_fg).bg(self.status_bg)
        }
    }

    pub fn status_mode(&self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(self.accent)
                .add_modifier(Modifier::BOLD)
        }
    }

    pub fn status_error(&self) -> Style {
        if self.monochrome {
            self.status().add_modifier(Modifier::BOLD)
        } else {
            self.status()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD)
        }
    }

    pub fn help_key(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    pub fn help_heading(&self) -> Style {
        self.fg(self.heading).add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_defaults() {
        let mut o = BTreeMap::new();
        o.insert("accent".to_owned(), ConfigColor::Rgb(1, 2, 3));
        let t = Theme::new(&o, false);
        assert_eq!(t.accent, Color::Rgb(1, 2, 3));
        assert_eq!(t.border(true).fg, Some(Color::Rgb(1, 2, 3)));
        assert_eq!(t.heading, Theme::default().heading);
    }

    #[test]
    fn monochrome_uses_no_colour() {
        let mut o = BTreeMap::new();
        o.insert("accent".to_owned(), ConfigColor::Red);
        let t = Theme::new(&o, true);
        for s in [
            t.border(true),
            t.heading(1),
            t.search_match(),
            t.status(),
            t.current_section(),
        ] {
            assert!(s.fg.is_none() || s.fg == Some(Color::Reset), "{s:?}");
            assert!(s.bg.is_none() || s.bg == Some(Color::Reset), "{s:?}");
        }
        assert!(t.search_match().add_modifier.contains(Modifier::REVERSED));
    }
}
