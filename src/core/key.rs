//! (placeholder: `key` is being written.)
