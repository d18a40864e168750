//! The library end to end, through the real binary where the issue names a command: `gloss
//! add` (idempotent, failures on their own lines, two at once), `search` (byte offsets into
//! the text, notes too), `notes --all --tag`, `tags`, `tags rename`, `export --all` (a folder
//! with an index; re-runs keep the user's part), removing/archiving/restoring, and a part-5
//! (v3) database migrating with its notes searchable.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice, clippy::too_many_lines)]

mod common;

use std::path::Path;

use common::cli::{command, gloss, stdout, succeeded};
use common::doc::note;
use gloss::store::Store;
use gloss::store::library::Removed;
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap()
}

/// Writes `n` small articles with a unique word each (`uniqNNN`) into `dir`.
fn articles(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("deeper")).unwrap();
    for i in 0..n {
        let sub = if i % 2 == 0 {
            dir.to_path_buf()
        } else {
            dir.join("deeper")
        };
        std::fs::write(
            sub.join(format!("a{i:03}.md")),
            format!(
                "# Article number {i}\n\nThe café économique of Zürich. A word only here: \
                 uniq{i:03}x.\n\nMore text about export controls.\n"
            ),
        )
        .unwrap();
    }
}

#[test]
fn add_is_idempotent_reports_failures_and_search_finds_the_one_article() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    articles(&docs, 12);
    std::fs::write(docs.join("skip.pdf"), "not an article").unwrap();
    let missing = home.path().join("missing.txt");
    let out = gloss(
        home.path(),
        &["add", docs.to_str().unwrap(), missing.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1), "a failure means exit 1");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "12 added, 0 already there, 1 failed"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("missing.txt: no such file"), "{err}");

    let again = gloss(home.path(), &["add", docs.to_str().unwrap()]);
    succeeded(&again);
    assert_eq!(stdout(&again).trim(), "0 added, 12 already there, 0 failed");

    let list = json(&gloss(home.path(), &["library", "--json"]));
    let items = list["articles"].as_array().unwrap();
    assert_eq!(items.len(), 12);
    for key in [
        "id",
        "title",
        "authors",
        "outlet",
        "date",
        "source",
        "fingerprint",
        "words",
        "progress",
        "notes",
        "tags",
        "added",
        "opened",
    ] {
        assert!(items[0].get(key).is_some(), "{key} missing");
    }

    let found = json(&gloss(home.path(), &["search", "--json", "uniq007x"]));
    let results = found["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{found}");
    let r = &results[0];
    assert_eq!(r["kind"], "text");
    assert_eq!(r["title"], "Article number 7");
    let source = r["source"].as_str().unwrap();
    let text = std::fs::read_to_string(source).unwrap();
    let (s, e) = (
        usize::try_from(r["start"].as_u64().unwrap()).unwrap(),
        usize::try_from(r["end"].as_u64().unwrap()).unwrap(),
    );
    assert_eq!(&text[s..e], "uniq007x", "byte offsets into the text");
    assert!(r["snippet"].as_str().unwrap().contains("uniq007x"));

    // diacritics folded, phrases, prefixes, boolean
    let n = |q: &str| {
        json(&gloss(home.path(), &["search", "--json", "-n", "100", q]))["results"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(n("cafe economique"), 12);
    assert_eq!(n("\"zurich a word\""), 12);
    assert_eq!(n("uniq00*"), 10);
    assert_eq!(n("uniq001x OR uniq002x"), 2);
    assert_eq!(
        n("export-controls"),
        12,
        "a query FTS5 cannot parse is taken as words"
    );
}

#[test]
fn two_processes_adding_at_once_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    articles(&docs, 60);
    succeeded(&gloss(home.path(), &["library", "--json"])); // creates the database
    let spawn = || {
        command(home.path())
            .args(["add", "-q", docs.to_str().unwrap()])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    succeeded(&a);
    succeeded(&b);
    let added = |o: &std::process::Output| -> usize {
        stdout(o)
            .split(' ')
            .next()
            .unwrap()
            .replace(',', "")
            .parse()
            .unwrap()
    };
    assert_eq!(added(&a) + added(&b), 60, "each article added exactly once");
    let list = json(&gloss(home.path(), &["library", "--json"]));
    assert_eq!(list["articles"].as_array().unwrap().len(), 60);
}

#[test]
fn notes_tags_and_export_across_articles() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    articles(&docs, 3);
    succeeded(&gloss(home.path(), &["add", docs.to_str().unwrap()]));
    let db = home.path().join("gloss.db");
    {
        let mut store = Store::open(&db).unwrap();
        let lib = store.library(false).unwrap();
        let by_title = |t: &str| lib.iter().find(|e| e.title.as_deref() == Some(t)).unwrap();
        for (k, (title, tags)) in [
            ("Article number 0", &["export-controls", "eu"][..]),
            ("Article number 1", &["export-controls"][..]),
            ("Article number 2", &["other"][..]),
        ]
        .into_iter()
        .enumerate()
        {
            let e = by_title(title);
            let text = store.stored_text(e.id).unwrap().unwrap().text;
            let a = note(&format!("n{k}"), &text, &e.fingerprint, "économique", tags);
            store.save_annotation(&a).unwrap();
        }
    }
    let out = gloss(
        home.path(),
        &["notes", "--all", "--tag", "export-controls", "--json"],
    );
    let notes = json(&out);
    assert_eq!(
        stdout(&out),
        format!("{}\n", serde_json::to_string_pretty(&notes).unwrap()),
        "written note by note, laid out as one pretty-printed array"
    );
    let notes = notes.as_array().unwrap();
    assert_eq!(notes.len(), 2);
    let articles: std::collections::BTreeSet<i64> = notes
        .iter()
        .map(|n| n["article"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(articles.len(), 2, "two different articles");
    assert!(
        notes
            .iter()
            .all(|n| n["article"]["title"].is_string() && n["article"]["source"].is_string())
    );

    let tags = json(&gloss(home.path(), &["tags", "--json"]));
    let ec = tags["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == "export-controls")
        .unwrap()
        .clone();
    assert_eq!(
        (ec["notes"].as_u64(), ec["articles"].as_u64()),
        (Some(2), Some(2))
    );

    let notes_hit = json(&gloss(home.path(), &["search", "--json", "matters"]));
    assert!(
        notes_hit["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "note"),
        "{notes_hit}"
    );

    let out = home.path().join("vault");
    let export = |h: &Path| {
        gloss(
            h,
            &[
                "export",
                "--all",
                "--tag",
                "export-controls",
                "--format",
                "markdown",
                "-o",
                out.to_str().unwrap(),
            ],
        )
    };
    succeeded(&export(home.path()));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.contains(&"index.md".to_owned()));
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    let article_file = files.iter().find(|f| *f != "index.md").unwrap();
    let stem = article_file.trim_end_matches(".md");
    assert!(index.contains(&format!("[[{stem}|")), "{index}");
    assert!(index.contains("> économique"), "{index}");
    let one = std::fs::read_to_string(out.join(article_file)).unwrap();
    assert!(one.contains("Source: "), "a citation line: {one}");

    // the user's own lines survive a re-export, names stay
    let edited = format!("{one}My synthesis.\n");
    std::fs::write(out.join(article_file), &edited).unwrap();
    succeeded(&export(home.path()));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);
    assert!(
        std::fs::read_to_string(out.join(article_file))
            .unwrap()
            .ends_with("My synthesis.\n")
    );

    for (format, file) in [
        ("json", "all.json"),
        ("csv", "all.csv"),
        ("w3c", "all.jsonld"),
    ] {
        let target = home.path().join(file);
        succeeded(&gloss(
            home.path(),
            &[
                "export",
                "--all",
                "--format",
                format,
                "-o",
                target.to_str().unwrap(),
            ],
        ));
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.matches("économique").count() >= 3, "{format}: {text}");
    }
    let w3c: Value =
        serde_json::from_str(&std::fs::read_to_string(home.path().join("all.jsonld")).unwrap())
            .unwrap();
    assert_eq!(w3c["type"], "AnnotationCollection");
    assert_eq!(w3c["total"], 3);

    // rename merges into an existing tag
    let renamed = gloss(home.path(), &["tags", "rename", "eu", "export-controls"]);
    succeeded(&renamed);
    let tags = json(&gloss(home.path(), &["tags", "--json"]));
    let names: Vec<&str> = tags["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["export-controls", "other"]);
}

#[test]
fn an_article_with_notes_is_archived_not_deleted_and_restores() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    articles(&docs, 2);
    succeeded(&gloss(home.path(), &["add", docs.to_str().unwrap()]));
    let mut store = Store::open(&home.path().join("gloss.db")).unwrap();
    let lib = store.library(false).unwrap();
    let (with, without) = (&lib[0], &lib[1]);
    let text = store.stored_text(with.id).unwrap().unwrap().text;
    store
        .save_annotation(&note("x", &text, &with.fingerprint, "Zürich", &["z"]))
        .unwrap();
    assert_eq!(
        store.remove_from_library(with.id).unwrap(),
        Removed::Archived
    );
    assert_eq!(
        store.remove_from_library(without.id).unwrap(),
        Removed::Deleted
    );
    assert!(store.library(false).unwrap().is_empty());
    let archived = json(&gloss(home.path(), &["library", "--archived", "--json"]));
    assert_eq!(archived["articles"][0]["id"], with.id);
    assert_eq!(archived["articles"][0]["notes"], 1);
    succeeded(&gloss(home.path(), &["restore", &with.id.to_string()]));
    assert_eq!(store.library(false).unwrap().len(), 1);
    // the deleted one comes back when added again
    let again = gloss(home.path(), &["add", docs.to_str().unwrap()]);
    assert_eq!(stdout(&again).trim(), "1 added, 1 already there, 0 failed");
}

#[test]
fn a_part_5_database_migrates_with_a_backup_and_its_notes_are_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss.db");
    // a database as part 5 (schema v3) left it: an article, a location, a note, a position
    let v3 = include_str!("fixtures/schema_v3.sql");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(v3).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        gloss::store::SCHEMA_VERSION
    );
    assert!(store.backup_path().is_some(), "backed up before migrating");
    assert_eq!(
        store.annotation("old-note").unwrap().unwrap().tags,
        ["legacy"]
    );
    assert_eq!(store.position("fp1").unwrap(), Some(42));
    let hits = store.search("remember", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(store.tag_counts().unwrap()[0].tag, "legacy");
    let lib = store.library(false).unwrap();
    assert_eq!(
        lib.len(),
        1,
        "the article is listed, to open from its location"
    );
    assert_eq!(lib[0].notes, 1);
    assert_eq!(
        lib[0].tags,
        ["legacy"],
        "counts and tags kept from the migration on"
    );
}

#[test]
fn note_counts_and_tags_follow_every_change_to_notes() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    articles(&docs, 2);
    succeeded(&gloss(home.path(), &["add", docs.to_str().unwrap()]));
    let mut store = Store::open(&home.path().join("gloss.db")).unwrap();
    let lib = store.library(false).unwrap();
    let (one, two) = (&lib[0], &lib[1]);
    let text = store.stored_text(one.id).unwrap().unwrap().text;
    let counts = |store: &Store| -> Vec<(usize, Vec<String>)> {
        let lib = store.library(false).unwrap();
        [one.id, two.id]
            .iter()
            .map(|id| {
                let e = lib.iter().find(|e| e.id == *id).unwrap();
                (e.notes, e.tags.clone())
            })
            .collect()
    };
    let tags = |t: &[&str]| t.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    store
        .save_annotation(&note(
            "a",
            &text,
            &one.fingerprint,
            "café",
            &["zeta", "alpha"],
        ))
        .unwrap();
    let mut b = note("b", &text, &one.fingerprint, "word", &["alpha"]);
    b = store.save_annotation(&b).unwrap();
    assert_eq!(
        counts(&store),
        [(2, tags(&["alpha", "zeta"])), (0, tags(&[]))],
        "distinct, sorted"
    );
    b.tags = tags(&["beta"]);
    store.save_annotation(&b).unwrap();
    assert_eq!(counts(&store)[0], (2, tags(&["alpha", "beta", "zeta"])));
    store.rename_tag("zeta", "beta").unwrap();
    assert_eq!(counts(&store)[0], (2, tags(&["alpha", "beta"])));
    assert_eq!(
        store.note_lines(None).unwrap(),
        store.note_lines(Some(10)).unwrap(),
        "every line (sorted in Rust) is in the order of the first page (sorted by SQLite)"
    );
    store.delete_annotation("a").unwrap();
    assert_eq!(counts(&store)[0], (1, tags(&["beta"])));
    // the note's text moves to the other article (a relink): both articles follow
    let other = store.stored_text(two.id).unwrap().unwrap().text;
    let moved = note("b", &other, &two.fingerprint, "word", &["beta"]);
    store.save_annotation(&moved).unwrap();
    assert_eq!(counts(&store), [(0, tags(&[])), (1, tags(&["beta"]))]);
}

#[test]
fn a_text_over_the_limit_is_listed_without_its_text_and_stays_already_there() {
    let home = tempfile::tempdir().unwrap();
    let big = home.path().join("big.txt");
    // a few words over gloss::store::library::TEXT_LIMIT, one of them findable
    let line = "Analysts in Vienna wrote a paragraph about export controls again.\n\n";
    let mut text = String::from("A Very Long Record\n\nbigonlyword appears once.\n\n");
    while text.len() <= gloss::store::library::TEXT_LIMIT {
        text.push_str(line);
    }
    std::fs::write(&big, &text).unwrap();
    let small = home.path().join("small.md");
    std::fs::write(&small, "# Small\n\nbigonlyword in a small article.\n").unwrap();

    let out = gloss(
        home.path(),
        &["add", big.to_str().unwrap(), small.to_str().unwrap()],
    );
    succeeded(&out);
    assert_eq!(stdout(&out).trim(), "2 added, 0 already there, 0 failed");
    let again = gloss(home.path(), &["add", big.to_str().unwrap()]);
    succeeded(&again);
    assert_eq!(stdout(&again).trim(), "0 added, 1 already there, 0 failed");

    let list = json(&gloss(home.path(), &["library", "--json"]));
    let items = list["articles"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let entry = items
        .iter()
        .find(|a| a["title"] == "A Very Long Record")
        .unwrap();
    assert_eq!(
        entry["source"].as_str().unwrap(),
        std::fs::canonicalize(&big).unwrap().to_str().unwrap(),
        "it opens from its file"
    );
    // only the small article's text is searched: the big one's is not kept
    let found = json(&gloss(home.path(), &["search", "--json", "bigonlyword"]));
    let titles: Vec<&str> = found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Small"], "{found}");
}
