//! Everything that can happen to the reader, and everything it asks the shell to do, as data.
//!
//! An [`Action`] is either a user intent (imperative verbs: `ScrollDown`, `NextSection`,
//! `ToggleHelp`), an event from the outside world the shell translated (`Resize`,
//! `MouseScroll`, `Tick`), or the completion of an effect (past tense: `PositionLoaded`). The
//! keymap turns keys into actions; `update` is the only function that consumes them. An
//! [`Effect`] is work `update` asks of the shell (disk, threads, the terminal); its outcome comes
//! back as an action. Keeping both plain data makes every interaction replayable in a unit test.
//! Uses `core::doc` types and the app's state types only.

use crate::core::app::entities::EntitiesAction;
use crate::core::app::state::{Focus, SidebarTab};

/// Which way the mouse wheel turned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wheel {
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Scroll the article down by this many lines.
    ScrollDown(u16),
    /// Scroll the article up by this many lines.
    ScrollUp(u16),
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    NextSection,
    PrevSection,

    /// Open the search prompt.
    StartSearch,
    /// A character typed into the search prompt.
    SearchInput(char),
    SearchBackspace,
    /// Close the prompt, keep the matches and the position.
    SearchConfirm,
    /// Close the prompt, drop the matches, return to where the search started.
    SearchCancel,
    NextMatch,
    PrevMatch,
    /// Forget the search: no more highlighted matches.
    ClearSearch,

    FocusNext,
    FocusPrev,
    Focus(Focus),
    /// Hide the sections pane and the sidebar (the article takes the whole width).
    HideSidePanes,
    /// Show the side panes (as overlays on narrow terminals).
    ShowSidePanes,

    /// Sections pane: move the selection.
    SelectNextSection,
    SelectPrevSection,
    /// Sections pane: jump the article to the selected section.
    JumpToSelected,
    /// Sections pane: fold the selected section (or select its parent when already folded).
    Fold,
    /// Sections pane: unfold the selected section.
    Unfold,

    /// Let the terminal have the mouse (for its own text selection) or take it back.
    ToggleMouse,
    ToggleHelp,
    /// Open or close the message log (every message of this session, in full).
    ToggleMessages,
    Quit,
    /// Leave the article for the library screen (its position saved, as on quit).
    ShowLibrary,

    /// The terminal now has this many columns and rows.
    Resize {
        width: u16,
        height: u16,
    },
    /// The wheel turned over the cell at `column`, `row`.
    MouseScroll {
        column: u16,
        row: u16,
        wheel: Wheel,
    },
    /// A left click on the cell at `column`, `row`.
    MouseClick {
        column: u16,
        row: u16,
    },
    /// The shell has been idle for a while (used to save the reading position lazily).
    Tick,
    /// The saved reading position (a source byte offset) was read from the store.
    PositionLoaded(usize),
    /// The reader opened: say what the shell found, then load what belongs to the document
    /// (position, notes) and start recognising its entities.
    Start(Box<Startup>),
    /// An effect failed; show this to the user.
    EffectFailed(String),

    /// Show a sidebar tab (and focus the sidebar).
    ShowSidebarTab(SidebarTab),
    /// Recognition, the Entities tab, marking entities (see `core::app::entities`).
    Entities(EntitiesAction),
    /// Reading cursor, selection, tags, notes, the Notes tab (see `core::app::notes`).
    Notes(crate::core::app::notes::NotesAction),
    /// The full layout a partial one stood in for, built in the background.
    LayoutReady(LayoutHandle),
    /// Progressive opening of a big document (see `core::app::loading`).
    Loading(crate::core::app::loading::LoadingAction),
    /// All matches of `query`, found in the background (big documents).
    SearchFound {
        query: String,
        matches: Vec<std::ops::Range<usize>>,
    },
}

/// What the shell knows when the reader opens and the core cannot find out itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Startup {
    /// The document's file (canonical, as annotations record it), if it is one.
    pub path: Option<String>,
    /// A problem to show in the status bar right away (a decoding warning, a database that
    /// could not be opened).
    pub error: Option<String>,
}

/// A layout sent back by the shell (compared by identity: layouts are big).
#[derive(Debug, Clone)]
pub struct LayoutHandle(pub std::sync::Arc<crate::core::doc::layout::Layout>);

impl PartialEq for LayoutHandle {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for LayoutHandle {}

/// Work for the shell; its outcome, if any, comes back as an [`Action`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Remember the reading position of a document.
    SavePosition { fingerprint: String, offset: usize },
    /// Capture the mouse (true) or give it back to the terminal.
    SetMouseCapture(bool),
    /// Leave the event loop (after the other effects ran).
    Quit,
    /// Recognise the entities of `doc` in the background; results come back as
    /// `Action::EntitiesRecognized` batches tagged with `generation`.
    RecognizeEntities {
        doc: crate::core::app::entities::DocHandle,
        /// The reader's outline of `doc`, whose entries the last batch summarises.
        outline: crate::core::app::entities::OutlineHandle,
        generation: u64,
    },
    /// Add `phrases` to the user's entities.toml as entities of `kind` (`None`: as "not an
    /// entity"), keeping what is there; answered by `Action::UserEntitySaved`.
    SaveUserEntity {
        phrases: Vec<String>,
        kind: Option<crate::core::doc::entities::EntityKind>,
    },
    /// Watch `entity` in entities.toml, or stop watching it; answered by
    /// `EntitiesAction::UserEntitySaved`.
    ToggleWatch(Box<crate::core::doc::entities::Entity>),
    /// Write an annotation in its own transaction (an empty id means a new one: the shell
    /// gives it an id and stamps its times). Answered by `NotesAction::Saved`.
    SaveAnnotation(Box<crate::core::doc::annotation::Annotation>),
    /// Delete this annotation, a compare-and-swap on its revision: if another window changed
    /// or deleted it since, nothing is deleted. Answered by `NotesAction::Deleted`, or
    /// `NotesAction::Conflict` with what the other window left.
    DeleteAnnotation(Box<crate::core::doc::annotation::Annotation>),
    /// Undo the delete of this annotation (as it was deleted): refused, as a
    /// `NotesAction::Conflict`, when the note was saved or deleted again since. Answered by
    /// `NotesAction::Saved`.
    RestoreAnnotation(Box<crate::core::doc::annotation::Annotation>),
    /// Export the notes to a file. Answered by `NotesAction::Exported`.
    ExportNotes(Box<crate::core::app::notes::ExportRequest>),
    /// Build the whole layout of `doc` at `width` off the event loop (a partial one is shown
    /// meanwhile); answered by `Action::LayoutReady`.
    LayoutInBackground {
        doc: crate::core::app::entities::DocHandle,
        width: u16,
    },
    /// Find all matches of `query` in `doc` off the event loop (documents over
    /// [`crate::core::app::search::BACKGROUND_SEARCH_BYTES`]); answered by `Action::SearchFound`. A newer search makes
    /// an older one stop.
    Search {
        doc: crate::core::app::entities::DocHandle,
        query: String,
    },
    /// Read the saved reading position for `fingerprint`; answered by `Action::PositionLoaded`
    /// (nothing when there is none, or no database).
    LoadPosition { fingerprint: String },
    /// Read the annotations of `doc` (whose text is `text`) and re-anchor them; answered by
    /// `NotesAction::Loaded` (nothing without a database).
    LoadNotes {
        doc: crate::core::doc::annotation::DocRef,
        text: crate::core::app::entities::DocHandle,
    },
    /// Parse and lay out the whole of a big document off the event loop (its first part is
    /// shown meanwhile); answered by `LoadingAction::Progress` and `LoadingAction::Loaded`.
    LoadDocument {
        text: crate::core::app::loading::TextHandle,
        format: crate::core::doc::document::Format,
        width: u16,
    },
    /// Free results that were replaced, off the event loop.
    Discard(Box<crate::core::app::entities::Replaced>),
}

/// What applying one action asks for next: effects for the shell, and follow-up actions that
/// `update` applies after it, in order. Features return these instead of calling `update`
/// themselves (the Elm architecture's `Cmd Msg`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub then: Vec<Action>,
}

impl From<Vec<Effect>> for Outcome {
    fn from(effects: Vec<Effect>) -> Self {
        Self {
            effects,
            then: Vec::new(),
        }
    }
}
