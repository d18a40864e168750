//! Code blocks in the layout: each source line kept whole when it fits, soft-wrapped with a
//! `↩` marker when it does not, tabs expanded, and every display line mapped back to its
//! source line. Pure; extends the builder.

use std::ops::Range;

use super::builder::{Builder, wrap_marker};
use super::{LineKind, Role, is_clean, spaces};
use crate::core::doc::document::InlineStyle;
use crate::core::doc::sanitize::{is_unsafe, picture};
use crate::core::doc::text::{grapheme_width, graphemes, str_width};
use unicode_segmentation::UnicodeSegmentation;

impl Builder<'_> {
    pub(super) fn code(&mut self, text: &str, range: Range<usize>) {
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
    pub(super) fn code_line(&mut self, avail: usize) {
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
}

/// Where a code line sits in the source, checked cheaply at the start of the current or next
/// source line after indentation and quote markers (the common case), or past a few blank
/// lines when nothing but blanks lies between (a blank code line does not move the cursor, so
/// the line after it would otherwise need the slow window search — which would find the same
/// place, as blanks cannot contain it).
pub(super) fn find_code_line(src: &str, cursor: usize, end: usize, line: &str) -> Option<usize> {
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
pub(super) fn expand_code(s: &str) -> String {
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
