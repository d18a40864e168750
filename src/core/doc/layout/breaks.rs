//! Line-break opportunities per UAX #14, with a fast path for plain ASCII prose that yields
//! exactly what `unicode-linebreak` does (a property test below checks it). Pure.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Line-break opportunities of `s` per UAX #14: `(index of the char after the break, kind)`,
/// ending with the mandatory break at the end. Plain ASCII prose (letters, digits, spaces and
/// `.,;:!?'"()-`) takes a fast path that yields exactly what `unicode_linebreak::linebreaks`
/// does (a property test checks it) at a fraction of the cost; anything else goes through the
/// crate.
pub(super) fn break_opportunities(s: &str) -> Vec<(usize, BreakOpportunity)> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5 + 1);
    // The text is cut before a letter that follows a space after a letter or digit: there UAX #14
    // always allows a break (LB18) and no later decision depends on what came before, so runs
    // of plain ASCII take the fast path and only the pieces around other characters (between
    // the nearest cuts) go through the crate.
    let is_bad = |c: &u8| ASCII_CLASS[usize::from(*c)].is_none();
    let mut pos = 0;
    while let Some(bad) = b
        .get(pos..)
        .and_then(|r| r.iter().position(is_bad))
        .map(|i| pos + i)
    {
        let lo = cut_before(b, bad).max(pos);
        let hi = cut_after(b, bad);
        if lo > pos {
            push_breaks(s, pos..lo, true, false, &mut out);
        }
        push_breaks(s, lo..hi, false, hi >= b.len(), &mut out);
        pos = hi;
    }
    if pos < b.len() {
        push_breaks(s, pos..b.len(), true, true, &mut out);
    }
    out
}

/// Whether the text may be cut before `b[i]` (see [`break_opportunities`]).
pub(super) fn is_cut(b: &[u8], i: usize) -> bool {
    if i == 0 || b.get(i - 1) != Some(&b' ') || !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut k = i - 1;
    while k > 0 && b.get(k) == Some(&b' ') {
        k -= 1;
    }
    b.get(k)
        .is_some_and(|c| *c != b' ' && c.is_ascii_alphanumeric())
}

/// The last cut at or before `p` (0 if none).
pub(super) fn cut_before(b: &[u8], p: usize) -> usize {
    (1..=p).rev().find(|&i| is_cut(b, i)).unwrap_or(0)
}

/// The first cut after `p` (`b.len()` if none).
pub(super) fn cut_after(b: &[u8], p: usize) -> usize {
    (p + 1..b.len()).find(|&i| is_cut(b, i)).unwrap_or(b.len())
}

/// Break opportunities of `s[r]` shifted to `s`: the cut at its start (if any) is an allowed
/// break; the end-of-text break is kept only for the last piece.
pub(super) fn push_breaks(
    s: &str,
    r: Range<usize>,
    simple: bool,
    last: bool,
    out: &mut Vec<(usize, BreakOpportunity)>,
) {
    let Some(piece) = s.get(r.clone()) else {
        return;
    };
    if r.start > 0 && !piece.is_empty() {
        out.push((r.start, BreakOpportunity::Allowed));
    }
    let from = out.len();
    if simple {
        ascii_breaks(piece.as_bytes(), out);
    } else {
        out.extend(linebreaks(piece));
    }
    for e in out.get_mut(from..).unwrap_or_default() {
        e.0 += r.start;
    }
    if !last && out.len() > from && out.last().is_some_and(|e| e.0 == r.end) {
        out.pop();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ac {
    Al,
    Nu,
    Sp,
    /// `.,;:`
    Is,
    /// `!?`
    Ex,
    /// `"'`
    Qu,
    Op,
    Cp,
    Hy,
}

/// [`ascii_class`] of every byte.
pub(super) static ASCII_CLASS: [Option<Ac>; 256] = {
    let mut t = [None; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)]
        {
            t[i] = ascii_class(i as u8);
        }
        i += 1;
    }
    t
};

/// Whether UAX #14 allows a break before `b[j]` (plain ASCII prose, `0 < j < b.len()`).
pub(super) fn ascii_break_before(b: &[u8], j: usize) -> bool {
    let class = |k: usize| b.get(k).and_then(|&x| ASCII_CLASS[usize::from(x)]);
    let (Some(prev), Some(cur)) = (j.checked_sub(1).and_then(class), class(j)) else {
        return false;
    };
    let before_space = if prev == Ac::Sp {
        let mut k = j - 1;
        while k > 0 && b.get(k) == Some(&b' ') {
            k -= 1;
        }
        if b.get(k) == Some(&b' ') {
            None
        } else {
            class(k)
        }
    } else {
        None
    };
    ascii_break(before_space, prev, cur)
}

pub(super) const fn ascii_class(b: u8) -> Option<Ac> {
    Some(match b {
        b'a'..=b'z' | b'A'..=b'Z' => Ac::Al,
        b'0'..=b'9' => Ac::Nu,
        b' ' => Ac::Sp,
        b'.' | b',' | b';' | b':' => Ac::Is,
        b'!' | b'?' => Ac::Ex,
        b'"' | b'\'' => Ac::Qu,
        b'(' => Ac::Op,
        b')' => Ac::Cp,
        b'-' => Ac::Hy,
        _ => return None,
    })
}

pub(super) fn ascii_breaks(s: &[u8], out: &mut Vec<(usize, BreakOpportunity)>) {
    let mut state = 0u8;
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        let Some(cur) = ASCII_CLASS[usize::from(b)] else {
            i += 1;
            continue;
        };
        let (brk, next) = ASCII_DFA[usize::from(state)][cur as usize];
        if brk {
            out.push((i, BreakOpportunity::Allowed));
        }
        state = next;
        i += 1;
        if matches!(cur, Ac::Al | Ac::Nu) {
            // no break inside a run of letters and digits (LB23, LB28, LB25): skip it, ending
            // in the state of its last byte
            let run = s.get(i..).map_or(0, |r| {
                r.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
            });
            if run > 0 {
                i += run;
                state = if s.get(i - 1).is_some_and(u8::is_ascii_digit) {
                    2
                } else {
                    1
                };
            }
        }
    }
    if !s.is_empty() {
        out.push((s.len(), BreakOpportunity::Mandatory));
    }
}

const ASCII_CLASSES: [Ac; 9] = [
    Ac::Al,
    Ac::Nu,
    Ac::Sp,
    Ac::Is,
    Ac::Ex,
    Ac::Qu,
    Ac::Op,
    Ac::Cp,
    Ac::Hy,
];

/// [`ascii_break`] as a table: state (0 = start of text, `1 + class` after a non-space,
/// 10/11/12 = after spaces that followed anything else / `(` / a quote) × class →
/// (break before this byte?, next state).
static ASCII_DFA: [[(bool, u8); 9]; 13] = {
    let mut t = [[(false, 0u8); 9]; 13];
    let mut st = 0;
    while st < 13 {
        let mut ci = 0;
        while ci < 9 {
            let cur = ASCII_CLASSES[ci];
            let brk = match st {
                0 => false,
                1..=9 => ascii_break(None, ASCII_CLASSES[st - 1], cur),
                10 => ascii_break(None, Ac::Sp, cur),
                11 => ascii_break(Some(Ac::Op), Ac::Sp, cur),
                _ => ascii_break(Some(Ac::Qu), Ac::Sp, cur),
            };
            #[allow(clippy::cast_possible_truncation)]
            let next = if matches!(cur, Ac::Sp) {
                match st {
                    10..=12 => st as u8,
                    7 => 11, // after `(`
                    6 => 12, // after a quote
                    _ => 10,
                }
            } else {
                1 + ci as u8
            };
            t[st][ci] = (brk, next);
            ci += 1;
        }
        st += 1;
    }
    t
};

/// Whether UAX #14 allows a break between `prev` and `cur` (ASCII subset).
pub(super) const fn ascii_break(before_space: Option<Ac>, prev: Ac, cur: Ac) -> bool {
    use Ac::{Al, Cp, Ex, Hy, Is, Nu, Op, Qu, Sp};
    if matches!(cur, Sp | Cp | Ex | Is) {
        return false; // LB7, LB13
    }
    if matches!(prev, Sp) {
        return match before_space {
            Some(Op) => false,              // LB14
            Some(Qu) => !matches!(cur, Op), // LB15
            _ => true,                      // LB18
        };
    }
    !matches!(
        (prev, cur),
        (Op | Qu, _) | (_, Qu | Hy) // LB14, LB19, LB21
            | (Hy, Nu) // LB25
            | (Al | Nu, Al | Nu | Op) // LB28, LB23, LB30
            | (Cp | Is, Al | Nu) // LB30, LB29, LB25
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn ascii_fast_path_matches_unicode_linebreak(s in "[a-c0-2 .,;:!?'\"()-]{0,24}") {
            let mut fast = Vec::new();
            ascii_breaks(s.as_bytes(), &mut fast);
            let slow: Vec<_> = linebreaks(&s).collect();
            prop_assert_eq!(fast, slow, "{:?}", s);
        }

        #[test]
        fn mixed_text_breaks_match_unicode_linebreak(
            s in "([a-c0-2 .,;:!?'\"()-]{0,6}[ é日—*/\u{200d}🚀\n\\[\\]\u{a0}]?){0,8}"
        ) {
            let fast = break_opportunities(&s);
            let slow: Vec<_> = linebreaks(&s).collect();
            prop_assert_eq!(fast, slow, "{:?}", s);
        }
    }
}
