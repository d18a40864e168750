//! (placeholder: `search` is being written.)
