//! Running the real `gloss` binary from the command-line tests (`tests/cli_*.rs`).
//!
//! Every path the binary could read or write — the database, the XDG data and config
//! directories, `HOME` — points into a temporary directory (the same layout as the
//! pseudo-terminal harness in `pty.rs`, see [`private_env`]), and the developer's own
//! `NO_COLOR` and `GLOSS_CONFIG` are removed, so no test touches the real home directory and
//! every test gives the same result on every machine.

// Each test binary uses its own subset of the helpers.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The environment that keeps gloss inside `home`: `HOME`, `GLOSS_DB=home/gloss.db`,
/// `XDG_DATA_HOME=home/data`, `XDG_CONFIG_HOME=home/config`.
pub fn private_env(home: &Path) -> [(&'static str, PathBuf); 4] {
    [
        ("HOME", home.to_path_buf()),
        ("GLOSS_DB", home.join("gloss.db")),
        ("XDG_DATA_HOME", home.join("data")),
        ("XDG_CONFIG_HOME", config_dir(home)),
    ]
}

/// The `XDG_CONFIG_HOME` of [`private_env`]: gloss reads `gloss/entities.toml` below it.
pub fn config_dir(home: &Path) -> PathBuf {
    home.join("config")
}

/// Where gloss looks for the user's entities in [`private_env`].
pub fn user_entities_path(home: &Path) -> PathBuf {
    config_dir(home).join("gloss").join("entities.toml")
}

/// Writes the user's `entities.toml` inside `home`.
pub fn write_user_entities(home: &Path, toml: &str) {
    let path = user_entities_path(home);
    std::fs::create_dir_all(path.parent().expect("a config directory")).expect("create config");
    std::fs::write(path, toml).expect("write entities.toml");
}

/// The gloss binary, ready to run inside `home` (arguments not yet added).
pub fn command(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
    cmd.envs(private_env(home))
        .env_remove("NO_COLOR")
        .env_remove("GLOSS_CONFIG");
    cmd
}

/// Runs `gloss ARGS` inside `home` with nothing on stdin.
pub fn gloss(home: &Path, args: &[&str]) -> Output {
    command(home).args(args).output().expect("run gloss")
}

/// Runs `gloss ARGS` inside `home` with `stdin` piped in.
pub fn gloss_with_stdin(home: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = command(home)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gloss");
    let mut pipe = child.stdin.take().expect("stdin piped");
    pipe.write_all(stdin).expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("wait for gloss")
}

/// Fails the test, showing gloss's stderr, unless the run succeeded.
pub fn succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "gloss failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The stdout of a run that must have succeeded.
pub fn stdout(out: &Output) -> String {
    succeeded(out);
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}
