//! The annotated-text test language: `"met [[PERSON:Xi Jinping]] in [[GPE:Moscow]]"` is the
//! text `met Xi Jinping in Moscow` with two mentions. Public so unit tests and the integration
//! tests under `tests/` write expected spans the same way.

use super::{EntityKind, Mention};

/// Parses annotated text into plain text and its mentions (in order). An unknown or empty
/// type, or an unclosed `[[`, leaves the rest of the input as plain text.
pub fn parse_annotated(annotated: &str) -> (String, Vec<Mention>) {
    let mut text = String::with_capacity(annotated.len());
    let mut out = Vec::new();
    let mut rest = annotated;
    while let Some((before, after)) = rest.split_once("[[") {
        let Some((label, tail)) = after.split_once(':') else {
            break;
        };
        let Some((inner, next)) = tail.split_once("]]") else {
            break;
        };
        let Some(kind) = EntityKind::parse(label) else {
            break;
        };
        text.push_str(before);
        let start = text.len();
        text.push_str(inner);
        out.push(Mention {
            range: start..text.len(),
            kind,
        });
        rest = next;
    }
    text.push_str(rest);
    (text, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_types_come_out_of_the_brackets() {
        let (text, ms) = parse_annotated("met [[PERSON:Xi Jinping]] in [[GPE:Moscow]].");
        assert_eq!(text, "met Xi Jinping in Moscow.");
        assert_eq!(ms.len(), 2);
        assert_eq!(text.get(ms[0].range.clone()), Some("Xi Jinping"));
        assert_eq!(ms[1].kind, EntityKind::Gpe);
    }
}
