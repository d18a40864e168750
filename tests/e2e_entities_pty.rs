//! The real binary in a pseudo-terminal, entities edition: open the seed, show the Entities
//! tab, filter it down to "Huawei" by typing, jump to its first mention and step to the next
//! with `n` (the view must move to lines naming Huawei), mark a phrase as an entity (saved to
//! the temporary XDG config dir), and quit cleanly.
//!
//! The harness is the one in `e2e_pty.rs` (copied: integration test files cannot share private
//! helpers without a common module). Every path the binary could write to is temporary.

// The helpers below are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

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

/// The article pane's rows (between the side panes at 120 columns).
fn article_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.chars().skip(24).take(66).collect::<String>())
        .collect()
}

#[test]
fn entities_tab_filter_select_and_jump_between_mentions() {
    let mut pty = Pty::spawn(40, 120, &[]);
    pty.wait_for("the seed", |s| {
        s.contains("China, Russia Deepen Technological Ties") && s.contains("? help")
    });
    // recognition runs in the background; the sections pane summary shows when it is done
    pty.wait_for("the entities", |s| s.contains("China ×"));
    pty.send("E");
    pty.wait_for("the Entities tab", |s| {
        s.contains("entities ·") && s.contains(" ORG ") && s.contains("GPE")
    });
    assert!(
        !article_rows(&pty.screen())
            .iter()
            .any(|l| l.contains("Huawei")),
        "Huawei is not on the first page"
    );
    pty.send("/Huaw");
    pty.wait_for("the filter", |s| {
        s.contains("/Huaw") && status_line(s).contains("FILTER")
    });
    pty.send("\r");
    pty.wait_for("the filter closed", |s| status_line(s).contains("READ"));
    pty.send("\r");
    pty.wait_for("the first mention", |s| {
        article_rows(s).iter().any(|l| l.contains("Huawei"))
    });
    pty.send("n");
    pty.wait_for("the second mention", |s| {
        status_line(s).contains("Huawei: mention 2/2")
    });
    let screen = pty.screen();
    assert!(
        article_rows(&screen).iter().any(|l| l.contains("Huawei")),
        "{screen}"
    );
    pty.send("n");
    pty.wait_for("wrapping to the first", |s| {
        status_line(s).contains("mention 1/2") && status_line(s).contains("wrapped")
    });
    assert!(
        article_rows(&pty.screen())
            .iter()
            .any(|l| l.contains("Huawei"))
    );

    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(!pty.parser.screen().alternate_screen());
}

#[test]
fn marking_a_search_match_saves_it_to_entities_toml() {
    let mut pty = Pty::spawn(24, 80, &[]);
    pty.wait_for("the seed", |s| s.contains("? help"));
    pty.send("/Defense One\r");
    pty.wait_for("the match", |s| status_line(s).contains("match"));
    pty.send("M");
    pty.wait_for("the mark prompt", |s| {
        status_line(s).contains("“Defense One” is:")
    });
    pty.send("o");
    pty.wait_for("saved", |s| status_line(s).contains("saved as ORG"));
    let file = pty
        .dir
        .path()
        .join("config")
        .join("gloss")
        .join("entities.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("name = \"Defense One\""), "{text}");
    assert!(text.contains("type = \"ORG\""), "{text}");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_malformed_entities_file_is_reported_and_the_reader_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config").join("gloss");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("entities.toml"),
        "[[entity]]\nname = \"x\"\ntpye = 1\n",
    )
    .unwrap();
    let mut pty = Pty::spawn_in(dir, 24, 100, &[]);
    pty.wait_for("the error with its line", |s| {
        status_line(s).contains("entities.toml") && status_line(s).contains("line 3")
    });
    pty.send("j");
    pty.wait_for("still reading", |s| status_line(s).contains("READ"));
    pty.send("q");
    assert!(pty.wait_exit().success());
}
