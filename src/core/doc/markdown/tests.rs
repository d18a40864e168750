use super::segments::split_points;
use super::*;
use crate::core::doc::document::inline_text;
use proptest::prelude::*;
use std::fmt::Write as _;

fn doc(s: &str) -> Document {
    parse(s.to_owned())
}

fn para_text(src: &str, b: &Block) -> String {
    match &b.kind {
        BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => inline_text(src, i),
        other => panic!("not inline: {other:?}"),
    }
}

/// Every inline of the document, depth first.
fn all_inlines(blocks: &[Block], out: &mut Vec<Inline>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { inlines, .. } | BlockKind::Paragraph(inlines) => {
                out.extend(inlines.iter().cloned());
            }
            BlockKind::List(l) => l.items.iter().for_each(|i| all_inlines(&i.blocks, out)),
            BlockKind::Quote(b) | BlockKind::Footnote { blocks: b, .. } => all_inlines(b, out),
            BlockKind::Table(t) => {
                t.header
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .for_each(|c| out.extend(c.iter().cloned()));
            }
            BlockKind::Metadata(fields) => {
                for f in fields {
                    out.extend(f.value.iter().cloned());
                }
            }
            BlockKind::Code { .. } | BlockKind::Rule => {}
        }
    }
}

fn check_ranges(d: &Document) {
    fn walk(src: &str, blocks: &[Block]) {
        for b in blocks {
            assert!(
                b.range.start <= b.range.end && b.range().end <= src.len(),
                "{b:?}"
            );
            assert!(src.is_char_boundary(b.range().start) && src.is_char_boundary(b.range().end));
            match &b.kind {
                BlockKind::List(l) => l.items.iter().for_each(|i| walk(src, &i.blocks)),
                BlockKind::Quote(b) | BlockKind::Footnote { blocks: b, .. } => walk(src, b),
                _ => {}
            }
        }
    }
    walk(&d.source, &d.blocks);
    let mut inl = Vec::new();
    all_inlines(&d.blocks, &mut inl);
    for i in inl {
        assert!(
            i.range.start <= i.range.end && i.range().end <= d.source.len(),
            "{i:?}"
        );
        assert!(
            d.source.is_char_boundary(i.range().start) && d.source.is_char_boundary(i.range().end)
        );
    }
}

#[test]
fn headings_paragraphs_and_styles_keep_offsets() {
    let d = doc("# Title\n\nSome *emph* and **strong** and ~~gone~~ and `code`.\n");
    assert_eq!(d.format, Format::Markdown);
    assert!(matches!(
        &d.blocks[0].kind,
        BlockKind::Heading { level: 1, .. }
    ));
    assert_eq!(para_text(&d.source, &d.blocks[0]), "Title");
    let BlockKind::Paragraph(inl) = &d.blocks[1].kind else {
        panic!()
    };
    let find = |t: &str| inl.iter().find(|i| i.text(&d.source) == t).unwrap().clone();
    assert_eq!(find("emph").style, InlineStyle::EMPHASIS);
    assert_eq!(find("strong").style, InlineStyle::STRONG);
    assert_eq!(find("gone").style, InlineStyle::STRIKETHROUGH);
    assert_eq!(find("code").style, InlineStyle::CODE);
    for i in inl {
        if i.style != InlineStyle::CODE {
            assert_eq!(&d.source[i.range()], i.text(&d.source), "{i:?}");
        }
    }
    assert_eq!(&d.source[find("code").range()], "`code`");
    assert_eq!(d.title().as_deref(), Some("Title"));
}

#[test]
fn links_and_images_keep_urls() {
    let d = doc("See [the docs](https://x.org/a) and ![a cat](cat.png).");
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let link = inl
        .iter()
        .find(|i| i.text(&d.source) == "the docs")
        .unwrap();
    assert!(link.style.contains(InlineStyle::LINK));
    assert_eq!(link.url(), Some("https://x.org/a"));
    assert_eq!(&d.source[link.range()], "the docs");
    let img = inl.iter().find(|i| i.text(&d.source) == "a cat").unwrap();
    assert!(img.style.contains(InlineStyle::IMAGE));
    assert_eq!(img.url(), Some("cat.png"));
}

#[test]
fn lists_nested_ordered_and_tasks() {
    let d = doc("- a\n  - b\n- [x] done\n- [ ] todo\n\n3. three\n4. four\n");
    let BlockKind::List(l) = &d.blocks[0].kind else {
        panic!("{:?}", d.blocks)
    };
    assert_eq!(l.start, None);
    assert_eq!(l.items.len(), 3);
    assert_eq!(para_text(&d.source, &l.items[0].blocks[0]), "a");
    let BlockKind::List(inner) = &l.items[0].blocks[1].kind else {
        panic!()
    };
    assert_eq!(para_text(&d.source, &inner.items[0].blocks[0]), "b");
    assert_eq!(l.items[1].task, Some(true));
    assert_eq!(l.items[2].task, Some(false));
    assert_eq!(para_text(&d.source, &l.items[2].blocks[0]), "todo");
    let BlockKind::List(o) = &d.blocks[1].kind else {
        panic!()
    };
    assert_eq!(o.start, Some(3));
    assert_eq!(o.items.len(), 2);
    assert_eq!(&d.source[o.items[1].range.clone()].trim_end(), &"4. four");
}

#[test]
fn nested_quotes_code_rules_and_html() {
    let d = doc(
        "> outer\n>> inner\n\n```rust\nfn  x() {}\n\tz\n```\n\n    indented\n\n---\n\n<div><script>x</script></div>\n",
    );
    let BlockKind::Quote(q) = &d.blocks[0].kind else {
        panic!("{:?}", d.blocks)
    };
    assert_eq!(para_text(&d.source, &q[0]), "outer");
    assert!(
        matches!(&q[1].kind, BlockKind::Quote(inner) if para_text(&d.source, &inner[0]) == "inner")
    );
    assert_eq!(
        d.blocks[1].kind,
        BlockKind::Code {
            lang: Some("rust".into()),
            text: "fn  x() {}\n\tz\n".into()
        }
    );
    assert_eq!(
        d.blocks[2].kind,
        BlockKind::Code {
            lang: None,
            text: "indented\n".into()
        }
    );
    assert_eq!(d.blocks[3].kind, BlockKind::Rule);
    let BlockKind::Code { lang, text } = &d.blocks[4].kind else {
        panic!()
    };
    assert_eq!(lang.as_deref(), Some("html"));
    assert!(text.contains("<script>"));
}

#[test]
fn tables_keep_alignments_and_cells() {
    let d = doc("| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | 3 |\n");
    let BlockKind::Table(t) = &d.blocks[0].kind else {
        panic!("{:?}", d.blocks)
    };
    assert_eq!(t.aligns, vec![Align::Left, Align::Center, Align::Right]);
    assert_eq!(
        t.header
            .iter()
            .map(|c| inline_text(&d.source, c))
            .collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0][1][0].style, InlineStyle::STRONG);
    assert_eq!(&d.source[t.rows[0][2][0].range()], "3");
}

#[test]
fn footnotes_are_references_and_back_blocks() {
    let d = doc("Claim.[^1]\n\n[^1]: The source.\n");
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let r = inl
        .iter()
        .find(|i| i.style == InlineStyle::FOOTNOTE_REF)
        .unwrap();
    assert_eq!(r.text(&d.source), "[1]");
    assert_eq!(&d.source[r.range()], "[^1]");
    let fb = d
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Footnote { .. }))
        .unwrap();
    assert_eq!(fb.part, Part::Back);
    let BlockKind::Footnote { label, blocks } = &fb.kind else {
        panic!()
    };
    assert_eq!(&**label, "1");
    assert_eq!(para_text(&d.source, &blocks[0]), "The source.");
}

#[test]
fn soft_and_hard_breaks() {
    let d = doc("one\ntwo  \nthree\\\nfour");
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let texts: Vec<_> = inl.iter().map(|i| i.text(&d.source)).collect();
    // `one`, a soft break over one `\n` and `two` are one run, shown with a space
    assert_eq!(texts, ["one two", "\n", "three", "\n", "four"]);
    assert_eq!(inl[0].style, InlineStyle::LINES);
    assert_eq!(&d.source[inl[0].range()], "one\ntwo");
    // its pieces are the runs it merged
    let pieces: Vec<_> = inl
        .iter()
        .flat_map(|i| i.pieces(&d.source))
        .map(|i| i.text(&d.source).into_owned())
        .collect();
    assert_eq!(pieces, ["one", " ", "two", "\n", "three", "\n", "four"]);
    assert_eq!(
        &d.source[inl[0].pieces(&d.source).nth(1).unwrap().range()],
        "\n"
    );
}

#[test]
fn hard_wrapped_lines_merge_into_one_run_unless_the_break_is_more_than_a_newline() {
    let d = doc("one\ntwo\nthree\r\nfour\n  five\nsix *em*\nseven\n");
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let texts: Vec<_> = inl.iter().map(|i| i.text(&d.source)).collect();
    assert_eq!(texts[0], "one two three");
    assert_eq!(inl[0].style, InlineStyle::LINES);
    assert_eq!(
        para_text(&d.source, &d.blocks[0]),
        "one two three four five six em seven"
    );
    // a CRLF and an indented line keep their own soft-break runs
    let shape: Vec<(InlineStyle, &str)> = inl
        .iter()
        .map(|i| (i.style, &d.source[i.range()]))
        .collect();
    assert_eq!(
        shape[..4],
        [
            (InlineStyle::LINES, "one\ntwo\nthree"),
            (InlineStyle::SOFT_BREAK, "\r\n"),
            (InlineStyle::empty(), "four"),
            // (the indentation of the next line is in no run)
            (InlineStyle::SOFT_BREAK, "\n"),
        ]
    );
    assert_eq!(&d.source[inl[4].range()], "five\nsix ");
    // styled runs are not merged; the break after them is not either
    assert!(inl.iter().any(|i| i.style == InlineStyle::EMPHASIS));
    for i in inl {
        let merged = i.style.contains(InlineStyle::LINES);
        let src = &d.source[i.range()];
        assert_eq!(
            merged,
            src.contains('\n') && i.text(&d.source).len() > 1,
            "{i:?}"
        );
        if merged {
            assert!(!src.starts_with('\n') && !src.ends_with('\n'));
            assert_eq!(i.text(&d.source), src.replace('\n', " "));
        }
    }
}

#[test]
fn front_matter_becomes_metadata() {
    let d = doc(
        "---\ntitle: \"Neon\"\nauthors: [Ann Lee, Bo Chan]\ndate: 2019-10-04\nsource: The Atlantic\ntags: x\n---\n\n# Heading\n",
    );
    assert_eq!(d.meta.title.as_deref(), Some("Neon"));
    assert_eq!(d.meta.authors, ["Ann Lee", "Bo Chan"]);
    assert_eq!(d.meta.date.as_deref(), Some("2019-10-04"));
    assert_eq!(d.meta.source.as_deref(), Some("The Atlantic"));
    assert_eq!(d.meta.fields, [("tags".to_owned(), "x".to_owned())]);
    assert_eq!(d.blocks[0].part, Part::Front);
    let BlockKind::Metadata(fields) = &d.blocks[0].kind else {
        panic!("{:?}", d.blocks)
    };
    assert_eq!(fields[0].label, "title");
    assert_eq!(&d.source[fields[0].value[0].range()], "Neon");
    assert_eq!(d.title().as_deref(), Some("Neon"));
    assert!(matches!(
        d.blocks[1].kind,
        BlockKind::Heading { level: 1, .. }
    ));
}

#[test]
fn bad_front_matter_is_shown_verbatim() {
    let d = doc("---\ntitle: [unclosed\n---\nbody\n");
    assert!(d.meta.title.is_none());
    assert!(
        d.blocks
            .iter()
            .any(|b| matches!(&b.kind, BlockKind::Code { text, .. } if text.contains("unclosed")))
    );
}

#[test]
fn crlf_and_escapes() {
    let d = doc("# T\r\n\r\nline one\r\nline \\*two\\* &amp; \u{1b}[31mred\r\n");
    assert_eq!(para_text(&d.source, &d.blocks[0]), "T");
    let BlockKind::Paragraph(inl) = &d.blocks[1].kind else {
        panic!()
    };
    let text = inline_text(&d.source, inl);
    assert_eq!(text, "line one line *two* & \u{1b}[31mred");
    assert!(d.source.contains("\\*two\\*"));
    assert_eq!(&d.source[inl[0].range()], "line one");
    check_ranges(&d);
}

#[test]
fn deep_nesting_is_capped_not_a_stack_overflow() {
    fn depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Quote(inner) => 1 + depth(inner),
                BlockKind::List(l) => {
                    1 + l.items.iter().map(|i| depth(&i.blocks)).max().unwrap_or(0)
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let d = doc(&(">".repeat(20_000) + " deep\n"));
    assert!(depth(&d.blocks) <= MAX_NESTING + 1);
    assert!(d.source.contains("deep"));
    let mut inl = Vec::new();
    all_inlines(&d.blocks, &mut inl);
    assert_eq!(inl.len(), 1);
    let d = doc(&("- ".repeat(5_000) + "x\n"));
    assert!(depth(&d.blocks) <= 2 * MAX_NESTING + 2);
    let d = doc(&format!("---\nt: {}\n---\nx\n", "[".repeat(100_000)));
    assert!(d.meta.title.is_none());
    let d = doc(&format!("---\nt: {}\n---\nx\n", "- ".repeat(50_000)));
    assert!(d.meta.title.is_none());
    let d = doc(&("*".repeat(20_000) + "x" + &"*".repeat(20_000)));
    check_ranges(&d);
    let d = doc(&("> - ".repeat(3_000) + "| a |\n" + &"> ".repeat(3_000) + "|---|\n"));
    check_ranges(&d);
}

#[test]
fn adjacent_exact_runs_are_merged() {
    let d = doc("a [b c\n");
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(inl.len(), 1, "{inl:?}");
    assert_eq!(inl[0].text(&d.source), "a [b c");
}

#[test]
fn tight_list_text_becomes_paragraphs_and_empty_input_is_empty() {
    assert!(doc("").blocks.is_empty());
    let d = doc("* x\n* y\n");
    let BlockKind::List(l) = &d.blocks[0].kind else {
        panic!()
    };
    assert!(
        l.items
            .iter()
            .all(|i| matches!(i.blocks[0].kind, BlockKind::Paragraph(_)))
    );
}

#[test]
fn segmented_parse_matches_whole_parse() {
    let mut src = String::from("---\ntitle: Big\n---\n\n# Start\n\nSee [ref] and [^n].\n\n");
    for i in 0..40 {
        write!(src, "Para {i} with *emph* and a [link](u{i}).\n\n").unwrap();
        if i % 7 == 0 {
            src.push_str("```\ncode\n\nNot a split point\n```\n\n<!-- comment\n\nStill comment -->\n\n- item\n\n  more item\n\n> quote\n\n");
        }
    }
    src.push_str("[ref]: https://example.com/ref\n\n[^n]: Note.\n");
    let whole = build(&src, usize::MAX);
    let pieces = build(&src, 64);
    assert!(split_points(&src, 64).len() > 10);
    assert_eq!(whole.1, pieces.1);
    for (a, b) in whole.0.iter().zip(&pieces.0) {
        assert_eq!(a, b);
    }
    assert_eq!(whole.0.len(), pieces.0.len());
    let mut inl = Vec::new();
    all_inlines(&pieces.0, &mut inl);
    let r = inl.iter().find(|i| i.text(&src) == "ref").unwrap();
    assert_eq!(r.url(), Some("https://example.com/ref"));
}

/// `blocks` with every block and item range shrunk to exclude trailing whitespace.
fn trimmed(src: &str, mut blocks: Vec<Block>) -> Vec<Block> {
    fn trim(src: &str, r: &mut Range<usize>) {
        let t = src[r.clone()].trim_end().len();
        r.end = r.start + t;
    }
    fn walk(src: &str, blocks: &mut [Block]) {
        for b in blocks {
            trim(src, &mut b.range());
            match &mut b.kind {
                BlockKind::List(l) => {
                    for i in &mut l.items {
                        trim(src, &mut i.range);
                        walk(src, &mut i.blocks);
                    }
                }
                BlockKind::Quote(b) | BlockKind::Footnote { blocks: b, .. } => walk(src, b),
                _ => {}
            }
        }
    }
    walk(src, &mut blocks);
    blocks
}

/// Inputs on which an earlier splitter cut through a fence or raw HTML block.
#[test]
fn segmented_parse_regressions() {
    for s in [
        "<!---->```\n*\n\n\nab",
        "</pre>\nab```\n```\n\n\n```\n-->\n\n\nab",
        "\nab```\n\nab>_\n\n<pre>```\n\nab</pre>",
        "</pre>\n\n```\n<!--\n```\n\nab```\n</pre>```\n<!--<pre>\n\nab",
        ">```\n<!--<<pre>\n\n\nab",
        "</pre>\n\n><pre>```\n```\n <!--\n\n```\n<!--\n\n[</pre>```\n\nab",
        "</pre>\nab```\n<pre>\n\n```\n<!--</pre>\n\n\nab",
        // `<!` + a backtick opens no HTML block: the `<pre>` under it does, until the end
        "-->>\n\n<!```\n<pre>```\n\nab",
        "<!x\n<PRE>\n\nab</pre>\n\nab",
        "<prefix>\n<pre>\n\nab",
    ] {
        let (whole, pieces) = (build(s, usize::MAX), build(s, 1));
        assert_eq!(trimmed(s, whole.0), trimmed(s, pieces.0), "{s:?}");
    }
}

proptest! {
    #[test]
    fn segmented_parse_equals_whole_parse(s in "([-*>#|`~<!\\[\\]()_: \n]|\n\n|\nab|```\n|<!--|-->|<pre>|</pre>|<PRE>|<!x){0,120}") {
        // Segment edges may only move trailing blank lines between a block and its parent.
        let (whole, pieces) = (build(&s, usize::MAX), build(&s, 1));
        prop_assert_eq!(trimmed(&s, whole.0), trimmed(&s, pieces.0));
        prop_assert_eq!(whole.1, pieces.1);
    }

    #[test]
    fn never_panics_and_ranges_are_sound(s in "\\PC*") {
        check_ranges(&parse(s));
    }

    #[test]
    fn markdownish_input_is_sound(s in "([-*>#|`\\[\\]()!_~^: \n\t\r0-9a-zé]|\\[\\^1\\]|---\n|```\n){0,80}") {
        check_ranges(&parse(s));
    }
}
