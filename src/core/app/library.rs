//! The library screen as data: the articles, how they are sorted and filtered, what is
//! selected, the search results, and the one function that changes it all.
//!
//! A screen of its own (not a pane of the reader): `update` turns a [`LibraryAction`] into
//! state changes and [`LibraryEffect`]s the shell carries out (open an article, remove one,
//! search the database). Keys are a data table ([`BINDINGS`]) per mode, like the reader's.
//! Filtering works on a lower-cased copy of each row made once, so a key press over 10,000
//! articles is one pass of substring tests.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use crate::core::app::key::{Key, KeyCode};
use crate::core::doc::text::count;

pub mod entities;
mod keys;
pub use entities::{EntitiesFocus, EntitiesView, EntityArticleLine, EntityLine};
pub use keys::{BINDINGS, KeySpec, LibraryKeys};

/// One article as the screen shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LibraryRow {
    pub id: i64,
    pub title: String,
    pub authors: Vec<String>,
    pub outlet: String,
    pub date: String,
    /// 0.0–1.0.
    pub progress: f64,
    pub notes: usize,
    pub tags: Vec<String>,
    /// RFC 3339, empty if never opened.
    pub opened: String,
    /// RFC 3339.
    pub added: String,
    /// Mentions of the user's watched entities (from the ledger; 0 until it has been read).
    pub watched: usize,
}

/// The columns, and what `s`-keys sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Title,
    Outlet,
    Date,
    Progress,
    Notes,
    Tags,
    /// Last opened (else added), newest first: the default.
    Opened,
    /// Mentions of watched entities (the column shows when entities.toml has a watch-list).
    Watched,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Title,
        SortKey::Outlet,
        SortKey::Date,
        SortKey::Progress,
        SortKey::Notes,
        SortKey::Tags,
        SortKey::Opened,
        SortKey::Watched,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Title => "Title",
            SortKey::Outlet => "Outlet",
            SortKey::Date => "Date",
            SortKey::Progress => "Read",
            SortKey::Notes => "Notes",
            SortKey::Tags => "Tags",
            SortKey::Opened => "Opened",
            SortKey::Watched => "Watch",
        }
    }

    /// Numbers and times read best largest first; words A to Z.
    fn descending_by_default(self) -> bool {
        matches!(
            self,
            SortKey::Progress
                | SortKey::Notes
                | SortKey::Tags
                | SortKey::Opened
                | SortKey::Date
                | SortKey::Watched
        )
    }
}

/// A search hit as the screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub article: i64,
    pub title: String,
    /// `text` or `note`.
    pub kind: &'static str,
    /// Byte offset of the match in the article's text.
    pub start: usize,
    pub snippet: String,
    /// The match within `snippet`.
    pub mark: Range<usize>,
}

/// One passage in the library-wide Notes view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteLine {
    pub article: i64,
    pub title: String,
    pub date: String,
    /// Byte offset of the passage in the article's text.
    pub start: usize,
    pub quote: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// How the Notes view groups passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotesGroup {
    #[default]
    Article,
    /// A passage with several tags is listed under each.
    Tag,
}

/// What the screen is doing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LibraryMode {
    #[default]
    List,
    /// Typing into the filter.
    Filter,
    /// Typing a search query.
    SearchPrompt,
    /// Browsing search results.
    Results,
    /// Asking whether to remove this article.
    ConfirmRemove(i64),
    Help,
    /// The Notes view: every passage of the library.
    Notes,
    /// Typing into the Notes view's filter.
    NotesFilter,
    /// The Entities view: the ledger of the library ([`entities`]).
    Entities,
}

/// Everything that can happen on the library screen.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryAction {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Sort by this column; again reverses.
    SortBy(SortKey),
    StartFilter,
    /// A character typed into the filter or the search prompt.
    Input(char),
    Backspace,
    /// `Enter` while typing: keep the filter / run the search.
    Confirm,
    /// `Esc` while typing or browsing results.
    Cancel,
    /// Open the selected article (at its saved position) or search result (at the match).
    Open,
    /// Ask to remove the selected article.
    Remove,
    Yes,
    No,
    /// Bring the selected archived article back.
    Restore,
    StartSearch,
    ToggleHelp,
    /// The Notes view of the whole library (again: back to the list).
    ShowNotes,
    /// Notes view: group by article ↔ by tag.
    ToggleGroup,
    /// Passages for the Notes view: the first page, or all of them; `total`: how many the
    /// library holds.
    NotesLoaded {
        lines: Vec<NoteLine>,
        total: usize,
    },
    /// Every article, when the screen started with the first page only.
    Loaded(Vec<LibraryRow>),
    /// Per article id, its mentions of watched entities (only when there is a watch-list).
    WatchedLoaded(HashMap<i64, usize>),
    /// The Entities view (again: back to the list).
    ShowEntities,
    /// Entities view: only the next type.
    CycleEntityType,
    EntitiesLoaded(Vec<EntityLine>),
    /// The articles of an entity (its id).
    EntityArticlesLoaded(i64, Vec<EntityArticleLine>),
    /// Back to the article the library was opened from, if any; else quit.
    Back,
    Quit,
    Resize {
        width: u16,
        height: u16,
    },
    /// The shell's answers.
    SearchDone(Vec<SearchResult>),
    Removed {
        id: i64,
        archived: bool,
    },
    Restored(i64),
    Failed(String),
}

/// What the shell does for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryEffect {
    /// Open the article: at `at` (a byte offset), else at its saved position.
    Open {
        id: i64,
        at: Option<usize>,
        /// The entity to follow there (canonical name, type label): from the Entities view,
        /// `n`/`N` then step through its mentions.
        follow: Option<(String, String)>,
    },
    Remove(i64),
    Restore(i64),
    Search(String),
    /// Load every note of the library for the Notes view.
    LoadNotes,
    /// Load the ledger for the Entities view.
    LoadEntities,
    /// Load the articles of an entity (its id).
    LoadEntityArticles(i64),
    /// Return to the reader this screen was opened from.
    Back,
    Quit,
}

/// The library screen's state.
#[allow(clippy::struct_excessive_bools)] // independent facts, not a mode in disguise
#[derive(Debug, Clone, Default)]
pub struct LibraryState {
    /// The articles: all of them, or the first page while the rest loads.
    pub rows: Vec<LibraryRow>,
    /// How many articles the list holds (more than `rows` while the rest loads).
    pub total: usize,
    /// Lower-cased title, outlet and authors of each row, for the filter.
    haystacks: Vec<String>,
    /// Rows shown, in order (indices into `rows`).
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// First visible row on screen.
    pub offset: usize,
    pub sort: Option<(SortKey, bool)>,
    pub filter: String,
    pub mode: LibraryMode,
    pub query: String,
    pub results: Vec<SearchResult>,
    pub result_selected: usize,
    pub width: u16,
    pub height: u16,
    /// Listing the archived articles.
    pub archived: bool,
    /// The library was opened from the reader (`L`): `Esc`/`L` go back to it.
    pub from_reader: bool,
    pub status: Option<String>,
    /// A search is running.
    pub searching: bool,
    /// The Notes view: every passage (loaded on first use), its filter and grouping.
    pub notes: Vec<NoteLine>,
    /// Lower-cased text of each passage, made at the first filter that needs it.
    note_hay: Vec<String>,
    pub notes_loaded: bool,
    /// How many passages the library holds (more than `notes` while the rest loads).
    pub notes_total: usize,
    /// Rows shown: (index into `notes`, the tag it is listed under when grouped by tag).
    pub note_rows: Vec<(usize, Option<usize>)>,
    pub note_selected: usize,
    pub note_offset: usize,
    /// The last passage was asked for while the rest of the list loads: go there when it
    /// comes (unless another move came first).
    note_to_end: bool,
    pub note_filter: String,
    pub group: NotesGroup,
    /// The Entities view.
    pub entities: EntitiesView,
    /// The user has a watch-list: the Watch column shows.
    pub watching: bool,
    /// Per article id, its mentions of watched entities (kept for rows that come later).
    watched: HashMap<i64, usize>,
}

impl LibraryState {
    /// A screen over `rows` (most recently opened first, as the store lists them), the
    /// first selected. For a fast first frame `rows` may be the first page only: set
    /// `total`, and send [`LibraryAction::Loaded`] with every row when they are read.
    pub fn new(rows: Vec<LibraryRow>, width: u16, height: u16) -> Self {
        let haystacks = rows.iter().map(haystack).collect();
        let mut st = Self {
            total: rows.len(),
            rows,
            haystacks,
            width,
            height,
            ..Self::default()
        };
        st.refilter(None);
        st
    }

    pub fn mode(&self) -> &LibraryMode {
        &self.mode
    }

    /// The key table for the current mode.
    pub fn keys(&self) -> LibraryKeys {
        match self.mode() {
            LibraryMode::List => LibraryKeys::List,
            LibraryMode::Filter | LibraryMode::SearchPrompt | LibraryMode::NotesFilter => {
                LibraryKeys::Prompt
            }
            LibraryMode::Results => LibraryKeys::Results,
            LibraryMode::ConfirmRemove(_) => LibraryKeys::Confirm,
            LibraryMode::Help => LibraryKeys::Help,
            LibraryMode::Notes => LibraryKeys::Notes,
            LibraryMode::Entities if self.entities.focus == EntitiesFocus::Filter => {
                LibraryKeys::Prompt
            }
            LibraryMode::Entities => LibraryKeys::Entities,
        }
    }

    /// The action a key means now, if any.
    pub fn action_for(&self, key: Key) -> Option<LibraryAction> {
        let table = self.keys();
        let bound = BINDINGS
            .iter()
            .find(|(t, k, _, _)| *t == table && k.key() == key)
            .map(|(_, _, a, _)| a.clone());
        if bound.is_some() {
            return bound;
        }
        match table {
            LibraryKeys::Prompt => key.typed_char().map(LibraryAction::Input),
            _ => None,
        }
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&LibraryRow> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
    }

    /// How many list rows fit (the screen less the header, column titles and status line).
    pub fn page(&self) -> usize {
        usize::from(self.height.saturating_sub(4)).max(1)
    }

    /// Recomputes `visible` from the filter and the sort, keeping `keep` (a row id) selected
    /// when it is still shown.
    fn refilter(&mut self, keep: Option<i64>) {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.visible = (0..self.rows.len())
            .filter(|&i| matches(&self.rows[i], &self.haystacks[i], &words))
            .collect();
        if let Some((key, descending)) = self.sort {
            let rows = &self.rows;
            self.visible.sort_by(|&a, &b| {
                let o = compare(&rows[a], &rows[b], key);
                if descending { o.reverse() } else { o }
            });
        }
        self.selected = keep
            .and_then(|id| self.visible.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(0);
        self.offset = 0;
        self.scroll_into_view();
    }

    fn scroll_into_view(&mut self) {
        let page = self.page();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    /// Recomputes the Notes view's rows from its filter and grouping.
    fn renote(&mut self) {
        let words: Vec<String> = self
            .note_filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if self.note_hay.len() != self.notes.len() && words.iter().any(|w| !w.starts_with('#')) {
            self.note_hay = self
                .notes
                .iter()
                .map(|n| format!("{}\u{0}{}\u{0}{}", n.quote, n.body, n.title).to_lowercase())
                .collect();
        }
        let mut rows = Vec::new();
        for (i, n) in self.notes.iter().enumerate() {
            let ok = words.iter().all(|w| match w.strip_prefix('#') {
                Some(tag) => n.tags.iter().any(|t| t.to_lowercase().starts_with(tag)),
                None => self
                    .note_hay
                    .get(i)
                    .is_some_and(|hay| hay.contains(w.as_str())),
            });
            if !ok {
                continue;
            }
            match self.group {
                NotesGroup::Article => rows.push((i, None)),
                // under each tag the filter names (under every tag when it names none)
                NotesGroup::Tag => rows.extend(
                    (0..n.tags.len())
                        .filter(|&t| {
                            let tag = n.tags[t].to_lowercase();
                            let named: Vec<&str> =
                                words.iter().filter_map(|w| w.strip_prefix('#')).collect();
                            named.is_empty() || named.iter().any(|w| tag.starts_with(w))
                        })
                        .map(|t| (i, Some(t))),
                ),
            }
        }
        if self.group == NotesGroup::Tag {
            let notes = &self.notes;
            rows.sort_by(|a, b| {
                let tag = |r: &(usize, Option<usize>)| {
                    r.1.and_then(|t| notes[r.0].tags.get(t))
                        .map_or("", String::as_str)
                };
                tag(a).cmp(tag(b)).then(a.0.cmp(&b.0))
            });
        }
        self.note_rows = rows;
        self.note_selected = 0;
        self.note_offset = 0;
    }

    /// The label of the group a Notes view row belongs to.
    pub fn group_of(&self, row: (usize, Option<usize>)) -> String {
        let Some(n) = self.notes.get(row.0) else {
            return String::new();
        };
        match row.1 {
            Some(t) => format!("#{}", n.tags.get(t).map_or("", String::as_str)),
            None => n.title.clone(),
        }
    }

    /// Puts the watched mentions read from the ledger on the rows.
    fn count_watched(&mut self) {
        for r in &mut self.rows {
            r.watched = self.watched.get(&r.id).copied().unwrap_or(0);
        }
    }

    fn move_by(&mut self, delta: isize) {
        if matches!(self.mode(), LibraryMode::Notes | LibraryMode::NotesFilter) {
            let last = self.note_rows.len().saturating_sub(1);
            self.note_selected = self.note_selected.saturating_add_signed(delta).min(last);
            let page = self.page();
            if self.note_selected < self.note_offset {
                self.note_offset = self.note_selected;
            } else if self.note_selected >= self.note_offset + page {
                self.note_offset = self.note_selected + 1 - page;
            }
            return;
        }
        if self.mode() == &LibraryMode::Results {
            let last = self.results.len().saturating_sub(1);
            self.result_selected = self.result_selected.saturating_add_signed(delta).min(last);
            return;
        }
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll_into_view();
    }
}

fn haystack(r: &LibraryRow) -> String {
    let mut s = r.title.to_lowercase();
    s.push('\u{0}');
    s.push_str(&r.outlet.to_lowercase());
    for a in &r.authors {
        s.push('\u{0}');
        s.push_str(&a.to_lowercase());
    }
    s
}

/// Every word must match: `#tag` a tag of the row (by prefix), anything else a part of its
/// title, outlet or authors.
fn matches(row: &LibraryRow, hay: &str, words: &[String]) -> bool {
    words.iter().all(|w| match w.strip_prefix('#') {
        Some(tag) => row.tags.iter().any(|t| t.to_lowercase().starts_with(tag)),
        None => hay.contains(w.as_str()),
    })
}

fn compare(a: &LibraryRow, b: &LibraryRow, key: SortKey) -> Ordering {
    let opened = |r: &LibraryRow| {
        if r.opened.is_empty() {
            r.added.clone()
        } else {
            r.opened.clone()
        }
    };
    match key {
        SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
        SortKey::Outlet => a.outlet.to_lowercase().cmp(&b.outlet.to_lowercase()),
        SortKey::Date => a.date.cmp(&b.date),
        SortKey::Progress => a.progress.total_cmp(&b.progress),
        SortKey::Notes => a.notes.cmp(&b.notes),
        SortKey::Tags => a.tags.len().cmp(&b.tags.len()),
        SortKey::Opened => opened(a).cmp(&opened(b)),
        SortKey::Watched => a.watched.cmp(&b.watched),
    }
}

/// The one mutator of the library screen.
#[allow(clippy::too_many_lines)] // one arm per action, each a few lines
pub fn update(st: &mut LibraryState, action: LibraryAction) -> Vec<LibraryEffect> {
    if st.mode() == &LibraryMode::Entities
        && let Some(effects) = entities::route(st, &action)
    {
        return effects;
    }
    let page = isize::try_from(st.page()).unwrap_or(1);
    if matches!(
        action,
        LibraryAction::Down
            | LibraryAction::Up
            | LibraryAction::PageDown
            | LibraryAction::PageUp
            | LibraryAction::Top
            | LibraryAction::Bottom
    ) {
        st.note_to_end = matches!(action, LibraryAction::Bottom)
            && matches!(st.mode(), LibraryMode::Notes)
            && st.notes.len() < st.notes_total;
    }
    match action {
        LibraryAction::Down => st.move_by(1),
        LibraryAction::Up => st.move_by(-1),
        LibraryAction::PageDown => st.move_by(page),
        LibraryAction::PageUp => st.move_by(-page),
        LibraryAction::Top => st.move_by(isize::MIN / 2),
        LibraryAction::Bottom => st.move_by(isize::MAX / 2),
        LibraryAction::SortBy(key) => {
            let descending = match st.sort {
                Some((k, d)) if k == key => !d,
                _ => key.descending_by_default(),
            };
            st.sort = Some((key, descending));
            let keep = st.selected_row().map(|r| r.id);
            st.refilter(keep);
        }
        LibraryAction::StartFilter => {
            st.mode = if st.mode() == &LibraryMode::Notes {
                LibraryMode::NotesFilter
            } else {
                LibraryMode::Filter
            };
        }
        LibraryAction::ShowNotes => {
            if st.mode() == &LibraryMode::Notes {
                st.mode = LibraryMode::List;
            } else {
                st.mode = LibraryMode::Notes;
                if !st.notes_loaded {
                    return vec![LibraryEffect::LoadNotes];
                }
            }
        }
        LibraryAction::NotesLoaded { lines, total } => {
            let selected = st.note_selected;
            st.note_hay.clear();
            st.notes = lines;
            st.notes_total = total;
            st.notes_loaded = true;
            st.renote();
            // the rest of a first page: stay on the passage, or go on to the end asked for
            st.note_selected = selected.min(st.note_rows.len().saturating_sub(1));
            let to_end = std::mem::take(&mut st.note_to_end);
            st.move_by(if to_end { isize::MAX / 2 } else { 0 });
        }
        LibraryAction::Loaded(rows) => {
            let keep = st.selected_row().map(|r| r.id);
            st.haystacks = rows.iter().map(haystack).collect();
            st.total = rows.len();
            st.rows = rows;
            st.count_watched();
            st.refilter(keep);
        }
        LibraryAction::WatchedLoaded(counts) => {
            let keep = st.selected_row().map(|r| r.id);
            st.watching = true;
            st.watched = counts;
            st.count_watched();
            st.refilter(keep);
        }
        LibraryAction::ShowEntities => return entities::toggle(st),
        LibraryAction::CycleEntityType => entities::cycle_kind(st),
        LibraryAction::EntitiesLoaded(list) => entities::loaded(st, list),
        LibraryAction::EntityArticlesLoaded(id, list) => entities::articles_loaded(st, id, list),
        LibraryAction::ToggleGroup => {
            st.group = match st.group {
                NotesGroup::Article => NotesGroup::Tag,
                NotesGroup::Tag => NotesGroup::Article,
            };
            st.renote();
        }
        LibraryAction::StartSearch => {
            st.mode = LibraryMode::SearchPrompt;
            st.query.clear();
        }
        LibraryAction::Input(c) => match st.mode() {
            LibraryMode::Filter => {
                st.filter.push(c);
                st.refilter(None);
            }
            LibraryMode::SearchPrompt => st.query.push(c),
            LibraryMode::NotesFilter => {
                st.note_filter.push(c);
                st.renote();
            }
            _ => {}
        },
        LibraryAction::Backspace => match st.mode() {
            LibraryMode::Filter => {
                st.filter.pop();
                st.refilter(None);
            }
            LibraryMode::SearchPrompt => {
                st.query.pop();
            }
            LibraryMode::NotesFilter => {
                st.note_filter.pop();
                st.renote();
            }
            _ => {}
        },
        LibraryAction::Confirm => match st.mode() {
            LibraryMode::NotesFilter => st.mode = LibraryMode::Notes,
            LibraryMode::SearchPrompt if !st.query.trim().is_empty() => {
                st.searching = true;
                st.mode = LibraryMode::Results;
                st.results.clear();
                st.result_selected = 0;
                return vec![LibraryEffect::Search(st.query.clone())];
            }
            LibraryMode::Filter | LibraryMode::SearchPrompt => st.mode = LibraryMode::List,
            _ => {}
        },
        LibraryAction::Cancel => match st.mode() {
            LibraryMode::Filter => {
                st.filter.clear();
                st.mode = LibraryMode::List;
                let keep = st.selected_row().map(|r| r.id);
                st.refilter(keep);
            }
            LibraryMode::NotesFilter => {
                st.note_filter.clear();
                st.mode = LibraryMode::Notes;
                st.renote();
            }
            LibraryMode::Notes if !st.note_filter.is_empty() => {
                st.note_filter.clear();
                st.renote();
            }
            _ => st.mode = LibraryMode::List,
        },
        LibraryAction::Open => {
            if st.mode() == &LibraryMode::Notes {
                if let Some(n) = st
                    .note_rows
                    .get(st.note_selected)
                    .and_then(|r| st.notes.get(r.0))
                {
                    return vec![LibraryEffect::Open {
                        id: n.article,
                        at: Some(n.start),
                        follow: None,
                    }];
                }
            } else if st.mode() == &LibraryMode::Results {
                if let Some(r) = st.results.get(st.result_selected) {
                    return vec![LibraryEffect::Open {
                        id: r.article,
                        at: Some(r.start),
                        follow: None,
                    }];
                }
            } else if let Some(r) = st.selected_row() {
                return vec![LibraryEffect::Open {
                    id: r.id,
                    at: None,
                    follow: None,
                }];
            }
        }
        LibraryAction::Remove => {
            if let Some(r) = st.selected_row() {
                st.mode = LibraryMode::ConfirmRemove(r.id);
            }
        }
        LibraryAction::Yes => {
            if let LibraryMode::ConfirmRemove(id) = *st.mode() {
                st.mode = LibraryMode::List;
                return vec![LibraryEffect::Remove(id)];
            }
        }
        LibraryAction::No => st.mode = LibraryMode::List,
        LibraryAction::Restore => {
            if st.archived
                && let Some(r) = st.selected_row()
            {
                return vec![LibraryEffect::Restore(r.id)];
            }
            st.status = Some("r restores an archived article: see gloss library --archived".into());
        }
        LibraryAction::ToggleHelp => {
            st.mode = if st.mode() == &LibraryMode::Help {
                LibraryMode::List
            } else {
                LibraryMode::Help
            };
        }
        LibraryAction::Back => {
            if !st.filter.is_empty() {
                st.filter.clear();
                let keep = st.selected_row().map(|r| r.id);
                st.refilter(keep);
            } else if st.from_reader {
                return vec![LibraryEffect::Back];
            }
        }
        LibraryAction::Quit => return vec![LibraryEffect::Quit],
        LibraryAction::Resize { width, height } => {
            st.width = width;
            st.height = height;
            st.scroll_into_view();
        }
        LibraryAction::SearchDone(results) => {
            st.searching = false;
            st.status = Some(format!(
                "{} for {}",
                count(results.len(), "result", "results"),
                st.query
            ));
            st.results = results;
            st.result_selected = 0;
        }
        LibraryAction::Removed { id, archived } => {
            let title = st
                .rows
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.title.clone())
                .unwrap_or_default();
            st.status = Some(if archived {
                format!("Archived “{title}” (it has notes): gloss restore {id} brings it back")
            } else {
                format!("Removed “{title}”")
            });
            drop_row(st, id);
        }
        LibraryAction::Restored(id) => {
            st.status = Some(format!("Restored article {id}"));
            drop_row(st, id);
        }
        LibraryAction::Failed(msg) => {
            st.searching = false;
            st.status = Some(msg);
        }
    }
    Vec::new()
}

/// Takes an article off the list, selecting the one after it (else before it).
fn drop_row(st: &mut LibraryState, id: i64) {
    let keep = st
        .visible
        .iter()
        .position(|&i| st.rows[i].id == id)
        .and_then(|p| {
            st.visible
                .get(p + 1)
                .or_else(|| p.checked_sub(1).and_then(|q| st.visible.get(q)))
        })
        .map(|&i| st.rows[i].id);
    if let Some(i) = st.rows.iter().position(|r| r.id == id) {
        st.rows.remove(i);
        st.haystacks.remove(i);
        st.total = st.total.saturating_sub(1);
    }
    st.refilter(keep);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::app::key::parse_key_string;

    fn row(id: i64, title: &str, outlet: &str, tags: &[&str]) -> LibraryRow {
        LibraryRow {
            id,
            title: title.into(),
            outlet: outlet.into(),
            authors: vec![format!("Author {id}")],
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            notes: tags.len(),
            date: format!("2026-01-{id:02}"),
            added: format!("2026-02-{id:02}T00:00:00Z"),
            ..LibraryRow::default()
        }
    }

    fn screen() -> LibraryState {
        LibraryState::new(
            vec![
                row(
                    3,
                    "Chips and export controls",
                    "Reuters",
                    &["export-controls"],
                ),
                row(2, "Arctic shipping lanes", "Le Monde", &[]),
                row(
                    1,
                    "China, Russia deepen ties",
                    "Defense One",
                    &["china", "export-controls"],
                ),
            ],
            100,
            20,
        )
    }

    /// Feeds a key string; returns every effect.
    fn keys(st: &mut LibraryState, s: &str) -> Vec<LibraryEffect> {
        let mut out = Vec::new();
        for k in parse_key_string(s).unwrap() {
            if let Some(a) = st.action_for(k) {
                out.extend(update(st, a));
            }
        }
        out
    }

    fn shown(st: &LibraryState) -> Vec<i64> {
        st.visible.iter().map(|&i| st.rows[i].id).collect()
    }

    #[test]
    fn the_last_opened_article_is_on_top_and_selected() {
        let st = screen();
        assert_eq!(shown(&st), [3, 2, 1]);
        assert_eq!(st.selected_row().map(|r| r.id), Some(3));
    }

    #[test]
    fn filter_confirm_then_enter_opens_the_article() {
        let mut st = screen();
        assert!(keys(&mut st, "/russia").is_empty());
        assert_eq!(shown(&st), [1]);
        assert!(keys(&mut st, "<Enter>").is_empty());
        assert_eq!(st.mode(), &LibraryMode::List);
        assert_eq!(
            keys(&mut st, "<Enter>"),
            [LibraryEffect::Open {
                id: 1,
                at: None,
                follow: None
            }]
        );
    }

    #[test]
    fn the_filter_matches_outlets_authors_and_tags() {
        let mut st = screen();
        keys(&mut st, "/le monde");
        assert_eq!(shown(&st), [2]);
        keys(&mut st, "<Esc>/#export");
        assert_eq!(shown(&st), [3, 1]);
        keys(&mut st, " author 1");
        assert_eq!(shown(&st), [1]);
        keys(&mut st, "<Esc>");
        assert_eq!(shown(&st), [3, 2, 1], "Esc clears the filter");
    }

    #[test]
    fn number_keys_sort_and_again_reverse() {
        let mut st = screen();
        keys(&mut st, "1");
        assert_eq!(shown(&st), [2, 1, 3]);
        assert_eq!(st.selected_row().map(|r| r.id), Some(3), "selection kept");
        keys(&mut st, "1");
        assert_eq!(shown(&st), [3, 1, 2]);
        keys(&mut st, "5");
        assert_eq!(shown(&st), [1, 3, 2], "most notes first");
    }

    #[test]
    fn removing_asks_first() {
        let mut st = screen();
        keys(&mut st, "j");
        assert!(keys(&mut st, "dn").is_empty());
        assert_eq!(keys(&mut st, "dy"), [LibraryEffect::Remove(2)]);
        update(
            &mut st,
            LibraryAction::Removed {
                id: 2,
                archived: false,
            },
        );
        assert_eq!(shown(&st), [3, 1]);
        assert_eq!(st.selected_row().map(|r| r.id), Some(1));
    }

    #[test]
    fn search_results_open_at_the_match() {
        let mut st = screen();
        assert_eq!(
            keys(&mut st, "sxi jinping<Enter>"),
            [LibraryEffect::Search("xi jinping".into())]
        );
        assert!(st.searching);
        update(
            &mut st,
            LibraryAction::SearchDone(vec![SearchResult {
                article: 1,
                title: "China".into(),
                kind: "text",
                start: 1701,
                snippet: "of Xi Jinping's visit".into(),
                mark: 3..13,
            }]),
        );
        assert_eq!(
            keys(&mut st, "<Enter>"),
            [LibraryEffect::Open {
                id: 1,
                at: Some(1701),
                follow: None
            }]
        );
        keys(&mut st, "<Esc>");
        assert_eq!(st.mode(), &LibraryMode::List);
    }

    #[test]
    fn esc_goes_back_to_the_reader_only_when_it_came_from_there() {
        let mut st = screen();
        assert!(keys(&mut st, "<Esc>").is_empty());
        st.from_reader = true;
        assert_eq!(keys(&mut st, "L"), [LibraryEffect::Back]);
        assert_eq!(keys(&mut st, "q"), [LibraryEffect::Quit]);
    }

    #[test]
    fn the_notes_view_groups_filters_and_opens_at_the_passage() {
        let mut st = screen();
        assert_eq!(keys(&mut st, "n"), [LibraryEffect::LoadNotes]);
        let line = |article, start, quote: &str, tags: &[&str]| NoteLine {
            article,
            title: format!("Article {article}"),
            start,
            quote: quote.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..NoteLine::default()
        };
        update(
            &mut st,
            LibraryAction::NotesLoaded {
                lines: vec![
                    line(1, 10, "chips are scarce", &["export-controls", "china"]),
                    line(3, 20, "rules tighten", &["export-controls"]),
                    line(3, 90, "ice melts", &[]),
                ],
                total: 3,
            },
        );
        assert_eq!(st.note_rows.len(), 3);
        keys(&mut st, "g");
        let groups: Vec<String> = st.note_rows.iter().map(|&r| st.group_of(r)).collect();
        assert_eq!(groups, ["#china", "#export-controls", "#export-controls"]);
        keys(&mut st, "/#export<Enter>j");
        assert_eq!(st.note_rows.len(), 2);
        assert_eq!(
            keys(&mut st, "<Enter>"),
            [LibraryEffect::Open {
                id: 3,
                at: Some(20),
                follow: None
            }]
        );
        keys(&mut st, "<Esc>");
        assert_eq!(st.note_rows.len(), 3, "Esc clears the filter first");
        keys(&mut st, "<Esc>");
        assert_eq!(st.mode(), &LibraryMode::List);
        assert!(keys(&mut st, "n").is_empty(), "loaded once");
    }

    #[test]
    fn the_rest_of_the_list_arrives_after_the_first_page_and_keeps_the_selection() {
        let all = screen().rows;
        let mut st = LibraryState::new(all[..2].to_vec(), 100, 20);
        st.total = 3;
        keys(&mut st, "j");
        assert_eq!(st.selected_row().map(|r| r.id), Some(2));
        update(&mut st, LibraryAction::Loaded(all));
        assert_eq!((shown(&st), st.total), (vec![3, 2, 1], 3));
        assert_eq!(st.selected_row().map(|r| r.id), Some(2), "still selected");
        keys(&mut st, "/russia");
        assert_eq!(shown(&st), [1], "the filter sees every row");
    }

    #[test]
    fn the_notes_filter_matches_text_after_the_whole_list_arrives() {
        let mut st = screen();
        keys(&mut st, "n");
        let line = |article, quote: &str| NoteLine {
            article,
            title: format!("Article {article}"),
            quote: quote.into(),
            ..NoteLine::default()
        };
        let all = vec![line(1, "Chips are scarce"), line(3, "Ice melts")];
        let first = LibraryAction::NotesLoaded {
            lines: all[..1].to_vec(),
            total: 2,
        };
        update(&mut st, first);
        assert_eq!((st.note_rows.len(), st.notes_total), (1, 2));
        update(
            &mut st,
            LibraryAction::NotesLoaded {
                lines: all,
                total: 2,
            },
        );
        keys(&mut st, "/ice");
        assert_eq!(st.note_rows, [(1, None)]);
        keys(&mut st, "<Esc>/ARTICLE 1");
        assert_eq!(st.note_rows, [(0, None)], "titles match, case folded");
    }

    #[test]
    fn end_pressed_while_the_notes_load_lands_on_the_last_passage_once_they_have() {
        let line = |i: usize| NoteLine {
            article: 1,
            title: "Article 1".into(),
            quote: format!("passage {i}"),
            start: i,
            ..NoteLine::default()
        };
        let all: Vec<NoteLine> = (0..50).map(line).collect();
        let page = |st: &mut LibraryState| {
            update(
                st,
                LibraryAction::NotesLoaded {
                    lines: all[..10].to_vec(),
                    total: 50,
                },
            );
        };
        let rest = |st: &mut LibraryState| {
            update(
                st,
                LibraryAction::NotesLoaded {
                    lines: all.clone(),
                    total: 50,
                },
            );
        };
        let mut st = screen();
        keys(&mut st, "n");
        page(&mut st);
        keys(&mut st, "<End>");
        assert_eq!(
            st.note_selected,
            st.note_rows.len() - 1,
            "the end of the page"
        );
        rest(&mut st);
        assert_eq!(st.note_selected, 49, "then the end of the whole list");
        // a move after End is the reader's last word
        let mut st = screen();
        keys(&mut st, "n");
        page(&mut st);
        keys(&mut st, "<End>k");
        let before = st.note_selected;
        rest(&mut st);
        assert_eq!(st.note_selected, before);
    }

    #[test]
    fn watched_counts_fill_the_rows_that_are_there_and_those_that_come_later() {
        let mut st = screen();
        assert!(!st.watching, "no Watch column before a watch-list is read");
        let counts = HashMap::from([(1, 7), (2, 2), (99, 4)]);
        update(&mut st, LibraryAction::WatchedLoaded(counts));
        assert!(st.watching);
        let watched = |st: &LibraryState| -> Vec<(i64, usize)> {
            st.visible
                .iter()
                .map(|&i| (st.rows[i].id, st.rows[i].watched))
                .collect()
        };
        assert_eq!(watched(&st), [(3, 0), (2, 2), (1, 7)]);
        keys(&mut st, "8");
        assert_eq!(shown(&st), [1, 2, 3], "most watched mentions first");
        // the rest of the list arrives after the counts: it gets them too
        let mut all = st.rows.clone();
        all.push(row(99, "Huawei in Moscow", "FT", &[]));
        update(&mut st, LibraryAction::Loaded(all));
        assert_eq!(shown(&st), [1, 99, 2, 3]);
        assert_eq!(watched(&st)[1], (99, 4));
    }

    #[test]
    fn no_key_is_bound_twice_in_a_table() {
        for (i, (t, k, _, _)) in BINDINGS.iter().enumerate() {
            for (t2, k2, _, _) in BINDINGS.iter().skip(i + 1) {
                assert!(!(t == t2 && k == k2), "{k:?} twice in {t:?}");
            }
        }
    }
}
