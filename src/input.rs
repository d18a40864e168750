//! (placeholder: reading files/stdin into a `Document` is being written.)
