//! `gloss add PATH|URL|DIR…`: put articles into the library.
//!
//! Reading, decoding and parsing run on every core (one thread per core pulling from a shared
//! list); one writer — this thread, with the one database connection — commits each article
//! in its own short transaction, so `kill -9` loses at most the article in flight and a rerun
//! adds the rest. The same text is the same article (part 5's identity), so a rerun adds
//! nothing twice, and two `gloss add` at once lose nothing (each add is an immediate
//! transaction that looks before it writes). A saved page is added as its article (what the
//! reader shows, not the raw HTML); a URL as `gloss URL` opens it — from its snapshot when one
//! was kept, else fetched (one line per failure, as for files) and snapshotted — under its
//! canonical URL, so its notes in the reader and its library entry are the same article. The
//! workers also recognise each article's entities, which the writer stores in the ledger with
//! it; the summary ends with one line per watched entity that new articles mention
//! (`Huawei: 3 new articles`).

use crate::core::doc::text::group_thousands as thousands;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use clap::Args;

use crate::cli::Global;
use crate::commands::ledger;
use crate::commands::library::open_library;
use crate::commands::notes::canonical_path;
use crate::core::doc::annotation::DocRef;
use crate::core::doc::document::{Document, Format};
use crate::core::doc::entities::Recognizer;
use crate::core::doc::entities::watch::WatchEntry;
use crate::core::doc::ledger::{ArticleEntities, article_entities};
use crate::core::doc::sanitize::one_line;
use crate::input::web::WebSettings;
use crate::store::library::{Added, NewArticle};

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Files, folders (searched recursively) or URLs
    #[arg(required = true, value_name = "PATH|URL|DIR")]
    pub paths: Vec<String>,
    /// No progress bar, only the summary line
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// File extensions a folder is searched for.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// What the library keeps of a parsed document found at `location`.
pub fn new_article(doc: &Document, location: Option<String>) -> NewArticle {
    known_article(doc, location, doc.fingerprint())
}

/// [`new_article`] for a document whose fingerprint is known already.
pub fn known_article(doc: &Document, location: Option<String>, fingerprint: String) -> NewArticle {
    NewArticle {
        doc: DocRef {
            fingerprint,
            path: location,
            title: doc.title().or_else(|| first_line(&doc.source)),
        },
        authors: doc.meta.authors.clone(),
        // a web article's front matter names its site apart from its URL (`source:`)
        outlet: doc
            .meta
            .fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("site"))
            .map(|(_, v)| v.clone())
            .or_else(|| doc.meta.source.clone()),
        date: doc.meta.date.clone(),
        format: match doc.format {
            Format::Markdown => "markdown",
            Format::PlainText => "text",
        },
        words: doc.source.split_whitespace().count(),
    }
}

/// A title for a text that names none: its first non-blank line, shortened.
fn first_line(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let short = crate::core::doc::annotation::first_chars(line, 100);
    Some(if short.len() < line.len() {
        format!("{short}…")
    } else {
        short.to_owned()
    })
}

/// One thing to add, as named on the command line or found in a folder.
enum Item {
    File(PathBuf),
    Url(String),
}

pub fn run(global: &Global, args: &AddArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_library(global)?;
    store.bulk_mode()?;
    let user = crate::user_entities::load(crate::paths::entities_file().as_deref());
    if let Some(warning) = &user.warning {
        eprintln!("gloss: {warning}");
    }
    let recognizer = user.recognizer();
    // texts already in the ledger are not recognised again (a rerun reads, it does not work)
    let known =
        store.ledger_fingerprints(&crate::core::doc::ledger::stamp(user.entities.as_ref()))?;
    let watch = user
        .entities
        .as_ref()
        .map_or(&[][..], |u| u.watch.as_slice());
    // per watch entry, how many new articles mention it
    let mut watched_new = vec![0usize; watch.len()];
    let web = WebSettings::for_cli(global)?;
    let mut failures: Vec<String> = Vec::new();
    let mut items = Vec::new();
    for arg in &args.paths {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            items.push(Item::Url(arg.clone()));
            continue;
        }
        let p = Path::new(arg);
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, &mut failures);
            found.sort();
            items.extend(found.into_iter().map(Item::File));
        } else {
            items.push(Item::File(p.to_path_buf()));
        }
    }
    let bar = progress_bar(items.len(), args.quiet);
    let (mut added, mut already, mut updated) = (0usize, 0usize, 0usize);
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(usize, Result<Prepared, String>)>(64);
        for _ in 0..workers {
            let tx = tx.clone();
            let items = &items;
            let next = &next;
            let recognizer = &recognizer;
            let web = &web;
            let known = &known;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, prepare(item, recognizer, web, known))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, prepared) in rx {
            let name = items.get(i).map(item_name).unwrap_or_default();
            match prepared.and_then(|p| {
                store_prepared(&mut store, &user, p, &mut watched_new).map_err(|e| format!("{e:#}"))
            }) {
                Ok(Added::New(_)) => added += 1,
                Ok(Added::Updated(_)) => updated += 1,
                Ok(Added::Already(_)) => already += 1,
                Err(e) => failures.push(format!("{}: {}", one_line(&name), one_line(&e))),
            }
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        }
        Ok(())
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for f in &failures {
        eprintln!("gloss: cannot add {f}");
    }
    let mut summary = format!("{} added", thousands(added));
    if updated > 0 {
        let _ = write!(summary, ", {} updated", thousands(updated));
    }
    let _ = write!(
        summary,
        ", {} already there, {} failed",
        thousands(already),
        thousands(failures.len())
    );
    println!("{summary}");
    // articles already there without ledger rows (added by an older gloss) catch up now
    ledger::refresh(&mut store, &user, args.quiet)?;
    for line in watched_lines(watch, &watched_new) {
        println!("{line}");
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Puts one prepared article into the library and its entities into the ledger; a new article
/// counts for each watch entry it mentions.
fn store_prepared(
    store: &mut crate::store::Store,
    user: &crate::user_entities::Loaded,
    (article, text, found): Prepared,
    watched_new: &mut [usize],
) -> anyhow::Result<Added> {
    let outcome = store.add_to_library(&article, &text, false)?;
    drop(text);
    let watch = user
        .entities
        .as_ref()
        .map_or(&[][..], |u| u.watch.as_slice());
    let Some(found) = found else {
        return Ok(outcome);
    };
    if let Added::New(_) = outcome {
        for (w, n) in watch.iter().zip(watched_new.iter_mut()) {
            if found.entities.iter().any(|e| w.matches(e)) {
                *n += 1;
            }
        }
    }
    if !matches!(outcome, Added::Already(_)) {
        ledger::record(store, user, outcome.id(), &article.doc.fingerprint, found)?;
    }
    Ok(outcome)
}

/// `Huawei: 3 new articles`, one line per watch entry new articles mention.
fn watched_lines(watch: &[WatchEntry], new: &[usize]) -> Vec<String> {
    watch
        .iter()
        .zip(new)
        .filter(|(_, n)| **n > 0)
        .map(|(w, &n)| {
            let s = if n == 1 { "" } else { "s" };
            format!("{}: {} new article{s}", one_line(&w.name), thousands(n))
        })
        .collect()
}

fn progress_bar(len: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles  {per_sec}  {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

fn item_name(item: &Item) -> String {
    match item {
        Item::File(p) => p.display().to_string(),
        Item::Url(u) => u.clone(),
    }
}

/// What a worker hands the writer: the article, its text and its entities for the ledger
/// (`None`: the ledger has them already).
type Prepared = (NewArticle, String, Option<ArticleEntities>);

/// Reads, parses and recognises one item (on a worker thread): a web page becomes its article;
/// a URL is opened from its snapshot, else fetched and snapshotted, as `gloss URL` does. Texts
/// the ledger has already (their fingerprint in `known`) are not recognised again.
fn prepare(
    item: &Item,
    recognizer: &Recognizer,
    web: &WebSettings,
    known: &std::collections::HashSet<String>,
) -> Result<Prepared, String> {
    // the text moves on with the article: no copy of it is made
    let recognised = |doc: Document, location: Option<String>| {
        let article = new_article(&doc, location);
        let found =
            (!known.contains(&article.doc.fingerprint)).then(|| article_entities(&doc, recognizer));
        (article, doc.source, found)
    };
    match item {
        Item::Url(url) => {
            let loaded = crate::input::web::load_url(url, web).map_err(|e| {
                let e = format!("{e:#}");
                // the fetch's message names the URL the failure line already shows
                e.strip_prefix(url.as_str())
                    .and_then(|rest| rest.strip_prefix(": "))
                    .map_or_else(|| e.clone(), str::to_owned)
            })?;
            Ok(recognised(loaded.doc, loaded.url))
        }
        Item::File(path) => {
            if crate::input::over_limit(path) {
                return Err("over 4 GiB: gloss reads texts up to 4 GiB".to_owned());
            }
            let bytes = std::fs::read(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_owned(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
                _ => e.to_string(),
            })?;
            let (doc, _) =
                crate::input::document_of(bytes, Some(path)).map_err(|e| e.to_string())?;
            Ok(recognised(doc, Some(canonical_path(path))))
        }
    }
}

/// Every file under `dir` with one of [`EXTENSIONS`]; unreadable folders are failures.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, failures: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(format!("{}: {e}", one_line(&dir.display().to_string())));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, out, failures);
        } else if kind.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watched_lines_name_each_entry_new_articles_mention() {
        let watch = vec![
            WatchEntry::new("Huawei", None),
            WatchEntry::new("ZTE", None),
            WatchEntry::new("Nokia", None),
        ];
        assert_eq!(
            watched_lines(&watch, &[3, 0, 1]),
            ["Huawei: 3 new articles", "Nokia: 1 new article"]
        );
    }

    #[test]
    fn folders_are_walked_for_article_extensions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        for f in [
            "x.txt",
            "a/y.MD",
            "a/b/z.html",
            "a/b/skip.pdf",
            "a/w.markdown",
        ] {
            std::fs::write(dir.path().join(f), "hi").unwrap();
        }
        let (mut found, mut failures) = (Vec::new(), Vec::new());
        walk(dir.path(), &mut found, &mut failures);
        found.sort();
        let names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a/b/z.html", "a/w.markdown", "a/y.MD", "x.txt"]);
        assert!(failures.is_empty());
    }
}
