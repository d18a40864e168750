//! The real binary in a pseudo-terminal: open the seed, read the screen, search, jump to the
//! end, resize, quit — and check the terminal was handed back (alternate screen left, exit 0).
//!
//! The screen is polled with a deadline rather than fixed sleeps, so the test is as fast as
//! the binary and only slow when something is wrong. Every path the binary could write to
//! (database, config) points into a temporary directory.

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Pty {
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

    fn resize(&mut self, rows: u16, cols: u16) {
        self.master.resize(size(rows, cols)).unwrap();
        self.parser.screen_mut().set_size(nz(rows), nz(cols));
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

#[test]
fn read_search_jump_resize_and_quit() {
    let mut pty = Pty::spawn(40, 120, &[]);
    pty.wait_for("the seed with its panes", |s| {
        s.contains("China, Russia Deepen Technological Ties")
            && s.contains("Sections")
            && s.contains("Info")
            && s.contains("? help")
    });
    // The outline recovered from the plain text: its parts are listed in the sections pane.
    let screen = pty.screen();
    for part in ["Metadata", "Body", "Back matter"] {
        assert!(
            screen.lines().any(|l| l.starts_with('│') && l.contains(part)),
            "the sections pane lists {part}:\n{screen}"
        );
    }
    assert!(
        pty.parser.screen().alternate_screen(),
        "the reader uses the alternate screen"
    );
    assert!(status_line(&pty.screen()).contains("china-russia-deepen-technological-ties.txt"));

    pty.send("/Huawei");
    pty.wait_for("the search prompt", |s| status_line(s).contains("/Huawei"));
    pty.send("\r");
    pty.wait_for("the match count", |s| status_line(s).contains("2 matches"));

    pty.send("G");
    pty.wait_for("the end of the article", |s| {
        status_line(s).contains("100%") && s.contains("American Foreign Policy Council")
    });

    pty.resize(24, 80);
    pty.wait_for("a narrow re-render", |s| {
        !s.contains("Sidebar") && s.contains("Article") && status_line(s).contains("? help")
    });
    pty.resize(12, 40);
    pty.wait_for("a tiny re-render", |s| {
        s.contains("Article") && !s.contains("Sections")
    });

    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !pty.parser.screen().alternate_screen(),
        "the alternate screen was left"
    );
}

#[test]
fn the_reading_position_survives_a_restart() {
    let mut pty = Pty::spawn(24, 80, &[]);
    pty.wait_for("the seed", |s| s.contains("? help"));
    pty.send("G");
    pty.wait_for("the end", |s| status_line(s).contains("100%"));
    pty.send("q");
    assert!(pty.wait_exit().success());

    let dir = std::mem::replace(&mut pty.dir, tempfile::tempdir().unwrap());
    drop(pty);
    let mut again = Pty::spawn_in(dir, 24, 80, &[]);
    again.wait_for("the resumed position", |s| {
        status_line(s).contains("Resumed")
    });
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_bad_config_is_refused_before_the_screen_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "width = 80\n[keys]\nj = \"fly\"\n").unwrap();
    let mut pty2 = Pty::spawn_in(dir, 24, 80, &["--config", bad.to_str().unwrap()]);
    let status = pty2.wait_exit();
    assert_eq!(status.exit_code(), 2);
    let screen = pty2.screen();
    assert!(screen.contains("line 3"), "{screen}");
    assert!(screen.contains("keys.j"), "{screen}");
    assert!(!pty2.parser.screen().alternate_screen());
}
