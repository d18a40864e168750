//! Re-exporting Markdown over a file the user edited: gloss's own parts are replaced, the
//! user's lines stay where they are.
//!
//! gloss owns the front matter (the `---` block at the top) and each note's block: its quote
//! lines through its `<!-- gloss: bytes … -->` line, named by the `^gloss-ID` block id inside.
//! A block whose note still exists is replaced in place, one whose note is gone is dropped,
//! and new notes' blocks go at the end. Everything else — lines the user wrote between blocks,
//! headings, a paragraph at the end — is kept as it was.

use std::collections::HashMap;

/// One note's block in a Markdown export: its id and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block<'a> {
    id: &'a str,
    lines: Vec<&'a str>,
}

/// A Markdown export split into gloss's front matter, note blocks, and other lines.
#[derive(Debug)]
enum Part<'a> {
    FrontMatter(Vec<&'a str>),
    Block(Block<'a>),
    Line(&'a str),
}

/// `existing` (a file gloss wrote and the user then edited) with gloss's parts replaced by
/// those of `fresh` (the new export).
pub fn merge_markdown(existing: &str, fresh: &str) -> String {
    let old = parse(existing);
    let new = parse(fresh);
    let mut new_blocks: HashMap<&str, &Block<'_>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut front: Option<&Vec<&str>> = None;
    for p in &new {
        match p {
            Part::Block(b) => {
                new_blocks.insert(b.id, b);
                order.push(b.id);
            }
            Part::FrontMatter(lines) => front = Some(lines),
            Part::Line(_) => {}
        }
    }
    let mut out: Vec<&str> = Vec::new();
    let mut placed: Vec<&str> = Vec::new();
    let mut had_front = false;
    for p in &old {
        match p {
            Part::FrontMatter(lines) => {
                had_front = true;
                out.extend(front.map_or(lines, |f| f).iter());
            }
            Part::Block(b) => {
                if let Some(nb) = new_blocks.get(b.id) {
                    out.extend(nb.lines.iter());
                    placed.push(b.id);
                }
            }
            Part::Line(l) => out.push(l),
        }
    }
    let mut text = String::new();
    if !had_front && let Some(f) = front {
        for l in f {
            text.push_str(l);
            text.push('\n');
        }
        text.push('\n');
    }
    for l in &out {
        text.push_str(l);
        text.push('\n');
    }
    for id in order.iter().filter(|id| !placed.contains(id)) {
        if let Some(b) = new_blocks.get(id) {
            if !text.ends_with("\n\n") {
                text.push('\n');
            }
            for l in &b.lines {
                text.push_str(l);
                text.push('\n');
            }
        }
    }
    text
}

fn parse(text: &str) -> Vec<Part<'_>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    if lines.first() == Some(&"---")
        && let Some(end) = lines.iter().skip(1).position(|l| *l == "---")
    {
        parts.push(Part::FrontMatter(
            lines.get(..end + 2).unwrap_or_default().to_vec(),
        ));
        i = end + 2;
    }
    while i < lines.len() {
        if let Some((id, len)) = block_at(&lines, i) {
            parts.push(Part::Block(Block {
                id,
                lines: lines.get(i..i + len).unwrap_or_default().to_vec(),
            }));
            i += len;
        } else {
            parts.push(Part::Line(lines.get(i).copied().unwrap_or_default()));
            i += 1;
        }
    }
    parts
}

/// A note block starting at line `i`: quote lines (`>`), a blank line, `^gloss-ID`, then
/// anything up to and including the `<!-- gloss: bytes` line. Its id and length in lines.
fn block_at<'a>(lines: &[&'a str], i: usize) -> Option<(&'a str, usize)> {
    let is_quote = |l: &&str| l.starts_with('>');
    if !lines.get(i).is_some_and(is_quote) {
        return None;
    }
    let mut j = i;
    while lines.get(j).is_some_and(is_quote) {
        j += 1;
    }
    if lines.get(j).is_none_or(|l| !l.trim().is_empty()) {
        return None;
    }
    let id = lines.get(j + 1)?.strip_prefix("^gloss-")?.trim();
    if id.is_empty() {
        return None;
    }
    let end = (j + 2..lines.len()).find(|&k| {
        lines
            .get(k)
            .is_some_and(|l| l.starts_with("<!-- gloss: bytes"))
    })?;
    // A quote that another block starts inside is not this block's.
    if (j + 2..end).any(|k| lines.get(k).is_some_and(|l| l.starts_with("^gloss-"))) {
        return None;
    }
    Some((id, end + 1 - i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(id: &str, quote: &str, body: &str) -> String {
        format!(
            "> {quote}\n\n^gloss-{id}\n\n{body}\n\n<!-- gloss: bytes 0..1, created t, modified t -->\n"
        )
    }

    fn export(front: &str, blocks: &[String]) -> String {
        format!(
            "---\ntitle: \"{front}\"\n---\n\n# Notes on it\n\n## Body\n\n{}",
            blocks.join("\n")
        )
    }

    #[test]
    fn the_users_lines_stay_in_place_and_gloss_blocks_are_replaced() {
        let first = export(
            "v1",
            &[block("a", "alpha", "old a"), block("b", "beta", "old b")],
        );
        let edited = first.replace("## Body\n", "## Body\n\nMy own thought, written by hand.\n")
            + "\nA closing line of mine.\n";
        let fresh = export(
            "v2",
            &[block("a", "alpha", "new a"), block("c", "gamma", "new c")],
        );
        let merged = merge_markdown(&edited, &fresh);
        assert!(merged.contains("title: \"v2\""), "{merged}");
        assert!(merged.contains("My own thought, written by hand."));
        assert!(merged.contains("A closing line of mine."));
        assert!(merged.contains("new a") && !merged.contains("old a"));
        assert!(!merged.contains("old b"), "a deleted note's block goes");
        assert!(merged.contains("new c"), "a new note's block is added");
        let mine = merged.find("My own thought").unwrap();
        let a = merged.find("new a").unwrap();
        assert!(mine < a, "in place: {merged}");
        assert!(
            merged.find("A closing line of mine").unwrap() < merged.find("new c").unwrap(),
            "new blocks at the end"
        );
    }

    #[test]
    fn merging_an_unedited_export_gives_the_new_export() {
        let first = export("v1", &[block("a", "alpha", "old a")]);
        let fresh = export("v2", &[block("a", "alpha", "new a")]);
        assert_eq!(merge_markdown(&first, &fresh), fresh);
    }
}
