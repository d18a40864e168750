//! W3C Web Annotation JSON-LD, written and read: an `AnnotationCollection` whose items carry
//! a `TextQuoteSelector` and a `TextPositionSelector` (code points). A note gloss had to find
//! again in a changed text also carries, under the `gloss:` prefix (declared in the
//! `@context`, which is then an array as the model allows), how it drifted
//! (`gloss:placement`, `gloss:similarity`) and the words it was made on
//! (`gloss:original`, a `TextQuoteSelector` on the target); reading keeps them. Pure; part of
//! `core::doc::export`.

use std::fmt::Write as _;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{
    ExportError, ExportInput, Parsed, W3C_CONTEXT, byte_to_char, char_to_byte, escape_unsafe_json,
    ordered,
};
use crate::core::doc::annotation::{
    Annotation, DocRef, Placement, TextPosition, TextQuote, normalize_tags,
};

/// The W3C id (an IRI) for a gloss id.
fn w3c_id(id: &str) -> String {
    if is_uuid(id) {
        format!("urn:uuid:{id}")
    } else {
        format!("urn:gloss:annotation:{id}")
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// The gloss id for a W3C id: our own IRIs map back; any other IRI is kept whole.
fn id_from_w3c(iri: &str) -> String {
    iri.strip_prefix("urn:uuid:")
        .or_else(|| iri.strip_prefix("urn:gloss:annotation:"))
        .unwrap_or(iri)
        .to_owned()
}

/// A `file://` URL for an absolute path, an IRI as is, else a `urn:sha256:` for the text.
fn w3c_source(source: Option<&str>, fingerprint: &str) -> String {
    match source {
        Some(s) if s.contains("://") || s.starts_with("urn:") => s.to_owned(),
        Some(s) if s.starts_with('/') => {
            let mut url = String::from("file://");
            for b in s.bytes() {
                if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                    url.push(char::from(b));
                } else {
                    let _ = write!(url, "%{b:02X}");
                }
            }
            url
        }
        _ => format!("urn:sha256:{fingerprint}"),
    }
}

/// A W3C Web Annotation `AnnotationCollection` (JSON-LD) with the annotations embedded in its
/// first page. Targets carry a `TextQuoteSelector` and a `TextPositionSelector` whose
/// `start`/`end` count code points.
pub fn to_w3c(input: &ExportInput<'_>) -> Result<String, ExportError> {
    let text = &input.doc.source;
    let fingerprint = input.doc.fingerprint();
    let source = w3c_source(input.source, &fingerprint);
    let items: Vec<Value> = ordered(input)
        .into_iter()
        .map(|a| {
            let mut body = Vec::new();
            if !a.body.trim().is_empty() {
                body.push(json!({
                    "type": "TextualBody",
                    "value": a.body,
                    "format": "text/plain",
                    "purpose": "commenting",
                }));
            }
            for t in &a.tags {
                body.push(json!({ "type": "TextualBody", "value": t, "purpose": "tagging" }));
            }
            let mut item = json!({
                "id": w3c_id(&a.id),
                "type": "Annotation",
                "motivation": a.motivation().as_str(),
                "created": a.created,
                "modified": a.modified,
                "target": {
                    "source": source,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": a.quote.exact,
                            "prefix": a.quote.prefix,
                            "suffix": a.quote.suffix,
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": byte_to_char(text, a.position.start),
                            "end": byte_to_char(text, a.position.end),
                        }
                    ]
                }
            });
            if !body.is_empty()
                && let Some(obj) = item.as_object_mut()
            {
                obj.insert("body".to_owned(), Value::Array(body));
            }
            add_drift(&mut item, a);
            item
        })
        .collect();
    // The `gloss:` terms are declared only when used: a plain export keeps the plain context.
    let drifted = ordered(input).iter().any(|a| drift_of(a).is_some());
    let context = if drifted {
        json!([W3C_CONTEXT, { "gloss": GLOSS_TERMS }])
    } else {
        json!(W3C_CONTEXT)
    };
    let title = input.doc.title().unwrap_or_else(|| "Untitled".to_owned());
    let collection = json!({
        "@context": context,
        "id": format!("urn:gloss:collection:{fingerprint}"),
        "type": "AnnotationCollection",
        "label": format!("gloss annotations: {title}"),
        "generator": { "id": "urn:gloss", "type": "Software", "name": "gloss" },
        "generated": input.exported_at,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    });
    let mut s = escape_unsafe_json(&serde_json::to_string_pretty(&collection)?);
    s.push('\n');
    Ok(s)
}

/// The IRI the `gloss:` prefix stands for.
const GLOSS_TERMS: &str = "urn:gloss:terms:";

/// How a note drifted, if it did: moved or fuzzy (an orphan is listed as such by the export's
/// caller; a confirmed note did not drift).
fn drift_of(a: &Annotation) -> Option<&'static str> {
    matches!(a.placement, Placement::Moved | Placement::Fuzzy).then(|| a.placement.as_str())
}

/// Adds a drifted note's `gloss:placement`, `gloss:similarity` and, on its target, the words
/// it was made on (`gloss:original`, a `TextQuoteSelector`).
fn add_drift(item: &mut Value, a: &Annotation) {
    let Some(obj) = item.as_object_mut() else {
        return;
    };
    if let Some(placement) = drift_of(a) {
        obj.insert("gloss:placement".to_owned(), json!(placement));
        if let Some(s) = a.similarity {
            obj.insert("gloss:similarity".to_owned(), json!(s));
        }
    }
    if let Some(o) = &a.original
        && let Some(target) = obj.get_mut("target").and_then(Value::as_object_mut)
    {
        target.insert(
            "gloss:original".to_owned(),
            json!({
                "type": "TextQuoteSelector",
                "exact": o.exact,
                "prefix": o.prefix,
                "suffix": o.suffix,
            }),
        );
    }
}

/// What [`add_drift`] wrote, read back: placement, similarity and the original quote.
fn read_drift(item: &Value, target: &Value) -> (Placement, Option<u8>, Option<TextQuote>) {
    let placement = match str_field(item, "gloss:placement") {
        Some("moved") => Placement::Moved,
        Some("fuzzy") => Placement::Fuzzy,
        _ => Placement::Confirmed,
    };
    let similarity = item
        .get("gloss:similarity")
        .and_then(Value::as_u64)
        .and_then(|s| u8::try_from(s.min(100)).ok());
    let original = target.get("gloss:original").and_then(|o| {
        Some(TextQuote {
            exact: str_field(o, "exact")?.to_owned(),
            prefix: str_field(o, "prefix").unwrap_or_default().to_owned(),
            suffix: str_field(o, "suffix").unwrap_or_default().to_owned(),
        })
    });
    (placement, similarity, original)
}

/// Reads W3C Web Annotation JSON: an `AnnotationCollection` (embedded first page), an
/// `AnnotationPage`, a single `Annotation` or an array of them. `text` (the document being
/// imported into) converts `TextPositionSelector` code points to bytes; `now` stamps entries
/// without `created`/`modified`. Entries without an id get a deterministic one derived from
/// their selectors and body, so importing the same file twice creates no duplicates.
pub fn parse_w3c(s: &str, text: &str, now: &str) -> Result<Parsed, ExportError> {
    let v: Value = serde_json::from_str(s)?;
    parse_w3c_value(&v, text, now)
}

pub(super) fn w3c_items(v: &Value) -> Option<Vec<&Value>> {
    if let Some(arr) = v.as_array() {
        return Some(arr.iter().collect());
    }
    match v.get("type").and_then(Value::as_str) {
        Some("AnnotationCollection") => {
            let first = v.get("first")?;
            Some(
                first
                    .get("items")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().collect())
                    .unwrap_or_default(),
            )
        }
        Some("AnnotationPage") => Some(
            v.get("items")
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
        ),
        Some("Annotation") => Some(vec![v]),
        _ => None,
    }
}

pub(super) fn parse_w3c_value(v: &Value, text: &str, now: &str) -> Result<Parsed, ExportError> {
    let items = w3c_items(v).ok_or(ExportError::UnknownFormat)?;
    let mut out = Parsed::default();
    for item in items {
        match w3c_annotation(item, text, now) {
            Some(a) => out.annotations.push(a),
            None => out.unusable += 1,
        }
    }
    Ok(out)
}

/// `v` as a list: arrays as they are, anything else as one element.
fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn w3c_annotation(item: &Value, text: &str, now: &str) -> Option<Annotation> {
    let motivation = str_field(item, "motivation");
    let mut notes = Vec::new();
    let mut tags = Vec::new();
    if let Some(bv) = str_field(item, "bodyValue") {
        notes.push(bv.to_owned());
    }
    for b in as_list(item.get("body")) {
        let (value, purpose) = match b {
            Value::String(s) => (Some(s.as_str()), None),
            other => (str_field(other, "value"), str_field(other, "purpose")),
        };
        let Some(value) = value else { continue };
        let tagging =
            purpose == Some("tagging") || (purpose.is_none() && motivation == Some("tagging"));
        if tagging {
            tags.push(value.to_owned());
        } else {
            notes.push(value.to_owned());
        }
    }
    let target = as_list(item.get("target")).into_iter().next()?;
    let source = match target {
        Value::String(s) => Some(s.clone()),
        t => str_field(t, "source").map(str::to_owned),
    };
    let mut quote: Option<TextQuote> = None;
    let mut position: Option<TextPosition> = None;
    for sel in as_list(target.get("selector")) {
        match str_field(sel, "type") {
            Some("TextQuoteSelector") => {
                let exact = str_field(sel, "exact")?.to_owned();
                quote = Some(TextQuote {
                    exact,
                    prefix: str_field(sel, "prefix").unwrap_or_default().to_owned(),
                    suffix: str_field(sel, "suffix").unwrap_or_default().to_owned(),
                });
            }
            Some("TextPositionSelector") => {
                let start = sel.get("start").and_then(Value::as_u64)?;
                let end = sel.get("end").and_then(Value::as_u64)?;
                let conv = |c: u64| usize::try_from(c).ok().and_then(|c| char_to_byte(text, c));
                position = match (conv(start), conv(end)) {
                    (Some(s), Some(e)) if s < e => Some(TextPosition { start: s, end: e }),
                    _ => Some(TextPosition::default()),
                };
            }
            _ => {}
        }
    }
    let position_ok = position.filter(|p| p.start < p.end);
    let quote = match (quote, position_ok) {
        (Some(q), _) => q,
        (None, Some(p)) => TextQuote::from_text(text, p.range()).ok()?,
        (None, None) => return None,
    };
    if quote.exact.is_empty() {
        return None;
    }
    let body = notes.join("\n\n");
    let tags = normalize_tags(tags);
    let position = position.unwrap_or_default();
    let (placement, similarity, original) = read_drift(item, target);
    let id = match str_field(item, "id") {
        Some(iri) if !iri.trim().is_empty() => id_from_w3c(iri),
        _ => content_id(&quote, position, &body, &tags),
    };
    Some(Annotation {
        id,
        doc: DocRef {
            fingerprint: String::new(),
            path: source,
            title: None,
        },
        quote,
        position,
        tags,
        body,
        color: None,
        created: str_field(item, "created").unwrap_or(now).to_owned(),
        modified: str_field(item, "modified")
            .or(str_field(item, "created"))
            .unwrap_or(now)
            .to_owned(),
        original,
        placement,
        similarity,
        revision: 0,
    })
}

/// A deterministic id for an annotation that came without one.
fn content_id(quote: &TextQuote, position: TextPosition, body: &str, tags: &[String]) -> String {
    let key = json!([
        quote.exact,
        quote.prefix,
        quote.suffix,
        position.start,
        position.end,
        body,
        tags
    ]);
    let digest = Sha256::digest(key.to_string().as_bytes());
    let hex: String = digest.iter().take(16).fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    format!("w3c-{hex}")
}
