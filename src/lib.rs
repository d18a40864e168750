//! gloss: a terminal reader for articles.
//!
//! The crate is split into a pure [`core`] (document model, parsing, outline, entities, layout,
//! notes, anchoring, export, keymap, state and `update`) and a thin shell: [`tui`] (terminal,
//! events, effects), [`ui`] (views over `&AppState`), [`store`] (SQLite), [`input`] (files and
//! stdin) and [`commands`] (the non-interactive CLI). The core never touches a terminal, a clock
//! or the filesystem; `tests/architecture.rs` keeps it that way.

pub mod cli;
pub mod commands;
pub mod core;
pub mod fetch;
pub mod input;
pub mod snapshot;
pub mod store;
pub mod tui;
pub mod ui;
