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

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::core::document::{Block, BlockKind, Document};

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

/// The sentences of a document plus the reader's place among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CursorState {
    /// In document order, non-overlapping.
    pub sentences: Vec<Sentence>,
    /// The current sentence (an index into `sentences`).
    pub index: usize,
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
        Self {
            sentences: sentences(doc),
            index: 0,
            visual: None,
        }
    }

    /// The current sentence's range (empty at 0 for a document without text).
    pub fn current(&self) -> Range<usize> {
        self.sentences
            .get(self.index)
            .map_or(0..0, |s| s.range.clone())
    }

    /// The passage commands act on: the selection, else the current sentence.
    pub fn target(&self) -> Range<usize> {
        self.visual
            .as_ref()
            .map_or_else(|| self.current(), Visual::range)
    }

    /// The sentence containing `offset`, or the first one after it (the last one if none).
    pub fn sentence_at(&self, offset: usize) -> usize {
        let i = self.sentences.partition_point(|s| s.range.end <= offset);
        i.min(self.sentences.len().saturating_sub(1))
    }

    pub fn next_sentence(&mut self) -> bool {
        if self.index + 1 < self.sentences.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    pub fn prev_sentence(&mut self) -> bool {
        if self.index > 0 && !self.sentences.is_empty() {
            self.index = self.index.min(self.sentences.len()) - 1;
            true
        } else {
            false
        }
    }

    /// To the first sentence of the next paragraph.
    pub fn next_paragraph(&mut self) -> bool {
        let Some(para) = self.sentences.get(self.index).map(|s| s.para) else {
            return false;
        };
        match self.sentences.iter().position(|s| s.para > para) {
            Some(i) => {
                self.index = i;
                true
            }
            None => false,
        }
    }

    /// To the first sentence of this paragraph, or of the previous one when already there.
    pub fn prev_paragraph(&mut self) -> bool {
        let Some(para) = self.sentences.get(self.index).map(|s| s.para) else {
            return false;
        };
        let first = self
            .sentences
            .iter()
            .position(|s| s.para == para)
            .unwrap_or(self.index);
        if first < self.index {
            self.index = first;
            return true;
        }
        let Some(prev) = first.checked_sub(1).and_then(|i| self.sentences.get(i)) else {
            return false;
        };
        let p = prev.para;
        self.index = self
            .sentences
            .iter()
            .position(|s| s.para == p)
            .unwrap_or(first - 1);
        true
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
            Unit::Sentence => (
                self.sentences.iter().map(|s| s.range.start).collect(),
                self.sentences.iter().map(|s| s.range.end).collect(),
            ),
            Unit::Paragraph => self.paragraph_bounds(),
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

    /// Paragraph starts and ends (first sentence start, last sentence end per paragraph).
    fn paragraph_bounds(&self) -> (Vec<usize>, Vec<usize>) {
        let mut starts = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut last_para = None;
        for s in &self.sentences {
            if last_para == Some(s.para) {
                if let Some(e) = ends.last_mut() {
                    *e = s.range.end;
                }
            } else {
                starts.push(s.range.start);
                ends.push(s.range.end);
                last_para = Some(s.para);
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

/// Every sentence of the document's text blocks, in order.
pub fn sentences(doc: &Document) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para = 0;
    for b in &doc.blocks {
        collect(&doc.source, b, &mut para, &mut out);
    }
    out.sort_by_key(|s| (s.range.start, s.range.end));
    out.dedup_by(|b, a| b.range.start < a.range.end);
    out
}

fn collect(source: &str, block: &Block, para: &mut usize, out: &mut Vec<Sentence>) {
    match &block.kind {
        BlockKind::Heading { inlines, .. } | BlockKind::Paragraph(inlines) => {
            // From the first to the last inline: leaves out markup such as `# ` or `> `.
            let range = match (inlines.first(), inlines.last()) {
                (Some(f), Some(l)) if f.range.start < l.range.end => f.range.start..l.range.end,
                _ => block.range.clone(),
            };
            split(source, range, false, *para, out);
            *para += 1;
        }
        BlockKind::Code { .. } | BlockKind::Table(_) => {
            split(source, block.range.clone(), true, *para, out);
            *para += 1;
        }
        BlockKind::List(list) => {
            for item in &list.items {
                for b in &item.blocks {
                    collect(source, b, para, out);
                }
            }
        }
        BlockKind::Quote(blocks) | BlockKind::Footnote { blocks, .. } => {
            for b in blocks {
                collect(source, b, para, out);
            }
        }
        BlockKind::Rule | BlockKind::Metadata(_) => {}
    }
}

/// Splits a block's source range into trimmed sentences (or keeps it whole).
fn split(source: &str, range: Range<usize>, whole: bool, para: usize, out: &mut Vec<Sentence>) {
    let Some(text) = source.get(range.clone()) else {
        return;
    };
    let mut push = |start: usize, s: &str| {
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        if !t.is_empty() {
            let a = range.start + start + lead;
            out.push(Sentence {
                range: a..a + t.len(),
                para,
            });
        }
    };
    if whole {
        push(0, text);
    } else {
        for (i, s) in text.split_sentence_bound_indices() {
            push(i, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::{Format, Inline, Metadata, Part};

    /// Paragraphs separated by blank lines, each a Paragraph block.
    pub(crate) fn doc(paras: &[&str]) -> Document {
        let mut source = String::new();
        let mut blocks = Vec::new();
        for p in paras {
            let start = source.len();
            source.push_str(p);
            blocks.push(Block {
                kind: BlockKind::Paragraph(vec![Inline::plain(&source, start..source.len())]),
                range: start..source.len(),
                part: Part::Body,
            });
            source.push_str("\n\n");
        }
        Document {
            source,
            format: Format::PlainText,
            meta: Metadata::default(),
            blocks,
        }
    }

    fn text<'a>(d: &'a Document, r: &Range<usize>) -> &'a str {
        d.source.get(r.clone()).unwrap()
    }

    #[test]
    fn sentences_follow_uax29_inside_blocks() {
        let d = doc(&["One two. Three four? Five.", "Six seven."]);
        let s = sentences(&d);
        let texts: Vec<_> = s.iter().map(|x| text(&d, &x.range)).collect();
        assert_eq!(texts, ["One two.", "Three four?", "Five.", "Six seven."]);
        assert_eq!(s.iter().map(|x| x.para).collect::<Vec<_>>(), [0, 0, 0, 1]);
    }

    #[test]
    fn markdown_markup_stays_outside_sentences() {
        let d = crate::core::markdown::parse(
            "# The title\n\n> Quoted one. Quoted two.\n\n- item *one*. More.\n".to_owned(),
        );
        let s = sentences(&d);
        let texts: Vec<_> = s.iter().map(|x| text(&d, &x.range)).collect();
        assert_eq!(
            texts,
            [
                "The title",
                "Quoted one.",
                "Quoted two.",
                "item *one*.",
                "More."
            ]
        );
    }

    #[test]
    fn sentence_and_paragraph_motions() {
        let d = doc(&["A one. A two.", "B one. B two.", "C one."]);
        let mut c = CursorState::new(&d);
        assert!(!c.prev_sentence());
        assert!(c.next_sentence());
        assert_eq!(text(&d, &c.current()), "A two.");
        assert!(c.next_paragraph());
        assert_eq!(text(&d, &c.current()), "B one.");
        c.next_sentence();
        assert!(c.prev_paragraph(), "first back to the paragraph's start");
        assert_eq!(text(&d, &c.current()), "B one.");
        assert!(c.prev_paragraph());
        assert_eq!(text(&d, &c.current()), "A one.");
        c.next_paragraph();
        c.next_paragraph();
        assert!(!c.next_paragraph());
        assert!(!c.next_sentence());
        assert_eq!(text(&d, &c.current()), "C one.");
    }

    #[test]
    fn sentence_at_finds_the_containing_or_next_sentence() {
        let d = doc(&["A one. A two.", "B one."]);
        let c = CursorState::new(&d);
        assert_eq!(c.sentence_at(0), 0);
        assert_eq!(c.sentence_at(8), 1);
        assert_eq!(
            c.sentence_at(14),
            2,
            "the blank line belongs to the next one"
        );
        assert_eq!(c.sentence_at(10_000), 2);
    }

    #[test]
    fn selection_grows_and_shrinks_by_sentence_word_and_paragraph() {
        let d = doc(&["A one. A two. A three.", "B one."]);
        let mut c = CursorState::new(&d);
        c.next_sentence();
        c.start_visual();
        assert_eq!(text(&d, &c.target()), "A two.");
        assert!(c.move_head(&d.source, Unit::Sentence, true));
        assert_eq!(text(&d, &c.target()), "A two. A three.");
        assert!(c.move_head(&d.source, Unit::Word, false));
        assert_eq!(text(&d, &c.target()), "A two. A three");
        assert!(c.move_head(&d.source, Unit::Word, false));
        assert_eq!(text(&d, &c.target()), "A two. A");
        assert!(c.move_head(&d.source, Unit::Word, true));
        assert_eq!(text(&d, &c.target()), "A two. A three");
        assert!(c.move_head(&d.source, Unit::Paragraph, true));
        assert_eq!(text(&d, &c.target()), "A two. A three.");
        assert!(c.move_head(&d.source, Unit::Paragraph, true));
        assert_eq!(text(&d, &c.target()), "A two. A three.\n\nB one.");
        // back before the anchor: the anchor sentence stays selected
        c.move_head(&d.source, Unit::Sentence, false);
        c.move_head(&d.source, Unit::Sentence, false);
        c.move_head(&d.source, Unit::Sentence, false);
        assert_eq!(text(&d, &c.target()), "A one. A two.");
        c.visual = None;
        assert_eq!(
            text(&d, &c.target()),
            "A two.",
            "no selection: the sentence"
        );
    }

    #[test]
    fn word_motion_inside_a_sentence_shrinks_from_the_end() {
        let d = doc(&["Alpha beta gamma."]);
        let mut c = CursorState::new(&d);
        c.start_visual();
        c.move_head(&d.source, Unit::Word, false);
        assert_eq!(text(&d, &c.target()), "Alpha beta gamma");
        c.move_head(&d.source, Unit::Word, false);
        assert_eq!(text(&d, &c.target()), "Alpha beta");
        c.move_head(&d.source, Unit::Word, false);
        c.move_head(&d.source, Unit::Word, false);
        assert_eq!(text(&d, &c.target()), "Alpha");
        assert!(
            !c.move_head(&d.source, Unit::Word, false),
            "a selection never shrinks to nothing"
        );
        assert_eq!(text(&d, &c.target()), "Alpha");
    }

    #[test]
    fn empty_document_has_a_harmless_cursor() {
        let d = doc(&[]);
        let mut c = CursorState::new(&d);
        assert_eq!(c.current(), 0..0);
        assert!(!c.next_sentence() && !c.prev_sentence());
        assert!(!c.next_paragraph() && !c.prev_paragraph());
        c.start_visual();
        assert!(!c.move_head(&d.source, Unit::Word, true));
    }

    #[test]
    fn non_ascii_text_never_splits_a_character() {
        let d = doc(&["Über Straße. 東京は大きい。Ça va?"]);
        let c = CursorState::new(&d);
        for s in &c.sentences {
            assert!(d.source.get(s.range.clone()).is_some());
        }
        assert!(c.sentences.len() >= 2);
    }
}
