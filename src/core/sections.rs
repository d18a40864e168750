//! (placeholder: `sections` is being written.)
