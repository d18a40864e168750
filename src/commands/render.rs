//! `gloss render` (placeholder: being written).

use std::process::ExitCode;

use crate::cli::{Global, RenderArgs};

pub fn run(_global: &Global, _args: &RenderArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'render' is not implemented yet")
}
