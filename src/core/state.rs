//! (placeholder: `state` is being written.)
