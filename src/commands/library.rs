//! `gloss library [--archived] [--json]` and `gloss restore ID`: the library as a list.
//!
//! On a terminal (and without `--json`) `gloss library` opens the library screen; piped, it
//! prints one line per article, or the JSON the issue specifies, so scripts see the same list
//! the screen shows. `--json` gives each article the watched entities it mentions
//! (`"watched": [{"name", "mentions"}]`, from the ledger).

use std::collections::HashMap;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};

use crate::cli::Global;
use crate::core::doc::export::escape_unsafe_json;
use crate::core::doc::sanitize::one_line;
use crate::error::UserError;
use crate::store::Store;
use crate::store::library::Entry;

#[derive(Debug, Args)]
pub struct LibraryArgs {
    /// List the archived articles (removed ones that have notes)
    #[arg(long)]
    pub archived: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Print the list even on a terminal (no screen)
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The article's id (see `gloss library --archived`)
    pub id: i64,
}

/// Opens the database for the library's commands ([`Store::open_fast`]).
pub fn open_library(global: &Global) -> anyhow::Result<Store> {
    let path = crate::paths::database(global).ok_or_else(|| {
        UserError("no place for the database: set --db or GLOSS_DB (HOME is not set)".into())
    })?;
    Store::open_fast(&path)
}

pub fn run(global: &Global, args: &LibraryArgs) -> anyhow::Result<ExitCode> {
    if !args.json && !args.list && std::io::stdout().is_terminal() {
        return crate::tui::library::run_screen(global, args.archived);
    }
    let mut store = open_library(global)?;
    let entries = store.library(args.archived)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let watched = watched(&mut store)?;
        let items: Vec<Value> = entries
            .iter()
            .map(|e| {
                let mut v = entry_json(e);
                let list = watched.get(&e.id).map_or(&[][..], Vec::as_slice);
                v["watched"] = list
                    .iter()
                    .map(|(name, n)| json!({ "name": name, "mentions": n }))
                    .collect();
                v
            })
            .collect();
        let text = serde_json::to_string_pretty(&json!({ "articles": items }))?;
        writeln!(out, "{}", escape_unsafe_json(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    for e in &entries {
        writeln!(
            out,
            "{:>6}  {}  {}  {}  {:>3}%  {} notes  {}",
            e.id,
            one_line(e.title.as_deref().unwrap_or("(untitled)")),
            one_line(e.outlet.as_deref().unwrap_or("-")),
            one_line(e.date.as_deref().unwrap_or("-")),
            percent(e.progress),
            e.notes,
            e.tags
                .iter()
                .map(|t| format!("#{}", one_line(t)))
                .collect::<Vec<_>>()
                .join(" "),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Per article, the watched entities it mentions (the ledger brought up to date first).
fn watched(store: &mut Store) -> anyhow::Result<HashMap<i64, Vec<(String, usize)>>> {
    let user = crate::user_entities::load(crate::paths::entities_file().as_deref());
    if let Some(warning) = &user.warning {
        eprintln!("gloss: {warning}");
    }
    let watch = user
        .entities
        .as_ref()
        .map_or(&[][..], |u| u.watch.as_slice());
    if watch.is_empty() {
        return Ok(HashMap::new());
    }
    crate::commands::ledger::refresh(store, &user, false)?;
    crate::commands::ledger::watched_by_article(store, watch)
}

/// Progress as a whole percentage.
pub fn percent(progress: f64) -> u8 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let p = (progress.clamp(0.0, 1.0) * 100.0).round() as u8;
    p
}

/// One article in `gloss library --json`.
pub fn entry_json(e: &Entry) -> Value {
    json!({
        "id": e.id,
        "title": e.title,
        "authors": e.authors,
        "outlet": e.outlet,
        "date": e.date,
        "source": e.source,
        "fingerprint": e.fingerprint,
        "words": e.words,
        "progress": (e.progress * 1000.0).round() / 1000.0,
        "notes": e.notes,
        "tags": e.tags,
        "added": e.added,
        "opened": e.opened,
    })
}

pub fn restore(global: &Global, args: &RestoreArgs) -> anyhow::Result<ExitCode> {
    let store = open_library(global)?;
    if !store.restore_article(args.id)? {
        return Err(UserError(format!(
            "no article {} in the library (see `gloss library --archived`)",
            args.id
        ))
        .into());
    }
    println!("restored article {}", args.id);
    Ok(ExitCode::SUCCESS)
}
