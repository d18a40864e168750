//! `gloss export FILE --format markdown|json|csv|w3c [-o OUT]`.
//!
//! The document is opened and its notes re-anchored (as the reader would), then formatted by
//! `core::doc::export`. With `-o`, the file is written atomically — a temporary file in the same
//! directory, fsynced and renamed over OUT (`crate::fsx`) — so an existing OUT is replaced (what `-o` users
//! expect, and what lets a re-export replace an Obsidian note) but never left half-written.

use std::io::Write as _;
use std::process::ExitCode;

use crate::cli::{ExportArgs, ExportFormat as CliFormat, Global};
use crate::commands::notes::{open_annotated, print_drift};
use crate::core::doc::entities::Recognizer;
use crate::core::doc::export::{
    ExportFormat, ExportInput, entities_for_export, export, sections_from_headings,
};
use crate::store::now_rfc3339;

pub fn run(global: &Global, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let annotated = open_annotated(global, &args.file)?;
    print_drift(&annotated.report);
    let format = match args.format {
        CliFormat::Markdown => ExportFormat::Markdown,
        CliFormat::Json => ExportFormat::Json,
        CliFormat::Csv => ExportFormat::Csv,
        CliFormat::W3c => ExportFormat::W3c,
    };
    let sections = sections_from_headings(&annotated.loaded.doc);
    let entities = entities_for_export(&annotated.loaded.doc, &Recognizer::new());
    let exported_at = now_rfc3339();
    let input = ExportInput {
        doc: &annotated.loaded.doc,
        source: annotated.doc_ref.path.as_deref(),
        annotations: &annotated.annotations,
        orphans: &annotated.orphans,
        sections: &sections,
        entities: &entities,
        exported_at: &exported_at,
    };
    let text = export(format, &input)?;
    match &args.output {
        Some(out) => {
            crate::fsx::write_atomic(out, text.as_bytes())?;
            eprintln!(
                "gloss: wrote {} annotation(s) to {}",
                annotated.annotations.len(),
                crate::core::doc::sanitize::one_line(&out.display().to_string())
            );
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
