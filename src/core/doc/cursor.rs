//! The reading cursor: which sentence the reader is on, and the passage they are selecting.
//!
//! Sentences are found once per document with UAX #29 sentence boundaries
//! (`unicode-segmentation`), inside each text block of the document model, so a sentence never
//! runs from a heading into the paragraph below it; every block that holds text is a
//! "paragraph" for the `{`/`}` motions. All positions are byte offsets into
//! `Document::source` — the same unit as annotations and highlights — so the cursor survives a
//! re-layout untouched and the view only has to translate offsets into lines.
//!
//! A selection ([`Visual`]) keeps the sentence it started on (`anchor`) and a moving end
//! (`head`). Motions move the head by sentence, paragraph or word boundary; while the head is
//! after the anchor's start the passage is `anchor.start..head`, before it `head..anchor.end`,
//! so `v` then `b` shrinks the sentence by a word and `v` then `(` grows it backwards.
//! Pure: uses the document model (its blocks' [`text_units`](crate::core::doc::document::Block::text_units)) only.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::core::doc::document::{Document, TextUnit, to_u32, transient};

/// One sentence: its source byte range (trimmed of surrounding whitespace) and the index of
/// the text block ("paragraph") it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub para: usize,
}

/// A selection in progress (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visual {
    /// The unit the selection started on (a sentence, or an empty range for a mouse press).
    pub anchor: Range<usize>,
    /// The moving end.
    pub head: usize,
}

impl Visual {
    /// The selected source bytes.
    pub fn range(&self) -> Range<usize> {
        if self.head >= self.anchor.start {
            self.anchor.start..self.head.max(self.anchor.start)
        } else {
            self.head..self.anchor.end
        }
    }
}

/// A text block ("paragraph") of the document: its text's source range.
///
/// `u32` offsets (texts are at most 4 GiB): a long document has one per paragraph, 8 bytes.
/// Whether it is one unit (a code block or table is not split into sentences) is kept apart,
/// in [`CursorState::whole`]: those are few.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    start: u32,
    end: u32,
}

impl Para {
    pub fn new(range: Range<usize>) -> Self {
        Self {
            start: to_u32(range.start),
            end: to_u32(range.end),
        }
    }

    /// The paragraph's text in the source.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The paragraphs of a document plus the reader's place among them.
///
/// Sentences are found lazily, one paragraph at a time, when the cursor moves into it: opening
/// a 10 MB article costs a walk over its blocks, not a segmentation of all its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CursorState {
    /// In document order, non-overlapping.
    pub paras: Vec<Para>,
    /// The paragraphs kept whole (code blocks, tables), as sorted indices into `paras`.
    pub whole: Vec<u32>,
    /// The paragraph of the current sentence (an index into `paras`).
    pub para: usize,
    /// The current sentence.
    pub sentence: Range<usize>,
    /// The selection, when one is being made.
    pub visual: Option<Visual>,
}

/// Which unit a head motion moves by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Word,
    Sentence,
    Paragraph,
}

impl CursorState {
    pub fn new(doc: &Document) -> Self {
        let mut found = paragraphs(doc);
        // in document order already but for rare nestings: sorting allocates a copy
        if !found.is_sorted_by_key(|(p, _)| (p.start, p.end)) {
            found.sort_by_key(|(p, _)| (p.start, p.end));
        }
        found.dedup_by(|(b, _), (a, _)| b.start < a.end);
        let mut paras = Vec::with_capacity(found.len());
        let mut whole = Vec::new();
        for (i, (p, w)) in found.into_iter().enumerate() {
            if w {
                whole.push(to_u32(i));
            }
            paras.push(p);
        }
        let mut c = Self {
            paras,
            whole,
            para: 0,
            sentence: 0..0,
            visual: None,
        };
        c.first_from(&doc.source, 0);
        c
    }

    /// Whether the document has no text to put a cursor on.
    pub fn is_empty(&self) -> bool {
        self.sentence.is_empty()
    }

    /// The sentences of paragraph `p`.
    pub fn sentences_of(&self, source: &str, p: usize) -> Vec<Range<usize>> {
        let Some(para) = self.paras.get(p) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let whole = u32::try_from(p).is_ok_and(|p| self.whole.binary_search(&p).is_ok());
        split(source, para.range(), whole, &mut out);
        out
    }

    /// Puts the cursor on the first sentence of the first paragraph from `p` that has one.
    fn first_from(&mut self, source: &str, p: usize) -> bool {
        for q in p..self.paras.len() {
            if let Some(s) = self.sentences_of(source, q).into_iter().next() {
                self.para = q;
                self.sentence = s;
                return true;
            }
        }
        false
    }

    /// The current sentence's range (empty at 0 for a document without text).
    pub fn current(&self) -> Range<usize> {
        self.sentence.clone()
    }

    /// The passage commands act on: the selection, else the current sentence.
    pub fn target(&self) -> Range<usize> {
        self.visual
            .as_ref()
            .map_or_else(|| self.current(), Visual::range)
    }

    /// Moves to the sentence containing `offset`, or the first one after it (the last one if
    /// none).
    pub fn go_to(&mut self, source: &str, offset: usize) {
        if self.paras.is_empty() {
            return;
        }
        let p = self
            .paras
            .partition_point(|p| p.range().end <= offset)
            .min(self.paras.len() - 1);
        if let Some(s) = self
            .sentences_of(source, p)
            .into_iter()
            .find(|s| s.end > offset)
        {
            self.para = p;
            self.sentence = s;
        } else if !self.first_from(source, p + 1) {
            // past the last sentence: stay on the last one
            for q in (0..=p).rev() {
                if let Some(s) = self.sentences_of(source, q).pop() {
                    self.para = q;
                    self.sentence = s;
                    return;
                }
            }
        }
    }

    pub fn next_sentence(&mut self, source: &str) -> bool {
        let cur = self.sentence.clone();
        if let Some(s) = self
            .sentences_of(source, self.para)
            .into_iter()
            .find(|s| s.start >= cur.end && s.start > cur.start)
        {
            self.sentence = s;
            return true;
        }
        self.first_from(source, self.para + 1)
    }

    pub fn prev_sentence(&mut self, source: &str) -> bool {
        let cur = self.sentence.clone();
        if let Some(s) = self
            .sentences_of(source, self.para)
            .into_iter()
            .rev()
            .find(|s| s.start < cur.start)
        {
            self.sentence = s;
            return true;
        }
        for q in (0..self.para).rev() {
            if let Some(s) = self.sentences_of(source, q).pop() {
                self.para = q;
                self.sentence = s;
                return true;
            }
        }
        false
    }

    /// To the first sentence of the next paragraph.
    pub fn next_paragraph(&mut self, source: &str) -> bool {
        self.first_from(source, self.para + 1)
    }

    /// To the first sentence of this paragraph, or of the previous one when already there.
    pub fn prev_paragraph(&mut self, source: &str) -> bool {
        if let Some(first) = self.sentences_of(source, self.para).into_iter().next()
            && first.start < self.sentence.start
        {
            self.sentence = first;
            return true;
        }
        for q in (0..self.para).rev() {
            if let Some(s) = self.sentences_of(source, q).into_iter().next() {
                self.para = q;
                self.sentence = s;
                return true;
            }
        }
        false
    }

    /// Starts a selection on the current sentence.
    pub fn start_visual(&mut self) {
        let anchor = self.current();
        self.visual = Some(Visual {
            head: anchor.end,
            anchor,
        });
    }

    /// Moves the selection's head by one `unit` forwards or backwards in `source`.
    pub fn move_head(&mut self, source: &str, unit: Unit, forward: bool) -> bool {
        let Some(v) = self.visual.clone() else {
            return false;
        };
        let (starts, ends) = match unit {
            Unit::Word => word_bounds_near(source, v.head, forward),
            Unit::Sentence | Unit::Paragraph => {
                self.bounds_near(source, v.head.min(v.anchor.start), unit)
            }
        };
        let head = if forward {
            // the next end after the head; when the head is before the anchor, starts count too
            let next_end = ends.iter().copied().find(|&e| e > v.head);
            if v.head < v.anchor.start {
                let next_start = starts
                    .iter()
                    .copied()
                    .find(|&s| s > v.head && s <= v.anchor.start);
                next_start.or(next_end)
            } else {
                next_end
            }
        } else {
            let prev_end = ends
                .iter()
                .rev()
                .copied()
                .find(|&e| e < v.head && e > v.anchor.start);
            // no end left after the anchor's start: grow backwards past it
            prev_end.or_else(|| {
                starts
                    .iter()
                    .rev()
                    .copied()
                    .find(|&s| s < v.head && s < v.anchor.start)
            })
        };
        match head {
            Some(h) if h != v.head => {
                if let Some(vis) = &mut self.visual {
                    vis.head = h;
                }
                true
            }
            _ => false,
        }
    }

    /// Paragraphs from two before the one at `from` to far enough past the head.
    fn window(&self, from: usize) -> Range<usize> {
        let p = self.paras.partition_point(|p| p.range().end <= from);
        p.saturating_sub(2)..self.paras.len()
    }

    /// Sentence or paragraph starts and ends (a paragraph from its first sentence start to
    /// its last sentence end) in the paragraphs around `from`, up to the first non-empty
    /// paragraph after the head's, which one motion never passes.
    fn bounds_near(&self, source: &str, from: usize, unit: Unit) -> (Vec<usize>, Vec<usize>) {
        let head_para = self.visual.as_ref().map_or(0, |v| {
            self.paras.partition_point(|p| p.range().end <= v.head)
        });
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        for q in self.window(from) {
            let ss = self.sentences_of(source, q);
            let (Some(f), Some(l)) = (ss.first(), ss.last()) else {
                continue;
            };
            if unit == Unit::Paragraph {
                starts.push(f.start);
                ends.push(l.end);
            } else {
                starts.extend(ss.iter().map(|s| s.start));
                ends.extend(ss.iter().map(|s| s.end));
            }
            if q > head_para {
                break;
            }
        }
        (starts, ends)
    }
}

/// Word starts and ends around `head` (a few words on the side the motion goes).
fn word_bounds_near(source: &str, head: usize, forward: bool) -> (Vec<usize>, Vec<usize>) {
    let head = floor_boundary(source, head);
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    if forward {
        let rest = source.get(head..).unwrap_or_default();
        for (i, w) in rest.unicode_word_indices().take(2) {
            starts.push(head + i);
            ends.push(head + i + w.len());
        }
    } else {
        let before = source.get(..head).unwrap_or_default();
        let mut found: Vec<(usize, usize)> = before
            .unicode_word_indices()
            .rev()
            .take(2)
            .map(|(i, w)| (i, i + w.len()))
            .collect();
        found.reverse();
        for (s, e) in found {
            starts.push(s);
            ends.push(e);
        }
    }
    (starts, ends)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every sentence of the document's text blocks, in order (all at once; the cursor finds them
/// lazily).
pub fn sentences(doc: &Document) -> Vec<Sentence> {
    let c = CursorState::new(doc);
    let mut out = Vec::new();
    for p in 0..c.paras.len() {
        for range in c.sentences_of(&doc.source, p) {
            out.push(Sentence { range, para: p });
        }
    }
    out
}

/// The paragraphs of `doc` in reading order: prose from its first to its last run, code
/// and tables whole.
/// Each with whether it is kept whole; sized as a transient (see `transient`): it is freed
/// once split.
fn paragraphs(doc: &Document) -> Vec<(Para, bool)> {
    let source = doc.source.as_str();
    let mut out = transient(doc.block_count());
    for top in doc.all_blocks() {
        for unit in top.text_units() {
            match unit {
                TextUnit::Prose { block, inlines } => {
                    // From the first to the last inline: leaves out markup such as `# ` or `> `.
                    let range = match (inlines.first(), inlines.last()) {
                        (Some(f), Some(l)) if f.range.start < l.range.end => {
                            f.range().start..l.range().end
                        }
                        _ => block.range(),
                    };
                    if source.get(range.clone()).is_some() {
                        out.push((Para::new(range), false));
                    }
                }
                TextUnit::Code(block) | TextUnit::Table { block, .. } => {
                    out.push((Para::new(block.range()), true));
                }
                TextUnit::Fields(_) => {}
            }
        }
    }
    out
}

/// Splits a block's source range into trimmed sentences (or keeps it whole).
fn split(source: &str, range: Range<usize>, whole: bool, out: &mut Vec<Range<usize>>) {
    let Some(text) = source.get(range.clone()) else {
        return;
    };
    let mut push = |start: usize, s: &str| {
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        if !t.is_empty() {
            let a = range.start + start + lead;
            out.push(a..a + t.len());
        }
    };
    if whole {
        push(0, text);
        return;
    }
    let mut starts: Vec<usize> = text
        .split_sentence_bound_indices()
        .map(|(i, _)| i)
        .collect();
    // A footnote reference after the full stop (`Nations.[^1] A second…`) belongs to the
    // sentence it follows; UAX #29 ends that sentence after the `[`.
    for b in starts.iter_mut().skip(1) {
        let (before, after) = text.split_at(*b);
        if before.ends_with('[')
            && after.starts_with('^')
            && let Some(close) = after.find(']').filter(|&c| c < 64)
        {
            let rest = after.get(close + 1..).unwrap_or_default();
            *b += close + 1 + (rest.len() - rest.trim_start().len());
        }
    }
    starts.push(text.len());
    for w in starts.windows(2) {
        if let [a, b] = *w
            && a < b
            && let Some(s) = text.get(a..b)
        {
            push(a, s);
        }
    }
}

#[cfg(test)]
mod tests;
