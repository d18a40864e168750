//! The reader's view of the named entities: what was recognised, how the Entities tab lists
//! it (grouped by type, most-mentioned first, filtered), which entity is selected and which of
//! its mentions the reader is on, which types are highlighted.
//!
//! Recognition itself runs in the shell on a background thread (the recogniser is pure, but a
//! 100 MB book takes seconds): [`EntitiesState`] only asks for it with
//! `Effect::RecognizeEntities` and takes the results back in batches
//! (`Action::Entities(EntitiesAction::Recognized)`), so the first frame never waits. Each request carries a
//! generation number; a batch from an older request (the user saved an entity meanwhile) is
//! dropped. All the logic here is called from `core::app::update` through [`update`], so it is as
//! testable as the rest of the reader: state + actions → state + effects.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use crate::core::app::editor::{erase_grapheme, type_char};
use crate::core::app::messages::{Action, Effect, Outcome};
use crate::core::app::reading;
use crate::core::app::search::{step_wrapping, wrapped_note};
use crate::core::app::state::{AppState, Focus, Mode, SidebarTab};
use crate::core::doc::document::Document;
use crate::core::doc::entities::dates::{DateValue, Day, parse_day, resolve};
use crate::core::doc::entities::watch::{WatchEntry, watching};
use crate::core::doc::entities::{Entity, EntityKind, Mention};
use crate::core::doc::sanitize::one_line;
use crate::core::doc::sections::Section;

/// How many entities the sections pane names per section.
pub const SECTION_TOP: usize = 2;

/// Everything the entities feature does, as data (wrapped in `Action::Entities`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntitiesAction {
    /// (Re-)run entity recognition in the background.
    Recognize,
    /// Entity recognition results (a chunk, or all of them when done).
    Recognized(EntityBatch),
    /// Turn all entity highlighting on or off.
    ToggleHighlights,
    /// Entities tab: move the selection (the selected entity's mentions are emphasised).
    SelectNext,
    SelectPrev,
    /// Entities tab: jump to the selected entity's first mention.
    Jump,
    /// Entities tab: open the filter.
    StartFilter,
    /// A character typed into the entity filter.
    FilterInput(char),
    FilterBackspace,
    /// Close the filter, keep it.
    FilterConfirm,
    /// Close the filter and clear it.
    FilterCancel,
    /// Entities tab: hide or show the highlights of the selected row's type.
    ToggleType,
    /// Sections pane: show or hide the most-mentioned entities per section.
    ToggleInSections,
    /// Mark the current search match (or the selected entity) as an entity: opens the type prompt.
    Mark,
    /// Save the phrase being marked as an entity of this type (`None`: not an entity).
    MarkAs(Option<EntityKind>),
    MarkCancel,
    /// Entities tab: the selected entity is not an entity (saved to entities.toml).
    NotAnEntity,
    /// entities.toml was written; the message says what changed.
    UserEntitySaved(String),
    /// Watch or stop watching the entity under the cursor (or selected in the Entities tab).
    ToggleWatch,
    /// The watch-list read from entities.toml (sent before a recognition's batches).
    WatchList(Vec<WatchEntry>),
}

/// Whether an entities action comes from the user (and so clears the last message).
pub fn is_user_action(action: &EntitiesAction) -> bool {
    !matches!(
        action,
        EntitiesAction::Recognize
            | EntitiesAction::Recognized(_)
            | EntitiesAction::UserEntitySaved(_)
            | EntitiesAction::WatchList(_)
    )
}

/// A shared handle on the open document for the background recogniser. Two handles are equal
/// when they point at the same document (effects are compared in tests; documents are not).
#[derive(Debug, Clone)]
pub struct DocHandle(pub Arc<Document>);

impl PartialEq for DocHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for DocHandle {}

/// The reader's outline, shared with the background recogniser, which summarises each entry's
/// entities: a big document's outline is tens of megabytes, not to be built twice. Equal when
/// they are the same outline.
#[derive(Debug, Clone)]
pub struct OutlineHandle(pub Arc<Vec<Section>>);

impl PartialEq for OutlineHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for OutlineHandle {}

/// A batch of recognition results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityBatch {
    /// The request this answers (older generations are ignored).
    pub generation: u64,
    /// Sorted, non-overlapping mentions. With `done`, all of them (they replace what came
    /// before: the final consistency pass may retype early ones); otherwise those of the next
    /// chunk of blocks, appended.
    pub mentions: Vec<Mention>,
    /// All the mentions so far, grouped (done in the background: grouping millions of
    /// mentions is not for the event loop).
    pub entities: Vec<Entity>,
    /// Colours of the user's custom types (from entities.toml).
    pub custom_colors: Vec<(EntityKind, (u8, u8, u8))>,
    /// How much of the document has been scanned, 0..=100.
    pub percent: u8,
    pub done: bool,
    /// With `done`: [`section_summaries`] of the document's outline (also done in the
    /// background: a long document has tens of thousands of sections).
    pub section_summaries: SectionSummaries,
}

/// Results a batch replaced, for the shell to free off the event loop
/// ([`Effect::Discard`]): freeing thousands of groups, each with its own strings and lists,
/// takes milliseconds, and a key press must not wait for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Replaced {
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
}

/// Where recognition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Recognition {
    /// Not asked for yet.
    #[default]
    Idle,
    /// Running in the background; this much scanned.
    Running(u8),
    Done,
}

/// One row of the Entities tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRow {
    /// A type header: an index into [`EntitiesState::kinds`].
    Kind(usize),
    /// An entity: an index into [`EntitiesState::entities`].
    Entity(usize),
    /// The other names of the entity above (`PRC, People's Republic of China`); selection
    /// steps over it.
    Aliases(usize),
}

/// Everything the reader knows and shows about entities.
#[derive(Debug, Clone)]
pub struct EntitiesState {
    /// The entity the reader was opened to follow (from the library's Entities view): it
    /// becomes the chosen one as soon as recognition finds it here, so `n`/`N` step through
    /// its mentions.
    pub follow: Option<(String, EntityKind)>,
    pub recognition: Recognition,
    pub generation: u64,
    /// All mentions, sorted by start, non-overlapping.
    pub mentions: Vec<Mention>,
    /// Grouped entities, most-mentioned first.
    pub entities: Vec<Entity>,
    /// The types present, in display order (core types first, then custom ones).
    pub kinds: Vec<EntityKind>,
    /// Per type in `kinds`: how many entities and how many mentions (computed once per batch,
    /// not per frame).
    pub kind_totals: Vec<(usize, usize)>,
    /// Colours the user gave custom types in entities.toml (`#rrggbb`), as RGB.
    pub custom_colors: Vec<(EntityKind, (u8, u8, u8))>,
    /// Types whose highlights are hidden (kept across re-recognition).
    pub hidden: BTreeSet<EntityKind>,
    /// All highlighting on (`e`).
    pub highlight: bool,
    /// Type-to-filter text (case-insensitive, matched against names and aliases).
    pub filter: String,
    /// The rows listed (after the filter).
    pub rows: Vec<EntityRow>,
    /// The selected row.
    pub selected: usize,
    /// First listed row shown.
    pub offset: usize,
    /// The selected entity (its mentions are emphasised; `n`/`N` step through them).
    pub chosen: Option<usize>,
    /// The mention of the chosen entity the reader is on.
    pub mention: Option<usize>,
    /// Per section item: its most-mentioned entities, ready to show (`China ×12 · Russia ×9`).
    pub section_summaries: SectionSummaries,
    /// Show those summaries in the sections pane.
    pub show_in_sections: bool,
    /// The phrase being marked (the mark prompt is open).
    pub marking: Option<String>,
    /// The watch-list from entities.toml: watched entities are marked and listed first.
    pub watch: Vec<WatchEntry>,
    /// The article's publication date, which DATE rows are resolved against (and sorted by).
    pub published: Option<Day>,
}

impl Default for EntitiesState {
    fn default() -> Self {
        Self {
            follow: None,
            recognition: Recognition::Idle,
            generation: 0,
            mentions: Vec::new(),
            entities: Vec::new(),
            kinds: Vec::new(),
            kind_totals: Vec::new(),
            custom_colors: Vec::new(),
            hidden: BTreeSet::new(),
            highlight: true,
            filter: String::new(),
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            chosen: None,
            mention: None,
            section_summaries: SectionSummaries::default(),
            show_in_sections: true,
            marking: None,
            watch: Vec::new(),
            published: None,
        }
    }
}

/// The display (and colour) order of the core types.
pub const KIND_ORDER: [EntityKind; 8] = EntityKind::BUILTIN;

/// A friendly name for a type (the legend and the mark prompt use it).
pub fn kind_name(kind: &EntityKind) -> String {
    match kind {
        EntityKind::Person => "person".into(),
        EntityKind::Org => "organisation".into(),
        EntityKind::Gpe => "country/city".into(),
        EntityKind::Loc => "place".into(),
        EntityKind::Norp => "group".into(),
        EntityKind::Date => "date".into(),
        EntityKind::Money => "money".into(),
        EntityKind::Percent => "percent".into(),
        EntityKind::Custom(s) => s.to_lowercase(),
    }
}

impl EntitiesState {
    /// The colour slot of a type: core types by [`KIND_ORDER`], custom types after them in
    /// the order they appear.
    pub fn color_index(&self, kind: &EntityKind) -> usize {
        if let Some(i) = KIND_ORDER.iter().position(|k| k == kind) {
            return i;
        }
        let custom = self
            .kinds
            .iter()
            .filter(|k| matches!(k, EntityKind::Custom(_)))
            .position(|k| k == kind)
            .unwrap_or(0);
        KIND_ORDER.len() + custom
    }

    /// Whether mentions of `kind` are highlighted.
    pub fn shows(&self, kind: &EntityKind) -> bool {
        self.highlight && !self.hidden.contains(kind)
    }

    /// The chosen entity.
    pub fn chosen_entity(&self) -> Option<&Entity> {
        self.chosen.and_then(|i| self.entities.get(i))
    }

    /// The mentions overlapping `range` (binary search: the cost follows the range, not the
    /// document).
    pub fn mentions_in(&self, range: &Range<usize>) -> &[Mention] {
        let lo = self
            .mentions
            .partition_point(|m| m.range.end <= range.start);
        let hi = self.mentions.partition_point(|m| m.range.start < range.end);
        self.mentions.get(lo..hi.max(lo)).unwrap_or_default()
    }

    /// How many entities of `kind` there are and how many mentions they have.
    pub fn kind_counts(&self, kind: &EntityKind) -> (usize, usize) {
        self.kinds
            .iter()
            .position(|k| k == kind)
            .and_then(|i| self.kind_totals.get(i).copied())
            .unwrap_or((0, 0))
    }

    /// The colour the user configured for a custom type.
    pub fn custom_color(&self, kind: &EntityKind) -> Option<(u8, u8, u8)> {
        self.custom_colors
            .iter()
            .find(|(k, _)| k == kind)
            .map(|&(_, c)| c)
    }

    fn matches_filter(&self, e: &Entity) -> bool {
        if self.filter.is_empty() {
            return true;
        }
        let f = self.filter.to_lowercase();
        e.canonical.to_lowercase().contains(&f)
            || e.aliases.iter().any(|a| a.to_lowercase().contains(&f))
    }

    /// Is the entity `i` on the watch-list?
    pub fn is_watched(&self, i: usize) -> bool {
        self.entities
            .get(i)
            .is_some_and(|e| watching(&self.watch, e).is_some())
    }

    /// The entities of `kind` listed (after the filter), in list order: most-mentioned first;
    /// dates in chronological order (those that do not resolve last).
    fn listed_of(&self, kind: &EntityKind) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.entities.len())
            .filter(|&i| &self.entities[i].kind == kind && self.matches_filter(&self.entities[i]))
            .collect();
        if *kind == EntityKind::Date {
            // resolved once per entity, not per comparison
            let mut keyed: Vec<(Option<DateValue>, usize)> = out
                .iter()
                .map(|&i| (resolve(&self.entities[i].canonical, self.published), i))
                .collect();
            keyed.sort_by(|(x, a), (y, b)| match (x, y) {
                (Some(x), Some(y)) => x.chronological(y).then(a.cmp(b)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.cmp(b),
            });
            out = keyed.into_iter().map(|(_, i)| i).collect();
        }
        out
    }

    fn push_entity_rows(&mut self, i: usize) {
        self.rows.push(EntityRow::Entity(i));
        if self.entities.get(i).is_some_and(|e| !e.aliases.is_empty()) {
            self.rows.push(EntityRow::Aliases(i));
        }
    }

    /// Rebuilds the listed rows from the entities and the filter, keeping the chosen entity
    /// selected when it is still listed. Watched entities come first (without a header; they
    /// carry the watch mark), then each type under its header.
    pub fn rebuild_rows(&mut self) {
        self.rows.clear();
        let kinds = self.kinds.clone();
        let listed: Vec<Vec<usize>> = kinds.iter().map(|k| self.listed_of(k)).collect();
        for i in listed.iter().flatten().copied().collect::<Vec<_>>() {
            if self.is_watched(i) {
                self.push_entity_rows(i);
            }
        }
        for (k, ids) in listed.into_iter().enumerate() {
            let start = self.rows.len();
            for i in ids {
                if !self.is_watched(i) {
                    self.push_entity_rows(i);
                }
            }
            if self.rows.len() > start {
                self.rows.insert(start, EntityRow::Kind(k));
            }
        }
        self.selected = self
            .chosen
            .and_then(|c| self.rows.iter().position(|r| *r == EntityRow::Entity(c)))
            .unwrap_or_else(|| self.selected.min(self.rows.len().saturating_sub(1)));
    }

    /// The type of the selected row (a header's, or the entity's).
    pub fn selected_kind(&self) -> Option<&EntityKind> {
        match self.rows.get(self.selected)? {
            EntityRow::Kind(k) => self.kinds.get(*k),
            EntityRow::Entity(i) | EntityRow::Aliases(i) => self.entities.get(*i).map(|e| &e.kind),
        }
    }

    /// Takes new results: re-lists, re-finds the chosen entity by name.
    /// Takes new results: re-lists, re-finds the chosen entity by name. Returns the old ones.
    fn set_results(&mut self, mentions: Vec<Mention>, entities: Vec<Entity>) -> Replaced {
        let chosen = self
            .chosen_entity()
            .map(|e| (e.canonical.clone(), e.kind.clone()));
        let replaced = Replaced {
            mentions: std::mem::replace(&mut self.mentions, mentions),
            entities: std::mem::replace(&mut self.entities, entities),
        };
        let mut kinds: Vec<EntityKind> = KIND_ORDER
            .iter()
            .filter(|k| self.entities.iter().any(|e| &e.kind == *k))
            .cloned()
            .collect();
        let custom: BTreeSet<EntityKind> = self
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Custom(_)))
            .map(|e| e.kind.clone())
            .collect();
        kinds.extend(custom);
        self.kind_totals = kinds
            .iter()
            .map(|k| {
                self.entities
                    .iter()
                    .filter(|e| &e.kind == k)
                    .fold((0, 0), |(n, m), e| (n + 1, m + e.count()))
            })
            .collect();
        self.kinds = kinds;
        self.chosen = chosen.and_then(|(name, kind)| {
            self.entities
                .iter()
                .position(|e| e.canonical == name && e.kind == kind)
        });
        if self.chosen.is_none() {
            self.mention = None;
        }
        self.rebuild_rows();
        replaced
    }
}

/// Parses `#rrggbb` (the colour format of entities.toml), ignoring surrounding space.
pub fn parse_hex_color(s: &str) -> Option<(u8, u8, u8)> {
    crate::core::app::color::parse_hex_rgb(s.trim())
}

/// Per outline entry, its most-mentioned named entities ready to show (`China ×12 · Russia
/// ×9`), kept only for the entries that name any: a long document's outline has an entry per
/// paragraph, and most of those name nobody.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionSummaries {
    /// How many entries the outline has (0: no summaries yet).
    entries: usize,
    /// (entry, summary), by entry; no empty summaries.
    lines: Vec<(u32, Box<str>)>,
}

impl SectionSummaries {
    /// The summaries of an outline of `lines.len()` entries, one per entry (empty: none).
    pub fn from_lines(lines: Vec<String>) -> Self {
        Self {
            entries: lines.len(),
            lines: (0u32..)
                .zip(lines)
                .filter(|(_, l)| !l.is_empty())
                .map(|(i, l)| (i, l.into_boxed_str()))
                .collect(),
        }
    }

    /// The summary of entry `i`, if it names anyone.
    pub fn get(&self, i: usize) -> Option<&str> {
        let i = u32::try_from(i).ok()?;
        let at = self.lines.binary_search_by_key(&i, |(e, _)| *e).ok()?;
        self.lines.get(at).map(|(_, l)| &**l)
    }

    /// How many entries the outline summarised has.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether there are no summaries yet.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }
}

/// Per section item of the outline `items`, its most-mentioned named `entities` (dates and
/// amounts are left out: the summary says who and where).
pub fn section_summaries(items: &[Section], entities: &[Entity]) -> SectionSummaries {
    // (section, entity) → mentions; a map keeps this linear in the mentions, and its order
    // hands each section's entities over together
    let mut by_pair: std::collections::BTreeMap<(usize, usize), usize> =
        std::collections::BTreeMap::new();
    let enclosing = enclosing(items);
    for (ei, e) in entities.iter().enumerate() {
        if matches!(
            e.kind,
            EntityKind::Date | EntityKind::Money | EntityKind::Percent
        ) {
            continue;
        }
        for m in &e.mentions {
            // The innermost entry and, up to its author section, the entries around it: a
            // paragraph, its topic and its section each name their own top entities.
            let mut at = crate::core::doc::sections::section_at(items, m.start);
            while let Some(s) = at {
                *by_pair.entry((s, ei)).or_default() += 1;
                at = enclosing
                    .get(s)
                    .copied()
                    .filter(|&e| e != NO_ENTRY)
                    .map(|e| e as usize);
            }
        }
    }
    let mut lines = Vec::new();
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let mut pairs = by_pair.into_iter().peekable();
    while let Some(((s, ei), n)) = pairs.next() {
        counts.push((ei, n));
        if pairs.peek().is_some_and(|((next, _), _)| *next == s) {
            continue;
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let line = counts
            .iter()
            .take(SECTION_TOP)
            .filter_map(|&(ei, n)| {
                let e = entities.get(ei)?;
                Some(format!("{} ×{n}", one_line(&e.canonical)))
            })
            .collect::<Vec<_>>()
            .join(" · ");
        counts.clear();
        if let (false, Ok(s)) = (line.is_empty(), u32::try_from(s)) {
            lines.push((s, line.into_boxed_str()));
        }
    }
    SectionSummaries {
        entries: items.len(),
        lines,
    }
}

/// No enclosing entry (see [`enclosing`]).
const NO_ENTRY: u32 = u32::MAX;

/// Per entry, the entry enclosing it when it is inferred (a paragraph's topic or section, a
/// topic's section); [`NO_ENTRY`] for author sections. Linear, with a stack of open entries.
/// `u32`s: a long document's outline has an entry per paragraph.
fn enclosing(items: &[Section]) -> Vec<u32> {
    use crate::core::doc::sections::SectionKind;
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, s) in items.iter().enumerate() {
        while open.last().is_some_and(|&j| items[j].level >= s.level) {
            open.pop();
        }
        out.push(
            open.last()
                .filter(|_| s.kind != SectionKind::Author)
                .and_then(|&j| u32::try_from(j).ok())
                .unwrap_or(NO_ENTRY),
        );
        open.push(i);
    }
    out
}

/// Screen lines per listed section: two when the entity summaries are shown.
pub fn section_row_height(state: &AppState) -> usize {
    if state.entities.show_in_sections && !state.entities.section_summaries.is_empty() {
        2
    } else {
        1
    }
}

/// Whether `n`/`N` step through the chosen entity's mentions rather than search matches.
pub fn steps_mentions(state: &AppState) -> bool {
    state.entities.chosen_entity().is_some()
}

/// Forgets the chosen entity (a new search or `Esc` hands `n`/`N` back to search).
pub fn clear_choice(state: &mut AppState) {
    state.entities.chosen = None;
    state.entities.mention = None;
    // an entity the reader was opened to follow is not chosen later either
    state.entities.follow = None;
}

/// Handles the entity actions; `core::app::update` delegates them here.
#[allow(clippy::too_many_lines)] // one flat dispatch table, like `core::app::update`
pub fn update(state: &mut AppState, action: EntitiesAction) -> Outcome {
    let mut effects = Vec::new();
    match action {
        EntitiesAction::Recognize => effects.push(recognize(state)),
        EntitiesAction::Recognized(batch) => {
            if let Some(replaced) = take_batch(state, batch)
                && !(replaced.mentions.is_empty() && replaced.entities.is_empty())
            {
                effects.push(Effect::Discard(Box::new(replaced)));
            }
        }
        EntitiesAction::ToggleHighlights => {
            state.entities.highlight = !state.entities.highlight;
            let msg = if state.entities.highlight {
                "Entity highlighting on"
            } else {
                "Entity highlighting off (e: on)"
            };
            state.info(msg);
        }
        EntitiesAction::SelectNext => select(state, 1),
        EntitiesAction::SelectPrev => select(state, -1),
        EntitiesAction::Jump => jump(state),
        EntitiesAction::StartFilter => {
            state.mode = Mode::EntityFilter;
        }
        EntitiesAction::FilterInput(c) => {
            type_char(&mut state.entities.filter, c);
            refilter(state);
        }
        EntitiesAction::FilterBackspace => {
            erase_grapheme(&mut state.entities.filter);
            refilter(state);
        }
        EntitiesAction::FilterConfirm => state.mode = Mode::Normal,
        EntitiesAction::FilterCancel => {
            state.mode = Mode::Normal;
            state.entities.filter.clear();
            state.entities.rebuild_rows();
            clamp_offset(state);
        }
        EntitiesAction::ToggleType => {
            if let Some(kind) = state.entities.selected_kind().cloned() {
                let label = kind.label().to_owned();
                let msg = if state.entities.hidden.remove(&kind) {
                    format!("{label} highlighted")
                } else {
                    state.entities.hidden.insert(kind);
                    format!("{label} hidden")
                };
                state.info(&msg);
            }
        }
        EntitiesAction::ToggleInSections => {
            state.entities.show_in_sections = !state.entities.show_in_sections;
            state.clamp_sections_offset();
        }
        EntitiesAction::Mark => start_marking(state),
        EntitiesAction::MarkAs(kind) => {
            state.mode = Mode::Normal;
            if let Some(phrase) = state.entities.marking.take() {
                effects.push(Effect::SaveUserEntity {
                    phrases: vec![phrase],
                    kind,
                });
            }
        }
        EntitiesAction::MarkCancel => {
            state.mode = Mode::Normal;
            state.entities.marking = None;
        }
        EntitiesAction::NotAnEntity => {
            if let Some(e) = state.entities.chosen_entity() {
                let mut phrases = vec![e.canonical.clone()];
                phrases.extend(e.aliases.iter().cloned());
                effects.push(Effect::SaveUserEntity {
                    phrases,
                    kind: None,
                });
            } else {
                state.info("Select an entity first");
            }
        }
        EntitiesAction::UserEntitySaved(msg) => {
            state.info(&msg);
            // recognise again with the new entry
            return Outcome {
                effects,
                then: vec![Action::Entities(EntitiesAction::Recognize)],
            };
        }
        EntitiesAction::ToggleWatch => match entity_at_cursor(state) {
            Some(i) => effects.push(Effect::ToggleWatch(Box::new(
                state.entities.entities[i].clone(),
            ))),
            None => state.info("No entity here: select one in the Entities tab (E)"),
        },
        EntitiesAction::WatchList(watch) => {
            state.entities.watch = watch;
            state.entities.rebuild_rows();
            clamp_offset(state);
        }
    }
    effects.into()
}

/// The entity to watch: the one chosen in the Entities tab (or stepped through with `n`/`N`),
/// else the first mention in the reading cursor's sentence.
fn entity_at_cursor(state: &AppState) -> Option<usize> {
    let e = &state.entities;
    if let Some(i) = e.chosen.filter(|&i| i < e.entities.len()) {
        return Some(i);
    }
    let m = e.mentions_in(&state.cursor.sentence).first()?;
    e.entities
        .iter()
        .position(|x| x.mentions.contains(&m.range))
}

/// `n`/`N` over the chosen entity's mentions, wrapping.
pub fn step_mention(state: &mut AppState, forward: bool) {
    let Some(i) = state.entities.chosen else {
        return;
    };
    let Some(e) = state.entities.entities.get(i) else {
        return;
    };
    let n = e.mentions.len();
    if n == 0 {
        return;
    }
    let here = state.reading_offset();
    // first step: the first mention at or after the reading position (or the last before it)
    let first = if forward {
        e.mentions.iter().position(|r| r.start >= here).unwrap_or(0)
    } else {
        e.mentions
            .iter()
            .rposition(|r| r.start < here)
            .unwrap_or(n - 1)
    };
    let (m, wrapped) = step_wrapping(state.entities.mention, n, forward, first);
    let name = one_line(&e.canonical);
    state.entities.mention = Some(m);
    show_mention(state, i, m);
    state.info(&format!(
        "{name}: mention {}/{n}{}",
        m + 1,
        wrapped_note(wrapped, forward)
    ));
}

/// Starts a new recognition request (older batches are dropped from now on).
pub fn recognize(state: &mut AppState) -> Effect {
    let e = &mut state.entities;
    e.generation += 1;
    e.recognition = Recognition::Running(0);
    Effect::RecognizeEntities {
        doc: DocHandle(Arc::clone(&state.doc)),
        outline: OutlineHandle(Arc::clone(&state.sections.items)),
        generation: e.generation,
    }
}

/// Jumps to the chosen entity's first mention.
fn jump(state: &mut AppState) {
    if let Some(i) = state.entities.chosen {
        state.entities.mention = Some(0);
        show_mention(state, i, 0);
        if !state.is_wide() {
            state.focus = Focus::Article;
        }
    }
}

/// Installs a batch of the current request; returns the results it replaced.
fn take_batch(state: &mut AppState, batch: EntityBatch) -> Option<Replaced> {
    if batch.generation != state.entities.generation {
        return None;
    }
    state.entities.custom_colors = batch.custom_colors;
    state.entities.published = state.doc.meta.date.as_deref().and_then(parse_day);
    let replaced = if batch.done {
        let replaced = state.entities.set_results(batch.mentions, batch.entities);
        state.entities.recognition = Recognition::Done;
        state.entities.section_summaries = batch.section_summaries;
        replaced
    } else {
        let mut all = std::mem::take(&mut state.entities.mentions);
        let from = batch.mentions.first().map_or(usize::MAX, |m| m.range.start);
        all.retain(|m| m.range.end <= from);
        all.extend(batch.mentions);
        let replaced = state.entities.set_results(all, batch.entities);
        state.entities.recognition = Recognition::Running(batch.percent.min(99));
        replaced
    };
    follow_found(state);
    clamp_offset(state);
    state.clamp_sections_offset();
    Some(replaced)
}

/// Chooses the entity the reader was opened to follow once recognition has found it, on the
/// mention at the reading position (so `n` goes on to the next one), and says so.
fn follow_found(state: &mut AppState) {
    let Some((name, kind)) = &state.entities.follow else {
        return;
    };
    let e = &state.entities;
    let Some(i) = e
        .entities
        .iter()
        .position(|x| &x.canonical == name && &x.kind == kind)
    else {
        return;
    };
    let here = state.reading_offset();
    let Some(x) = e.entities.get(i) else {
        return;
    };
    let n = x.mentions.len();
    let at = x.mentions.iter().position(|r| r.end > here).unwrap_or(0);
    let name = one_line(&x.canonical);
    state.entities.follow = None;
    state.entities.chosen = Some(i);
    state.entities.mention = Some(at);
    state.info(&format!(
        "{name}: mention {}/{n} here — n/N for the others",
        at + 1
    ));
}

fn refilter(state: &mut AppState) {
    let e = &mut state.entities;
    e.rebuild_rows();
    // select the first entity listed
    e.selected = e
        .rows
        .iter()
        .position(|r| matches!(r, EntityRow::Entity(_)))
        .unwrap_or(0);
    e.offset = 0;
    choose_selected(state);
    clamp_offset(state);
}

fn select(state: &mut AppState, delta: isize) {
    let e = &mut state.entities;
    if e.rows.is_empty() {
        return;
    }
    e.selected = e
        .selected
        .saturating_add_signed(delta)
        .min(e.rows.len() - 1);
    // an aliases line belongs to the entity above it: step over it
    if matches!(e.rows.get(e.selected), Some(EntityRow::Aliases(_))) {
        e.selected = if delta > 0 && e.selected + 1 < e.rows.len() {
            e.selected + 1
        } else {
            e.selected.saturating_sub(1)
        };
    }
    choose_selected(state);
    clamp_offset(state);
}

/// The selected row's entity becomes the chosen one (a header row chooses none).
fn choose_selected(state: &mut AppState) {
    let e = &mut state.entities;
    let chosen = match e.rows.get(e.selected) {
        Some(EntityRow::Entity(i) | EntityRow::Aliases(i)) => Some(*i),
        _ => None,
    };
    if chosen != e.chosen {
        e.chosen = chosen;
        e.mention = None;
    }
}

/// Rows visible in the Entities tab (the sidebar's inner height minus the tab strip and the
/// tab's header lines).
pub fn list_height(state: &AppState) -> usize {
    let h = state
        .panes()
        .and_then(|p| p.sidebar)
        .map_or(state.height.saturating_sub(3), |r| r.inner().height);
    usize::from(h.saturating_sub(LIST_TOP)).max(1)
}

/// Lines above the list inside the sidebar: tab strip, filter/status line, legend, blank.
pub const LIST_TOP: u16 = 4;

pub fn clamp_offset(state: &mut AppState) {
    let h = list_height(state);
    let e = &mut state.entities;
    if e.selected < e.offset {
        e.offset = e.selected;
    } else if e.selected >= e.offset + h {
        e.offset = e.selected + 1 - h;
    }
    e.offset = e.offset.min(e.rows.len().saturating_sub(h));
}

/// Scrolls just enough to show mention `m` of entity `i`, a third of the way down when it
/// was off screen.
fn show_mention(state: &mut AppState, i: usize, m: usize) {
    let Some(r) = state
        .entities
        .entities
        .get(i)
        .and_then(|e| e.mentions.get(m))
    else {
        return;
    };
    let offset = r.start;
    reading::show_offset(state, offset);
}

/// The phrase to mark: the current search match, else the chosen entity's name.
fn start_marking(state: &mut AppState) {
    let from_search = state
        .search
        .current
        .and_then(|c| state.search.matches.get(c))
        .and_then(|r| state.doc.source.get(r.clone()))
        .map(str::to_owned);
    let phrase =
        from_search.or_else(|| state.entities.chosen_entity().map(|e| e.canonical.clone()));
    match phrase {
        Some(p) if !p.trim().is_empty() && !p.contains('\n') => {
            state.entities.marking = Some(p.trim().to_owned());
            state.mode = Mode::MarkEntity;
        }
        _ => {
            state.info("Nothing to mark: search for the phrase with / (or select an entity) first");
        }
    }
}

/// A click in the sidebar (`rect`) on `row`: selects the entity there; a click on the entity
/// already selected jumps to its first mention.
pub fn click(state: &mut AppState, rect: crate::core::app::state::Rect, row: u16) {
    let list_y = rect.inner().y.saturating_add(LIST_TOP);
    if row < list_y {
        return;
    }
    let i = state.entities.offset + usize::from(row - list_y);
    if i >= state.entities.rows.len() {
        return;
    }
    if i == state.entities.selected && state.entities.chosen.is_some() {
        jump(state);
        return;
    }
    state.entities.selected = i;
    choose_selected(state);
    clamp_offset(state);
}

/// The mouse wheel over the Entities tab scrolls its list (the selection stays).
pub fn scroll_list(state: &mut AppState, delta: isize) {
    let h = list_height(state);
    let e = &mut state.entities;
    let max = e.rows.len().saturating_sub(h);
    e.offset = e.offset.saturating_add_signed(delta).min(max);
}

/// Whether the Entities tab is what the sidebar shows.
pub fn tab_shown(state: &AppState) -> bool {
    state.sidebar_tab == SidebarTab::Entities
}

#[cfg(test)]
mod tests;
