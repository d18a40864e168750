//! The `SQLite` database: reading positions and annotations, in one file.
//!
//! The promise is that nothing the user confirmed is ever lost and nothing is ever reset:
//!
//! - **Every change is its own short transaction**, committed before the call returns, in WAL
//!   mode with `synchronous=FULL`, so `kill -9` at any moment loses nothing confirmed; two gloss
//!   processes share the file (WAL + a 5 s busy timeout, no long transactions).
//! - **Opening checks before it writes.** A file that is not `SQLite`, fails `quick_check`, is
//!   locked, unreadable, or carries a newer schema (`PRAGMA user_version`) is refused with a
//!   typed [`StoreError`] and left byte for byte as it was: gloss never recreates, truncates
//!   or "repairs" a database.
//! - **Migrations are versioned and backed up.** Before an existing database is migrated, a
//!   consistent copy is written next to it (`gloss.db.bak-v{old}`, via `VACUUM INTO`).
//!
//! Schema history: v1 = `positions` (also what the first gloss builds left with
//! `user_version = 0`); v2 adds `annotations`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Row, params};

use crate::core::doc::anchor::{Anchoring, DriftReport, Reanchored, reanchor};
use crate::core::doc::annotation::{Annotation, DocRef, TextPosition, TextQuote};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// How long a write waits for another process's lock before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: [&str; 2] = [
    // → v1: reading positions (IF NOT EXISTS: pre-versioning databases already have it).
    "CREATE TABLE IF NOT EXISTS positions (
        fingerprint TEXT PRIMARY KEY,
        offset INTEGER NOT NULL,
        updated_at TEXT NOT NULL);",
    // → v2: annotations. Tags are a JSON array (SQLite's json_each lists them for completion).
    "CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        path TEXT,
        title TEXT,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        body TEXT NOT NULL DEFAULT '',
        color TEXT,
        created TEXT NOT NULL,
        modified TEXT NOT NULL);
     CREATE INDEX annotations_fingerprint ON annotations(fingerprint);
     CREATE INDEX annotations_path ON annotations(path);
     CREATE INDEX annotations_title ON annotations(title);",
];

/// Why the database cannot be used. Every message is one line and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but cannot be read (permissions, a directory, I/O error).
    #[error("cannot read the database {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    /// The file is not an `SQLite` database at all.
    #[error(
        "{path} is not a gloss database (not SQLite); it was left untouched — move it away or pass --db"
    )]
    NotADatabase { path: PathBuf },
    /// `SQLite`'s integrity check failed.
    #[error(
        "the database {path} is corrupt ({detail}); it was left untouched — restore a backup or move it away"
    )]
    Corrupt { path: PathBuf, detail: String },
    /// Another process holds a lock for longer than the busy timeout.
    #[error("the database {path} is locked by another process; try again")]
    Locked { path: PathBuf },
    /// Written by a newer gloss.
    #[error(
        "the database {path} has schema version {found}, newer than this gloss supports ({supported}); it was left untouched — upgrade gloss"
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// Any other `SQLite` failure.
    #[error("database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

/// The current time as RFC 3339 UTC, to the second (`2026-11-28T13:45:00Z`): what
/// annotations store as `created`/`modified`.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// A fresh annotation id: a UUID v7 (time-ordered, random), lowercase hyphenated.
pub fn new_annotation_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// An open, checked, migrated database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    backup: Option<PathBuf>,
}

/// A document's annotations as placed in its current text (see [`Store::load_anchored`]).
#[derive(Debug, Clone, Default)]
pub struct AnchoredNotes {
    /// Document order, orphans last; positions are the current ones (orphans: as stored).
    pub annotations: Vec<Annotation>,
    /// How each was placed, parallel to `annotations`.
    pub anchorings: Vec<Anchoring>,
    /// Ids of the annotations that could not be placed.
    pub orphans: Vec<String>,
    /// For the status bar: `DriftReport::summary()`.
    pub report: DriftReport,
}

/// What [`Store::import_annotations`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub imported: usize,
    pub skipped: usize,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens (creating if needed) the database at `path`, refusing — without writing a byte —
    /// anything that is not a healthy gloss database of this or an older schema version.
    /// Older versions are backed up, then migrated.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        Ok(Self::open_checked(path)?)
    }

    /// [`Store::open`] with the typed error.
    pub fn open_checked(path: &Path) -> Result<Self, StoreError> {
        Self::open_with_timeout(path, BUSY_TIMEOUT)
    }

    /// [`Store::open_checked`] with another busy timeout (how long any statement waits for a
    /// lock held by another process before failing with [`StoreError::Locked`]).
    pub fn open_with_timeout(
        path: &Path,
        busy_timeout: std::time::Duration,
    ) -> Result<Self, StoreError> {
        // Two processes opening a new database at once race to create it and switch it to
        // WAL; SQLite answers some of those steps with "locked" at once, without waiting on
        // the busy timeout. Opening is idempotent, so try again until the timeout is spent.
        let started = std::time::Instant::now();
        loop {
            match Self::open_once(path, busy_timeout) {
                Err(StoreError::Locked { .. }) if started.elapsed() < busy_timeout => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                result => return result,
            }
        }
    }

    fn open_once(path: &Path, busy_timeout: std::time::Duration) -> Result<Self, StoreError> {
        let existed = precheck_file(path)?;
        if !existed && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Unreadable {
                path: path.to_owned(),
                reason: format!("cannot create {}: {e}", dir.display()),
            })?;
        }
        let sq = |source| classify(path, source);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(sq)?;
        conn.busy_timeout(busy_timeout).map_err(sq)?;

        // Read-only checks first: nothing below writes until they pass.
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sq)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                path: path.to_owned(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if existed {
            let check: String = conn
                .pragma_query_value(None, "quick_check", |r| r.get(0))
                .map_err(sq)?;
            if check != "ok" {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: check,
                });
            }
        }
        let has_tables: bool = conn
            .query_row("SELECT count(*) > 0 FROM sqlite_master", [], |r| r.get(0))
            .map_err(sq)?;

        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sq)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sq)?;

        let mut store = Self {
            conn,
            path: path.to_owned(),
            backup: None,
        };
        if version < SCHEMA_VERSION {
            if has_tables {
                store.backup = Some(store.backup_before_migration(version)?);
            }
            store.migrate()?;
        }
        Ok(store)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The backup written before a migration during this open, if any.
    pub fn backup_path(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    /// The schema version on disk.
    pub fn schema_version(&self) -> anyhow::Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err(e))?)
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        classify(&self.path, source)
    }

    fn backup_before_migration(&self, version: u32) -> Result<PathBuf, StoreError> {
        let base = format!("{}.bak-v{version}", self.path.display());
        let mut target = PathBuf::from(&base);
        let mut n = 1;
        while target.exists() {
            target = PathBuf::from(format!("{base}.{n}"));
            n += 1;
        }
        let target_str = target.to_string_lossy().into_owned();
        self.conn
            .execute("VACUUM INTO ?1", params![target_str])
            .map_err(|e| self.err(e))?;
        Ok(target)
    }

    /// Applies the pending migrations in one immediate transaction, re-reading the version
    /// inside it so that two processes opening an old database at once migrate it once.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sq)?;
        let mut version: u32 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sq)?;
        while let Some(sql) = MIGRATIONS.get(version as usize) {
            tx.execute_batch(sql).map_err(sq)?;
            version += 1;
        }
        tx.pragma_update(None, "user_version", version)
            .map_err(sq)?;
        tx.commit().map_err(sq)
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
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(v.and_then(|v| usize::try_from(v).ok()))
    }

    /// Saves the reading position for a document fingerprint.
    pub fn set_position(&self, fingerprint: &str, offset: usize) -> anyhow::Result<()> {
        self.conn
            .execute(
                "INSERT INTO positions (fingerprint, offset, updated_at)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT(fingerprint) DO UPDATE
                 SET offset = excluded.offset, updated_at = excluded.updated_at",
                params![fingerprint, to_i64(offset)],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Inserts or replaces the annotation with `ann.id` (one committed statement).
    pub fn save_annotation(&self, ann: &Annotation) -> anyhow::Result<()> {
        self.conn
            .execute(
                &format!(
                    "INSERT INTO annotations ({COLUMNS}) VALUES ({PLACEHOLDERS})
                     ON CONFLICT(id) DO UPDATE SET
                       fingerprint = excluded.fingerprint, path = excluded.path,
                       title = excluded.title, exact = excluded.exact, prefix = excluded.prefix,
                       suffix = excluded.suffix, start = excluded.start, end = excluded.end,
                       tags = excluded.tags, body = excluded.body, color = excluded.color,
                       created = excluded.created, modified = excluded.modified"
                ),
                rusqlite::params_from_iter(annotation_params(ann)?.iter()),
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Inserts the annotation unless one with the same id exists; `true` if inserted.
    pub fn insert_new(&self, ann: &Annotation) -> anyhow::Result<bool> {
        let n = self
            .conn
            .execute(
                &format!(
                    "INSERT INTO annotations ({COLUMNS}) VALUES ({PLACEHOLDERS})
                     ON CONFLICT(id) DO NOTHING"
                ),
                rusqlite::params_from_iter(annotation_params(ann)?.iter()),
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Inserts every annotation whose id is new, in one short transaction (an import is one
    /// user action); the rest are counted as skipped.
    pub fn import_annotations(&mut self, anns: &[Annotation]) -> anyhow::Result<ImportCounts> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sq)?;
        let mut counts = ImportCounts::default();
        {
            let mut stmt = tx
                .prepare(&format!(
                    "INSERT INTO annotations ({COLUMNS}) VALUES ({PLACEHOLDERS})
                     ON CONFLICT(id) DO NOTHING"
                ))
                .map_err(sq)?;
            for a in anns {
                if stmt
                    .execute(rusqlite::params_from_iter(annotation_params(a)?.iter()))
                    .map_err(sq)?
                    > 0
                {
                    counts.imported += 1;
                } else {
                    counts.skipped += 1;
                }
            }
        }
        tx.commit().map_err(sq)?;
        Ok(counts)
    }

    /// One annotation by id.
    pub fn annotation(&self, id: &str) -> anyhow::Result<Option<Annotation>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM annotations WHERE id = ?1"),
                params![id],
                row_to_annotation,
            )
            .optional()
            .map_err(|e| self.err(e))?)
    }

    /// Deletes an annotation, returning what was deleted (so the caller can offer undo by
    /// saving it again). `None` if there was no such id.
    pub fn delete_annotation(&mut self, id: &str) -> anyhow::Result<Option<Annotation>> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sq)?;
        let found = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM annotations WHERE id = ?1"),
                params![id],
                row_to_annotation,
            )
            .optional()
            .map_err(sq)?;
        if found.is_some() {
            tx.execute("DELETE FROM annotations WHERE id = ?1", params![id])
                .map_err(sq)?;
        }
        tx.commit().map_err(sq)?;
        Ok(found)
    }

    /// The annotations that may belong to a document: same fingerprint (unchanged text), or
    /// the same path or the same title (the text changed; re-anchor them). Ordered by stored
    /// start offset, then id.
    pub fn annotations_for(
        &self,
        fingerprint: &str,
        path: Option<&str>,
        title: Option<&str>,
    ) -> anyhow::Result<Vec<Annotation>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM annotations
                 WHERE fingerprint = ?1
                    OR (?2 IS NOT NULL AND path = ?2)
                    OR (?3 IS NOT NULL AND title = ?3)
                 ORDER BY start, end, id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![fingerprint, path, title], row_to_annotation)
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// Opening a document: its annotations (same text, same path or same title), re-anchored
    /// in `text` (`core::doc::anchor::reanchor`), with every one found at a new place saved there
    /// (`update_anchor`, one short transaction each) so the next open is exact. Orphans are
    /// left exactly as stored. `doc.fingerprint` must be the fingerprint of `text`.
    pub fn reanchored(&self, doc: &DocRef, text: &str) -> anyhow::Result<Reanchored> {
        let stored =
            self.annotations_for(&doc.fingerprint, doc.path.as_deref(), doc.title.as_deref())?;
        let found = reanchor(text, &doc.fingerprint, stored);
        for p in found.placed.iter().filter(|p| p.changed) {
            let a = &p.annotation;
            self.update_anchor(&a.id, a.position, &a.doc.fingerprint)
                .context("saving a re-anchored note")?;
        }
        Ok(found)
    }

    /// [`Store::reanchored`] as one list: placed annotations, then orphans.
    pub fn load_anchored(&self, doc: &DocRef, text: &str) -> anyhow::Result<AnchoredNotes> {
        let found = self.reanchored(doc, text)?;
        let orphans = found.orphans.iter().map(|a| a.id.clone()).collect();
        let (annotations, anchorings) = found
            .placed
            .into_iter()
            .map(|p| (p.annotation, p.anchoring))
            .chain(found.orphans.into_iter().map(|a| (a, Anchoring::Orphan)))
            .unzip();
        Ok(AnchoredNotes {
            annotations,
            anchorings,
            orphans,
            report: found.report,
        })
    }

    /// Every tag in use, sorted and unique (for completion).
    pub fn all_tags(&self) -> anyhow::Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT j.value FROM annotations, json_each(annotations.tags) AS j
                 WHERE j.type = 'text' ORDER BY j.value",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// Records where an annotation was re-anchored (and in which text); the quote and the
    /// note are kept as the user made them. `false` if there was no such id.
    pub fn update_anchor(
        &self,
        id: &str,
        new_position: TextPosition,
        new_fingerprint: &str,
    ) -> anyhow::Result<bool> {
        let n = self
            .conn
            .execute(
                "UPDATE annotations SET start = ?2, end = ?3, fingerprint = ?4 WHERE id = ?1",
                params![
                    id,
                    to_i64(new_position.start),
                    to_i64(new_position.end),
                    new_fingerprint
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }
}

const COLUMNS: &str = "id, fingerprint, path, title, exact, prefix, suffix, start, end, tags, body, color, created, modified";
const PLACEHOLDERS: &str = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14";

fn to_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn annotation_params(a: &Annotation) -> anyhow::Result<Vec<Box<dyn rusqlite::ToSql + '_>>> {
    let tags = serde_json::to_string(&a.tags)?;
    Ok(vec![
        Box::new(&a.id),
        Box::new(&a.doc.fingerprint),
        Box::new(&a.doc.path),
        Box::new(&a.doc.title),
        Box::new(&a.quote.exact),
        Box::new(&a.quote.prefix),
        Box::new(&a.quote.suffix),
        Box::new(to_i64(a.position.start)),
        Box::new(to_i64(a.position.end)),
        Box::new(tags),
        Box::new(&a.body),
        Box::new(&a.color),
        Box::new(&a.created),
        Box::new(&a.modified),
    ])
}

fn row_to_annotation(r: &Row<'_>) -> rusqlite::Result<Annotation> {
    let tags: String = r.get(9)?;
    let tags: Vec<String> = serde_json::from_str(&tags).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let off = |i: usize| -> rusqlite::Result<usize> {
        let v: i64 = r.get(i)?;
        usize::try_from(v).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Integer,
                Box::new(e),
            )
        })
    };
    Ok(Annotation {
        id: r.get(0)?,
        doc: DocRef {
            fingerprint: r.get(1)?,
            path: r.get(2)?,
            title: r.get(3)?,
        },
        quote: TextQuote {
            exact: r.get(4)?,
            prefix: r.get(5)?,
            suffix: r.get(6)?,
        },
        position: TextPosition {
            start: off(7)?,
            end: off(8)?,
        },
        tags,
        body: r.get(10)?,
        color: r.get(11)?,
        created: r.get(12)?,
        modified: r.get(13)?,
    })
}

/// Checks an existing file before `SQLite` touches it: readable, and either empty or starting
/// with the `SQLite` header. Returns whether the file existed (non-empty).
fn precheck_file(path: &Path) -> Result<bool, StoreError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| StoreError::Unreadable {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(unreadable(e)),
    };
    if !meta.is_file() {
        return Err(StoreError::Unreadable {
            path: path.to_owned(),
            reason: "not a regular file".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(false);
    }
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(unreadable)?;
    let n = f.read(&mut head).map_err(unreadable)?;
    if n < head.len() || &head != SQLITE_MAGIC {
        return Err(StoreError::NotADatabase {
            path: path.to_owned(),
        });
    }
    Ok(true)
}

fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    let path = path.to_owned();
    match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked { path },
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: source.to_string(),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            StoreError::Unreadable {
                path,
                reason: source.to_string(),
            }
        }
        _ => StoreError::Sqlite { path, source },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_times_have_the_documented_shape() {
        let id = new_annotation_id();
        assert_eq!(id.len(), 36);
        assert_ne!(id, new_annotation_id());
        let t = now_rfc3339();
        assert!(t.ends_with('Z') && t.len() == 20, "{t}");
    }

    #[test]
    fn migrations_reach_the_schema_version() {
        assert_eq!(MIGRATIONS.len(), SCHEMA_VERSION as usize);
    }

    #[test]
    fn precheck_rejects_garbage_and_accepts_missing_or_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        assert!(!precheck_file(&p).unwrap());
        std::fs::write(&p, b"").unwrap();
        assert!(!precheck_file(&p).unwrap());
        std::fs::write(&p, b"hello, this is not sqlite at all").unwrap();
        assert!(matches!(
            precheck_file(&p),
            Err(StoreError::NotADatabase { .. })
        ));
        assert!(matches!(
            precheck_file(dir.path()),
            Err(StoreError::Unreadable { .. })
        ));
    }
}
