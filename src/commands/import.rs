//! `gloss import FILE ANNOTATIONS.json`: gloss JSON or W3C Web Annotation JSON-LD into the
//! database, for the article FILE.
//!
//! Each incoming annotation is re-anchored in FILE's text (its position becomes where the
//! passage is now; what cannot be placed is imported as an orphan, never dropped), attached to
//! FILE's document reference, and inserted only if it is new: by id, or — for W3C data without
//! gloss ids — by identical selectors, body and tags. The whole import is one short transaction.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{Global, ImportArgs};
use crate::commands::notes::{open_annotated, print_drift};
use crate::core::doc::anchor::{Anchoring, DriftReport, anchor_all};
use crate::core::doc::annotation::{TextPosition, TextQuote, normalize_tags};
use crate::core::doc::export::{dedupe, parse_any};
use crate::error::UserError;
use crate::store::now_rfc3339;

pub fn run(global: &Global, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let mut annotated = open_annotated(global, &args.file)?;
    print_drift(&annotated.report);
    let data = std::fs::read_to_string(&args.annotations)
        .with_context(|| format!("cannot read {}", args.annotations.display()))?;
    let now = now_rfc3339();
    let parsed = parse_any(&data, &annotated.loaded.doc.source, &now)
        .map_err(|e| UserError(format!("{}: {e}", args.annotations.display())))?;
    let mut incoming = parsed.annotations;
    let (placed, report): (_, DriftReport) = anchor_all(&annotated.loaded.doc.source, &incoming);
    for (a, p) in incoming.iter_mut().zip(placed) {
        if let Some(r) = p.anchoring.range() {
            // Data from other tools may carry no context; take it from the text so the note
            // re-anchors well the next time the article changes.
            let verbatim = matches!(p.anchoring, Anchoring::Exact(_) | Anchoring::Moved(_));
            if verbatim
                && a.quote.prefix.is_empty()
                && a.quote.suffix.is_empty()
                && let Ok(q) = TextQuote::from_text(&annotated.loaded.doc.source, r.clone())
            {
                a.quote = q;
            }
            a.position = TextPosition::from(r);
        }
        a.doc = annotated.doc_ref.clone();
        a.tags = normalize_tags(std::mem::take(&mut a.tags));
    }
    let (fresh, dup_in_doc) = dedupe(&annotated.annotations, incoming);
    let counts = annotated.store.import_annotations(&fresh)?;
    let skipped = dup_in_doc + counts.skipped;
    let unusable = match parsed.unusable {
        0 => String::new(),
        n => format!(", {n} unusable"),
    };
    println!(
        "imported {}, skipped {skipped} already present{unusable}",
        counts.imported
    );
    if report.fuzzy + report.orphaned > 0 {
        eprintln!("gloss: imported notes: {}", report.summary());
    }
    Ok(ExitCode::SUCCESS)
}
