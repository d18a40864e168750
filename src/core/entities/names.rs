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
use super::lexicon::Lexicon;
use super::tokens::{Class, Tok};

/// A recognised (or candidate) span in token indices.
#[derive(Debug, Clone)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    /// `None`: a capitalised phrase we could not type; consistency may type it later.
    pub kind: Option<EntityKind>,
    pub strong: bool,
}

const CONNECTORS: &[&str] = &[
    "of", "for", "and", "&", "de", "del", "della", "di", "da", "du", "des", "la", "le", "van",
    "von", "der", "den", "bin", "ibn", "al", "el", "on", "y",
];

pub struct Chunker<'a> {
    pub lex: &'a Lexicon,
    pub src: &'a str,
    pub toks: &'a [Tok],
    pub buf: String,
}

impl Chunker<'_> {
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
    pub fn starts_name(&self, i: usize) -> bool {
        self.upper(i)
            || self
                .toks
                .get(i)
                .is_some_and(|t| self.lex.is_lower_start(self.src, t))
    }

    /// The end of the chunk starting at `i` (exclusive).
    #[allow(clippy::many_single_char_names)]
    pub fn chunk_end(&mut self, i: usize) -> usize {
        let n = self.toks.len();
        let mut j = i + 1;
        if let Some((len, _)) = self
            .lex
            .names
            .longest_at(self.src, self.toks, i, n, &mut self.buf)
        {
            j = i + len;
        }
        loop {
            if j >= n || !self.line_ok(j) {
                break;
            }
            if self.upper(j) {
                if let Some((len, _)) =
                    self.lex
                        .names
                        .longest_at(self.src, self.toks, j, n, &mut self.buf)
                {
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
            if CONNECTORS.contains(&w) {
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
        CONNECTORS.contains(&w) || w == "-" || w == "the" || w == "a" || w == ","
    }

    fn org_head(&self, i: usize) -> bool {
        self.lex.org_heads.contains(self.t(i))
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
        let whole = self
            .lex
            .names
            .longest_at(self.src, self.toks, s, e, &mut self.buf)
            .map(|(l, k)| (l, k.clone()));
        if let Some((len, kind)) = &whole
            && s + len == e
        {
            out.push(Cand {
                start: s,
                end: e,
                kind: Some(kind.clone()),
                strong: true,
            });
            return;
        }
        // a leading "The" is kept only by a gazetteer match (handled above)
        if self.t(s) == "The" {
            self.segment(s + 1, e, out);
            return;
        }
        // titles inside the chunk
        for p in s..e {
            if let Some((len, ())) =
                self.lex
                    .titles
                    .longest_at(self.src, self.toks, p, e, &mut self.buf)
            {
                // a gazetteer name starting earlier and covering the title wins (General Motors)
                if p == s && whole.as_ref().is_some_and(|(l, _)| *l > len) {
                    continue;
                }
                let r = p + len;
                if r < e && (self.upper(r) || self.t(r) == "-") && !(r..e).any(|k| self.org_head(k))
                {
                    self.segment(s, p, out);
                    let mut rs = r;
                    while rs < e && !self.upper(rs) {
                        rs += 1;
                    }
                    Self::person(rs, e, out);
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
                out.push(Cand {
                    start: s,
                    end: e,
                    kind: Some(EntityKind::Org),
                    strong: true,
                });
                return;
            }
        }
        // place heads: Bering Sea, Stewart Island; Mount X, Lake X, Gulf of X
        if e - s >= 2 {
            let last = self.t(e - 1);
            let first = self.t(s);
            if (self.lex.loc_heads.contains(last) && !matches!(last, "Mount" | "Mt." | "Cape"))
                || (matches!(
                    first,
                    "Mount" | "Mt." | "Lake" | "Cape" | "Gulf" | "Bay" | "Sea" | "Isle" | "Strait"
                ))
            {
                out.push(Cand {
                    start: s,
                    end: e,
                    kind: Some(EntityKind::Loc),
                    strong: true,
                });
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
        // a first name not itself a place starts a person: Samuel Bendett, Chang W. Lee
        let first_is_name = self.lex.first.contains(self.t(s));
        if first_is_name && whole.is_none() && e - s >= 2 {
            Self::person(s, e, out);
            return;
        }
        // gazetteer matches inside
        if let Some((len, kind)) = whole {
            out.push(Cand {
                start: s,
                end: s + len,
                kind: Some(kind),
                strong: true,
            });
            self.segment(s + len, e, out);
            return;
        }
        for p in s + 1..e {
            if let Some((len, _)) =
                self.lex
                    .names
                    .longest_at(self.src, self.toks, p, e.min(n), &mut self.buf)
                && p + len <= e
            {
                self.unknown(s, p, out);
                self.segment(p, e, out);
                return;
            }
        }
        self.unknown(s, e, out);
    }

    fn person(s: usize, e: usize, out: &mut Vec<Cand>) {
        if s < e {
            out.push(Cand {
                start: s,
                end: e,
                kind: Some(EntityKind::Person),
                strong: true,
            });
        }
    }

    fn is_initial(&self, i: usize) -> bool {
        let w = self.t(i);
        w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() == 1
    }

    /// Classifies a chunk with no gazetteer or head-word evidence.
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
            let caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.chars().all(|c| !c.is_lowercase());
            if caps {
                out.push(Cand {
                    start: s,
                    end: e,
                    kind: Some(EntityKind::Org),
                    strong: false,
                });
                return;
            }
            if ordinary[0] && !said {
                out.push(Cand {
                    start: s,
                    end: e,
                    kind: None,
                    strong: false,
                });
                return;
            }
            let kind = if said || self.lex.last.contains(w) || self.lex.first.contains(w) {
                EntityKind::Person
            } else {
                EntityKind::Org
            };
            out.push(Cand {
                start: s,
                end: e,
                kind: Some(kind),
                strong: false,
            });
            return;
        }
        if ordinary.iter().all(|&o| o) {
            out.push(Cand {
                start: s,
                end: e,
                kind: None,
                strong: false,
            });
            return;
        }
        let last_w = self.t(e - 1);
        let personish = self.lex.first.contains(self.t(s))
            || self.lex.last.contains(last_w)
            || (s + 1..e).any(|k| self.is_initial(k))
            || said;
        if personish || !ordinary.iter().any(|&o| o) {
            out.push(Cand {
                start: s,
                end: e,
                kind: Some(EntityKind::Person),
                strong: personish,
            });
        } else {
            out.push(Cand {
                start: s,
                end: e,
                kind: Some(EntityKind::Org),
                strong: false,
            });
        }
    }
}
