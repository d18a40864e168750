//! The library in the database: every article gloss has opened or added, with its text, its
//! metadata, and a full-text index over texts and notes (schema v4).
//!
//! Identity is part 5's (`versions`, `locations`): this module only adds what the library
//! keeps per article (`library`, `library_texts`), the tags of each note as rows
//! (`note_tags`, kept by triggers, so counts and `--tag` are index lookups) and two FTS5
//! indexes (`text_fts` over the texts as external content, `note_fts` over notes), both kept
//! current by triggers, so no writer can forget them. Every add is its own short transaction.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{
    ArticleInfo, COLUMNS, Store, classify, now_rfc3339, register_article, row_to_annotation,
    to_i64, upsert_location, write_note,
};
use crate::core::app::library::NoteLine;
use crate::core::doc::annotation::{Annotation, DocRef};

mod schema;
pub use schema::{MIGRATION_COUNTS, MIGRATION_V4};

/// The biggest text the library keeps (and indexes for search). A bigger one (a log, a
/// dump, a whole book collection) is still listed, with its location, title and notes, and
/// opens from its file; but storing it would cost several times its size in memory while
/// SQLite writes and indexes it (the reader records what it opens on a background thread),
/// and minutes of disk for something that is not an article. 8 MiB holds any book.
pub const TEXT_LIMIT: usize = 8 << 20;

/// What a text brings into the library: everything but the times and the text itself (given
/// beside it, so that the reader's copy of a large text is not copied again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    /// Fingerprint of `text`, its location (canonical path or URL; `None` for stdin or the
    /// bundled article) and title.
    pub doc: DocRef,
    pub authors: Vec<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    /// `markdown` or `text`: how to parse `text` again when the file is gone.
    pub format: &'static str,
    pub words: usize,
}

/// What [`Store::add_to_library`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new library entry (article id).
    New(i64),
    /// The article was in the library with another text (a new version at its location):
    /// its text and metadata now are this one's.
    Updated(i64),
    /// The library already held this very text.
    Already(i64),
}

impl Added {
    pub fn id(self) -> i64 {
        match self {
            Self::New(id) | Self::Updated(id) | Self::Already(id) => id,
        }
    }
}

/// One article as the library lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    /// The last known location (path or URL), if any.
    pub source: Option<String>,
    pub fingerprint: String,
    pub words: usize,
    /// Reading progress, 0.0–1.0 (the saved position over the text's length).
    pub progress: f64,
    /// The saved reading position (byte offset), if any.
    pub position: Option<usize>,
    pub notes: usize,
    /// Distinct tags of its notes, sorted.
    pub tags: Vec<String>,
    pub added: String,
    pub opened: Option<String>,
    pub archived: bool,
}

/// An article's stored text and how to parse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredText {
    pub text: String,
    pub format: String,
    pub fingerprint: String,
}

/// What removing an article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// It had no notes: gone from the library (its identity stays, so notes made later on
    /// the same text still find it).
    Deleted,
    /// It has notes: archived, never deleted.
    Archived,
    /// No such article in the library.
    Missing,
}

/// Whether a search hit is in an article's text or in a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    Text,
    Note,
}

impl HitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Note => "note",
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub article: i64,
    pub title: Option<String>,
    pub source: Option<String>,
    pub kind: HitKind,
    /// Byte offsets into the article's text (for a note: its passage).
    pub start: usize,
    pub end: usize,
    /// One line of context; `mark` is the matched part in it (byte range).
    pub snippet: String,
    pub mark: std::ops::Range<usize>,
    /// bm25: lower is better.
    pub rank: f64,
}

/// A tag with how many notes and articles carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    pub tag: String,
    pub notes: usize,
    pub articles: usize,
}

/// How many bytes of context a snippet shows on each side of the match.
const SNIPPET_CONTEXT: usize = 60;
const MARK_OPEN: char = '\u{1}';
const MARK_CLOSE: char = '\u{2}';

fn to_usize(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

/// A JSON array of strings as stored (authors, tags); anything else reads as empty.
fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

impl Store {
    /// Opens a database the way [`Store::open`] does, except that a healthy database of the
    /// current schema (gloss's application id, this version, writable) skips the full
    /// `quick_check`: that reads every page, seconds on a library of thousands of articles,
    /// and the library's commands must answer in tens of milliseconds. `SQLite` still reports
    /// a damaged page it reads as corrupt ([`super::StoreError::Corrupt`]). Anything else
    /// (new, older, foreign, read-only) goes through [`Store::open`].
    pub fn open_fast(path: &Path) -> anyhow::Result<Self> {
        let current = matches!(
            super::precheck_file(path),
            Ok(Some(h)) if h.application_id() == super::APPLICATION_ID
                && h.be32(60) == super::SCHEMA_VERSION
        );
        if !current || super::not_writable(path).is_some() {
            return Self::open(path);
        }
        let sq = |e| classify(path, e);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(sq)?;
        conn.busy_timeout(super::BUSY_TIMEOUT).map_err(sq)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sq)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sq)?;
        Ok(Self::on(conn, path, None))
    }

    /// Puts a text into the library (one immediate transaction): a text it holds is
    /// `Already` there (its location and, with `opened`, its last-opened time are
    /// refreshed); a new version of a library article replaces its text; anything else is a
    /// new entry. `opened`: the reader opened it (sets the last-opened time). A text over
    /// [`TEXT_LIMIT`] is listed without its text (see there).
    pub fn add_to_library(
        &mut self,
        new: &NewArticle,
        text: &str,
        opened: bool,
    ) -> anyhow::Result<Added> {
        let keep_text = text.len() <= TEXT_LIMIT;
        if !opened && let Some(id) = self.unchanged(new, keep_text)? {
            // nothing to write: a rerun of `gloss add` reads, it does not commit
            return Ok(Added::Already(id));
        }
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let now = now_rfc3339();
        let article = register_article(&tx, &new.doc).map_err(sq)?;
        let current: Option<(String, bool)> = tx
            .query_row(
                "SELECT l.fingerprint, EXISTS (SELECT 1 FROM library_texts t
                   WHERE t.article_id = l.article_id)
                 FROM library l WHERE l.article_id = ?1",
                params![article],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sq)?;
        let authors = serde_json::to_string(&new.authors).unwrap_or_else(|_| "[]".into());
        let outcome = match &current {
            Some((fp, has_text)) if *fp == new.doc.fingerprint && (*has_text || !keep_text) => {
                Added::Already(article)
            }
            Some(_) => Added::Updated(article),
            None => Added::New(article),
        };
        if !matches!(outcome, Added::Already(_)) {
            tx.execute(
                "INSERT INTO library (article_id, title, authors, outlet, published, source,
                   format, fingerprint, words, bytes, added)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT(article_id) DO UPDATE SET title = excluded.title,
                   authors = excluded.authors, outlet = excluded.outlet,
                   published = excluded.published, source = coalesce(excluded.source, source),
                   format = excluded.format, fingerprint = excluded.fingerprint,
                   words = excluded.words, bytes = excluded.bytes",
                params![
                    article,
                    new.doc.title,
                    authors,
                    new.outlet,
                    new.date,
                    new.doc.path,
                    new.format,
                    new.doc.fingerprint,
                    to_i64(new.words),
                    to_i64(text.len()),
                    now,
                ],
            )
            .map_err(sq)?;
            if keep_text {
                tx.execute(
                    "INSERT INTO library_texts (article_id, text) VALUES (?1, ?2)
                     ON CONFLICT(article_id) DO UPDATE SET text = excluded.text",
                    params![article, text],
                )
                .map_err(sq)?;
            } else {
                // an older, smaller version's text would answer searches for this one
                tx.execute(
                    "DELETE FROM library_texts WHERE article_id = ?1",
                    params![article],
                )
                .map_err(sq)?;
            }
        } else if new.doc.path.is_some() {
            tx.execute(
                "UPDATE library SET source = ?2 WHERE article_id = ?1",
                params![article, new.doc.path],
            )
            .map_err(sq)?;
        }
        if opened {
            tx.execute(
                "UPDATE library SET opened = ?2, archived = 0 WHERE article_id = ?1",
                params![article, now],
            )
            .map_err(sq)?;
        }
        tx.commit().map_err(sq)?;
        Ok(outcome)
    }

    /// The article, when the library holds exactly this text (or lists it, for a text it
    /// does not keep: `keep_text` false), seen last at this location.
    fn unchanged(&self, new: &NewArticle, keep_text: bool) -> anyhow::Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT l.article_id FROM versions v
                 JOIN library l ON l.article_id = v.article_id AND l.fingerprint = v.fingerprint
                 WHERE v.fingerprint = ?1
                   AND (NOT ?3
                        OR EXISTS (SELECT 1 FROM library_texts t WHERE t.article_id = l.article_id))
                   AND (?2 IS NULL OR (l.source = ?2 AND EXISTS (SELECT 1 FROM locations o
                        WHERE o.location = ?2 AND o.fingerprint = ?1)))",
            )
            .and_then(|mut st| {
                st.query_row(params![new.doc.fingerprint, new.doc.path, keep_text], |r| {
                    r.get(0)
                })
                .optional()
            })
            .map_err(|e| self.err(e))?)
    }

    /// For bulk adds: commits stop waiting for the disk (`synchronous = NORMAL` in WAL mode).
    /// A committed article still survives the process being killed (`kill -9`), which only
    /// loses the one in flight; a power cut may lose the last few commits, never corrupt.
    pub fn bulk_mode(&self) -> anyhow::Result<()> {
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| self.err(e))?;
        // Checkpoints (which do wait for the disk) every 64 MB of WAL instead of every 4 MB.
        self.conn
            .pragma_update(None, "wal_autocheckpoint", 16384)
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The library, most recently opened (else added) first; `archived` lists the archived
    /// articles instead of the others. One pass over `library`: counts and tags are kept per
    /// article by triggers (`article_notes`).
    pub fn library(&self, archived: bool) -> anyhow::Result<Vec<Entry>> {
        self.entries("l.archived = ?1", "", params![archived])
    }

    /// The first `n` entries of [`Store::library`]: what the screen's first frame shows.
    pub fn library_page(&self, archived: bool, n: usize) -> anyhow::Result<Vec<Entry>> {
        self.entries("l.archived = ?1", "LIMIT ?2", params![archived, to_i64(n)])
    }

    /// The library entries `filter` (an SQL condition on `l`, the `library` row) selects, in
    /// the library's order, cut by `limit` (an SQL `LIMIT` clause or nothing).
    fn entries(
        &self,
        filter: &str,
        limit: &str,
        args: impl rusqlite::Params,
    ) -> anyhow::Result<Vec<Entry>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT l.article_id, l.title, l.authors, l.outlet, l.published, l.source,
                   l.fingerprint, l.words, l.bytes, p.offset, l.added, l.opened, l.archived,
                   c.notes, c.tags
                 FROM library l LEFT JOIN positions p ON p.fingerprint = l.fingerprint
                 LEFT JOIN article_notes c ON c.article_id = l.article_id
                 WHERE {filter}
                 ORDER BY coalesce(l.opened, l.added) DESC, l.article_id DESC {limit}"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(args, |r| {
                let authors: String = r.get(2)?;
                let bytes: i64 = r.get(8)?;
                let offset: Option<i64> = r.get(9)?;
                #[allow(clippy::cast_precision_loss)]
                let progress = match offset {
                    Some(o) if bytes > 0 => (o as f64 / bytes as f64).clamp(0.0, 1.0),
                    _ => 0.0,
                };
                Ok(Entry {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    authors: json_list(&authors),
                    outlet: r.get(3)?,
                    date: r.get(4)?,
                    source: r.get(5)?,
                    fingerprint: r.get(6)?,
                    words: to_usize(r.get(7)?),
                    progress,
                    position: offset.map(to_usize),
                    notes: to_usize(r.get::<_, Option<i64>>(13)?.unwrap_or(0)),
                    tags: json_list(r.get_ref(14)?.as_str_or_null()?.unwrap_or("[]")),
                    added: r.get(10)?,
                    opened: r.get(11)?,
                    archived: r.get(12)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// How many articles the library lists (archived ones not counted).
    pub fn library_len(&self) -> anyhow::Result<usize> {
        self.library_count(false)
    }

    /// How many articles [`Store::library`] lists.
    pub fn library_count(&self, archived: bool) -> anyhow::Result<usize> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM library WHERE archived = ?1",
                params![archived],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(to_usize(n))
    }

    /// One library entry, archived or not.
    pub fn library_entry(&self, id: i64) -> anyhow::Result<Option<Entry>> {
        Ok(self.entries("l.article_id = ?1", "", params![id])?.pop())
    }

    /// The text the library keeps for an article, if it keeps one.
    pub fn stored_text(&self, id: i64) -> anyhow::Result<Option<StoredText>> {
        Ok(self
            .conn
            .query_row(
                "SELECT t.text, l.format, l.fingerprint FROM library_texts t
                 JOIN library l ON l.article_id = t.article_id WHERE t.article_id = ?1",
                params![id],
                |r| {
                    Ok(StoredText {
                        text: r.get(0)?,
                        format: r.get(1)?,
                        fingerprint: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))?)
    }

    /// Records that the reader opened the article now.
    pub fn mark_opened(&self, id: i64) -> anyhow::Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "UPDATE library SET opened = ?2, archived = 0 WHERE article_id = ?1",
                params![id, now_rfc3339()],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Removes an article from the library: archived when it has notes, deleted otherwise.
    pub fn remove_from_library(&mut self, id: i64) -> anyhow::Result<Removed> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let known: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM library WHERE article_id = ?1)",
                params![id],
                |r| r.get(0),
            )
            .map_err(sq)?;
        if !known {
            return Ok(Removed::Missing);
        }
        let has_notes: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM annotations WHERE article_id = ?1)",
                params![id],
                |r| r.get(0),
            )
            .map_err(sq)?;
        let outcome = if has_notes {
            tx.execute(
                "UPDATE library SET archived = 1 WHERE article_id = ?1",
                params![id],
            )
            .map_err(sq)?;
            Removed::Archived
        } else {
            tx.execute(
                "DELETE FROM library_texts WHERE article_id = ?1",
                params![id],
            )
            .map_err(sq)?;
            tx.execute("DELETE FROM library WHERE article_id = ?1", params![id])
                .map_err(sq)?;
            Removed::Deleted
        };
        tx.commit().map_err(sq)?;
        Ok(outcome)
    }

    /// Brings an archived article back; `false` if there is no such article.
    pub fn restore_article(&self, id: i64) -> anyhow::Result<bool> {
        self.writable()?;
        let n = self
            .conn
            .execute(
                "UPDATE library SET archived = 0 WHERE article_id = ?1",
                params![id],
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Full-text search over texts and notes (FTS5 syntax: words, `"phrases"`, `prefix*`,
    /// `AND`/`OR`/`NOT`), best first (bm25), at most `limit` hits. A query FTS5 cannot parse
    /// (`export-controls`) is retried with each word quoted as a phrase.
    pub fn search(&self, query: &str, limit: usize) -> anyhow::Result<Vec<Hit>> {
        match self.search_raw(query, limit) {
            Ok(hits) => Ok(hits),
            Err(first) => {
                let quoted: Vec<String> = query
                    .split_whitespace()
                    .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                    .collect();
                if quoted.is_empty() {
                    return Ok(Vec::new());
                }
                self.search_raw(&quoted.join(" "), limit)
                    .map_err(|_| anyhow::anyhow!(self.err(first)))
            }
        }
    }

    fn search_raw(&self, query: &str, limit: usize) -> rusqlite::Result<Vec<Hit>> {
        let limit = to_i64(limit);
        let mut hits = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT f.rowid, bm25(text_fts), highlight(text_fts, 0, char(1), char(2)),
                   l.title, l.source
                 FROM text_fts f JOIN library l ON l.article_id = f.rowid
                 WHERE text_fts MATCH ?1 AND l.archived = 0
                 ORDER BY bm25(text_fts) LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![query, limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?;
            for r in rows {
                let (article, rank, marked, title, source) = r?;
                let (start, end) = first_mark(&marked);
                let text = unmark(&marked);
                let (snippet, mark) = snippet_around(&text, start, end);
                hits.push(Hit {
                    article,
                    title,
                    source,
                    kind: HitKind::Text,
                    start,
                    end,
                    snippet,
                    mark,
                    rank,
                });
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT f.article_id, bm25(note_fts), n.start, n.end,
                   highlight(note_fts, 3, char(1), char(2)),
                   highlight(note_fts, 2, char(1), char(2)), l.title, l.source
                 FROM note_fts f JOIN annotations n ON n.rowid = f.rowid
                 LEFT JOIN library l ON l.article_id = f.article_id
                 WHERE note_fts MATCH ?1 AND coalesce(l.archived, 0) = 0
                 ORDER BY bm25(note_fts) LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![query, limit], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?;
            for r in rows {
                let (article, rank, start, end, body, quote, title, source) = r?;
                // the body when the match is there, else the quote
                let marked = if body.contains(MARK_OPEN) || quote.is_empty() {
                    body
                } else {
                    quote
                };
                let (s, e) = first_mark(&marked);
                let (snippet, mark) = snippet_around(&unmark(&marked), s, e);
                hits.push(Hit {
                    article: article.unwrap_or(0),
                    title,
                    source,
                    kind: HitKind::Note,
                    start: to_usize(start),
                    end: to_usize(end),
                    snippet,
                    mark,
                    rank,
                });
            }
        }
        hits.sort_by(|a, b| a.rank.total_cmp(&b.rank));
        hits.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(hits)
    }

    /// Every article that has notes (with `tag`: notes carrying it), with its notes.
    pub fn notes_across(
        &self,
        tag: Option<&str>,
    ) -> anyhow::Result<Vec<(ArticleInfo, Vec<Annotation>)>> {
        let Some(tag) = tag else {
            return self.all_notes();
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {}, n.article_id, ar.title,
                   (SELECT location FROM locations l WHERE l.article_id = n.article_id
                    ORDER BY last_seen DESC, location LIMIT 1)
                 FROM note_tags t JOIN annotations n ON n.id = t.note_id
                 LEFT JOIN articles ar ON ar.id = n.article_id
                 WHERE t.tag = ?1 ORDER BY n.article_id, n.start, n.end, n.id",
                qualified("n")
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![tag], |r| {
                Ok((
                    row_to_annotation(r)?,
                    ArticleInfo {
                        id: r.get::<_, Option<i64>>(18)?.unwrap_or(0),
                        title: r.get(19)?,
                        location: r.get(20)?,
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out: Vec<(ArticleInfo, Vec<Annotation>)> = Vec::new();
        for r in rows {
            let (ann, info) = r.map_err(|e| self.err(e))?;
            match out.last_mut() {
                Some((last, notes)) if last.id == info.id => notes.push(ann),
                _ => out.push((info, vec![ann])),
            }
        }
        Ok(out)
    }

    /// How many notes [`Store::note_lines`] lists (those of archived articles left out),
    /// from the kept counts.
    pub fn note_count(&self) -> anyhow::Result<usize> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM annotations) - coalesce((SELECT sum(c.notes)
                   FROM article_notes c JOIN library l ON l.article_id = c.article_id
                   WHERE l.archived = 1), 0)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(to_usize(n))
    }

    /// The notes as the library-wide Notes view lists them, by article, then place: the
    /// first `limit`, or all of them.
    pub fn note_lines(&self, limit: Option<usize>) -> anyhow::Result<Vec<NoteLine>> {
        let Some(limit) = limit else {
            return self.all_note_lines();
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT n.article_id, coalesce(l.title, a.title, ''), coalesce(l.published, ''),
                   n.start, substr(n.exact, 1, 300), substr(n.body, 1, 300), n.tags
                 FROM annotations n LEFT JOIN library l ON l.article_id = n.article_id
                 LEFT JOIN articles a ON a.id = n.article_id
                 WHERE coalesce(l.archived, 0) = 0
                 ORDER BY n.article_id, n.start, n.id LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![to_i64(limit)], |r| {
                let tags: String = r.get(6)?;
                Ok(NoteLine {
                    article: r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                    title: r.get(1)?,
                    date: r.get(2)?,
                    start: to_usize(r.get(3)?),
                    quote: r.get(4)?,
                    body: r.get(5)?,
                    tags: json_list(&tags),
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// Every note line, in [`Store::note_lines`]' order: one pass over `annotations` in
    /// storage order, joined to the titles and sorted here. In the order of the article
    /// index each page of notes would be read many times over (seconds at 100,000 notes).
    fn all_note_lines(&self) -> anyhow::Result<Vec<NoteLine>> {
        let sq = |e| self.err(e);
        let mut articles: HashMap<i64, (String, String, bool)> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.id, coalesce(l.title, a.title, ''), coalesce(l.published, ''),
                   coalesce(l.archived, 0)
                 FROM articles a LEFT JOIN library l ON l.article_id = a.id",
            )
            .map_err(sq)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
            .map_err(sq)?;
        for r in rows {
            let (id, article) = r.map_err(sq)?;
            articles.insert(id, article);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT article_id, start, substr(exact, 1, 300), substr(body, 1, 300), tags, id
                 FROM annotations",
            )
            .map_err(sq)?;
        let rows = stmt
            .query_map([], |r| {
                let article: Option<i64> = r.get(0)?;
                let tags: String = r.get(4)?;
                let line = NoteLine {
                    article: article.unwrap_or(0),
                    start: to_usize(r.get(1)?),
                    quote: r.get(2)?,
                    body: r.get(3)?,
                    tags: json_list(&tags),
                    ..NoteLine::default()
                };
                Ok(((article, line.start, r.get::<_, String>(5)?), line))
            })
            .map_err(sq)?;
        let mut keyed = Vec::new();
        for r in rows {
            let (key, mut line) = r.map_err(sq)?;
            match key.0.and_then(|id| articles.get(&id)) {
                Some((_, _, true)) => continue,
                Some((title, date, false)) => {
                    (line.title, line.date) = (title.clone(), date.clone());
                }
                None => {}
            }
            keyed.push((key, line));
        }
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(keyed.into_iter().map(|(_, line)| line).collect())
    }

    /// Every tag with its note and article counts, by tag.
    pub fn tag_counts(&self) -> anyhow::Result<Vec<TagCount>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT tag, count(*), count(DISTINCT article_id) FROM note_tags
                 GROUP BY tag ORDER BY tag",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(TagCount {
                    tag: r.get(0)?,
                    notes: to_usize(r.get(1)?),
                    articles: to_usize(r.get(2)?),
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// Renames tag `old` to `new` on every note (merging when a note already has `new`),
    /// `#old` in note texts included; each changed note gets a new revision. Returns how
    /// many notes changed. One transaction: a rename is one user action.
    pub fn rename_tag(&mut self, old: &str, new: &str) -> anyhow::Result<usize> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        let notes: Vec<Annotation> = {
            let mut stmt = tx
                .prepare(&format!(
                    "SELECT {COLUMNS} FROM annotations n
                     WHERE n.id IN (SELECT note_id FROM note_tags WHERE tag = ?1)"
                ))
                .map_err(sq)?;
            let rows = stmt
                .query_map(params![old], row_to_annotation)
                .map_err(sq)?;
            rows.collect::<rusqlite::Result<_>>().map_err(sq)?
        };
        for note in &notes {
            let mut changed = note.clone();
            let mut tags: Vec<String> = Vec::new();
            for t in &note.tags {
                let t = if t == old { new.to_owned() } else { t.clone() };
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            changed.tags = tags;
            changed.body = rename_hashtag(&note.body, old, new);
            changed.modified = now_rfc3339();
            write_note(&tx, &changed, Some(note.revision)).map_err(sq)?;
        }
        tx.commit().map_err(sq)?;
        Ok(notes.len())
    }

    /// Records a location for an article (a URL or path it was found at).
    pub fn add_location(&self, id: i64, location: &str, fingerprint: &str) -> anyhow::Result<()> {
        self.writable()?;
        upsert_location(&self.conn, location, id, fingerprint, &now_rfc3339())
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The connection, for benchmarks and tests that look at the schema.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// [`COLUMNS`] with a table alias, for joins.
fn qualified(alias: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `#old` → `#new` where it stands as a whole tag in a note's text.
fn rename_hashtag(body: &str, old: &str, new: &str) -> String {
    let needle = format!("#{old}");
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(&needle) {
        let (before, after) = rest.split_at(at);
        let tail = after.get(needle.len()..).unwrap_or_default();
        let whole = tail
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        out.push_str(before);
        if whole {
            out.push('#');
            out.push_str(new);
        } else {
            out.push_str(&needle);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Byte offsets, in the unmarked text, of the first highlighted match.
fn first_mark(marked: &str) -> (usize, usize) {
    let Some(open) = marked.find(MARK_OPEN) else {
        return (0, 0);
    };
    let after = marked.get(open + 1..).unwrap_or_default();
    let len = after.find(MARK_CLOSE).unwrap_or(0);
    // markers before the first match: none (it is the first)
    (open, open + len)
}

fn unmark(marked: &str) -> String {
    marked
        .chars()
        .filter(|c| *c != MARK_OPEN && *c != MARK_CLOSE)
        .collect()
}

/// One line of context around `start..end` in `text`: whitespace folded, cut at char
/// boundaries near word breaks, with `…` where it was cut; returns it and the match in it.
fn snippet_around(text: &str, start: usize, end: usize) -> (String, std::ops::Range<usize>) {
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i.min(text.len())
    };
    let start = floor(start.min(text.len()));
    let end = ceil(end.max(start).min(text.len()));
    let mut from = floor(start.saturating_sub(SNIPPET_CONTEXT));
    if from > 0
        && let Some(sp) = text
            .get(from..start)
            .and_then(|s| s.find(char::is_whitespace))
    {
        from += sp;
    }
    let mut to = ceil(end + SNIPPET_CONTEXT);
    if to < text.len()
        && let Some(sp) = text.get(end..to).and_then(|s| s.rfind(char::is_whitespace))
    {
        to = end + sp;
    }
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let piece = |a: usize, b: usize| text.get(a..b).unwrap_or_default();
    let mut before = fold(piece(from, start));
    if piece(from, start).ends_with(char::is_whitespace) && !before.is_empty() {
        before.push(' ');
    }
    let matched = fold(piece(start, end));
    let mut after = fold(piece(end, to));
    if piece(end, to).starts_with(char::is_whitespace) && !after.is_empty() {
        after.insert(0, ' ');
    }
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&before);
    let m0 = out.len();
    out.push_str(&matched);
    let m1 = out.len();
    out.push_str(&after);
    if to < text.len() {
        out.push('…');
    }
    (out, m0..m1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_renamed_as_whole_tags_only() {
        assert_eq!(
            rename_hashtag("see #ai and #aix, #ai.", "ai", "ml"),
            "see #ml and #aix, #ml."
        );
    }

    #[test]
    fn marks_give_offsets_in_the_unmarked_text() {
        let marked = "ab \u{1}cd\u{2} ef \u{1}cd\u{2}";
        assert_eq!(first_mark(marked), (3, 5));
        assert_eq!(unmark(marked).get(3..5), Some("cd"));
    }

    #[test]
    fn snippets_fold_whitespace_and_mark_the_match() {
        let text = format!("{}needle\n\nafter", "word ".repeat(40));
        let start = text.find("needle").unwrap();
        let (s, m) = snippet_around(&text, start, start + 6);
        assert_eq!(s.get(m), Some("needle"));
        assert!(s.starts_with('…') && !s.contains('\n'), "{s}");
        assert!(s.ends_with("needle after"), "{s}");
    }
}
