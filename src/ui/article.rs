//! The article pane's body: the visible slice of a [`Layout`], styled, with overlays.
//!
//! The layout is computed once per width (in `update`, never here); this widget only reads
//! lines `top..top + height`, so a frame costs the same for a one-page note and a 100 MB book.
//! Overlays (search matches, entities, tags, the cursor, a selection) are source byte ranges;
//! they are painted by intersecting them with each segment's source range: exactly, grapheme by
//! grapheme, for identity segments, and as a whole for segments whose text is not the source
//! (a soft break shown as a space, a control shown as its picture). The main highlight slice is
//! sorted by start and non-overlapping (search matches, entities), so each visible line finds its
//! highlights by binary search; `overlays` holds the few ranges that may overlap anything (the
//! current match, the cursor, a selection, tags) and is scanned per line.
//!
//! Every `Style` the article uses lives in [`ArticleStyles`] (built in `ui/theme.rs`): a calm
//! default palette made of
//! the terminal's own named colours (so it follows dark and light themes) and a monochrome set
//! for `NO_COLOR` built from bold, italic, underline, reverse and faint only.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;
use unicode_segmentation::UnicodeSegmentation;

use crate::core::doc::document::InlineStyle;
use crate::core::doc::layout::{Layout, Line, LineKind, Role, Segment, grapheme_width};
pub use crate::ui::theme::ArticleStyles;

/// What an overlay marks; the styles come from [`ArticleStyles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightKind {
    SearchMatch,
    CurrentMatch,
    /// A named entity; the index selects a colour from [`ArticleStyles::entities`].
    Entity(u8),
    /// A user tag: [`ArticleStyles::tag`] on the tag's colour (`Color::Reset` under `NO_COLOR`).
    Tag(Color),
    Cursor,
    Selection,
}

/// A source byte range to paint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub range: Range<usize>,
    pub kind: HighlightKind,
}

impl ArticleStyles {
    /// The style of a segment on a line of `kind`, before overlays.
    pub fn segment_style(&self, kind: LineKind, seg: &Segment) -> Style {
        let mut style = match seg.role {
            Role::Body => match kind {
                LineKind::Heading(l) => self.heading(l),
                _ => self.body,
            },
            Role::Heading(l) => self.heading(l),
            Role::MetaLabel => self.meta_label,
            Role::MetaValue => self.meta_value,
            Role::Decoration => {
                if kind == LineKind::Rule {
                    self.rule
                } else {
                    self.decoration
                }
            }
            Role::Marker => self.marker,
            Role::Code => self.code,
            Role::Control => self.control,
        };
        let s = seg.style;
        if s.contains(InlineStyle::EMPHASIS) {
            style = style.patch(self.emphasis);
        }
        if s.contains(InlineStyle::STRONG) {
            style = style.patch(self.strong);
        }
        if s.contains(InlineStyle::STRIKETHROUGH) {
            style = style.patch(self.strikethrough);
        }
        if s.contains(InlineStyle::CODE) && seg.role != Role::Code {
            style = style.patch(self.code);
        }
        if s.contains(InlineStyle::LINK) {
            style = style.patch(self.link);
        }
        if s.contains(InlineStyle::IMAGE) {
            style = style.patch(self.image);
        }
        if s.intersects(InlineStyle::FOOTNOTE_REF | InlineStyle::SUPERSCRIPT) {
            style = style.patch(self.footnote_ref);
        }
        style
    }

    fn heading(&self, level: u8) -> Style {
        let i = usize::from(level.clamp(1, 6)) - 1;
        self.headings.get(i).copied().unwrap_or(self.body)
    }

    /// The style an overlay adds.
    pub fn highlight(&self, kind: HighlightKind) -> Style {
        match kind {
            HighlightKind::SearchMatch => self.search_match,
            HighlightKind::CurrentMatch => self.current_match,
            HighlightKind::Entity(i) => {
                if self.entities.is_empty() {
                    Style::new()
                } else {
                    self.entities[usize::from(i) % self.entities.len()]
                }
            }
            HighlightKind::Tag(c) => self.tag.bg(c),
            HighlightKind::Cursor => self.cursor,
            HighlightKind::Selection => self.selection,
        }
    }
}

/// The visible part of a laid-out article.
pub struct ArticleView<'a> {
    pub layout: &'a Layout,
    /// The document's source text (identity segments are slices of it).
    pub source: &'a str,
    /// First visible line.
    pub top: usize,
    /// Sorted by start, non-overlapping (search matches, entities).
    pub highlights: &'a [Highlight],
    /// A few ranges that may overlap anything (current match, cursor, selection, tags); drawn
    /// over `highlights` in order.
    pub overlays: &'a [Highlight],
    pub styles: &'a ArticleStyles,
    /// Marked lines, sorted by line index, with the character drawn in the gutter.
    pub gutter: &'a [(usize, char)],
}

impl<'a> ArticleView<'a> {
    /// A view of `layout` from line `top`, without overlays.
    pub fn new(layout: &'a Layout, source: &'a str, top: usize, styles: &'a ArticleStyles) -> Self {
        Self {
            layout,
            source,
            top,
            highlights: &[],
            overlays: &[],
            styles,
            gutter: &[],
        }
    }

    /// The left edge of the measure inside `area` (the measure is centred in a wider pane,
    /// leaving room for the gutter on its left).
    pub fn text_x(&self, area: Rect) -> u16 {
        let measure = self.layout.width.min(area.width);
        area.x + (area.width - measure) / 2
    }
}

impl Widget for &ArticleView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let x0 = self.text_x(area);
        let right = area.right();
        for row in 0..area.height {
            let i = self.top.saturating_add(usize::from(row));
            let Some(line) = self.layout.line(i) else {
                break;
            };
            let y = area.y + row;
            if let Ok(g) = self
                .gutter
                .binary_search_by_key(&i, |&(l, _)| l)
                .map(|k| self.gutter[k].1)
            {
                let gx = if x0 >= area.x + 2 { x0 - 2 } else { area.x };
                buf[(gx, y)].set_char(g).set_style(self.styles.gutter);
            }
            self.render_line(&line, x0, right, y, buf);
        }
    }
}

impl ArticleView<'_> {
    /// Highlights (sorted slice) that may touch `src`.
    fn sorted_hits(&self, src: &Range<usize>) -> &[Highlight] {
        let hs = self.highlights;
        let lo = hs.partition_point(|h| h.range.end <= src.start);
        let hi = hs.partition_point(|h| h.range.start < src.end.max(src.start + 1));
        hs.get(lo..hi.max(lo)).unwrap_or_default()
    }

    fn render_line(&self, line: &Line, x0: u16, right: u16, y: u16, buf: &mut Buffer) {
        let hits = self.sorted_hits(&line.src);
        let overlays: Vec<&Highlight> = self
            .overlays
            .iter()
            .filter(|h| {
                intersects(&h.range, &line.src)
                    || (h.range.is_empty() && line.src.contains(&h.range.start))
            })
            .collect();
        let mut x = x0;
        for seg in &line.segments {
            let base = self.styles.segment_style(line.kind, seg);
            let text = seg.text(self.source);
            let decoration = matches!(seg.role, Role::Decoration | Role::Marker);
            for (gi, g) in text.grapheme_indices(true) {
                if g.chars().any(char::is_control) {
                    continue;
                }
                let w = cell_width(g);
                if w == 0 {
                    continue;
                }
                if x + w > right {
                    return;
                }
                let mut style = base;
                if !decoration {
                    let r = if seg.identity {
                        let s = seg.src.start + gi;
                        s..s + g.len()
                    } else {
                        seg.src.clone()
                    };
                    for h in hits.iter().chain(overlays.iter().copied()) {
                        if intersects(&h.range, &r)
                            || (h.range.is_empty() && h.range.start == r.start)
                        {
                            style = style.patch(self.styles.highlight(h.kind));
                        }
                    }
                }
                buf[(x, y)].set_symbol(g).set_style(style);
                for k in 1..w {
                    buf[(x + k, y)].reset();
                }
                x += w;
            }
        }
    }
}

fn intersects(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Cells of a grapheme, as ratatui's buffer counts them.
fn cell_width(g: &str) -> u16 {
    u16::try_from(grapheme_width(g)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::doc::document::{
        Block, BlockKind, Document, Format, Inline, Metadata, Part, span,
    };
    use crate::core::doc::layout::grapheme_width;
    use ratatui::style::Modifier;

    /// A document of a level-1 heading and paragraphs (blank-line separated), all plain.
    fn article(source: &str) -> Document {
        let mut blocks = Vec::new();
        let mut pos = 0;
        for (i, chunk) in source.split("\n\n").enumerate() {
            let range = pos..pos + chunk.len();
            pos = range.end + 2;
            let inl = vec![Inline::plain(range.clone())];
            let kind = if i == 0 {
                BlockKind::Heading {
                    level: 1,
                    inlines: inl.into(),
                }
            } else {
                BlockKind::Paragraph(inl.into())
            };
            blocks.push(Block {
                kind,
                range: span(range),
                part: Part::Body,
            });
        }
        Document {
            lazy: None,
            source: source.to_owned(),
            format: Format::PlainText,
            meta: Metadata::default(),
            blocks,
        }
    }

    /// The buffer as text, one row per line, wide glyphs not followed by their hidden cell.
    fn screen(buf: &Buffer) -> String {
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut x = 0;
            let mut row = String::new();
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                row.push_str(sym);
                x += u16::try_from(grapheme_width(sym).max(1)).unwrap();
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
        out
    }

    fn draw(view: &ArticleView, w: u16, h: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        view.render(buf.area, &mut buf);
        buf
    }

    const TEXT: &str = "China, Russia Deepen Ties\n\nChina and Russia are deepening their ties — economic, military, technological — as pressures limit their access.\n\n日本語 text with 👍🏽 emoji and e\u{301} marks.\n\nEvil \u{1b}[31mred\u{1b}]0;title\u{7} text.";

    #[test]
    fn snapshot_of_an_article_page() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        let view = ArticleView::new(&layout, &d.source, 0, &styles);
        insta::assert_snapshot!(screen(&draw(&view, 30, 16)));
    }

    #[test]
    fn the_measure_is_centred_in_a_wider_pane_and_only_visible_lines_are_drawn() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        let view = ArticleView::new(&layout, &d.source, 3, &styles);
        let buf = draw(&view, 50, 3);
        assert_eq!(view.text_x(buf.area), 10);
        let s = screen(&buf);
        let rows: Vec<&str> = s.lines().collect();
        assert_eq!(rows[0].trim(), layout.line(3).unwrap().text(&d.source));
        assert!(rows[0].starts_with("          China"), "{rows:?}");
    }

    #[test]
    fn headings_are_styled_by_level() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        let buf = draw(&ArticleView::new(&layout, &d.source, 0, &styles), 30, 4);
        let cell = &buf[(0, 0)];
        assert_eq!(cell.symbol(), "C");
        assert!(
            cell.modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        );
        assert_eq!(cell.fg, Color::Magenta);
        // body text is plain
        let body = &buf[(0, 3)];
        assert_eq!(body.symbol(), "C");
        assert_eq!(body.fg, Color::Reset);
        assert!(!body.modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn search_matches_and_the_current_match_are_highlighted_exactly() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        let hits = crate::core::doc::search::find(&d, "russia");
        assert_eq!(hits.len(), 2);
        let highlights: Vec<Highlight> = hits
            .iter()
            .map(|r| Highlight {
                range: r.clone(),
                kind: HighlightKind::SearchMatch,
            })
            .collect();
        let current = [Highlight {
            range: hits[1].clone(),
            kind: HighlightKind::CurrentMatch,
        }];
        let mut view = ArticleView::new(&layout, &d.source, 0, &styles);
        view.highlights = &highlights;
        view.overlays = &current;
        let buf = draw(&view, 30, 6);
        // "China, Russia…": R at x = 7 on the heading row
        assert_eq!(buf[(7, 0)].symbol(), "R");
        assert_eq!(buf[(7, 0)].bg, Color::Yellow);
        assert_eq!(buf[(12, 0)].bg, Color::Yellow);
        assert_eq!(
            buf[(13, 0)].bg,
            Color::Reset,
            "the space after the match is not highlighted"
        );
        assert_eq!(buf[(6, 0)].bg, Color::Reset);
        // "China and Russia are": the current match
        assert_eq!(buf[(10, 3)].symbol(), "R");
        assert_eq!(buf[(10, 3)].bg, Color::LightRed);
        assert!(buf[(10, 3)].modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn wide_glyphs_keep_their_cells_aligned() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        let row = layout
            .iter()
            .position(|l| l.text(&d.source).starts_with("日本語"))
            .unwrap();
        let buf = draw(&ArticleView::new(&layout, &d.source, row, &styles), 30, 2);
        assert_eq!(buf[(0, 0)].symbol(), "日");
        assert_eq!(buf[(2, 0)].symbol(), "本");
        assert_eq!(buf[(4, 0)].symbol(), "語");
        assert_eq!(buf[(7, 0)].symbol(), "t");
        let s = screen(&buf);
        assert!(s.contains("👍🏽 emoji"), "{s}");
        assert_eq!(buf[(17, 0)].symbol(), "👍🏽");
        assert_eq!(buf[(20, 0)].symbol(), "e", "the emoji takes two cells");
        assert_eq!(
            buf[(0, 1)].symbol(),
            "e\u{301}",
            "a combining mark stays with its base"
        );
        assert_eq!(buf[(1, 1)].symbol(), " ");
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        let buf = draw(&ArticleView::new(&layout, &d.source, 0, &styles), 30, 20);
        for cell in buf.content() {
            assert!(
                !cell
                    .symbol()
                    .chars()
                    .any(crate::core::doc::sanitize::is_unsafe),
                "{:?}",
                cell.symbol()
            );
        }
        let s = screen(&buf);
        assert!(s.contains("␛[31mred␛]0;title␇"), "{s}");
        let esc = buf.content().iter().find(|c| c.symbol() == "␛").unwrap();
        assert_eq!(esc.fg, Color::Red, "control pictures stand out");
    }

    #[test]
    fn the_gutter_marks_lines_left_of_the_measure() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        let marks = [(3, '✎')];
        let mut view = ArticleView::new(&layout, &d.source, 0, &styles);
        view.gutter = &marks;
        let buf = draw(&view, 40, 5);
        assert_eq!(buf[(3, 3)].symbol(), "✎");
        assert_eq!(buf[(3, 3)].fg, Color::Yellow);
        assert_eq!(buf[(3, 2)].symbol(), " ");
    }

    #[test]
    fn tiny_areas_and_out_of_range_tops_do_not_panic() {
        let d = article(TEXT);
        let d = std::sync::Arc::new(d);
        let layout = Layout::new(&d, 30);
        let styles = ArticleStyles::default();
        for (w, h, top) in [(1, 1, 0), (0, 0, 0), (5, 2, 1000), (3, 10, 2)] {
            let view = ArticleView::new(&layout, &d.source, top, &styles);
            let _ = draw(&view, w, h);
        }
    }

    #[test]
    fn monochrome_uses_no_colour() {
        let m = ArticleStyles::monochrome();
        let all = [
            m.body,
            m.emphasis,
            m.strong,
            m.code,
            m.link,
            m.meta_label,
            m.decoration,
            m.search_match,
            m.current_match,
            m.cursor,
            m.selection,
            m.gutter,
            m.tag,
        ]
        .into_iter()
        .chain(m.headings)
        .chain(m.entities.iter().copied());
        for s in all {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        assert!(m.search_match.add_modifier.contains(Modifier::REVERSED));
    }
}
