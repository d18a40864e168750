//! `gloss timeline [FILE|--all] [--json]`: dated sentences in time order.
//!
//! For one article its DATE mentions are recognised now; for the whole library they come from
//! the ledger (brought up to date first), and only the texts of articles with a DATE are read
//! to cut out their sentences. Each line is the resolved value (ISO 8601 date or interval),
//! the article with `--all`, and the sentence, passed through `one_line`: text from documents
//! never reaches the terminal as a control sequence. JSON: `{"timeline": [{"value", "from",
//! "to", "text", "sentence", "start", "end", "article"?: {"id", "title"}}]}`, offsets being
//! the sentence's bytes in the article's text.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;

use crate::cli::Global;
use crate::commands::export_all::parse_stored;
use crate::core::doc::document::Document;
use crate::core::doc::entities::EntityKind;
use crate::core::doc::entities::dates::Day;
use crate::core::doc::export::escape_unsafe_json;
use crate::core::doc::sanitize::one_line;
use crate::core::doc::timeline::{Dated, chronological, dated_sentences};

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The article (.txt, .md, .html, a URL, or - for stdin)
    #[arg(required_unless_present = "all")]
    pub file: Option<PathBuf>,
    /// Every article of the library
    #[arg(long, conflicts_with = "file")]
    pub all: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// One dated sentence with where it comes from.
struct Line {
    article: Option<(i64, String)>,
    text: String,
    dated: Dated,
    sentence: String,
}

#[derive(serde::Serialize)]
struct JsonLine<'a> {
    value: String,
    from: String,
    to: String,
    text: &'a str,
    sentence: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<JsonArticle<'a>>,
}

#[derive(serde::Serialize)]
struct JsonArticle<'a> {
    id: i64,
    title: &'a str,
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    timeline: Vec<JsonLine<'a>>,
}

fn lines_of(
    doc: &Document,
    article: Option<&(i64, String)>,
    dates: &[std::ops::Range<usize>],
) -> Vec<Line> {
    dated_sentences(doc, dates)
        .into_iter()
        .map(|dated| Line {
            article: article.cloned(),
            text: doc
                .source
                .get(dated.mention.clone())
                .unwrap_or_default()
                .to_owned(),
            sentence: doc
                .source
                .get(dated.sentence.clone())
                .unwrap_or_default()
                .to_owned(),
            dated,
        })
        .collect()
}

fn day(d: Day) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

pub fn run(global: &Global, args: &TimelineArgs) -> anyhow::Result<ExitCode> {
    let user = crate::user_entities::load(crate::paths::entities_file().as_deref());
    if let Some(warning) = &user.warning {
        eprintln!("gloss: {warning}");
    }
    let mut lines = Vec::new();
    if let Some(file) = args.file.as_ref().filter(|_| !args.all) {
        let loaded = crate::input::web::load_for_cli(file, global)?;
        let dates: Vec<_> = user
            .recognizer()
            .recognize_document(&loaded.doc)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Date)
            .map(|m| m.range)
            .collect();
        lines = lines_of(&loaded.doc, None, &dates);
    } else {
        let mut store = crate::commands::library::open_library(global)?;
        crate::commands::ledger::refresh(&mut store, &user, false)?;
        for (id, dates) in store.ledger_spans(EntityKind::Date.label())? {
            let Some(stored) = store.stored_text(id)? else {
                continue;
            };
            let doc = parse_stored(stored.text, &stored.format);
            let title = doc.title().unwrap_or_else(|| format!("article {id}"));
            lines.extend(lines_of(&doc, Some(&(id, title)), &dates));
        }
        lines.sort_by(|a, b| {
            chronological(&a.dated, &b.dated).then_with(|| {
                a.article
                    .as_ref()
                    .map(|x| x.0)
                    .cmp(&b.article.as_ref().map(|x| x.0))
            })
        });
    }
    let mut out = String::new();
    if args.json {
        let items: Vec<JsonLine<'_>> = lines
            .iter()
            .map(|l| JsonLine {
                value: l.dated.value.iso(),
                from: day(l.dated.value.from),
                to: day(l.dated.value.to),
                text: &l.text,
                sentence: &l.sentence,
                start: l.dated.sentence.start,
                end: l.dated.sentence.end,
                article: l
                    .article
                    .as_ref()
                    .map(|(id, title)| JsonArticle { id: *id, title }),
            })
            .collect();
        out = escape_unsafe_json(&serde_json::to_string(&JsonOut { timeline: items })?);
        out.push('\n');
    } else {
        for l in &lines {
            let _ = write!(out, "{:<21}  ", l.dated.value.iso());
            if let Some((id, title)) = &l.article {
                let _ = write!(out, "[{id}] {}: ", one_line(title));
            }
            let _ = writeln!(out, "{}", one_line(&l.sentence));
        }
        if lines.is_empty() {
            out.push_str("no dated sentences\n");
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
