//! The sections pane over the full outline (author sections, inferred topics, paragraph
//! entries): what is folded when an article opens.
//!
//! A short article shows everything; a long one starts with its paragraph entries folded
//! under their sections and topics, so the pane opens as a table of contents and each part
//! unfolds on demand (or when `Enter`/the scroll-spy reveals it). Paragraph entries take one
//! line each, sections and topics two while their entity summaries are shown.

use crate::core::app::state::{AppState, SectionsState};
use crate::core::doc::sections::{Section, SectionKind};

/// Most paragraph entries listed unfolded when an article opens.
pub const UNFOLDED_PARAGRAPHS: usize = 40;

impl SectionsState {
    /// The pane for `items` (from `core::doc::outline`), folded as [`default_folds`] says.
    pub fn for_outline(items: Vec<Section>) -> Self {
        let folds = default_folds(&items);
        Self::folded(items, folds)
    }

    /// Whether item `i` is an entry for a paragraph.
    pub fn is_paragraph(&self, i: usize) -> bool {
        self.items
            .get(i)
            .is_some_and(|s| s.kind == SectionKind::Paragraph)
    }

    /// How many entries are sections or topics (not paragraphs).
    pub fn section_count(&self) -> usize {
        self.items
            .iter()
            .filter(|s| s.kind != SectionKind::Paragraph)
            .count()
    }
}

/// Screen lines of item `i` in the sections pane: a section or topic takes two while the entity
/// summaries are shown (its title and a dim summary line), a paragraph entry always one.
pub fn entry_height(state: &AppState, i: usize) -> usize {
    if state.sections.is_paragraph(i) {
        1
    } else {
        crate::core::app::entities::section_row_height(state)
    }
}

/// The listed row drawn at `line` lines below the top of the sections pane, if any.
pub fn row_at_line(state: &AppState, line: usize) -> Option<usize> {
    let mut y = 0;
    for (r, &i) in state
        .sections
        .rows
        .iter()
        .enumerate()
        .skip(state.sections.offset)
    {
        let h = entry_height(state, i);
        if line < y + h {
            return Some(r);
        }
        y += h;
    }
    None
}

/// Per item: folded on opening. Nothing when there are at most [`UNFOLDED_PARAGRAPHS`]
/// paragraph entries; otherwise every section or topic whose children are paragraphs.
pub fn default_folds(items: &[Section]) -> Vec<bool> {
    let paragraphs = items
        .iter()
        .filter(|s| s.kind == SectionKind::Paragraph)
        .count();
    let fold_all = paragraphs > UNFOLDED_PARAGRAPHS;
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            fold_all
                && s.kind != SectionKind::Paragraph
                && items
                    .get(i + 1)
                    .is_some_and(|n| n.kind == SectionKind::Paragraph && n.level > s.level)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::doc::{outline::outline, plaintext};

    const SEED: &str = include_str!("../../../seeds/china-russia-deepen-technological-ties.txt");

    #[test]
    fn the_bundled_article_opens_with_every_paragraph_listed() {
        let doc = plaintext::parse(SEED.to_owned());
        let s = SectionsState::for_outline(outline(&doc));
        assert!(s.folded.iter().all(|f| !f));
        let listed = s.rows.iter().filter(|&&i| s.is_paragraph(i)).count();
        let body = doc
            .blocks
            .iter()
            .filter(|b| {
                b.part == crate::core::doc::document::Part::Body
                    && matches!(b.kind, crate::core::doc::document::BlockKind::Paragraph(_))
            })
            .count();
        assert!(
            listed >= body && body >= 14,
            "{listed} rows for {body} paragraphs"
        );
    }

    #[test]
    fn a_long_article_opens_with_its_paragraphs_folded() {
        let text = (0..60)
            .map(|i| format!("Paragraph number {i} says something about the matter.\n\n"))
            .collect::<Vec<_>>()
            .concat();
        let s = SectionsState::for_outline(outline(&plaintext::parse(text)));
        assert_eq!(s.rows.len(), s.section_count());
        assert!(s.rows.iter().all(|&i| !s.is_paragraph(i)));
    }
}
