//! (placeholder: `entities` is being written.)
