//! `gloss export FILE --format markdown|json|csv|w3c [-o OUT]`.
//!
//! The document is opened and its notes re-anchored (as the reader would), then formatted by
//! `core::doc::export`. With `-o`, the file is written atomically — a temporary file in the same
//! directory, flushed and renamed over OUT — so an existing OUT is replaced (what `-o` users
//! expect, and what lets a re-export replace an Obsidian note) but never left half-written.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{ExportArgs, ExportFormat as CliFormat, Global};
use crate::commands::notes::{open_annotated, print_drift};
use crate::core::doc::entities::Recognizer;
use crate::core::doc::export::{
    ExportFormat, ExportInput, entities_for_export, export, sections_from_headings,
};
use crate::store::now_rfc3339;

pub fn run(global: &Global, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let Some(file) = args.file.as_deref().filter(|_| !args.all) else {
        return crate::commands::export_all::run(global, args);
    };
    let annotated = open_annotated(global, file)?;
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
            write_atomically(out, text.as_bytes())?;
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

/// Writes `bytes` to `path` via a temporary sibling file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.gloss-tmp-{}", std::process::id()));
    let result = (|| -> anyhow::Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
