//! The library screen's shell: placeholder until the screen lands.

use std::process::ExitCode;

use crate::cli::Global;

pub fn run_screen(global: &Global, archived: bool) -> anyhow::Result<ExitCode> {
    let _ = (global, archived);
    Ok(ExitCode::SUCCESS)
}
