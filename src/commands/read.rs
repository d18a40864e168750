//! `gloss read` (placeholder: being written).

use std::process::ExitCode;

use crate::cli::{Global, ReadArgs};

pub fn run(_global: &Global, _args: &ReadArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'read' is not implemented yet")
}
