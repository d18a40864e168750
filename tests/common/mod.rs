//! Helpers shared by the integration tests: the in-process app harness (`app`), a test
//! document builder (`doc`), the real binary on the command line (`cli`) and in a
//! pseudo-terminal (`pty`).

pub mod app;
pub mod cli;
pub mod doc;
pub mod pty;
