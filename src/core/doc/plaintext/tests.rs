use super::*;
use crate::core::doc::document::inline_text;
use proptest::prelude::*;

const SEED: &str = include_str!("../../../../seeds/china-russia-deepen-technological-ties.txt");

fn inlines_of(b: &Block) -> &[Inline] {
    match &b.kind {
        BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => i,
        other => panic!("no inlines: {other:?}"),
    }
}

/// The top-level lists of `d`, in order.
fn top_lists(d: &Document) -> Vec<&List> {
    d.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::List(l) => Some(&**l),
            _ => None,
        })
        .collect()
}

fn text_of(src: &str, b: &Block) -> String {
    inline_text(src, inlines_of(b))
}

#[test]
fn seed_title_and_front_matter() {
    let d = parse(SEED.to_owned());
    assert_eq!(d.format, Format::PlainText);
    let title = &d.blocks[0];
    assert!(matches!(title.kind, BlockKind::Heading { level: 1, .. }));
    assert_eq!(title.part, Part::Front);
    assert_eq!(
        text_of(&d.source, title),
        "China, Russia Deepen Technological Ties"
    );
    assert_eq!(
        &d.source[title.range()],
        "China, Russia Deepen Technological Ties"
    );
    assert_eq!(
        d.meta.title.as_deref(),
        Some("China, Russia Deepen Technological Ties")
    );

    let BlockKind::Metadata(by) = &d.blocks[1].kind else {
        panic!("{:?}", d.blocks[1])
    };
    assert_eq!(d.blocks[1].part, Part::Front);
    let f: Vec<(&str, String)> = by
        .iter()
        .map(|f| (f.label.as_str(), inline_text(&d.source, &f.value)))
        .collect();
    assert_eq!(
        f,
        [
            ("Date", "October 4, 2019".to_owned()),
            ("By", "Samuel Bendett, Elsa Kania".to_owned()),
            ("Source", "Defense One".to_owned())
        ]
    );
    assert_eq!(d.meta.date.as_deref(), Some("October 4, 2019"));
    assert_eq!(d.meta.authors, ["Samuel Bendett", "Elsa Kania"]);
    assert_eq!(d.meta.source.as_deref(), Some("Defense One"));

    let BlockKind::Metadata(cat) = &d.blocks[2].kind else {
        panic!("{:?}", d.blocks[2])
    };
    assert_eq!(cat[0].label, "Related Categories");
    assert!(inline_text(&d.source, &cat[0].value).starts_with("Democracy and Governance;"));
    assert!(inline_text(&d.source, &cat[0].value).ends_with("China; Russia"));
    assert_eq!(d.meta.fields[0].0, "Related Categories");
    assert_eq!(d.blocks[2].part, Part::Front);
}

#[test]
fn seed_body_and_back_matter() {
    let d = parse(SEED.to_owned());
    let body: Vec<&Block> = d.blocks.iter().filter(|b| b.part == Part::Body).collect();
    assert_eq!(body.len(), 14, "{body:#?}");
    assert!(
        body.iter()
            .all(|b| matches!(b.kind, BlockKind::Paragraph(_)))
    );
    assert!(text_of(&d.source, body[0]).starts_with("China and Russia are deepening"));
    assert!(text_of(&d.source, body[13]).starts_with("This article previews the findings"));

    let back: Vec<&Block> = d.blocks.iter().filter(|b| b.part == Part::Back).collect();
    assert_eq!(back.len(), 3, "{back:#?}");
    assert!(text_of(&d.source, back[0]).starts_with("Samuel Bendett an Adviser"));
    assert!(text_of(&d.source, back[1]).starts_with("Elsa Kania is an Adjunct"));
    assert!(text_of(&d.source, back[2]).starts_with("© 2025"));
    // Parts come in order: front, body, back.
    let parts: Vec<Part> = d.blocks.iter().map(|b| b.part).collect();
    let mut sorted = parts.clone();
    sorted.sort_by_key(|p| match p {
        Part::Front => 0,
        Part::Body => 1,
        Part::Back => 2,
    });
    assert_eq!(parts, sorted);
}

#[test]
fn seed_footnote_marker_is_kept_as_superscript() {
    let d = parse(SEED.to_owned());
    let last_body = d.blocks.iter().rfind(|b| b.part == Part::Body).unwrap();
    let inl = inlines_of(last_body);
    let sup = inl
        .iter()
        .find(|i| i.style == InlineStyle::SUPERSCRIPT)
        .unwrap();
    assert_eq!(sup.text(&d.source), "¹⁰");
    assert_eq!(&d.source[sup.range()], "¹⁰");
    assert!(text_of(&d.source, last_body).ends_with("cooperation.¹⁰"));
}

#[test]
fn every_plain_run_is_an_exact_source_slice() {
    let d = parse(SEED.to_owned());
    for b in &d.blocks {
        if let BlockKind::Paragraph(inl) | BlockKind::Heading { inlines: inl, .. } = &b.kind {
            for i in inl {
                assert_eq!(&d.source[i.range()], i.text(&d.source));
                assert!(b.range().start <= i.range().start && i.range().end <= b.range().end);
            }
        }
    }
}

#[test]
fn hard_wrapped_lines_are_joined_with_soft_breaks() {
    let src = "Title Here\n\nFirst line of the paragraph\r\n  second line, indented.\nthird.\n";
    let d = parse(src.to_owned());
    let para = d
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Paragraph(_)))
        .unwrap();
    let inl = inlines_of(para);
    assert_eq!(
        inl.iter().map(|i| i.text(&d.source)).collect::<Vec<_>>(),
        [
            "First line of the paragraph",
            " ",
            "second line, indented. third."
        ]
    );
    assert_eq!(&d.source[inl[1].range()], "\r\n  ");
    assert_eq!(inl[1].style, InlineStyle::SOFT_BREAK);
    assert_eq!(inl[2].style, InlineStyle::LINES);
    // the merged run's pieces are the runs it stands for
    let pieces: Vec<_> = inl[2]
        .pieces(&d.source)
        .map(std::borrow::Cow::into_owned)
        .collect();
    assert_eq!(pieces.len(), 3);
    assert_eq!(&d.source[pieces[1].range()], "\n");
    assert_eq!(pieces[1].style, InlineStyle::SOFT_BREAK);
    assert_eq!(pieces[2].text(&d.source), "third.");
}

#[test]
fn hard_wrapped_lines_become_one_lines_run() {
    let src = "Title Here\n\nThe first line of a paragraph\nthe second line of it\nand the third.\n\n\
               One line\r\nafter a CRLF\nand one\n   indented, then one  \nwith trailing spaces.\n";
    let d = parse(src.to_owned());
    let paras: Vec<&[Inline]> = d
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph(_)))
        .map(inlines_of)
        .collect();
    // three lines, two newlines: one run over all of it, shown with spaces
    assert_eq!(paras[0].len(), 1, "{:?}", paras[0]);
    let run = &paras[0][0];
    assert_eq!(run.style, InlineStyle::LINES);
    assert_eq!(
        &d.source[run.range()],
        "The first line of a paragraph\nthe second line of it\nand the third."
    );
    assert_eq!(
        run.text(&d.source),
        "The first line of a paragraph the second line of it and the third."
    );
    assert_eq!(run.text(&d.source).len(), run.range.len());
    // any other break keeps its soft-break run; only a lone `\n` merges
    let shape: Vec<(InlineStyle, &str)> = paras[1]
        .iter()
        .map(|i| (i.style, &d.source[i.range()]))
        .collect();
    assert_eq!(
        shape,
        [
            (InlineStyle::empty(), "One line"),
            (InlineStyle::SOFT_BREAK, "\r\n"),
            (InlineStyle::LINES, "after a CRLF\nand one"),
            (InlineStyle::SOFT_BREAK, "\n   "),
            (InlineStyle::empty(), "indented, then one"),
            (InlineStyle::SOFT_BREAK, "  \n"),
            (InlineStyle::empty(), "with trailing spaces."),
        ]
    );
    assert_eq!(
        text_of(
            &d.source,
            d.blocks
                .iter()
                .rfind(|b| matches!(b.kind, BlockKind::Paragraph(_)))
                .unwrap()
        ),
        "One line after a CRLF and one indented, then one with trailing spaces."
    );
}

#[test]
fn one_paragraph_per_line_without_blank_lines() {
    let long = "This line is a whole paragraph of an article pasted from a web page, long enough that no one would ever hard-wrap text at this width, honestly.";
    let src = format!("The Title Line\nBy Ann Lee\n{long}\n{long}\n");
    let d = parse(src);
    assert_eq!(d.meta.title.as_deref(), Some("The Title Line"));
    assert_eq!(d.meta.authors, ["Ann Lee"]);
    let paras = d
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph(_)))
        .count();
    assert_eq!(paras, 2, "{:#?}", d.blocks);
}

#[test]
fn lists_with_markers_nesting_and_numbers() {
    let src = "Intro paragraph that is long enough to be prose, with a full stop.\n\n- one\n- two\n  continued\n    - nested\n* three\n\n1. first\n\n2. second\n\n• bullet\n";
    let d = parse(src.to_owned());
    let lists = top_lists(&d);
    assert_eq!(lists.len(), 3, "{:#?}", d.blocks);
    assert_eq!(lists[0].items.len(), 3);
    assert_eq!(
        text_of(&d.source, &lists[0].items[1].blocks[0]),
        "two continued"
    );
    let BlockKind::List(nested) = &lists[0].items[1].blocks[1].kind else {
        panic!()
    };
    assert_eq!(text_of(&d.source, &nested.items[0].blocks[0]), "nested");
    assert_eq!(lists[1].start, Some(1));
    assert_eq!(
        lists[1].items.len(),
        2,
        "blank-separated numbered items form one list"
    );
    assert_eq!(text_of(&d.source, &lists[2].items[0].blocks[0]), "bullet");
}

#[test]
fn headings_need_following_prose() {
    let src = "Opening paragraph of the article, which is long enough to count as prose here.\n\nA Subheading\n\nBody text follows the subheading and ends with a stop.\n\nA caption without stop\n\nAnother short line\n\nMore prose follows here, as it always does in articles.\n";
    let d = parse(src.to_owned());
    let headings: Vec<String> = d
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .map(|b| text_of(&d.source, b))
        .collect();
    assert_eq!(headings, ["A Subheading", "Another short line"]);
}

#[test]
fn indented_block_is_code_and_short_lines_after_colon_are_a_list() {
    let src = "He said the following things, which matter a great deal:\n\nThe first point\n\nThe second point\n\nThen prose resumes, as it must, with a full stop.\n\n    let x = 1;\n\tlet y = 2;\n\nEnd of the article, with a stop.\n";
    let d = parse(src.to_owned());
    assert!(
        matches!(&d.blocks[1].kind, BlockKind::List(l) if l.items.len() == 2),
        "{:#?}",
        d.blocks
    );
    let code = d.blocks.iter().find_map(|b| {
        if let BlockKind::Code { text, .. } = &b.kind {
            Some(text.clone())
        } else {
            None
        }
    });
    assert_eq!(code.as_deref(), Some("let x = 1;\nlet y = 2;\n"));
}

#[test]
fn byline_line_and_iso_date() {
    let d = parse("A Title For Testing\n\nBy Ann Lee and Bo Chan | The Paper\n\n2021-03-04\n\nProse starts here and continues for a while, ending well.\n".to_owned());
    assert_eq!(d.meta.authors, ["Ann Lee", "Bo Chan"]);
    assert_eq!(d.meta.source.as_deref(), Some("The Paper"));
    assert_eq!(d.meta.date.as_deref(), Some("2021-03-04"));
    assert_eq!(
        d.blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Metadata(_)))
            .count(),
        2
    );
}

#[test]
fn empty_and_blank_inputs() {
    assert!(parse(String::new()).blocks.is_empty());
    assert!(parse("\n\r\n  \t\n".to_owned()).blocks.is_empty());
    let d = parse("just one line".to_owned());
    assert_eq!(d.blocks.len(), 1);
}

#[test]
fn escape_sequences_stay_in_source_and_model() {
    let src = "Plain \u{1b}[31mred\u{1b}[0m text and \u{9b}2J more, ending.\n";
    let d = parse(src.to_owned());
    assert_eq!(d.source, src);
    assert_eq!(text_of(&d.source, &d.blocks[0]), src.trim_end());
}

// ---- the dev corpus ---------------------------------------------------------------

macro_rules! corpus {
    ($name:literal) => {
        include_str!(concat!("../../../../tests/fixtures/corpus/", $name))
    };
}

const CORPUS: &[(&str, &str)] = &[
    ("bbc", corpus!("readability-bbc-1.txt")),
    ("citylab", corpus!("readability-citylab-1.txt")),
    ("cnn", corpus!("readability-cnn.txt")),
    ("herald-sun", corpus!("readability-herald-sun-1.txt")),
    ("nytimes-2", corpus!("readability-nytimes-2.txt")),
    ("nytimes-3", corpus!("readability-nytimes-3.txt")),
    ("wapo", corpus!("readability-wapo-1.txt")),
    ("seed", corpus!("seed-china-russia.txt")),
];

fn back_matter(d: &Document) -> Vec<String> {
    d.blocks
        .iter()
        .filter(|b| b.part == Part::Back)
        .map(|b| text_of(&d.source, b))
        .collect()
}

fn headings(d: &Document) -> Vec<String> {
    d.blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .map(|b| text_of(&d.source, b))
        .collect()
}

#[test]
fn corpus_parses_into_sensible_blocks() {
    for (name, text) in CORPUS {
        let d = parse((*text).to_owned());
        let chunks = text.split("\n\n").filter(|c| !c.trim().is_empty()).count();
        assert!(
            d.blocks.len() >= chunks / 2,
            "{name}: {} blocks",
            d.blocks.len()
        );
        for b in &d.blocks {
            if let BlockKind::Heading { inlines, .. } = &b.kind {
                let t = inline_text(&d.source, inlines);
                assert!(
                    !t.contains('\n') && t.split_whitespace().count() <= 12,
                    "{name}: {t}"
                );
                assert!(!t.ends_with('.'), "{name}: heading merged with prose: {t}");
            }
        }
        assert!(
            d.blocks
                .iter()
                .any(|b| b.part == Part::Body && matches!(b.kind, BlockKind::Paragraph(_))),
            "{name}: no body"
        );
    }
}

#[test]
fn corpus_headings_are_not_captions_or_boilerplate() {
    let d = parse(corpus!("readability-nytimes-3.txt").to_owned());
    assert_eq!(
        headings(&d),
        [
            "Rock salt on icy streets can cause mayhem below them",
            "‘Freeze-thaws’ linked to climate change can imperil utilities",
            "How to replace century-old utilities: slowly, and carefully",
            "Construction during the winter isn’t always a good idea",
            "Almost 1.8 million potholes filled since de Blasio took office",
            "So, where do people learn how to fix some of these issues?",
        ]
    );
    assert_eq!(d.meta.date.as_deref(), Some("Feb. 21, 2019"));
    let back = back_matter(&d);
    assert_eq!(back.len(), 2, "{back:?}");
    assert!(back[0].starts_with("Corey Kilgannon is"));

    let d = parse(corpus!("readability-nytimes-2.txt").to_owned());
    assert!(headings(&d).is_empty(), "{:?}", headings(&d));
    assert!(d.meta.title.is_none());

    let d = parse(corpus!("readability-cnn.txt").to_owned());
    assert!(headings(&d).is_empty(), "{:?}", headings(&d));
    let list = top_lists(&d)[0];
    assert_eq!(list.items.len(), 10);
    assert_eq!(list.start, Some(1));
    assert_eq!(d.blocks.last().unwrap().part, Part::Back);
}

#[test]
fn corpus_titles_bylines_and_back_matter() {
    let d = parse(corpus!("readability-citylab-1.txt").to_owned());
    assert_eq!(
        d.meta.title.as_deref(),
        Some("Why Neon Is the Ultimate Symbol of the 20th Century")
    );
    let back = back_matter(&d);
    assert_eq!(
        back.first().map(String::as_str),
        Some("This article originally appeared on The Atlantic.")
    );
    assert_eq!(back.len(), 4);

    let d = parse(corpus!("readability-wapo-1.txt").to_owned());
    assert!(d.meta.title.is_none());
    let back = back_matter(&d);
    assert_eq!(
        back.first().map(String::as_str),
        Some("Heba Habib contributed to this report.")
    );
    assert!(
        !headings(&d)
            .iter()
            .any(|h| h.starts_with("Map:") || h.starts_with('['))
    );

    let d = parse(corpus!("readability-herald-sun-1.txt").to_owned());
    assert!(headings(&d).is_empty(), "{:?}", headings(&d));
    assert_eq!(d.blocks.last().unwrap().part, Part::Back);

    let d = parse(corpus!("readability-bbc-1.txt").to_owned());
    let h = headings(&d);
    assert!(h.contains(&"Kenya trip".to_owned()), "{h:?}");
    assert!(
        !h.iter().any(|x| x.starts_with("The UK must stay")),
        "{h:?}"
    );
    assert!(
        d.blocks
            .iter()
            .any(|b| matches!(&b.kind, BlockKind::List(l) if l.items.len() >= 6))
    );
}

fn check_sound(d: &Document) {
    fn walk(src: &str, blocks: &[Block]) {
        for b in blocks {
            assert!(b.range.start <= b.range.end && b.range().end <= src.len());
            assert!(src.is_char_boundary(b.range().start) && src.is_char_boundary(b.range().end));
            let runs: Vec<&Inline> = match &b.kind {
                BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => {
                    i.iter().collect()
                }
                BlockKind::Metadata(f) => f.iter().flat_map(|f| f.value.iter()).collect(),
                BlockKind::List(l) => {
                    l.items.iter().for_each(|i| walk(src, &i.blocks));
                    Vec::new()
                }
                _ => Vec::new(),
            };
            for r in runs {
                assert!(
                    r.range.start <= r.range.end && r.range().end <= src.len(),
                    "{r:?}"
                );
                assert!(
                    src.is_char_boundary(r.range().start) && src.is_char_boundary(r.range().end)
                );
                if r.style == InlineStyle::LINES {
                    // merged lines: each `\n` inside shows as a space, nothing else changes
                    let s = &src[r.range()];
                    assert!(!s.starts_with('\n') && !s.ends_with('\n'), "{r:?}");
                    assert!(!s.contains("\n\n") && !s.contains("\r\n"), "{r:?}");
                    assert_eq!(s.replace('\n', " "), r.text(src));
                } else if r.text(src) != " " {
                    assert_eq!(&src[r.range()], r.text(src));
                }
            }
        }
    }
    walk(&d.source, &d.blocks);
}

#[test]
fn corpus_ranges_are_sound() {
    for (_, text) in CORPUS {
        check_sound(&parse((*text).to_owned()));
    }
}

proptest! {
    #[test]
    fn never_panics_and_ranges_are_sound(s in "\\PC*") {
        check_sound(&parse(s));
    }

    #[test]
    fn structured_input_is_sound(s in "([-*•1.:©) \n\t\r¹⁰aA,]|By |October 4, 2019 |Ann Lee|\n\n|    ){0,60}") {
        check_sound(&parse(s));
    }
}
