//! Progressive opening: a big document is shown from its first screenful while the whole of
//! it loads in the background.
//!
//! [`AppState::opening`] parses and lays out a prefix of the text (see `core::doc::preview`),
//! so the first frame costs the same for 100 kB and 100 MB. [`AppState::opening_part`] does
//! the same from the head of a file alone: the shell has read only its first bytes, and reads
//! and decodes the rest in the background too, so not even reading the file holds up the
//! first frame (a file that turns out not to be text further on ends the reader with the
//! error the printing commands give, `LoadingAction::Failed`). `Action::Start` then asks the shell
//! to [`load`] the whole (parse, outline, fingerprint, layout) on a background thread, which
//! reports how far it is (`LoadingAction::Progress`, shown as `loading N%`) and hands the result
//! back (`LoadingAction::Loaded`); installing it swaps a few pointers, so the event loop never
//! does work that grows with the document. Everything that needs the whole document waits for
//! it: the saved position, the notes and entity recognition start only then; `G` and a section
//! jump past what is known are kept and carried out then; a search shows the matches found so
//! far and is run again on the whole. Pure: uses `core::doc` and the app's state modules.

use std::sync::Arc;

use crate::core::app::config::Config;
use crate::core::app::messages::{Action, Effect, Outcome};
use crate::core::app::state::{AppState, DocParts, DocStats, Mode, SectionsState};
use crate::core::doc::cursor::CursorState;
use crate::core::doc::document::{Document, Format};
use crate::core::doc::layout::Layout;
use crate::core::doc::preview;

/// Documents bigger than this open progressively (smaller ones parse in a few milliseconds).
pub const PROGRESSIVE_BYTES: usize = 1 << 20;

/// How far loading the whole document is, and what waits for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadingState {
    /// The whole text, until it is handed to the shell to load.
    pub text: Option<TextHandle>,
    pub format: Format,
    /// Bytes of the whole text.
    pub total: usize,
    /// 0..=99 while loading.
    pub percent: u8,
    /// A key that needs the whole document, carried out when it has loaded (the latest one).
    pub waiting: Option<Action>,
}

/// The whole of a document being opened, handed to the background loader: its text
/// (compared by identity: it is big), or the file to read it from.
#[derive(Debug, Clone)]
pub enum TextHandle {
    Text(Arc<String>),
    /// A file whose head alone has been read: the loader reads and decodes all of it.
    File(Arc<std::path::PathBuf>),
}

impl PartialEq for TextHandle {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => Arc::ptr_eq(a, b),
            (Self::File(a), Self::File(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for TextHandle {}

/// The whole document and what the reader computes from it, built off the event loop.
#[derive(Debug)]
pub struct FullDocument {
    pub doc: Arc<Document>,
    pub parts: DocParts,
    /// Its layout at the width asked for (installed if that is still the width).
    pub layout: Arc<Layout>,
    /// What decoding a file read in the background found (`read as windows-1252`, bytes
    /// replaced), for the status bar.
    pub warnings: Vec<String>,
}

/// A [`FullDocument`] sent back by the shell (compared by identity).
#[derive(Debug, Clone)]
pub struct FullHandle(pub Arc<FullDocument>);

impl PartialEq for FullHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for FullHandle {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadingAction {
    /// The background load is this far (percent).
    Progress(u8),
    /// The whole document, ready to replace its first part.
    Loaded(FullHandle),
    /// The whole file could not be read or is not text after all (`NAME looks like a binary
    /// file …`): the reader ends with this message, as the printing commands would.
    Failed(String),
}

/// The stages of a background load, with the percentage reached when each is done: reading
/// the file (when it is read now), then [`load`]. Parsing is most of the work; the outline,
/// cursor and fingerprint, then the layout, come after it.
const READ: u8 = 15;
const PARSED: u8 = 55;
const COMPUTED: u8 = 75;

/// The load's progress when `read` percent of its file has been read.
pub fn reading(read: u8) -> u8 {
    u8::try_from(u16::from(read.min(100)) * u16::from(READ) / 100).unwrap_or(READ)
}

/// Builds the whole document from `text` as `format`, laid out `width` cells wide, calling
/// `progress` with the percentage done after each stage. Runs on a background thread.
pub fn load(
    text: String,
    format: Format,
    width: u16,
    mut progress: impl FnMut(u8),
) -> FullDocument {
    let doc = Arc::new(preview::parse_as(format, text));
    progress(PARSED);
    // The layout is built beside the outline and the cursor: a big Markdown document builds
    // its blocks again for each of these passes (see `document::BlockStore`), so together
    // they keep both cores busy.
    let (parts, layout) = std::thread::scope(|s| {
        let layout = s.spawn(|| Layout::new(&doc, width));
        let parts = DocParts::of(&doc);
        progress(COMPUTED);
        let layout = layout.join().unwrap_or_else(|_| Layout::new(&doc, width));
        (parts, Arc::new(layout))
    });
    FullDocument {
        doc,
        parts,
        layout,
        warnings: Vec::new(),
    }
}

impl AppState {
    /// A reader for `text` (as `format`) that shows its first part at once and loads the
    /// whole in the background once started; a text up to [`PROGRESSIVE_BYTES`] opens whole.
    pub fn opening(
        text: String,
        format: Format,
        name: &str,
        config: &Config,
        width: u16,
        height: u16,
    ) -> Self {
        if text.len() <= PROGRESSIVE_BYTES {
            return Self::new(preview::parse_as(format, text), name, config, width, height);
        }
        let total = text.len();
        let text = Arc::new(text);
        let shown = Arc::clone(&text);
        Self::opening_part(
            &shown,
            total,
            TextHandle::Text(text),
            format,
            name,
            config,
            width,
            height,
        )
    }

    /// The reader of a big document of `total` bytes showing the first part of `text` (the
    /// whole text, or only the head of a file: `whole` is then `TextHandle::File`) until
    /// `whole` has loaded in the background, once started.
    #[allow(clippy::too_many_arguments)]
    pub fn opening_part(
        text: &str,
        total: usize,
        whole: TextHandle,
        format: Format,
        name: &str,
        config: &Config,
        width: u16,
        height: u16,
    ) -> Self {
        let end = preview::cut(text, format, preview::PREVIEW_BYTES);
        let head = preview::parse_as(format, text.get(..end).unwrap_or_default().to_owned());
        // the outline a big document gets (no topics), and no fingerprint until the whole
        // text is known: nothing is saved under the first part's
        let parts = DocParts {
            sections: SectionsState::for_outline(crate::core::doc::outline::paragraph_outline(
                &head,
            )),
            cursor: CursorState::new(&head),
            stats: DocStats::of(&head),
            fingerprint: String::new(),
        };
        let mut state = Self::with_parts(Arc::new(head), parts, name, config, width, height);
        state.loading = Some(LoadingState {
            text: Some(whole),
            format,
            total,
            percent: 0,
            waiting: None,
        });
        state
    }

    /// Whether only the first part of the document is shown yet.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }
}

/// `Action::Start` for a document still loading: asks the shell to load the whole.
pub fn start(state: &mut AppState) -> Outcome {
    let width = state.text_columns().map_or(1, |(w, _)| w);
    let Some(loading) = state.loading.as_mut() else {
        return Outcome::default();
    };
    let Some(text) = loading.text.take() else {
        return Outcome::default();
    };
    vec![Effect::LoadDocument {
        text,
        format: loading.format,
        width,
    }]
    .into()
}

pub fn update(state: &mut AppState, action: LoadingAction) -> Outcome {
    match action {
        LoadingAction::Progress(p) => {
            if let Some(l) = state.loading.as_mut() {
                l.percent = p.min(99);
            }
            Outcome::default()
        }
        LoadingAction::Loaded(full) => loaded(state, full),
        LoadingAction::Failed(why) => {
            // nothing to save: no fingerprint was ever known
            state.failed = Some(why);
            state.quitting = true;
            vec![Effect::Quit].into()
        }
    }
}

/// Whether `action` needs the whole document while it loads (and so waits for it).
pub fn must_wait(state: &AppState, action: &Action) -> bool {
    if !state.is_loading() || state.mode != Mode::Normal {
        return false;
    }
    match action {
        Action::Bottom => true,
        // past the last section known so far
        Action::NextSection => {
            let next = state.sections.current.map_or(0, |c| c + 1);
            !(next..state.sections.items.len()).any(|i| !state.sections.is_paragraph(i))
        }
        _ => false,
    }
}

/// Keeps `action` to carry out once the document has loaded, and says so.
pub fn wait(state: &mut AppState, action: Action) {
    if let Some(l) = state.loading.as_mut() {
        l.waiting = Some(action);
        let p = l.percent;
        state.info(&format!("Loading the whole document ({p}%)…"));
    }
}

/// Whether `action` changes notes, which are kept under the whole text's fingerprint and so
/// cannot be made before it is known.
pub fn needs_fingerprint(state: &AppState, action: &Action) -> bool {
    use crate::core::app::notes::NotesAction as N;
    state.is_loading() && matches!(action, Action::Notes(N::Tag | N::Annotate | N::Export))
}

/// Says that `action` must wait until the document has loaded.
pub fn refuse(state: &mut AppState) {
    if let Some(l) = &state.loading {
        let p = l.percent;
        state.info(&format!("Notes open when the document has loaded ({p}%)"));
    }
}

/// The whole document arrived: show it where the reader is, then load what belongs to it
/// (position, notes, entities), run the search again and carry out the key that waited.
fn loaded(state: &mut AppState, full: FullHandle) -> Outcome {
    let Some(loading) = state.loading.take() else {
        return Outcome::default();
    };
    let moved = state.viewport.anchor > 0;
    // the shell hands over its only reference: the parts move in, nothing is copied (a copy
    // of a big document's outline would hold up the event loop)
    let FullDocument {
        doc,
        parts,
        layout,
        warnings,
    } = Arc::try_unwrap(full.0).unwrap_or_else(|shared| FullDocument {
        doc: Arc::clone(&shared.doc),
        parts: shared.parts.clone(),
        layout: Arc::clone(&shared.layout),
        warnings: shared.warnings.clone(),
    });
    state.install_document(doc, parts, layout);
    let mut effects = crate::core::app::reading::document_effects(state);
    if moved {
        // the reader has already moved: their place wins over the saved one
        effects.retain(|e| !matches!(e, Effect::LoadPosition { .. }));
    }
    if !state.search.query.is_empty() {
        effects.extend(crate::core::app::search::run_search(state));
    }
    // the head looked like UTF-8 and the whole file says otherwise: said after the key that
    // waited, so that it is not cleared by it
    let said = (!warnings.is_empty()).then(|| Action::EffectFailed(warnings.join(" · ")));
    Outcome {
        effects,
        then: loading.waiting.into_iter().chain(said).collect(),
    }
}
