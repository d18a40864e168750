//! The first screenful of a big document: where to cut its text so the part before the cut
//! parses on its own, and parsing text as a given format.
//!
//! The reader opens a big file by parsing and laying out a prefix of it (a few dozen
//! kilobytes), drawing that, and parsing the whole text in the background. The prefix is only
//! ever shown while the rest loads, and its offsets are the whole text's offsets (it is a
//! prefix), so the cut only has to be reasonable: at a paragraph edge, outside fenced code when
//! the Markdown scan can tell. Pure: uses the parsers and the document model only.

use crate::core::doc::document::{Document, Format};
use crate::core::doc::{markdown, plaintext};

/// How much text the first frame of a big document is parsed from.
pub const PREVIEW_BYTES: usize = 64 * 1024;

/// Parses `text` with the parser for `format`.
pub fn parse_as(format: Format, text: String) -> Document {
    match format {
        Format::Markdown => markdown::parse(text),
        Format::PlainText => plaintext::parse(text),
    }
}

/// Where to cut `text` for a preview of about `budget` bytes: the whole text when it is not
/// much longer; else a paragraph edge at or after `budget` (Markdown: where no block can be
/// open, when one is found within a few times `budget`), else the last line end before that.
/// Always a char boundary, never 0 for a non-empty text.
pub fn cut(text: &str, format: Format, budget: usize) -> usize {
    let window = floor_char_boundary(text, budget.saturating_mul(4));
    if window >= text.len() {
        return text.len();
    }
    let head = text.get(..window).unwrap_or_default();
    if format == Format::Markdown
        && let Some(at) = markdown::first_split(head, budget)
    {
        return at;
    }
    let from = floor_char_boundary(head, budget);
    if let Some(p) = head.get(from..).and_then(|rest| rest.find("\n\n")) {
        return from + p + 2;
    }
    match head.rfind('\n') {
        Some(p) => p + 1,
        None => window,
    }
}

/// The largest char boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(n: usize) -> String {
        "Paragraph says something about the text it is in.\n\n".repeat(n)
    }

    #[test]
    fn a_short_text_is_its_own_preview() {
        let t = paragraphs(3);
        assert_eq!(cut(&t, Format::PlainText, 1 << 20), t.len());
        assert_eq!(cut("", Format::Markdown, 10), 0);
    }

    #[test]
    fn plain_text_is_cut_after_a_blank_line_past_the_budget() {
        let t = paragraphs(1000);
        let at = cut(&t, Format::PlainText, 1000);
        assert!((1000..1100).contains(&at), "{at}");
        assert!(t.get(..at).unwrap().ends_with("\n\n"));
        assert!(t.get(at..).unwrap().starts_with("Paragraph "));
    }

    #[test]
    fn markdown_is_never_cut_inside_a_fence() {
        let fence = format!("```\n{}```\n\n", "code line\n\ncode\n\n".repeat(8));
        let t = format!("{fence}{}", paragraphs(1000));
        let at = cut(&t, Format::Markdown, 100);
        assert!(at >= fence.len(), "{at} inside the fence");
        assert!(t.get(at..).unwrap().starts_with("Paragraph "));
    }

    #[test]
    fn the_cut_is_a_char_boundary_in_text_without_blank_lines() {
        let t = "é".repeat(5000);
        let at = cut(&t, Format::PlainText, 1001);
        assert!(t.is_char_boundary(at) && at > 0);
    }

    #[test]
    fn parse_as_picks_the_parser() {
        assert_eq!(
            parse_as(Format::Markdown, "# A\n".into()).format,
            Format::Markdown
        );
        assert_eq!(
            parse_as(Format::PlainText, "A\n".into()).format,
            Format::PlainText
        );
    }
}
