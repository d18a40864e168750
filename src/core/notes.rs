//! (placeholder: `notes` is being written.)
