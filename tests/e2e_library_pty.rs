//! The library screen in a real terminal: articles added with `gloss add`, `gloss library`,
//! `/` and part of a title, `Enter` to keep the filter, `Enter` to open that article, `L` back
//! to the library, `q` to quit.

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::{gloss, stdout, succeeded};
use common::pty::{Pty, status_line};

/// Writes `articles` (path under `docs/`, title, body) as Markdown files in `home` and adds
/// them to its library with `gloss add`; gives back what `gloss add` said.
fn add_articles(home: &std::path::Path, articles: &[(&str, &str, &str)]) -> std::process::Output {
    let docs = home.join("docs");
    for (path, title, body) in articles {
        let file = docs.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, format!("# {title}\n\n{body}\n")).unwrap();
    }
    gloss(home, &["add", docs.to_str().unwrap()])
}

#[test]
fn filter_confirm_and_open_an_article_then_come_back() {
    let home = tempfile::tempdir().unwrap();
    let out = add_articles(
        home.path(),
        &[
            ("a.md", "Arctic shipping lanes", "Ice melts; routes open."),
            ("b.md", "Semiconductor export controls", "Chips and rules."),
            ("sub/c.md", "Rare earth supply chains", "Magnets matter."),
        ],
    );
    succeeded(&out);
    assert!(stdout(&out).contains("3 added, 0 already there, 0 failed"));

    let mut pty = Pty::spawn_in(home, 24, 100, &["library"]);
    pty.wait_for("the library", |s| s.contains("Library — 3 articles"));
    pty.send("/export con");
    pty.wait_for("the filtered list", |s| {
        s.contains("1 shown") && s.contains("Semiconductor export controls")
    });
    pty.send("\r");
    pty.wait_for("the filter kept", |s| status_line(s).contains("Enter open"));
    pty.send("\r");
    pty.wait_for("the article", |s| {
        status_line(s).contains("b.md") && s.contains("Chips and rules")
    });
    pty.send("L");
    pty.wait_for("the library again", |s| {
        s.contains("Library — 3 articles") && s.contains("›Semiconductor export controls")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// With a watch-list in entities.toml, the library counts each article's mentions of the
/// watched entities in a Watch column (read from the ledger after the first frame), and `8`
/// sorts by it.
#[test]
fn a_watch_list_adds_a_watch_column_that_sorts() {
    let home = tempfile::tempdir().unwrap();
    common::cli::write_user_entities(
        home.path(),
        "[[watch]]\nname = \"Huawei\"\ntype = \"ORG\"\n",
    );
    succeeded(&add_articles(
        home.path(),
        &[
            ("a.md", "Arctic shipping lanes", "Ice melts; routes open."),
            (
                "b.md",
                "Telecoms in Moscow",
                "Huawei opened a lab in Moscow. Huawei also hired engineers. Huawei grew.",
            ),
        ],
    ));
    let mut pty = Pty::spawn_in(home, 24, 120, &["library"]);
    pty.wait_for("the Watch column", |s| {
        s.contains("Watch")
            && s.lines()
                .any(|l| l.contains("Telecoms in Moscow") && l.contains(" 3 "))
    });
    let first_row = |s: &str| {
        s.lines()
            .find(|l| l.contains("Telecoms") || l.contains("Arctic"))
            .unwrap_or("")
            .to_owned()
    };
    pty.send("8");
    pty.wait_for("most watched mentions first", |s| {
        s.contains("Watch▼") && first_row(s).contains("Telecoms")
    });
    pty.send("8");
    pty.wait_for("then fewest first", |s| {
        s.contains("Watch▲") && first_row(s).contains("Arctic")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}
