use super::*;
use crate::core::doc::document::{Block, Format, Metadata};

/// Paragraphs separated by blank lines, each a Paragraph block.
pub(crate) fn doc(paras: &[&str]) -> Document {
    let mut source = String::new();
    let mut blocks = Vec::new();
    for p in paras {
        let start = source.len();
        source.push_str(p);
        blocks.push(Block::plain_paragraph(start..source.len()));
        source.push_str("\n\n");
    }
    Document {
        lazy: None,
        source,
        format: Format::PlainText,
        meta: Metadata::default(),
        blocks,
    }
}

fn text<'a>(d: &'a Document, r: &Range<usize>) -> &'a str {
    d.source.get(r.clone()).unwrap()
}

#[test]
fn sentences_follow_uax29_inside_blocks() {
    let d = doc(&["One two. Three four? Five.", "Six seven."]);
    let s = sentences(&d);
    let texts: Vec<_> = s.iter().map(|x| text(&d, &x.range)).collect();
    assert_eq!(texts, ["One two.", "Three four?", "Five.", "Six seven."]);
    assert_eq!(s.iter().map(|x| x.para).collect::<Vec<_>>(), [0, 0, 0, 1]);
}

#[test]
fn markdown_markup_stays_outside_sentences() {
    let d = crate::core::doc::markdown::parse(
        "# The title\n\n> Quoted one. Quoted two.\n\n- item *one*. More.\n".to_owned(),
    );
    let s = sentences(&d);
    let texts: Vec<_> = s.iter().map(|x| text(&d, &x.range)).collect();
    assert_eq!(
        texts,
        [
            "The title",
            "Quoted one.",
            "Quoted two.",
            "item *one*.",
            "More."
        ]
    );
}

#[test]
fn sentence_and_paragraph_motions() {
    let d = doc(&["A one. A two.", "B one. B two.", "C one."]);
    let mut c = CursorState::new(&d);
    assert!(!c.prev_sentence(&d.source));
    assert!(c.next_sentence(&d.source));
    assert_eq!(text(&d, &c.current()), "A two.");
    assert!(c.next_paragraph(&d.source));
    assert_eq!(text(&d, &c.current()), "B one.");
    c.next_sentence(&d.source);
    assert!(
        c.prev_paragraph(&d.source),
        "first back to the paragraph's start"
    );
    assert_eq!(text(&d, &c.current()), "B one.");
    assert!(c.prev_paragraph(&d.source));
    assert_eq!(text(&d, &c.current()), "A one.");
    c.next_paragraph(&d.source);
    c.next_paragraph(&d.source);
    assert!(!c.next_paragraph(&d.source));
    assert!(!c.next_sentence(&d.source));
    assert_eq!(text(&d, &c.current()), "C one.");
}

#[test]
fn go_to_finds_the_containing_or_next_sentence() {
    let d = doc(&["A one. A two.", "B one."]);
    let mut c = CursorState::new(&d);
    c.go_to(&d.source, 8);
    assert_eq!(text(&d, &c.current()), "A two.");
    c.go_to(&d.source, 14);
    assert_eq!(
        text(&d, &c.current()),
        "B one.",
        "the blank line belongs to the next one"
    );
    c.go_to(&d.source, 10_000);
    assert_eq!(text(&d, &c.current()), "B one.");
    c.go_to(&d.source, 0);
    assert_eq!(text(&d, &c.current()), "A one.");
}

#[test]
fn selection_grows_and_shrinks_by_sentence_word_and_paragraph() {
    let d = doc(&["A one. A two. A three.", "B one."]);
    let mut c = CursorState::new(&d);
    c.next_sentence(&d.source);
    c.start_visual();
    assert_eq!(text(&d, &c.target()), "A two.");
    assert!(c.move_head(&d.source, Unit::Sentence, true));
    assert_eq!(text(&d, &c.target()), "A two. A three.");
    assert!(c.move_head(&d.source, Unit::Word, false));
    assert_eq!(text(&d, &c.target()), "A two. A three");
    assert!(c.move_head(&d.source, Unit::Word, false));
    assert_eq!(text(&d, &c.target()), "A two. A");
    assert!(c.move_head(&d.source, Unit::Word, true));
    assert_eq!(text(&d, &c.target()), "A two. A three");
    assert!(c.move_head(&d.source, Unit::Paragraph, true));
    assert_eq!(text(&d, &c.target()), "A two. A three.");
    assert!(c.move_head(&d.source, Unit::Paragraph, true));
    assert_eq!(text(&d, &c.target()), "A two. A three.\n\nB one.");
    // back before the anchor: the anchor sentence stays selected
    c.move_head(&d.source, Unit::Sentence, false);
    c.move_head(&d.source, Unit::Sentence, false);
    c.move_head(&d.source, Unit::Sentence, false);
    assert_eq!(text(&d, &c.target()), "A one. A two.");
    c.visual = None;
    assert_eq!(
        text(&d, &c.target()),
        "A two.",
        "no selection: the sentence"
    );
}

#[test]
fn word_motion_inside_a_sentence_shrinks_from_the_end() {
    let d = doc(&["Alpha beta gamma."]);
    let mut c = CursorState::new(&d);
    c.start_visual();
    c.move_head(&d.source, Unit::Word, false);
    assert_eq!(text(&d, &c.target()), "Alpha beta gamma");
    c.move_head(&d.source, Unit::Word, false);
    assert_eq!(text(&d, &c.target()), "Alpha beta");
    c.move_head(&d.source, Unit::Word, false);
    c.move_head(&d.source, Unit::Word, false);
    assert_eq!(text(&d, &c.target()), "Alpha");
    assert!(
        !c.move_head(&d.source, Unit::Word, false),
        "a selection never shrinks to nothing"
    );
    assert_eq!(text(&d, &c.target()), "Alpha");
}

#[test]
fn empty_document_has_a_harmless_cursor() {
    let d = doc(&[]);
    let mut c = CursorState::new(&d);
    assert_eq!(c.current(), 0..0);
    assert!(!c.next_sentence(&d.source) && !c.prev_sentence(&d.source));
    assert!(!c.next_paragraph(&d.source) && !c.prev_paragraph(&d.source));
    c.start_visual();
    assert!(!c.move_head(&d.source, Unit::Word, true));
}

#[test]
fn non_ascii_text_never_splits_a_character() {
    let d = doc(&["Über Straße. 東京は大きい。Ça va?"]);
    let all = sentences(&d);
    for s in &all {
        assert!(d.source.get(s.range.clone()).is_some());
    }
    assert!(all.len() >= 2);
}

#[test]
fn a_footnote_reference_belongs_to_its_sentence() {
    let d = doc(&["Founded by the United Nations.[^1] A second sentence follows."]);
    let s = sentences(&d);
    let got: Vec<&str> = s.iter().map(|x| text(&d, &x.range)).collect();
    assert_eq!(
        got,
        [
            "Founded by the United Nations.[^1]",
            "A second sentence follows."
        ]
    );
}

#[test]
fn code_blocks_and_tables_are_one_sentence_each() {
    let d = crate::core::doc::markdown::parse(
        "One. Two.\n\n```\nlet a = 1. let b = 2.\n```\n\n| a. b. | c |\n|---|---|\n| d. e. | f |\n\nThree. Four.\n"
            .to_owned(),
    );
    let c = CursorState::new(&d);
    assert_eq!(c.whole, [1, 2]);
    let counts: Vec<usize> = (0..c.paras.len())
        .map(|p| c.sentences_of(&d.source, p).len())
        .collect();
    assert_eq!(counts, [2, 1, 1, 2]);
}
