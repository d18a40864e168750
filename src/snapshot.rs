//! Snapshots of fetched web articles, kept in the data directory next to the database.
//!
//! One folder per requested URL (`snapshots/<sha256 of the URL>/`) holds `meta.json` (the URL,
//! the final URL after redirects, the fetch time, the encoding the page was read as, the
//! article's canonical URL and extraction warnings), `page.html` (the raw page, decoded to
//! UTF-8) and `article.md` (the extracted article). `gloss URL` opens `article.md` offline
//! ([`load_kept`]: no extraction, so the first frame comes as fast as for a file); `gloss
//! extract` re-extracts `page.html` for the article's fields; `--refresh` replaces it all.
//! Files are written with the one atomic writer; a missing or damaged snapshot is just absent.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::core::doc::web::Article;
use crate::fsx::write_atomic;

/// A page as it was fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Where the redirects ended.
    pub final_url: String,
    /// When it was fetched, in seconds since the Unix epoch.
    pub fetched: i64,
    /// The page, decoded to UTF-8.
    pub html: String,
    /// The encoding the page's bytes were read as (`UTF-8`, `windows-1252`…).
    pub encoding: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    url: String,
    final_url: String,
    fetched: i64,
    fetched_at: String,
    #[serde(default = "utf8")]
    encoding: String,
    /// Present when `article.md` can be opened as it is (snapshots from before lack it).
    #[serde(default)]
    article: Option<KeptMeta>,
}

fn utf8() -> String {
    "UTF-8".to_owned()
}

#[derive(serde::Serialize, serde::Deserialize)]
struct KeptMeta {
    url: Option<String>,
    warnings: Vec<String>,
}

/// The extracted article of a snapshot, as kept: what the reader opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub final_url: String,
    pub fetched: i64,
    pub encoding: String,
    /// The article's canonical URL, when the page named one.
    pub article_url: Option<String>,
    /// What extraction warned about (an empty extraction).
    pub warnings: Vec<String>,
    /// `article.md`.
    pub markdown: String,
}

impl Snapshot {
    /// A snapshot of a page fetched now, read as `encoding`.
    pub fn new(final_url: String, html: String, encoding: &str) -> Self {
        Self {
            final_url,
            fetched: time::OffsetDateTime::now_utc().unix_timestamp(),
            html,
            encoding: encoding.to_owned(),
        }
    }
}

/// The snapshot folder in the data directory of `db` (the database's path).
pub fn dir_for_db(db: &Path) -> PathBuf {
    db.parent()
        .map_or_else(|| PathBuf::from("snapshots"), |p| p.join("snapshots"))
}

fn folder(dir: &Path, url: &str) -> PathBuf {
    let hash = Sha256::digest(url.as_bytes());
    let hex: String = hash.iter().take(16).fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    dir.join(hex)
}

/// Whether a snapshot of `url` was kept (its meta, written last, exists).
pub fn exists(dir: &Path, url: &str) -> bool {
    folder(dir, url).join("meta.json").is_file()
}

fn meta(f: &Path) -> Option<Meta> {
    serde_json::from_slice(&std::fs::read(f.join("meta.json")).ok()?).ok()
}

/// The snapshot of `url`, if one was kept and can be read.
pub fn load(dir: &Path, url: &str) -> Option<Snapshot> {
    let f = folder(dir, url);
    let meta = meta(&f)?;
    let html = std::fs::read_to_string(f.join("page.html")).ok()?;
    Some(Snapshot {
        final_url: meta.final_url,
        fetched: meta.fetched,
        html,
        encoding: meta.encoding,
    })
}

/// The kept article of `url`, if its snapshot has one that can be read.
pub fn load_kept(dir: &Path, url: &str) -> Option<Kept> {
    let f = folder(dir, url);
    let meta = meta(&f)?;
    let article = meta.article?;
    let markdown = std::fs::read_to_string(f.join("article.md")).ok()?;
    Some(Kept {
        final_url: meta.final_url,
        fetched: meta.fetched,
        encoding: meta.encoding,
        article_url: article.url,
        warnings: article.warnings,
        markdown,
    })
}

/// Keeps `snap` and its extracted `article` as the snapshot of `url`.
pub fn save(dir: &Path, url: &str, snap: &Snapshot, article: &Article) -> anyhow::Result<()> {
    let f = folder(dir, url);
    std::fs::create_dir_all(&f)?;
    let fetched_at = time::OffsetDateTime::from_unix_timestamp(snap.fetched)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    let meta = Meta {
        url: url.to_owned(),
        final_url: snap.final_url.clone(),
        fetched: snap.fetched,
        fetched_at,
        encoding: snap.encoding.clone(),
        article: Some(KeptMeta {
            url: article.url.clone(),
            warnings: article.warnings.clone(),
        }),
    };
    write_atomic(&f.join("page.html"), snap.html.as_bytes())?;
    write_atomic(&f.join("article.md"), article.to_markdown().as_bytes())?;
    // meta last: a snapshot is complete once its meta exists
    write_atomic(&f.join("meta.json"), &serde_json::to_vec_pretty(&meta)?)?;
    Ok(())
}

/// How long ago a page fetched at `fetched` (Unix seconds) was, in words (`3 days ago`).
pub fn age_phrase(fetched: i64) -> String {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    age_words(now.saturating_sub(fetched))
}

fn age_words(secs: i64) -> String {
    let (n, unit) = match secs {
        ..60 => return "just now".to_owned(),
        60..3600 => (secs / 60, "minute"),
        3600..86_400 => (secs / 3600, "hour"),
        86_400..2_592_000 => (secs / 86_400, "day"),
        2_592_000..31_536_000 => (secs / 2_592_000, "month"),
        _ => (secs / 31_536_000, "year"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_round_trips_and_says_its_age() {
        let dir = tempfile::tempdir().unwrap();
        let snap = Snapshot {
            final_url: "https://a.example/x".into(),
            fetched: 1_700_000_000,
            html: "<p>é</p>".into(),
            encoding: "windows-1252".into(),
        };
        let article = Article {
            title: Some("É".into()),
            url: Some("https://a.example/canonical".into()),
            markdown: "é\n".into(),
            warnings: vec!["no article found".into()],
            ..Article::default()
        };
        assert!(load(dir.path(), "https://a.example/").is_none());
        assert!(!exists(dir.path(), "https://a.example/"));
        save(dir.path(), "https://a.example/", &snap, &article).unwrap();
        assert_eq!(load(dir.path(), "https://a.example/"), Some(snap));
        assert!(exists(dir.path(), "https://a.example/"));
        let kept = load_kept(dir.path(), "https://a.example/").unwrap();
        assert_eq!(kept.markdown, article.to_markdown());
        assert_eq!(kept.encoding, "windows-1252");
        assert_eq!(
            kept.article_url.as_deref(),
            Some("https://a.example/canonical")
        );
        assert_eq!(kept.warnings, ["no article found"]);
        assert_eq!(age_words(5), "just now");
        assert_eq!(age_words(120), "2 minutes ago");
        assert_eq!(age_words(3600), "1 hour ago");
        assert_eq!(age_words(86_400 * 3), "3 days ago");
    }
}
