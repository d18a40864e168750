//! Reading an article from a file, stdin or the bundled seed into a [`Document`].
//!
//! NOTE: placeholder loader (lossy decode, blank-line paragraphs); the real decoder and parsers
//! replace its body. The signatures are the contract the commands and the reader use.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::core::document::{Block, BlockKind, Document, Format, Inline, Metadata, Part};

/// The article gloss opens when given no file.
pub const SEED_NAME: &str = "china-russia-deepen-technological-ties.txt";
pub const SEED_TEXT: &str = include_str!("../seeds/china-russia-deepen-technological-ties.txt");

/// A document and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub doc: Document,
    /// The file, canonicalised when possible; `None` for stdin and the bundled seed.
    pub path: Option<PathBuf>,
    /// What the status bar shows (file name, `<stdin>`, or the seed's name).
    pub display_name: String,
    /// Non-fatal problems to show the user (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
}

/// Loads `path` (`None` = the bundled seed, `-` = stdin).
pub fn load(path: Option<&Path>) -> anyhow::Result<Loaded> {
    let (bytes, display_name, path) = match path {
        None => (SEED_TEXT.as_bytes().to_vec(), SEED_NAME.to_owned(), None),
        Some(p) => (
            std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
            p.display().to_string(),
            Some(p.to_path_buf()),
        ),
    };
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let mut blocks = Vec::new();
    let mut pos = 0;
    for chunk in source.split("\n\n") {
        let start = pos;
        let end = pos + chunk.len();
        pos = end + 2;
        if chunk.trim().is_empty() {
            continue;
        }
        blocks.push(Block {
            kind: BlockKind::Paragraph(vec![Inline::plain(&source, start..end)]),
            range: start..end,
            part: Part::Body,
        });
    }
    Ok(Loaded {
        doc: Document {
            source,
            format: Format::PlainText,
            meta: Metadata::default(),
            blocks,
        },
        path,
        display_name,
        warnings: Vec::new(),
    })
}
