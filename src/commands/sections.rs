//! `gloss sections FILE [--json]`: the outline, for scripts and pipes.
//!
//! Text output is one section per line, indented two spaces per level, with its source byte
//! range; inferred topics are listed too, marked `~`, but not paragraph entries (one line per
//! paragraph would drown the outline in a pipe). `--json` prints an array of the author
//! sections `{title, level, start, end}`; a section without sub-sections also carries
//! `children`: its topics (`"kind": "topic"`, with `label` and their own `children`) or its
//! paragraphs (`"kind": "paragraph"`, title = lead words, `start`/`end` = the paragraph's
//! bytes). Titles come from the document, so they pass through `sanitize::one_line` in both
//! forms: nothing the document contains can reach the terminal as a control sequence.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{Global, ListArgs};
use crate::core::doc::outline::outline;
use crate::core::doc::sanitize;
use crate::core::doc::sections::{Section, SectionKind};
use crate::input;

#[derive(Serialize)]
struct JsonSection {
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    level: u8,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<JsonSection>,
}

pub fn run(global: &Global, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let loaded = input::web::load_for_cli(&args.file, global)?;
    for w in &loaded.warnings {
        eprintln!(
            "gloss: {}: {}",
            sanitize::one_line(&loaded.display_name),
            sanitize::one_line(w)
        );
    }
    let sections = outline(&loaded.doc);
    let out = if args.json {
        to_json(&sections)?
    } else {
        to_text(&sections)
    };
    let mut stdout = std::io::stdout().lock();
    // a closed pipe (`gloss sections x | head`) is not an error: `main` ends quietly
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())?;
    Ok(ExitCode::SUCCESS)
}

/// `title  [start..end)` lines, indented by level.
pub fn to_text(sections: &[Section]) -> String {
    let mut out = String::new();
    for s in sections {
        let mark = match s.kind {
            SectionKind::Author => "",
            SectionKind::Topic => "~ ",
            SectionKind::Paragraph => continue,
        };
        let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)));
        let _ = writeln!(
            out,
            "{indent}{mark}{}  [{}..{})",
            sanitize::one_line(&s.title),
            s.start,
            s.end
        );
    }
    out
}

/// A JSON array of the author sections `{title, level, start, end}`, topics and paragraphs
/// nested as `children`; newline-terminated.
pub fn to_json(sections: &[Section]) -> anyhow::Result<String> {
    let mut items: Vec<JsonSection> = Vec::new();
    for s in sections {
        let title = sanitize::one_line(&s.title);
        let entry = |kind: Option<&'static str>, label: Option<String>| JsonSection {
            kind,
            title: title.clone(),
            label,
            level: s.level,
            start: s.start(),
            end: s.end(),
            children: Vec::new(),
        };
        match s.kind {
            SectionKind::Author => items.push(entry(None, None)),
            SectionKind::Topic => {
                let topic = entry(Some("topic"), Some(title.clone()));
                if let Some(parent) = items.last_mut() {
                    parent.children.push(topic);
                } else {
                    items.push(topic);
                }
            }
            SectionKind::Paragraph => {
                let para = entry(Some("paragraph"), None);
                // Under the topic it belongs to, else under its section.
                match items.last_mut() {
                    Some(parent) => match parent.children.last_mut() {
                        Some(topic) if topic.kind == Some("topic") => topic.children.push(para),
                        _ => parent.children.push(para),
                    },
                    None => items.push(para),
                }
            }
        }
    }
    let mut json = serde_json::to_string_pretty(&items)?;
    json.push('\n');
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Section> {
        vec![
            Section {
                title: "Top\u{1b}[2J".into(),
                level: 1,
                start: 0,
                end: 30,
                block: 0,
                kind: SectionKind::Author,
            },
            Section {
                title: "Sub\nline".into(),
                level: 2,
                start: 10,
                end: 30,
                block: 1,
                kind: SectionKind::Author,
            },
        ]
    }

    #[test]
    fn text_is_indented_with_offsets_and_sanitised() {
        assert_eq!(
            to_text(&sample()),
            "Top␛[2J  [0..30)\n  Sub line  [10..30)\n"
        );
    }

    #[test]
    fn json_has_the_four_keys() {
        let v: serde_json::Value = serde_json::from_str(&to_json(&sample()).unwrap()).unwrap();
        assert_eq!(v[1]["title"], "Sub line");
        assert_eq!(v[1]["level"], 2);
        assert_eq!(v[1]["start"], 10);
        assert_eq!(v[1]["end"], 30);
        assert_eq!(v[0]["title"], "Top␛[2J");
    }
}
