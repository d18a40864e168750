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

use crate::cli::{Global, NotesArgs, RelinkArgs};
use crate::commands::library::open_library;
use crate::core::doc::anchor::{Anchoring, DriftReport};
use crate::core::doc::annotation::{Annotation, DocRef, Placement, first_chars};
use crate::core::doc::export::escape_unsafe_json;
use crate::core::doc::sanitize::one_line;
use crate::error::UserError;
use crate::input::{self, Loaded};
use crate::store::{ArticleInfo, Store};

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

/// The absolute form of `path` as stored with annotations and locations. A file that is gone
/// resolves through its folder (or, failing that, is made absolute as given).
pub fn canonical_path(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| {
            let name = path.file_name().ok_or(std::io::ErrorKind::NotFound)?;
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            std::fs::canonicalize(dir.unwrap_or(Path::new("."))).map(|d| d.join(name))
        })
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Loads `file`, opens the database, fetches the notes of the document's article (same text
/// anywhere, or a new text at the same location; never the title) and re-anchors them,
/// saving new places (not on a read-only database).
pub fn open_annotated(global: &Global, file: &Path) -> anyhow::Result<Annotated> {
    let loaded = input::web::load_for_cli(file, global)?;
    let mut store = open_store(global)?;
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

/// Says once, on stderr, that notes cannot be changed, and why.
pub fn print_read_only(store: &Store) {
    if let Some(reason) = store.read_only() {
        eprintln!("gloss: notes are read-only: {}", one_line(reason));
    }
}

pub fn run(global: &Global, args: &NotesArgs) -> anyhow::Result<ExitCode> {
    if let Some(id) = &args.history {
        return history(global, id, args.json);
    }
    if args.all {
        return all(global, args.json, args.tag.as_deref());
    }
    let Some(file) = &args.file else {
        return Err(UserError("name a FILE, or pass --all or --history ID".into()).into());
    };
    let annotated = open_annotated(global, file)?;
    print_read_only(&annotated.store);
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

/// `gloss notes --all [--tag T]`: every note of every article (or those tagged T), with the
/// article it belongs to. Notes are printed as they are stored (no article's text is read
/// or re-anchored), and written out one by one rather than as one document in memory.
fn all(global: &Global, json: bool, tag: Option<&str>) -> anyhow::Result<ExitCode> {
    let store = open_library(global)?;
    print_read_only(&store);
    let tag = tag.map(|t| crate::core::doc::annotation::normalize_tag(t).unwrap_or_default());
    let articles = store.notes_across(tag.as_deref())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        // the layout of `to_string_pretty` on the whole array, one element at a time
        let mut first = true;
        for (info, notes) in &articles {
            let article = article_json(info);
            for a in notes {
                let mut v = serde_json::to_value(a)?;
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("status".into(), json!(a.placement.as_str()));
                    obj.insert("article".into(), article.clone());
                }
                let text = escape_unsafe_json(&serde_json::to_string_pretty(&v)?);
                out.write_all(if first { b"[\n  " } else { b",\n  " })?;
                out.write_all(text.replace('\n', "\n  ").as_bytes())?;
                first = false;
            }
        }
        out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if articles.is_empty() {
        writeln!(out, "no notes")?;
    }
    for (info, notes) in &articles {
        let title = info.title.as_deref().map_or("(untitled)".into(), one_line);
        let place = match &info.location {
            Some(loc) if Path::new(loc).exists() => one_line(loc),
            Some(loc) => format!("{} (gone)", one_line(loc)),
            None => "(never seen as a file)".to_owned(),
        };
        writeln!(out, "article {}: {title} — {place}", info.id)?;
        for a in notes {
            let how = match a.placement {
                Placement::Orphan => Anchoring::Orphan,
                Placement::Moved => Anchoring::Moved(a.position.range()),
                Placement::Fuzzy => Anchoring::Fuzzy(a.position.range()),
                Placement::Confirmed => Anchoring::Exact(a.position.range()),
            };
            write_note(&mut out, a, &how)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn article_json(info: &ArticleInfo) -> Value {
    json!({
        "id": info.id,
        "title": info.title,
        "location": info.location,
        "source": info.location,
        "location_exists": info.location.as_deref().is_some_and(|l| Path::new(l).exists()),
    })
}

/// `gloss notes --history ID`: every stored revision of one note, oldest first.
fn history(global: &Global, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let store = open_store(global)?;
    let revisions = store.history(id)?;
    if revisions.is_empty() {
        return Err(UserError(format!("no note with the id {}", one_line(id))).into());
    }
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<Value> = revisions
            .iter()
            .map(|r| {
                json!({
                    "revision": r.revision,
                    "deleted": r.deleted,
                    "saved": r.saved,
                    "annotation": r.annotation,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&items)?;
        writeln!(out, "{}", escape_unsafe_json(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &revisions {
        let what = if r.deleted { "deleted" } else { "saved" };
        writeln!(
            out,
            "revision {} ({what} {})",
            r.revision,
            one_line(&r.saved)
        )?;
        let a = &r.annotation;
        write_note(&mut out, a, &Anchoring::Exact(a.position.range()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `gloss relink OLD NEW`: the file at NEW is the article last seen at OLD (or with the id
/// OLD), moved and edited; its notes are re-anchored in NEW's text.
pub fn relink(global: &Global, args: &RelinkArgs) -> anyhow::Result<ExitCode> {
    let loaded = input::load(Some(&args.new))?;
    let mut store = open_store(global)?;
    let old_location = canonical_path(Path::new(&args.old));
    let article = match store.article_at(&old_location)? {
        Some(a) => a,
        None => match args.old.parse::<i64>() {
            Ok(id) if store.all_notes()?.iter().any(|(a, _)| a.id == id) => id,
            _ => {
                return Err(UserError(format!(
                    "gloss knows no article at {} (see `gloss notes --all`)",
                    one_line(&args.old)
                ))
                .into());
            }
        },
    };
    let doc_ref = doc_ref_for(&loaded);
    let merged = store.relink(article, &doc_ref)?;
    let notes = store
        .load_anchored(&doc_ref, &loaded.doc.source)
        .context("re-anchoring notes")?;
    let merged = match merged {
        0 => String::new(),
        n => format!(" ({n} notes of that text's own article joined them)"),
    };
    println!(
        "relinked article {article} to {}{merged}: {}",
        one_line(&loaded.display_name),
        notes.report.summary()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_note(
    out: &mut impl std::io::Write,
    a: &Annotation,
    how: &Anchoring,
) -> std::io::Result<()> {
    let tags: Vec<String> = a.tags.iter().map(|t| format!("#{}", one_line(t))).collect();
    let status = match (how, a.similarity) {
        (Anchoring::Exact(_), _) => String::new(),
        (Anchoring::Fuzzy(_), Some(sim)) => format!(" (fuzzy, {sim}% alike)"),
        (other, _) => format!(" ({})", status_label(other)),
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
