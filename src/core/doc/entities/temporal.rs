//! Grammars for DATE, MONEY and PERCENT expressions over tokens.
//!
//! Each matcher is a small hand-written recogniser of one construction of English news prose
//! (`Sept. 25, 2018`, `the past few days`, `four years ago`, `$4.8 billion`, `15 percent`),
//! returning the token range it covers. Span rules follow the annotation guidelines:
//! approximators (`about`, `more than`, `between … and …`) and time-belonging modifiers
//! (`the`, `late`, `earlier`) are included, prepositions are not; ages, times of day,
//! frequencies and bare unit plurals are rejected.
//!
//! Word lists (numbers, units, months…) are not scanned per token: every word token's list
//! memberships are looked up once, in a table keyed by its lowercased bytes packed into two
//! integers ([`token_flags`]), and the grammars test bits.

use super::tokens::{Class, Tok, load8};
use crate::core::doc::text::words::{MONTHS, WEEKDAYS as DAYS};

/// Token flag: a DATE/MONEY/PERCENT expression may start here.
pub const TRIGGER: u32 = 1;
/// Token flag: a word every such expression contains (a number, month, unit, currency…).
pub const CORE: u32 = 2;
// Word-list flags (any case): the grammars test these per token instead of scanning lists.
const NUMBER: u32 = 1 << 2;
const UNIT: u32 = 1 << 3;
const ORDINAL: u32 = 1 << 4;
const SEASON: u32 = 1 << 5;
const SCALE: u32 = 1 << 6;
const CURRENCY: u32 = 1 << 7;
const MONTH: u32 = 1 << 8;
const DAY: u32 = 1 << 9;

/// Flags of one token: [`TRIGGER`], [`CORE`] and which word lists it is in. Computed once per
/// token, so the grammars ask a bit instead of comparing the token with each list entry.
#[inline]
pub fn token_flags(src: &str, t: &Tok) -> u32 {
    match t.class {
        Class::Num => TRIGGER | CORE,
        Class::Punct => match t.text(src) {
            "$" | "€" | "£" | "¥" | "₹" | "₽" => TRIGGER | CORE,
            "%" => CORE,
            _ => 0,
        },
        Class::Upper | Class::Lower => {
            let len = t.end.saturating_sub(t.start);
            let table = words();
            // most words are in no list: the first letter and the length say so cheaply
            let first = src
                .as_bytes()
                .get(t.start)
                .map_or(0, u8::to_ascii_lowercase);
            let maybe = first.is_ascii_lowercase()
                && len < 32
                && table.first_lens[usize::from(first - b'a')] & (1 << len) != 0;
            let mut f = if maybe {
                pack_in(src.as_bytes(), t.start, len).map_or(0, |k| table.get(k))
            } else {
                0
            };
            if t.class == Class::Upper && len <= 2 {
                f |= TRIGGER; // US$, C$
            }
            f
        }
    }
}

/// The low `n` bytes of `x` (all of them for `n >= 8`).
#[inline]
fn low_bytes(x: u64, n: usize) -> u64 {
    if n >= 8 { x } else { x & ((1 << (8 * n)) - 1) }
}

/// Lowercase-packs an ASCII word of 1..=16 bytes into two `u64`s (zero-padded). Whole
/// words are loaded from the slice's memory where it allows (a byte copy into a stack
/// buffer followed by a wide load stalled on store forwarding).
#[inline]
fn pack(w: &[u8]) -> Option<(u64, u64)> {
    pack_in(w, 0, w.len())
}

/// `pack` of `b[start..start + len]`, loading from `b` (which may extend past the word).
#[inline]
pub fn pack_in(b: &[u8], start: usize, len: usize) -> Option<(u64, u64)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if len == 0 || len > 16 || start.checked_add(len)? > b.len() {
        return None;
    }
    let lo = low_bytes(load8(b, start), len);
    let hi = if len > 8 {
        low_bytes(load8(b, start + 8), len - 8)
    } else {
        0
    };
    if (lo | hi) & HIGH != 0 {
        return None;
    }
    // SWAR lowercase: the high bit marks bytes in A..=Z; 0x80 >> 2 is the case bit 0x20
    let lower = |x: u64| {
        let ge_a = x + (0x80 - u64::from(b'A')) * ONES;
        let gt_z = x + (0x80 - u64::from(b'Z') - 1) * ONES;
        x | ((ge_a & !gt_z & HIGH) >> 2)
    };
    Some((lower(lo), lower(hi)))
}

/// An open-addressing table from packed words to flags (a packed word is never all zero,
/// which marks empty slots): one multiply and usually one probe per token, where a
/// lowercased copy and a string hash map cost an allocation per long word.
struct Words {
    keys: Vec<(u64, u64)>,
    vals: Vec<u32>,
    shift: u32,
    /// Per first letter (`a`..=`z`), the byte lengths of the words starting with it (bit
    /// `len`): a pre-check that rejects most tokens before packing.
    first_lens: [u32; 26],
}

impl Words {
    #[inline]
    fn slot(&self, (lo, hi): (u64, u64)) -> usize {
        let h = (lo ^ hi.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        usize::try_from(h >> self.shift).unwrap_or(0)
    }

    #[inline]
    fn get(&self, k: (u64, u64)) -> u32 {
        let mask = self.keys.len() - 1;
        let mut at = self.slot(k);
        loop {
            let Some(&s) = self.keys.get(at) else {
                return 0;
            };
            if s == k {
                return self.vals.get(at).copied().unwrap_or(0);
            }
            if s == (0, 0) {
                return 0;
            }
            at = (at + 1) & mask;
        }
    }
}

impl Words {
    /// An open-addressing table of `entries` (packed word, flags) at most a quarter full.
    fn build(entries: Vec<((u64, u64), u32)>) -> Self {
        let bits = (entries.len() * 4)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let size = 1usize << bits;
        let mut t = Words {
            keys: vec![(0, 0); size],
            vals: vec![0; size],
            shift: 64 - bits,
            first_lens: [0; 26],
        };
        for (k, f) in entries {
            // the first byte of a packed word is its first letter, lowercased
            let first = k.0.to_le_bytes()[0];
            // packed bytes are non-zero up to the word's length
            let len = if k.1 == 0 {
                (71 - k.0.leading_zeros()) / 8
            } else {
                8 + (71 - k.1.leading_zeros()) / 8
            };
            if first.is_ascii_lowercase()
                && let Some(m) = t.first_lens.get_mut(usize::from(first - b'a'))
            {
                *m |= 1 << len;
            }
            let mut at = t.slot(k);
            while t.keys[at] != (0, 0) {
                at = (at + 1) & (size - 1);
            }
            t.keys[at] = k;
            t.vals[at] = f;
        }
        t
    }
}

fn words() -> &'static Words {
    static W: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    W.get_or_init(|| {
        let mut entries: Vec<((u64, u64), u32)> = Vec::new();
        let mut set = |words: &[&str], f: u32| {
            for w in words {
                if let Some(k) = pack(w.as_bytes()) {
                    match entries.iter_mut().find(|(e, _)| *e == k) {
                        Some((_, v)) => *v |= f,
                        None => entries.push((k, f)),
                    }
                }
            }
        };
        set(APPROXIMATORS, TRIGGER);
        set(
            &[
                "more", "less", "fewer", "at", "up", "between", "the", "earlier", "later", "early",
                "late", "mid", "last", "this", "next", "past", "coming", "a", "an", "few", "half",
            ],
            TRIGGER,
        );
        set(&["today", "yesterday", "tomorrow"], TRIGGER | CORE);
        set(SCALE_PLURALS, TRIGGER | CORE);
        set(SCALE_WORDS, TRIGGER | CORE);
        set(MONTHS, TRIGGER | CORE | MONTH);
        set(DAYS, TRIGGER | CORE | DAY);
        set(NUMBER_WORDS, TRIGGER | CORE | NUMBER);
        set(UNITS, CORE | UNIT);
        set(SEASONS, CORE | SEASON);
        set(CURRENCY_WORDS, CORE | CURRENCY);
        set(SCALES, CORE | SCALE);
        set(ORDINALS, ORDINAL);
        set(
            &["percent", "pct", "cent", "percentage", "century", "dollar"],
            CORE,
        );
        Words::build(entries)
    })
}

/// One-word approximators (`about 20`, `nearly a year`).
const APPROXIMATORS: &[&str] = &[
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "some",
];

/// Large round numbers as words (`2 million`, `a multibillion`).
const SCALE_WORDS: &[&str] = &[
    "million",
    "billion",
    "trillion",
    "multibillion",
    "multimillion",
];
/// Plural scales that make a vague quantity (`hundreds of`, `tens of millions`).
const SCALE_PLURALS: &[&str] = &[
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "trillions",
    "tens",
];

pub struct Cx<'a> {
    pub src: &'a str,
    pub toks: &'a [Tok],
    /// [`token_flags`] of each token.
    pub flags: &'a [u32],
}

const SEASONS: &[&str] = &["spring", "summer", "fall", "autumn", "winter"];
const UNITS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "weekend",
    "weekends",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "fortnight",
    "quarter",
    "quarters",
    "quarter-century",
    "half-century",
    "millennium",
    "millennia",
];
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "several",
    "many",
    "dozen",
    "couple",
];
const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "last",
    "final",
];
const SCALES: &[&str] = &[
    "thousand", "million", "billion", "trillion", "m", "bn", "mn", "k",
];
const CURRENCY_WORDS: &[&str] = &[
    "dollars", "dollar", "euros", "euro", "pounds", "sterling", "yen", "yuan", "renminbi",
    "rubles", "roubles", "rupees", "pesos", "francs", "won", "cents", "lira", "rand", "shekels",
    "dinars", "riyals", "dirhams",
];
const CURRENCY_SIGNS: &[&str] = &["$", "€", "£", "¥", "₹", "₽"];

fn is_in(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

impl Cx<'_> {
    fn t(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }
    fn is(&self, i: usize, w: &str) -> bool {
        self.t(i).eq_ignore_ascii_case(w)
    }
    fn any(&self, i: usize, list: &[&str]) -> bool {
        i < self.toks.len() && is_in(list, self.t(i))
    }
    /// Is token `i` in the word list of flag `f` (any case)?
    #[inline]
    fn has(&self, i: usize, f: u32) -> bool {
        self.flags.get(i).is_some_and(|x| x & f != 0)
    }
    fn class(&self, i: usize) -> Option<Class> {
        self.toks.get(i).map(|t| t.class)
    }
    /// Token `i` exists, is on the same line and glued to the previous token.
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space)
    }
    fn same_line(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.brk)
    }
    fn num(&self, i: usize) -> bool {
        self.class(i) == Some(Class::Num)
    }
    fn plain_num(&self, i: usize) -> bool {
        self.num(i)
            && self
                .t(i)
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    }
    fn year(&self, i: usize) -> bool {
        let s = self.t(i);
        self.num(i)
            && s.len() == 4
            && s.bytes().all(|b| b.is_ascii_digit())
            && ("1000".."2100").contains(&s)
    }
    fn day_num(&self, i: usize) -> bool {
        let s = self.t(i);
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        let suffix = s.get(digits.len()..).unwrap_or("");
        self.num(i)
            && !digits.is_empty()
            && digits.len() <= 2
            && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
            && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
    }
    fn month(&self, i: usize) -> bool {
        self.has(i, MONTH) && MONTHS.contains(&self.t(i))
    }
    fn weekday(&self, i: usize) -> bool {
        self.has(i, DAY) && DAYS.contains(&self.t(i))
    }

    /// Approximator length at `i` (`about`, `more than`, `at least`…).
    pub fn approx(&self, i: usize) -> usize {
        if self.any(i, APPROXIMATORS) {
            return 1;
        }
        if (self.any(i, &["more", "less", "fewer"]) && self.is(i + 1, "than"))
            || (self.is(i, "at") && self.any(i + 1, &["least", "most"]))
            || (self.is(i, "up") && self.is(i + 1, "to"))
        {
            return 2;
        }
        0
    }

    /// A quantity (`18`, `five`, `twenty-five`, `a few`, `several`, `half a`), returning its end.
    fn quantity(&self, i: usize) -> Option<usize> {
        if self.plain_num(i) {
            return Some(i + 1);
        }
        if self.has(i, NUMBER) {
            let mut j = i + 1;
            if self.is(j, "-") && self.glued(j) && self.has(j + 1, NUMBER) {
                j += 2;
            }
            if self.is(j, "of") && self.is(i, "couple") {
                j += 1;
            }
            return Some(j);
        }
        if self.any(i, &["a", "an"]) {
            if self.any(i + 1, &["few", "couple"]) {
                return Some(if self.is(i + 2, "of") { i + 3 } else { i + 2 });
            }
            return Some(i + 1);
        }
        if self.is(i, "few") {
            return Some(i + 1);
        }
        if self.is(i, "half") && self.any(i + 1, &["a", "an"]) {
            return Some(i + 2);
        }
        None
    }

    /// Whole DATE at `i` (after any approximator), returning its end.
    pub fn date(&self, i: usize) -> Option<usize> {
        let end = self.date_core(i)?;
        // ranges: 2011 to 2013, 2008-9, May to June ("between … and …" is the caller's)
        if self.any(end, &["to", "through", "-", "–"]) && self.same_line(end + 1) {
            if let Some(e2) = self.date_core(end + 1) {
                return Some(e2);
            }
            if self.t(end) == "-"
                && self.glued(end + 1)
                && self.num(end + 1)
                && self.t(end + 1).len() <= 2
            {
                return Some(end + 2);
            }
        }
        Some(end)
    }

    #[allow(clippy::too_many_lines, clippy::many_single_char_names)] // one grammar, read top-down
    fn date_core(&self, i: usize) -> Option<usize> {
        let t = self.t(i);
        if i >= self.toks.len() {
            return None;
        }
        // deictic single words
        if self.any(i, &["today", "yesterday", "tomorrow"]) {
            let after_name = i > 0
                && self.class(i - 1) == Some(Class::Upper)
                && !self.glued(i)
                && self.same_line(i)
                && t.starts_with(|c: char| c.is_uppercase());
            return (!after_name).then_some(i + 1);
        }
        // the 1990s, the mid-1990s, the late 1800s, the 20th century, the 21st, the past few days
        if self.is(i, "the") {
            let mut j = i + 1;
            if self.any(j, &["early", "late", "mid"]) {
                j += 1;
                if self.is(j, "-") {
                    j += 1;
                }
            }
            if self.decade(j) {
                return Some(j + 1);
            }
            if let Some(e) = self.century(j) {
                return Some(e);
            }
            if self.any(
                i + 1,
                &[
                    "past",
                    "last",
                    "next",
                    "coming",
                    "previous",
                    "following",
                    "first",
                ],
            ) {
                let k = i + 2;
                let q = self.quantity(k).unwrap_or(k);
                let q = if self.any(q, &["few", "more"]) {
                    q + 1
                } else {
                    q
                };
                if self.has(q, UNIT) && (q > k || !self.t(q).ends_with('s')) {
                    return Some(q + 1);
                }
            }
            if let Some(q) = self
                .quantity(i + 1)
                .filter(|_| !self.any(i + 1, &["a", "an", "few", "many"]))
                && self.has(q, UNIT)
                && !self.is(q + 1, "old")
            {
                return Some(q + 1);
            }
            if self.has(i + 1, SEASON) && self.is(i + 2, "of") && self.year(i + 3) {
                return Some(i + 4);
            }
            if self.has(i + 1, ORDINAL) && self.any(i + 2, &["quarter", "half"]) {
                let e = i + 3;
                if self.is(e, "of") && self.year(e + 1) {
                    return Some(e + 2);
                }
                if self.any(i + 2, &["quarter"]) {
                    return Some(e);
                }
            }
            return None;
        }
        // relative: last year, this month, next week, earlier this year, late last year
        let mut j = i;
        if self.any(j, &["earlier", "later", "early", "late"])
            && self.any(j + 1, &["this", "last", "next"])
        {
            j += 1;
        }
        if self.any(j, &["last", "this", "next", "past", "coming"]) {
            let mut k = j + 1;
            if self.is(j, "this") && self.is(k, "past") {
                k += 1;
            }
            if self.any(
                k,
                &[
                    "year", "month", "week", "weekend", "decade", "century", "quarter", "season",
                ],
            ) || self.has(k, SEASON)
                || self.weekday(k)
                || self.month(k)
            {
                return Some(k + 1);
            }
        }
        // modifiers before a weekday / month / year
        let mut j = i;
        if self.any(j, &["early", "late", "earlier", "later", "mid"]) {
            j += 1;
            if self.is(j, "-") && self.glued(j) {
                j += 1;
            }
        }
        if self.weekday(j) {
            let mut e = j + 1;
            if self.is(e, ",")
                && self.month(e + 1)
                && let Some(e2) = self.month_date(e + 1)
            {
                e = e2;
            }
            return Some(e);
        }
        if self.month(j) {
            let e = self.month_date(j)?;
            return Some(e);
        }
        if self.year(j) {
            if self.is(j + 1, "-") && self.glued(j + 1) && self.is(j + 2, "old") {
                return None;
            }
            return Some(j + 1);
        }
        if self.decade(j) {
            return Some(j + 1);
        }
        if j == i
            && let Some(e) = self.century(i)
        {
            return Some(e);
        }
        // 22 Dec, 2016
        if self.day_num(i) && self.month(i + 1) {
            let mut e = i + 2;
            if self.is(e, ",") && self.year(e + 1) {
                e += 2;
            } else if self.year(e) {
                e += 1;
            }
            return Some(e);
        }
        // 9/11, 10/4/2019
        if self.num(i) && t.contains('/') && !t.contains('.') {
            let parts: Vec<&str> = t.split('/').collect();
            let first = parts
                .first()
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0);
            let second = parts
                .get(1)
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0);
            if parts.len() >= 2 && (1..=12).contains(&first) && (1..=31).contains(&second) {
                return Some(i + 1);
            }
        }
        // durations: five years, 18 months, two more years, a decade, four years ago
        if let Some(q) = self.quantity(i) {
            let mut u = q;
            if self.any(
                u,
                &["more", "additional", "full", "straight", "consecutive"],
            ) {
                u += 1;
            }
            if self.has(u, UNIT) {
                let after = u + 1;
                // ages and frequencies
                if self.is(after, "old") || (self.is(after, "-") && self.is(after + 1, "old")) {
                    return None;
                }
                if self.any(after, &["ago", "earlier", "later", "before", "after", "on"])
                    && self.any(after, &["ago", "earlier", "later"])
                {
                    return Some(after + 1);
                }
                let article = self.any(i, &["a", "an"]);
                if article
                    && !self.any(
                        u,
                        &[
                            "decade",
                            "century",
                            "fortnight",
                            "quarter-century",
                            "half-century",
                            "millennium",
                        ],
                    )
                {
                    return None;
                }
                if self.is(i, "many") {
                    return None;
                }
                return Some(after);
            }
            // attributive: 10-year, six-month, three-day
            if u == q
                && self.is(q, "-")
                && self.glued(q)
                && self.glued(q + 1)
                && self.has(q + 1, UNIT)
            {
                if self.is(q + 2, "-") && (self.is(q + 3, "old") || self.is(q + 3, "a")) {
                    return None;
                }
                return Some(q + 2);
            }
        }
        // 20th-century
        None
    }

    fn decade(&self, i: usize) -> bool {
        let s = self.t(i);
        self.num(i)
            && s.len() == 5
            && s.ends_with('s')
            && s.bytes().take(4).all(|b| b.is_ascii_digit())
            && s.as_bytes().get(3) == Some(&b'0')
    }

    fn century(&self, i: usize) -> Option<usize> {
        let s = self.t(i);
        let ordinal = (self.num(i)
            && (s.ends_with("th") || s.ends_with("st") || s.ends_with("nd") || s.ends_with("rd")))
            || self.has(i, ORDINAL);
        if !ordinal {
            return None;
        }
        if self.is(i + 1, "century") || self.is(i + 1, "centuries") {
            return Some(i + 2);
        }
        if self.is(i + 1, "-") && self.glued(i + 1) && self.is(i + 2, "century") {
            return Some(i + 3);
        }
        // elliptical "the 21st"
        if self.num(i)
            && (s.starts_with("20") || s.starts_with("19") || s.starts_with("21"))
            && s.len() == 4
        {
            let next = self.t(i + 1);
            if !next.chars().next().is_some_and(char::is_alphanumeric) {
                return Some(i + 1);
            }
        }
        None
    }

    /// Month [day] [, year] | Month year.
    fn month_date(&self, i: usize) -> Option<usize> {
        let mut e = i + 1;
        if self.day_num(e) {
            e += 1;
            if self.is(e, ",") && self.year(e + 1) {
                e += 2;
            } else if self.year(e) {
                e += 1;
            }
            return Some(e);
        }
        if self.is(e, ",") && self.year(e + 1) {
            return Some(e + 2);
        }
        if self.year(e) {
            return Some(e + 1);
        }
        if self.is(e, "of") && self.year(e + 1) {
            return Some(e + 2);
        }
        // bare month: "May" and "March" need a cue before them
        let m = self.t(i);
        if matches!(m, "May" | "March") {
            let prev = i.checked_sub(1).map_or("", |p| self.t(p));
            if !is_in(
                &[
                    "in", "since", "until", "by", "last", "next", "this", "early", "late", "mid",
                    "-", "through", "from", "of", "and", "to",
                ],
                prev,
            ) {
                return None;
            }
        }
        Some(e)
    }

    /// Could a MONEY or PERCENT amount start at `i`? (a cheap gate before the grammars)
    pub fn amount_start(&self, i: usize) -> bool {
        match self.class(i) {
            Some(Class::Num) => true,
            Some(Class::Punct) => self.any(i, CURRENCY_SIGNS),
            Some(Class::Upper) if self.t(i).len() <= 2 => true,
            Some(_) => {
                self.has(i, NUMBER)
                    || self.any(i, SCALE_PLURALS)
                    || self.is(i, "half")
                    || self.any(i, SCALE_WORDS)
            }
            None => false,
        }
    }

    /// MONEY at `i` (after any approximator).
    pub fn money(&self, i: usize) -> Option<usize> {
        let e = self.money_core(i)?;
        if self.any(e, &["to", "-", "–"])
            && let Some(e2) = self.money_core(e + 1)
        {
            return Some(e2);
        }
        // per-unit prices stay out: $16.99 a pound, $119-a-year
        if (self.any(e, &["a", "per"])
            && self.class(e + 1) == Some(Class::Lower)
            && !self.any(e + 1, &["share"]))
            || (self.is(e, "-") && self.is(e + 1, "a"))
        {
            return None;
        }
        Some(e)
    }

    fn money_core(&self, i: usize) -> Option<usize> {
        let mut j = i;
        // US$, C$, A$
        if self.class(j) == Some(Class::Upper)
            && self.t(j).len() <= 2
            && self.any(j + 1, CURRENCY_SIGNS)
            && self.glued(j + 1)
        {
            j += 1;
        }
        if self.any(j, CURRENCY_SIGNS) && self.num(j + 1) && self.glued(j + 1) {
            let mut e = j + 2;
            if self.has(e, SCALE) {
                e += 1;
            }
            if self.is(e, "-") && self.is(e + 1, "something") {
                e += 2;
            }
            return Some(e);
        }
        if let Some(q) = self
            .quantity(i)
            .filter(|_| !self.any(i, &["a", "an", "few", "many"]))
        {
            let mut e = q;
            while self.has(e, SCALE) {
                e += 1;
            }
            if self.is(e, "US") || self.is(e, "U.S.") {
                e += 1;
            }
            if self.has(e, CURRENCY) {
                return Some(e + 1);
            }
        }
        // hundreds of millions of dollars, billions of dollars
        if self.any(i, SCALE_PLURALS) {
            let mut e = i + 1;
            while self.is(e, "of")
                && self.any(e + 1, &["thousands", "millions", "billions", "trillions"])
            {
                e += 2;
            }
            if self.is(e, "of") && self.has(e + 1, CURRENCY) {
                return Some(e + 2);
            }
        }
        // billion-dollar
        if self.any(i, SCALE_WORDS) && self.is(i + 1, "-") && self.is(i + 2, "dollar") {
            return Some(i + 3);
        }
        None
    }

    /// PERCENT at `i` (after any approximator).
    pub fn percent(&self, i: usize) -> Option<usize> {
        let e = self.percent_core(i)?;
        if self.any(e, &["to", "-", "–"])
            && let Some(e2) = self.percent_core(e + 1)
        {
            return Some(e2);
        }
        Some(e)
    }

    fn percent_core(&self, i: usize) -> Option<usize> {
        let q = self
            .quantity(i)
            .filter(|_| !self.any(i, &["a", "an", "many"]))?;
        if self.t(q) == "%" {
            return Some(q + 1);
        }
        if self.any(q, &["percent", "pct"]) {
            return Some(q + 1);
        }
        if self.is(q, "per") && self.is(q + 1, "cent") {
            return Some(q + 2);
        }
        if self.is(q, "percentage") && self.any(q + 1, &["point", "points"]) {
            return Some(q + 2);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_list_flags_agree_with_the_lists_in_any_case() {
        let lists: [(&[&str], u32); 8] = [
            (NUMBER_WORDS, NUMBER),
            (UNITS, UNIT),
            (ORDINALS, ORDINAL),
            (SEASONS, SEASON),
            (SCALES, SCALE),
            (CURRENCY_WORDS, CURRENCY),
            (MONTHS, MONTH),
            (DAYS, DAY),
        ];
        let mut probes: Vec<String> = ["the", "percent", "Mayor", "quarters", "x", "décade"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        for (list, _) in lists {
            for w in list {
                probes.extend([w.to_string(), w.to_uppercase(), w.to_lowercase()]);
                probes.push(format!("{w}s"));
            }
        }
        for p in &probes {
            let f = pack(p.as_bytes()).map_or(0, |k| words().get(k));
            for (list, bit) in lists {
                assert_eq!(f & bit != 0, is_in(list, p), "{p}");
            }
        }
        // the per-token path (first-letter pre-check included) agrees with the table
        for p in &probes {
            let mut toks = Vec::new();
            super::super::tokens::tokenize(p, 0, &mut toks);
            if let [t] = toks[..]
                && t.is_word()
            {
                let direct = pack(p.as_bytes()).map_or(0, |k| words().get(k));
                let short_upper = t.class == Class::Upper && p.len() <= 2;
                assert_eq!(token_flags(p, &t) & !TRIGGER, direct & !TRIGGER, "{p}");
                assert_eq!(
                    token_flags(p, &t) & TRIGGER != 0,
                    direct & TRIGGER != 0 || short_upper
                );
            }
        }
        // a word read in place from a longer text
        let text = "xx thousands of";
        assert_eq!(pack_in(text.as_bytes(), 3, 9), pack(b"THOUSANDS"));
    }
}
