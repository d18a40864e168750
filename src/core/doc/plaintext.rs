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

use std::ops::Range;

use crate::core::doc::document::{
    Block, BlockKind, Document, Field, Format, Inline, InlineStyle, List, ListItem, Metadata, Part,
};

/// Parses `text` as a plain-text article. Never panics; any input yields a document.
pub fn parse(text: String) -> Document {
    let (blocks, meta) = Recovery::new(&text).run();
    Document {
        source: text,
        format: Format::PlainText,
        meta,
        blocks,
    }
}

/// One line: `start..end` without its terminator, `ts..te` the trimmed content.
#[derive(Debug, Clone, Copy)]
struct Line {
    ts: usize,
    te: usize,
    /// Leading whitespace in columns (tab = 4).
    indent: usize,
}

/// A run of non-blank lines: indices into `lines`.
type Chunk = Range<usize>;

/// Longest title-like line (in words) taken for a heading.
const HEADING_MAX_WORDS: usize = 10;
/// A question may be a little longer and still be a heading.
const QUESTION_HEADING_MAX_WORDS: usize = 12;
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
        let mut chunks = Vec::new();
        let mut open: Option<usize> = None;
        for (i, l) in lines.iter().enumerate() {
            match (l.ts == l.te, open) {
                (true, Some(s)) => {
                    chunks.push(s..i);
                    open = None;
                }
                (false, None) => open = Some(i),
                _ => {}
            }
        }
        if let Some(s) = open {
            chunks.push(s..lines.len());
        }
        // Text pasted from the web often has one paragraph per line and no blank lines: a
        // line longer than any hard wrap means the lines of that chunk are paragraphs.
        let chunks = chunks
            .into_iter()
            .flat_map(|c| {
                let unwrapped = c.len() > 1
                    && c.clone()
                        .any(|l| lines[l].te - lines[l].ts > UNWRAPPED_LINE);
                let pieces: Vec<Chunk> = if unwrapped {
                    c.map(|l| l..l + 1).collect()
                } else {
                    vec![c]
                };
                pieces
            })
            .collect();
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
            self.meta.title = self.src.get(line.ts..line.te).map(str::to_owned);
            blocks.push(Block {
                kind: BlockKind::Heading {
                    level: 1,
                    inlines: self.line_runs(line),
                },
                range: line.ts..line.te,
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
        self.src.get(line.ts..line.te).unwrap_or_default()
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
        c.clone().all(|l| self.lines[l].indent >= 4)
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
                range: line.ts..line.te,
                part: Part::Body,
            });
            return i + 1;
        }
        out.push(self.paragraph(i));
        i + 1
    }

    fn chunk_range(&self, c: &Chunk) -> Range<usize> {
        let start = self.lines.get(c.start).map_or(0, |l| l.ts);
        let end = c
            .end
            .checked_sub(1)
            .and_then(|l| self.lines.get(l))
            .map_or(start, |l| l.te);
        start..end
    }

    fn paragraph(&self, i: usize) -> Block {
        let c = self.chunks[i].clone();
        let mut inlines = Vec::new();
        self.joined_runs(
            c.clone().map(|l| (self.lines[l].ts, self.lines[l].te)),
            &mut inlines,
        );
        Block {
            kind: BlockKind::Paragraph(inlines),
            range: self.chunk_range(&c),
            part: Part::Body,
        }
    }

    /// Runs for consecutive line pieces, joined by soft breaks that cover what lies between.
    fn joined_runs(&self, pieces: impl Iterator<Item = (usize, usize)>, out: &mut Vec<Inline>) {
        let mut prev_end: Option<usize> = None;
        for (s, e) in pieces {
            if let Some(pe) = prev_end {
                out.push(Inline::soft_break(pe..s));
            }
            self.push_runs(s, e, out);
            prev_end = Some(e);
        }
    }

    fn line_runs(&self, line: Line) -> Vec<Inline> {
        let mut v = Vec::new();
        self.push_runs(line.ts, line.te, &mut v);
        v
    }

    /// Plain runs for `src[s..e]`, with superscript digits split off as footnote markers.
    fn push_runs(&self, s: usize, e: usize, out: &mut Vec<Inline>) {
        let text = self.src.get(s..e).unwrap_or_default();
        // Superscript digits are encoded with lead byte 0xC2 or 0xE2: skip the scan otherwise.
        if !text.bytes().any(|b| b == 0xC2 || b == 0xE2) {
            if e > s {
                out.push(Inline::plain(s..e));
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
                        out.push(Inline::plain(run_start..at));
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
            None if e > run_start => out.push(Inline::plain(run_start..e)),
            None => {}
        }
    }

    fn code_block(&self, chunks: Range<usize>) -> Block {
        let first = self.chunks[chunks.start].start;
        let last = self.chunks[chunks.end - 1].end;
        let mut text = String::new();
        for l in first..last {
            let line = self.lines[l];
            let raw_start = line_start(self.src, line.ts);
            let raw = self.src.get(raw_start..line.te).unwrap_or_default();
            text.push_str(dedent(raw, 4));
            text.push('\n');
        }
        let range = self.lines[first].ts..self.lines[last - 1].te;
        Block {
            kind: BlockKind::Code {
                lang: None,
                text: text.into_boxed_str(),
            },
            range,
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
            if line.ts == line.te {
                continue;
            }
            match list_marker(self.text(line)) {
                Some(m) => entries.push(Entry {
                    indent: line.indent,
                    number: m.number,
                    start: line.ts,
                    pieces: vec![(line.ts + m.len, line.te)],
                }),
                None => {
                    if let Some(e) = entries.last_mut() {
                        e.pieces.push((line.ts, line.te));
                    }
                }
            }
        }
        let mut pos = 0;
        let tree = self.build_list(&entries, &mut pos, 0);
        let range = self.lines[first].ts..self.lines[last - 1].te;
        Block {
            kind: BlockKind::List(Box::new(tree)),
            range,
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
                        range: s..end,
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
                    kind: BlockKind::Paragraph(inlines),
                    range: p_start..end,
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
                        range: line.ts..line.te,
                        part: Part::Body,
                    }],
                    range: line.ts..line.te,
                }
            })
            .collect();
        let start = items.first().map_or(0, |i| i.range.start);
        let end = items.last().map_or(start, |i| i.range.end);
        Block {
            kind: BlockKind::List(Box::new(List { start: None, items })),
            range: start..end,
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
        let base = line.ts;
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
            fields.push(Self::field("", line.ts..line.te));
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
        range: line.ts..line.te,
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

// ---- lines --------------------------------------------------------------------------------

fn split_lines(src: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = src.as_bytes();
    while start <= src.len() {
        let end = memchr_newline(bytes, start).unwrap_or(src.len());
        let raw = src.get(start..end).unwrap_or_default();
        let body = raw.trim_end();
        let lead = body.len() - body.trim_start().len();
        let indent = body.get(..lead).map_or(0, |w| {
            w.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
        });
        lines.push(Line {
            ts: start + lead,
            te: start + body.len(),
            indent,
        });
        if end >= src.len() {
            break;
        }
        start = end + 1;
    }
    lines
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| p + from)
}

/// Byte offset where the line containing `at` starts.
fn line_start(src: &str, at: usize) -> usize {
    src.as_bytes()
        .get(..at)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
        .map_or(0, |p| p + 1)
}

/// `line` without up to `cols` columns of leading indentation.
fn dedent(line: &str, cols: usize) -> &str {
    let mut used = 0;
    for (i, c) in line.char_indices() {
        if used >= cols {
            return line.get(i..).unwrap_or_default();
        }
        match c {
            ' ' => used += 1,
            '\t' => used += 4,
            _ => return line.get(i..).unwrap_or_default(),
        }
    }
    ""
}

// ---- line cues ----------------------------------------------------------------------------

struct Marker {
    /// Bytes of marker plus following whitespace.
    len: usize,
    number: Option<u64>,
}

fn list_marker(s: &str) -> Option<Marker> {
    let mut chars = s.char_indices();
    let (_, c) = chars.next()?;
    if matches!(c, '-' | '*' | '+' | '•' | '◦' | '▪' | '‣' | '·') {
        let after = c.len_utf8();
        let rest = s.get(after..)?;
        let ws = rest.len() - rest.trim_start().len();
        return (ws > 0 && !rest.trim_start().is_empty()).then_some(Marker {
            len: after + ws,
            number: None,
        });
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(s.as_bytes().get(digits), Some(b'.' | b')')) {
        let rest = s.get(digits + 1..)?;
        let ws = rest.len() - rest.trim_start().len();
        if ws > 0 && !rest.trim_start().is_empty() {
            let number = s.get(..digits)?.parse().ok();
            return Some(Marker {
                len: digits + 1 + ws,
                number,
            });
        }
    }
    None
}

/// Navigation, media and promotion lines that are neither headings nor prose.
fn boilerplate(s: &str) -> bool {
    const EXACT: &[&str] = &[
        "advertisement",
        "photo",
        "photos",
        "image",
        "images",
        "video",
        "credit",
        "share",
        "share this",
        "share this article",
        "related",
        "comments",
        "continue reading the main story",
        "continue reading",
        "read more",
        "see also",
        "sponsored",
        "subscribe",
    ];
    const PREFIX: &[&str] = &[
        "credit ",
        "photo:",
        "image:",
        "video:",
        "map:",
        "chart:",
        "graphic:",
        "watch:",
        "listen:",
        "related:",
        "read:",
        "see also:",
        "powered by ",
        "sign up",
        "subscribe to",
        "advertisement ",
    ];
    // Only the head of the line matters; don't lower-case a whole paragraph.
    let t = s.trim();
    let short = t.len() <= 40;
    let head: String = t.chars().take(40).flat_map(char::to_lowercase).collect();
    let exact = short && EXACT.contains(&head.trim_end_matches(':'));
    exact || PREFIX.iter().any(|p| head.starts_with(p))
}

/// A short, title-like line: few words, capitalised, no final punctuation, one sentence.
fn heading_like(s: &str) -> bool {
    if s.len() > 120 {
        return false;
    }
    let words = s.split_whitespace().count();
    let Some(last) = s.chars().next_back() else {
        return false;
    };
    let max = if last == '?' {
        QUESTION_HEADING_MAX_WORDS
    } else {
        HEADING_MAX_WORDS
    };
    if words == 0 || words > max || s.len() > 120 {
        return false;
    }
    if matches!(
        last,
        '.' | ',' | ';' | ':' | '…' | '-' | '—' | '–' | ')' | ']' | '"' | '”'
    ) {
        return false;
    }
    let first_alnum = s.chars().find(|c| c.is_alphanumeric());
    let starts_ok = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "‘“'\"¿¡".contains(c))
        && first_alnum.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !starts_ok
        || s.starts_with('[')
        || boilerplate(s)
        || byline(s).is_some()
        || dateline(s).is_some()
    {
        return false;
    }
    !has_sentence_break(s)
}

/// A sentence end inside the line (`weather.Credit`, `done. Then`, `example.com`).
fn has_sentence_break(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') || i + 1 >= chars.len() {
            continue;
        }
        let next = chars[i + 1];
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        if c == '.' && prev.is_ascii_digit() && next.is_ascii_digit() {
            continue; // 1.8
        }
        if next.is_alphabetic() && prev.is_lowercase() {
            return true; // glued: weather.Credit, example.com
        }
        if next.is_whitespace() && chars.get(i + 2).is_some_and(|n| n.is_uppercase()) {
            // "Mr. Smith", "U.S. Army": a short word or an initialism before the dot.
            let word: String = chars[..i]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .collect();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if c != '.' || (letters > 2 && !word.contains('.')) {
                return true;
            }
        }
    }
    false
}

/// An unmarked list item: a short single line without a final full stop.
fn unmarked_item(s: &str) -> bool {
    let words = s.split_whitespace().take(26).count();
    (1..=25).contains(&words) && !s.ends_with('.') && !s.ends_with(':') && !boilerplate(s)
}

/// A paragraph opening like a bio: `Name Name is …`, `Name Name was …`, `NAME NAME IS …`.
fn bio_opening(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().take(5).collect();
    let verb = |w: &str| {
        matches!(
            w.to_lowercase().as_str(),
            "is" | "was" | "writes" | "covers" | "reports"
        )
    };
    let names = words
        .iter()
        .take_while(|w| is_name_word(w) && !verb(w))
        .count();
    (2..=3).contains(&names) && words.get(names).is_some_and(|w| verb(w))
}

fn is_name_word(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// Whether `s` starts with the person `name` (first and last word, as a bio does).
fn starts_with_name(s: &str, name: &str) -> bool {
    !name.is_empty()
        && (s.starts_with(name) || {
            let parts: Vec<&str> = name.split_whitespace().collect();
            let head: Vec<&str> = s.split_whitespace().take(parts.len()).collect();
            parts.len() >= 2 && head.first() == parts.first() && head.last() == parts.last()
        })
}

/// `Label: value` with a short capitalised label.
fn labelled_field(s: &str) -> Option<(Range<usize>, Range<usize>)> {
    let colon = s.find(": ")?;
    let label = s.get(..colon)?;
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || label.len() > 40 {
        return None;
    }
    if !words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    }) {
        return None;
    }
    let value_start =
        colon + 2 + (s.get(colon + 2..)?.len() - s.get(colon + 2..)?.trim_start().len());
    (value_start < s.len()).then_some((0..colon, value_start..s.len()))
}

// ---- dates and bylines --------------------------------------------------------------------

struct Dateline {
    date: Range<usize>,
    byline: Option<Byline>,
}

#[derive(Default)]
struct Byline {
    authors: Vec<Range<usize>>,
    outlet: Option<Range<usize>>,
}

/// Words with their byte offsets.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, s.get(st..i).unwrap_or_default()));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.get(st..).unwrap_or_default()));
    }
    out
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

fn is_month(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']).to_lowercase();
    MONTHS.contains(&w.as_str())
}

fn day_number(w: &str) -> bool {
    let d = w
        .trim_end_matches(',')
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit())
}

fn year_number(w: &str) -> bool {
    let y = w.trim_end_matches([',', '.', ':']);
    y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && (y.starts_with("19") || y.starts_with("20"))
}

/// The byte range of a date in `s` (`October 4, 2019`, `4 October 2019`, `2019-10-04`).
fn find_date(s: &str) -> Option<Range<usize>> {
    let ws = words(s);
    let end_of = |k: usize| {
        ws.get(k)
            .map(|(o, w)| o + w.trim_end_matches([',', ':']).len())
    };
    for k in 0..ws.len() {
        let w = ws[k].1;
        if is_month(w) {
            let day = ws.get(k + 1).is_some_and(|x| day_number(x.1));
            let year = ws.get(k + 2).is_some_and(|x| year_number(x.1));
            if day && year {
                return Some(ws[k].0..end_of(k + 2)?);
            }
            if ws.get(k + 1).is_some_and(|x| year_number(x.1)) {
                return Some(ws[k].0..end_of(k + 1)?);
            }
        }
        if day_number(w)
            && ws.get(k + 1).is_some_and(|x| is_month(x.1))
            && ws.get(k + 2).is_some_and(|x| year_number(x.1))
        {
            return Some(ws[k].0..end_of(k + 2)?);
        }
        let b = w.as_bytes();
        if b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit)
        {
            return Some(ws[k].0..ws[k].0 + 10);
        }
    }
    None
}

/// A line that is a date plus, optionally, a byline: `October 4, 2019 Ann Lee, Bo Chan Outlet`.
fn dateline(s: &str) -> Option<Dateline> {
    if s.split_whitespace().nth(20).is_some() || s.ends_with('.') {
        return None;
    }
    let date = find_date(s)?;
    let before = s.get(..date.start)?.trim();
    let before_ok = before.is_empty()
        || matches!(
            before.to_lowercase().trim_end_matches(':'),
            "published" | "updated" | "posted" | "date" | "on"
        );
    if !before_ok {
        return None;
    }
    let rest_start = date.end
        + s.get(date.end..)?
            .find(|c: char| !c.is_whitespace() && !matches!(c, ',' | '|' | '·' | '—' | '-'))
            .unwrap_or(s.len() - date.end);
    if rest_start >= s.len() {
        return Some(Dateline { date, byline: None });
    }
    if time_line(s.get(rest_start..)?) {
        return Some(Dateline { date, byline: None });
    }
    let by = parse_names(s, rest_start..s.len())?;
    Some(Dateline {
        date,
        byline: Some(by),
    })
}

/// `By Ann Lee and Bo Chan` (optionally `| Outlet`).
fn byline(s: &str) -> Option<Byline> {
    let lower = s.get(..3)?.to_lowercase();
    if lower != "by " || s.split_whitespace().nth(15).is_some() || s.ends_with('.') {
        return None;
    }
    let start = 3 + (s.get(3..)?.len() - s.get(3..)?.trim_start().len());
    parse_names(s, start..s.len())
}

/// Names (and a trailing outlet) in `s[range]`; `None` unless they look like names.
fn parse_names(s: &str, range: Range<usize>) -> Option<Byline> {
    let mut text_range = range.clone();
    let t = s.get(range.clone())?;
    if let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("by ")) {
        text_range.start += t.len() - rest.len();
    }
    let mut outlet = None;
    let t = s.get(text_range.clone())?;
    for sep in [" | ", " — ", " – ", " - ", " · "] {
        if let Some(at) = t.find(sep) {
            let o = text_range.start + at + sep.len()..text_range.end;
            outlet = Some(o);
            text_range.end = text_range.start + at;
            break;
        }
    }
    // Segments separated by ",", " and ", " & ".
    let t = s.get(text_range.clone())?;
    let mut segs: Vec<Range<usize>> = Vec::new();
    let mut seg_start = 0;
    let mut i = 0;
    let bytes = t.as_bytes();
    while i < bytes.len() {
        let sep_len = if bytes[i] == b',' {
            1
        } else if t.get(i..).is_some_and(|r| r.starts_with(" and ")) {
            5
        } else if t.get(i..).is_some_and(|r| r.starts_with(" & ")) {
            3
        } else {
            0
        };
        if sep_len > 0 {
            segs.push(seg_start..i);
            seg_start = i + sep_len;
            i += sep_len;
        } else {
            i += 1;
        }
    }
    segs.push(seg_start..t.len());
    let mut authors = Vec::new();
    let mut prev_words = 2;
    let count = segs.len();
    for (k, seg) in segs.into_iter().enumerate() {
        let piece = t.get(seg.clone())?;
        let lead = piece.len() - piece.trim_start().len();
        let ws = words(piece.trim());
        if ws.is_empty() {
            continue;
        }
        if !ws.iter().all(|(_, w)| is_name_word(w)) {
            return None;
        }
        let base = text_range.start + seg.start + lead;
        let take = if ws.len() > 3 && k + 1 == count && outlet.is_none() {
            prev_words.clamp(2, 3)
        } else if ws.len() > 4 {
            return None;
        } else {
            ws.len()
        };
        let (lo, lw) = ws[take - 1];
        authors.push(base..base + lo + lw.len());
        if take < ws.len() {
            let (oo, _) = ws[take];
            outlet = Some(base + oo..base + piece.trim().len());
        }
        prev_words = take;
    }
    (!authors.is_empty()).then_some(Byline { authors, outlet })
}

/// A line that is only a time: `1:39 PM ET`, `10:05 a.m. EST`.
fn time_line(s: &str) -> bool {
    let ws: Vec<&str> = s.split_whitespace().take(5).collect();
    if ws.is_empty() || ws.len() > 4 {
        return false;
    }
    let t = ws[0];
    let Some((h, m)) = t.split_once(':') else {
        return false;
    };
    let digits = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    digits(h)
        && digits(m)
        && ws
            .get(1)
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "am" | "pm" | "a.m." | "p.m."))
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::*;
    use crate::core::doc::document::inline_text;
    use proptest::prelude::*;

    const SEED: &str = include_str!("../../../seeds/china-russia-deepen-technological-ties.txt");

    fn inlines_of(b: &Block) -> &[Inline] {
        match &b.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => i,
            other => panic!("no inlines: {other:?}"),
        }
    }

    fn text_of(src: &str, b: &Block) -> String {
        inline_text(src, inlines_of(b))
    }

    #[test]
    fn seed_title_and_front_matter() {
        let d = parse(SEED.to_owned());
        assert_eq!(d.format, Format::PlainText);
        let title = &d.blocks[0];
        assert!(matches!(title.kind, BlockKind::Heading { level: 1, .. }));
        assert_eq!(title.part, Part::Front);
        assert_eq!(
            text_of(&d.source, title),
            "China, Russia Deepen Technological Ties"
        );
        assert_eq!(
            &d.source[title.range.clone()],
            "China, Russia Deepen Technological Ties"
        );
        assert_eq!(
            d.meta.title.as_deref(),
            Some("China, Russia Deepen Technological Ties")
        );

        let BlockKind::Metadata(by) = &d.blocks[1].kind else {
            panic!("{:?}", d.blocks[1])
        };
        assert_eq!(d.blocks[1].part, Part::Front);
        let f: Vec<(&str, String)> = by
            .iter()
            .map(|f| (f.label.as_str(), inline_text(&d.source, &f.value)))
            .collect();
        assert_eq!(
            f,
            [
                ("Date", "October 4, 2019".to_owned()),
                ("By", "Samuel Bendett, Elsa Kania".to_owned()),
                ("Source", "Defense One".to_owned())
            ]
        );
        assert_eq!(d.meta.date.as_deref(), Some("October 4, 2019"));
        assert_eq!(d.meta.authors, ["Samuel Bendett", "Elsa Kania"]);
        assert_eq!(d.meta.source.as_deref(), Some("Defense One"));

        let BlockKind::Metadata(cat) = &d.blocks[2].kind else {
            panic!("{:?}", d.blocks[2])
        };
        assert_eq!(cat[0].label, "Related Categories");
        assert!(inline_text(&d.source, &cat[0].value).starts_with("Democracy and Governance;"));
        assert!(inline_text(&d.source, &cat[0].value).ends_with("China; Russia"));
        assert_eq!(d.meta.fields[0].0, "Related Categories");
        assert_eq!(d.blocks[2].part, Part::Front);
    }

    #[test]
    fn seed_body_and_back_matter() {
        let d = parse(SEED.to_owned());
        let body: Vec<&Block> = d.blocks.iter().filter(|b| b.part == Part::Body).collect();
        assert_eq!(body.len(), 14, "{body:#?}");
        assert!(
            body.iter()
                .all(|b| matches!(b.kind, BlockKind::Paragraph(_)))
        );
        assert!(text_of(&d.source, body[0]).starts_with("China and Russia are deepening"));
        assert!(text_of(&d.source, body[13]).starts_with("This article previews the findings"));

        let back: Vec<&Block> = d.blocks.iter().filter(|b| b.part == Part::Back).collect();
        assert_eq!(back.len(), 3, "{back:#?}");
        assert!(text_of(&d.source, back[0]).starts_with("Samuel Bendett an Adviser"));
        assert!(text_of(&d.source, back[1]).starts_with("Elsa Kania is an Adjunct"));
        assert!(text_of(&d.source, back[2]).starts_with("© 2025"));
        // Parts come in order: front, body, back.
        let parts: Vec<Part> = d.blocks.iter().map(|b| b.part).collect();
        let mut sorted = parts.clone();
        sorted.sort_by_key(|p| match p {
            Part::Front => 0,
            Part::Body => 1,
            Part::Back => 2,
        });
        assert_eq!(parts, sorted);
    }

    #[test]
    fn seed_footnote_marker_is_kept_as_superscript() {
        let d = parse(SEED.to_owned());
        let last_body = d.blocks.iter().rfind(|b| b.part == Part::Body).unwrap();
        let inl = inlines_of(last_body);
        let sup = inl
            .iter()
            .find(|i| i.style == InlineStyle::SUPERSCRIPT)
            .unwrap();
        assert_eq!(sup.text(&d.source), "¹⁰");
        assert_eq!(&d.source[sup.range.clone()], "¹⁰");
        assert!(text_of(&d.source, last_body).ends_with("cooperation.¹⁰"));
    }

    #[test]
    fn every_plain_run_is_an_exact_source_slice() {
        let d = parse(SEED.to_owned());
        for b in &d.blocks {
            if let BlockKind::Paragraph(inl) | BlockKind::Heading { inlines: inl, .. } = &b.kind {
                for i in inl {
                    assert_eq!(&d.source[i.range.clone()], i.text(&d.source));
                    assert!(b.range.start <= i.range.start && i.range.end <= b.range.end);
                }
            }
        }
    }

    #[test]
    fn hard_wrapped_lines_are_joined_with_soft_breaks() {
        let src = "Title Here\n\nFirst line of the paragraph\r\n  second line, indented.\nthird.\n";
        let d = parse(src.to_owned());
        let para = d
            .blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Paragraph(_)))
            .unwrap();
        let inl = inlines_of(para);
        assert_eq!(
            inl.iter().map(|i| i.text(&d.source)).collect::<Vec<_>>(),
            [
                "First line of the paragraph",
                " ",
                "second line, indented.",
                " ",
                "third."
            ]
        );
        assert_eq!(&d.source[inl[1].range.clone()], "\r\n  ");
        assert_eq!(&d.source[inl[3].range.clone()], "\n");
    }

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        let long = "This line is a whole paragraph of an article pasted from a web page, long enough that no one would ever hard-wrap text at this width, honestly.";
        let src = format!("The Title Line\nBy Ann Lee\n{long}\n{long}\n");
        let d = parse(src);
        assert_eq!(d.meta.title.as_deref(), Some("The Title Line"));
        assert_eq!(d.meta.authors, ["Ann Lee"]);
        let paras = d
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Paragraph(_)))
            .count();
        assert_eq!(paras, 2, "{:#?}", d.blocks);
    }

    #[test]
    fn lists_with_markers_nesting_and_numbers() {
        let src = "Intro paragraph that is long enough to be prose, with a full stop.\n\n- one\n- two\n  continued\n    - nested\n* three\n\n1. first\n\n2. second\n\n• bullet\n";
        let d = parse(src.to_owned());
        let lists: Vec<&Box<List>> = d
            .blocks
            .iter()
            .filter_map(|b| {
                if let BlockKind::List(l) = &b.kind {
                    Some(l)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(lists.len(), 3, "{:#?}", d.blocks);
        assert_eq!(lists[0].items.len(), 3);
        assert_eq!(
            text_of(&d.source, &lists[0].items[1].blocks[0]),
            "two continued"
        );
        let BlockKind::List(nested) = &lists[0].items[1].blocks[1].kind else {
            panic!()
        };
        assert_eq!(text_of(&d.source, &nested.items[0].blocks[0]), "nested");
        assert_eq!(lists[1].start, Some(1));
        assert_eq!(
            lists[1].items.len(),
            2,
            "blank-separated numbered items form one list"
        );
        assert_eq!(text_of(&d.source, &lists[2].items[0].blocks[0]), "bullet");
    }

    #[test]
    fn headings_need_following_prose() {
        let src = "Opening paragraph of the article, which is long enough to count as prose here.\n\nA Subheading\n\nBody text follows the subheading and ends with a stop.\n\nA caption without stop\n\nAnother short line\n\nMore prose follows here, as it always does in articles.\n";
        let d = parse(src.to_owned());
        let headings: Vec<String> = d
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
            .map(|b| text_of(&d.source, b))
            .collect();
        assert_eq!(headings, ["A Subheading", "Another short line"]);
    }

    #[test]
    fn indented_block_is_code_and_short_lines_after_colon_are_a_list() {
        let src = "He said the following things, which matter a great deal:\n\nThe first point\n\nThe second point\n\nThen prose resumes, as it must, with a full stop.\n\n    let x = 1;\n\tlet y = 2;\n\nEnd of the article, with a stop.\n";
        let d = parse(src.to_owned());
        assert!(
            matches!(&d.blocks[1].kind, BlockKind::List(l) if l.items.len() == 2),
            "{:#?}",
            d.blocks
        );
        let code = d.blocks.iter().find_map(|b| {
            if let BlockKind::Code { text, .. } = &b.kind {
                Some(text.clone())
            } else {
                None
            }
        });
        assert_eq!(code.as_deref(), Some("let x = 1;\nlet y = 2;\n"));
    }

    #[test]
    fn byline_line_and_iso_date() {
        let d = parse("A Title For Testing\n\nBy Ann Lee and Bo Chan | The Paper\n\n2021-03-04\n\nProse starts here and continues for a while, ending well.\n".to_owned());
        assert_eq!(d.meta.authors, ["Ann Lee", "Bo Chan"]);
        assert_eq!(d.meta.source.as_deref(), Some("The Paper"));
        assert_eq!(d.meta.date.as_deref(), Some("2021-03-04"));
        assert_eq!(
            d.blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Metadata(_)))
                .count(),
            2
        );
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert!(parse(String::new()).blocks.is_empty());
        assert!(parse("\n\r\n  \t\n".to_owned()).blocks.is_empty());
        let d = parse("just one line".to_owned());
        assert_eq!(d.blocks.len(), 1);
    }

    #[test]
    fn escape_sequences_stay_in_source_and_model() {
        let src = "Plain \u{1b}[31mred\u{1b}[0m text and \u{9b}2J more, ending.\n";
        let d = parse(src.to_owned());
        assert_eq!(d.source, src);
        assert_eq!(text_of(&d.source, &d.blocks[0]), src.trim_end());
    }

    // ---- the dev corpus ---------------------------------------------------------------

    macro_rules! corpus {
        ($name:literal) => {
            include_str!(concat!("../../../tests/fixtures/corpus/", $name))
        };
    }

    const CORPUS: &[(&str, &str)] = &[
        ("bbc", corpus!("readability-bbc-1.txt")),
        ("citylab", corpus!("readability-citylab-1.txt")),
        ("cnn", corpus!("readability-cnn.txt")),
        ("herald-sun", corpus!("readability-herald-sun-1.txt")),
        ("nytimes-2", corpus!("readability-nytimes-2.txt")),
        ("nytimes-3", corpus!("readability-nytimes-3.txt")),
        ("wapo", corpus!("readability-wapo-1.txt")),
        ("seed", corpus!("seed-china-russia.txt")),
    ];

    fn headings(d: &Document) -> Vec<String> {
        d.blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
            .map(|b| text_of(&d.source, b))
            .collect()
    }

    #[test]
    fn corpus_parses_into_sensible_blocks() {
        for (name, text) in CORPUS {
            let d = parse((*text).to_owned());
            let chunks = text.split("\n\n").filter(|c| !c.trim().is_empty()).count();
            assert!(
                d.blocks.len() >= chunks / 2,
                "{name}: {} blocks",
                d.blocks.len()
            );
            for b in &d.blocks {
                if let BlockKind::Heading { inlines, .. } = &b.kind {
                    let t = inline_text(&d.source, inlines);
                    assert!(
                        !t.contains('\n') && t.split_whitespace().count() <= 12,
                        "{name}: {t}"
                    );
                    assert!(!t.ends_with('.'), "{name}: heading merged with prose: {t}");
                }
            }
            assert!(
                d.blocks
                    .iter()
                    .any(|b| b.part == Part::Body && matches!(b.kind, BlockKind::Paragraph(_))),
                "{name}: no body"
            );
        }
    }

    #[test]
    fn corpus_headings_are_not_captions_or_boilerplate() {
        let d = parse(corpus!("readability-nytimes-3.txt").to_owned());
        assert_eq!(
            headings(&d),
            [
                "Rock salt on icy streets can cause mayhem below them",
                "‘Freeze-thaws’ linked to climate change can imperil utilities",
                "How to replace century-old utilities: slowly, and carefully",
                "Construction during the winter isn’t always a good idea",
                "Almost 1.8 million potholes filled since de Blasio took office",
                "So, where do people learn how to fix some of these issues?",
            ]
        );
        assert_eq!(d.meta.date.as_deref(), Some("Feb. 21, 2019"));
        let back: Vec<String> = d
            .blocks
            .iter()
            .filter(|b| b.part == Part::Back)
            .map(|b| text_of(&d.source, b))
            .collect();
        assert_eq!(back.len(), 2, "{back:?}");
        assert!(back[0].starts_with("Corey Kilgannon is"));

        let d = parse(corpus!("readability-nytimes-2.txt").to_owned());
        assert!(headings(&d).is_empty(), "{:?}", headings(&d));
        assert!(d.meta.title.is_none());

        let d = parse(corpus!("readability-cnn.txt").to_owned());
        assert!(headings(&d).is_empty(), "{:?}", headings(&d));
        let list = d
            .blocks
            .iter()
            .find_map(|b| {
                if let BlockKind::List(l) = &b.kind {
                    Some(l)
                } else {
                    None
                }
            })
            .unwrap();
        assert_eq!(list.items.len(), 10);
        assert_eq!(list.start, Some(1));
        assert_eq!(d.blocks.last().unwrap().part, Part::Back);
    }

    #[test]
    fn corpus_titles_bylines_and_back_matter() {
        let d = parse(corpus!("readability-citylab-1.txt").to_owned());
        assert_eq!(
            d.meta.title.as_deref(),
            Some("Why Neon Is the Ultimate Symbol of the 20th Century")
        );
        let back: Vec<String> = d
            .blocks
            .iter()
            .filter(|b| b.part == Part::Back)
            .map(|b| text_of(&d.source, b))
            .collect();
        assert_eq!(
            back.first().map(String::as_str),
            Some("This article originally appeared on The Atlantic.")
        );
        assert_eq!(back.len(), 4);

        let d = parse(corpus!("readability-wapo-1.txt").to_owned());
        assert!(d.meta.title.is_none());
        let back: Vec<String> = d
            .blocks
            .iter()
            .filter(|b| b.part == Part::Back)
            .map(|b| text_of(&d.source, b))
            .collect();
        assert_eq!(
            back.first().map(String::as_str),
            Some("Heba Habib contributed to this report.")
        );
        assert!(
            !headings(&d)
                .iter()
                .any(|h| h.starts_with("Map:") || h.starts_with('['))
        );

        let d = parse(corpus!("readability-herald-sun-1.txt").to_owned());
        assert!(headings(&d).is_empty(), "{:?}", headings(&d));
        assert_eq!(d.blocks.last().unwrap().part, Part::Back);

        let d = parse(corpus!("readability-bbc-1.txt").to_owned());
        let h = headings(&d);
        assert!(h.contains(&"Kenya trip".to_owned()), "{h:?}");
        assert!(
            !h.iter().any(|x| x.starts_with("The UK must stay")),
            "{h:?}"
        );
        assert!(
            d.blocks
                .iter()
                .any(|b| matches!(&b.kind, BlockKind::List(l) if l.items.len() >= 6))
        );
    }

    fn check_sound(d: &Document) {
        fn walk(src: &str, blocks: &[Block]) {
            for b in blocks {
                assert!(b.range.start <= b.range.end && b.range.end <= src.len());
                assert!(src.is_char_boundary(b.range.start) && src.is_char_boundary(b.range.end));
                let runs: Vec<&Inline> = match &b.kind {
                    BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => {
                        i.iter().collect()
                    }
                    BlockKind::Metadata(f) => f.iter().flat_map(|f| f.value.iter()).collect(),
                    BlockKind::List(l) => {
                        l.items.iter().for_each(|i| walk(src, &i.blocks));
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
                for r in runs {
                    assert!(
                        r.range.start <= r.range.end && r.range.end <= src.len(),
                        "{r:?}"
                    );
                    assert!(
                        src.is_char_boundary(r.range.start) && src.is_char_boundary(r.range.end)
                    );
                    if r.text(src) != " " {
                        assert_eq!(&src[r.range.clone()], r.text(src));
                    }
                }
            }
        }
        walk(&d.source, &d.blocks);
    }

    #[test]
    fn corpus_ranges_are_sound() {
        for (_, text) in CORPUS {
            check_sound(&parse((*text).to_owned()));
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_ranges_are_sound(s in "\\PC*") {
            check_sound(&parse(s));
        }

        #[test]
        fn structured_input_is_sound(s in "([-*•1.:©) \n\t\r¹⁰aA,]|By |October 4, 2019 |Ann Lee|\n\n|    ){0,60}") {
            check_sound(&parse(s));
        }
    }
}
