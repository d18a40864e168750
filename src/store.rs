//! The SQLite database: reading positions now, annotations later.
//!
//! NOTE: minimal first version (positions only, no migrations yet); the signatures are the
//! contract the reader uses.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::cli::Global;

/// Where the database lives: `--db`/`GLOSS_DB`, else `$XDG_DATA_HOME/gloss/gloss.db`,
/// else `$HOME/.local/share/gloss/gloss.db`.
pub fn default_path(global: &Global) -> Option<PathBuf> {
    if let Some(p) = &global.db {
        return Some(p.clone());
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("gloss").join("gloss.db"))
}

/// An open database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE IF NOT EXISTS positions (
                fingerprint TEXT PRIMARY KEY, offset INTEGER NOT NULL, updated_at TEXT NOT NULL);",
        )?;
        Ok(Self { conn })
    }

    /// The saved reading position (a source byte offset) for a document fingerprint.
    pub fn position(&self, fingerprint: &str) -> anyhow::Result<Option<usize>> {
        let v: Option<i64> = self
            .conn
            .query_row(
                "SELECT offset FROM positions WHERE fingerprint = ?1",
                params![fingerprint],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.and_then(|v| usize::try_from(v).ok()))
    }

    /// Saves the reading position for a document fingerprint.
    pub fn set_position(&self, fingerprint: &str, offset: usize) -> anyhow::Result<()> {
        self.conn.execute(
            "INSERT INTO positions (fingerprint, offset, updated_at) VALUES (?1, ?2, datetime('now'))
             ON CONFLICT(fingerprint) DO UPDATE SET offset = excluded.offset, updated_at = excluded.updated_at",
            params![fingerprint, i64::try_from(offset).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }
}
