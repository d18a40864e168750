//! Text as the terminal shows it: display cells per grapheme (as ratatui's buffer counts
//! them), grapheme iteration with an ASCII fast path, and cutting to a width with an ellipsis;
//! plus the shared word lists ([`words`]). The one place that measures or truncates text by
//! width, for the core and the views alike. Pure; uses `unicode-width` and
//! `unicode-segmentation` only.

pub mod words;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cells a grapheme occupies, exactly as ratatui's buffer measures it.
pub fn grapheme_width(g: &str) -> usize {
    if g.len() == 1 {
        1
    } else {
        g.width()
            + g.chars()
                .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
                .count()
    }
}

/// Cells a display-safe string occupies (sum over graphemes; ASCII fast path).
pub fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    // as [`graphemes`], but printable ASCII runs are counted in bulk
    let bytes = s.as_bytes();
    let mut width = 0;
    let mut p = 0;
    while p < bytes.len() {
        let q = p + plain_prefix_len(bytes.get(p..).unwrap_or_default());
        if q >= bytes.len() {
            width += q - p;
            break;
        }
        // the last printable byte may belong to the grapheme of what follows it
        let c0 = if q > p { q - 1 } else { p };
        width += c0 - p;
        let mut e = q + 1;
        while e < bytes.len() && !(is_plain_ascii(bytes[e - 1]) && is_plain_ascii(bytes[e])) {
            e += 1;
        }
        width += s
            .get(c0..e)
            .unwrap_or_default()
            .graphemes(true)
            .map(grapheme_width)
            .sum::<usize>();
        p = e;
    }
    width
}

/// Length of the printable-ASCII prefix of `b` (16 bytes at a time, which vectorises).
pub(crate) fn plain_prefix_len(b: &[u8]) -> usize {
    let mut i = 0;
    for c in b.chunks_exact(16) {
        if !c.iter().fold(true, |ok, &x| ok & is_plain_ascii(x)) {
            break;
        }
        i += 16;
    }
    let rest = b.get(i..).unwrap_or_default();
    i + rest
        .iter()
        .position(|&x| !is_plain_ascii(x))
        .unwrap_or(rest.len())
}

/// Printable ASCII: between two such bytes there is always a grapheme boundary (UAX #29 has no
/// rule joining them, and none of them extends, prepends or joins anything).
const fn is_plain_ascii(b: u8) -> bool {
    b >= 0x20 && b < 0x7f
}

/// `s.grapheme_indices(true)`, but a printable ASCII byte followed by another (or by the end)
/// is yielded as its own grapheme without consulting the Unicode tables; only the stretches
/// around other characters, cut where two printable ASCII bytes meet, go through
/// `unicode-segmentation`. Mostly-ASCII text with the odd accent, CJK word or emoji (most
/// prose and code) is thus measured at nearly the ASCII speed. Same output as the crate: every
/// cut is a boundary of the whole string, and no UAX #29 rule looks back across printable
/// ASCII (a property test checks it).
pub(crate) fn graphemes(s: &str) -> Graphemes<'_> {
    Graphemes {
        s,
        pos: 0,
        chunk: None,
    }
}

pub(crate) struct Graphemes<'a> {
    s: &'a str,
    /// Next byte to look at; always a grapheme boundary.
    pos: usize,
    /// A stretch being segmented by the crate: its start in `s` and its iterator.
    chunk: Option<(usize, unicode_segmentation::GraphemeIndices<'a>)>,
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if let Some((base, it)) = &mut self.chunk {
            if let Some((i, g)) = it.next() {
                return Some((*base + i, g));
            }
            self.chunk = None;
        }
        let b = self.s.as_bytes();
        let p = self.pos;
        let c = *b.get(p)?;
        if is_plain_ascii(c) && b.get(p + 1).is_none_or(|&n| is_plain_ascii(n)) {
            self.pos = p + 1;
            return self.s.get(p..=p).map(|g| (p, g));
        }
        let mut e = p + 1;
        while e < b.len() && !(is_plain_ascii(b[e - 1]) && is_plain_ascii(b[e])) {
            e += 1;
        }
        self.pos = e;
        let mut it = self.s.get(p..e).unwrap_or_default().grapheme_indices(true);
        let first = it.next().map(|(i, g)| (p + i, g));
        self.chunk = Some((p, it));
        first
    }
}

/// `text` cut to `width` display cells, ending in `…` when something was cut: graphemes are
/// never split and wide characters never half-drawn. At width 0 the result is empty.
#[must_use]
pub fn ellipsize(text: &str, width: usize) -> String {
    if str_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = str_width(g);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push_str(g);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `12345` → `12,345`: counts as people read them.
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Byte ranges of the rows `line` soft-wraps into at `width` cells: at the last whitespace
/// that fits, else (a word longer than the row) between graphemes. At least one row.
pub fn soft_wrap(line: &str, width: usize) -> Vec<std::ops::Range<usize>> {
    let cells = |s: &str| -> usize { s.graphemes(true).map(|g| grapheme_width(g).max(1)).sum() };
    let mut rows = Vec::new();
    let mut start = 0;
    let mut w = 0;
    let mut brk: Option<usize> = None;
    for (i, g) in line.grapheme_indices(true) {
        let gw = grapheme_width(g).max(1);
        if w + gw > width && i > start {
            if let Some(b) = brk.filter(|&b| b > start) {
                rows.push(start..b);
                start = b;
                w = cells(line.get(b..i).unwrap_or_default());
            } else {
                rows.push(start..i);
                start = i;
                w = 0;
            }
            brk = None;
        }
        w += gw;
        if g.chars().all(char::is_whitespace) {
            brk = Some(i + g.len());
        }
    }
    rows.push(start..line.len());
    rows
}

/// `n` things as people read them: `count(1, "note", "notes")` is `1 note`, 12,345 is
/// `12,345 notes`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", group_thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_are_singular_for_one_and_grouped() {
        assert_eq!(count(1, "article", "articles"), "1 article");
        assert_eq!(count(0, "article", "articles"), "0 articles");
        assert_eq!(count(12_345, "note", "notes"), "12,345 notes");
    }

    #[test]
    fn ellipsize_cuts_by_display_width() {
        assert_eq!(ellipsize("short", 10), "short");
        assert_eq!(ellipsize("China, Russia Deepen", 10), "China, Ru…");
        assert_eq!(ellipsize("日本語の見出し", 6), "日本…");
        assert_eq!(ellipsize("abc", 0), "");
    }

    #[test]
    fn ellipsize_never_splits_a_grapheme() {
        // "e" + combining acute, and a family emoji joined with ZWJs: one grapheme each
        let cut = ellipsize("Cafe\u{301} de\u{301}ja\u{300} vu", 6);
        assert_eq!(cut, "Cafe\u{301} …");
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let cut = ellipsize(&format!("ab{family}{family}cd"), 5);
        assert_eq!(cut, format!("ab{family}…"));
        assert!(str_width(&cut) <= 5);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_graphemes_match_unicode_segmentation(
            s in "([a-c0-2 .,!?'\r\n\t\x1b]{0,4}[é日\u{301}\u{200d}🚀👍\u{1f3fd}\u{1f1eb}\u{1f1f7}\u{600}\u{a8f}\u{94d}\u{915}\u{1100}\u{1161}\u{ff9e}\u{85}]{0,3}){0,8}"
        ) {
            let fast: Vec<_> = graphemes(&s).collect();
            let slow: Vec<_> = s.grapheme_indices(true).collect();
            prop_assert_eq!(fast, slow, "{:?}", s);
            let slow_w: usize = if s.is_ascii() {
                s.len()
            } else {
                s.graphemes(true).map(grapheme_width).sum()
            };
            prop_assert_eq!(str_width(&s), slow_w, "{:?}", s);
        }
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(4982), "4,982");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
