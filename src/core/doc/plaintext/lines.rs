//! Lines of a plain-text article: cut at `\n` or `\r\n` with their byte ranges, and the
//! small helpers that measure and dedent them. Pure.

use crate::core::doc::document::{to_u32, transient};

/// One line: `ts..te` the trimmed content (its terminator and surrounding whitespace left
/// out). Offsets are `u32` (gloss reads no text over 4 GiB): a big text has millions of lines,
/// and this index is built whole before the blocks are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    ts: u32,
    te: u32,
    /// Leading whitespace in columns (tab = 4).
    indent: u32,
}

impl Line {
    pub(super) fn ts(self) -> usize {
        self.ts as usize
    }

    pub(super) fn te(self) -> usize {
        self.te as usize
    }

    pub(super) fn indent(self) -> usize {
        self.indent as usize
    }
}

pub(super) fn split_lines(src: &str) -> Vec<Line> {
    let bytes = src.as_bytes();
    // sized once: a grown vector would leave its old buffers behind at every doubling
    let mut lines = transient(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    while start <= src.len() {
        let end = memchr_newline(bytes, start).unwrap_or(src.len());
        let raw = src.get(start..end).unwrap_or_default();
        let body = raw.trim_end();
        let lead = body.len() - body.trim_start().len();
        let indent: usize = body.get(..lead).map_or(0, |w| {
            w.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
        });
        lines.push(Line {
            ts: to_u32(start + lead),
            te: to_u32(start + body.len()),
            indent: to_u32(indent),
        });
        if end >= src.len() {
            break;
        }
        start = end + 1;
    }
    lines
}

pub(super) fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', bytes.get(from..)?).map(|p| p + from)
}

/// Byte offset where the line containing `at` starts.
pub(super) fn line_start(src: &str, at: usize) -> usize {
    src.as_bytes()
        .get(..at)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
        .map_or(0, |p| p + 1)
}

/// `line` without up to `cols` columns of leading indentation.
pub(super) fn dedent(line: &str, cols: usize) -> &str {
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
