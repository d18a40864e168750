//! The reader's outline: the document's own sections, then — under each section without
//! sub-sections — its paragraphs, grouped into inferred topics when the run is long and the
//! text shifts subject.
//!
//! Everything is one flat list of [`Section`]s in document order (the shape the sections pane,
//! the scroll-spy and folding already use), told apart by [`SectionKind`]: a topic is one level
//! below its section, its paragraphs one level below it. Author sections always win: topics are
//! only looked for inside a leaf section of the body.

use crate::core::doc::document::{BlockKind, Document, Part, inline_text, to_u32};
use crate::core::doc::sections::{self, Section, SectionKind};
use crate::core::doc::topics;

/// Longest lead kept for a paragraph entry's title, in cells (the view cuts it to the pane).
const LEAD_WIDTH: usize = 120;

/// The full outline of `doc`: author sections, inferred topics and paragraph entries, each
/// paragraph entry titled by its lead words.
pub fn outline(doc: &Document) -> Vec<Section> {
    build(doc, true, Titles::Kept)
}

/// The outline with paragraph entries but no topics: what the first frame of a large document
/// shows. Paragraph entries are untitled (see [`for_reader`]).
pub fn paragraph_outline(doc: &Document) -> Vec<Section> {
    build(doc, false, Titles::OnDemand)
}

/// Whether paragraph entries carry their titles. The reader names them on demand
/// ([`paragraph_title`]), for the rows the sections pane shows: a long document has a
/// paragraph entry per paragraph, and their lead words would cost a quarter of its text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Titles {
    Kept,
    OnDemand,
}

/// Largest document whose topics the reader infers before its first frame (about 5 ms of
/// work on an idle core). Larger documents open with paragraph entries only, so the first frame
/// never waits for the segmenter; `gloss sections` infers topics at any size.
pub const READER_TOPICS_MAX_BYTES: usize = 256 * 1024;

/// The outline the reader shows: [`outline`] up to [`READER_TOPICS_MAX_BYTES`], else
/// [`paragraph_outline`]. The sections pane and the entity summaries both use this, so their
/// indices agree. Paragraph entries have empty titles: [`paragraph_title`] gives the one
/// [`outline`] would.
pub fn for_reader(doc: &Document) -> Vec<Section> {
    build(
        doc,
        doc.source.len() <= READER_TOPICS_MAX_BYTES,
        Titles::OnDemand,
    )
}

/// The title of the paragraph entry for block `block`: its lead words, as [`outline`] names
/// it.
pub fn paragraph_title(doc: &Document, block: usize) -> String {
    match doc.block(block).as_deref().map(|b| &b.kind) {
        Some(BlockKind::Paragraph(inlines)) => {
            topics::lead_words(&lead_text(&doc.source, inlines), LEAD_WIDTH)
        }
        _ => String::new(),
    }
}

/// The start of a paragraph's text: enough for its lead words.
fn lead_text(source: &str, inlines: &[crate::core::doc::document::Inline]) -> String {
    let mut lead = String::new();
    // line by line (a merged run of hard-wrapped lines may be the whole paragraph)
    for run in inlines.iter().flat_map(|r| r.pieces(source)) {
        if lead.len() > 4 * LEAD_WIDTH {
            break;
        }
        lead.push_str(&run.text(source));
    }
    lead
}

fn is_leaf(base: &[Section], i: usize) -> bool {
    match (base.get(i), base.get(i + 1)) {
        (Some(s), Some(next)) => next.level <= s.level,
        _ => true,
    }
}

/// The paragraph blocks of leaf section `s`: (block index, display text). Without `full`
/// only the text's start, enough for the lead words (a big document has many paragraphs).
fn paragraphs(doc: &Document, s: &Section, full: bool) -> Vec<(usize, String)> {
    doc.blocks_in(s.block()..doc.block_count())
        .enumerate()
        .map(|(k, b)| (s.block() + k, b))
        .take_while(|(_, b)| b.range().start < s.end())
        .filter_map(|(i, b)| match &b.kind {
            BlockKind::Paragraph(inlines) if full => Some((i, inline_text(&doc.source, inlines))),
            BlockKind::Paragraph(inlines) => Some((i, lead_text(&doc.source, inlines))),
            _ => None,
        })
        .collect()
}

fn build(doc: &Document, with_topics: bool, titles: Titles) -> Vec<Section> {
    let base = sections::outline(doc);
    let mut out: Vec<Section> = Vec::with_capacity(base.len() + doc.block_count());
    let mut last_label: Option<String> = None;
    for (i, s) in base.iter().enumerate() {
        out.push(s.clone());
        if !is_leaf(&base, i) {
            continue;
        }
        let in_body = doc.block(s.block()).is_some_and(|b| b.part == Part::Body);
        if !(with_topics && in_body) && titles == Titles::OnDemand {
            // untitled entries need no text at all
            let level = s.level.saturating_add(1);
            out.extend(
                doc.blocks_in(s.block()..doc.block_count())
                    .enumerate()
                    .map(|(k, b)| (s.block() + k, b))
                    .take_while(|(_, b)| b.range().start < s.end())
                    .filter(|(_, b)| matches!(b.kind, BlockKind::Paragraph(_)))
                    .map(|(block, b)| paragraph_entry(b.range(), block, String::new(), level)),
            );
            continue;
        }
        let paras = paragraphs(doc, s, with_topics && in_body);
        let texts: Vec<&str> = paras.iter().map(|(_, t)| t.as_str()).collect();
        let bounds = if with_topics && in_body {
            topics::segment(&texts)
        } else {
            Vec::new()
        };
        let level = s.level.saturating_add(1);
        if bounds.is_empty() {
            push_paragraphs(&mut out, doc, &paras, level, titles);
            continue;
        }
        let mut starts = vec![0];
        starts.extend(&bounds);
        let ranges: Vec<std::ops::Range<usize>> = starts
            .iter()
            .zip(starts.iter().skip(1).chain(std::iter::once(&paras.len())))
            .map(|(&a, &b)| a..b)
            .collect();
        let groups: Vec<Vec<&str>> = ranges
            .iter()
            .map(|r| texts.get(r.clone()).unwrap_or_default().to_vec())
            .collect();
        // Topics of consecutive sections are neighbours in the outline too.
        let labels = topics::labels_after(&groups, last_label.as_deref());
        last_label = labels.last().cloned();
        for (r, label) in ranges.into_iter().zip(labels) {
            let Some(&(block, _)) = paras.get(r.start) else {
                continue;
            };
            let Some(range) = doc.block_range(block) else {
                continue;
            };
            out.push(Section {
                title: label.into(),
                level,
                start: to_u32(range.start),
                end: to_u32(range.start),
                block: to_u32(block),
                kind: SectionKind::Topic,
            });
            push_paragraphs(
                &mut out,
                doc,
                paras.get(r).unwrap_or_default(),
                level.saturating_add(1),
                titles,
            );
        }
    }
    sections::close_ends(&mut out, doc.source.len());
    // A paragraph entry covers its paragraph only (its byte range, as `gloss sections --json`
    // reports it); the scroll-spy uses starts alone.
    for s in &mut out {
        if s.kind == SectionKind::Paragraph
            && let Some(range) = doc.block_range(s.block())
        {
            s.end = to_u32(range.end);
        }
    }
    out.shrink_to_fit();
    out
}

fn push_paragraphs(
    out: &mut Vec<Section>,
    doc: &Document,
    paras: &[(usize, String)],
    level: u8,
    titles: Titles,
) {
    for (block, text) in paras {
        let Some(range) = doc.block_range(*block) else {
            continue;
        };
        let title = match titles {
            Titles::Kept => topics::lead_words(text, LEAD_WIDTH),
            Titles::OnDemand => String::new(),
        };
        out.push(paragraph_entry(range, *block, title, level));
    }
}

fn paragraph_entry(
    range: std::ops::Range<usize>,
    block: usize,
    title: String,
    level: u8,
) -> Section {
    Section {
        title: title.into(),
        level,
        start: to_u32(range.start),
        end: to_u32(range.end),
        block: to_u32(block),
        kind: SectionKind::Paragraph,
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::*;
    use crate::core::doc::{markdown, plaintext};

    const SEED: &str = include_str!("../../../seeds/china-russia-deepen-technological-ties.txt");

    #[test]
    fn the_seed_lists_every_body_paragraph() {
        let doc = plaintext::parse(SEED.to_owned());
        let s = paragraph_outline(&doc);
        let body = s.iter().position(|x| &*x.title == "Body").unwrap();
        let body_paragraphs = doc
            .blocks
            .iter()
            .filter(|b| b.part == Part::Body && matches!(b.kind, BlockKind::Paragraph(_)))
            .count();
        let listed: Vec<&Section> = s
            .iter()
            .skip(body + 1)
            .take_while(|x| x.kind == SectionKind::Paragraph)
            .collect();
        assert_eq!(listed.len(), body_paragraphs);
        assert!(listed.iter().all(|p| p.level == 3));
        // untitled in the reader's outline, named on demand exactly as `outline` names them
        assert!(listed.iter().all(|p| p.title.is_empty()));
        assert!(
            paragraph_title(&doc, listed[0].block()).starts_with("China and Russia are deepening")
        );
        let full = outline(&doc);
        for p in &listed {
            let named = full.iter().find(|x| x.block == p.block && x.kind == p.kind);
            assert_eq!(&*named.unwrap().title, paragraph_title(&doc, p.block()));
        }
        assert!(doc.source[listed[0].start()..listed[0].end()].starts_with("China and Russia"));
        // the scroll-spy lands on the paragraph, the innermost entry
        let at = sections::section_at(&s, listed[2].start() + 3).unwrap();
        assert_eq!(s[at].start(), listed[2].start());
    }

    #[test]
    fn headed_sections_keep_their_place_and_list_their_paragraphs() {
        use SectionKind::{Author, Paragraph};
        let src = "# A\n\nIntro text.\n\n## B\n\nOne.\n\nTwo.\n\n# C\n\nThree.\n";
        let s = outline(&markdown::parse(src.to_owned()));
        let got: Vec<(&str, u8, SectionKind)> =
            s.iter().map(|x| (&*x.title, x.level, x.kind)).collect();
        assert_eq!(
            got,
            [
                ("A", 1, Author),
                ("B", 2, Author),
                ("One.", 3, Paragraph),
                ("Two.", 3, Paragraph),
                ("C", 1, Author),
                ("Three.", 2, Paragraph),
            ]
        );
        // the author sections' ends are those of the plain outline
        let plain = sections::outline(&markdown::parse(src.to_owned()));
        let authors: Vec<&Section> = s.iter().filter(|x| x.kind == Author).collect();
        assert!(authors.iter().zip(&plain).all(|(a, b)| **a == *b));
    }

    #[test]
    fn a_long_run_that_shifts_subject_gets_labelled_topics() {
        let a = "The orchestra rehearsed the symphony in the Vienna concert hall, and the violinists tuned their violins while the conductor studied the symphony score.";
        let b = "Farmers harvested wheat in the Kansas fields as the tractors crossed the farmland, and the harvest filled the grain silos before the autumn rains.";
        let text: String = (0..12)
            .map(|i| format!("{} Day {i}.\n\n", if i < 6 { a } else { b }))
            .collect::<Vec<_>>()
            .concat();
        let s = outline(&plaintext::parse(text));
        let topics: Vec<&Section> = s.iter().filter(|x| x.kind == SectionKind::Topic).collect();
        assert_eq!(topics.len(), 2, "{s:#?}");
        assert!(topics[0].title.contains("Vienna"), "{}", topics[0].title);
        assert!(topics[1].title.contains("Kansas"), "{}", topics[1].title);
        let paragraphs = s
            .iter()
            .filter(|x| x.kind == SectionKind::Paragraph)
            .count();
        assert_eq!(paragraphs, 12);
        assert!(paragraph_outline(&plaintext::parse(String::new())).is_empty());
    }
}
