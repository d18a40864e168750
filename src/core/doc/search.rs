//! Finding text in a document: smart-case, whitespace-insensitive, results as source ranges.
//!
//! Search runs over what the reader *shows*, not over display lines: each text unit (a
//! paragraph, heading, list-item paragraph, table cell, metadata value, code block) is searched
//! as one string whose inline texts are mapped back to the source with the same alignment the
//! layout uses (`layout::align_inline`). So a query matches across wrapped lines, across a
//! hard-wrapped source line break (any whitespace run in the text matches any whitespace run in
//! the query) and across style changes, and every hit is a source byte range that overlays and
//! the reading position understand.
//!
//! Smart case: the query is case-insensitive unless it contains an uppercase letter.
//!
//! Speed: a unit is first tested cheaply: its texts are concatenated into a reused buffer and
//! scanned for the query's longest word with aho-corasick (ASCII-case-insensitive when the search
//! is); only units that contain it are matched exactly. Incremental search on a 100 MB book
//! must not stall a keystroke, so [`SearchState::advance`] scans a bounded number of source bytes
//! per call: the shell runs it on a background thread and, between calls, drops a search the
//! reader has typed past. [`find`] is the whole scan at once. Text units come from
//! [`Document::text_units`]. Pure; uses the document model and the layout's alignment only.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

use crate::core::doc::document::{Block, Document, Inline, TextUnit};
use crate::core::doc::layout::align_inline;

/// All matches of `query` in `doc`, as sorted, non-overlapping source byte ranges.
pub fn find(doc: &Document, query: &str) -> Vec<Range<usize>> {
    let mut s = SearchState::new(query);
    s.advance(doc, usize::MAX);
    s.matches
}

/// An incremental search and the user's place among its matches.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub query: String,
    /// Matches found so far, sorted by start.
    pub matches: Vec<Range<usize>>,
    /// Index into `matches` of the current match.
    pub current: Option<usize>,
    matcher: Option<Matcher>,
    /// Next top-level block to scan.
    next_block: usize,
    done: bool,
}

impl SearchState {
    /// A search for `query`, nothing scanned yet (an empty query is done at once).
    pub fn new(query: &str) -> Self {
        let matcher = Matcher::new(query);
        Self {
            query: query.to_owned(),
            matches: Vec::new(),
            current: None,
            done: matcher.is_none(),
            matcher,
            next_block: 0,
        }
    }

    /// Scans at least one more block and about `budget` source bytes; returns whether the
    /// whole document has now been searched.
    pub fn advance(&mut self, doc: &Document, budget: usize) -> bool {
        let Some(m) = &self.matcher else {
            self.done = true;
            return true;
        };
        let mut scratch = Scratch::default();
        let mut spent = 0usize;
        while let Some(block) = doc.block(self.next_block) {
            m.block(doc, &block, &mut scratch, &mut self.matches);
            self.next_block += 1;
            spent = spent.saturating_add(block.range.len().max(1));
            if spent >= budget {
                break;
            }
        }
        self.done = self.next_block >= doc.block_count();
        self.done
    }

    /// Whether the whole document has been searched.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Makes the first match starting after `offset` current (wrapping to the first).
    pub fn next_from(&mut self, offset: usize) -> Option<Range<usize>> {
        if self.matches.is_empty() {
            return None;
        }
        let i = self.matches.partition_point(|m| m.start <= offset);
        let i = if i >= self.matches.len() { 0 } else { i };
        self.current = Some(i);
        self.matches.get(i).cloned()
    }

    /// Makes the last match starting before `offset` current (wrapping to the last).
    pub fn prev_from(&mut self, offset: usize) -> Option<Range<usize>> {
        if self.matches.is_empty() {
            return None;
        }
        let i = self.matches.partition_point(|m| m.start < offset);
        let i = if i == 0 {
            self.matches.len() - 1
        } else {
            i - 1
        };
        self.current = Some(i);
        self.matches.get(i).cloned()
    }

    /// The current match, if any.
    pub fn current_match(&self) -> Option<Range<usize>> {
        self.current.and_then(|i| self.matches.get(i)).cloned()
    }
}

/// Whether a query should match case-sensitively (it has an uppercase letter).
pub fn is_case_sensitive(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

fn fold(c: char, sensitive: bool) -> char {
    if sensitive {
        return c;
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// One character of a unit's display text and the source bytes it stands for.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    start: usize,
    end: usize,
}

#[derive(Default)]
struct Scratch {
    text: String,
    chars: Vec<Ch>,
}

#[derive(Debug, Clone)]
struct Matcher {
    /// Folded query, whitespace runs collapsed to one `' '`, trimmed.
    query: Vec<char>,
    sensitive: bool,
    /// Prefilter for the longest ASCII word of the query.
    prefilter: Option<AhoCorasick>,
}

impl Matcher {
    fn new(query: &str) -> Option<Self> {
        let sensitive = is_case_sensitive(query);
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
            return None;
        }
        let mut q = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                q.push(' ');
            }
            q.extend(w.chars().map(|c| fold(c, sensitive)));
        }
        let longest = words
            .iter()
            .filter(|w| w.is_ascii())
            .max_by_key(|w| w.len());
        let prefilter = longest.and_then(|w| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(!sensitive)
                .build([w])
                .ok()
        });
        Some(Self {
            query: q,
            sensitive,
            prefilter,
        })
    }

    fn block(&self, doc: &Document, block: &Block, sc: &mut Scratch, out: &mut Vec<Range<usize>>) {
        for unit in block.text_units() {
            if let TextUnit::Code(code) = unit {
                // code is shown verbatim: search its source directly
                let len = doc.source.len();
                let r = code.range().start.min(len)..code.range().end.min(len);
                if let Some(text) = doc.source.get(r.clone()) {
                    let inline = Inline::shown("", r);
                    self.raw_unit(text, &inline, sc, out);
                }
            }
            for inlines in unit.inline_lists() {
                self.unit(doc, inlines, sc, out);
            }
        }
    }

    fn may_contain(&self, text: &str) -> bool {
        self.prefilter.as_ref().is_none_or(|ac| ac.is_match(text))
    }

    /// A code block: its text is its source.
    fn raw_unit(&self, text: &str, inline: &Inline, sc: &mut Scratch, out: &mut Vec<Range<usize>>) {
        if !self.may_contain(text) {
            return;
        }
        sc.chars.clear();
        let base = inline.range().start;
        push_chars(
            &mut sc.chars,
            text,
            base..base + text.len(),
            true,
            self.sensitive,
        );
        self.scan(&sc.chars, out);
    }

    fn unit(
        &self,
        doc: &Document,
        inlines: &[Inline],
        sc: &mut Scratch,
        out: &mut Vec<Range<usize>>,
    ) {
        sc.text.clear();
        for i in inlines {
            i.push_text(&doc.source, &mut sc.text);
        }
        if !self.may_contain(&sc.text) {
            return;
        }
        sc.chars.clear();
        for i in inlines.iter().flat_map(|i| i.pieces(&doc.source)) {
            let chars = &mut sc.chars;
            let sensitive = self.sensitive;
            align_inline(
                &doc.source,
                &i.text(&doc.source),
                i.range(),
                |text, range, identity| {
                    push_chars(chars, text, range, identity, sensitive);
                },
            );
        }
        self.scan(&sc.chars, out);
    }

    /// Naive scan (units are short and prefiltered), non-overlapping, left to right.
    fn scan(&self, chars: &[Ch], out: &mut Vec<Range<usize>>) {
        let q = &self.query;
        let mut i = 0;
        while i < chars.len() {
            if let Some(end) = match_at(chars, i, q) {
                let (Some(first), Some(last)) = (chars.get(i), chars.get(end - 1)) else {
                    break;
                };
                let r = first.start..last.end.max(first.start);
                if out.last().is_none_or(|p| p.start <= r.start) {
                    out.push(r);
                }
                i = end;
            } else {
                i += 1;
            }
        }
    }
}

/// The end (exclusive, in `chars`) of a match of `q` starting at `i`.
fn match_at(chars: &[Ch], i: usize, q: &[char]) -> Option<usize> {
    let mut k = i;
    for &qc in q {
        let ch = chars.get(k)?;
        if qc != ch.c {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// Appends a piece's characters, folded, with whitespace runs collapsed to one `' '`.
fn push_chars(
    chars: &mut Vec<Ch>,
    text: &str,
    range: Range<usize>,
    identity: bool,
    sensitive: bool,
) {
    for (i, c) in text.char_indices() {
        let (start, end) = if identity {
            (range.start + i, range.start + i + c.len_utf8())
        } else {
            (range.start, range.end)
        };
        if is_space(c) {
            if let Some(last) = chars.last_mut()
                && last.c == ' '
            {
                last.end = last.end.max(end);
                continue;
            }
            chars.push(Ch { c: ' ', start, end });
        } else {
            chars.push(Ch {
                c: fold(c, sensitive),
                start,
                end,
            });
        }
    }
}

#[cfg(test)]
mod tests;
