//! `gloss export FILE --format markdown|json|csv|w3c [-o OUT] [--force]`, and the one export
//! path the reader uses too ([`assemble`], [`write_export`]).
//!
//! The document is opened and its notes re-anchored (as the reader would), then formatted by
//! `core::doc::export` with the entities the reader shows (its own, or recognised here with the
//! user's entities.toml). Writing never destroys: gloss records the hash of what it wrote; a
//! target that changed since (or that gloss never wrote) is merged (Markdown: gloss's blocks
//! replaced, the user's lines kept) or left alone with the export written beside it, unless
//! `--force`. Every write is atomic (a temporary sibling, fsync, rename).

use anyhow::Context as _;
use std::io::Write as _;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{ExportArgs, ExportFormat as CliFormat, Global};
use crate::commands::notes::{canonical_path, open_annotated, print_drift, print_read_only};
use crate::core::doc::annotation::Annotation;
use crate::core::doc::document::{Document, fingerprint};
use crate::core::doc::export::merge::merge_markdown;
use crate::core::doc::export::{
    ExportEntity, ExportFormat, ExportInput, entities_for_export, export, sections_from_headings,
};
use crate::core::doc::text::count;
use crate::store::{Store, now_rfc3339};

/// Everything one export is made of.
pub struct ExportJob<'a> {
    pub format: ExportFormat,
    pub doc: &'a Document,
    /// Where the document lives, if it is a file.
    pub source: Option<&'a str>,
    /// Placed annotations then orphans.
    pub annotations: &'a [Annotation],
    pub orphans: &'a [String],
    /// The entities already recognised; `None`: recognise them now, with the user's
    /// entities.toml like the reader (the built-in ones if it cannot be read).
    pub entities: Option<&'a [ExportEntity]>,
}

/// The export's text: the reader and `gloss export` both come here.
pub fn assemble(job: &ExportJob<'_>) -> anyhow::Result<String> {
    let sections = sections_from_headings(job.doc);
    let recognised;
    let entities = if let Some(e) = job.entities {
        e
    } else {
        // a bad entities.toml was already reported (reader) or is reported by `gloss entities`
        let recognizer =
            crate::user_entities::load(crate::paths::entities_file().as_deref()).recognizer();
        recognised = entities_for_export(job.doc, &recognizer);
        &recognised
    };
    let exported_at = now_rfc3339();
    let input = ExportInput {
        doc: job.doc,
        source: job.source,
        annotations: job.annotations,
        orphans: job.orphans,
        sections: &sections,
        entities,
        exported_at: &exported_at,
    };
    Ok(export(job.format, &input)?)
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The target, new or replaced (gloss wrote it last and nobody changed it, or `--force`).
    Replaced(PathBuf),
    /// The target had changed: gloss's blocks were replaced, the user's lines kept (Markdown).
    Merged(PathBuf),
    /// The target had changed: left alone, the export written here instead.
    Beside(PathBuf),
}

impl Written {
    pub fn path(&self) -> &Path {
        match self {
            Self::Replaced(p) | Self::Merged(p) | Self::Beside(p) => p,
        }
    }

    /// One line for the user.
    pub fn describe(&self) -> String {
        let shown = |p: &Path| crate::core::doc::sanitize::one_line(&p.display().to_string());
        match self {
            Self::Replaced(p) => shown(p),
            Self::Merged(p) => format!("{} (your edits there kept)", shown(p)),
            Self::Beside(p) => format!(
                "{} (the existing file changed since gloss wrote it; left as it was)",
                shown(p)
            ),
        }
    }
}

/// Writes `text` to `target` without destroying anything (see the module doc) and records
/// what was written. A read-only store only skips the record.
pub fn write_export(
    store: Option<&Store>,
    target: &Path,
    text: &str,
    format: ExportFormat,
    force: bool,
) -> anyhow::Result<Written> {
    let key = canonical_path(target);
    let existing = match std::fs::read(target) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", target.display())),
    };
    let recorded = match store {
        Some(s) => s.export_hash(&key)?,
        None => None,
    };
    let ours = |bytes: &[u8]| {
        bytes == text.as_bytes()
            || std::str::from_utf8(bytes)
                .is_ok_and(|s| recorded.as_deref() == Some(fingerprint(s).as_str()))
    };
    // Markdown is always merged: merging over an untouched export gives the new export, and
    // a file that already holds the user's lines keeps them on every later export.
    let markdown = format == ExportFormat::Markdown;
    let written = match &existing {
        Some(bytes) if !force && (markdown || !ours(bytes)) => {
            if markdown && let Ok(old) = std::str::from_utf8(bytes) {
                let merged = merge_markdown(old, text);
                crate::fsx::write_atomic(target, merged.as_bytes())?;
                record(store, &key, &merged);
                if merged == text {
                    Written::Replaced(target.to_path_buf())
                } else {
                    Written::Merged(target.to_path_buf())
                }
            } else {
                let beside = free_name_beside(target);
                crate::fsx::write_atomic(&beside, text.as_bytes())?;
                record(store, &canonical_path(&beside), text);
                Written::Beside(beside)
            }
        }
        _ => {
            crate::fsx::write_atomic(target, text.as_bytes())?;
            record(store, &key, text);
            Written::Replaced(target.to_path_buf())
        }
    };
    Ok(written)
}

fn record(store: Option<&Store>, key: &str, text: &str) {
    if let Some(s) = store.filter(|s| s.read_only().is_none()) {
        // Losing the record only means the next export is careful where it need not be.
        let _ = s.set_export_hash(key, &fingerprint(text));
    }
}

/// `a.txt.notes.json` → `a.txt.notes.1.json` (or the first number not taken).
fn free_name_beside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
    (1..10_000)
        .map(|n| {
            let file = if ext.is_empty() {
                format!("{stem}.{n}")
            } else {
                format!("{stem}.{n}.{ext}")
            };
            target.with_file_name(file)
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| target.with_extension("new"))
}

/// The default export name beside the article: its whole file name kept, so `a.txt` and
/// `a.md` in one folder do not share one (`a.txt.notes.md`, `a.md.notes.md`).
pub fn default_target(doc_path: &Path, format: ExportFormat) -> Option<PathBuf> {
    let name = doc_path.file_name()?.to_string_lossy().into_owned();
    Some(doc_path.with_file_name(format!("{name}.notes.{}", format.extension())))
}

pub fn run(global: &Global, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let Some(file) = args.file.as_deref().filter(|_| !args.all) else {
        return crate::commands::export_all::run(global, args);
    };
    let annotated = open_annotated(global, file)?;
    print_drift(&annotated.report);
    print_read_only(&annotated.store);
    let format = match args.format {
        CliFormat::Markdown => ExportFormat::Markdown,
        CliFormat::Json => ExportFormat::Json,
        CliFormat::Csv => ExportFormat::Csv,
        CliFormat::W3c => ExportFormat::W3c,
    };
    let text = assemble(&ExportJob {
        format,
        doc: &annotated.loaded.doc,
        source: annotated.doc_ref.path.as_deref(),
        annotations: &annotated.annotations,
        orphans: &annotated.orphans,
        entities: None,
    })?;
    match &args.output {
        Some(out) => {
            let written = write_export(Some(&annotated.store), out, &text, format, args.force)?;
            eprintln!(
                "gloss: wrote {} to {}",
                count(annotated.annotations.len(), "annotation", "annotations"),
                written.describe()
            );
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
