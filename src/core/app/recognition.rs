//! Progressive entity recognition as a pure iterator of [`EntityBatch`]es: how a document is cut
//! into block chunks, each chunk's mentions and percentage, the regrouping of everything so far,
//! and the final consistency pass with its section summaries.
//!
//! Built on `core::doc` (document, entities, sections) and `core::app::entities`; the shell only
//! runs it on a thread and forwards each batch (`tui/jobs.rs`).

use crate::core::app::entities::{
    EntityBatch, SectionSummaries, parse_hex_color, section_summaries,
};
use crate::core::doc::document::Document;
use crate::core::doc::entities::{EntityKind, Mention, Recognizer, Scan, UserEntities, group};
use crate::core::doc::sections::Section;

/// Documents at least this big are recognised in chunks with progress.
pub const CHUNK_BYTES: usize = 512 * 1024;
/// At most this many chunks (each regroups everything seen so far).
const MAX_CHUNKS: usize = 20;

/// The colours the user gave their own entity types in entities.toml (malformed ones are
/// skipped: the type keeps its default colour).
pub fn custom_colors(user: &UserEntities) -> Vec<(EntityKind, (u8, u8, u8))> {
    user.types
        .iter()
        .filter_map(|t| {
            Some((
                EntityKind::parse(&t.name)?,
                t.color.as_deref().and_then(parse_hex_color)?,
            ))
        })
        .collect()
}

/// How many bytes of blocks go in a chunk for a document of `total` bytes in `blocks` blocks;
/// `None` when it is recognised in one go.
fn chunk_size(total: usize, blocks: usize) -> Option<usize> {
    (total >= CHUNK_BYTES && blocks >= 2).then(|| CHUNK_BYTES.max(total / MAX_CHUNKS))
}

/// The batches recognising one document. A small document (under [`CHUNK_BYTES`], or a single
/// block) is one final batch. A big one is scanned in chunks of whole blocks of about
/// `max(CHUNK_BYTES, size / MAX_CHUNKS)` bytes: each chunk yields its own mentions (to append),
/// everything so far grouped, and how far the scan got (below 100); then a final batch
/// resolves all the candidates together, replaces what came before and is `done` at 100%.
pub struct Recognition<'a> {
    doc: &'a Document,
    /// The reader's outline of `doc` (the last batch summarises its entries).
    outline: &'a [Section],
    recognizer: &'a Recognizer,
    generation: u64,
    custom_colors: Vec<(EntityKind, (u8, u8, u8))>,
    /// Bytes per chunk; `None` when the document goes in one batch.
    chunk: Option<usize>,
    /// The first block of the next chunk.
    next_block: usize,
    /// Every chunk's candidates, for the final pass.
    all: Scan,
    /// Every chunk's mentions, for grouping.
    so_far: Vec<Mention>,
    finished: bool,
}

impl<'a> Recognition<'a> {
    /// Recognition of `doc` (whose reader's outline is `outline`) with `recognizer`,
    /// answering request `generation`; every batch carries `custom_colors`.
    pub fn new(
        doc: &'a Document,
        outline: &'a [Section],
        recognizer: &'a Recognizer,
        generation: u64,
        custom_colors: Vec<(EntityKind, (u8, u8, u8))>,
    ) -> Self {
        let chunk = chunk_size(doc.source.len(), doc.block_count());
        Self {
            doc,
            outline,
            recognizer,
            generation,
            custom_colors,
            chunk,
            next_block: 0,
            all: Scan::default(),
            so_far: Vec::new(),
            finished: false,
        }
    }

    /// The next chunk of blocks from `self.next_block`, as a batch that is not `done`.
    fn next_chunk(&mut self, chunk: usize) -> EntityBatch {
        let (doc, recognizer) = (self.doc, self.recognizer);
        let text = doc.source.as_str();
        let total = text.len();
        let n = doc.block_count();
        let range = |i: usize| doc.block_range(i).unwrap_or_default();
        let start = self.next_block;
        let from = range(start).start;
        let mut end = start + 1;
        while end < n && range(end).end.saturating_sub(from) < chunk {
            end += 1;
        }
        let scan = recognizer.scan_blocks(doc, start..end);
        let mentions = recognizer.resolve(text, &scan);
        let done_bytes = range(end - 1).end;
        if start == 0 {
            // all the candidates are kept for the final pass: size for them from the first
            // chunk's density (with a margin), once
            let done = done_bytes.max(1);
            self.all
                .reserve_scaled(&scan, total.saturating_mul(9), done.saturating_mul(8));
        }
        self.all.extend(scan);
        self.so_far.extend(mentions.iter().cloned());
        self.next_block = end;
        let percent = u8::try_from(done_bytes.saturating_mul(100) / total.max(1)).unwrap_or(99);
        EntityBatch {
            generation: self.generation,
            entities: group(text, &self.so_far),
            custom_colors: self.custom_colors.clone(),
            mentions,
            percent: percent.min(99),
            done: false,
            section_summaries: SectionSummaries::default(),
        }
    }

    /// The batch of all the document's `mentions`, grouped and summarised per section.
    fn last_batch(&mut self, mentions: Vec<Mention>) -> EntityBatch {
        let entities = group(&self.doc.source, &mentions);
        EntityBatch {
            generation: self.generation,
            section_summaries: section_summaries(self.outline, &entities),
            mentions,
            entities,
            custom_colors: std::mem::take(&mut self.custom_colors),
            percent: 100,
            done: true,
        }
    }
}

impl Iterator for Recognition<'_> {
    type Item = EntityBatch;

    fn next(&mut self) -> Option<EntityBatch> {
        if self.finished {
            return None;
        }
        match self.chunk {
            Some(chunk) if self.next_block < self.doc.block_count() => Some(self.next_chunk(chunk)),
            Some(_) => {
                self.finished = true;
                // the chunks' mentions were only for grouping along the way: free them before
                // the final pass builds all of them again (at 100 MB, tens of megabytes)
                self.so_far = Vec::new();
                let all = std::mem::take(&mut self.all);
                let mentions = self.recognizer.resolve(&self.doc.source, &all);
                // the candidates are done with: free them before the grouping and the
                // outline's summaries (the peak of a big document's memory)
                drop(all);
                Some(self.last_batch(mentions))
            }
            None => {
                self.finished = true;
                let mentions = self.recognizer.recognize_document(self.doc);
                Some(self.last_batch(mentions))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::doc::outline::for_reader;

    fn big_text(bytes: usize) -> String {
        let para = "Huawei met officials in Moscow on Monday. ".repeat(200);
        let mut text = String::new();
        while text.len() < bytes {
            text.push_str(&para);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn a_small_document_is_one_final_batch() {
        let doc = crate::core::doc::plaintext::parse(
            "# Ties\n\nXi Jinping visited Moscow in May 2015.\n".into(),
        );
        let recognizer = Recognizer::new();
        let batches: Vec<_> =
            Recognition::new(&doc, &for_reader(&doc), &recognizer, 3, Vec::new()).collect();
        assert_eq!(batches.len(), 1);
        let b = &batches[0];
        assert!(b.done && b.percent == 100 && b.generation == 3);
        assert_eq!(b.mentions, recognizer.recognize_document(&doc));
        assert!(b.entities.iter().any(|e| e.canonical == "Moscow"));
        assert_eq!(b.section_summaries.len(), for_reader(&doc).len());
    }

    #[test]
    fn big_documents_come_in_chunks_then_a_final_batch() {
        let doc = crate::core::doc::plaintext::parse(big_text(CHUNK_BYTES * 3));
        let recognizer = Recognizer::new();
        let colors = vec![(EntityKind::Org, (1, 2, 3))];
        let batches: Vec<_> =
            Recognition::new(&doc, &for_reader(&doc), &recognizer, 7, colors.clone()).collect();
        assert!(batches.len() >= 4, "{}", batches.len());
        let (last, chunks) = batches.split_last().unwrap();
        assert!(last.done && last.percent == 100 && last.generation == 7);
        assert!(
            chunks
                .iter()
                .all(|b| !b.done && b.section_summaries.is_empty())
        );
        assert!(batches.iter().all(|b| b.custom_colors == colors));
        // percentages rise and stay below 100 until the end
        let percents: Vec<u8> = chunks.iter().map(|b| b.percent).collect();
        assert!(percents.windows(2).all(|w| w[0] < w[1]), "{percents:?}");
        assert!(percents.iter().all(|&p| p < 100), "{percents:?}");
        // the chunks together found what the final pass found, and grouped all of it so far
        let partial: Vec<Mention> = chunks.iter().flat_map(|b| b.mentions.clone()).collect();
        assert_eq!(partial, last.mentions);
        let counted: usize = chunks
            .last()
            .unwrap()
            .entities
            .iter()
            .map(crate::core::doc::entities::Entity::count)
            .sum();
        assert_eq!(counted, partial.len());
        assert_eq!(last.mentions, recognizer.recognize_document(&doc));
    }

    #[test]
    fn chunks_are_half_a_megabyte_or_a_twentieth_of_a_huge_document() {
        assert_eq!(chunk_size(CHUNK_BYTES - 1, 100), None);
        assert_eq!(
            chunk_size(CHUNK_BYTES * 30, 1),
            None,
            "one block is never chunked"
        );
        assert_eq!(chunk_size(CHUNK_BYTES * 3, 100), Some(CHUNK_BYTES));
        assert_eq!(
            chunk_size(CHUNK_BYTES * 30, 100),
            Some(CHUNK_BYTES * 30 / 20)
        );
    }

    #[test]
    fn custom_colors_keep_only_parsable_types_and_colours() {
        let user = crate::core::doc::entities::parse_user_entities(
            "[types]\nTECH = { color = \"#0a0B0c\" }\nDRUG = { color = \"teal\" }\n",
        )
        .unwrap();
        let colors = custom_colors(&user);
        assert_eq!(colors.len(), 1);
        assert_eq!(colors[0].0.label(), "TECH");
        assert_eq!(colors[0].1, (10, 11, 12));
    }
}
