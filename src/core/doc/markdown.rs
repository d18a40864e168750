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

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{
    Alignment, BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd,
};
use yaml_rust2::{Yaml, YamlLoader};

use crate::core::doc::document::{
    Align, Block, BlockKind, Document, Field, Format, Inline, InlineStyle, List, ListItem,
    Metadata, Part, RunExtra, Table,
};

/// Parses `text` as Markdown. Never panics; any input yields a document.
pub fn parse(text: String) -> Document {
    let target = if text.len() > SEGMENT_THRESHOLD {
        SEGMENT_TARGET
    } else {
        usize::MAX
    };
    let (blocks, meta) = build(&text, target);
    Document {
        source: text,
        format: Format::Markdown,
        meta,
        blocks,
    }
}

/// Documents larger than this are parsed in segments (see [`split_points`]).
const SEGMENT_THRESHOLD: usize = 4 << 20;
/// The size segments aim for.
const SEGMENT_TARGET: usize = 1 << 20;

/// Folds the events of `src`, parsed in segments of about `target` bytes.
///
/// pulldown-cmark builds a tree of the whole input before yielding events; on a 100 MB file
/// that tree alone is a few hundred megabytes. Cutting the text where no block can be open
/// (see [`split_points`]) keeps that transient small, and link reference definitions are
/// collected up front so references still resolve across segments. Runs of segments are
/// parsed on all cores at once.
fn build(src: &str, target: usize) -> (Vec<Block>, Metadata) {
    let splits = split_points(src, target);
    let (refs, footnotes) = if splits.len() > 2 {
        reference_definitions(src)
    } else {
        (HashMap::new(), HashSet::new())
    };
    let segments: Vec<Range<usize>> = splits.windows(2).map(|w| w[0]..w[1]).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8)
        .min(segments.len().max(1));
    if threads <= 1 {
        return build_segments(src, &segments, &refs, &footnotes);
    }
    // No block is open across a segment boundary, so runs of segments parse independently
    // (one builder each) and their blocks concatenate; front matter can only be in the first.
    let per = segments.len().div_ceil(threads);
    let parts: Vec<(Vec<Block>, Metadata)> = std::thread::scope(|s| {
        let handles: Vec<_> = segments
            .chunks(per)
            .map(|run| s.spawn(|| build_segments(src, run, &refs, &footnotes)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    // grow the first part in place rather than copy every part into a new vector
    let total: usize = parts.iter().map(|p| p.0.len()).sum();
    let mut parts = parts.into_iter();
    let (mut blocks, meta) = parts.next().unwrap_or_default();
    blocks.reserve_exact(total - blocks.len());
    for (b, _) in parts {
        blocks.extend(b);
    }
    (blocks, meta)
}

/// Folds the events of `segments` of `src` (contiguous, each ending where no block is open)
/// into blocks with one builder.
fn build_segments(
    src: &str,
    segments: &[Range<usize>],
    refs: &HashMap<String, &str>,
    footnotes: &HashSet<String>,
) -> (Vec<Block>, Metadata) {
    let mut b = Builder::new(src);
    b.footnotes.clone_from(footnotes);
    for r in segments {
        let Some(segment) = src.get(r.clone()) else {
            continue;
        };
        let mut resolve = |link: BrokenLink<'_>| {
            refs.get(&normalize_label(&link.reference))
                .map(|url| (CowStr::Borrowed(url), CowStr::Borrowed("")))
        };
        let parser = Parser::new_with_broken_link_callback(segment, options(), Some(&mut resolve));
        for (event, range) in parser.into_offset_iter() {
            b.event(event, range.start + r.start..range.end + r.start);
        }
    }
    b.finish()
}

/// Segment boundaries (first 0, last `src.len()`): a line that starts with an ASCII letter at
/// column 0 right after a blank line, outside fenced code and raw HTML blocks, at least
/// `target` bytes after the previous boundary. Such a line can only open a new top-level
/// paragraph: every list, quote, table, footnote or indented code block has ended before it.
///
/// Only top-level fences (at column 0) and raw HTML blocks are tracked. Where the scan cannot
/// be sure — a fence-like line that is indented, inside a list or quote, or inside HTML that
/// may be paragraph text — it stops splitting and the rest is parsed whole: slower, never
/// wrong. When unsure whether a raw HTML block started, it assumes it did (it ends later).
fn split_points(src: &str, target: usize) -> Vec<usize> {
    let mut points = vec![0];
    if target < src.len() {
        let bytes = src.as_bytes();
        // (marker byte, run length) of an open top-level fence
        let mut fence: Option<(u8, usize)> = None;
        let mut html_end: Option<&'static str> = None;
        let mut html_until_blank = false;
        let mut prev_blank = false;
        let mut at = 0;
        while at < bytes.len() {
            let end = bytes
                .get(at..)
                .and_then(|r| r.iter().position(|&c| c == b'\n'))
                .map_or(bytes.len(), |p| at + p);
            let line = src.get(at..end).unwrap_or_default();
            let blank = line.trim().is_empty();
            let first = line.bytes().next();
            if prev_blank
                && first.is_some_and(|c| c.is_ascii_alphabetic())
                && fence.is_none()
                && html_end.is_none()
                && !html_until_blank
                && at - points.last().copied().unwrap_or(0) >= target
            {
                points.push(at);
            }
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let inner = strip_containers(line);
            let fence_like = |s: &str| {
                s.bytes().take_while(|&c| c == b'`').count() >= 3
                    || s.bytes().take_while(|&c| c == b'~').count() >= 3
            };
            let top_level = inner.len() == line.len();
            if let Some(marker) = html_end {
                if contains_ignore_case(line, marker) {
                    html_end = None;
                }
            } else if let Some((ch, len)) = fence {
                let n = trimmed.bytes().take_while(|&c| c == ch).count();
                if indent <= 3 && n >= len && trimmed.get(n..).is_some_and(|r| r.trim().is_empty())
                {
                    fence = None;
                }
            } else if !top_level && (fence_like(inner) || inner.starts_with('<')) {
                // Indented or inside a list or quote: which construct this belongs to depends
                // on context the scan does not track.
                break;
            } else if fence_like(inner) {
                if html_until_blank {
                    break; // HTML that may be paragraph text: ambiguous
                }
                let ch = inner.as_bytes().first().copied().unwrap_or(b'`');
                fence = Some((ch, inner.bytes().take_while(|&c| c == ch).count()));
            } else if html_until_blank {
                if blank {
                    html_until_blank = false;
                } else if inner.starts_with('<') && html_block_end(inner).is_some() {
                    // A raw block interrupting paragraph text, or more of the same HTML?
                    break;
                }
            } else if inner.starts_with('<') {
                html_end = html_block_end(inner)
                    .filter(|m| !contains_ignore_case(inner.get(1..).unwrap_or_default(), m));
                html_until_blank = html_end.is_none();
            }
            prev_blank = blank;
            at = end + 1;
        }
    }
    points.push(src.len());
    points
}

/// `line` without leading whitespace, block-quote markers and list markers.
fn strip_containers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let t = rest.trim_start();
        let next = if let Some(r) = t.strip_prefix('>') {
            r
        } else if let Some(r) = t
            .strip_prefix(['-', '*', '+'])
            .filter(|r| r.starts_with([' ', '\t']))
        {
            r
        } else {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            match t.get(digits..) {
                Some(r) if digits > 0 && (r.starts_with(". ") || r.starts_with(") ")) => {
                    r.get(1..).unwrap_or_default()
                }
                _ => return t,
            }
        };
        rest = next;
    }
}

/// The end marker of a raw HTML block that may span blank lines (`CommonMark` types 1–5).
fn html_block_end(line: &str) -> Option<&'static str> {
    let lower = line
        .get(..line.len().min(12))
        .unwrap_or_default()
        .to_ascii_lowercase();
    [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
        ("<!--", "-->"),
        ("<?", "?>"),
        ("<![cdata[", "]]>"),
        ("<!", ">"),
    ]
    .iter()
    .find(|(open, _)| lower.starts_with(open))
    .map(|(_, end)| *end)
}

fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `[label]: destination` lines (outside fences), label normalised, destination borrowed;
/// and the labels of footnote definitions (`[^label]:`).
fn reference_definitions(src: &str) -> (HashMap<String, &str>, HashSet<String>) {
    let mut refs = HashMap::new();
    let mut footnotes = HashSet::new();
    let mut fence: Option<u8> = None;
    for line in src.lines() {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 {
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            let c = t.as_bytes()[0];
            fence = match fence {
                Some(open) if open == c => None,
                None => Some(c),
                other => other,
            };
            continue;
        }
        if fence.is_some() || !t.starts_with('[') {
            continue;
        }
        if let Some(label) = t
            .strip_prefix("[^")
            .and_then(|r| r.split_once("]:"))
            .map(|p| p.0)
        {
            footnotes.insert(normalize_label(label));
            continue;
        }
        let Some(close) = t.find("]:") else { continue };
        let (Some(label), Some(rest)) = (t.get(1..close), t.get(close + 2..)) else {
            continue;
        };
        let Some(dest) = rest.split_whitespace().next() else {
            continue;
        };
        let dest = dest
            .strip_prefix('<')
            .and_then(|d| d.strip_suffix('>'))
            .unwrap_or(dest);
        refs.entry(normalize_label(label)).or_insert(dest);
    }
    (refs, footnotes)
}

fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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
            | Self::Footnote { blocks, .. } => blocks.shrink_to_fit(),
            Self::List { items, .. } => items.shrink_to_fit(),
            Self::Table(t) => t.rows.shrink_to_fit(),
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
        url: Some(Arc::new(dest.to_owned())),
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
    footnotes: HashSet<String>,
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
            footnotes: HashSet::new(),
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
                cell.shrink_to_fit();
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    t.row.push(cell);
                } else if !cell.is_empty() {
                    // A table past the nesting cap: keep its text as paragraphs.
                    self.push_block(BlockKind::Paragraph(cell), range);
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
                    row.shrink_to_fit();
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
        if self.footnotes.is_empty() || !inlines.iter().any(|i| i.text(self.src).contains("[^")) {
            return inlines;
        }
        let mut out = Vec::with_capacity(inlines.len());
        for run in inlines {
            if !run.style.is_empty()
                || run.shown_text().is_some()
                || !run.text(self.src).contains("[^")
            {
                out.push(run);
                continue;
            }
            let (text, start) = (run.text(self.src), run.range.start);
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
                            && self.footnotes.contains(&normalize_label(label)) =>
                    {
                        if at > done {
                            out.push(plain(done, at));
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
                out.push(plain(done, text.len()));
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
        if exact
            && ctx.last_exact
            && let Some(last) = ctx.inlines.last_mut()
            && last.range.end == range.start
            && last.style == style
            && last.extra == link
        {
            last.range.end = range.end;
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
            range,
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
        let mut inlines = self.split_footnote_refs(ctx.inlines);
        inlines.shrink_to_fit();
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
        let block = Block { kind, range, part };
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
mod tests {
    use super::*;
    use crate::core::doc::document::inline_text;
    use proptest::prelude::*;
    use std::fmt::Write as _;

    fn doc(s: &str) -> Document {
        parse(s.to_owned())
    }

    fn para_text(src: &str, b: &Block) -> String {
        match &b.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => inline_text(src, i),
            other => panic!("not inline: {other:?}"),
        }
    }

    /// Every inline of the document, depth first.
    fn all_inlines(blocks: &[Block], out: &mut Vec<Inline>) {
        for b in blocks {
            match &b.kind {
                BlockKind::Heading { inlines, .. } | BlockKind::Paragraph(inlines) => {
                    out.extend(inlines.iter().cloned());
                }
                BlockKind::List(l) => l.items.iter().for_each(|i| all_inlines(&i.blocks, out)),
                BlockKind::Quote(b) | BlockKind::Footnote { blocks: b, .. } => all_inlines(b, out),
                BlockKind::Table(t) => {
                    t.header
                        .iter()
                        .chain(t.rows.iter().flatten())
                        .for_each(|c| out.extend(c.iter().cloned()));
                }
                BlockKind::Metadata(fields) => {
                    for f in fields {
                        out.extend(f.value.iter().cloned());
                    }
                }
                BlockKind::Code { .. } | BlockKind::Rule => {}
            }
        }
    }

    fn check_ranges(d: &Document) {
        fn walk(src: &str, blocks: &[Block]) {
            for b in blocks {
                assert!(
                    b.range.start <= b.range.end && b.range.end <= src.len(),
                    "{b:?}"
                );
                assert!(src.is_char_boundary(b.range.start) && src.is_char_boundary(b.range.end));
                match &b.kind {
                    BlockKind::List(l) => l.items.iter().for_each(|i| walk(src, &i.blocks)),
                    BlockKind::Quote(b) | BlockKind::Footnote { blocks: b, .. } => walk(src, b),
                    _ => {}
                }
            }
        }
        walk(&d.source, &d.blocks);
        let mut inl = Vec::new();
        all_inlines(&d.blocks, &mut inl);
        for i in inl {
            assert!(
                i.range.start <= i.range.end && i.range.end <= d.source.len(),
                "{i:?}"
            );
            assert!(
                d.source.is_char_boundary(i.range.start) && d.source.is_char_boundary(i.range.end)
            );
        }
    }

    #[test]
    fn headings_paragraphs_and_styles_keep_offsets() {
        let d = doc("# Title\n\nSome *emph* and **strong** and ~~gone~~ and `code`.\n");
        assert_eq!(d.format, Format::Markdown);
        assert!(matches!(
            &d.blocks[0].kind,
            BlockKind::Heading { level: 1, .. }
        ));
        assert_eq!(para_text(&d.source, &d.blocks[0]), "Title");
        let BlockKind::Paragraph(inl) = &d.blocks[1].kind else {
            panic!()
        };
        let find = |t: &str| inl.iter().find(|i| i.text(&d.source) == t).unwrap().clone();
        assert_eq!(find("emph").style, InlineStyle::EMPHASIS);
        assert_eq!(find("strong").style, InlineStyle::STRONG);
        assert_eq!(find("gone").style, InlineStyle::STRIKETHROUGH);
        assert_eq!(find("code").style, InlineStyle::CODE);
        for i in inl {
            if i.style != InlineStyle::CODE {
                assert_eq!(&d.source[i.range.clone()], i.text(&d.source), "{i:?}");
            }
        }
        assert_eq!(&d.source[find("code").range], "`code`");
        assert_eq!(d.title().as_deref(), Some("Title"));
    }

    #[test]
    fn links_and_images_keep_urls() {
        let d = doc("See [the docs](https://x.org/a) and ![a cat](cat.png).");
        let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
            panic!()
        };
        let link = inl
            .iter()
            .find(|i| i.text(&d.source) == "the docs")
            .unwrap();
        assert!(link.style.contains(InlineStyle::LINK));
        assert_eq!(link.url(), Some("https://x.org/a"));
        assert_eq!(&d.source[link.range.clone()], "the docs");
        let img = inl.iter().find(|i| i.text(&d.source) == "a cat").unwrap();
        assert!(img.style.contains(InlineStyle::IMAGE));
        assert_eq!(img.url(), Some("cat.png"));
    }

    #[test]
    fn lists_nested_ordered_and_tasks() {
        let d = doc("- a\n  - b\n- [x] done\n- [ ] todo\n\n3. three\n4. four\n");
        let BlockKind::List(l) = &d.blocks[0].kind else {
            panic!("{:?}", d.blocks)
        };
        assert_eq!(l.start, None);
        assert_eq!(l.items.len(), 3);
        assert_eq!(para_text(&d.source, &l.items[0].blocks[0]), "a");
        let BlockKind::List(inner) = &l.items[0].blocks[1].kind else {
            panic!()
        };
        assert_eq!(para_text(&d.source, &inner.items[0].blocks[0]), "b");
        assert_eq!(l.items[1].task, Some(true));
        assert_eq!(l.items[2].task, Some(false));
        assert_eq!(para_text(&d.source, &l.items[2].blocks[0]), "todo");
        let BlockKind::List(o) = &d.blocks[1].kind else {
            panic!()
        };
        assert_eq!(o.start, Some(3));
        assert_eq!(o.items.len(), 2);
        assert_eq!(&d.source[o.items[1].range.clone()].trim_end(), &"4. four");
    }

    #[test]
    fn nested_quotes_code_rules_and_html() {
        let d = doc(
            "> outer\n>> inner\n\n```rust\nfn  x() {}\n\tz\n```\n\n    indented\n\n---\n\n<div><script>x</script></div>\n",
        );
        let BlockKind::Quote(q) = &d.blocks[0].kind else {
            panic!("{:?}", d.blocks)
        };
        assert_eq!(para_text(&d.source, &q[0]), "outer");
        assert!(
            matches!(&q[1].kind, BlockKind::Quote(inner) if para_text(&d.source, &inner[0]) == "inner")
        );
        assert_eq!(
            d.blocks[1].kind,
            BlockKind::Code {
                lang: Some("rust".into()),
                text: "fn  x() {}\n\tz\n".into()
            }
        );
        assert_eq!(
            d.blocks[2].kind,
            BlockKind::Code {
                lang: None,
                text: "indented\n".into()
            }
        );
        assert_eq!(d.blocks[3].kind, BlockKind::Rule);
        let BlockKind::Code { lang, text } = &d.blocks[4].kind else {
            panic!()
        };
        assert_eq!(lang.as_deref(), Some("html"));
        assert!(text.contains("<script>"));
    }

    #[test]
    fn tables_keep_alignments_and_cells() {
        let d = doc("| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | 3 |\n");
        let BlockKind::Table(t) = &d.blocks[0].kind else {
            panic!("{:?}", d.blocks)
        };
        assert_eq!(t.aligns, vec![Align::Left, Align::Center, Align::Right]);
        assert_eq!(
            t.header
                .iter()
                .map(|c| inline_text(&d.source, c))
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][1][0].style, InlineStyle::STRONG);
        assert_eq!(&d.source[t.rows[0][2][0].range.clone()], "3");
    }

    #[test]
    fn footnotes_are_references_and_back_blocks() {
        let d = doc("Claim.[^1]\n\n[^1]: The source.\n");
        let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
            panic!()
        };
        let r = inl
            .iter()
            .find(|i| i.style == InlineStyle::FOOTNOTE_REF)
            .unwrap();
        assert_eq!(r.text(&d.source), "[1]");
        assert_eq!(&d.source[r.range.clone()], "[^1]");
        let fb = d
            .blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Footnote { .. }))
            .unwrap();
        assert_eq!(fb.part, Part::Back);
        let BlockKind::Footnote { label, blocks } = &fb.kind else {
            panic!()
        };
        assert_eq!(&**label, "1");
        assert_eq!(para_text(&d.source, &blocks[0]), "The source.");
    }

    #[test]
    fn soft_and_hard_breaks() {
        let d = doc("one\ntwo  \nthree\\\nfour");
        let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
            panic!()
        };
        let texts: Vec<&str> = inl.iter().map(|i| i.text(&d.source)).collect();
        assert_eq!(texts, ["one", " ", "two", "\n", "three", "\n", "four"]);
        assert_eq!(&d.source[inl[1].range.clone()], "\n");
    }

    #[test]
    fn front_matter_becomes_metadata() {
        let d = doc(
            "---\ntitle: \"Neon\"\nauthors: [Ann Lee, Bo Chan]\ndate: 2019-10-04\nsource: The Atlantic\ntags: x\n---\n\n# Heading\n",
        );
        assert_eq!(d.meta.title.as_deref(), Some("Neon"));
        assert_eq!(d.meta.authors, ["Ann Lee", "Bo Chan"]);
        assert_eq!(d.meta.date.as_deref(), Some("2019-10-04"));
        assert_eq!(d.meta.source.as_deref(), Some("The Atlantic"));
        assert_eq!(d.meta.fields, [("tags".to_owned(), "x".to_owned())]);
        assert_eq!(d.blocks[0].part, Part::Front);
        let BlockKind::Metadata(fields) = &d.blocks[0].kind else {
            panic!("{:?}", d.blocks)
        };
        assert_eq!(fields[0].label, "title");
        assert_eq!(&d.source[fields[0].value[0].range.clone()], "Neon");
        assert_eq!(d.title().as_deref(), Some("Neon"));
        assert!(matches!(
            d.blocks[1].kind,
            BlockKind::Heading { level: 1, .. }
        ));
    }

    #[test]
    fn bad_front_matter_is_shown_verbatim() {
        let d = doc("---\ntitle: [unclosed\n---\nbody\n");
        assert!(d.meta.title.is_none());
        assert!(
            d.blocks.iter().any(
                |b| matches!(&b.kind, BlockKind::Code { text, .. } if text.contains("unclosed"))
            )
        );
    }

    #[test]
    fn crlf_and_escapes() {
        let d = doc("# T\r\n\r\nline one\r\nline \\*two\\* &amp; \u{1b}[31mred\r\n");
        assert_eq!(para_text(&d.source, &d.blocks[0]), "T");
        let BlockKind::Paragraph(inl) = &d.blocks[1].kind else {
            panic!()
        };
        let text = inline_text(&d.source, inl);
        assert_eq!(text, "line one line *two* & \u{1b}[31mred");
        assert!(d.source.contains("\\*two\\*"));
        assert_eq!(&d.source[inl[0].range.clone()], "line one");
        check_ranges(&d);
    }

    #[test]
    fn deep_nesting_is_capped_not_a_stack_overflow() {
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match &b.kind {
                    BlockKind::Quote(inner) => 1 + depth(inner),
                    BlockKind::List(l) => {
                        1 + l.items.iter().map(|i| depth(&i.blocks)).max().unwrap_or(0)
                    }
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        let d = doc(&(">".repeat(20_000) + " deep\n"));
        assert!(depth(&d.blocks) <= MAX_NESTING + 1);
        assert!(d.source.contains("deep"));
        let mut inl = Vec::new();
        all_inlines(&d.blocks, &mut inl);
        assert_eq!(inl.len(), 1);
        let d = doc(&("- ".repeat(5_000) + "x\n"));
        assert!(depth(&d.blocks) <= 2 * MAX_NESTING + 2);
        let d = doc(&format!("---\nt: {}\n---\nx\n", "[".repeat(100_000)));
        assert!(d.meta.title.is_none());
        let d = doc(&format!("---\nt: {}\n---\nx\n", "- ".repeat(50_000)));
        assert!(d.meta.title.is_none());
        let d = doc(&("*".repeat(20_000) + "x" + &"*".repeat(20_000)));
        check_ranges(&d);
        let d = doc(&("> - ".repeat(3_000) + "| a |\n" + &"> ".repeat(3_000) + "|---|\n"));
        check_ranges(&d);
    }

    #[test]
    fn adjacent_exact_runs_are_merged() {
        let d = doc("a [b c\n");
        let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
            panic!()
        };
        assert_eq!(inl.len(), 1, "{inl:?}");
        assert_eq!(inl[0].text(&d.source), "a [b c");
    }

    #[test]
    fn tight_list_text_becomes_paragraphs_and_empty_input_is_empty() {
        assert!(doc("").blocks.is_empty());
        let d = doc("* x\n* y\n");
        let BlockKind::List(l) = &d.blocks[0].kind else {
            panic!()
        };
        assert!(
            l.items
                .iter()
                .all(|i| matches!(i.blocks[0].kind, BlockKind::Paragraph(_)))
        );
    }

    #[test]
    fn segmented_parse_matches_whole_parse() {
        let mut src = String::from("---\ntitle: Big\n---\n\n# Start\n\nSee [ref] and [^n].\n\n");
        for i in 0..40 {
            write!(src, "Para {i} with *emph* and a [link](u{i}).\n\n").unwrap();
            if i % 7 == 0 {
                src.push_str("```\ncode\n\nNot a split point\n```\n\n<!-- comment\n\nStill comment -->\n\n- item\n\n  more item\n\n> quote\n\n");
            }
        }
        src.push_str("[ref]: https://example.com/ref\n\n[^n]: Note.\n");
        let whole = build(&src, usize::MAX);
        let pieces = build(&src, 64);
        assert!(split_points(&src, 64).len() > 10);
        assert_eq!(whole.1, pieces.1);
        for (a, b) in whole.0.iter().zip(&pieces.0) {
            assert_eq!(a, b);
        }
        assert_eq!(whole.0.len(), pieces.0.len());
        let mut inl = Vec::new();
        all_inlines(&pieces.0, &mut inl);
        let r = inl.iter().find(|i| i.text(&src) == "ref").unwrap();
        assert_eq!(r.url(), Some("https://example.com/ref"));
    }

    /// `blocks` with every block and item range shrunk to exclude trailing whitespace.
    fn trimmed(src: &str, mut blocks: Vec<Block>) -> Vec<Block> {
        fn trim(src: &str, r: &mut Range<usize>) {
            let t = src[r.clone()].trim_end().len();
            r.end = r.start + t;
        }
        fn walk(src: &str, blocks: &mut [Block]) {
            for b in blocks {
                trim(src, &mut b.range);
                match &mut b.kind {
                    BlockKind::List(l) => {
                        for i in &mut l.items {
                            trim(src, &mut i.range);
                            walk(src, &mut i.blocks);
                        }
                    }
                    BlockKind::Quote(b) | BlockKind::Footnote { blocks: b, .. } => walk(src, b),
                    _ => {}
                }
            }
        }
        walk(src, &mut blocks);
        blocks
    }

    /// Inputs on which an earlier splitter cut through a fence or raw HTML block.
    #[test]
    fn segmented_parse_regressions() {
        for s in [
            "<!---->```\n*\n\n\nab",
            "</pre>\nab```\n```\n\n\n```\n-->\n\n\nab",
            "\nab```\n\nab>_\n\n<pre>```\n\nab</pre>",
            "</pre>\n\n```\n<!--\n```\n\nab```\n</pre>```\n<!--<pre>\n\nab",
            ">```\n<!--<<pre>\n\n\nab",
            "</pre>\n\n><pre>```\n```\n <!--\n\n```\n<!--\n\n[</pre>```\n\nab",
            "</pre>\nab```\n<pre>\n\n```\n<!--</pre>\n\n\nab",
        ] {
            let (whole, pieces) = (build(s, usize::MAX), build(s, 1));
            assert_eq!(trimmed(s, whole.0), trimmed(s, pieces.0), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn segmented_parse_equals_whole_parse(s in "([-*>#|`~<!\\[\\]()_: \n]|\n\n|\nab|```\n|<!--|-->|<pre>|</pre>){0,120}") {
            // Segment edges may only move trailing blank lines between a block and its parent.
            let (whole, pieces) = (build(&s, usize::MAX), build(&s, 1));
            prop_assert_eq!(trimmed(&s, whole.0), trimmed(&s, pieces.0));
            prop_assert_eq!(whole.1, pieces.1);
        }

        #[test]
        fn never_panics_and_ranges_are_sound(s in "\\PC*") {
            check_ranges(&parse(s));
        }

        #[test]
        fn markdownish_input_is_sound(s in "([-*>#|`\\[\\]()!_~^: \n\t\r0-9a-zé]|\\[\\^1\\]|---\n|```\n){0,80}") {
            check_ranges(&parse(s));
        }
    }
}
