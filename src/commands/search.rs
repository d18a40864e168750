//! `gloss search QUERY [--json]`: full-text search over every article and note.
//!
//! The query is FTS5's (words, `"a phrase"`, `prefix*`, `AND` `OR` `NOT`); results are ranked
//! by bm25 and carry byte offsets into the article's text, so `start` is a position the reader
//! and the other subcommands understand.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};

use crate::cli::Global;
use crate::commands::library::open_library;
use crate::core::doc::export::escape_unsafe_json;
use crate::core::doc::sanitize::one_line;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "a phrase", prefix*, AND / OR / NOT
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// At most this many results
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
}

pub fn run(global: &Global, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open_library(global)?;
    let hits = store.search(&args.query.join(" "), args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let items: Vec<Value> = hits
            .iter()
            .map(|h| {
                json!({
                    "article": h.article,
                    "title": h.title,
                    "source": h.source,
                    "kind": h.kind.as_str(),
                    "start": h.start,
                    "end": h.end,
                    "snippet": h.snippet,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&json!({ "results": items }))?;
        writeln!(out, "{}", escape_unsafe_json(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        writeln!(out, "no results")?;
    }
    for h in &hits {
        writeln!(
            out,
            "{:>6}  {}  [{} {}..{}]",
            h.article,
            one_line(h.title.as_deref().unwrap_or("(untitled)")),
            h.kind.as_str(),
            h.start,
            h.end
        )?;
        writeln!(out, "        {}", one_line(&h.snippet))?;
    }
    Ok(ExitCode::SUCCESS)
}
