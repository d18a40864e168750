//! The non-interactive commands, one file each, plus the dispatcher `main` calls.

pub mod add;
pub mod completions;
pub mod entities;
pub mod export;
pub mod export_all;
pub mod extract;
pub mod import;
pub mod ledger;
pub mod library;
pub mod notes;
pub mod read;
pub mod render;
pub mod search;
pub mod sections;
pub mod tags;
pub mod timeline;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs what the command line asked for.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => read::run(&cli.global, &cli.read),
        Some(Command::Render(args)) => render::run(&cli.global, &args),
        Some(Command::Sections(args)) => sections::run(&cli.global, &args),
        Some(Command::Entities(args)) => entities::run(&cli.global, &args),
        Some(Command::Notes(args)) => notes::run(&cli.global, &args),
        Some(Command::Export(args)) => export::run(&cli.global, &args),
        Some(Command::Import(args)) => import::run(&cli.global, &args),
        Some(Command::Completions { shell }) => Ok(completions::run(shell)),
        Some(Command::Extract(args)) => extract::run(&cli.global, &args),
        Some(Command::Relink(args)) => notes::relink(&cli.global, &args),
        Some(Command::Add(args)) => add::run(&cli.global, &args),
        Some(Command::Library(args)) => library::run(&cli.global, &args),
        Some(Command::Restore(args)) => library::restore(&cli.global, &args),
        Some(Command::Search(args)) => search::run(&cli.global, &args),
        Some(Command::Tags(args)) => tags::run(&cli.global, &args),
        Some(Command::Timeline(args)) => timeline::run(&cli.global, &args),
    }
}
