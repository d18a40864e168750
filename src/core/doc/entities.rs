//! Named-entity recognition for articles: PERSON, ORG, GPE, LOC, NORP, DATE, MONEY, PERCENT.
//!
//! The recogniser is rules plus data, with no model and no I/O, so it runs anywhere the core
//! runs and can be explained mention by mention. Text is tokenized ([`tokens`]); DATE, MONEY
//! and PERCENT come from small grammars ([`temporal`]); names come from a capitalised-phrase
//! chunker ([`names`]) backed by general-knowledge gazetteers embedded from `assets/`
//! ([`lexicon`]). A document-level consistency pass then types the leftovers: once
//! "Samuel Bendett" is a PERSON a later "Bendett" is too, and a name typed with evidence
//! somewhere is typed the same everywhere.
//!
//! Recognition is split into [`Recognizer::scan_blocks`] (per block range, parallel- and
//! progress-friendly for huge documents) and [`Recognizer::resolve`] (the cheap consistency
//! pass over all scans), so the reader can work in the background; [`Recognizer::recognize`]
//! and [`Recognizer::recognize_document`] do both at once. All offsets are UTF-8 byte offsets.
//! Plain text is scanned paragraph by paragraph (as documents are scanned block by block) with
//! buffers reused between paragraphs, so the per-token arrays stay small and in cache.
//! User additions and suppressions come from [`user::UserEntities`].

pub mod annotated;
pub mod dates;
pub mod eval;
pub mod lexicon;
pub mod link;
pub mod names;
pub mod temporal;
pub mod tokens;
pub mod user;
pub mod watch;

use std::fmt;
use std::ops::Range;

use integer_encoding::VarInt;

use crate::core::doc::document::{Block, BlockKind, Document, Format, TextUnit, transient};

use lexicon::{FxMap, FxSet, Lexicon, push_key};
use names::{Cand, Chunker};
use temporal::Cx;
use tokens::{Class, tokenize};
pub use user::{UserEntities, UserEntitiesError, UserEntity, parse_user_entities, to_toml};

/// The type of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Org,
    Gpe,
    Loc,
    Norp,
    Date,
    Money,
    Percent,
    /// A user-defined type such as `TECH` (upper-case label).
    Custom(String),
}

impl EntityKind {
    /// Every built-in type, in display (and colour) order.
    pub const BUILTIN: [EntityKind; 8] = [
        EntityKind::Person,
        EntityKind::Org,
        EntityKind::Gpe,
        EntityKind::Loc,
        EntityKind::Norp,
        EntityKind::Date,
        EntityKind::Money,
        EntityKind::Percent,
    ];

    /// The six types scored by the evaluation: the built-in ones up to `DATE` (amounts and
    /// percentages are not scored).
    pub fn evaluated() -> &'static [EntityKind] {
        &Self::BUILTIN[..6]
    }

    /// The label used in output and config (`PERSON`, `ORG`, …, or the custom name).
    pub fn label(&self) -> &str {
        match self {
            Self::Person => "PERSON",
            Self::Org => "ORG",
            Self::Gpe => "GPE",
            Self::Loc => "LOC",
            Self::Norp => "NORP",
            Self::Date => "DATE",
            Self::Money => "MONEY",
            Self::Percent => "PERCENT",
            Self::Custom(s) => s,
        }
    }

    /// Parses a core label (case-insensitive); `None` for anything else.
    pub fn from_label(label: &str) -> Option<Self> {
        Some(match label.to_ascii_uppercase().as_str() {
            "PERSON" => Self::Person,
            "ORG" => Self::Org,
            "GPE" => Self::Gpe,
            "LOC" => Self::Loc,
            "NORP" => Self::Norp,
            "DATE" => Self::Date,
            "MONEY" => Self::Money,
            "PERCENT" => Self::Percent,
            _ => return None,
        })
    }

    /// Parses a core label, or makes a custom type from any other non-empty label.
    pub fn parse(label: &str) -> Option<Self> {
        let label = label.trim();
        if label.is_empty() {
            return None;
        }
        Some(Self::from_label(label).unwrap_or_else(|| Self::Custom(label.to_ascii_uppercase())))
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One occurrence of an entity: a byte range into the text and its type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    pub range: Range<usize>,
    pub kind: EntityKind,
}

/// Candidates found in part of a document, before the consistency pass.
///
/// A document-wide pass needs every candidate of the document at once (a hundred megabytes
/// of prose has a few million), so a candidate is small: `u32` offsets and its type as an
/// index (types beyond the built-in ones are kept once per scan, in `custom`), 16 bytes. Most
/// candidates are capitalised words with no type of their own, which the pass types only when
/// the same text is typed elsewhere: those are kept apart as packed offsets, two or three bytes
/// (see [`Packed`]).
#[derive(Debug, Clone, Default)]
pub struct Scan {
    items: Vec<Raw>,
    /// Untyped, weak candidates without a surname.
    bare: Packed,
    custom: Vec<EntityKind>,
}

/// Candidate offsets packed in order: for each, its start less the previous one's and its
/// length, as varints. Candidates lie a few words apart and are a word or two long, so most
/// take two bytes rather than the eight of two `u32`s: at 100 MB of prose, megabytes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Packed {
    bytes: Vec<u8>,
    /// Start of the last offset pushed.
    last: u32,
    len: usize,
}

impl Packed {
    pub(crate) fn push(&mut self, start: u32, end: u32) {
        let mut buf = [0u8; 16];
        let n = (i64::from(start) - i64::from(self.last)).encode_var(&mut buf);
        let m = end.saturating_sub(start).encode_var(&mut buf[n..]);
        self.bytes.extend_from_slice(&buf[..n + m]);
        self.last = start;
        self.len += 1;
    }

    /// Appends `other`'s offsets after these.
    fn append(&mut self, other: &Packed) {
        self.bytes.reserve(other.bytes.len() + 8);
        for [start, end] in other.iter() {
            self.push(start, end);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The (start, end) pairs, in the order pushed.
    pub(crate) fn iter(&self) -> impl Iterator<Item = [u32; 2]> + '_ {
        let mut rest = self.bytes.as_slice();
        let mut last = 0i64;
        std::iter::from_fn(move || {
            let (delta, n) = i64::decode_var(rest)?;
            let (len, m) = u32::decode_var(rest.get(n..)?)?;
            rest = rest.get(n + m..)?;
            last += delta;
            let start = u32::try_from(last).ok()?;
            Some([start, start.saturating_add(len)])
        })
    }
}

/// The built-in types, in the order a [`Raw`] kind index names them (after 0 = none).
const BUILTIN: [EntityKind; 8] = EntityKind::BUILTIN;

impl Scan {
    /// How many candidates the scan holds.
    pub fn len(&self) -> usize {
        self.items.len() + self.bare.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.bare.is_empty()
    }

    /// Makes room at once for `like`'s candidates times `num / den` more (a scan that grows
    /// by doubling leaves its discarded buffers to the allocator).
    pub fn reserve_scaled(&mut self, like: &Scan, num: usize, den: usize) {
        let more = |n: usize| n.saturating_mul(num) / den.max(1);
        // freed after the final pass: sized not to leave the allocator's threshold raised
        // (see `transient`)
        if self.items.capacity() == 0 && self.bare.bytes.capacity() == 0 {
            self.items = transient(more(like.items.len()));
            self.bare.bytes = transient(more(like.bare.bytes.len()));
        } else {
            self.items.reserve_exact(more(like.items.len()));
            self.bare.bytes.reserve_exact(more(like.bare.bytes.len()));
        }
    }

    /// Appends another scan (of later blocks).
    pub fn extend(&mut self, other: Scan) {
        let Scan {
            items,
            bare,
            custom,
        } = other;
        self.bare.append(&bare);
        let map: Vec<u16> = custom
            .into_iter()
            .map(|k| self.kind_index(Some(k)))
            .collect();
        self.items.extend(items.into_iter().map(|mut r| {
            if let Some(&k) = usize::from(r.kind)
                .checked_sub(BUILTIN.len() + 1)
                .and_then(|i| map.get(i))
            {
                r.kind = k;
            }
            r
        }));
    }

    /// Records a candidate; one whose offsets do not fit in 32 bits (past 4 GiB) is dropped.
    fn push(
        &mut self,
        range: Range<usize>,
        kind: Option<EntityKind>,
        strong: bool,
        surname: Option<usize>,
    ) {
        let (Ok(start), Ok(end)) = (u32::try_from(range.start), u32::try_from(range.end)) else {
            return;
        };
        let surname = surname.and_then(|s| u32::try_from(s).ok()).unwrap_or(0);
        if kind.is_none() && !strong && surname == 0 {
            self.bare.push(start, end);
            return;
        }
        let kind = self.kind_index(kind);
        self.items.push(Raw {
            start,
            end,
            surname,
            kind,
            strong,
        });
    }

    fn kind_index(&mut self, kind: Option<EntityKind>) -> u16 {
        let kind = match kind {
            None => return 0,
            Some(EntityKind::Person) => return 1,
            Some(EntityKind::Org) => return 2,
            Some(EntityKind::Gpe) => return 3,
            Some(EntityKind::Loc) => return 4,
            Some(EntityKind::Norp) => return 5,
            Some(EntityKind::Date) => return 6,
            Some(EntityKind::Money) => return 7,
            Some(EntityKind::Percent) => return 8,
            Some(custom) => custom,
        };
        let i = self
            .custom
            .iter()
            .position(|c| *c == kind)
            .unwrap_or_else(|| {
                self.custom.push(kind);
                self.custom.len() - 1
            });
        u16::try_from(i + BUILTIN.len() + 1).unwrap_or(0)
    }

    fn kind(&self, r: &Raw) -> Option<&EntityKind> {
        let i = usize::from(r.kind).checked_sub(1)?;
        BUILTIN
            .get(i)
            .or_else(|| self.custom.get(i - BUILTIN.len()))
    }
}

#[derive(Debug, Clone, Copy)]
struct Raw {
    start: u32,
    end: u32,
    /// For multi-word persons: where the last word (the surname) starts; it ends with the
    /// candidate. 0 for none (a surname never starts a candidate).
    surname: u32,
    /// 0: no type yet; then [`BUILTIN`] in order; then the scan's custom types.
    kind: u16,
    strong: bool,
}

impl Raw {
    fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    fn surname(&self) -> Option<Range<usize>> {
        (self.surname > 0).then_some(self.surname as usize..self.end as usize)
    }
}

/// The recogniser: gazetteers and word lists loaded once; cheap to share (`Send + Sync`).
pub struct Recognizer {
    lex: Lexicon,
    suppressed: FxSet<String>,
    /// Alias key → canonical name, from user entities.
    canonical: FxMap<String, String>,
}

impl Default for Recognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Recognizer {
    /// Builds the recogniser from the embedded assets.
    pub fn new() -> Self {
        Self {
            lex: Lexicon::load(),
            suppressed: FxSet::default(),
            canonical: FxMap::default(),
        }
    }

    /// Builds the recogniser with the user's additions and suppressions on top.
    pub fn with_user(user: &UserEntities) -> Self {
        let mut r = Self::new();
        for e in &user.entities {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                r.lex.phrases.insert(name, e.kind.clone());
                if let Some(w) = name.split(|c: char| !c.is_alphanumeric()).next()
                    && w.starts_with(|c: char| c.is_lowercase())
                {
                    r.lex.add_lower_start(w);
                }
                r.canonical.insert(lexicon::key_of(name).0, e.name.clone());
            }
        }
        for s in &user.not_entities {
            r.suppressed.insert(lexicon::key_of(s).0);
        }
        r
    }

    /// Recognises entities in plain `text` (sorted, non-overlapping).
    pub fn recognize(&self, text: &str) -> Vec<Mention> {
        let mut scan = Scan::default();
        let mut scratch = Scratch::default();
        for para in paragraphs(text) {
            self.scan_text(text, para, &mut scan, &mut scratch);
        }
        self.resolve(text, &scan)
    }

    /// Recognises entities in a document; ranges are offsets into `doc.source`.
    pub fn recognize_document(&self, doc: &Document) -> Vec<Mention> {
        let scan = self.scan_blocks(doc, 0..doc.block_count());
        self.resolve(&doc.source, &scan)
    }

    /// Recognises the blocks `blocks` of `doc` with consistency inside that range only.
    pub fn recognize_range(&self, doc: &Document, blocks: Range<usize>) -> Vec<Mention> {
        let scan = self.scan_blocks(doc, blocks);
        self.resolve(&doc.source, &scan)
    }

    /// First pass over the blocks `blocks` of `doc`: candidates, not yet made consistent.
    /// Scan a huge document in block batches (reporting progress), [`Scan::extend`] the
    /// results, then call [`Recognizer::resolve`] once.
    pub fn scan_blocks(&self, doc: &Document, blocks: Range<usize>) -> Scan {
        let mut scan = Scan::default();
        let mut scratch = Scratch::default();
        let src = doc.source.as_str();
        if doc.block_count() == 0 && blocks.start == 0 {
            for para in paragraphs(src) {
                self.scan_text(src, para, &mut scan, &mut scratch);
            }
            return scan;
        }
        let mut runs = Vec::new();
        for block in doc.blocks_in(blocks) {
            if doc.format == Format::PlainText {
                if !matches!(block.kind, BlockKind::Code { .. } | BlockKind::Rule) {
                    self.scan_text(src, block.range(), &mut scan, &mut scratch);
                }
            } else {
                collect_runs(src, &block, &mut runs);
                for r in runs.drain(..) {
                    self.scan_text(src, r, &mut scan, &mut scratch);
                }
            }
        }
        scan
    }

    /// The consistency pass: types leftovers from evidence elsewhere, applies suppressions and
    /// returns sorted, non-overlapping mentions.
    pub fn resolve(&self, text: &str, scan: &Scan) -> Vec<Mention> {
        // keys are the raw source slices: mentions never span lines, and this pass must stay
        // allocation-free to keep recognition fast on huge documents
        let slice = |r: &Range<usize>| text.get(r.clone()).unwrap_or("");
        let mut known: FxMap<&str, &EntityKind> = FxMap::default();
        let mut surnames: FxSet<&str> = FxSet::default();
        for r in &scan.items {
            if let (Some(kind), true) = (scan.kind(r), r.strong) {
                if matches!(
                    kind,
                    EntityKind::Date | EntityKind::Money | EntityKind::Percent
                ) {
                    continue;
                }
                known.entry(slice(&r.range())).or_insert(kind);
                if let Some(s) = r.surname() {
                    surnames.insert(slice(&s));
                }
            }
        }
        // most candidates are leftovers that stay untyped: room for a fraction of them
        let mut out: Vec<Mention> = Vec::with_capacity(scan.len() / 16);
        let bare = scan.bare.iter().map(|[start, end]| Raw {
            start,
            end,
            surname: 0,
            kind: 0,
            strong: false,
        });
        // candidates never share a range, so the order they are typed in does not matter
        for r in scan.items.iter().copied().chain(bare) {
            let range = r.range();
            let key = slice(&range);
            if !self.suppressed.is_empty() && self.suppressed.contains(&key_at(text, &range)) {
                continue;
            }
            let raw_kind = scan.kind(&r);
            let single = !key.contains(char::is_whitespace);
            let kind = if single
                && surnames.contains(key)
                && raw_kind != Some(&EntityKind::Person)
                && !matches!(raw_kind, Some(EntityKind::Norp | EntityKind::Date))
            {
                Some(EntityKind::Person)
            } else if !r.strong {
                known.get(key).copied().or(raw_kind).cloned()
            } else {
                raw_kind.cloned()
            };
            if let Some(kind) = kind {
                out.push(Mention { range, kind });
            }
        }
        out.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        let mut last_end = 0;
        out.retain(|m| {
            if m.range.start < last_end {
                return false;
            }
            last_end = m.range.end;
            true
        });
        out.shrink_to_fit();
        out
    }

    /// Scans `src[range]` (a paragraph, block or run) into `scan`.
    #[allow(clippy::many_single_char_names, clippy::too_many_lines)]
    fn scan_text(&self, src: &str, range: Range<usize>, scan: &mut Scan, scratch: &mut Scratch) {
        let Some(text) = src.get(range.clone()) else {
            return;
        };
        let Scratch {
            toks,
            flags,
            chunker,
            cands,
        } = scratch;
        toks.clear();
        tokenize(text, range.start, toks);
        if toks.is_empty() {
            return;
        }
        split_glued(src, &self.lex, toks);
        let toks = &toks[..];
        // token offsets are absolute; the helpers index `src`
        flags.clear();
        flags.extend(toks.iter().map(|t| temporal::token_flags(src, t)));
        let flags = &flags[..];
        let cx = Cx { src, toks, flags };
        let mut ch = Chunker::with_buffers(&self.lex, src, toks, std::mem::take(chunker));
        cands.clear();
        let n = toks.len();
        let mut i = 0;
        while i < n {
            if let Some((s, e, kind)) = temporal_at(&cx, i) {
                cands.push(Cand::new(s, e, Some(kind), true));
                i = e;
                continue;
            }
            if ch.starts_name(i) {
                let e = ch.chunk_end(i);
                let mut s = i;
                if ch.sentence_initial(s) && toks[s].class == Class::Upper {
                    let w = toks[s].text(src);
                    let lexical = ch.name_at(s, e).is_some();
                    let name_start = self.lex.first.contains(w)
                        && s + 1 < e
                        && toks[s + 1].class == Class::Upper
                        && !self.lex.is_word(toks[s + 1].text(src));
                    let title = ch.title_at(s, e).is_some();
                    let headed = e - s >= 2 && {
                        let last = toks[e - 1].text(src);
                        self.lex.org_heads.contains(last)
                    };
                    if !lexical
                        && !name_start
                        && !title
                        && !headed
                        && self.lex.is_word(w)
                        && w != "The"
                    {
                        cands.push(Cand::new(s, s + 1, None, false));
                        s += 1;
                    }
                }
                if s < e {
                    ch.segment(s, e, cands);
                }
                i = e;
                continue;
            }
            i += 1;
        }
        *chunker = ch.into_buffers();
        for c in cands.iter_mut() {
            let (Some(first), Some(last)) = (toks.get(c.start), toks.get(c.end.saturating_sub(1)))
            else {
                continue;
            };
            let tx = |k: usize| toks.get(k).map_or("", |t| t.text(src));
            let prev = c.start.checked_sub(1).map_or("", tx);
            let next = tx(c.end);
            // "in English", "Greek names": language adjectives are not NORP
            if c.kind == Some(EntityKind::Norp)
                && (LANGUAGE_NOUNS.contains(&next)
                    || (matches!(prev, "in" | "into")
                        && !toks.get(c.end).is_some_and(|t| t.class == Class::Upper)))
            {
                continue;
            }
            // "at the White House": the building
            if c.kind == Some(EntityKind::Org)
                && BUILDINGS.contains(&src.get(first.start..last.end).unwrap_or(""))
                && prev == "the"
                && matches!(
                    c.start.checked_sub(2).map_or("", tx),
                    "at" | "outside" | "inside" | "near" | "to" | "in" | "from"
                )
            {
                c.kind = Some(EntityKind::Loc);
            }
            let surname = (c.kind == Some(EntityKind::Person)
                && c.strong
                && c.end - c.start >= 2
                && last.is_word())
            .then_some(last.start);
            scan.push(first.start..last.end, c.kind.take(), c.strong, surname);
        }
    }

    /// The canonical name a user alias maps to, if any.
    pub fn user_canonical(&self, text: &str) -> Option<&str> {
        self.canonical
            .get(&lexicon::key_of(text).0)
            .map(String::as_str)
    }
}

/// Buffers reused from one paragraph to the next: recognising a long text paragraph by
/// paragraph keeps them small enough to stay in cache, where one token array for a whole
/// multi-megabyte text spent much of its time in page faults and cache misses.
#[derive(Default)]
struct Scratch {
    toks: Vec<tokens::Tok>,
    flags: Vec<u32>,
    chunker: names::ChunkerBuffers,
    cands: Vec<Cand>,
}

/// The paragraphs of `text`: ranges cut at blank lines (a line break, optional spaces, tabs or
/// carriage returns, and another line break). A mention never spans a blank line and
/// [`Recognizer::recognize_document`] already scans block by block, so scanning plain text
/// paragraph by paragraph gives the same candidates with buffers that stay in cache. The
/// ranges cover all of `text` (each cut lands on the second line break).
fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut newlines = memchr::memchr_iter(b'\n', bytes);
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        for nl in newlines.by_ref() {
            if nl < start {
                continue;
            }
            let mut k = nl + 1;
            while matches!(bytes.get(k), Some(b' ' | b'\t' | b'\r')) {
                k += 1;
            }
            if bytes.get(k) == Some(&b'\n') {
                let r = start..k;
                start = k;
                return Some(r);
            }
        }
        let r = start..bytes.len();
        start = bytes.len();
        Some(r)
    })
}

fn key_at(text: &str, range: &Range<usize>) -> String {
    let s = text.get(range.clone()).unwrap_or("");
    let mut out = String::with_capacity(s.len());
    let mut toks = Vec::new();
    tokenize(s, 0, &mut toks);
    push_key(s, &toks, &mut out);
    out
}

/// Nouns after a nationality adjective that make it a language (`English edition`).
const LANGUAGE_NOUNS: &[&str] = &[
    "language",
    "languages",
    "edition",
    "editions",
    "translation",
    "translations",
    "version",
    "name",
    "names",
    "word",
    "words",
    "speaking",
    "speakers",
    "speaker",
    "text",
    "subtitles",
    "dictionary",
    "grammar",
    "alphabet",
    "script",
    "characters",
    "lessons",
    "class",
    "classes",
];

/// Organisations named after their building, which are LOC when the building is meant.
const BUILDINGS: &[&str] = &[
    "White House",
    "Pentagon",
    "Kremlin",
    "Capitol",
    "Élysée Palace",
];

/// Splits extraction glue such as `CreditChang` (an ordinary capitalised word of six or more
/// letters glued to a capitalised name) into two tokens.
fn split_glued(src: &str, lex: &Lexicon, toks: &mut Vec<tokens::Tok>) {
    let cut_of = |t: &tokens::Tok| -> Option<usize> {
        if t.class != Class::Upper || t.end - t.start < 9 {
            return None;
        }
        let text = t.text(src);
        let mut prev_lower = false;
        let mut at = None;
        for (b, ch) in text.char_indices() {
            if prev_lower && ch.is_uppercase() {
                at = Some(b);
                break;
            }
            prev_lower = ch.is_lowercase();
        }
        let at = at?;
        if lex.phrases.single(text).is_some_and(|n| n.name.is_some()) {
            return None;
        }
        let (head, tail) = (text.get(..at)?, text.get(at..)?);
        let tail_ok =
            tail.chars().count() >= 3 && tail.chars().nth(1).is_some_and(char::is_lowercase);
        (head.chars().count() >= 6 && tail_ok && lex.is_word(head)).then_some(at)
    };
    let maybe = |t: &tokens::Tok| t.class == Class::Upper && t.end - t.start >= 9;
    let Some(first) = toks.iter().position(|t| maybe(t) && cut_of(t).is_some()) else {
        return;
    };
    let mut out = Vec::with_capacity(toks.len() + 8);
    out.extend_from_slice(toks.get(..first).unwrap_or_default());
    for &t in toks.iter().skip(first) {
        let mut cur = t;
        while let Some(at) = maybe(&cur).then(|| cut_of(&cur)).flatten() {
            let mut head = cur;
            head.end = cur.start + at;
            out.push(head);
            cur.start += at;
            cur.space = false;
            // glued text came from separate elements (a credit label and a name): a boundary
            cur.brk = true;
        }
        out.push(cur);
    }
    *toks = out;
}

/// DATE / MONEY / PERCENT at token `i`, as (start, end, kind) token indices.
fn temporal_at(cx: &Cx<'_>, i: usize) -> Option<(usize, usize, EntityKind)> {
    let first = cx.toks.get(i)?;
    // cheap filter: a trigger word here and a core word (number, month, unit…) close by
    if cx.flags.get(i).is_none_or(|f| f & temporal::TRIGGER == 0)
        || !cx
            .flags
            .iter()
            .skip(i)
            .take(6)
            .any(|f| f & temporal::CORE != 0)
    {
        return None;
    }
    let mut a = cx.approx(i);
    let between = first.text(cx.src).eq_ignore_ascii_case("between");
    if between {
        a = 1;
    }
    let mut j = i + a;
    if a > 0
        && cx.toks.get(j).is_some_and(|t| t.text(cx.src) == "a")
        && cx
            .toks
            .get(j + 1)
            .is_some_and(|t| matches!(t.text(cx.src), "$" | "€" | "£" | "¥"))
    {
        j += 1;
    }
    // a year inside a name we do not annotate: Investment Company Act of 1940
    if i >= 2
        && cx.toks[i - 1].text(cx.src) == "of"
        && names::BLOCK_HEADS.contains(&cx.toks[i - 2].text(cx.src))
    {
        return None;
    }
    let amount = cx.amount_start(j);
    let found = amount
        .then(|| cx.money(j).map(|e| (e, EntityKind::Money)))
        .flatten()
        .or_else(|| {
            amount
                .then(|| cx.percent(j).map(|e| (e, EntityKind::Percent)))
                .flatten()
        })
        .or_else(|| cx.date(j).map(|e| (e, EntityKind::Date)));
    let (e, kind) = found?;
    if between {
        // between X and Y: one span including "between"
        let second = if cx.toks.get(e).is_some_and(|t| t.text(cx.src) == "and") {
            match kind {
                EntityKind::Money => cx.money(e + 1),
                EntityKind::Percent => cx.percent(e + 1),
                _ => cx.date(e + 1),
            }
        } else {
            None
        };
        return Some(match second {
            Some(e2) => (i, e2, kind),
            None => (j, e, kind),
        });
    }
    Some((i, e, kind))
}

/// Source ranges of the inline text of `block` whose shown text equals the source.
fn collect_runs(src: &str, block: &Block, out: &mut Vec<Range<usize>>) {
    for runs in block.text_units().flat_map(TextUnit::inline_lists) {
        for r in runs.iter().flat_map(|r| r.pieces(src)) {
            if src.get(r.range()) != Some(&*r.text(src)) {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.end == r.range().start => last.end = r.range().end,
                _ => out.push(r.range()),
            }
        }
    }
}

/// An entity with all its mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The fullest form seen (`Samuel Bendett` for `Bendett`).
    pub canonical: String,
    pub kind: EntityKind,
    /// Other surface forms seen, sorted.
    pub aliases: Vec<String>,
    /// Byte ranges of the mentions, in text order.
    pub mentions: Vec<Range<usize>>,
}

impl Entity {
    pub fn count(&self) -> usize {
        self.mentions.len()
    }
}

/// Groups mentions into entities, one per real thing ([`link::link`]): same type and surface
/// form, a surname folded into the full name that introduced it, acronyms into their long
/// forms, country names into one country. Sorted by mention count (desc), then name.
pub fn group(text: &str, mentions: &[Mention]) -> Vec<Entity> {
    link::link(text, mentions)
}

#[cfg(test)]
mod tests;
