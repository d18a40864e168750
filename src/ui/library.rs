//! The library screen: a table of articles (title, outlet, date, progress, notes, tags, last
//! opened), the filter or search prompt, search results with the match highlighted, help.
//!
//! Draws `&LibraryState` and nothing else; columns narrower terminals cannot hold are left
//! out (tags and last-opened first), the title takes what remains. Every style is the theme's.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::core::app::library::{
    BINDINGS, LibraryKeys, LibraryMode, LibraryRow, LibraryState, NotesGroup, SortKey,
};
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::{count, ellipsize as truncate};
use crate::ui::theme::Theme;

/// The library screen over `state`.
pub struct LibraryScreen<'a> {
    pub state: &'a LibraryState,
    pub theme: &'a Theme,
}

/// A column: which sort key it shows, its width.
struct Column {
    key: SortKey,
    width: usize,
}

/// The columns at `width`; with `watching`, the Watch column too.
fn columns(width: usize, watching: bool) -> Vec<Column> {
    let mut cols = vec![
        Column {
            key: SortKey::Title,
            width: 0,
        },
        Column {
            key: SortKey::Outlet,
            width: 16,
        },
        Column {
            key: SortKey::Date,
            width: 10,
        },
        Column {
            key: SortKey::Progress,
            width: 4,
        },
        Column {
            key: SortKey::Notes,
            width: 5,
        },
        Column {
            key: SortKey::Watched,
            width: 6,
        },
        Column {
            key: SortKey::Tags,
            width: 20,
        },
        Column {
            key: SortKey::Opened,
            width: 10,
        },
    ];
    if !watching {
        cols.retain(|c| !matches!(c.key, SortKey::Watched));
    }
    if width < 110 {
        cols.retain(|c| !matches!(c.key, SortKey::Tags));
    }
    if width < 80 {
        cols.retain(|c| !matches!(c.key, SortKey::Opened | SortKey::Outlet));
    }
    let fixed: usize = cols.iter().map(|c| c.width + 2).sum();
    if let Some(title) = cols.first_mut() {
        title.width = width.saturating_sub(fixed + 2).max(10);
    }
    cols
}

fn cell(row: &LibraryRow, key: SortKey) -> String {
    match key {
        SortKey::Title => one_line(&row.title),
        SortKey::Outlet => one_line(&row.outlet),
        SortKey::Date => one_line(&row.date),
        SortKey::Progress => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let p = (row.progress.clamp(0.0, 1.0) * 100.0).round() as u32;
            if p == 0 { "·".into() } else { format!("{p}%") }
        }
        SortKey::Notes => {
            if row.notes == 0 {
                "·".into()
            } else {
                row.notes.to_string()
            }
        }
        SortKey::Tags => row
            .tags
            .iter()
            .map(|t| format!("#{}", one_line(t)))
            .collect::<Vec<_>>()
            .join(" "),
        SortKey::Opened => row.opened.get(..10).unwrap_or("").to_owned(),
        SortKey::Watched => {
            if row.watched == 0 {
                "·".into()
            } else {
                row.watched.to_string()
            }
        }
    }
}

pub(crate) fn pad(s: &str, width: usize, right: bool) -> String {
    let s = truncate(s, width);
    let fill = " ".repeat(width.saturating_sub(s.width()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

fn right_aligned(key: SortKey) -> bool {
    matches!(key, SortKey::Progress | SortKey::Notes | SortKey::Watched)
}

impl Widget for &LibraryScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let st = self.state;
        let theme = self.theme;
        if area.height < 4 || area.width < 20 {
            Paragraph::new("terminal too small").render(area, buf);
            return;
        }
        let width = usize::from(area.width);
        let what = if st.archived {
            count(st.total, "archived article", "archived articles")
        } else {
            count(st.total, "article", "articles")
        };
        let mut head = format!(" Library — {what}");
        if matches!(st.mode(), LibraryMode::Notes | LibraryMode::NotesFilter) {
            let by = match st.group {
                NotesGroup::Article => "by article",
                NotesGroup::Tag => "by tag",
            };
            // while the rest loads, what the library holds
            let passages = if st.notes.len() < st.notes_total {
                st.notes_total
            } else {
                st.note_rows.len()
            };
            head = format!(" Notes — {}, {by}", count(passages, "passage", "passages"));
            if !st.note_filter.is_empty() {
                let _ = write!(head, " · filter “{}”", one_line(&st.note_filter));
            }
        }
        if st.mode() == &LibraryMode::Entities {
            head = crate::ui::ledger::head(st);
        } else if !st.filter.is_empty() {
            let _ = write!(
                head,
                " · {} shown for “{}”",
                st.visible.len(),
                one_line(&st.filter)
            );
        }
        line(
            buf,
            area,
            0,
            Line::styled(pad(&head, width, false), theme.pane_title(true)),
        );

        let body = Rect::new(
            area.x,
            area.y + 2,
            area.width,
            area.height.saturating_sub(3),
        );
        match st.mode() {
            LibraryMode::Results => self.results(body, buf),
            LibraryMode::Help => self.help(body, buf),
            LibraryMode::Notes | LibraryMode::NotesFilter => self.notes(body, buf),
            LibraryMode::Entities => crate::ui::ledger::render(st, theme, body, buf),
            _ => self.table(area, body, buf),
        }
        self.status(area, buf);
    }
}

#[allow(clippy::needless_pass_by_value)] // callers build the line in the call
pub(crate) fn line(buf: &mut Buffer, area: Rect, y: u16, l: Line<'_>) {
    if y < area.height {
        buf.set_line(area.x, area.y + y, &l, area.width);
    }
}

impl LibraryScreen<'_> {
    fn table(&self, area: Rect, body: Rect, buf: &mut Buffer) {
        let st = self.state;
        let theme = self.theme;
        let cols = columns(usize::from(area.width), st.watching);
        let mut header = vec![Span::raw(" ")];
        for c in &cols {
            let mut label = c.key.label().to_owned();
            if let Some((k, desc)) = st.sort
                && k == c.key
            {
                label.push(if desc { '▼' } else { '▲' });
            }
            header.push(Span::styled(
                pad(&label, c.width, right_aligned(c.key)),
                theme.label(),
            ));
            header.push(Span::raw("  "));
        }
        line(buf, area, 1, Line::from(header));
        if st.visible.is_empty() {
            let msg = if st.rows.is_empty() {
                "The library is empty: open an article, or gloss add PATH…"
            } else {
                "No article matches the filter (Esc clears it)"
            };
            line(buf, body, 0, Line::styled(format!(" {msg}"), theme.dim()));
            return;
        }
        for (y, &i) in st
            .visible
            .iter()
            .enumerate()
            .skip(st.offset)
            .take(usize::from(body.height))
            .map(|(n, i)| (n - st.offset, i))
        {
            let Some(row) = st.rows.get(i) else { continue };
            let selected = st.offset + y == st.selected;
            let base = if selected {
                theme.selection()
            } else {
                theme.text()
            };
            let mut spans = vec![Span::styled(if selected { "›" } else { " " }, base)];
            for c in &cols {
                let style = if matches!(c.key, SortKey::Title) || selected {
                    base
                } else {
                    theme.dim()
                };
                spans.push(Span::styled(
                    pad(&cell(row, c.key), c.width, right_aligned(c.key)),
                    style,
                ));
                spans.push(Span::styled("  ", base));
            }
            line(
                buf,
                body,
                u16::try_from(y).unwrap_or(u16::MAX),
                Line::from(spans),
            );
        }
    }

    fn results(&self, body: Rect, buf: &mut Buffer) {
        let st = self.state;
        let theme = self.theme;
        if st.searching {
            line(buf, body, 0, Line::styled(" searching…", theme.dim()));
            return;
        }
        if st.results.is_empty() {
            line(buf, body, 0, Line::styled(" No results", theme.dim()));
            return;
        }
        let per = 3usize;
        let fit = (usize::from(body.height) / per).max(1);
        let first = st.result_selected.saturating_sub(fit - 1);
        let width = usize::from(body.width).saturating_sub(4);
        for (n, r) in st.results.iter().enumerate().skip(first).take(fit) {
            let y = u16::try_from((n - first) * per).unwrap_or(u16::MAX);
            let selected = n == st.result_selected;
            let style = if selected {
                theme.selection()
            } else {
                theme.text()
            };
            let title = format!(
                "{} {}  [{}]",
                if selected { "›" } else { " " },
                one_line(&r.title),
                r.kind
            );
            line(
                buf,
                body,
                y,
                Line::styled(truncate(&title, usize::from(body.width)), style),
            );
            line(
                buf,
                body,
                y + 1,
                snippet_line(&r.snippet, r.mark.clone(), width, theme),
            );
        }
    }

    /// One line per passage: its group (shown once), the quote around the filter's word, the
    /// article's title and date.
    fn notes(&self, body: Rect, buf: &mut Buffer) {
        let st = self.state;
        let theme = self.theme;
        if !st.notes_loaded {
            line(buf, body, 0, Line::styled(" loading notes…", theme.dim()));
            return;
        }
        if st.note_rows.is_empty() {
            line(buf, body, 0, Line::styled(" No notes", theme.dim()));
            return;
        }
        let width = usize::from(body.width);
        let group_w = (width / 5).clamp(10, 28);
        let source_w = (width / 4).clamp(12, 40);
        let quote_w = width.saturating_sub(group_w + source_w + 6);
        let word = st
            .note_filter
            .split_whitespace()
            .find(|w| !w.starts_with('#'))
            .map(str::to_lowercase);
        let mut previous = st
            .note_offset
            .checked_sub(1)
            .and_then(|i| st.note_rows.get(i))
            .map(|&r| st.group_of(r));
        for (y, &row) in st
            .note_rows
            .iter()
            .enumerate()
            .skip(st.note_offset)
            .take(usize::from(body.height))
            .map(|(n, r)| (n - st.note_offset, r))
        {
            let Some(n) = st.notes.get(row.0) else {
                continue;
            };
            let group = st.group_of(row);
            let shown_group = if previous.as_deref() == Some(group.as_str()) {
                String::new()
            } else {
                group.clone()
            };
            previous = Some(group);
            let selected = st.note_offset + y == st.note_selected;
            let base = if selected {
                theme.selection()
            } else {
                theme.text()
            };
            let quote = one_line(&n.quote);
            let quote = kwic(&quote, word.as_deref(), quote_w);
            let source = if n.date.is_empty() {
                one_line(&n.title)
            } else {
                format!("{}, {}", one_line(&n.title), one_line(&n.date))
            };
            let spans = vec![
                Span::styled(if selected { "›" } else { " " }, base),
                Span::styled(pad(&one_line(&shown_group), group_w, false), theme.label()),
                Span::styled("  ", base),
                Span::styled(pad(&quote, quote_w, false), base),
                Span::styled("  ", base),
                Span::styled(
                    pad(&source, source_w, false),
                    if selected { base } else { theme.dim() },
                ),
            ];
            line(
                buf,
                body,
                u16::try_from(y).unwrap_or(u16::MAX),
                Line::from(spans),
            );
        }
    }

    fn help(&self, body: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let mut y = 0;
        for (table, key, _, desc) in BINDINGS {
            if *table != LibraryKeys::List {
                continue;
            }
            let k = key.key().to_string();
            let l = Line::from(vec![
                Span::styled(format!("   {k:<10}"), theme.help_key()),
                Span::raw(*desc),
            ]);
            line(buf, body, y, l);
            y += 1;
        }
    }

    fn status(&self, area: Rect, buf: &mut Buffer) {
        let st = self.state;
        let theme = self.theme;
        let width = usize::from(area.width);
        let (text, style): (String, Style) = match st.mode() {
            LibraryMode::Filter => (format!(" /{}▏", st.filter), theme.status()),
            LibraryMode::SearchPrompt => (format!(" search: {}▏", st.query), theme.status()),
            LibraryMode::Entities if st.status.is_none() => {
                (crate::ui::ledger::status(st), theme.status())
            }
            LibraryMode::ConfirmRemove(id) => {
                let row = st.rows.iter().find(|r| r.id == *id);
                let title = row.map(|r| one_line(&r.title)).unwrap_or_default();
                let what = match row {
                    Some(r) if r.notes > 0 => {
                        let kept = if r.notes == 1 { "is" } else { "are" };
                        format!(
                            " Archive “{title}”? It has {}, which {kept} kept (y/n)",
                            count(r.notes, "note", "notes")
                        )
                    }
                    _ => format!(" Remove “{title}” from the library? (y/n)"),
                };
                (what, theme.status_error())
            }
            _ => match &st.status {
                Some(s) => (format!(" {}", one_line(s)), theme.status()),
                None => (
                    " Enter open · / filter · s search · d remove · 1–7 sort · ? help · q quit"
                        .to_owned(),
                    theme.status(),
                ),
            },
        };
        line(
            buf,
            area,
            area.height - 1,
            Line::styled(pad(&text, width, false), style),
        );
    }
}

/// Keyword in context: `quote` cut to `width` cells with `word` (lower-case) in view.
fn kwic(quote: &str, word: Option<&str>, width: usize) -> String {
    let at = word.and_then(|w| quote.to_lowercase().find(w)).unwrap_or(0);
    if at == 0 || quote.width() <= width {
        return quote.to_owned();
    }
    // start a third of the width before the word, at a character boundary
    let mut start = quote
        .char_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i <= at)
        .collect::<Vec<_>>();
    let back = width / 3;
    let keep = start.len().saturating_sub(back);
    let from = start.drain(..).nth(keep).unwrap_or(0);
    format!("…{}", quote.get(from..).unwrap_or(quote))
}

/// A snippet with its match highlighted, cut to `width` cells around the match.
fn snippet_line(
    snippet: &str,
    mark: std::ops::Range<usize>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let before = snippet.get(..mark.start).unwrap_or_default();
    let matched = snippet.get(mark.clone()).unwrap_or_default();
    let after = snippet.get(mark.end..).unwrap_or_default();
    // keep the match visible: drop the start of `before` when the line is too long
    let room = width
        .saturating_sub(matched.width())
        .saturating_sub(after.width().min(width / 2));
    let mut b = before;
    let mut cut = false;
    while !b.is_empty() && b.width() + usize::from(cut) > room {
        let next = b.char_indices().nth(1).map_or(b.len(), |(i, _)| i);
        b = b.get(next..).unwrap_or_default();
        cut = true;
    }
    let b = if cut { format!("…{b}") } else { b.to_owned() };
    let used = b.width() + matched.width();
    Line::from(vec![
        Span::raw("    "),
        Span::styled(b, theme.dim()),
        Span::styled(matched.to_owned(), theme.search_match()),
        Span::styled(truncate(after, width.saturating_sub(used)), theme.dim()),
    ])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::app::library::{LibraryAction, SearchResult, update};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn rows() -> Vec<LibraryRow> {
        vec![
            LibraryRow {
                id: 2,
                title: "Chips and export controls".into(),
                outlet: "Reuters".into(),
                date: "2026-03-01".into(),
                progress: 0.42,
                notes: 3,
                tags: vec!["export-controls".into(), "chips".into()],
                opened: "2026-11-30T10:00:00Z".into(),
                ..LibraryRow::default()
            },
            LibraryRow {
                id: 1,
                title: "China, Russia Deepen Technological Ties".into(),
                outlet: "Defense One".into(),
                date: "October 4, 2019".into(),
                added: "2026-11-01T10:00:00Z".into(),
                ..LibraryRow::default()
            },
        ]
    }

    /// The screen over `st` in a `w`×`h` test terminal (monochrome).
    pub(crate) fn draw(st: &LibraryState, w: u16, h: u16) -> Terminal<TestBackend> {
        let theme = Theme::monochrome();
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| {
            let screen = LibraryScreen {
                state: st,
                theme: &theme,
            };
            let area = f.area();
            (&screen).render(area, f.buffer_mut());
        })
        .unwrap();
        term
    }

    #[test]
    fn snapshot_of_the_library_screen() {
        let st = LibraryState::new(rows(), 120, 8);
        insta::assert_snapshot!(draw(&st, 120, 8).backend());
    }

    #[test]
    fn the_selected_row_is_reversed_and_the_filter_shows() {
        let mut st = LibraryState::new(rows(), 100, 8);
        update(&mut st, LibraryAction::StartFilter);
        update(&mut st, LibraryAction::Input('r'));
        update(&mut st, LibraryAction::Input('u'));
        let term = draw(&st, 100, 8);
        let buf = term.backend().buffer();
        let text: String = (0..100).map(|x| buf[(x, 7)].symbol().to_owned()).collect();
        assert!(text.starts_with(" /ru"), "{text}");
        let first: String = (0..100).map(|x| buf[(x, 2)].symbol().to_owned()).collect();
        assert!(first.contains("China, Russia"), "{first}");
        assert!(
            buf[(1, 2)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED),
            "the selected row is drawn reversed"
        );
    }

    #[test]
    fn search_results_highlight_the_match() {
        let mut st = LibraryState::new(rows(), 80, 10);
        update(&mut st, LibraryAction::StartSearch);
        for c in "tech".chars() {
            update(&mut st, LibraryAction::Input(c));
        }
        update(&mut st, LibraryAction::Confirm);
        update(
            &mut st,
            LibraryAction::SearchDone(vec![SearchResult {
                article: 1,
                title: "China, Russia".into(),
                kind: "text",
                start: 10,
                snippet: "deepen technological ties".into(),
                mark: 7..20,
            }]),
        );
        let term = draw(&st, 80, 10);
        let buf = term.backend().buffer();
        let row: String = (0..80).map(|x| buf[(x, 3)].symbol().to_owned()).collect();
        assert!(row.contains("deepen technological ties"), "{row}");
        let at = row.find("technological").unwrap();
        let col = u16::try_from(row.get(..at).unwrap().chars().count()).unwrap();
        assert_eq!(
            buf[(col, 3)].style(),
            buf[(col, 3)]
                .style()
                .patch(Theme::monochrome().search_match())
        );
        assert_ne!(
            buf[(col - 2, 3)].modifier,
            buf[(col, 3)].modifier,
            "only the match is marked"
        );
    }
}
