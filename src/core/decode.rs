//! (placeholder: `decode` is being written.)
