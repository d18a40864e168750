//! Web pages and URLs as input: the shell side of reading an article from the web.
//!
//! A saved page (`.html`, or HTML by content) goes through the pure extractor
//! ([`crate::core::doc::web`]) and the ordinary Markdown parser. A URL is opened from its
//! snapshot in the data directory when there is one (offline, instantly), else fetched
//! ([`crate::fetch`]) and snapshotted. Fetching is refused under `--offline` or `network = false`.

use std::path::{Path, PathBuf};

use super::Loaded;
use crate::cli::Global;
use crate::core::doc::document::Document;
use crate::core::doc::markdown;
use crate::core::doc::web::{self, Article};
use crate::error::UserError;
use crate::fetch::{self, FetchConfig};
use crate::snapshot::{self, Snapshot};

/// How URLs are opened: whether the network may be used, whether to ignore a snapshot, the
/// fetch limits, and where snapshots live.
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// `--offline` or `network = false`: never fetch; open snapshots only.
    pub offline: bool,
    /// `--refresh`: fetch again even when a snapshot exists.
    pub refresh: bool,
    pub fetch: FetchConfig,
    /// The snapshot directory (next to the database); `None` keeps no snapshots.
    pub snapshots: Option<PathBuf>,
}

impl WebSettings {
    /// The settings the command line and config ask for: `--offline`, `--refresh`, the
    /// config's `network` and `[fetch]`, snapshots next to the database.
    pub fn for_cli(global: &Global) -> anyhow::Result<Self> {
        let config = crate::commands::read::load_config(global)?;
        Ok(Self {
            offline: global.offline,
            refresh: global.refresh,
            fetch: config.fetch,
            snapshots: crate::paths::database(global).map(|db| snapshot::dir_for_db(&db)),
        })
    }
}

/// Loads a file, stdin or URL for a command: the web settings are read only for a URL.
pub fn load_for_cli(path: &Path, global: &Global) -> anyhow::Result<Loaded> {
    if let Some(url) = as_url(path) {
        return load_url(url, &WebSettings::for_cli(global)?);
    }
    super::load(Some(path))
}

/// Extensions of saved web pages.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml"];

/// The URL in `path` when it is one (`http://…` or `https://…`).
pub fn as_url(path: &Path) -> Option<&str> {
    let s = path.to_str()?;
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(s)
}

/// Whether a file (by its extension) or decoded text (by its content) is a web page.
pub fn is_html(name: Option<&Path>, text: &str) -> bool {
    let by_ext = name
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| HTML_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    by_ext || web::looks_like_html(text)
}

/// The article in a decoded page as a Markdown document, with the extractor's warnings.
pub fn article_document(html: &str, url: Option<&str>) -> (Document, Vec<String>) {
    let article = web::extract(html, url);
    (markdown::parse(article.to_markdown()), article.warnings)
}

/// Whether raw bytes are a web page: by the file's extension, else by content.
pub fn sniff_html(name: Option<&Path>, bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..2048).unwrap_or(bytes));
    is_html(name, &head)
}

/// Extracts the article of a page, file, stdin or URL (for `gloss extract`), with warnings.
pub fn article_of(source: &Path, settings: &WebSettings) -> anyhow::Result<(Article, Vec<String>)> {
    if let Some(url) = as_url(source) {
        let (_, article, warnings) = fetch_article(url, settings)?;
        return Ok((article, warnings));
    }
    let (bytes, name) = super::read_bytes(source)?;
    let decoded = crate::core::doc::decode::decode_page(&bytes, None)
        .map_err(|e| UserError(format!("{name} {e}")))?;
    let mut warnings = decoded.warnings;
    let mut article = web::extract(&decoded.text, None);
    warnings.append(&mut article.warnings);
    Ok((article, warnings))
}

/// Opens a URL: its kept article (no extraction), its snapshot, or a fresh fetch.
pub fn load_url(url: &str, settings: &WebSettings) -> anyhow::Result<Loaded> {
    if !settings.refresh
        && let Some(kept) = settings
            .snapshots
            .as_deref()
            .and_then(|d| snapshot::load_kept(d, url))
    {
        let mut warnings = snapshot_notes(&kept.final_url, kept.fetched, &kept.encoding);
        warnings.extend(kept.warnings);
        return Ok(Loaded {
            doc: markdown::parse(kept.markdown),
            path: None,
            display_name: host_of(&kept.final_url)
                .unwrap_or(&kept.final_url)
                .to_owned(),
            warnings,
            url: Some(kept.article_url.unwrap_or(kept.final_url)),
        });
    }
    let (snap, article, warnings) = fetch_article(url, settings)?;
    Ok(loaded_from(&snap, &article, warnings))
}

/// The reader's document for an article fetched from (or kept for) `snap`.
fn loaded_from(snap: &Snapshot, article: &Article, warnings: Vec<String>) -> Loaded {
    let display_name = host_of(&snap.final_url)
        .unwrap_or(&snap.final_url)
        .to_owned();
    let location = article
        .url
        .clone()
        .unwrap_or_else(|| snap.final_url.clone());
    Loaded {
        doc: markdown::parse(article.to_markdown()),
        path: None,
        display_name,
        warnings,
        url: Some(location),
    }
}

/// Whether opening `url` takes the network: there is no snapshot of it, or `--refresh` asks
/// for a new one. When it would but fetching is off, the one-line refusal.
pub fn needs_fetch(url: &str, settings: &WebSettings) -> anyhow::Result<bool> {
    let kept = settings
        .snapshots
        .as_deref()
        .is_some_and(|d| snapshot::exists(d, url));
    if kept && !settings.refresh {
        return Ok(false);
    }
    refuse_when_offline(url, settings)?;
    Ok(true)
}

fn refuse_when_offline(url: &str, settings: &WebSettings) -> anyhow::Result<()> {
    if settings.offline || !settings.fetch.network {
        return Err(UserError(format!(
            "{url}: no snapshot, and fetching is off (--offline or network = false)"
        ))
        .into());
    }
    Ok(())
}

/// A page just fetched and its article, not yet kept anywhere.
pub struct Fetched {
    snap: Snapshot,
    article: Article,
    warnings: Vec<String>,
}

/// Fetches `url` and extracts its article, reporting progress (see
/// [`fetch::fetch_with_progress`]); writes nothing, so a fetch given up halfway leaves no trace.
pub fn fetch_page(
    url: &str,
    settings: &WebSettings,
    progress: &mut dyn FnMut(u64, Option<u64>) -> bool,
) -> anyhow::Result<Fetched> {
    refuse_when_offline(url, settings)?;
    let page = fetch::fetch_with_progress(url, &settings.fetch, progress)?;
    let decoded = crate::core::doc::decode::decode_page(&page.body, page.charset.as_deref())
        .map_err(|e| UserError(format!("{url} {e}")))?;
    let snap = Snapshot::new(page.final_url, decoded.text, decoded.encoding);
    let article = web::extract(&snap.html, Some(&snap.final_url));
    Ok(Fetched {
        snap,
        article,
        warnings: decoded.warnings,
    })
}

impl Fetched {
    /// Keeps the snapshot of `url` (a failure to is a warning) and returns the page, its
    /// article and every warning.
    fn keep(self, url: &str, settings: &WebSettings) -> (Snapshot, Article, Vec<String>) {
        let Self {
            snap,
            mut article,
            mut warnings,
        } = self;
        if let Some(dir) = &settings.snapshots
            && let Err(e) = snapshot::save(dir, url, &snap, &article)
        {
            warnings.push(format!("could not keep a snapshot: {e:#}"));
        }
        warnings.append(&mut article.warnings);
        (snap, article, warnings)
    }

    /// Keeps the snapshot of `url` and turns the article into the reader's document.
    pub fn into_loaded(self, url: &str, settings: &WebSettings) -> Loaded {
        let (snap, article, warnings) = self.keep(url, settings);
        loaded_from(&snap, &article, warnings)
    }
}

/// The page at `url` and its article: from its snapshot unless refreshing, else fetched (and
/// snapshotted).
fn fetch_article(
    url: &str,
    settings: &WebSettings,
) -> anyhow::Result<(Snapshot, Article, Vec<String>)> {
    if !settings.refresh
        && let Some(snap) = settings
            .snapshots
            .as_deref()
            .and_then(|d| snapshot::load(d, url))
    {
        let mut warnings = snapshot_notes(&snap.final_url, snap.fetched, &snap.encoding);
        let mut article = web::extract(&snap.html, Some(&snap.final_url));
        warnings.append(&mut article.warnings);
        return Ok((snap, article, warnings));
    }
    Ok(fetch_page(url, settings, &mut |_, _| true)?.keep(url, settings))
}

/// What the status bar says of a page opened from its snapshot: the encoding its bytes were
/// read as (when not UTF-8), and how old it is.
fn snapshot_notes(final_url: &str, fetched: i64, encoding: &str) -> Vec<String> {
    let mut notes: Vec<String> = crate::core::doc::decode::encoding_note(encoding)
        .into_iter()
        .collect();
    notes.push(format!(
        "snapshot of {final_url}, fetched {} (--refresh fetches it again)",
        snapshot::age_phrase(fetched)
    ));
    notes
}

/// `example.com` from `https://example.com/a`.
pub fn host_of(url: &str) -> Option<&str> {
    url.split_once("://")?.1.split(['/', '?', '#']).next()
}
