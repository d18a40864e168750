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
//! Known width overflows (documented, unavoidable): when the nesting decorations alone are as
//! wide as the measure, each line still shows at least one grapheme; a single grapheme wider
//! than the measure (a CJK character at width 1) is shown whole.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::core::doc::document::{
    Align, Block, BlockKind, Document, Field, Inline, InlineStyle, List,
};
use crate::core::doc::sanitize::{is_unsafe, picture};

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
    /// Source start of every line, non-decreasing.
    starts: Vec<usize>,
    /// Index of the first line of each block in `blocks`, then the line count.
    first_line: Vec<usize>,
    /// Recently laid-out blocks, most recent last.
    cache: Mutex<Vec<(usize, Arc<[Line]>)>>,
}

/// How many laid-out blocks a layout keeps (a screen rarely shows more than a few).
const BLOCK_CACHE: usize = 16;

impl Default for Layout {
    fn default() -> Self {
        Self::from_index(
            Arc::new(Document {
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
        let all = 0..doc.blocks.len();
        let threads = if doc.source.len() < PARALLEL_THRESHOLD || doc.blocks.len() < 2 {
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
        let end = blocks.end.min(doc.blocks.len());
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
        first_line.push(starts.len());
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
        let start = *self.starts.get(i)?;
        let k = self
            .first_line
            .partition_point(|&f| f <= i)
            .checked_sub(1)?;
        let first = *self.first_line.get(k)?;
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
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The source offset a line starts at (its reading position).
    pub fn offset_of_line(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
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
    starts: Vec<usize>,
    first_line: Vec<usize>,
}

impl Index {
    fn append(&mut self, other: Index) {
        let base = self.starts.len();
        let floor = self.starts.last().copied().unwrap_or(0);
        self.starts.reserve_exact(other.starts.len());
        self.first_line.reserve_exact(other.first_line.len());
        self.first_line
            .extend(other.first_line.into_iter().map(|f| f + base));
        self.starts
            .extend(other.starts.into_iter().map(|s| s.max(floor)));
    }
}

/// Splits the top-level blocks into `n` contiguous ranges of about equal source size.
fn split_blocks(doc: &Document, n: usize) -> Vec<Range<usize>> {
    let total = doc.source.len().max(1);
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    let mut k = 1;
    for (i, b) in doc.blocks.iter().enumerate() {
        if k < n && b.range.start >= total * k / n && i > start {
            out.push(start..i);
            start = i;
            k += 1;
        }
    }
    out.push(start..doc.blocks.len());
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
        doc.blocks.get(range.start),
        range.end.checked_sub(1).and_then(|e| doc.blocks.get(e)),
    ) {
        (Some(a), Some(z)) => z.range.end.saturating_sub(a.range.start),
        _ => 0,
    };
    let mut index = Index {
        // about one line per `width` source bytes, plus a blank per block
        starts: Vec::with_capacity(bytes / usize::from(width.max(1)) * 11 / 10 + range.len() * 2),
        first_line: Vec::with_capacity(range.len()),
    };
    let mut floor = 0;
    for i in range {
        index.first_line.push(index.starts.len());
        for line in &b.one_block(doc, i) {
            floor = floor.max(line.src.start);
            index.starts.push(floor);
        }
    }
    index
}

// ---------------------------------------------------------------------------------------------
// widths

/// Cells a grapheme occupies, exactly as ratatui's buffer measures it.
pub fn grapheme_width(g: &str) -> usize {
    if g.len() == 1 {
        1
    } else {
        g.width()
            + g.chars()
                .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
                .count()
    }
}

/// Cells a display-safe string occupies (sum over graphemes; ASCII fast path).
pub fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    // as [`graphemes`], but printable ASCII runs are counted in bulk
    let bytes = s.as_bytes();
    let mut width = 0;
    let mut p = 0;
    while p < bytes.len() {
        let q = p + plain_prefix_len(bytes.get(p..).unwrap_or_default());
        if q >= bytes.len() {
            width += q - p;
            break;
        }
        // the last printable byte may belong to the grapheme of what follows it
        let c0 = if q > p { q - 1 } else { p };
        width += c0 - p;
        let mut e = q + 1;
        while e < bytes.len() && !(is_plain_ascii(bytes[e - 1]) && is_plain_ascii(bytes[e])) {
            e += 1;
        }
        width += sub(s, c0..e)
            .graphemes(true)
            .map(grapheme_width)
            .sum::<usize>();
        p = e;
    }
    width
}

/// Length of the printable-ASCII prefix of `b` (16 bytes at a time, which vectorises).
fn plain_prefix_len(b: &[u8]) -> usize {
    let mut i = 0;
    for c in b.chunks_exact(16) {
        if !c.iter().fold(true, |ok, &x| ok & is_plain_ascii(x)) {
            break;
        }
        i += 16;
    }
    let rest = b.get(i..).unwrap_or_default();
    i + rest
        .iter()
        .position(|&x| !is_plain_ascii(x))
        .unwrap_or(rest.len())
}

/// Printable ASCII: between two such bytes there is always a grapheme boundary (UAX #29 has no
/// rule joining them, and none of them extends, prepends or joins anything).
const fn is_plain_ascii(b: u8) -> bool {
    b >= 0x20 && b < 0x7f
}

/// `s.grapheme_indices(true)`, but a printable ASCII byte followed by another (or by the end)
/// is yielded as its own grapheme without consulting the Unicode tables; only the stretches
/// around other characters, cut where two printable ASCII bytes meet, go through
/// `unicode-segmentation`. Mostly-ASCII text with the odd accent, CJK word or emoji (most
/// prose and code) is thus measured at nearly the ASCII speed. Same output as the crate: every
/// cut is a boundary of the whole string, and no UAX #29 rule looks back across printable
/// ASCII (a property test checks it).
fn graphemes(s: &str) -> Graphemes<'_> {
    Graphemes {
        s,
        pos: 0,
        chunk: None,
    }
}

struct Graphemes<'a> {
    s: &'a str,
    /// Next byte to look at; always a grapheme boundary.
    pos: usize,
    /// A stretch being segmented by the crate: its start in `s` and its iterator.
    chunk: Option<(usize, unicode_segmentation::GraphemeIndices<'a>)>,
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if let Some((base, it)) = &mut self.chunk {
            if let Some((i, g)) = it.next() {
                return Some((*base + i, g));
            }
            self.chunk = None;
        }
        let b = self.s.as_bytes();
        let p = self.pos;
        let c = *b.get(p)?;
        if is_plain_ascii(c) && b.get(p + 1).is_none_or(|&n| is_plain_ascii(n)) {
            self.pos = p + 1;
            return self.s.get(p..=p).map(|g| (p, g));
        }
        let mut e = p + 1;
        while e < b.len() && !(is_plain_ascii(b[e - 1]) && is_plain_ascii(b[e])) {
            e += 1;
        }
        self.pos = e;
        let mut it = self.s.get(p..e).unwrap_or_default().grapheme_indices(true);
        let first = it.next().map(|(i, g)| (p + i, g));
        self.chunk = Some((p, it));
        first
    }
}

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

// ---------------------------------------------------------------------------------------------
// the builder

/// One run of a paragraph's display buffer.
#[derive(Debug, Clone)]
struct Run {
    /// Start in the buffer (the run ends where the next one starts).
    disp: usize,
    src: Range<usize>,
    identity: bool,
    role: Role,
    style: InlineStyle,
}

/// A container decoration drawn at the start of every line inside it.
#[derive(Debug, Clone)]
struct Prefix {
    first: Cow<'static, str>,
    rest: Cow<'static, str>,
    role: Role,
    /// `first` has not been drawn yet.
    pending: bool,
}

/// A wrapped line before decorations: the buffer bytes it shows (empty when none) and its
/// width in cells. Segments are made only when the line is pushed, straight into the line's
/// exactly sized vector.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    range: Range<usize>,
    width: usize,
}

struct Builder<'d> {
    src: &'d str,
    width: usize,
    lines: Vec<Line>,
    block: usize,
    prefix: Vec<Prefix>,
    buf: String,
    runs: Vec<Run>,
    /// Source start of the block whose first line has not been emitted yet.
    pending_start: Option<usize>,
    /// Depth of nested lists (for bullet shapes).
    list_depth: usize,
    /// Line kind forced on prose inside a container (footnotes).
    kind_override: Option<LineKind>,
}

impl<'d> Builder<'d> {
    fn new(src: &'d str, width: usize) -> Self {
        Self {
            src,
            width: width.max(1),
            lines: Vec::new(),
            block: 0,
            prefix: Vec::new(),
            buf: String::new(),
            runs: Vec::new(),
            pending_start: None,
            list_depth: 0,
            kind_override: None,
        }
    }

    fn last_pos(&self) -> usize {
        self.lines.last().map_or(0, |l| l.src.end.max(l.src.start))
    }

    // ----- emitting lines

    /// Width of the prefix the next line would get.
    fn prefix_width(&self) -> usize {
        self.prefix
            .iter()
            .map(|p| str_width(if p.pending { &p.first } else { &p.rest }))
            .sum()
    }

    fn rest_prefix_width(&self) -> usize {
        self.prefix.iter().map(|p| str_width(&p.rest)).sum()
    }

    /// Pushes a line of `kind` with the current prefix and `content`.
    fn push_line(&mut self, kind: LineKind, content: Vec<Segment>) {
        let mut segments = Vec::with_capacity(self.prefix_count() + content.len());
        self.push_prefix(&mut segments);
        let n = segments.len();
        segments.extend(content);
        self.finish_line(kind, segments, n);
    }

    /// Pushes a line of `kind` showing buffer bytes `range` (cursor `ri`, see
    /// [`Self::segments_for`]) under the current prefix, then `tail` if any; one allocation of
    /// exactly the segments needed.
    fn push_buf_line(
        &mut self,
        kind: LineKind,
        range: Range<usize>,
        ri: &mut usize,
        tail: Option<Segment>,
    ) {
        let runs = if range.is_empty() {
            0
        } else {
            self.runs_in(range.start, range.end, ri)
        };
        let mut segments =
            Vec::with_capacity(self.prefix_count() + runs + usize::from(tail.is_some()));
        self.push_prefix(&mut segments);
        let n = segments.len();
        if !range.is_empty() {
            self.append_segments(range.start, range.end, ri, &mut segments);
        }
        if let Some(mut t) = tail {
            let pos = segments
                .get(n..)
                .and_then(<[Segment]>::last)
                .map_or(0, |s| s.src.end);
            t.src = pos..pos;
            segments.push(t);
        }
        self.finish_line(kind, segments, n);
    }

    /// Segments the prefix will draw on the next line.
    fn prefix_count(&self) -> usize {
        self.prefix
            .iter()
            .filter(|p| !if p.pending { &p.first } else { &p.rest }.is_empty())
            .count()
    }

    /// Appends the prefix decorations of the next line (and marks first-line prefixes drawn).
    fn push_prefix(&mut self, segments: &mut Vec<Segment>) {
        for p in &mut self.prefix {
            let text = if p.pending {
                p.first.clone()
            } else {
                p.rest.clone()
            };
            p.pending = false;
            if !text.is_empty() {
                segments.push(Segment {
                    shown: Some(text),
                    src: 0..0,
                    role: p.role,
                    style: InlineStyle::empty(),
                    identity: false,
                });
            }
        }
    }

    /// Pushes `segments` (the first `n` of them the prefix) as a line of `kind`, with its
    /// source range taken from the content.
    fn finish_line(&mut self, kind: LineKind, mut segments: Vec<Segment>, n: usize) {
        let mut start = usize::MAX;
        let mut end = 0;
        for s in segments.get(n..).unwrap_or_default() {
            if !(s.role == Role::Decoration || s.role == Role::Marker) || s.src.end > s.src.start {
                start = start.min(s.src.start);
                end = end.max(s.src.end);
            }
        }
        let prev = self.lines.last().map_or(0, |l| l.src.start);
        let last = self.last_pos();
        if start == usize::MAX {
            start = self.pending_start.unwrap_or(last).max(prev);
            end = start;
        } else if let Some(p) = self.pending_start.take() {
            start = start.min(p);
        }
        let start = start.max(prev);
        let end = end.max(start);
        for s in segments.get_mut(..n).unwrap_or_default() {
            s.src = start..start;
        }
        self.lines.push(Line {
            kind,
            segments,
            src: start..end,
            block: self.block,
        });
    }

    /// The blank line between two top-level blocks, at `pos` (the end of the previous one).
    fn blank_at(&mut self, pos: usize) {
        if self.lines.last().is_some_and(|l| l.kind == LineKind::Blank) {
            return;
        }
        let pos = pos.max(self.lines.last().map_or(0, |l| l.src.start));
        self.lines.push(Line {
            kind: LineKind::Blank,
            segments: Vec::new(),
            src: pos..pos,
            block: self.block,
        });
    }

    /// One blank line (never two in a row, never at the very start); quote bars continue.
    fn blank(&mut self) {
        match self.lines.last() {
            None => return,
            Some(l) if l.kind == LineKind::Blank => return,
            _ => {}
        }
        let bar: String = self.prefix.iter().map(|p| p.rest.as_ref()).collect();
        let bar = bar.trim_end();
        let pos = self.last_pos();
        let segments = if bar.is_empty() {
            Vec::new()
        } else {
            vec![Segment {
                shown: Some(Cow::Owned(bar.to_owned())),
                src: pos..pos,
                role: Role::Decoration,
                style: InlineStyle::empty(),
                identity: false,
            }]
        };
        self.lines.push(Line {
            kind: LineKind::Blank,
            segments,
            src: pos..pos,
            block: self.block,
        });
    }

    // ----- runs

    fn clear_runs(&mut self) {
        self.buf.clear();
        self.runs.clear();
    }

    fn push_run(
        &mut self,
        text: &str,
        src: Range<usize>,
        identity: bool,
        role: Role,
        style: InlineStyle,
    ) {
        if text.is_empty() {
            return;
        }
        let mut chars = text.chars();
        let role = match (chars.next(), chars.next()) {
            (Some('\u{2400}'..='\u{2421}' | '\u{fffd}'), None)
                if !identity && role != Role::Code =>
            {
                Role::Control
            }
            _ => role,
        };
        self.runs.push(Run {
            disp: self.buf.len(),
            src,
            identity,
            role,
            style,
        });
        self.buf.push_str(text);
    }

    fn push_decoration_run(&mut self, text: &'static str, role: Role) {
        let pos = self.runs.last().map_or(0, |r| r.src.end);
        self.push_run(text, pos..pos, false, role, InlineStyle::empty());
    }

    /// Adds an inline to the paragraph buffer, mapping as much of it to the source exactly as
    /// can be: the common case (text is its source slice) is one identity run; otherwise the
    /// text is aligned with the source character by character (soft breaks, escapes, controls)
    /// until the two diverge, and the rest maps coarsely to the remaining source range.
    fn push_inline(&mut self, inline: &Inline, role: Role, extra: InlineStyle) {
        let style = inline.style.difference(InlineStyle::SOFT_BREAK) | extra;
        let src = self.src;
        align_inline(
            src,
            inline.text(src),
            inline.range.clone(),
            |text, range, identity| {
                self.push_run(text, range, identity, role, style);
            },
        );
    }

    fn push_inlines(&mut self, inlines: &[Inline], role: Role, extra: InlineStyle) {
        for i in inlines {
            self.push_inline(i, role, extra);
        }
    }

    // ----- wrapping

    /// Segments for buffer bytes `a..b` (cursor `ri` = first run that may overlap).
    fn segments_for(&self, a: usize, b: usize, ri: &mut usize) -> Vec<Segment> {
        let mut out = Vec::with_capacity(self.runs_in(a, b, ri));
        self.append_segments(a, b, ri, &mut out);
        out
    }

    /// How many segments buffer bytes `a..b` make (advances `ri` as [`Self::segments_for`]).
    fn runs_in(&self, a: usize, b: usize, ri: &mut usize) -> usize {
        while *ri + 1 < self.runs.len() && self.runs[*ri + 1].disp <= a {
            *ri += 1;
        }
        let mut n = 0;
        for i in *ri..self.runs.len() {
            let disp = self.runs[i].disp;
            let run_end = self.runs.get(i + 1).map_or(self.buf.len(), |r| r.disp);
            if disp >= b {
                break;
            }
            if a.max(disp) < b.min(run_end) {
                n += 1;
            }
            if run_end >= b {
                break;
            }
        }
        n
    }

    /// Appends the segments for buffer bytes `a..b` to `out`.
    fn append_segments(&self, a: usize, b: usize, ri: &mut usize, out: &mut Vec<Segment>) {
        while *ri + 1 < self.runs.len() && self.runs[*ri + 1].disp <= a {
            *ri += 1;
        }
        let mut i = *ri;
        while i < self.runs.len() {
            let run = &self.runs[i];
            let run_end = self.runs.get(i + 1).map_or(self.buf.len(), |r| r.disp);
            if run.disp >= b {
                break;
            }
            let pa = a.max(run.disp);
            let pb = b.min(run_end);
            if pa < pb {
                let text = sub(&self.buf, pa..pb);
                if run.identity {
                    let s0 = run.src.start + (pa - run.disp);
                    out.push(Segment {
                        shown: None,
                        src: s0..s0 + (pb - pa),
                        role: run.role,
                        style: run.style,
                        identity: true,
                    });
                } else {
                    let shown = static_or_owned(text);
                    out.push(Segment {
                        shown: Some(shown),
                        src: run.src.clone(),
                        role: run.role,
                        style: run.style,
                        identity: false,
                    });
                }
            }
            if run_end >= b {
                break;
            }
            i += 1;
        }
    }

    /// Wraps the buffer greedily: first line `first` cells, later lines `rest` cells.
    fn wrap(&self, first: usize, rest: usize) -> Vec<Piece> {
        if self
            .buf
            .bytes()
            .all(|b| ASCII_CLASS[usize::from(b)].is_some())
        {
            return self.wrap_ascii(first, rest);
        }
        self.wrap_general(first, rest)
    }

    /// [`Self::wrap`] for buffers of plain ASCII prose (see [`ascii_class`]): one byte is one
    /// cell and one grapheme, so each line is found by measuring `avail` bytes ahead and
    /// scanning back to the last break opportunity, touching each byte about once. Gives
    /// exactly the lines of [`Self::wrap_general`] (a property test checks it).
    fn wrap_ascii(&self, first: usize, rest: usize) -> Vec<Piece> {
        let b = self.buf.as_bytes();
        let n = b.len();
        let mut pieces = Vec::with_capacity(n / first.max(1) + 1);
        let mut avail = first.max(1);
        let mut start = 0;
        while start < n && b[start] == b' ' {
            start += 1;
        }
        while start < n {
            let limit = start + avail;
            let (end, next) = if limit >= n {
                (n, n)
            } else {
                // trailing spaces past the limit are never drawn
                let mut k = limit;
                while k < n && b[k] == b' ' {
                    k += 1;
                }
                if k >= n {
                    (n, n)
                } else {
                    match (start + 1..=k).rev().find(|&j| ascii_break_before(b, j)) {
                        Some(j) => (j, j),
                        None => (limit, limit),
                    }
                }
            };
            let mut ce = end;
            while ce > start && b[ce - 1] == b' ' {
                ce -= 1;
            }
            pieces.push(Piece {
                range: if ce > start { start..ce } else { 0..0 },
                width: ce - start,
            });
            start = next;
            while start < n && b[start] == b' ' {
                start += 1;
            }
            avail = rest.max(1);
        }
        pieces
    }

    fn wrap_general(&self, first: usize, rest: usize) -> Vec<Piece> {
        let buf = self.buf.as_str();
        let mut pieces = Vec::new();
        let mut avail = first.max(1);
        let mut line_start: Option<usize> = None; // buffer offset of the line's first content
        let mut content_end = 0; // end of the line's content (trailing spaces excluded)
        let mut line_w = 0; // including trailing spaces
        let mut content_w = 0;
        // leading spaces of the paragraph are not drawn
        let mut prev = buf.len() - buf.trim_start_matches(' ').len();
        let emit = |pieces: &mut Vec<Piece>, ls: Option<usize>, ce: usize, cw: usize| {
            // no line ends with a space either
            let (mut ce, mut cw) = (ce, cw);
            while ls.is_some_and(|a| a < ce) && buf.as_bytes().get(ce - 1) == Some(&b' ') {
                ce -= 1;
                cw = cw.saturating_sub(1);
            }
            let range = match ls {
                Some(a) if a < ce => a..ce,
                _ => 0..0,
            };
            pieces.push(Piece { range, width: cw });
        };
        for (idx, opp) in break_opportunities(buf) {
            if idx <= prev {
                continue;
            }
            let word = sub(buf, prev..idx);
            let content = word.trim_end_matches([' ', '\n']);
            let ws = word.len() - content.len();
            let cw = str_width(content);
            if !content.is_empty() {
                if line_start.is_some() && line_w + cw > avail {
                    emit(&mut pieces, line_start, content_end, content_w);
                    line_start = None;
                    line_w = 0;
                    content_w = 0;
                    avail = rest.max(1);
                }
                if cw > avail.saturating_sub(line_w) {
                    // a word wider than the line: break between graphemes
                    for (gi, g) in graphemes(content) {
                        let gw = grapheme_width(g);
                        if line_start.is_some() && line_w + gw > avail {
                            emit(&mut pieces, line_start, content_end, content_w);
                            line_start = None;
                            line_w = 0;
                            avail = rest.max(1);
                        }
                        if line_start.is_none() {
                            if g == " " {
                                continue; // no line starts with a space
                            }
                            line_start = Some(prev + gi);
                        }
                        line_w += gw;
                        content_w = line_w;
                        content_end = prev + gi + g.len();
                    }
                } else {
                    if line_start.is_none() {
                        line_start = Some(prev);
                    }
                    line_w += cw;
                    content_w = line_w;
                    content_end = prev + content.len();
                }
            }
            // trailing spaces count toward the next word's fit, but are never drawn at an end
            let spaces = word
                .get(content.len()..)
                .map_or(0, |t| t.bytes().filter(|&b| b == b' ').count());
            if line_start.is_some() {
                line_w += spaces;
            }
            let _ = ws;
            if opp == BreakOpportunity::Mandatory && (word.ends_with('\n') || idx == buf.len()) {
                if line_start.is_some() || idx < buf.len() {
                    emit(&mut pieces, line_start, content_end, content_w);
                    avail = rest.max(1);
                }
                line_start = None;
                line_w = 0;
                content_w = 0;
            }
            prev = idx;
        }
        pieces
    }

    /// Wraps the buffer and pushes it as lines of `kind` under the current prefix.
    fn flush_paragraph(&mut self, kind: LineKind) {
        if self.buf.is_empty() {
            return;
        }
        let pw = self.prefix_width();
        let rw = self.rest_prefix_width();
        let pieces = self.wrap(self.width.saturating_sub(pw), self.width.saturating_sub(rw));
        let mut ri = 0;
        for p in pieces {
            self.push_buf_line(kind, p.range, &mut ri, None);
        }
        self.clear_runs();
    }

    // ----- blocks

    fn with_prefix(
        &mut self,
        first: Cow<'static, str>,
        rest: Cow<'static, str>,
        role: Role,
        f: impl FnOnce(&mut Self),
    ) {
        self.prefix.push(Prefix {
            first,
            rest,
            role,
            pending: true,
        });
        f(self);
        self.prefix.pop();
    }

    /// The lines of top-level block `i` of `doc` alone, with the blank line that separates it
    /// from the block before. The builder is reset first, so the result never depends on what
    /// it laid out before.
    fn one_block(&mut self, doc: &Document, i: usize) -> Vec<Line> {
        self.lines.clear();
        self.prefix.clear();
        self.pending_start = None;
        self.list_depth = 0;
        self.kind_override = None;
        let Some(block) = doc.blocks.get(i) else {
            return Vec::new();
        };
        self.block = i;
        if let Some(prev) = i.checked_sub(1).and_then(|p| doc.blocks.get(p)) {
            self.blank_at(prev.range.end);
        }
        self.block(block);
        std::mem::take(&mut self.lines)
    }

    fn block(&mut self, block: &Block) {
        if self.pending_start.is_none() {
            self.pending_start = Some(block.range.start);
        }
        match &block.kind {
            BlockKind::Heading { level, inlines } => {
                let level = (*level).clamp(1, 6);
                self.clear_runs();
                self.push_inlines(inlines, Role::Heading(level), InlineStyle::empty());
                let before = self.lines.len();
                self.flush_paragraph(LineKind::Heading(level));
                if level == 1 && self.lines.len() > before {
                    let w = self.lines[before..]
                        .iter()
                        .map(|l| {
                            l.segments
                                .iter()
                                .filter(|s| s.role != Role::Decoration && s.role != Role::Marker)
                                .map(|s| s.width(self.src))
                                .sum::<usize>()
                        })
                        .max()
                        .unwrap_or(0);
                    let avail = self.width.saturating_sub(self.rest_prefix_width()).max(1);
                    let rule = "═".repeat(w.clamp(1, avail));
                    let pos = self.last_pos();
                    self.push_line(
                        LineKind::Heading(1),
                        vec![Segment {
                            shown: Some(Cow::Owned(rule)),
                            src: pos..pos,
                            role: Role::Decoration,
                            style: InlineStyle::empty(),
                            identity: false,
                        }],
                    );
                }
            }
            BlockKind::Paragraph(inlines) => {
                self.clear_runs();
                self.push_inlines(inlines, Role::Body, InlineStyle::empty());
                self.flush_paragraph(self.text_kind());
            }
            BlockKind::Metadata(fields) => self.metadata(fields),
            BlockKind::List(list) => self.list(list),
            BlockKind::Quote(blocks) => {
                self.with_prefix(
                    Cow::Borrowed("│ "),
                    Cow::Borrowed("│ "),
                    Role::Decoration,
                    |b| {
                        b.blocks(blocks, false);
                    },
                );
            }
            BlockKind::Code { text, .. } => {
                self.with_prefix(
                    Cow::Borrowed("  "),
                    Cow::Borrowed("  "),
                    Role::Decoration,
                    |b| {
                        b.code(text, block.range.clone());
                    },
                );
            }
            BlockKind::Table(table) => self.table(table, block.range.clone()),
            BlockKind::Rule => {
                let avail = self.width.saturating_sub(self.prefix_width()).max(1);
                let pos = self.last_pos().max(block.range.start);
                self.push_line(
                    LineKind::Rule,
                    vec![Segment {
                        shown: Some(Cow::Owned("─".repeat(avail))),
                        src: pos..pos,
                        role: Role::Decoration,
                        style: InlineStyle::empty(),
                        identity: false,
                    }],
                );
            }
            BlockKind::Footnote { label, blocks } => {
                let label = crate::core::doc::sanitize::one_line(label);
                let first = format!("[{label}] ");
                let w = str_width(&first).min(8);
                self.with_prefix(Cow::Owned(first), spaces(w), Role::Marker, |b| {
                    let saved = b.kind_override.replace(LineKind::Footnote);
                    b.blocks(blocks, false);
                    b.kind_override = saved;
                });
            }
        }
        self.pending_start = None;
    }

    /// Lays out a block sequence; `tight` = list item (no blank before a nested list).
    fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 && !(tight && matches!(b.kind, BlockKind::List(_))) {
                self.blank();
            }
            self.block(b);
        }
    }

    /// The line kind for prose at the current nesting.
    fn text_kind(&self) -> LineKind {
        if let Some(k) = self.kind_override {
            return k;
        }
        match self.prefix.last() {
            Some(p) if p.rest == "│ " => LineKind::Quote,
            Some(p) if p.role == Role::Marker && self.list_depth > 0 => LineKind::ListItem,
            _ => LineKind::Text,
        }
    }

    fn metadata(&mut self, fields: &[Field]) {
        for f in fields {
            self.clear_runs();
            let at = f.value.first().map_or(self.last_pos(), |i| i.range.start);
            if !f.label.is_empty() {
                let label = crate::core::doc::sanitize::one_line(&f.label);
                self.runs.push(Run {
                    disp: 0,
                    src: at..at,
                    identity: false,
                    role: Role::MetaLabel,
                    style: InlineStyle::empty(),
                });
                self.buf.push_str(&label);
                self.buf.push_str(": ");
            }
            self.push_inlines(&f.value, Role::MetaValue, InlineStyle::empty());
            self.flush_paragraph(LineKind::Meta);
        }
    }

    fn list(&mut self, list: &List) {
        let depth = self.list_depth;
        self.list_depth += 1;
        let last_n = list
            .start
            .map(|s| s.saturating_add(list.items.len() as u64).saturating_sub(1));
        let num_w = last_n.map_or(0, |n| n.to_string().len());
        for (i, item) in list.items.iter().enumerate() {
            let marker: Cow<'static, str> = match (item.task, list.start) {
                (Some(true), _) => Cow::Borrowed("[x] "),
                (Some(false), _) => Cow::Borrowed("[ ] "),
                (None, Some(start)) => {
                    let n = start.saturating_add(i as u64);
                    Cow::Owned(format!("{n:>num_w$}. "))
                }
                (None, None) => Cow::Borrowed(["• ", "◦ ", "▪ "][depth % 3]),
            };
            let w = str_width(&marker);
            if self.pending_start.is_none() {
                self.pending_start = Some(item.range.start);
            }
            self.with_prefix(marker, spaces(w), Role::Marker, |b| {
                if item.blocks.is_empty() {
                    b.push_line(LineKind::ListItem, Vec::new());
                } else {
                    b.blocks(&item.blocks, true);
                }
            });
        }
        self.list_depth = depth;
    }

    fn code(&mut self, text: &str, range: Range<usize>) {
        let src = self.src;
        let mut cursor = range.start.min(src.len());
        let end = range.end.min(src.len());
        let avail = self.width.saturating_sub(self.prefix_width()).max(1);
        let mut lines: Vec<&str> = text.split('\n').collect();
        if lines.len() > 1 && lines.last() == Some(&"") {
            lines.pop();
        }
        for raw in lines {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            // find the line in the source near the cursor (fences and indentation skipped)
            let window_end = (cursor + line.len() + 256).min(end);
            let found = if line.is_empty() {
                None
            } else {
                find_code_line(src, cursor, end, line).or_else(|| {
                    src.get(cursor..window_end)
                        .and_then(|w| w.find(line))
                        .map(|p| cursor + p)
                })
            };
            self.clear_runs();
            if let Some(p) = found {
                cursor = p + line.len();
            }
            let at = found.unwrap_or(cursor);
            if found.is_none() {
                // keep roughly in step so later lines can be found again
                cursor = (cursor + line.len()).min(end);
            }
            if is_clean(line) && found.is_some() {
                self.push_run(
                    line,
                    at..at + line.len(),
                    true,
                    Role::Code,
                    InlineStyle::CODE,
                );
            } else {
                let shown = expand_code(line);
                let r = if found.is_some() {
                    at..at + line.len()
                } else {
                    at..at
                };
                self.push_run(&shown, r, false, Role::Code, InlineStyle::CODE);
            }
            self.code_line(avail);
        }
        self.clear_runs();
    }

    /// Emits the buffer as one code line, soft-wrapped between graphemes with a `↩` marker.
    fn code_line(&mut self, avail: usize) {
        let total = str_width(&self.buf);
        if total <= avail {
            self.push_buf_line(LineKind::Code, 0..self.buf.len(), &mut 0, None);
            return;
        }
        let chunk_w = if avail >= 2 { avail - 1 } else { avail };
        if self.buf.is_ascii() {
            // one byte, one cell, one grapheme
            let n = self.buf.len();
            let mut ri = 0;
            let mut start = 0;
            while start < n {
                let stop = (start + chunk_w).min(n);
                let tail = (stop < n && avail >= 2).then(wrap_marker);
                self.push_buf_line(LineKind::Code, start..stop, &mut ri, tail);
                start = stop;
            }
            return;
        }
        let mut ri = 0;
        let mut start = 0;
        let mut w = 0;
        let mut cuts = Vec::new();
        for (gi, g) in graphemes(&self.buf) {
            let gw = grapheme_width(g);
            if w + gw > chunk_w && gi > start {
                cuts.push(start..gi);
                start = gi;
                w = 0;
            }
            w += gw;
        }
        cuts.push(start..self.buf.len());
        let n = cuts.len();
        for (k, c) in cuts.into_iter().enumerate() {
            let tail = (k + 1 < n && avail >= 2).then(wrap_marker);
            self.push_buf_line(LineKind::Code, c, &mut ri, tail);
        }
    }

    fn table(&mut self, table: &crate::core::doc::document::Table, range: Range<usize>) {
        let ncols = table
            .rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(table.header.len()))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let avail = self.width.saturating_sub(self.prefix_width());
        let overhead = 3 * ncols + 1;
        let rows: Vec<(&[Vec<Inline>], bool)> = std::iter::once((table.header.as_slice(), true))
            .filter(|(h, _)| !h.is_empty())
            .chain(table.rows.iter().map(|r| (r.as_slice(), false)))
            .collect();
        if avail < overhead + ncols {
            // too narrow for boxes: each row as wrapped text, cells separated by bars
            for (row, header) in rows {
                self.clear_runs();
                for (ci, cell) in row.iter().enumerate() {
                    if ci > 0 {
                        self.push_decoration_run(" │ ", Role::Decoration);
                    }
                    let extra = if header {
                        InlineStyle::STRONG
                    } else {
                        InlineStyle::empty()
                    };
                    self.push_inlines(cell, Role::Body, extra);
                }
                self.flush_paragraph(LineKind::Table);
            }
            return;
        }
        // natural widths
        let mut natural = vec![1usize; ncols];
        for (row, header) in &rows {
            for (ci, cell) in row.iter().enumerate() {
                self.clear_runs();
                let extra = if *header {
                    InlineStyle::STRONG
                } else {
                    InlineStyle::empty()
                };
                self.push_inlines(cell, Role::Body, extra);
                let w = str_width(self.buf.trim());
                natural[ci] = natural[ci].max(w);
            }
        }
        let budget = avail - overhead;
        let widths = fit_columns(&natural, budget);
        let aligns: Vec<Align> = (0..ncols)
            .map(|i| table.aligns.get(i).copied().unwrap_or(Align::None))
            .collect();
        let pos = range.start;
        self.border_line(&widths, ["┌", "┬", "┐"], pos);
        for (ri, (row, header)) in rows.iter().enumerate() {
            self.table_row(row, *header, &widths, &aligns);
            if *header && ri + 1 < rows.len() {
                let pos = self.last_pos();
                self.border_line(&widths, ["├", "┼", "┤"], pos);
            }
        }
        let pos = self.last_pos();
        self.border_line(&widths, ["└", "┴", "┘"], pos);
    }

    fn table_row(&mut self, row: &[Vec<Inline>], header: bool, widths: &[usize], aligns: &[Align]) {
        let ncols = widths.len();
        let mut cells: Vec<Vec<(Vec<Segment>, usize)>> = Vec::with_capacity(ncols);
        for (ci, w) in widths.iter().enumerate() {
            self.clear_runs();
            if let Some(cell) = row.get(ci) {
                let extra = if header {
                    InlineStyle::STRONG
                } else {
                    InlineStyle::empty()
                };
                self.push_inlines(cell, Role::Body, extra);
            }
            let mut ri = 0;
            let lines = self
                .wrap(*w, *w)
                .into_iter()
                .map(|p| {
                    let segs = if p.range.is_empty() {
                        Vec::new()
                    } else {
                        self.segments_for(p.range.start, p.range.end, &mut ri)
                    };
                    (segs, p.width)
                })
                .collect();
            cells.push(lines);
        }
        self.clear_runs();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for k in 0..height {
            let mut segs = Vec::new();
            for (ci, col) in cells.iter_mut().enumerate() {
                segs.push(deco(if ci == 0 { "│ " } else { " │ " }));
                let (content, cw) = match col.get_mut(k) {
                    Some((segs, w)) => (std::mem::take(segs), *w),
                    None => (Vec::new(), 0),
                };
                let pad = widths[ci].saturating_sub(cw);
                let (l, r) = match aligns[ci] {
                    Align::Right => (pad, 0),
                    Align::Center => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                if l > 0 {
                    segs.push(deco_owned(spaces(l)));
                }
                segs.extend(content);
                if r > 0 {
                    segs.push(deco_owned(spaces(r)));
                }
            }
            segs.push(deco(" │"));
            self.push_line(LineKind::Table, segs);
        }
    }

    fn border_line(&mut self, widths: &[usize], [l, m, r]: [&'static str; 3], pos: usize) {
        let mut s = String::from(l);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                s.push_str(m);
            }
            for _ in 0..w + 2 {
                s.push('─');
            }
        }
        s.push_str(r);
        self.push_line(
            LineKind::Table,
            vec![Segment {
                shown: Some(Cow::Owned(s)),
                src: pos..pos,
                role: Role::Decoration,
                style: InlineStyle::empty(),
                identity: false,
            }],
        );
    }
}

/// The `↩` ending a soft-wrapped code line (its position is set when the line is pushed).
fn wrap_marker() -> Segment {
    Segment {
        shown: Some(Cow::Borrowed("↩")),
        src: 0..0,
        role: Role::Decoration,
        style: InlineStyle::empty(),
        identity: false,
    }
}

fn deco(s: &'static str) -> Segment {
    deco_owned(Cow::Borrowed(s))
}

fn deco_owned(s: Cow<'static, str>) -> Segment {
    Segment {
        shown: Some(s),
        src: 0..0,
        role: Role::Decoration,
        style: InlineStyle::empty(),
        identity: false,
    }
}

/// Decorations are short and repeated: reuse static strings where we can.
fn static_or_owned(s: &str) -> Cow<'static, str> {
    for known in [" ", " │ ", "│ ", "• ", "◦ ", "▪ ", "[x] ", "[ ] "] {
        if s == known {
            return Cow::Borrowed(known);
        }
    }
    Cow::Owned(s.to_owned())
}

/// Maps an inline's display text onto its source range, calling `out(text, src, identity)` for
/// consecutive pieces: the common case (text is its source slice and has no control) is one
/// identity piece; otherwise the text is aligned with the source character by character (soft
/// breaks and indentation shown as one space, backslash escapes, controls shown as pictures)
/// until the two diverge, and the rest maps coarsely to the rest of the range. Display text is
/// always display-safe. Shared with `search`, so what is found is what is shown.
#[allow(clippy::too_many_lines)] // one alignment loop; splitting it would scatter its cursors
pub(crate) fn align_inline(
    src: &str,
    text: &str,
    range: Range<usize>,
    mut out: impl FnMut(&str, Range<usize>, bool),
) {
    if text == "\n" {
        out("\n", range, false);
        return;
    }
    let slice = src.get(range.clone());
    if slice == Some(text) && is_clean(text) {
        out(text, range, true);
        return;
    }
    let end = range.end.min(src.len());
    let mut s = range.start.min(end);
    let (tb, sb) = (text.as_bytes(), src.as_bytes());
    let mut ident_start: Option<(usize, usize)> = None; // (text byte, src byte)
    let is_ws = |ch: char| matches!(ch, ' ' | '\t' | '\n' | '\r');
    let is_ws_b = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut ti = 0;
    while ti < tb.len() {
        // fast path: equal printable ASCII (a single space between two non-spaces included)
        let (t0, s0) = (ti, s);
        while let (Some(&b), Some(&sbyte)) = (tb.get(ti), sb.get(s).filter(|_| s < end)) {
            if b != sbyte || !(0x20..0x7f).contains(&b) {
                break;
            }
            if b == b' '
                && (tb.get(ti + 1).copied().is_some_and(is_ws_b)
                    || sb
                        .get(s + 1)
                        .filter(|_| s + 1 < end)
                        .copied()
                        .is_some_and(is_ws_b))
            {
                break;
            }
            ti += 1;
            s += 1;
        }
        if ti > t0 {
            if ident_start.is_none() {
                ident_start = Some((t0, s0));
            }
            continue;
        }
        let Some(c) = text.get(ti..).and_then(|r| r.chars().next()) else {
            break;
        };
        let sc = src.get(s..end).and_then(|r| r.chars().next());
        if is_ws(c) && sc.is_some_and(is_ws) {
            // a run of whitespace (a soft break, indentation) shown as one space
            let s0 = s;
            while sb.get(s).filter(|_| s < end).copied().is_some_and(is_ws_b) {
                s += 1;
            }
            let mut t1 = ti;
            while tb.get(t1).copied().is_some_and(is_ws_b) {
                t1 += 1;
            }
            if s - s0 == 1 && t1 - ti == 1 && c == ' ' && sb.get(s0) == Some(&b' ') {
                if ident_start.is_none() {
                    ident_start = Some((ti, s0));
                }
                ti = t1;
                continue;
            }
            if let Some((t0, i0)) = ident_start.take() {
                out(sub(text, t0..ti), i0..s0, true);
            }
            out(" ", s0..s, false);
            ti = t1;
            continue;
        }
        let clean = !(is_unsafe(c) || matches!(c, '\t' | '\n' | '\r'));
        if clean && sc == Some(c) {
            if ident_start.is_none() {
                ident_start = Some((ti, s));
            }
            s += c.len_utf8();
            ti += c.len_utf8();
            continue;
        }
        if let Some((t0, s0)) = ident_start.take() {
            out(sub(text, t0..ti), s0..s, true);
        }
        if sc == Some(c) {
            // an unsafe control or a tab, present in the source: its picture / a space
            let shown = if c == '\t' || c == '\n' {
                ' '
            } else {
                picture(c)
            };
            let mut tmp = [0u8; 4];
            let n = c.len_utf8();
            out(shown.encode_utf8(&mut tmp), s..s + n, false);
            s += n;
        } else if sc == Some('\\') && src.get(s + 1..end).and_then(|r| r.chars().next()) == Some(c)
        {
            // a Markdown backslash escape
            let n = 1 + c.len_utf8();
            let mut tmp = [0u8; 4];
            let shown = if clean { c } else { picture(c) };
            out(shown.encode_utf8(&mut tmp), s..s + n, false);
            s += n;
        } else {
            // diverged: the rest maps to the rest of the range
            let rest = sub(text, ti..text.len());
            let shown = display_prose(rest);
            out(&shown, s.min(end)..end.max(s.min(end)), false);
            return;
        }
        ti += c.len_utf8();
    }
    if let Some((t0, s0)) = ident_start {
        out(sub(text, t0..text.len()), s0..s, true);
    }
}

/// Line-break opportunities of `s` per UAX #14: `(index of the char after the break, kind)`,
/// ending with the mandatory break at the end. Plain ASCII prose (letters, digits, spaces and
/// `.,;:!?'"()-`) takes a fast path that yields exactly what `unicode_linebreak::linebreaks`
/// does (a property test checks it) at a fraction of the cost; anything else goes through the
/// crate.
fn break_opportunities(s: &str) -> Vec<(usize, BreakOpportunity)> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5 + 1);
    // The text is cut before a letter that follows a space after a letter or digit: there UAX #14
    // always allows a break (LB18) and no later decision depends on what came before, so runs
    // of plain ASCII take the fast path and only the pieces around other characters (between
    // the nearest cuts) go through the crate.
    let is_bad = |c: &u8| ASCII_CLASS[usize::from(*c)].is_none();
    let mut pos = 0;
    while let Some(bad) = b
        .get(pos..)
        .and_then(|r| r.iter().position(is_bad))
        .map(|i| pos + i)
    {
        let lo = cut_before(b, bad).max(pos);
        let hi = cut_after(b, bad);
        if lo > pos {
            push_breaks(s, pos..lo, true, false, &mut out);
        }
        push_breaks(s, lo..hi, false, hi >= b.len(), &mut out);
        pos = hi;
    }
    if pos < b.len() {
        push_breaks(s, pos..b.len(), true, true, &mut out);
    }
    out
}

/// Whether the text may be cut before `b[i]` (see [`break_opportunities`]).
fn is_cut(b: &[u8], i: usize) -> bool {
    if i == 0 || b.get(i - 1) != Some(&b' ') || !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut k = i - 1;
    while k > 0 && b.get(k) == Some(&b' ') {
        k -= 1;
    }
    b.get(k)
        .is_some_and(|c| *c != b' ' && c.is_ascii_alphanumeric())
}

/// The last cut at or before `p` (0 if none).
fn cut_before(b: &[u8], p: usize) -> usize {
    (1..=p).rev().find(|&i| is_cut(b, i)).unwrap_or(0)
}

/// The first cut after `p` (`b.len()` if none).
fn cut_after(b: &[u8], p: usize) -> usize {
    (p + 1..b.len()).find(|&i| is_cut(b, i)).unwrap_or(b.len())
}

/// Break opportunities of `s[r]` shifted to `s`: the cut at its start (if any) is an allowed
/// break; the end-of-text break is kept only for the last piece.
fn push_breaks(
    s: &str,
    r: Range<usize>,
    simple: bool,
    last: bool,
    out: &mut Vec<(usize, BreakOpportunity)>,
) {
    let Some(piece) = s.get(r.clone()) else {
        return;
    };
    if r.start > 0 && !piece.is_empty() {
        out.push((r.start, BreakOpportunity::Allowed));
    }
    let from = out.len();
    if simple {
        ascii_breaks(piece.as_bytes(), out);
    } else {
        out.extend(linebreaks(piece));
    }
    for e in out.get_mut(from..).unwrap_or_default() {
        e.0 += r.start;
    }
    if !last && out.len() > from && out.last().is_some_and(|e| e.0 == r.end) {
        out.pop();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ac {
    Al,
    Nu,
    Sp,
    /// `.,;:`
    Is,
    /// `!?`
    Ex,
    /// `"'`
    Qu,
    Op,
    Cp,
    Hy,
}

/// [`ascii_class`] of every byte.
static ASCII_CLASS: [Option<Ac>; 256] = {
    let mut t = [None; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)]
        {
            t[i] = ascii_class(i as u8);
        }
        i += 1;
    }
    t
};

/// Whether UAX #14 allows a break before `b[j]` (plain ASCII prose, `0 < j < b.len()`).
fn ascii_break_before(b: &[u8], j: usize) -> bool {
    let class = |k: usize| b.get(k).and_then(|&x| ASCII_CLASS[usize::from(x)]);
    let (Some(prev), Some(cur)) = (j.checked_sub(1).and_then(class), class(j)) else {
        return false;
    };
    let before_space = if prev == Ac::Sp {
        let mut k = j - 1;
        while k > 0 && b.get(k) == Some(&b' ') {
            k -= 1;
        }
        if b.get(k) == Some(&b' ') {
            None
        } else {
            class(k)
        }
    } else {
        None
    };
    ascii_break(before_space, prev, cur)
}

const fn ascii_class(b: u8) -> Option<Ac> {
    Some(match b {
        b'a'..=b'z' | b'A'..=b'Z' => Ac::Al,
        b'0'..=b'9' => Ac::Nu,
        b' ' => Ac::Sp,
        b'.' | b',' | b';' | b':' => Ac::Is,
        b'!' | b'?' => Ac::Ex,
        b'"' | b'\'' => Ac::Qu,
        b'(' => Ac::Op,
        b')' => Ac::Cp,
        b'-' => Ac::Hy,
        _ => return None,
    })
}

fn ascii_breaks(s: &[u8], out: &mut Vec<(usize, BreakOpportunity)>) {
    let mut state = 0u8;
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        let Some(cur) = ASCII_CLASS[usize::from(b)] else {
            i += 1;
            continue;
        };
        let (brk, next) = ASCII_DFA[usize::from(state)][cur as usize];
        if brk {
            out.push((i, BreakOpportunity::Allowed));
        }
        state = next;
        i += 1;
        if matches!(cur, Ac::Al | Ac::Nu) {
            // no break inside a run of letters and digits (LB23, LB28, LB25): skip it, ending
            // in the state of its last byte
            let run = s.get(i..).map_or(0, |r| {
                r.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
            });
            if run > 0 {
                i += run;
                state = if s.get(i - 1).is_some_and(u8::is_ascii_digit) {
                    2
                } else {
                    1
                };
            }
        }
    }
    if !s.is_empty() {
        out.push((s.len(), BreakOpportunity::Mandatory));
    }
}

const ASCII_CLASSES: [Ac; 9] = [
    Ac::Al,
    Ac::Nu,
    Ac::Sp,
    Ac::Is,
    Ac::Ex,
    Ac::Qu,
    Ac::Op,
    Ac::Cp,
    Ac::Hy,
];

/// [`ascii_break`] as a table: state (0 = start of text, `1 + class` after a non-space,
/// 10/11/12 = after spaces that followed anything else / `(` / a quote) × class →
/// (break before this byte?, next state).
static ASCII_DFA: [[(bool, u8); 9]; 13] = {
    let mut t = [[(false, 0u8); 9]; 13];
    let mut st = 0;
    while st < 13 {
        let mut ci = 0;
        while ci < 9 {
            let cur = ASCII_CLASSES[ci];
            let brk = match st {
                0 => false,
                1..=9 => ascii_break(None, ASCII_CLASSES[st - 1], cur),
                10 => ascii_break(None, Ac::Sp, cur),
                11 => ascii_break(Some(Ac::Op), Ac::Sp, cur),
                _ => ascii_break(Some(Ac::Qu), Ac::Sp, cur),
            };
            #[allow(clippy::cast_possible_truncation)]
            let next = if matches!(cur, Ac::Sp) {
                match st {
                    10..=12 => st as u8,
                    7 => 11, // after `(`
                    6 => 12, // after a quote
                    _ => 10,
                }
            } else {
                1 + ci as u8
            };
            t[st][ci] = (brk, next);
            ci += 1;
        }
        st += 1;
    }
    t
};

/// Whether UAX #14 allows a break between `prev` and `cur` (ASCII subset).
const fn ascii_break(before_space: Option<Ac>, prev: Ac, cur: Ac) -> bool {
    use Ac::{Al, Cp, Ex, Hy, Is, Nu, Op, Qu, Sp};
    if matches!(cur, Sp | Cp | Ex | Is) {
        return false; // LB7, LB13
    }
    if matches!(prev, Sp) {
        return match before_space {
            Some(Op) => false,              // LB14
            Some(Qu) => !matches!(cur, Op), // LB15
            _ => true,                      // LB18
        };
    }
    !matches!(
        (prev, cur),
        (Op | Qu, _) | (_, Qu | Hy) // LB14, LB19, LB21
            | (Hy, Nu) // LB25
            | (Al | Nu, Al | Nu | Op) // LB28, LB23, LB30
            | (Cp | Is, Al | Nu) // LB30, LB29, LB25
    )
}

/// Column widths no wider than their content, shrunk to fit `budget` by capping the widest.
fn fit_columns(natural: &[usize], budget: usize) -> Vec<usize> {
    let sum: usize = natural.iter().sum();
    if sum <= budget {
        return natural.to_vec();
    }
    // largest cap c with sum(min(n, c)) <= budget
    let (mut lo, mut hi) = (1usize, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if natural.iter().map(|&n| n.min(mid)).sum::<usize>() <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural.iter().map(|&n| n.min(lo).max(1)).collect();
    // hand out what is left to the capped columns
    let mut left = budget.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(natural) {
        if left == 0 {
            break;
        }
        if n > *w {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

/// Prose text that could not be mapped to the source: controls as pictures, breaks as spaces.
fn display_prose(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if is_unsafe(c) => picture(c),
            c => c,
        })
        .collect()
}

/// Where a code line sits in the source, checked cheaply at the start of the current or next
/// source line after indentation and quote markers (the common case), or past a few blank
/// lines when nothing but blanks lies between (a blank code line does not move the cursor, so
/// the line after it would otherwise need the slow window search — which would find the same
/// place, as blanks cannot contain it).
fn find_code_line(src: &str, cursor: usize, end: usize, line: &str) -> Option<usize> {
    let b = src.as_bytes();
    let at = |mut p: usize| {
        let mut skipped = 0;
        while skipped < 16 && p < end && matches!(b.get(p), Some(b' ' | b'\t' | b'>')) {
            if src.get(p..end).is_some_and(|r| r.starts_with(line)) {
                return Some(p);
            }
            p += 1;
            skipped += 1;
        }
        src.get(p..end).filter(|r| r.starts_with(line)).map(|_| p)
    };
    let next_start = |p: usize| {
        b.get(p..end)?
            .iter()
            .position(|&c| c == b'\n')
            .map(|k| p + k + 1)
    };
    let blank = |c: &u8| matches!(c, b' ' | b'\t' | b'>' | b'\r');
    if let Some(p) = at(cursor) {
        return Some(p);
    }
    let mut p = next_start(cursor)?;
    if let Some(f) = at(p) {
        return Some(f);
    }
    // past blank lines, only where the window search (cursor .. cursor + len + 256) would find
    // this same first occurrence: everything skipped is blank and the line is not
    if line.bytes().all(|c| blank(&c)) || !b.get(cursor..p - 1)?.iter().all(blank) {
        return None;
    }
    for _ in 0..4 {
        let q = next_start(p)?;
        if !b.get(p..q - 1)?.iter().all(blank) {
            return None;
        }
        p = q;
        if let Some(f) = at(p) {
            return (f <= cursor + 256).then_some(f);
        }
    }
    None
}

/// A code line for display: tabs to the next multiple of 4 cells, controls as pictures.
fn expand_code(s: &str) -> String {
    if is_clean(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut col = 0;
    for g in s.graphemes(true) {
        if g == "\t" {
            let n = 4 - col % 4;
            out.push_str(&spaces(n));
            col += n;
        } else if g.chars().any(is_unsafe) {
            for c in g.chars() {
                out.push(if is_unsafe(c) { picture(c) } else { c });
                col += 1;
            }
        } else {
            out.push_str(g);
            col += grapheme_width(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::doc::document::{Format, ListItem, Metadata, Part, Table};
    use proptest::prelude::*;

    fn doc(source: &str, blocks: Vec<Block>) -> Arc<Document> {
        Arc::new(Document {
            source: source.to_owned(),
            format: Format::Markdown,
            meta: Metadata::default(),
            blocks,
        })
    }

    fn block(kind: BlockKind, range: Range<usize>) -> Block {
        Block {
            kind,
            range,
            part: Part::Body,
        }
    }

    /// A paragraph of the whole `range`, as one plain inline.
    fn para(range: Range<usize>) -> Block {
        block(
            BlockKind::Paragraph(vec![Inline::plain(range.clone())]),
            range,
        )
    }

    /// A document that is one paragraph of all of `text`.
    fn one_para(text: &str) -> Arc<Document> {
        doc(text, vec![para(0..text.len())])
    }

    fn texts(l: &Layout, source: &str) -> Vec<String> {
        l.all_lines().iter().map(|x| x.text(source)).collect()
    }

    fn assert_fits(l: &Layout, source: &str) {
        for line in &l.all_lines() {
            assert!(
                line.width(source) <= usize::from(l.width),
                "line {:?} is {} cells wide at width {}",
                line.text(source),
                line.width(source),
                l.width
            );
        }
    }

    #[test]
    fn paragraph_wraps_at_word_boundaries_with_identity_segments() {
        let d = one_para("The quick brown fox jumps over the lazy dog");
        let l = Layout::new(&d, 15);
        assert_eq!(
            texts(&l, &d.source),
            ["The quick brown", "fox jumps over", "the lazy dog"]
        );
        for line in &l.all_lines() {
            for s in &line.segments {
                assert!(s.identity && s.shown.is_none());
                assert_eq!(d.source.get(s.src.clone()), Some(s.text(&d.source)));
            }
        }
        assert_eq!(l.all_lines()[1].src, 16..30);
    }

    #[test]
    fn long_word_breaks_between_graphemes_only() {
        let text = "ae\u{301}e\u{301}e\u{301}👨‍👩‍👧e\u{301}e\u{301}";
        let d = one_para(text);
        let l = Layout::new(&d, 2);
        assert_fits(&l, &d.source);
        let all: String = l.all_lines().iter().map(|x| x.text(&d.source)).collect();
        assert_eq!(all, text);
        for line in &l.all_lines() {
            let t = line.text(&d.source);
            assert!(
                !t.starts_with('\u{301}') && !t.starts_with('\u{200d}'),
                "split inside a grapheme: {t:?}"
            );
        }
    }

    #[test]
    fn cjk_takes_two_cells_and_breaks_anywhere() {
        let text = "日本語のテキストは単語の間に空白がありません";
        let d = one_para(text);
        let l = Layout::new(&d, 10);
        assert_fits(&l, &d.source);
        let n = l.all_lines().len();
        assert!(
            l.all_lines()[..n - 1]
                .iter()
                .all(|x| x.width(&d.source) >= 8),
            "{:?}",
            texts(&l, &d.source)
        );
        assert_eq!(
            l.all_lines()
                .iter()
                .map(|x| x.text(&d.source))
                .collect::<String>(),
            text
        );
    }

    #[test]
    fn controls_are_shown_as_pictures_and_not_identity() {
        let text = "red \u{1b}[31mtext\u{9b}2J end";
        let d = one_para(text);
        let l = Layout::new(&d, 80);
        let shown = texts(&l, &d.source).join("\n");
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert!(shown.contains('␛'));
        let lines = l.all_lines();
        let esc = lines[0]
            .segments
            .iter()
            .find(|s| s.text(&d.source) == "␛")
            .expect("picture segment");
        assert!(!esc.identity);
        assert_eq!(esc.src, 4..5);
    }

    #[test]
    fn hard_wrapped_plain_text_keeps_exact_word_offsets() {
        let source = "one two\nthree\r\n  four";
        // a plain-text parser joins the lines with spaces
        let inline = Inline::shown("one two three four", 0..source.len());
        let d = doc(
            source,
            vec![block(BlockKind::Paragraph(vec![inline]), 0..source.len())],
        );
        let l = Layout::new(&d, 9);
        assert_eq!(texts(&l, source), ["one two", "three", "four"]);
        let lines = l.all_lines();
        let four = &lines[2].segments[0];
        assert!(four.identity);
        assert_eq!(four.src, 17..21);
        assert_eq!(l.line_for_offset(10), 1);
    }

    #[test]
    fn tabs_in_prose_become_spaces() {
        let d = one_para("a\tb");
        let l = Layout::new(&d, 80);
        assert_eq!(texts(&l, &d.source), ["a b"]);
    }

    #[test]
    fn headings_have_blank_lines_around_and_level_one_is_underlined() {
        let s = "# Title\n\nBody text.\n\n## Sub\n\nMore.";
        let h = |level, r: Range<usize>| {
            block(
                BlockKind::Heading {
                    level,
                    inlines: vec![Inline::plain(r.start + usize::from(level) + 1..r.end)],
                },
                r,
            )
        };
        let d = doc(s, vec![h(1, 0..7), para(9..19), h(2, 21..27), para(29..34)]);
        let l = Layout::new(&d, 40);
        assert_eq!(
            texts(&l, s),
            ["Title", "═════", "", "Body text.", "", "Sub", "", "More."]
        );
        assert_eq!(l.all_lines()[0].kind, LineKind::Heading(1));
        assert_eq!(l.all_lines()[5].kind, LineKind::Heading(2));
        assert_eq!(l.all_lines()[0].segments[0].role, Role::Heading(1));
        // a heading's first line starts at the block's start (the `#`)
        assert_eq!(l.line_for_offset(21), 5);
        assert_eq!(l.offset_of_line(5), 21);
    }

    fn item(r: Range<usize>, task: Option<bool>, nested: Option<Block>) -> ListItem {
        let mut blocks = vec![para(r.clone())];
        blocks.extend(nested);
        ListItem {
            task,
            blocks,
            range: r,
        }
    }

    #[test]
    fn lists_have_markers_and_hanging_indents() {
        let s = "alpha beta gamma delta\nsecond\ninner\ndone\ntodo";
        let inner = block(
            BlockKind::List(Box::new(List {
                start: None,
                items: vec![item(30..35, None, None)],
            })),
            30..35,
        );
        let list = List {
            start: None,
            items: vec![
                item(0..22, None, None),
                item(23..29, None, Some(inner)),
                item(36..40, Some(true), None),
                item(41..45, Some(false), None),
            ],
        };
        let d = doc(s, vec![block(BlockKind::List(Box::new(list)), 0..s.len())]);
        let l = Layout::new(&d, 14);
        assert_eq!(
            texts(&l, s),
            [
                "• alpha beta",
                "  gamma delta",
                "• second",
                "  ◦ inner",
                "[x] done",
                "[ ] todo"
            ]
        );
        assert!(l.all_lines().iter().all(|x| x.kind == LineKind::ListItem));
        assert_eq!(l.all_lines()[0].segments[0].role, Role::Marker);
    }

    #[test]
    fn ordered_lists_align_their_numbers() {
        let s = "abcdefghijk";
        let items = (0..10).map(|i| item(i..i + 1, None, None)).collect();
        let d = doc(
            s,
            vec![block(
                BlockKind::List(Box::new(List {
                    start: Some(1),
                    items,
                })),
                0..10,
            )],
        );
        let l = Layout::new(&d, 20);
        assert_eq!(l.all_lines()[0].text(s), " 1. a");
        assert_eq!(l.all_lines()[9].text(s), "10. j");
    }

    #[test]
    fn quotes_draw_nested_bars_including_blank_lines() {
        let s = "outer words here\n\ninner";
        let inner = block(BlockKind::Quote(Box::new([para(18..23)])), 18..23);
        let d = doc(
            s,
            vec![block(
                BlockKind::Quote(Box::new([para(0..16), inner])),
                0..23,
            )],
        );
        let l = Layout::new(&d, 12);
        assert_eq!(texts(&l, s), ["│ outer", "│ words here", "│", "│ │ inner"]);
        assert_eq!(l.all_lines()[0].kind, LineKind::Quote);
    }

    #[test]
    fn code_is_not_reflowed_and_long_lines_wrap_with_a_marker() {
        let s = "```\nfn main() {\n\tlet x = 1234567890;\n}\n```";
        let code = "fn main() {\n\tlet x = 1234567890;\n}\n";
        let d = doc(
            s,
            vec![block(
                BlockKind::Code {
                    lang: None,
                    text: code.into(),
                },
                0..s.len(),
            )],
        );
        let l = Layout::new(&d, 16);
        assert_eq!(
            texts(&l, s),
            ["  fn main() {", "      let x = 1↩", "  234567890;", "  }"]
        );
        assert_fits(&l, s);
        assert!(l.all_lines().iter().all(|x| x.kind == LineKind::Code));
        let lines = l.all_lines();
        let first = &lines[0].segments[1];
        assert!(first.identity);
        assert_eq!(first.src, 4..15);
    }

    fn cell(r: Range<usize>) -> Vec<Inline> {
        vec![Inline::plain(r)]
    }

    #[test]
    fn tables_are_boxed_and_fitted_to_the_width() {
        let s = "Name Population Russia 146 million people China 1.4 billion";
        let t = Table {
            aligns: vec![Align::Left, Align::Right],
            header: vec![cell(0..4), cell(5..15)],
            rows: vec![
                vec![cell(16..22), cell(23..41)],
                vec![cell(42..47), cell(48..59)],
            ],
        };
        let d = doc(
            s,
            vec![block(BlockKind::Table(Box::new(t.clone())), 0..s.len())],
        );
        let l = Layout::new(&d, 80);
        assert_eq!(
            texts(&l, s),
            [
                "┌────────┬────────────────────┐",
                "│ Name   │         Population │",
                "├────────┼────────────────────┤",
                "│ Russia │ 146 million people │",
                "│ China  │        1.4 billion │",
                "└────────┴────────────────────┘",
            ]
        );
        assert!(
            l.all_lines()[1]
                .segments
                .iter()
                .any(|x| x.style.contains(InlineStyle::STRONG))
        );
        let narrow = Layout::new(&d, 20);
        assert_fits(&narrow, s);
        assert!(narrow.all_lines()[0].text(s).starts_with('┌'));
        let tiny = Layout::new(&d, 8);
        assert_fits(&tiny, s);
    }

    #[test]
    fn metadata_has_label_and_value_roles() {
        let s = "Related Categories: China; Russia";
        let f = Field {
            label: "Related Categories".into(),
            value: vec![Inline::plain(20..s.len())],
        };
        let d = doc(s, vec![block(BlockKind::Metadata(vec![f]), 0..s.len())]);
        let l = Layout::new(&d, 80);
        assert_eq!(texts(&l, s), ["Related Categories: China; Russia"]);
        assert_eq!(l.all_lines()[0].kind, LineKind::Meta);
        assert_eq!(l.all_lines()[0].segments[0].role, Role::MetaLabel);
        assert_eq!(l.all_lines()[0].segments[1].role, Role::MetaValue);
        assert!(l.all_lines()[0].segments[1].identity);
    }

    #[test]
    fn rules_and_footnotes() {
        let s = "---\n\n[^1]: A note.";
        let d = doc(
            s,
            vec![
                block(BlockKind::Rule, 0..3),
                block(
                    BlockKind::Footnote {
                        label: "1".into(),
                        blocks: Box::new([para(11..18)]),
                    },
                    5..18,
                ),
            ],
        );
        let l = Layout::new(&d, 10);
        assert_eq!(texts(&l, s), ["──────────", "", "[1] A", "    note."]);
        assert_eq!(l.all_lines()[0].kind, LineKind::Rule);
        assert_eq!(l.all_lines()[2].kind, LineKind::Footnote);
    }

    #[test]
    fn hard_breaks_end_lines() {
        let s = "one  \ntwo";
        let inl = vec![
            Inline::plain(0..3),
            Inline::shown("\n", 3..6),
            Inline::plain(6..9),
        ];
        let d = doc(s, vec![block(BlockKind::Paragraph(inl), 0..9)]);
        let l = Layout::new(&d, 80);
        assert_eq!(texts(&l, s), ["one", "two"]);
    }

    #[test]
    fn styles_follow_inlines_across_lines() {
        let s = "plain *emphasised words* end";
        let inl = vec![
            Inline::plain(0..6),
            Inline::shown("emphasised words", 7..23).styled(InlineStyle::EMPHASIS),
            Inline::plain(24..28),
        ];
        let d = doc(s, vec![block(BlockKind::Paragraph(inl), 0..s.len())]);
        let l = Layout::new(&d, 16);
        assert_eq!(texts(&l, s), ["plain emphasised", "words end"]);
        assert_eq!(l.all_lines()[1].segments[0].style, InlineStyle::EMPHASIS);
        assert_eq!(l.all_lines()[1].segments[0].src, 18..23);
        assert_eq!(l.all_lines()[1].segments[1].style, InlineStyle::empty());
    }

    #[test]
    fn lines_on_demand_equal_the_whole_layout_in_any_order() {
        let md = "# Title\n\nSome *text* that wraps across lines here.\n\n- a\n- b\n  - c\n\n> quote\n> more\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\nEnd.[^1]\n\n[^1]: note\n";
        let d = Arc::new(crate::core::doc::markdown::parse(md.repeat(3)));
        let l = Layout::new(&d, 12);
        let all = l.all_lines();
        assert_eq!(all.len(), l.len());
        assert!(
            d.blocks.len() > BLOCK_CACHE,
            "the walk must overflow the block cache"
        );
        for i in (0..l.len()).rev().chain(0..l.len()) {
            assert_eq!(l.line(i).as_ref(), Some(&all[i]), "line {i}");
            assert_eq!(l.offset_of_line(i), all[i].src.start);
        }
        assert_eq!(l.line(l.len()), None);
        assert_eq!(l.lines(2..5).collect::<Vec<_>>(), all[2..5].to_vec());
        assert!(all.windows(2).all(|w| w[0].src.start <= w[1].src.start));
    }

    #[test]
    fn empty_document_and_width_zero_do_not_panic() {
        let d = doc("", Vec::new());
        let l = Layout::new(&d, 0);
        assert!(l.is_empty());
        assert_eq!(l.line_for_offset(5), 0);
        assert_eq!(l.offset_of_line(3), 0);
    }

    #[test]
    fn big_documents_are_laid_out_in_parallel_identically() {
        let para_text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
        let mut s = String::new();
        let mut blocks = Vec::new();
        while s.len() < PARALLEL_THRESHOLD + 10_000 {
            let start = s.len();
            for _ in 0..5 {
                s.push_str(para_text);
            }
            blocks.push(para(start..s.len() - 1));
            s.push_str("\n\n");
        }
        let d = doc(&s, blocks);
        let par = Layout::new(&d, 70);
        let seq = Layout::for_blocks(&d, 0..d.blocks.len(), 70).all_lines();
        assert!(
            par.all_lines() == seq,
            "parallel and sequential layouts differ"
        );
        assert!(
            par.all_lines()
                .windows(2)
                .all(|w| w[0].src.start <= w[1].src.start)
        );
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z]{1,12}",
            "[a-z]{1,3}-[a-z]{1,5}",
            "[日本語中文字]{1,6}",
            Just("👍🏽".to_owned()),
            Just("e\u{301}".to_owned()),
            Just("🇫🇷".to_owned()),
            "[a-z]{20,60}",
            "[.,;:!?()\"]{1,2}",
        ]
    }

    fn sep() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just(" "), Just("  "), Just("\n"), Just(" \n  "), Just("\t")]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn wrapped_paragraphs_fit_are_monotonic_and_lose_nothing(
            parts in prop::collection::vec((word(), sep()), 1..60),
            width in 1u16..200,
            joined in any::<bool>(),
        ) {
            let text: String = parts.iter().flat_map(|(w, s)| [w.as_str(), s]).collect();
            let inline = if joined {
                // what a plain-text parser does with hard-wrapped lines
                Inline::shown(text.split_whitespace().collect::<Vec<_>>().join(" "), 0..text.len())
            } else {
                Inline::plain(0..text.len())
            };
            let d = doc(&text, vec![block(BlockKind::Paragraph(vec![inline]), 0..text.len())]);
            let l = Layout::new(&d, width);
            let mut covered = vec![0u32; text.len()];
            let mut prev = 0;
            for line in &l.all_lines() {
                // documented exception: one grapheme wider than the whole line
                let w = line.width(&text);
                let single = line.text(&text).graphemes(true).count() == 1;
                prop_assert!(w <= usize::from(width) || single, "{:?} {} > {}", line.text(&text), w, width);
                prop_assert!(line.src.start >= prev);
                prev = line.src.start;
                for s in &line.segments {
                    if s.identity {
                        prop_assert_eq!(text.get(s.src.clone()), Some(s.text(&text)));
                        for c in &mut covered[s.src.clone()] {
                            *c += 1;
                        }
                    }
                }
            }
            for (i, ch) in text.char_indices() {
                if !ch.is_whitespace() {
                    prop_assert_eq!(covered[i], 1, "char {:?} at {} shown {} times", ch, i, covered[i]);
                }
            }
        }
    }
}

#[cfg(test)]
mod break_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn ascii_fast_path_matches_unicode_linebreak(s in "[a-c0-2 .,;:!?'\"()-]{0,24}") {
            let mut fast = Vec::new();
            ascii_breaks(s.as_bytes(), &mut fast);
            let slow: Vec<_> = linebreaks(&s).collect();
            prop_assert_eq!(fast, slow, "{:?}", s);
        }

        #[test]
        fn ascii_wrap_matches_general_wrap(s in "[a-c0-2 .,;:!?'\"()-]{0,60}", first in 1usize..20, rest in 1usize..20) {
            let mut b = Builder::new(&s, 80);
            b.push_run(&s, 0..s.len(), true, Role::Body, InlineStyle::empty());
            let fast = b.wrap_ascii(first, rest);
            let slow = b.wrap_general(first, rest);
            prop_assert_eq!(fast, slow, "{:?}", s);
        }

        #[test]
        fn mixed_text_breaks_match_unicode_linebreak(
            s in "([a-c0-2 .,;:!?'\"()-]{0,6}[ é日—*/\u{200d}🚀\n\\[\\]\u{a0}]?){0,8}"
        ) {
            let fast = break_opportunities(&s);
            let slow: Vec<_> = linebreaks(&s).collect();
            prop_assert_eq!(fast, slow, "{:?}", s);
        }

        #[test]
        fn fast_graphemes_match_unicode_segmentation(
            s in "([a-c0-2 .,!?'\r\n\t\x1b]{0,4}[é日\u{301}\u{200d}🚀👍\u{1f3fd}\u{1f1eb}\u{1f1f7}\u{600}\u{a8f}\u{94d}\u{915}\u{1100}\u{1161}\u{ff9e}\u{85}]{0,3}){0,8}"
        ) {
            let fast: Vec<_> = graphemes(&s).collect();
            let slow: Vec<_> = s.grapheme_indices(true).collect();
            prop_assert_eq!(fast, slow, "{:?}", s);
            let slow_w: usize = if s.is_ascii() {
                s.len()
            } else {
                s.graphemes(true).map(grapheme_width).sum()
            };
            prop_assert_eq!(str_width(&s), slow_w, "{:?}", s);
        }
    }
}
