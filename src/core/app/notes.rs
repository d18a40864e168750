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

use std::ops::Range;
use std::sync::Arc;

use crate::core::app::editor::{LinePrompt, TextArea};
use crate::core::app::messages::Action;
use crate::core::app::state::{AppState, Focus, MessageLevel, Mode, SidebarTab, StatusMessage};
use crate::core::app::update::Effect;
use crate::core::doc::anchor::DriftReport;
use crate::core::doc::annotation::{
    Annotation, DocRef, Placement, TagColors, TextQuote, first_chars, normalize_tags, parse_tags,
};
use crate::core::doc::cursor::{Unit, Visual};
use crate::core::doc::document::Document;
use crate::core::doc::export::{ExportEntity, ExportFormat};
use crate::core::doc::layout::grapheme_width;
use crate::core::doc::sanitize::one_line;
use unicode_segmentation::UnicodeSegmentation;

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
    /// A save lost its compare-and-swap: another window changed (`theirs`) or deleted
    /// (`None`) the note since. `mine` is what was being saved.
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
}

/// A one-key question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Discard the note's changes? (y/n)
    Discard,
    /// Export in which format? (m/j/c/w)
    Export,
    /// Another window changed the note being saved: mine on top, theirs, or mine as new?
    Conflict,
}

/// A save that lost to another window's: both versions, until the user chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveConflict {
    pub mine: Annotation,
    /// `None`: the other window deleted the note.
    pub theirs: Option<Annotation>,
}

/// What a save in flight closes when it succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Prompt,
    Editor,
    Restore,
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
pub fn update(state: &mut AppState, action: NotesAction) -> Vec<Effect> {
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
        NotesAction::Annotate => open_editor(state, false),
        NotesAction::ListConfirm => match state.notes.selected_annotation() {
            Some(a) if matches!(a.placement, Placement::Moved | Placement::Fuzzy) => {
                let mut a = a.clone();
                a.placement = Placement::Confirmed;
                a.original = None;
                a.similarity = None;
                effects.push(Effect::SaveAnnotation(Box::new(a)));
            }
            Some(_) => info(state, "Only a moved or fuzzy note needs confirming"),
            None => info(state, "No note selected"),
        },
        NotesAction::ListReattach => match state.notes.selected_annotation() {
            Some(a) if a.placement == Placement::Orphan => {
                state.notes.reattach = Some(a.id.clone());
                state.focus = Focus::Article;
                state.cursor.start_visual();
                state.mode = Mode::Visual;
                info(
                    state,
                    "Select the note's passage, then t to re-attach it (Esc cancels)",
                );
            }
            Some(_) => info(state, "Only an orphan needs re-attaching"),
            None => info(state, "No note selected"),
        },
        NotesAction::ListEdit => open_editor(state, true),
        NotesAction::Export => {
            if state.notes.is_empty() {
                info(
                    state,
                    "No notes to export yet: select a passage (v) and tag it (t)",
                );
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
            effects.extend(crate::core::app::update::update(
                state,
                Action::Focus(Focus::Sidebar),
            ));
        }
        NotesAction::ListNext => {
            let n = state.notes.entries().len();
            state.notes.selected = (state.notes.selected + 1).min(n.saturating_sub(1));
        }
        NotesAction::ListPrev => state.notes.selected = state.notes.selected.saturating_sub(1),
        NotesAction::ListJump => list_jump(state),
        NotesAction::ListDelete => match state.notes.selected_annotation() {
            Some(a) => effects.push(Effect::DeleteAnnotation(a.id.clone())),
            None => info(state, "No note selected"),
        },
        // Popped only when the restore is saved, so a failed write keeps it undoable.
        NotesAction::Undo => match state.notes.undo.last().cloned() {
            Some(a) => {
                state.notes.pending = Some(Pending::Restore);
                effects.push(Effect::SaveAnnotation(Box::new(a)));
            }
            None => info(state, "Nothing to undo"),
        },
        NotesAction::ListFilter => {
            // A fresh prompt: what is typed is the filter, never appended to the last one.
            let before = std::mem::take(&mut state.notes.filter);
            state.notes.prompt = Some(Prompt {
                kind: PromptKind::Filter { before },
                line: LinePrompt::new(""),
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
                info(state, "No tag starts like that");
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
                info(state, &text);
            }
        }
        NotesAction::Saved(ann) => saved(state, *ann),
        NotesAction::Conflict { mine, theirs } => conflict(state, *mine, theirs.map(|t| *t)),
        NotesAction::Refreshed(loaded) => refreshed(state, *loaded),
        NotesAction::Deleted(ann) => {
            if state.notes.orphans.iter().any(|a| a.id == ann.id) {
                state.notes.deleted_orphans.push(ann.id.clone());
            }
            state.notes.remove(&ann.id);
            state.notes.undo.push(*ann);
            info(state, "Note deleted (u undoes)");
        }
        NotesAction::Exported { path, count } => {
            let noun = if count == 1 { "note" } else { "notes" };
            info(
                state,
                &format!("Exported {count} {noun} to {}", one_line(&path)),
            );
        }
    }
    effects
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

fn error(state: &mut AppState, text: &str) {
    state.status = Some(StatusMessage {
        text: text.to_owned(),
        level: MessageLevel::Error,
    });
}

fn info(state: &mut AppState, text: &str) {
    state.status = Some(StatusMessage {
        text: text.to_owned(),
        level: MessageLevel::Info,
    });
}

fn motion(state: &mut AppState, unit: Unit, forward: bool) {
    if state.mode == Mode::Visual {
        let source = Arc::clone(&state.doc);
        state.cursor.move_head(&source.source, unit, forward);
        if let Some(v) = &state.cursor.visual {
            let h = v.head;
            reveal(state, h.saturating_sub(1)..h);
        }
        return;
    }
    let doc = Arc::clone(&state.doc);
    let src = &doc.source;
    let c = &mut state.cursor;
    let moved = match (unit, forward) {
        (Unit::Sentence, true) => c.next_sentence(src),
        (Unit::Sentence, false) => c.prev_sentence(src),
        (Unit::Paragraph, true) => c.next_paragraph(src),
        (Unit::Paragraph, false) => c.prev_paragraph(src),
        (Unit::Word, _) => false,
    };
    if !moved && unit != Unit::Word {
        info(
            state,
            if forward {
                "Last sentence"
            } else {
                "First sentence"
            },
        );
    }
    let r = state.cursor.current();
    reveal(state, r);
}

/// Scrolls just enough to show `range` (its start a third down when it was off screen).
fn reveal(state: &mut AppState, range: Range<usize>) {
    let layout = Arc::clone(&state.layout);
    if layout.is_empty() {
        return;
    }
    let first = layout.line_for_offset(range.start);
    let last = layout.line_for_offset(range.end.saturating_sub(1).max(range.start));
    let h = state.page_height();
    let top = state.viewport.top;
    if first < top && top - first <= h {
        // just above: scroll up to it, no further
        state.set_top(first);
    } else if first < top || first >= top + 2 * h {
        // a jump: show it a third of the way down
        state.set_top(first.saturating_sub(h / 3));
    } else if last >= top + h {
        // just below: scroll until its end (or as much as fits) is in view
        state.set_top(first.min(last + 1 - h));
    }
}

/// After every action: the cursor follows the view when scrolling left it behind, and the
/// Notes tab's selection follows the reading position while the reader is not in it.
pub fn follow_view(state: &mut AppState) {
    let layout = Arc::clone(&state.layout);
    if state.mode == Mode::Normal && !state.cursor.is_empty() && !layout.is_empty() {
        let top = state.viewport.top;
        let bottom = (top + state.page_height()).min(layout.len()) - 1;
        let start = layout.offset_of_line(top);
        let end = layout.line(bottom).map_or(0, |l| l.src.end);
        let cur = state.cursor.current();
        if cur.end <= start || cur.start >= end.max(start + 1) {
            let doc = Arc::clone(&state.doc);
            state.cursor.go_to(&doc.source, start);
        }
    }
    if state.focus != Focus::Sidebar && state.notes.filter.is_empty() {
        let here = state.cursor.current().start;
        let n = state.notes.items.len();
        let i = state
            .notes
            .items
            .partition_point(|a| a.position.end <= here);
        state.notes.selected = i.min(n.saturating_sub(1));
    }
}

/// Places the orphan being re-attached on the selection (or the cursor's sentence): the
/// quote becomes the passage there, and the note is confirmed.
fn reattach(state: &mut AppState) -> Vec<Effect> {
    let Some(id) = state.notes.reattach.take() else {
        return Vec::new();
    };
    let range = state.cursor.target();
    let Some(mut a) = state.notes.find(&id).cloned() else {
        return Vec::new();
    };
    let Ok(quote) = TextQuote::from_text(&state.doc.source, range.clone()) else {
        info(state, "Nothing selected: the note stays an orphan");
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

fn cancel_selection(state: &mut AppState) {
    state.notes.reattach = None;
    state.cursor.visual = None;
    if state.mode == Mode::Visual {
        state.mode = Mode::Normal;
    }
}

/// The mode to return to when a prompt or the editor closes.
fn back_mode(state: &AppState) -> Mode {
    if state.cursor.visual.is_some() {
        Mode::Visual
    } else {
        Mode::Normal
    }
}

fn cancel(state: &mut AppState) {
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
            // Back to the editor with the text as typed; Ctrl-s asks again.
            Some(Choice::Conflict) => {
                state.notes.conflict = None;
                state.mode = Mode::Editor;
            }
            _ => state.mode = Mode::Normal,
        },
        _ => {}
    }
}

fn close_editor(state: &mut AppState) {
    state.notes.editor = None;
    state.notes.choice = None;
    state.notes.pending = None;
    state.mode = back_mode(state);
}

/// The annotation a tag/note command applies to: the note selected in the Notes tab, the
/// annotation on exactly this passage, or a new one on it.
fn target(state: &AppState, from_list: bool) -> Option<Target> {
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

fn open_tag_prompt(state: &mut AppState) {
    if !matches!(state.mode, Mode::Normal | Mode::Visual) {
        return;
    }
    let Some(t) = target(state, false) else {
        info(state, "Nothing to tag here");
        return;
    };
    let prefill = match &t {
        Target::Existing(id) => state
            .notes
            .find(id)
            .map(|a| {
                let mut s = a.tags.join(" ");
                if !s.is_empty() {
                    s.push(' ');
                }
                s
            })
            .unwrap_or_default(),
        Target::New(_) => String::new(),
    };
    state.notes.prompt = Some(Prompt {
        kind: PromptKind::Tags(t),
        line: LinePrompt::new(&prefill),
    });
    state.mode = Mode::Prompt;
}

fn open_editor(state: &mut AppState, from_list: bool) {
    if !matches!(state.mode, Mode::Normal | Mode::Visual) {
        return;
    }
    let Some(t) = target(state, from_list) else {
        info(state, "Nothing to annotate here");
        return;
    };
    let (body, exact, revision) = match &t {
        Target::Existing(id) => state
            .notes
            .find(id)
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
    });
    state.mode = Mode::Editor;
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

fn input(
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
fn new_annotation(
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
        placement: crate::core::doc::annotation::Placement::Confirmed,
        similarity: None,
        revision: 0,
    })
}

fn confirm_prompt(state: &mut AppState) -> Vec<Effect> {
    let Some(p) = state.notes.prompt.clone() else {
        return Vec::new();
    };
    match p.kind {
        PromptKind::Filter { .. } => {
            state.notes.prompt = None;
            p.line.text.trim().clone_into(&mut state.notes.filter);
            state.mode = Mode::Normal;
            let n = state.notes.entries().len();
            info(state, &format!("{n} matching"));
            Vec::new()
        }
        PromptKind::Tags(target) => {
            let tags = parse_tags(&p.line.text);
            let ann = match target {
                Target::New(range) => {
                    if tags.is_empty() {
                        state.notes.prompt = None;
                        state.mode = back_mode(state);
                        info(state, "No tags given: nothing saved");
                        return Vec::new();
                    }
                    new_annotation(state, range, tags, String::new())
                }
                Target::Existing(id) => state.notes.find(&id).cloned().map(|mut a| {
                    a.tags = tags;
                    a
                }),
            };
            if let Some(a) = ann {
                state.notes.pending = Some(Pending::Prompt);
                vec![Effect::SaveAnnotation(Box::new(a))]
            } else {
                state.notes.prompt = None;
                state.mode = back_mode(state);
                info(state, "That passage cannot be annotated");
                Vec::new()
            }
        }
    }
}

fn save_editor(state: &mut AppState) -> Vec<Effect> {
    let Some(e) = state.notes.editor.clone() else {
        return Vec::new();
    };
    let body = e.text.text().trim_end().to_owned();
    let extra = hashtags(&body);
    let ann = match e.target {
        Target::New(range) => {
            if body.trim().is_empty() {
                close_editor(state);
                info(state, "Empty note: nothing saved");
                return Vec::new();
            }
            new_annotation(state, range, extra, body)
        }
        Target::Existing(id) => state.notes.find(&id).cloned().map(|mut a| {
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
        info(state, "That passage cannot be annotated");
        Vec::new()
    }
}

fn choose(state: &mut AppState, c: char) -> Vec<Effect> {
    match state.notes.choice {
        Some(Choice::Discard) => match c.to_ascii_lowercase() {
            'y' => {
                close_editor(state);
                info(state, "Note discarded");
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

/// A save lost to another window's. From the editor: keep it open with the user's text and
/// ask what to do. A tag prompt stays open with a message; an undo is refused.
fn conflict(state: &mut AppState, mine: Annotation, theirs: Option<Annotation>) {
    let what = if theirs.is_some() {
        "changed"
    } else {
        "deleted"
    };
    match state.notes.pending.take() {
        Some(Pending::Editor) if state.notes.editor.is_some() => {
            state.notes.conflict = Some(SaveConflict { mine, theirs });
            state.notes.choice = Some(Choice::Conflict);
            state.mode = Mode::Choice;
            error(
                state,
                &format!("Another window {what} this note since you opened it"),
            );
        }
        Some(Pending::Restore) => {
            error(
                state,
                &format!("Not undone: another window {what} this note since"),
            );
        }
        _ => error(
            state,
            &format!("Not saved: another window {what} this note since; your text is still here"),
        ),
    }
    if let Some(t) = state.notes.conflict.as_ref().and_then(|c| c.theirs.clone()) {
        state.notes.upsert(t);
    }
}

/// The user's answer to a [`Choice::Conflict`]: `m` mine on top (theirs stays in the
/// history), `t` theirs (mine dropped), `n` mine as a new note on the same passage.
fn resolve_conflict(state: &mut AppState, c: char) -> Vec<Effect> {
    let Some(conflict) = state.notes.conflict.clone() else {
        state.mode = Mode::Normal;
        return Vec::new();
    };
    let mut mine = conflict.mine;
    match c.to_ascii_lowercase() {
        'm' => mine.revision = conflict.theirs.as_ref().map_or(0, |t| t.revision),
        'n' => {
            mine.id.clear();
            mine.revision = 0;
        }
        't' => {
            match conflict.theirs {
                Some(t) => state.notes.upsert(t),
                None => state.notes.remove(&mine.id),
            }
            close_editor(state);
            state.notes.conflict = None;
            state.mode = Mode::Normal;
            info(state, "Kept the other window's version");
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    state.notes.conflict = None;
    state.notes.choice = None;
    state.mode = Mode::Editor;
    state.notes.pending = Some(Pending::Editor);
    vec![Effect::SaveAnnotation(Box::new(mine))]
}

/// Another window's changes, read when this one was idle: the lists are replaced, the
/// selection stays on the same note where it can, and nothing else moves.
fn refreshed(state: &mut AppState, loaded: NotesLoaded) {
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

fn saved(state: &mut AppState, ann: Annotation) {
    let tags: Vec<String> = ann.tags.iter().map(|t| format!("#{t}")).collect();
    let has_body = !ann.body.trim().is_empty();
    state.notes.upsert(ann);
    match state.notes.pending.take() {
        Some(Pending::Prompt) => {
            state.notes.prompt = None;
            state.cursor.visual = None;
            state.mode = Mode::Normal;
            info(state, &format!("Tagged {}", tags.join(" ")));
        }
        Some(Pending::Editor) => {
            state.notes.editor = None;
            state.notes.choice = None;
            state.cursor.visual = None;
            state.mode = Mode::Normal;
            info(
                state,
                if has_body {
                    "Note saved"
                } else {
                    "Note cleared"
                },
            );
        }
        Some(Pending::Restore) => {
            state.notes.undo.pop();
            info(state, "Note restored");
        }
        None => {}
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
            info(
                state,
                &format!("Orphaned: “{q}” is no longer in this text (kept)"),
            );
        }
        None => info(state, "No notes"),
    }
}

/// The source offset under a screen cell of the article, if it shows text.
pub fn offset_at(state: &AppState, column: u16, row: u16) -> Option<usize> {
    let inner = state.panes()?.article.inner();
    if !inner.contains(column, row) {
        return None;
    }
    let (_, pad) = state.text_columns()?;
    let line = state
        .layout
        .line(state.viewport.top + usize::from(row - inner.y))?;
    let target = usize::from(column.saturating_sub(inner.x + pad));
    let mut x = 0;
    for seg in &line.segments {
        let text = seg.text(&state.doc.source);
        if seg.identity {
            for (i, g) in text.grapheme_indices(true) {
                let w = grapheme_width(g);
                if x + w > target {
                    return Some(seg.src.start + i);
                }
                x += w;
            }
        } else {
            let w: usize = text.graphemes(true).map(grapheme_width).sum();
            if x + w > target {
                return Some(seg.src.start);
            }
            x += w;
        }
    }
    Some(line.src.end)
}

/// A left press on the article: the cursor goes to that sentence and a drag may start there.
pub fn mouse_down(state: &mut AppState, column: u16, row: u16) {
    state.notes.drag = offset_at(state, column, row);
    if let Some(o) = state.notes.drag
        && matches!(state.mode, Mode::Normal | Mode::Visual)
    {
        cancel_selection(state);
        let doc = Arc::clone(&state.doc);
        state.cursor.go_to(&doc.source, o);
    }
}

fn mouse_drag(state: &mut AppState, column: u16, row: u16) {
    if !matches!(state.mode, Mode::Normal | Mode::Visual) {
        return;
    }
    let Some(head) = offset_at(state, column, row) else {
        return;
    };
    let origin = *state.notes.drag.get_or_insert(head);
    // Whole graphemes under the pointer: extend the end past the grapheme it is on.
    let src = &state.doc.source;
    let head = if head >= origin {
        src.get(head..)
            .and_then(|r| r.graphemes(true).next())
            .map_or(head, |g| head + g.len())
    } else {
        head
    };
    state.cursor.visual = Some(Visual {
        anchor: origin..origin,
        head,
    });
    state.mode = Mode::Visual;
    state.focus = Focus::Article;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_found_in_note_bodies() {
        assert_eq!(
            hashtags("Compare with #China's view, see #sanctions. #"),
            ["china's", "sanctions"]
        );
        assert!(hashtags("no tags here").is_empty());
    }

    #[test]
    fn filter_matches_text_and_tags() {
        let a = Annotation {
            id: "1".into(),
            doc: DocRef::default(),
            quote: TextQuote {
                exact: "The Kremlin said".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            position: (0..16).into(),
            tags: vec!["russia".into()],
            body: "Important".into(),
            color: None,
            created: String::new(),
            modified: String::new(),
            original: None,
            placement: crate::core::doc::annotation::Placement::Confirmed,
            similarity: None,
            revision: 0,
        };
        assert!(matches_filter(&a, ""));
        assert!(matches_filter(&a, "kremlin"));
        assert!(matches_filter(&a, "important"));
        assert!(matches_filter(&a, "#rus"));
        assert!(!matches_filter(&a, "#china"));
        assert!(!matches_filter(&a, "beijing"));
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("a\nb", 10), "a b");
        assert_eq!(excerpt("abcdefghij", 4), "abcd…");
    }
}
