//! A big Markdown document kept as where its top-level blocks lie, its blocks built again
//! from the source when they are read ([`Store`], the model's [`BlockStore`]).
//!
//! The tree of a 100 MB Markdown file costs most of the file again (a million runs, half a
//! million blocks); the ranges of its top-level blocks cost a few megabytes. The text is cut
//! into segments of about [`SEGMENT`] bytes where no block can be open (`split_points`), and
//! each segment parses on its own exactly as it does inside the whole (link reference
//! definitions and footnote labels are collected up front, as for a segmented parse). So a
//! read builds the segment holding the block asked for, in well under a millisecond, and a
//! small cache keeps the last few: the reader's screen, a pass walking the document in order.
//! Pure (scoped threads only).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use super::segments::{build_segments, reference_definitions, split_points};
use crate::core::doc::document::{
    Block, BlockKind, BlockStore, Metadata, inline_text, span, to_u32, widen,
};

/// The size segments aim for: building one costs a fraction of a millisecond.
const SEGMENT: usize = 64 << 10;
/// A segment bigger than this (the split scan met a construct it cannot cut past, and the
/// rest is one segment) makes the document keep its tree instead: building it again on every
/// read would cost too much.
const MAX_SEGMENT: usize = 1 << 20;
/// How many built segments are kept.
const CACHE: usize = 8;

#[derive(Debug)]
pub(super) struct Store {
    /// Source range of each segment.
    segments: Vec<Range<u32>>,
    /// Index of each segment's first top-level block.
    first: Vec<u32>,
    /// Source range of each top-level block.
    tops: Vec<Range<u32>>,
    /// Link reference definitions (label normalised → destination) and footnote labels.
    refs: HashMap<String, Box<str>>,
    footnotes: HashSet<String>,
    /// The text of the first top-level heading (the title, without front matter).
    heading: Option<String>,
    /// Recently built segments, most recent last.
    cache: Mutex<Vec<(usize, Arc<[Block]>)>>,
}

/// What parsing a run of segments once records.
#[derive(Default)]
struct Found {
    /// Top-level blocks per segment.
    counts: Vec<u32>,
    tops: Vec<Range<u32>>,
    heading: Option<String>,
    meta: Metadata,
}

impl Store {
    /// Parses `src` once, keeping where its top-level blocks lie, and its metadata; `None`
    /// when it cannot be cut into segments small enough (see [`MAX_SEGMENT`]).
    pub(super) fn build(src: &str) -> Option<(Self, Metadata)> {
        let splits = split_points(src, SEGMENT);
        let segments: Vec<Range<usize>> = splits.windows(2).map(|w| w[0]..w[1]).collect();
        if segments.iter().any(|s| s.len() > MAX_SEGMENT) {
            return None;
        }
        let (refs, footnotes) = reference_definitions(src);
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, 8)
            .min(segments.len().max(1));
        let per = segments.len().div_ceil(threads).max(1);
        let find = |run: &[Range<usize>]| {
            let mut found = Found::default();
            for (k, segment) in run.iter().enumerate() {
                let (blocks, meta) =
                    build_segments(src, std::slice::from_ref(segment), &refs, &footnotes);
                if k == 0 {
                    found.meta = meta;
                }
                found.counts.push(to_u32(blocks.len()));
                found.tops.extend(blocks.iter().map(|b| b.range.clone()));
                if found.heading.is_none() {
                    found.heading = blocks.iter().find_map(|b| match &b.kind {
                        BlockKind::Heading { inlines, .. } => Some(inline_text(src, inlines)),
                        _ => None,
                    });
                }
            }
            found
        };
        let parts: Vec<Found> = std::thread::scope(|s| {
            let handles: Vec<_> = segments
                .chunks(per)
                .map(|run| s.spawn(move || find(run)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let mut first = Vec::with_capacity(segments.len());
        let mut tops = Vec::with_capacity(parts.iter().map(|p| p.tops.len()).sum());
        let mut heading = None;
        let mut meta = None;
        for part in parts {
            let mut at = tops.len();
            for count in part.counts {
                first.push(to_u32(at));
                at += count as usize;
            }
            tops.extend(part.tops);
            heading = heading.or(part.heading);
            meta.get_or_insert(part.meta);
        }
        let store = Self {
            segments: segments.into_iter().map(span).collect(),
            first,
            tops,
            refs: refs
                .into_iter()
                .map(|(label, dest)| (label, Box::from(dest)))
                .collect(),
            footnotes,
            heading,
            cache: Mutex::new(Vec::new()),
        };
        Some((store, meta.unwrap_or_default()))
    }
}

impl BlockStore for Store {
    fn count(&self) -> usize {
        self.tops.len()
    }

    fn range(&self, i: usize) -> Option<Range<usize>> {
        self.tops.get(i).map(widen)
    }

    fn built(&self, source: &str, i: usize) -> Option<(Arc<[Block]>, usize)> {
        if i >= self.tops.len() {
            return None;
        }
        // the last segment starting at or before block `i` (an empty one shares its start)
        let seg = self
            .first
            .partition_point(|&f| f as usize <= i)
            .checked_sub(1)?;
        let local = i - *self.first.get(seg)? as usize;
        {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(pos) = cache.iter().position(|(s, _)| *s == seg) {
                let entry = cache.remove(pos);
                let blocks = Arc::clone(&entry.1);
                cache.push(entry);
                return Some((blocks, local));
            }
        }
        // built outside the lock: the reader's thread never waits for a pass's segment
        let range = widen(self.segments.get(seg)?);
        let (blocks, _) = build_segments(source, &[range], &self.refs, &self.footnotes);
        let blocks: Arc<[Block]> = blocks.into();
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= CACHE {
            cache.remove(0);
        }
        cache.push((seg, Arc::clone(&blocks)));
        Some((blocks, local))
    }

    fn first_heading(&self) -> Option<&str> {
        self.heading.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;
    use crate::core::doc::document::{BlockRef, Document, Format};
    use crate::core::doc::markdown::segments::build;

    /// About `kb` kilobytes of Markdown with every kind of block, links by reference and
    /// footnotes defined far from their references.
    fn varied(kb: usize) -> String {
        let mut src = String::from("---\ntitle: Big\n---\n\nSee [ref] and [^n].\n\n");
        let mut i = 0;
        while src.len() < kb << 10 {
            write!(src, "## Part {i}\n\nPara {i} with *emph*, `code`, &amp; a [link](u{i}) and [ref].\nHuawei met Samuel Bendett in Moscow[^n].\n\n").unwrap();
            src.push_str("- item\n- [x] task\n\n  more item\n\n> quote\n> more\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n");
            src.push_str("```rust\nfn main() {}\n\nNot a split point\n```\n\n<!-- comment\n\nStill comment -->\n\n");
            i += 1;
        }
        src.push_str("[ref]: https://example.com/ref\n\n[^n]: Note.\n");
        src
    }

    fn lazy(src: &str) -> Document {
        lazy_with_store(src).0
    }

    fn lazy_with_store(src: &str) -> (Document, Arc<Store>) {
        let (store, meta) = Store::build(src).expect("segments small enough");
        let store = Arc::new(store);
        let doc = Document {
            source: src.to_owned(),
            format: Format::Markdown,
            meta,
            blocks: Vec::new(),
            lazy: Some(Arc::clone(&store) as Arc<dyn BlockStore>),
        };
        (doc, store)
    }

    #[test]
    fn a_lazy_document_builds_the_blocks_of_the_whole_parse() {
        let src = varied(600);
        let (whole, meta) = build(&src, usize::MAX);
        let doc = lazy(&src);
        assert!(split_points(&src, SEGMENT).len() > 8);
        assert_eq!(doc.meta, meta);
        assert_eq!(doc.block_count(), whole.len());
        for (i, block) in whole.iter().enumerate() {
            assert_eq!(doc.block_range(i), Some(block.range()), "block {i}");
            assert_eq!(*doc.block(i).unwrap(), *block, "block {i}");
        }
        assert!(doc.block(whole.len()).is_none());
        assert_eq!(doc.all_blocks().count(), whole.len());
        // the title: front matter first, else the first heading, as the whole tree gives it
        let eager = Document {
            lazy: None,
            blocks: whole,
            ..doc.clone()
        };
        assert_eq!(doc.title(), eager.title());
        let untitled = Document {
            meta: Metadata::default(),
            ..doc.clone()
        };
        assert_eq!(untitled.title().as_deref(), Some("Part 0"));
    }

    #[test]
    fn every_pass_gives_on_a_lazy_document_what_it_gives_on_the_tree() {
        use crate::core::doc::{cursor, entities, layout, outline, search};
        let src = varied(300);
        let doc = Arc::new(lazy(&src));
        let tree = Arc::new(Document {
            lazy: None,
            blocks: build(&src, usize::MAX).0,
            ..(*doc).clone()
        });
        let lines = |d: &Arc<Document>| layout::Layout::new(d, 50).iter().collect::<Vec<_>>();
        assert!(lines(&tree).len() > 5000);
        assert_eq!(lines(&doc), lines(&tree));
        let partial = |d: &Arc<Document>| {
            layout::Layout::for_blocks(d, 40..90, 50)
                .iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(partial(&doc), partial(&tree));
        assert_eq!(outline::outline(&doc), outline::outline(&tree));
        assert_eq!(outline::for_reader(&doc), outline::for_reader(&tree));
        assert_eq!(
            cursor::CursorState::new(&doc),
            cursor::CursorState::new(&tree)
        );
        assert_eq!(search::find(&doc, "emph"), search::find(&tree, "emph"));
        let r = entities::Recognizer::new();
        let mentions = r.recognize_document(&tree);
        assert!(mentions.len() > 1000);
        assert_eq!(r.recognize_document(&doc), mentions);
    }

    #[test]
    fn a_block_read_again_comes_from_the_cache() {
        let src = varied(600);
        let (doc, store) = lazy_with_store(&src);
        let last = doc.block_count() - 1;
        let (Some(BlockRef::Built(a, _)), Some(BlockRef::Built(b, _))) =
            (doc.block(last), doc.block(last))
        else {
            panic!("a lazy document builds its blocks");
        };
        assert!(Arc::ptr_eq(&a, &b));
        // a pass over the whole document keeps only the last few segments
        assert_eq!(doc.all_blocks().count(), last + 1);
        let cached: Vec<usize> = store.cache.lock().unwrap().iter().map(|c| c.0).collect();
        assert_eq!(cached.len(), CACHE);
        assert_eq!(cached.last(), Some(&(store.segments.len() - 1)));
    }

    #[test]
    fn a_text_that_cannot_be_cut_small_keeps_its_tree() {
        // an indented fence in a list stops the split scan: the rest is one segment
        let mut src = String::from("- item\n\n    ```\n    code\n    ```\n\n");
        while src.len() < MAX_SEGMENT + (64 << 10) {
            src.push_str("Some paragraph text that goes on.\n\n");
        }
        assert!(Store::build(&src).is_none());
    }
}
