//! Opening a database safely: checking the file's header before SQLite touches it, telling
//! a gloss database from another program's, opening read-only, and turning SQLite errors into
//! one-line [`StoreError`]s. Used only by [`super::Store`].

#![allow(clippy::wildcard_imports)] // the parent's imports, shared on purpose
use super::*;

/// The busy handler of [`BUSY_TIMEOUT`]: polls every 2 ms. `SQLite`'s own handler backs off to
/// 100 ms sleeps, so a window that writes often can keep another waiting until it gives up.
pub(super) fn wait_briefly(attempt: i32) -> bool {
    std::thread::sleep(std::time::Duration::from_millis(2));
    let waited = u128::from(attempt.unsigned_abs()) * 2;
    waited < BUSY_TIMEOUT.as_millis()
}

/// Up to this size `Store::open` reads every page (`PRAGMA quick_check`, ~30 ms) on every
/// open. A bigger database (a library of thousands of articles: 230 MB for 10,000, half a
/// second or more to check) is checked in full only before a migration; otherwise `SQLite`
/// still reports any damaged page it reads ([`StoreError::Corrupt`]), and nothing is
/// written through a page it could not read.
pub(super) const FULL_CHECK_MAX_BYTES: u64 = 16 << 20;

pub(super) fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// `PRAGMA quick_check`: every page and index of the database is sound.
pub(super) fn check_integrity(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let check: String = conn
        .pragma_query_value(None, "quick_check", |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: check,
        });
    }
    Ok(())
}

/// The first 100 bytes of an `SQLite` file: what it says about itself before it is opened.
pub(super) struct Header([u8; 100]);

impl Header {
    pub(super) fn be32(&self, at: usize) -> u32 {
        let b = |i: usize| self.0.get(at + i).copied().unwrap_or(0);
        u32::from_be_bytes([b(0), b(1), b(2), b(3)])
    }

    pub(super) fn application_id(&self) -> i32 {
        i32::from_be_bytes(self.be32(68).to_be_bytes())
    }
}

/// Checks an existing file before `SQLite` touches it: readable, and either empty or starting
/// with the `SQLite` header. Returns that header when the file existed (non-empty).
pub(super) fn precheck_file(path: &Path) -> Result<Option<Header>, StoreError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| StoreError::Unreadable {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    };
    if !meta.is_file() {
        return Err(StoreError::Unreadable {
            path: path.to_owned(),
            reason: "not a regular file".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(None);
    }
    let mut head = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(unreadable)?;
    let mut n = 0;
    while n < head.len() {
        let got = f
            .read(head.get_mut(n..).unwrap_or_default())
            .map_err(unreadable)?;
        if got == 0 {
            break;
        }
        n += got;
    }
    if n < head.len() || head.get(..16) != Some(&SQLITE_MAGIC[..]) {
        return Err(StoreError::NotADatabase {
            path: path.to_owned(),
        });
    }
    Ok(Some(Header(head)))
}

/// Opens an existing database for reading only, creating nothing beside it: a WAL database
/// whose `-shm` cannot be made (a read-only folder) is opened as immutable.
pub(super) fn open_read_only(
    path: &Path,
    busy_timeout: std::time::Duration,
) -> Result<Connection, StoreError> {
    let sq = |source| classify(path, source);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let wal_exists = sibling(path, "-wal").exists();
    let uri = file_uri(path, !wal_exists);
    let conn = Connection::open_with_flags(&uri, flags).map_err(sq)?;
    conn.busy_timeout(busy_timeout).map_err(sq)?;
    Ok(conn)
}

pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A `file:` URI for `path`, read-only, and immutable when no other process writes it (no
/// `-wal` beside it), so that opening it creates no `-shm`.
pub(super) fn file_uri(path: &Path, immutable: bool) -> String {
    use std::fmt::Write as _;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri.push_str("?mode=ro");
    if immutable {
        uri.push_str("&immutable=1");
    }
    uri
}

/// Whether a database without gloss's `application_id` is one gloss wrote before v3: no
/// newer version than v2, no tables but gloss's, and those with gloss's columns.
pub(super) fn looks_like_legacy_gloss(
    conn: &Connection,
    tables: &[String],
    version: u32,
) -> rusqlite::Result<bool> {
    if version > 2 || tables.iter().any(|t| !LEGACY_TABLES.contains(&t.as_str())) {
        return Ok(false);
    }
    let columns = |table: &str| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
        let rows = stmt.query_map(params![table], |r| r.get(0))?;
        rows.collect()
    };
    for (table, needed) in [
        ("positions", &["fingerprint", "offset"][..]),
        (
            "annotations",
            &["id", "fingerprint", "exact", "start", "end"][..],
        ),
    ] {
        if tables.iter().any(|t| t == table) {
            let have = columns(table)?;
            if needed.iter().any(|c| !have.iter().any(|h| h == c)) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

pub(super) fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// Why gloss may not write the database at `path`, if it may not: the file is read-only, or
/// its folder is (WAL needs to create `-wal` and `-shm` files there).
/// A file or folder without any write permission counts as read-only even for a user (root)
/// the system would let write: it says what its owner wants.
pub(super) fn not_writable(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let no_write_bits =
        |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o222 == 0);
    if no_write_bits(path) {
        return Some(format!("{} is read-only", path.display()));
    }
    if no_write_bits(dir) {
        return Some(format!("its folder {} is read-only", dir.display()));
    }
    if let Err(e) = std::fs::OpenOptions::new().append(true).open(path) {
        return Some(format!("{} is not writable ({e})", path.display()));
    }
    let probe = dir.join(format!(".gloss-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
        Err(e) => Some(format!(
            "its folder {} is not writable ({e})",
            dir.display()
        )),
    }
}

#[allow(
    clippy::needless_pass_by_value,
    reason = "called as map_err(|e| classify(path, e))"
)]
pub(super) fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
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
        _ => {
            let full = source.to_string();
            let line = full.lines().next().unwrap_or_default();
            let mut reason: String = line.chars().take(160).collect();
            if reason.len() < full.len() {
                reason.push('…');
            }
            StoreError::Sqlite { path, reason }
        }
    }
}
