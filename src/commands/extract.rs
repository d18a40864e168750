//! `gloss extract PAGE|URL`: the article of a web page, printed for saving or piping.
//!
//! Markdown (front matter with the metadata, the title, the body) by default; `--format text`
//! prints the body as plain text (no title); `--json` prints every field. Output passes through
//! the display-safe filter, so a page's control characters never reach the terminal raw.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::cli::Global;
use crate::core::doc::sanitize::{display_safe, one_line};
use crate::input::web::{self, WebSettings};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// A saved page (.html), a http(s) URL, or - for stdin
    pub page: PathBuf,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = ExtractFormat::Markdown)]
    pub format: ExtractFormat,
    /// Print JSON: title, authors, date, site, url, lang, description, markdown, text
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// Front matter, title and body, in Markdown
    Markdown,
    /// The body as plain text, without the title
    Text,
}

pub fn run(global: &Global, args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let settings = if web::as_url(&args.page).is_some() {
        WebSettings::for_cli(global)?
    } else {
        WebSettings::default()
    };
    let (article, warnings) = web::article_of(&args.page, &settings)?;
    for w in &warnings {
        eprintln!("gloss: {}", one_line(w));
    }
    let out = if args.json {
        let mut s = serde_json::to_string_pretty(&article)?;
        s.push('\n');
        s
    } else {
        match args.format {
            ExtractFormat::Markdown => article.to_markdown(),
            ExtractFormat::Text => {
                let mut t = article.text.clone();
                t.push('\n');
                t
            }
        }
    };
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(display_safe(&out).as_bytes())
        .and_then(|()| lock.flush())?;
    Ok(ExitCode::SUCCESS)
}
