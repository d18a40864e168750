//! What the binary does with awkward input: binary files, empty, missing, huge one-line and
//! hostile (escape sequences) documents, stdin.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::process::Output;

mod common;

use common::cli::{gloss, gloss_with_stdin, succeeded};

fn one_line_error(out: &Output) -> String {
    let err = String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr");
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("gloss: "), "{err}");
    err
}

#[test]
fn binary_file_is_refused_with_exit_code_2() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("image.png");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let out = gloss(home.path(), &["sections", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = one_line_error(&out);
    assert!(err.contains("image.png is an image"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_file_and_directory_are_one_line_errors() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("missing.txt");
    let out = gloss(home.path(), &["sections", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_line_error(&out).contains("missing.txt: no such file"));

    let out = gloss(home.path(), &["sections", home.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(one_line_error(&out).contains("is a directory"));
}

#[test]
fn empty_file_has_an_empty_outline() {
    let home = tempfile::tempdir().unwrap();
    let empty = home.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let out = gloss(home.path(), &["sections", empty.to_str().unwrap()]);
    succeeded(&out);
    assert!(out.stdout.is_empty());
    let out = gloss(
        home.path(),
        &["sections", "--json", empty.to_str().unwrap()],
    );
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
}

#[test]
fn five_megabyte_single_line_file() {
    let home = tempfile::tempdir().unwrap();
    let big = home.path().join("big.txt");
    let line = "word ".repeat(1024 * 1024); // 5 MiB, no newline
    std::fs::write(&big, line.as_bytes()).unwrap();
    let started = std::time::Instant::now();
    let out = gloss(home.path(), &["sections", "--json", big.to_str().unwrap()]);
    succeeded(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["title"], "Body");
    assert_eq!(v[0]["end"].as_u64(), Some(line.len() as u64));
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn escape_sequences_never_reach_stdout() {
    let home = tempfile::tempdir().unwrap();
    let nasty = "# Title \u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\n\nText \u{1b}[31m.\n\n## Sub\u{1b}P\u{90}x\u{9c}\u{202e}\n\nMore.\n";
    let md = home.path().join("nasty.md");
    std::fs::write(&md, nasty).unwrap();
    let txt = home.path().join("nasty.txt");
    std::fs::write(
        &txt,
        "Title \u{1b}[5m Blink\u{85}\n\nProse with \u{1b}c reset, ending.\n",
    )
    .unwrap();
    for file in [&md, &txt] {
        for json in [false, true] {
            let mut args = vec!["sections"];
            if json {
                args.push("--json");
            }
            args.push(file.to_str().unwrap());
            let out = gloss(home.path(), &args);
            succeeded(&out);
            assert!(!out.stdout.contains(&0x1b), "ESC in output of {args:?}");
            let shown = String::from_utf8(out.stdout).unwrap();
            assert!(!shown.is_empty());
            assert!(
                !shown
                    .chars()
                    .any(|c| ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{202e}'),
                "C1 control in output: {shown:?}"
            );
            assert!(
                shown.contains('␛'),
                "escapes are shown, not dropped: {shown}"
            );
        }
    }
}

#[test]
fn stdin_is_read_with_a_dash() {
    let home = tempfile::tempdir().unwrap();
    let out = gloss_with_stdin(home.path(), &["sections", "-"], b"# From stdin\n\nbody\n");
    succeeded(&out);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "From stdin  [0..19)\n"
    );
}

#[test]
fn binary_stdin_is_refused_too() {
    let home = tempfile::tempdir().unwrap();
    let out = gloss_with_stdin(
        home.path(),
        &["sections", "-"],
        b"\x7fELF\x02\x01\x01\0\0\0",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = one_line_error(&out);
    assert!(
        err.contains("standard input looks like a binary file"),
        "{err}"
    );
}

#[test]
fn a_latin1_file_is_read_as_latin1_with_a_warning_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("latin1.txt");
    std::fs::write(
        &f,
        b"Caf\xe9 Culture\n\nA paragraph about caf\xe9s, ending here.\n",
    )
    .unwrap();
    let out = gloss(home.path(), &["sections", f.to_str().unwrap()]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not UTF-8: read as windows-1252"), "{err}");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("Café Culture")
    );
}

#[test]
fn a_file_over_four_gib_is_refused_before_it_is_read() {
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("huge.txt");
    // sparse: no disk is used, and gloss must not read it to know it is too big
    std::fs::File::create(&f)
        .unwrap()
        .set_len((4 << 30) + 1)
        .unwrap();
    let out = gloss(home.path(), &["render", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = one_line_error(&out);
    assert!(err.contains("huge.txt is over 4 GiB"), "{err}");
    let add = gloss(home.path(), &["add", f.to_str().unwrap()]);
    assert_eq!(add.status.code(), Some(1));
    let err = String::from_utf8_lossy(&add.stderr);
    assert!(err.contains("over 4 GiB"), "{err}");
}

#[test]
fn a_reader_that_stops_reading_the_output_ends_the_command_quietly() {
    use std::io::Read as _;
    let home = tempfile::tempdir().unwrap();
    // a text whose entities fill far more than a pipe holds (a date a month for a century)
    let months = &gloss::core::doc::text::words::MONTHS[..12];
    let text: Vec<String> = (1900..2000)
        .flat_map(|y| {
            months
                .iter()
                .map(move |m| format!("The council met on 3 {m} {y} in Vienna."))
        })
        .collect();
    let f = home.path().join("dates.txt");
    std::fs::write(&f, text.join("\n\n")).unwrap();
    // the pipe is closed after ten bytes, as `gloss … | head -c 10` does
    let mut child = common::cli::command(home.path())
        .args(["entities", "--json", f.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    out.read_exact(&mut first).unwrap();
    drop(out);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}: no error, no panic");
}
