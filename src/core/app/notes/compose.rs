//! Composing annotations: the tag prompt, the Notes filter prompt, the note editor, the one-key
//! questions, and what a confirmed change asks of the shell (`Effect::SaveAnnotation`), plus
//! taking the saved annotation back. Pure; uses `core::doc::annotation` and the app's state.

use std::ops::Range;
use std::sync::Arc;

use super::selection::cancel_selection;
use super::{
    Choice, ExportRequest, NoteEditor, NotesLoaded, Pending, Prompt, PromptKind, SaveConflict,
    Target, excerpt, hashtags,
};
use crate::core::app::editor::{LinePrompt, TextArea};
use crate::core::app::messages::Effect;
use crate::core::app::state::{AppState, Focus, Mode, SidebarTab};
use crate::core::doc::annotation::{Annotation, Placement, TextQuote, normalize_tags, parse_tags};
use crate::core::doc::export::{ExportEntity, ExportFormat};

/// The mode to return to when a prompt or the editor closes.
pub(super) fn back_mode(state: &AppState) -> Mode {
    if state.cursor.visual.is_some() {
        Mode::Visual
    } else {
        Mode::Normal
    }
}

pub(super) fn cancel(state: &mut AppState) {
    match state.mode {
        Mode::Visual => cancel_selection(state),
        Mode::Prompt => {
            if let Some(Prompt {
                kind: PromptKind::Filter { .. },
                ..
            }) = state.notes.prompt.take()
            {
                // Esc clears the Notes filter (like the Entities filter).
                state.notes.filter.clear();
                state.notes.selected = 0;
            }
            state.notes.pending = None;
            state.mode = back_mode(state);
        }
        Mode::Editor => {
            let changed = state
                .notes
                .editor
                .as_ref()
                .is_some_and(|e| e.text.text() != e.original);
            if changed {
                state.notes.choice = Some(Choice::Discard);
                state.mode = Mode::Choice;
            } else {
                close_editor(state);
            }
        }
        Mode::Choice => match state.notes.choice.take() {
            Some(Choice::Discard) => state.mode = Mode::Editor,
            // Back to the editor or the prompt with the text as typed (saving asks again); a
            // delete is dropped, their version stays.
            Some(Choice::Conflict) => {
                state.mode = match state.notes.conflict.take().map(|c| c.from) {
                    Some(Pending::Editor) => Mode::Editor,
                    Some(Pending::Prompt) => Mode::Prompt,
                    _ => {
                        state.info("Nothing deleted");
                        Mode::Normal
                    }
                };
            }
            _ => state.mode = Mode::Normal,
        },
        _ => {}
    }
}

pub(super) fn close_editor(state: &mut AppState) {
    state.notes.editor = None;
    state.notes.choice = None;
    state.notes.pending = None;
    state.mode = back_mode(state);
}

/// The annotation a tag/note command applies to: the note selected in the Notes tab, the
/// annotation on exactly this passage, or a new one on it.
pub(super) fn target(state: &AppState, from_list: bool) -> Option<Target> {
    if from_list || (state.focus == Focus::Sidebar && state.sidebar_tab == SidebarTab::Notes) {
        return state
            .notes
            .selected_annotation()
            .map(|a| Target::Existing(a.id.clone()));
    }
    let range = state.cursor.target();
    if range.is_empty() {
        return None;
    }
    let items = &state.notes.items;
    // A selection means exactly that passage; the bare cursor means the (smallest) note
    // already on its sentence, so `t` then `a` works on one annotation.
    let existing = if state.cursor.visual.is_some() {
        items.iter().find(|a| a.position.range() == range)
    } else {
        items
            .iter()
            .filter(|a| a.position.start <= range.start && a.position.end >= range.end)
            .min_by_key(|a| a.position.end - a.position.start)
    };
    Some(match existing {
        Some(a) => Target::Existing(a.id.clone()),
        None => Target::New(range),
    })
}

pub(super) fn open_tag_prompt(state: &mut AppState) {
    if !matches!(state.mode, Mode::Normal | Mode::Visual) {
        return;
    }
    let Some(t) = target(state, false) else {
        state.info("Nothing to tag here");
        return;
    };
    let base = match &t {
        Target::Existing(id) => state.notes.find(id).cloned(),
        Target::New(_) => None,
    };
    let mut prefill = base.as_ref().map(|a| a.tags.join(" ")).unwrap_or_default();
    if !prefill.is_empty() {
        prefill.push(' ');
    }
    state.notes.prompt = Some(Prompt {
        kind: PromptKind::Tags(t),
        line: LinePrompt::new(&prefill),
        base,
    });
    state.mode = Mode::Prompt;
}

pub(super) fn open_editor(state: &mut AppState, from_list: bool) {
    if !matches!(state.mode, Mode::Normal | Mode::Visual) {
        return;
    }
    let Some(t) = target(state, from_list) else {
        state.info("Nothing to annotate here");
        return;
    };
    let base = match &t {
        Target::Existing(id) => state.notes.find(id).cloned(),
        Target::New(_) => None,
    };
    let (body, exact, revision) = match &t {
        Target::Existing(_) => base
            .as_ref()
            .map(|a| (a.body.clone(), a.quote.exact.clone(), a.revision))
            .unwrap_or_default(),
        Target::New(r) => (
            String::new(),
            state
                .doc
                .source
                .get(r.clone())
                .unwrap_or_default()
                .to_owned(),
            0,
        ),
    };
    state.notes.editor = Some(NoteEditor {
        target: t,
        text: TextArea::new(&body),
        original: body,
        quote: excerpt(&exact, 60),
        revision,
        base,
    });
    state.mode = Mode::Editor;
}

pub(super) fn input(
    state: &mut AppState,
    edit: impl FnOnce(&mut TextArea),
    line: impl FnOnce(&mut LinePrompt),
) {
    match state.mode {
        Mode::Editor => {
            if let Some(e) = &mut state.notes.editor {
                edit(&mut e.text);
            }
        }
        Mode::Prompt => {
            if let Some(p) = &mut state.notes.prompt {
                line(&mut p.line);
                if matches!(p.kind, PromptKind::Filter { .. }) {
                    state.notes.filter = p.line.text.clone();
                    state.notes.selected = 0;
                }
            }
        }
        _ => {}
    }
}

/// A new annotation on `range` of the open document (id and times are stamped by the shell).
pub(super) fn new_annotation(
    state: &AppState,
    range: Range<usize>,
    tags: Vec<String>,
    body: String,
) -> Option<Annotation> {
    let quote = TextQuote::from_text(&state.doc.source, range.clone()).ok()?;
    let mut doc = state.notes.doc.clone();
    doc.fingerprint.clone_from(&state.fingerprint);
    if doc.title.is_none() {
        doc.title = state.doc.title();
    }
    Some(Annotation {
        id: String::new(),
        doc,
        quote,
        position: range.into(),
        tags: normalize_tags(tags),
        body,
        color: None,
        created: String::new(),
        modified: String::new(),
        original: None,
        placement: Placement::Confirmed,
        similarity: None,
        revision: 0,
    })
}

pub(super) fn confirm_prompt(state: &mut AppState) -> Vec<Effect> {
    let Some(p) = state.notes.prompt.clone() else {
        return Vec::new();
    };
    match p.kind {
        PromptKind::Filter { .. } => {
            state.notes.prompt = None;
            p.line.text.trim().clone_into(&mut state.notes.filter);
            state.mode = Mode::Normal;
            let n = state.notes.entries().len();
            state.info(&format!("{n} matching"));
            Vec::new()
        }
        PromptKind::Tags(target) => {
            let tags = parse_tags(&p.line.text);
            let ann = match target {
                Target::New(range) => {
                    if tags.is_empty() {
                        state.notes.prompt = None;
                        state.mode = back_mode(state);
                        state.info("No tags given: nothing saved");
                        return Vec::new();
                    }
                    new_annotation(state, range, tags, String::new())
                }
                // Gone from the list (another window deleted it): saved from what the prompt
                // opened on, so the store reports the conflict.
                Target::Existing(id) => {
                    state
                        .notes
                        .find(&id)
                        .cloned()
                        .or(p.base.clone())
                        .map(|mut a| {
                            a.tags = tags;
                            a.revision = p.base.as_ref().map_or(0, |b| b.revision);
                            a
                        })
                }
            };
            if let Some(a) = ann {
                state.notes.pending = Some(Pending::Prompt);
                vec![Effect::SaveAnnotation(Box::new(a))]
            } else {
                state.notes.prompt = None;
                state.mode = back_mode(state);
                state.info("That passage cannot be annotated");
                Vec::new()
            }
        }
    }
}

pub(super) fn save_editor(state: &mut AppState) -> Vec<Effect> {
    let Some(e) = state.notes.editor.clone() else {
        return Vec::new();
    };
    let body = e.text.text().trim_end().to_owned();
    let extra = hashtags(&body);
    let ann = match e.target {
        Target::New(range) => {
            if body.trim().is_empty() {
                close_editor(state);
                state.info("Empty note: nothing saved");
                return Vec::new();
            }
            new_annotation(state, range, extra, body)
        }
        Target::Existing(id) => state.notes.find(&id).cloned().or(e.base).map(|mut a| {
            let mut tags = std::mem::take(&mut a.tags);
            tags.extend(extra);
            a.tags = normalize_tags(tags);
            a.body = body;
            a.revision = e.revision;
            a
        }),
    };
    if let Some(a) = ann {
        state.notes.pending = Some(Pending::Editor);
        vec![Effect::SaveAnnotation(Box::new(a))]
    } else {
        state.info("That passage cannot be annotated");
        Vec::new()
    }
}

pub(super) fn choose(state: &mut AppState, c: char) -> Vec<Effect> {
    match state.notes.choice {
        Some(Choice::Discard) => match c.to_ascii_lowercase() {
            'y' => {
                close_editor(state);
                state.info("Note discarded");
            }
            'n' => {
                state.notes.choice = None;
                state.mode = Mode::Editor;
            }
            _ => {}
        },
        Some(Choice::Export) => {
            let format = match c.to_ascii_lowercase() {
                'm' => ExportFormat::Markdown,
                'j' => ExportFormat::Json,
                'c' => ExportFormat::Csv,
                'w' => ExportFormat::W3c,
                _ => return Vec::new(),
            };
            state.notes.choice = None;
            state.mode = Mode::Normal;
            let n = &state.notes;
            let mut annotations = n.items.clone();
            annotations.extend(n.orphans.iter().cloned());
            return vec![Effect::ExportNotes(Box::new(ExportRequest {
                format,
                doc: Arc::clone(&state.doc),
                annotations,
                orphans: n.orphans.iter().map(|a| a.id.clone()).collect(),
                doc_path: n.doc.path.clone(),
                entities: recognised_entities(state),
            }))];
        }
        Some(Choice::Conflict) => return resolve_conflict(state, c),
        None => state.mode = Mode::Normal,
    }
    Vec::new()
}

/// The entities the reader found, as an export lists them; `None` until recognition is done.
fn recognised_entities(state: &AppState) -> Option<Vec<ExportEntity>> {
    let e = &state.entities;
    (e.recognition == crate::core::app::entities::Recognition::Done).then(|| {
        e.mentions
            .iter()
            .map(|m| ExportEntity {
                text: state
                    .doc
                    .source
                    .get(m.range.clone())
                    .unwrap_or_default()
                    .to_owned(),
                kind: m.kind.label().to_owned(),
                range: m.range.clone(),
            })
            .collect()
    })
}

/// Places the orphan being re-attached on the selection (or the cursor's sentence): the
/// quote becomes the passage there, and the note is confirmed.
pub(super) fn reattach(state: &mut AppState) -> Vec<Effect> {
    let Some(id) = state.notes.reattach.take() else {
        return Vec::new();
    };
    let range = state.cursor.target();
    let Some(mut a) = state.notes.find(&id).cloned() else {
        return Vec::new();
    };
    let Ok(quote) = TextQuote::from_text(&state.doc.source, range.clone()) else {
        state.info("Nothing selected: the note stays an orphan");
        return Vec::new();
    };
    a.quote = quote;
    a.position = range.into();
    a.placement = Placement::Confirmed;
    a.original = None;
    a.similarity = None;
    a.doc.fingerprint.clone_from(&state.notes.doc.fingerprint);
    state.cursor.visual = None;
    state.mode = Mode::Normal;
    vec![Effect::SaveAnnotation(Box::new(a))]
}

/// A save or delete lost to another window's. From the editor or the tag prompt: keep it
/// open with the user's text and ask what to do; a delete of a note changed since asks too.
/// An undo is refused; a delete of a note already gone is done.
pub(super) fn conflict(state: &mut AppState, mine: Annotation, theirs: Option<Annotation>) {
    let what = if theirs.is_some() {
        "changed"
    } else {
        "deleted"
    };
    if let Some(t) = &theirs {
        state.notes.upsert(t.clone());
    }
    match state.notes.pending.take() {
        Some(from @ Pending::Editor) if state.notes.editor.is_some() => {
            ask(state, SaveConflict { mine, theirs, from });
            state.error(&format!(
                "Another window {what} this note since you opened it"
            ));
        }
        Some(from @ Pending::Prompt) if state.notes.prompt.is_some() => {
            ask(state, SaveConflict { mine, theirs, from });
            state.error(&format!(
                "Another window {what} this note's tags since you opened them"
            ));
        }
        Some(from @ Pending::Delete) if theirs.is_some() => {
            ask(state, SaveConflict { mine, theirs, from });
            state.error("Not deleted: another window changed this note since");
        }
        Some(Pending::Delete) => {
            // Gone already, as the user wanted (the other window's delete is in the history).
            state.notes.remove(&mine.id);
            state.info("Another window had already deleted this note");
        }
        Some(Pending::Restore) => {
            // It can never succeed now; the deleted text stays in the history.
            state.notes.undo.pop();
            state.error(&format!(
                "Not undone: another window {what} this note since"
            ));
        }
        _ => state.error(&format!("Not saved: another window {what} this note since")),
    }
}

fn ask(state: &mut AppState, conflict: SaveConflict) {
    state.notes.conflict = Some(conflict);
    state.notes.choice = Some(Choice::Conflict);
    state.mode = Mode::Choice;
}

/// The user's answer to a [`Choice::Conflict`]. An edit or tags: `m` mine on top (theirs
/// stays in the history), `t` theirs (mine dropped), `n` mine as a new note on the same
/// passage. A delete: `d` delete their version anyway (it stays in the history), `t` keep it.
fn resolve_conflict(state: &mut AppState, c: char) -> Vec<Effect> {
    let Some(SaveConflict {
        mut mine,
        theirs,
        from,
    }) = state.notes.conflict.clone()
    else {
        state.mode = Mode::Normal;
        return Vec::new();
    };
    let c = c.to_ascii_lowercase();
    let effect = match (from, c, theirs) {
        (Pending::Delete, 'd', Some(t)) => Effect::DeleteAnnotation(Box::new(t)),
        (Pending::Delete, 't', _) | (_, 't', None) => {
            if from != Pending::Delete {
                state.notes.remove(&mine.id);
            }
            keep_theirs(state, from);
            return Vec::new();
        }
        (Pending::Delete, ..) => return Vec::new(),
        (_, 't', Some(t)) => {
            state.notes.upsert(t);
            keep_theirs(state, from);
            return Vec::new();
        }
        (_, 'm', theirs) => {
            mine.revision = theirs.map_or(0, |t| t.revision);
            Effect::SaveAnnotation(Box::new(mine))
        }
        (_, 'n', _) => {
            mine.id.clear();
            mine.revision = 0;
            Effect::SaveAnnotation(Box::new(mine))
        }
        _ => return Vec::new(),
    };
    state.notes.conflict = None;
    state.notes.choice = None;
    state.notes.pending = Some(from);
    state.mode = match from {
        Pending::Editor => Mode::Editor,
        Pending::Prompt => Mode::Prompt,
        Pending::Delete | Pending::Restore => Mode::Normal,
    };
    vec![effect]
}

/// Closes what lost the conflict, keeping the other window's version.
fn keep_theirs(state: &mut AppState, from: Pending) {
    match from {
        Pending::Editor => close_editor(state),
        Pending::Prompt => {
            state.notes.prompt = None;
            state.notes.choice = None;
            state.mode = back_mode(state);
        }
        Pending::Delete | Pending::Restore => {
            state.notes.choice = None;
            state.mode = Mode::Normal;
        }
    }
    state.notes.conflict = None;
    state.info("Kept the other window's version");
}

/// Another window's changes, read when this one was idle: the lists are replaced, the
/// selection stays on the same note where it can, and nothing else moves.
pub(super) fn refreshed(state: &mut AppState, loaded: NotesLoaded) {
    let selected_id = state.notes.selected_annotation().map(|a| a.id.clone());
    state.notes.items = loaded.annotations;
    state.notes.orphans = loaded.orphans;
    state.notes.known_tags = loaded.tags;
    let entries = state.notes.entries();
    if let Some(id) = selected_id
        && let Some(i) = entries
            .iter()
            .position(|e| state.notes.annotation(*e).is_some_and(|a| a.id == id))
    {
        state.notes.selected = i;
    }
    state.notes.selected = state.notes.selected.min(entries.len().saturating_sub(1));
}

pub(super) fn saved(state: &mut AppState, ann: Annotation) {
    let tags: Vec<String> = ann.tags.iter().map(|t| format!("#{t}")).collect();
    let has_body = !ann.body.trim().is_empty();
    state.notes.upsert(ann);
    match state.notes.pending.take() {
        Some(Pending::Prompt) => {
            state.notes.prompt = None;
            state.cursor.visual = None;
            state.mode = Mode::Normal;
            state.info(&format!("Tagged {}", tags.join(" ")));
        }
        Some(Pending::Editor) => {
            state.notes.editor = None;
            state.notes.choice = None;
            state.cursor.visual = None;
            state.mode = Mode::Normal;
            state.info(if has_body {
                "Note saved"
            } else {
                "Note cleared"
            });
        }
        Some(Pending::Restore) => {
            state.notes.undo.pop();
            state.info("Note restored");
        }
        Some(Pending::Delete) | None => {}
    }
}
