//! The reader's notes: the annotations of the open document, the reading cursor's commands
//! (move, select, tag, write a note, export) and the Notes tab's list — as plain state plus
//! the one function that changes it, [`update`].
//!
//! This is a sub-state of `AppState` (`state.notes`, beside `state.cursor`), with its own
//! action type ([`NotesAction`], wrapped in `Action::Notes`) so the reader's main `update`
//! only delegates. Nothing here touches the database: a confirmed change becomes an
//! `Effect::SaveAnnotation` / `Effect::DeleteAnnotation` that the shell runs in its own
//! transaction, and the list changes only when the completion (`Saved`, `Deleted`) comes back.
//! Until then the tag prompt or the note editor stays open, so a failed write (a full disk, a
//! locked database) shows an error and loses no text. New annotations leave the core with an
//! empty id and empty times: the shell stamps both (the core has no clock and no randomness).
//! The cursor and selection live in `notes/selection.rs`, the prompts and the editor in
//! `notes/compose.rs`. Uses `core::doc` (annotation, cursor, export) and the app's state.

use std::ops::Range;
use std::sync::Arc;

use crate::core::app::editor::{LinePrompt, TextArea};
use crate::core::app::messages::Effect;
use crate::core::app::messages::{Action, Outcome};
use crate::core::app::state::{AppState, Focus, MessageLevel, Mode, SidebarTab};
use crate::core::doc::anchor::DriftReport;
use crate::core::doc::annotation::{
    Annotation, DocRef, Placement, TagColors, first_chars, normalize_tags,
};
use crate::core::doc::cursor::Unit;
use crate::core::doc::document::Document;
use crate::core::doc::export::{ExportEntity, ExportFormat};
use crate::core::doc::sanitize::one_line;
mod compose;
mod selection;

use compose::{
    cancel, choose, confirm_prompt, conflict, input, open_editor, open_tag_prompt, reattach,
    refreshed, save_editor, saved,
};
use selection::{cancel_selection, motion, mouse_drag};
pub use selection::{follow_view, mouse_down, offset_at};

/// Everything the notes feature does, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotesAction {
    NextSentence,
    PrevSentence,
    NextParagraph,
    PrevParagraph,
    /// Visual mode: extend the selection by a word.
    NextWord,
    PrevWord,
    /// Start a selection at the cursor (or drop the one being made).
    ToggleSelection,
    /// Leave whatever is open: selection, prompt, editor (asking first if text changed), question.
    Cancel,
    /// Tag the selection (or the current sentence, or the selected note in the Notes tab).
    Tag,
    /// Write a note on the selection (or edit the note already on that passage).
    Annotate,
    /// Ask for a format and export the notes.
    Export,
    /// Focus the sidebar on the Notes tab (on it already: back to the first tab).
    ShowNotes,
    ListNext,
    ListPrev,
    /// Jump the article to the selected note's passage.
    ListJump,
    ListEdit,
    ListDelete,
    /// Restore the last deleted note.
    Undo,
    /// Accept a moved or fuzzy note where it now is (it becomes exact; its original quote is
    /// dropped).
    ListConfirm,
    /// Start re-attaching the selected orphan: select its passage, then `t` (or `a`).
    ListReattach,
    /// Filter the list by text or `#tag`.
    ListFilter,
    /// Text input for the prompt or the editor.
    Input(char),
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    Newline,
    /// Tab in the tag prompt: complete from tags already used.
    Complete,
    /// Enter in a prompt.
    Confirm,
    /// Ctrl-s in the editor.
    Save,
    /// An answer to a one-key question (y/n, export format).
    Choose(char),
    /// The left button moved while held at this cell.
    MouseDrag {
        column: u16,
        row: u16,
    },
    /// The left button was released.
    MouseUp,
    /// The shell read the document's annotations (already re-anchored and saved).
    Loaded(Box<NotesLoaded>),
    /// An annotation was written; it carries its id and times now.
    Saved(Box<Annotation>),
    /// An annotation was deleted (kept here for undo).
    Deleted(Box<Annotation>),
    /// A save or a delete lost its compare-and-swap: another window changed (`theirs`) or
    /// deleted (`None`) the note since. `mine` is what was being saved (or deleted).
    Conflict {
        mine: Box<Annotation>,
        theirs: Option<Box<Annotation>>,
    },
    /// Another window changed the database: the document's notes as they are now (the
    /// reading position and an open editor are left alone).
    Refreshed(Box<NotesLoaded>),
    /// Notes were exported to `path`.
    Exported {
        path: String,
        count: usize,
    },
}

/// What the shell found in the database when the document was opened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotesLoaded {
    /// Placed annotations (positions are the re-anchored ones).
    pub annotations: Vec<Annotation>,
    /// Annotations whose passage could not be found; kept, never deleted.
    pub orphans: Vec<Annotation>,
    /// Every tag in use in the database (for completion).
    pub tags: Vec<String>,
    pub report: DriftReport,
}

/// An export the shell should write.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub format: ExportFormat,
    pub doc: Arc<Document>,
    /// Placed annotations then orphans.
    pub annotations: Vec<Annotation>,
    /// Ids of the orphans.
    pub orphans: Vec<String>,
    /// Where the document lives (exports go beside it), if it is a file.
    pub doc_path: Option<String>,
    /// The entities the reader recognised (with the user's entities.toml), once recognition
    /// is done; `None`: the shell recognises them the same way.
    pub entities: Option<Vec<ExportEntity>>,
}

impl PartialEq for ExportRequest {
    fn eq(&self, other: &Self) -> bool {
        self.format == other.format
            && Arc::ptr_eq(&self.doc, &other.doc)
            && self.annotations == other.annotations
            && self.orphans == other.orphans
            && self.doc_path == other.doc_path
    }
}

impl Eq for ExportRequest {}

/// What a tag or note applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A passage without an annotation yet.
    New(Range<usize>),
    /// The annotation with this id.
    Existing(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Tags(Target),
    /// Filtering the Notes tab; the filter before the prompt opened (the prompt starts empty,
    /// and Esc clears the filter rather than restoring this).
    Filter {
        before: String,
    },
}

/// A one-line prompt in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub line: LinePrompt,
    /// The note a tag prompt opened on, as it was then: the save is a compare-and-swap on its
    /// revision, like the editor's, and starts from it if another window deleted the note
    /// meanwhile (so that is a conflict to answer, not a lost edit).
    pub base: Option<Annotation>,
}

/// The note editor overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    pub target: Target,
    pub text: TextArea,
    /// The text when the editor opened (Esc asks before discarding changes to it).
    pub original: String,
    /// An excerpt of the passage, for the editor's title.
    pub quote: String,
    /// The note's revision when the editor opened: the save is a compare-and-swap on it, so
    /// another window's change in between is a conflict, never overwritten.
    pub revision: u32,
    /// The note as it was when the editor opened (`None` for a new one): the save starts from
    /// it if another window deleted the note meanwhile.
    pub base: Option<Annotation>,
}

/// A one-key question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Discard the note's changes? (y/n)
    Discard,
    /// Export in which format? (m/j/c/w)
    Export,
    /// Another window changed the note being saved (mine on top, theirs, or mine as new?) or
    /// deleted (delete it anyway, or keep theirs?).
    Conflict,
}

/// A save or delete that lost to another window's: both versions, until the user chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveConflict {
    pub mine: Annotation,
    /// `None`: the other window deleted the note.
    pub theirs: Option<Annotation>,
    /// What lost: an edit in the editor, tags in the prompt, or a delete.
    pub from: Pending,
}

/// What a write in flight closes when it succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// The tag prompt.
    Prompt,
    /// The note editor.
    Editor,
    /// An undo of a delete.
    Restore,
    /// A delete from the Notes tab.
    Delete,
}

/// An entry of the Notes tab: a placed annotation or an orphan (indices into those lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Placed(usize),
    Orphan(usize),
}

/// The notes of the open document and the UI around them.
#[derive(Debug, Clone, Default)]
pub struct NotesState {
    /// The document, as annotations record it (path and title filled in by the shell).
    pub doc: DocRef,
    /// Placed annotations, in document order.
    pub items: Vec<Annotation>,
    /// Annotations that could not be re-anchored.
    pub orphans: Vec<Annotation>,
    /// Tags used anywhere (completion).
    pub known_tags: Vec<String>,
    pub colors: TagColors,
    /// The Notes tab's filter (text, or `#tag`).
    pub filter: String,
    /// The selected entry of the (filtered) list.
    pub selected: usize,
    /// Deleted this session, most recent last.
    pub undo: Vec<Annotation>,
    pub prompt: Option<Prompt>,
    pub editor: Option<NoteEditor>,
    pub choice: Option<Choice>,
    pub pending: Option<Pending>,
    /// Where the left mouse button went down (a source offset), for drag selection.
    pub drag: Option<usize>,
    /// Ids of orphans deleted this session (an undo puts them back among the orphans).
    pub deleted_orphans: Vec<String>,
    /// A save another window got to first, waiting for the user's choice.
    pub conflict: Option<SaveConflict>,
    /// The orphan being re-attached: the next `t`/`a` on a selection places it there.
    pub reattach: Option<String>,
}

impl NotesState {
    /// Whether `loaded` is what these notes already are: another window's write that left
    /// this document's notes alone (a library entry, another article's note) changes nothing.
    pub fn holds(&self, loaded: &NotesLoaded) -> bool {
        self.items == loaded.annotations
            && self.orphans == loaded.orphans
            && self.known_tags == loaded.tags
    }

    /// The entries the Notes tab lists: placed ones matching the filter, then orphans.
    pub fn entries(&self) -> Vec<Entry> {
        let f = self.filter.trim().to_lowercase();
        let keep = |a: &Annotation| matches_filter(a, &f);
        self.items
            .iter()
            .enumerate()
            .filter(|(_, a)| keep(a))
            .map(|(i, _)| Entry::Placed(i))
            .chain(
                self.orphans
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| keep(a))
                    .map(|(i, _)| Entry::Orphan(i)),
            )
            .collect()
    }

    pub fn annotation(&self, e: Entry) -> Option<&Annotation> {
        match e {
            Entry::Placed(i) => self.items.get(i),
            Entry::Orphan(i) => self.orphans.get(i),
        }
    }

    fn find(&self, id: &str) -> Option<&Annotation> {
        self.items
            .iter()
            .chain(self.orphans.iter())
            .find(|a| a.id == id)
    }

    fn selected_annotation(&self) -> Option<&Annotation> {
        let entries = self.entries();
        entries.get(self.selected).and_then(|&e| self.annotation(e))
    }

    /// Total number of annotations (placed and orphaned).
    pub fn len(&self) -> usize {
        self.items.len() + self.orphans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Completion words: tags in the database and in this document.
    fn completion_words(&self) -> Vec<String> {
        let mut words = self.known_tags.clone();
        for a in self.items.iter().chain(self.orphans.iter()) {
            words.extend(a.tags.iter().cloned());
        }
        words.sort();
        words.dedup();
        words
    }

    /// Puts an annotation in its list (replacing one with the same id), in document order.
    fn upsert(&mut self, ann: Annotation) {
        if ann.placement != Placement::Orphan {
            self.orphans.retain(|a| a.id != ann.id);
        } else if let Some(o) = self.orphans.iter_mut().find(|a| a.id == ann.id) {
            *o = ann;
            return;
        }
        if let Some(i) = self.deleted_orphans.iter().position(|id| *id == ann.id) {
            self.deleted_orphans.remove(i);
            self.orphans.push(ann);
            return;
        }
        self.items.retain(|a| a.id != ann.id);
        let at = self.items.partition_point(|a| {
            (a.position.start, a.position.end, &a.id)
                < (ann.position.start, ann.position.end, &ann.id)
        });
        for t in &ann.tags {
            if !self.known_tags.contains(t) {
                self.known_tags.push(t.clone());
            }
        }
        self.known_tags.sort();
        self.items.insert(at, ann);
    }

    fn remove(&mut self, id: &str) {
        self.items.retain(|a| a.id != id);
        self.orphans.retain(|a| a.id != id);
        self.selected = self.selected.min(self.entries().len().saturating_sub(1));
    }
}

/// Case-insensitive match of an annotation against a filter (`#tag` matches tags by prefix;
/// other text matches the quote, the note or a tag).
fn matches_filter(a: &Annotation, f: &str) -> bool {
    if f.is_empty() {
        return true;
    }
    if let Some(tag) = f.strip_prefix('#') {
        return a.tags.iter().any(|t| t.starts_with(tag));
    }
    a.quote.exact.to_lowercase().contains(f)
        || a.body.to_lowercase().contains(f)
        || a.tags.iter().any(|t| t.contains(f))
}

/// The `#tag` words of a note body.
pub fn hashtags(body: &str) -> Vec<String> {
    normalize_tags(
        body.split_whitespace()
            .filter(|w| w.starts_with('#') && w.len() > 1)
            .map(|w| {
                w.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '-' && c != '_')
                    .to_owned()
            }),
    )
}

/// Applies a notes action.
#[allow(clippy::too_many_lines)] // one flat dispatch, like the main update
pub fn update(state: &mut AppState, action: NotesAction) -> Outcome {
    let mut effects = Vec::new();
    match action {
        NotesAction::NextSentence => motion(state, Unit::Sentence, true),
        NotesAction::PrevSentence => motion(state, Unit::Sentence, false),
        NotesAction::NextParagraph => motion(state, Unit::Paragraph, true),
        NotesAction::PrevParagraph => motion(state, Unit::Paragraph, false),
        NotesAction::NextWord => motion(state, Unit::Word, true),
        NotesAction::PrevWord => motion(state, Unit::Word, false),
        NotesAction::ToggleSelection => {
            if state.mode == Mode::Visual {
                cancel_selection(state);
            } else if state.mode == Mode::Normal {
                state.focus = Focus::Article;
                state.cursor.start_visual();
                state.mode = Mode::Visual;
            }
        }
        NotesAction::Cancel => cancel(state),
        NotesAction::Tag | NotesAction::Annotate if state.notes.reattach.is_some() => {
            effects.extend(reattach(state));
        }
        NotesAction::Tag => open_tag_prompt(state),
        NotesAction::ListConfirm => match state.notes.selected_annotation() {
            Some(a) if matches!(a.placement, Placement::Moved | Placement::Fuzzy) => {
                let mut a = a.clone();
                a.placement = Placement::Confirmed;
                a.original = None;
                a.similarity = None;
                effects.push(Effect::SaveAnnotation(Box::new(a)));
            }
            Some(_) => state.info("Only a moved or fuzzy note needs confirming"),
            None => state.info("No note selected"),
        },
        NotesAction::ListReattach => match state.notes.selected_annotation() {
            Some(a) if a.placement == Placement::Orphan => {
                state.notes.reattach = Some(a.id.clone());
                state.focus = Focus::Article;
                state.cursor.start_visual();
                state.mode = Mode::Visual;
                state.info("Select the note's passage, then t to re-attach it (Esc cancels)");
            }
            Some(_) => state.info("Only an orphan needs re-attaching"),
            None => state.info("No note selected"),
        },
        NotesAction::Annotate => open_editor(state, false),
        NotesAction::ListEdit => open_editor(state, true),
        NotesAction::Export => {
            if state.notes.is_empty() {
                state.info("No notes to export yet: select a passage (v) and tag it (t)");
            } else {
                state.notes.choice = Some(Choice::Export);
                state.mode = Mode::Choice;
            }
        }
        NotesAction::ShowNotes => {
            let showing = state.focus == Focus::Sidebar && state.sidebar_tab == SidebarTab::Notes;
            state.sidebar_tab = if showing {
                SidebarTab::default()
            } else {
                SidebarTab::Notes
            };
            return Outcome {
                effects,
                then: vec![Action::Focus(Focus::Sidebar)],
            };
        }
        NotesAction::ListNext => {
            let n = state.notes.entries().len();
            state.notes.selected = (state.notes.selected + 1).min(n.saturating_sub(1));
        }
        NotesAction::ListPrev => state.notes.selected = state.notes.selected.saturating_sub(1),
        NotesAction::ListJump => list_jump(state),
        // A compare-and-swap on the revision shown: another window's edit is never deleted
        // unseen (see `compose::conflict`).
        NotesAction::ListDelete => match state.notes.selected_annotation() {
            Some(a) => {
                let a = Box::new(a.clone());
                state.notes.pending = Some(Pending::Delete);
                effects.push(Effect::DeleteAnnotation(a));
            }
            None => state.info("No note selected"),
        },
        // Popped only when the restore is saved, so a failed write keeps it undoable.
        NotesAction::Undo => match state.notes.undo.last().cloned() {
            Some(a) => {
                state.notes.pending = Some(Pending::Restore);
                effects.push(Effect::RestoreAnnotation(Box::new(a)));
            }
            None => state.info("Nothing to undo"),
        },
        NotesAction::ListFilter => {
            // A fresh prompt: what is typed is the filter, never appended to the last one.
            let before = std::mem::take(&mut state.notes.filter);
            state.notes.prompt = Some(Prompt {
                kind: PromptKind::Filter { before },
                line: LinePrompt::new(""),
                base: None,
            });
            state.mode = Mode::Prompt;
        }
        NotesAction::Input(c) => input(state, |t| t.insert_char(c), |p| p.push(c)),
        NotesAction::Backspace => input(state, TextArea::backspace, LinePrompt::backspace),
        NotesAction::Delete => input(state, TextArea::delete, |_| {}),
        NotesAction::Left => input(state, TextArea::left, |_| {}),
        NotesAction::Right => input(state, TextArea::right, |_| {}),
        NotesAction::Up => input(state, TextArea::up, |_| {}),
        NotesAction::Down => input(state, TextArea::down, |_| {}),
        NotesAction::Home => input(state, TextArea::home, |_| {}),
        NotesAction::End => input(state, TextArea::end, |_| {}),
        NotesAction::Newline => input(state, TextArea::newline, |_| {}),
        NotesAction::Complete => {
            let words = state.notes.completion_words();
            if let Some(p) = &mut state.notes.prompt
                && matches!(p.kind, PromptKind::Tags(_))
                && !p.line.complete(&words)
            {
                state.info("No tag starts like that");
            }
        }
        NotesAction::Confirm => effects.extend(confirm_prompt(state)),
        NotesAction::Save => effects.extend(save_editor(state)),
        NotesAction::Choose(c) => effects.extend(choose(state, c)),
        NotesAction::MouseDrag { column, row } => mouse_drag(state, column, row),
        NotesAction::MouseUp => {
            state.notes.drag = None;
            if state.mode == Mode::Visual && state.cursor.target().is_empty() {
                cancel_selection(state);
            }
        }
        NotesAction::Loaded(loaded) => {
            let NotesLoaded {
                annotations,
                orphans,
                tags,
                report,
            } = *loaded;
            state.notes.items = annotations;
            state.notes.orphans = orphans;
            state.notes.known_tags = tags;
            if report.total() > 0 {
                let summary = report.summary();
                let text = match &state.status {
                    Some(m) if m.level == MessageLevel::Info => format!("{} · {summary}", m.text),
                    _ => summary,
                };
                state.info(&text);
            }
        }
        NotesAction::Saved(ann) => saved(state, *ann),
        NotesAction::Conflict { mine, theirs } => conflict(state, *mine, theirs.map(|t| *t)),
        NotesAction::Refreshed(loaded) => refreshed(state, *loaded),
        NotesAction::Deleted(ann) => {
            if state.notes.pending == Some(Pending::Delete) {
                state.notes.pending = None;
            }
            if state.notes.orphans.iter().any(|a| a.id == ann.id) {
                state.notes.deleted_orphans.push(ann.id.clone());
            }
            state.notes.remove(&ann.id);
            state.notes.undo.push(*ann);
            state.info("Note deleted (u undoes)");
        }
        NotesAction::Exported { path, count } => {
            let noun = if count == 1 { "note" } else { "notes" };
            state.info(&format!("Exported {count} {noun} to {}", one_line(&path)));
        }
    }
    effects.into()
}

/// Whether a notes action comes from the user (and so clears the last message).
pub fn is_user_action(action: &NotesAction) -> bool {
    !matches!(
        action,
        NotesAction::Loaded(_)
            | NotesAction::Refreshed(_)
            | NotesAction::Conflict { .. }
            | NotesAction::Saved(_)
            | NotesAction::Deleted(_)
            | NotesAction::Exported { .. }
    )
}

/// One line of at most `n` characters, with an ellipsis when cut.
pub fn excerpt(text: &str, n: usize) -> String {
    let line = one_line(text);
    let cut = first_chars(&line, n);
    if cut.len() < line.len() {
        format!("{}…", cut.trim_end())
    } else {
        line
    }
}

fn list_jump(state: &mut AppState) {
    let entries = state.notes.entries();
    match entries.get(state.notes.selected) {
        Some(&Entry::Placed(i)) => {
            let Some(r) = state.notes.items.get(i).map(Annotation::range) else {
                return;
            };
            state.cursor.visual = None;
            let doc = Arc::clone(&state.doc);
            state.cursor.go_to(&doc.source, r.start);
            crate::core::app::reading::lay_out_around(state, r.start);
            let line = state.layout.line_for_offset(r.start);
            let h = state.page_height();
            state.set_top(line.saturating_sub(h / 3));
            if !state.is_wide() {
                state.focus = Focus::Article;
            }
        }
        Some(&Entry::Orphan(i)) => {
            let q = state
                .notes
                .orphans
                .get(i)
                .map(|a| excerpt(&a.quote.exact, 40))
                .unwrap_or_default();
            state.info(&format!("Orphaned: “{q}” is no longer in this text (kept)"));
        }
        None => state.info("No notes"),
    }
}

#[cfg(test)]
mod tests;
