//! `gloss notes FILE [--json]`: the annotations stored for an article, re-anchored to its
//! current text; and [`open_annotated`], the "open a document with its notes" step that
//! `export` and `import` share.
//!
//! Opening re-anchors (see `core::doc::anchor`) and records every annotation that was found at a new
//! place with `Store::update_anchor`, so the next open is an exact match again; orphans are left
//! exactly as stored. The drift report goes to stderr so stdout stays clean for pipes.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::cli::{Global, ListArgs};
use crate::core::doc::anchor::{Anchoring, DriftReport};
use crate::core::doc::annotation::{Annotation, DocRef, first_chars};
use crate::core::doc::export::escape_unsafe_json;
use crate::core::doc::sanitize::one_line;
use crate::error::UserError;
use crate::input::{self, Loaded};
use crate::store::Store;

/// A loaded document with its annotations placed in it.
pub struct Annotated {
    pub loaded: Loaded,
    pub store: Store,
    /// Where the document lives, as stored in annotations (canonical path), if it is a file.
    pub doc_ref: DocRef,
    /// In document order; positions are the re-anchored ones (orphans keep their stored ones).
    pub annotations: Vec<Annotation>,
    /// How each annotation was placed, parallel to `annotations`.
    pub anchorings: Vec<Anchoring>,
    /// Ids of the annotations that could not be placed.
    pub orphans: Vec<String>,
    pub report: DriftReport,
}

/// Opens the database named by the global options (`--db`, `GLOSS_DB`, XDG).
pub fn open_store(global: &Global) -> anyhow::Result<Store> {
    let path = crate::paths::database(global).ok_or_else(|| {
        UserError("no place for the database: set --db or GLOSS_DB (HOME is not set)".into())
    })?;
    Store::open(&path)
}

/// The document reference annotations of `loaded` carry.
pub fn doc_ref_for(loaded: &Loaded) -> DocRef {
    let path = loaded
        .url
        .clone()
        .or_else(|| loaded.path.as_deref().map(canonical_path));
    DocRef {
        fingerprint: loaded.doc.fingerprint(),
        path,
        title: loaded.doc.title(),
    }
}

/// The absolute form of `path` as stored with annotations (as given when it cannot be resolved).
pub fn canonical_path(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Loads `file`, opens the database, fetches the document's annotations (same text, same path
/// or same title) and re-anchors them, saving new positions of those that moved.
pub fn open_annotated(global: &Global, file: &Path) -> anyhow::Result<Annotated> {
    let loaded = input::web::load_for_cli(file, global)?;
    let store = open_store(global)?;
    let doc_ref = doc_ref_for(&loaded);
    let notes = store
        .load_anchored(&doc_ref, &loaded.doc.source)
        .context("re-anchoring notes")?;
    Ok(Annotated {
        loaded,
        store,
        doc_ref,
        annotations: notes.annotations,
        anchorings: notes.anchorings,
        orphans: notes.orphans,
        report: notes.report,
    })
}

/// Prints the drift report to stderr unless every note is where it was.
pub fn print_drift(report: &DriftReport) {
    if !report.is_clean() {
        eprintln!("gloss: {}", report.summary());
    }
}

/// The word for how a note was placed.
pub fn status_label(a: &Anchoring) -> &'static str {
    match a {
        Anchoring::Exact(_) => "exact",
        Anchoring::Moved(_) => "moved",
        Anchoring::Fuzzy(_) => "fuzzy",
        Anchoring::Orphan => "orphaned",
    }
}

pub fn run(global: &Global, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let annotated = open_annotated(global, &args.file)?;
    print_drift(&annotated.report);
    let mut out = std::io::stdout().lock();
    if args.json {
        let items: Vec<Value> = annotated
            .annotations
            .iter()
            .zip(&annotated.anchorings)
            .map(|(a, how)| {
                let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("status".into(), json!(status_label(how)));
                }
                v
            })
            .collect();
        let text = serde_json::to_string_pretty(&items)?;
        writeln!(out, "{}", escape_unsafe_json(&text))?;
    } else if annotated.annotations.is_empty() {
        writeln!(
            out,
            "no notes for {}",
            one_line(&annotated.loaded.display_name)
        )?;
    } else {
        for (a, how) in annotated.annotations.iter().zip(&annotated.anchorings) {
            write_note(&mut out, a, how)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_note(
    out: &mut impl std::io::Write,
    a: &Annotation,
    how: &Anchoring,
) -> std::io::Result<()> {
    let tags: Vec<String> = a.tags.iter().map(|t| format!("#{}", one_line(t))).collect();
    let status = match how {
        Anchoring::Exact(_) => String::new(),
        other => format!(" ({})", status_label(other)),
    };
    writeln!(
        out,
        "{}..{}{status}  {}",
        a.position.start,
        a.position.end,
        tags.join(" ")
    )?;
    let quote = one_line(a.quote.exact.trim());
    let excerpt = first_chars(&quote, 100);
    let more = if excerpt.len() < quote.len() {
        "…"
    } else {
        ""
    };
    writeln!(out, "  > {excerpt}{more}")?;
    for line in a.body.trim().lines() {
        writeln!(out, "  {}", one_line(line))?;
    }
    writeln!(out)
}
