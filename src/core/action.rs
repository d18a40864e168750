//! (placeholder: `action` is being written.)
