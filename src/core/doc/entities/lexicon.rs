//! The embedded gazetteers and word lists, loaded once.
//!
//! Names and person titles live in one token trie ([`PhraseTrie`]): a phrase is matched token
//! by token with the same tokenizer used on documents, so `U.S.`, `al-Qaeda` and
//! `People’s Republic of China` match however they are spaced or quoted (typographic
//! apostrophes fold to `'`). A *phrase key* (the token texts joined with one space where the
//! source had whitespace) still names entities for grouping and user entries. The trie is
//! packed at compile time by `build.rs` and searched in place ([`packed`]); so are the word
//! lists, front-coded ([`WordSet`]). Nothing of the gazetteers is copied to
//! the heap, and all data is embedded (`include_str!`, `include_bytes!`) so the core stays
//! free of file access.

#[cfg(test)]
mod pack;
pub mod packed;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::EntityKind;
use super::tokens::{self, Class, Tok, tokenize};
use packed::{Packed, WordSet};

/// Given names, surnames and ordinary words, front-coded by `build.rs` ([`WordSet`]).
const FIRST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/first_names.fc"));
const LAST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/last_names.fc"));
const WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fc"));
/// The gazetteer names and titles, packed by `build.rs` (`pack.rs`; read by [`packed`]).
const PHRASES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/phrases.bin"));
/// Lowercase first words of gazetteer names, one a line (by `build.rs`).
const LOWER_STARTS: &str = include_str!(concat!(env!("OUT_DIR"), "/lower_starts.txt"));
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

/// What the token sequence leading to a trie node is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Node<'a> {
    /// A gazetteer (or user) name of this type.
    pub name: Option<&'a EntityKind>,
    /// A person title (`President`, `Foreign Minister`).
    pub title: bool,
    /// A minor place (small city, county, subdivision): it does not split a capitalised
    /// phrase (`Milton Velez`, `Con Edison`), a major one does.
    pub minor: bool,
}

/// Token id of a token that is in no phrase.
const NO_ID: u32 = u32::MAX;

/// No node (of one of the two tries in an [`At`]).
const NONE: u32 = u32::MAX;

/// The built-in types a packed mark names (its kind bits minus one).
static KINDS: [EntityKind; 8] = EntityKind::BUILTIN;

/// A node of the [`PhraseTrie`]: the same phrase in the packed gazetteer trie and in the
/// user's overlay, either of which may lack it ([`NONE`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct At {
    packed: u32,
    user: u32,
}

/// The root node (the empty phrase).
pub const ROOT: At = At { packed: 0, user: 0 };

/// Every gazetteer name and title as one trie over tokens, plus the user's entities.
///
/// A phrase is the sequence of its tokens' normalised texts (see [`push_norm`]) and, for
/// every token after the first, whether whitespace precedes it; phrases never cross line
/// breaks. Each distinct token text has an id, and an edge is (node, whitespace before, token
/// id). Matching at a token therefore costs one string lookup per token (memoised by the
/// caller) and one small search per step, and a single walk finds names, titles and minor
/// places together. The gazetteers are packed at compile time and searched in place
/// ([`packed`]); the user's entities, known only at run time, are a small heap trie over the
/// same token ids ([`UserTrie`]) walked alongside, its types taking precedence.
#[derive(Debug, Clone, Default)]
pub struct PhraseTrie {
    packed: Packed<'static>,
    /// Token texts in the packed trie (user-only tokens get ids from here on).
    packed_vocab: u32,
    user: Option<Box<UserTrie>>,
    /// Longest phrase in tokens.
    pub max_len: usize,
}

/// The user's phrases: token ids shared with the packed trie, and ids from its vocabulary
/// size on for tokens it lacks.
#[derive(Debug, Clone, Default)]
struct UserTrie {
    vocab: FxMap<String, u32>,
    /// (node, whitespace before, token id) → node.
    edges: FxMap<u64, u32>,
    /// The type of each node's name (node 0 is the root).
    names: Vec<Option<EntityKind>>,
}

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
    pub longest: At,
}

impl PhraseTrie {
    /// The trie over `packed` (with no user phrases).
    fn over(packed: Packed<'static>) -> Self {
        Self {
            packed,
            packed_vocab: u32::try_from(packed.sizes().0).unwrap_or(0),
            user: None,
            max_len: packed.max_len,
        }
    }

    /// Inserts the user's `phrase` (any text) as a name of type `kind`.
    pub fn insert(&mut self, phrase: &str, kind: EntityKind) {
        let mut toks = Vec::new();
        tokenize(phrase, 0, &mut toks);
        if toks.is_empty() {
            return;
        }
        let user = self.user.get_or_insert_with(|| {
            Box::new(UserTrie {
                names: vec![None],
                ..UserTrie::default()
            })
        });
        let mut node = 0;
        let mut text = String::new();
        for (n, t) in toks.iter().enumerate() {
            text.clear();
            push_norm(t.text(phrase), &mut text);
            let next_id = u32::try_from(user.vocab.len())
                .ok()
                .and_then(|n| n.checked_add(self.packed_vocab))
                .unwrap_or(UNSEEN_ID - 1);
            let id = match self.packed.id(text.as_bytes()) {
                Some(id) => id,
                None => *user.vocab.entry(text.clone()).or_insert(next_id),
            };
            let next_node = u32::try_from(user.names.len()).unwrap_or(NONE);
            node = *user
                .edges
                .entry(edge_key(node, n > 0 && t.space, id))
                .or_insert(next_node);
            if node == next_node {
                user.names.push(None);
            }
        }
        self.max_len = self.max_len.max(toks.len());
        if let Some(name) = user.names.get_mut(node as usize) {
            *name = Some(kind);
        }
    }

    /// The id of the text `src[start..end]` (a token), if some phrase holds it. Texts with a
    /// typographic apostrophe are normalised into `buf` first.
    #[inline]
    pub fn id_at(&self, src: &str, start: usize, end: usize, buf: &mut String) -> Option<u32> {
        let text = src.get(start..end)?;
        // ’ is E2 80 99: a byte test first keeps the common ASCII case fast
        if text.as_bytes().contains(&0xE2) && text.contains('’') {
            buf.clear();
            push_norm(text, buf);
            return self.id_of_exact(buf);
        }
        self.id_of_exact(text)
    }

    /// The id of a token's (raw) text, if some phrase holds it (normalised as [`Self::id_at`]).
    pub fn id_of(&self, text: &str, buf: &mut String) -> Option<u32> {
        self.id_at(text, 0, text.len(), buf)
    }

    /// The id of exactly `text` (no normalisation).
    #[inline]
    fn id_of_exact(&self, text: &str) -> Option<u32> {
        self.packed
            .id(text.as_bytes())
            .or_else(|| self.user.as_ref()?.vocab.get(text).copied())
    }

    /// The node after `node` by a token of id `id` (`space`: whitespace precedes it).
    #[inline]
    pub fn step(&self, node: At, space: bool, id: u32) -> Option<At> {
        let packed = if node.packed == NONE {
            NONE
        } else {
            self.packed.step(node.packed, space, id).unwrap_or(NONE)
        };
        let user = match &self.user {
            Some(u) if node.user != NONE => u
                .edges
                .get(&edge_key(node.user, space, id))
                .copied()
                .unwrap_or(NONE),
            _ => NONE,
        };
        (packed != NONE || user != NONE).then_some(At { packed, user })
    }

    /// What `node` is.
    #[inline]
    pub fn node(&self, node: At) -> Option<Node<'_>> {
        let mark = if node.packed == NONE {
            0
        } else {
            self.packed.mark(node.packed)
        };
        let user = self
            .user
            .as_ref()
            .filter(|_| node.user != NONE)
            .and_then(|u| u.names.get(node.user as usize)?.as_ref());
        let packed = usize::from(mark & packed::KIND)
            .checked_sub(1)
            .and_then(|k| KINDS.get(k));
        Some(Node {
            name: user.or(packed),
            title: mark & packed::TITLE != 0,
            minor: mark & packed::MINOR != 0,
        })
    }

    /// The node of the one-token phrase `text` (exact text, not normalised).
    pub fn single(&self, text: &str) -> Option<Node<'_>> {
        let id = self.id_of_exact(text)?;
        self.node(self.step(ROOT, false, id)?)
    }

    /// Walks the phrases starting at `toks[i]` (not crossing line breaks, at most `limit`
    /// tokens), calling `visit(len, node, what)` for every phrase node reached; `id` gives
    /// token ids (so callers can memoise them).
    #[inline]
    pub fn walk(
        &self,
        toks: &[Tok],
        i: usize,
        limit: usize,
        mut id: impl FnMut(usize) -> Option<u32>,
        mut visit: impl FnMut(usize, At, &Node),
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
                visit(j + 1 - i, node, &nd);
            }
        }
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
    /// Per first byte of a `lower_starts` entry, the set of its byte lengths (bit `len`,
    /// lengths of 64 or more in bit 63), for the per-token check.
    lower_first_lens: Box<[u64; 256]>,

    pub first: WordSet<'static>,
    pub last: WordSet<'static>,
    /// Ordinary lowercase words.
    words: WordSet<'static>,
    pub org_heads: StrSet,
    pub loc_heads: StrSet,
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
        let phrases = PhraseTrie::over(Packed::new(PHRASES).unwrap_or_default());
        let mut lex = Self {
            phrases,
            lower_starts: FxSet::default(),
            lower_max: 0,
            lower_first_lens: Box::new([0u64; 256]),
            first: WordSet::new(FIRST).unwrap_or_default(),
            last: WordSet::new(LAST).unwrap_or_default(),
            words: WordSet::new(WORDS).unwrap_or_default(),
            org_heads: line_set(ORG_HEADS, |_| true),
            loc_heads: line_set(LOC_HEADS, |_| true),
        };
        for w in lines(LOWER_STARTS) {
            lex.add_lower_start(w);
        }
        lex
    }

    /// Lets names starting with the lowercase word `w` (`al-Qaeda`, `k8s`) be matched.
    pub fn add_lower_start(&mut self, w: &str) {
        self.lower_max = self.lower_max.max(w.len());
        mark_len(&mut self.lower_first_lens, w);
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

    /// The word lists are front-coded from sorted assets: each must stay sorted, unique and
    /// trimmed (`build.rs` fails on an unsorted one), and every line and no other is found.
    #[test]
    fn assets_are_sorted() {
        let lex = Lexicon::load();
        for (name, asset, set) in [
            (
                "first",
                include_str!("../../../../assets/gazetteers/first_names.txt"),
                lex.first,
            ),
            (
                "last",
                include_str!("../../../../assets/gazetteers/last_names.txt"),
                lex.last,
            ),
            (
                "words",
                include_str!("../../../../assets/gazetteers/words.txt"),
                lex.words,
            ),
        ] {
            let all: Vec<&str> = asset.lines().collect();
            let kept: Vec<&str> = lines(asset).collect();
            assert_eq!(all, kept, "{name}: blank, padded or comment lines");
            assert!(all.windows(2).all(|p| p[0] < p[1]), "{name}: not sorted");
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
                let mut shorter = (*w).to_owned();
                shorter.pop();
                assert_eq!(
                    set.contains(&shorter),
                    all.binary_search(&shorter.as_str()).is_ok()
                );
            }
        }
    }

    /// Front coding round-trips entries of every shape: long shared prefixes and suffixes
    /// (the escaped header), block boundaries, and words before, between and after them.
    #[test]
    fn front_coded_sets_find_exactly_their_entries() {
        let mut entries: Vec<String> = (0..100).map(|i| format!("w{i:03}")).collect();
        entries.push("x".repeat(40));
        entries.push(format!("{}y", "x".repeat(40)));
        entries.push(format!("{}{}", "x".repeat(41), "z".repeat(30)));
        entries.push("é".repeat(20));
        entries.sort();
        let bytes = pack::front_code(&entries.join("\n")).expect("codes");
        let set = WordSet::new(&bytes).expect("reads");
        for e in &entries {
            assert!(set.contains(e), "{e}");
            assert!(!set.contains(&format!("{e}0")), "{e}0");
        }
        for absent in ["", "a", "w", "w0", "w1000", "x", "xx", "zz", "\u{10FFFF}"] {
            assert_eq!(
                set.contains(absent),
                entries.iter().any(|e| e == absent),
                "{absent}"
            );
        }
        assert!(pack::front_code("b\na").is_err());
        assert!(pack::front_code(&"a".repeat(256)).is_err());
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

    /// Packs `names` and `titles` as `build.rs` does.
    fn pack(names: &str, titles: &str) -> pack::Packing {
        let split = |p: &str, out: &mut Vec<(usize, usize, bool)>| {
            let mut toks = Vec::new();
            tokenize(p, 0, &mut toks);
            out.extend(toks.iter().map(|t| (t.start, t.end, t.space)));
        };
        pack::pack(names, titles, &split).expect("packs")
    }

    /// A trie packed from `names` and `titles`.
    fn packed(names: &str, titles: &str) -> PhraseTrie {
        let packing = pack(names, titles);
        let bytes: &'static [u8] = Box::leak(packing.bytes.into_boxed_slice());
        PhraseTrie::over(Packed::new(bytes).expect("reads back"))
    }

    #[test]
    fn phrases_match_by_tokens_spacing_and_folded_apostrophes() {
        let names = "GPE\tPeople's Republic of China\nGPE\tChina\nGPE\tU.S.\nORG\tal-Qaeda\n";
        let trie = packed(names, "Republic\n");
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
        assert_eq!(
            trie.single("al")
                .and_then(|n| n.name)
                .map(EntityKind::label),
            None
        );
    }

    /// User phrases extend gazetteer ones and retype them; the gazetteer marks stay.
    #[test]
    fn user_phrases_overlay_the_packed_trie() {
        let mut trie = packed("GPE\tNew York\nGPE-\tYork\n", "Mayor\n");
        trie.insert("New York Times", EntityKind::Org);
        trie.insert("York", EntityKind::Person);
        trie.insert("Mayor Zorblax", EntityKind::Custom("ALIEN".into()));
        assert_eq!(names_at(&trie, "New York Times")[0], [2, 3]);
        let york = trie.single("York").expect("York");
        assert_eq!(york.name, Some(&EntityKind::Person));
        assert!(york.minor);
        let mayor = trie.single("Mayor").expect("Mayor");
        assert!(mayor.title && mayor.name.is_none());
        assert_eq!(names_at(&trie, "Mayor Zorblax")[0], [2]);
        assert_eq!(trie.max_len, 3);
        // the first token never has whitespace before it
        let mut buf = String::new();
        let new = trie.id_of("New", &mut buf).expect("New");
        assert!(trie.step(ROOT, true, new).is_none());
    }

    /// The embedded trie is the one `build.rs` packs, and every gazetteer name is in it.
    #[test]
    fn embedded_trie_holds_every_name() {
        let lex = Lexicon::load();
        let (vocab, nodes) = lex.phrases.packed.sizes();
        assert!(vocab > 30_000 && nodes > 40_000, "{vocab} {nodes}");
        for (i, label) in pack::LABELS.iter().enumerate() {
            assert_eq!(EntityKind::BUILTIN[i].label(), *label);
        }
        let names = include_str!("../../../../assets/gazetteers/names.tsv");
        let titles = include_str!("../../../../assets/gazetteers/titles.txt");
        let again = pack(names, titles);
        assert!(
            again.bytes == PHRASES,
            "the embedded trie is not the assets' packing"
        );
        assert_eq!(again.lower_starts, lines(LOWER_STARTS).collect::<Vec<_>>());
        let mut buf = String::new();
        for line in lines(names) {
            let Some((_, name)) = line.split_once('\t') else {
                continue;
            };
            let mut toks = Vec::new();
            tokenize(name, 0, &mut toks);
            let mut node = Some(ROOT);
            for (j, t) in toks.iter().enumerate() {
                let id = lex.phrases.id_of(t.text(name), &mut buf);
                node = node
                    .zip(id)
                    .and_then(|(n, id)| lex.phrases.step(n, j > 0 && t.space, id));
            }
            let node = node.and_then(|n| lex.phrases.node(n));
            assert!(node.is_some_and(|n| n.name.is_some()), "{name}");
        }
        assert!(lex.is_lower_start("al-Qaeda", &{
            let mut toks = Vec::new();
            tokenize("al-Qaeda", 0, &mut toks);
            toks[0]
        }));
    }
}
