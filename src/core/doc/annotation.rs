//! The annotation model: a tagged and/or commented passage of a document.
//!
//! It follows the W3C Web Annotation model so that nothing is lost on the way out (export) or
//! back in (import): an [`Annotation`] points at its document ([`DocRef`]: content fingerprint
//! plus path and title, the latter two for finding notes again after the file changed) through
//! two selectors — a [`TextQuote`] (the exact passage with ~32 characters of context on each
//! side) and a [`TextPosition`] (UTF-8 **byte** offsets into `Document::source`). The quote is
//! what makes re-anchoring possible when the text changes (`core::doc::anchor`); the position makes
//! the common case (text unchanged) instant.
//!
//! Everything here is pure: the id and the current time are passed in by the shell, so the same
//! inputs always build the same annotation (and tests can fix both). Tag colours are derived
//! from the tag name by a fixed hash into a palette, so a tag keeps its colour across sessions
//! and machines without being stored; a configured override map wins.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::core::doc::document::Document;

/// How many characters (code points) of context the quote selector keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// Which document an annotation belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DocRef {
    /// SHA-256 of the source text (see `Document::fingerprint`) when the note was last anchored.
    pub fingerprint: String,
    /// Where the file was (canonical path or URL), when known.
    #[serde(default)]
    pub path: Option<String>,
    /// The document's title, when known.
    #[serde(default)]
    pub title: Option<String>,
}

/// The W3C `TextQuoteSelector`: the passage and its surroundings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TextQuote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

/// The W3C `TextPositionSelector`, in **UTF-8 byte offsets** into `Document::source`
/// (`start..end`, end exclusive). Exports to W3C convert to code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TextPosition {
    pub start: usize,
    pub end: usize,
}

impl TextPosition {
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for TextPosition {
    fn from(r: Range<usize>) -> Self {
        Self {
            start: r.start,
            end: r.end,
        }
    }
}

/// One annotation: a passage with tags and/or a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable identifier (a UUID v7 from the shell; any non-empty string is accepted on import).
    pub id: String,
    pub doc: DocRef,
    pub quote: TextQuote,
    pub position: TextPosition,
    /// Normalised tags (see [`normalize_tag`]), in the order the user gave them.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The note text; empty for a pure tag or highlight.
    #[serde(default)]
    pub body: String,
    /// An explicit colour for this annotation (`#rrggbb` or a colour name); `None` = tag colour.
    #[serde(default)]
    pub color: Option<String>,
    /// RFC 3339 timestamps.
    pub created: String,
    pub modified: String,
    /// The quote as the user made it, once a re-anchor moved the note onto other words
    /// (`quote` then holds the passage as it reads now). Kept until the user places it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<TextQuote>,
    /// How sure gloss is of the passage: anything but `Confirmed` stays shown until the user
    /// confirms the note or selects its passage again.
    #[serde(default, skip_serializing_if = "Placement::is_confirmed")]
    pub placement: Placement,
    /// For a moved or fuzzy note: how close `quote.exact` is to `original.exact`, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<u8>,
    /// The store's revision of this note (0 = never saved): a save is a compare-and-swap on it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub revision: u32,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Where a note stands with its passage after the text changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// Made here, or confirmed by the user: the passage is the one they meant.
    #[default]
    Confirmed,
    /// Found verbatim at another place.
    Moved,
    /// Found approximately: the words differ from the original quote.
    Fuzzy,
    /// Not found; stays an orphan until the user re-attaches it.
    Orphan,
}

impl Placement {
    pub fn is_confirmed(&self) -> bool {
        matches!(self, Self::Confirmed)
    }

    /// The word shown and stored for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "exact",
            Self::Moved => "moved",
            Self::Fuzzy => "fuzzy",
            Self::Orphan => "orphaned",
        }
    }

    /// Parses [`Placement::as_str`].
    pub fn parse(s: &str) -> Self {
        match s {
            "moved" => Self::Moved,
            "fuzzy" => Self::Fuzzy,
            "orphaned" => Self::Orphan,
            _ => Self::Confirmed,
        }
    }
}

/// Why an annotation could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// The selection is empty (`start >= end`).
    #[error("the selection is empty")]
    EmptyRange,
    /// The selection runs past the end of the text.
    #[error("the selection {start}..{end} is outside the text ({len} bytes)")]
    OutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    /// An offset falls inside a multi-byte character.
    #[error("offset {0} is not on a character boundary")]
    NotCharBoundary(usize),
    /// The id is empty.
    #[error("an annotation needs a non-empty id")]
    EmptyId,
}

/// Checks that `range` is a non-empty, in-bounds, char-aligned range of `text`.
pub fn check_range(text: &str, range: &Range<usize>) -> Result<(), NoteError> {
    if range.start >= range.end {
        return Err(NoteError::EmptyRange);
    }
    if range.end > text.len() {
        return Err(NoteError::OutOfBounds {
            start: range.start,
            end: range.end,
            len: text.len(),
        });
    }
    for off in [range.start, range.end] {
        if !text.is_char_boundary(off) {
            return Err(NoteError::NotCharBoundary(off));
        }
    }
    Ok(())
}

impl TextQuote {
    /// The quote selector for `range` of `text`, with up to [`CONTEXT_CHARS`] code points of
    /// context on each side.
    pub fn from_text(text: &str, range: Range<usize>) -> Result<Self, NoteError> {
        check_range(text, &range)?;
        let (before, rest) = text.split_at(range.start);
        let (exact, after) = rest.split_at(range.end - range.start);
        Ok(Self {
            exact: exact.to_owned(),
            prefix: last_chars(before, CONTEXT_CHARS).to_owned(),
            suffix: first_chars(after, CONTEXT_CHARS).to_owned(),
        })
    }
}

/// The last `n` code points of `s`.
pub fn last_chars(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => s.split_at(i).1,
        None => s,
    }
}

/// The first `n` code points of `s`.
pub fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => s.split_at(i).0,
        None => s,
    }
}

impl Annotation {
    /// A new annotation on `range` (byte offsets into `doc.source`). The id and the time come
    /// from the caller; tags are normalised and de-duplicated.
    pub fn new_for(
        doc: &Document,
        range: Range<usize>,
        tags: Vec<String>,
        body: String,
        id: String,
        now: &str,
    ) -> Result<Self, NoteError> {
        if id.trim().is_empty() {
            return Err(NoteError::EmptyId);
        }
        let quote = TextQuote::from_text(&doc.source, range.clone())?;
        Ok(Self {
            id,
            doc: DocRef {
                fingerprint: doc.fingerprint(),
                path: None,
                title: doc.title(),
            },
            quote,
            position: range.into(),
            tags: normalize_tags(tags),
            body,
            color: None,
            created: now.to_owned(),
            modified: now.to_owned(),
            original: None,
            placement: Placement::Confirmed,
            similarity: None,
            revision: 0,
        })
    }

    /// Builder-style: records where the document lives.
    #[must_use]
    pub fn with_path(mut self, path: Option<String>) -> Self {
        self.doc.path = path;
        self
    }

    /// The passage as a byte range (as stored; may be stale until re-anchored).
    pub fn range(&self) -> Range<usize> {
        self.position.range()
    }

    /// Replaces the note text and tags, stamping `modified`.
    pub fn edit(&mut self, tags: Vec<String>, body: String, now: &str) {
        self.tags = normalize_tags(tags);
        self.body = body;
        now.clone_into(&mut self.modified);
    }

    /// Adds tags (normalised, duplicates ignored), stamping `modified` if anything changed.
    pub fn add_tags(&mut self, tags: impl IntoIterator<Item = String>, now: &str) {
        let before = self.tags.len();
        let mut all = std::mem::take(&mut self.tags);
        all.extend(tags);
        self.tags = normalize_tags(all);
        if self.tags.len() != before {
            now.clone_into(&mut self.modified);
        }
    }

    /// What the annotation is for, in W3C terms.
    pub fn motivation(&self) -> Motivation {
        if !self.body.trim().is_empty() {
            Motivation::Commenting
        } else if !self.tags.is_empty() {
            Motivation::Tagging
        } else {
            Motivation::Highlighting
        }
    }

    /// The colour to draw this annotation with: its own, else its first tag's.
    pub fn effective_color<'a>(&'a self, colors: &'a TagColors) -> Option<&'a str> {
        self.color
            .as_deref()
            .or_else(|| self.tags.first().map(|t| colors.color_for(t)))
    }
}

/// W3C motivations gloss produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motivation {
    Commenting,
    Tagging,
    Highlighting,
}

impl Motivation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Commenting => "commenting",
            Self::Tagging => "tagging",
            Self::Highlighting => "highlighting",
        }
    }
}

/// Sorts annotations in document order (start, then end, then id for stability).
pub fn sort_in_document_order(anns: &mut [Annotation]) {
    anns.sort_by(|a, b| {
        (a.position.start, a.position.end, &a.id).cmp(&(b.position.start, b.position.end, &b.id))
    });
}

/// A tag as gloss stores it: trimmed, without a leading `#`, lowercased, inner whitespace
/// runs turned into `-`, control characters and `#`/`,` dropped. `None` if nothing remains.
///
/// Tags are case-insensitive for the user (`#AI` and `#ai` are one tag) and must survive as
/// Obsidian tags (`#tag`, no spaces).
pub fn normalize_tag(raw: &str) -> Option<String> {
    let trimmed = raw.trim().trim_start_matches('#').trim();
    let mut out = String::with_capacity(trimmed.len());
    let mut pending_dash = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            pending_dash = !out.is_empty();
            continue;
        }
        if c.is_control() || c == '#' || c == ',' {
            continue;
        }
        if pending_dash {
            out.push('-');
            pending_dash = false;
        }
        out.extend(c.to_lowercase());
    }
    (!out.is_empty()).then_some(out)
}

/// Normalises and de-duplicates tags, keeping first-seen order.
pub fn normalize_tags(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        if let Some(n) = normalize_tag(&t)
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// Splits what the user typed in a tag prompt (`ai, #defence policy` → separated by commas;
/// without commas, by whitespace) into normalised tags.
pub fn parse_tags(input: &str) -> Vec<String> {
    let parts: Vec<String> = if input.contains(',') {
        input.split(',').map(str::to_owned).collect()
    } else {
        input.split_whitespace().map(str::to_owned).collect()
    };
    normalize_tags(parts)
}

/// The default tag palette: distinct, readable on dark and light backgrounds, and different
/// from the entity colours' usual hues only by intent of the theme (the UI may remap).
pub const DEFAULT_PALETTE: [&str; 10] = [
    "#e5c07b", // amber
    "#61afef", // blue
    "#98c379", // green
    "#c678dd", // violet
    "#e06c75", // rose
    "#56b6c2", // cyan
    "#d19a66", // orange
    "#a9b665", // olive
    "#f5a97f", // peach
    "#8aadf4", // periwinkle
];

/// Tag → colour, deterministic by name, with configurable overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagColors {
    palette: Vec<String>,
    overrides: BTreeMap<String, String>,
}

impl Default for TagColors {
    fn default() -> Self {
        Self::new(Vec::new(), BTreeMap::new())
    }
}

impl TagColors {
    /// `palette` empty ⇒ [`DEFAULT_PALETTE`]. Override keys are normalised like tags.
    pub fn new(palette: Vec<String>, overrides: BTreeMap<String, String>) -> Self {
        let palette = if palette.is_empty() {
            DEFAULT_PALETTE.iter().map(|s| (*s).to_owned()).collect()
        } else {
            palette
        };
        let overrides = overrides
            .into_iter()
            .filter_map(|(k, v)| normalize_tag(&k).map(|k| (k, v)))
            .collect();
        Self { palette, overrides }
    }

    /// The colour for `tag` (expects a normalised tag; normalises a raw one for the lookup).
    pub fn color_for(&self, tag: &str) -> &str {
        let norm = normalize_tag(tag).unwrap_or_default();
        if let Some(c) = self.overrides.get(&norm) {
            return c;
        }
        let n = self.palette.len().max(1);
        // FNV-1a: stable across runs, platforms and Rust versions (unlike `DefaultHasher`).
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in norm.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let idx = usize::try_from(h % n as u64).unwrap_or(0);
        self.palette.get(idx).map_or("#e5c07b", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::doc::document::{Format, Metadata};

    fn doc(text: &str) -> Document {
        Document {
            lazy: None,
            source: text.to_owned(),
            format: Format::PlainText,
            meta: Metadata {
                title: Some("T".into()),
                ..Metadata::default()
            },
            blocks: Vec::new(),
        }
    }

    #[test]
    fn new_for_captures_quote_context_and_position() {
        let d = doc("Alpha beta gamma delta.");
        let a = Annotation::new_for(
            &d,
            6..10,
            vec!["#AI".into()],
            "n".into(),
            "id1".into(),
            "t0",
        )
        .unwrap();
        assert_eq!(a.quote.exact, "beta");
        assert_eq!(a.quote.prefix, "Alpha ");
        assert_eq!(a.quote.suffix, " gamma delta.");
        assert_eq!(a.position, TextPosition { start: 6, end: 10 });
        assert_eq!(a.tags, vec!["ai"]);
        assert_eq!(a.doc.fingerprint, d.fingerprint());
        assert_eq!(a.doc.title.as_deref(), Some("T"));
        assert_eq!((a.created.as_str(), a.modified.as_str()), ("t0", "t0"));
    }

    #[test]
    fn context_is_32_chars_and_char_boundary_safe() {
        let text = format!("{}X{}", "é".repeat(40), "日".repeat(40));
        let start = "é".repeat(40).len();
        let q = TextQuote::from_text(&text, start..start + 1).unwrap();
        assert_eq!(q.prefix, "é".repeat(32));
        assert_eq!(q.suffix, "日".repeat(32));
    }

    #[test]
    fn bad_ranges_are_typed_errors() {
        let d = doc("héllo");
        let mk = |r: Range<usize>| {
            Annotation::new_for(&d, r, vec![], String::new(), "x".into(), "t").unwrap_err()
        };
        assert_eq!(mk(2..2), NoteError::EmptyRange);
        assert_eq!(
            mk(0..99),
            NoteError::OutOfBounds {
                start: 0,
                end: 99,
                len: 6
            }
        );
        assert_eq!(mk(2..4), NoteError::NotCharBoundary(2));
        let err = Annotation::new_for(&d, 0..1, vec![], String::new(), " ".into(), "t");
        assert_eq!(err.unwrap_err(), NoteError::EmptyId);
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(
            normalize_tag("  #Defence  Policy "),
            Some("defence-policy".into())
        );
        assert_eq!(normalize_tag("#"), None);
        assert_eq!(normalize_tag("a\u{1b}b"), Some("ab".into()));
        assert_eq!(
            parse_tags("ai, #Defence policy, AI"),
            vec!["ai", "defence-policy"]
        );
        assert_eq!(parse_tags("ai  tech #AI"), vec!["ai", "tech"]);
    }

    #[test]
    fn tag_colours_are_deterministic_and_overridable() {
        let c = TagColors::default();
        assert_eq!(c.color_for("ai"), c.color_for("#AI"));
        assert!(DEFAULT_PALETTE.contains(&c.color_for("anything")));
        let mut spread = std::collections::BTreeSet::new();
        for t in ["a", "b", "c", "d", "e", "f", "g", "h"] {
            spread.insert(c.color_for(t).to_owned());
        }
        assert!(spread.len() > 2, "palette is used: {spread:?}");
        let o = TagColors::new(Vec::new(), BTreeMap::from([("#AI".into(), "red".into())]));
        assert_eq!(o.color_for("ai"), "red");
    }

    #[test]
    fn motivation_and_effective_colour() {
        let d = doc("abc def");
        let mut a = Annotation::new_for(&d, 0..3, vec![], String::new(), "i".into(), "t").unwrap();
        assert_eq!(a.motivation(), Motivation::Highlighting);
        let c = TagColors::new(vec!["#111111".into()], BTreeMap::new());
        assert_eq!(a.effective_color(&c), None);
        a.add_tags(["x".to_owned()], "t2");
        assert_eq!(a.motivation(), Motivation::Tagging);
        assert_eq!(a.effective_color(&c), Some("#111111"));
        assert_eq!(a.modified, "t2");
        a.edit(vec!["x".into()], "why".into(), "t3");
        assert_eq!(a.motivation(), Motivation::Commenting);
        a.color = Some("blue".into());
        assert_eq!(a.effective_color(&c), Some("blue"));
    }

    #[test]
    fn document_order_sort() {
        let d = doc("abcdef");
        let mk = |r: Range<usize>, id: &str| {
            Annotation::new_for(&d, r, vec![], String::new(), id.into(), "t").unwrap()
        };
        let mut v = vec![mk(3..4, "b"), mk(0..2, "z"), mk(3..4, "a")];
        sort_in_document_order(&mut v);
        let ids: Vec<_> = v.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["z", "a", "b"]);
    }
}
