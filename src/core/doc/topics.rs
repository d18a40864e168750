//! Topic segmentation: where a long headingless run of paragraphs changes subject, and what
//! each part is about.
//!
//! TextTiling-style lexical cohesion (cosine of stemmed content-word counts in windows of four
//! paragraphs either side of each gap, depth scores) with structural vetoes — never cut next to
//! a short paragraph or after one that ends in a colon — and a budget of one boundary per twelve
//! paragraphs, so that a weak signal makes few cuts or none. Labels name the topic's salient
//! names and words (the ones it uses most and its neighbours least). Measured on the corpus in
//! `scripts/score_segments.py`; the parameters are few and round, see [`Params`].

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the keys are short words hashed hundreds of thousands of times per megabyte, where
/// the default SipHash costs more than the rest of the work; nothing here needs its HashDoS
/// resistance (a slow label is the worst a crafted text can cause).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<Fnv>>;
type HashSet<K> = StdHashSet<K, BuildHasherDefault<Fnv>>;

use crate::core::doc::layout::str_width;

/// The segmenter's knobs. [`Params::DEFAULT`] was chosen on 14 development articles with
/// leave-one-out checks; each value is round on purpose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Paragraphs on each side of a gap compared for cohesion.
    pub window: usize,
    /// At most one boundary per this many paragraphs.
    pub paragraphs_per_boundary: usize,
    /// Fewest paragraphs in a topic.
    pub min_topic: usize,
    /// Smallest depth score that counts as a shift of subject.
    pub min_depth: f64,
    /// Paragraphs shorter than this (in characters) are captions, quotes or list-like lines: no
    /// boundary is put next to them.
    pub short_paragraph: usize,
}

impl Params {
    pub const DEFAULT: Self = Self {
        window: 4,
        paragraphs_per_boundary: 12,
        min_topic: 3,
        min_depth: 0.1,
        short_paragraph: 80,
    };
}

/// Fewest paragraphs in a headingless run before topics are looked for.
pub const MIN_RUN: usize = 8;

/// Longest label, in display cells.
pub const LABEL_WIDTH: usize = 40;

/// Indices (into `paragraphs`, ascending, never 0) of the paragraphs that start a new topic.
/// Empty when the run is shorter than [`MIN_RUN`] or the text gives no clear shift.
pub fn segment(paragraphs: &[&str]) -> Vec<usize> {
    segment_with(paragraphs, Params::DEFAULT)
}

/// [`segment`] with explicit parameters (for tuning).
pub fn segment_with(paragraphs: &[&str], p: Params) -> Vec<usize> {
    let n = paragraphs.len();
    if n < MIN_RUN.max(2 * p.min_topic) {
        return Vec::new();
    }
    let mut vocab = Vocab::default();
    let bags: Vec<Bag> = paragraphs.iter().map(|t| vocab.bag(t)).collect();
    let depth = depth_scores(&gap_scores(&bags, p.window, vocab.len()));
    let allowed = |i: usize| {
        let (Some(before), Some(after)) = (paragraphs.get(i - 1), paragraphs.get(i)) else {
            return false;
        };
        !before.trim_end().ends_with(':')
            && before.chars().count() >= p.short_paragraph
            && after.chars().count() >= p.short_paragraph
    };
    let mut candidates: Vec<usize> = (p.min_topic..=n - p.min_topic)
        .filter(|&i| depth[i] > p.min_depth && allowed(i))
        .collect();
    // Deepest first; ties go to the earlier gap so the result does not depend on the sort.
    candidates.sort_by(|&a, &b| depth[b].total_cmp(&depth[a]).then(a.cmp(&b)));
    let budget = n / p.paragraphs_per_boundary.max(1);
    let mut out: Vec<usize> = Vec::new();
    for i in candidates {
        if out.len() >= budget {
            break;
        }
        if out.iter().all(|&o| o.abs_diff(i) >= p.min_topic) {
            out.push(i);
        }
    }
    out.sort_unstable();
    out
}

/// A paragraph's content words: (term id, count), sorted by id.
type Bag = Vec<(u32, u32)>;

/// Term ids for stems, shared by the paragraphs of one run.
#[derive(Default)]
struct Vocab {
    /// Stem → term id.
    ids: HashMap<String, u32>,
    /// Word as written → its term id, or `None` for a stopword or a short word: most words
    /// recur, so most cost one lookup.
    seen: HashMap<String, Option<u32>>,
    /// Scratch buffer for the lower-cased word (no allocation per word).
    lower: String,
}

impl Vocab {
    fn len(&self) -> usize {
        self.ids.len()
    }

    fn id(&mut self, w: &str) -> Option<u32> {
        if let Some(&id) = self.seen.get(w) {
            return id;
        }
        lower_into(w, &mut self.lower);
        let id = if self.lower.chars().nth(2).is_none() || is_stopword(&self.lower) {
            None
        } else {
            let key = stem(&self.lower);
            Some(if let Some(&id) = self.ids.get(key) {
                id
            } else {
                let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                self.ids.insert(key.to_owned(), id);
                id
            })
        };
        self.seen.insert(w.to_owned(), id);
        id
    }

    fn bag(&mut self, text: &str) -> Bag {
        let mut ids: Vec<u32> = words(text).filter_map(|w| self.id(w)).collect();
        ids.sort_unstable();
        let mut bag: Bag = Vec::new();
        for id in ids {
            match bag.last_mut() {
                Some((last, n)) if *last == id => *n += 1,
                _ => bag.push((id, 1)),
            }
        }
        bag
    }
}

/// Alphabetic words of `text` (letters only; digits and punctuation separate words).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
}

/// A light suffix-stripping stemmer: one common English suffix off (keeping at least four
/// letters), then at most seven letters, so "sanctions", "sanctioned" and "sanctioning"
/// meet.
fn stem(word: &str) -> &str {
    const SUFFIXES: &[&str] = &[
        "ations", "ation", "ness", "ments", "ment", "ings", "ing", "ies", "ied", "edly", "ed",
        "ers", "er", "ly", "es", "s",
    ];
    let mut w = word;
    for suf in SUFFIXES {
        if let Some(base) = w.strip_suffix(suf)
            && base.chars().nth(3).is_some()
        {
            w = base;
            break;
        }
    }
    match w.char_indices().nth(7) {
        Some((end, _)) => w.get(..end).unwrap_or(w),
        None => w,
    }
}

/// Lower-case function words and the commonest verbs: no topic is about them.
const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "all",
    "almost",
    "also",
    "although",
    "always",
    "among",
    "and",
    "another",
    "any",
    "are",
    "around",
    "back",
    "became",
    "because",
    "become",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "can",
    "could",
    "did",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "either",
    "else",
    "enough",
    "even",
    "ever",
    "every",
    "few",
    "first",
    "following",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "has",
    "have",
    "having",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "into",
    "its",
    "itself",
    "just",
    "last",
    "least",
    "less",
    "like",
    "made",
    "make",
    "many",
    "may",
    "might",
    "more",
    "most",
    "much",
    "must",
    "myself",
    "never",
    "new",
    "next",
    "nor",
    "not",
    "now",
    "off",
    "often",
    "once",
    "one",
    "only",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "quite",
    "rather",
    "really",
    "said",
    "same",
    "say",
    "says",
    "second",
    "see",
    "seem",
    "seemed",
    "several",
    "she",
    "should",
    "since",
    "some",
    "something",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "though",
    "three",
    "through",
    "thus",
    "too",
    "two",
    "under",
    "until",
    "upon",
    "use",
    "used",
    "using",
    "very",
    "via",
    "was",
    "way",
    "well",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
];

/// `w` lower-cased into `buf` (ASCII without going through `char`).
fn lower_into(w: &str, buf: &mut String) {
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(w.chars().flat_map(char::to_lowercase));
    }
}

fn is_stopword(lower: &str) -> bool {
    STOPWORDS.binary_search(&lower).is_ok()
}

/// Cohesion across each gap: `out[i]` is the cosine of the term counts of paragraphs
/// `i-window..i` and `i..i+window` (`out[0]` is unused). The windows slide: each step adds and
/// removes one paragraph on each side and updates the dot product and norms for the terms that
/// changed, so the whole run costs one pass over its words.
fn gap_scores(bags: &[Bag], window: usize, terms: usize) -> Vec<f64> {
    struct Side {
        counts: Vec<f64>,
        norm2: f64,
    }
    /// Adds `sign` × `bag` to `side`, keeping `dot` with `other` current.
    fn apply(side: &mut Side, other: &Side, dot: &mut f64, bag: &Bag, sign: f64) {
        for &(id, c) in bag {
            let i = id as usize;
            let d = sign * f64::from(c);
            let (Some(x), Some(y)) = (side.counts.get_mut(i), other.counts.get(i)) else {
                continue;
            };
            side.norm2 += d * (2.0 * *x + d);
            *dot += d * y;
            *x += d;
        }
    }
    let n = bags.len();
    let mut out = vec![0.0; n];
    let mut left = Side {
        counts: vec![0.0; terms],
        norm2: 0.0,
    };
    let mut right = Side {
        counts: vec![0.0; terms],
        norm2: 0.0,
    };
    let mut dot = 0.0;
    for b in bags.iter().take(window) {
        apply(&mut right, &left, &mut dot, b, 1.0);
    }
    for i in 1..n {
        // At gap i: left = i-window..i, right = i..i+window. Paragraph i-1 crosses from the
        // right to the left, i+window-1 enters on the right, i-1-window leaves on the left.
        apply(&mut right, &left, &mut dot, &bags[i - 1], -1.0);
        apply(&mut left, &right, &mut dot, &bags[i - 1], 1.0);
        if let Some(b) = bags.get(i + window - 1) {
            apply(&mut right, &left, &mut dot, b, 1.0);
        }
        if let Some(b) = (i - 1).checked_sub(window).and_then(|j| bags.get(j)) {
            apply(&mut left, &right, &mut dot, b, -1.0);
        }
        let d = (left.norm2.max(0.0) * right.norm2.max(0.0)).sqrt();
        out[i] = if d > 1e-12 {
            (dot / d).clamp(0.0, 1.0)
        } else {
            0.0
        };
    }
    out
}

/// TextTiling depth: how far the score at each gap lies below the peaks reached by climbing
/// left and right from it.
fn depth_scores(scores: &[f64]) -> Vec<f64> {
    let n = scores.len();
    let mut depth = vec![0.0; n];
    // Climbing is amortised by remembering, for each gap, where the climb from it ends.
    let mut left_peak = vec![0.0; n];
    for i in 1..n {
        left_peak[i] = if i > 1 && scores[i - 1] >= scores[i] {
            left_peak[i - 1]
        } else {
            scores[i]
        };
    }
    let mut right_peak = vec![0.0; n];
    for i in (1..n).rev() {
        right_peak[i] = if i + 1 < n && scores[i + 1] >= scores[i] {
            right_peak[i + 1]
        } else {
            scores[i]
        };
    }
    for i in 1..n {
        depth[i] = (left_peak[i] - scores[i]) + (right_peak[i] - scores[i]);
    }
    depth
}

/// A label for each topic (`topics[k]` holds the texts of its paragraphs): its salient names and
/// words joined by ` · `, at most [`LABEL_WIDTH`] cells, never empty and never equal to the
/// label before it.
pub fn labels(topics: &[Vec<&str>]) -> Vec<String> {
    labels_after(topics, None)
}

/// [`labels`] for topics that follow a topic labelled `previous` (in an earlier section): the
/// first label differs from it too.
pub fn labels_after(topics: &[Vec<&str>], previous: Option<&str>) -> Vec<String> {
    // Words seen capitalised inside a sentence are names at a sentence's start too.
    let tokenised: Vec<Vec<Vec<(&str, bool)>>> = topics
        .iter()
        .map(|t| t.iter().map(|p| tokens(p)).collect())
        .collect();
    let names: HashSet<&str> = tokenised
        .iter()
        .flatten()
        .flatten()
        .filter(|&&(w, start)| !start && is_capitalised(w))
        .map(|&(w, _)| w)
        .collect();
    let mut classes: HashMap<&str, Class> = HashMap::default();
    let terms: Vec<HashMap<String, Term>> = tokenised
        .iter()
        .map(|t| candidates(t, &names, &mut classes))
        .collect();
    // How often each key occurs in the whole run: a topic's share of it says how much the
    // key belongs to this topic rather than to the article as a whole.
    let mut total: HashMap<&str, u32> = HashMap::default();
    for t in &terms {
        for (k, term) in t {
            *total.entry(k.as_str()).or_default() += term.count;
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(terms.len());
    for (k, t) in terms.iter().enumerate() {
        let mut ranked: Vec<(&str, f64, &str)> = t
            .iter()
            .map(|(key, term)| {
                let all = total.get(key.as_str()).copied().unwrap_or(1).max(1);
                let share = f64::from(term.count) / f64::from(all);
                // Names say what a topic is about more often than words do; a word must recur.
                let weight = match (term.name, term.count) {
                    (true, _) => 2.0,
                    (false, 0 | 1) => 0.0,
                    (false, _) => 1.0,
                };
                (
                    key.as_str(),
                    f64::from(term.count) * share * weight,
                    term.shown.as_str(),
                )
            })
            .filter(|&(_, score, _)| score > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let previous = out.last().map(String::as_str).or(previous);
        let first = topics.get(k).and_then(|t| t.first()).copied().unwrap_or("");
        out.push(pick_label(&ranked, previous, first, k));
    }
    out
}

/// The best label from ranked `(key, score, shown)` terms that differs from `previous`.
fn pick_label(
    ranked: &[(&str, f64, &str)],
    previous: Option<&str>,
    first: &str,
    k: usize,
) -> String {
    for skip in 0..3 {
        let label = join_terms(ranked.iter().skip(skip));
        if !label.is_empty() && Some(label.as_str()) != previous {
            return label;
        }
    }
    let lead = lead_words(first, LABEL_WIDTH);
    if !lead.is_empty() && Some(lead.as_str()) != previous {
        return lead;
    }
    format!("Topic {}", k + 1)
}

/// Up to three terms, none contained in another, within [`LABEL_WIDTH`] cells.
fn join_terms<'a>(ranked: impl Iterator<Item = &'a (&'a str, f64, &'a str)>) -> String {
    const SEP: &str = " · ";
    let mut picked: Vec<(&str, &str)> = Vec::new();
    let mut width = 0;
    for &(key, _, shown) in ranked {
        if picked.len() == 3 {
            break;
        }
        if picked
            .iter()
            .any(|(k, _)| k.contains(key) || key.contains(k))
        {
            continue;
        }
        let w = str_width(shown) + if picked.is_empty() { 0 } else { str_width(SEP) };
        if width + w > LABEL_WIDTH {
            continue;
        }
        width += w;
        picked.push((key, shown));
    }
    picked.iter().map(|(_, s)| *s).collect::<Vec<_>>().join(SEP)
}

/// A candidate label term within one topic.
struct Term {
    count: u32,
    /// The form to show (the first seen).
    shown: String,
    /// A capitalised name rather than a common word.
    name: bool,
}

/// Label candidates of a topic, keyed by lower-cased form: capitalised names of up to three
/// words (not the first word of a sentence, unless it is a name there too) and content words of
/// six letters or more (by stem, shown as first seen). `names` are words known to be names
/// wherever they stand.
fn candidates<'t>(
    paragraphs: &[Vec<(&'t str, bool)>],
    names: &HashSet<&str>,
    classes: &mut HashMap<&'t str, Class>,
) -> HashMap<String, Term> {
    let mut out: HashMap<String, Term> = HashMap::default();
    let mut add = |key: &str, shown: &str, name: bool| {
        if let Some(t) = out.get_mut(key) {
            t.count += 1;
        } else {
            out.insert(
                key.to_owned(),
                Term {
                    count: 1,
                    shown: shown.to_owned(),
                    name,
                },
            );
        }
    };
    let mut lower = String::new();
    let mut key = String::new();
    for tokens in paragraphs {
        let mut i = 0;
        while i < tokens.len() {
            let (w, sentence_start) = tokens[i];
            let class = classes.entry(w).or_insert_with(|| Class::of(w, &mut lower));
            // A capitalised function word starts a name inside a sentence when a capitalised
            // word follows ("New York").
            let starts_name = class.name
                || (!sentence_start
                    && is_capitalised(w)
                    && tokens
                        .get(i + 1)
                        .is_some_and(|t| !t.1 && is_capitalised(t.0)));
            if starts_name {
                // "Academy of Sciences": capitalised words, joined by "of" inside a name.
                let mut j = i + 1;
                while j < tokens.len() && j - i < 4 && !tokens[j].1 {
                    if is_capitalised(tokens[j].0) {
                        j += 1;
                    } else if tokens[j].0 == "of"
                        && tokens
                            .get(j + 1)
                            .is_some_and(|t| !t.1 && is_capitalised(t.0))
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
                if !sentence_start || j > i + 1 || names.contains(w) {
                    let shown = tokens[i..j]
                        .iter()
                        .map(|t| t.0)
                        .collect::<Vec<_>>()
                        .join(" ");
                    lower_into(&shown, &mut key);
                    add(&key, &shown, true);
                }
                i = j;
                continue;
            }
            if let Some((key, shown)) = &class.word {
                add(key, shown, false);
            }
            i += 1;
        }
    }
    out
}

/// What a word as written can be in a label, worked out once per word.
struct Class {
    /// Capitalised and not a function word: it may start a name.
    name: bool,
    /// As a common word worth showing: its stem (the key) and its lower-cased form (shown).
    word: Option<(String, String)>,
}

impl Class {
    fn of(w: &str, lower: &mut String) -> Self {
        lower_into(w, lower);
        let stop = is_stopword(lower);
        // Past tenses and adverbs ("started", "typically") rarely name a subject.
        let word = (lower.chars().nth(5).is_some()
            && !stop
            && !lower.ends_with("ed")
            && !lower.ends_with("ly")
            && w.chars().all(char::is_alphabetic))
        .then(|| (stem(lower).to_owned(), lower.clone()));
        Self {
            name: is_capitalised(w) && !stop,
            word,
        }
    }
}

/// Words of `text` (letters and digits, with inner hyphens and apostrophes), each with whether
/// it starts a sentence.
fn tokens(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        // Possessives count as their name; contractions ("I've") are not names.
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        // Neither are run-together words ("Brooklyn.Credit", a caption glued to a credit).
        let contraction = w.contains(['\'', '’', '.']);
        if !w.is_empty() && !contraction {
            out.push((w, sentence_start));
        }
        sentence_start = raw
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with(['.', '!', '?', ':']);
    }
    out
}

/// A name-like word: a capitalised word of three letters or more, an acronym ("AI"), or a
/// short mix of digits and capitals ("5G").
fn is_capitalised(w: &str) -> bool {
    let len = w.chars().count();
    match w.chars().next() {
        Some(c) if c.is_uppercase() => len >= 3 || (len == 2 && w.chars().all(char::is_uppercase)),
        Some(c) if c.is_ascii_digit() => len <= 4 && w.chars().any(char::is_uppercase),
        _ => false,
    }
}

/// The first words of `text` that fit in `width` cells, cut at a word edge and followed by `…`
/// when something was cut; a first word longer than `width` is cut by graphemes.
pub fn lead_words(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if width == 0 {
        return String::new();
    }
    let (all, cut) = words_within(text, width);
    if !cut {
        return all;
    }
    let (mut out, _) = words_within(text, width - 1);
    if out.is_empty() {
        // A first word longer than the room: cut it by graphemes.
        let mut used = 0;
        for g in text.split_whitespace().next().unwrap_or("").graphemes(true) {
            used += str_width(g);
            if used > width - 1 {
                break;
            }
            out.push_str(g);
        }
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '—', '-', ' ']).len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// The leading whole words of `text` within `width` cells (single spaces between them), and
/// whether any were left out. Lazy: a long paragraph is never measured past what fits.
fn words_within(text: &str, width: usize) -> (String, bool) {
    let mut out = String::new();
    let mut used = 0;
    for w in text.split_whitespace() {
        let add = usize::from(!out.is_empty()) + str_width(w);
        if used + add > width {
            return (out, true);
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        used += add;
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraphs about one subject, then another: a clear shift.
    fn two_subjects() -> Vec<String> {
        let a = "The orchestra rehearsed the symphony in the concert hall, and the violinists tuned their violins while the conductor studied the symphony score before the concert.";
        let b = "Farmers harvested wheat in the fields as the tractors crossed the farmland, and the harvest filled the grain silos before the autumn rains reached the fields.";
        let mut v: Vec<String> = (0..6).map(|i| format!("{a} Part {i}.")).collect();
        v.extend((0..6).map(|i| format!("{b} Part {i}.")));
        v
    }

    #[test]
    fn a_clear_shift_is_found() {
        let paras = two_subjects();
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        assert_eq!(segment(&refs), [6]);
    }

    #[test]
    fn one_subject_makes_no_boundary() {
        let a = "The orchestra rehearsed the symphony in the concert hall, and the violinists tuned their violins while the conductor studied the symphony score before the concert.";
        let paras: Vec<String> = (0..16).map(|i| format!("{a} Part {i}.")).collect();
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        assert!(segment(&refs).is_empty());
    }

    #[test]
    fn short_runs_and_short_paragraphs_are_left_alone() {
        let paras = two_subjects();
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        assert!(segment(&refs[3..9]).is_empty(), "under MIN_RUN");
        let mut with_caption = refs.clone();
        with_caption[6] = "Photo: the fields.";
        assert!(!segment(&with_caption).contains(&6));
    }

    #[test]
    fn sliding_windows_agree_with_counting_each_window() {
        let paras = two_subjects();
        let mut vocab = Vocab::default();
        let bags: Vec<Bag> = paras.iter().map(|t| vocab.bag(t)).collect();
        for window in [1, 2, 4, 20] {
            let fast = gap_scores(&bags, window, vocab.len());
            for i in 1..bags.len() {
                let mut l = vec![0.0; vocab.len()];
                let mut r = vec![0.0; vocab.len()];
                for b in &bags[i.saturating_sub(window)..i] {
                    for &(id, c) in b {
                        l[id as usize] += f64::from(c);
                    }
                }
                for b in &bags[i..(i + window).min(bags.len())] {
                    for &(id, c) in b {
                        r[id as usize] += f64::from(c);
                    }
                }
                let dot: f64 = l.iter().zip(&r).map(|(a, b)| a * b).sum();
                let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
                let slow = dot / (norm(&l) * norm(&r));
                assert!((fast[i] - slow).abs() < 1e-9, "window {window} gap {i}");
            }
        }
    }

    #[test]
    fn depth_climbs_to_the_peaks() {
        let d = depth_scores(&[0.0, 0.5, 0.8, 0.2, 0.6, 0.4]);
        assert!((d[3] - (0.6 + 0.4)).abs() < 1e-9);
        assert!(d[2].abs() < 1e-9);
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stemming_joins_inflections() {
        assert_eq!(stem("sanctions"), stem("sanctioned"));
        assert_eq!(stem("technologies"), "technol");
    }

    #[test]
    fn labels_name_what_is_distinctive() {
        let t1 = vec![
            "In Russia, Huawei will build 5G networks with Skolkovo.",
            "Huawei opened a lab at Skolkovo for 5G research.",
        ];
        let t2 = vec![
            "The universities of Harbin and Moscow exchange students.",
            "Students from Harbin study engineering in Moscow.",
        ];
        let l = labels(&[t1, t2]);
        assert!(
            l[0].contains("Huawei") && l[0].contains("Skolkovo"),
            "{l:?}"
        );
        assert!(l[1].contains("Harbin"), "{l:?}");
        assert_ne!(l[0], l[1]);
        for label in &l {
            assert!(str_width(label) <= LABEL_WIDTH);
        }
    }

    #[test]
    fn labels_never_repeat_their_neighbour_and_are_never_empty() {
        let same = vec!["Alpha Beta Gamma appear here in Delta."];
        let l = labels(&[same.clone(), same.clone(), vec![""]]);
        assert_ne!(l[0], l[1]);
        assert!(l.iter().all(|s| !s.is_empty()), "{l:?}");
    }

    #[test]
    fn the_first_label_differs_from_the_topic_before_the_run() {
        let t = vec!["Alpha Beta visited Gamma Delta in Epsilon Zeta."];
        let before = labels(std::slice::from_ref(&t));
        let after = labels_after(&[t], before.first().map(String::as_str));
        assert_ne!(before, after);
        assert!(!after[0].is_empty());
    }

    #[test]
    fn lead_words_cut_at_a_word_edge() {
        let t = "For Moscow, certain Chinese products may be the lifeline";
        assert_eq!(lead_words(t, 100), t);
        assert_eq!(lead_words(t, 20), "For Moscow, certain…");
        assert_eq!(lead_words("Supercalifragilistic", 6), "Super…");
        assert_eq!(lead_words(t, 0), "");
    }
}
