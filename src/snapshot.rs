//! Snapshots of fetched web articles, kept in the data directory next to the database.
//!
//! One folder per requested URL (`snapshots/<sha256 of the URL>/`) holds `meta.json` (the URL,
//! the final URL after redirects, the fetch time), `page.html` (the raw page, decoded to UTF-8)
//! and `article.md` (the extracted article). `gloss URL` opens it offline; `--refresh` replaces
//! it. Files are written with the one atomic writer; a missing or damaged snapshot is just absent.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

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
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    url: String,
    final_url: String,
    fetched: i64,
    fetched_at: String,
}

impl Snapshot {
    /// A snapshot of a page fetched now.
    pub fn new(final_url: String, html: String) -> Self {
        Self {
            final_url,
            fetched: time::OffsetDateTime::now_utc().unix_timestamp(),
            html,
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

/// The snapshot of `url`, if one was kept and can be read.
pub fn load(dir: &Path, url: &str) -> Option<Snapshot> {
    let f = folder(dir, url);
    let meta: Meta = serde_json::from_slice(&std::fs::read(f.join("meta.json")).ok()?).ok()?;
    let html = std::fs::read_to_string(f.join("page.html")).ok()?;
    Some(Snapshot {
        final_url: meta.final_url,
        fetched: meta.fetched,
        html,
    })
}

/// Keeps `snap` (and its extracted `markdown`) as the snapshot of `url`.
pub fn save(dir: &Path, url: &str, snap: &Snapshot, markdown: &str) -> anyhow::Result<()> {
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
    };
    write_atomic(&f.join("page.html"), snap.html.as_bytes())?;
    write_atomic(&f.join("article.md"), markdown.as_bytes())?;
    // meta last: a snapshot is complete once its meta exists
    write_atomic(&f.join("meta.json"), &serde_json::to_vec_pretty(&meta)?)?;
    Ok(())
}

/// How long ago `snap` was fetched, in words (`3 days ago`, `just now`).
pub fn age_phrase(snap: &Snapshot) -> String {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    age_words(now.saturating_sub(snap.fetched))
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
        };
        assert!(load(dir.path(), "https://a.example/").is_none());
        assert!(!exists(dir.path(), "https://a.example/"));
        save(dir.path(), "https://a.example/", &snap, "é\n").unwrap();
        assert_eq!(load(dir.path(), "https://a.example/"), Some(snap));
        assert!(exists(dir.path(), "https://a.example/"));
        assert_eq!(age_words(5), "just now");
        assert_eq!(age_words(120), "2 minutes ago");
        assert_eq!(age_words(3600), "1 hour ago");
        assert_eq!(age_words(86_400 * 3), "3 days ago");
    }
}
