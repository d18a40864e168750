//! The in-process app harness: the reader without a terminal. It drives the same
//! `core::app::update::dispatch` as the shell (`tui::dispatch`: effects answered first in, first
//! out) with a fake shell that answers like the real one — entity recognition runs the real
//! background job synchronously, notes are written to a `Vec` (or fail on demand), or, for
//! [`App::on_db`], to a real database through the shell's own `tui::notes` — and draws with
//! the real views on a `TestBackend`.

// Each test binary uses its own subset of the harness; a failed unwrap is a failed test.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::mpsc::channel;

use gloss::core::app::config::Config;
use gloss::core::app::entities::EntitiesAction;
use gloss::core::app::key::parse_key_string;
use gloss::core::app::loading::{self, FullHandle, LoadingAction};
use gloss::core::app::messages::{Action, Effect};
use gloss::core::app::notes::NotesAction;
use gloss::core::app::state::AppState;
use gloss::core::app::update::dispatch;
use gloss::core::doc::annotation::Annotation;
use gloss::core::doc::document::Document;
use gloss::store::Store;
use gloss::tui::jobs;
use gloss::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The reader and its fake shell.
pub struct App {
    pub state: AppState,
    /// Every effect the core asked for, in order (answered ones included).
    pub effects: Vec<Effect>,
    /// The fake notes database.
    pub db: Vec<Annotation>,
    next_id: usize,
    /// Make the next note writes fail.
    pub failing: bool,
    /// The entities.toml recognition reads (none: built-in entities only).
    pub user_file: Option<PathBuf>,
    /// Messages the recognition job sent besides results (errors).
    pub failures: Vec<String>,
    /// The real database, when notes go through the shell's `tui::notes` (see [`App::on_db`]).
    pub store: Option<Store>,
    /// Loads of a big document asked for and not carried out yet (see `finish_loading`).
    pub loads: Vec<Effect>,
}

impl App {
    /// The bundled article at `w`×`h`, default config.
    pub fn seed(w: u16, h: u16) -> Self {
        Self::seed_with(w, h, &Config::default())
    }

    /// The bundled article at `w`×`h` with `config`.
    pub fn seed_with(w: u16, h: u16, config: &Config) -> Self {
        let loaded = gloss::input::load(None).unwrap();
        Self::new(AppState::new(
            loaded.doc,
            &loaded.display_name,
            config,
            w,
            h,
        ))
    }

    /// `doc` (named `name`) at `w`×`h`, default config.
    pub fn with_doc(doc: Document, name: &str, w: u16, h: u16) -> Self {
        Self::new(AppState::new(doc, name, &Config::default(), w, h))
    }

    pub fn new(state: AppState) -> Self {
        Self {
            state,
            effects: Vec::new(),
            db: Vec::new(),
            next_id: 0,
            failing: false,
            user_file: None,
            failures: Vec::new(),
            store: None,
            loads: Vec::new(),
        }
    }

    /// The bundled article at `w`×`h` as a window on the database at `db`: started like the
    /// shell starts the reader (its notes loaded), every notes effect run by the shell's own
    /// `tui::notes` on a real `Store`.
    pub fn on_db(db: &std::path::Path, w: u16, h: u16) -> Self {
        let mut app = Self::seed(w, h);
        app.store = Some(Store::open(db).unwrap());
        app.act(Action::Start(Box::default()));
        app
    }

    /// What an idle window does (`tui::notes::poll`): takes in other windows' changes.
    pub fn poll(&mut self) {
        let store = self.store.as_mut().unwrap();
        let mut reported = false;
        let news = gloss::tui::notes::poll(
            store,
            &mut reported,
            &self.state.notes.doc,
            &self.state.doc.source,
        );
        if let Some(action) = news {
            self.act(action);
        }
    }

    /// Carries out the loads of a big document asked for so far, as the shell's background
    /// job does (the real `loading::load`), feeding back its progress and its result.
    pub fn finish_loading(&mut self) {
        for effect in std::mem::take(&mut self.loads) {
            let Effect::LoadDocument {
                text,
                format,
                width,
            } = effect
            else {
                continue;
            };
            let mut progress = Vec::new();
            let (text, warnings) = match gloss::input::whole_text(text, |_| {}) {
                Ok(read) => read,
                Err(why) => {
                    self.act(Action::Loading(LoadingAction::Failed(why)));
                    continue;
                }
            };
            let mut full = loading::load(text, format, width, |p| progress.push(p));
            full.warnings = warnings;
            for p in progress {
                self.act(Action::Loading(LoadingAction::Progress(p)));
            }
            self.act(Action::Loading(LoadingAction::Loaded(FullHandle(
                std::sync::Arc::new(full),
            ))));
        }
    }

    /// Runs entity recognition to the end (as the shell does at start-up) and forgets the
    /// effects it took, so a test sees only what its own keys ask for.
    pub fn recognized(mut self) -> Self {
        self.act(Action::Entities(EntitiesAction::Recognize));
        self.effects.clear();
        self
    }

    /// Applies an action and everything the fake shell answers, like `tui::dispatch`.
    pub fn act(&mut self, action: Action) {
        let mut seen = Vec::new();
        let user_file = self.user_file.clone();
        let failing = self.failing;
        let mut db = std::mem::take(&mut self.db);
        let mut next_id = self.next_id;
        let mut failures = Vec::new();
        let mut store = self.store.take();
        let loads = &mut self.loads;
        dispatch(&mut self.state, action, |_, effect| {
            if matches!(effect, Effect::LoadDocument { .. }) {
                loads.push(effect.clone());
            }
            if let Some(store) = store.as_mut()
                && let Some(answer) = real_notes(store, &effect)
            {
                seen.push(effect);
                return vec![answer];
            }
            let answers = answer(
                &effect,
                user_file.as_deref(),
                failing,
                &mut db,
                &mut next_id,
                &mut failures,
            );
            seen.push(effect);
            answers
        });
        self.store = store;
        self.db = db;
        self.next_id = next_id;
        self.failures.extend(failures);
        self.effects.extend(seen);
    }

    /// Feeds a key string (`"jj<Enter>"`) through the real keymap.
    pub fn keys(&mut self, s: &str) -> &mut Self {
        for key in parse_key_string(s).unwrap() {
            if let Some(a) = self.state.keymap.resolve(self.state.key_modes(), key) {
                self.act(a);
            }
        }
        self
    }

    /// The screen drawn with the default theme.
    pub fn buffer(&self) -> Buffer {
        self.buffer_with(&Theme::default())
    }

    pub fn buffer_with(&self, theme: &Theme) -> Buffer {
        let mut term =
            Terminal::new(TestBackend::new(self.state.width, self.state.height)).unwrap();
        term.draw(|f| gloss::ui::draw(f, &self.state, theme))
            .unwrap();
        term.backend().buffer().clone()
    }

    /// The screen's text, one line per row.
    pub fn screen(&self) -> String {
        screen_text(&self.buffer())
    }

    /// The source text of `r`.
    pub fn text(&self, r: std::ops::Range<usize>) -> String {
        self.state.doc.source.get(r).unwrap().to_owned()
    }

    /// The text of the reading cursor's sentence.
    pub fn current(&self) -> String {
        self.text(self.state.cursor.current())
    }

    /// The status bar's message, if any.
    pub fn status(&self) -> String {
        self.state
            .status
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }
}

/// How the real shell answers a notes effect on a real database (`None`: not a notes effect).
fn real_notes(store: &mut Store, effect: &Effect) -> Option<Action> {
    match effect {
        Effect::LoadNotes { doc, text } => {
            Some(gloss::tui::notes::load(store, doc, &text.0.source))
        }
        Effect::SaveAnnotation(_)
        | Effect::DeleteAnnotation(_)
        | Effect::RestoreAnnotation(_)
        | Effect::ExportNotes(_) => gloss::tui::notes::run(Some(store), effect),
        _ => None,
    }
}

/// What the shell answers to `effect`: recognition runs synchronously, notes go to `db`.
fn answer(
    effect: &Effect,
    user_file: Option<&std::path::Path>,
    failing: bool,
    db: &mut Vec<Annotation>,
    next_id: &mut usize,
    failures: &mut Vec<String>,
) -> Vec<Action> {
    if failing
        && matches!(
            effect,
            Effect::SaveAnnotation(_) | Effect::DeleteAnnotation(_) | Effect::RestoreAnnotation(_)
        )
    {
        return vec![Action::EffectFailed(
            "could not save the note: disk full".into(),
        )];
    }
    match effect {
        Effect::RecognizeEntities {
            doc,
            outline,
            generation,
        } => {
            let (tx, rx) = channel();
            jobs::recognize(&doc.0, &outline.0, *generation, user_file, &tx);
            drop(tx);
            let results: Vec<Action> = rx.into_iter().collect();
            for r in &results {
                if let Action::EffectFailed(msg) = r {
                    failures.push(msg.clone());
                }
            }
            results
        }
        Effect::SaveAnnotation(a) | Effect::RestoreAnnotation(a) => {
            let mut a = (**a).clone();
            if a.id.is_empty() {
                *next_id += 1;
                a.id = format!("id-{next_id}");
                a.created = "2026-01-01T00:00:00Z".into();
            }
            a.modified = "2026-01-01T00:00:00Z".into();
            db.retain(|x| x.id != a.id);
            db.push(a.clone());
            vec![Action::Notes(NotesAction::Saved(Box::new(a)))]
        }
        Effect::DeleteAnnotation(a) => {
            let Some(i) = db.iter().position(|x| x.id == a.id) else {
                return Vec::new();
            };
            let a = db.remove(i);
            vec![Action::Notes(NotesAction::Deleted(Box::new(a)))]
        }
        _ => Vec::new(),
    }
}

/// A buffer's text, one line per row.
pub fn screen_text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}
