//! (placeholder: `plaintext` is being written.)
