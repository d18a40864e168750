//! gloss: a terminal reader for articles.
//!
//! The crate is split into a pure [`core`] (document model, parsing, outline, entities, layout,
//! notes, anchoring, export, keymap, state and `update`) and a thin shell: [`tui`] (terminal,
//! events, effects), [`ui`] (views over `&AppState`), [`store`] (SQLite), [`input`] (files and
//! stdin), [`commands`] (the non-interactive CLI), [`paths`] (where files live), [`fsx`] (the one
//! atomic writer) and [`error`] (user errors and exit codes). The core never touches a terminal, a clock
//! or the filesystem; `tests/architecture.rs` keeps it that way.

pub mod cli;
pub mod commands;
pub mod core;
pub mod error;
pub mod fetch;
pub mod fsx;
pub mod input;
pub mod paths;
pub mod snapshot;
pub mod store;
pub mod tui;
pub mod ui;
pub mod user_entities;
