//! The library screen in a real terminal: articles added with `gloss add`, `gloss library`,
//! `/` and part of a title, `Enter` to keep the filter, `Enter` to open that article, `L` back
//! to the library, `q` to quit.

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::{gloss, stdout, succeeded};
use common::pty::{Pty, status_line};

fn write(dir: &std::path::Path, name: &str, title: &str, body: &str) {
    std::fs::write(dir.join(name), format!("# {title}\n\n{body}\n")).unwrap();
}

#[test]
fn filter_confirm_and_open_an_article_then_come_back() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    write(
        &docs,
        "a.md",
        "Arctic shipping lanes",
        "Ice melts; routes open.",
    );
    write(
        &docs,
        "b.md",
        "Semiconductor export controls",
        "Chips and rules.",
    );
    write(
        &docs.join("sub"),
        "c.md",
        "Rare earth supply chains",
        "Magnets matter.",
    );
    let out = gloss(home.path(), &["add", docs.to_str().unwrap()]);
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
