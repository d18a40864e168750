//! Notes survive, with the real binary in a pseudo-terminal: open the seed, move to a sentence,
//! select it, tag it, write a note, save, quit, reopen — the note is in the Notes tab; the same
//! with `kill -9` instead of quitting; and an annotated file edited before its passage — the
//! note re-anchors ("moved") and is still shown.
//!
//! The harness is the one of `e2e_pty.rs` (polling the screen against a deadline, every path
//! gloss could write to inside a temporary directory).

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Pty {
    /// Kept open for the child's lifetime.
    #[allow(dead_code)]
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    dir: tempfile::TempDir,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Pty {
    fn spawn(rows: u16, cols: u16, args: &[&str]) -> Self {
        Self::spawn_in(tempfile::tempdir().unwrap(), rows, cols, args)
    }

    /// Runs gloss with all its files in `dir` (reused to test what survives a restart).
    fn spawn_in(dir: tempfile::TempDir, rows: u16, cols: u16, args: &[&str]) -> Self {
        let pair = native_pty_system().openpty(size(rows, cols)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gloss"));
        cmd.args(args);
        cmd.cwd(dir.path());
        cmd.env("HOME", dir.path());
        cmd.env("GLOSS_DB", dir.path().join("gloss.db"));
        cmd.env("XDG_DATA_HOME", dir.path().join("data"));
        cmd.env("XDG_CONFIG_HOME", dir.path().join("config"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("GLOSS_CONFIG");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            master: pair.master,
            writer,
            child,
            output,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            dir,
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            while let Ok(more) = self.output.try_recv() {
                self.parser.process(&more);
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen satisfies `ok`; panics with the screen after the deadline.
    fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if ok(&self.screen()) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to exit, collecting its last output.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            self.pump(Duration::from_millis(20));
            if let Some(status) = self.child.try_wait().unwrap() {
                // drain what is left
                for _ in 0..5 {
                    self.pump(Duration::from_millis(20));
                }
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "gloss did not exit; screen:\n{}",
                self.screen()
            );
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn status_line(screen: &str) -> String {
    screen.lines().last().unwrap_or_default().to_owned()
}

const CTRL_S: &str = "\x13";

/// Selects the third sentence plus the next, tags it, writes a note on it, waits for the save.
fn annotate(pty: &mut Pty) {
    pty.wait_for("the reader", |s| s.contains("? help"));
    pty.send("}}");
    pty.send("v)");
    pty.wait_for("the selection", |s| status_line(s).contains("SELECT"));
    pty.send("tevidence, tec");
    pty.wait_for("the tag prompt", |s| {
        status_line(s).contains("evidence, tec")
    });
    pty.send("\r");
    pty.wait_for("the tag saved", |s| {
        status_line(s).contains("Tagged #evidence #tec")
    });
    pty.send("aKey claim, check later");
    pty.wait_for("the editor", |s| s.contains("Key claim, check later"));
    pty.send(CTRL_S);
    pty.wait_for("the note saved", |s| status_line(s).contains("Note saved"));
}

fn assert_note_listed(pty: &mut Pty, drift: &str) {
    pty.wait_for("the drift report", |s| status_line(s).contains(drift));
    pty.send("A");
    pty.wait_for("the note in the Notes tab", |s| {
        s.contains("#evidence") && s.contains("✎ Key claim")
    });
}

fn reopen(mut pty: Pty, args: &[&str]) -> Pty {
    let dir = std::mem::replace(&mut pty.dir, tempfile::tempdir().unwrap());
    drop(pty);
    Pty::spawn_in(dir, 40, 120, args)
}

#[test]
fn a_note_survives_quitting_and_reopening() {
    let mut pty = Pty::spawn(40, 120, &[]);
    annotate(&mut pty);
    pty.send("q");
    assert!(pty.wait_exit().success());
    let mut again = reopen(pty, &[]);
    assert_note_listed(&mut again, "1 note: 1 exact");
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_note_survives_kill_dash_nine() {
    let mut pty = Pty::spawn(40, 120, &[]);
    annotate(&mut pty);
    let pid = pty.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = pty.wait_exit();
    assert!(!status.success(), "killed, not exited: {status:?}");
    let mut again = reopen(pty, &[]);
    assert_note_listed(&mut again, "1 note: 1 exact");
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_note_re_anchors_when_the_file_changes_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds/china-russia-deepen-technological-ties.txt"),
    )
    .unwrap();
    let file = dir.path().join("article.txt");
    std::fs::write(&file, &seed).unwrap();
    let path = file.to_str().unwrap().to_owned();
    let mut pty = Pty::spawn_in(dir, 40, 120, &[&path]);
    annotate(&mut pty);
    pty.send("q");
    assert!(pty.wait_exit().success());

    // insert a paragraph before the annotated passage
    let at = seed.find("China and Russia are deepening").unwrap();
    let edited = format!(
        "{}An editor's note added after publication, before everything else.\n\n{}",
        seed.get(..at).unwrap(),
        seed.get(at..).unwrap()
    );
    std::fs::write(&file, edited).unwrap();

    let mut again = reopen(pty, &[&path]);
    assert_note_listed(&mut again, "1 note: 0 exact, 1 moved");
    // the passage is still highlighted where it now is: jump to it from the list
    again.send("\r");
    again.wait_for("the passage in view", |s| s.contains("✎"));
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_mouse_drag_selects_a_passage_to_tag() {
    let mut pty = Pty::spawn(40, 120, &[]);
    pty.wait_for("the reader", |s| s.contains("domestic deficiencies"));
    let screen = pty.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("domestic deficiencies"))
        .unwrap();
    let col = line
        .get(..line.find("domestic deficiencies").unwrap())
        .unwrap()
        .chars()
        .count();
    // SGR mouse reports are 1-based: press, drag across "domestic deficiencies", release
    let (x, y) = (col + 1, row + 1);
    pty.send(&format!("\x1b[<0;{x};{y}M"));
    pty.send(&format!("\x1b[<32;{};{y}M", x + 20));
    pty.send(&format!("\x1b[<0;{};{y}m", x + 20));
    pty.wait_for("the selection", |s| status_line(s).contains("SELECT"));
    pty.send("tmouse\r");
    pty.wait_for("the tag saved", |s| {
        status_line(s).contains("Tagged #mouse")
    });
    pty.send("A");
    pty.wait_for("the passage in the Notes tab", |s| {
        s.contains("“domestic deficiencies”")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}
