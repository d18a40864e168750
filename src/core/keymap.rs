//! (placeholder: `keymap` is being written.)
