//! `gloss export` (placeholder: being written).

use std::process::ExitCode;

use crate::cli::{ExportArgs, Global};

pub fn run(_global: &Global, _args: &ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'export' is not implemented yet")
}
