//! The library's schema: the v4 migration (texts, metadata, tags of notes as rows, FTS5) and
//! the one after it (per-article note counts and tags, kept by triggers).
//!
//! Counts are kept rather than computed because the library screen's first frame lists every
//! article with its note count and tags: grouping 100,000 notes by article on every start
//! costs more than the whole 100 ms budget, while the triggers add two index lookups per note
//! written. The triggers use only SQL an older `sqlite3` (3.40) also parses, so the file stays
//! readable by other tools.

/// The statements of the `annotations` triggers that list a note's tags in `note_tags` and
/// index it in `note_fts` (the `new` row), and that take the `old` row out of both.
macro_rules! index_note {
    () => {
        "
    INSERT OR IGNORE INTO note_tags (note_id, article_id, tag)
        SELECT new.id, new.article_id, value FROM json_each(new.tags) WHERE type = 'text';
    INSERT INTO note_fts (rowid, note_id, article_id, exact, body, tags)
        VALUES (new.rowid, new.id, new.article_id, new.exact, new.body, new.tags);"
    };
}

macro_rules! unindex_note {
    () => {
        "
    DELETE FROM note_tags WHERE note_id = old.id;
    DELETE FROM note_fts WHERE rowid = old.rowid;"
    };
}

/// The v4 migration. Existing articles get a library row without text (they open from their
/// last location until opened again); existing notes are indexed and their tags listed.
pub const MIGRATION_V4: &str = concat!(
    "
CREATE TABLE library (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    title TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    outlet TEXT,
    published TEXT,
    source TEXT,
    format TEXT NOT NULL DEFAULT 'text',
    fingerprint TEXT NOT NULL,
    words INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    added TEXT NOT NULL,
    opened TEXT,
    archived INTEGER NOT NULL DEFAULT 0);
CREATE TABLE library_texts (
    article_id INTEGER PRIMARY KEY,
    text TEXT NOT NULL);
CREATE VIRTUAL TABLE text_fts USING fts5(
    text, content = 'library_texts', content_rowid = 'article_id',
    tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER library_texts_ai AFTER INSERT ON library_texts BEGIN
    INSERT INTO text_fts (rowid, text) VALUES (new.article_id, new.text);
END;
CREATE TRIGGER library_texts_ad AFTER DELETE ON library_texts BEGIN
    INSERT INTO text_fts (text_fts, rowid, text) VALUES ('delete', old.article_id, old.text);
END;
CREATE TRIGGER library_texts_au AFTER UPDATE ON library_texts BEGIN
    INSERT INTO text_fts (text_fts, rowid, text) VALUES ('delete', old.article_id, old.text);
    INSERT INTO text_fts (rowid, text) VALUES (new.article_id, new.text);
END;
CREATE TABLE note_tags (
    note_id TEXT NOT NULL,
    article_id INTEGER,
    tag TEXT NOT NULL,
    PRIMARY KEY (note_id, tag)) WITHOUT ROWID;
CREATE INDEX note_tags_tag ON note_tags(tag, article_id);
CREATE INDEX note_tags_article ON note_tags(article_id, tag);
CREATE VIRTUAL TABLE note_fts USING fts5(
    note_id UNINDEXED, article_id UNINDEXED, exact, body, tags,
    tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
    ",
    index_note!(),
    "
END;
CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
    ",
    unindex_note!(),
    "
END;
CREATE TRIGGER annotations_au AFTER UPDATE OF tags, article_id, exact, body ON annotations BEGIN
    ",
    unindex_note!(),
    index_note!(),
    "
END;
INSERT OR IGNORE INTO note_tags (note_id, article_id, tag)
    SELECT a.id, a.article_id, j.value FROM annotations a, json_each(a.tags) j
    WHERE j.type = 'text';
INSERT INTO note_fts (rowid, note_id, article_id, exact, body, tags)
    SELECT rowid, id, article_id, exact, body, tags FROM annotations;
INSERT INTO library (article_id, title, source, fingerprint, added)
    SELECT a.id, a.title,
        (SELECT location FROM locations l WHERE l.article_id = a.id
         ORDER BY last_seen DESC, location LIMIT 1),
        coalesce((SELECT fingerprint FROM locations l WHERE l.article_id = a.id
                  ORDER BY last_seen DESC, location LIMIT 1),
                 (SELECT fingerprint FROM versions v WHERE v.article_id = a.id
                  ORDER BY first_seen DESC LIMIT 1), ''),
        a.created
    FROM articles a;
"
);

/// Statements of a trigger on `annotations`: recompute the note count and the sorted,
/// distinct tags of the article of the `new` or `old` row (nothing when it has none).
/// Delete-then-insert, not `INSERT OR REPLACE`: an outer `INSERT … ON CONFLICT` (how notes
/// are saved) overrides a trigger's conflict clause, and the replace would fail.
/// `also`: a further condition (the `old` article of an update is refreshed only when the
/// note moved to another article).
macro_rules! refresh_counts {
    ($row:literal) => {
        refresh_counts!($row, "")
    };
    ($row:literal, $also:literal) => {
        concat!(
            "
    DELETE FROM article_notes WHERE article_id = ",
            $row,
            ".article_id",
            $also,
            ";
    INSERT INTO article_notes (article_id, notes, tags)
    SELECT ",
            $row,
            ".article_id,
        (SELECT count(*) FROM annotations WHERE article_id = ",
            $row,
            ".article_id),
        (SELECT json_group_array(tag) FROM (SELECT DISTINCT tag FROM note_tags
            WHERE article_id = ",
            $row,
            ".article_id ORDER BY tag))
    WHERE ",
            $row,
            ".article_id IS NOT NULL",
            $also,
            ";"
        )
    };
}

/// After v4: `article_notes` holds per article its note count and its notes' tags (a JSON
/// array, sorted), filled from the notes there are and kept by the `annotations` triggers,
/// which are recreated with the same statements plus the refresh (in one body, so it runs
/// after `note_tags` is updated).
pub const MIGRATION_COUNTS: &str = concat!(
    "
CREATE TABLE article_notes (
    article_id INTEGER PRIMARY KEY,
    notes INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]');
INSERT INTO article_notes (article_id, notes, tags)
    SELECT article_id, count(*), '[]' FROM annotations
    WHERE article_id IS NOT NULL GROUP BY article_id;
UPDATE article_notes SET tags = (SELECT json_group_array(tag) FROM (SELECT DISTINCT tag
    FROM note_tags t WHERE t.article_id = article_notes.article_id ORDER BY tag));
DROP TRIGGER annotations_ai;
DROP TRIGGER annotations_ad;
DROP TRIGGER annotations_au;
CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
    ",
    index_note!(),
    refresh_counts!("new"),
    "
END;
CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
    ",
    unindex_note!(),
    refresh_counts!("old"),
    "
END;
CREATE TRIGGER annotations_au AFTER UPDATE OF tags, article_id, exact, body ON annotations BEGIN
    ",
    unindex_note!(),
    index_note!(),
    refresh_counts!("new"),
    refresh_counts!("old", " AND old.article_id IS NOT new.article_id"),
    "
END;
"
);
