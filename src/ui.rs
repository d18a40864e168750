//! Views: pure functions from `&AppState` to a ratatui frame; one file per pane.
pub mod article;
