//! The database against real SQLite files in temp dirs: schema and migrations (with backups),
//! refusal of corrupt / foreign / newer files without touching them, and concurrent writers
//! (threads and processes) losing nothing.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::path::Path;
use std::process::Command;

use gloss::core::doc::annotation::{Annotation, DocRef, Placement, TextPosition, TextQuote};
use gloss::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

fn ann(id: &str, fp: &str, start: usize, tags: &[&str]) -> Annotation {
    Annotation {
        id: id.to_owned(),
        doc: DocRef {
            fingerprint: fp.to_owned(),
            path: Some("/docs/a.txt".into()),
            title: Some("A title".into()),
        },
        quote: TextQuote {
            exact: format!("quote {id}"),
            prefix: "pre ".into(),
            suffix: " suf".into(),
        },
        position: TextPosition {
            start,
            end: start + 5,
        },
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        body: format!("note for {id}"),
        color: None,
        created: "2026-01-01T00:00:00Z".into(),
        modified: "2026-01-01T00:00:00Z".into(),
        original: None,
        placement: gloss::core::doc::annotation::Placement::Confirmed,
        similarity: None,
        revision: 0,
    }
}

fn store_error(err: &anyhow::Error) -> &StoreError {
    err.downcast_ref::<StoreError>()
        .unwrap_or_else(|| panic!("not a StoreError: {err:#}"))
}

fn open_err(path: &Path) -> anyhow::Error {
    match Store::open(path) {
        Ok(_) => panic!("{} should have been refused", path.display()),
        Err(e) => e,
    }
}

/// The document reference of text `fp` at `path`.
fn doc(fp: &str, path: Option<&str>, title: Option<&str>) -> DocRef {
    DocRef {
        fingerprint: fp.to_owned(),
        path: path.map(str::to_owned),
        title: title.map(str::to_owned),
    }
}

/// `a` as the store holds it after `n` saves.
fn at_rev(a: &Annotation, n: u32) -> Annotation {
    Annotation {
        revision: n,
        ..a.clone()
    }
}

#[test]
fn fresh_database_is_current_wal_and_round_trips_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/gloss.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(
        store.backup_path().is_none(),
        "nothing to back up in a new file"
    );
    let a = ann("a", "fp1", 10, &["ai", "china"]);
    let b = ann("b", "fp1", 2, &["ai"]);
    store.save_annotation(&a).unwrap();
    store.save_annotation(&b).unwrap();
    store.set_position("fp1", 42).unwrap();

    // upsert by id, a new revision each time
    let mut a2 = a.clone();
    a2.body = "edited".into();
    assert_eq!(store.save_annotation(&a2).unwrap().revision, 2);

    let got = store.annotations_for(&doc("fp1", None, None)).unwrap();
    assert_eq!(
        got,
        vec![at_rev(&b, 1), at_rev(&a2, 2)],
        "document order, edited body"
    );
    assert_eq!(store.all_tags().unwrap(), vec!["ai", "china"]);
    assert_eq!(store.position("fp1").unwrap(), Some(42));

    // a new text at the same location is a version of that article; a title is nothing
    assert_eq!(
        store
            .annotations_for(&doc("other", Some("/docs/a.txt"), None))
            .unwrap()
            .len(),
        2
    );
    assert!(
        store
            .annotations_for(&doc("other", None, Some("A title")))
            .unwrap()
            .is_empty(),
        "never matched by title"
    );
    assert!(
        store
            .annotations_for(&doc("other", Some("/elsewhere"), Some("B")))
            .unwrap()
            .is_empty()
    );

    let mut moved = store.annotation("a").unwrap().unwrap();
    moved.position = TextPosition {
        start: 100,
        end: 105,
    };
    moved.doc.fingerprint = "fp2".into();
    assert!(store.update_anchor(&moved).unwrap());
    assert!(!store.update_anchor(&ann("nope", "fp2", 0, &[])).unwrap());
    let moved = store.annotation("a").unwrap().unwrap();
    assert_eq!(
        (
            moved.position.start,
            moved.doc.fingerprint.as_str(),
            moved.revision
        ),
        (100, "fp2", 2),
        "a re-anchor is not a revision"
    );

    // delete returns the annotation; restoring it is the undo
    let deleted = store.delete_annotation("b").unwrap().unwrap();
    assert_eq!(deleted, at_rev(&b, 1));
    assert!(store.delete_annotation("b").unwrap().is_none());
    let restored = store.restore(&deleted).unwrap().unwrap();
    assert_eq!(restored.revision, 3, "saved, deleted, restored");
    drop(store);

    // everything was committed: a new connection sees it
    let store = Store::open(&path).unwrap();
    assert_eq!(store.annotation("b").unwrap(), Some(at_rev(&b, 3)));
    let revs: Vec<(u32, bool)> = store
        .history("b")
        .unwrap()
        .iter()
        .map(|r| (r.revision, r.deleted))
        .collect();
    assert_eq!(revs, vec![(1, false), (2, true), (3, false)]);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn import_annotations_skips_existing_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.db")).unwrap();
    store.save_annotation(&ann("a", "fp", 0, &[])).unwrap();
    let counts = store
        .import_annotations(&[ann("a", "fp", 0, &[]), ann("b", "fp", 5, &[])])
        .unwrap();
    assert_eq!((counts.imported, counts.skipped), (1, 1));
    assert!(!store.insert_new(&ann("b", "fp", 5, &[])).unwrap());
    assert!(store.insert_new(&ann("c", "fp", 9, &[])).unwrap());
}

fn make_legacy_v0(path: &Path) {
    // What the first gloss builds wrote: positions only, user_version 0.
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL;
         CREATE TABLE positions (fingerprint TEXT PRIMARY KEY, offset INTEGER NOT NULL,
                                 updated_at TEXT NOT NULL);
         INSERT INTO positions VALUES ('fpold', 1234, '2025-01-01 00:00:00');",
    )
    .unwrap();
}

#[test]
fn legacy_database_is_backed_up_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    make_legacy_v0(&path);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        store.position("fpold").unwrap(),
        Some(1234),
        "data survives the migration"
    );
    let backup = store.backup_path().unwrap().to_owned();
    assert_eq!(backup, dir.path().join("gloss.db.bak-v0"));
    let b = Connection::open(&backup).unwrap();
    let (v, off): (u32, i64) = b
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), offset FROM positions",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (v, off),
        (0, 1234),
        "the backup is the old database as it was"
    );
    store
        .save_annotation(&ann("x", "fpold", 0, &["t"]))
        .unwrap();
    drop(store);
    // Reopening a current database neither migrates nor backs up again.
    let again = Store::open(&path).unwrap();
    assert!(again.backup_path().is_none());
    assert_eq!(
        again
            .annotations_for(&doc("fpold", None, None))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn v1_database_migrates_with_a_fresh_backup_name_if_one_exists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    make_legacy_v0(&path);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 1)
        .unwrap();
    std::fs::write(dir.path().join("gloss.db.bak-v1"), b"an older backup, kept").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.backup_path().unwrap(),
        dir.path().join("gloss.db.bak-v1.1")
    );
    assert_eq!(
        std::fs::read(dir.path().join("gloss.db.bak-v1")).unwrap(),
        b"an older backup, kept"
    );
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = 99; PRAGMA application_id = {};",
            gloss::store::APPLICATION_ID
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = open_err(&path);
    assert!(
        matches!(
            store_error(&err),
            StoreError::NewerVersion { found: 99, .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade gloss"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("gloss.db.bak-v99").exists());
}

#[test]
fn foreign_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    let junk = b"these are my important notes, not a database\n".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    let err = open_err(&path);
    assert!(
        matches!(store_error(&err), StoreError::NotADatabase { .. }),
        "{err}"
    );
    assert!(!err.to_string().contains('\n'), "one line");
    assert_eq!(std::fs::read(&path).unwrap(), junk);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no side files created: {names:?}");
}

#[test]
fn corrupt_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    {
        let mut store = Store::open(&path).unwrap();
        for i in 0..300 {
            store
                .save_annotation(&ann(&format!("id{i:04}"), "fp", i, &["t"]))
                .unwrap();
        }
    }
    // Checkpointed and closed; now damage pages past the header page.
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 3 * 4096, "database has several pages");
    for b in &mut bytes[4096..3 * 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let _ = std::fs::remove_file(dir.path().join("gloss.db-wal"));
    let _ = std::fs::remove_file(dir.path().join("gloss.db-shm"));
    let err = open_err(&path);
    assert!(
        matches!(
            store_error(&err),
            StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "byte for byte untouched"
    );
}

#[test]
fn locked_database_is_a_typed_error_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    Store::open(&path)
        .unwrap()
        .save_annotation(&ann("a", "fp", 0, &[]))
        .unwrap();
    let holder = Connection::open(&path).unwrap();
    holder
        .execute_batch(
            "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE annotations SET body = 'held';",
        )
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let Err(err) = Store::open_with_timeout(&path, std::time::Duration::from_millis(200)) else {
        panic!("a database held exclusively by another connection must be refused")
    };
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("locked by another process"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn load_anchored_re_anchors_and_saves_new_places() {
    use gloss::core::doc::anchor::Anchoring;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.db")).unwrap();
    let old = "Intro. The key passage is here. Outro.";
    let new = "A new first line. Intro. The key passage is here. Outro.";
    let fp_old = gloss::core::doc::document::fingerprint(old);
    let fp_new = gloss::core::doc::document::fingerprint(new);
    let mut a = ann("a", &fp_old, 7, &["t"]);
    a.quote = TextQuote::from_text(old, 7..31).unwrap();
    a.position = TextPosition { start: 7, end: 31 };
    let mut gone = a.clone();
    gone.id = "gone".into();
    gone.quote.exact = "a passage that is no longer anywhere".into();
    store.save_annotation(&a).unwrap();
    store.save_annotation(&gone).unwrap();
    let doc = DocRef {
        fingerprint: fp_new.clone(),
        path: Some("/docs/a.txt".into()),
        title: None,
    };
    let notes = store.load_anchored(&doc, new).unwrap();
    assert_eq!(
        notes.report.summary(),
        "2 notes: 0 exact, 1 moved, 1 orphaned"
    );
    assert_eq!(notes.orphans, vec!["gone".to_owned()]);
    assert_eq!(
        notes.annotations[0].id, "a",
        "placed notes first, orphans last"
    );
    assert_eq!(notes.anchorings[0], Anchoring::Moved(25..49));
    let saved = store.annotation("a").unwrap().unwrap();
    assert_eq!(
        (saved.position.start, saved.doc.fingerprint.as_str()),
        (25, fp_new.as_str())
    );
    assert_eq!(&new[saved.position.range()], saved.quote.exact);
    let orphan = store.annotation("gone").unwrap().unwrap();
    assert_eq!(
        (orphan.quote, orphan.position, orphan.placement),
        (gone.quote, gone.position, Placement::Orphan),
        "orphans keep their quote and position, and are marked"
    );
    let again = store.load_anchored(&doc, new).unwrap();
    assert_eq!(
        again.report.summary(),
        "2 notes: 0 exact, 1 moved, 1 orphaned",
        "still marked moved until confirmed; the orphan stays one"
    );
    assert_eq!(again.anchorings[0], Anchoring::Moved(25..49));
}

#[test]
fn unreadable_path_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = open_err(dir.path());
    assert!(
        matches!(store_error(&err), StoreError::Unreadable { .. }),
        "{err}"
    );
}

#[test]
fn two_threads_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    Store::open(&path).unwrap();
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..150 {
                    store
                        .save_annotation(&ann(&format!("t{t}-{i}"), "fp", i, &[]))
                        .unwrap();
                    store.set_position(&format!("fp{t}"), i).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.annotations_for(&doc("fp", None, None)).unwrap().len(),
        300
    );
    assert_eq!(store.position("fp0").unwrap(), Some(149));
    assert_eq!(store.position("fp1").unwrap(), Some(149));
}

#[test]
fn two_processes_importing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let article = dir.path().join("a.txt");
    let text: String = (0..400)
        .map(|i| format!("Sentence number {i} of the article. "))
        .collect::<Vec<_>>()
        .concat();
    std::fs::write(&article, &text).unwrap();
    let files: Vec<_> = (0..3)
        .map(|p| {
            let anns: Vec<_> = (0..60)
                .map(|i| {
                    let n = p * 100 + i;
                    let exact = format!("Sentence number {n} of");
                    let start = text.find(&exact).unwrap();
                    let mut a = ann(&format!("p{p}-{i}"), "fp", start, &[]);
                    a.quote = TextQuote { exact, prefix: String::new(), suffix: String::new() };
                    a.position = TextPosition { start, end: start + a.quote.exact.len() };
                    a
                })
                .collect();
            let json = serde_json::json!({"format": "gloss-annotations", "version": 1, "annotations": anns});
            let f = dir.path().join(format!("in{p}.json"));
            std::fs::write(&f, json.to_string()).unwrap();
            f
        })
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|f| {
            Command::new(env!("CARGO_BIN_EXE_gloss"))
                .arg("import")
                .arg(&article)
                .arg(f)
                .env("GLOSS_DB", &db)
                .env("HOME", dir.path())
                .env("XDG_DATA_HOME", dir.path())
                .env("XDG_CONFIG_HOME", dir.path())
                .output_spawn()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("imported 60"));
    }
    let store = Store::open(&db).unwrap();
    let fp = gloss::core::doc::document::fingerprint(&text);
    assert_eq!(
        store.annotations_for(&doc(&fp, None, None)).unwrap().len(),
        180
    );
}

trait SpawnPiped {
    fn output_spawn(&mut self) -> std::process::Child;
}

impl SpawnPiped for Command {
    fn output_spawn(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}
