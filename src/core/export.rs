//! (placeholder: `export` is being written.)
