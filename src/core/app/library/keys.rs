//! The library screen's key table: which key does what in which of its modes, with the
//! one-line description the help shows. Data only; `super::update` acts on the actions.

#![allow(clippy::wildcard_imports)] // the parent's types, shared on purpose
use super::*;

/// Which key table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryKeys {
    List,
    Results,
    /// Text prompts: these keys, and every other typed character is input.
    Prompt,
    Confirm,
    Help,
    Notes,
    /// The Entities view ([`super::entities`]).
    Entities,
}

/// The default keys: `(table, key, action, description)`; the help overlay lists them.
pub const BINDINGS: &[(LibraryKeys, KeySpec, LibraryAction, &str)] = &[
    (
        LibraryKeys::List,
        KeySpec::Char('j'),
        LibraryAction::Down,
        "Next article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Code(KeyCode::Down),
        LibraryAction::Down,
        "Next article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('k'),
        LibraryAction::Up,
        "Previous article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Code(KeyCode::Up),
        LibraryAction::Up,
        "Previous article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Code(KeyCode::PageDown),
        LibraryAction::PageDown,
        "Page down",
    ),
    (
        LibraryKeys::List,
        KeySpec::Code(KeyCode::PageUp),
        LibraryAction::PageUp,
        "Page up",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('g'),
        LibraryAction::Top,
        "First article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('G'),
        LibraryAction::Bottom,
        "Last article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Code(KeyCode::Enter),
        LibraryAction::Open,
        "Open at the saved position",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('/'),
        LibraryAction::StartFilter,
        "Filter: title, outlet, author, #tag",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('s'),
        LibraryAction::StartSearch,
        "Search the text and notes of every article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('d'),
        LibraryAction::Remove,
        "Remove (archive when it has notes)",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('r'),
        LibraryAction::Restore,
        "Restore an archived article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('n'),
        LibraryAction::ShowNotes,
        "Notes of the whole library",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('E'),
        LibraryAction::ShowEntities,
        "Entities of the whole library",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('1'),
        LibraryAction::SortBy(SortKey::Title),
        "Sort by title (again: reverse)",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('2'),
        LibraryAction::SortBy(SortKey::Outlet),
        "Sort by outlet",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('3'),
        LibraryAction::SortBy(SortKey::Date),
        "Sort by date",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('4'),
        LibraryAction::SortBy(SortKey::Progress),
        "Sort by progress",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('5'),
        LibraryAction::SortBy(SortKey::Notes),
        "Sort by notes",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('6'),
        LibraryAction::SortBy(SortKey::Tags),
        "Sort by tags",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('7'),
        LibraryAction::SortBy(SortKey::Opened),
        "Sort by last opened",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('8'),
        LibraryAction::SortBy(SortKey::Watched),
        "Sort by mentions of watched entities",
    ),
    (
        LibraryKeys::List,
        KeySpec::Code(KeyCode::Esc),
        LibraryAction::Back,
        "Clear the filter, else back to the article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('L'),
        LibraryAction::Back,
        "Back to the article",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('?'),
        LibraryAction::ToggleHelp,
        "Help",
    ),
    (
        LibraryKeys::List,
        KeySpec::Char('q'),
        LibraryAction::Quit,
        "Quit",
    ),
    (
        LibraryKeys::List,
        KeySpec::Ctrl('c'),
        LibraryAction::Quit,
        "Quit",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Char('j'),
        LibraryAction::Down,
        "Next result",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Code(KeyCode::Down),
        LibraryAction::Down,
        "Next result",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Char('k'),
        LibraryAction::Up,
        "Previous result",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Code(KeyCode::Up),
        LibraryAction::Up,
        "Previous result",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Code(KeyCode::Enter),
        LibraryAction::Open,
        "Open at the match",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Char('s'),
        LibraryAction::StartSearch,
        "Search again",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Code(KeyCode::Esc),
        LibraryAction::Cancel,
        "Back to the list",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Char('q'),
        LibraryAction::Cancel,
        "Back to the list",
    ),
    (
        LibraryKeys::Results,
        KeySpec::Ctrl('c'),
        LibraryAction::Quit,
        "Quit",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Char('j'),
        LibraryAction::Down,
        "Next passage",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::Down),
        LibraryAction::Down,
        "Next passage",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Char('k'),
        LibraryAction::Up,
        "Previous passage",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::Up),
        LibraryAction::Up,
        "Previous passage",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::PageDown),
        LibraryAction::PageDown,
        "Page down",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::PageUp),
        LibraryAction::PageUp,
        "Page up",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::Home),
        LibraryAction::Top,
        "First passage",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::End),
        LibraryAction::Bottom,
        "Last passage",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::Enter),
        LibraryAction::Open,
        "Open the article at the passage",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Char('/'),
        LibraryAction::StartFilter,
        "Filter by text or #tag",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Char('g'),
        LibraryAction::ToggleGroup,
        "Group by article / by tag",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Char('n'),
        LibraryAction::ShowNotes,
        "Back to the articles",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Code(KeyCode::Esc),
        LibraryAction::Cancel,
        "Clear the filter, else back to the articles",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Char('q'),
        LibraryAction::Quit,
        "Quit",
    ),
    (
        LibraryKeys::Notes,
        KeySpec::Ctrl('c'),
        LibraryAction::Quit,
        "Quit",
    ),
    (
        LibraryKeys::Prompt,
        KeySpec::Code(KeyCode::Enter),
        LibraryAction::Confirm,
        "Keep the filter / search",
    ),
    (
        LibraryKeys::Prompt,
        KeySpec::Code(KeyCode::Esc),
        LibraryAction::Cancel,
        "Cancel",
    ),
    (
        LibraryKeys::Prompt,
        KeySpec::Code(KeyCode::Backspace),
        LibraryAction::Backspace,
        "Delete a character",
    ),
    (
        LibraryKeys::Prompt,
        KeySpec::Code(KeyCode::Down),
        LibraryAction::Down,
        "Next article",
    ),
    (
        LibraryKeys::Prompt,
        KeySpec::Code(KeyCode::Up),
        LibraryAction::Up,
        "Previous article",
    ),
    (
        LibraryKeys::Prompt,
        KeySpec::Ctrl('c'),
        LibraryAction::Quit,
        "Quit",
    ),
    (
        LibraryKeys::Confirm,
        KeySpec::Char('y'),
        LibraryAction::Yes,
        "Yes",
    ),
    (
        LibraryKeys::Confirm,
        KeySpec::Char('n'),
        LibraryAction::No,
        "No",
    ),
    (
        LibraryKeys::Confirm,
        KeySpec::Code(KeyCode::Esc),
        LibraryAction::No,
        "No",
    ),
    (
        LibraryKeys::Help,
        KeySpec::Char('?'),
        LibraryAction::ToggleHelp,
        "Close help",
    ),
    (
        LibraryKeys::Help,
        KeySpec::Code(KeyCode::Esc),
        LibraryAction::ToggleHelp,
        "Close help",
    ),
    (
        LibraryKeys::Help,
        KeySpec::Char('q'),
        LibraryAction::ToggleHelp,
        "Close help",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('j'),
        LibraryAction::Down,
        "Next entity / article",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Code(KeyCode::Down),
        LibraryAction::Down,
        "Next entity / article",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('k'),
        LibraryAction::Up,
        "Previous entity / article",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Code(KeyCode::Up),
        LibraryAction::Up,
        "Previous entity / article",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Code(KeyCode::PageDown),
        LibraryAction::PageDown,
        "Page down",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Code(KeyCode::PageUp),
        LibraryAction::PageUp,
        "Page up",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('g'),
        LibraryAction::Top,
        "First entity",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('G'),
        LibraryAction::Bottom,
        "Last entity",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Code(KeyCode::Enter),
        LibraryAction::Open,
        "List its articles; on an article: open it at the first mention",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('/'),
        LibraryAction::StartFilter,
        "Filter by name",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('t'),
        LibraryAction::CycleEntityType,
        "Only the next type (after the last: all)",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('E'),
        LibraryAction::ShowEntities,
        "Back to the articles",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Code(KeyCode::Esc),
        LibraryAction::Cancel,
        "Back: from the articles to the entities, then to the library",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('?'),
        LibraryAction::ToggleHelp,
        "Keys",
    ),
    (
        LibraryKeys::Entities,
        KeySpec::Char('q'),
        LibraryAction::Quit,
        "Quit",
    ),
];

/// A key in [`BINDINGS`] (const-constructible).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

impl KeySpec {
    pub fn key(self) -> Key {
        match self {
            KeySpec::Char(c) => Key::char(c),
            KeySpec::Ctrl(c) => Key::ctrl(c),
            KeySpec::Code(code) => Key::plain(code),
        }
    }
}
