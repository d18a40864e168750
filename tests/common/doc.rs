//! A small builder for test documents: headings and paragraphs, separated by blank lines, with
//! the block ranges computed for you, instead of hand-built `Document` literals.

// Each test binary uses its own subset of the helpers.
#![allow(dead_code)]

use gloss::core::doc::annotation::{Annotation, DocRef, Placement, TextPosition, TextQuote};
use gloss::core::doc::document::{
    Block, BlockKind, Document, Format, Inline, Metadata, Part, span,
};

/// Builds a Markdown-format [`Document`] block by block.
#[derive(Debug)]
pub struct DocBuilder {
    source: String,
    blocks: Vec<Block>,
    format: Format,
    meta: Metadata,
}

impl Default for DocBuilder {
    fn default() -> Self {
        Self {
            source: String::new(),
            blocks: Vec::new(),
            format: Format::Markdown,
            meta: Metadata::default(),
        }
    }
}

impl DocBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A heading of `level` whose text is `text` (one plain inline).
    pub fn heading(self, level: u8, text: &str) -> Self {
        self.block(text, |inlines| BlockKind::Heading {
            level,
            inlines: inlines.into(),
        })
    }

    /// A paragraph of plain text.
    pub fn para(self, text: &str) -> Self {
        self.block(text, |inlines| BlockKind::Paragraph(inlines.into()))
    }

    /// The document's format (Markdown by default).
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// The title its metadata gives.
    pub fn title(mut self, title: &str) -> Self {
        self.meta.title = Some(title.to_owned());
        self
    }

    fn block(mut self, text: &str, kind: impl FnOnce(Vec<Inline>) -> BlockKind) -> Self {
        if !self.source.is_empty() {
            self.source.push_str("\n\n");
        }
        let start = self.source.len();
        self.source.push_str(text);
        let range = start..self.source.len();
        self.blocks.push(Block {
            kind: kind(vec![Inline::plain(range.clone())]),
            range: span(range),
            part: Part::Body,
        });
        self
    }

    pub fn build(self) -> Document {
        Document {
            lazy: None,
            source: self.source,
            format: self.format,
            meta: self.meta,
            blocks: self.blocks,
        }
    }
}

/// A confirmed note on the first `word` of `text` (an article of `fingerprint`), tagged
/// `tags` (at least one), with a body that names its id and first tag.
pub fn note(id: &str, text: &str, fingerprint: &str, word: &str, tags: &[&str]) -> Annotation {
    let start = text.find(word).unwrap();
    Annotation {
        id: id.into(),
        doc: DocRef {
            fingerprint: fingerprint.into(),
            path: None,
            title: None,
        },
        quote: TextQuote {
            exact: word.into(),
            prefix: String::new(),
            suffix: String::new(),
        },
        position: TextPosition {
            start,
            end: start + word.len(),
        },
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        body: format!("why {id} matters #{}", tags[0]),
        color: None,
        created: "2026-11-01T00:00:00Z".into(),
        modified: "2026-11-01T00:00:00Z".into(),
        original: None,
        placement: Placement::Confirmed,
        similarity: None,
        revision: 0,
    }
}
