//! Bytes → text, and text → which parser: the first step of reading any article.
//!
//! [`decode`] turns raw bytes into the `String` every document range points into. It keeps the
//! text byte for byte (CRLF, tabs, control characters) apart from a leading byte-order mark, so
//! offsets equal file offsets after the BOM; it refuses binary files (NUL bytes) instead of
//! showing garbage, and decodes invalid UTF-8 lossily with a warning that says how much was
//! replaced, because a reader should open a slightly broken file rather than refuse it.
//! Bytes that are not UTF-8 are decoded as the legacy encoding `chardetng` guesses (a Latin-1
//! "café" stays "café"), and [`Decoded::encoding`] says which one was assumed. Known binary
//! formats (PDF, ZIP/EPUB/DOCX, images, gzip) are recognised by their magic numbers and refused
//! with a message naming them. [`decode_page`] adds the web's order: HTTP charset, BOM,
//! `<meta charset>`, then detection.
//! [`detect_format`] picks the parser from the file extension, then from the content; it takes a
//! `Path` only to read its extension, so it stays pure.

use std::path::Path;

use encoding_rs::Encoding;

use crate::core::doc::document::Format;

/// Decoded text plus the non-fatal problems met on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text all document ranges point into (BOM removed, nothing else changed).
    pub text: String,
    /// Human-readable warnings, e.g. how many invalid UTF-8 bytes were replaced.
    pub warnings: Vec<String>,
    /// The encoding the bytes were read as (`UTF-8`, `windows-1252`, `Shift_JIS`…).
    pub encoding: &'static str,
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
    /// A known non-article format, recognised by its magic number (`PDF`, `a PNG image`).
    #[error("is {what}: {why}")]
    Unsupported {
        /// What the bytes are, with an article (`a PDF`).
        what: &'static str,
        /// What to tell the user (`PDF is not supported yet`).
        why: &'static str,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes `bytes` (see the module doc). Copies the bytes; use [`decode_vec`] to avoid that.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_vec(bytes.to_vec())
}

/// Like [`decode`] but takes ownership, so valid UTF-8 (the usual case) is not copied.
pub fn decode_vec(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    decode_with(bytes, None)
}

/// The text of the first bytes of a file, when they alone show it is UTF-8 text: no magic
/// number, no UTF-16 mark, no NUL, valid UTF-8 (a character cut at the end of `head` is
/// left out). `None` means: decode the whole file to know. The reader shows a big file from
/// its head while the whole is read and decoded in the background; that decoding has the last
/// word (a NUL or a non-UTF-8 byte further on is found then).
pub fn decode_head(head: &[u8]) -> Option<String> {
    sniff_binary(head).ok()?;
    if Encoding::for_bom(head).is_some_and(|(e, _)| e != encoding_rs::UTF_8) {
        return None;
    }
    if memchr::memchr(0, head).is_some() {
        return None;
    }
    let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text,
        // only a character cut by the end of the head
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(head.get(..e.valid_up_to())?).ok()?
        }
        Err(_) => return None,
    };
    Some(valid.to_owned())
}

/// Decodes a web page: the HTTP header's charset (`http_charset`) first, then a BOM, then
/// `<meta charset>` in the first kilobytes, then UTF-8 if the bytes are valid, then detection.
pub fn decode_page(bytes: &[u8], http_charset: Option<&str>) -> Result<Decoded, DecodeError> {
    let declared = http_charset
        .and_then(|c| Encoding::for_label(c.trim().trim_matches('"').as_bytes()))
        .filter(|_| bom_encoding(bytes).is_none())
        .or_else(|| {
            if bom_encoding(bytes).is_some() {
                None
            } else {
                meta_charset(bytes)
            }
        });
    decode_with(bytes.to_vec(), declared)
}

/// What the status bar says of text read as `encoding`: nothing for UTF-8, else `read as
/// windows-1252` (every non-UTF-8 input says which encoding was assumed).
pub fn encoding_note(encoding: &str) -> Option<String> {
    (encoding != "UTF-8").then(|| format!("read as {encoding}"))
}

/// The encoding a byte-order mark names, if any.
fn bom_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_bom(bytes).map(|(e, _)| e)
}

/// The charset a page declares in its first 4 KB (`<meta charset=…>` or
/// `<meta http-equiv=Content-Type content="…; charset=…">`).
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes).to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(head.get(at..)?, b"charset") {
        let rest = head.get(at + i + 7..)?;
        let rest = rest.strip_prefix(b"=").or_else(|| {
            let t = rest.trim_ascii_start();
            t.strip_prefix(b"=")
        });
        if let Some(rest) = rest {
            let rest = rest.trim_ascii_start();
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b' ' | b'/'))
                .unwrap_or(rest.len());
            if let Some(enc) = rest.get(..end).and_then(Encoding::for_label) {
                // a page served as UTF-16 cannot say so in ASCII; trust it only for ASCII-compatible ones
                return Some(
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else {
                        enc
                    },
                );
            }
        }
        at += i + 7;
    }
    None
}

/// Decodes with `declared` when given (a BOM still wins), else UTF-8 or a detected encoding.
fn decode_with(
    mut bytes: Vec<u8>,
    declared: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    sniff_binary(&bytes)?;
    if let Some(utf16) = decode_utf16_with_bom(&bytes) {
        return utf16;
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(DecodeError::Binary { offset });
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    } else if let Some(enc) = declared.filter(|e| *e != encoding_rs::UTF_8) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
        let mut warnings: Vec<String> = encoding_note(enc.name()).into_iter().collect();
        if had_errors {
            warnings.push(format!(
                "some bytes are not valid {}: replaced with \u{fffd}",
                enc.name()
            ));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            warnings,
            encoding: enc.name(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            warnings: Vec::new(),
            encoding: "UTF-8",
        }),
        Err(err) => {
            let bytes = err.into_bytes();
            if declared.is_none()
                && let Some(decoded) = detect_legacy(&bytes)?
            {
                return Ok(decoded);
            }
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
                encoding: "UTF-8",
            })
        }
    }
}

/// Bytes that are not UTF-8: binary when control bytes abound, else the legacy encoding
/// `chardetng` guesses when it decodes them cleanly (`None`: fall back to lossy UTF-8).
fn detect_legacy(bytes: &[u8]) -> Result<Option<Decoded>, DecodeError> {
    let sample = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if controls * 100 > sample.len() {
        let offset = bytes
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
            .unwrap_or(0);
        return Err(DecodeError::Binary { offset });
    }
    // Mostly good UTF-8 with a few bad bytes is a damaged UTF-8 file, not a legacy one.
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in sample.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good > bad {
        return Ok(None);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let enc = detector.guess(None, false);
    if enc == encoding_rs::UTF_8 {
        return Ok(None);
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Ok(None);
    }
    Ok(Some(Decoded {
        text: text.into_owned(),
        warnings: vec![format!("not UTF-8: read as {}", enc.name())],
        encoding: enc.name(),
    }))
}

/// Refuses known binary formats by their magic numbers, naming them.
fn sniff_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    let unsupported = |what, why| Err(DecodeError::Unsupported { what, why });
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        return unsupported("a PDF", "PDF is not supported yet");
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        let head = bytes.get(..4096).unwrap_or(bytes);
        if memchr::memmem::find(head, b"application/epub+zip").is_some() {
            return unsupported("an EPUB book", "EPUB is not supported yet");
        }
        if memchr::memmem::find(head, b"word/").is_some() {
            return unsupported("a Word document", "DOCX is not supported yet");
        }
        return unsupported("a ZIP archive", "unzip it first");
    }
    if starts(b"\x1f\x8b") {
        return unsupported(
            "gzip-compressed",
            "decompress it first (gunzip -c FILE | gloss -)",
        );
    }
    let image = starts(b"\x89PNG\r\n\x1a\n")
        || starts(b"\xFF\xD8\xFF")
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || starts(b"BM") && bytes.len() > 14 && bytes.get(6..10) == Some(&[0, 0, 0, 0]);
    if image {
        return unsupported("an image", "images are not articles");
    }
    Ok(())
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
    let encoding = if little { "UTF-16LE" } else { "UTF-16BE" };
    let mut warnings: Vec<String> = encoding_note(encoding).into_iter().collect();
    if bad > 0 {
        warnings.push(format!(
            "invalid UTF-16: {bad} code units replaced with \u{fffd}"
        ));
    }
    Some(Ok(Decoded {
        text,
        warnings,
        encoding,
    }))
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
    fn a_head_decodes_only_when_it_shows_utf8_text() {
        assert_eq!(decode_head(b"plain text").as_deref(), Some("plain text"));
        assert_eq!(
            decode_head(b"\xEF\xBB\xBFwith a mark").as_deref(),
            Some("with a mark")
        );
        // "café" with its last character cut in two by the end of the head
        assert_eq!(decode_head(b"caf\xC3").as_deref(), Some("caf"));
        assert_eq!(
            decode_head(b"caf\xE9 au lait"),
            None,
            "Latin-1: decode the whole"
        );
        assert_eq!(
            decode_head(b"a\0b"),
            None,
            "NUL: decode the whole (and refuse it)"
        );
        assert_eq!(decode_head(b"\xFF\xFEa\0"), None, "UTF-16");
        assert_eq!(decode_head(b"%PDF-1.7"), None);
    }

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
    fn legacy_encodings_are_detected_and_named() {
        let d = decode(b"Un caf\xE9 cr\xE8me, s'il vous pla\xEEt, et l'addition.\n").unwrap();
        assert_eq!(d.text, "Un café crème, s'il vous plaît, et l'addition.\n");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.warnings[0].contains("windows-1252"), "{:?}", d.warnings);
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のテキストです。東京は晴れ。");
        let d = decode(&sjis).unwrap();
        assert_eq!(d.text, "日本語のテキストです。東京は晴れ。");
        assert_eq!(d.encoding, "Shift_JIS");
        let (gbk, _, _) =
            encoding_rs::GBK.encode("这是一个中文句子，北京今天下雨了。我们明天去上海。");
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, "这是一个中文句子，北京今天下雨了。我们明天去上海。");
        assert_eq!(d.encoding, "GBK");
        assert_eq!(decode(b"plain ascii").unwrap().encoding, "UTF-8");
    }

    #[test]
    fn every_input_not_read_as_utf8_says_which_encoding_was_assumed() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のテキストです。東京は晴れ。");
        let (gbk, _, _) =
            encoding_rs::GBK.encode("这是一个中文句子，北京今天下雨了。我们明天去上海。");
        let mut utf16 = vec![0xFE, 0xFF];
        utf16.extend("hé".encode_utf16().flat_map(u16::to_be_bytes));
        let page = |charset: &str, body: &[u8]| {
            let mut p =
                format!("<html><head><meta charset=\"{charset}\"></head><body>").into_bytes();
            p.extend_from_slice(body);
            p
        };
        let cases = [
            (
                "latin-1 text",
                decode(b"Un caf\xE9 cr\xE8me, s'il vous pla\xEEt.\n").unwrap(),
            ),
            ("Shift_JIS text", decode(&sjis).unwrap()),
            ("GBK text", decode(&gbk).unwrap()),
            ("UTF-16 text", decode(&utf16).unwrap()),
            (
                "a page declaring windows-1252",
                decode_page(&page("windows-1252", b"caf\xE9"), None).unwrap(),
            ),
            (
                "a page declaring Shift_JIS",
                decode_page(&page("shift_jis", &sjis), None).unwrap(),
            ),
            (
                "a page declaring GBK",
                decode_page(&page("gbk", &gbk), None).unwrap(),
            ),
            (
                "a page sniffed as windows-1252",
                decode_page(b"<p>Un caf\xE9 cr\xE8me, s'il vous pla\xEEt.</p>", None).unwrap(),
            ),
            (
                "a header charset",
                decode_page(b"<p>caf\xE9</p>", Some("iso-8859-1")).unwrap(),
            ),
        ];
        for (what, d) in cases {
            assert_ne!(d.encoding, "UTF-8", "{what}");
            let note = format!("read as {}", d.encoding);
            assert!(
                d.warnings.iter().any(|w| w.contains(&note)),
                "{what}: {:?}",
                d.warnings
            );
        }
        // UTF-8 says nothing
        assert!(decode("café".as_bytes()).unwrap().warnings.is_empty());
        assert!(
            decode_page(&page("utf-8", "café".as_bytes()), None)
                .unwrap()
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn pages_follow_http_then_bom_then_meta_then_detection() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xE9</body></html>";
        let d = decode_page(page, None).unwrap();
        assert!(d.text.contains("café"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252"); // the WHATWG name for the latin1 label
        let d = decode_page(b"<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>\x93\xfa\x96\x7b", None).unwrap();
        assert!(d.text.ends_with("日本"), "{}", d.text);
        // the HTTP header wins over meta; a BOM wins over both
        let d = decode_page("<meta charset=windows-1252>é".as_bytes(), Some("utf-8")).unwrap();
        assert!(d.text.ends_with('é'), "{}", d.text);
        let d = decode_page(b"\xEF\xBB\xBF<meta charset=gbk>\xC3\xA9", Some("gbk")).unwrap();
        assert!(d.text.ends_with('é'), "{}", d.text);
        // a wrong label is ignored: detection
        let d = decode_page(
            b"<p>Un caf\xE9 cr\xE8me, s'il vous pla\xEEt.</p>",
            Some("bogus"),
        )
        .unwrap();
        assert!(d.text.contains("café crème"), "{}", d.text);
    }

    #[test]
    fn binary_formats_are_refused_by_name() {
        let msg = |b: &[u8]| decode(b).unwrap_err().to_string();
        assert_eq!(msg(b"%PDF-1.7\n..."), "is a PDF: PDF is not supported yet");
        assert!(msg(b"\x89PNG\r\n\x1a\n....").contains("image"));
        assert!(msg(b"\xFF\xD8\xFF\xE0").contains("image"));
        assert!(msg(b"PK\x03\x04\x14\0\0\0mimetypeapplication/epub+zip").contains("EPUB"));
        assert!(msg(b"PK\x03\x04....word/document.xml").contains("DOCX"));
        assert!(msg(b"\x1f\x8b\x08\0").contains("gzip"));
        let noise: Vec<u8> = (0..2000u32)
            .map(|i| u8::try_from((i * 7919) % 256).unwrap_or(1) | 1)
            .collect();
        assert!(msg(&noise).contains("binary"), "{}", msg(&noise));
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_counting_warning() {
        let d = decode(
            "日本語 ok \u{e9}"
                .as_bytes()
                .iter()
                .copied()
                .chain(*b"\xFF\xFE!")
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(d.text, "日本語 ok é\u{fffd}\u{fffd}!");
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("2 bytes"), "{}", d.warnings[0]);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("hé\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(&le).unwrap(),
            Decoded {
                text: "hé\n".into(),
                warnings: vec!["read as UTF-16LE".into()],
                encoding: "UTF-16LE",
            }
        );
        le.push(b'x'); // an odd trailing byte
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "hé\n\u{fffd}");
        assert!(d.warnings[1].contains("1 code units"), "{:?}", d.warnings);
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
