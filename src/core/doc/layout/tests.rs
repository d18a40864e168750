use super::*;
use std::borrow::Cow;

use crate::core::doc::document::{
    Align, Block, BlockKind, Field, Format, Inline, List, ListItem, Metadata, Part, Table, span,
};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn doc(source: &str, blocks: Vec<Block>) -> Arc<Document> {
    Arc::new(Document {
        lazy: None,
        source: source.to_owned(),
        format: Format::Markdown,
        meta: Metadata::default(),
        blocks,
    })
}

fn block(kind: BlockKind, range: Range<usize>) -> Block {
    Block {
        kind,
        range: span(range),
        part: Part::Body,
    }
}

/// A paragraph of the whole `range`, as one plain inline.
fn para(range: Range<usize>) -> Block {
    block(
        BlockKind::Paragraph(smallvec::smallvec![Inline::plain(range.clone())]),
        range,
    )
}

/// A document that is one paragraph of all of `text`.
fn one_para(text: &str) -> Arc<Document> {
    doc(text, vec![para(0..text.len())])
}

fn texts(l: &Layout, source: &str) -> Vec<String> {
    l.all_lines().iter().map(|x| x.text(source)).collect()
}

fn assert_fits(l: &Layout, source: &str) {
    for line in &l.all_lines() {
        assert!(
            line.width(source) <= usize::from(l.width),
            "line {:?} is {} cells wide at width {}",
            line.text(source),
            line.width(source),
            l.width
        );
    }
}

#[test]
fn paragraph_wraps_at_word_boundaries_with_identity_segments() {
    let d = one_para("The quick brown fox jumps over the lazy dog");
    let l = Layout::new(&d, 15);
    assert_eq!(
        texts(&l, &d.source),
        ["The quick brown", "fox jumps over", "the lazy dog"]
    );
    for line in &l.all_lines() {
        for s in &line.segments {
            assert!(s.identity && s.shown.is_none());
            assert_eq!(d.source.get(s.src.clone()), Some(s.text(&d.source)));
        }
    }
    assert_eq!(l.all_lines()[1].src, 16..30);
}

#[test]
fn long_word_breaks_between_graphemes_only() {
    let text = "ae\u{301}e\u{301}e\u{301}👨‍👩‍👧e\u{301}e\u{301}";
    let d = one_para(text);
    let l = Layout::new(&d, 2);
    assert_fits(&l, &d.source);
    let all: String = l.all_lines().iter().map(|x| x.text(&d.source)).collect();
    assert_eq!(all, text);
    for line in &l.all_lines() {
        let t = line.text(&d.source);
        assert!(
            !t.starts_with('\u{301}') && !t.starts_with('\u{200d}'),
            "split inside a grapheme: {t:?}"
        );
    }
}

#[test]
fn cjk_takes_two_cells_and_breaks_anywhere() {
    let text = "日本語のテキストは単語の間に空白がありません";
    let d = one_para(text);
    let l = Layout::new(&d, 10);
    assert_fits(&l, &d.source);
    let n = l.all_lines().len();
    assert!(
        l.all_lines()[..n - 1]
            .iter()
            .all(|x| x.width(&d.source) >= 8),
        "{:?}",
        texts(&l, &d.source)
    );
    assert_eq!(
        l.all_lines()
            .iter()
            .map(|x| x.text(&d.source))
            .collect::<String>(),
        text
    );
}

#[test]
fn controls_are_shown_as_pictures_and_not_identity() {
    let text = "red \u{1b}[31mtext\u{9b}2J end";
    let d = one_para(text);
    let l = Layout::new(&d, 80);
    let shown = texts(&l, &d.source).join("\n");
    assert!(!shown.chars().any(is_unsafe), "{shown:?}");
    assert!(shown.contains('␛'));
    let lines = l.all_lines();
    let esc = lines[0]
        .segments
        .iter()
        .find(|s| s.text(&d.source) == "␛")
        .expect("picture segment");
    assert!(!esc.identity);
    assert_eq!(esc.src, 4..5);
}

#[test]
fn hard_wrapped_plain_text_keeps_exact_word_offsets() {
    let source = "one two\nthree\r\n  four";
    // a plain-text parser joins the lines with spaces
    let inline = Inline::shown("one two three four", 0..source.len());
    let d = doc(
        source,
        vec![block(
            BlockKind::Paragraph(smallvec::smallvec![inline]),
            0..source.len(),
        )],
    );
    let l = Layout::new(&d, 9);
    assert_eq!(texts(&l, source), ["one two", "three", "four"]);
    let lines = l.all_lines();
    let four = &lines[2].segments[0];
    assert!(four.identity);
    assert_eq!(four.src, 17..21);
    assert_eq!(l.line_for_offset(10), 1);
}

#[test]
fn tabs_in_prose_become_spaces() {
    let d = one_para("a\tb");
    let l = Layout::new(&d, 80);
    assert_eq!(texts(&l, &d.source), ["a b"]);
}

#[test]
fn headings_have_blank_lines_around_and_level_one_is_underlined() {
    let s = "# Title\n\nBody text.\n\n## Sub\n\nMore.";
    let h = |level, r: Range<usize>| {
        block(
            BlockKind::Heading {
                level,
                inlines: smallvec::smallvec![Inline::plain(
                    r.start + usize::from(level) + 1..r.end
                )],
            },
            r,
        )
    };
    let d = doc(s, vec![h(1, 0..7), para(9..19), h(2, 21..27), para(29..34)]);
    let l = Layout::new(&d, 40);
    assert_eq!(
        texts(&l, s),
        ["Title", "═════", "", "Body text.", "", "Sub", "", "More."]
    );
    assert_eq!(l.all_lines()[0].kind, LineKind::Heading(1));
    assert_eq!(l.all_lines()[5].kind, LineKind::Heading(2));
    assert_eq!(l.all_lines()[0].segments[0].role, Role::Heading(1));
    // a heading's first line starts at the block's start (the `#`)
    assert_eq!(l.line_for_offset(21), 5);
    assert_eq!(l.offset_of_line(5), 21);
}

fn item(r: Range<usize>, task: Option<bool>, nested: Option<Block>) -> ListItem {
    let mut blocks = vec![para(r.clone())];
    blocks.extend(nested);
    ListItem {
        task,
        blocks,
        range: r,
    }
}

#[test]
fn lists_have_markers_and_hanging_indents() {
    let s = "alpha beta gamma delta\nsecond\ninner\ndone\ntodo";
    let inner = block(
        BlockKind::List(Box::new(List {
            start: None,
            items: vec![item(30..35, None, None)],
        })),
        30..35,
    );
    let list = List {
        start: None,
        items: vec![
            item(0..22, None, None),
            item(23..29, None, Some(inner)),
            item(36..40, Some(true), None),
            item(41..45, Some(false), None),
        ],
    };
    let d = doc(s, vec![block(BlockKind::List(Box::new(list)), 0..s.len())]);
    let l = Layout::new(&d, 14);
    assert_eq!(
        texts(&l, s),
        [
            "• alpha beta",
            "  gamma delta",
            "• second",
            "  ◦ inner",
            "[x] done",
            "[ ] todo"
        ]
    );
    assert!(l.all_lines().iter().all(|x| x.kind == LineKind::ListItem));
    assert_eq!(l.all_lines()[0].segments[0].role, Role::Marker);
}

#[test]
fn ordered_lists_align_their_numbers() {
    let s = "abcdefghijk";
    let items = (0..10).map(|i| item(i..i + 1, None, None)).collect();
    let d = doc(
        s,
        vec![block(
            BlockKind::List(Box::new(List {
                start: Some(1),
                items,
            })),
            0..10,
        )],
    );
    let l = Layout::new(&d, 20);
    assert_eq!(l.all_lines()[0].text(s), " 1. a");
    assert_eq!(l.all_lines()[9].text(s), "10. j");
}

#[test]
fn quotes_draw_nested_bars_including_blank_lines() {
    let s = "outer words here\n\ninner";
    let inner = block(BlockKind::Quote(Box::new([para(18..23)])), 18..23);
    let d = doc(
        s,
        vec![block(
            BlockKind::Quote(Box::new([para(0..16), inner])),
            0..23,
        )],
    );
    let l = Layout::new(&d, 12);
    assert_eq!(texts(&l, s), ["│ outer", "│ words here", "│", "│ │ inner"]);
    assert_eq!(l.all_lines()[0].kind, LineKind::Quote);
}

#[test]
fn code_is_not_reflowed_and_long_lines_wrap_with_a_marker() {
    let s = "```\nfn main() {\n\tlet x = 1234567890;\n}\n```";
    let code = "fn main() {\n\tlet x = 1234567890;\n}\n";
    let d = doc(
        s,
        vec![block(
            BlockKind::Code {
                lang: None,
                text: code.into(),
            },
            0..s.len(),
        )],
    );
    let l = Layout::new(&d, 16);
    assert_eq!(
        texts(&l, s),
        ["  fn main() {", "      let x = 1↩", "  234567890;", "  }"]
    );
    assert_fits(&l, s);
    assert!(l.all_lines().iter().all(|x| x.kind == LineKind::Code));
    let lines = l.all_lines();
    let first = &lines[0].segments[1];
    assert!(first.identity);
    assert_eq!(first.src, 4..15);
}

fn cell(r: Range<usize>) -> Vec<Inline> {
    vec![Inline::plain(r)]
}

#[test]
fn tables_are_boxed_and_fitted_to_the_width() {
    let s = "Name Population Russia 146 million people China 1.4 billion";
    let t = Table {
        aligns: vec![Align::Left, Align::Right],
        header: vec![cell(0..4), cell(5..15)],
        rows: vec![
            vec![cell(16..22), cell(23..41)],
            vec![cell(42..47), cell(48..59)],
        ],
    };
    let d = doc(
        s,
        vec![block(BlockKind::Table(Box::new(t.clone())), 0..s.len())],
    );
    let l = Layout::new(&d, 80);
    assert_eq!(
        texts(&l, s),
        [
            "┌────────┬────────────────────┐",
            "│ Name   │         Population │",
            "├────────┼────────────────────┤",
            "│ Russia │ 146 million people │",
            "│ China  │        1.4 billion │",
            "└────────┴────────────────────┘",
        ]
    );
    assert!(
        l.all_lines()[1]
            .segments
            .iter()
            .any(|x| x.style.contains(InlineStyle::STRONG))
    );
    let narrow = Layout::new(&d, 20);
    assert_fits(&narrow, s);
    assert!(narrow.all_lines()[0].text(s).starts_with('┌'));
    let tiny = Layout::new(&d, 8);
    assert_fits(&tiny, s);
}

#[test]
fn metadata_has_label_and_value_roles() {
    let s = "Related Categories: China; Russia";
    let f = Field {
        label: "Related Categories".into(),
        value: vec![Inline::plain(20..s.len())],
    };
    let d = doc(s, vec![block(BlockKind::Metadata(vec![f]), 0..s.len())]);
    let l = Layout::new(&d, 80);
    assert_eq!(texts(&l, s), ["Related Categories: China; Russia"]);
    assert_eq!(l.all_lines()[0].kind, LineKind::Meta);
    assert_eq!(l.all_lines()[0].segments[0].role, Role::MetaLabel);
    assert_eq!(l.all_lines()[0].segments[1].role, Role::MetaValue);
    assert!(l.all_lines()[0].segments[1].identity);
}

#[test]
fn rules_and_footnotes() {
    let s = "---\n\n[^1]: A note.";
    let d = doc(
        s,
        vec![
            block(BlockKind::Rule, 0..3),
            block(
                BlockKind::Footnote {
                    label: "1".into(),
                    blocks: Box::new([para(11..18)]),
                },
                5..18,
            ),
        ],
    );
    let l = Layout::new(&d, 10);
    assert_eq!(texts(&l, s), ["──────────", "", "[1] A", "    note."]);
    assert_eq!(l.all_lines()[0].kind, LineKind::Rule);
    assert_eq!(l.all_lines()[2].kind, LineKind::Footnote);
}

#[test]
fn hard_breaks_end_lines() {
    let s = "one  \ntwo";
    let inl = vec![
        Inline::plain(0..3),
        Inline::shown("\n", 3..6),
        Inline::plain(6..9),
    ];
    let d = doc(s, vec![block(BlockKind::Paragraph(inl.into()), 0..9)]);
    let l = Layout::new(&d, 80);
    assert_eq!(texts(&l, s), ["one", "two"]);
}

#[test]
fn styles_follow_inlines_across_lines() {
    let s = "plain *emphasised words* end";
    let inl = vec![
        Inline::plain(0..6),
        Inline::shown("emphasised words", 7..23).styled(InlineStyle::EMPHASIS),
        Inline::plain(24..28),
    ];
    let d = doc(s, vec![block(BlockKind::Paragraph(inl.into()), 0..s.len())]);
    let l = Layout::new(&d, 16);
    assert_eq!(texts(&l, s), ["plain emphasised", "words end"]);
    assert_eq!(l.all_lines()[1].segments[0].style, InlineStyle::EMPHASIS);
    assert_eq!(l.all_lines()[1].segments[0].src, 18..23);
    assert_eq!(l.all_lines()[1].segments[1].style, InlineStyle::empty());
}

#[test]
fn lines_on_demand_equal_the_whole_layout_in_any_order() {
    let md = "# Title\n\nSome *text* that wraps across lines here.\n\n- a\n- b\n  - c\n\n> quote\n> more\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\nEnd.[^1]\n\n[^1]: note\n";
    let d = Arc::new(crate::core::doc::markdown::parse(md.repeat(3)));
    let l = Layout::new(&d, 12);
    let all = l.all_lines();
    assert_eq!(all.len(), l.len());
    assert!(
        d.blocks.len() > BLOCK_CACHE,
        "the walk must overflow the block cache"
    );
    for i in (0..l.len()).rev().chain(0..l.len()) {
        assert_eq!(l.line(i).as_ref(), Some(&all[i]), "line {i}");
        assert_eq!(l.offset_of_line(i), all[i].src.start);
    }
    assert_eq!(l.line(l.len()), None);
    assert_eq!(l.lines(2..5).collect::<Vec<_>>(), all[2..5].to_vec());
    assert!(all.windows(2).all(|w| w[0].src.start <= w[1].src.start));
}

#[test]
fn empty_document_and_width_zero_do_not_panic() {
    let d = doc("", Vec::new());
    let l = Layout::new(&d, 0);
    assert!(l.is_empty());
    assert_eq!(l.line_for_offset(5), 0);
    assert_eq!(l.offset_of_line(3), 0);
}

#[test]
fn big_documents_are_laid_out_in_parallel_identically() {
    let para_text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
    let mut s = String::new();
    let mut blocks = Vec::new();
    while s.len() < PARALLEL_THRESHOLD + 10_000 {
        let start = s.len();
        for _ in 0..5 {
            s.push_str(para_text);
        }
        blocks.push(para(start..s.len() - 1));
        s.push_str("\n\n");
    }
    let d = doc(&s, blocks);
    let par = Layout::new(&d, 70);
    let seq = Layout::for_blocks(&d, 0..d.blocks.len(), 70).all_lines();
    assert!(
        par.all_lines() == seq,
        "parallel and sequential layouts differ"
    );
    assert!(
        par.all_lines()
            .windows(2)
            .all(|w| w[0].src.start <= w[1].src.start)
    );
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,12}",
        "[a-z]{1,3}-[a-z]{1,5}",
        "[日本語中文字]{1,6}",
        Just("👍🏽".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("🇫🇷".to_owned()),
        "[a-z]{20,60}",
        "[.,;:!?()\"]{1,2}",
    ]
}

fn sep() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(" "), Just("  "), Just("\n"), Just(" \n  "), Just("\t")]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn wrapped_paragraphs_fit_are_monotonic_and_lose_nothing(
        parts in prop::collection::vec((word(), sep()), 1..60),
        width in 1u16..200,
        joined in any::<bool>(),
    ) {
        let text: String = parts.iter().flat_map(|(w, s)| [w.as_str(), s]).collect();
        let inline = if joined {
            // what a plain-text parser does with hard-wrapped lines
            Inline::shown(text.split_whitespace().collect::<Vec<_>>().join(" "), 0..text.len())
        } else {
            Inline::plain(0..text.len())
        };
        let d = doc(&text, vec![block(BlockKind::Paragraph(smallvec::smallvec![inline]), 0..text.len())]);
        let l = Layout::new(&d, width);
        let mut covered = vec![0u32; text.len()];
        let mut prev = 0;
        for line in &l.all_lines() {
            // documented exception: one grapheme wider than the whole line
            let w = line.width(&text);
            let single = line.text(&text).graphemes(true).count() == 1;
            prop_assert!(w <= usize::from(width) || single, "{:?} {} > {}", line.text(&text), w, width);
            prop_assert!(line.src.start >= prev);
            prev = line.src.start;
            for s in &line.segments {
                if s.identity {
                    prop_assert_eq!(text.get(s.src.clone()), Some(s.text(&text)));
                    for c in &mut covered[s.src.clone()] {
                        *c += 1;
                    }
                }
            }
        }
        for (i, ch) in text.char_indices() {
            if !ch.is_whitespace() {
                prop_assert_eq!(covered[i], 1, "char {:?} at {} shown {} times", ch, i, covered[i]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn ascii_wrap_matches_general_wrap(s in "[a-c0-2 .,;:!?'\"()-]{0,60}", first in 1usize..20, rest in 1usize..20) {
            let mut b = Builder::new(&s, 80);
            b.push_run(&s, 0..s.len(), true, Role::Body, InlineStyle::empty());
            let fast = b.wrap_ascii(first, rest);
            let slow = b.wrap_general(first, rest);
            prop_assert_eq!(fast, slow, "{:?}", s);
        }
}

/// Gives every merged `LINES` run of `blocks` back as the runs it stands for (the shape the
/// parsers had before merging hard-wrapped lines).
fn unmerge(src: &str, blocks: &mut [Block]) {
    fn runs<V: FromIterator<Inline> + std::ops::Deref<Target = [Inline]>>(src: &str, v: &mut V) {
        *v = v
            .iter()
            .flat_map(|i| i.pieces(src))
            .map(Cow::into_owned)
            .collect();
    }
    for b in blocks {
        match &mut b.kind {
            BlockKind::Paragraph(v) | BlockKind::Heading { inlines: v, .. } => runs(src, v),
            BlockKind::List(l) => l.items.iter_mut().for_each(|i| unmerge(src, &mut i.blocks)),
            BlockKind::Quote(bs) | BlockKind::Footnote { blocks: bs, .. } => unmerge(src, bs),
            BlockKind::Metadata(fs) => fs.iter_mut().for_each(|f| runs(src, &mut f.value)),
            BlockKind::Table(t) => t
                .header
                .iter_mut()
                .chain(t.rows.iter_mut().flatten())
                .for_each(|c| runs(src, c)),
            BlockKind::Code { .. } | BlockKind::Rule => {}
        }
    }
}

fn prose_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,9}",
        2 => Just("\n".to_owned()),
        1 => prop_oneof![
            Just(" "), Just("\r\n"), Just("\n  "), Just("  \n"), Just("\n\n"), Just("*em*"),
            Just("`co de`"), Just("[l](u)"), Just("[^1]"), Just("\\*"), Just("&amp;"),
            Just("<b\nc>"), Just("> "), Just("- "), Just("1. "), Just("¹⁰"), Just("\x1b"),
            Just("\t"), Just("  \n"), Just("\r"), Just("Moscow"), Just("Xi Jinping"),
        ]
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Merged runs change nothing that is laid out, found or recognized.
    #[test]
    fn merged_lines_lay_out_search_and_recognize_as_the_runs_they_merge(
        parts in prop::collection::vec(prose_piece(), 1..80),
        width in 1u16..90,
        markdown in any::<bool>(),
    ) {
        let text: String = parts.concat();
        let parse = |merge: bool| {
            crate::core::doc::document::NO_MERGE.with(|c| c.set(!merge));
            let d = if markdown {
                crate::core::doc::markdown::parse(text.clone())
            } else {
                crate::core::doc::plaintext::parse(text.clone())
            };
            crate::core::doc::document::NO_MERGE.with(|c| c.set(false));
            d
        };
        let (merged, old) = (parse(true), parse(false));
        // the merged runs are exactly the old ones, put together
        let mut pieces = merged.clone();
        unmerge(&text, &mut pieces.blocks);
        prop_assert_eq!(&pieces.blocks, &old.blocks);
        let (merged, old) = (Arc::new(merged), Arc::new(old));
        prop_assert_eq!(
            Layout::new(&merged, width).all_lines(),
            Layout::new(&old, width).all_lines()
        );
        for q in ["a", "e m", "Moscow Xi", "b c", "l"] {
            prop_assert_eq!(
                crate::core::doc::search::find(&merged, q),
                crate::core::doc::search::find(&old, q)
            );
        }
        let rec = crate::core::doc::entities::Recognizer::new();
        prop_assert_eq!(rec.recognize_document(&merged), rec.recognize_document(&old));
    }
}
