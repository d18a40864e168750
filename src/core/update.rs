//! (placeholder: `update` is being written.)
