//! `gloss entities FILE [--json]`: the named entities of an article.
//!
//! `--all` prints the ledger across the library instead ([`crate::commands::ledger`]).
//! Text output groups entities by type (most-mentioned first, with counts and aliases); `--json`
//! prints one object `{"entities":[{"type","text","start","end","canonical"}]}` with one item
//! per mention, `start`/`end` being UTF-8 byte offsets into the file's text after BOM removal;
//! `canonical` is the name of the mention's entity ([`crate::core::doc::entities::link`]) and
//! `entity` an id shared by the mentions of one entity; a DATE resolved against the article's
//! date ([`crate::core::doc::entities::dates`]) has a `value`, and mentions of a watched entity
//! have `"watched": true`.
//! User additions and suppressions are read from `$XDG_CONFIG_HOME/gloss/entities.toml`; a
//! malformed file is reported on stderr in one line (with its line number) and ignored, as
//! the reader does.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{EntitiesArgs, Global};
use crate::core::doc::entities::dates::{parse_day, resolve};
use crate::core::doc::entities::watch::watching;
use crate::core::doc::entities::{EntityKind, group};
use crate::core::doc::sanitize::one_line;

/// One mention in `--json` output (field order is the documented one).
#[derive(serde::Serialize)]
struct JsonMention<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    text: &'a str,
    start: usize,
    end: usize,
    canonical: &'a str,
    /// Shared by the mentions of one entity (its index in the entity list).
    entity: usize,
    /// A DATE resolved against the article's date: ISO 8601 date or `start/end` interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    /// Present (`true`) on mentions of an entity on the watch-list.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    watched: bool,
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    entities: Vec<JsonMention<'a>>,
}

pub fn run(global: &Global, args: &EntitiesArgs) -> anyhow::Result<ExitCode> {
    let user = crate::user_entities::load(crate::paths::entities_file().as_deref());
    if let Some(warning) = &user.warning {
        eprintln!("gloss: {warning}");
    }
    let Some(file) = args.file.as_ref().filter(|_| !args.all) else {
        let mut store = crate::commands::library::open_library(global)?;
        return crate::commands::ledger::run_all(
            &mut store,
            &user,
            args.kind.as_deref(),
            args.json,
        );
    };
    let loaded = crate::input::web::load_for_cli(file, global)?;
    let recognizer = user.recognizer();
    let doc = &loaded.doc;
    let mentions = recognizer.recognize_document(doc);
    let entities = group(&doc.source, &mentions);
    let mut out = String::new();
    if args.json {
        let watch = user
            .entities
            .as_ref()
            .map_or(&[][..], |u| u.watch.as_slice());
        let mut entity_of: HashMap<usize, (usize, &str, bool)> = HashMap::new();
        for (id, e) in entities.iter().enumerate() {
            let watched = watching(watch, e).is_some();
            for r in &e.mentions {
                entity_of.insert(r.start, (id, e.canonical.as_str(), watched));
            }
        }
        let published = doc.meta.date.as_deref().and_then(parse_day);
        // offsets are into the text after BOM removal; the loader's contract is to strip it,
        // this only guards a loader that did not
        let bom = if doc.source.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let items: Vec<JsonMention<'_>> = mentions
            .iter()
            .map(|m| {
                let text = doc.source.get(m.range.clone()).unwrap_or("");
                let (entity, canonical, watched) = entity_of
                    .get(&m.range.start)
                    .copied()
                    .unwrap_or((usize::MAX, text, false));
                let value = (m.kind == EntityKind::Date)
                    .then(|| resolve(text, published).map(|v| v.iso()))
                    .flatten();
                JsonMention {
                    kind: m.kind.label(),
                    text,
                    start: m.range.start.saturating_sub(bom),
                    end: m.range.end.saturating_sub(bom),
                    canonical,
                    entity,
                    value,
                    watched,
                }
            })
            .collect();
        out = serde_json::to_string(&JsonOut { entities: items })?;
        out.push('\n');
    } else {
        let mut kinds: Vec<EntityKind> = EntityKind::BUILTIN.to_vec();
        for e in &entities {
            if !kinds.contains(&e.kind) {
                kinds.push(e.kind.clone());
            }
        }
        for kind in kinds {
            let of_kind: Vec<_> = entities.iter().filter(|e| e.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            let total: usize = of_kind.iter().map(|e| e.count()).sum();
            let _ = writeln!(
                out,
                "{} ({} entities, {} mentions)",
                kind.label(),
                of_kind.len(),
                total
            );
            for e in of_kind {
                let _ = write!(out, "  {:>4}  {}", e.count(), one_line(&e.canonical));
                if !e.aliases.is_empty() {
                    let aliases: Vec<_> = e.aliases.iter().map(|a| one_line(a)).collect();
                    let _ = write!(out, "  (also: {})", aliases.join(", "));
                }
                out.push('\n');
            }
        }
        if entities.is_empty() {
            out.push_str("no entities found\n");
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
