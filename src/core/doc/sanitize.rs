//! The security boundary between document text and the terminal.
//!
//! Text from documents is untrusted: a stray ESC, a C1 control such as CSI (U+009B) or a bidi
//! override could move the cursor, change colours, set the window title or reorder what the
//! reader sees. Every string that came from a document passes through [`display_safe`] before
//! any view puts it in a buffer. Controls are replaced by their visible Unicode "control
//! pictures" (ESC → `␛`), so nothing is silently dropped and offsets stay one grapheme per
//! control. Tabs and newlines are left to the callers that lay text out. Pure: std only.

use std::borrow::Cow;

/// Whether `c` must never reach the terminal as-is.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        // C0, DEL, C1; bidi embeddings/overrides/isolates ("trojan source" reordering)
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// The visible stand-in for an unsafe character.
pub fn picture(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// `s` with every unsafe character replaced by its picture; borrows when nothing changes.
pub fn display_safe(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_unsafe(c) { picture(c) } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// Like [`display_safe`] but also turns tabs and newlines into spaces (for one-line labels).
pub fn one_line(s: &str) -> String {
    display_safe(s)
        .chars()
        .map(|c| if c == '\t' || c == '\n' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_pictures() {
        let s = "a\u{1b}[31mred\u{1b}]0;title\u{7}b";
        let out = display_safe(s);
        assert!(!out.chars().any(is_unsafe));
        assert_eq!(out, "a␛[31mred␛]0;title␇b");
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_neutralised() {
        let s = "x\u{9b}31m\u{202e}evil\u{2066}";
        let out = display_safe(s);
        assert!(!out.chars().any(is_unsafe));
        assert_eq!(out.chars().count(), s.chars().count());
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(display_safe("plain — text ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_flattens_whitespace() {
        assert_eq!(one_line("a\tb\nc\r"), "a b c␍");
    }
}
