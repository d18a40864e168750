//! The imperative shell around the core: terminal setup/restore, the event loop, effects.
