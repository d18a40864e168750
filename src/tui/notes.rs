//! The shell side of notes: reading a document's annotations when it opens, and carrying out
//! `SaveAnnotation`, `DeleteAnnotation` and `ExportNotes`.
//!
//! Every write is one statement or one short transaction in the store, committed before the
//! completion action goes back to `update` — so what the reader saw confirmed survives a
//! `kill -9`. New annotations get their id (UUID v7) and times here: the core has neither a
//! clock nor randomness. Failures come back as `EffectFailed`; the core keeps the prompt or
//! editor open then, so no typed text is lost.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::core::app::messages::Action;
use crate::core::app::notes::{ExportRequest, NotesAction, NotesLoaded};
use crate::core::app::update::Effect;
use crate::core::doc::annotation::{Annotation, DocRef};
use crate::core::doc::entities::Recognizer;
use crate::core::doc::export::{ExportInput, entities_for_export, export, sections_from_headings};
use crate::store::{Conflict, Store, new_annotation_id, now_rfc3339};

/// Loads the annotations that may belong to the document, re-anchors them in `text`, records
/// new positions in the store (`Store::reanchored`), and reports it all as one action.
/// `doc.fingerprint` is the fingerprint of `text`.
pub fn load(store: &mut Store, doc: &DocRef, text: &str) -> Action {
    match try_load(store, doc, text) {
        Ok(loaded) => Action::Notes(NotesAction::Loaded(Box::new(loaded))),
        Err(e) => Action::EffectFailed(format!("cannot read the notes: {e:#}")),
    }
}

fn try_load(store: &mut Store, doc: &DocRef, text: &str) -> anyhow::Result<NotesLoaded> {
    let found = store.reanchored(doc, text)?;
    Ok(NotesLoaded {
        annotations: found.placed.into_iter().map(|p| p.annotation).collect(),
        orphans: found.orphans,
        tags: store.all_tags()?,
        report: found.report,
    })
}

/// Another window's changes, if the database changed since `seen` ([`Store::change_stamp`]:
/// `PRAGMA data_version` and the newest revision): the document's notes as they are now.
/// Updates `seen`.
pub fn poll(
    store: &mut Store,
    seen: &mut Option<(i64, i64)>,
    doc: &DocRef,
    text: &str,
) -> Option<Action> {
    let now = store.change_stamp().ok()?;
    let changed = seen.is_some_and(|s| s != now);
    *seen = Some(now);
    if !changed {
        return None;
    }
    let loaded = try_load(store, doc, text).ok()?;
    // Our own writes while re-anchoring are not news.
    *seen = store.change_stamp().ok();
    Some(Action::Notes(NotesAction::Refreshed(Box::new(loaded))))
}

/// Runs one notes effect.
pub fn run(store: Option<&mut Store>, effect: &Effect) -> Option<Action> {
    let Some(store) = store else {
        return Some(Action::EffectFailed(
            "notes are off: the database could not be opened".into(),
        ));
    };
    match effect {
        Effect::SaveAnnotation(ann) => {
            let mut ann = (**ann).clone();
            let now = now_rfc3339();
            if ann.id.is_empty() {
                ann.id = new_annotation_id();
                ann.created.clone_from(&now);
            }
            ann.modified = now;
            Some(match save(store, &ann) {
                Ok(Ok(saved)) => Action::Notes(NotesAction::Saved(Box::new(saved))),
                Ok(Err(conflict)) => Action::Notes(NotesAction::Conflict {
                    mine: Box::new(ann),
                    theirs: conflict.theirs.map(Box::new),
                }),
                Err(e) => Action::EffectFailed(format!("could not save the note: {e:#}")),
            })
        }
        Effect::DeleteAnnotation(id) => Some(match store.delete_annotation(id) {
            Ok(Some(ann)) => Action::Notes(NotesAction::Deleted(Box::new(ann))),
            Ok(None) => Action::EffectFailed("that note was already deleted".into()),
            Err(e) => Action::EffectFailed(format!("could not delete the note: {e:#}")),
        }),
        Effect::ExportNotes(req) => Some(match export_notes(store, req) {
            Ok(path) => Action::Notes(NotesAction::Exported {
                path: path.display().to_string(),
                count: req.annotations.len(),
            }),
            Err(e) => Action::EffectFailed(format!("could not export: {e:#}")),
        }),
        _ => None,
    }
}

/// A compare-and-swap save; a deleted note coming back with its last revision is an undo of
/// its delete ([`Store::restore`], refused if it was saved again since).
fn save(store: &mut Store, ann: &Annotation) -> anyhow::Result<Result<Annotation, Conflict>> {
    if ann.revision > 0 && store.annotation(&ann.id)?.is_none() {
        return store.restore(ann);
    }
    store.save_checked(ann)
}

/// Writes the export beside the document (`article.notes.md`), or into `exports/` next to
/// the database when the document is not a file or its directory is not writable.
fn export_notes(store: &Store, req: &ExportRequest) -> anyhow::Result<PathBuf> {
    let sections = sections_from_headings(&req.doc);
    let entities = entities_for_export(&req.doc, &Recognizer::new());
    let exported_at = now_rfc3339();
    let input = ExportInput {
        doc: &req.doc,
        source: req.doc_path.as_deref(),
        annotations: &req.annotations,
        orphans: &req.orphans,
        sections: &sections,
        entities: &entities,
        exported_at: &exported_at,
    };
    let text = export(req.format, &input)?;
    let ext = req.format.extension();
    let beside = req.doc_path.as_deref().map(Path::new).and_then(|p| {
        let stem = p.file_stem()?.to_string_lossy().into_owned();
        Some(p.with_file_name(format!("{stem}.notes.{ext}")))
    });
    if let Some(path) = &beside
        && crate::commands::export::write_atomically(path, text.as_bytes()).is_ok()
    {
        return Ok(path.clone());
    }
    let dir = store
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .join("exports");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stem = beside.as_ref().and_then(|p| p.file_stem()).map_or_else(
        || {
            let fp = crate::core::doc::document::fingerprint(&req.doc.source);
            format!("{}.notes", fp.get(..12).unwrap_or(&fp))
        },
        |s| s.to_string_lossy().into_owned(),
    );
    let path = dir.join(format!("{stem}.{ext}"));
    crate::commands::export::write_atomically(&path, text.as_bytes())?;
    Ok(path)
}
