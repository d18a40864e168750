//! Bytes → text, and text → which parser: the first step of reading any article.
//!
//! [`decode`] turns raw bytes into the `String` every document range points into. It keeps the
//! text byte for byte (CRLF, tabs, control characters) apart from a leading byte-order mark, so
//! offsets equal file offsets after the BOM; it refuses binary files (NUL bytes) instead of
//! showing garbage, and decodes invalid UTF-8 lossily with a warning that says how much was
//! replaced, because a reader should open a slightly broken file rather than refuse it.
//! [`detect_format`] picks the parser from the file extension, then from the content; it takes a
//! `Path` only to read its extension, so it stays pure.

use std::path::Path;

use crate::core::doc::document::Format;

/// Decoded text plus the non-fatal problems met on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text all document ranges point into (BOM removed, nothing else changed).
    pub text: String,
    /// Human-readable warnings, e.g. how many invalid UTF-8 bytes were replaced.
    pub warnings: Vec<String>,
}

/// Why bytes could not be turned into an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes contain NUL, which no text article does: almost certainly a binary file.
    #[error("looks like a binary file (NUL byte at offset {offset}), not an article")]
    Binary {
        /// Byte offset of the first NUL in the input.
        offset: usize,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes `bytes` (see the module doc). Copies the bytes; use [`decode_vec`] to avoid that.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_vec(bytes.to_vec())
}

/// Like [`decode`] but takes ownership, so valid UTF-8 (the usual case) is not copied.
pub fn decode_vec(mut bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if let Some(utf16) = decode_utf16_with_bom(&bytes) {
        return utf16;
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            warnings: Vec::new(),
        }),
        Err(err) => {
            let bytes = err.into_bytes();
            let mut text = String::with_capacity(bytes.len());
            let mut replaced = 0usize;
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    replaced += chunk.invalid().len();
                    text.push(char::REPLACEMENT_CHARACTER);
                }
            }
            let plural = if replaced == 1 { "" } else { "s" };
            Ok(Decoded {
                text,
                warnings: vec![format!(
                    "invalid UTF-8: {replaced} byte{plural} replaced with \u{fffd}"
                )],
            })
        }
    }
}

/// `Some` when `bytes` start with a UTF-16 byte-order mark.
fn decode_utf16_with_bom(bytes: &[u8]) -> Option<Result<Decoded, DecodeError>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let body = bytes.get(2..).unwrap_or_default();
    let units = body.chunks_exact(2).map(|pair| {
        let arr = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(arr)
        } else {
            u16::from_be_bytes(arr)
        }
    });
    let mut text = String::with_capacity(body.len());
    let mut bad = 0usize;
    for (i, unit) in char::decode_utf16(units).enumerate() {
        match unit {
            Ok('\0') => return Some(Err(DecodeError::Binary { offset: 2 + 2 * i })),
            Ok(c) => text.push(c),
            Err(_) => {
                bad += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if body.len() % 2 == 1 {
        bad += 1;
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let mut warnings = Vec::new();
    if bad > 0 {
        warnings.push(format!(
            "invalid UTF-16: {bad} code units replaced with \u{fffd}"
        ));
    }
    Some(Ok(Decoded { text, warnings }))
}

/// Markdown extensions gloss recognises.
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "mdx"];
/// Plain-text extensions gloss recognises.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];

/// How much of the text the content sniffer looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// Picks the parser: by extension when it is a known one, else by content.
pub fn detect_format(path: Option<&Path>, text: &str) -> Format {
    if let Some(ext) = path.and_then(Path::extension).and_then(|e| e.to_str()) {
        let ext = ext.to_ascii_lowercase();
        if MARKDOWN_EXTENSIONS.contains(&ext.as_str()) {
            return Format::Markdown;
        }
        if TEXT_EXTENSIONS.contains(&ext.as_str()) {
            return Format::PlainText;
        }
    }
    if looks_like_markdown(text) {
        Format::Markdown
    } else {
        Format::PlainText
    }
}

/// Content sniffing: strong Markdown signals in the first [`SNIFF_BYTES`].
fn looks_like_markdown(text: &str) -> bool {
    let mut score = 0u32;
    let mut seen = 0usize;
    let mut prev_nonblank = false;
    for (i, raw) in text.split('\n').enumerate() {
        seen += raw.len() + 1;
        if seen > SNIFF_BYTES {
            break;
        }
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if i == 0 && (line == "---" || line == "+++") {
            score += 2; // front matter
        }
        if is_atx_heading(trimmed) || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            score += 2;
        }
        if prev_nonblank
            && !trimmed.is_empty()
            && (trimmed.bytes().all(|b| b == b'=')
                || (trimmed.len() >= 3 && trimmed.bytes().all(|b| b == b'-')))
            && line.len() == trimmed.len()
        {
            score += 2; // setext underline
        }
        if has_inline_link(line) {
            score += 2;
        }
        if line.contains("**") || line.contains("](") || trimmed.starts_with("> ") {
            score += 1;
        }
        if score >= 2 {
            return true;
        }
        prev_nonblank = !trimmed.is_empty();
    }
    false
}

fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && matches!(line.as_bytes().get(hashes), Some(b' ' | b'\t') | None)
        && line.len() > hashes
}

/// `[text](target)` somewhere in the line.
fn has_inline_link(line: &str) -> bool {
    let mut rest = line;
    while let Some(close) = rest.find("](") {
        let before = rest.get(..close).unwrap_or_default();
        let after = rest.get(close + 2..).unwrap_or_default();
        if before.contains('[') && after.contains(')') && !after.starts_with(' ') {
            return true;
        }
        rest = after;
    }
    false
}

#[cfg(test)]
#[allow(clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped_and_nothing_else_changes() {
        let d = decode(b"\xEF\xBB\xBFa\r\n\tb").unwrap();
        assert_eq!(d.text, "a\r\n\tb");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn nul_byte_means_binary() {
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary { offset: 3 }));
        let msg = decode(b"\0").unwrap_err().to_string();
        assert!(msg.contains("binary"), "{msg}");
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_counting_warning() {
        let d = decode(b"caf\xE9 ok \xFF\xFE!").unwrap();
        assert_eq!(d.text, "caf\u{fffd} ok \u{fffd}\u{fffd}!");
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("3 bytes"), "{}", d.warnings[0]);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("hé\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(&le).unwrap(),
            Decoded {
                text: "hé\n".into(),
                warnings: vec![]
            }
        );
        le.push(b'x'); // an odd trailing byte
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "hé\n\u{fffd}");
        assert!(d.warnings[0].contains("1 code units"), "{:?}", d.warnings);
        let mut be = vec![0xFE, 0xFF];
        be.extend("hé".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().text, "hé");
        let mut nul = vec![0xFF, 0xFE];
        nul.extend("a\0".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(decode(&nul), Err(DecodeError::Binary { .. })));
    }

    #[test]
    fn extension_decides_first() {
        assert_eq!(
            detect_format(Some(Path::new("a.MD")), "plain"),
            Format::Markdown
        );
        assert_eq!(
            detect_format(Some(Path::new("a.txt")), "# Heading"),
            Format::PlainText
        );
        assert_eq!(
            detect_format(Some(Path::new("a.mdx")), ""),
            Format::Markdown
        );
    }

    #[test]
    fn content_sniffing_finds_markdown_signals() {
        for md in [
            "---\ntitle: x\n---\nbody",
            "Intro\n\n## Part two\n",
            "text\n\n```rust\nfn x() {}\n```\n",
            "see [the docs](https://example.com) now",
            "Title\n=====\n\nbody",
        ] {
            assert_eq!(detect_format(None, md), Format::Markdown, "{md:?}");
        }
    }

    #[test]
    fn plain_articles_are_not_mistaken_for_markdown() {
        let seed = include_str!("../../../seeds/china-russia-deepen-technological-ties.txt");
        assert_eq!(detect_format(None, seed), Format::PlainText);
        assert_eq!(
            detect_format(Some(Path::new("stdin")), "#hashtag and [1] note\n- item"),
            Format::PlainText
        );
        assert_eq!(detect_format(None, ""), Format::PlainText);
    }
}
