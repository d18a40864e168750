//! Everything that can happen to the reader, as data.
//!
//! An [`Action`] is either a user intent (imperative verbs: `ScrollDown`, `NextSection`,
//! `ToggleHelp`), an event from the outside world the shell translated (`Resize`,
//! `MouseScroll`, `Tick`), or the completion of an effect (past tense: `PositionLoaded`). The
//! keymap turns keys into actions; `update` is the only function that consumes them. Keeping
//! them plain data makes every interaction replayable in a unit test.

use crate::core::app::entities::EntityBatch;
use crate::core::app::state::{Focus, SidebarTab};
use crate::core::doc::entities::EntityKind;

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
    Quit,

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
    /// An effect failed; show this to the user.
    EffectFailed(String),

    /// (Re-)run entity recognition in the background.
    RecognizeEntities,
    /// Entity recognition results (a chunk, or all of them when done).
    EntitiesRecognized(EntityBatch),
    /// Turn all entity highlighting on or off.
    ToggleEntityHighlights,
    /// Show a sidebar tab (and focus the sidebar).
    ShowSidebarTab(SidebarTab),
    /// Entities tab: move the selection (the selected entity's mentions are emphasised).
    SelectNextEntity,
    SelectPrevEntity,
    /// Entities tab: jump to the selected entity's first mention.
    JumpToEntity,
    /// Entities tab: open the filter.
    StartEntityFilter,
    /// A character typed into the entity filter.
    EntityFilterInput(char),
    EntityFilterBackspace,
    /// Close the filter, keep it.
    EntityFilterConfirm,
    /// Close the filter and clear it.
    EntityFilterCancel,
    /// Entities tab: hide or show the highlights of the selected row's type.
    ToggleEntityType,
    /// Sections pane: show or hide the most-mentioned entities per section.
    ToggleSectionEntities,
    /// Mark the current search match (or the selected entity) as an entity: opens the type prompt.
    MarkEntity,
    /// Save the phrase being marked as an entity of this type (`None`: not an entity).
    MarkEntityAs(Option<EntityKind>),
    MarkEntityCancel,
    /// Entities tab: the selected entity is not an entity (saved to entities.toml).
    NotAnEntity,
    /// entities.toml was written; the message says what changed.
    UserEntitySaved(String),
    /// Watch or stop watching the entity under the cursor (or selected in the Entities tab).
    ToggleWatch,
    /// The watch-list read from entities.toml (sent before a recognition's batches).
    WatchList(Vec<crate::core::doc::entities::watch::WatchEntry>),
    /// Reading cursor, selection, tags, notes, the Notes tab (see `core::app::notes`).
    Notes(crate::core::app::notes::NotesAction),
    /// The full layout a partial one stood in for, built in the background.
    LayoutReady(LayoutHandle),
    /// All matches of `query`, found in the background (big documents).
    SearchFound {
        query: String,
        matches: Vec<std::ops::Range<usize>>,
    },
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
