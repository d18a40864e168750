//! The pure core: plain Rust data and functions, no terminal, no clock, no filesystem.

pub mod action;
pub mod anchor;
pub mod config;
pub mod cursor;
pub mod decode;
pub mod document;
pub mod editor;
pub mod entities;
pub mod entities_view;
pub mod export;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod markdown;
pub mod notes;
pub mod notes_view;
pub mod plaintext;
pub mod sanitize;
pub mod search;
pub mod sections;
pub mod state;
pub mod update;
