//! The `SQLite` database: reading positions, articles and annotations, in one file.
//!
//! The promise is that nothing the user confirmed is ever lost, misplaced or reset:
//!
//! - **Every change is its own short transaction**, committed before the call returns, in WAL
//!   mode with `synchronous=FULL`, so `kill -9` at any moment loses nothing confirmed; two gloss
//!   processes share the file (WAL + a 5 s busy timeout, no long transactions).
//! - **Opening checks before it writes.** The file is first looked at read-only: a file that is
//!   not `SQLite`, belongs to another program (`PRAGMA application_id`), fails `quick_check`
//!   (on every open of a database up to 16 MB, before every migration of a bigger one),
//!   is locked or carries a newer schema is refused with a typed [`StoreError`] and left byte
//!   for byte as it was (no `-wal`/`-shm` either). A database gloss may not write to is opened
//!   read-only: notes can be read and exported, and every write says why it cannot be made.
//! - **Migrations are versioned and backed up.** Before an existing database is migrated, a
//!   consistent copy is written next to it (`gloss.db.bak-v{old}`, via `VACUUM INTO`).
//! - **An article is its text.** A version is a text (its fingerprint); a location is where a
//!   text was found (a canonical path). Opening a text: a known fingerprint is that article,
//!   wherever it lies now; a new text at a known location is a new version of the article last
//!   seen there; anything else is a new article. Titles are never compared.
//! - **Saves are compare-and-swap.** Every note carries a revision; a save or delete names the
//!   revision it started from and is refused ([`Conflict`]) when another window changed the
//!   note since. Every revision, deletes included, is kept in `revisions`.
//!
//! Schema history: v1 = `positions` (also what the first gloss builds left with
//! `user_version = 0`); v2 adds `annotations`; v3 adds `articles`, `versions`, `locations`,
//! `revisions`, `exports`, the `application_id`, and per note its article, revision, placement,
//! similarity and original quote. v4 adds the library (`store::library`): per article its
//! text and metadata, the tags of each note as rows, and FTS5 indexes over texts and notes.
//! v5 adds the ledger (`store::ledger`): per article its linked entities. v6 keeps per article
//! its note count and tags (`article_notes`, by triggers), so the library lists 10,000 articles
//! without grouping every note.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior,
    params,
};

pub mod ledger;
pub mod library;
mod open;
mod rows;

use crate::core::doc::anchor::{Anchoring, DriftReport, Reanchored, reanchor};
use crate::core::doc::annotation::{Annotation, DocRef, Placement, TextPosition, TextQuote};
use open::{
    FULL_CHECK_MAX_BYTES, check_integrity, classify, file_len, looks_like_legacy_gloss,
    not_writable, open_read_only, precheck_file, table_names, wait_briefly,
};
use rows::{
    COLUMNS, current_revision, delete_note, group_into_articles, lookup_article, register_article,
    row_to_annotation, select_one, to_i64, upsert_location, write_note,
};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 6;

/// `PRAGMA application_id` of a gloss database: "glos" in ASCII.
pub const APPLICATION_ID: i32 = 0x676c_6f73;

/// How long a write waits for another process's lock before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Migration `i` brings the schema from version `i` to `i + 1` (v3 also runs
/// [`group_into_articles`]; v4 is the library, see [`library::MIGRATION_V4`]; v5 the
/// ledger, [`ledger::MIGRATION_V5`]; v6 the library's counts, [`library::MIGRATION_COUNTS`]).
const MIGRATIONS: [&str; 6] = [
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
    // → v3: articles, their versions (texts) and locations; revisions; what exports wrote.
    "CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        title TEXT,
        created TEXT NOT NULL);
     CREATE TABLE versions (
        fingerprint TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        first_seen TEXT NOT NULL);
     CREATE INDEX versions_article ON versions(article_id);
     CREATE TABLE locations (
        location TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        fingerprint TEXT NOT NULL,
        last_seen TEXT NOT NULL);
     CREATE INDEX locations_article ON locations(article_id);
     ALTER TABLE annotations ADD COLUMN article_id INTEGER REFERENCES articles(id);
     ALTER TABLE annotations ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
     ALTER TABLE annotations ADD COLUMN placement TEXT NOT NULL DEFAULT 'exact';
     ALTER TABLE annotations ADD COLUMN similarity INTEGER;
     ALTER TABLE annotations ADD COLUMN original TEXT;
     CREATE INDEX annotations_article ON annotations(article_id);
     DROP INDEX annotations_title;
     CREATE TABLE revisions (
        annotation_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,
        saved TEXT NOT NULL,
        PRIMARY KEY (annotation_id, revision));
     CREATE TABLE exports (
        target TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        written TEXT NOT NULL);",
    // → v4: the library (texts, metadata, full-text index, tags of notes).
    library::MIGRATION_V4,
    // → v5: the ledger of entities per article.
    ledger::MIGRATION_V5,
    // → v6: note counts and tags per article, kept by triggers.
    library::MIGRATION_COUNTS,
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
    /// An `SQLite` database of another program.
    #[error(
        "{path} is another program's SQLite database, not gloss's; it was left untouched — pass another --db"
    )]
    Foreign { path: PathBuf },
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
    /// A write to a database opened read-only.
    #[error("notes are read-only: {reason}")]
    ReadOnly { reason: String },
    /// Any other `SQLite` failure (its message cut to one short line: `SQLite` may quote a
    /// whole schema).
    #[error("database {path}: {reason}")]
    Sqlite { path: PathBuf, reason: String },
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
    /// Why this store cannot be written to, when it cannot.
    read_only: Option<String>,
    /// The [`Store::change_stamp`] taken just before the notes were last read
    /// ([`Store::reanchored`]): what [`Store::notes_changed`] compares with.
    notes_read_at: Option<(i64, i64)>,
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

/// A save or delete that lost the compare-and-swap: another window changed the note since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The note as it is now in the database; `None` if it was deleted.
    pub theirs: Option<Annotation>,
}

/// One stored revision of a note (`gloss notes --history ID`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub revision: u32,
    /// This revision deleted the note (`annotation` is what was deleted).
    pub deleted: bool,
    pub annotation: Annotation,
    /// When it was saved (RFC 3339).
    pub saved: String,
}

/// An article as `gloss notes --all` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleInfo {
    pub id: i64,
    pub title: Option<String>,
    /// Where its text was last seen (a canonical path), if it ever was.
    pub location: Option<String>,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Tables a database written by gloss before v3 (no `application_id` yet) may hold.
const LEGACY_TABLES: [&str; 2] = ["positions", "annotations"];

impl Store {
    /// A store on `conn`, the database at `path`; `read_only`: why it cannot be written.
    fn on(conn: Connection, path: &Path, read_only: Option<String>) -> Self {
        Self {
            conn,
            path: path.to_owned(),
            backup: None,
            read_only,
            notes_read_at: None,
        }
    }

    /// Opens (creating if needed) the database at `path`, refusing — without writing a byte —
    /// anything that is not a healthy gloss database of this or an older schema version.
    /// Older versions are backed up, then migrated; one gloss may not write is opened
    /// read-only ([`Store::read_only`]).
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
        let sq = |source| classify(path, source);
        let existing = precheck_file(path)?;
        let mut version = 0;
        let mut has_tables = false;
        if let Some(header) = &existing {
            let app_id = header.application_id();
            if app_id != APPLICATION_ID && app_id != 0 {
                return Err(StoreError::Foreign {
                    path: path.to_owned(),
                });
            }
            // Looked at read-only (and without creating -wal/-shm) before anything is written.
            // The header on disk can lag behind a WAL not yet checkpointed: SQLite's view wins.
            let conn = open_read_only(path, busy_timeout)?;
            let app_id: i32 = conn
                .pragma_query_value(None, "application_id", |r| r.get(0))
                .map_err(sq)?;
            version = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(sq)?;
            if app_id != APPLICATION_ID && app_id != 0 {
                return Err(StoreError::Foreign {
                    path: path.to_owned(),
                });
            }
            let tables = table_names(&conn).map_err(sq)?;
            if app_id == 0 && !looks_like_legacy_gloss(&conn, &tables, version).map_err(sq)? {
                return Err(StoreError::Foreign {
                    path: path.to_owned(),
                });
            }
            if version > SCHEMA_VERSION {
                return Err(StoreError::NewerVersion {
                    path: path.to_owned(),
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            has_tables = !tables.is_empty();
            if version < SCHEMA_VERSION || file_len(path) <= FULL_CHECK_MAX_BYTES {
                check_integrity(&conn, path)?;
            }
            if let Some(reason) = not_writable(path) {
                if version < SCHEMA_VERSION && has_tables {
                    return Self::migrated_copy(&conn, path, version, reason);
                }
                return Ok(Self::on(conn, path, Some(reason)));
            }
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Unreadable {
                path: path.to_owned(),
                reason: format!("cannot create {}: {e}", dir.display()),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let mut conn = Connection::open_with_flags(path, flags).map_err(sq)?;
        if busy_timeout == BUSY_TIMEOUT {
            conn.busy_handler(Some(wait_briefly)).map_err(sq)?;
        } else {
            conn.busy_timeout(busy_timeout).map_err(sq)?;
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sq)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sq)?;

        let mut store = Self::on(conn, path, None);
        if version < SCHEMA_VERSION || existing.is_none() {
            if has_tables {
                store.backup = Some(store.backup_before_migration(version)?);
            }
            store.migrate()?;
        }
        Ok(store)
    }

    /// A read-only database of an older schema: migrated in memory, so it can be read the
    /// way this gloss reads; the file is not touched.
    fn migrated_copy(
        file: &Connection,
        path: &Path,
        version: u32,
        reason: String,
    ) -> Result<Self, StoreError> {
        let sq = |source| classify(path, source);
        let mut conn = Connection::open_in_memory().map_err(sq)?;
        {
            let backup = rusqlite::backup::Backup::new(file, &mut conn).map_err(sq)?;
            backup
                .run_to_completion(256, std::time::Duration::ZERO, None)
                .map_err(sq)?;
        }
        conn.pragma_update(None, "user_version", version)
            .map_err(sq)?;
        let mut store = Self::on(conn, path, None);
        store.migrate()?;
        store.read_only = Some(reason);
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

    /// Why notes cannot be written (the database or its folder is read-only), if so.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The schema version on disk.
    pub fn schema_version(&self) -> anyhow::Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err(e))?)
    }

    /// `PRAGMA data_version`: changes whenever another connection commits. A window polls it
    /// when idle to see other windows' notes.
    pub fn data_version(&self) -> anyhow::Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))?)
    }

    /// What changes when any window saves or deletes a note: `PRAGMA data_version` (another
    /// connection committed) and the newest revision's row. Polled by an idle window.
    pub fn change_stamp(&self) -> anyhow::Result<(i64, i64)> {
        let newest: i64 = self
            .conn
            .query_row("SELECT coalesce(max(rowid), 0) FROM revisions", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        Ok((self.data_version()?, newest))
    }

    /// Whether any window (this one included) saved or deleted a note since this store last
    /// read the notes ([`Store::reanchored`]); `false` before the first read. An idle window
    /// polls it: the stamp it compares with is taken *before* reading, so a change committed
    /// between opening the document and the first poll is news, not the baseline.
    pub fn notes_changed(&self) -> anyhow::Result<bool> {
        match self.notes_read_at {
            Some(read_at) => Ok(self.change_stamp()? != read_at),
            None => Ok(false),
        }
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        classify(&self.path, source)
    }

    fn writable(&self) -> Result<(), StoreError> {
        match &self.read_only {
            Some(reason) => Err(StoreError::ReadOnly {
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Every write is an immediate transaction: it waits (busy timeout) for the write lock
    /// before it reads anything, so another window's commit cannot make its snapshot stale
    /// (which `SQLite` answers with an immediate "busy", no waiting).
    fn write_tx(&self) -> Result<Transaction<'_>, StoreError> {
        self.writable()?;
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))
    }

    /// One statement in its own immediate transaction; the number of rows it changed.
    fn write_one(&self, sql: &str, p: impl rusqlite::Params) -> Result<usize, StoreError> {
        let tx = self.write_tx()?;
        let n = tx.execute(sql, p).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
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
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sq)?;
        let mut version: u32 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sq)?;
        while let Some(sql) = MIGRATIONS.get(version as usize) {
            tx.execute_batch(sql).map_err(sq)?;
            version += 1;
            if version == 3 {
                group_into_articles(&tx).map_err(sq)?;
            }
        }
        tx.pragma_update(None, "user_version", version)
            .map_err(sq)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
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
        self.write_one(
            "INSERT INTO positions (fingerprint, offset, updated_at)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
             ON CONFLICT(fingerprint) DO UPDATE
             SET offset = excluded.offset, updated_at = excluded.updated_at",
            params![fingerprint, to_i64(offset)],
        )?;
        Ok(())
    }

    /// The article `doc` belongs to, registering its text and location (see the module
    /// doc for the rule). `None` only on a read-only store that has never seen the text.
    pub fn article_for(&mut self, doc: &DocRef) -> anyhow::Result<Option<i64>> {
        if self.read_only.is_some() {
            return Ok(lookup_article(&self.conn, doc).map_err(|e| self.err(e))?);
        }
        let path = self.path.clone();
        let tx = self.write_tx()?;
        let id = register_article(&tx, doc).map_err(|e| classify(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))?;
        Ok(Some(id))
    }

    /// Saves `ann` whatever its revision ("mine on top"): inserted, or written over what is
    /// stored, with the previous text kept in the history. Returns the saved note (with its
    /// new revision).
    pub fn save_annotation(&mut self, ann: &Annotation) -> anyhow::Result<Annotation> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let current = current_revision(&tx, &ann.id).map_err(sq)?;
        let saved = write_note(&tx, ann, current).map_err(sq)?;
        tx.commit().map_err(sq)?;
        Ok(saved)
    }

    /// Compare-and-swap save: `ann.revision` must be the stored one (0 = a new note). On
    /// success, the saved note with its new revision; if another window changed or deleted
    /// it since, the [`Conflict`] and nothing written.
    pub fn save_checked(
        &mut self,
        ann: &Annotation,
    ) -> anyhow::Result<Result<Annotation, Conflict>> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let current = current_revision(&tx, &ann.id).map_err(sq)?;
        let deleted_since = ann.revision > 0 && current.is_none();
        if deleted_since || current.is_some_and(|c| c != ann.revision) {
            let theirs = select_one(&tx, &ann.id).map_err(sq)?;
            return Ok(Err(Conflict { theirs }));
        }
        let saved = write_note(&tx, ann, current).map_err(sq)?;
        tx.commit().map_err(sq)?;
        Ok(Ok(saved))
    }

    /// Inserts the annotation unless one with the same id exists; `true` if inserted.
    pub fn insert_new(&mut self, ann: &Annotation) -> anyhow::Result<bool> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        if current_revision(&tx, &ann.id).map_err(sq)?.is_some() {
            return Ok(false);
        }
        write_note(&tx, ann, None).map_err(sq)?;
        tx.commit().map_err(sq)?;
        Ok(true)
    }

    /// Inserts every annotation whose id is new, in one short transaction (an import is one
    /// user action); the rest are counted as skipped.
    pub fn import_annotations(&mut self, anns: &[Annotation]) -> anyhow::Result<ImportCounts> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let mut counts = ImportCounts::default();
        for a in anns {
            if current_revision(&tx, &a.id).map_err(sq)?.is_some() {
                counts.skipped += 1;
            } else {
                write_note(&tx, a, None).map_err(sq)?;
                counts.imported += 1;
            }
        }
        tx.commit().map_err(sq)?;
        Ok(counts)
    }

    /// One annotation by id.
    pub fn annotation(&self, id: &str) -> anyhow::Result<Option<Annotation>> {
        Ok(select_one(&self.conn, id).map_err(|e| self.err(e))?)
    }

    /// Deletes an annotation whatever its revision, returning what was deleted (kept in the
    /// history too). `None` if there was no such id.
    pub fn delete_annotation(&mut self, id: &str) -> anyhow::Result<Option<Annotation>> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let found = select_one(&tx, id).map_err(sq)?;
        if let Some(a) = &found {
            delete_note(&tx, a).map_err(sq)?;
        }
        tx.commit().map_err(sq)?;
        Ok(found)
    }

    /// Compare-and-swap delete of the note at `revision`: the deleted note, `Ok(None)` if it
    /// was already gone, or the [`Conflict`] if another window changed it since.
    pub fn delete_checked(
        &mut self,
        id: &str,
        revision: u32,
    ) -> anyhow::Result<Result<Option<Annotation>, Conflict>> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let Some(found) = select_one(&tx, id).map_err(sq)? else {
            return Ok(Ok(None));
        };
        if found.revision != revision {
            return Ok(Err(Conflict {
                theirs: Some(found),
            }));
        }
        delete_note(&tx, &found).map_err(sq)?;
        tx.commit().map_err(sq)?;
        Ok(Ok(Some(found)))
    }

    /// Undoes a delete: puts `ann` back, unless the note was saved or deleted again since
    /// (its last revision is no longer the delete of `ann`).
    pub fn restore(&mut self, ann: &Annotation) -> anyhow::Result<Result<Annotation, Conflict>> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let current = current_revision(&tx, &ann.id).map_err(sq)?;
        let last: Option<(u32, bool)> = tx
            .query_row(
                "SELECT revision, deleted FROM revisions WHERE annotation_id = ?1
                 ORDER BY revision DESC LIMIT 1",
                params![ann.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sq)?;
        let deleted_here = last.is_none_or(|(rev, deleted)| deleted && rev == ann.revision + 1);
        if current.is_some() || !deleted_here {
            let theirs = select_one(&tx, &ann.id).map_err(sq)?;
            return Ok(Err(Conflict { theirs }));
        }
        let next = last.map_or(ann.revision, |(rev, _)| rev);
        let saved = write_note(&tx, ann, None).map_err(sq)?;
        tx.execute(
            "UPDATE annotations SET revision = ?2 WHERE id = ?1",
            params![ann.id, next + 1],
        )
        .map_err(sq)?;
        tx.execute(
            "UPDATE revisions SET revision = ?3 WHERE annotation_id = ?1 AND revision = ?2",
            params![ann.id, saved.revision, next + 1],
        )
        .map_err(sq)?;
        tx.commit().map_err(sq)?;
        Ok(Ok(Annotation {
            revision: next + 1,
            ..saved
        }))
    }

    /// Every stored revision of a note, oldest first.
    pub fn history(&self, id: &str) -> anyhow::Result<Vec<Revision>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT revision, deleted, data, saved FROM revisions
                 WHERE annotation_id = ?1 ORDER BY revision",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![id], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (revision, deleted, data, saved) = row.map_err(|e| self.err(e))?;
            let annotation: Annotation =
                serde_json::from_str(&data).context("a stored revision is not readable")?;
            out.push(Revision {
                revision,
                deleted,
                annotation,
                saved,
            });
        }
        Ok(out)
    }

    /// The notes of the article `doc` is a text of (see the module doc), ordered by stored
    /// start offset, then id. Nothing is registered.
    pub fn annotations_for(&self, doc: &DocRef) -> anyhow::Result<Vec<Annotation>> {
        match lookup_article(&self.conn, doc).map_err(|e| self.err(e))? {
            Some(article) => self.annotations_of(article),
            None => Ok(Vec::new()),
        }
    }

    /// The notes of one article, by stored start offset, then id.
    pub fn annotations_of(&self, article: i64) -> anyhow::Result<Vec<Annotation>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM annotations WHERE article_id = ?1 ORDER BY start, end, id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![article], row_to_annotation)
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// Every article that has notes, with where it was last seen, and its notes.
    pub fn all_notes(&self) -> anyhow::Result<Vec<(ArticleInfo, Vec<Annotation>)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.title,
                   (SELECT location FROM locations l WHERE l.article_id = a.id
                    ORDER BY last_seen DESC, l.rowid DESC LIMIT 1)
                 FROM articles a
                 WHERE EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)
                 ORDER BY a.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ArticleInfo {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    location: r.get(2)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            let info = r.map_err(|e| self.err(e))?;
            let notes = self.annotations_of(info.id)?;
            out.push((info, notes));
        }
        Ok(out)
    }

    /// The article last seen at `location`, if any.
    pub fn article_at(&self, location: &str) -> anyhow::Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT article_id FROM locations WHERE location = ?1",
                params![location],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?)
    }

    /// `gloss relink`: makes `doc` (a text at a location) a version of `article`; an article
    /// the text already belonged to is merged into it. Returns how many notes moved over.
    pub fn relink(&mut self, article: i64, doc: &DocRef) -> anyhow::Result<usize> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let now = now_rfc3339();
        let other: Option<i64> = tx
            .query_row(
                "SELECT article_id FROM versions WHERE fingerprint = ?1",
                params![doc.fingerprint],
                |r| r.get(0),
            )
            .optional()
            .map_err(sq)?;
        let mut moved = 0;
        if let Some(other) = other.filter(|o| *o != article) {
            moved = tx
                .execute(
                    "UPDATE annotations SET article_id = ?1 WHERE article_id = ?2",
                    params![article, other],
                )
                .map_err(sq)?;
            for table in ["versions", "locations"] {
                tx.execute(
                    &format!("UPDATE {table} SET article_id = ?1 WHERE article_id = ?2"),
                    params![article, other],
                )
                .map_err(sq)?;
            }
        }
        tx.execute(
            "INSERT INTO versions (fingerprint, article_id, first_seen) VALUES (?1, ?2, ?3)
             ON CONFLICT(fingerprint) DO UPDATE SET article_id = excluded.article_id",
            params![doc.fingerprint, article, now],
        )
        .map_err(sq)?;
        if let Some(loc) = &doc.path {
            upsert_location(&tx, loc, article, &doc.fingerprint, &now).map_err(sq)?;
        }
        tx.commit().map_err(sq)?;
        Ok(moved)
    }

    /// Opening a document: the notes of its article (see the module doc), re-anchored in
    /// `text` (`core::doc::anchor::reanchor`), with every one that changed saved (quote, span,
    /// placement; one short transaction each) and new orphans recorded as orphans. On a
    /// read-only store nothing is saved. `doc.fingerprint` must be the fingerprint of `text`.
    pub fn reanchored(&mut self, doc: &DocRef, text: &str) -> anyhow::Result<Reanchored> {
        // Before reading: a commit from another window while we read is still news.
        let stamp = self.change_stamp()?;
        let stored = match self.article_for(doc)? {
            Some(article) => self.annotations_of(article)?,
            None => Vec::new(),
        };
        let found = reanchor(text, &doc.fingerprint, stored);
        if self.read_only.is_none() {
            for p in found.placed.iter().filter(|p| p.changed) {
                self.update_anchor(&p.annotation)
                    .context("saving a re-anchored note")?;
            }
            for o in found
                .orphans
                .iter()
                .filter(|o| found.newly_orphaned.contains(&o.id))
            {
                self.update_anchor(o).context("saving an orphaned note")?;
            }
        }
        // Our own re-anchoring writes are not news: they add no revision, and `data_version`
        // does not count this connection's commits.
        self.notes_read_at = Some(stamp);
        Ok(found)
    }

    /// [`Store::reanchored`] as one list: placed annotations, then orphans.
    pub fn load_anchored(&mut self, doc: &DocRef, text: &str) -> anyhow::Result<AnchoredNotes> {
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

    /// Records where a note was re-anchored: its text's fingerprint, span, quote, placement,
    /// similarity and original quote. Tags, text and revision are the user's and stay as they
    /// are. `false` if there was no such id.
    pub fn update_anchor(&self, ann: &Annotation) -> anyhow::Result<bool> {
        let original = ann
            .original
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        let n = self.write_one(
            "UPDATE annotations SET fingerprint = ?2, start = ?3, end = ?4, exact = ?5,
                   prefix = ?6, suffix = ?7, placement = ?8, similarity = ?9, original = ?10
                 WHERE id = ?1",
            params![
                ann.id,
                ann.doc.fingerprint,
                to_i64(ann.position.start),
                to_i64(ann.position.end),
                ann.quote.exact,
                ann.quote.prefix,
                ann.quote.suffix,
                ann.placement.as_str(),
                ann.similarity,
                original,
            ],
        )?;
        Ok(n > 0)
    }

    /// The hash gloss recorded for the last file it wrote at `target`, if any.
    pub fn export_hash(&self, target: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT sha256 FROM exports WHERE target = ?1",
                params![target],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?)
    }

    /// Records what gloss wrote at `target` (the SHA-256 of its bytes).
    pub fn set_export_hash(&self, target: &str, sha256: &str) -> anyhow::Result<()> {
        self.write_one(
            "INSERT INTO exports (target, sha256, written) VALUES (?1, ?2, ?3)
             ON CONFLICT(target) DO UPDATE SET sha256 = excluded.sha256,
               written = excluded.written",
            params![target, sha256, now_rfc3339()],
        )?;
        Ok(())
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
        assert_eq!(&APPLICATION_ID.to_be_bytes(), b"glos");
    }

    #[test]
    fn precheck_rejects_garbage_and_accepts_missing_or_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        assert!(precheck_file(&p).unwrap().is_none());
        std::fs::write(&p, b"").unwrap();
        assert!(precheck_file(&p).unwrap().is_none());
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
