//! The capitalised-phrase chunker and its classifier for PERSON, ORG, GPE, LOC and NORP.
//!
//! A *chunk* is a maximal run of capitalised tokens on one line, joined by the connectors that
//! occur inside English names (`of`, `for`, `and`, `de`, `al`, glued hyphens). A chunk is then
//! *segmented*: a gazetteer match for the whole wins; titles split it (`Russian President
//! Vladimir Putin` → NORP + PERSON); an organisation head word makes the whole chunk an ORG
//! (`Russian Academy of Sciences`) and a place head word a LOC (`Bering Sea`); otherwise it is
//! split at connectors and at gazetteer matches, and what remains unknown is classified from
//! cues (first-name list, surname list, context words such as `said`). Unknown guesses are
//! marked *weak* so the document-level consistency pass can override them.

use super::EntityKind;
use super::lexicon::{self, Lens, Lexicon, Node};
use super::tokens::{Class, Tok};
use crate::core::doc::text::words::{MONTHS, WEEKDAYS};

/// A recognised (or candidate) span in token indices.
#[derive(Debug, Clone)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    /// `None`: a capitalised phrase we could not type; consistency may type it later.
    pub kind: Option<EntityKind>,
    pub strong: bool,
}

impl Cand {
    pub fn new(start: usize, end: usize, kind: Option<EntityKind>, strong: bool) -> Self {
        Self {
            start,
            end,
            kind,
            strong,
        }
    }
}

/// Head words of names we do not annotate (works, laws, awards, events): they block the
/// whole phrase (`Arab Spring`, `Data Retention Bill`, `Paris Motor Show`).
pub const BLOCK_HEADS: &[&str] = &[
    "Act",
    "Bill",
    "Law",
    "Treaty",
    "Accord",
    "Accords",
    "Agreement",
    "Doctrine",
    "Prize",
    "Award",
    "Awards",
    "Medal",
    "War",
    "Spring",
    "Revolution",
    "Olympics",
    "Games",
    "Cup",
    "Show",
    "Festival",
    "Exposition",
    "Expo",
    "Fair",
    "Initiative",
    "Strategy",
    "Protocol",
    "Convention",
    "Championship",
    "Championships",
    "Tournament",
    "Marathon",
    "Summit",
];

/// First words of place names (`Mount Everest`, `Lake Baikal`, `Boulevard Montmartre`).
const LOC_FIRST: &[&str] = &[
    "Mount",
    "Mt.",
    "Lake",
    "Cape",
    "Gulf",
    "Bay",
    "Sea",
    "Isle",
    "Strait",
    "Boulevard",
    "Rue",
    "Avenue",
    "Piazza",
];

/// Lowercase particles inside personal names.
pub fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "van"
            | "von"
            | "da"
            | "di"
            | "del"
            | "della"
            | "du"
            | "dos"
            | "das"
            | "ter"
            | "bin"
            | "ibn"
            | "le"
            | "la"
    )
}

/// [`is_particle`] of `w` lowercased (`De Gaulle`, `VAN`); particles are ASCII, and no
/// non-ASCII letter lowercases to one of their letters, so only ASCII words can match.
fn is_particle_any_case(w: &str) -> bool {
    let mut buf = [0u8; 5];
    if w.len() > buf.len() || !w.is_ascii() {
        return false;
    }
    for (d, b) in buf.iter_mut().zip(w.bytes()) {
        *d = b.to_ascii_lowercase();
    }
    std::str::from_utf8(buf.get(..w.len()).unwrap_or_default()).is_ok_and(is_particle)
}

/// Capitalised tokens that are never names on their own.
const STOP_CAPS: &[&str] = &[
    "AM", "PM", "ET", "EST", "EDT", "PST", "PDT", "CST", "CDT", "GMT", "UTC", "BST", "OK", "TV",
    "CEO", "CFO", "COO", "CTO", "PhD", "MP", "MPs", "AI", "IT", "IP", "PR", "HR", "ID", "PDF",
    "FAQ", "GDP", "DNA", "VIP", "Q&A", "LGBT", "LGBTQ", "No.", "St.", "Jr.", "Sr.", "Inc.",
];

/// Words joining the parts of a name (`Bank of England`, `Leonardo da Vinci`). This and
/// [`is_temporal_word`] are `matches!` rather than slice scans: they run for most tokens of a
/// chunk, and string patterns of known length compile to integer compares, where a slice
/// scan calls `memcmp` for every entry of the same length.
fn is_connector_word(w: &str) -> bool {
    matches!(
        w,
        "of" | "for"
            | "and"
            | "&"
            | "de"
            | "del"
            | "della"
            | "di"
            | "da"
            | "du"
            | "des"
            | "la"
            | "le"
            | "van"
            | "von"
            | "der"
            | "den"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "on"
            | "y"
    )
}

/// Month and weekday names end a name chunk (`In June 2016`); `May` is left to context.
fn is_temporal_word(w: &str) -> bool {
    w != "May" && (MONTHS.contains(&w) || WEEKDAYS.contains(&w))
}

pub struct Chunker<'a> {
    pub lex: &'a Lexicon,
    pub src: &'a str,
    pub toks: &'a [Tok],
    pub buf: String,
    /// Per token: the phrase lengths ([`Lens`]) starting there, with bit 0 of `names` (never
    /// a match length) set once computed, so the memo starts zeroed. Chunking and segmenting
    /// ask about the same tokens several times.
    pub memo: Vec<Lens>,
    /// Per token: its phrase-vocabulary id slot ([`lexicon::UNSEEN_ID`] until asked).
    pub ids: Vec<u32>,
}

/// Reusable allocations of a [`Chunker`].
#[derive(Debug, Default)]
pub struct ChunkerBuffers {
    memo: Vec<Lens>,
    ids: Vec<u32>,
    buf: String,
}

/// Which phrase marks a length query is about.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Name,
    Title,
}

impl Mark {
    fn bits(self, l: &Lens) -> u64 {
        match self {
            Mark::Name => l.names,
            Mark::Title => l.titles,
        }
    }
    fn on(self, n: &Node<'_>) -> bool {
        match self {
            Mark::Name => n.name.is_some(),
            Mark::Title => n.title,
        }
    }
}

impl<'a> Chunker<'a> {
    /// A chunker over `toks` (from `src`) with an empty memo.
    pub fn new(lex: &'a Lexicon, src: &'a str, toks: &'a [Tok]) -> Self {
        Self::with_buffers(lex, src, toks, ChunkerBuffers::default())
    }

    /// A chunker reusing the allocations of `b` (cleared here).
    pub fn with_buffers(
        lex: &'a Lexicon,
        src: &'a str,
        toks: &'a [Tok],
        b: ChunkerBuffers,
    ) -> Self {
        let ChunkerBuffers {
            mut memo,
            mut ids,
            mut buf,
        } = b;
        memo.clear();
        memo.resize(toks.len(), Lens::default());
        ids.clear();
        ids.resize(toks.len(), lexicon::UNSEEN_ID);
        buf.clear();
        Self {
            lex,
            src,
            toks,
            buf,
            memo,
            ids,
        }
    }

    /// Gives the allocations back for reuse.
    pub fn into_buffers(self) -> ChunkerBuffers {
        ChunkerBuffers {
            memo: self.memo,
            ids: self.ids,
            buf: self.buf,
        }
    }

    /// The phrase-vocabulary id of token `j`, memoised.
    #[inline]
    fn id(
        ids: &mut [u32],
        lex: &Lexicon,
        src: &str,
        toks: &[Tok],
        buf: &mut String,
        j: usize,
    ) -> Option<u32> {
        let slot = ids.get_mut(j)?;
        if *slot == lexicon::UNSEEN_ID {
            let t = toks.get(j)?;
            *slot = lexicon::slot_of(lex.phrases.id_at(src, t.start, t.end, buf));
        }
        lexicon::id_slot(*slot)
    }

    /// The phrase lengths at token `i`, memoised (phrases must fit a bit set).
    #[inline]
    fn lens(&mut self, i: usize) -> Lens {
        if let Some(m) = self.memo.get(i)
            && m.names & 1 != 0
        {
            return *m;
        }
        let lex = self.lex;
        let mut l = Lens::default();
        // a cheap first check: most tokens start no phrase
        if Self::id(&mut self.ids, lex, self.src, self.toks, &mut self.buf, i).is_some() {
            let (ids, buf) = (&mut self.ids, &mut self.buf);
            lex.phrases.walk(
                self.toks,
                i,
                usize::MAX,
                |j| Self::id(ids, lex, self.src, self.toks, buf, j),
                |len, node, n| {
                    let bit = 1u64 << len;
                    if n.name.is_some() {
                        l.names |= bit;
                        l.longest = node;
                    }
                    if n.title {
                        l.titles |= bit;
                    }
                    if n.minor {
                        l.minor |= bit;
                    }
                },
            );
        }
        l.names |= 1;
        if let Some(m) = self.memo.get_mut(i) {
            *m = l;
        }
        l
    }

    /// The longest phrase with `mark` at token `i` ending by token `limit` (exclusive).
    fn len_at(&mut self, mark: Mark, i: usize, limit: usize) -> Option<usize> {
        if i >= self.toks.len() || limit <= i {
            return None;
        }
        let lex = self.lex;
        if lex.phrases.max_len > 62 {
            // phrases too long for a bit set (user entities): walk without the memo
            let (ids, buf) = (&mut self.ids, &mut self.buf);
            let mut best = None;
            lex.phrases.walk(
                self.toks,
                i,
                limit,
                |j| Self::id(ids, lex, self.src, self.toks, buf, j),
                |len, _, n| {
                    if mark.on(n) {
                        best = Some(len);
                    }
                },
            );
            return best;
        }
        let lens = mark.bits(&self.lens(i)) & !1;
        let allowed = limit - i;
        let lens = if allowed >= 63 {
            lens
        } else {
            lens & ((2u64 << allowed) - 1)
        };
        (lens != 0).then(|| 63 - lens.leading_zeros() as usize)
    }

    /// The trie node of exactly `toks[i..i + len]` (a length a walk found: no line break).
    fn node_at(&mut self, i: usize, len: usize) -> Option<Node<'a>> {
        let lex = self.lex;
        let mut node = lexicon::ROOT;
        for j in i..i.checked_add(len)? {
            let space = j > i && self.toks.get(j)?.space;
            let id = Self::id(&mut self.ids, lex, self.src, self.toks, &mut self.buf, j)?;
            node = lex.phrases.step(node, space, id)?;
        }
        lex.phrases.node(node)
    }

    /// The longest gazetteer name at token `i` ending by token `limit` (exclusive), memoised
    /// per token.
    pub fn name_at(&mut self, i: usize, limit: usize) -> Option<(usize, &'a EntityKind)> {
        let len = self.len_at(Mark::Name, i, limit)?;
        let node = match self.memo.get(i) {
            // usually the longest name there: its node is memoised
            Some(m) if m.names & 1 != 0 && 63 - m.names.leading_zeros() as usize == len => {
                self.lex.phrases.node(m.longest)
            }
            _ => self.node_at(i, len),
        };
        node?.name.map(|k| (len, k))
    }

    /// Is there a title phrase at token `i` ending by `limit`? Its length, memoised.
    pub fn title_at(&mut self, i: usize, limit: usize) -> Option<usize> {
        self.len_at(Mark::Title, i, limit)
    }

    /// Is `toks[s..s + len]` a minor place?
    fn minor(&mut self, s: usize, len: usize) -> bool {
        if self.lex.phrases.max_len > 62 {
            return self.node_at(s, len).is_some_and(|n| n.minor);
        }
        len < 64 && self.lens(s).minor & (1 << len) != 0
    }

    fn t(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }
    fn upper(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.class == Class::Upper)
    }
    fn line_ok(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.brk)
    }

    /// Is token `i` at the start of a sentence (or a line)?
    pub fn sentence_initial(&self, i: usize) -> bool {
        let mut p = i;
        loop {
            let Some(t) = self.toks.get(p) else {
                return true;
            };
            if t.brk {
                return true;
            }
            if p == 0 {
                return true;
            }
            let prev = self.t(p - 1);
            if matches!(
                prev,
                "“" | "\"" | "‘" | "'" | "(" | "[" | "—" | "–" | "-" | "•" | "*"
            ) {
                p -= 1;
                continue;
            }
            return matches!(prev, "." | "!" | "?" | ":" | "…" | ";" | "|")
                || prev.ends_with('.')
                    && prev.chars().count() > 2
                    && !prev.chars().all(|c| c.is_uppercase() || c == '.');
        }
    }

    /// Could a name start at token `i`?
    #[inline]
    pub fn starts_name(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        match t.class {
            Class::Upper => true,
            // particles are lowercase words too
            Class::Lower => {
                self.lex.is_lower_start(self.src, t)
                    || (self.upper(i + 1)
                        && is_particle(t.text(self.src))
                        && self.toks.get(i + 1).is_some_and(|t| t.space && !t.brk))
            }
            Class::Num | Class::Punct => false,
        }
    }

    /// The end of the chunk starting at `i` (exclusive).
    #[allow(clippy::many_single_char_names)]
    pub fn chunk_end(&mut self, i: usize) -> usize {
        let n = self.toks.len();
        let mut j = i + 1;
        if let Some((len, _)) = self.name_at(i, n) {
            j = i + len;
        }
        loop {
            if j >= n || !self.line_ok(j) {
                break;
            }
            if self.upper(j) {
                if is_temporal_word(self.t(j)) {
                    break;
                }
                if let Some((len, _)) = self.name_at(j, n) {
                    j += len;
                } else {
                    j += 1;
                }
                continue;
            }
            let w = self.t(j);
            // glued hyphen between capitalised parts: Israeli-Palestinian, Mercedes-Benz
            if w == "-"
                && !self.toks[j].space
                && self.toks.get(j + 1).is_some_and(|t| !t.space)
                && self.upper(j + 1)
            {
                j += 1;
                continue;
            }
            // corporate suffix after a comma: Systems, Inc.
            if w == ","
                && matches!(
                    self.t(j + 1),
                    "Inc." | "Ltd." | "LLC" | "Jr." | "Sr." | "Inc" | "Ltd"
                )
            {
                j += 2;
                continue;
            }
            // Ansar al-Sharia
            if matches!(w, "al" | "el" | "al-" | "bin") && self.t(j + 1) == "-" && self.upper(j + 2)
            {
                j += 3;
                continue;
            }
            if is_connector_word(w) {
                let mut k = j + 1;
                if matches!(w, "of" | "for" | "on") && matches!(self.t(k), "the" | "a") {
                    k += 1;
                }
                if k < n && self.line_ok(k) && self.upper(k) {
                    j = k;
                    continue;
                }
            }
            break;
        }
        // never end on a connector or hyphen
        while j > i + 1
            && !self.upper(j - 1)
            && !self
                .t(j - 1)
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            && !self.t(j - 1).ends_with('.')
        {
            j -= 1;
        }
        j
    }

    fn is_connector(&self, i: usize) -> bool {
        let w = self.t(i);
        is_connector_word(w) || w == "-" || w == "the" || w == "a" || w == ","
    }

    fn org_head(&self, i: usize) -> bool {
        self.lex.org_heads.contains(self.t(i))
    }

    fn block_head(&self, i: usize) -> bool {
        BLOCK_HEADS.contains(&self.t(i))
    }

    /// Segments the chunk `[s, e)` into candidates.
    #[allow(clippy::too_many_lines)] // the ordered decision list reads best in one place
    pub fn segment(&mut self, s: usize, e: usize, out: &mut Vec<Cand>) {
        let mut s = s;
        while s < e && self.is_connector(s) && !self.starts_name(s) {
            s += 1;
        }
        let mut e = e;
        while e > s && self.is_connector(e - 1) {
            e -= 1;
        }
        if s >= e {
            return;
        }
        let n = self.toks.len();
        let whole = self.name_at(s, e).map(|(l, k)| (l, k.clone()));
        if let Some((len, kind)) = &whole
            && s + len == e
        {
            out.push(Cand::new(s, e, Some(kind.clone()), true));
            return;
        }
        // a leading "The" is kept only by a gazetteer match (handled above)
        if self.t(s) == "The" {
            self.segment(s + 1, e, out);
            return;
        }
        // names of works, laws, awards and events block everything inside (rule 2)
        if (s..e).any(|k| {
            (k + 1 == e || matches!(self.t(k + 1), "of" | "for" | "on")) && self.block_head(k)
        }) {
            out.push(Cand::new(s, e, None, false));
            return;
        }
        // a known company followed by a country is a subsidiary: Yahoo Japan
        if let Some((len, EntityKind::Org)) = &whole
            && let Some((l2, EntityKind::Gpe)) = self.name_at(s + len, e)
            && s + len + l2 == e
        {
            out.push(Cand::new(s, e, Some(EntityKind::Org), true));
            return;
        }
        // titles inside the chunk
        for p in s..e {
            if let Some(len) = self.title_at(p, e) {
                // a gazetteer name starting earlier and covering the title wins (General Motors)
                if whole.as_ref().is_some_and(|(l, _)| s + *l > p) {
                    continue;
                }
                let r = p + len;
                // an office title "of" something: only the names inside count (rule 12)
                if r < e && matches!(self.t(r), "of" | "for") {
                    self.segment(s, p, out);
                    self.segment(r + 1, e, out);
                    return;
                }
                if r < e && (self.upper(r) || self.t(r) == "-") && !(r..e).any(|k| self.org_head(k))
                {
                    self.segment(s, p, out);
                    let mut rs = r;
                    while rs < e && !self.upper(rs) {
                        rs += 1;
                    }
                    // after a title, a short capitalised run is the name (Leader Bill Shorten)
                    if e - rs <= 3 {
                        Self::person(rs, e, out);
                    } else if !self.person_or_more(rs, e, out) {
                        Self::person(rs, rs + 1, out);
                        self.segment(rs + 1, e, out);
                    }
                    return;
                }
                if r == e {
                    self.segment(s, p, out);
                    return;
                }
            }
        }
        // organisation heads: X Academy of Sciences, Ministry of Y, Z Corporation
        let heads: Vec<usize> = (s..e).filter(|&k| self.org_head(k)).collect();
        if let Some(&h) = heads.last() {
            let last = e - 1;
            let tail_ok = h == last
                || matches!(self.t(h + 1), "of" | "for" | "on" | "and" | "&")
                || (self.t(last).ends_with('.') && h + 3 >= e);
            if tail_ok && e - s >= 2 {
                // "Alibaba Group and Yahoo Japan": a head right before "and" closes the name
                if let Some(&h0) = heads
                    .iter()
                    .find(|&&k| k > s && k + 1 < last && matches!(self.t(k + 1), "and" | "&"))
                {
                    self.segment(s, h0 + 1, out);
                    self.segment(h0 + 2, e, out);
                    return;
                }
                // "… and Russia", "Kirsten Luce for The New York Times": a final coordinated or
                // attached known name is separate when the part before it has no head
                for p in (s + 1..e).rev() {
                    if matches!(self.t(p), "and" | "for" | "of" | "&") {
                        if let Some((len, kind)) = self.name_at(p + 1, e)
                            && p + 1 + len == e
                        {
                            let left_headed = (s..p).any(|k| self.org_head(k));
                            let split = if self.t(p) == "and" {
                                *kind != EntityKind::Org
                            } else {
                                *kind == EntityKind::Org && !left_headed
                            };
                            if split {
                                self.segment(s, p, out);
                                self.segment(p + 1, e, out);
                                return;
                            }
                        }
                        if self.t(p) == "and" {
                            break;
                        }
                    }
                }
                out.push(Cand::new(s, e, Some(EntityKind::Org), true));
                return;
            }
        }
        // place heads: Bering Sea, Stewart Island; Mount X, Lake X, Gulf of X
        if e - s >= 2 {
            let last = self.t(e - 1);
            let first = self.t(s);
            if (self.lex.loc_heads.contains(last) && !matches!(last, "Mount" | "Mt." | "Cape"))
                || LOC_FIRST.contains(&first)
            {
                out.push(Cand::new(s, e, Some(EntityKind::Loc), true));
                return;
            }
        }
        // split at connectors
        for p in s + 1..e {
            let w = self.t(p);
            if matches!(w, "and" | "&" | "of" | "for" | "on" | "-" | ",") {
                self.segment(s, p, out);
                self.segment(p + 1, e, out);
                return;
            }
        }
        // name particles start a person: de Miranda, van Gogh
        if is_particle_any_case(self.t(s)) && e - s >= 2 && whole.is_none() {
            Self::person(s, e, out);
            return;
        }
        let major = whole.clone().filter(|(l, _)| !self.minor(s, *l));
        // a first name not itself a major place starts a person: Samuel Bendett, Chang W. Lee
        let first_is_name = self.lex.first.contains(self.t(s));
        if first_is_name && major.is_none() && e - s >= 2 && self.person_or_more(s, e, out) {
            return;
        }
        // gazetteer matches inside (minor places do not split a phrase)
        if let Some((len, kind)) = major {
            out.push(Cand::new(s, s + len, Some(kind), true));
            self.segment(s + len, e, out);
            return;
        }
        for p in s + 1..e {
            if let Some((len, _)) = self.name_at(p, e.min(n))
                && p + len <= e
                && !self.minor(p, len)
            {
                self.unknown(s, p, out);
                self.segment(p, e, out);
                return;
            }
        }
        self.unknown(s, e, out);
    }

    /// A person name at `s` (first name, initials, surnames: at most four tokens), then
    /// whatever follows it. Returns false (emitting nothing) if no name could be taken.
    fn person_or_more(&mut self, s: usize, e: usize, out: &mut Vec<Cand>) -> bool {
        if s >= e {
            return false;
        }
        let mut pe = s + 1;
        while pe < e
            && pe < s + 4
            && (self.is_initial(pe)
                || self.t(pe) == "-"
                || matches!(self.t(pe), "Jr." | "Sr." | "II" | "III" | "IV")
                || !self.lex.is_word(self.t(pe))
                || self.lex.last.contains(self.t(pe)))
        {
            pe += 1;
        }
        if pe == s + 1 && e > s + 1 {
            // a first name alone before ordinary words: not a person by itself
            if self.lex.first.contains(self.t(s)) {
                return false;
            }
        }
        Self::person(s, pe, out);
        self.segment(pe, e, out);
        true
    }

    fn person(s: usize, e: usize, out: &mut Vec<Cand>) {
        if s < e {
            out.push(Cand::new(s, e, Some(EntityKind::Person), true));
        }
    }

    fn is_initial(&self, i: usize) -> bool {
        let w = self.t(i);
        w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() == 1
    }

    /// Classifies a chunk with no gazetteer or head-word evidence.
    #[allow(clippy::too_many_lines)]
    fn unknown(&mut self, s: usize, e: usize, out: &mut Vec<Cand>) {
        if s >= e {
            return;
        }
        let words: Vec<usize> = (s..e).filter(|&k| self.toks[k].is_word()).collect();
        if words.is_empty() {
            return;
        }
        let ordinary: Vec<bool> = words.iter().map(|&k| self.lex.is_word(self.t(k))).collect();
        let prev = s.checked_sub(1).map_or("", |p| self.t(p));
        let next = self.t(e);
        let said = matches!(prev, "said" | "says" | "told" | "by" | "wrote")
            || matches!(
                next,
                "said" | "says" | "told" | "wrote" | "added" | "explained"
            );
        if words.len() == 1 {
            let w = self.t(s);
            if STOP_CAPS.contains(&w) || w.chars().count() == 1 {
                out.push(Cand::new(s, e, None, false));
                return;
            }
            // ALL-CAPS lines and datelines: CAIRO
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 3 && w.chars().all(|c| !c.is_lowercase()) {
                let mut title = String::new();
                for (n, c) in w.chars().enumerate() {
                    if n == 0 {
                        title.push(c);
                    } else {
                        title.extend(c.to_lowercase());
                    }
                }
                if let Some(kind) = self.lex.phrases.single(&title).and_then(|n| n.name) {
                    out.push(Cand::new(s, e, Some(kind.clone()), true));
                    return;
                }
            }
            // plural acronyms: CEOs, NGOs
            if w.ends_with('s') && w.len() >= 3 && w.chars().rev().skip(1).all(char::is_uppercase) {
                out.push(Cand::new(s, e, None, false));
                return;
            }
            let caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.chars().all(|c| !c.is_lowercase());
            if caps && w.len() >= 3 && !self.lex.is_word(w) {
                out.push(Cand::new(s, e, Some(EntityKind::Org), false));
                return;
            }
            if ordinary[0] && !said {
                out.push(Cand::new(s, e, None, false));
                return;
            }
            if caps || (!said && self.lex.first.contains(w) && !self.lex.last.contains(w)) {
                out.push(Cand::new(s, e, None, false));
                return;
            }
            let place_cue = matches!(prev, "in" | "near" | "from" | "outside")
                || (prev == "of"
                    && s >= 2
                    && matches!(
                        self.t(s - 2),
                        "city"
                            | "town"
                            | "village"
                            | "province"
                            | "state"
                            | "region"
                            | "county"
                            | "capital"
                    ));
            let kind = if place_cue && !self.lex.last.contains(w) {
                EntityKind::Gpe
            } else if said || self.lex.last.contains(w) {
                EntityKind::Person
            } else {
                EntityKind::Org
            };
            out.push(Cand::new(s, e, Some(kind), false));
            return;
        }
        if ordinary.iter().all(|&o| o) || words.iter().all(|&k| STOP_CAPS.contains(&self.t(k))) {
            out.push(Cand::new(s, e, None, false));
            return;
        }
        let last_w = self.t(e - 1);
        let personish = self.lex.first.contains(self.t(s))
            || self.lex.last.contains(last_w)
            || (s + 1..e).any(|k| self.is_initial(k))
            || said;
        if personish || !ordinary.iter().any(|&o| o) {
            out.push(Cand::new(s, e, Some(EntityKind::Person), personish));
        } else {
            out.push(Cand::new(s, e, Some(EntityKind::Org), false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_in_any_case_but_only_whole_words() {
        for w in ["de", "De", "VAN", "della", "Ibn"] {
            assert!(is_particle_any_case(w), "{w}");
        }
        for w in ["", "d", "Dell", "dé", "Delladella", "deﬁ"] {
            assert!(!is_particle_any_case(w), "{w}");
        }
    }
}
