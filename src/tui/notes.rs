//! The shell side of notes: reading a document's annotations when it opens, and carrying out
//! `SaveAnnotation`, `DeleteAnnotation`, `RestoreAnnotation` and `ExportNotes`. Saves, deletes
//! and restores are compare-and-swaps on the note's revision ([`Store::save_checked`],
//! [`Store::delete_checked`], [`Store::restore`]); a lost one comes back as
//! `NotesAction::Conflict`, and an edit never brings back a note deleted elsewhere.
//!
//! Every write is one statement or one short transaction in the store, committed before the
//! completion action goes back to `update` — so what the reader saw confirmed survives a
//! `kill -9`. New annotations get their id (UUID v7) and times here: the core has neither a
//! clock nor randomness. Failures come back as `EffectFailed`; the core keeps the prompt or
//! editor open then, so no typed text is lost.

use std::path::Path;

use anyhow::Context as _;

use crate::commands::export::Written;
use crate::core::app::messages::Action;
use crate::core::app::messages::Effect;
use crate::core::app::notes::{ExportRequest, NotesAction, NotesLoaded};
use crate::core::doc::annotation::{Annotation, DocRef};
use crate::store::{Store, new_annotation_id, now_rfc3339};

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

/// Another window's changes, if a note was saved or deleted since this window last read the
/// notes ([`Store::notes_changed`]): the document's notes as they are now. A read that fails
/// (the database busy with another window's write) is tried again on the next idle poll; a
/// failure is reported once (`reported`), until a poll succeeds again.
pub fn poll(store: &mut Store, reported: &mut bool, doc: &DocRef, text: &str) -> Option<Action> {
    let news = store
        .notes_changed()
        .and_then(|changed| changed.then(|| try_load(store, doc, text)).transpose());
    match news {
        Ok(loaded) => {
            *reported = false;
            loaded.map(|l| Action::Notes(NotesAction::Refreshed(Box::new(l))))
        }
        Err(_) if *reported => None,
        Err(e) => {
            *reported = true;
            Some(Action::EffectFailed(format!(
                "cannot read other windows' notes: {e:#}"
            )))
        }
    }
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
            Some(match store.save_checked(&ann) {
                Ok(Ok(saved)) => Action::Notes(NotesAction::Saved(Box::new(saved))),
                Ok(Err(c)) => conflict(&ann, c.theirs),
                Err(e) => Action::EffectFailed(format!("could not save the note: {e:#}")),
            })
        }
        Effect::DeleteAnnotation(ann) => Some(match store.delete_checked(&ann.id, ann.revision) {
            Ok(Ok(Some(deleted))) => Action::Notes(NotesAction::Deleted(Box::new(deleted))),
            Ok(Ok(None)) => conflict(ann, None),
            Ok(Err(c)) => conflict(ann, c.theirs),
            Err(e) => Action::EffectFailed(format!("could not delete the note: {e:#}")),
        }),
        Effect::RestoreAnnotation(ann) => Some(match store.restore(ann) {
            Ok(Ok(saved)) => Action::Notes(NotesAction::Saved(Box::new(saved))),
            Ok(Err(c)) => conflict(ann, c.theirs),
            Err(e) => Action::EffectFailed(format!("could not restore the note: {e:#}")),
        }),
        Effect::ExportNotes(req) => Some(match export_notes(store, req) {
            Ok(written) => Action::Notes(NotesAction::Exported {
                path: written.describe(),
                count: req.annotations.len(),
            }),
            Err(e) => Action::EffectFailed(format!("could not export: {e:#}")),
        }),
        _ => None,
    }
}

/// A write that lost its compare-and-swap: what was being written, and what the other window
/// left (`None`: it deleted the note).
fn conflict(mine: &Annotation, theirs: Option<Annotation>) -> Action {
    Action::Notes(NotesAction::Conflict {
        mine: Box::new(mine.clone()),
        theirs: theirs.map(Box::new),
    })
}

/// Writes the export beside the document (`article.txt.notes.md`), or into `exports/` next
/// to the database when the document is not a file or its directory is not writable; the
/// same assembly and the same careful writer as `gloss export -o`.
fn export_notes(store: &Store, req: &ExportRequest) -> anyhow::Result<Written> {
    use crate::commands::export::{ExportJob, assemble, default_target, write_export};
    let text = assemble(&ExportJob {
        format: req.format,
        doc: &req.doc,
        source: req.doc_path.as_deref(),
        annotations: &req.annotations,
        orphans: &req.orphans,
        entities: req.entities.as_deref(),
    })?;
    let beside = req
        .doc_path
        .as_deref()
        // a web article (a URL) has no folder: its export goes to exports/
        .filter(|p| !p.contains("://"))
        .and_then(|p| default_target(Path::new(p), req.format));
    if let Some(path) = &beside
        && let Ok(written) = write_export(Some(store), path, &text, req.format, false)
    {
        return Ok(written);
    }
    let dir = store
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .join("exports");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = beside
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|s| s.to_string_lossy().into_owned());
    let name = name.unwrap_or_else(|| {
        let fp = crate::core::doc::document::fingerprint(&req.doc.source);
        format!(
            "{}.notes.{}",
            fp.get(..12).unwrap_or(&fp),
            req.format.extension()
        )
    });
    write_export(Some(store), &dir.join(name), &text, req.format, false)
}
