//! `gloss tags [--json]` and `gloss tags rename OLD NEW`: tags across the whole library.
//!
//! Counts come from `note_tags` (one row per note and tag, kept by triggers); a rename is one
//! transaction that gives every changed note a new revision, so other windows see the change
//! as they see any other edit, and a rename onto an existing tag merges the two.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;

use crate::cli::Global;
use crate::commands::library::open_library;
use crate::core::doc::annotation::normalize_tag;
use crate::core::doc::export::escape_unsafe_json;
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::count;
use crate::error::UserError;

#[derive(Debug, Args)]
pub struct TagsArgs {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<TagsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum TagsCommand {
    /// Rename tag OLD to NEW on every note (merges when NEW exists)
    Rename { old: String, new: String },
}

pub fn run(global: &Global, args: &TagsArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_library(global)?;
    if let Some(TagsCommand::Rename { old, new }) = &args.command {
        let (old, new) = (clean(old)?, clean(new)?);
        let n = store.rename_tag(&old, &new)?;
        println!(
            "#{} → #{}: {} changed",
            one_line(&old),
            one_line(&new),
            count(n, "note", "notes")
        );
        return Ok(ExitCode::SUCCESS);
    }
    let counts = store.tag_counts()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let items: Vec<_> = counts
            .iter()
            .map(|t| json!({ "tag": t.tag, "notes": t.notes, "articles": t.articles }))
            .collect();
        let text = serde_json::to_string_pretty(&json!({ "tags": items }))?;
        writeln!(out, "{}", escape_unsafe_json(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    if counts.is_empty() {
        writeln!(out, "no tags")?;
    }
    for t in &counts {
        writeln!(
            out,
            "#{}  {} in {}",
            one_line(&t.tag),
            count(t.notes, "note", "notes"),
            count(t.articles, "article", "articles")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A tag as typed (`#Export-Controls`) in the form notes store.
fn clean(tag: &str) -> anyhow::Result<String> {
    normalize_tag(tag.trim_start_matches('#'))
        .ok_or_else(|| UserError(format!("{} is not a tag", one_line(tag))).into())
}
