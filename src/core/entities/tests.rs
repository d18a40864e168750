//! Unit tests for the recogniser in a small annotated-text language:
//! `"met [[PERSON:Xi Jinping]] in [[GPE:Moscow]]"`.

#![allow(clippy::string_slice, clippy::format_push_string)]

use std::sync::OnceLock;

use super::*;

fn rec() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(Recognizer::new)
}

/// Parses annotated text into plain text and expected mentions.
fn parse(annotated: &str) -> (String, Vec<Mention>) {
    let mut text = String::new();
    let mut out = Vec::new();
    let mut rest = annotated;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let colon = after.find(':').expect("type");
        let close = after.find("]]").expect("close");
        let kind = EntityKind::parse(&after[..colon]).expect("kind");
        let start = text.len();
        text.push_str(&after[colon + 1..close]);
        out.push(Mention {
            range: start..text.len(),
            kind,
        });
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    (text, out)
}

fn show(text: &str, ms: &[Mention]) -> String {
    let mut s = String::new();
    let mut pos = 0;
    for m in ms {
        s.push_str(&text[pos..m.range.start]);
        s.push_str(&format!(
            "[[{}:{}]]",
            m.kind.label(),
            &text[m.range.clone()]
        ));
        pos = m.range.end;
    }
    s.push_str(&text[pos..]);
    s
}

#[track_caller]
fn t(annotated: &str) {
    let (text, expected) = parse(annotated);
    let got = rec().recognize(&text);
    assert_eq!(show(&text, &got), show(&text, &expected));
}

#[test]
fn the_test_language_round_trips() {
    let (text, ms) = parse("met [[PERSON:Xi Jinping]] in [[GPE:Moscow]]");
    assert_eq!(text, "met Xi Jinping in Moscow");
    assert_eq!(
        ms,
        vec![
            Mention {
                range: 4..14,
                kind: EntityKind::Person
            },
            Mention {
                range: 18..24,
                kind: EntityKind::Gpe
            }
        ]
    );
}

#[test]
fn basic_people_and_places() {
    t("He met [[PERSON:Xi Jinping]] in [[GPE:Moscow]].");
}
