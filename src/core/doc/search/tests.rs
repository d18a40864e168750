use super::*;
use crate::core::doc::document::{
    BlockKind, Format, InlineStyle, List, ListItem, Metadata, Part, span,
};

fn doc(source: &str, blocks: Vec<Block>) -> Document {
    Document {
        lazy: None,
        source: source.to_owned(),
        format: Format::Markdown,
        meta: Metadata::default(),
        blocks,
    }
}

fn para(range: Range<usize>) -> Block {
    Block::plain_paragraph(range)
}

fn hits<'a>(d: &'a Document, q: &str) -> Vec<&'a str> {
    find(d, q)
        .into_iter()
        .map(|r| d.source.get(r).unwrap_or("?"))
        .collect()
}

#[test]
fn smart_case() {
    let s = "Russia and russia and RUSSIA";
    let d = doc(s, vec![para(0..s.len())]);
    assert_eq!(hits(&d, "russia"), ["Russia", "russia", "RUSSIA"]);
    assert_eq!(hits(&d, "Russia"), ["Russia"]);
    assert!(is_case_sensitive("Xi"));
    assert!(!is_case_sensitive("xi 2015"));
}

#[test]
fn matches_across_line_breaks_and_whitespace_runs() {
    let s = "the strategic\npartnership and strategic   partnership";
    let joined = Inline::shown(
        "the strategic partnership and strategic partnership",
        0..s.len(),
    );
    let d = doc(
        s,
        vec![Block {
            kind: BlockKind::Paragraph(smallvec::smallvec![joined]),
            range: span(0..s.len()),
            part: Part::Body,
        }],
    );
    assert_eq!(find(&d, "strategic partnership"), [4..25, 30..53]);
    assert_eq!(
        hits(&d, "strategic partnership"),
        ["strategic\npartnership", "strategic   partnership"]
    );
}

#[test]
fn hits_across_a_merged_line_break_map_to_source_bytes() {
    let s = "Title\n\nThe strategic\npartnership grew\nstronger in\nMoscow and Beijing.\n";
    let merged = crate::core::doc::plaintext::parse(s.to_owned());
    let BlockKind::Paragraph(inl) = &merged.blocks.last().unwrap().kind else {
        panic!("{:?}", merged.blocks)
    };
    assert_eq!(inl.len(), 1);
    assert_eq!(inl[0].style, InlineStyle::LINES);
    // the same document with a run per line and a soft break per newline (the old shape)
    let mut split = merged.clone();
    if let Some(Block {
        kind: BlockKind::Paragraph(runs),
        ..
    }) = split.blocks.last_mut()
    {
        *runs = inl
            .iter()
            .flat_map(|i| i.pieces(s))
            .map(std::borrow::Cow::into_owned)
            .collect();
        assert_eq!(runs.len(), 7);
    }
    for q in [
        "strategic partnership",
        "grew stronger",
        "in moscow",
        "Moscow",
        "w s",
    ] {
        assert_eq!(find(&merged, q), find(&split, q), "{q}");
    }
    assert_eq!(
        hits(&merged, "strategic partnership"),
        ["strategic\npartnership"]
    );
    assert_eq!(hits(&merged, "in moscow"), ["in\nMoscow"]);
    let at = s.find("Moscow").unwrap();
    assert_eq!(find(&merged, "moscow"), vec![at..at + 6]);
}

#[test]
fn matches_across_style_changes_and_markdown_markup() {
    let s = "deep *tech* ties";
    let inl = vec![
        Inline::plain(0..5),
        Inline::shown("tech", 6..10).styled(InlineStyle::EMPHASIS),
        Inline::plain(11..16),
    ];
    let d = doc(
        s,
        vec![Block {
            kind: BlockKind::Paragraph(inl.into()),
            range: 0..16,
            part: Part::Body,
        }],
    );
    assert_eq!(find(&d, "deep tech ties"), vec![0..16]);
    assert_eq!(find(&d, "ech"), vec![7..10]);
}

#[test]
fn unicode_case_folding_and_nested_blocks() {
    let s = "Ünïcode ÉCOLE école";
    let item = ListItem {
        task: None,
        blocks: vec![para(0..s.len())],
        range: 0..s.len(),
    };
    let list = Block {
        kind: BlockKind::List(Box::new(List {
            start: None,
            items: vec![item],
        })),
        range: span(0..s.len()),
        part: Part::Body,
    };
    let d = doc(s, vec![list]);
    assert_eq!(hits(&d, "école"), ["ÉCOLE", "école"]);
    assert_eq!(hits(&d, "ünïcode"), ["Ünïcode"]);
}

#[test]
fn code_blocks_are_searched_verbatim() {
    let s = "```\nlet x = compute(1);\n```";
    let code = Block {
        kind: BlockKind::Code {
            lang: None,
            text: "let x = compute(1);\n".into(),
        },
        range: span(0..s.len()),
        part: Part::Body,
    };
    let d = doc(s, vec![code]);
    assert_eq!(hits(&d, "compute(1)"), ["compute(1)"]);
}

#[test]
fn empty_and_whitespace_queries_find_nothing() {
    let s = "some text";
    let d = doc(s, vec![para(0..s.len())]);
    assert!(find(&d, "").is_empty());
    assert!(find(&d, "   ").is_empty());
    assert!(find(&d, "absent").is_empty());
}

#[test]
fn incremental_search_and_navigation() {
    let mut s = String::new();
    let mut blocks = Vec::new();
    for i in 0..10 {
        let start = s.len();
        s.push_str("block ");
        s.push_str(&i.to_string());
        s.push_str(" has a needle in it");
        blocks.push(para(start..s.len()));
        s.push_str("\n\n");
    }
    let d = doc(&s, blocks);
    let mut st = SearchState::new("needle");
    assert!(!st.advance(&d, 1));
    assert_eq!(st.matches.len(), 1);
    while !st.advance(&d, 40) {}
    assert!(st.is_done());
    assert_eq!(st.matches, find(&d, "needle"));
    assert_eq!(st.matches.len(), 10);
    let first = st.matches[0].clone();
    let last = st.matches[9].clone();
    assert_eq!(st.next_from(0), Some(first.clone()));
    assert_eq!(st.current, Some(0));
    assert_eq!(st.next_from(first.start), Some(st.matches[1].clone()));
    assert_eq!(
        st.next_from(last.start),
        Some(first.clone()),
        "wraps to the first"
    );
    assert_eq!(
        st.prev_from(first.start),
        Some(last.clone()),
        "wraps to the last"
    );
    assert_eq!(st.current_match(), Some(last));
}
