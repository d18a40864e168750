//! The reader's whole state, as plain data: what is open, how it is laid out, where the reader
//! is, which pane has focus, what the prompt holds.
//!
//! `AppState` is written only by `update` and read by the views (`ui`), which makes both easy to
//! test: a state plus a list of actions gives a state and a list of effects, and a state renders
//! to one screen. Screen geometry ([`Panes`]) is computed here, not in the view, because
//! `update` needs it too — to know a page's height, to clamp scrolling and to hit-test mouse
//! clicks — and both must agree to the cell.
//!
//! The reading position is a line index into the current layout *and* the source byte offset
//! of that line ([`Viewport::anchor`]); the offset is what survives a resize, a re-open and a
//! change of reading width.

use std::sync::Arc;

use crate::core::app::config::Config;
use crate::core::app::entities::EntitiesState;
use crate::core::app::keymap::{KeyMode, Keymap};
use crate::core::app::search::SearchSession;
use crate::core::doc::document::Document;
use crate::core::doc::layout::Layout;
use crate::core::doc::sanitize::one_line;

/// Terminals at least this wide show all three panes side by side.
pub const WIDE: u16 = 120;
/// Below this size the reader only says the terminal is too small.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// Width of one column of the help overlay.
pub const HELP_COLUMN: u16 = 56;
/// Reading speed for the sidebar's reading-time estimate, in words per minute.
pub const WORDS_PER_MINUTE: usize = 230;
/// How many laid-out widths are kept (resizing back and forth costs nothing).
const LAYOUT_CACHE: usize = 3;
/// Documents with more source bytes than this are laid out in the background: the first frame
/// shows a partial layout around the reading position.
pub const LAZY_LAYOUT_BYTES: usize = 1024 * 1024;
/// Source bytes a partial layout covers (from a little before the reading position).
pub const PARTIAL_LAYOUT_BYTES: usize = 256 * 1024;

/// Which pane receives keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    Sections,
    Article,
    Sidebar,
}

impl Focus {
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Focus::Sections => Focus::Article,
            Focus::Article => Focus::Sidebar,
            Focus::Sidebar => Focus::Sections,
        }
    }

    #[must_use]
    pub fn prev(self) -> Self {
        match self {
            Focus::Sections => Focus::Sidebar,
            Focus::Article => Focus::Sections,
            Focus::Sidebar => Focus::Article,
        }
    }
}

/// What the keyboard is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing into the search prompt.
    Search,
    /// The help overlay is open.
    Help,
    /// Typing into the Entities tab's filter.
    EntityFilter,
    /// Choosing the type of the phrase being marked as an entity.
    MarkEntity,
    /// Making a selection in the article (`v`).
    Visual,
    /// Typing into a notes prompt (tags, notes filter).
    Prompt,
    /// Writing a note in the editor overlay.
    Editor,
    /// Answering a one-key question (discard? export format?).
    Choice,
    /// The message log overlay is open.
    Messages,
}

/// The sidebar's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SidebarTab {
    #[default]
    Info,
    Entities,
    /// Tags and notes of this document, and its orphans.
    Notes,
}

impl SidebarTab {
    pub const ALL: [SidebarTab; 3] = [SidebarTab::Info, SidebarTab::Entities, SidebarTab::Notes];

    pub fn title(self) -> &'static str {
        match self {
            SidebarTab::Info => "Info",
            SidebarTab::Entities => "Entities",
            SidebarTab::Notes => "Notes",
        }
    }
}

/// A screen rectangle in cells (the core's own type; the view converts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Rect {
    pub fn contains(self, column: u16, row: u16) -> bool {
        column >= self.x
            && row >= self.y
            && u32::from(column) < u32::from(self.x) + u32::from(self.width)
            && u32::from(row) < u32::from(self.y) + u32::from(self.height)
    }

    /// The area inside a one-cell border.
    #[must_use]
    pub fn inner(self) -> Rect {
        Rect {
            x: self.x.saturating_add(1),
            y: self.y.saturating_add(1),
            width: self.width.saturating_sub(2),
            height: self.height.saturating_sub(2),
        }
    }
}

/// Where each pane is on screen. Side panes are `None` when hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub sections: Option<Rect>,
    pub article: Rect,
    pub sidebar: Option<Rect>,
    pub status: Rect,
    /// True when the side pane floats over the article (narrow terminals).
    pub overlay: bool,
}

/// Where the help overlay goes and how its lines flow into columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpGeometry {
    pub area: Rect,
    pub columns: usize,
    /// Rows shown per column.
    pub rows: usize,
    /// Rows needed per column to show every line.
    pub total_rows: usize,
}

/// The top of the article view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewport {
    /// First visible line of the current layout.
    pub top: usize,
    /// Source byte offset of that line: the reading position that survives a re-layout.
    pub anchor: usize,
}

pub use crate::core::doc::sections::{Section, outline, section_at};

/// The outline with folding and a selection.
#[derive(Debug, Clone, Default)]
pub struct SectionsState {
    /// The outline (shared with the background recogniser: see `OutlineHandle`).
    pub items: Arc<Vec<Section>>,
    /// Per item: its sub-sections are hidden.
    pub folded: Vec<bool>,
    /// Indices of the items currently listed (not inside a folded section), in order.
    pub rows: Vec<usize>,
    /// The selected item (an index into `items`).
    pub selected: usize,
    /// The section the reader is in (scroll-spy), an index into `items`.
    pub current: Option<usize>,
    /// First listed row shown in the pane.
    pub offset: usize,
    /// Smallest level in the outline (indentation is relative to it); found once, as a
    /// long document has tens of thousands of sections and the pane is drawn every frame.
    min_level: u8,
}

impl SectionsState {
    pub fn new(items: Vec<Section>) -> Self {
        let folded = vec![false; items.len()];
        Self::folded(items, folded)
    }

    /// The pane for `items` with `folded` ones folded (one flag per item).
    pub fn folded(items: Vec<Section>, folded: Vec<bool>) -> Self {
        let mut s = Self {
            folded,
            min_level: items.iter().map(|s| s.level).min().unwrap_or(1),
            items: Arc::new(items),
            ..Self::default()
        };
        s.recompute_rows();
        s
    }

    /// Whether item `i` has sub-sections.
    pub fn has_children(&self, i: usize) -> bool {
        match (self.items.get(i), self.items.get(i + 1)) {
            (Some(a), Some(b)) => b.level > a.level,
            _ => false,
        }
    }

    /// The enclosing section of item `i`.
    pub fn parent(&self, i: usize) -> Option<usize> {
        let level = self.items.get(i)?.level;
        (0..i).rev().find(|&j| self.items[j].level < level)
    }

    pub fn recompute_rows(&mut self) {
        self.rows.clear();
        let mut hide_below: Option<u8> = None;
        for (i, s) in self.items.iter().enumerate() {
            if let Some(l) = hide_below {
                if s.level > l {
                    continue;
                }
                hide_below = None;
            }
            self.rows.push(i);
            if self.folded.get(i).copied().unwrap_or(false) {
                hide_below = Some(s.level);
            }
        }
    }

    /// The listed row showing item `i`, or the row of its nearest listed ancestor.
    pub fn row_of(&self, i: usize) -> Option<usize> {
        let mut item = i;
        loop {
            if let Ok(r) = self.rows.binary_search(&item) {
                return Some(r);
            }
            item = self.parent(item)?;
        }
    }

    /// Smallest level in the outline (indentation is relative to it).
    pub fn min_level(&self) -> u8 {
        self.min_level
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageLevel {
    Info,
    Error,
}

/// A one-line message in the status bar (cleared by the next key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub text: String,
    pub level: MessageLevel,
}

/// Facts about the document shown in the sidebar, computed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocStats {
    pub words: usize,
    /// Rounded up, at least 1 for a non-empty document.
    pub reading_minutes: usize,
}

impl DocStats {
    pub fn of(doc: &Document) -> Self {
        let words = count_words(&doc.source);
        Self {
            words,
            reading_minutes: words.div_ceil(WORDS_PER_MINUTE),
        }
    }
}

/// The class of ASCII whitespace in [`BYTE_CLASS`].
const SPACE: usize = 1;
/// Per byte: [`SPACE`] for ASCII whitespace, 2 for an ASCII letter or digit, 4 for a byte of
/// a non-ASCII character.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        #[allow(clippy::cast_possible_truncation)] // b < 256
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() {
            1
        } else if c.is_ascii_alphanumeric() {
            2
        } else if c.is_ascii() {
            0
        } else {
            4
        };
        b += 1;
    }
    t
};

/// Whitespace-separated words that contain a letter or digit.
///
/// The same count as `split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric))`,
/// but ASCII is handled a byte at a time without branches: this runs over the whole text
/// before the first frame, so it must cost no more than a memory scan.
fn count_words(text: &str) -> usize {
    let exact = |run: Option<&str>| {
        // Unicode spaces (U+00A0, U+3000…) also separate words.
        run.map_or(0, |r| {
            r.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        })
    };
    // Branch-free over ASCII (whitespace every few bytes defeats branch prediction): `alnum`
    // and `wide` say whether the run so far has a letter or digit / a non-ASCII byte. Runs
    // with non-ASCII bytes (rare in most prose) are counted exactly when they end.
    let mut words = 0;
    let (mut alnum, mut wide, mut start) = (0usize, 0usize, 0usize);
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let class = usize::from(BYTE_CLASS[usize::from(b)]);
        let ws = class & SPACE;
        if ws & wide == 0 {
            words += ws & alnum;
        } else {
            words += exact(text.get(start..i));
        }
        let within = ws ^ SPACE;
        alnum = (alnum | (class >> 1)) & within & 1;
        wide = (wide | (class >> 2)) & within & 1;
        start = if ws == SPACE { i + 1 } else { start };
    }
    if wide == 0 {
        words + alnum
    } else {
        words + exact(text.get(start..))
    }
}

/// Everything the reader shows and remembers.
#[allow(clippy::struct_excessive_bools)] // independent facts, not a mode in disguise
#[derive(Debug, Clone)]
pub struct AppState {
    pub doc: Arc<Document>,
    /// What the status bar calls the document (file name, `<stdin>`).
    pub name: String,
    /// The document's content fingerprint (reading positions are keyed by it).
    pub fingerprint: String,
    /// Configured reading measure in cells.
    pub measure: u16,
    pub keymap: Keymap,
    /// The layout at the current text width.
    pub layout: Arc<Layout>,
    layout_cache: Vec<Arc<Layout>>,
    pub viewport: Viewport,
    /// Terminal size in cells.
    pub width: u16,
    pub height: u16,
    pub focus: Focus,
    pub mode: Mode,
    pub search: SearchSession,
    pub sections: SectionsState,
    pub sidebar_tab: SidebarTab,
    /// The user hid the side panes with `<` (wide terminals).
    pub side_panes_hidden: bool,
    /// Whether gloss captures the mouse (off lets the terminal select text).
    pub mouse_capture: bool,
    pub status: Option<StatusMessage>,
    /// Every message the status bar showed, for the message log (`H`).
    pub log: crate::core::app::log::MessageLog,
    pub stats: DocStats,
    /// A section the reader jumped to; it stays current until the next scroll, even when the
    /// end of the document keeps it from reaching the top of the view.
    pub pinned_section: Option<usize>,
    /// The last reading position handed to the store.
    pub saved_offset: Option<usize>,
    pub quitting: bool,
    /// The reader quit to show the library (`L`).
    pub to_library: bool,
    /// Why the reader ended on its own: a big file read in the background was not text after
    /// all. The shell prints it, as an error, once the terminal is restored.
    pub failed: Option<String>,
    /// First row of the help overlay shown (it scrolls on small terminals).
    pub help_scroll: usize,
    /// Recognised entities and the Entities tab.
    pub entities: EntitiesState,
    /// The reading cursor (current sentence) and the selection being made.
    pub cursor: crate::core::doc::cursor::CursorState,
    /// Tags, notes and the Notes tab.
    pub notes: crate::core::app::notes::NotesState,
    /// While `layout` is only a partial layout: the width whose full layout is being built in
    /// the background.
    pub layout_pending: Option<u16>,
    /// A full layout `update` must still ask the shell for (taken by `take_layout_request`).
    layout_request: Option<u16>,
    /// While only the first part of a big document is shown: how far loading the whole is.
    pub loading: Option<crate::core::app::loading::LoadingState>,
}

/// What the reader computes from a document before showing it: its outline, the reading
/// cursor's paragraphs, its word count and its fingerprint. Computed on the event loop for a
/// document that opens at once, in the background for a big one that loads progressively.
#[derive(Debug, Clone)]
pub struct DocParts {
    pub sections: SectionsState,
    pub cursor: crate::core::doc::cursor::CursorState,
    pub stats: DocStats,
    pub fingerprint: String,
}

/// Below this many bytes of text, a document's parts are computed one after the other.
const SIDE_BY_SIDE_BYTES: usize = 1 << 20;

impl DocParts {
    /// The parts of `doc`. Hashing and counting read the whole text, the outline and the
    /// cursor walk every block: on a big document each takes a good part of a second, so they
    /// run side by side.
    pub fn of(doc: &Document) -> Self {
        if doc.source.len() < SIDE_BY_SIDE_BYTES {
            // a few milliseconds in all: threads (and the memory each one's allocator
            // keeps) would cost more than they save
            return Self {
                sections: SectionsState::for_outline(crate::core::doc::outline::for_reader(doc)),
                cursor: crate::core::doc::cursor::CursorState::new(doc),
                stats: DocStats::of(doc),
                fingerprint: doc.fingerprint(),
            };
        }
        let (sections, cursor, (stats, fingerprint)) = std::thread::scope(|s| {
            let whole_text = s.spawn(|| (DocStats::of(doc), doc.fingerprint()));
            let cursor = s.spawn(|| crate::core::doc::cursor::CursorState::new(doc));
            let sections = SectionsState::for_outline(crate::core::doc::outline::for_reader(doc));
            let whole = whole_text
                .join()
                .unwrap_or_else(|_| (DocStats::of(doc), doc.fingerprint()));
            let cursor = cursor
                .join()
                .unwrap_or_else(|_| crate::core::doc::cursor::CursorState::new(doc));
            (sections, cursor, whole)
        });
        Self {
            sections,
            cursor,
            stats,
            fingerprint,
        }
    }
}

impl AppState {
    /// A reader for `doc` on a `width`×`height` terminal.
    pub fn new(doc: Document, name: &str, config: &Config, width: u16, height: u16) -> Self {
        let parts = DocParts::of(&doc);
        Self::with_parts(Arc::new(doc), parts, name, config, width, height)
    }

    /// A reader for `doc`, whose outline, cursor, stats and fingerprint are `parts`.
    pub(crate) fn with_parts(
        doc: Arc<Document>,
        parts: DocParts,
        name: &str,
        config: &Config,
        width: u16,
        height: u16,
    ) -> Self {
        let DocParts {
            sections,
            cursor,
            stats,
            fingerprint,
        } = parts;
        let mut app = Self {
            doc,
            name: one_line(name),
            fingerprint,
            measure: config.width.max(1),
            keymap: config.keymap.clone(),
            layout: Arc::new(Layout::default()),
            layout_cache: Vec::new(),
            viewport: Viewport::default(),
            width,
            height,
            focus: Focus::Article,
            mode: Mode::Normal,
            search: SearchSession::default(),
            sections,
            sidebar_tab: SidebarTab::Info,
            side_panes_hidden: false,
            mouse_capture: true,
            status: None,
            log: crate::core::app::log::MessageLog::default(),
            stats,
            pinned_section: None,
            saved_offset: None,
            quitting: false,
            to_library: false,
            failed: None,
            help_scroll: 0,
            entities: EntitiesState::default(),
            cursor,
            notes: crate::core::app::notes::NotesState {
                colors: crate::core::doc::annotation::TagColors::new(
                    Vec::new(),
                    config.tags.clone(),
                ),
                ..crate::core::app::notes::NotesState::default()
            },
            layout_pending: None,
            layout_request: None,
            loading: None,
        };
        app.relayout();
        app.sync_sections();
        app
    }

    /// The key tables to consult, most specific first.
    pub fn key_modes(&self) -> &'static [KeyMode] {
        match (self.mode, self.focus) {
            (Mode::Help, _) => &[KeyMode::Help],
            (Mode::Messages, _) => &[KeyMode::Messages],
            (Mode::Search, _) => &[KeyMode::Search],
            (Mode::EntityFilter, _) => &[KeyMode::EntityFilter],
            (Mode::MarkEntity, _) => &[KeyMode::MarkEntity],
            (Mode::Normal, Focus::Sidebar) if self.sidebar_tab == SidebarTab::Entities => {
                &[KeyMode::Entities, KeyMode::Sidebar, KeyMode::Normal]
            }
            (Mode::Visual, _) => &[KeyMode::Visual, KeyMode::Normal],
            (Mode::Prompt, _) => &[KeyMode::Prompt],
            (Mode::Editor, _) => &[KeyMode::Editor],
            (Mode::Choice, _) => &[KeyMode::Choice],
            (Mode::Normal, Focus::Sidebar) if self.sidebar_tab == SidebarTab::Notes => {
                &[KeyMode::Notes, KeyMode::Sidebar, KeyMode::Normal]
            }
            (Mode::Normal, Focus::Sections) => &[KeyMode::Sections, KeyMode::Normal],
            (Mode::Normal, Focus::Sidebar) => &[KeyMode::Sidebar, KeyMode::Normal],
            (Mode::Normal, _) => &[KeyMode::Normal],
        }
    }

    pub fn is_wide(&self) -> bool {
        self.width >= WIDE
    }

    /// Pane geometry, or `None` when the terminal is too small to read in.
    pub fn panes(&self) -> Option<Panes> {
        let (w, h) = (self.width, self.height);
        if w < MIN_WIDTH || h < MIN_HEIGHT {
            return None;
        }
        let body_h = h - 1;
        let status = Rect {
            x: 0,
            y: body_h,
            width: w,
            height: 1,
        };
        if self.is_wide() && !self.side_panes_hidden {
            let sw = (w / 5).clamp(24, 30);
            let bw = (w / 4).clamp(30, 36);
            return Some(Panes {
                sections: Some(Rect {
                    x: 0,
                    y: 0,
                    width: sw,
                    height: body_h,
                }),
                article: Rect {
                    x: sw,
                    y: 0,
                    width: w - sw - bw,
                    height: body_h,
                },
                sidebar: Some(Rect {
                    x: w - bw,
                    y: 0,
                    width: bw,
                    height: body_h,
                }),
                status,
                overlay: false,
            });
        }
        let article = Rect {
            x: 0,
            y: 0,
            width: w,
            height: body_h,
        };
        let overlay_narrow = !self.is_wide();
        let (sections, sidebar) = match self.focus {
            Focus::Sections if overlay_narrow => (
                Some(Rect {
                    x: 0,
                    y: 0,
                    width: w.min(32),
                    height: body_h,
                }),
                None,
            ),
            Focus::Sidebar if overlay_narrow => {
                let ow = w.min(36);
                (
                    None,
                    Some(Rect {
                        x: w - ow,
                        y: 0,
                        width: ow,
                        height: body_h,
                    }),
                )
            }
            _ => (None, None),
        };
        Some(Panes {
            sections,
            article,
            sidebar,
            status,
            overlay: sections.is_some() || sidebar.is_some(),
        })
    }

    /// Lines of the help overlay: per key table a heading, its rows, and a blank separator.
    pub fn help_line_count(&self) -> usize {
        let help = self.keymap.help();
        help.iter()
            .map(|s| s.rows.len() + 2)
            .sum::<usize>()
            .saturating_sub(1)
    }

    /// A bordered box `width` cells wide for `rows` rows of content, centred above the status
    /// bar and as tall as fits; with the rows it shows. `None` when the terminal is too small.
    pub fn overlay_box(&self, width: u16, rows: usize) -> Option<(Rect, usize)> {
        let panes = self.panes()?;
        let avail_h = usize::from(panes.status.y.saturating_sub(2));
        let shown = rows.min(avail_h.saturating_sub(2)).max(1);
        let height = u16::try_from(shown + 2)
            .unwrap_or(u16::MAX)
            .min(panes.status.y);
        let area = Rect {
            x: (self.width - width.min(self.width)) / 2,
            y: (panes.status.y - height) / 2,
            width,
            height,
        };
        Some((area, shown))
    }

    /// The help overlay's box, or `None` when the terminal is too small.
    pub fn help_geometry(&self) -> Option<HelpGeometry> {
        let avail_w = self.width.saturating_sub(4);
        let columns = usize::from((avail_w.saturating_sub(2) / HELP_COLUMN).clamp(1, 2));
        let lines = self.help_line_count();
        let total_rows = lines.div_ceil(columns);
        let cols_u16 = u16::try_from(columns).unwrap_or(1);
        let width = avail_w.min(cols_u16 * HELP_COLUMN + 2);
        let (area, rows) = self.overlay_box(width, total_rows)?;
        Some(HelpGeometry {
            area,
            columns,
            rows,
            total_rows,
        })
    }

    /// Text width and left padding of the article inside its pane.
    pub fn text_columns(&self) -> Option<(u16, u16)> {
        let inner = self.panes()?.article.inner();
        let avail = inner.width.saturating_sub(2).max(1);
        let width = self.measure.min(avail).max(1);
        Some((width, (inner.width - width.min(inner.width)) / 2))
    }

    /// Visible article lines (at least 1).
    pub fn page_height(&self) -> usize {
        self.panes()
            .map_or(1, |p| usize::from(p.article.inner().height).max(1))
    }

    /// The largest `top`: the last line may rest at the bottom of the view, no further.
    pub fn max_top(&self) -> usize {
        self.layout.len().saturating_sub(self.page_height())
    }

    /// How far through the article the view is, 0..=100.
    pub fn percent(&self) -> u16 {
        if self.loading.is_none() && self.layout_pending.is_some() && self.shows_last_page() {
            // the last page of a partial layout around the end
            return 100;
        }
        if self.layout_pending.is_some() || self.loading.is_some() {
            // a partial layout's lines say nothing about the whole: use the source offset
            let len = self
                .loading
                .as_ref()
                .map_or(self.doc.source.len(), |l| l.total)
                .max(1);
            return u16::try_from(self.viewport.anchor.min(len) * 100 / len).unwrap_or(100);
        }
        let max = self.max_top();
        if max == 0 {
            return 100;
        }
        let p = self.viewport.top.min(max) * 100 / max;
        u16::try_from(p).unwrap_or(100)
    }

    /// Says `text` in the status bar (until the next key).
    pub fn info(&mut self, text: &str) {
        self.say(text, MessageLevel::Info);
    }

    /// Says `text` in the status bar as an error (until the next key).
    pub fn error(&mut self, text: &str) {
        self.say(text, MessageLevel::Error);
    }

    fn say(&mut self, text: &str, level: MessageLevel) {
        let message = StatusMessage {
            text: text.to_owned(),
            level,
        };
        self.log.push(message.clone());
        self.status = Some(message);
    }

    /// The reading position (source offset of the top line).
    pub fn reading_offset(&self) -> usize {
        self.viewport.anchor
    }

    /// The title of the section (or topic) the reader is in; paragraph entries are skipped.
    pub fn current_section_title(&self) -> Option<&str> {
        self.sections
            .current
            .and_then(|i| (0..=i).rev().find(|&j| !self.sections.is_paragraph(j)))
            .and_then(|i| self.sections.items.get(i))
            .map(|s| &*s.title)
    }

    /// Lays the document out for the current text width (from the cache when possible) and
    /// puts the view back on the same source offset. Skipped while the terminal is too small.
    pub(crate) fn relayout(&mut self) {
        let Some((width, _)) = self.text_columns() else {
            return;
        };
        if self.layout.width == width && !self.layout_cache.is_empty() {
            return;
        }
        if self.layout_pending == Some(width) && self.layout.width == width {
            return;
        }
        let cached = self.layout_cache.iter().any(|l| l.width == width);
        if !cached && self.doc.source.len() > LAZY_LAYOUT_BYTES {
            self.partial_layout(width);
            return;
        }
        self.layout_pending = None;
        let layout = if let Some(pos) = self.layout_cache.iter().position(|l| l.width == width) {
            self.layout_cache.remove(pos)
        } else {
            Arc::new(Layout::new(&self.doc, width))
        };
        self.show_layout(layout);
    }

    /// Makes `layout` the one shown (remembering it in the cache) and puts the view back on the
    /// anchor, which stays as it was: it is the reading position across widths, not the
    /// clamped line.
    fn show_layout(&mut self, layout: Arc<Layout>) {
        self.layout_cache.push(Arc::clone(&layout));
        if self.layout_cache.len() > LAYOUT_CACHE {
            self.layout_cache.remove(0);
        }
        self.layout = layout;
        let top = self.layout.line_for_offset(self.viewport.anchor);
        self.viewport.top = top.min(self.max_top());
    }

    /// Whether the view shows the end of the document (its last page; a resize keeps it
    /// there).
    pub(crate) fn at_end(&self) -> bool {
        !self.layout.is_empty() && self.viewport.top > 0 && self.shows_last_page()
    }

    /// Whether the view rests on the layout's last page and that layout holds the end of the
    /// document (a partial one may not).
    fn shows_last_page(&self) -> bool {
        self.viewport.top >= self.max_top()
            && self.layout.covers(self.doc.source.len().saturating_sub(1))
    }

    /// Shows a partial layout around the reading position at `width` and asks (through
    /// `update`) for the full one to be built in the background.
    pub(crate) fn partial_layout(&mut self, width: u16) {
        let anchor = self.viewport.anchor.min(self.doc.source.len());
        let doc = &self.doc;
        // the block the reading position is in, then back a little for context
        let at = doc
            .partition_blocks(|r| r.start <= anchor)
            .saturating_sub(1);
        let from = doc
            .partition_blocks(|r| r.start + PARTIAL_LAYOUT_BYTES / 8 <= anchor)
            .min(at)
            .saturating_sub(1);
        let start = doc.block_range(from).map_or(0, |r| r.start);
        let to = doc.partition_blocks(|r| r.start < start + PARTIAL_LAYOUT_BYTES);
        self.layout = Arc::new(Layout::for_blocks(&self.doc, from..to.max(at + 1), width));
        if self.layout_pending != Some(width) {
            self.layout_request = Some(width);
        }
        self.layout_pending = Some(width);
        let top = self.layout.line_for_offset(anchor);
        self.viewport.top = top.min(self.max_top());
    }

    /// The full layout the shell must build next, if any (once).
    pub(crate) fn take_layout_request(&mut self) -> Option<u16> {
        self.layout_request.take()
    }

    /// Installs a full layout built in the background, if it is for the current width and one
    /// is still awaited (stale results are dropped). Keeps the reading position. Returns
    /// whether it was installed.
    pub(crate) fn install_layout(&mut self, layout: Arc<Layout>) -> bool {
        let current = self.text_columns().map(|(w, _)| w);
        if self.layout_pending != Some(layout.width) || current != Some(layout.width) {
            return false;
        }
        self.layout_pending = None;
        self.layout_cache.retain(|l| l.width != layout.width);
        self.show_layout(layout);
        true
    }

    /// Replaces the document shown (the first part of a big one) by the whole, which begins
    /// with the same text: the reading position (a source offset) and the cursor's sentence
    /// stay, the first part's layouts are forgotten. `layout` is the whole's, shown if it is
    /// for the current width (else the whole is laid out as after a resize).
    pub(crate) fn install_document(
        &mut self,
        doc: Arc<Document>,
        parts: DocParts,
        layout: Arc<Layout>,
    ) {
        self.doc = doc;
        let at = self.cursor.current().start;
        self.fingerprint = parts.fingerprint;
        self.stats = parts.stats;
        self.sections = parts.sections;
        self.cursor = parts.cursor;
        self.cursor.go_to(&self.doc.source, at);
        self.layout_cache.clear();
        self.layout_pending = None;
        self.layout_request = None;
        self.pinned_section = None;
        if self.text_columns().map(|(w, _)| w) == Some(layout.width) {
            self.show_layout(layout);
        } else {
            self.layout = Arc::new(Layout::default());
            self.relayout();
        }
        self.sync_sections();
    }

    /// Moves the view to line `top` (clamped) and updates the anchor and scroll-spy.
    pub(crate) fn set_top(&mut self, top: usize) {
        let top = top.min(self.max_top());
        self.viewport = Viewport {
            top,
            anchor: self.layout.offset_of_line(top),
        };
        self.pinned_section = None;
        self.sync_sections();
    }

    /// Scroll-spy: the current section follows the reading position; the selection follows
    /// it too unless the reader is working in the sections pane.
    pub(crate) fn sync_sections(&mut self) {
        let items = &self.sections.items;
        let top_offset = self.layout.offset_of_line(self.viewport.top);
        let mut current = section_at(items, self.viewport.anchor.max(top_offset));
        if let Some(p) = self.pinned_section {
            current = Some(p);
        } else if self.max_top() > 0 && self.viewport.top >= self.max_top() {
            // At the very end the last sections can never reach the top of the view: if one
            // starts inside the view, the reader is in it.
            let bottom = (self.viewport.top + self.page_height())
                .min(self.layout.len())
                .saturating_sub(1);
            if let Some(b) = section_at(items, self.layout.offset_of_line(bottom))
                && current.is_none_or(|c| b > c)
            {
                current = Some(b);
            }
        }
        self.sections.current = current;
        self.follow_selection();
    }

    fn follow_selection(&mut self) {
        if self.focus != Focus::Sections
            && let Some(c) = self.sections.current
        {
            self.sections.selected = c;
        }
        self.clamp_sections_offset();
    }

    /// Listed rows visible in the sections pane.
    pub fn sections_height(&self) -> usize {
        let h = self
            .panes()
            .and_then(|p| p.sections)
            .map_or(self.height.saturating_sub(3), |r| r.inner().height);
        (usize::from(h) / crate::core::app::entities::section_row_height(self)).max(1)
    }

    /// Keeps the selected row inside the sections pane's scroll window.
    pub(crate) fn clamp_sections_offset(&mut self) {
        let h = self.sections_height();
        let rows = self.sections.rows.len();
        let sel = self.sections.row_of(self.sections.selected).unwrap_or(0);
        let s = &mut self.sections;
        if sel < s.offset {
            s.offset = sel;
        } else if sel >= s.offset + h {
            s.offset = sel + 1 - h;
        }
        s.offset = s.offset.min(rows.saturating_sub(h));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_words_agrees_with_split_whitespace() {
        for text in [
            "",
            "one two  three\n\nfour",
            "a — b 1,019 – ¹⁰ 中文 x\u{a0}y\u{3000}z   ",
            "\t--- *** ...",
            include_str!("../../../seeds/china-russia-deepen-technological-ties.txt"),
        ] {
            let expected = text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(count_words(text), expected, "{text:?}");
        }
    }
    use crate::core::doc::document::{Block, BlockKind, Format, Inline, Metadata, Part};

    pub(crate) fn doc_with_headings(levels: &[u8]) -> Document {
        let mut source = String::new();
        let mut blocks = Vec::new();
        for (i, &l) in levels.iter().enumerate() {
            let start = source.len();
            source.push_str("Heading ");
            source.push_str(&i.to_string());
            source.push_str("\n\n");
            blocks.push(Block {
                kind: BlockKind::Heading {
                    level: l,
                    inlines: smallvec::smallvec![Inline::plain(start..start + 9)],
                },
                range: crate::core::doc::document::span(start..start + 9),
                part: Part::Body,
            });
            let p = source.len();
            source.push_str("Some words here.\n\n");
            blocks.push(Block {
                kind: BlockKind::Paragraph(smallvec::smallvec![Inline::plain(p..p + 16)]),
                range: crate::core::doc::document::span(p..p + 16),
                part: Part::Body,
            });
        }
        Document {
            lazy: None,
            source,
            format: Format::Markdown,
            meta: Metadata::default(),
            blocks,
        }
    }

    #[test]
    fn outline_lists_headings_with_nested_ends() {
        let doc = doc_with_headings(&[1, 2, 2, 1]);
        let o = outline(&doc);
        assert_eq!(o.len(), 4);
        assert_eq!(o[0].end(), o[3].start());
        assert_eq!(o[1].end(), o[2].start());
        assert_eq!(o[3].end(), doc.source.len());
        assert_eq!(section_at(&o, 0), Some(0));
        assert_eq!(section_at(&o, o[2].start() + 1), Some(2));
    }

    #[test]
    fn folding_hides_subsections() {
        let mut s = SectionsState::new(outline(&doc_with_headings(&[1, 2, 3, 1, 2])));
        assert_eq!(s.rows, vec![0, 1, 2, 3, 4]);
        s.folded[0] = true;
        s.recompute_rows();
        assert_eq!(s.rows, vec![0, 3, 4]);
        assert_eq!(
            s.row_of(2),
            Some(0),
            "hidden item maps to its listed ancestor"
        );
        assert!(s.has_children(0) && !s.has_children(2));
        assert_eq!(s.parent(2), Some(1));
        assert_eq!(s.parent(3), None);
    }

    #[test]
    fn wide_terminals_get_three_panes_narrow_ones_overlays() {
        let doc = doc_with_headings(&[1]);
        let mut st = AppState::new(doc, "t.md", &Config::default(), 120, 40);
        let p = st.panes().unwrap();
        let (s, a, b) = (p.sections.unwrap(), p.article, p.sidebar.unwrap());
        assert_eq!(s.width + a.width + b.width, 120);
        assert!(!p.overlay);
        st.width = 80;
        let p = st.panes().unwrap();
        assert!(p.sections.is_none() && p.sidebar.is_none());
        assert_eq!(p.article.width, 80);
        st.focus = Focus::Sections;
        let p = st.panes().unwrap();
        assert!(p.overlay && p.sections.is_some());
        st.width = 19;
        assert!(st.panes().is_none());
    }

    #[test]
    fn reading_measure_caps_the_text_width() {
        let doc = doc_with_headings(&[1]);
        let st = AppState::new(doc.clone(), "t", &Config::default(), 200, 40);
        assert_eq!(st.text_columns().unwrap().0, 80);
        let st = AppState::new(doc, "t", &Config::default(), 40, 12);
        assert_eq!(st.text_columns().unwrap().0, 36);
    }

    #[test]
    fn stats_count_words_and_reading_time() {
        let s = DocStats::of(&doc_with_headings(&[1, 1]));
        assert_eq!(s.words, 10);
        assert_eq!(s.reading_minutes, 1);
    }
}
