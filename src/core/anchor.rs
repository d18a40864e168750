//! (placeholder: `anchor` is being written.)
