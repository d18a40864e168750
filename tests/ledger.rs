//! The ledger agrees with each article: real articles from `tests/fixtures` go into a library
//! with `gloss add`, and `gloss entities --all --json` must list each entity in exactly the
//! articles whose own `gloss entities FILE --json` has it, with the same mention counts — also
//! after entities.toml changes (an added entity, a suppression). Country names are one row
//! ("People's Republic of China" is China). The watch-list is counted in `gloss add`'s summary
//! and per article in `gloss library --json`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice, clippy::too_many_lines)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::cli::{gloss, stdout, succeeded, write_user_entities};
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");

fn json(out: &std::process::Output) -> Value {
    succeeded(out);
    serde_json::from_str(&stdout(out)).unwrap()
}

/// The corpus articles, plus two more made of the seed article's own text: its second half,
/// and the one sentence that names the "People's Republic of China" (so China is in three
/// articles under three different surface forms).
fn library_dir(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(CORPUS).unwrap() {
        let from = entry.unwrap().path();
        let to = dir.join(from.file_name().unwrap());
        std::fs::copy(&from, &to).unwrap();
        files.push(to);
    }
    let seed = std::fs::read_to_string(Path::new(CORPUS).join("seed-china-russia.txt")).unwrap();
    let paragraphs: Vec<&str> = seed.split("\n\n").collect();
    let half = paragraphs[paragraphs.len() / 2..].join("\n\n");
    let second = dir.join("seed-second-half.txt");
    std::fs::write(&second, half).unwrap();
    files.push(second);
    let sentence = seed
        .split(". ")
        .find(|s| s.contains("People's Republic of China"))
        .unwrap();
    let prc = dir.join("prc-sentence.txt");
    std::fs::write(&prc, format!("{}.\n", sentence.trim())).unwrap();
    files.push(prc);
    files.sort();
    files
}

/// (canonical, type) → article id → mentions, from each article's own `gloss entities`.
type Expected = BTreeMap<(String, String), BTreeMap<i64, usize>>;

fn per_article(home: &Path, ids: &BTreeMap<PathBuf, i64>) -> Expected {
    let mut expected = Expected::new();
    for (file, id) in ids {
        let out = json(&gloss(
            home,
            &["entities", file.to_str().unwrap(), "--json"],
        ));
        for m in out["entities"].as_array().unwrap() {
            let key = (
                m["canonical"].as_str().unwrap().to_owned(),
                m["type"].as_str().unwrap().to_owned(),
            );
            *expected.entry(key).or_default().entry(*id).or_default() += 1;
        }
    }
    expected
}

fn ledger(home: &Path, extra: &[&str]) -> (Expected, Value) {
    let mut args = vec!["entities", "--all", "--json"];
    args.extend_from_slice(extra);
    let out = json(&gloss(home, &args));
    let mut got = Expected::new();
    for e in out["entities"].as_array().unwrap() {
        let key = (
            e["canonical"].as_str().unwrap().to_owned(),
            e["type"].as_str().unwrap().to_owned(),
        );
        let articles: BTreeMap<i64, usize> = e["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["id"].as_i64().unwrap(),
                    usize::try_from(a["mentions"].as_u64().unwrap()).unwrap(),
                )
            })
            .collect();
        assert_eq!(
            e["mentions"].as_u64().unwrap(),
            articles.values().sum::<usize>() as u64,
            "{key:?}"
        );
        assert!(got.insert(key.clone(), articles).is_none(), "{key:?} twice");
    }
    (got, out)
}

fn library_ids(home: &Path) -> BTreeMap<PathBuf, i64> {
    let out = json(&gloss(home, &["library", "--json"]));
    out["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                PathBuf::from(a["source"].as_str().unwrap()),
                a["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_ledger_agrees_with_each_article_before_and_after_user_edits() {
    let home = tempfile::tempdir().unwrap();
    let files = library_dir(&home.path().join("articles"));
    write_user_entities(
        home.path(),
        "[[watch]]\nname = \"Huawei\"\ntype = \"ORG\"\n\n[[watch]]\nname = \"China\"\n",
    );
    let dir = home.path().join("articles");
    let added = gloss(home.path(), &["add", "-q", dir.to_str().unwrap()]);
    succeeded(&added);
    let ids = library_ids(home.path());
    assert_eq!(ids.len(), files.len());

    let expected = per_article(home.path(), &ids);
    let (got, out) = ledger(home.path(), &[]);
    assert_eq!(got, expected);

    // China: one row, in the three articles that name it, whatever the surface form
    let china = &got[&("China".to_owned(), "GPE".to_owned())];
    assert_eq!(china.len(), 3, "{china:?}");
    assert!(
        !got.keys()
            .any(|(c, _)| c == "People's Republic of China" || c == "PRC")
    );
    let row = out["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["canonical"] == "China")
        .unwrap();
    assert_eq!(row["first"], "2019-10-04");
    assert!(
        row["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "People's Republic of China"),
        "{row}"
    );
    assert!(
        row["with"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "Russia"),
        "{row}"
    );

    // gloss add counted the watched entities in the new articles
    let summary = stdout(&added);
    let articles_with = |name: &str| {
        expected
            .iter()
            .filter(|((c, _), _)| c == name)
            .flat_map(|(_, a)| a.keys())
            .collect::<BTreeSet<_>>()
            .len()
    };
    assert!(
        summary.contains(&format!("China: {} new articles", articles_with("China"))),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("Huawei: {} new article", articles_with("Huawei"))),
        "{summary}"
    );

    // gloss library --json counts the watched mentions per article
    let lib = json(&gloss(home.path(), &["library", "--json"]));
    for a in lib["articles"].as_array().unwrap() {
        let id = a["id"].as_i64().unwrap();
        let want: Vec<Value> = ["Huawei", "China"]
            .iter()
            .filter_map(|name| {
                let n: usize = expected
                    .iter()
                    .filter(|((c, _), _)| c == name)
                    .filter_map(|(_, arts)| arts.get(&id))
                    .sum();
                (n > 0).then(|| serde_json::json!({"name": name, "mentions": n}))
            })
            .collect();
        assert_eq!(a["watched"], Value::Array(want), "article {id}");
    }

    // --type keeps only that type
    let (gpe, _) = ledger(home.path(), &["--type", "GPE"]);
    let want: Expected = expected
        .iter()
        .filter(|((_, t), _)| t == "GPE")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(gpe, want);

    // the library's timeline: dated sentences of every article, in time order
    let timeline = json(&gloss(home.path(), &["timeline", "--all", "--json"]));
    let items = timeline["timeline"].as_array().unwrap();
    assert!(items.len() > 10, "{timeline}");
    let froms: Vec<&str> = items.iter().map(|i| i["from"].as_str().unwrap()).collect();
    assert!(froms.windows(2).all(|w| w[0] <= w[1]), "{froms:?}");
    for i in items {
        assert!(
            i["sentence"]
                .as_str()
                .unwrap()
                .contains(i["text"].as_str().unwrap()),
            "{i}"
        );
    }
    assert!(
        items.iter().any(|i| i["value"] == "2015-05"
            && i["article"]["title"] == "China, Russia Deepen Technological Ties"),
        "{timeline}"
    );

    // user edits: a new entity and a suppression reach the ledger
    write_user_entities(
        home.path(),
        "not_entities = [\"Huawei\"]\n\n[[entity]]\nname = \"neon\"\ntype = \"TECH\"\n",
    );
    let expected = per_article(home.path(), &ids);
    assert!(expected.contains_key(&("neon".to_owned(), "TECH".to_owned())));
    assert!(!expected.keys().any(|(c, _)| c == "Huawei"));
    let (got, _) = ledger(home.path(), &[]);
    assert_eq!(got, expected);
}
