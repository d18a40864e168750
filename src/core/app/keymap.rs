//! Keys are data: the default key bindings, one table per mode, and the user's overrides.
//!
//! Every bindable action is a named [`Command`] with a one-line description ([`COMMANDS`]);
//! the default bindings ([`DEFAULT_BINDINGS`]) are `(mode, key, command)` rows. The help
//! overlay, the status-bar hint, the README's key table and the config file's `[keys]` table
//! are all views of these two tables, so they cannot drift apart. There is no `if key == …`
//! chain anywhere: the shell asks [`Keymap::resolve`] which action a key means in the current
//! modes and hands that action to `update`.
//!
//! Modes are consulted in order (see `AppState::key_modes`): with the sections pane focused,
//! its table is tried before the normal one, so `j` moves the selection there but scrolls the
//! article elsewhere. In the search prompt any typed character becomes `SearchInput`.

use std::collections::BTreeMap;

use crate::core::app::entities::EntitiesAction;
use crate::core::app::key::{Key, KeyParseError};
use crate::core::app::messages::Action;
use crate::core::app::state::{Focus, SidebarTab};
use crate::core::doc::entities::EntityKind;

/// A key table. Later parts add their own (entities filter, selection, note editor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyMode {
    /// Everywhere unless a more specific table binds the key.
    Normal,
    /// The sections pane has focus.
    Sections,
    /// The sidebar has focus (its tabs add their keys here in later parts).
    Sidebar,
    /// The search prompt is open.
    Search,
    /// The help overlay is open.
    Help,
    /// The sidebar shows the Entities tab and has focus.
    Entities,
    /// Typing into the entity filter.
    EntityFilter,
    /// The mark-as-entity prompt is open.
    MarkEntity,
    /// A selection is being made (`v`); the normal table applies below it.
    Visual,
    /// The sidebar's Notes tab has focus.
    Notes,
    /// A notes prompt (tags, filter): typed characters are input.
    Prompt,
    /// The note editor: typed characters are input.
    Editor,
    /// A one-key question: typed characters are the answer.
    Choice,
    /// The message log is open.
    Messages,
}

impl KeyMode {
    pub const ALL: [KeyMode; 14] = [
        KeyMode::Normal,
        KeyMode::Sections,
        KeyMode::Sidebar,
        KeyMode::Entities,
        KeyMode::EntityFilter,
        KeyMode::MarkEntity,
        KeyMode::Search,
        KeyMode::Help,
        KeyMode::Visual,
        KeyMode::Notes,
        KeyMode::Prompt,
        KeyMode::Editor,
        KeyMode::Choice,
        KeyMode::Messages,
    ];

    /// The name used in the config file (`[keys.sections]`) and as the help heading.
    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Normal => "normal",
            KeyMode::Sections => "sections",
            KeyMode::Sidebar => "sidebar",
            KeyMode::Search => "search",
            KeyMode::Help => "help",
            KeyMode::Entities => "entities",
            KeyMode::EntityFilter => "entity_filter",
            KeyMode::MarkEntity => "mark_entity",
            KeyMode::Visual => "visual",
            KeyMode::Notes => "notes",
            KeyMode::Prompt => "prompt",
            KeyMode::Editor => "editor",
            KeyMode::Choice => "choice",
            KeyMode::Messages => "messages",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            KeyMode::Normal => "Reading",
            KeyMode::Sections => "Sections pane",
            KeyMode::Sidebar => "Sidebar",
            KeyMode::Search => "Search prompt",
            KeyMode::Help => "Help",
            KeyMode::Entities => "Entities tab",
            KeyMode::EntityFilter => "Entity filter",
            KeyMode::MarkEntity => "Mark as entity",
            KeyMode::Visual => "Selection",
            KeyMode::Notes => "Notes tab",
            KeyMode::Prompt => "Tag / filter prompt",
            KeyMode::Editor => "Note editor",
            KeyMode::Choice => "Questions",
            KeyMode::Messages => "Message log",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// A bindable action with its config name and its description.
#[derive(Debug, PartialEq, Eq)]
pub struct Command {
    pub name: &'static str,
    pub action: Action,
    pub description: &'static str,
}

const fn cmd(name: &'static str, action: Action, description: &'static str) -> Command {
    Command {
        name,
        action,
        description,
    }
}

/// Every action a key can be bound to, in the order the help overlay lists them.
pub static COMMANDS: &[Command] = &[
    cmd("scroll_down", Action::ScrollDown(1), "Scroll down one line"),
    cmd("scroll_up", Action::ScrollUp(1), "Scroll up one line"),
    cmd("page_down", Action::PageDown, "Scroll down one page"),
    cmd("page_up", Action::PageUp, "Scroll up one page"),
    cmd(
        "half_page_down",
        Action::HalfPageDown,
        "Scroll down half a page",
    ),
    cmd("half_page_up", Action::HalfPageUp, "Scroll up half a page"),
    cmd("top", Action::Top, "Go to the beginning"),
    cmd("bottom", Action::Bottom, "Go to the end"),
    cmd("next_section", Action::NextSection, "Next section"),
    cmd("prev_section", Action::PrevSection, "Previous section"),
    cmd("search", Action::StartSearch, "Search (smart-case)"),
    cmd("next_match", Action::NextMatch, "Next search match"),
    cmd("prev_match", Action::PrevMatch, "Previous search match"),
    cmd(
        "clear_search",
        Action::ClearSearch,
        "Clear the search highlights",
    ),
    cmd("focus_next", Action::FocusNext, "Focus the next pane"),
    cmd("focus_prev", Action::FocusPrev, "Focus the previous pane"),
    cmd(
        "focus_sections",
        Action::Focus(Focus::Sections),
        "Focus the sections pane",
    ),
    cmd(
        "focus_article",
        Action::Focus(Focus::Article),
        "Focus the article",
    ),
    cmd(
        "focus_sidebar",
        Action::Focus(Focus::Sidebar),
        "Focus the sidebar",
    ),
    cmd(
        "hide_side_panes",
        Action::HideSidePanes,
        "Hide the side panes",
    ),
    cmd(
        "show_side_panes",
        Action::ShowSidePanes,
        "Show the side panes",
    ),
    cmd(
        "toggle_mouse",
        Action::ToggleMouse,
        "Mouse capture on/off (off: select text)",
    ),
    cmd("help", Action::ToggleHelp, "Show or hide this help"),
    cmd(
        "messages",
        Action::ToggleMessages,
        "Show or hide the messages, in full",
    ),
    cmd("quit", Action::Quit, "Quit"),
    cmd(
        "library",
        Action::ShowLibrary,
        "The library (every article)",
    ),
    cmd(
        "select_next_section",
        Action::SelectNextSection,
        "Select the next section",
    ),
    cmd(
        "select_prev_section",
        Action::SelectPrevSection,
        "Select the previous section",
    ),
    cmd(
        "jump_to_section",
        Action::JumpToSelected,
        "Jump to the selected section",
    ),
    cmd("fold", Action::Fold, "Fold (on a leaf: go to the parent)"),
    cmd("unfold", Action::Unfold, "Unfold the section"),
    cmd(
        "search_confirm",
        Action::SearchConfirm,
        "Keep the matches and close the prompt",
    ),
    cmd("search_cancel", Action::SearchCancel, "Cancel and go back"),
    cmd(
        "search_backspace",
        Action::SearchBackspace,
        "Delete the last character",
    ),
    cmd(
        "toggle_entities",
        Action::Entities(EntitiesAction::ToggleHighlights),
        "Entity highlighting on/off",
    ),
    cmd(
        "show_entities",
        Action::ShowSidebarTab(SidebarTab::Entities),
        "Show the Entities tab",
    ),
    cmd(
        "show_info",
        Action::ShowSidebarTab(SidebarTab::Info),
        "Show the Info tab",
    ),
    cmd(
        "mark_entity",
        Action::Entities(EntitiesAction::Mark),
        "Mark the match as an entity…",
    ),
    cmd(
        "toggle_section_entities",
        Action::Entities(EntitiesAction::ToggleInSections),
        "Show/hide top entities per section",
    ),
    cmd(
        "select_next_entity",
        Action::Entities(EntitiesAction::SelectNext),
        "Select the next entity",
    ),
    cmd(
        "select_prev_entity",
        Action::Entities(EntitiesAction::SelectPrev),
        "Select the previous entity",
    ),
    cmd(
        "jump_to_entity",
        Action::Entities(EntitiesAction::Jump),
        "First mention (n/N: the next ones)",
    ),
    cmd(
        "filter_entities",
        Action::Entities(EntitiesAction::StartFilter),
        "Filter the entities by name",
    ),
    cmd(
        "toggle_entity_type",
        Action::Entities(EntitiesAction::ToggleType),
        "Hide/show this type's highlights",
    ),
    cmd(
        "toggle_watch",
        Action::Entities(EntitiesAction::ToggleWatch),
        "Watch the entity (again: stop)",
    ),
    cmd(
        "not_an_entity",
        Action::Entities(EntitiesAction::NotAnEntity),
        "Mark it as not an entity",
    ),
    cmd(
        "filter_confirm",
        Action::Entities(EntitiesAction::FilterConfirm),
        "Keep the filter and close it",
    ),
    cmd(
        "filter_cancel",
        Action::Entities(EntitiesAction::FilterCancel),
        "Clear the filter",
    ),
    cmd(
        "filter_backspace",
        Action::Entities(EntitiesAction::FilterBackspace),
        "Delete the last character",
    ),
    cmd(
        "mark_person",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Person))),
        "PERSON",
    ),
    cmd(
        "mark_org",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Org))),
        "ORG (organisation)",
    ),
    cmd(
        "mark_gpe",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Gpe))),
        "GPE (country, city)",
    ),
    cmd(
        "mark_loc",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Loc))),
        "LOC (place)",
    ),
    cmd(
        "mark_norp",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Norp))),
        "NORP (nationality, group)",
    ),
    cmd(
        "mark_date",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Date))),
        "DATE",
    ),
    cmd(
        "mark_money",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Money))),
        "MONEY",
    ),
    cmd(
        "mark_percent",
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Percent))),
        "PERCENT",
    ),
    cmd(
        "mark_not_entity",
        Action::Entities(EntitiesAction::MarkAs(None)),
        "Not an entity",
    ),
    cmd(
        "mark_cancel",
        Action::Entities(EntitiesAction::MarkCancel),
        "Cancel",
    ),
    cmd("next_sentence", notes(N::NextSentence), "Next sentence"),
    cmd("prev_sentence", notes(N::PrevSentence), "Previous sentence"),
    cmd("next_paragraph", notes(N::NextParagraph), "Next paragraph"),
    cmd(
        "prev_paragraph",
        notes(N::PrevParagraph),
        "Previous paragraph",
    ),
    cmd(
        "select",
        notes(N::ToggleSelection),
        "Select from the current sentence (again: cancel)",
    ),
    cmd("tag", notes(N::Tag), "Tag the selection or sentence"),
    cmd(
        "annotate",
        notes(N::Annotate),
        "Write a note on the selection or sentence",
    ),
    cmd("export_notes", notes(N::Export), "Export the notes"),
    cmd(
        "show_notes",
        notes(N::ShowNotes),
        "Show the Notes tab (again: the Info tab)",
    ),
    cmd(
        "extend_word",
        notes(N::NextWord),
        "Extend the selection a word",
    ),
    cmd(
        "shrink_word",
        notes(N::PrevWord),
        "Move the selection's end a word back",
    ),
    cmd("cancel", notes(N::Cancel), "Cancel"),
    cmd("next_note", notes(N::ListNext), "Next note"),
    cmd("prev_note", notes(N::ListPrev), "Previous note"),
    cmd(
        "jump_to_note",
        notes(N::ListJump),
        "Jump to the note's passage",
    ),
    cmd("edit_note", notes(N::ListEdit), "Edit the note"),
    cmd("delete_note", notes(N::ListDelete), "Delete the note"),
    cmd("undo_delete", notes(N::Undo), "Undo the last delete"),
    cmd(
        "confirm_note",
        notes(N::ListConfirm),
        "Confirm a moved or fuzzy note's passage",
    ),
    cmd(
        "reattach_note",
        notes(N::ListReattach),
        "Re-attach an orphan: select its passage, then t",
    ),
    cmd(
        "filter_notes",
        notes(N::ListFilter),
        "Filter by text or #tag",
    ),
    cmd("confirm", notes(N::Confirm), "Confirm"),
    cmd("complete_tag", notes(N::Complete), "Complete the tag"),
    cmd("backspace", notes(N::Backspace), "Delete before the cursor"),
    cmd("delete", notes(N::Delete), "Delete under the cursor"),
    cmd("newline", notes(N::Newline), "New line"),
    cmd("left", notes(N::Left), "Cursor left"),
    cmd("right", notes(N::Right), "Cursor right"),
    cmd("up", notes(N::Up), "Cursor up"),
    cmd("down", notes(N::Down), "Cursor down"),
    cmd("line_start", notes(N::Home), "Start of the line"),
    cmd("line_end", notes(N::End), "End of the line"),
    cmd("save_note", notes(N::Save), "Save the note"),
];

use crate::core::app::notes::NotesAction as N;

const fn notes(a: N) -> Action {
    Action::Notes(a)
}

/// The default bindings: `(mode, key, command name)`.
pub const DEFAULT_BINDINGS: &[(KeyMode, &str, &str)] = &[
    (KeyMode::Normal, "j", "scroll_down"),
    (KeyMode::Normal, "down", "scroll_down"),
    (KeyMode::Normal, "k", "scroll_up"),
    (KeyMode::Normal, "up", "scroll_up"),
    (KeyMode::Normal, "space", "page_down"),
    (KeyMode::Normal, "pagedown", "page_down"),
    (KeyMode::Normal, "ctrl-f", "page_down"),
    (KeyMode::Normal, "b", "page_up"),
    (KeyMode::Normal, "pageup", "page_up"),
    (KeyMode::Normal, "ctrl-b", "page_up"),
    (KeyMode::Normal, "ctrl-d", "half_page_down"),
    (KeyMode::Normal, "ctrl-u", "half_page_up"),
    (KeyMode::Normal, "g", "top"),
    (KeyMode::Normal, "home", "top"),
    (KeyMode::Normal, "G", "bottom"),
    (KeyMode::Normal, "end", "bottom"),
    (KeyMode::Normal, "]", "next_section"),
    (KeyMode::Normal, "[", "prev_section"),
    (KeyMode::Normal, "/", "search"),
    (KeyMode::Normal, "n", "next_match"),
    (KeyMode::Normal, "N", "prev_match"),
    (KeyMode::Normal, "esc", "clear_search"),
    (KeyMode::Normal, "tab", "focus_next"),
    (KeyMode::Normal, "S-tab", "focus_prev"),
    (KeyMode::Normal, "1", "focus_sections"),
    (KeyMode::Normal, "2", "focus_article"),
    (KeyMode::Normal, "3", "focus_sidebar"),
    (KeyMode::Normal, "<", "hide_side_panes"),
    (KeyMode::Normal, ">", "show_side_panes"),
    (KeyMode::Normal, "m", "toggle_mouse"),
    (KeyMode::Normal, "?", "help"),
    (KeyMode::Normal, "q", "quit"),
    (KeyMode::Normal, "ctrl-c", "quit"),
    (KeyMode::Normal, "L", "library"),
    (KeyMode::Normal, "H", "messages"),
    (KeyMode::Normal, "e", "toggle_entities"),
    (KeyMode::Normal, "E", "show_entities"),
    (KeyMode::Normal, "I", "show_info"),
    (KeyMode::Normal, "M", "mark_entity"),
    (KeyMode::Normal, "W", "toggle_watch"),
    (KeyMode::Sections, "j", "select_next_section"),
    (KeyMode::Sections, "down", "select_next_section"),
    (KeyMode::Sections, "k", "select_prev_section"),
    (KeyMode::Sections, "up", "select_prev_section"),
    (KeyMode::Sections, "enter", "jump_to_section"),
    (KeyMode::Sections, "h", "fold"),
    (KeyMode::Sections, "left", "fold"),
    (KeyMode::Sections, "l", "unfold"),
    (KeyMode::Sections, "right", "unfold"),
    (KeyMode::Sections, "esc", "focus_article"),
    (KeyMode::Sections, "i", "toggle_section_entities"),
    (KeyMode::Sidebar, "esc", "focus_article"),
    (KeyMode::Entities, "j", "select_next_entity"),
    (KeyMode::Entities, "down", "select_next_entity"),
    (KeyMode::Entities, "k", "select_prev_entity"),
    (KeyMode::Entities, "up", "select_prev_entity"),
    (KeyMode::Entities, "enter", "jump_to_entity"),
    (KeyMode::Entities, "/", "filter_entities"),
    (KeyMode::Entities, "space", "toggle_entity_type"),
    (KeyMode::Entities, "x", "not_an_entity"),
    (KeyMode::Entities, "W", "toggle_watch"),
    (KeyMode::EntityFilter, "enter", "filter_confirm"),
    (KeyMode::EntityFilter, "esc", "filter_cancel"),
    (KeyMode::EntityFilter, "backspace", "filter_backspace"),
    (KeyMode::MarkEntity, "p", "mark_person"),
    (KeyMode::MarkEntity, "o", "mark_org"),
    (KeyMode::MarkEntity, "g", "mark_gpe"),
    (KeyMode::MarkEntity, "l", "mark_loc"),
    (KeyMode::MarkEntity, "n", "mark_norp"),
    (KeyMode::MarkEntity, "d", "mark_date"),
    (KeyMode::MarkEntity, "$", "mark_money"),
    (KeyMode::MarkEntity, "%", "mark_percent"),
    (KeyMode::MarkEntity, "x", "mark_not_entity"),
    (KeyMode::MarkEntity, "esc", "mark_cancel"),
    (KeyMode::MarkEntity, "ctrl-c", "mark_cancel"),
    (KeyMode::Search, "enter", "search_confirm"),
    (KeyMode::Search, "esc", "search_cancel"),
    (KeyMode::Search, "ctrl-c", "search_cancel"),
    (KeyMode::Search, "backspace", "search_backspace"),
    (KeyMode::Help, "j", "scroll_down"),
    (KeyMode::Help, "down", "scroll_down"),
    (KeyMode::Help, "k", "scroll_up"),
    (KeyMode::Help, "up", "scroll_up"),
    (KeyMode::Help, "space", "page_down"),
    (KeyMode::Help, "pagedown", "page_down"),
    (KeyMode::Help, "b", "page_up"),
    (KeyMode::Help, "pageup", "page_up"),
    (KeyMode::Help, "g", "top"),
    (KeyMode::Help, "G", "bottom"),
    (KeyMode::Help, "?", "help"),
    (KeyMode::Help, "esc", "help"),
    (KeyMode::Help, "q", "help"),
    (KeyMode::Messages, "j", "scroll_down"),
    (KeyMode::Messages, "down", "scroll_down"),
    (KeyMode::Messages, "k", "scroll_up"),
    (KeyMode::Messages, "up", "scroll_up"),
    (KeyMode::Messages, "space", "page_down"),
    (KeyMode::Messages, "pagedown", "page_down"),
    (KeyMode::Messages, "b", "page_up"),
    (KeyMode::Messages, "pageup", "page_up"),
    (KeyMode::Messages, "g", "top"),
    (KeyMode::Messages, "G", "bottom"),
    (KeyMode::Messages, "H", "messages"),
    (KeyMode::Messages, "esc", "messages"),
    (KeyMode::Messages, "q", "messages"),
    (KeyMode::Normal, ")", "next_sentence"),
    (KeyMode::Normal, "(", "prev_sentence"),
    (KeyMode::Normal, "}", "next_paragraph"),
    (KeyMode::Normal, "{", "prev_paragraph"),
    (KeyMode::Normal, "v", "select"),
    (KeyMode::Normal, "t", "tag"),
    (KeyMode::Normal, "a", "annotate"),
    (KeyMode::Normal, "x", "export_notes"),
    (KeyMode::Normal, "A", "show_notes"),
    (KeyMode::Visual, "w", "extend_word"),
    (KeyMode::Visual, "b", "shrink_word"),
    (KeyMode::Visual, "esc", "cancel"),
    (KeyMode::Notes, "j", "next_note"),
    (KeyMode::Notes, "down", "next_note"),
    (KeyMode::Notes, "k", "prev_note"),
    (KeyMode::Notes, "up", "prev_note"),
    (KeyMode::Notes, "enter", "jump_to_note"),
    (KeyMode::Notes, "e", "edit_note"),
    (KeyMode::Notes, "d", "delete_note"),
    (KeyMode::Notes, "u", "undo_delete"),
    (KeyMode::Notes, "c", "confirm_note"),
    (KeyMode::Notes, "r", "reattach_note"),
    (KeyMode::Notes, "/", "filter_notes"),
    (KeyMode::Prompt, "enter", "confirm"),
    (KeyMode::Prompt, "tab", "complete_tag"),
    (KeyMode::Prompt, "backspace", "backspace"),
    (KeyMode::Prompt, "esc", "cancel"),
    (KeyMode::Prompt, "ctrl-c", "cancel"),
    (KeyMode::Editor, "ctrl-s", "save_note"),
    (KeyMode::Editor, "esc", "cancel"),
    (KeyMode::Editor, "enter", "newline"),
    (KeyMode::Editor, "backspace", "backspace"),
    (KeyMode::Editor, "delete", "delete"),
    (KeyMode::Editor, "left", "left"),
    (KeyMode::Editor, "right", "right"),
    (KeyMode::Editor, "up", "up"),
    (KeyMode::Editor, "down", "down"),
    (KeyMode::Editor, "home", "line_start"),
    (KeyMode::Editor, "end", "line_end"),
    (KeyMode::Choice, "esc", "cancel"),
    (KeyMode::Choice, "ctrl-c", "cancel"),
];

/// The command called `name`.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Why a binding could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// The key string did not parse.
    #[error(transparent)]
    Key(#[from] KeyParseError),
    /// No command has this name.
    #[error("unknown action `{0}`")]
    UnknownCommand(String),
    /// No key table has this name.
    #[error(
        "unknown key table `{0}` (expected normal, sections, sidebar, entities, entity_filter, mark_entity, search, help, visual, notes, prompt, editor, choice or messages)"
    )]
    UnknownMode(String),
}

/// One key bound to one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub key: Key,
    pub command: &'static Command,
}

/// All key tables (defaults plus overrides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: BTreeMap<KeyMode, Vec<Binding>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut map = Self {
            tables: BTreeMap::new(),
        };
        for &(mode, key, name) in DEFAULT_BINDINGS {
            // The table is a constant checked by the tests below; a bad row is skipped, not fatal.
            if let (Ok(key), Some(command)) = (key.parse(), command(name)) {
                map.tables
                    .entry(mode)
                    .or_default()
                    .push(Binding { key, command });
            }
        }
        map
    }
}

impl Keymap {
    /// Binds `key` to the command `name` in `mode`, replacing what the key did there.
    /// The name `none` unbinds the key.
    pub fn bind(&mut self, mode: KeyMode, key: &str, name: &str) -> Result<(), KeymapError> {
        let key: Key = key.parse()?;
        let table = self.tables.entry(mode).or_default();
        if name == "none" {
            table.retain(|b| b.key != key);
            return Ok(());
        }
        let command = command(name).ok_or_else(|| KeymapError::UnknownCommand(name.to_owned()))?;
        if let Some(b) = table.iter_mut().find(|b| b.key == key) {
            b.command = command;
        } else {
            table.push(Binding { key, command });
        }
        Ok(())
    }

    /// The bindings of one mode, in table order.
    pub fn bindings(&self, mode: KeyMode) -> &[Binding] {
        self.tables.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The command `key` runs in `mode` alone.
    pub fn lookup(&self, mode: KeyMode, key: Key) -> Option<&'static Command> {
        self.bindings(mode)
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.command)
    }

    /// The action `key` means when `modes` are active (most specific first).
    pub fn resolve(&self, modes: &[KeyMode], key: Key) -> Option<Action> {
        for &mode in modes {
            if let Some(c) = self.lookup(mode, key) {
                return Some(c.action.clone());
            }
            if mode == KeyMode::Search {
                // The prompt swallows every other key: typed characters are input.
                return key.typed_char().map(Action::SearchInput);
            }
            if mode == KeyMode::EntityFilter {
                return key
                    .typed_char()
                    .map(|c| Action::Entities(EntitiesAction::FilterInput(c)));
            }
            if matches!(mode, KeyMode::Prompt | KeyMode::Editor) {
                return key.typed_char().map(|c| notes(N::Input(c)));
            }
            if mode == KeyMode::Choice {
                return key.typed_char().map(|c| notes(N::Choose(c)));
            }
            if matches!(
                mode,
                KeyMode::Help | KeyMode::Messages | KeyMode::MarkEntity
            ) {
                return None;
            }
        }
        None
    }

    /// The keys bound to command `name` in `mode`.
    pub fn keys_for(&self, mode: KeyMode, name: &str) -> Vec<Key> {
        self.bindings(mode)
            .iter()
            .filter(|b| b.command.name == name)
            .map(|b| b.key)
            .collect()
    }

    /// The help overlay's content: per mode, one row per command with all its keys.
    pub fn help(&self) -> Vec<HelpSection> {
        KeyMode::ALL
            .into_iter()
            .filter_map(|mode| {
                let bindings = self.bindings(mode);
                let mut rows: Vec<HelpRow> = Vec::new();
                for c in COMMANDS {
                    let keys: Vec<String> = bindings
                        .iter()
                        .filter(|b| b.command.name == c.name)
                        .map(|b| b.key.to_string())
                        .collect();
                    if !keys.is_empty() {
                        rows.push(HelpRow {
                            keys: keys.join(" "),
                            description: c.description,
                            name: c.name,
                        });
                    }
                }
                (!rows.is_empty()).then_some(HelpSection { mode, rows })
            })
            .collect()
    }
}

impl Keymap {
    /// The key tables as Markdown (the README's key reference is generated by this).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for section in self.help() {
            out.push_str("**");
            out.push_str(section.mode.title());
            out.push_str("**\n\n| Keys | Action | Config name |\n| --- | --- | --- |\n");
            for row in section.rows {
                let keys: Vec<String> = row
                    .keys
                    .split(' ')
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect();
                out.push_str("| ");
                out.push_str(&keys.join(" "));
                out.push_str(" | ");
                out.push_str(row.description);
                out.push_str(" | `");
                out.push_str(row.name);
                out.push_str("` |\n");
            }
            out.push('\n');
        }
        out
    }
}

/// One block of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub mode: KeyMode,
    pub rows: Vec<HelpRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    /// The keys, space-separated (`j ↓`).
    pub keys: String,
    pub description: &'static str,
    /// The command's config name.
    pub name: &'static str,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::core::app::key::KeyCode;

    #[test]
    fn every_default_row_parses() {
        for &(mode, key, name) in DEFAULT_BINDINGS {
            assert!(key.parse::<Key>().is_ok(), "{mode:?} {key}");
            assert!(command(name).is_some(), "{mode:?} {name}");
        }
        assert_eq!(
            Keymap::default()
                .tables
                .values()
                .map(Vec::len)
                .sum::<usize>(),
            DEFAULT_BINDINGS.len()
        );
    }

    #[test]
    fn every_command_is_bound_by_default() {
        let map = Keymap::default();
        for c in COMMANDS {
            let bound = KeyMode::ALL
                .iter()
                .any(|&m| !map.keys_for(m, c.name).is_empty());
            assert!(bound, "{} has no default key", c.name);
        }
    }

    #[test]
    fn command_names_are_unique() {
        let names: HashSet<_> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), COMMANDS.len());
    }

    #[test]
    fn no_duplicate_keys_per_mode() {
        let map = Keymap::default();
        for mode in KeyMode::ALL {
            let mut seen = HashSet::new();
            for b in map.bindings(mode) {
                assert!(seen.insert(b.key), "{} bound twice in {mode:?}", b.key);
            }
        }
    }

    #[test]
    fn issue_default_keys_resolve() {
        let map = Keymap::default();
        let n = [KeyMode::Normal];
        let r = |s: &str| map.resolve(&n, s.parse().unwrap());
        assert_eq!(r("j"), Some(Action::ScrollDown(1)));
        assert_eq!(r("down"), Some(Action::ScrollDown(1)));
        assert_eq!(r("space"), Some(Action::PageDown));
        assert_eq!(r("ctrl-f"), Some(Action::PageDown));
        assert_eq!(r("ctrl-b"), Some(Action::PageUp));
        assert_eq!(r("ctrl-d"), Some(Action::HalfPageDown));
        assert_eq!(r("G"), Some(Action::Bottom));
        assert_eq!(r("end"), Some(Action::Bottom));
        assert_eq!(r("["), Some(Action::PrevSection));
        assert_eq!(r("S-tab"), Some(Action::FocusPrev));
        assert_eq!(r("3"), Some(Action::Focus(Focus::Sidebar)));
        assert_eq!(r("m"), Some(Action::ToggleMouse));
        assert_eq!(r("q"), Some(Action::Quit));
        assert_eq!(r("z"), None);
    }

    #[test]
    fn pane_tables_shadow_the_normal_table() {
        let map = Keymap::default();
        let modes = [KeyMode::Sections, KeyMode::Normal];
        assert_eq!(
            map.resolve(&modes, Key::char('j')),
            Some(Action::SelectNextSection)
        );
        assert_eq!(map.resolve(&modes, Key::char('G')), Some(Action::Bottom));
        assert_eq!(
            map.resolve(&modes, Key::plain(KeyCode::Enter)),
            Some(Action::JumpToSelected)
        );
    }

    #[test]
    fn search_prompt_takes_typed_characters() {
        let map = Keymap::default();
        let modes = [KeyMode::Search];
        assert_eq!(
            map.resolve(&modes, Key::char('q')),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            map.resolve(&modes, Key::plain(KeyCode::Enter)),
            Some(Action::SearchConfirm)
        );
        assert_eq!(map.resolve(&modes, Key::ctrl('x')), None);
    }

    #[test]
    fn help_mode_swallows_other_keys() {
        let map = Keymap::default();
        let modes = [KeyMode::Help, KeyMode::Normal];
        assert_eq!(
            map.resolve(&modes, Key::char('q')),
            Some(Action::ToggleHelp)
        );
        assert_eq!(map.resolve(&modes, Key::char('n')), None);
        assert_eq!(
            map.resolve(&modes, Key::char('j')),
            Some(Action::ScrollDown(1))
        );
    }

    #[test]
    fn overrides_merge_onto_the_defaults() {
        let mut map = Keymap::default();
        map.bind(KeyMode::Normal, "ctrl-n", "scroll_down").unwrap();
        map.bind(KeyMode::Normal, "j", "page_down").unwrap();
        map.bind(KeyMode::Normal, "q", "none").unwrap();
        let n = [KeyMode::Normal];
        assert_eq!(map.resolve(&n, Key::ctrl('n')), Some(Action::ScrollDown(1)));
        assert_eq!(map.resolve(&n, Key::char('j')), Some(Action::PageDown));
        assert_eq!(map.resolve(&n, Key::char('q')), None);
        // untouched defaults stay
        assert_eq!(map.resolve(&n, Key::char('k')), Some(Action::ScrollUp(1)));
        assert_eq!(
            map.bind(KeyMode::Normal, "x", "fly"),
            Err(KeymapError::UnknownCommand("fly".into()))
        );
        assert!(matches!(
            map.bind(KeyMode::Normal, "hyper-x", "quit"),
            Err(KeymapError::Key(_))
        ));
    }

    #[test]
    fn markdown_lists_every_table() {
        let md = Keymap::default().markdown();
        assert!(md.contains("**Reading**"));
        assert!(md.contains("| `j` `↓` | Scroll down one line | `scroll_down` |"));
        assert!(md.contains("| `Space` `PgDn` `Ctrl-f` | Scroll down one page | `page_down` |"));
        assert!(md.contains("**Sections pane**"));
    }

    #[test]
    fn help_is_generated_from_the_tables() {
        let mut map = Keymap::default();
        let help = map.help();
        let normal = &help[0];
        assert_eq!(normal.mode, KeyMode::Normal);
        let row = normal
            .rows
            .iter()
            .find(|r| r.description == "Scroll down one line")
            .unwrap();
        assert_eq!(row.keys, "j ↓");
        map.bind(KeyMode::Normal, "ctrl-n", "scroll_down").unwrap();
        let help = map.help();
        let row = help[0]
            .rows
            .iter()
            .find(|r| r.description == "Scroll down one line")
            .unwrap();
        assert_eq!(row.keys, "j ↓ Ctrl-n");
        let described: usize = help.iter().map(|s| s.rows.len()).sum();
        assert!(described >= COMMANDS.len());
    }
}
