//! The library screen's shell: loads the list from the database, runs the screen's event loop,
//! carries out its effects (remove, restore, search), and opens the chosen article in the
//! reader — from its file when it is there, else from the text the library keeps.
//!
//! The screen and the reader take turns on the terminal: `Enter` leaves the screen for the
//! reader, `L` in the reader comes back with that article on top and selected.

use std::io::IsTerminal as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use anyhow::Context as _;

use super::terminal::Input;
use crate::cli::Global;
use crate::commands::export_all::parse_stored;
use crate::commands::library::open_library;
use crate::commands::notes::canonical_path;
use crate::commands::read::{ReaderExit, load_config, read_loaded};
use crate::core::app::config::Config;
use crate::core::app::library::{
    LibraryAction, LibraryEffect, LibraryRow, LibraryState, SearchResult, update,
};
use crate::core::doc::entities::EntityKind;
use crate::input::Loaded;
use crate::store::Store;
use crate::store::library::{Entry, Removed};
use crate::ui::library::LibraryScreen;
use crate::ui::theme::Theme;

/// How many results a search on the screen lists.
const SEARCH_LIMIT: usize = 50;

/// Whether the library lists any article (then `gloss` without a file opens it).
pub fn has_articles(global: &Global) -> bool {
    open_library(global)
        .and_then(|s| s.library_len())
        .is_ok_and(|n| n > 0)
}

/// `gloss library` on a terminal.
pub fn run_screen(global: &Global, archived: bool) -> anyhow::Result<ExitCode> {
    let config = load_config(global)?;
    run_screen_with(global, &config, archived, None)
}

/// The library screen, then whatever article is opened from it, until the user quits.
/// `select`: the article just read (selected, and where `Esc` goes back to).
pub fn run_screen_with(
    global: &Global,
    config: &Config,
    archived: bool,
    select: Option<i64>,
) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        return Err(crate::error::UserError(
            "the library screen needs a terminal; for a list use `gloss library --json`".into(),
        )
        .into());
    }
    let monochrome = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::new(&config.theme, monochrome);
    let mut store = open_library(global)?;
    let mut last = select;
    let mut status: Option<String> = None;
    loop {
        // the first frame needs one page: the rest is read once it is on screen
        let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
        let total = store.library_count(archived)?;
        let page = store.library_page(archived, usize::from(height))?;
        let later = if page.len() < total {
            vec![Later::Rows { archived }]
        } else {
            Vec::new()
        };
        let mut st = LibraryState::new(page.into_iter().map(row).collect(), width, height);
        st.total = total;
        st.archived = archived;
        st.from_reader = last.is_some();
        st.status = status.take();
        if let Some(id) = last
            && let Some(pos) = st.visible.iter().position(|&i| st.rows[i].id == id)
        {
            st.selected = pos;
        }
        let (id, at, follow) = match screen(&mut st, &theme, &mut store, later)? {
            LibraryEffect::Open { id, at, follow } => (id, at, follow),
            LibraryEffect::Back => match last {
                Some(id) => (id, None, None),
                None => return Ok(ExitCode::SUCCESS),
            },
            _ => return Ok(ExitCode::SUCCESS),
        };
        let follow = follow.and_then(|(name, kind)| Some((name, EntityKind::parse(&kind)?)));
        match open_article(global, config, &mut store, id, at, follow) {
            Ok(exit) if exit.to_library => last = exit.article.or(Some(id)),
            Ok(_) => return Ok(ExitCode::SUCCESS),
            Err(e) => status = Some(format!("cannot open article {id}: {e:#}")),
        }
    }
}

fn row(e: Entry) -> LibraryRow {
    LibraryRow {
        id: e.id,
        title: e.title.unwrap_or_else(|| "(untitled)".into()),
        authors: e.authors,
        outlet: e.outlet.unwrap_or_default(),
        date: e.date.unwrap_or_default(),
        progress: e.progress,
        notes: e.notes,
        tags: e.tags,
        opened: e.opened.unwrap_or_default(),
        added: e.added,
        watched: 0,
    }
}

/// What the screen reads once its first frame is drawn: the rest of a list of which that
/// frame showed the first page.
enum Later {
    Rows { archived: bool },
    Notes,
}

/// Runs the screen until it asks to open an article, go back or quit; returns that effect.
/// `later`: loads to carry out after the first frame.
fn screen(
    st: &mut LibraryState,
    theme: &Theme,
    store: &mut Store,
    mut later: Vec<Later>,
) -> anyhow::Result<LibraryEffect> {
    let mut session =
        super::terminal::Session::start(false).context("cannot set up the terminal")?;
    let mut changed = true;
    // what other threads are reading: the watch counts, every passage of the Notes view
    let mut background = vec![watched_in_background(store.path())];
    loop {
        if changed {
            session
                .terminal
                .draw(|frame| {
                    let screen = LibraryScreen { state: st, theme };
                    let area = frame.area();
                    ratatui::widgets::Widget::render(&screen, area, frame.buffer_mut());
                })
                .context("cannot draw")?;
            changed = false;
        }
        let action = if let Some(load) = later.pop() {
            match load {
                Later::Rows { archived } => Some(match store.library(archived) {
                    Ok(rows) => LibraryAction::Loaded(rows.into_iter().map(row).collect()),
                    Err(e) => LibraryAction::Failed(format!("cannot load the library: {e:#}")),
                }),
                Later::Notes => {
                    background.push(all_notes_in_background(store.path()));
                    None
                }
            }
        } else if let Some(done) = finished(&mut background) {
            Some(done)
        } else {
            // while other threads read, look for their results between keys
            let wait = if background.is_empty() {
                Duration::from_secs(2)
            } else {
                Duration::from_millis(10)
            };
            if !crossterm::event::poll(wait).context("cannot read terminal events")? {
                continue;
            }
            match session.next_input()? {
                Some(Input::Key(key)) => st.action_for(key),
                Some(Input::Resize { width, height }) => {
                    Some(LibraryAction::Resize { width, height })
                }
                None => None,
            }
        };
        let Some(action) = action else { continue };
        changed = true;
        let mut queue = vec![action];
        while let Some(action) = queue.pop() {
            for effect in update(st, action) {
                match effect {
                    LibraryEffect::Remove(id) => queue.push(match store.remove_from_library(id) {
                        Ok(Removed::Archived) => LibraryAction::Removed { id, archived: true },
                        Ok(_) => LibraryAction::Removed {
                            id,
                            archived: false,
                        },
                        Err(e) => LibraryAction::Failed(format!("cannot remove: {e:#}")),
                    }),
                    LibraryEffect::Restore(id) => queue.push(match store.restore_article(id) {
                        Ok(_) => LibraryAction::Restored(id),
                        Err(e) => LibraryAction::Failed(format!("cannot restore: {e:#}")),
                    }),
                    LibraryEffect::Search(q) => queue.push(match store.search(&q, SEARCH_LIMIT) {
                        Ok(hits) => LibraryAction::SearchDone(
                            hits.into_iter()
                                .map(|h| SearchResult {
                                    article: h.article,
                                    title: h.title.unwrap_or_else(|| "(untitled)".into()),
                                    kind: h.kind.as_str(),
                                    start: h.start,
                                    snippet: h.snippet,
                                    mark: h.mark,
                                })
                                .collect(),
                        ),
                        Err(e) => LibraryAction::Failed(format!("search: {e:#}")),
                    }),
                    LibraryEffect::LoadNotes => {
                        // one page now, the rest once it is on screen
                        let action = notes_loaded(store, Some(usize::from(st.height)));
                        if let LibraryAction::NotesLoaded { lines, total } = &action
                            && lines.len() < *total
                        {
                            later.push(Later::Notes);
                        }
                        queue.push(action);
                    }
                    LibraryEffect::LoadEntities => queue.push(entities_loaded(store)),
                    LibraryEffect::LoadEntityArticles(id) => {
                        queue.push(entity_articles_loaded(store, id));
                    }
                    other => return Ok(other),
                }
            }
        }
    }
}

/// The first result that has come from the threads `background` is waiting for; a thread
/// that ended without one is forgotten.
fn finished(background: &mut Vec<Receiver<LibraryAction>>) -> Option<LibraryAction> {
    let mut found = None;
    // one result at a time: a receiver is only asked while none has been found
    background.retain(|rx| {
        if found.is_some() {
            return true;
        }
        match rx.try_recv() {
            Ok(action) => {
                found = Some(action);
                false
            }
            Err(TryRecvError::Disconnected) => false,
            Err(TryRecvError::Empty) => true,
        }
    });
    found
}

/// The mentions of the user's watched entities per article, read from the ledger on another
/// thread (a library's ledger has hundreds of thousands of rows). Nothing comes back without
/// a watch-list, or when the ledger cannot be read (the column stays hidden).
fn watched_in_background(path: &Path) -> Receiver<LibraryAction> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = path.to_owned();
    // no thread to be had: no Watch column either
    let _ = std::thread::Builder::new()
        .name("gloss-watched".into())
        .spawn(move || {
            super::jobs::yield_to_the_reader();
            let user = crate::user_entities::load(crate::paths::entities_file().as_deref());
            let watch = user
                .entities
                .as_ref()
                .map_or(&[][..], |u| u.watch.as_slice());
            if watch.is_empty() {
                return;
            }
            let Ok(counts) = Store::open(&path)
                .and_then(|store| crate::commands::ledger::watched_by_article(&store, watch))
            else {
                return;
            };
            let totals = counts
                .into_iter()
                .map(|(id, list)| (id, list.iter().map(|(_, n)| n).sum()))
                .collect();
            let _ = tx.send(LibraryAction::WatchedLoaded(totals));
        });
    rx
}

/// Every passage of the Notes view, read on another thread with its own connection to the
/// database at `path`: on a big library that takes a few hundred milliseconds, and keys must
/// not wait for it. The receiver gets the screen's action.
fn all_notes_in_background(path: &Path) -> Receiver<LibraryAction> {
    fn read_all(path: &Path) -> LibraryAction {
        match Store::open(path) {
            Ok(store) => notes_loaded(&store, None),
            Err(e) => LibraryAction::Failed(format!("cannot load notes: {e:#}")),
        }
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_owned();
    let sender = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("gloss-notes".into())
        .spawn(move || {
            super::jobs::yield_to_the_reader();
            let _ = sender.send(read_all(&owned));
        });
    if spawned.is_err() {
        // no thread to be had: read them here after all
        let _ = tx.send(read_all(path));
    }
    rx
}

/// The Notes view's passages (the first `limit`, or all) as the screen's action.
fn notes_loaded(store: &Store, limit: Option<usize>) -> LibraryAction {
    match store
        .note_lines(limit)
        .and_then(|lines| Ok((store.note_count()?, lines)))
    {
        Ok((total, lines)) => LibraryAction::NotesLoaded { lines, total },
        Err(e) => LibraryAction::Failed(format!("cannot load notes: {e:#}")),
    }
}

/// The Entities view's list as the screen's action.
fn entities_loaded(store: &mut Store) -> LibraryAction {
    match ledger_lines(store) {
        Ok(lines) => LibraryAction::EntitiesLoaded(lines),
        Err(e) => LibraryAction::Failed(format!("cannot load entities: {e:#}")),
    }
}

/// The articles of the entity `id` as the screen's action.
fn entity_articles_loaded(store: &Store, id: i64) -> LibraryAction {
    match crate::commands::ledger::entity_article_lines(store, id) {
        Ok(lines) => LibraryAction::EntityArticlesLoaded(id, lines),
        Err(e) => LibraryAction::Failed(format!("cannot load articles: {e:#}")),
    }
}

/// The Entities view's list, with the user's entities.toml (its warning on the status line).
fn ledger_lines(store: &mut Store) -> anyhow::Result<Vec<crate::core::app::library::EntityLine>> {
    let user = crate::user_entities::load(crate::paths::entities_file().as_deref());
    crate::commands::ledger::entity_lines(store, &user)
}

/// Opens a library article in the reader: its file when it is still there, else the text the
/// library keeps. `at`: start there (a search match) instead of the saved position;
/// `follow`: the entity whose mentions `n`/`N` step through there.
fn open_article(
    global: &Global,
    config: &Config,
    store: &mut Store,
    id: i64,
    at: Option<usize>,
    follow: Option<(String, EntityKind)>,
) -> anyhow::Result<ReaderExit> {
    let entry = store
        .library_entry(id)?
        .with_context(|| format!("no article {id} in the library"))?;
    let file = entry
        .source
        .as_deref()
        .filter(|s| !s.contains("://"))
        .map(Path::new)
        .filter(|p| p.is_file());
    let (loaded, location) = if let Some(Ok(loaded)) = file.map(|p| crate::input::load(Some(p))) {
        let location = loaded.path.as_deref().map(canonical_path);
        (loaded, location)
    } else {
        {
            let stored = store
                .stored_text(id)?
                .context("its file is gone and the library has no copy of its text")?;
            let doc = parse_stored(stored.text, &stored.format);
            let name = entry
                .title
                .clone()
                .unwrap_or_else(|| format!("article {id}"));
            (
                Loaded {
                    doc,
                    path: None,
                    display_name: name,
                    warnings: Vec::new(),
                    url: None,
                },
                entry.source.clone(),
            )
        }
    };
    if let Some(offset) = at {
        store.set_position(&loaded.doc.fingerprint(), offset)?;
    }
    read_loaded(global, config, loaded, location, follow)
}
