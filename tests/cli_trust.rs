//! Notes you can trust, through the real binary: an article is its text (same title is not
//! the same article; a moved file keeps its notes; `relink` for a file moved and edited), the
//! selectors agree with the text after an edit, orphans stay orphans, a database written by
//! the previous release migrates, a foreign database is left untouched and a read-only one is
//! readable.

// Test code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("data/gloss.db")
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
    fn run(&self, args: &[&str]) -> Output {
        common::cli::command(self.dir.path())
            .args(args)
            .env("GLOSS_DB", self.db())
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "gloss {args:?} failed: {stderr}");
        (stdout, stderr)
    }
    fn notes_json(&self, file: &Path) -> Vec<Value> {
        let (out, _) = self.ok(&["notes", s(file), "--json"]);
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
    /// Imports gloss JSON notes on the given passages of `file`.
    fn import(&self, file: &Path, quotes: &[(&str, &str)]) -> String {
        let items: Vec<Value> = quotes
            .iter()
            .map(|(id, q)| {
                serde_json::json!({
                    "id": id, "doc": {"fingerprint": "x"}, "quote": {"exact": q},
                    "position": {"start": 0, "end": 1}, "tags": ["t"], "body": format!("on {id}"),
                    "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z"
                })
            })
            .collect();
        let data = serde_json::json!({
            "format": "gloss-annotations", "version": 1, "exported_at": "2026-01-01T00:00:00Z",
            "position_units": "utf8-bytes", "document": {"fingerprint": "x"},
            "annotations": items
        });
        let input = self.path("import.json");
        std::fs::write(&input, data.to_string()).unwrap();
        let (out, err) = self.ok(&["import", s(file), s(&input)]);
        format!("{out}{err}")
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const WEEK1: &str = "# Weekly brief\n\nThe council met on Monday to discuss the harbour plan. \
Members agreed that the old pier must be repaired before winter.\n\nFunding remains the open \
question. The treasurer said a second grant could arrive in March.\n";
const WEEK2: &str = "# Weekly brief\n\nA storm closed the market on Tuesday. Traders asked the \
city for help with the cleanup costs.\n\nThe mayor promised an answer within ten days.\n";

const PIER: &str = "Members agreed that the old pier must be repaired before winter.";
const GRANT: &str = "a second grant could arrive in March";

/// Every placed note's position holds its quote, both ends on word edges.
fn assert_selectors_agree(text: &str, notes: &[Value]) {
    for n in notes.iter().filter(|n| n["status"] != "orphaned") {
        let start = n["position"]["start"].as_u64().unwrap() as usize;
        let end = n["position"]["end"].as_u64().unwrap() as usize;
        let exact = n["quote"]["exact"].as_str().unwrap();
        assert_eq!(&text[start..end], exact, "{n}");
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        for c in [before, after].into_iter().flatten() {
            assert!(!c.is_alphanumeric(), "a mid-word edge: {n}");
        }
        assert_eq!(text[start..end].trim(), exact);
    }
}

#[test]
fn same_title_different_text_is_another_article() {
    let env = Env::new();
    let w1 = env.write("week1/brief.md", WEEK1);
    let w2 = env.write("week2/brief.md", WEEK2);
    env.import(&w1, &[("pier", PIER), ("grant", GRANT)]);
    let fp1 = env.notes_json(&w1)[0]["doc"]["fingerprint"].clone();
    let (out, err) = env.ok(&["notes", s(&w2)]);
    assert!(out.starts_with("no notes for"), "{out}");
    assert!(err.is_empty(), "no drift, no orphans: {err}");
    // Opening the other file rewrote nothing: week 1's notes are where they were.
    let again = env.notes_json(&w1);
    assert_eq!(again.len(), 2);
    assert!(again.iter().all(|n| n["status"] == "exact"));
    assert_eq!(again[0]["doc"]["fingerprint"], fp1);
}

#[test]
fn a_moved_file_keeps_its_notes_and_a_copy_shares_them() {
    let env = Env::new();
    let a = env.write("a/brief.md", WEEK1);
    env.import(&a, &[("pier", PIER)]);
    let b = env.path("b/renamed.md");
    std::fs::create_dir_all(b.parent().unwrap()).unwrap();
    std::fs::rename(&a, &b).unwrap();
    let notes = env.notes_json(&b);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["status"], "exact");
    assert_selectors_agree(WEEK1, &notes);
    // The article's last location is the new one, in `notes --all`.
    let (all, _) = env.ok(&["notes", "--all", "--json"]);
    let all: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(
        all[0]["article"]["location"].as_str().unwrap(),
        std::fs::canonicalize(&b).unwrap().to_str().unwrap()
    );
}

#[test]
fn selectors_agree_with_the_text_after_an_edit_on_two_opens_in_a_row() {
    let env = Env::new();
    let f = env.write("brief.md", WEEK1);
    env.import(&f, &[("pier", PIER), ("grant", GRANT)]);
    let edited = WEEK1
        .replace("the old pier must", "the old wooden pier must")
        .replace(
            "The council met",
            "After a long delay, the council finally met",
        );
    std::fs::write(&f, &edited).unwrap();
    for open in 0..2 {
        let notes = env.notes_json(&f);
        assert_selectors_agree(&edited, &notes);
        let pier = notes.iter().find(|n| n["id"] == "pier").unwrap();
        assert_eq!(
            pier["status"], "fuzzy",
            "open {open}: still fuzzy until confirmed"
        );
        assert_eq!(
            pier["original"]["exact"], PIER,
            "the original quote is kept"
        );
        assert!(pier["similarity"].as_u64().unwrap() < 100);
        let grant = notes.iter().find(|n| n["id"] == "grant").unwrap();
        assert_eq!(grant["status"], "moved");
    }
    // The W3C export agrees too: TextPosition (code points) holds TextQuote.exact.
    let (w3c, _) = env.ok(&["export", s(&f), "--format", "w3c"]);
    let w3c: Value = serde_json::from_str(&w3c).unwrap();
    let chars: Vec<char> = edited.chars().collect();
    let items = w3c["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let sel = item["target"]["selector"].as_array().unwrap();
        let quote = sel
            .iter()
            .find(|x| x["type"] == "TextQuoteSelector")
            .unwrap();
        let pos = sel
            .iter()
            .find(|x| x["type"] == "TextPositionSelector")
            .unwrap();
        let (a, b) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        let at: String = chars[a..b].iter().collect();
        assert_eq!(at, quote["exact"].as_str().unwrap());
    }
}

#[test]
fn imported_orphans_stay_orphans() {
    let env = Env::new();
    let f = env.write("brief.md", WEEK2);
    let out = env.import(&f, &[("pier", PIER), ("grant", GRANT)]);
    assert!(out.contains("2 orphaned"), "{out}");
    for _ in 0..2 {
        let notes = env.notes_json(&f);
        assert_eq!(notes.len(), 2);
        assert!(notes.iter().all(|n| n["status"] == "orphaned"), "{notes:?}");
    }
}

#[test]
fn relink_attaches_the_notes_of_a_file_moved_and_edited() {
    let env = Env::new();
    let old = env.write("old/brief.md", WEEK1);
    env.import(&old, &[("pier", PIER)]);
    let edited = WEEK1.replace("the old pier must", "the old wooden pier must");
    let new = env.write("new/brief-final.md", &edited);
    std::fs::remove_file(&old).unwrap();
    let (out, _) = env.ok(&["notes", s(&new)]);
    assert!(out.starts_with("no notes"), "another text elsewhere: {out}");
    let (all, _) = env.ok(&["notes", "--all"]);
    assert!(all.contains("(gone)"), "{all}");
    let (out, _) = env.ok(&["relink", s(&old), s(&new)]);
    assert!(out.contains("1 fuzzy"), "{out}");
    let notes = env.notes_json(&new);
    assert_eq!(notes.len(), 1);
    assert_selectors_agree(&edited, &notes);
}

#[test]
fn a_database_from_the_previous_release_migrates_with_a_backup() {
    let env = Env::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store");
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    std::fs::copy(fixtures.join("gloss-v2.db"), env.db()).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    // The texts now live elsewhere: found by their text.
    let week1 = env.write(
        "here/brief.md",
        &std::fs::read_to_string(fixtures.join("week1-brief.md")).unwrap(),
    );
    let other = env.write(
        "here/other.txt",
        &std::fs::read_to_string(fixtures.join("other.txt")).unwrap(),
    );
    let w1 = env.notes_json(&week1);
    let ids: Vec<&str> = w1.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["n-pier", "n-grant"]);
    assert!(w1.iter().all(|n| n["status"] == "exact"));
    assert_eq!(w1[0]["body"], "Check the #budget line.");
    assert_eq!(w1[0]["tags"], serde_json::json!(["harbour", "repairs"]));
    assert_eq!(env.notes_json(&other).len(), 1);
    let backup = env.path("data/gloss.db.bak-v2");
    assert_eq!(std::fs::read(&backup).unwrap().len(), before.len());
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (v, app, pos): (u32, i32, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT application_id FROM pragma_application_id),
                    (SELECT offset FROM positions)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (v, app, pos),
        (
            gloss::store::SCHEMA_VERSION,
            gloss::store::APPLICATION_ID,
            150
        )
    );
    // `notes --all` names each article by where it was last seen, also a file now gone.
    let (all, _) = env.ok(&["notes", "--all", "--json"]);
    let all: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 3);
}

#[test]
fn a_foreign_database_is_refused_in_one_line_and_left_untouched() {
    let env = Env::new();
    let f = env.write("brief.md", WEEK1);
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(
            "CREATE TABLE annotations (x INTEGER, y TEXT);
             INSERT INTO annotations VALUES (1, 'theirs');
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    for args in [vec!["notes", s(&f)], vec!["notes", "--all"]] {
        let out = env.run(&args);
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("another program"), "{err}");
    }
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(env.db().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no -wal, -shm or backup: {names:?}");
}

#[test]
fn a_read_only_database_is_readable() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = Env::new();
    let f = env.write("brief.md", WEEK1);
    env.import(&f, &[("pier", PIER)]);
    let dir = env.db().parent().unwrap().to_owned();
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    set(&env.db(), 0o444);
    set(&dir, 0o555);
    let before = std::fs::read(env.db()).unwrap();
    let (out, err) = env.ok(&["notes", s(&f)]);
    assert!(out.contains(PIER), "{out}");
    assert!(err.contains("read-only"), "{err}");
    let (md, _) = env.ok(&["export", s(&f)]);
    assert!(md.contains(PIER), "{md}");
    // An edited text re-anchors in memory; nothing is written.
    std::fs::write(&f, WEEK1.replace("The council", "Last week the council")).unwrap();
    let (out, _) = env.ok(&["notes", s(&f)]);
    assert!(out.contains("(moved)"), "{out}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    set(&dir, 0o755);
    set(&env.db(), 0o644);
}

#[test]
fn re_export_over_an_edited_export_keeps_the_users_lines() {
    let env = Env::new();
    let f = env.write("brief.md", WEEK1);
    env.import(&f, &[("pier", PIER)]);
    let out = env.path("brief.md.notes.md");
    env.ok(&["export", s(&f), "-o", s(&out)]);
    let mut edited = std::fs::read_to_string(&out).unwrap();
    edited = edited.replace("# Notes on", "My summary, typed by hand.\n\n# Notes on");
    edited.push_str("\nA line of mine at the end.\n");
    std::fs::write(&out, &edited).unwrap();
    env.import(&f, &[("grant", GRANT)]);
    let (_, err) = env.ok(&["export", s(&f), "-o", s(&out)]);
    assert!(err.contains("your edits there kept"), "{err}");
    let merged = std::fs::read_to_string(&out).unwrap();
    assert!(merged.contains("My summary, typed by hand."), "{merged}");
    assert!(merged.contains("A line of mine at the end."), "{merged}");
    assert!(merged.contains(PIER) && merged.contains(GRANT), "{merged}");
    assert!(
        merged.find("My summary").unwrap() < merged.find(PIER).unwrap(),
        "in place: {merged}"
    );
    // And again: the user's lines stay on every later export, once each.
    env.ok(&["export", s(&f), "-o", s(&out)]);
    let again = std::fs::read_to_string(&out).unwrap();
    let without_time = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("exported:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_time(&again), without_time(&merged));
}

#[test]
fn a_json_export_over_an_edited_file_goes_beside_it_unless_forced() {
    let env = Env::new();
    let f = env.write("brief.md", WEEK1);
    env.import(&f, &[("pier", PIER)]);
    let out = env.path("brief.md.notes.json");
    env.ok(&["export", s(&f), "-f", "json", "-o", s(&out)]);
    std::fs::write(&out, "{\"mine\": true}\n").unwrap();
    let (_, err) = env.ok(&["export", s(&f), "-f", "json", "-o", s(&out)]);
    let beside = env.path("brief.md.notes.1.json");
    assert!(err.contains("brief.md.notes.1.json"), "says where: {err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"mine\": true}\n");
    assert!(std::fs::read_to_string(&beside).unwrap().contains(PIER));
    env.ok(&["export", s(&f), "-f", "json", "-o", s(&out), "--force"]);
    assert!(std::fs::read_to_string(&out).unwrap().contains(PIER));
}

#[test]
fn default_export_names_keep_the_articles_extension() {
    use gloss::commands::export::default_target;
    use gloss::core::doc::export::ExportFormat;
    let txt = default_target(Path::new("/d/a.txt"), ExportFormat::Markdown).unwrap();
    let md = default_target(Path::new("/d/a.md"), ExportFormat::Markdown).unwrap();
    assert_eq!(txt, Path::new("/d/a.txt.notes.md"));
    assert_eq!(md, Path::new("/d/a.md.notes.md"));
    assert_eq!(
        default_target(Path::new("/d/a.md"), ExportFormat::Json).unwrap(),
        Path::new("/d/a.md.notes.json")
    );
}

#[test]
fn an_export_lists_the_users_own_entities() {
    let env = Env::new();
    let f = env.write("brief.md", WEEK1);
    env.import(&f, &[("pier", PIER)]);
    common::cli::write_user_entities(
        env.dir.path(),
        "[[entity]]\nname = \"old pier\"\ntype = \"LOC\"\n",
    );
    let (md, _) = env.ok(&["export", s(&f)]);
    assert!(md.contains("old pier (LOC)"), "{md}");
}

#[test]
fn render_honours_the_configs_width_and_the_readers_range() {
    let env = Env::new();
    let f = env.write("long.txt", &"word ".repeat(200));
    let config = env.path("config.toml");
    std::fs::write(&config, "width = 30\n").unwrap();
    let out = common::cli::command(env.dir.path())
        .args(["--config", s(&config), "render", s(&f)])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 30 && widest > 20, "{widest}");
    let narrow = env.run(&["render", s(&f), "--width", "5"]);
    assert_eq!(narrow.status.code(), Some(2), "the reader refuses 5 too");
}
