//! The reader as a state machine: messages in, state changed by `update` alone, effects out.
//! Built on `core::doc`; never touches the terminal, the disk or the clock.

pub mod color;
pub mod config;
pub mod editor;
pub mod entities;
pub mod fetching;
pub mod key;
pub mod keymap;
pub mod library;
pub mod loading;
pub mod log;
pub mod messages;
pub mod notes;
pub mod outline;
pub mod reading;
pub mod recognition;
pub mod search;
pub mod sections;
pub mod state;
pub mod update;
