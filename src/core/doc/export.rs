//! Exporting annotations (Markdown for Obsidian, gloss JSON, W3C Web Annotation JSON-LD, CSV)
//! and reading them back (gloss JSON and W3C).
//!
//! Pure formatters over an [`ExportInput`]: the document, its annotations (positions already
//! re-anchored by the caller, with the ids that could not be placed listed as orphans), the
//! outline and the entities, and the export time — so the output is a function of its input and
//! golden-tested byte for byte. The input types for sections and entities are small structs of
//! this module rather than the outline/entity types themselves, so exporting does not depend on
//! how those are computed.
//!
//! Offsets: gloss JSON and CSV carry UTF-8 **byte** offsets into the source text (the
//! [`TextPosition`] unit; CSV headers say `start_byte`/`end_byte`). W3C's `TextPositionSelector`
//! counts **code points** ("characters" in the model), so W3C export converts bytes → code
//! points and W3C import converts back against the text being imported into.
//!
//! Safety: JSON outputs escape every character the terminal sanitizer considers unsafe
//! (`\u009b`, bidi overrides …) so they stay lossless yet harmless when printed; Markdown and CSV
//! are meant for reading and pass document text through `sanitize::display_safe`; CSV cells
//! that a spreadsheet would run as a formula are prefixed with `'`.

pub mod merge;
mod w3c;

pub use w3c::{parse_w3c, to_w3c};
use w3c::{parse_w3c_value, w3c_items};

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::doc::annotation::{Annotation, Placement, normalize_tags};
use crate::core::doc::document::Document;
use crate::core::doc::sanitize::{display_safe, is_unsafe, one_line};

/// The gloss JSON format version this build writes and the newest it reads.
pub const JSON_VERSION: u32 = 1;
/// The JSON-LD context of the W3C Web Annotation model.
pub const W3C_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A section of the outline, for grouping (byte range into the source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSection {
    pub title: String,
    pub start: usize,
    pub end: usize,
}

/// A named entity mention (byte range into the source, a kind label such as `PERSON`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportEntity {
    pub range: Range<usize>,
    pub kind: String,
    pub text: String,
}

/// Everything an export needs.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    pub doc: &'a Document,
    /// Where the document lives (a path or URL), for the front matter and W3C `source`.
    pub source: Option<&'a str>,
    /// Annotations with their current positions in `doc` (orphans keep their stored ones).
    pub annotations: &'a [Annotation],
    /// Ids of annotations that could not be anchored in `doc`.
    pub orphans: &'a [String],
    pub sections: &'a [ExportSection],
    pub entities: &'a [ExportEntity],
    /// RFC 3339.
    pub exported_at: &'a str,
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Json,
    Csv,
    W3c,
}

impl ExportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::W3c => "jsonld",
        }
    }
}

/// What went wrong exporting or importing.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The input is not JSON (or JSON of the wrong shape).
    #[error("not valid annotation JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but neither gloss's format nor W3C Web Annotation.
    #[error("not a gloss export or a W3C Web Annotation document")]
    UnknownFormat,
    /// A gloss export from a newer version.
    #[error("gloss JSON version {found} is newer than this gloss reads ({supported})")]
    UnsupportedVersion { found: u64, supported: u32 },
    /// Writing CSV failed (should not happen: it writes to memory).
    #[error("CSV: {0}")]
    Csv(String),
}

/// Formats `input` as `format`.
pub fn export(format: ExportFormat, input: &ExportInput<'_>) -> Result<String, ExportError> {
    match format {
        ExportFormat::Markdown => Ok(to_markdown(input)),
        ExportFormat::Json => to_json(input),
        ExportFormat::Csv => to_csv(input),
        ExportFormat::W3c => to_w3c(input),
    }
}

/// The document's outline (as the sections pane shows it) as export sections.
pub fn sections_from_headings(doc: &Document) -> Vec<ExportSection> {
    crate::core::doc::sections::outline(doc)
        .into_iter()
        .map(|s| ExportSection {
            title: s.title.trim().to_owned(),
            start: s.start(),
            end: s.end(),
        })
        .collect()
}

/// The named entities of `doc`, for the "entities mentioned" lists of an export.
pub fn entities_for_export(
    doc: &Document,
    recognizer: &crate::core::doc::entities::Recognizer,
) -> Vec<ExportEntity> {
    recognizer
        .recognize_document(doc)
        .into_iter()
        .map(|m| ExportEntity {
            text: doc
                .source
                .get(m.range.clone())
                .unwrap_or_default()
                .to_owned(),
            kind: m.kind.label().to_owned(),
            range: m.range,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// shared helpers

/// Annotations in document order, orphans last (in their stored order).
fn ordered<'a>(input: &ExportInput<'a>) -> Vec<&'a Annotation> {
    let mut v: Vec<&Annotation> = input.annotations.iter().collect();
    v.sort_by(|a, b| {
        let key = |x: &Annotation| {
            (
                input.orphans.contains(&x.id),
                x.position.start,
                x.position.end,
                x.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    v
}

/// The innermost section containing `offset`.
fn section_of(sections: &[ExportSection], offset: usize) -> Option<&ExportSection> {
    sections
        .iter()
        .filter(|s| s.start <= offset && offset < s.end.max(s.start + 1))
        .max_by_key(|s| (s.start, std::cmp::Reverse(s.end)))
}

/// Entities overlapping `range`, unique by (text, kind), in order of appearance.
fn entities_in<'a>(entities: &'a [ExportEntity], range: &Range<usize>) -> Vec<&'a ExportEntity> {
    let mut hits: Vec<&ExportEntity> = entities
        .iter()
        .filter(|e| e.range.start < range.end && range.start < e.range.end)
        .collect();
    hits.sort_by_key(|e| e.range.start);
    let mut seen = BTreeSet::new();
    hits.retain(|e| seen.insert((e.text.clone(), e.kind.clone())));
    hits
}

/// `s` with every terminal-unsafe character written as a JSON `\uXXXX` escape. Only valid on
/// `serde_json` output (unsafe characters can only occur inside its strings there).
pub fn escape_unsafe_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_unsafe(c) && c != '\t' && c != '\n' {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Code points before byte offset `byte` (clamped to the text, floored to a char boundary).
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text.get(..b).map_or(0, |s| s.chars().count())
}

/// The byte offset of code point `ch`, `None` past the end of the text.
pub fn char_to_byte(text: &str, ch: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(ch)
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Obsidian-friendly Markdown: YAML front matter, annotations grouped by section, each a block
/// quote followed by a stable block id `^gloss-<id>`, its tags as `#tags`, the note, and the
/// entities mentioned in the passage. Orphans come last under "Orphaned notes".
pub fn to_markdown(input: &ExportInput<'_>) -> String {
    let doc = input.doc;
    let title = doc.title().unwrap_or_else(|| "Untitled".to_owned());
    let mut out = String::from("---\n");
    yaml_field(&mut out, "title", &title);
    if !doc.meta.authors.is_empty() {
        out.push_str("authors:\n");
        for a in &doc.meta.authors {
            let _ = writeln!(out, "  - {}", yaml_str(a));
        }
    }
    if let Some(d) = &doc.meta.date {
        yaml_field(&mut out, "date", d);
    }
    if let Some(o) = &doc.meta.source {
        yaml_field(&mut out, "outlet", o);
    }
    if let Some(s) = input.source {
        yaml_field(&mut out, "source", s);
    }
    yaml_field(&mut out, "fingerprint", &doc.fingerprint());
    yaml_field(&mut out, "exported", input.exported_at);
    let tags: BTreeSet<&str> = input
        .annotations
        .iter()
        .flat_map(|a| a.tags.iter().map(String::as_str))
        .collect();
    out.push_str("tags:\n  - gloss\n");
    for t in tags {
        let _ = writeln!(out, "  - {}", yaml_str(t));
    }
    out.push_str("---\n\n");
    let _ = writeln!(out, "# Notes on {}\n", md_inline(&title));

    let anns = ordered(input);
    if anns.is_empty() {
        out.push_str("_No annotations._\n");
        return out;
    }
    let mut current: Option<Option<&str>> = None;
    for a in anns {
        let orphan = input.orphans.contains(&a.id);
        let group = if orphan {
            Some("Orphaned notes (passage not found in this version)")
        } else {
            section_of(input.sections, a.position.start).map(|s| s.title.as_str())
        };
        if current != Some(group) {
            if let Some(g) = group {
                let _ = writeln!(out, "## {}\n", md_inline(g));
            } else if current.is_some() {
                out.push_str("## (Before the first section)\n\n");
            }
            current = Some(group);
        }
        write_md_annotation(&mut out, a, if orphan { &[] } else { input.entities });
    }
    out
}

fn write_md_annotation(out: &mut String, a: &Annotation, entities: &[ExportEntity]) {
    for line in a.quote.exact.trim().lines() {
        let line = line.trim_end_matches('\r').trim();
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {}", md_escape_line(line));
        }
    }
    let _ = writeln!(out, "\n^gloss-{}\n", block_id(&a.id));
    if let Some(drift) = drift_line(a) {
        let _ = writeln!(out, "_{}_\n", md_inline(&drift));
    }
    if !a.tags.is_empty() {
        let tags: Vec<String> = a.tags.iter().map(|t| format!("#{}", md_tag(t))).collect();
        let _ = writeln!(out, "{}\n", tags.join(" "));
    }
    let body = a.body.trim();
    if !body.is_empty() {
        let _ = writeln!(out, "{}\n", display_safe(body));
    }
    let ents = entities_in(entities, &a.position.range());
    if !ents.is_empty() {
        let list: Vec<String> = ents
            .iter()
            .map(|e| format!("{} ({})", md_inline(&e.text), md_inline(&e.kind)))
            .collect();
        let _ = writeln!(out, "Entities: {}\n", list.join(", "));
    }
    let _ = writeln!(
        out,
        "<!-- gloss: bytes {}..{}, created {}, modified {} -->\n",
        a.position.start,
        a.position.end,
        md_comment(&a.created),
        md_comment(&a.modified)
    );
}

/// Where `a` stands in the text exported: an orphan of this export is orphaned whatever its
/// stored placement says.
fn placement_of(input: &ExportInput<'_>, a: &Annotation) -> Placement {
    if input.orphans.contains(&a.id) {
        Placement::Orphan
    } else {
        a.placement
    }
}

/// The words a re-anchored note was made on, when they differ from its passage now.
fn original_words(a: &Annotation) -> Option<&str> {
    a.original
        .as_ref()
        .map(|o| o.exact.trim())
        .filter(|o| !o.is_empty() && *o != a.quote.exact.trim())
}

/// How a re-anchored note drifted, as the Notes tab says it (`↪ moved`, `≈ fuzzy, 82%
/// alike`), with the words it was made on when they differ; `None` for a note where it was
/// made or confirmed (orphans have their own group).
fn drift_line(a: &Annotation) -> Option<String> {
    let mark = match a.placement {
        Placement::Moved => "↪ moved".to_owned(),
        Placement::Fuzzy => a
            .similarity
            .map_or_else(|| "≈ fuzzy".to_owned(), |s| format!("≈ fuzzy, {s}% alike")),
        Placement::Confirmed | Placement::Orphan => return None,
    };
    Some(match original_words(a) {
        Some(o) => format!("{mark}; made on “{}”", one_line(o)),
        None => format!("{mark} since the note was made"),
    })
}

pub(crate) fn yaml_str(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    escape_unsafe_json(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned()))
}

fn yaml_field(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key}: {}", yaml_str(value));
}

/// Obsidian block ids allow Latin letters, digits and dashes only.
pub(crate) fn block_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Obsidian tags: no spaces or punctuation other than `-`, `_`, `/`.
fn md_tag(tag: &str) -> String {
    tag.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '/') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Document text for one line of Markdown: safe for the terminal, Markdown/Obsidian syntax
/// characters escaped so the passage renders as the text it was.
pub(crate) fn md_inline(s: &str) -> String {
    let s = crate::core::doc::sanitize::one_line(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '#'
                | '<'
                | '>'
                | '|'
                | '~'
                | '='
                | '^'
                | '$'
                | '%'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Like [`md_inline`], also neutralising line-start syntax (lists, headings, rules).
fn md_escape_line(line: &str) -> String {
    let escaped = md_inline(line);
    let first = escaped.chars().next();
    let ordered_list = {
        let digits = escaped.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && matches!(escaped.chars().nth(digits), Some('.' | ')'))
    };
    if matches!(first, Some('-' | '+')) {
        format!("\\{escaped}")
    } else if ordered_list {
        let digits = escaped.chars().take_while(char::is_ascii_digit).count();
        let (num, rest) = escaped.split_at(digits);
        format!("{num}\\{rest}")
    } else {
        escaped
    }
}

fn md_comment(s: &str) -> String {
    crate::core::doc::sanitize::one_line(s).replace("--", "- -")
}

// ---------------------------------------------------------------------------------------------
// gloss JSON

/// The document fields of a gloss JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct JsonDocument {
    pub fingerprint: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
}

/// A gloss JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonExport {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    /// Always `"utf8-bytes"`: what `position.start`/`end` count.
    pub position_units: String,
    pub document: JsonDocument,
    #[serde(default)]
    pub orphans: Vec<String>,
    pub annotations: Vec<Annotation>,
}

/// gloss's full-fidelity JSON (every field of every annotation).
pub fn to_json(input: &ExportInput<'_>) -> Result<String, ExportError> {
    let doc = input.doc;
    let export = JsonExport {
        format: "gloss-annotations".to_owned(),
        version: JSON_VERSION,
        exported_at: input.exported_at.to_owned(),
        position_units: "utf8-bytes".to_owned(),
        document: JsonDocument {
            fingerprint: doc.fingerprint(),
            source: input.source.map(str::to_owned),
            title: doc.title(),
            authors: doc.meta.authors.clone(),
            date: doc.meta.date.clone(),
            outlet: doc.meta.source.clone(),
        },
        orphans: input.orphans.to_vec(),
        annotations: ordered(input).into_iter().cloned().collect(),
    };
    let mut s = escape_unsafe_json(&serde_json::to_string_pretty(&export)?);
    s.push('\n');
    Ok(s)
}

/// Annotations read from an export, plus how many entries could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub annotations: Vec<Annotation>,
    /// Entries without a usable id or passage.
    pub unusable: usize,
}

/// Reads a gloss JSON export.
pub fn parse_json(s: &str) -> Result<Parsed, ExportError> {
    let v: Value = serde_json::from_str(s)?;
    parse_json_value(&v)
}

fn parse_json_value(v: &Value) -> Result<Parsed, ExportError> {
    let version = v
        .get("version")
        .and_then(Value::as_u64)
        .ok_or(ExportError::UnknownFormat)?;
    if version > u64::from(JSON_VERSION) {
        return Err(ExportError::UnsupportedVersion {
            found: version,
            supported: JSON_VERSION,
        });
    }
    let items = v
        .get("annotations")
        .and_then(Value::as_array)
        .ok_or(ExportError::UnknownFormat)?;
    let mut out = Parsed::default();
    for item in items {
        match serde_json::from_value::<Annotation>(item.clone()) {
            Ok(mut a) if !a.id.trim().is_empty() && !a.quote.exact.is_empty() => {
                a.tags = normalize_tags(std::mem::take(&mut a.tags));
                out.annotations.push(a);
            }
            _ => out.unusable += 1,
        }
    }
    Ok(out)
}

/// Reads either format, telling them apart by shape.
pub fn parse_any(s: &str, text: &str, now: &str) -> Result<Parsed, ExportError> {
    let v: Value = serde_json::from_str(s)?;
    if v.get("@context").is_some() || w3c_items(&v).is_some() {
        parse_w3c_value(&v, text, now)
    } else {
        parse_json_value(&v)
    }
}

/// Splits `incoming` into what is new and how many are duplicates — of `existing` or of each
/// other — by id, or by identical selectors, body and tags (for W3C data from other tools).
pub fn dedupe(existing: &[Annotation], incoming: Vec<Annotation>) -> (Vec<Annotation>, usize) {
    fn same_content(a: &Annotation, b: &Annotation) -> bool {
        a.quote == b.quote && a.position == b.position && a.body == b.body && a.tags == b.tags
    }
    let mut fresh: Vec<Annotation> = Vec::new();
    let mut skipped = 0;
    for a in incoming {
        let dup = existing
            .iter()
            .chain(fresh.iter())
            .any(|e| e.id == a.id || same_content(e, &a));
        if dup {
            skipped += 1;
        } else {
            fresh.push(a);
        }
    }
    (fresh, skipped)
}

// ---------------------------------------------------------------------------------------------
// CSV

/// One row per annotation: `id, quote, note, tags, section, start_byte, end_byte, created,
/// modified` (tags space-separated; orphans have the section `(orphaned)`).
pub fn to_csv(input: &ExportInput<'_>) -> Result<String, ExportError> {
    let csv_err = |e: csv::Error| ExportError::Csv(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "quote",
        "note",
        "tags",
        "section",
        "start_byte",
        "end_byte",
        "created",
        "modified",
        "placement",
        "similarity",
        "original",
    ])
    .map_err(csv_err)?;
    for a in ordered(input) {
        let section = if input.orphans.contains(&a.id) {
            "(orphaned)".to_owned()
        } else {
            section_of(input.sections, a.position.start)
                .map(|s| s.title.clone())
                .unwrap_or_default()
        };
        w.write_record([
            csv_cell(&a.id),
            csv_cell(&a.quote.exact),
            csv_cell(&a.body),
            csv_cell(&a.tags.join(" ")),
            csv_cell(&section),
            a.position.start.to_string(),
            a.position.end.to_string(),
            csv_cell(&a.created),
            csv_cell(&a.modified),
            placement_of(input, a).as_str().to_owned(),
            a.similarity.map(|s| s.to_string()).unwrap_or_default(),
            csv_cell(original_words(a).unwrap_or_default()),
        ])
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Csv(e.to_string()))
}

/// A text cell a spreadsheet will show as text: terminal-safe, and never starting with a
/// formula trigger (`= + - @`, tab, carriage return), which gets a leading `'`.
pub fn csv_cell(s: &str) -> String {
    let safe = display_safe(s);
    if safe.starts_with(['=', '+', '-', '@', '\t', '\r']) || s.starts_with('\r') {
        format!("'{safe}")
    } else {
        safe.into_owned()
    }
}

#[cfg(test)]
#[allow(clippy::many_single_char_names)]
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
                authors: vec!["A B".into()],
                ..Metadata::default()
            },
            blocks: Vec::new(),
        }
    }

    fn ann(d: &Document, range: Range<usize>, id: &str, tags: &[&str], body: &str) -> Annotation {
        Annotation::new_for(
            d,
            range,
            tags.iter().map(|t| (*t).to_owned()).collect(),
            body.to_owned(),
            id.to_owned(),
            "2026-01-01T00:00:00Z",
        )
        .unwrap()
    }

    fn input<'a>(d: &'a Document, anns: &'a [Annotation]) -> ExportInput<'a> {
        ExportInput {
            doc: d,
            source: Some("/tmp/a b.txt"),
            annotations: anns,
            orphans: &[],
            sections: &[],
            entities: &[],
            exported_at: "2026-01-02T00:00:00Z",
        }
    }

    #[test]
    fn sections_from_headings_nest_by_level() {
        use crate::core::doc::document::{Block, BlockKind, Inline, Part};
        let src = "# A\ntext\n## B\nmore\n# C\nend";
        let head = |level: u8, start: usize, len: usize| Block {
            kind: BlockKind::Heading {
                level,
                inlines: smallvec::smallvec![Inline::plain(
                    start + level as usize + 1..start + len
                )],
            },
            range: crate::core::doc::document::span(start..start + len),
            part: Part::Body,
        };
        let mut d = doc(src);
        d.blocks = vec![head(1, 0, 3), head(2, 9, 4), head(1, 19, 3)];
        let secs = sections_from_headings(&d);
        let got: Vec<_> = secs
            .iter()
            .map(|s| (s.title.as_str(), s.start, s.end))
            .collect();
        assert_eq!(got, [("A", 0, 19), ("B", 9, 19), ("C", 19, src.len())]);
    }

    #[test]
    fn char_and_byte_offsets_convert_both_ways() {
        let t = "aé日b";
        assert_eq!(byte_to_char(t, 0), 0);
        assert_eq!(byte_to_char(t, 3), 2);
        assert_eq!(byte_to_char(t, 4), 2, "inside a char floors");
        assert_eq!(byte_to_char(t, 99), 4);
        assert_eq!(char_to_byte(t, 2), Some(3));
        assert_eq!(char_to_byte(t, 4), Some(t.len()));
        assert_eq!(char_to_byte(t, 5), None);
    }

    #[test]
    fn csv_cells_cannot_start_formulas() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn w3c_round_trip_keeps_ids_tags_body_and_converts_units() {
        let d = doc("日本 and China deepen ties.");
        let a = ann(
            &d,
            7..12,
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            &["geo"],
            "why",
        );
        let s = to_w3c(&input(&d, std::slice::from_ref(&a))).unwrap();
        let v: Value = serde_json::from_str(&s).unwrap();
        let item = &v["first"]["items"][0];
        assert_eq!(item["id"], "urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        assert_eq!(v["@context"], W3C_CONTEXT, "no drift: the plain context");
        assert!(item.get("gloss:placement").is_none());
        assert_eq!(
            item["target"]["selector"][1]["start"], 3,
            "code points, not bytes"
        );
        assert_eq!(item["target"]["source"], "file:///tmp/a%20b.txt");
        let back = parse_w3c(&s, &d.source, "now").unwrap();
        assert_eq!(back.unusable, 0);
        let b = &back.annotations[0];
        assert_eq!(
            (b.id.as_str(), b.position, &b.tags, b.body.as_str()),
            (a.id.as_str(), a.position, &a.tags, "why")
        );
        assert_eq!(b.quote, a.quote);
    }

    #[test]
    fn w3c_without_ids_gets_stable_content_ids() {
        let s = r#"{"type":"Annotation","body":{"type":"TextualBody","value":"n"},
            "target":{"source":"x","selector":{"type":"TextQuoteSelector","exact":"China"}}}"#;
        let a = parse_w3c(s, "China", "now").unwrap();
        let b = parse_any(s, "China", "later").unwrap();
        assert_eq!(a.annotations[0].id, b.annotations[0].id);
        assert!(a.annotations[0].id.starts_with("w3c-"));
        assert_eq!(a.annotations[0].body, "n");
    }

    #[test]
    fn json_round_trip_and_version_check() {
        let d = doc("alpha beta gamma");
        let anns = vec![ann(&d, 6..10, "x1", &["t"], "n")];
        let s = to_json(&input(&d, &anns)).unwrap();
        assert_eq!(parse_json(&s).unwrap().annotations, anns);
        assert_eq!(parse_any(&s, "", "now").unwrap().annotations, anns);
        let newer = s.replacen("\"version\": 1", "\"version\": 9", 1);
        assert!(matches!(
            parse_json(&newer),
            Err(ExportError::UnsupportedVersion { found: 9, .. })
        ));
        assert!(matches!(
            parse_any("{\"a\":1}", "", "n"),
            Err(ExportError::UnknownFormat)
        ));
        assert!(matches!(
            parse_any("nope", "", "n"),
            Err(ExportError::Json(_))
        ));
    }

    #[test]
    fn json_escapes_terminal_unsafe_characters_losslessly() {
        let d = doc("a\u{9b}31m b");
        let anns = vec![ann(&d, 0..4, "x", &[], "\u{202e}evil")];
        let s = to_json(&input(&d, &anns)).unwrap();
        assert!(!s.chars().any(|c| is_unsafe(c) && c != '\n'));
        assert_eq!(parse_json(&s).unwrap().annotations, anns);
    }

    #[test]
    fn dedupe_by_id_and_by_content() {
        let d = doc("alpha beta gamma");
        let a = ann(&d, 0..5, "a", &[], "");
        let mut same_content = a.clone();
        same_content.id = "other".into();
        let b = ann(&d, 6..10, "b", &[], "");
        let (fresh, skipped) = dedupe(
            std::slice::from_ref(&a),
            vec![a.clone(), same_content, b.clone(), b.clone()],
        );
        assert_eq!(fresh, vec![b]);
        assert_eq!(skipped, 3);
    }

    #[test]
    fn markdown_escapes_passage_syntax_and_groups_orphans() {
        let d = doc("- [link] #tag *x*\nbody text here");
        let anns = vec![
            ann(&d, 0..17, "i:1", &["Big Idea"], "my note"),
            ann(&d, 18..22, "o", &[], ""),
        ];
        let orphans = vec!["o".to_owned()];
        let mut inp = input(&d, &anns);
        inp.orphans = &orphans;
        let md = to_markdown(&inp);
        assert!(md.contains("> \\- \\[link\\] \\#tag \\*x\\*\n"), "{md}");
        assert!(md.contains("^gloss-i-1\n"));
        assert!(md.contains("#big-idea\n"));
        assert!(md.contains("## Orphaned notes"));
        assert!(md.starts_with("---\ntitle: \"T\"\nauthors:\n  - \"A B\"\n"));
    }

    #[test]
    fn markdown_marks_drifted_notes_as_the_notes_tab_does() {
        let d = doc("body text here and more words");
        let mut moved = ann(&d, 0..4, "m", &[], "");
        moved.placement = Placement::Moved;
        let mut fuzzy = ann(&d, 5..9, "f", &[], "");
        fuzzy.placement = Placement::Fuzzy;
        fuzzy.similarity = Some(82);
        fuzzy.original = Some(crate::core::doc::annotation::TextQuote {
            exact: "test".into(),
            prefix: String::new(),
            suffix: String::new(),
        });
        let kept = ann(&d, 10..14, "k", &[], "");
        let anns = [moved, fuzzy, kept];
        let md = to_markdown(&input(&d, &anns));
        assert!(
            md.contains("^gloss-m\n\n_↪ moved since the note was made_\n"),
            "{md}"
        );
        assert!(
            // `%` is escaped like every character Markdown tools give a meaning
            md.contains("^gloss-f\n\n_≈ fuzzy, 82\\% alike; made on “test”_\n"),
            "{md}"
        );
        assert_eq!(
            md.matches("_↪").count() + md.matches("_≈").count(),
            2,
            "{md}"
        );
    }

    #[test]
    fn innermost_section_and_entities_in_passage() {
        let secs = vec![
            ExportSection {
                title: "Outer".into(),
                start: 0,
                end: 100,
            },
            ExportSection {
                title: "Inner".into(),
                start: 10,
                end: 50,
            },
        ];
        assert_eq!(section_of(&secs, 20).unwrap().title, "Inner");
        assert_eq!(section_of(&secs, 60).unwrap().title, "Outer");
        assert!(section_of(&secs, 100).is_none());
        let ents = vec![
            ExportEntity {
                range: 5..9,
                kind: "GPE".into(),
                text: "Moscow".into(),
            },
            ExportEntity {
                range: 1..3,
                kind: "GPE".into(),
                text: "China".into(),
            },
            ExportEntity {
                range: 20..25,
                kind: "GPE".into(),
                text: "Moscow".into(),
            },
            ExportEntity {
                range: 40..45,
                kind: "ORG".into(),
                text: "Far".into(),
            },
        ];
        let names: Vec<_> = entities_in(&ents, &(0..30))
            .iter()
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(names, ["China", "Moscow"]);
    }
}
