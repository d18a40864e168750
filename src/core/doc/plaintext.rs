//! Plain text → [`Document`]: recovering the structure of an article that lost its markup.
//!
//! Every heuristic gloss applies to plain text lives here, so the guesses can be read, tested
//! and tuned in one place. The text is cut into lines (`\n` or `\r\n`) and blank-line separated
//! chunks; each chunk is then classified with local cues and a little context:
//!
//! - **front matter**: a title (a short title-like line near the top followed by prose), a
//!   dateline/byline (`October 4, 2019 Ann Lee, Bo Chan Outlet`, `By Ann Lee`), a time line,
//!   and labelled fields (`Related Categories: …`) next to them become [`BlockKind::Metadata`];
//! - **back matter**: the tail of the article made of cued chunks — author bios (a paragraph
//!   opening with a byline author's name, or `Name Name is a …`), copyright lines, "about the
//!   author", "originally appeared", "contributed to this report", "read more" link lists;
//! - **body**: paragraphs (hard-wrapped lines joined with soft breaks), lists (`-`, `*`, `•`,
//!   `1.`; nested by indentation; and short lines after a paragraph ending in `:`), indented code,
//!   and headings — short title-like lines without final punctuation that are followed by prose
//!   (so captions and credit lines followed by another short line are left as text).
//!
//! Every inline run is an exact slice of the source (`text == source[range]`), except soft
//! breaks, which show as `" "` and cover the line break and indentation they replace. Stray
//! superscript digits (footnote markers such as `¹⁰`) become their own `SUPERSCRIPT` runs.
//!
//! Files: `lines` (cutting and dedenting), `cues` (what one line looks like), `front_matter`
//! (datelines, bylines, time lines). Pure: uses the document model and `text::words` only.

use std::ops::Range;

mod cues;
mod front_matter;
mod lines;

use cues::{
    bio_opening, boilerplate, heading_like, labelled_field, list_marker, starts_with_name,
    unmarked_item,
};
use front_matter::{Byline, byline, dateline, parse_names, time_line};
use lines::{Line, dedent, line_start, split_lines};

use crate::core::doc::document::{
    Block, BlockKind, Document, Field, Format, Inline, InlineStyle, List, ListItem, Metadata, Part,
    Runs, exact, push_run, runs, span, transient,
};

/// Parses `text` as a plain-text article. Never panics; any input yields a document.
pub fn parse(text: String) -> Document {
    let (mut blocks, meta) = Recovery::new(&text).run();
    blocks.shrink_to_fit();
    Document {
        lazy: None,
        source: text,
        format: Format::PlainText,
        meta,
        blocks,
    }
}

/// A run of non-blank lines: indices into `lines`.
type Chunk = Range<usize>;

/// Longest title-like line (in words) taken for a heading.
pub(super) const HEADING_MAX_WORDS: usize = 10;
/// A question may be a little longer and still be a heading.
pub(super) const QUESTION_HEADING_MAX_WORDS: usize = 12;
/// A line longer than this (bytes) was not hard-wrapped: each line is a paragraph.
const UNWRAPPED_LINE: usize = 120;
/// Nested lists deeper than this are flattened (keeps recursion bounded on hostile input).
const MAX_LIST_DEPTH: usize = 8;

struct Recovery<'s> {
    src: &'s str,
    lines: Vec<Line>,
    chunks: Vec<Chunk>,
    meta: Metadata,
    /// Indentation means code only when most of the text is not indented.
    indented_is_code: bool,
}

impl<'s> Recovery<'s> {
    fn new(src: &'s str) -> Self {
        let lines = split_lines(src);
        // Text pasted from the web often has one paragraph per line and no blank lines: a
        // line longer than any hard wrap means the lines of that chunk are paragraphs.
        let unwrapped = |c: &Chunk| {
            c.len() > 1
                && c.clone()
                    .any(|l| lines[l].te() - lines[l].ts() > UNWRAPPED_LINE)
        };
        // about one chunk per five lines in prose: room enough to grow rarely
        let mut chunks: Vec<Chunk> = transient(lines.len() / 5);
        let close = |c: Chunk, chunks: &mut Vec<Chunk>| {
            if unwrapped(&c) {
                chunks.extend(c.map(|l| l..l + 1));
            } else {
                chunks.push(c);
            }
        };
        let mut open: Option<usize> = None;
        for (i, l) in lines.iter().enumerate() {
            match (l.ts() == l.te(), open) {
                (true, Some(s)) => {
                    close(s..i, &mut chunks);
                    open = None;
                }
                (false, None) => open = Some(i),
                _ => {}
            }
        }
        if let Some(s) = open {
            close(s..lines.len(), &mut chunks);
        }
        let mut r = Self {
            src,
            lines,
            chunks,
            meta: Metadata::default(),
            indented_is_code: true,
        };
        let indented = r.chunks.iter().filter(|c| r.all_indented(c)).count();
        r.indented_is_code = indented * 2 < r.chunks.len();
        r
    }

    fn run(mut self) -> (Vec<Block>, Metadata) {
        let n = self.chunks.len();
        let mut blocks = Vec::new();

        // Front: leading captions, a title, and the metadata around it.
        let title = self.find_title();
        let mut body_start = 0;
        if let Some(t) = title {
            for i in 0..t {
                let b = self.front_or_text(i, Part::Front);
                blocks.push(b);
            }
            let c = self.chunks[t].clone();
            let line = self.lines[c.start];
            self.meta.title = self.src.get(line.ts()..line.te()).map(str::to_owned);
            blocks.push(Block {
                kind: BlockKind::Heading {
                    level: 1,
                    inlines: self.line_runs(line),
                },
                range: span(line.ts()..line.te()),
                part: Part::Front,
            });
            body_start = t + 1;
        }
        while body_start < n {
            match self.metadata_block(body_start, true) {
                Some(b) => {
                    blocks.push(b);
                    body_start += 1;
                }
                None => break,
            }
        }

        // Back: the cued tail.
        let back_start = self.find_back_start(body_start);

        // Body.
        let mut i = body_start;
        while i < back_start {
            i = self.body_block(i, back_start, &mut blocks);
        }
        for j in back_start..n {
            let b = self.front_or_text(j, Part::Back);
            blocks.push(b);
        }
        (blocks, self.meta)
    }

    // ---- chunk features -------------------------------------------------------------------

    fn text(&self, line: Line) -> &'s str {
        self.src.get(line.ts()..line.te()).unwrap_or_default()
    }

    fn single_line(&self, i: usize) -> Option<&'s str> {
        let c = self.chunks.get(i)?;
        (c.len() == 1).then(|| self.text(self.lines[c.start]))
    }

    fn first_line(&self, i: usize) -> &'s str {
        self.chunks
            .get(i)
            .map_or("", |c| self.text(self.lines[c.start]))
    }

    fn last_line(&self, i: usize) -> &'s str {
        self.chunks
            .get(i)
            .map_or("", |c| self.text(self.lines[c.end - 1]))
    }

    fn word_count(&self, i: usize) -> usize {
        self.chunks.get(i).map_or(0, |c| {
            c.clone()
                .map(|l| self.text(self.lines[l]).split_whitespace().count())
                .sum()
        })
    }

    fn all_indented(&self, c: &Chunk) -> bool {
        c.clone().all(|l| self.lines[l].indent() >= 4)
    }

    fn is_code(&self, i: usize) -> bool {
        self.indented_is_code
            && self.chunks.get(i).is_some_and(|c| self.all_indented(c))
            && list_marker(self.first_line(i)).is_none()
    }

    fn is_list(&self, i: usize) -> bool {
        list_marker(self.first_line(i)).is_some()
    }

    fn heading_like(&self, i: usize) -> bool {
        !self.is_list(i) && !self.is_code(i) && self.single_line(i).is_some_and(heading_like)
    }

    fn is_metadata(&self, i: usize) -> bool {
        self.single_line(i)
            .is_some_and(|s| dateline(s).is_some() || byline(s).is_some() || time_line(s))
    }

    /// The title: the first title-like chunk near the top that is followed by text.
    fn find_title(&self) -> Option<usize> {
        let mut seen = 0;
        for i in 0..self.chunks.len() {
            if self.is_metadata(i) {
                continue;
            }
            if seen >= 2 || self.last_line(i.saturating_sub(1)).ends_with(':') {
                return None;
            }
            seen += 1;
            if self.heading_like(i) {
                let next = (i + 1..self.chunks.len()).find(|&j| !self.is_metadata(j));
                if next.is_some_and(|j| !self.heading_like(j)) {
                    return Some(i);
                }
            } else if self.word_count(i) >= 25
                || self.last_line(i).ends_with(['.', '!', '?', '"', '”', '’'])
            {
                return None; // the article has started
            }
        }
        None
    }

    /// Where the back matter starts (`chunks.len()` when there is none).
    fn find_back_start(&self, body_start: usize) -> usize {
        let n = self.chunks.len();
        let mut back = n;
        let mut i = n;
        while i > body_start + 1 {
            i -= 1;
            if self.back_cue(i) {
                back = i;
            } else if !(self.chunks[i].len() == 1 && self.word_count(i) <= 12) {
                break;
            }
        }
        back
    }

    fn back_cue(&self, i: usize) -> bool {
        const STARTS: &[&str] = &[
            "©",
            "(c) ",
            "copyright",
            "about the author",
            "full bio",
            "read more",
            "this article originally appeared",
            "this article was originally published",
            "a version of this article appears",
            "follow us",
            "all rights reserved",
        ];
        const CONTAINS: &[&str] = &[
            "contributed to this report",
            "contributed reporting",
            "all rights reserved",
            "first published",
            "full bio",
        ];
        let first = self.first_line(i);
        let lower = first.to_lowercase();
        if STARTS.iter().any(|s| lower.starts_with(s))
            || CONTAINS.iter().any(|s| lower.contains(s))
            || boilerplate(first)
        {
            return true;
        }
        if self.meta.authors.iter().any(|a| starts_with_name(first, a)) {
            return true;
        }
        bio_opening(first)
    }

    // ---- blocks ---------------------------------------------------------------------------

    /// Chunk `i` as metadata, a list, code or a paragraph, in the given part.
    fn front_or_text(&mut self, i: usize, part: Part) -> Block {
        if part == Part::Front
            && let Some(b) = self.metadata_block(i, true)
        {
            return b;
        }
        let mut b = if self.is_list(i) {
            self.list_block(i..i + 1)
        } else if self.is_code(i) {
            self.code_block(i..i + 1)
        } else {
            self.paragraph(i)
        };
        b.part = part;
        b
    }

    /// Builds body block(s) starting at chunk `i`; returns the next chunk to look at.
    fn body_block(&mut self, i: usize, end: usize, out: &mut Vec<Block>) -> usize {
        if self.is_list(i) {
            let ordered = list_marker(self.first_line(i)).is_some_and(|m| m.number.is_some());
            let mut j = i + 1;
            while j < end
                && list_marker(self.first_line(j)).is_some_and(|m| m.number.is_some() == ordered)
            {
                j += 1;
            }
            out.push(self.list_block(i..j));
            return j;
        }
        if self.is_code(i) {
            let mut j = i + 1;
            while j < end && self.is_code(j) {
                j += 1;
            }
            out.push(self.code_block(i..j));
            return j;
        }
        // Short lines after "…:" are an unmarked list.
        if i > 0 && self.last_line(i - 1).ends_with(':') && !self.is_list(i - 1) {
            let mut j = i;
            while j < end && self.single_line(j).is_some_and(unmarked_item) {
                j += 1;
            }
            if j - i >= 2 {
                out.push(self.unmarked_list(i..j));
                return j;
            }
        }
        if let Some(b) = self.metadata_block(i, false) {
            out.push(b);
            return i + 1;
        }
        let next_is_prose = i + 1 < end
            && !self.heading_like(i + 1)
            && !self.single_line(i + 1).is_some_and(boilerplate);
        if self.heading_like(i) && next_is_prose {
            let line = self.lines[self.chunks[i].start];
            out.push(Block {
                kind: BlockKind::Heading {
                    level: 2,
                    inlines: self.line_runs(line),
                },
                range: span(line.ts()..line.te()),
                part: Part::Body,
            });
            return i + 1;
        }
        out.push(self.paragraph(i));
        i + 1
    }

    fn chunk_range(&self, c: &Chunk) -> Range<usize> {
        let start = self.lines.get(c.start).map_or(0, |l| l.ts());
        let end = c
            .end
            .checked_sub(1)
            .and_then(|l| self.lines.get(l))
            .map_or(start, |l| l.te());
        start..end
    }

    fn paragraph(&self, i: usize) -> Block {
        let c = self.chunks[i].clone();
        let mut inlines = Vec::new();
        self.joined_runs(
            c.clone().map(|l| (self.lines[l].ts(), self.lines[l].te())),
            &mut inlines,
        );
        Block {
            kind: BlockKind::Paragraph(runs(inlines)),
            range: span(self.chunk_range(&c)),
            part: Part::Body,
        }
    }

    /// Runs for consecutive line pieces, joined by soft breaks that cover what lies between.
    fn joined_runs(&self, pieces: impl Iterator<Item = (usize, usize)>, out: &mut Vec<Inline>) {
        let mut prev_end: Option<usize> = None;
        for (s, e) in pieces {
            if let Some(pe) = prev_end {
                push_run(out, self.src, Inline::soft_break(pe..s));
            }
            self.push_runs(s, e, out);
            prev_end = Some(e);
        }
        // hard-wrapped lines merge into a run or two: give back what growing left over
        exact(out);
    }

    fn line_runs(&self, line: Line) -> Runs {
        let mut v = Vec::new();
        self.push_runs(line.ts(), line.te(), &mut v);
        runs(v)
    }

    /// Plain runs for `src[s..e]`, with superscript digits split off as footnote markers.
    fn push_runs(&self, s: usize, e: usize, out: &mut Vec<Inline>) {
        let text = self.src.get(s..e).unwrap_or_default();
        // Superscript digits are encoded with lead byte 0xC2 or 0xE2: skip the scan otherwise.
        if !text.bytes().any(|b| b == 0xC2 || b == 0xE2) {
            if e > s {
                push_run(out, self.src, Inline::plain(s..e));
            }
            return;
        }
        let mut run_start = s;
        let mut sup_start: Option<usize> = None;
        for (off, ch) in text.char_indices() {
            let at = s + off;
            match (is_superscript_digit(ch), sup_start) {
                (true, None) => {
                    if at > run_start {
                        push_run(out, self.src, Inline::plain(run_start..at));
                    }
                    sup_start = Some(at);
                }
                (false, Some(ss)) => {
                    out.push(superscript(ss..at));
                    sup_start = None;
                    run_start = at;
                }
                _ => {}
            }
        }
        match sup_start {
            Some(ss) => out.push(superscript(ss..e)),
            None if e > run_start => push_run(out, self.src, Inline::plain(run_start..e)),
            None => {}
        }
    }

    fn code_block(&self, chunks: Range<usize>) -> Block {
        let first = self.chunks[chunks.start].start;
        let last = self.chunks[chunks.end - 1].end;
        let mut text = String::new();
        for l in first..last {
            let line = self.lines[l];
            let raw_start = line_start(self.src, line.ts());
            let raw = self.src.get(raw_start..line.te()).unwrap_or_default();
            text.push_str(dedent(raw, 4));
            text.push('\n');
        }
        let range = self.lines[first].ts()..self.lines[last - 1].te();
        Block {
            kind: BlockKind::Code {
                lang: None,
                text: text.into_boxed_str(),
            },
            range: span(range),
            part: Part::Body,
        }
    }

    fn list_block(&self, chunks: Range<usize>) -> Block {
        let first = self.chunks[chunks.start].start;
        let last = self.chunks[chunks.end - 1].end;
        // Flatten into entries: each marker line starts one, other lines continue it.
        let mut entries: Vec<Entry> = Vec::new();
        for l in first..last {
            let line = self.lines[l];
            if line.ts() == line.te() {
                continue;
            }
            match list_marker(self.text(line)) {
                Some(m) => entries.push(Entry {
                    indent: line.indent(),
                    number: m.number,
                    start: line.ts(),
                    pieces: vec![(line.ts() + m.len, line.te())],
                }),
                None => {
                    if let Some(e) = entries.last_mut() {
                        e.pieces.push((line.ts(), line.te()));
                    }
                }
            }
        }
        let mut pos = 0;
        let tree = self.build_list(&entries, &mut pos, 0);
        let range = self.lines[first].ts()..self.lines[last - 1].te();
        Block {
            kind: BlockKind::List(Box::new(tree)),
            range: span(range),
            part: Part::Body,
        }
    }

    fn build_list(&self, entries: &[Entry], pos: &mut usize, depth: usize) -> List {
        let indent = entries.get(*pos).map_or(0, |e| e.indent);
        let start = entries.get(*pos).and_then(|e| e.number);
        let mut items: Vec<ListItem> = Vec::new();
        while let Some(e) = entries.get(*pos) {
            if e.indent < indent {
                break;
            }
            if e.indent > indent + 1 && depth < MAX_LIST_DEPTH && !items.is_empty() {
                let nested = self.build_list(entries, pos, depth + 1);
                if let Some(item) = items.last_mut() {
                    let s = nested.items.first().map_or(0, |i| i.range.start);
                    let end = nested.items.last().map_or(s, |i| i.range.end);
                    item.range.end = item.range.end.max(end);
                    item.blocks.push(Block {
                        kind: BlockKind::List(Box::new(nested)),
                        range: span(s..end),
                        part: Part::Body,
                    });
                }
                continue;
            }
            let mut inlines = Vec::new();
            self.joined_runs(e.pieces.iter().copied(), &mut inlines);
            let p_start = e.pieces.first().map_or(e.start, |p| p.0);
            let end = e.pieces.last().map_or(e.start, |p| p.1);
            items.push(ListItem {
                task: None,
                blocks: vec![Block {
                    kind: BlockKind::Paragraph(runs(inlines)),
                    range: span(p_start..end),
                    part: Part::Body,
                }],
                range: e.start..end,
            });
            *pos += 1;
        }
        List { start, items }
    }

    fn unmarked_list(&self, chunks: Range<usize>) -> Block {
        let items: Vec<ListItem> = chunks
            .clone()
            .map(|i| {
                let line = self.lines[self.chunks[i].start];
                ListItem {
                    task: None,
                    blocks: vec![Block {
                        kind: BlockKind::Paragraph(self.line_runs(line)),
                        range: span(line.ts()..line.te()),
                        part: Part::Body,
                    }],
                    range: line.ts()..line.te(),
                }
            })
            .collect();
        let start = items.first().map_or(0, |i| i.range.start);
        let end = items.last().map_or(start, |i| i.range.end);
        Block {
            kind: BlockKind::List(Box::new(List { start: None, items })),
            range: span(start..end),
            part: Part::Body,
        }
    }

    /// Chunk `i` as a metadata block (dateline, byline, time, or — in front — a labelled field).
    fn metadata_block(&mut self, i: usize, front: bool) -> Option<Block> {
        let c = self.chunks.get(i)?.clone();
        if c.len() != 1 {
            return None;
        }
        let line = self.lines[c.start];
        let s = self.text(line);
        let base = line.ts();
        let mut fields = Vec::new();
        if let Some(d) = dateline(s) {
            let date = s.get(d.date.clone()).unwrap_or_default();
            self.meta.date.get_or_insert_with(|| date.to_owned());
            fields.push(Self::field("Date", shift(&d.date, base)));
            if let Some(by) = d.byline {
                self.add_byline(&by, base, &mut fields);
            }
        } else if let Some(by) = byline(s) {
            self.add_byline(&by, base, &mut fields);
        } else if time_line(s) {
            fields.push(Self::field("", line.ts()..line.te()));
        } else if front && let Some((label, value)) = labelled_field(s) {
            let label_text = s.get(label).unwrap_or_default().to_owned();
            let value_text = s.get(value.clone()).unwrap_or_default().to_owned();
            match label_text.to_lowercase().as_str() {
                "by" | "author" | "authors" => {
                    if let Some(by) = parse_names(s, value.clone()) {
                        self.add_byline(&by, base, &mut fields);
                        return Some(meta_block(fields, line, front));
                    }
                }
                "date" | "published" | "updated" => {
                    self.meta.date.get_or_insert_with(|| value_text.clone());
                }
                "source" | "publisher" | "outlet" => {
                    self.meta.source.get_or_insert_with(|| value_text.clone());
                }
                _ => self.meta.fields.push((label_text.clone(), value_text)),
            }
            fields.push(Self::field(&label_text, shift(&value, base)));
        } else {
            return None;
        }
        Some(meta_block(fields, line, front))
    }

    fn field(label: &str, range: Range<usize>) -> Field {
        Field {
            label: label.to_owned(),
            value: vec![Inline::plain(range)],
        }
    }

    fn add_byline(&mut self, by: &Byline, base: usize, fields: &mut Vec<Field>) {
        if let (Some(first), Some(last)) = (by.authors.first(), by.authors.last()) {
            fields.push(Self::field("By", base + first.start..base + last.end));
            for a in &by.authors {
                if let Some(name) = self.src.get(shift(a, base)) {
                    self.meta.authors.push(name.to_owned());
                }
            }
        }
        if let Some(o) = &by.outlet {
            let r = shift(o, base);
            if let Some(name) = self.src.get(r.clone()) {
                self.meta.source.get_or_insert_with(|| name.to_owned());
            }
            fields.push(Self::field("Source", r));
        }
    }
}

/// A metadata block for one line: front matter, or a dateline met inside the body.
fn meta_block(fields: Vec<Field>, line: Line, front: bool) -> Block {
    let part = if front { Part::Front } else { Part::Body };
    Block {
        kind: BlockKind::Metadata(fields),
        range: span(line.ts()..line.te()),
        part,
    }
}

struct Entry {
    indent: usize,
    number: Option<u64>,
    start: usize,
    pieces: Vec<(usize, usize)>,
}

fn shift(r: &Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

fn superscript(r: Range<usize>) -> Inline {
    let mut i = Inline::plain(r);
    i.style = InlineStyle::SUPERSCRIPT;
    i
}

fn is_superscript_digit(c: char) -> bool {
    matches!(
        c,
        '\u{2070}' | '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2074}'..='\u{2079}'
    )
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests;
