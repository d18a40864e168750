//! The sidebar: the tab strip and the tab `SidebarTab` selects — `Info` (title, byline, date,
//! source, word count, reading time) is drawn here; the Entities tab is `ui/entities.rs`, the
//! Notes tab `ui/notes.rs`. Reads `&AppState` only; styles come from the theme.

use crate::core::doc::text::group_thousands;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::core::app::state::{AppState, SidebarTab};
use crate::core::doc::document::Format;
use crate::core::doc::sanitize::one_line;
use crate::ui::pane_block;
use crate::ui::theme::Theme;

pub struct Sidebar<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
    pub focused: bool,
}

impl Widget for &Sidebar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = pane_block(" Sidebar ", self.focused, self.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 {
            return;
        }
        // tab strip
        let mut tabs = Vec::new();
        for tab in SidebarTab::ALL {
            let style = if tab == self.state.sidebar_tab {
                self.theme.current_section()
            } else {
                self.theme.dim()
            };
            tabs.push(Span::styled(format!(" {} ", tab.title()), style));
        }
        buf.set_line(inner.x, inner.y, &Line::from(tabs), inner.width);
        let body = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: inner.height - 1,
        };
        match self.state.sidebar_tab {
            SidebarTab::Info => info(self.state, self.theme).render(body, buf),
            SidebarTab::Entities => (&crate::ui::entities::EntitiesTab {
                state: self.state,
                theme: self.theme,
                focused: self.focused,
            })
                .render(body, buf),
            SidebarTab::Notes => (&crate::ui::notes::NotesTab {
                state: self.state,
                theme: self.theme,
                focused: self.focused,
            })
                .render(body, buf),
        }
    }
}

/// The Info tab: what the article is, who wrote it, how long it is.
fn info<'a>(state: &'a AppState, theme: &Theme) -> Paragraph<'a> {
    let doc = &state.doc;
    let meta = &doc.meta;
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut field = |label: &str, value: String| {
        lines.push(Line::from(Span::styled(label.to_owned(), theme.label())));
        lines.push(Line::from(Span::styled(value, theme.text())));
        lines.push(Line::default());
    };
    if let Some(t) = doc.title() {
        field("Title", one_line(&t));
    }
    if !meta.authors.is_empty() {
        field("By", one_line(&meta.authors.join(", ")));
    }
    if let Some(d) = &meta.date {
        field("Date", one_line(d));
    }
    if let Some(s) = &meta.source {
        field("Source", one_line(s));
    }
    for (k, v) in &meta.fields {
        field(&one_line(k), one_line(v));
    }
    let words = state.stats.words;
    field(
        "Length",
        format!(
            "{} words · ~{} min read",
            group_thousands(words),
            state.stats.reading_minutes
        ),
    );
    field("Sections", state.sections.section_count().to_string());
    let format = match doc.format {
        Format::PlainText => "plain text",
        Format::Markdown => "Markdown",
    };
    field("File", format!("{} ({format})", state.name));
    Paragraph::new(lines).wrap(Wrap { trim: false })
}
