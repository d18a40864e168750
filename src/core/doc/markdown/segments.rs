//! Big Markdown documents parsed in segments: cut where no block can be open, link reference
//! definitions collected up front so references resolve across segments, runs of segments
//! folded on all cores. Pure (scoped threads only); folds with the parent's `Builder`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Parser};

use super::{Builder, options};
use crate::core::doc::document::{Block, Metadata};

/// Documents larger than this are parsed in segments (see [`split_points`]).
pub(super) const SEGMENT_THRESHOLD: usize = 4 << 20;
/// The size segments aim for.
pub(super) const SEGMENT_TARGET: usize = 1 << 20;

/// Folds the events of `src`, parsed in segments of about `target` bytes.
///
/// pulldown-cmark builds a tree of the whole input before yielding events; on a 100 MB file
/// that tree alone is a few hundred megabytes. Cutting the text where no block can be open
/// (see [`split_points`]) keeps that transient small, and link reference definitions are
/// collected up front so references still resolve across segments. Runs of segments are
/// parsed on all cores at once.
pub(super) fn build(src: &str, target: usize) -> (Vec<Block>, Metadata) {
    let splits = split_points(src, target);
    let (refs, footnotes) = if splits.len() > 2 {
        reference_definitions(src)
    } else {
        (HashMap::new(), HashSet::new())
    };
    let segments: Vec<Range<usize>> = splits.windows(2).map(|w| w[0]..w[1]).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8)
        .min(segments.len().max(1));
    if threads <= 1 {
        return build_segments(src, &segments, &refs, &footnotes);
    }
    // No block is open across a segment boundary, so runs of segments parse independently
    // (one builder each) and their blocks concatenate; front matter can only be in the first.
    let per = segments.len().div_ceil(threads);
    let parts: Vec<(Vec<Block>, Metadata)> = std::thread::scope(|s| {
        let handles: Vec<_> = segments
            .chunks(per)
            .map(|run| s.spawn(|| build_segments(src, run, &refs, &footnotes)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    // grow the first part in place rather than copy every part into a new vector
    let total: usize = parts.iter().map(|p| p.0.len()).sum();
    let mut parts = parts.into_iter();
    let (mut blocks, meta) = parts.next().unwrap_or_default();
    blocks.reserve_exact(total - blocks.len());
    for (b, _) in parts {
        blocks.extend(b);
    }
    (blocks, meta)
}

/// Folds the events of `segments` of `src` (contiguous, each ending where no block is open)
/// into blocks with one builder.
pub(super) fn build_segments<R: AsRef<str>>(
    src: &str,
    segments: &[Range<usize>],
    refs: &HashMap<String, R>,
    footnotes: &HashSet<String>,
) -> (Vec<Block>, Metadata) {
    let mut b = Builder::new(src);
    b.footnotes = Some(footnotes);
    for r in segments {
        let Some(segment) = src.get(r.clone()) else {
            continue;
        };
        let mut resolve = |link: BrokenLink<'_>| {
            refs.get(&normalize_label(&link.reference))
                .map(|url| (CowStr::Borrowed(url.as_ref()), CowStr::Borrowed("")))
        };
        let parser = Parser::new_with_broken_link_callback(segment, options(), Some(&mut resolve));
        for (event, range) in parser.into_offset_iter() {
            b.event(event, range.start + r.start..range.end + r.start);
        }
    }
    b.finish()
}

/// Segment boundaries (first 0, last `src.len()`): a line that starts with an ASCII letter at
/// column 0 right after a blank line, outside fenced code and raw HTML blocks, at least
/// `target` bytes after the previous boundary. Such a line can only open a new top-level
/// paragraph: every list, quote, table, footnote or indented code block has ended before it.
///
/// Only top-level fences (at column 0) and raw HTML blocks are tracked. Where the scan cannot
/// be sure — a fence-like line that is indented, inside a list or quote, or inside HTML that
/// may be paragraph text — it stops splitting and the rest is parsed whole: slower, never
/// wrong. Whether a line opens a raw HTML block of types 1–5 is decided exactly as the
/// parser decides it (see [`html_block_end`]); any other line starting with `<` is taken to
/// open a block that ends at a blank line.
pub(super) fn split_points(src: &str, target: usize) -> Vec<usize> {
    let mut points = vec![0];
    if target < src.len() {
        let bytes = src.as_bytes();
        // (marker byte, run length) of an open top-level fence
        let mut fence: Option<(u8, usize)> = None;
        let mut html_end: Option<&'static str> = None;
        let mut html_until_blank = false;
        let mut prev_blank = false;
        let mut at = 0;
        while at < bytes.len() {
            let end = bytes
                .get(at..)
                .and_then(|r| memchr::memchr(b'\n', r))
                .map_or(bytes.len(), |p| at + p);
            let line = src.get(at..end).unwrap_or_default();
            let blank = line.trim().is_empty();
            let first = line.bytes().next();
            if prev_blank
                && first.is_some_and(|c| c.is_ascii_alphabetic())
                && fence.is_none()
                && html_end.is_none()
                && !html_until_blank
                && at - points.last().copied().unwrap_or(0) >= target
            {
                points.push(at);
            }
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let inner = strip_containers(line);
            let fence_like = |s: &str| {
                s.bytes().take_while(|&c| c == b'`').count() >= 3
                    || s.bytes().take_while(|&c| c == b'~').count() >= 3
            };
            let top_level = inner.len() == line.len();
            if let Some(marker) = html_end {
                if line.contains(marker) {
                    html_end = None;
                }
            } else if let Some((ch, len)) = fence {
                let n = trimmed.bytes().take_while(|&c| c == ch).count();
                if indent <= 3 && n >= len && trimmed.get(n..).is_some_and(|r| r.trim().is_empty())
                {
                    fence = None;
                }
            } else if !top_level && (fence_like(inner) || inner.starts_with('<')) {
                // Indented or inside a list or quote: which construct this belongs to depends
                // on context the scan does not track.
                break;
            } else if fence_like(inner) {
                if html_until_blank {
                    break; // HTML that may be paragraph text: ambiguous
                }
                let ch = inner.as_bytes().first().copied().unwrap_or(b'`');
                fence = Some((ch, inner.bytes().take_while(|&c| c == ch).count()));
            } else if html_until_blank {
                if blank {
                    html_until_blank = false;
                } else if inner.starts_with('<') && html_block_end(inner).is_some() {
                    // A raw block interrupting paragraph text, or more of the same HTML?
                    break;
                }
            } else if inner.starts_with('<') {
                // pulldown-cmark looks for the end marker case-sensitively, from the same line
                html_end = html_block_end(inner).filter(|m| !inner.contains(m));
                html_until_blank = html_end.is_none();
            }
            prev_blank = blank;
            at = end + 1;
        }
    }
    points.push(src.len());
    points
}

/// `line` without leading whitespace, block-quote markers and list markers.
pub(super) fn strip_containers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let t = rest.trim_start();
        let next = if let Some(r) = t.strip_prefix('>') {
            r
        } else if let Some(r) = t
            .strip_prefix(['-', '*', '+'])
            .filter(|r| r.starts_with([' ', '\t']))
        {
            r
        } else {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            match t.get(digits..) {
                Some(r) if digits > 0 && (r.starts_with(". ") || r.starts_with(") ")) => {
                    r.get(1..).unwrap_or_default()
                }
                _ => return t,
            }
        };
        rest = next;
    }
}

/// The end marker of the raw HTML block that `line` opens, if it opens one that may span
/// blank lines (`CommonMark` types 1–5), decided exactly as pulldown-cmark decides it: a
/// guess here would let the scan mistake paragraph text such as `<!```` for a block whose end
/// marker then closes too early, and miss a real block (`<pre>`) that interrupts the paragraph.
pub(super) fn html_block_end(line: &str) -> Option<&'static str> {
    let rest = line.strip_prefix('<')?.as_bytes();
    for (open, end) in [
        ("pre", "</pre>"),
        ("style", "</style>"),
        ("script", "</script>"),
        ("textarea", "</textarea>"),
    ] {
        let Some(head) = rest.get(..open.len()) else {
            continue;
        };
        if head.eq_ignore_ascii_case(open.as_bytes())
            && rest
                .get(open.len())
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'>')
        {
            return Some(end);
        }
    }
    for (open, end) in [("!--", "-->"), ("?", "?>"), ("![CDATA[", "]]>")] {
        if rest.starts_with(open.as_bytes()) {
            return Some(end);
        }
    }
    (rest.first() == Some(&b'!') && rest.get(1).is_some_and(u8::is_ascii_alphabetic)).then_some(">")
}

/// `[label]: destination` lines (outside fences), label normalised, destination borrowed;
/// and the labels of footnote definitions (`[^label]:`).
pub(super) fn reference_definitions(src: &str) -> (HashMap<String, &str>, HashSet<String>) {
    let mut refs = HashMap::new();
    let mut footnotes = HashSet::new();
    let mut fence: Option<u8> = None;
    for line in src.lines() {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 {
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            let c = t.as_bytes()[0];
            fence = match fence {
                Some(open) if open == c => None,
                None => Some(c),
                other => other,
            };
            continue;
        }
        if fence.is_some() || !t.starts_with('[') {
            continue;
        }
        if let Some(label) = t
            .strip_prefix("[^")
            .and_then(|r| r.split_once("]:"))
            .map(|p| p.0)
        {
            footnotes.insert(normalize_label(label));
            continue;
        }
        let Some(close) = t.find("]:") else { continue };
        let (Some(label), Some(rest)) = (t.get(1..close), t.get(close + 2..)) else {
            continue;
        };
        let Some(dest) = rest.split_whitespace().next() else {
            continue;
        };
        let dest = dest
            .strip_prefix('<')
            .and_then(|d| d.strip_suffix('>'))
            .unwrap_or(dest);
        refs.entry(normalize_label(label)).or_insert(dest);
    }
    (refs, footnotes)
}

pub(super) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
