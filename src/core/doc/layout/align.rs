//! Aligning an inline's display text with its source range, so every segment knows the
//! source bytes it shows. Shared with `search`, so what is found is what is shown. Pure.

use std::ops::Range;

use super::builder::display_prose;
use super::{is_clean, sub};
use crate::core::doc::sanitize::{is_unsafe, picture};

/// Maps an inline's display text onto its source range, calling `out(text, src, identity)` for
/// consecutive pieces: the common case (text is its source slice and has no control) is one
/// identity piece; otherwise the text is aligned with the source character by character (soft
/// breaks and indentation shown as one space, backslash escapes, controls shown as pictures)
/// until the two diverge, and the rest maps coarsely to the rest of the range. Display text is
/// always display-safe. Shared with `search`, so what is found is what is shown.
#[allow(clippy::too_many_lines)] // one alignment loop; splitting it would scatter its cursors
pub(crate) fn align_inline(
    src: &str,
    text: &str,
    range: Range<usize>,
    mut out: impl FnMut(&str, Range<usize>, bool),
) {
    if text == "\n" {
        out("\n", range, false);
        return;
    }
    let slice = src.get(range.clone());
    if slice == Some(text) && is_clean(text) {
        out(text, range, true);
        return;
    }
    let end = range.end.min(src.len());
    let mut s = range.start.min(end);
    let (tb, sb) = (text.as_bytes(), src.as_bytes());
    let mut ident_start: Option<(usize, usize)> = None; // (text byte, src byte)
    let is_ws = |ch: char| matches!(ch, ' ' | '\t' | '\n' | '\r');
    let is_ws_b = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut ti = 0;
    while ti < tb.len() {
        // fast path: equal printable ASCII (a single space between two non-spaces included)
        let (t0, s0) = (ti, s);
        while let (Some(&b), Some(&sbyte)) = (tb.get(ti), sb.get(s).filter(|_| s < end)) {
            if b != sbyte || !(0x20..0x7f).contains(&b) {
                break;
            }
            if b == b' '
                && (tb.get(ti + 1).copied().is_some_and(is_ws_b)
                    || sb
                        .get(s + 1)
                        .filter(|_| s + 1 < end)
                        .copied()
                        .is_some_and(is_ws_b))
            {
                break;
            }
            ti += 1;
            s += 1;
        }
        if ti > t0 {
            if ident_start.is_none() {
                ident_start = Some((t0, s0));
            }
            continue;
        }
        let Some(c) = text.get(ti..).and_then(|r| r.chars().next()) else {
            break;
        };
        let sc = src.get(s..end).and_then(|r| r.chars().next());
        if is_ws(c) && sc.is_some_and(is_ws) {
            // a run of whitespace (a soft break, indentation) shown as one space
            let s0 = s;
            while sb.get(s).filter(|_| s < end).copied().is_some_and(is_ws_b) {
                s += 1;
            }
            let mut t1 = ti;
            while tb.get(t1).copied().is_some_and(is_ws_b) {
                t1 += 1;
            }
            if s - s0 == 1 && t1 - ti == 1 && c == ' ' && sb.get(s0) == Some(&b' ') {
                if ident_start.is_none() {
                    ident_start = Some((ti, s0));
                }
                ti = t1;
                continue;
            }
            if let Some((t0, i0)) = ident_start.take() {
                out(sub(text, t0..ti), i0..s0, true);
            }
            out(" ", s0..s, false);
            ti = t1;
            continue;
        }
        let clean = !(is_unsafe(c) || matches!(c, '\t' | '\n' | '\r'));
        if clean && sc == Some(c) {
            if ident_start.is_none() {
                ident_start = Some((ti, s));
            }
            s += c.len_utf8();
            ti += c.len_utf8();
            continue;
        }
        if let Some((t0, s0)) = ident_start.take() {
            out(sub(text, t0..ti), s0..s, true);
        }
        if sc == Some(c) {
            // an unsafe control or a tab, present in the source: its picture / a space
            let shown = if c == '\t' || c == '\n' {
                ' '
            } else {
                picture(c)
            };
            let mut tmp = [0u8; 4];
            let n = c.len_utf8();
            out(shown.encode_utf8(&mut tmp), s..s + n, false);
            s += n;
        } else if sc == Some('\\') && src.get(s + 1..end).and_then(|r| r.chars().next()) == Some(c)
        {
            // a Markdown backslash escape
            let n = 1 + c.len_utf8();
            let mut tmp = [0u8; 4];
            let shown = if clean { c } else { picture(c) };
            out(shown.encode_utf8(&mut tmp), s..s + n, false);
            s += n;
        } else {
            // diverged: the rest maps to the rest of the range
            let rest = sub(text, ti..text.len());
            let shown = display_prose(rest);
            out(&shown, s.min(end)..end.max(s.min(end)), false);
            return;
        }
        ti += c.len_utf8();
    }
    if let Some((t0, s0)) = ident_start {
        out(sub(text, t0..text.len()), s0..s, true);
    }
}
