//! The `gloss` binary: parse the command line, run, turn any error into one line and an exit code.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = gloss::cli::Cli::parse();
    match gloss::commands::run(cli) {
        Ok(code) => code,
        // the reader of the output stopped reading (`gloss library --list | head`): done
        Err(err) if gloss::error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // One line for the user: the outermost context, then its causes.
            let msg = err
                .chain()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(": ");
            // not eprintln!: it panics when stderr is closed too
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(
                stderr,
                "gloss: {}",
                gloss::core::doc::sanitize::one_line(&msg)
            );
            gloss::error::exit_code_for(&err)
        }
    }
}
