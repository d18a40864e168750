//! Front matter of a plain-text article: datelines (`October 4, 2019 …`), bylines (`By Ann
//! Lee`, names and an outlet) and time lines. Pure; month names come from `text::words`.

use std::ops::Range;

use super::cues::is_name_word;
use crate::core::doc::text::words::is_lowercase_month;

pub(super) struct Dateline {
    pub(super) date: Range<usize>,
    pub(super) byline: Option<Byline>,
}

#[derive(Default)]
pub(super) struct Byline {
    pub(super) authors: Vec<Range<usize>>,
    pub(super) outlet: Option<Range<usize>>,
}

/// Words with their byte offsets.
pub(super) fn words(s: &str) -> Vec<(usize, &str)> {
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

pub(super) fn is_month(w: &str) -> bool {
    is_lowercase_month(&w.trim_end_matches([',', '.']).to_lowercase())
}

pub(super) fn day_number(w: &str) -> bool {
    let d = w
        .trim_end_matches(',')
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn year_number(w: &str) -> bool {
    let y = w.trim_end_matches([',', '.', ':']);
    y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && (y.starts_with("19") || y.starts_with("20"))
}

/// The byte range of a date in `s` (`October 4, 2019`, `4 October 2019`, `2019-10-04`).
pub(super) fn find_date(s: &str) -> Option<Range<usize>> {
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
pub(super) fn dateline(s: &str) -> Option<Dateline> {
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
pub(super) fn byline(s: &str) -> Option<Byline> {
    let lower = s.get(..3)?.to_lowercase();
    if lower != "by " || s.split_whitespace().nth(15).is_some() || s.ends_with('.') {
        return None;
    }
    let start = 3 + (s.get(3..)?.len() - s.get(3..)?.trim_start().len());
    parse_names(s, start..s.len())
}

/// Names (and a trailing outlet) in `s[range]`; `None` unless they look like names.
pub(super) fn parse_names(s: &str, range: Range<usize>) -> Option<Byline> {
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
pub(super) fn time_line(s: &str) -> bool {
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
