//! Re-anchoring: finding an annotation's passage again in a text that may have changed.
//!
//! Three tiers, cheapest and most certain first, as Hypothesis does it:
//!
//! 1. **Exact** — the stored byte range still holds the quoted text (a re-anchor stores the
//!    quote as the text now reads, so this holds on every later open).
//! 2. **Moved** — the quote occurs verbatim elsewhere. Occurrences whose 32-character prefix
//!    and suffix still match win, closest to the expected position; otherwise occurrences are
//!    ranked by context similarity and then position.
//! 3. **Fuzzy** — an approximate match of the quote within a bounded edit distance (a third of
//!    its length, at most 256), found with Myers' bit-parallel algorithm (multi-word, so quotes
//!    of any length), first in a window around the expected position and, within a work
//!    budget, in the whole text. Candidates are scored like Hypothesis / diff-match-patch
//!    `match_main`: quote similarity 50, prefix 20, suffix 20, position 2; a candidate scoring
//!    under half is not accepted.
//!
//! Whatever cannot be placed is an **orphan**: reported, never dropped. Matching is done over
//! code points so that ranges always fall on `char` boundaries; results are byte ranges into
//! the text, like [`TextPosition`].
//!
//! [`anchor_all`] walks the notes in their stored order and predicts each one's position from
//! the shift observed on the previous one, so an insertion near the top of a long article does
//! not push every later note out of its search window.

use std::collections::HashMap;
use std::ops::Range;

use crate::core::doc::annotation::{
    Annotation, Placement, TextPosition, TextQuote, first_chars, last_chars,
};

/// Where (and how confidently) an annotation was placed in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchoring {
    /// The stored position still holds the quote.
    Exact(Range<usize>),
    /// The quote was found verbatim at another position.
    Moved(Range<usize>),
    /// An approximate match of the quote (the passage was edited).
    Fuzzy(Range<usize>),
    /// Nowhere to be found: keep the annotation, show it as an orphan.
    Orphan,
}

impl Anchoring {
    /// The byte range in the new text, unless orphaned.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Self::Exact(r) | Self::Moved(r) | Self::Fuzzy(r) => Some(r.clone()),
            Self::Orphan => None,
        }
    }

    pub fn is_orphan(&self) -> bool {
        matches!(self, Self::Orphan)
    }
}

/// One annotation's anchoring, in the order the annotations were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchored {
    pub id: String,
    pub anchoring: Anchoring,
}

/// How much a set of annotations drifted when their text changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DriftReport {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    pub orphaned: usize,
}

impl DriftReport {
    pub fn total(&self) -> usize {
        self.exact + self.moved + self.fuzzy + self.orphaned
    }

    /// Whether every annotation is where it was.
    pub fn is_clean(&self) -> bool {
        self.moved + self.fuzzy + self.orphaned == 0
    }

    fn count(&mut self, a: &Anchoring) {
        match a {
            Anchoring::Exact(_) => self.exact += 1,
            Anchoring::Moved(_) => self.moved += 1,
            Anchoring::Fuzzy(_) => self.fuzzy += 1,
            Anchoring::Orphan => self.orphaned += 1,
        }
    }

    /// One line for a status bar: `12 notes: 10 exact, 1 moved, 1 orphaned` (zero counts other
    /// than `exact` are left out; `no notes` when empty).
    pub fn summary(&self) -> String {
        let total = self.total();
        if total == 0 {
            return "no notes".to_owned();
        }
        let mut parts = vec![format!("{} exact", self.exact)];
        for (n, label) in [
            (self.moved, "moved"),
            (self.fuzzy, "fuzzy"),
            (self.orphaned, "orphaned"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {label}"));
            }
        }
        let noun = if total == 1 { "note" } else { "notes" };
        format!("{total} {noun}: {}", parts.join(", "))
    }
}

/// Quotes shorter than this (in code points) are only matched verbatim.
pub const MIN_FUZZY_CHARS: usize = 5;
/// The most edit errors a fuzzy match may have.
pub const MAX_FUZZY_ERRORS: usize = 256;
/// Minimum normalised score (0..=1) for a fuzzy candidate.
const MIN_SCORE: f64 = 0.5;
/// Work budget (text chars × pattern words) for whole-text fuzzy searches in one
/// [`anchor_all`] call: about eight whole-text searches of a 1 MB text (≈ 10 ms each in
/// release; `benches/anchor.rs` times 300 orphans, which spend all of it, at ≈ 0.1 s).
pub const FULL_SEARCH_BUDGET: usize = 8 << 20;

/// Places one annotation in `text`.
pub fn anchor(text: &str, ann: &Annotation) -> Anchoring {
    let mut budget = FULL_SEARCH_BUDGET;
    if let Some(r) = exact_in_place(text, ann) {
        return Anchoring::Exact(r);
    }
    let occurrences = find_all(text, &ann.quote.exact);
    relocate(
        text,
        &ann.quote,
        ann.position.start,
        &occurrences,
        &mut budget,
    )
}

/// Places every annotation in `text` (results in input order) and counts the drift.
pub fn anchor_all(text: &str, anns: &[Annotation]) -> (Vec<Anchored>, DriftReport) {
    anchor_all_in(text, anns)
}

/// One annotation after [`reanchor`]: where it now is, and whether that must be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// With its new position, the quote as the text now reads there (the old one kept in
    /// `original`), and the text's fingerprint.
    pub annotation: Annotation,
    /// How it stands (never [`Anchoring::Orphan`]): a note placed by a moved or fuzzy match
    /// stays `Moved`/`Fuzzy` on later opens until the user confirms it.
    pub anchoring: Anchoring,
    /// Whether anything stored changed: the shell saves it (`Store::update_anchor`).
    pub changed: bool,
}

/// A document's stored annotations placed in its current text (see [`reanchor`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reanchored {
    /// The annotations that were found, in document order of their new positions.
    pub placed: Vec<Placed>,
    /// The ones that were not, exactly as stored apart from their placement (never dropped),
    /// in document order of their stored positions.
    pub orphans: Vec<Annotation>,
    /// Ids of the orphans that were placed before this text: the shell records them as
    /// orphans, so that they stay orphans until the user re-attaches them.
    pub newly_orphaned: Vec<String>,
    pub report: DriftReport,
}

/// Opening a document with its notes: re-anchors the `stored` annotations in `text`, moves
/// each one found to its new position and to `fingerprint`, marks which changed, and sorts
/// both groups into document order. `fingerprint` must be `document::fingerprint(text)`.
///
/// What gloss shows and exports must agree with the text: a note found at a new place gets
/// the quote the text holds there (`text[position] == quote.exact`), a fuzzy match widened to
/// whole words first; the quote the user made is kept in `original`. A stored orphan is not
/// looked for: it stays an orphan until the user places it.
pub fn reanchor(text: &str, fingerprint: &str, stored: Vec<Annotation>) -> Reanchored {
    let (sticky, live): (Vec<Annotation>, Vec<Annotation>) = stored
        .into_iter()
        .partition(|a| a.placement == Placement::Orphan);
    let (anchored, _) = anchor_all_in(text, &live);
    let mut out = Reanchored {
        orphans: sticky,
        ..Reanchored::default()
    };
    for (mut annotation, how) in live.into_iter().zip(anchored) {
        let (range, found) = match how.anchoring {
            Anchoring::Orphan => {
                annotation.placement = Placement::Orphan;
                out.newly_orphaned.push(annotation.id.clone());
                out.orphans.push(annotation);
                continue;
            }
            Anchoring::Exact(r) => (r, Placement::Confirmed),
            Anchoring::Moved(r) => (r, Placement::Moved),
            Anchoring::Fuzzy(r) => (snap_to_words(text, r), Placement::Fuzzy),
        };
        let pos = TextPosition::from(range.clone());
        let mut changed = pos != annotation.position || annotation.doc.fingerprint != fingerprint;
        if found != Placement::Confirmed
            && let Ok(quote) = TextQuote::from_text(text, range.clone())
        {
            let original = annotation
                .original
                .get_or_insert_with(|| annotation.quote.clone());
            annotation.similarity = Some(percent(similarity(&original.exact, &quote.exact)));
            annotation.quote = quote;
            annotation.placement = annotation.placement.max(found);
            changed = true;
        }
        if changed {
            annotation.position = pos;
            fingerprint.clone_into(&mut annotation.doc.fingerprint);
        }
        let anchoring = match annotation.placement {
            Placement::Moved => Anchoring::Moved(range),
            Placement::Fuzzy => Anchoring::Fuzzy(range),
            Placement::Confirmed | Placement::Orphan => Anchoring::Exact(range),
        };
        out.placed.push(Placed {
            annotation,
            anchoring,
            changed,
        });
    }
    for p in &out.placed {
        out.report.count(&p.anchoring);
    }
    out.report.orphaned = out.orphans.len();
    out.placed
        .sort_by(|a, b| document_order(&a.annotation, &b.annotation));
    out.orphans.sort_by(document_order);
    out
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a similarity in 0..=1, rounded to a percentage"
)]
fn percent(sim: f64) -> u8 {
    (sim.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// Widens `r` so both ends fall on word edges (a fuzzy match can end mid-word: `…is de`),
/// then trims white space at both ends; a range that would become empty is left as it was.
pub fn snap_to_words(text: &str, r: Range<usize>) -> Range<usize> {
    use unicode_segmentation::UnicodeSegmentation as _;
    // Word boundaries only need local context: a window from a space before to a space after.
    let lo = text
        .get(..r.start)
        .and_then(|b| b.rfind(char::is_whitespace))
        .unwrap_or(0);
    let hi = text
        .get(r.end..)
        .and_then(|a| a.find(char::is_whitespace))
        .map_or(text.len(), |i| r.end + i);
    let Some(window) = text.get(lo..hi) else {
        return r;
    };
    let mut start = r.start;
    let mut end = r.end;
    for (i, w) in window.split_word_bound_indices() {
        let (ws, we) = (lo + i, lo + i + w.len());
        if ws < r.start && r.start < we {
            start = ws;
        }
        if ws < r.end && r.end < we {
            end = we;
        }
    }
    let Some(slice) = text.get(start..end) else {
        return r;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return r;
    }
    start + lead..end - trail
}

/// By position, then id (the order of `notes::sort_in_document_order`).
fn document_order(a: &Annotation, b: &Annotation) -> std::cmp::Ordering {
    (a.position.start, a.position.end, &a.id).cmp(&(b.position.start, b.position.end, &b.id))
}

/// [`anchor_all`]'s work.
fn anchor_all_in(text: &str, anns: &[Annotation]) -> (Vec<Anchored>, DriftReport) {
    let mut order: Vec<usize> = (0..anns.len()).collect();
    order.sort_by_key(|&i| anns.get(i).map(|a| (a.position.start, a.position.end)));
    let mut results: Vec<Option<Anchoring>> = vec![None; anns.len()];
    let mut budget = FULL_SEARCH_BUDGET;
    let mut shift: isize = 0;
    let in_place: Vec<Option<Range<usize>>> =
        anns.iter().map(|a| exact_in_place(text, a)).collect();
    // Every quote that needs looking for, found in one pass over the text.
    let wanted: Vec<&str> = anns
        .iter()
        .zip(&in_place)
        .filter(|(a, r)| r.is_none() && !a.quote.exact.is_empty())
        .map(|(a, _)| a.quote.exact.as_str())
        .collect();
    let occurrences = find_all_many(text, &wanted);
    for i in order {
        let (Some(a), Some(placed)) = (anns.get(i), in_place.get(i)) else {
            continue;
        };
        let hint = a
            .position
            .start
            .saturating_add_signed(shift)
            .min(text.len());
        let res = if let Some(r) = placed {
            Anchoring::Exact(r.clone())
        } else {
            let occ = occurrences
                .get(a.quote.exact.as_str())
                .map_or(&[][..], Vec::as_slice);
            relocate(text, &a.quote, hint, occ, &mut budget)
        };
        if let Some(r) = res.range() {
            shift = signed_diff(r.start, a.position.start);
        }
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(res);
        }
    }
    let mut report = DriftReport::default();
    let anchored = anns
        .iter()
        .zip(results)
        .map(|(a, r)| {
            let anchoring = r.unwrap_or(Anchoring::Orphan);
            report.count(&anchoring);
            Anchored {
                id: a.id.clone(),
                anchoring,
            }
        })
        .collect();
    (anchored, report)
}

fn signed_diff(a: usize, b: usize) -> isize {
    if a >= b {
        isize::try_from(a - b).unwrap_or(isize::MAX)
    } else {
        isize::try_from(b - a).map_or(isize::MIN, |d| -d)
    }
}

/// Tier 1: the stored range, if it still holds the quote. (Nothing else counts as exact: a
/// re-anchor stores the quote the text holds, so a stored range that disagrees with its quote
/// is stale — an import's orphan, or a note from before gloss kept the two in step.)
fn exact_in_place(text: &str, ann: &Annotation) -> Option<Range<usize>> {
    if ann.quote.exact.is_empty() {
        return None;
    }
    let r = ann.position.range();
    (text.get(r.clone())? == ann.quote.exact).then_some(r)
}

/// Tiers 2 and 3, given the verbatim occurrences (start offsets) of the quote.
fn relocate(
    text: &str,
    quote: &TextQuote,
    hint: usize,
    occurrences: &[usize],
    budget: &mut usize,
) -> Anchoring {
    if quote.exact.is_empty() {
        return Anchoring::Orphan;
    }
    if let Some(r) = best_verbatim(text, quote, hint, occurrences) {
        return Anchoring::Moved(r);
    }
    fuzzy(text, quote, hint, budget).map_or(Anchoring::Orphan, Anchoring::Fuzzy)
}

/// Start offsets of every (possibly overlapping) occurrence of `needle`.
fn find_all(text: &str, needle: &str) -> Vec<usize> {
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(needle)) {
        let start = from + found;
        out.push(start);
        from = start + step;
    }
    out
}

/// [`find_all`] for many needles in one pass (Aho-Corasick, overlapping), sorted per needle.
fn find_all_many<'a>(text: &str, needles: &[&'a str]) -> HashMap<&'a str, Vec<usize>> {
    let mut distinct: Vec<&str> = needles.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
    if distinct.is_empty() {
        // nothing to look for: an automaton with no patterns would still read the whole text
        return out;
    }
    match aho_corasick::AhoCorasick::new(&distinct) {
        Ok(ac) => {
            for m in ac.find_overlapping_iter(text) {
                if let Some(n) = distinct.get(m.pattern().as_usize()) {
                    out.entry(n).or_default().push(m.start());
                }
            }
            for v in out.values_mut() {
                v.sort_unstable();
            }
        }
        Err(_) => {
            for n in distinct {
                out.insert(n, find_all(text, n));
            }
        }
    }
    out
}

/// Tier 2: the best verbatim occurrence of the quote.
fn best_verbatim(
    text: &str,
    quote: &TextQuote,
    hint: usize,
    occurrences: &[usize],
) -> Option<Range<usize>> {
    let exact = quote.exact.as_str();
    if occurrences.is_empty() {
        return None;
    }
    let dist = |s: usize| s.abs_diff(hint);
    let with_context = occurrences
        .iter()
        .copied()
        .filter(|&s| {
            text.get(..s).is_some_and(|b| b.ends_with(&quote.prefix))
                && text
                    .get(s + exact.len()..)
                    .is_some_and(|a| a.starts_with(&quote.suffix))
        })
        .min_by_key(|&s| dist(s));
    let start = with_context.or_else(|| {
        occurrences
            .iter()
            .copied()
            .map(|s| (score(text, quote, s..s + exact.len(), 1.0, hint), s))
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| dist(b.1).cmp(&dist(a.1))))
            .map(|(_, s)| s)
    })?;
    Some(start..start + exact.len())
}

/// The Hypothesis-style score of a candidate `range` whose quote similarity is `quote_sim`.
fn score(text: &str, quote: &TextQuote, range: Range<usize>, quote_sim: f64, hint: usize) -> f64 {
    let before = text.get(..range.start).unwrap_or("");
    let after = text.get(range.end..).unwrap_or("");
    let prefix_sim = similarity(
        &quote.prefix,
        last_chars(before, quote.prefix.chars().count()),
    );
    let suffix_sim = similarity(
        &quote.suffix,
        first_chars(after, quote.suffix.chars().count()),
    );
    #[allow(clippy::cast_precision_loss)]
    let pos_sim = 1.0 - range.start.abs_diff(hint) as f64 / text.len().max(1) as f64;
    (50.0 * quote_sim + 20.0 * prefix_sim + 20.0 * suffix_sim + 2.0 * pos_sim) / 92.0
}

/// 1 − normalised edit distance (1 for two empty strings).
fn similarity(expected: &str, found: &str) -> f64 {
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = found.chars().collect();
    let n = a.len().max(b.len());
    if n == 0 {
        return 1.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let s = 1.0 - levenshtein(&a, &b) as f64 / n as f64;
    s
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// Tier 3: approximate search, windowed first, then (budget permitting) everywhere.
fn fuzzy(text: &str, quote: &TextQuote, hint: usize, budget: &mut usize) -> Option<Range<usize>> {
    let pattern: Vec<char> = quote.exact.chars().collect();
    let m = pattern.len();
    if m < MIN_FUZZY_CHARS {
        return None;
    }
    let max_errors = (m / 3).clamp(1, MAX_FUZZY_ERRORS);
    let pat = Pattern::new(&pattern);
    let margin = (4 * quote.exact.len()).max(4096);
    let lo = floor_boundary(text, hint.saturating_sub(margin));
    let hi = ceil_boundary(text, hint.saturating_add(quote.exact.len() + margin));
    if let Some(r) = fuzzy_in(text, lo..hi, quote, &pat, max_errors, hint) {
        return Some(r);
    }
    if lo == 0 && hi == text.len() {
        return None;
    }
    let cost = text.len().saturating_mul(pat.blocks);
    if cost > *budget {
        return None;
    }
    *budget -= cost;
    fuzzy_in(text, 0..text.len(), quote, &pat, max_errors, hint)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn fuzzy_in(
    text: &str,
    window: Range<usize>,
    quote: &TextQuote,
    pat: &Pattern,
    max_errors: usize,
    hint: usize,
) -> Option<Range<usize>> {
    let slice = text.get(window.clone())?;
    // Each text char is tagged with where a match ending after it ends: (char index, byte
    // offset). Streaming the chars avoids decoding the window into vectors (a megabyte text
    // is searched whole up to eight times per `anchor_all`).
    let tagged = slice
        .char_indices()
        .enumerate()
        .map(|(j, (i, c))| ((j + 1, window.start + i + c.len_utf8()), c));
    let ends = pat.match_ends(tagged, max_errors);
    let m = pat.len;
    // One representative (fewest errors) per cluster of nearby ends.
    let mut reps: Vec<((usize, usize), usize)> = Vec::new();
    let mut last_end: Option<usize> = None;
    for (end, errors) in ends {
        match (last_end, reps.last_mut()) {
            (Some(prev), Some(rep)) if end.0 - prev <= m / 2 + 1 => {
                if errors < rep.1 {
                    *rep = (end, errors);
                }
            }
            _ => reps.push((end, errors)),
        }
        last_end = Some(end.0);
    }
    reps.sort_by_key(|&((_, end), errors)| (errors, end.abs_diff(hint)));
    reps.truncate(32);
    let mut best: Option<(f64, Range<usize>)> = None;
    for ((_, end), _) in reps {
        let before = text.get(window.start..end).unwrap_or("");
        let (start, errors) = best_start(before, &pat.chars, m + max_errors);
        #[allow(clippy::cast_precision_loss)]
        let quote_sim = 1.0 - errors as f64 / m as f64;
        let range = window.start + start..end;
        if range.is_empty() {
            continue;
        }
        let s = score(text, quote, range.clone(), quote_sim, hint);
        let better = best.as_ref().is_none_or(|(bs, br)| {
            s.total_cmp(bs)
                .then_with(|| br.start.abs_diff(hint).cmp(&range.start.abs_diff(hint)))
                .is_gt()
        });
        if better {
            best = Some((s, range));
        }
    }
    best.filter(|(s, _)| *s >= MIN_SCORE).map(|(_, r)| r)
}

/// Given the text `before` a match's end, the start (byte offset into `before`) minimising
/// the edit distance between the pattern and `before[start..]`, looking at most `max_len`
/// chars back, and that distance.
fn best_start(before: &str, pattern: &[char], max_len: usize) -> (usize, usize) {
    let seg: Vec<char> = before.chars().rev().take(max_len).collect();
    let n = seg.len();
    // prev[t]: distance between the pattern's last i chars and the t chars before the end.
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0; n + 1];
    for (i, pc) in pattern.iter().rev().enumerate() {
        cur[0] = i + 1;
        for t in 1..=n {
            let sub = prev[t - 1] + usize::from(seg[t - 1] != *pc);
            cur[t] = sub.min(prev[t] + 1).min(cur[t - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let m = pattern.len();
    let (t, d) = prev
        .iter()
        .enumerate()
        .min_by_key(|&(t, &d)| (d, t.abs_diff(m)))
        .map_or((0, m), |(t, &d)| (t, d));
    let back: usize = seg.iter().take(t).map(|c| c.len_utf8()).sum();
    (before.len() - back, d)
}

/// A pattern compiled for Myers' bit-parallel approximate matching (Myers 1999, with
/// Hyyrö's block decomposition so any length works).
struct Pattern {
    chars: Vec<char>,
    len: usize,
    blocks: usize,
    /// Match masks of the ASCII chars, `blocks` words per char: a table lookup per text
    /// char instead of hashing it (the search's inner loop).
    ascii: Vec<u64>,
    /// Match masks of the other chars that occur in the pattern.
    peq: HashMap<char, Vec<u64>>,
    /// All zeros: the mask of a char that is not in the pattern.
    none: Vec<u64>,
    last_mask: u64,
}

impl Pattern {
    fn new(chars: &[char]) -> Self {
        let len = chars.len();
        let blocks = len.div_ceil(64).max(1);
        let mut ascii = vec![0u64; 128 * blocks];
        let mut peq: HashMap<char, Vec<u64>> = HashMap::new();
        for (i, c) in chars.iter().enumerate() {
            let bit = 1 << (i % 64);
            let word = if c.is_ascii() {
                ascii.get_mut(*c as usize * blocks + i / 64)
            } else {
                peq.entry(*c)
                    .or_insert_with(|| vec![0; blocks])
                    .get_mut(i / 64)
            };
            if let Some(w) = word {
                *w |= bit;
            }
        }
        let last_mask = 1u64 << ((len.max(1) - 1) % 64);
        Self {
            chars: chars.to_vec(),
            len,
            blocks,
            ascii,
            peq,
            none: vec![0; blocks],
            last_mask,
        }
    }

    /// The match mask words of `c`.
    fn eq(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            let at = c as usize * self.blocks;
            self.ascii.get(at..at + self.blocks).unwrap_or(&self.none)
        } else {
            self.peq.get(&c).map_or(&self.none, Vec::as_slice)
        }
    }

    /// Every position in `text` after which some substring ending there is within
    /// `max_errors` edits of the pattern, with the smallest such distance. Text chars come
    /// tagged; a match is reported by the tag of its last char.
    fn match_ends<T>(
        &self,
        text: impl IntoIterator<Item = (T, char)>,
        max_errors: usize,
    ) -> Vec<(T, usize)> {
        let mut score = isize::try_from(self.len).unwrap_or(isize::MAX);
        let max = isize::try_from(max_errors).unwrap_or(isize::MAX);
        let mut out = Vec::new();
        if self.blocks == 1 {
            // Patterns of up to 64 chars (most quotes): one word, no carries between blocks.
            let (mut pv, mut mv) = (!0u64, 0u64);
            for (tag, c) in text {
                let eq = self.eq(c).first().copied().unwrap_or(0);
                score += isize::from(advance_block(&mut pv, &mut mv, eq, 0, self.last_mask));
                if score <= max {
                    out.push((tag, score.unsigned_abs()));
                }
            }
            return out;
        }
        let b = self.blocks;
        let mut pv = vec![!0u64; b];
        let mut mv = vec![0u64; b];
        for (tag, c) in text {
            let eq = self.eq(c);
            let mut carry = 0i8;
            for (k, ((p, m), e)) in pv.iter_mut().zip(&mut mv).zip(eq).enumerate() {
                let mask = if k + 1 == b { self.last_mask } else { 1 << 63 };
                carry = advance_block(p, m, *e, carry, mask);
            }
            score += isize::from(carry);
            if score <= max {
                out.push((tag, score.unsigned_abs()));
            }
        }
        out
    }
}

/// One column step of one 64-row block; `h_in`/return are the horizontal deltas (−1, 0, +1)
/// entering at the block's top row and leaving at its row selected by `last_mask`.
fn advance_block(pv: &mut u64, mv: &mut u64, eq: u64, h_in: i8, last_mask: u64) -> i8 {
    let p = *pv;
    let m = *mv;
    let h_in_neg = u64::from(h_in < 0);
    let eq = eq | h_in_neg;
    let xv = eq | m;
    let xh = (((eq & p).wrapping_add(p)) ^ p) | eq;
    let mut ph = m | !(xh | p);
    let mut mh = p & xh;
    let h_out = i8::from(ph & last_mask != 0) - i8::from(mh & last_mask != 0);
    ph <<= 1;
    mh <<= 1;
    mh |= h_in_neg;
    ph |= u64::from(h_in > 0);
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    h_out
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::*;
    use crate::core::doc::annotation::DocRef;
    use crate::core::doc::document::fingerprint;
    use proptest::prelude::*;

    fn ann_at(text: &str, range: Range<usize>) -> Annotation {
        Annotation {
            id: format!("a{}", range.start),
            doc: DocRef::default(),
            quote: TextQuote::from_text(text, range.clone()).unwrap(),
            position: range.into(),
            tags: vec![],
            body: String::new(),
            color: None,
            created: "t".into(),
            modified: "t".into(),
            original: None,
            placement: crate::core::doc::annotation::Placement::Confirmed,
            similarity: None,
            revision: 0,
        }
    }

    fn ann_on(text: &str, passage: &str) -> Annotation {
        let s = text.find(passage).unwrap();
        ann_at(text, s..s + passage.len())
    }

    const TEXT: &str = "Russia and China have deepened their cooperation on artificial \
        intelligence, with joint research centres in Moscow and Beijing. The agreements cover \
        5G networks, satellite navigation and the digital economy. Analysts expect more.";

    #[test]
    fn unchanged_text_anchors_exactly() {
        let a = ann_on(TEXT, "joint research centres");
        let s = TEXT.find("joint").unwrap();
        assert_eq!(anchor(TEXT, &a), Anchoring::Exact(s..s + 22));
    }

    #[test]
    fn insertion_before_moves_the_anchor() {
        let a = ann_on(TEXT, "joint research centres");
        let edited = format!("BREAKING: {TEXT}");
        let s = edited.find("joint").unwrap();
        assert_eq!(anchor(&edited, &a), Anchoring::Moved(s..s + 22));
    }

    #[test]
    fn repeated_quote_prefers_matching_context_then_closeness() {
        let text = "alpha beta gamma. one two three beta gamma. alpha beta gamma.";
        let second = text.find("two three ").unwrap() + "two three ".len();
        let a = ann_at(text, second..second + "beta gamma".len());
        let edited = format!("xx {text}");
        let r = anchor(&edited, &a).range().unwrap();
        assert_eq!(r.start, second + 3);
    }

    #[test]
    fn edited_passage_anchors_fuzzily() {
        let a = ann_on(
            TEXT,
            "The agreements cover 5G networks, satellite navigation",
        );
        let edited = TEXT.replace("agreements cover", "agreement covers");
        let got = anchor(&edited, &a);
        let s = edited.find("The agreement covers").unwrap();
        let Anchoring::Fuzzy(r) = got else {
            panic!("expected fuzzy, got {got:?}")
        };
        assert_eq!(r.start, s);
        assert_eq!(
            &edited[r],
            "The agreement covers 5G networks, satellite navigation"
        );
    }

    #[test]
    fn a_fuzzy_reanchor_updates_quote_and_span_and_stays_fuzzy_on_the_next_open() {
        let a = ann_on(
            TEXT,
            "The agreements cover 5G networks, satellite navigation",
        );
        let original = a.quote.clone();
        let edited = TEXT.replace("agreements cover", "agreement covers");
        let fp = fingerprint(&edited);
        let out = reanchor(&edited, &fp, vec![a]);
        let p = &out.placed[0];
        assert!(matches!(p.anchoring, Anchoring::Fuzzy(_)));
        assert!(p.changed);
        let got = &p.annotation;
        assert_eq!(
            &edited[got.position.range()],
            got.quote.exact,
            "selectors agree"
        );
        assert_eq!(
            got.quote,
            TextQuote::from_text(&edited, got.position.range()).unwrap(),
            "context from the new text too"
        );
        assert_eq!(got.original.as_ref(), Some(&original));
        assert_eq!(got.placement, Placement::Fuzzy);
        assert!(got.similarity.is_some_and(|s| s > 50 && s < 100));
        // The next open: in place (exact match of the new quote), still shown as fuzzy, and
        // nothing to save.
        let again = reanchor(&edited, &fp, vec![got.clone()]);
        assert_eq!(again.placed[0].anchoring, p.anchoring);
        assert!(!again.placed[0].changed);
        assert_eq!(again.placed[0].annotation, *got);
    }

    #[test]
    fn a_fuzzy_match_is_widened_to_whole_words() {
        let text = "Alpha beta gamma. The policy is designed to help. Omega.";
        assert_eq!(&text[snap_to_words(text, 18..39)], "The policy is designed");
        assert_eq!(&text[snap_to_words(text, 17..40)], "The policy is designed");
        assert_eq!(&text[snap_to_words(text, 22..30)], "policy is");
        let cjk = "中国とロシアは技術協力";
        let r = snap_to_words(cjk, 3..9);
        assert!(cjk.is_char_boundary(r.start) && cjk.is_char_boundary(r.end));
    }

    #[test]
    fn a_stale_position_in_the_same_text_is_not_exact() {
        // An imported orphan was stored with this text's fingerprint and a position on an
        // unrelated sentence: it must stay an orphan, not become "exact" there.
        let mut a = ann_on(TEXT, "Analysts expect more");
        a.quote.exact = "a passage this text never had".into();
        a.doc.fingerprint = fingerprint(TEXT);
        assert_eq!(anchor(TEXT, &a), Anchoring::Orphan);
        let out = reanchor(TEXT, &fingerprint(TEXT), vec![a.clone()]);
        assert_eq!(out.newly_orphaned, vec![a.id.clone()]);
        let stored = out.orphans[0].clone();
        assert_eq!(stored.placement, Placement::Orphan);
        // Stored as an orphan, it is not looked for again, even in a text that has it now.
        let with_it = format!("{TEXT} a passage this text never had.");
        let later = reanchor(&with_it, &fingerprint(&with_it), vec![stored]);
        assert_eq!(later.report.orphaned, 1);
        assert!(later.placed.is_empty());
    }

    #[test]
    fn deleted_passage_is_orphaned() {
        let a = ann_on(TEXT, "joint research centres in Moscow and Beijing");
        let edited = TEXT.replace(", with joint research centres in Moscow and Beijing", "");
        assert_eq!(anchor(&edited, &a), Anchoring::Orphan);
        assert_eq!(anchor("", &a), Anchoring::Orphan);
    }

    #[test]
    fn short_quotes_are_never_matched_fuzzily() {
        let a = ann_on(TEXT, "5G");
        let edited = TEXT.replace("5G", "6G");
        assert_eq!(anchor(&edited, &a), Anchoring::Orphan);
    }

    #[test]
    fn ranges_stay_on_char_boundaries_with_multibyte_text() {
        let text = "日本語のテキストです。中国とロシアは技術協力を深めている。終わり。";
        let a = ann_on(text, "中国とロシアは技術協力を深めている");
        let edited = text.replace("深めている", "深めた");
        let r = anchor(&edited, &a).range().unwrap();
        assert!(edited.is_char_boundary(r.start) && edited.is_char_boundary(r.end));
        assert!(edited[r].starts_with("中国とロシア"));
    }

    #[test]
    fn stale_position_inside_a_character_does_not_panic() {
        let mut a = ann_on(TEXT, "Moscow");
        a.position = TextPosition { start: 1, end: 400 };
        let text = "é".repeat(300) + "Moscow";
        assert!(matches!(anchor(&text, &a), Anchoring::Moved(_)));
    }

    #[test]
    fn anchor_all_reports_drift_in_input_order() {
        let anns = vec![
            ann_on(TEXT, "Analysts expect more"),
            ann_on(TEXT, "Russia and China"),
            ann_on(TEXT, "joint research centres in Moscow and Beijing"),
        ];
        let edited = TEXT.replace(", with joint research centres in Moscow and Beijing", "");
        let (res, report) = anchor_all(&edited, &anns);
        assert_eq!(res.len(), 3);
        assert_eq!(res[0].id, anns[0].id);
        assert!(matches!(res[0].anchoring, Anchoring::Moved(_)));
        assert!(matches!(res[1].anchoring, Anchoring::Exact(_)));
        assert_eq!(res[2].anchoring, Anchoring::Orphan);
        assert_eq!(
            report,
            DriftReport {
                exact: 1,
                moved: 1,
                fuzzy: 0,
                orphaned: 1
            }
        );
        assert_eq!(report.summary(), "3 notes: 1 exact, 1 moved, 1 orphaned");
    }

    #[test]
    fn reanchor_moves_placed_notes_marks_changes_and_keeps_orphans_as_stored() {
        let old_fp = fingerprint(TEXT);
        let mut anns = vec![
            ann_on(TEXT, "Analysts expect more"),
            ann_on(TEXT, "joint research centres in Moscow and Beijing"),
            ann_on(TEXT, "Russia and China"),
        ];
        for a in &mut anns {
            a.doc.fingerprint.clone_from(&old_fp);
        }
        let gone = anns[1].clone();
        // The last passage is cut, the first one keeps its offsets, the middle one moves.
        let edited = TEXT.replace(", with joint research centres in Moscow and Beijing", "");
        let fp = fingerprint(&edited);
        let out = reanchor(&edited, &fp, anns);
        assert_eq!(
            out.report.summary(),
            "3 notes: 1 exact, 1 moved, 1 orphaned"
        );
        let ids: Vec<&str> = out
            .placed
            .iter()
            .map(|p| p.annotation.id.as_str())
            .collect();
        assert_eq!(ids, ["a0", &format!("a{}", TEXT.find("Analysts").unwrap())]);
        for p in &out.placed {
            let r = p.anchoring.range().unwrap();
            assert_eq!(p.annotation.position.range(), r.clone());
            assert_eq!(&edited[r], p.annotation.quote.exact);
            assert_eq!(p.annotation.doc.fingerprint, fp, "moved to this text");
            assert!(p.changed, "the fingerprint changed for both");
        }
        assert!(matches!(out.placed[0].anchoring, Anchoring::Exact(_)));
        assert!(matches!(out.placed[1].anchoring, Anchoring::Moved(_)));
        let gone = Annotation {
            placement: Placement::Orphan,
            ..gone
        };
        assert_eq!(
            out.orphans,
            vec![gone],
            "orphans as stored, marked as orphans"
        );
        // Saved as placed, the next open changes nothing; the moved one stays marked moved.
        let again = reanchor(
            &edited,
            &fp,
            out.placed.into_iter().map(|p| p.annotation).collect(),
        );
        assert_eq!(again.report.summary(), "2 notes: 1 exact, 1 moved");
        assert!(again.placed.iter().all(|p| !p.changed));
    }

    #[test]
    fn summary_wording() {
        assert_eq!(DriftReport::default().summary(), "no notes");
        let r = DriftReport {
            exact: 1,
            ..DriftReport::default()
        };
        assert_eq!(r.summary(), "1 note: 1 exact");
        assert!(r.is_clean());
        let r = DriftReport {
            exact: 10,
            moved: 1,
            fuzzy: 0,
            orphaned: 1,
        };
        assert_eq!(r.summary(), "12 notes: 10 exact, 1 moved, 1 orphaned");
    }

    #[test]
    fn shift_prediction_finds_far_moved_fuzzy_passages() {
        // 20 kB inserted at the top pushes the passage past the default window; the preceding
        // exact-but-moved note tells anchor_all where to look.
        let body = "lorem ipsum dolor sit amet consectetur ".repeat(100);
        let text = format!("First anchor sentence here. {body} The quick brown fox jumps over.");
        let anns = vec![
            ann_on(&text, "First anchor sentence here."),
            ann_on(&text, "The quick brown fox jumps over."),
        ];
        let edited = format!(
            "{}{}",
            "x".repeat(20_000),
            text.replace("brown fox", "brown cat")
        );
        let (res, _) = anchor_all(&edited, &anns);
        let r = res[1].anchoring.range().unwrap();
        assert_eq!(&edited[r], "The quick brown cat jumps over.");
    }

    /// Sellers' DP: for each end j, the min distance of the pattern to a substring ending at j.
    fn naive_ends(text: &[char], pat: &[char], k: usize) -> Vec<(usize, usize)> {
        let mut col: Vec<usize> = (0..=pat.len()).collect();
        let mut out = vec![];
        for (j, c) in text.iter().enumerate() {
            let mut next = vec![0; pat.len() + 1];
            for i in 1..=pat.len() {
                let sub = col[i - 1] + usize::from(pat[i - 1] != *c);
                next[i] = sub.min(col[i] + 1).min(next[i - 1] + 1);
            }
            col = next;
            if col[pat.len()] <= k {
                out.push((j + 1, col[pat.len()]));
            }
        }
        out
    }

    proptest! {
        #[test]
        fn myers_agrees_with_the_dp(
            text in "[abc ]{0,300}",
            pat in "[abc ]{1,150}",
            k in 0usize..40,
        ) {
            let t: Vec<char> = text.chars().collect();
            let p: Vec<char> = pat.chars().collect();
            let tagged = t.iter().enumerate().map(|(j, &c)| (j + 1, c));
            prop_assert_eq!(Pattern::new(&p).match_ends(tagged, k), naive_ends(&t, &p, k));
        }
    }

    const WORDS: [&str; 24] = [
        "russia",
        "china",
        "ai",
        "research",
        "moscow",
        "beijing",
        "the",
        "and",
        "of",
        "deepen",
        "ties",
        "5G",
        "network",
        "satellite",
        "économie",
        "日本",
        "cooperation",
        "huawei",
        "sanctions",
        "digital",
        "in",
        "a",
        "military",
        "civil",
    ];

    fn words() -> impl Strategy<Value = String> {
        prop::collection::vec((0..WORDS.len(), prop::bool::weighted(0.1)), 40..250).prop_map(|v| {
            v.into_iter()
                .map(|(i, dot)| format!("{}{}", WORDS[i], if dot { "." } else { "" }))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// Char-boundary offsets of `s` (including its end).
    fn boundaries(s: &str) -> Vec<usize> {
        s.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect()
    }

    #[derive(Debug, Clone)]
    struct Edit {
        /// fractions choosing where, relative to the allowed region
        at: f64,
        len: f64,
        insert: String,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        (0.0..1.0f64, 0.0..1.0f64, "[a-z .é]{0,40}").prop_map(|(at, len, insert)| Edit {
            at,
            len,
            insert,
        })
    }

    /// Applies `e` inside `region` (byte range on char boundaries) of `text`; returns the new
    /// text and the byte shift it causes for anything after the region.
    fn apply(text: &str, region: Range<usize>, e: &Edit) -> (String, isize) {
        let b: Vec<usize> = boundaries(text)
            .into_iter()
            .filter(|o| region.contains(o) || *o == region.end)
            .collect();
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let pick = |f: f64, n: usize| ((f * n as f64) as usize).min(n.saturating_sub(1));
        let s = b[pick(e.at, b.len())];
        let rest: Vec<usize> = b.iter().copied().filter(|&o| o >= s).collect();
        let end = rest[pick(e.len * 0.3, rest.len())];
        let new = format!("{}{}{}", &text[..s], e.insert, &text[end..]);
        let shift = isize::try_from(e.insert.len()).unwrap() - isize::try_from(end - s).unwrap();
        (new, shift)
    }

    fn passage(text: &str, a: f64, len: usize) -> Range<usize> {
        let b = boundaries(text);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = ((a * b.len() as f64) as usize).min(b.len().saturating_sub(len + 1));
        b[i]..b[(i + len).min(b.len() - 1)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// An edit that leaves the passage and its context alone never moves the annotation
        /// off its (shifted) text.
        #[test]
        fn edits_outside_passage_and_context_keep_the_anchor(
            text in words(), at in 0.0..1.0f64, len in 12usize..80, before in any::<bool>(), e in edit(),
        ) {
            let r = passage(&text, at, len);
            let ann = ann_at(&text, r.clone());
            let ctx_lo = r.start - ann.quote.prefix.len();
            let ctx_hi = r.end + ann.quote.suffix.len();
            let (edited, expected) = if before {
                let (t, shift) = apply(&text, 0..ctx_lo, &e);
                (t, r.start.saturating_add_signed(shift)..r.end.saturating_add_signed(shift))
            } else {
                (apply(&text, ctx_hi..text.len(), &e).0, r.clone())
            };
            let got = anchor_all(&edited, std::slice::from_ref(&ann)).0.remove(0).anchoring;
            prop_assert!(matches!(got, Anchoring::Exact(_) | Anchoring::Moved(_)), "{got:?}");
            prop_assert_eq!(got.range(), Some(expected));
        }

        /// An edit anywhere outside the passage (context included) still finds the passage's
        /// text; where the passage is unique, at its shifted position.
        #[test]
        fn edits_outside_passage_never_orphan_it(
            text in words(), at in 0.0..1.0f64, len in 12usize..80, before in any::<bool>(), e in edit(),
        ) {
            let r = passage(&text, at, len);
            let ann = ann_at(&text, r.clone());
            let (edited, expected) = if before {
                let (t, shift) = apply(&text, 0..r.start, &e);
                (t, r.start.saturating_add_signed(shift)..r.end.saturating_add_signed(shift))
            } else {
                (apply(&text, r.end..text.len(), &e).0, r.clone())
            };
            let got = anchor(&edited, &ann);
            let found = got.range();
            prop_assert!(found.is_some(), "orphaned");
            let found = found.unwrap();
            prop_assert_eq!(&edited[found.clone()], ann.quote.exact.as_str());
            if edited.matches(ann.quote.exact.as_str()).count() == 1 {
                prop_assert_eq!(found, expected);
            }
        }

        /// A small edit inside a long passage (one word replaced) still finds it, fuzzily,
        /// overlapping where it was.
        #[test]
        fn small_edits_inside_a_passage_anchor_fuzzily(
            text in words(), at in 0.0..1.0f64, len in 40usize..120, e in edit(),
        ) {
            let r = passage(&text, at, len);
            prop_assume!(r.end - r.start >= 40);
            let ann = ann_at(&text, r.clone());
            let inner = (r.start + 10)..(r.end - 10);
            prop_assume!(text.is_char_boundary(inner.start) && text.is_char_boundary(inner.end));
            let small = Edit { insert: e.insert.chars().take(4).collect(), len: e.len * 0.1, ..e };
            let (edited, shift) = apply(&text, inner, &small);
            prop_assume!(edited != text);
            let got = anchor(&edited, &ann);
            let found = got.range();
            prop_assert!(found.is_some(), "orphaned: {got:?}");
            let found = found.unwrap();
            let new_end = r.end.saturating_add_signed(shift);
            prop_assert!(found.start < new_end && r.start < found.end, "{found:?} vs {r:?}");
        }
    }
}
