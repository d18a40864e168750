//! The layout builder: one block at a time, flattened into a display buffer with a run table
//! back to the source, wrapped greedily and pushed as [`Line`]s under the container prefixes.
//! Tables and code blocks have their own files (`table`, `code`); break opportunities come
//! from `breaks`. Pure; uses the document model and the text helpers.

use std::borrow::Cow;
use std::ops::Range;

use unicode_linebreak::BreakOpportunity;

use super::align::align_inline;
use super::breaks::{ASCII_CLASS, ascii_break_before, break_opportunities};
use super::{Line, LineKind, Role, Segment, spaces, sub};
use crate::core::doc::document::{Block, BlockKind, Document, Field, Inline, InlineStyle, List};
use crate::core::doc::sanitize::{is_unsafe, picture};
use crate::core::doc::text::{grapheme_width, graphemes, str_width};

/// One run of a paragraph's display buffer.
#[derive(Debug, Clone)]
pub(super) struct Run {
    /// Start in the buffer (the run ends where the next one starts).
    pub(super) disp: usize,
    pub(super) src: Range<usize>,
    pub(super) identity: bool,
    pub(super) role: Role,
    pub(super) style: InlineStyle,
}

/// A container decoration drawn at the start of every line inside it.
#[derive(Debug, Clone)]
pub(super) struct Prefix {
    pub(super) first: Cow<'static, str>,
    pub(super) rest: Cow<'static, str>,
    pub(super) role: Role,
    /// `first` has not been drawn yet.
    pub(super) pending: bool,
}

/// A wrapped line before decorations: the buffer bytes it shows (empty when none) and its
/// width in cells. Segments are made only when the line is pushed, straight into the line's
/// exactly sized vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    pub(super) range: Range<usize>,
    pub(super) width: usize,
}

pub(super) struct Builder<'d> {
    pub(super) src: &'d str,
    pub(super) width: usize,
    pub(super) lines: Vec<Line>,
    pub(super) block: usize,
    pub(super) prefix: Vec<Prefix>,
    pub(super) buf: String,
    pub(super) runs: Vec<Run>,
    /// Source start of the block whose first line has not been emitted yet.
    pub(super) pending_start: Option<usize>,
    /// Depth of nested lists (for bullet shapes).
    pub(super) list_depth: usize,
    /// Line kind forced on prose inside a container (footnotes).
    pub(super) kind_override: Option<LineKind>,
}

impl<'d> Builder<'d> {
    pub(super) fn new(src: &'d str, width: usize) -> Self {
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

    pub(super) fn last_pos(&self) -> usize {
        self.lines.last().map_or(0, |l| l.src.end.max(l.src.start))
    }

    // ----- emitting lines

    /// Width of the prefix the next line would get.
    pub(super) fn prefix_width(&self) -> usize {
        self.prefix
            .iter()
            .map(|p| str_width(if p.pending { &p.first } else { &p.rest }))
            .sum()
    }

    pub(super) fn rest_prefix_width(&self) -> usize {
        self.prefix.iter().map(|p| str_width(&p.rest)).sum()
    }

    /// Pushes a line of `kind` with the current prefix and `content`.
    pub(super) fn push_line(&mut self, kind: LineKind, content: Vec<Segment>) {
        let mut segments = Vec::with_capacity(self.prefix_count() + content.len());
        self.push_prefix(&mut segments);
        let n = segments.len();
        segments.extend(content);
        self.finish_line(kind, segments, n);
    }

    /// Pushes a line of `kind` showing buffer bytes `range` (cursor `ri`, see
    /// [`Self::segments_for`]) under the current prefix, then `tail` if any; one allocation of
    /// exactly the segments needed.
    pub(super) fn push_buf_line(
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
    pub(super) fn prefix_count(&self) -> usize {
        self.prefix
            .iter()
            .filter(|p| !if p.pending { &p.first } else { &p.rest }.is_empty())
            .count()
    }

    /// Appends the prefix decorations of the next line (and marks first-line prefixes drawn).
    pub(super) fn push_prefix(&mut self, segments: &mut Vec<Segment>) {
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
    pub(super) fn finish_line(&mut self, kind: LineKind, mut segments: Vec<Segment>, n: usize) {
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
    pub(super) fn blank_at(&mut self, pos: usize) {
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
    pub(super) fn blank(&mut self) {
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

    pub(super) fn clear_runs(&mut self) {
        self.buf.clear();
        self.runs.clear();
    }

    pub(super) fn push_run(
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

    pub(super) fn push_decoration_run(&mut self, text: &'static str, role: Role) {
        let pos = self.runs.last().map_or(0, |r| r.src.end);
        self.push_run(text, pos..pos, false, role, InlineStyle::empty());
    }

    /// Adds an inline to the paragraph buffer, mapping as much of it to the source exactly as
    /// can be: the common case (text is its source slice) is one identity run; otherwise the
    /// text is aligned with the source character by character (soft breaks, escapes, controls)
    /// until the two diverge, and the rest maps coarsely to the remaining source range.
    pub(super) fn push_inline(&mut self, inline: &Inline, role: Role, extra: InlineStyle) {
        let src = self.src;
        for piece in inline.pieces(src) {
            let style = piece.style.difference(InlineStyle::SOFT_BREAK) | extra;
            align_inline(
                src,
                &piece.text(src),
                piece.range(),
                |text, range, identity| {
                    self.push_run(text, range, identity, role, style);
                },
            );
        }
    }

    pub(super) fn push_inlines(&mut self, inlines: &[Inline], role: Role, extra: InlineStyle) {
        for i in inlines {
            self.push_inline(i, role, extra);
        }
    }

    // ----- wrapping

    /// Segments for buffer bytes `a..b` (cursor `ri` = first run that may overlap).
    pub(super) fn segments_for(&self, a: usize, b: usize, ri: &mut usize) -> Vec<Segment> {
        let mut out = Vec::with_capacity(self.runs_in(a, b, ri));
        self.append_segments(a, b, ri, &mut out);
        out
    }

    /// How many segments buffer bytes `a..b` make (advances `ri` as [`Self::segments_for`]).
    pub(super) fn runs_in(&self, a: usize, b: usize, ri: &mut usize) -> usize {
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
    pub(super) fn append_segments(
        &self,
        a: usize,
        b: usize,
        ri: &mut usize,
        out: &mut Vec<Segment>,
    ) {
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
    pub(super) fn wrap(&self, first: usize, rest: usize) -> Vec<Piece> {
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
    pub(super) fn wrap_ascii(&self, first: usize, rest: usize) -> Vec<Piece> {
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

    pub(super) fn wrap_general(&self, first: usize, rest: usize) -> Vec<Piece> {
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
    pub(super) fn flush_paragraph(&mut self, kind: LineKind) {
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

    pub(super) fn with_prefix(
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
    pub(super) fn one_block(&mut self, doc: &Document, i: usize) -> Vec<Line> {
        self.lines.clear();
        self.prefix.clear();
        self.pending_start = None;
        self.list_depth = 0;
        self.kind_override = None;
        let Some(block) = doc.block(i) else {
            return Vec::new();
        };
        self.block = i;
        if let Some(prev) = i.checked_sub(1).and_then(|p| doc.block_range(p)) {
            self.blank_at(prev.end);
        }
        self.block(&block);
        std::mem::take(&mut self.lines)
    }

    pub(super) fn block(&mut self, block: &Block) {
        if self.pending_start.is_none() {
            self.pending_start = Some(block.range().start);
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
                        b.code(text, block.range());
                    },
                );
            }
            BlockKind::Table(table) => self.table(table, block.range()),
            BlockKind::Rule => {
                let avail = self.width.saturating_sub(self.prefix_width()).max(1);
                let pos = self.last_pos().max(block.range().start);
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
    pub(super) fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 && !(tight && matches!(b.kind, BlockKind::List(_))) {
                self.blank();
            }
            self.block(b);
        }
    }

    /// The line kind for prose at the current nesting.
    pub(super) fn text_kind(&self) -> LineKind {
        if let Some(k) = self.kind_override {
            return k;
        }
        match self.prefix.last() {
            Some(p) if p.rest == "│ " => LineKind::Quote,
            Some(p) if p.role == Role::Marker && self.list_depth > 0 => LineKind::ListItem,
            _ => LineKind::Text,
        }
    }

    pub(super) fn metadata(&mut self, fields: &[Field]) {
        for f in fields {
            self.clear_runs();
            let at = f.value.first().map_or(self.last_pos(), |i| i.range().start);
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

    pub(super) fn list(&mut self, list: &List) {
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
}

/// The `↩` ending a soft-wrapped code line (its position is set when the line is pushed).
pub(super) fn wrap_marker() -> Segment {
    Segment {
        shown: Some(Cow::Borrowed("↩")),
        src: 0..0,
        role: Role::Decoration,
        style: InlineStyle::empty(),
        identity: false,
    }
}

pub(super) fn deco(s: &'static str) -> Segment {
    deco_owned(Cow::Borrowed(s))
}

pub(super) fn deco_owned(s: Cow<'static, str>) -> Segment {
    Segment {
        shown: Some(s),
        src: 0..0,
        role: Role::Decoration,
        style: InlineStyle::empty(),
        identity: false,
    }
}

/// Decorations are short and repeated: reuse static strings where we can.
pub(super) fn static_or_owned(s: &str) -> Cow<'static, str> {
    for known in [" ", " │ ", "│ ", "• ", "◦ ", "▪ ", "[x] ", "[ ] "] {
        if s == known {
            return Cow::Borrowed(known);
        }
    }
    Cow::Owned(s.to_owned())
}

/// Prose text that could not be mapped to the source: controls as pictures, breaks as spaces.
pub(super) fn display_prose(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if is_unsafe(c) => picture(c),
            c => c,
        })
        .collect()
}
