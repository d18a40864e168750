//! A small, allocation-free tokenizer shaped for name recognition.
//!
//! Words keep internal apostrophes (`O'Brien`) but split off possessive `'s`/`’s`; letters
//! followed by periods form abbreviations (`U.S.`, `D.C.`, `W.`) and a few known abbreviations
//! keep their period (`Mr.`, `Sept.`, `Inc.`); numbers keep internal `.,:/` and a letter suffix
//! (`4.8`, `1,000`, `10:30`, `9/11`, `1990s`, `20th`). Everything else is a one-character
//! punctuation token. Each token remembers whether whitespace (and a line break) precedes it,
//! which is what phrase keys and chunk boundaries need.

/// Word shape of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Starts with an uppercase letter.
    Upper,
    /// Starts with a lowercase (or caseless) letter.
    Lower,
    /// Starts with a digit.
    Num,
    /// A single punctuation or symbol character.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub class: Class,
    /// Whitespace precedes the token.
    pub space: bool,
    /// A line break precedes the token (or it is the first token).
    pub brk: bool,
}

impl Tok {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
    pub fn is_word(&self) -> bool {
        matches!(self.class, Class::Upper | Class::Lower)
    }
}

/// Abbreviations that keep their trailing period.
const ABBREV: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Rev", "Fr", "St", "Jr", "Sr", "Inc", "Corp", "Co",
    "Ltd", "Gov", "Sen", "Sens", "Rep", "Reps", "Gen", "Lt", "Col", "Capt", "Sgt", "Cmdr", "Maj",
    "Adm", "Brig", "Cpl", "Pvt", "Mt", "Ave", "Blvd", "Rd", "Bros", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu",
    "Thurs", "Fri", "Sat", "Sun", "vs", "No", "Nos", "Dept", "Univ", "Assn", "Ft", "Ph",
];

/// Longest entry of [`ABBREV`] in bytes (a cheap pre-check).
const ABBREV_MAX: usize = 5;

fn is_apos(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenizes `text`; offsets are byte offsets into `text` plus `base`.
pub fn tokenize(text: &str, base: usize, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space = true;
    let mut brk = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\t' || b == b'\r' {
            space = true;
            i += 1;
            continue;
        }
        if b == b'\n' {
            space = true;
            brk = true;
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            char::from(b)
        } else {
            char_at(text, i)
        };
        let start = i;
        let class;
        // General Punctuation (dashes, curly quotes, ellipsis) holds no letters: skip the
        // Unicode letter table for the most common non-ASCII characters in prose
        if ('\u{2000}'..='\u{206F}').contains(&c) {
            class = Class::Punct;
            i += c.len_utf8();
        } else if c.is_alphabetic() {
            class = if c.is_uppercase() {
                Class::Upper
            } else {
                Class::Lower
            };
            i = scan_word(text, i);
            // Abbreviations: single letters followed by '.', chained (U.S.A.), or known ones.
            // domain names: Snopes.com, SmartAsset.com
            if bytes.get(i) == Some(&b'.')
                && matches!(
                    bytes.get(i + 1),
                    Some(b'c' | b'o' | b'n' | b'g' | b'e' | b'i')
                )
            {
                for tld in [".com", ".org", ".net", ".gov", ".edu", ".io", ".co.uk"] {
                    if text.get(i..i + tld.len()) == Some(tld)
                        && !text
                            .get(i + tld.len()..)
                            .and_then(|r| r.chars().next())
                            .is_some_and(char::is_alphanumeric)
                    {
                        i += tld.len();
                        break;
                    }
                }
            }
            let word = text.get(start..i).unwrap_or("");
            if i < bytes.len() && bytes[i] == b'.' {
                let single = word.chars().count() == 1;
                if single {
                    i += 1;
                    // chain: letter '.' letter '.'
                    loop {
                        if i + 1 < bytes.len() {
                            let c2 = char_at(text, i);
                            let l2 = c2.len_utf8();
                            if c2.is_alphabetic()
                                && bytes.get(i + l2) == Some(&b'.')
                                && !bytes.get(i + l2 + 1).is_some_and(|n| {
                                    n.is_ascii_alphabetic() && n.is_ascii_lowercase()
                                })
                            {
                                i += l2 + 1;
                                continue;
                            }
                        }
                        break;
                    }
                } else if word.len() <= ABBREV_MAX && ABBREV.contains(&word) {
                    i += 1;
                }
            }
        } else if c.is_ascii_digit() {
            class = Class::Num;
            i = scan_num(bytes, i);
        } else {
            class = Class::Punct;
            i += c.len_utf8();
        }
        out.push(Tok {
            start: base + start,
            end: base + i,
            class,
            space,
            brk,
        });
        space = false;
        brk = false;
    }
}

fn char_at(text: &str, i: usize) -> char {
    text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ')
}

/// Eight bytes of `b` from `at` as a little-endian `u64`, zero past the end.
#[inline]
pub fn load8(b: &[u8], at: usize) -> u64 {
    if let Some(chunk) = b
        .get(at..at.saturating_add(8))
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
    {
        return u64::from_le_bytes(chunk);
    }
    let mut x = 0;
    for (k, &byte) in b.iter().skip(at).take(8).enumerate() {
        x |= u64::from(byte) << (8 * k);
    }
    x
}

/// The end of the run of ASCII letters and digits starting at `i`, eight bytes at a time
/// (SWAR): a byte-at-a-time loop mispredicted its exit once per word and was the hottest
/// loop of recognition.
#[inline]
fn alnum_run(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // per byte of `x` (high bits clear): high bit set iff the byte is in lo..=hi
    let in_range = |x: u64, lo: u8, hi: u8| {
        let ge = x + u64::from(0x80 - lo) * ONES;
        let gt = x + u64::from(0x7f - hi) * ONES;
        ge & !gt & HIGH
    };
    while i < bytes.len() {
        let x = load8(bytes, i);
        let x7 = x & !HIGH;
        let alnum = (in_range(x7 | (0x20 * ONES), b'a', b'z') | in_range(x7, b'0', b'9')) & !x;
        let stop = !alnum & HIGH;
        if stop != 0 {
            return (i + (stop.trailing_zeros() / 8) as usize).min(bytes.len());
        }
        i += 8;
    }
    bytes.len()
}

fn scan_word(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        // ASCII fast path
        i = alnum_run(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b < 0x80 && b != b'\'' {
            break;
        }
        let c = char_at(text, i);
        if c.is_alphanumeric() || is_mark(c) {
            i += c.len_utf8();
        } else if is_apos(c) {
            // keep O'Brien, don't; split possessive 's and trailing apostrophes
            let after = i + c.len_utf8();
            let n = char_at(text, after);
            if !n.is_alphabetic() {
                break;
            }
            let n2 = char_at(text, after + n.len_utf8());
            if (n == 's' || n == 'S') && !n2.is_alphanumeric() {
                break;
            }
            i = after;
        } else {
            break;
        }
    }
    i
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn scan_num(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit()
            || (matches!(b, b'.' | b',' | b':' | b'/')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
        } else if b.is_ascii_alphabetic() {
            // suffixes: 1990s, 20th, 3rd, 5m, 10bn
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            break;
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alnum_runs_match_a_byte_loop() {
        let text = "abcdefghijKLMNOPQRSTuv0123456789 x_y-z[a]`b{c}@d/e:f é\u{7f}Zz09";
        let b = text.as_bytes();
        for i in 0..=b.len() {
            let slow = i + b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            assert_eq!(alnum_run(b, i), slow, "at {i}");
            // a shorter slice stops at its end
            assert_eq!(alnum_run(&b[..i], i.saturating_sub(3).min(i)), {
                let s = i.saturating_sub(3);
                s + b[s..i]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count()
            });
        }
    }

    fn toks(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize(s, 0, &mut v);
        v.iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn abbreviations_possessives_and_numbers() {
        assert_eq!(
            toks("the U.S. and Mr. O'Brien’s"),
            ["the", "U.S.", "and", "Mr.", "O'Brien", "’", "s"]
        );
        assert_eq!(
            toks("$4.8 billion in 1990s, 9/11"),
            ["$", "4.8", "billion", "in", "1990s", ",", "9/11"]
        );
        assert!(ABBREV.iter().all(|a| a.len() <= ABBREV_MAX));
        assert_eq!(
            toks("Wednesday’s 2Xy9 ab'cd naïve Zürich!"),
            [
                "Wednesday",
                "’",
                "s",
                "2Xy",
                "9",
                "ab'cd",
                "naïve",
                "Zürich",
                "!"
            ]
        );
        assert_eq!(
            toks("U.S.-led Chang W. Lee."),
            ["U.S.", "-", "led", "Chang", "W.", "Lee", "."]
        );
    }
}
