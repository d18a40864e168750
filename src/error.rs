//! Errors the user must fix, and the exit codes they map to.
//!
//! The shell (`input`, `commands`, `main`) raises [`UserError`] for bad input; `main` turns any
//! error into one line and [`exit_code_for`] into a status. Depends on nothing else in the crate.

use std::process::ExitCode;

/// An error caused by what the user gave us (exit code 2), with a message that says what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// Exit status for a failed command: 2 for input the user must fix (a binary file, a bad
/// config, a bad argument), 1 for everything else.
pub fn exit_code_for(err: &anyhow::Error) -> ExitCode {
    if err.chain().any(|e| e.downcast_ref::<UserError>().is_some()) {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

/// Whether `err` comes from writing to a pipe whose reader has gone (`gloss … | head`): not a
/// failure to report, the output was simply not wanted any more.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
