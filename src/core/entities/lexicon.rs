//! The embedded gazetteers and word lists, loaded once into hash sets keyed by phrase keys.
//!
//! A *phrase key* is the token texts joined with one space where the source had whitespace and
//! nothing where it had none, with typographic apostrophes folded to `'`. Keys are computed with
//! the same tokenizer used on documents, so `U.S.`, `al-Qaeda` and `People’s Republic of China`
//! match however they are spaced or quoted. All data is `include_str!`ed from `assets/` so the
//! core stays free of file access.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::EntityKind;
use super::tokens::{Class, Tok, tokenize};

const NAMES: &str = include_str!("../../../assets/gazetteers/names.tsv");
const FIRST: &str = include_str!("../../../assets/gazetteers/first_names.txt");
const LAST: &str = include_str!("../../../assets/gazetteers/last_names.txt");
const WORDS: &str = include_str!("../../../assets/gazetteers/words.txt");
const TITLES: &str = include_str!("../../../assets/gazetteers/titles.txt");
const ORG_HEADS: &str = include_str!("../../../assets/gazetteers/org_heads.txt");
const LOC_HEADS: &str = include_str!("../../../assets/gazetteers/loc_heads.txt");

/// `FxHash`: a fast non-cryptographic hasher; keys are our own data, not attacker-chosen tables.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, x: u64) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(K);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // 8-, 4-, 2- and 1-byte reads, as rustc's FxHasher: at most four steps after the
        // 8-byte chunks (words are short; a byte-at-a-time tail dominated lookups)
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self.add(u64::from_le_bytes(a));
        }
        let mut r = chunks.remainder();
        if let Some((c, rest)) = r.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*c)));
            r = rest;
        }
        if let Some((c, rest)) = r.split_first_chunk::<2>() {
            self.add(u64::from(u16::from_le_bytes(*c)));
            r = rest;
        }
        if let Some(&b) = r.first() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

pub type FxBuild = BuildHasherDefault<Fx>;
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;
pub type FxSet<K> = HashSet<K, FxBuild>;

/// Appends the key of `toks` (all from `src`) to `out`.
pub fn push_key(src: &str, toks: &[Tok], out: &mut String) {
    for (n, t) in toks.iter().enumerate() {
        if n > 0 && t.space {
            out.push(' ');
        }
        push_norm(t.text(src), out);
    }
}

pub fn push_norm(s: &str, out: &mut String) {
    // ’ is E2 80 99: a byte test first keeps the common ASCII case fast
    if s.as_bytes().contains(&0xE2) && s.contains('’') {
        for c in s.chars() {
            out.push(if c == '’' { '\'' } else { c });
        }
    } else {
        out.push_str(s);
    }
}

/// The key of an arbitrary phrase and its token count.
pub fn key_of(phrase: &str) -> (String, usize) {
    let mut toks = Vec::new();
    tokenize(phrase, 0, &mut toks);
    let mut k = String::with_capacity(phrase.len());
    push_key(phrase, &toks, &mut k);
    (k, toks.len())
}

/// Multi-token phrase set with a per-set maximum length.
#[derive(Debug, Clone)]
pub struct Phrases<V> {
    pub map: FxMap<String, V>,
    /// Every proper token-prefix key of every phrase, so matching stops as soon as the text
    /// can no longer lead to a phrase (one or two lookups per position instead of `max_len`).
    pub prefixes: FxSet<String>,
    pub max_len: usize,
    /// A Bloom filter (two bits per key) of every key and proper prefix key: most
    /// capitalised words start no phrase and most phrase prefixes extend to no longer one,
    /// and this rejects them without probing the two maps.
    bloom: Vec<u64>,
}

/// Bits in [`Phrases::bloom`] (a power of two; 128 KiB).
const BLOOM_BITS: u32 = 20;

fn bloom_bits(key: &[u8]) -> [usize; 2] {
    let mut h = Fx::default();
    h.write(key);
    let h = h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mask = (1u64 << BLOOM_BITS) - 1;
    [
        usize::try_from(h >> (64 - BLOOM_BITS)).unwrap_or(0),
        usize::try_from((h >> 8) & mask).unwrap_or(0),
    ]
}

impl<V> Default for Phrases<V> {
    fn default() -> Self {
        Self {
            map: FxMap::default(),
            prefixes: FxSet::default(),
            max_len: 0,
            bloom: vec![0; 1 << (BLOOM_BITS - 6)],
        }
    }
}

impl<V> Phrases<V> {
    /// Inserts `phrase`, returning its key.
    pub fn insert(&mut self, phrase: &str, v: V) -> Option<String> {
        let mut toks = Vec::new();
        tokenize(phrase, 0, &mut toks);
        let n = toks.len();
        if n == 0 {
            return None;
        }
        let mut k = String::with_capacity(phrase.len());
        for (idx, t) in toks.iter().enumerate() {
            if idx > 0 {
                self.mark(&k);
                self.prefixes.insert(k.clone());
                if t.space {
                    k.push(' ');
                }
            }
            push_norm(t.text(phrase), &mut k);
        }
        self.mark(&k);
        self.max_len = self.max_len.max(n);
        self.map.insert(k.clone(), v);
        Some(k)
    }

    fn mark(&mut self, key: &str) {
        for bit in bloom_bits(key.as_bytes()) {
            if let Some(word) = self.bloom.get_mut(bit >> 6) {
                *word |= 1 << (bit & 63);
            }
        }
    }

    /// Could `key` be a phrase key or a prefix of one? False only when certainly not.
    #[inline]
    fn may_be(&self, key: &[u8]) -> bool {
        bloom_bits(key).iter().all(|&bit| {
            self.bloom
                .get(bit >> 6)
                .is_none_or(|word| word & (1 << (bit & 63)) != 0)
        })
    }

    /// Could a phrase start with token `t`? False only when certainly not.
    #[inline]
    fn may_start(&self, src: &str, t: &Tok) -> bool {
        let raw = src.as_bytes().get(t.start..t.end).unwrap_or_default();
        // keys fold ’ (E2 80 99) to '; such tokens skip the filter
        raw.contains(&0xE2) || self.may_be(raw)
    }

    /// The token lengths of all phrases starting at `toks[i]` (not crossing line breaks), as a
    /// bit set (bit `l` = a phrase of `l` tokens), or `None` if phrases may be longer than 63
    /// tokens. [`Phrases::longest_at`] with any `limit` is the highest bit `<= limit - i`, so
    /// callers asking about the same token repeatedly compute this once.
    pub fn match_lens(&self, src: &str, toks: &[Tok], i: usize, buf: &mut String) -> Option<u64> {
        if self.max_len > 63 {
            return None;
        }
        buf.clear();
        if toks.get(i).is_none_or(|t| !self.may_start(src, t)) {
            return Some(0);
        }
        let mut lens = 0u64;
        let end = toks.len().min(i + self.max_len);
        for (j, &t) in toks.iter().enumerate().take(end).skip(i) {
            if j > i {
                if t.brk {
                    break;
                }
                if t.space {
                    buf.push(' ');
                }
            }
            push_norm(t.text(src), buf);
            if j > i && !self.may_be(buf.as_bytes()) {
                break;
            }
            if self.map.contains_key(buf.as_str()) {
                lens |= 1 << (j + 1 - i);
            }
            if !self.prefixes.contains(buf.as_str()) {
                break;
            }
        }
        Some(lens)
    }

    /// The value of the phrase made of exactly `toks[i..i + len]` (one key, one lookup).
    pub fn get_span(
        &self,
        src: &str,
        toks: &[Tok],
        i: usize,
        len: usize,
        buf: &mut String,
    ) -> Option<&V> {
        buf.clear();
        push_key(src, toks.get(i..i + len)?, buf);
        self.map.get(buf.as_str())
    }

    /// The longest phrase starting at `toks[i]` (not crossing line breaks), as (len, value).
    pub fn longest_at(
        &self,
        src: &str,
        toks: &[Tok],
        i: usize,
        limit: usize,
        buf: &mut String,
    ) -> Option<(usize, &V)> {
        buf.clear();
        if toks.get(i).is_none_or(|t| !self.may_start(src, t)) {
            return None;
        }
        let mut best = None;
        let end = toks.len().min(i + self.max_len).min(limit);
        for (j, &t) in toks.iter().enumerate().take(end).skip(i) {
            if j > i {
                if t.brk {
                    break;
                }
                if t.space {
                    buf.push(' ');
                }
            }
            push_norm(t.text(src), buf);
            if j > i && !self.may_be(buf.as_bytes()) {
                break;
            }
            if let Some(v) = self.map.get(buf.as_str()) {
                best = Some((j + 1 - i, v));
            }
            if !self.prefixes.contains(buf.as_str()) {
                break;
            }
        }
        best
    }
}

pub struct Lexicon {
    pub names: Phrases<EntityKind>,
    /// Lowercase first tokens of names (`al-Qaeda`, `eBay`) so matching may start there.
    pub lower_starts: FxSet<String>,
    /// Longest entry of `lower_starts` in bytes (a cheap pre-check).
    pub lower_max: usize,
    /// First bytes of `lower_starts` entries.
    pub lower_first: Vec<u8>,
    /// Per first byte of a `lower_starts` entry, the set of its byte lengths (bit `len`,
    /// lengths of 64 or more in bit 63), for the per-token check.
    lower_first_lens: Box<[u64; 256]>,
    /// Keys of minor places (small cities, counties, subdivisions): a minor place does not
    /// split a capitalised phrase (`Milton Velez`, `Con Edison`), a major one does.
    pub minor: FxSet<String>,
    pub titles: Phrases<()>,
    pub first: FxSet<&'static str>,
    pub last: FxSet<&'static str>,
    pub words: FxSet<&'static str>,
    pub org_heads: FxSet<&'static str>,
    pub loc_heads: FxSet<&'static str>,
}

fn len_bit(len: usize) -> u64 {
    1 << len.min(63)
}

fn mark_len(lens: &mut [u64; 256], w: &str) {
    if let Some(&b) = w.as_bytes().first() {
        lens[usize::from(b)] |= len_bit(w.len());
    }
}

fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    pub fn load() -> Self {
        let mut names = Phrases::default();
        let mut lower_starts = FxSet::default();
        let mut minor = FxSet::default();
        for line in lines(NAMES) {
            let Some((kind, name)) = line.split_once('\t') else {
                continue;
            };
            let (kind, is_minor) = match kind.strip_suffix('-') {
                Some(k) => (k, true),
                None => (kind, false),
            };
            let Some(kind) = EntityKind::from_label(kind) else {
                continue;
            };
            if name.starts_with(|c: char| c.is_lowercase())
                && let Some(w) = name.split(|c: char| !c.is_alphanumeric()).next()
            {
                lower_starts.insert(w.to_owned());
            }
            let key = names.insert(name, kind);
            if is_minor {
                minor.extend(key);
            }
        }
        let mut titles = Phrases::default();
        for t in lines(TITLES) {
            titles.insert(t, ());
        }
        let mut lens = Box::new([0u64; 256]);
        for w in &lower_starts {
            mark_len(&mut lens, w);
        }
        Self {
            names,
            lower_first_lens: lens,
            lower_max: lower_starts.iter().map(String::len).max().unwrap_or(0),
            lower_first: lower_starts
                .iter()
                .filter_map(|s| s.as_bytes().first().copied())
                .collect(),
            lower_starts,
            minor,
            titles,
            first: lines(FIRST).collect(),
            last: lines(LAST).collect(),
            words: lines(WORDS).collect(),
            org_heads: lines(ORG_HEADS).collect(),
            loc_heads: lines(LOC_HEADS).collect(),
        }
    }

    /// Lets names starting with the lowercase word `w` (`al-Qaeda`, `k8s`) be matched.
    pub fn add_lower_start(&mut self, w: &str) {
        self.lower_max = self.lower_max.max(w.len());
        if let Some(&b) = w.as_bytes().first() {
            self.lower_first.push(b);
            mark_len(&mut self.lower_first_lens, w);
        }
        self.lower_starts.insert(w.to_owned());
    }

    /// Is `w` (any case) an ordinary lowercase English word?
    pub fn is_word(&self, w: &str) -> bool {
        if w.contains(['\'', '’']) {
            for suffix in [
                "'m", "’m", "'t", "’t", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d",
            ] {
                if let Some(stem) = w.strip_suffix(suffix) {
                    return !stem.is_empty();
                }
            }
        }
        if w.is_ascii() && w.len() <= 32 {
            let mut buf = [0u8; 32];
            for (d, b) in buf.iter_mut().zip(w.bytes()) {
                *d = b.to_ascii_lowercase();
            }
            let lower = std::str::from_utf8(buf.get(..w.len()).unwrap_or_default()).unwrap_or("");
            return self.words.contains(lower);
        }
        if w.chars().all(|c| !c.is_uppercase()) {
            return self.words.contains(w);
        }
        let lower = w.to_lowercase();
        self.words.contains(lower.as_str())
    }

    /// Key of the longest name at `i` (within `limit`) if it is a minor place.
    pub fn is_minor_at(&self, src: &str, toks: &[Tok], i: usize, len: usize) -> bool {
        let (Some(first), Some(last)) = (toks.get(i), toks.get(i + len - 1)) else {
            return false;
        };
        // a name's key is its source slice unless it holds line breaks or curly apostrophes
        let raw = src.get(first.start..last.end).unwrap_or("");
        if !raw.contains(['’', '\n', '\t', '\r']) && !raw.contains("  ") {
            return self.minor.contains(raw);
        }
        let mut k = String::new();
        push_key(src, toks.get(i..i + len).unwrap_or_default(), &mut k);
        self.minor.contains(&k)
    }

    pub fn is_lower_start(&self, src: &str, t: &Tok) -> bool {
        t.class == Class::Lower
            && t.end - t.start <= self.lower_max
            && src.as_bytes().get(t.start).is_some_and(|&b| {
                self.lower_first_lens[usize::from(b)] & len_bit(t.end - t.start) != 0
            })
            && self.lower_starts.contains(t.text(src))
    }
}
