//! Wrapping: a [`Document`] laid out into display lines at one width.
//!
//! Layout is computed once per width and cached by the caller; rendering then touches only the
//! visible lines. Every [`Segment`] keeps the source byte range it shows, so overlays (search
//! hits, entities, notes, the reading cursor) are drawn by intersecting source ranges, and the
//! reading position survives a resize as a source offset ([`Layout::line_for_offset`]).
//!
//! Segment text is already display-safe (see `sanitize`): controls are pictures, tabs are spaces.
//!
//! NOTE: this first version is a deliberately naive placeholder (character wrapping); the
//! public API below is the contract the views code against.

use std::ops::Range;

use crate::core::document::{BlockKind, Document, InlineStyle, inline_text};
use crate::core::sanitize::display_safe;

/// What a line is, for the view to style it and draw its decorations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Heading(u8),
    Text,
    Meta,
    ListItem,
    Quote,
    Code,
    Table,
    Rule,
}

/// The semantic role of a piece of text within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading(u8),
    MetaLabel,
    MetaValue,
    /// Decoration the layout added (list bullets, quote bars, table borders, rules).
    Decoration,
    Code,
}

/// A styled piece of one display line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Display-safe text.
    pub text: String,
    /// Source bytes this text shows (empty range at the insertion point for decorations).
    pub src: Range<usize>,
    pub role: Role,
    pub style: InlineStyle,
    /// True when `text` is exactly `source[src]` (so byte offsets map one to one).
    pub identity: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub segments: Vec<Segment>,
    /// Source bytes covered by the line (start = the line's reading position).
    pub src: Range<usize>,
    /// Index of the top-level block this line belongs to.
    pub block: usize,
}

impl Line {
    /// The line's display text (all segments concatenated).
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// All display lines of a document at one width.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub width: u16,
    pub lines: Vec<Line>,
}

impl Layout {
    /// Lays `doc` out `width` cells wide.
    pub fn new(doc: &Document, width: u16) -> Self {
        let width = width.max(1);
        let mut lines = Vec::new();
        for (i, block) in doc.blocks.iter().enumerate() {
            let (kind, role, text) = match &block.kind {
                BlockKind::Heading { level, inlines } => (
                    LineKind::Heading(*level),
                    Role::Heading(*level),
                    inline_text(inlines),
                ),
                BlockKind::Paragraph(inlines) => (LineKind::Text, Role::Body, inline_text(inlines)),
                BlockKind::Code { text, .. } => (LineKind::Code, Role::Code, text.clone()),
                _ => (
                    LineKind::Text,
                    Role::Body,
                    doc.source
                        .get(block.range.clone())
                        .unwrap_or_default()
                        .to_owned(),
                ),
            };
            let text = display_safe(&text).replace(['\n', '\t'], " ");
            let chars: Vec<char> = text.chars().collect();
            for chunk in chars.chunks(usize::from(width)) {
                lines.push(Line {
                    kind,
                    segments: vec![Segment {
                        text: chunk.iter().collect(),
                        src: block.range.clone(),
                        role,
                        style: InlineStyle::empty(),
                        identity: false,
                    }],
                    src: block.range.clone(),
                    block: i,
                });
            }
            lines.push(Line {
                kind: LineKind::Blank,
                segments: Vec::new(),
                src: block.range.end..block.range.end,
                block: i,
            });
        }
        Self { width, lines }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The last line whose source start is at or before `offset` (0 for an empty layout).
    pub fn line_for_offset(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.src.start <= offset)
            .saturating_sub(1)
    }

    /// The source offset a line starts at (its reading position).
    pub fn offset_of_line(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, |l| l.src.start)
    }
}
