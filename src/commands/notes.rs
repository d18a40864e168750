//! `gloss notes` (placeholder: being written).

use std::process::ExitCode;

use crate::cli::{Global, ListArgs};

pub fn run(_global: &Global, _args: &ListArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'notes' is not implemented yet")
}
