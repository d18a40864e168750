//! Every style the reader draws with, in one place: the panes' semantic styles ([`Theme`]), the
//! article's ([`ArticleStyles`]), the entity palette, tag colours and the reading cursor.
//!
//! The views never build a `Style` themselves: they ask the [`Theme`] for a semantic one
//! (`border(focused)`, `heading(level)`, `search_match`). The theme is built once from the
//! defaults, the config's `[theme]` colours and `NO_COLOR`; in monochrome it uses only
//! modifiers (bold, reversed, underline; the article adds italic, and faint for tagged
//! passages, see `ArticleStyles::monochrome`), so nothing depends on colour to be seen.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

use crate::core::app::color::{Color as ConfigColor, parse_hex_rgb};
use crate::core::app::entities::EntitiesState;
use crate::core::doc::entities::EntityKind;

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

    /// An error in a pane or overlay (the message log).
    pub fn error_text(&self) -> Style {
        if self.monochrome {
            self.text().add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
        }
    }

    pub fn help_key(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    pub fn help_heading(&self) -> Style {
        self.fg(self.heading).add_modifier(Modifier::BOLD)
    }
}

/// Every style the article pane uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleStyles {
    pub body: Style,
    /// Levels 1..=6.
    pub headings: [Style; 6],
    pub emphasis: Style,
    pub strong: Style,
    pub strikethrough: Style,
    pub code: Style,
    pub link: Style,
    pub image: Style,
    pub footnote_ref: Style,
    pub meta_label: Style,
    pub meta_value: Style,
    /// Quote bars, table borders, padding, wrap markers, the heading underline.
    pub decoration: Style,
    /// List bullets and numbers, checkboxes, footnote labels.
    pub marker: Style,
    pub rule: Style,
    pub search_match: Style,
    pub current_match: Style,
    pub cursor: Style,
    pub selection: Style,
    /// Entity colours, indexed by `HighlightKind::Entity(i) % len`.
    pub entities: Vec<Style>,
    /// A tagged or noted passage, under its tag colour.
    pub tag: Style,
    /// The note marker drawn in the gutter.
    pub gutter: Style,
    /// Pictures of control characters from the document (`␛`).
    pub control: Style,
}

impl Default for ArticleStyles {
    fn default() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            body: Style::new(),
            headings: [
                bold.fg(Color::Magenta).add_modifier(Modifier::UNDERLINED),
                bold.fg(Color::Magenta),
                bold.fg(Color::Blue),
                bold,
                bold.add_modifier(Modifier::ITALIC),
                Style::new().add_modifier(Modifier::ITALIC),
            ],
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: bold,
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: Style::new().fg(Color::Green),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            image: Style::new().fg(Color::Blue).add_modifier(Modifier::ITALIC),
            footnote_ref: Style::new().fg(Color::Blue),
            meta_label: Style::new().fg(Color::DarkGray),
            meta_value: Style::new().add_modifier(Modifier::ITALIC),
            decoration: Style::new().fg(Color::DarkGray),
            marker: Style::new().fg(Color::Blue),
            rule: Style::new().fg(Color::DarkGray),
            search_match: Style::new().bg(Color::Yellow).fg(Color::Black),
            current_match: Style::new()
                .bg(Color::LightRed)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            selection: Style::new().bg(Color::Blue).fg(Color::White),
            entities: vec![
                Style::new().fg(Color::Cyan),
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Red),
                Style::new().fg(Color::Magenta),
            ],
            tag: Style::new(),
            gutter: Style::new().fg(Color::Yellow),
            control: Style::new().fg(Color::Red),
        }
    }
}

impl ArticleStyles {
    /// Styles for `NO_COLOR`: bold, italic, underline and reverse only.
    pub fn monochrome() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        let underline = Style::new().add_modifier(Modifier::UNDERLINED);
        let reverse = Style::new().add_modifier(Modifier::REVERSED);
        Self {
            body: Style::new(),
            headings: [
                bold.add_modifier(Modifier::UNDERLINED),
                bold,
                bold,
                bold,
                bold.add_modifier(Modifier::ITALIC),
                italic,
            ],
            emphasis: italic,
            strong: bold,
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: Style::new(),
            link: underline,
            image: italic,
            footnote_ref: Style::new(),
            meta_label: italic,
            meta_value: Style::new(),
            decoration: Style::new(),
            marker: Style::new(),
            rule: Style::new(),
            search_match: reverse,
            current_match: reverse.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            cursor: underline.add_modifier(Modifier::BOLD),
            selection: reverse,
            entities: vec![underline],
            // Faint: the one attribute that no entity type, search match, cursor or
            // selection uses on its own, so a tagged passage reads as such without colour.
            tag: Style::new().add_modifier(Modifier::DIM),
            gutter: bold,
            control: reverse,
        }
    }
}

impl Theme {
    /// The article's styles for this theme (monochrome under `NO_COLOR`).
    pub fn article(&self) -> ArticleStyles {
        let mut styles = if self.monochrome {
            ArticleStyles::monochrome()
        } else {
            ArticleStyles {
                headings: [1, 2, 3, 4, 5, 6].map(|l| self.heading(l)),
                search_match: self.search_match(),
                current_match: self.search_current(),
                cursor: cursor_style(),
                ..ArticleStyles::default()
            }
        };
        styles.entities = self.entity_palette();
        styles
    }

    /// The style of entity slot `slot` (see `EntitiesState::color_index`).
    pub fn entity(&self, slot: usize) -> Style {
        entity_slot(self, slot)
    }

    /// All entity slots, for `ArticleStyles::entities`.
    pub fn entity_palette(&self) -> Vec<Style> {
        (0..SLOTS).map(|i| entity_slot(self, i)).collect()
    }

    /// The style of an entity type in this document (a custom type in the user's colour).
    pub fn entity_kind(&self, entities: &EntitiesState, kind: &EntityKind) -> Style {
        entity_kind(self, entities, kind)
    }

    /// A tag's colour as a text colour (the Notes tab) and as a darkened background (the
    /// article).
    pub fn tag_colors(hex: &str) -> (Color, Color) {
        tag_colors(hex)
    }

    /// A tag written in the Notes tab: in its colour (bold without colour).
    pub fn tag(&self, hex: &str) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(tag_colors(hex).0)
        }
    }
}

/// Style slots: the core types, then custom types, then the emphasis of the selected entity.
pub const SLOTS: usize = 32;
/// The slot used to emphasise the selected entity's mentions.
pub const EMPHASIS: u8 = 31;

/// displaCy's colours for the core types (PERSON, ORG, GPE, LOC, NORP, DATE, MONEY, PERCENT).
const CORE_COLORS: [(u8, u8, u8); 8] = [
    (0xaa, 0x9c, 0xfc),
    (0x7a, 0xec, 0xec),
    (0xfe, 0xca, 0x74),
    (0xff, 0x95, 0x61),
    (0xc8, 0x87, 0xfb),
    (0xbf, 0xe1, 0xd9),
    (0xe4, 0xe7, 0xd2),
    (0xe4, 0xe7, 0xd2),
];

/// Colours for custom types, cycled.
const CUSTOM_COLORS: [(u8, u8, u8); 5] = [
    (0x9c, 0xc9, 0xcc),
    (0xff, 0xeb, 0x80),
    (0xff, 0x81, 0x97),
    (0xf0, 0xd0, 0xff),
    (0xdd, 0xdd, 0xdd),
];

/// The modifiers that tell a slot apart without colour.
fn modifiers(slot: usize) -> Modifier {
    const M: [Modifier; 8] = [
        Modifier::BOLD,
        Modifier::UNDERLINED,
        Modifier::ITALIC,
        Modifier::ITALIC.union(Modifier::UNDERLINED),
        Modifier::BOLD.union(Modifier::ITALIC),
        Modifier::BOLD.union(Modifier::UNDERLINED),
        Modifier::BOLD
            .union(Modifier::ITALIC)
            .union(Modifier::UNDERLINED),
        Modifier::DIM.union(Modifier::UNDERLINED),
    ];
    M[slot % M.len()]
}

/// The style of entity slot `slot` (see [`EntitiesState::color_index`]).
fn entity_slot(theme: &Theme, slot: usize) -> Style {
    if slot == usize::from(EMPHASIS) {
        return Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    }
    let m = Style::new().add_modifier(modifiers(slot));
    if theme.monochrome {
        return m;
    }
    let (r, g, b) = CORE_COLORS.get(slot).copied().unwrap_or_else(|| {
        CUSTOM_COLORS[slot.saturating_sub(CORE_COLORS.len()) % CUSTOM_COLORS.len()]
    });
    m.bg(Color::Rgb(r, g, b)).fg(Color::Black)
}

/// The style of a type in this document (a custom type in the colour the user gave it).
fn entity_kind(theme: &Theme, entities: &EntitiesState, kind: &EntityKind) -> Style {
    let s = entity_slot(theme, entities.color_index(kind));
    match entities.custom_color(kind) {
        Some((r, g, b)) if !theme.monochrome => s.bg(Color::Rgb(r, g, b)),
        _ => s,
    }
}

/// The reading cursor: a dark underline under the current sentence.
fn cursor_style() -> Style {
    Style::new()
        .add_modifier(Modifier::UNDERLINED)
        .underline_color(Color::DarkGray)
}

/// A tag's colour as a text colour (the Notes tab) and as a darkened background (the article).
fn tag_colors(hex: &str) -> (Color, Color) {
    match parse_hex_rgb(hex) {
        Some((r, g, b)) => {
            let dim = |v: u8| u8::try_from(u16::from(v) * 3 / 10).unwrap_or(v);
            (Color::Rgb(r, g, b), Color::Rgb(dim(r), dim(g), dim(b)))
        }
        None => (Color::Yellow, Color::DarkGray),
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
