//! Background threads for work that must not hold up a frame (entity recognition, search, the
//! full layout of a big document, freeing big values), at the lowest priority. It only
//! schedules: jobs run pure core code and send results back as [`Action`]s the loop drains.

use crate::core::doc::sections::Section;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::core::app::entities::EntitiesAction;
use crate::core::app::loading::{self, FullHandle, LoadingAction, TextHandle};
use crate::core::app::messages::Action;
use crate::core::app::recognition::{Recognition, custom_colors};
use crate::core::doc::document::{Document, Format};
use crate::user_entities;

/// The whole document of a progressive load, and its fingerprint (computed once, by the
/// loader).
pub type Whole = (Arc<Document>, String);

/// Background jobs and the channel their results come back on.
pub struct Background {
    tx: Sender<Action>,
    rx: Receiver<Action>,
    running: Arc<AtomicUsize>,
    /// Bumped by every search; a search thread stops when it is no longer the latest.
    search_generation: Arc<AtomicUsize>,
    /// Told the whole document when a progressive load has finished (the library records it).
    on_loaded: Option<Sender<Whole>>,
}

impl Default for Background {
    fn default() -> Self {
        Self::new()
    }
}

/// Decrements the job counter when the job ends, even by a panic.
struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Lowers the calling thread to the lowest scheduling priority (nice 19; threads it starts
/// inherit it). Background jobs can keep both cores of a small machine busy for seconds; at
/// this priority the kernel still runs the event loop the moment a key arrives, so a key press
/// is answered within a frame while they work. Best effort: elsewhere than Linux, where the
/// nice value is per process rather than per thread, or if refused, nothing changes.
pub fn yield_to_the_reader() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    }
}

impl Background {
    pub fn new() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            running: Arc::new(AtomicUsize::new(0)),
            search_generation: Arc::new(AtomicUsize::new(0)),
            on_loaded: None,
        }
    }

    /// Background jobs that tell `on_loaded` the whole document when a progressive load ends.
    pub fn with_on_loaded(on_loaded: Option<Sender<Whole>>) -> Self {
        Self {
            on_loaded,
            ..Self::new()
        }
    }

    /// Whether a job is still running (its results may still come).
    pub fn busy(&self) -> bool {
        self.running.load(Ordering::SeqCst) > 0
    }

    /// The next result, if one is waiting. The whole document of a progressive load is also
    /// handed to `on_loaded` (while the reader runs: it is dropped with the reader).
    pub fn try_recv(&mut self) -> Option<Action> {
        let action = self.rx.try_recv().ok()?;
        if let Action::Loading(LoadingAction::Loaded(full)) = &action
            && let Some(on_loaded) = self.on_loaded.take()
        {
            let _ = on_loaded.send((Arc::clone(&full.0.doc), full.0.parts.fingerprint.clone()));
        }
        Some(action)
    }

    /// Runs `job` on a new thread named `name`, counted as running until it ends; if the
    /// thread cannot start, the reader is told it could not start `what`.
    fn spawn(&self, name: &str, what: &str, job: impl FnOnce(&Sender<Action>) + Send + 'static) {
        let tx = self.tx.clone();
        self.running.fetch_add(1, Ordering::SeqCst);
        let guard = Running(Arc::clone(&self.running));
        let spawned = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let _guard = guard;
                yield_to_the_reader();
                job(&tx);
            });
        if let Err(e) = spawned {
            let _ = self
                .tx
                .send(Action::EffectFailed(format!("cannot start {what}: {e}")));
        }
    }

    /// Recognises the entities of `doc` on a new thread.
    pub fn recognize(&self, doc: Arc<Document>, outline: Arc<Vec<Section>>, generation: u64) {
        self.spawn("gloss-entities", "entity recognition", move |tx| {
            recognize(
                &doc,
                &outline,
                generation,
                crate::paths::entities_file().as_deref(),
                tx,
            );
        });
    }

    /// Finds all matches of `query` in `doc` on a new thread; they come back as
    /// `Action::SearchFound`. The search goes 64 KiB at a time and gives up as soon as a
    /// newer search starts (the reader typed another letter): a search for the first letter
    /// typed would otherwise gather megabytes of matches in the moment before it is dropped.
    pub fn search(&self, doc: Arc<Document>, query: String) {
        let latest = Arc::clone(&self.search_generation);
        let generation = latest.fetch_add(1, Ordering::SeqCst) + 1;
        self.spawn("gloss-search", "the search", move |tx| {
            let mut search = crate::core::doc::search::SearchState::new(&query);
            while !search.advance(&doc, 1 << 16) {
                if latest.load(Ordering::SeqCst) != generation {
                    return;
                }
            }
            let _ = tx.send(Action::SearchFound {
                query,
                matches: search.matches,
            });
        });
    }

    /// Frees `garbage` on a new thread, so the event loop does not spend milliseconds on it.
    pub fn discard<T: Send + 'static>(&self, garbage: T) {
        let spawned = std::thread::Builder::new()
            .name("gloss-free".into())
            .spawn(move || {
                yield_to_the_reader();
                drop(garbage);
            });
        // could not start a thread: free it here after all
        drop(spawned);
    }

    /// Parses and lays out the whole of a big document on a new thread
    /// (`core::app::loading::load`), sending its progress and then the result.
    pub fn load(&self, text: TextHandle, format: Format, width: u16) {
        self.spawn("gloss-load", "loading the document", move |tx| {
            let read = |p: u8| {
                let _ = tx.send(Action::Loading(LoadingAction::Progress(loading::reading(
                    p,
                ))));
            };
            let (text, warnings) = match crate::input::whole_text(text, read) {
                Ok(read) => read,
                Err(why) => {
                    let _ = tx.send(Action::Loading(LoadingAction::Failed(why)));
                    return;
                }
            };
            let mut full = loading::load(text, format, width, |p| {
                let _ = tx.send(Action::Loading(LoadingAction::Progress(p)));
            });
            full.warnings = warnings;
            let _ = tx.send(Action::Loading(LoadingAction::Loaded(FullHandle(
                Arc::new(full),
            ))));
        });
    }

    /// Builds the full layout of `doc` at `width` on a new thread; it comes back as
    /// `Action::LayoutReady` (`update` drops it if the width changed meanwhile).
    pub fn layout(&self, doc: Arc<Document>, width: u16) {
        self.spawn("gloss-layout", "the layout", move |tx| {
            let layout = crate::core::doc::layout::Layout::new(&doc, width);
            let _ = tx.send(Action::LayoutReady(
                crate::core::app::messages::LayoutHandle(Arc::new(layout)),
            ));
        });
    }
}

/// The recognition job: reads the user's entities (a bad file is reported and ignored), then
/// sends each batch of [`Recognition`] as it comes; stops early when the reader has gone.
pub fn recognize(
    doc: &Document,
    outline: &[Section],
    generation: u64,
    user: Option<&Path>,
    tx: &Sender<Action>,
) {
    let user = user_entities::load(user);
    if let Some(warning) = user.warning.clone() {
        let _ = tx.send(Action::EffectFailed(warning));
    }
    let watch = user
        .entities
        .as_ref()
        .map(|u| u.watch.clone())
        .unwrap_or_default();
    if tx
        .send(Action::Entities(EntitiesAction::WatchList(watch)))
        .is_err()
    {
        return;
    }
    let recognizer = user.recognizer();
    let colors = user
        .entities
        .as_ref()
        .map(custom_colors)
        .unwrap_or_default();
    for batch in Recognition::new(doc, outline, &recognizer, generation, colors) {
        if tx
            .send(Action::Entities(EntitiesAction::Recognized(batch)))
            .is_err()
        {
            return; // the reader has gone
        }
    }
}
