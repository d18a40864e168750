//! How notes are stored row by row: the column list, reading a row into an [`Annotation`],
//! writing a note with its revision, and grouping notes into articles (the v3 identity).
//! Used only by [`super::Store`]; SQLite through rusqlite.

#![allow(clippy::wildcard_imports)] // the parent's imports, shared on purpose
use super::*;

pub(super) const COLUMNS: &str = "id, fingerprint, path, title, exact, prefix, suffix, start, end, tags, body, color, created, modified, placement, similarity, original, revision";

pub(super) fn to_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Groups the notes of a v2 database into articles (in the v3 migration): notes that share a
/// fingerprint or a path are one article; titles are not looked at.
pub(super) fn group_into_articles(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    pub(super) fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut keys: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    {
        let mut stmt = tx.prepare(
            "SELECT fingerprint, path, title FROM annotations
             GROUP BY fingerprint, path ORDER BY min(created), fingerprint, path",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for r in rows {
            keys.push(r?);
        }
    }
    // Union-find over the keys: two keys sharing a fingerprint or a path are one article.
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    for i in 0..keys.len() {
        for j in 0..i {
            let same = keys[i].0 == keys[j].0 || (keys[i].1.is_some() && keys[i].1 == keys[j].1);
            if same {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let now = now_rfc3339();
    let mut article_of_root: std::collections::HashMap<usize, i64> =
        std::collections::HashMap::new();
    for (i, (fp, path, title)) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        let article = if let Some(a) = article_of_root.get(&r) {
            *a
        } else {
            tx.execute(
                "INSERT INTO articles (title, created) VALUES (?1, ?2)",
                params![title, now],
            )?;
            let a = tx.last_insert_rowid();
            article_of_root.insert(r, a);
            a
        };
        tx.execute(
            "INSERT OR IGNORE INTO versions (fingerprint, article_id, first_seen)
             VALUES (?1, ?2, ?3)",
            params![fp, article, now],
        )?;
        if let Some(loc) = path {
            upsert_location(tx, loc, article, fp, &now)?;
        }
        tx.execute(
            "UPDATE annotations SET article_id = ?1 WHERE fingerprint = ?2 AND path IS ?3",
            params![article, fp, path],
        )?;
    }
    // The history starts with each note as it was.
    let mut notes = Vec::new();
    {
        let mut stmt = tx.prepare(&format!("SELECT {COLUMNS} FROM annotations"))?;
        let rows = stmt.query_map([], row_to_annotation)?;
        for r in rows {
            notes.push(r?);
        }
    }
    for a in notes {
        record_revision(tx, &a, false)?;
    }
    Ok(())
}

pub(super) fn upsert_location(
    tx: &Connection,
    location: &str,
    article: i64,
    fingerprint: &str,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO locations (location, article_id, fingerprint, last_seen)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(location) DO UPDATE SET article_id = excluded.article_id,
           fingerprint = excluded.fingerprint, last_seen = excluded.last_seen",
        params![location, article, fingerprint, now],
    )?;
    Ok(())
}

/// The identity rule without writing: the article holding this text, else the article last
/// seen at this location, else none.
pub(super) fn lookup_article(conn: &Connection, doc: &DocRef) -> rusqlite::Result<Option<i64>> {
    let by_text: Option<i64> = conn
        .query_row(
            "SELECT article_id FROM versions WHERE fingerprint = ?1",
            params![doc.fingerprint],
            |r| r.get(0),
        )
        .optional()?;
    if by_text.is_some() {
        return Ok(by_text);
    }
    match &doc.path {
        Some(loc) => conn
            .query_row(
                "SELECT article_id FROM locations WHERE location = ?1",
                params![loc],
                |r| r.get(0),
            )
            .optional(),
        None => Ok(None),
    }
}

/// The identity rule, recording what it learnt: a new text at a known location becomes a
/// version of that article; an unknown text elsewhere, a new article; the location now
/// points at the text's article.
pub(super) fn register_article(tx: &Transaction<'_>, doc: &DocRef) -> rusqlite::Result<i64> {
    let now = now_rfc3339();
    let article = if let Some(a) = lookup_article(tx, doc)? {
        a
    } else {
        tx.execute(
            "INSERT INTO articles (title, created) VALUES (?1, ?2)",
            params![doc.title, now],
        )?;
        tx.last_insert_rowid()
    };
    tx.execute(
        "INSERT OR IGNORE INTO versions (fingerprint, article_id, first_seen) VALUES (?1, ?2, ?3)",
        params![doc.fingerprint, article, now],
    )?;
    if let Some(loc) = &doc.path {
        upsert_location(tx, loc, article, &doc.fingerprint, &now)?;
    }
    if doc.title.is_some() {
        tx.execute(
            "UPDATE articles SET title = ?2 WHERE id = ?1",
            params![article, doc.title],
        )?;
    }
    Ok(article)
}

pub(super) fn current_revision(conn: &Connection, id: &str) -> rusqlite::Result<Option<u32>> {
    conn.query_row(
        "SELECT revision FROM annotations WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()
}

pub(super) fn select_one(conn: &Connection, id: &str) -> rusqlite::Result<Option<Annotation>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM annotations WHERE id = ?1"),
        params![id],
        row_to_annotation,
    )
    .optional()
}

/// The next revision after `current`, looking at the history too (a deleted note's
/// revisions live on there).
pub(super) fn next_revision(
    conn: &Connection,
    id: &str,
    current: Option<u32>,
) -> rusqlite::Result<u32> {
    let last: Option<u32> = conn.query_row(
        "SELECT max(revision) FROM revisions WHERE annotation_id = ?1",
        params![id],
        |r| r.get(0),
    )?;
    Ok(current.max(last).unwrap_or(0) + 1)
}

/// Writes `ann` (insert or replace) at the next revision, its article resolved from its
/// document, and records the revision in the history.
pub(super) fn write_note(
    tx: &Transaction<'_>,
    ann: &Annotation,
    current: Option<u32>,
) -> rusqlite::Result<Annotation> {
    let article = register_article(tx, &ann.doc)?;
    let mut saved = ann.clone();
    saved.revision = next_revision(tx, &ann.id, current)?;
    let tags = serde_json::to_string(&saved.tags).unwrap_or_else(|_| "[]".to_owned());
    let original = saved
        .original
        .as_ref()
        .and_then(|q| serde_json::to_string(q).ok());
    tx.execute(
        &format!(
            "INSERT INTO annotations ({COLUMNS}, article_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19)
             ON CONFLICT(id) DO UPDATE SET
               fingerprint = excluded.fingerprint, path = excluded.path,
               title = excluded.title, exact = excluded.exact, prefix = excluded.prefix,
               suffix = excluded.suffix, start = excluded.start, end = excluded.end,
               tags = excluded.tags, body = excluded.body, color = excluded.color,
               created = excluded.created, modified = excluded.modified,
               placement = excluded.placement, similarity = excluded.similarity,
               original = excluded.original, revision = excluded.revision,
               article_id = excluded.article_id"
        ),
        params![
            saved.id,
            saved.doc.fingerprint,
            saved.doc.path,
            saved.doc.title,
            saved.quote.exact,
            saved.quote.prefix,
            saved.quote.suffix,
            to_i64(saved.position.start),
            to_i64(saved.position.end),
            tags,
            saved.body,
            saved.color,
            saved.created,
            saved.modified,
            saved.placement.as_str(),
            saved.similarity,
            original,
            saved.revision,
            article,
        ],
    )?;
    record_revision(tx, &saved, false)?;
    Ok(saved)
}

pub(super) fn delete_note(tx: &Transaction<'_>, found: &Annotation) -> rusqlite::Result<()> {
    let mut gone = found.clone();
    gone.revision = next_revision(tx, &found.id, Some(found.revision))?;
    record_revision(tx, &gone, true)?;
    tx.execute("DELETE FROM annotations WHERE id = ?1", params![found.id])?;
    Ok(())
}

pub(super) fn record_revision(
    conn: &Connection,
    ann: &Annotation,
    deleted: bool,
) -> rusqlite::Result<()> {
    let data = serde_json::to_string(ann)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT OR REPLACE INTO revisions (annotation_id, revision, deleted, data, saved)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ann.id, ann.revision, deleted, data, now_rfc3339()],
    )?;
    Ok(())
}

pub(super) fn row_to_annotation(r: &Row<'_>) -> rusqlite::Result<Annotation> {
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
    let original: Option<String> = r.get(16)?;
    let original: Option<TextQuote> = original.and_then(|s| serde_json::from_str(&s).ok());
    let placement: String = r.get(14)?;
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
        original,
        placement: Placement::parse(&placement),
        similarity: r.get(15)?,
        revision: r.get(17)?,
    })
}
