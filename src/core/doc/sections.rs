//! The outline: the sections a reader navigates, as source byte ranges.
//!
//! For Markdown the outline is the headings, by level (a Markdown file without headings gets
//! the parts outline: front matter, body, footnotes). Plain text rarely has headings, so
//! there the recovered parts are listed: the title (level 1), then `Metadata`, `Body` and
//! `Back matter` one level below it (level 1 when there is no title). Recovered body
//! headings are listed at the parts' level (keeping their relative depth); `Body` then names
//! only the text before the first of them. Sections are in document order with non-decreasing
//! `start`; a section ends where the next section of the same or a higher level begins, so
//! [`section_at`] — called every frame for the scroll-spy — is one binary search.

use crate::core::doc::document::{Block, BlockKind, Document, Format, Part, inline_text, to_u32};

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What the sections pane shows (raw document text: sanitise before display).
    pub title: Box<str>,
    /// Depth in the outline tree, 1 = top.
    pub level: u8,
    /// Source byte offset where the section starts. Offsets and indices are `u32` (gloss
    /// reads no text over 4 GiB): a long text has an entry per paragraph, and this keeps an
    /// entry at 32 bytes.
    pub start: u32,
    /// Start of the next section at the same or a higher level, or the end of the text.
    pub end: u32,
    /// Index of the top-level block that starts the section (see `Document::block`).
    pub block: u32,
    /// Where the entry comes from (see `core::doc::outline` for the inferred kinds).
    pub kind: SectionKind,
}

impl Section {
    /// Where the section starts in the source.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the section ends in the source.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The index of the section's first top-level block (see `Document::block`).
    pub fn block(&self) -> usize {
        self.block as usize
    }
}

/// What an outline entry is: the document's own structure, or something gloss inferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SectionKind {
    /// A heading the author wrote, or a recovered part (title, metadata, body, back matter).
    #[default]
    Author,
    /// A topic inferred inside a long headingless run; `title` is its label.
    Topic,
    /// One paragraph; `title` is its lead words and `end` the paragraph's end.
    Paragraph,
}

/// The outline of `doc`, in document order.
pub fn outline(doc: &Document) -> Vec<Section> {
    let mut out = match doc.format {
        Format::Markdown => headings(doc),
        Format::PlainText => Vec::new(),
    };
    if out.is_empty() {
        out = parts(doc);
    }
    close_ends(&mut out, doc.source.len());
    out
}

/// Index of the innermost section containing `offset`, or `None` before the first section.
/// Offsets at or past the end of the text belong to the last section. O(log n).
pub fn section_at(sections: &[Section], offset: usize) -> Option<usize> {
    // Every section after the last one starting at or before `offset` starts later; and that
    // one cannot have ended yet, since it ends only where a later section starts.
    sections
        .partition_point(|s| s.start() <= offset)
        .checked_sub(1)
}

fn section(title: String, level: u8, block: usize, b: &Block) -> Section {
    Section {
        title: title.into(),
        level,
        start: to_u32(b.range().start),
        end: to_u32(b.range().start),
        block: to_u32(block),
        kind: SectionKind::Author,
    }
}

fn headings(doc: &Document) -> Vec<Section> {
    doc.all_blocks()
        .enumerate()
        .filter_map(|(i, b)| match &b.kind {
            BlockKind::Heading { level, inlines } => Some(section(
                inline_text(&doc.source, inlines),
                (*level).clamp(1, 6),
                i,
                &b,
            )),
            _ => None,
        })
        .collect()
}

fn parts(doc: &Document) -> Vec<Section> {
    let source = doc.source.as_str();
    let mut out = Vec::new();
    let has_title = doc
        .all_blocks()
        .any(|b| b.part == Part::Front && matches!(b.kind, BlockKind::Heading { .. }));
    let part_level: u8 = if has_title { 2 } else { 1 };
    // Body headings keep their relative levels, the shallowest at the parts' level.
    let top_heading = doc
        .all_blocks()
        .filter_map(|b| match (b.part, &b.kind) {
            (Part::Body, BlockKind::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut current: Option<&'static str> = None;
    for (i, b) in doc.all_blocks().enumerate() {
        let b = &*b;
        let name = match (b.part, &b.kind) {
            (Part::Front, BlockKind::Heading { inlines, .. }) => {
                out.push(section(inline_text(source, inlines), 1, i, b));
                current = Some("title");
                continue;
            }
            (Part::Front, BlockKind::Metadata(_)) => "Metadata",
            // Captions and the like before the title stay with it.
            (Part::Front, _) => continue,
            (Part::Body, BlockKind::Heading { level, inlines }) => {
                let depth = level.saturating_sub(top_heading).min(6);
                out.push(section(
                    inline_text(source, inlines),
                    part_level + depth,
                    i,
                    b,
                ));
                current = Some("heading");
                continue;
            }
            // Text after a heading belongs to it.
            (Part::Body, _) if current == Some("heading") => continue,
            (Part::Body, _) => "Body",
            (Part::Back, _) => "Back matter",
        };
        if current != Some(name) {
            out.push(section(name.to_owned(), part_level, i, b));
            current = Some(name);
        }
    }
    out
}

/// Sets each `end` to the start of the next section at the same or a higher level.
pub fn close_ends(sections: &mut [Section], text_len: usize) {
    // Stack of indices still open; linear overall.
    let mut open: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let (level, start) = (sections[i].level, sections[i].start);
        while let Some(&top) = open.last() {
            if sections[top].level >= level {
                sections[top].end = start;
                open.pop();
            } else {
                break;
            }
        }
        open.push(i);
    }
    for i in open {
        sections[i].end = to_u32(text_len);
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::*;
    use crate::core::doc::{markdown, plaintext};

    const SEED: &str = include_str!("../../../seeds/china-russia-deepen-technological-ties.txt");

    fn summary(s: &[Section]) -> Vec<(String, u8)> {
        s.iter().map(|s| (s.title.to_string(), s.level)).collect()
    }

    #[test]
    fn seed_outline_lists_the_recovered_parts() {
        let doc = plaintext::parse(SEED.to_owned());
        let s = outline(&doc);
        assert_eq!(
            summary(&s),
            [
                ("China, Russia Deepen Technological Ties".to_owned(), 1),
                ("Metadata".to_owned(), 2),
                ("Body".to_owned(), 2),
                ("Back matter".to_owned(), 2),
            ]
        );
        assert_eq!(&doc.source[s[0].start()..s[0].start() + 5], "China");
        assert_eq!(s[0].end(), doc.source.len());
        assert_eq!(s[1].end(), s[2].start());
        assert!(doc.source[s[2].start()..].starts_with("China and Russia are deepening"));
        assert!(doc.source[s[3].start()..].starts_with("Samuel Bendett an Adviser"));
        assert_eq!(s[3].end(), doc.source.len());
        assert_eq!(doc.blocks[s[3].block()].part, Part::Back);
    }

    #[test]
    fn markdown_outline_is_headings_with_nested_ends() {
        let src = "# A\n\nx\n\n## B\n\ny\n\n### C\n\n## D\n\n# E\n";
        let doc = markdown::parse(src.to_owned());
        let s = outline(&doc);
        assert_eq!(
            summary(&s),
            [
                ("A".into(), 1),
                ("B".into(), 2),
                ("C".into(), 3),
                ("D".into(), 2),
                ("E".into(), 1)
            ]
        );
        let at = |t: &str| src.find(t).unwrap();
        assert_eq!((s[0].start(), s[0].end()), (0, at("# E")));
        assert_eq!((s[1].start(), s[1].end()), (at("## B"), at("## D")));
        assert_eq!(s[2].end(), at("## D"));
        assert_eq!(s[3].end(), at("# E"));
        assert_eq!(s[4].end(), src.len());
    }

    #[test]
    fn headingless_markdown_lists_its_parts() {
        let src = "---\ntitle: T\n---\n\nJust text.[^1]\n\n[^1]: A note.\n";
        let s = outline(&markdown::parse(src.to_owned()));
        assert_eq!(
            summary(&s),
            [
                ("Metadata".into(), 1),
                ("Body".into(), 1),
                ("Back matter".into(), 1)
            ]
        );
        assert!(src[s[2].start()..].starts_with("[^1]:"));
    }

    #[test]
    fn section_at_finds_the_innermost() {
        let src = "intro\n\n# A\n\nx\n\n## B\n\ny\n\n# C\n\nz\n";
        let doc = markdown::parse(src.to_owned());
        let s = outline(&doc);
        assert_eq!(section_at(&s, 0), None);
        assert_eq!(section_at(&s, src.find('x').unwrap()), Some(0));
        assert_eq!(section_at(&s, src.find('y').unwrap()), Some(1));
        assert_eq!(section_at(&s, src.find('z').unwrap()), Some(2));
        assert_eq!(section_at(&s, src.len() + 10), Some(2));
        assert_eq!(section_at(&[], 3), None);
    }

    #[test]
    fn plain_text_headings_are_siblings_of_the_parts() {
        let src = "Opening paragraph of the article, long enough to be prose, with a stop.\n\nA Subheading\n\nMore prose follows the subheading and ends with a stop.\n";
        let s = outline(&plaintext::parse(src.to_owned()));
        assert_eq!(
            summary(&s),
            [("Body".into(), 1), ("A Subheading".into(), 1)]
        );
        assert_eq!(s[0].end(), src.find("A Sub").unwrap());
        assert_eq!(s[1].end(), src.len());
        assert!(outline(&plaintext::parse(String::new())).is_empty());
    }

    #[test]
    fn plain_text_headings_keep_relative_levels() {
        use crate::core::doc::document::{Inline, Metadata};
        let src = "# A\ntext\n## B\nmore\n# C\nend";
        let head = |level: u8, start: usize, len: usize| Block {
            kind: BlockKind::Heading {
                level,
                inlines: smallvec::smallvec![Inline::plain(start..start + len)],
            },
            range: crate::core::doc::document::span(start..start + len),
            part: Part::Body,
        };
        let doc = Document {
            lazy: None,
            source: src.to_owned(),
            format: Format::PlainText,
            meta: Metadata::default(),
            blocks: vec![head(1, 0, 3), head(2, 9, 4), head(1, 19, 3)],
        };
        let s = outline(&doc);
        let got: Vec<(u8, usize, usize)> =
            s.iter().map(|s| (s.level, s.start(), s.end())).collect();
        assert_eq!(got, [(1, 0, 19), (2, 9, 19), (1, 19, src.len())]);
    }

    #[test]
    fn section_at_agrees_with_a_linear_scan() {
        let src = "# a\n\n## b\n\n### c\n\ntext\n\n## d\n\n# e\n\n### f\n\nmore\n";
        let doc = markdown::parse(src.to_owned());
        let s = outline(&doc);
        for off in 0..=src.len() {
            let linear = s
                .iter()
                .rposition(|x| x.start() <= off && (off < x.end() || x.end() == src.len()));
            assert_eq!(section_at(&s, off), linear, "offset {off}");
        }
    }
}
