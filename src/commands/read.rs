//! `gloss [FILE]`: the interactive reader.
//!
//! Gathers what the core needs from the outside world — the document, the config file, the
//! database, the terminal size, `NO_COLOR` — builds the initial `AppState` and hands over to
//! the event loop in `tui`. Every failure here is reported before the screen is taken over.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{Global, ReadArgs};
use crate::core::app::config::Config;
use crate::core::app::loading::PROGRESSIVE_BYTES;
use crate::core::app::messages::Startup;
use crate::core::app::state::AppState;
use crate::core::doc::entities::EntityKind;
use crate::core::doc::ledger::article_entities;
use crate::error::UserError;
use crate::input::Opened;
use crate::store::Store;
use crate::store::library::Added;

use crate::ui::theme::Theme;

/// Texts up to this size get their ledger rows as the reader opens them (a few milliseconds);
/// larger ones when the ledger is next opened.
const LEDGER_NOW: usize = 1 << 20;

pub fn run(global: &Global, args: &ReadArgs) -> anyhow::Result<ExitCode> {
    let mut config = load_config(global)?;
    if let Some(w) = args.width {
        config.width = w;
    }
    // Later runs without a file open the library (the first opens the bundled article).
    if args.file.is_none()
        && std::io::stdout().is_terminal()
        && crate::tui::library::has_articles(global)
    {
        return crate::tui::library::run_screen_with(global, &config, false, None);
    }
    let from_stdin = args.file.as_deref() == Some(Path::new("-"));
    if from_stdin && std::io::stdin().is_terminal() {
        return Err(UserError(
            "nothing to read on stdin: pipe a document in, e.g. `cat article.md | gloss -`".into(),
        )
        .into());
    }
    if let Some(url) = args.file.as_deref().and_then(crate::input::web::as_url) {
        let settings = crate::input::web::WebSettings::for_cli(global)?;
        if std::io::stdout().is_terminal() && crate::input::web::needs_fetch(url, &settings)? {
            return read_fetching(global, &config, url, &settings);
        }
    }
    let opened = match args.file.as_deref() {
        // a big file or stdin opens progressively (see `core::app::loading`)
        Some(p) if crate::input::web::as_url(p).is_none() => crate::input::open_with(
            Some(p),
            &crate::input::web::WebSettings::default(),
            PROGRESSIVE_BYTES,
        )?,
        Some(p) => Opened::Parsed(crate::input::web::load_for_cli(p, global)?),
        None => Opened::Parsed(crate::input::load(None)?),
    };
    if !std::io::stdout().is_terminal() {
        return Err(UserError(
            "the reader needs a terminal; for plain output use `gloss render FILE`".into(),
        )
        .into());
    }
    let (url, path) = match &opened {
        Opened::Parsed(l) => (l.url.clone(), l.path.as_deref()),
        Opened::Text(t) => (None, t.path.as_deref()),
        Opened::Head(h) => (None, Some(h.path.as_path())),
    };
    let location = url.or_else(|| path.map(crate::commands::notes::canonical_path));
    let exit = read_opened(None, global, &config, opened, location, None)?;
    after_reader(global, &config, exit)
}

/// Where a reader that ended as `exit` leaves the user: the library, or the shell.
fn after_reader(global: &Global, config: &Config, exit: ReaderExit) -> anyhow::Result<ExitCode> {
    if exit.to_library {
        return crate::tui::library::run_screen_with(global, config, false, exit.article);
    }
    Ok(ExitCode::SUCCESS)
}

/// The exit status of a fetch the user cancelled (as if interrupted: 128 + SIGINT).
const CANCELLED: u8 = 130;

/// `gloss URL` when the page must be fetched: the screen is taken at once and shows the
/// fetching frame, and the reader replaces it when the page is in. A cancelled fetch restores
/// the terminal, says so in one line and exits 130, keeping nothing; a failed one restores the
/// terminal and returns its one-line error (exit 2), as the commands do.
fn read_fetching(
    global: &Global,
    config: &Config,
    url: &str,
    settings: &crate::input::web::WebSettings,
) -> anyhow::Result<ExitCode> {
    let mut session =
        crate::tui::terminal::Session::start(false).context("cannot set up the terminal")?;
    let theme = theme_for(config);
    // dropping the session on the way out restores the terminal before `main` prints
    let Some(fetched) = crate::tui::fetching::run(&mut session, &theme, url, settings)? else {
        drop(session);
        eprintln!(
            "gloss: {}: cancelled; nothing was kept",
            crate::core::doc::sanitize::one_line(url)
        );
        return Ok(ExitCode::from(CANCELLED));
    };
    let loaded = fetched.into_loaded(url, settings);
    let location = loaded.url.clone();
    let exit = read_opened(
        Some(session),
        global,
        config,
        Opened::Parsed(loaded),
        location,
        None,
    )?;
    after_reader(global, config, exit)
}

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderExit {
    /// The user asked for the library (`L`).
    pub to_library: bool,
    /// The article's id in the library, once recorded there.
    pub article: Option<i64>,
}

/// Runs the reader on a loaded document found at `location` (a canonical path or URL; `None`
/// for stdin and the bundled article). The document enters the library on a thread of its own
/// (with its text: storing and indexing a big text must not hold up the first frame); the
/// reader waits for it only when it closes.
pub fn read_loaded(
    global: &Global,
    config: &Config,
    loaded: crate::input::Loaded,
    location: Option<String>,
    follow: Option<(String, EntityKind)>,
) -> anyhow::Result<ReaderExit> {
    let opened = Opened::Parsed(loaded);
    read_opened(None, global, config, opened, location, follow)
}

/// [`read_loaded`] on the screen `session` already holds, if any, for a document that may not
/// be parsed yet: a big one opens on its first part and enters the library once it has loaded
/// whole (not if the reader closes before).
fn read_opened(
    session: Option<crate::tui::terminal::Session>,
    global: &Global,
    config: &Config,
    opened: Opened,
    location: Option<String>,
    follow: Option<(String, EntityKind)>,
) -> anyhow::Result<ReaderExit> {
    // Keys come from the terminal even when the document came from stdin: crossterm reads
    // /dev/tty when stdin is not a terminal.
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
    let (mut state, warnings) = match opened {
        Opened::Parsed(l) => (
            AppState::new(l.doc, &l.display_name, config, width, height),
            l.warnings,
        ),
        Opened::Text(t) => (
            AppState::opening(t.text, t.format, &t.display_name, config, width, height),
            t.warnings,
        ),
        Opened::Head(h) => (
            AppState::opening_part(
                &h.text,
                h.size,
                crate::core::app::loading::TextHandle::File(std::sync::Arc::new(h.path)),
                h.format,
                &h.display_name,
                config,
                width,
                height,
            ),
            Vec::new(),
        ),
    };
    state.entities.follow = follow;
    let theme = theme_for(config);

    let mut store_error = None;
    let store = match crate::paths::database(global) {
        Some(path) => match Store::open(&path) {
            Ok(s) => {
                if let Some(reason) = s.read_only() {
                    state.info(&format!("Notes are read-only: {reason}"));
                }
                Some(s)
            }
            Err(e) => {
                store_error = Some(format!(
                    "reading positions are off: cannot open {}: {e:#}",
                    path.display()
                ));
                None
            }
        },
        None => None,
    };
    let startup = Startup {
        path: location.clone(),
        // the decoding and snapshot notes say more about what is on screen than the database
        error: (!warnings.is_empty())
            .then(|| warnings.join(" · "))
            .or(store_error),
    };
    // the whole document: now, or from the reader once it has loaded
    let (whole_tx, whole) = std::sync::mpsc::channel();
    let on_loaded = if state.is_loading() {
        Some(whole_tx)
    } else {
        let _ = whole_tx.send((std::sync::Arc::clone(&state.doc), state.fingerprint.clone()));
        None
    };
    let recorder = store.as_ref().filter(|s| s.read_only().is_none()).map(|s| {
        let db = s.path().to_owned();
        std::thread::spawn(move || -> anyhow::Result<Option<i64>> {
            let Ok((doc, fingerprint)) = whole.recv() else {
                return Ok(None); // closed before it had loaded
            };
            // entered at once, at the reader's own priority: notes saved from now on must
            // find their article in the library even if gloss is killed a moment later (at
            // the lowest priority, a busy machine held this back for seconds)
            let mut store = Store::open(&db)?;
            let article = crate::commands::add::known_article(&doc, location, fingerprint);
            let outcome = store.add_to_library(&article, &doc.source, true)?;
            // the ledger's recognition goes behind the reader, like its other background work
            crate::tui::jobs::yield_to_the_reader();
            // its ledger rows now, unless it is huge (then the ledger catches up when opened)
            if !matches!(outcome, Added::Already(_)) && doc.source.len() <= LEDGER_NOW {
                let user = crate::user_entities::load(crate::paths::entities_file().as_deref());
                let found = article_entities(&doc, &user.recognizer());
                let fingerprint = &article.doc.fingerprint;
                crate::commands::ledger::record(
                    &mut store,
                    &user,
                    outcome.id(),
                    fingerprint,
                    found,
                )?;
            }
            Ok(Some(outcome.id()))
        })
    });
    let to_library = crate::tui::run_reader_in(session, state, startup, &theme, store, on_loaded)?;
    let article = match recorder.map(std::thread::JoinHandle::join) {
        Some(Ok(Ok(id))) => id,
        Some(Ok(Err(e))) => {
            eprintln!("gloss: the article did not enter the library: {e:#}");
            None
        }
        _ => None,
    };
    Ok(ReaderExit {
        to_library,
        article,
    })
}

/// The config's colours, or none under `NO_COLOR`.
fn theme_for(config: &Config) -> Theme {
    let monochrome = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Theme::new(&config.theme, monochrome)
}

/// Reads and parses the config; a missing default file means the defaults.
pub fn load_config(global: &Global) -> anyhow::Result<Config> {
    let Some((path, explicit)) = crate::paths::config_file(global) else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok(Config::default());
        }
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read config {}", path.display()));
        }
    };
    Config::parse(&text)
        .map_err(|e| UserError(format!("bad config {}: {e}", path.display())).into())
}
