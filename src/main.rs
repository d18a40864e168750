//! The `gloss` binary: parse the command line, run, turn any error into one line and an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = gloss::cli::Cli::parse();
    match gloss::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One line for the user: the outermost context, then its causes.
            let msg = err
                .chain()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(": ");
            eprintln!("gloss: {}", gloss::core::doc::sanitize::one_line(&msg));
            gloss::error::exit_code_for(&err)
        }
    }
}
