//! Grammars for DATE, MONEY and PERCENT expressions over tokens.
//!
//! Each matcher is a small hand-written recogniser of one construction of English news prose
//! (`Sept. 25, 2018`, `the past few days`, `four years ago`, `$4.8 billion`, `15 percent`),
//! returning the token range it covers. Span rules follow the annotation guidelines:
//! approximators (`about`, `more than`, `between … and …`) and time-belonging modifiers
//! (`the`, `late`, `earlier`) are included, prepositions are not; ages, times of day,
//! frequencies and bare unit plurals are rejected.

use super::tokens::{Class, Tok};

/// Token flag: a DATE/MONEY/PERCENT expression may start here.
pub const TRIGGER: u8 = 1;
/// Token flag: a word every such expression contains (a number, month, unit, currency…).
pub const CORE: u8 = 2;

/// Cheap pre-check on any-case `w`: could it have flags at all (first letter and length)?
#[inline]
pub fn maybe_flagged(w: &str) -> bool {
    let Some(&b) = w.as_bytes().first() else {
        return false;
    };
    let b = b.to_ascii_lowercase();
    b.is_ascii_lowercase() && w.len() < 32 && mask()[usize::from(b - b'a')] & (1 << w.len()) != 0
}

fn mask() -> &'static [u32; 26] {
    static M: std::sync::OnceLock<[u32; 26]> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let mut m = [0u32; 26];
        for k in table().keys() {
            if let Some(&b) = k.as_bytes().first()
                && b.is_ascii_lowercase()
                && k.len() < 32
            {
                m[usize::from(b - b'a')] |= 1 << k.len();
            }
        }
        m
    })
}

/// Flags of a lowercase ASCII word (`TRIGGER`, `CORE`).
pub fn word_flags(w: &str) -> u8 {
    if let Some(k) = pack(w) {
        return packed().get(k).unwrap_or(0);
    }
    table().get(w).copied().unwrap_or(0)
}

/// Flags of an ASCII word of any case, for words of at most eight bytes packed in a `u64`
/// (no lowercasing copy, no string compare); longer words go through [`word_flags`].
#[inline]
pub fn word_flags_any_case(w: &str) -> u8 {
    match pack(w) {
        Some(k) => packed().get(k).unwrap_or(0),
        None => word_flags(&w.to_ascii_lowercase()),
    }
}

/// Flags of an ASCII word of 1..=8 bytes, any case; `None` if it is not ASCII.
#[inline]
pub fn word_flags_packed(w: &str) -> Option<u8> {
    pack(w).map(|k| packed().get(k).unwrap_or(0))
}

/// Lowercase-packs an ASCII word of 1..=8 bytes (letters, digits, `.`, `-`, `'`).
#[inline]
fn pack(w: &str) -> Option<u64> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    let mut a = [0u8; 8];
    a.get_mut(..b.len())?.copy_from_slice(b);
    let x = u64::from_le_bytes(a);
    if x & HIGH != 0 {
        return None;
    }
    // SWAR lowercase: the high bit marks bytes in A..=Z; 0x80 >> 2 is the case bit 0x20
    let ge_a = x + (0x80 - u64::from(b'A')) * ONES;
    let gt_z = x + (0x80 - u64::from(b'Z') - 1) * ONES;
    Some(x | ((ge_a & !gt_z & HIGH) >> 2))
}

/// An open-addressing table from packed words to flags (the per-token lookup; a packed word
/// is never 0, which marks empty slots).
struct Packed {
    keys: Vec<u64>,
    vals: Vec<u8>,
    shift: u32,
}

impl Packed {
    fn get(&self, k: u64) -> Option<u8> {
        let mask = self.keys.len() - 1;
        let mut at = usize::try_from(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift).ok()?;
        loop {
            let s = *self.keys.get(at)?;
            if s == k {
                return self.vals.get(at).copied();
            }
            if s == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }
}

fn packed() -> &'static Packed {
    static P: std::sync::OnceLock<Packed> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let entries: Vec<(u64, u8)> = table()
            .iter()
            .filter_map(|(k, &f)| pack(k).map(|p| (p, f)))
            .collect();
        let bits = (entries.len() * 4)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let size = 1usize << bits;
        let mut t = Packed {
            keys: vec![0; size],
            vals: vec![0; size],
            shift: 64 - bits,
        };
        for (k, f) in entries {
            let mut at =
                usize::try_from(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> t.shift).unwrap_or(0);
            while t.keys[at] != 0 && t.keys[at] != k {
                at = (at + 1) & (size - 1);
            }
            t.keys[at] = k;
            t.vals[at] = f;
        }
        t
    })
}

fn table() -> &'static super::lexicon::FxMap<String, u8> {
    {
        static T: std::sync::OnceLock<super::lexicon::FxMap<String, u8>> =
            std::sync::OnceLock::new();
        T.get_or_init(|| {
            let mut t = super::lexicon::FxMap::default();
            let mut set = |words: &[&str], f: u8| {
                for w in words {
                    *t.entry(w.to_ascii_lowercase()).or_insert(0) |= f;
                }
            };
            set(
                &[
                    "about",
                    "around",
                    "approximately",
                    "roughly",
                    "nearly",
                    "almost",
                    "some",
                    "more",
                    "less",
                    "fewer",
                    "at",
                    "up",
                    "between",
                    "the",
                    "earlier",
                    "later",
                    "early",
                    "late",
                    "mid",
                    "last",
                    "this",
                    "next",
                    "past",
                    "coming",
                    "a",
                    "an",
                    "few",
                    "half",
                ],
                TRIGGER,
            );
            set(&["today", "yesterday", "tomorrow"], TRIGGER | CORE);
            set(
                &[
                    "hundreds",
                    "thousands",
                    "millions",
                    "billions",
                    "trillions",
                    "tens",
                ],
                TRIGGER | CORE,
            );
            set(
                &[
                    "million",
                    "billion",
                    "trillion",
                    "multibillion",
                    "multimillion",
                ],
                TRIGGER | CORE,
            );
            set(MONTHS, TRIGGER | CORE);
            set(DAYS, TRIGGER | CORE);
            set(NUMBER_WORDS, TRIGGER | CORE);
            set(UNITS, CORE);
            set(SEASONS, CORE);
            set(CURRENCY_WORDS, CORE);
            set(SCALES, CORE);
            set(
                &["percent", "pct", "cent", "percentage", "century", "dollar"],
                CORE,
            );
            t
        })
    }
}

pub struct Cx<'a> {
    pub src: &'a str,
    pub toks: &'a [Tok],
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
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
        i < self.toks.len() && MONTHS.contains(&self.t(i))
    }
    fn weekday(&self, i: usize) -> bool {
        i < self.toks.len() && DAYS.contains(&self.t(i))
    }

    /// Approximator length at `i` (`about`, `more than`, `at least`…).
    pub fn approx(&self, i: usize) -> usize {
        if self.any(
            i,
            &[
                "about",
                "around",
                "approximately",
                "roughly",
                "nearly",
                "almost",
                "some",
            ],
        ) {
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
        if self.any(i, NUMBER_WORDS) {
            let mut j = i + 1;
            if self.is(j, "-") && self.glued(j) && self.any(j + 1, NUMBER_WORDS) {
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
                if self.any(q, UNITS) && (q > k || !self.t(q).ends_with('s')) {
                    return Some(q + 1);
                }
            }
            if let Some(q) = self
                .quantity(i + 1)
                .filter(|_| !self.any(i + 1, &["a", "an", "few", "many"]))
                && self.any(q, UNITS)
                && !self.is(q + 1, "old")
            {
                return Some(q + 1);
            }
            if self.any(i + 1, SEASONS) && self.is(i + 2, "of") && self.year(i + 3) {
                return Some(i + 4);
            }
            if self.any(i + 1, ORDINALS) && self.any(i + 2, &["quarter", "half"]) {
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
            ) || self.any(k, SEASONS)
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
            if self.any(u, UNITS) {
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
                && self.any(q + 1, UNITS)
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
            || self.any(i, ORDINALS);
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
                self.any(i, NUMBER_WORDS)
                    || self.any(
                        i,
                        &[
                            "hundreds",
                            "thousands",
                            "millions",
                            "billions",
                            "trillions",
                            "tens",
                            "half",
                        ],
                    )
                    || self.any(
                        i,
                        &[
                            "million",
                            "billion",
                            "trillion",
                            "multibillion",
                            "multimillion",
                        ],
                    )
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
            if self.any(e, SCALES) {
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
            while self.any(e, SCALES) {
                e += 1;
            }
            if self.is(e, "US") || self.is(e, "U.S.") {
                e += 1;
            }
            if self.any(e, CURRENCY_WORDS) {
                return Some(e + 1);
            }
        }
        // hundreds of millions of dollars, billions of dollars
        if self.any(
            i,
            &[
                "hundreds",
                "thousands",
                "millions",
                "billions",
                "trillions",
                "tens",
            ],
        ) {
            let mut e = i + 1;
            while self.is(e, "of")
                && self.any(e + 1, &["thousands", "millions", "billions", "trillions"])
            {
                e += 2;
            }
            if self.is(e, "of") && self.any(e + 1, CURRENCY_WORDS) {
                return Some(e + 2);
            }
        }
        // billion-dollar
        if self.any(
            i,
            &[
                "million",
                "billion",
                "trillion",
                "multibillion",
                "multimillion",
            ],
        ) && self.is(i + 1, "-")
            && self.is(i + 2, "dollar")
        {
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
