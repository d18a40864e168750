//! Work that must not hold up a frame: entity recognition on a background thread, and the
//! user's `entities.toml` (read for each recognition, written when the reader marks a phrase).
//!
//! Results travel back as ordinary [`Action`]s over a channel the event loop drains before each
//! frame; while a job runs the loop polls the terminal briefly instead of idling, so batches
//! show up as they arrive. Big documents are scanned in block chunks: each chunk's mentions are
//! sent at once (highlights appear progressively, the status bar shows the percentage), then a
//! final consistency pass over the whole document replaces them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use anyhow::Context;

use crate::core::app::entities::{EntityBatch, parse_hex_color, section_summaries};
use crate::core::app::messages::Action;
use crate::core::doc::document::Document;
use crate::core::doc::entities::{
    EntityKind, Recognizer, Scan, UserEntities, group, parse_user_entities, to_toml,
};
use crate::core::doc::outline::for_reader;

/// Documents at least this big are recognised in chunks with progress.
pub const CHUNK_BYTES: usize = 512 * 1024;
/// At most this many chunks (each regroups everything seen so far).
const MAX_CHUNKS: usize = 20;

/// Background jobs and the channel their results come back on.
pub struct Background {
    tx: Sender<Action>,
    rx: Receiver<Action>,
    running: Arc<AtomicUsize>,
    /// Bumped by every search; a search thread stops when it is no longer the latest.
    search_generation: Arc<AtomicUsize>,
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
fn yield_to_the_reader() {
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
        }
    }

    /// Whether a job is still running (its results may still come).
    pub fn busy(&self) -> bool {
        self.running.load(Ordering::SeqCst) > 0
    }

    /// The next result, if one is waiting.
    pub fn try_recv(&self) -> Option<Action> {
        self.rx.try_recv().ok()
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
    pub fn recognize(&self, doc: Arc<Document>, generation: u64) {
        self.spawn("gloss-entities", "entity recognition", move |tx| {
            recognize(&doc, generation, entities_path().as_deref(), tx);
        });
    }

    /// Finds all matches of `query` in `doc` on a new thread; they come back as
    /// `Action::SearchFound`. The search goes a megabyte at a time and gives up as soon as a
    /// newer search starts (the reader typed another letter).
    pub fn search(&self, doc: Arc<Document>, query: String) {
        let latest = Arc::clone(&self.search_generation);
        let generation = latest.fetch_add(1, Ordering::SeqCst) + 1;
        self.spawn("gloss-search", "the search", move |tx| {
            let mut search = crate::core::doc::search::SearchState::new(&query);
            while !search.advance(&doc, 1 << 20) {
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

/// `$XDG_CONFIG_HOME/gloss/entities.toml`, else `~/.config/gloss/entities.toml`.
pub fn entities_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("gloss").join("entities.toml"))
}

/// Reads the user's entities; a missing file is an empty one.
pub fn read_user_entities(path: &Path) -> anyhow::Result<UserEntities> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_user_entities(&text).with_context(|| path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(UserEntities::default()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The recognition job: builds the recogniser (with the user's entities unless their file is
/// malformed, which is reported and skipped), scans in chunks, sends batches.
pub fn recognize(doc: &Document, generation: u64, user: Option<&Path>, tx: &Sender<Action>) {
    let mut custom_colors = Vec::new();
    let recognizer = match user.map(read_user_entities) {
        Some(Ok(u)) => {
            for t in &u.types {
                if let (Some(kind), Some(c)) = (
                    EntityKind::parse(&t.name),
                    t.color.as_deref().and_then(parse_hex_color),
                ) {
                    custom_colors.push((kind, c));
                }
            }
            Recognizer::with_user(&u)
        }
        Some(Err(e)) => {
            // The line first: the status bar is narrow and the path is long.
            let msg = match e.downcast_ref::<crate::core::doc::entities::UserEntitiesError>() {
                Some(err) => format!("entities.toml {err} (your entities are ignored)"),
                None => format!("entities.toml ignored: {e:#}"),
            };
            let _ = tx.send(Action::EffectFailed(msg));
            Recognizer::new()
        }
        None => Recognizer::new(),
    };
    let text = doc.source.as_str();
    let total = text.len();
    let n = doc.blocks.len();
    if total < CHUNK_BYTES || n < 2 {
        let mentions = recognizer.recognize_document(doc);
        let _ = tx.send(last_batch(doc, generation, mentions, custom_colors));
        return;
    }
    let chunk = CHUNK_BYTES.max(total / MAX_CHUNKS);
    let mut all = Scan::default();
    let mut so_far = Vec::new();
    let mut start = 0;
    while start < n {
        let from = doc.blocks[start].range.start;
        let mut end = start + 1;
        while end < n && doc.blocks[end].range.end.saturating_sub(from) < chunk {
            end += 1;
        }
        let scan = recognizer.scan_blocks(doc, start..end);
        let mentions = recognizer.resolve(text, &scan);
        if start == 0 {
            // all the candidates are kept for the final pass: size for them from the first
            // chunk's density (with a margin), once
            let done = doc.blocks[end - 1].range.end.max(1);
            all.reserve(scan.len().saturating_mul(total) / done * 9 / 8);
        }
        all.extend(scan);
        so_far.extend(mentions.iter().cloned());
        let done_bytes = doc.blocks[end - 1].range.end;
        let percent = u8::try_from(done_bytes.saturating_mul(100) / total.max(1)).unwrap_or(99);
        let batch = EntityBatch {
            generation,
            entities: group(text, &so_far),
            custom_colors: custom_colors.clone(),
            mentions,
            percent: percent.min(99),
            done: false,
            section_summaries: Vec::new(),
        };
        if tx.send(Action::EntitiesRecognized(batch)).is_err() {
            return; // the reader has gone
        }
        start = end;
    }
    let mentions = recognizer.resolve(text, &all);
    let _ = tx.send(last_batch(doc, generation, mentions, custom_colors));
}

/// The batch of all the document's `mentions`, grouped and summarised per section.
fn last_batch(
    doc: &Document,
    generation: u64,
    mentions: Vec<crate::core::doc::entities::Mention>,
    custom_colors: Vec<(EntityKind, (u8, u8, u8))>,
) -> Action {
    let entities = group(&doc.source, &mentions);
    Action::EntitiesRecognized(EntityBatch {
        generation,
        section_summaries: section_summaries(&for_reader(doc), &entities),
        mentions,
        entities,
        custom_colors,
        percent: 100,
        done: true,
    })
}

/// Adds `phrases` to the user's entities file as `kind` (or as "not an entity"), keeping its
/// entries, and writes it atomically (a temporary file renamed over it). A malformed file is
/// left alone.
pub fn save_user_entity(
    path: &Path,
    phrases: &[String],
    kind: Option<&EntityKind>,
) -> anyhow::Result<String> {
    let mut user = read_user_entities(path).context("not changed")?;
    // Read and parsed above (or absent): edited in place, so the user's comments stay.
    let original = std::fs::read_to_string(path).unwrap_or_default();
    for p in phrases {
        match kind {
            Some(k) => user.add(p, k.clone()),
            None => user.suppress(p),
        }
    }
    let dir = path.parent().context("no directory for entities.toml")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(".entities.toml.tmp");
    std::fs::write(&tmp, to_toml(&original, &user))
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    let what = kind.map_or_else(|| "not an entity".to_owned(), |k| k.label().to_owned());
    let first = phrases
        .first()
        .map(|p| crate::core::doc::sanitize::one_line(p))
        .unwrap_or_default();
    Ok(format!("“{first}” saved as {what}; recognising again…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_keeps_existing_entries_and_refuses_a_malformed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gloss").join("entities.toml");
        save_user_entity(&path, &["Acme".into()], Some(&EntityKind::Org)).unwrap();
        save_user_entity(&path, &["Sunday Business".into()], None).unwrap();
        let u = read_user_entities(&path).unwrap();
        assert_eq!(u.entities.len(), 1);
        assert_eq!(u.entities[0].name, "Acme");
        assert_eq!(u.not_entities, ["Sunday Business"]);
        std::fs::write(&path, "[[entity]]\nname = 3\n").unwrap();
        let err = save_user_entity(&path, &["X".into()], None).unwrap_err();
        assert!(format!("{err:#}").contains("line"), "{err:#}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[[entity]]\nname = 3\n"
        );
    }

    #[test]
    fn big_documents_come_in_chunks_then_a_final_batch() {
        let para = "Huawei met officials in Moscow on Monday. ".repeat(200);
        let mut text = String::new();
        while text.len() < CHUNK_BYTES * 3 {
            text.push_str(&para);
            text.push_str("\n\n");
        }
        let doc = crate::core::doc::plaintext::parse(text);
        let (tx, rx) = channel();
        recognize(&doc, 7, None, &tx);
        drop(tx);
        let batches: Vec<EntityBatch> = rx
            .into_iter()
            .filter_map(|a| match a {
                Action::EntitiesRecognized(b) => Some(b),
                _ => None,
            })
            .collect();
        assert!(batches.len() >= 3, "{}", batches.len());
        let last = batches.last().unwrap();
        assert!(last.done && last.percent == 100 && last.generation == 7);
        assert!(batches[..batches.len() - 1].iter().all(|b| !b.done));
        let partial: usize = batches[..batches.len() - 1]
            .iter()
            .map(|b| b.mentions.len())
            .sum();
        assert_eq!(partial, last.mentions.len());
    }
}
