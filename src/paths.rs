//! Where gloss keeps its files, resolved in one place: the XDG base directories (with the
//! `~/.config` and `~/.local/share` fallbacks) and the flags that override them.
//!
//! Reads the environment and the parsed command line only; it never touches the disk.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::cli::Global;

/// `$XDG_CONFIG_HOME/gloss`, else `~/.config/gloss` (`None` when neither variable is set).
pub fn config_dir() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config")
}

/// `$XDG_DATA_HOME/gloss`, else `~/.local/share/gloss`.
pub fn data_dir() -> Option<PathBuf> {
    xdg_dir("XDG_DATA_HOME", ".local/share")
}

/// The user's entities: `<config dir>/entities.toml`.
pub fn entities_file() -> Option<PathBuf> {
    Some(config_dir()?.join("entities.toml"))
}

/// The config file to read: `--config`/`GLOSS_CONFIG`, else `<config dir>/config.toml`.
/// The flag says whether the user named it (then it must exist).
pub fn config_file(global: &Global) -> Option<(PathBuf, bool)> {
    if let Some(p) = &global.config {
        return Some((p.clone(), true));
    }
    Some((config_dir()?.join("config.toml"), false))
}

/// Where the database lives: `--db`/`GLOSS_DB`, else `<data dir>/gloss.db`.
pub fn database(global: &Global) -> Option<PathBuf> {
    if let Some(p) = &global.db {
        return Some(p.clone());
    }
    Some(data_dir()?.join("gloss.db"))
}

/// `$<var>/gloss` when the variable is set and not empty, else `$HOME/<fallback>/gloss`.
fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    gloss_dir(std::env::var_os(var), std::env::var_os("HOME"), fallback)
}

/// The rule of [`xdg_dir`], given the variables' values.
fn gloss_dir(xdg: Option<OsString>, home: Option<OsString>, fallback: &str) -> Option<PathBuf> {
    let base = xdg
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.map(|h| Path::new(&h).join(fallback)))?;
    Some(base.join("gloss"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_wins_an_empty_one_falls_back_to_home_and_nothing_is_none() {
        let os = |s: &str| Some(OsString::from(s));
        assert_eq!(
            gloss_dir(os("/x"), os("/h"), ".config"),
            Some(PathBuf::from("/x/gloss"))
        );
        assert_eq!(
            gloss_dir(os(""), os("/h"), ".local/share"),
            Some(PathBuf::from("/h/.local/share/gloss"))
        );
        assert_eq!(gloss_dir(None, None, ".config"), None);
    }
}
