//! Wrapping: a [`Document`] laid out into display lines at one width (the *measure*).
//!
//! Layout is indexed once per width and cached by the caller; rendering then touches only the
//! visible lines, which are laid out on demand a block at a time (see [`Layout`]). Every [`Segment`] keeps the source byte range it shows, so overlays (search
//! hits, entities, notes, the reading cursor) are drawn by intersecting source ranges, and the
//! reading position survives a resize as a source offset ([`Layout::line_for_offset`]).
//!
//! Shape, and why:
//! - **Segments do not copy the document.** A segment whose text is exactly `source[src]`
//!   (`identity`) stores no text at all; [`Segment::text`] slices the source. Only text that
//!   differs from the source (a soft break shown as a space, a control shown as its picture,
//!   decorations such as bullets and borders) is owned, and static decorations are borrowed.
//!   Whole lines are not kept either: a [`Layout`] stores where each line starts and lays
//!   blocks out again when they are shown, so a 100 MB article costs about eight bytes per
//!   display line.
//! - **Every block is flattened into runs, then wrapped greedily.** A paragraph's display text is
//!   built once in a reused buffer with a run table mapping buffer offsets to source offsets;
//!   break opportunities come from UAX #14 (`unicode-linebreak`); widths are terminal cells per
//!   grapheme exactly as ratatui measures them, so what we measure is what the buffer draws. A
//!   word wider than the line is broken between graphemes, never inside one.
//! - **Containers are prefixes.** Lists, quotes, footnotes and code blocks push a decoration
//!   (`• `, `│ `, `[1] `, two spaces) that is drawn on each line they contain, giving hanging
//!   indents and nested bars without any special casing in the wrapper.
//! - **Big documents are indexed in parallel**, one contiguous slice of top-level blocks per
//!   core, and the pieces concatenated: lines never depend on a previous top-level block.
//!
//! Segment text is display-safe (see `sanitize`): controls are pictures, tabs are spaces.
//!
//! Files: `builder` (runs, wrapping, blocks, lists), `table`, `code`, `breaks` (UAX #14 break
//! opportunities), `align` (display text ↔ source); widths come from `core::doc::text`. Pure:
//! uses the document model, `sanitize` and `text` only.
//!
//! Known width overflows (documented, unavoidable): when the nesting decorations alone are as
//! wide as the measure, each line still shows at least one grapheme; a single grapheme wider
//! than the measure (a CJK character at width 1) is shown whole.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use crate::core::doc::document::{Document, InlineStyle, to_u32, transient};
use crate::core::doc::sanitize::is_unsafe;
use crate::core::doc::text::plain_prefix_len;
use starts::Starts;
// Re-exported: the views and other modules measure text through `layout` too.
pub use crate::core::doc::text::{grapheme_width, str_width};

mod align;
mod breaks;
mod builder;
mod code;
mod starts;
mod table;

pub(crate) use align::align_inline;
use builder::Builder;

/// What a line is, for the view to style it and draw its decorations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Heading(u8),
    Text,
    Meta,
    ListItem,
    Quote,
    Code,
    Table,
    Rule,
    /// A footnote body (`[1] …`).
    Footnote,
}

/// The semantic role of a piece of text within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading(u8),
    MetaLabel,
    MetaValue,
    /// Decoration the layout added (quote bars, table borders, rules, padding, wrap markers).
    Decoration,
    /// A list bullet or number, a task checkbox, a footnote label.
    Marker,
    Code,
    /// The visible picture of a control character the document contained (`␛` for ESC).
    Control,
}

/// A styled piece of one display line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The display text when it is *not* `source[src]` (decorations, soft breaks, pictures of
    /// controls); `None` for identity segments. Read it through [`Segment::text`].
    pub shown: Option<Cow<'static, str>>,
    /// Source bytes this text shows (empty range at the insertion point for decorations).
    pub src: Range<usize>,
    pub role: Role,
    pub style: InlineStyle,
    /// True when the text is exactly `source[src]` (so byte offsets map one to one to text).
    pub identity: bool,
}

impl Segment {
    /// The display-safe text of the segment; `source` is the document's source text.
    pub fn text<'a>(&'a self, source: &'a str) -> &'a str {
        match &self.shown {
            Some(t) => t,
            None => source.get(self.src.clone()).unwrap_or_default(),
        }
    }

    /// Width in terminal cells.
    pub fn width(&self, source: &str) -> usize {
        str_width(self.text(source))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub segments: Vec<Segment>,
    /// Source bytes covered by the line (start = the line's reading position). Starts are
    /// non-decreasing from line to line.
    pub src: Range<usize>,
    /// Index of the top-level block this line belongs to.
    pub block: usize,
}

impl Line {
    /// The line's display text (all segments concatenated).
    pub fn text(&self, source: &str) -> String {
        self.segments.iter().map(|s| s.text(source)).collect()
    }

    /// Width in terminal cells.
    pub fn width(&self, source: &str) -> usize {
        self.segments.iter().map(|s| s.width(source)).sum()
    }
}

/// All display lines of a document at one width, laid out lazily.
///
/// Building a layout lays out every top-level block once to learn where its lines start, and
/// keeps only that index (a source offset per line, a first line per block); the lines
/// themselves are laid out again on demand, a block at a time, and the last few blocks are kept.
/// Positions (`line_for_offset`, `offset_of_line`, `len`) cost a binary search; a line costs a
/// lookup in that small cache, or one block's layout. So a 100 MB article needs a few bytes per
/// display line, not a copy of every line's segments. Lines never depend on another top-level
/// block, which is what makes laying out one block alone give exactly its lines in the whole.
#[derive(Debug)]
pub struct Layout {
    pub width: u16,
    doc: Arc<Document>,
    /// The top-level blocks laid out (all of them, or a window for a partial layout).
    blocks: Range<usize>,
    /// Source start of every line, non-decreasing, in two bytes a line (see `starts`; gloss
    /// reads no text over 4 GiB, [`MAX_TEXT`]).
    starts: Starts,
    /// Index of the first line of each block in `blocks`, then the line count.
    first_line: Vec<u32>,
    /// Recently laid-out blocks, most recent last.
    cache: Mutex<Vec<(usize, Arc<[Line]>)>>,
}

/// How many laid-out blocks a layout keeps (a screen rarely shows more than a few).
const BLOCK_CACHE: usize = 16;

impl Default for Layout {
    fn default() -> Self {
        Self::from_index(
            Arc::new(Document {
                lazy: None,
                source: String::new(),
                format: crate::core::doc::document::Format::PlainText,
                meta: crate::core::doc::document::Metadata::default(),
                blocks: Vec::new(),
            }),
            1,
            0..0,
            Index::default(),
        )
    }
}

/// Below this many source bytes a document is indexed on one thread.
const PARALLEL_THRESHOLD: usize = 1 << 20;

impl Layout {
    /// Lays `doc` out `width` cells wide (at least 1).
    pub fn new(doc: &Arc<Document>, width: u16) -> Self {
        let width = width.max(1);
        let all = 0..doc.block_count();
        let threads = if doc.source.len() < PARALLEL_THRESHOLD || doc.block_count() < 2 {
            1
        } else {
            std::thread::available_parallelism()
                .map_or(1, std::num::NonZero::get)
                .min(8)
        };
        let index = if threads <= 1 {
            index_blocks(doc, all.clone(), width)
        } else {
            let chunks = split_blocks(doc, threads);
            let parts: Vec<Index> = std::thread::scope(|s| {
                let handles: Vec<_> = chunks
                    .into_iter()
                    .map(|r| s.spawn(move || index_blocks(doc, r, width)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            });
            let mut parts = parts.into_iter();
            let mut index = parts.next().unwrap_or_default();
            for p in parts {
                index.append(p);
            }
            index
        };
        Self::from_index(Arc::clone(doc), width, all, index)
    }

    /// A partial layout of `blocks` only (clamped to the document), laid out exactly as
    /// [`Layout::new`] lays them out. Big documents show this first while the whole layout is
    /// built in the background.
    pub fn for_blocks(doc: &Arc<Document>, blocks: Range<usize>, width: u16) -> Self {
        let width = width.max(1);
        let end = blocks.end.min(doc.block_count());
        let start = blocks.start.min(end);
        let index = index_blocks(doc, start..end, width);
        Self::from_index(Arc::clone(doc), width, start..end, index)
    }

    fn from_index(doc: Arc<Document>, width: u16, blocks: Range<usize>, index: Index) -> Self {
        let Index {
            mut starts,
            mut first_line,
        } = index;
        starts.shrink_to_fit();
        first_line.push(to_u32(starts.len()));
        first_line.shrink_to_fit();
        Self {
            width,
            doc,
            blocks,
            starts,
            first_line,
            cache: Mutex::new(Vec::new()),
        }
    }

    /// Whether source `offset` lies in the blocks laid out (anywhere in its document, for a
    /// whole layout; a partial one covers a window of the document).
    pub fn covers(&self, offset: usize) -> bool {
        let doc = &self.doc;
        let starts = self.blocks.start == 0
            || doc
                .block_range(self.blocks.start)
                .is_some_and(|r| r.start <= offset);
        let ends = if self.blocks.end >= doc.block_count() {
            offset <= doc.source.len()
        } else {
            doc.block_range(self.blocks.end)
                .is_some_and(|r| offset < r.start)
        };
        starts && ends
    }

    /// The document this is a layout of.
    pub fn document(&self) -> &Arc<Document> {
        &self.doc
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Line `i`, if there is one (laid out now unless its block was laid out recently).
    pub fn line(&self, i: usize) -> Option<Line> {
        let start = self.starts.get(i)? as usize;
        let k = self
            .first_line
            .partition_point(|&f| f as usize <= i)
            .checked_sub(1)?;
        let first = *self.first_line.get(k)? as usize;
        let lines = self.block_lines(self.blocks.start + k);
        let mut line = lines.get(i - first)?.clone();
        // the index made starts monotonic across blocks; the line agrees with it
        line.src.start = start;
        line.src.end = line.src.end.max(start);
        Some(line)
    }

    /// Lines `range` (clamped), in order.
    pub fn lines(&self, range: Range<usize>) -> impl Iterator<Item = Line> + '_ {
        let end = range.end.min(self.len());
        (range.start.min(end)..end).filter_map(|i| self.line(i))
    }

    /// Every line in order, laid out block by block without filling the cache (for printing
    /// a whole document).
    pub fn iter(&self) -> impl Iterator<Item = Line> + '_ {
        stream(&self.doc, self.blocks.clone(), self.width)
    }

    /// The last line whose source start is at or before `offset` (0 for an empty layout).
    /// O(log n).
    pub fn line_for_offset(&self, offset: usize) -> usize {
        self.starts.count_up_to(offset).saturating_sub(1)
    }

    /// The source offset a line starts at (its reading position).
    pub fn offset_of_line(&self, line: usize) -> usize {
        self.starts.get(line).map_or(0, |s| s as usize)
    }

    /// Every line, collected (tests compare whole layouts).
    #[cfg(test)]
    pub(crate) fn all_lines(&self) -> Vec<Line> {
        self.iter().collect()
    }

    /// The lines of top-level block `i`, from the cache or laid out now.
    fn block_lines(&self, i: usize) -> Arc<[Line]> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(pos) = cache.iter().position(|(b, _)| *b == i) {
            let entry = cache.remove(pos);
            let lines = Arc::clone(&entry.1);
            cache.push(entry);
            return lines;
        }
        let mut b = Builder::new(&self.doc.source, usize::from(self.width));
        let lines: Arc<[Line]> = b.one_block(&self.doc, i).into();
        if cache.len() >= BLOCK_CACHE {
            cache.remove(0);
        }
        cache.push((i, Arc::clone(&lines)));
        lines
    }
}

/// Where the lines of a run of blocks start: one source offset per line, and each block's
/// first line.
#[derive(Debug, Default)]
struct Index {
    starts: Starts,
    first_line: Vec<u32>,
}

impl Index {
    fn append(&mut self, other: Index) {
        let base = to_u32(self.starts.len());
        let floor = self.starts.last().unwrap_or(0);
        self.starts.reserve(other.starts.len());
        self.first_line.reserve_exact(other.first_line.len());
        self.first_line
            .extend(other.first_line.into_iter().map(|f| f + base));
        for s in other.starts.iter() {
            self.starts.push(s.max(floor));
        }
    }
}

/// Splits the top-level blocks into `n` contiguous ranges of about equal source size.
fn split_blocks(doc: &Document, n: usize) -> Vec<Range<usize>> {
    let total = doc.source.len().max(1);
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    let mut k = 1;
    for i in 0..doc.block_count() {
        let at = doc.block_range(i).map_or(0, |r| r.start);
        if k < n && at >= total * k / n && i > start {
            out.push(start..i);
            start = i;
            k += 1;
        }
    }
    out.push(start..doc.block_count());
    out
}

/// The lines of `blocks` of `doc` at `width`, laid out block by block as they are read, with
/// the same monotonic starts a [`Layout`] indexes: what printing a whole document needs,
/// without building the index first.
pub fn stream(doc: &Document, blocks: Range<usize>, width: u16) -> impl Iterator<Item = Line> + '_ {
    let mut b = Builder::new(&doc.source, usize::from(width.max(1)));
    let mut floor = 0;
    blocks.flat_map(move |i| {
        let mut lines = b.one_block(doc, i);
        for l in &mut lines {
            floor = floor.max(l.src.start);
            l.src.start = floor;
            l.src.end = l.src.end.max(floor);
        }
        lines
    })
}

/// Lays out `range` block by block, keeping only where each line starts.
fn index_blocks(doc: &Document, range: Range<usize>, width: u16) -> Index {
    let mut b = Builder::new(&doc.source, usize::from(width));
    let bytes = match (
        doc.block_range(range.start),
        range.end.checked_sub(1).and_then(|e| doc.block_range(e)),
    ) {
        (Some(a), Some(z)) => z.end.saturating_sub(a.start),
        _ => 0,
    };
    // about one line per `width` source bytes, plus a blank per block; the parts of a
    // parallel index are freed once joined (see `transient`), the whole is shrunk to fit
    let mut index = Index {
        starts: Starts::with_capacity(
            bytes / usize::from(width.max(1)) * 11 / 10 + range.len() * 2,
        ),
        first_line: transient(range.len()),
    };
    let mut floor = 0;
    for i in range {
        index.first_line.push(to_u32(index.starts.len()));
        for line in &b.one_block(doc, i) {
            floor = floor.max(to_u32(line.src.start));
            index.starts.push(floor);
        }
    }
    index
}

/// The longest text gloss reads (4 GiB): offsets in the layout's index are `u32`.
pub const MAX_TEXT: u64 = u32::MAX as u64;

/// `n` as a `u32` index entry; texts are at most [`MAX_TEXT`] bytes, so none saturates.
const SPACES: &str = "                                                                                                                                ";

/// `n` spaces, borrowed when short.
fn spaces(n: usize) -> Cow<'static, str> {
    match SPACES.get(..n) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(" ".repeat(n)),
    }
}

fn sub(s: &str, r: Range<usize>) -> &str {
    s.get(r).unwrap_or_default()
}

/// Text with no control, tab or newline: shown exactly as it is in the source.
fn is_clean(s: &str) -> bool {
    // one pass over the printable ASCII prefix; characters only from the first other byte
    match plain_prefix_len(s.as_bytes()) {
        i if i == s.len() => true,
        i => !s
            .get(i..)
            .unwrap_or_default()
            .chars()
            .any(|c| is_unsafe(c) || c == '\t' || c == '\n'),
    }
}

#[cfg(test)]
mod tests;
