//! The embedded gazetteers and word lists, loaded once.
//!
//! Names and person titles live in one token trie ([`PhraseTrie`]): a phrase is matched token
//! by token with the same tokenizer used on documents, so `U.S.`, `al-Qaeda` and
//! `People’s Republic of China` match however they are spaced or quoted (typographic
//! apostrophes fold to `'`). A *phrase key* (the token texts joined with one space where the
//! source had whitespace) still names entities for grouping and user entries. Word lists are
//! sorted slices of borrowed `&'static str` (or of packed short words) searched in place. All data is `include_str!`ed from `assets/` so the
//! core stays free of file access.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::EntityKind;
use super::tokens::{Class, Tok, load8, tokenize};

const NAMES: &str = include_str!("../../../../assets/gazetteers/names.tsv");
const FIRST: &str = include_str!("../../../../assets/gazetteers/first_names.txt");
const LAST: &str = include_str!("../../../../assets/gazetteers/last_names.txt");
const WORDS: &str = include_str!("../../../../assets/gazetteers/words.txt");
const TITLES: &str = include_str!("../../../../assets/gazetteers/titles.txt");
const ORG_HEADS: &str = include_str!("../../../../assets/gazetteers/org_heads.txt");
const LOC_HEADS: &str = include_str!("../../../../assets/gazetteers/loc_heads.txt");

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

/// Marks of a trie node: what the token sequence leading to it is.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// A gazetteer name of this type.
    pub name: Option<EntityKind>,
    /// A person title (`President`, `Foreign Minister`).
    pub title: bool,
    /// A minor place (small city, county, subdivision): it does not split a capitalised
    /// phrase (`Milton Velez`, `Con Edison`), a major one does.
    pub minor: bool,
}

/// Token id of a token that is in no phrase.
const NO_ID: u32 = u32::MAX;

/// Every gazetteer name and title as one trie over tokens.
///
/// A phrase is the sequence of its tokens' normalised texts (see [`push_norm`]) and, for
/// every token after the first, whether whitespace precedes it; phrases never cross line
/// breaks. Each distinct token text gets an id from `vocab`, and an edge is one integer key
/// (parent node, whitespace before, token id). Matching at a token therefore costs one string
/// lookup per token (memoised by the caller) and one integer lookup per step, and a single
/// walk finds names, titles and minor places together. This replaced hash sets of whole
/// phrase keys and of all their prefixes, which rebuilt and rehashed a growing key string
/// per token and per set and were the largest cost of recognition.
#[derive(Debug, Clone)]
pub struct PhraseTrie {
    /// Token texts of at most 16 bytes (nearly all), packed into two integers: hashing and
    /// comparing them costs a few instructions, where string keys cost a byte-wise hash and a
    /// `memcmp` call per lookup.
    vocab: FxMap<(u64, u64), u32>,
    /// Longer token texts.
    vocab_long: FxMap<Cow<'static, str>, u32>,
    edges: FxMap<u64, u32>,
    /// Per token id, the node of the phrase made of that one token ([`NO_NODE`] if the token
    /// starts no phrase).
    first: Vec<u32>,
    nodes: Vec<Node>,
    /// Longest phrase in tokens.
    pub max_len: usize,
}

impl Default for PhraseTrie {
    fn default() -> Self {
        Self {
            vocab: FxMap::default(),
            vocab_long: FxMap::default(),
            edges: FxMap::default(),
            first: Vec::new(),
            nodes: vec![Node::default()],
            max_len: 0,
        }
    }
}

/// The root node (the empty phrase).
pub const ROOT: u32 = 0;

/// No node.
const NO_NODE: u32 = u32::MAX;

#[inline]
fn edge_key(node: u32, space: bool, id: u32) -> u64 {
    (u64::from(node) << 33) | (u64::from(space) << 32) | u64::from(id)
}

/// Lengths (bit `l` = a phrase of `l` tokens) of the phrases starting at one token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lens {
    pub names: u64,
    pub titles: u64,
    pub minor: u64,
    /// The node of the longest name (the highest bit of `names`), if any.
    pub longest: u32,
}

impl PhraseTrie {
    /// Inserts `phrase` (static text: its tokens are borrowed, not copied) and marks its node.
    pub fn insert_static(&mut self, phrase: &'static str, mark: impl FnOnce(&mut Node)) {
        let mut toks = Vec::new();
        tokenize(phrase, 0, &mut toks);
        let items = toks.iter().map(|t| (t.space, norm_cow(t.text(phrase))));
        self.insert_items(items, mark);
    }

    /// Inserts `phrase` (any text, such as a user entity) and marks its node.
    pub fn insert(&mut self, phrase: &str, mark: impl FnOnce(&mut Node)) {
        let mut toks = Vec::new();
        tokenize(phrase, 0, &mut toks);
        let items = toks.iter().map(|t| {
            let mut k = String::new();
            push_norm(t.text(phrase), &mut k);
            (t.space, Cow::Owned(k))
        });
        self.insert_items(items, mark);
    }

    fn insert_items(
        &mut self,
        items: impl Iterator<Item = (bool, Cow<'static, str>)>,
        mark: impl FnOnce(&mut Node),
    ) {
        let mut node = ROOT;
        let mut n = 0;
        for (space, text) in items {
            let next_id =
                u32::try_from(self.vocab.len() + self.vocab_long.len()).unwrap_or(UNSEEN_ID - 1);
            let id = match pack16(text.as_bytes(), 0, text.len()) {
                Some(k) => *self.vocab.entry(k).or_insert(next_id),
                None => *self.vocab_long.entry(text).or_insert(next_id),
            };
            let next_node = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
            let key = edge_key(node, n > 0 && space, id);
            let parent = node;
            node = *self.edges.entry(key).or_insert_with(|| next_node);
            if node == next_node {
                self.nodes.push(Node::default());
            }
            if parent == ROOT
                && let Ok(at) = usize::try_from(id)
            {
                if self.first.len() <= at {
                    self.first.resize(at + 1, NO_NODE);
                }
                self.first[at] = node;
            }
            n += 1;
        }
        if n == 0 {
            return;
        }
        self.max_len = self.max_len.max(n);
        if let Some(nd) = self.nodes.get_mut(node as usize) {
            mark(nd);
        }
    }

    /// The id of the text `src[start..end]` (a token), if some phrase holds it. Texts with a
    /// typographic apostrophe are normalised into `buf` first.
    #[inline]
    pub fn id_at(&self, src: &str, start: usize, end: usize, buf: &mut String) -> Option<u32> {
        let bytes = src.as_bytes();
        let len = end.checked_sub(start)?;
        if let Some(k) = pack16(bytes, start, len)
            && (k.0 | k.1) & 0x8080_8080_8080_8080 == 0
        {
            // ASCII: nothing to normalise
            return self.vocab.get(&k).copied();
        }
        let raw = bytes.get(start..end)?;
        if raw.contains(&0xE2) {
            let text = src.get(start..end)?;
            if text.contains('’') {
                buf.clear();
                push_norm(text, buf);
                return self.id_of_exact(buf);
            }
        }
        match pack16(bytes, start, len) {
            Some(k) => self.vocab.get(&k).copied(),
            None => self.vocab_long.get(src.get(start..end)?).copied(),
        }
    }

    /// The id of a token's (raw) text, if some phrase holds it (normalised as [`Self::id_at`]).
    pub fn id_of(&self, text: &str, buf: &mut String) -> Option<u32> {
        self.id_at(text, 0, text.len(), buf)
    }

    /// The id of exactly `text` (no normalisation).
    fn id_of_exact(&self, text: &str) -> Option<u32> {
        match pack16(text.as_bytes(), 0, text.len()) {
            Some(k) => self.vocab.get(&k).copied(),
            None => self.vocab_long.get(text).copied(),
        }
    }

    /// The node after `node` by a token of id `id` (`space`: whitespace precedes it).
    #[inline]
    pub fn step(&self, node: u32, space: bool, id: u32) -> Option<u32> {
        if node == ROOT {
            // the first token of a phrase: an array, not a hash lookup (first tokens have no
            // whitespace flag)
            return self
                .first
                .get(usize::try_from(id).ok()?)
                .copied()
                .filter(|&n| n != NO_NODE && !space);
        }
        self.edges.get(&edge_key(node, space, id)).copied()
    }

    pub fn node(&self, node: u32) -> Option<&Node> {
        self.nodes.get(node as usize)
    }

    /// The node of the one-token phrase `text` (exact text, not normalised).
    pub fn single(&self, text: &str) -> Option<&Node> {
        let id = self.id_of_exact(text)?;
        self.node(self.step(ROOT, false, id)?)
    }

    /// Walks the phrases starting at `toks[i]` (not crossing line breaks, at most `limit`
    /// tokens), calling `visit(len, node)` for every phrase node reached; `id` gives token
    /// ids (so callers can memoise them).
    #[inline]
    pub fn walk(
        &self,
        toks: &[Tok],
        i: usize,
        limit: usize,
        mut id: impl FnMut(usize) -> Option<u32>,
        mut visit: impl FnMut(usize, u32, &Node),
    ) {
        let mut node = ROOT;
        let end = toks.len().min(i.saturating_add(self.max_len)).min(limit);
        for (j, t) in toks.iter().enumerate().take(end).skip(i) {
            if j > i && t.brk {
                break;
            }
            let Some(tid) = id(j) else {
                break;
            };
            let Some(next) = self.step(node, j > i && t.space, tid) else {
                break;
            };
            node = next;
            if let Some(nd) = self.node(node) {
                visit(j + 1 - i, node, nd);
            }
        }
    }
}

/// `b[start..start + len]` packed into two integers (zero-padded), if 1..=16 bytes long.
/// Tokens never contain NUL bytes, so the packing is one-to-one on them.
#[inline]
fn pack16(b: &[u8], start: usize, len: usize) -> Option<(u64, u64)> {
    if len == 0 || len > 16 || start.checked_add(len)? > b.len() {
        return None;
    }
    let low = |x: u64, n: usize| if n >= 8 { x } else { x & ((1 << (8 * n)) - 1) };
    let lo = low(load8(b, start), len);
    let hi = if len > 8 {
        low(load8(b, start + 8), len - 8)
    } else {
        0
    };
    Some((lo, hi))
}

/// A token text as a vocabulary key: borrowed unless it holds a typographic apostrophe.
fn norm_cow(s: &'static str) -> Cow<'static, str> {
    if s.contains('’') {
        let mut k = String::with_capacity(s.len());
        push_norm(s, &mut k);
        Cow::Owned(k)
    } else {
        Cow::Borrowed(s)
    }
}

/// Memo slot of a token whose id was not looked up yet (see [`id_slot`], [`slot_of`]).
pub const UNSEEN_ID: u32 = NO_ID - 1;

/// Converts a memoised id slot to an id.
#[inline]
pub fn id_slot(slot: u32) -> Option<u32> {
    (slot < UNSEEN_ID).then_some(slot)
}

/// The memo value for a looked-up id.
#[inline]
pub fn slot_of(id: Option<u32>) -> u32 {
    id.filter(|&i| i < UNSEEN_ID).unwrap_or(NO_ID)
}

pub struct Lexicon {
    /// Gazetteer names, person titles and minor places.
    pub phrases: PhraseTrie,
    /// Lowercase first tokens of names (`al-Qaeda`, `eBay`) so matching may start there.
    pub lower_starts: FxSet<String>,
    /// Longest entry of `lower_starts` in bytes (a cheap pre-check).
    pub lower_max: usize,
    /// First bytes of `lower_starts` entries.
    pub lower_first: Vec<u8>,
    /// Per first byte of a `lower_starts` entry, the set of its byte lengths (bit `len`,
    /// lengths of 64 or more in bit 63), for the per-token check.
    lower_first_lens: Box<[u64; 256]>,

    pub first: SortedLines,
    pub last: SortedLines,
    /// Ordinary lowercase words.
    words: SortedLines,
    pub org_heads: StrSet,
    pub loc_heads: StrSet,
}

/// An asset whose lines are sorted (bytewise), unique and trimmed, searched in place: a
/// small table gives the byte range of the lines that start with each pair of first bytes
/// (about a hundred lines of the word list), which is then bisected. Its largest lists
/// (words, first and last names) used to be hash sets of borrowed lines, then packed sorted
/// slices; both cost far more than the text they indexed, and bisecting the whole asset was
/// too slow for recognition. The `assets_are_sorted` test guards the order.
#[derive(Debug, Clone)]
pub struct SortedLines {
    text: &'static str,
    /// Per first byte, its row of `ranges` (`u16::MAX`: no line starts with it).
    row_of: [u16; 256],
    /// Per row, [`PAIR_SLOTS`] line starts: the lines whose second byte is `b` (slot `b + 1`;
    /// slot 0: one-byte lines) are `row[slot]..row[slot + 1]`.
    ranges: Box<[u32]>,
}

/// Slots of a row of [`SortedLines::ranges`]: no second byte, 256 second bytes, the end.
const PAIR_SLOTS: usize = 258;

/// The slot of a line's (or key's) second byte in its row.
fn pair_slot(line: &[u8]) -> usize {
    line.get(1).map_or(0, |&b| usize::from(b) + 1)
}

impl SortedLines {
    /// Two passes over the asset (rows, then line starts) rather than a list of every line:
    /// that list, briefly, cost more than the table.
    fn new(text: &'static str) -> Self {
        let bytes = text.as_bytes();
        let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        let each_line = |f: &mut dyn FnMut(&[u8], u32, u32)| {
            let mut at = 0usize;
            while at < bytes.len() {
                let end = memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default())
                    .map_or(bytes.len(), |p| at + p);
                let next = u32::try_from(end + 1).unwrap_or(u32::MAX).min(len);
                f(
                    bytes.get(at..end).unwrap_or_default(),
                    u32::try_from(at).unwrap_or(u32::MAX),
                    next,
                );
                at = end + 1;
            }
        };
        let mut row_of = [u16::MAX; 256];
        let mut rows = 0usize;
        each_line(&mut |line, _, _| {
            if let Some(&b0) = line.first() {
                let r = &mut row_of[usize::from(b0)];
                if *r == u16::MAX {
                    *r = u16::try_from(rows).unwrap_or(u16::MAX - 1);
                    rows += 1;
                }
            }
        });
        let mut ranges = vec![u32::MAX; rows * PAIR_SLOTS];
        let mut row_end = vec![0u32; rows];
        each_line(&mut |line, start, next| {
            if let Some(&b0) = line.first() {
                let r = usize::from(row_of[usize::from(b0)]);
                if let Some(x) = ranges.get_mut(r * PAIR_SLOTS + pair_slot(line))
                    && *x == u32::MAX
                {
                    *x = start;
                }
                if let Some(e) = row_end.get_mut(r) {
                    *e = next;
                }
            }
        });
        for (r, row) in ranges.chunks_mut(PAIR_SLOTS).enumerate() {
            let mut next = row_end.get(r).copied().unwrap_or(0);
            for x in row.iter_mut().rev() {
                if *x == u32::MAX {
                    *x = next;
                } else {
                    next = *x;
                }
            }
        }
        Self {
            text,
            row_of,
            ranges: ranges.into_boxed_slice(),
        }
    }

    pub fn contains(&self, w: &str) -> bool {
        let text = self.text.as_bytes();
        let key = w.as_bytes();
        let Some(&b0) = key.first() else {
            return false;
        };
        let row = usize::from(self.row_of[usize::from(b0)]);
        let at = row * PAIR_SLOTS + pair_slot(key);
        let (Some(&lo), Some(&hi)) = (self.ranges.get(at), self.ranges.get(at + 1)) else {
            return false;
        };
        // `lo` and `hi` are line starts (or the end); the line holding `mid` is compared
        let (mut lo, mut hi) = (lo as usize, hi as usize);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let start = text
                .get(lo..mid)
                .and_then(|b| memchr::memrchr(b'\n', b))
                .map_or(lo, |p| lo + p + 1);
            let end = text
                .get(start..)
                .and_then(|b| memchr::memchr(b'\n', b))
                .map_or(text.len(), |p| start + p);
            match text.get(start..end).unwrap_or_default().cmp(key) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = end + 1,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        false
    }
}

/// A set of borrowed asset lines as a sorted slice searched in place: 16 bytes a line and no
/// empty buckets, where a hash set sized for its asset took about twice that (the lexicon's
/// word lists are most of gloss's fixed memory; a lookup is a handful of comparisons).
#[derive(Debug, Clone, Default)]
pub struct StrSet(Box<[&'static str]>);

impl StrSet {
    fn new(mut v: Vec<&'static str>) -> Self {
        v.sort_unstable();
        v.dedup();
        Self(v.into_boxed_slice())
    }

    pub fn contains(&self, w: &str) -> bool {
        self.0.binary_search(&w).is_ok()
    }
}

fn len_bit(len: usize) -> u64 {
    1 << len.min(63)
}

fn mark_len(lens: &mut [u64; 256], w: &str) {
    if let Some(&b) = w.as_bytes().first() {
        lens[usize::from(b)] |= len_bit(w.len());
    }
}

/// The trimmed, non-empty, non-comment lines of an asset. Lines are cut with one `memchr`
/// pass over the whole asset (`str::lines` searched again from every line start, which was
/// a fifth of building the lexicon).
fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', s.as_bytes())
        .chain(std::iter::once(s.len()))
        .map(move |end| {
            let line = s.get(start..end).unwrap_or("");
            start = end + 1;
            line
        })
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A set of the lines of an asset that `keep` accepts.
fn line_set(s: &'static str, keep: impl Fn(&str) -> bool) -> StrSet {
    StrSet::new(lines(s).filter(|l| keep(l)).collect())
}

impl Lexicon {
    pub fn load() -> Self {
        let mut phrases = PhraseTrie::default();
        // about one vocabulary entry and 1.3 edges per line: reserve once instead of rehashing
        // (and no more: a table reserved for twice the edges was 1 MB of empty buckets)
        let n = memchr::memchr_iter(b'\n', NAMES.as_bytes()).count();
        phrases.vocab.reserve(n);
        phrases.edges.reserve(n + n / 3);
        phrases.nodes.reserve(n + n / 3);
        let mut lower_starts = FxSet::default();
        for line in lines(NAMES) {
            let Some((kind, name)) = line.split_once('\t') else {
                continue;
            };
            let (kind, is_minor) = match kind.strip_suffix('-') {
                Some(k) => (k, true),
                None => (kind, false),
            };
            // the asset's labels are upper-case: match them without an upper-cased copy
            let kind = match kind {
                "PERSON" => Some(EntityKind::Person),
                "ORG" => Some(EntityKind::Org),
                "GPE" => Some(EntityKind::Gpe),
                "LOC" => Some(EntityKind::Loc),
                "NORP" => Some(EntityKind::Norp),
                "DATE" => Some(EntityKind::Date),
                other => EntityKind::from_label(other),
            };
            let Some(kind) = kind else {
                continue;
            };
            if name.starts_with(|c: char| c.is_lowercase())
                && let Some(w) = name.split(|c: char| !c.is_alphanumeric()).next()
            {
                lower_starts.insert(w.to_owned());
            }
            phrases.insert_static(name, |n| {
                n.name = Some(kind);
                n.minor |= is_minor;
            });
        }
        for t in lines(TITLES) {
            phrases.insert_static(t, |n| n.title = true);
        }
        phrases.nodes.shrink_to_fit();
        phrases.first.shrink_to_fit();
        let mut lens = Box::new([0u64; 256]);
        for w in &lower_starts {
            mark_len(&mut lens, w);
        }
        Self {
            phrases,
            lower_first_lens: lens,
            lower_max: lower_starts.iter().map(String::len).max().unwrap_or(0),
            lower_first: lower_starts
                .iter()
                .filter_map(|s| s.as_bytes().first().copied())
                .collect(),
            lower_starts,
            first: SortedLines::new(FIRST),
            last: SortedLines::new(LAST),
            words: SortedLines::new(WORDS),
            org_heads: line_set(ORG_HEADS, |_| true),
            loc_heads: line_set(LOC_HEADS, |_| true),
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
        // (a non-ASCII word may lowercase to an ASCII one: the Kelvin sign is a K)
        self.words.contains(&w.to_lowercase())
    }

    #[inline]
    pub fn is_lower_start(&self, src: &str, t: &Tok) -> bool {
        t.class == Class::Lower
            && t.end - t.start <= self.lower_max
            && src.as_bytes().get(t.start).is_some_and(|&b| {
                self.lower_first_lens[usize::from(b)] & len_bit(t.end - t.start) != 0
            })
            && self.lower_starts.contains(t.text(src))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lengths of the names matched at each token of `text`.
    fn names_at(trie: &PhraseTrie, text: &str) -> Vec<Vec<usize>> {
        let mut toks = Vec::new();
        tokenize(text, 0, &mut toks);
        let mut buf = String::new();
        (0..toks.len())
            .map(|i| {
                let mut lens = Vec::new();
                trie.walk(
                    &toks,
                    i,
                    usize::MAX,
                    |j| trie.id_of(toks[j].text(text), &mut buf),
                    |l, _, n| {
                        if n.name.is_some() {
                            lens.push(l);
                        }
                    },
                );
                lens
            })
            .collect()
    }

    /// [`SortedLines`] bisects its asset: each must stay sorted, unique and trimmed.
    #[test]
    fn assets_are_sorted() {
        for (name, asset) in [("first", FIRST), ("last", LAST), ("words", WORDS)] {
            let all: Vec<&str> = asset.lines().collect();
            let kept: Vec<&str> = lines(asset).collect();
            assert_eq!(all, kept, "{name}: blank, padded or comment lines");
            assert!(all.windows(2).all(|p| p[0] < p[1]), "{name}: not sorted");
            let lex = Lexicon::load();
            let set = match name {
                "first" => lex.first,
                "last" => lex.last,
                _ => lex.words,
            };
            assert!(all.iter().all(|w| set.contains(w)), "{name}");
            assert!(!set.contains("") && !set.contains("\u{10FFFF}") && !set.contains(" "));
            for w in &all {
                let mut longer = (*w).to_owned();
                longer.push('a');
                assert_eq!(
                    set.contains(&longer),
                    all.binary_search(&longer.as_str()).is_ok()
                );
                let head: String = w.chars().take(1).collect();
                assert_eq!(
                    set.contains(&head),
                    all.binary_search(&head.as_str()).is_ok()
                );
            }
        }
    }

    #[test]
    fn ordinary_words_in_any_case_from_either_set() {
        let lex = Lexicon::load();
        for w in [
            "king",
            "King",
            "KING",
            "\u{212A}ing", // Kelvin sign: lowercases to ASCII
            "characteristically",
            "Characteristically",
            "abbé",
            "Abbé",
            "don't",
        ] {
            assert!(lex.is_word(w), "{w}");
        }
        for w in ["Zzyzx", "Qwertyuiopasdfghjkl", "abbéz", ""] {
            assert!(!lex.is_word(w), "{w}");
        }
    }

    #[test]
    fn phrases_match_by_tokens_spacing_and_folded_apostrophes() {
        let mut trie = PhraseTrie::default();
        for p in ["People's Republic of China", "China", "U.S.", "al-Qaeda"] {
            trie.insert(p, |n| n.name = Some(EntityKind::Gpe));
        }
        trie.insert_static("Republic", |n| n.title = true);
        let got = names_at(&trie, "the People’s Republic of China and al-Qaeda, U.S.");
        assert_eq!(got[1], [6]); // People ’ s Republic of China
        assert_eq!(got[6], [1]); // China
        assert!(got[3].is_empty()); // a title, not a name
        assert_eq!(got[8], [3]); // al - Qaeda
        assert_eq!(got[12], [1]); // U.S.
        // spacing is part of a phrase; line breaks end one
        assert!(names_at(&trie, "al - Qaeda")[0].is_empty());
        assert_eq!(
            names_at(&trie, "People's Republic of\nChina")[0],
            Vec::<usize>::new()
        );
        assert!(trie.single("China").is_some_and(|n| n.name.is_some()));
        assert!(
            trie.single("Republic")
                .is_some_and(|n| n.name.is_none() && n.title)
        );
    }
}
