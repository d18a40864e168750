//! (placeholder: `markdown` is being written.)
