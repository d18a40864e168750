//! The pseudo-terminal harness shared by the real-binary tests: spawn `gloss` in a pty with
//! every path it could write to inside a temporary directory, feed it keys, poll the parsed
//! screen (vt100) against a deadline instead of sleeping, resize it, and wait for it to exit.

// Each test binary uses its own subset of the harness.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Pty {
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub output: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    pub dir: tempfile::TempDir,
}

pub fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

pub fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Pty {
    pub fn spawn(rows: u16, cols: u16, args: &[&str]) -> Self {
        Self::spawn_in(tempfile::tempdir().unwrap(), rows, cols, args)
    }

    /// Runs gloss with all its files in `dir` (reused to test what survives a restart).
    pub fn spawn_in(dir: tempfile::TempDir, rows: u16, cols: u16, args: &[&str]) -> Self {
        let pair = native_pty_system().openpty(size(rows, cols)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gloss"));
        cmd.args(args);
        cmd.cwd(dir.path());
        for (key, value) in super::cli::private_env(dir.path()) {
            cmd.env(key, value);
        }
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

    pub fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            while let Ok(more) = self.output.try_recv() {
                self.parser.process(&more);
            }
        }
    }

    /// How many bytes the terminal received during `wait` (put on the screen as usual).
    pub fn bytes_during(&mut self, wait: Duration) -> usize {
        let end = Instant::now() + wait;
        let mut n = 0;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            if let Ok(bytes) = self.output.recv_timeout(left) {
                n += bytes.len();
                self.parser.process(&bytes);
            }
        }
        n
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen satisfies `ok`; panics with the screen after the deadline.
    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
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

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.master.resize(size(rows, cols)).unwrap();
        self.parser.screen_mut().set_size(nz(rows), nz(cols));
    }

    /// Waits for the process to exit, collecting its last output.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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

pub fn status_line(screen: &str) -> String {
    screen.lines().last().unwrap_or_default().to_owned()
}
