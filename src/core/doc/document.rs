//! The style-free document model every other part of gloss reads.
//!
//! A [`Document`] owns the decoded source text (BOM stripped, otherwise byte for byte what the
//! file held) and a tree of [`Block`]s. Every block and every inline text run keeps the byte
//! range it came from in [`Document::source`], so positions, search hits, entities and notes can
//! all be expressed as source offsets that survive re-wrapping, resizing and re-opening. Nothing
//! here knows about widths, colours or terminals: wrapping lives in `layout`, styling in the UI.
//!
//! Parsers (`plaintext`, `markdown`) build documents; they are the only writers. A big Markdown
//! document keeps no tree, only where its top-level blocks lie, and builds blocks again when
//! they are read ([`BlockStore`]): every pass reads top-level blocks through
//! [`Document::block`] and walks each one's text through [`Block::text_units`]. Pure: imports
//! nothing else of gloss.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use smallvec::SmallVec;

/// Which parser produced the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text with recovered article structure (title, byline, paragraphs, back matter).
    PlainText,
    /// CommonMark + GFM, parsed by pulldown-cmark.
    Markdown,
}

/// A parsed article.
#[derive(Debug, Clone)]
pub struct Document {
    /// The decoded text all ranges point into (UTF-8, BOM removed, CRLF and tabs kept as-is).
    pub source: String,
    pub format: Format,
    pub meta: Metadata,
    /// The top-level blocks, when the document keeps its tree (every document but a big
    /// Markdown one). Empty when `lazy` holds them: read blocks through [`Document::block`],
    /// [`Document::block_count`] and [`Document::block_range`], which serve both.
    pub blocks: Vec<Block>,
    /// A big Markdown document keeps only where each top-level block lies and builds the
    /// blocks again from the source when they are read (see [`BlockStore`]).
    pub lazy: Option<Arc<dyn BlockStore>>,
}

/// Top-level blocks kept as source ranges and built again when read: the tree of a 100 MB
/// Markdown file would cost most of the file again, its ranges a few megabytes. Parsers
/// implement it; the model only reads through it.
pub trait BlockStore: std::fmt::Debug + Send + Sync {
    /// How many top-level blocks there are.
    fn count(&self) -> usize;
    /// The source range of top-level block `i`, without building it.
    fn range(&self, i: usize) -> Option<Range<usize>>;
    /// The built blocks around top-level block `i` (from a small cache, or built now from
    /// `source`), and where `i` is among them.
    fn built(&self, source: &str, i: usize) -> Option<(Arc<[Block]>, usize)>;
    /// The text of the first heading, found when the store was made.
    fn first_heading(&self) -> Option<&str>;
}

/// A top-level block as [`Document::block`] gives it: borrowed from the tree, or built from
/// a [`BlockStore`] (and held while it is read).
#[derive(Debug, Clone)]
pub enum BlockRef<'a> {
    Kept(&'a Block),
    Built(Arc<[Block]>, usize),
}

impl std::ops::Deref for BlockRef<'_> {
    type Target = Block;

    fn deref(&self) -> &Block {
        /// What a `Built` with an index past its blocks reads as (`Document::block` makes
        /// none).
        static NONE: Block = Block {
            kind: BlockKind::Rule,
            range: 0..0,
            part: Part::Body,
        };
        match self {
            BlockRef::Kept(b) => b,
            BlockRef::Built(blocks, i) => blocks.get(*i).unwrap_or(&NONE),
        }
    }
}

/// Article-level facts recovered from front matter, a dateline/byline or the first heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<String>,
    /// The outlet or URL the article came from (`Defense One`, `https://…`).
    pub source: Option<String>,
    /// Any other labelled fields (`Related Categories`, front-matter keys), in source order.
    pub fields: Vec<(String, String)>,
}

/// Where a block sits in the article; headingless plain text is outlined by these parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// Title, dateline, byline, labelled metadata.
    Front,
    #[default]
    Body,
    /// Author bios, copyright lines, footnotes.
    Back,
}

/// One block-level element with its source byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// `u32` offsets, as a run's (see [`span`]); [`Block::range`] gives them as `usize`.
    pub range: Range<u32>,
    pub part: Part,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// `level` 1..=6; the plain-text title is a level-1 heading in [`Part::Front`].
    Heading {
        level: u8,
        inlines: Runs,
    },
    Paragraph(Runs),
    List(Box<List>),
    Quote(Box<[Block]>),
    /// Preformatted text, never re-flowed. `text` is the code as displayed (fences removed).
    ///
    /// Boxed strings here and a boxed table below keep every block small (56 bytes, its
    /// first run included): a long document has hundreds of thousands of them.
    Code {
        lang: Option<Box<str>>,
        text: Box<str>,
    },
    Table(Box<Table>),
    Rule,
    /// Labelled fields shown as metadata rather than as prose (dateline, byline, categories).
    Metadata(Vec<Field>),
    /// A footnote body (`[^label]: …` in Markdown).
    Footnote {
        label: Box<str>,
        blocks: Box<[Block]>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// `Some(n)` for an ordered list starting at `n`.
    pub start: Option<u64>,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a GFM task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub aligns: Vec<Align>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// A labelled metadata value (`Related Categories` → `Democracy and Governance; …`).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Empty for unlabelled lines such as a dateline.
    pub label: String,
    pub value: Vec<Inline>,
}

bitflags::bitflags! {
    /// Semantic inline styles; the UI decides what they look like.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
    pub struct InlineStyle: u16 {
        const EMPHASIS = 1;
        const STRONG = 1 << 1;
        const STRIKETHROUGH = 1 << 2;
        const CODE = 1 << 3;
        const LINK = 1 << 4;
        const IMAGE = 1 << 5;
        const FOOTNOTE_REF = 1 << 6;
        /// A footnote marker recovered from plain text, such as a stray `¹⁰`.
        const SUPERSCRIPT = 1 << 7;
        /// A line break inside a paragraph, shown as one space (the run's range covers the
        /// break in the source). A flag rather than stored text: paragraphs of hard-wrapped
        /// prose have one on every line.
        const SOFT_BREAK = 1 << 8;
        /// Plain lines of hard-wrapped prose merged into one run: every `\n` inside shows as
        /// one space. Each `\n` stands for a soft break that covered exactly that byte, so the
        /// shown text has the length of the source and offsets map one to one. A flag rather
        /// than a run per line: it keeps the runs of a 10 MB text at a few megabytes, not 13.
        /// Only [`push_run`] makes these; [`Inline::pieces`] gives back the lines and breaks.
        const LINES = 1 << 9;
    }
}

/// The runs of a heading or paragraph. Most paragraphs are one run (hard-wrapped lines merge
/// into one, see [`push_run`]), and that one is kept in the block itself: a heap allocation
/// per paragraph would cost a 100 MB text about 14 MB.
pub type Runs = SmallVec<[Inline; 1]>;

/// A run of text with one style over the source bytes `range`.
///
/// For most runs the text shown is exactly `source[range]`, and the run stores no text at all
/// (`extra` is `None`): a document costs its source plus a few dozen bytes per run, never a
/// second copy of the text. Where they differ (Markdown escapes and entities, image alt text,
/// joined front-matter values) the run's [`RunExtra`] holds the text shown and `range` still
/// covers the source construct. A soft break is a run with the `SOFT_BREAK` style (shown as a
/// space, no text stored); a hard line break is a run shown as `"\n"`. Consecutive plain lines
/// separated by exactly one `\n` are one `LINES` run (see [`push_run`]).
/// Read the text through [`Inline::text`], or the per-line shape through [`Inline::pieces`].
#[derive(Debug, Clone, PartialEq)]
pub struct Inline {
    /// `u32` offsets (see [`span`]); [`Inline::range`] gives them as `usize`.
    pub range: Range<u32>,
    pub style: InlineStyle,
    /// The rare extras: text shown instead of the source, a link destination. One thin
    /// pointer (8 bytes) for both, because every run pays for it and runs are by far the most
    /// numerous thing in a document.
    pub extra: Option<Arc<RunExtra>>,
}

/// What a few runs carry besides their range and style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunExtra {
    /// The text shown, when it is not `source[range]`.
    pub shown: Option<String>,
    /// Link or image destination, when the run's style has `LINK` or `IMAGE`. All the runs
    /// of one link that show their source share one `RunExtra`; the others share its URL
    /// (an `Arc<str>`: one allocation, not two).
    pub url: Option<Arc<str>>,
}

/// An offset or index as the model keeps it: `u32` (gloss reads no text over 4 GiB), so a
/// run is 24 bytes, a block 56 and an outline entry 32.
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A source range as the model keeps it (see [`to_u32`]).
pub fn span(range: Range<usize>) -> Range<u32> {
    to_u32(range.start)..to_u32(range.end)
}

/// A range the model keeps, as source offsets.
pub fn widen(range: &Range<u32>) -> Range<usize> {
    range.start as usize..range.end as usize
}

impl Inline {
    /// The source bytes the run covers.
    pub fn range(&self) -> Range<usize> {
        widen(&self.range)
    }

    /// A plain run whose text is exactly the source bytes `range`.
    pub fn plain(range: Range<usize>) -> Self {
        Self {
            range: span(range),
            style: InlineStyle::empty(),
            extra: None,
        }
    }

    /// A plain run shown as `text` instead of its source bytes `range`.
    pub fn shown(text: impl Into<String>, range: Range<usize>) -> Self {
        Self {
            extra: Some(Arc::new(RunExtra {
                shown: Some(text.into()),
                url: None,
            })),
            ..Self::plain(range)
        }
    }

    /// A soft line break over the source bytes `range`, shown as a space.
    pub fn soft_break(range: Range<usize>) -> Self {
        Self {
            style: InlineStyle::SOFT_BREAK,
            ..Self::plain(range)
        }
    }

    /// The same run with `style`.
    #[must_use]
    pub fn styled(self, style: InlineStyle) -> Self {
        Self { style, ..self }
    }

    /// The text shown instead of the source bytes, if any.
    pub fn shown_text(&self) -> Option<&str> {
        self.extra.as_ref()?.shown.as_deref()
    }

    /// The link or image destination, if any.
    pub fn url(&self) -> Option<&str> {
        self.extra.as_ref()?.url.as_deref()
    }

    /// The text the run shows; `source` is the document's source text. Borrowed, except for
    /// a `LINES` run (its `\n`s show as spaces).
    pub fn text<'a>(&'a self, source: &'a str) -> Cow<'a, str> {
        match self.shown_text() {
            Some(t) => Cow::Borrowed(t),
            None if self.style.contains(InlineStyle::SOFT_BREAK) => Cow::Borrowed(" "),
            None => {
                let t = source.get(self.range()).unwrap_or_default();
                if self.style.contains(InlineStyle::LINES) {
                    Cow::Owned(t.replace('\n', " "))
                } else {
                    Cow::Borrowed(t)
                }
            }
        }
    }

    /// Appends the text the run shows to `out` without allocating for it (a `LINES` run is
    /// appended line by line).
    pub fn push_text(&self, source: &str, out: &mut String) {
        for piece in self.pieces(source) {
            out.push_str(&piece.text(source));
        }
    }

    /// The run as the runs it merges: for a `LINES` run, a plain run per line and a soft break
    /// per `\n` between them; any other run is its own only piece. Passes that align text
    /// with the source (layout, search) or look at line-sized runs (entities) walk these, so
    /// they see exactly what they would without the merging.
    pub fn pieces<'a>(&'a self, source: &'a str) -> Pieces<'a> {
        if self.style.contains(InlineStyle::LINES) && self.extra.is_none() {
            Pieces::Lines {
                source,
                at: self.range().start,
                end: self.range().end,
            }
        } else {
            Pieces::One(Some(self))
        }
    }

    /// A plain run without extras: what `LINES` runs are merged from.
    fn is_plain(&self) -> bool {
        self.extra.is_none() && (self.style.is_empty() || self.style == InlineStyle::LINES)
    }
}

/// The pieces of a run, see [`Inline::pieces`].
#[derive(Debug, Clone)]
pub enum Pieces<'a> {
    One(Option<&'a Inline>),
    Lines {
        source: &'a str,
        /// Start of the next piece.
        at: usize,
        end: usize,
    },
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Cow<'a, Inline>;

    fn next(&mut self) -> Option<Cow<'a, Inline>> {
        match self {
            Pieces::One(run) => run.take().map(Cow::Borrowed),
            Pieces::Lines { source, at, end } => {
                if *at >= *end {
                    return None;
                }
                let start = *at;
                let bytes = source.as_bytes().get(start..*end).unwrap_or_default();
                let run = match memchr::memchr(b'\n', bytes) {
                    Some(0) => Inline::soft_break(start..start + 1),
                    Some(n) => Inline::plain(start..start + n),
                    None => Inline::plain(start..*end),
                };
                *at = run.range().end;
                Some(Cow::Owned(run))
            }
        }
    }
}

/// Gives back the room a vector grew into, by moving its items into a buffer of their exact
/// size. Not `shrink_to_fit`: shrinking a small buffer in place leaves the rest of it as a
/// hole between the document's allocations, one per paragraph (tens of megabytes of a 100 MB
/// document's memory), while the grown buffer freed whole is reused by the next paragraph.
pub fn exact<T>(items: &mut Vec<T>) {
    if items.capacity() > items.len() {
        let mut fitted = Vec::with_capacity(items.len());
        fitted.append(items);
        *items = fitted;
    }
}

/// An empty buffer with room for `len` items, for an index that lives only while a big
/// document is built (its lines, say).
///
/// glibc maps a big buffer on its own and unmaps it when it is freed, but then raises the size
/// it maps from to the size freed (up to 32 MiB): from there on every buffer below that size
/// comes from the heap and, freed, stays resident. After a 22 MB index of a 100 MB text's lines
/// was freed, that kept about 15 MiB of later buffers' memory in the process. A buffer of more
/// than 32 MiB leaves the threshold alone, and only the pages written count, so a transient
/// index of a megabyte or more asks for at least that much room.
pub fn transient<T>(len: usize) -> Vec<T> {
    /// glibc's largest dynamic mapping threshold on 64-bit (`DEFAULT_MMAP_THRESHOLD_MAX`).
    const THRESHOLD_MAX: usize = 32 << 20;
    let item = std::mem::size_of::<T>().max(1);
    if len.saturating_mul(item) < 1 << 20 {
        Vec::with_capacity(len)
    } else {
        Vec::with_capacity(len.max(THRESHOLD_MAX / item + 1))
    }
}

/// The runs `items` as a block keeps them: one run in the block itself, more in a buffer of
/// their exact size.
pub fn runs(mut items: Vec<Inline>) -> Runs {
    if items.len() <= 1 {
        items.into_iter().collect()
    } else {
        exact(&mut items);
        Runs::from_vec(items)
    }
}

/// Appends `run` to the run list `runs` over `source`, merging hard-wrapped lines: a plain run
/// that follows a plain run and a soft break over exactly one `\n`, all three contiguous, joins
/// them into one `LINES` run (and so on along the paragraph), and contiguous plain runs join
/// too. Anything else (a CRLF or indented line break, styles, extras) is pushed as it comes.
/// Merged runs hold no `\n` of their own, so [`Inline::pieces`] gives back exactly the runs
/// pushed (contiguous plain runs as one). Both parsers push their runs through here.
pub fn push_run(runs: &mut Vec<Inline>, source: &str, run: Inline) {
    let has_newline = |r: &Range<usize>| {
        memchr::memchr(b'\n', source.as_bytes().get(r.clone()).unwrap_or_default()).is_some()
    };
    if run.is_plain() && !run.style.contains(InlineStyle::LINES) {
        let n = runs.len();
        match runs.as_mut_slice() {
            // contiguous plain text: one run
            [.., last] if last.is_plain() && last.range.end == run.range.start => {
                if last.style == InlineStyle::LINES && has_newline(&run.range()) {
                    // a `\n` of its own (Markdown inline HTML) must not read as a break: give
                    // the merged run's last line back as a run of its own, and extend that
                    split_last_line(runs, source);
                }
                if let Some(last) = runs.last_mut() {
                    last.range.end = run.range.end;
                }
                return;
            }
            // a line, one `\n`, a line: one run
            [.., prev, brk]
                if merging()
                    && !run.range.is_empty()
                    && brk.style == InlineStyle::SOFT_BREAK
                    && brk.extra.is_none()
                    && source.get(brk.range()) == Some("\n")
                    && prev.is_plain()
                    && prev.range.end == brk.range.start
                    && brk.range.end == run.range.start
                    && (prev.style == InlineStyle::LINES || !has_newline(&prev.range()))
                    && !has_newline(&run.range()) =>
            {
                prev.range.end = run.range.end;
                prev.style = InlineStyle::LINES;
                runs.truncate(n - 1);
                return;
            }
            _ => {}
        }
    }
    runs.push(run);
}

#[cfg(test)]
thread_local! {
    /// Tests turn merging off to get the parsers' runs as they were before it.
    pub(crate) static NO_MERGE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether [`push_run`] merges lines (always, but in tests that compare with the old shape).
fn merging() -> bool {
    #[cfg(test)]
    if NO_MERGE.with(std::cell::Cell::get) {
        return false;
    }
    true
}

/// Splits the last line off the `LINES` run at the end of `runs` (it becomes a plain run after
/// a soft break), so that the line can grow on its own.
fn split_last_line(runs: &mut Vec<Inline>, source: &str) {
    let Some(last) = runs.last_mut() else {
        return;
    };
    let bytes = source.as_bytes().get(last.range()).unwrap_or_default();
    let Some(nl) = memchr::memrchr(b'\n', bytes) else {
        last.style = InlineStyle::empty();
        return;
    };
    let nl = last.range().start + nl;
    let tail = nl + 1..last.range().end;
    last.range.end = to_u32(nl);
    let head = source.as_bytes().get(last.range()).unwrap_or_default();
    if memchr::memchr(b'\n', head).is_none() {
        last.style = InlineStyle::empty();
    }
    runs.push(Inline::soft_break(nl..nl + 1));
    runs.push(Inline::plain(tail));
}

impl Document {
    /// A stable fingerprint of the text (SHA-256 of the source, hex). Reading positions and
    /// notes are keyed by it, so a moved or renamed file keeps its state.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.source)
    }

    /// The title: metadata first, then the first heading, else `None`.
    pub fn title(&self) -> Option<String> {
        if let Some(t) = &self.meta.title {
            return Some(t.clone());
        }
        if let Some(store) = &self.lazy {
            return store.first_heading().map(str::to_owned);
        }
        self.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Heading { inlines, .. } => Some(inline_text(&self.source, inlines)),
            _ => None,
        })
    }

    /// How many top-level blocks the document has.
    pub fn block_count(&self) -> usize {
        match &self.lazy {
            Some(store) => store.count(),
            None => self.blocks.len(),
        }
    }

    /// Top-level block `i`: borrowed, or built again from its source (see [`BlockStore`]).
    pub fn block(&self, i: usize) -> Option<BlockRef<'_>> {
        match &self.lazy {
            Some(store) => store
                .built(&self.source, i)
                .filter(|(blocks, k)| *k < blocks.len())
                .map(|(blocks, k)| BlockRef::Built(blocks, k)),
            None => self.blocks.get(i).map(BlockRef::Kept),
        }
    }

    /// The source range of top-level block `i`, without building it.
    pub fn block_range(&self, i: usize) -> Option<Range<usize>> {
        match &self.lazy {
            Some(store) => store.range(i),
            None => self.blocks.get(i).map(Block::range),
        }
    }

    /// The top-level blocks `range` (clamped), in order.
    pub fn blocks_in(&self, range: Range<usize>) -> impl Iterator<Item = BlockRef<'_>> + '_ {
        let end = range.end.min(self.block_count());
        (range.start.min(end)..end).map_while(|i| self.block(i))
    }

    /// Every top-level block, in order.
    pub fn all_blocks(&self) -> impl Iterator<Item = BlockRef<'_>> + '_ {
        self.blocks_in(0..self.block_count())
    }

    /// The first top-level block whose source range fails `pred` (which holds for a prefix of
    /// the blocks, as for `slice::partition_point`). O(log n), nothing built.
    pub fn partition_blocks(&self, pred: impl Fn(Range<usize>) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.block_count());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.block_range(mid).is_some_and(&pred) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

impl Block {
    /// The source bytes the block covers.
    pub fn range(&self) -> Range<usize> {
        widen(&self.range)
    }

    /// A body paragraph of one plain run (tests build documents from these).
    #[cfg(test)]
    pub(crate) fn plain_paragraph(range: Range<usize>) -> Self {
        Self {
            kind: BlockKind::Paragraph(smallvec::smallvec![Inline::plain(range.clone())]),
            range: span(range),
            part: Part::Body,
        }
    }

    /// The text-holding blocks of this block (itself, or what its containers hold), in order.
    pub fn text_units(&self) -> TextUnits<'_> {
        TextUnits::new(std::slice::from_ref(self))
    }
}

/// A block that holds text, as found by [`Block::text_units`].
#[derive(Debug, Clone, Copy)]
pub enum TextUnit<'a> {
    /// A heading or paragraph and its runs.
    Prose {
        block: &'a Block,
        inlines: &'a [Inline],
    },
    /// A metadata block's fields.
    Fields(&'a [Field]),
    /// A table (its cells: header first, then the rows).
    Table { block: &'a Block, table: &'a Table },
    /// A code block: its text is its source.
    Code(&'a Block),
}

impl<'a> TextUnit<'a> {
    /// Every run list of the unit: the prose, each field's value, each table cell; none for
    /// code.
    pub fn inline_lists(self) -> impl Iterator<Item = &'a [Inline]> {
        let (prose, fields, cells) = match self {
            TextUnit::Prose { inlines, .. } => (Some(inlines), None, None),
            TextUnit::Fields(fields) => (None, Some(fields), None),
            TextUnit::Table { table, .. } => (None, None, Some(table)),
            TextUnit::Code(_) => (None, None, None),
        };
        prose
            .into_iter()
            .chain(fields.into_iter().flatten().map(|f| f.value.as_slice()))
            .chain(cells.into_iter().flat_map(|t| {
                t.header
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .map(Vec::as_slice)
            }))
    }
}

/// Depth-first walk over a block tree yielding [`TextUnit`]s; allocates only when it opens a
/// container.
#[derive(Debug, Clone)]
pub struct TextUnits<'a> {
    current: std::slice::Iter<'a, Block>,
    /// The enclosing block lists still to finish, innermost last.
    outer: Vec<std::slice::Iter<'a, Block>>,
}

impl<'a> TextUnits<'a> {
    fn new(blocks: &'a [Block]) -> Self {
        Self {
            current: blocks.iter(),
            outer: Vec::new(),
        }
    }

    /// Visits `lists` (in order) before the rest of the current list.
    fn open<I>(&mut self, lists: I)
    where
        I: DoubleEndedIterator<Item = &'a [Block]>,
    {
        let rest = std::mem::replace(&mut self.current, [].iter());
        self.outer.push(rest);
        self.outer.extend(lists.rev().map(<[Block]>::iter));
    }
}

impl<'a> Iterator for TextUnits<'a> {
    type Item = TextUnit<'a>;

    fn next(&mut self) -> Option<TextUnit<'a>> {
        loop {
            let Some(block) = self.current.next() else {
                self.current = self.outer.pop()?;
                continue;
            };
            match &block.kind {
                BlockKind::Heading { inlines, .. } | BlockKind::Paragraph(inlines) => {
                    return Some(TextUnit::Prose { block, inlines });
                }
                BlockKind::Metadata(fields) => return Some(TextUnit::Fields(fields)),
                BlockKind::Table(table) => return Some(TextUnit::Table { block, table }),
                BlockKind::Code { .. } => return Some(TextUnit::Code(block)),
                BlockKind::List(list) => self.open(list.items.iter().map(|i| i.blocks.as_slice())),
                BlockKind::Quote(blocks) | BlockKind::Footnote { blocks, .. } => {
                    self.open(std::iter::once(&**blocks));
                }
                BlockKind::Rule => {}
            }
        }
    }
}

/// SHA-256 of `text` as lowercase hex.
pub fn fingerprint(text: &str) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The concatenated display text of a run list; `source` is the document's source text.
pub fn inline_text(source: &str, inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        i.push_text(source, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_sha256_hex() {
        assert_eq!(
            fingerprint("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn text_units_walk_containers_in_reading_order() {
        let para = Block::plain_paragraph;
        let item = |r: Range<usize>| ListItem {
            task: None,
            blocks: vec![para(r.clone())],
            range: r,
        };
        let doc = Document {
            source: "a b c d e f".to_owned(),
            format: Format::Markdown,
            meta: Metadata::default(),
            blocks: vec![
                para(0..1),
                Block {
                    kind: BlockKind::Quote(
                        vec![
                            Block {
                                kind: BlockKind::List(Box::new(List {
                                    start: None,
                                    items: vec![item(2..3), item(4..5)],
                                })),
                                range: 2..5,
                                part: Part::Body,
                            },
                            Block {
                                kind: BlockKind::Rule,
                                range: 5..6,
                                part: Part::Body,
                            },
                            para(6..7),
                        ]
                        .into(),
                    ),
                    range: 2..7,
                    part: Part::Body,
                },
                para(8..9),
            ],
            lazy: None,
        };
        let starts: Vec<usize> = doc
            .blocks
            .iter()
            .flat_map(Block::text_units)
            .map(|u| match u {
                TextUnit::Prose { block, .. } => block.range().start,
                _ => usize::MAX,
            })
            .collect();
        assert_eq!(starts, [0, 2, 4, 6, 8]);
        // top-level blocks start at 0, 2 and 8
        assert_eq!(doc.block_count(), 3);
        assert_eq!(doc.partition_blocks(|r| r.start <= 5), 2);
        assert_eq!(doc.partition_blocks(|r| r.start <= 8), 3);
        assert_eq!(doc.partition_blocks(|_| false), 0);
        assert_eq!(doc.block_range(2), Some(8..9));
        assert_eq!(doc.blocks_in(1..9).count(), 2);
        assert_eq!(doc.blocks[1].text_units().count(), 3);
    }

    #[test]
    fn runs_stay_small() {
        // a 100 MB document has two million runs: every byte here is two megabytes
        assert!(std::mem::size_of::<Inline>() <= 24);
        // and a few hundred thousand blocks, each holding its first run
        assert!(std::mem::size_of::<Block>() <= 56);
        assert!(std::mem::size_of::<Runs>() <= 32);
    }

    #[test]
    fn a_single_run_lives_in_its_block() {
        assert!(!runs(vec![Inline::plain(0..3)]).spilled());
        let two = runs(vec![Inline::plain(0..3), Inline::soft_break(3..4)]);
        assert!(two.spilled() && two.len() == 2);
        let mut grown = Vec::with_capacity(8);
        grown.push(Inline::plain(0..3));
        assert!(!runs(grown).spilled());
    }

    #[test]
    fn a_big_transient_buffer_is_mapped_past_the_threshold() {
        let small: Vec<u32> = transient(1000);
        assert!(small.capacity() >= 1000 && small.capacity() < 4096);
        let big: Vec<u32> = transient(1 << 20);
        assert!(big.capacity() * 4 > 32 << 20);
        let huge: Vec<u32> = transient(20 << 20);
        assert_eq!(huge.capacity(), 20 << 20);
    }

    #[test]
    fn plain_inline_shows_its_source_slice_without_copying_it() {
        let src = "hello world";
        let run = Inline::plain(6..11);
        assert_eq!(run.text(src), "world");
        assert_eq!(run.extra, None);
        assert_eq!(Inline::shown("·", 5..6).text(src), "·");
        assert_eq!(Inline::soft_break(5..6).text(src), " ");
    }
}
