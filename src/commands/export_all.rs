//! `gloss export --all [--tag T] [--since DATE] --format … -o PATH`: a topic across the library.
//!
//! Markdown writes a folder: one note per article (the per-article format plus a citation
//! line) and `index.md` linking them with the tag's passages; JSON, CSV and W3C write one file.
//! Each article is exported from the text the library keeps (else its file), so articles whose
//! file is gone still export. A re-export writes the same names and carries over what the
//! user wrote below the keep marker of each Markdown note.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use serde_json::Value;

use crate::cli::{ExportArgs, ExportFormat as CliFormat, Global};
use crate::commands::library::open_library;
use crate::core::doc::annotation::{Annotation, Placement, normalize_tag};
use crate::core::doc::document::Document;
use crate::core::doc::entities::Recognizer;
use crate::core::doc::export::{
    ExportFormat, ExportInput, entities_for_export, export, sections_from_headings,
};
use crate::core::doc::library_export::{
    ArticleCite, file_stem, index_markdown, keep_user_part, merge_json, merge_w3c, with_citation,
};
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::count;
use crate::error::UserError;
use crate::store::{ArticleInfo, Store, now_rfc3339};

#[allow(clippy::too_many_lines)] // gather, format, then one branch per output format
pub fn run(global: &Global, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let Some(out) = &args.output else {
        return Err(UserError("export --all needs -o PATH (a folder for Markdown)".into()).into());
    };
    let store = open_library(global)?;
    let tag = match &args.tag {
        Some(t) => Some(
            normalize_tag(t).ok_or_else(|| UserError(format!("{} is not a tag", one_line(t))))?,
        ),
        None => None,
    };
    let mut groups = store.notes_across(tag.as_deref())?;
    if let Some(since) = &args.since {
        for (_, notes) in &mut groups {
            notes.retain(|a| a.modified.as_str() >= since.as_str());
        }
        groups.retain(|(_, notes)| !notes.is_empty());
    }
    let exported_at = now_rfc3339();
    let recognizer = Recognizer::new();
    let mut prepared = Vec::new();
    for (info, notes) in groups {
        let (doc, cite) = article_doc(&store, &info)?;
        prepared.push((doc, cite, notes));
    }
    let format = match args.format {
        CliFormat::Markdown => ExportFormat::Markdown,
        CliFormat::Json => ExportFormat::Json,
        CliFormat::Csv => ExportFormat::Csv,
        CliFormat::W3c => ExportFormat::W3c,
    };
    let mut pieces = Vec::new();
    for (doc, cite, notes) in &prepared {
        let orphans: Vec<String> = notes
            .iter()
            .filter(|a| a.placement == Placement::Orphan)
            .map(|a| a.id.clone())
            .collect();
        let sections = sections_from_headings(doc);
        let entities = if format == ExportFormat::Markdown {
            entities_for_export(doc, &recognizer)
        } else {
            Vec::new()
        };
        let input = ExportInput {
            doc,
            source: cite.source.as_deref(),
            annotations: notes,
            orphans: &orphans,
            sections: &sections,
            entities: &entities,
            exported_at: &exported_at,
        };
        pieces.push(export(format, &input)?);
    }
    let passages: usize = prepared.iter().map(|(_, _, n)| n.len()).sum();
    match format {
        ExportFormat::Markdown => {
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            for ((_, cite, _), md) in prepared.iter().zip(&pieces) {
                let target = out.join(format!("{}.md", file_stem(cite)));
                write_keeping(&target, &with_citation(md, cite))?;
            }
            let index: Vec<(ArticleCite, Vec<Annotation>)> = prepared
                .iter()
                .map(|(_, c, n)| (c.clone(), n.clone()))
                .collect();
            write_keeping(
                &out.join("index.md"),
                &index_markdown(tag.as_deref(), &exported_at, &index),
            )?;
        }
        ExportFormat::Json => {
            let values = prepared
                .iter()
                .zip(&pieces)
                .map(|((_, c, _), s)| Ok((c.id, serde_json::from_str::<Value>(s)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            crate::fsx::write_atomic(out, merge_json(&exported_at, values).as_bytes())?;
        }
        ExportFormat::W3c => {
            let values = pieces
                .iter()
                .map(|s| Ok(serde_json::from_str::<Value>(s)?))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let label = match &tag {
                Some(t) => format!("gloss annotations: #{t}"),
                None => "gloss annotations: library".to_owned(),
            };
            crate::fsx::write_atomic(out, merge_w3c(&label, &exported_at, &values).as_bytes())?;
        }
        ExportFormat::Csv => {
            let cites: Vec<&ArticleCite> = prepared.iter().map(|(_, c, _)| c).collect();
            crate::fsx::write_atomic(out, merge_csv(&cites, &pieces)?.as_bytes())?;
        }
    }
    eprintln!(
        "gloss: wrote {} of {} to {}",
        count(passages, "annotation", "annotations"),
        count(prepared.len(), "article", "articles"),
        one_line(&out.display().to_string())
    );
    Ok(ExitCode::SUCCESS)
}

/// The article's document (from the text the library keeps, else its last location) and how
/// to cite it.
fn article_doc(store: &Store, info: &ArticleInfo) -> anyhow::Result<(Document, ArticleCite)> {
    let entry = store.library_entry(info.id)?;
    let source = entry
        .as_ref()
        .and_then(|e| e.source.clone())
        .or_else(|| info.location.clone());
    let doc = match store.stored_text(info.id)? {
        Some(t) => parse_stored(t.text, &t.format),
        None => match source
            .as_deref()
            .map(|s| crate::input::load(Some(Path::new(s))))
        {
            Some(Ok(loaded)) => loaded.doc,
            _ => parse_stored(String::new(), "text"),
        },
    };
    let title = info
        .title
        .clone()
        .or_else(|| doc.title())
        .unwrap_or_else(|| "Untitled".to_owned());
    let cite = ArticleCite {
        id: info.id,
        title,
        authors: doc.meta.authors.clone(),
        outlet: doc.meta.source.clone(),
        date: doc.meta.date.clone(),
        source,
    };
    Ok((doc, cite))
}

/// Parses a stored text the way it was parsed when it entered the library.
pub fn parse_stored(text: String, format: &str) -> Document {
    let hint = if format == "markdown" {
        "stored.md"
    } else {
        "stored.txt"
    };
    crate::input::parse(text, Some(Path::new(hint)))
}

/// Writes a Markdown note, keeping what the user wrote below the keep marker.
fn write_keeping(target: &Path, fresh: &str) -> anyhow::Result<()> {
    let existing = std::fs::read_to_string(target).ok();
    let text = keep_user_part(fresh, existing.as_deref());
    if existing.as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    crate::fsx::write_atomic(target, text.as_bytes())
}

/// One CSV: the per-article CSVs with the article's id and title in front of each row.
fn merge_csv(cites: &[&ArticleCite], pieces: &[String]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header_written = false;
    for (cite, piece) in cites.iter().zip(pieces) {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(piece.as_bytes());
        if !header_written {
            let mut h = vec!["article_id".to_owned(), "article_title".to_owned()];
            h.extend(r.headers()?.iter().map(str::to_owned));
            w.write_record(&h)?;
            header_written = true;
        }
        for rec in r.records() {
            let rec = rec?;
            let mut row = vec![cite.id.to_string(), cite.title.clone()];
            row.extend(rec.iter().map(str::to_owned));
            w.write_record(&row)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("CSV: {e}"))?;
    Ok(String::from_utf8(bytes)?)
}
