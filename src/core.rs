//! The pure core: plain Rust data and functions, no terminal, no clock, no filesystem.
//!
//! Two layers, one folder each: [`doc`] is the domain (text, parsing, layout, entities,
//! annotations, anchoring, export) and imports nothing of [`app`]; [`app`] is the reader's state
//! machine (messages, state, `update`, one module per feature) built on `doc`.
//! `tests/architecture.rs` enforces both rules.

pub mod app;
pub mod doc;
