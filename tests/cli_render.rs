//! `gloss render`: the article as the reader lays it out, on stdout.
//!
//! These tests assert properties (widths, title, no terminal control from the document) rather
//! than exact text, so they hold however well the parsers recover structure.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};

mod common;

use common::cli::{command, gloss, stdout};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/china-russia-deepen-technological-ties.txt"
);

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// Display width as a terminal (and ratatui) counts it: per grapheme.
fn width(line: &str) -> usize {
    line.graphemes(true)
        .map(|g| if g.len() == 1 { 1 } else { g.width() })
        .sum()
}

fn assert_fits(out: &str, w: usize) {
    for line in out.lines() {
        assert!(
            width(line) <= w,
            "line wider than {w}: {line:?} ({})",
            width(line)
        );
    }
}

fn has_terminal_control(s: &str) -> bool {
    s.chars().any(|c| {
        c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(&c) || (c.is_control() && c != '\n')
    })
}

#[test]
fn seed_renders_at_80_and_40_columns() {
    let home = tempfile::tempdir().unwrap();
    for w in [80, 40] {
        let out = stdout(&gloss(
            home.path(),
            &["render", SEED, "--width", &w.to_string()],
        ));
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("China, Russia Deepen Technological Ties"),
            "title missing at {w}"
        );
        assert!(out.lines().count() > 40);
        assert_fits(&out, w);
        assert!(
            !has_terminal_control(&out),
            "piped output must not be coloured"
        );
    }
}

#[test]
fn default_width_is_80() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout(&gloss(home.path(), &["render", SEED]));
    assert_fits(&out, 80);
    assert!(
        out.lines().any(|l| width(l) > 70),
        "lines should use the measure"
    );
}

#[test]
fn cjk_and_emoji_are_measured_in_cells() {
    let home = tempfile::tempdir().unwrap();
    let text =
        "日本語のテキストと中文文本混合在一起，还有表情符号 👍🏽🚀🇫🇷 and ASCII words mixed in. "
            .repeat(20);
    let p = write(home.path(), "cjk.txt", text.as_bytes());
    for w in [20, 33, 80] {
        let out = stdout(&gloss(
            home.path(),
            &["render", p.to_str().unwrap(), "--width", &w.to_string()],
        ));
        assert_fits(&out, w);
        assert!(out.contains("👍🏽") && out.contains("日本語"));
    }
}

#[test]
fn escape_sequences_in_the_document_never_reach_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let evil = "Title\n\nHello \u{1b}[2J\u{1b}]0;pwned\u{7} world \u{9b}31m and \u{202e}reversed\u{7f}.\n\nMore \u{1b}[31mred\u{1b}[0m text.\n";
    let p = write(home.path(), "evil.txt", evil.as_bytes());
    let path = p.to_str().unwrap();
    let out = stdout(&gloss(home.path(), &["render", path, "--color", "never"]));
    assert!(!has_terminal_control(&out), "{out:?}");
    assert!(!out.contains('\u{202e}'));
    assert!(out.contains("␛[2J") && out.contains("␛]0;pwned␇"), "{out}");

    // with colour: only our own, well-formed SGR sequences
    let out = stdout(&gloss(home.path(), &["render", path, "--color", "always"]));
    let (plain, sgr) = strip_sgr(&out);
    assert!(sgr > 0, "--color always should style something");
    assert!(!has_terminal_control(&plain));
    assert!(plain.contains("␛[2J"));
}

/// The text without its SGR sequences, and how many there were; panics on any other escape.
fn strip_sgr(out: &str) -> (String, usize) {
    let bytes = out.as_bytes();
    let mut plain = Vec::with_capacity(bytes.len());
    let mut sgr = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != 0x1b {
            plain.push(b);
            i += 1;
            continue;
        }
        assert_eq!(
            bytes.get(i + 1),
            Some(&b'['),
            "non-CSI escape in output at byte {i}"
        );
        let mut j = i + 2;
        while bytes
            .get(j)
            .is_some_and(|c| c.is_ascii_digit() || *c == b';')
        {
            j += 1;
        }
        assert_eq!(bytes.get(j), Some(&b'm'), "not an SGR sequence at byte {i}");
        sgr += 1;
        i = j + 1;
    }
    (String::from_utf8(plain).expect("utf-8"), sgr)
}

#[test]
fn no_color_and_a_pipe_mean_no_colour() {
    let home = tempfile::tempdir().unwrap();
    let o = command(home.path())
        .args(["render", SEED, "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!has_terminal_control(&stdout(&o)));
}

#[test]
fn empty_file_renders_nothing() {
    let home = tempfile::tempdir().unwrap();
    let p = write(home.path(), "empty.txt", b"");
    let out = stdout(&gloss(home.path(), &["render", p.to_str().unwrap()]));
    assert!(out.trim().is_empty(), "{out:?}");
}

#[test]
fn five_megabyte_single_line_completes_and_wraps() {
    let home = tempfile::tempdir().unwrap();
    let words = ["alpha ", "beta ", "gamma-delta ", "日本 ", "x"];
    let mut text = String::with_capacity(5 << 20);
    let mut i = 0;
    while text.len() < 5 << 20 {
        text.push_str(words[i % words.len()]);
        i += 1;
    }
    let p = write(home.path(), "line.txt", text.as_bytes());
    let started = std::time::Instant::now();
    let out = stdout(&gloss(
        home.path(),
        &["render", p.to_str().unwrap(), "--width", "72"],
    ));
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    assert!(out.lines().count() > 60_000);
    assert_fits(&out, 72);
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    let o = gloss(home.path(), &["render", "/nonexistent/gloss-test.txt"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
}
