//! Lines of a plain-text article: cut at `\n` or `\r\n` with their byte ranges, and the
//! small helpers that measure and dedent them. Pure.

/// One line: `start..end` without its terminator, `ts..te` the trimmed content.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) ts: usize,
    pub(super) te: usize,
    /// Leading whitespace in columns (tab = 4).
    pub(super) indent: usize,
}

pub(super) fn split_lines(src: &str) -> Vec<Line> {
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

pub(super) fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| p + from)
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
