//! Line cues for plain-text recovery: list markers, boilerplate, heading-like lines, sentence
//! breaks, author-bio openings and labelled fields. Each looks at one line. Pure.

use std::ops::Range;

use super::front_matter::{byline, dateline};
use super::{HEADING_MAX_WORDS, QUESTION_HEADING_MAX_WORDS};

pub(super) struct Marker {
    /// Bytes of marker plus following whitespace.
    pub(super) len: usize,
    pub(super) number: Option<u64>,
}

pub(super) fn list_marker(s: &str) -> Option<Marker> {
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
pub(super) fn boilerplate(s: &str) -> bool {
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
pub(super) fn heading_like(s: &str) -> bool {
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
pub(super) fn has_sentence_break(s: &str) -> bool {
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
pub(super) fn unmarked_item(s: &str) -> bool {
    let words = s.split_whitespace().take(26).count();
    (1..=25).contains(&words) && !s.ends_with('.') && !s.ends_with(':') && !boilerplate(s)
}

/// A paragraph opening like a bio: `Name Name is …`, `Name Name was …`, `NAME NAME IS …`.
pub(super) fn bio_opening(s: &str) -> bool {
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

pub(super) fn is_name_word(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// Whether `s` starts with the person `name` (first and last word, as a bio does).
pub(super) fn starts_with_name(s: &str, name: &str) -> bool {
    !name.is_empty()
        && (s.starts_with(name) || {
            let parts: Vec<&str> = name.split_whitespace().collect();
            let head: Vec<&str> = s.split_whitespace().take(parts.len()).collect();
            parts.len() >= 2 && head.first() == parts.first() && head.last() == parts.last()
        })
}

/// `Label: value` with a short capitalised label.
pub(super) fn labelled_field(s: &str) -> Option<(Range<usize>, Range<usize>)> {
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
