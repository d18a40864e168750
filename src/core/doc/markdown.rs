//! Markdown (`CommonMark` + GFM) → [`Document`], via pulldown-cmark's offset iterator.
//!
//! pulldown-cmark does the grammar; this module only folds its event stream into the
//! style-free block tree, keeping for every inline run the byte range pulldown-cmark reports,
//! so positions stay source offsets. The fold is one pass with an explicit stack of open
//! containers (quote, list, item, footnote, table) and at most one open inline context, so it
//! is linear in the input and allocates per text run, never per character. Adjacent runs that
//! are exact slices of the source with the same style are merged to keep the model lean.
//! Raw HTML is never interpreted: HTML blocks become code blocks, inline HTML plain text.
//! YAML front matter is parsed with `yaml-rust2`; `title`, `author(s)`, `date` and
//! `source`/`url` fill [`Metadata`], every key becomes a field of a front [`BlockKind::Metadata`].
//!
//! Big documents are parsed in segments (`segments`), and keep only where their top-level
//! blocks lie, building blocks again when they are read (`lazy`). Pure: uses pulldown-cmark, yaml-rust2
//! and the document model only.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Tag, TagEnd};
use yaml_rust2::{Yaml, YamlLoader};

mod lazy;
mod segments;

use segments::{SEGMENT_TARGET, SEGMENT_THRESHOLD, build, normalize_label};

use crate::core::doc::document::{
    Align, Block, BlockKind, Document, Field, Format, Inline, InlineStyle, List, ListItem,
    Metadata, Part, RunExtra, Table, exact, push_run, runs, span, to_u32,
};

/// Parses `text` as Markdown. Never panics; any input yields a document.
pub fn parse(text: String) -> Document {
    if text.len() > SEGMENT_THRESHOLD
        && let Some((store, meta)) = lazy::Store::build(&text)
    {
        return Document {
            source: text,
            format: Format::Markdown,
            meta,
            blocks: Vec::new(),
            lazy: Some(Arc::new(store)),
        };
    }
    let target = if text.len() > SEGMENT_THRESHOLD {
        SEGMENT_TARGET
    } else {
        usize::MAX
    };
    let (blocks, meta) = build(&text, target);
    Document {
        lazy: None,
        source: text,
        format: Format::Markdown,
        meta,
        blocks,
    }
}

/// The first place at or after `target` bytes where `src` can be cut with no block open
/// (see `segments::split_points`), if there is one before its end.
pub fn first_split(src: &str, target: usize) -> Option<usize> {
    let points = segments::split_points(src, target);
    points.get(1).copied().filter(|_| points.len() > 2)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Deepest container nesting kept in the model (quotes, lists, items, footnotes).
const MAX_NESTING: usize = 32;

/// An open block container.
enum Container {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List {
        first: Option<u64>,
        items: Vec<ListItem>,
    },
    Item {
        task: Option<bool>,
        blocks: Vec<Block>,
    },
    Footnote {
        label: String,
        blocks: Vec<Block>,
    },
    Table(TableCtx),
}

impl Container {
    /// Drops spare capacity before the container becomes part of the document: containers
    /// are many and mostly small (a `Vec` grows to four elements at once), and the document
    /// lives as long as the reader.
    fn shrink_to_fit(&mut self) {
        match self {
            Self::Root(blocks)
            | Self::Quote(blocks)
            | Self::Item { blocks, .. }
            | Self::Footnote { blocks, .. } => exact(blocks),
            Self::List { items, .. } => exact(items),
            Self::Table(t) => exact(&mut t.rows),
        }
    }
}

struct TableCtx {
    aligns: Vec<Align>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum InlineKind {
    Paragraph,
    Heading(u8),
    Cell,
    /// Text met directly in a container (tight list items): an implied paragraph.
    Implicit,
}

struct InlineCtx {
    kind: InlineKind,
    range: Range<usize>,
    inlines: Vec<Inline>,
    /// Whether the last run's text is exactly `source[run.range]` (so it may be extended).
    last_exact: bool,
}

/// Verbatim text being collected: a code block, an HTML block or front matter.
enum Verbatim {
    Code { lang: Option<String>, text: String },
    Front(String),
}

/// The extra shared by the runs of one link or image whose text is their source.
fn link_extra(dest: &str) -> Arc<RunExtra> {
    Arc::new(RunExtra {
        shown: None,
        url: Some(Arc::from(dest)),
    })
}

struct Builder<'s> {
    src: &'s str,
    stack: Vec<Container>,
    inline: Option<InlineCtx>,
    /// Cumulative: each entry is the union of all open inline styles up to it.
    styles: Vec<InlineStyle>,
    /// The open links and images: the extra every run showing its source inside shares.
    urls: Vec<Arc<RunExtra>>,
    verbatim: Option<Verbatim>,
    meta: Metadata,
    /// For each container start met, whether it was opened (see [`MAX_NESTING`]).
    opened: Vec<bool>,
    /// Footnote labels defined anywhere; set only for segmented parses, where a reference and
    /// its definition may sit in different segments (pulldown-cmark then yields plain text).
    footnotes: Option<&'s HashSet<String>>,
}

impl<'s> Builder<'s> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            stack: vec![Container::Root(Vec::new())],
            inline: None,
            styles: Vec::new(),
            urls: Vec::new(),
            verbatim: None,
            meta: Metadata::default(),
            footnotes: None,
            opened: Vec::new(),
        }
    }

    fn finish(mut self) -> (Vec<Block>, Metadata) {
        self.close_implicit();
        // Unbalanced containers cannot come out of pulldown-cmark, but fold them anyway.
        while self.stack.len() > 1 {
            let end = self.src.len();
            self.close_container(end..end);
        }
        let mut blocks = match self.stack.pop() {
            Some(Container::Root(blocks)) => blocks,
            _ => Vec::new(),
        };
        blocks.shrink_to_fit();
        (blocks, self.meta)
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => match &mut self.verbatim {
                Some(Verbatim::Code { text, .. } | Verbatim::Front(text)) => text.push_str(&t),
                None => self.run(&t, range, InlineStyle::empty()),
            },
            Event::Html(t) => match &mut self.verbatim {
                Some(Verbatim::Code { text, .. } | Verbatim::Front(text)) => text.push_str(&t),
                None => self.run(&t, range, InlineStyle::empty()),
            },
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.run(&t, range, InlineStyle::CODE);
            }
            Event::InlineHtml(t) => self.run(&t, range, InlineStyle::empty()),
            Event::FootnoteReference(label) => {
                self.run(&format!("[{label}]"), range, InlineStyle::FOOTNOTE_REF);
            }
            Event::SoftBreak => self.run(" ", range, InlineStyle::SOFT_BREAK),
            Event::HardBreak => self.run("\n", range, InlineStyle::empty()),
            Event::Rule => {
                self.close_implicit();
                self.push_block(BlockKind::Rule, range);
            }
            Event::TaskListMarker(checked) => {
                if let Some(Container::Item { task, .. }) = self.stack.last_mut() {
                    *task = Some(checked);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.open_inline(InlineKind::Paragraph, range),
            Tag::Heading { level, .. } => {
                #[allow(clippy::cast_possible_truncation)] // HeadingLevel is 1..=6
                self.open_inline(InlineKind::Heading(level as u8), range);
            }
            Tag::BlockQuote(_) => self.open_container(Container::Quote(Vec::new())),
            Tag::CodeBlock(kind) => {
                self.close_implicit();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.verbatim = Some(Verbatim::Code {
                    lang,
                    text: String::new(),
                });
            }
            Tag::HtmlBlock => {
                self.close_implicit();
                self.verbatim = Some(Verbatim::Code {
                    lang: Some("html".to_owned()),
                    text: String::new(),
                });
            }
            Tag::MetadataBlock(_) => {
                self.close_implicit();
                self.verbatim = Some(Verbatim::Front(String::new()));
            }
            Tag::List(first) => self.open_container(Container::List {
                first,
                items: Vec::new(),
            }),
            Tag::Item => self.open_container(Container::Item {
                task: None,
                blocks: Vec::new(),
            }),
            Tag::FootnoteDefinition(label) => self.open_container(Container::Footnote {
                label: label.to_string(),
                blocks: Vec::new(),
            }),
            Tag::Table(aligns) => self.open_container(Container::Table(TableCtx {
                aligns: aligns.iter().map(|a| align(*a)).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            })),
            Tag::TableHead | Tag::TableRow => {
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.open_inline(InlineKind::Cell, range),
            Tag::Emphasis => self.push_style(InlineStyle::EMPHASIS),
            Tag::Strong => self.push_style(InlineStyle::STRONG),
            Tag::Strikethrough => self.push_style(InlineStyle::STRIKETHROUGH),
            Tag::Superscript => self.push_style(InlineStyle::SUPERSCRIPT),
            Tag::Subscript => self.push_style(InlineStyle::empty()),
            Tag::Link { dest_url, .. } => {
                self.push_style(InlineStyle::LINK);
                self.urls.push(link_extra(&dest_url));
            }
            Tag::Image { dest_url, .. } => {
                self.push_style(InlineStyle::IMAGE);
                self.urls.push(link_extra(&dest_url));
            }
            // Not enabled; their text flows into implicit paragraphs.
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.close_inline(),
            TagEnd::TableCell => {
                let cell = self.inline.take().map(|c| c.inlines).unwrap_or_default();
                let mut cell = self.split_footnote_refs(cell);
                // cells are many and small: no spare capacity (a Vec grows to four at once)
                exact(&mut cell);
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    t.row.push(cell);
                } else if !cell.is_empty() {
                    // A table past the nesting cap: keep its text as paragraphs.
                    self.push_block(BlockKind::Paragraph(runs(cell)), range);
                }
            }
            TagEnd::TableHead => {
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    let mut row = std::mem::take(&mut t.row);
                    exact(&mut row);
                    t.rows.push(row);
                }
            }
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table => {
                self.close_implicit();
                if self.opened.pop().unwrap_or(true) {
                    self.close_container(range);
                }
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                if let Some(Verbatim::Code { lang, text }) = self.verbatim.take() {
                    let (lang, text) = (lang.map(String::into_boxed_str), text.into_boxed_str());
                    self.push_block(BlockKind::Code { lang, text }, range);
                }
            }
            TagEnd::MetadataBlock(_) => {
                if let Some(Verbatim::Front(yaml)) = self.verbatim.take() {
                    self.front_matter(&yaml, range);
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                self.styles.pop();
            }
            TagEnd::Link | TagEnd::Image => {
                self.styles.pop();
                self.urls.pop();
            }
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    /// Appends a text run to the open inline context (opening an implied paragraph if none).
    /// Pushes a style on the stack of cumulative styles (so a run's style is O(1) to find).
    fn push_style(&mut self, style: InlineStyle) {
        let current = self.styles.last().copied().unwrap_or_default();
        self.styles.push(current | style);
    }

    /// Splits `[^label]` references to footnotes defined in another segment out of plain runs
    /// (pulldown-cmark saw no definition, so it yielded them as text).
    fn split_footnote_refs(&self, inlines: Vec<Inline>) -> Vec<Inline> {
        // (a `LINES` run shows its source but for `\n`s, which cannot be part of `[^`)
        let has_ref = |i: &Inline| match i.shown_text() {
            Some(t) => t.contains("[^"),
            None => self.src.get(i.range()).is_some_and(|t| t.contains("[^")),
        };
        if self.footnotes.is_none_or(HashSet::is_empty) || !inlines.iter().any(has_ref) {
            return inlines;
        }
        let mut out = Vec::with_capacity(inlines.len());
        for run in inlines.iter().flat_map(|r| r.pieces(self.src)) {
            let run = run.into_owned();
            if !run.style.is_empty() || run.shown_text().is_some() || !has_ref(&run) {
                push_run(&mut out, self.src, run);
                continue;
            }
            let text = self.src.get(run.range()).unwrap_or_default();
            let start = run.range().start;
            let plain = |a: usize, b: usize| Inline::plain(start + a..start + b);
            let mut done = 0;
            let mut search = 0;
            while let Some(at) = text
                .get(search..)
                .and_then(|r| r.find("[^"))
                .map(|p| p + search)
            {
                let end = text
                    .get(at + 2..)
                    .and_then(|r| r.find(']'))
                    .map(|p| p + at + 2);
                let label = end.and_then(|e| text.get(at + 2..e)).unwrap_or_default();
                match end {
                    Some(e)
                        if !label.is_empty()
                            && self
                                .footnotes
                                .is_some_and(|f| f.contains(&normalize_label(label))) =>
                    {
                        if at > done {
                            push_run(&mut out, self.src, plain(done, at));
                        }
                        out.push(Inline {
                            style: InlineStyle::FOOTNOTE_REF,
                            ..Inline::shown(format!("[{label}]"), start + at..start + e + 1)
                        });
                        done = e + 1;
                        search = done;
                    }
                    _ => search = at + 2,
                }
            }
            if done < text.len() {
                push_run(&mut out, self.src, plain(done, text.len()));
            }
        }
        out
    }

    fn run(&mut self, text: &str, range: Range<usize>, extra: InlineStyle) {
        let style = self.styles.last().copied().unwrap_or_default() | extra;
        let link = if style.intersects(InlineStyle::LINK | InlineStyle::IMAGE) {
            self.urls.last().cloned()
        } else {
            None
        };
        let ctx = self.inline.get_or_insert_with(|| InlineCtx {
            kind: InlineKind::Implicit,
            range: range.clone(),
            inlines: Vec::new(),
            last_exact: false,
        });
        ctx.range.end = ctx.range.end.max(range.end);
        let exact = self.src.get(range.clone()) == Some(text);
        if exact && style.is_empty() && link.is_none() {
            // plain text: merged with the plain text before it, hard-wrapped lines included
            push_run(&mut ctx.inlines, self.src, Inline::plain(range));
            ctx.last_exact = true;
            return;
        }
        if exact
            && ctx.last_exact
            && let Some(last) = ctx.inlines.last_mut()
            && last.range().end == range.start
            && last.style == style
            && last.extra == link
        {
            last.range.end = to_u32(range.end);
            return;
        }
        let extra = if exact || style.contains(InlineStyle::SOFT_BREAK) {
            link
        } else {
            Some(Arc::new(RunExtra {
                shown: Some(text.to_owned()),
                url: link.and_then(|l| l.url.clone()),
            }))
        };
        ctx.inlines.push(Inline {
            range: span(range),
            style,
            extra,
        });
        ctx.last_exact = exact;
    }

    fn open_inline(&mut self, kind: InlineKind, range: Range<usize>) {
        self.close_implicit();
        self.inline = Some(InlineCtx {
            kind,
            range,
            inlines: Vec::new(),
            last_exact: false,
        });
    }

    fn close_implicit(&mut self) {
        if self
            .inline
            .as_ref()
            .is_some_and(|c| c.kind == InlineKind::Implicit)
        {
            self.close_inline();
        }
    }

    fn close_inline(&mut self) {
        let Some(ctx) = self.inline.take() else {
            return;
        };
        let inlines = runs(self.split_footnote_refs(ctx.inlines));
        let kind = match ctx.kind {
            InlineKind::Heading(level) => BlockKind::Heading { level, inlines },
            InlineKind::Paragraph | InlineKind::Implicit | InlineKind::Cell => {
                BlockKind::Paragraph(inlines)
            }
        };
        self.push_block(kind, ctx.range);
    }

    fn open_container(&mut self, c: Container) {
        self.close_implicit();
        // Past the nesting cap the container is not opened: its content joins the innermost
        // open one. Keeps the tree (and every recursive walk over it, drop included) shallow.
        let opened = self.stack.len() <= MAX_NESTING;
        self.opened.push(opened);
        if opened {
            self.stack.push(c);
        }
    }

    /// Pops the innermost container and attaches it to its parent.
    fn close_container(&mut self, range: Range<usize>) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(mut top) = self.stack.pop() else {
            return;
        };
        top.shrink_to_fit();
        match top {
            Container::Root(_) => {}
            Container::Quote(blocks) => {
                self.push_block(BlockKind::Quote(blocks.into_boxed_slice()), range);
            }
            Container::List { first, items } => {
                self.push_block(
                    BlockKind::List(Box::new(List {
                        start: first,
                        items,
                    })),
                    range,
                );
            }
            Container::Item { task, blocks } => {
                if let Some(Container::List { items, .. }) = self.stack.last_mut() {
                    items.push(ListItem {
                        task,
                        blocks,
                        range,
                    });
                }
            }
            Container::Footnote { label, blocks } => {
                let (label, blocks) = (label.into_boxed_str(), blocks.into_boxed_slice());
                self.push_block(BlockKind::Footnote { label, blocks }, range);
            }
            Container::Table(t) => self.push_block(
                BlockKind::Table(Box::new(Table {
                    aligns: t.aligns,
                    header: t.header,
                    rows: t.rows,
                })),
                range,
            ),
        }
    }

    fn push_block(&mut self, kind: BlockKind, range: Range<usize>) {
        let nested = self.stack.len() > 1;
        let part = match (&kind, nested) {
            (BlockKind::Footnote { .. }, _) => Part::Back,
            (BlockKind::Metadata(_), false) => Part::Front,
            _ => Part::Body,
        };
        let block = Block {
            kind,
            range: span(range),
            part,
        };
        match self.stack.last_mut() {
            Some(
                Container::Root(blocks)
                | Container::Quote(blocks)
                | Container::Item { blocks, .. }
                | Container::Footnote { blocks, .. },
            ) => blocks.push(block),
            // Lists only hold items and tables only cells; a stray block goes into the last
            // item, or is dropped rather than misplaced.
            Some(Container::List { items, .. }) => {
                if let Some(item) = items.last_mut() {
                    item.blocks.push(block);
                }
            }
            Some(Container::Table(_)) | None => {}
        }
    }

    /// YAML front matter → metadata and a front `Metadata` block.
    fn front_matter(&mut self, yaml: &str, range: Range<usize>) {
        let Ok(docs) = YamlLoader::load_from_str(yaml) else {
            // Unparseable front matter is still shown, verbatim.
            self.push_block(
                BlockKind::Code {
                    lang: Some("yaml".into()),
                    text: yaml.into(),
                },
                range,
            );
            return;
        };
        let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
            return;
        };
        let block_src = self.src.get(range.clone()).unwrap_or_default();
        let mut fields = Vec::new();
        for (key, value) in map {
            let Some(key) = scalar(&key) else { continue };
            let values: Vec<String> = match &value {
                Yaml::Array(items) => items.iter().filter_map(scalar).collect(),
                other => scalar(other).into_iter().collect(),
            };
            if values.is_empty() {
                continue;
            }
            let joined = values.join(", ");
            match key.to_ascii_lowercase().as_str() {
                "title" => self.meta.title = Some(joined.clone()),
                "author" | "authors" | "by" => self.meta.authors.extend(values.iter().cloned()),
                "date" | "published" => self.meta.date = Some(joined.clone()),
                "source" | "url" | "link" | "outlet" | "publisher" => {
                    self.meta.source.get_or_insert_with(|| joined.clone());
                }
                _ => self.meta.fields.push((key.clone(), joined.clone())),
            }
            // the value as written, if it is in the source; else shown joined over the block
            let value = block_src.find(joined.as_str()).map_or_else(
                || Inline::shown(joined.as_str(), range.clone()),
                |at| Inline::plain(range.start + at..range.start + at + joined.len()),
            );
            fields.push(Field {
                label: key,
                value: vec![value],
            });
        }
        if !fields.is_empty() {
            self.push_block(BlockKind::Metadata(fields), range);
        }
    }
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests;
