//! Reading an article from a file, stdin or the bundled seed into a [`Document`].
//!
//! This is the shell side of parsing: it does the I/O, then hands bytes to the pure core
//! (`decode` → `detect_format` → `plaintext`/`markdown`). Everything the user can get wrong —
//! a missing file, a directory, no permission, a binary file — becomes a one-line
//! [`UserError`] (exit code 2) naming the file; lossy decoding is a warning, not an error.

pub mod web;

use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use crate::core::app::loading::TextHandle;
use crate::core::doc::decode;
use crate::core::doc::document::{Document, Format};
use crate::core::doc::layout::MAX_TEXT;
use crate::core::doc::preview::parse_as;
use crate::error::UserError;

/// The article gloss opens when given no file.
pub const SEED_NAME: &str = "china-russia-deepen-technological-ties.txt";
pub const SEED_TEXT: &str = include_str!("../seeds/china-russia-deepen-technological-ties.txt");

/// A document and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub doc: Document,
    /// The file, canonicalised when possible; `None` for stdin and the bundled seed.
    pub path: Option<PathBuf>,
    /// What the status bar shows (file name, `<stdin>`, or the seed's name).
    pub display_name: String,
    /// Non-fatal problems to show the user (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
    /// For a web article read from a URL: its canonical URL, the location its notes and
    /// exports carry.
    pub url: Option<String>,
}

/// Loads `path` (`None` = the bundled seed, `-` = stdin); a URL or a web page too, with the
/// default web settings (see [`load_with`]).
pub fn load(path: Option<&Path>) -> anyhow::Result<Loaded> {
    load_with(path, &web::WebSettings::default())
}

/// Decoded text not parsed yet: the reader opens a big file progressively.
#[derive(Debug, Clone)]
pub struct Unparsed {
    pub text: String,
    pub format: Format,
    /// As in [`Loaded`].
    pub path: Option<PathBuf>,
    pub display_name: String,
    pub warnings: Vec<String>,
}

impl Unparsed {
    /// Parses the text.
    pub fn parse(self) -> Loaded {
        Loaded {
            doc: parse_as(self.format, self.text),
            path: self.path,
            display_name: self.display_name,
            warnings: self.warnings,
            url: None,
        }
    }
}

/// The head of a big file, read alone so that the reader can show it before the rest of the
/// file is even read (see `core::app::loading`).
#[derive(Debug, Clone)]
pub struct Head {
    /// The first [`HEAD_BYTES`] of the file, decoded (they are UTF-8 text).
    pub text: String,
    /// The file's size in bytes.
    pub size: usize,
    pub format: Format,
    /// As in [`Loaded`]: the file, canonicalised when possible.
    pub path: PathBuf,
    pub display_name: String,
}

/// What [`open_with`] found: a parsed document, the decoded text of a big file or stdin, or
/// only the head of a big file.
#[derive(Debug, Clone)]
pub enum Opened {
    Parsed(Loaded),
    Text(Unparsed),
    Head(Head),
}

/// How much of a big file is read before the reader's first frame: the 64 kB it shows, with
/// room to end that part at a block boundary, and more than format sniffing looks at.
pub const HEAD_BYTES: usize = 256 * 1024;

/// Loads `path` like [`load`]; a URL is fetched (or its snapshot opened) and a web page is
/// turned into its article, as `settings` say.
pub fn load_with(path: Option<&Path>, settings: &web::WebSettings) -> anyhow::Result<Loaded> {
    match open_with(path, settings, usize::MAX)? {
        Opened::Parsed(l) => Ok(l),
        Opened::Text(u) => Ok(u.parse()),
        Opened::Head(h) => {
            let (text, warnings) = read_whole(&h.path).map_err(UserError)?;
            Ok(Loaded {
                doc: parse_as(h.format, text),
                path: Some(h.path),
                display_name: h.display_name,
                warnings,
                url: None,
            })
        }
    }
}

/// The whole text behind a document being opened progressively (`core::app::loading`): the
/// text itself, or the file read and decoded now (on the loader's thread); with the
/// decoding's warnings, or the one-line error reading it gives.
/// `read` is told how much of a file has been read so far, in percent.
pub fn whole_text(
    whole: TextHandle,
    read: impl FnMut(u8),
) -> Result<(String, Vec<String>), String> {
    match whole {
        // the reader handed its only reference over: no copy of the text
        TextHandle::Text(text) => Ok((
            std::sync::Arc::try_unwrap(text).unwrap_or_else(|shared| (*shared).clone()),
            Vec::new(),
        )),
        TextHandle::File(path) => read_whole_telling(&path, read),
    }
}

/// The whole of a file the reader opened from its head: its text and the decoding's warnings,
/// or the one-line error reading it whole gives (`NAME looks like a binary file …`).
pub fn read_whole(path: &Path) -> Result<(String, Vec<String>), String> {
    read_whole_telling(path, |_| {})
}

/// How much of a big file is read between two reports of [`read_whole_telling`].
const READ_STEP: u64 = 8 << 20;

/// [`read_whole`], telling `read` how much has been read (percent) after every
/// [`READ_STEP`]: from a slow disk, a hundred megabytes take seconds.
pub fn read_whole_telling(
    path: &Path,
    mut read: impl FnMut(u8),
) -> Result<(String, Vec<String>), String> {
    let shown = path.display().to_string();
    let failed = |e: &std::io::Error| read_error(&shown, e);
    let mut file = std::fs::File::open(path).map_err(|e| failed(&e))?;
    let size = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    loop {
        let n = (&mut file)
            .take(READ_STEP)
            .read_to_end(&mut bytes)
            .map_err(|e| failed(&e))?;
        if n == 0 {
            break;
        }
        let done = (bytes.len() as u64).saturating_mul(100) / size.max(1);
        read(u8::try_from(done.min(100)).unwrap_or(100));
    }
    let decoded = decode::decode_vec(bytes).map_err(|e| format!("{shown} {e}"))?;
    Ok((decoded.text, decoded.warnings))
}

/// The head of the big file `p` when it alone shows UTF-8 text (see [`decode::decode_head`]);
/// `None`: read the whole file now.
fn read_head(p: &Path, size: usize, display_name: &str) -> Option<Head> {
    let file = std::fs::File::open(p).ok()?;
    let mut bytes = Vec::with_capacity(HEAD_BYTES);
    file.take(HEAD_BYTES as u64).read_to_end(&mut bytes).ok()?;
    if web::sniff_html(Some(p), &bytes) {
        return None;
    }
    let text = decode::decode_head(&bytes)?;
    Some(Head {
        format: decode::detect_format(Some(p), &text),
        text,
        size,
        path: std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()),
        display_name: display_name.to_owned(),
    })
}

/// Like [`load_with`], except that a file or stdin whose decoded text is longer than
/// `parse_over` bytes comes back unparsed, for the reader to parse progressively: a file
/// bigger than that as only its head ([`Opened::Head`]) when the head is UTF-8 text, else
/// (and stdin) as its whole decoded text ([`Opened::Text`]).
pub fn open_with(
    path: Option<&Path>,
    settings: &web::WebSettings,
    parse_over: usize,
) -> anyhow::Result<Opened> {
    if let Some(url) = path.and_then(web::as_url) {
        return web::load_url(url, settings).map(Opened::Parsed);
    }
    let Some(p) = path else {
        return Ok(Opened::Parsed(Loaded {
            doc: parse(SEED_TEXT.to_owned(), Some(Path::new(SEED_NAME))),
            path: None,
            display_name: SEED_NAME.to_owned(),
            warnings: Vec::new(),
            url: None,
        }));
    };
    // a big file: its head now, the rest in the reader's background
    let big_file = (parse_over < usize::MAX && p != Path::new("-"))
        .then(|| std::fs::metadata(p).ok())
        .flatten()
        .filter(|m| m.is_file() && m.len() > parse_over as u64 && m.len() <= MAX_TEXT)
        .and_then(|m| usize::try_from(m.len()).ok());
    if let Some(size) = big_file {
        let name = p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        if let Some(head) = read_head(p, size, &name) {
            return Ok(Opened::Head(head));
        }
    }
    let (bytes, display_name) = read_bytes(p)?;
    let path =
        (p != Path::new("-")).then(|| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
    if web::sniff_html(Some(p), &bytes) {
        let (doc, warnings) = document_of(bytes, path.as_deref().or(Some(p)))
            .map_err(|e| UserError(format!("{display_name} {e}")))?;
        return Ok(Opened::Parsed(Loaded {
            doc,
            path,
            display_name,
            warnings,
            url: None,
        }));
    }
    let decoded = decode::decode_vec(bytes).map_err(|e| match e {
        _ if path.is_none() => UserError(format!("standard input {e}")),
        _ => UserError(format!("{} {e}", p.display())),
    })?;
    let format_hint = path.as_deref().or(Some(p));
    let text = Unparsed {
        format: decode::detect_format(format_hint, &decoded.text),
        text: decoded.text,
        path,
        display_name,
        warnings: decoded.warnings,
    };
    Ok(if text.text.len() > parse_over {
        Opened::Text(text)
    } else {
        Opened::Parsed(text.parse())
    })
}

/// The document in the bytes of a file named `name` (or of stdin): a web page's article (by
/// the name's extension or by content), else the text or Markdown it holds; with the warnings
/// met on the way (the encoding assumed, bytes replaced, an empty extraction).
pub fn document_of(
    bytes: Vec<u8>,
    name: Option<&Path>,
) -> Result<(Document, Vec<String>), decode::DecodeError> {
    if web::sniff_html(name, &bytes) {
        let decoded = decode::decode_page(&bytes, None)?;
        let article = web::article_document(&decoded.text, None);
        let mut warnings = decoded.warnings;
        warnings.extend(article.1);
        return Ok((article.0, warnings));
    }
    let decoded = decode::decode_vec(bytes)?;
    Ok((parse(decoded.text, name), decoded.warnings))
}

/// The bytes of a file, or of stdin for `-`, and the name to show for it.
pub fn read_bytes(p: &Path) -> anyhow::Result<(Vec<u8>, String)> {
    if p == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_TEXT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| UserError(format!("cannot read standard input: {e}")))?;
        if buf.len() as u64 > MAX_TEXT {
            return Err(UserError(too_big("standard input")).into());
        }
        return Ok((buf, "<stdin>".to_owned()));
    }
    let shown = p.display().to_string();
    if p.is_dir() {
        return Err(UserError(format!("{shown} is a directory, not an article")).into());
    }
    if over_limit(p) {
        return Err(UserError(too_big(&shown)).into());
    }
    let bytes = std::fs::read(p).map_err(|e| UserError(read_error(&shown, &e)))?;
    let name = p
        .file_name()
        .map_or(shown, |n| n.to_string_lossy().into_owned());
    Ok((bytes, name))
}

/// Parses decoded text with the parser its name or content calls for.
pub fn parse(text: String, name: Option<&Path>) -> Document {
    parse_as(decode::detect_format(name, &text), text)
}

/// Whether the file at `p` is bigger than gloss reads ([`MAX_TEXT`]): it is refused before a
/// byte of it is read.
pub fn over_limit(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.len() > MAX_TEXT)
}

/// The message for an input over [`MAX_TEXT`].
pub fn too_big(shown: &str) -> String {
    format!("{shown} is over 4 GiB: gloss reads texts up to 4 GiB")
}

fn read_error(shown: &str, e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => format!("{shown}: no such file"),
        ErrorKind::PermissionDenied => format!("{shown}: permission denied"),
        ErrorKind::IsADirectory => format!("{shown} is a directory, not an article"),
        _ => format!("cannot read {shown}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_error(err: &anyhow::Error) -> String {
        err.chain()
            .find_map(|e| e.downcast_ref::<UserError>())
            .map(|u| u.0.clone())
            .expect("a UserError")
    }

    #[test]
    fn no_path_loads_the_bundled_seed() {
        let l = load(None).unwrap();
        assert_eq!(l.display_name, SEED_NAME);
        assert_eq!(l.doc.format, Format::PlainText);
        assert_eq!(
            l.doc.title().as_deref(),
            Some("China, Russia Deepen Technological Ties")
        );
        assert!(l.path.is_none() && l.warnings.is_empty());
    }

    #[test]
    fn files_are_decoded_detected_and_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("a.md");
        std::fs::write(&md, "\u{feff}# Hi\r\n\r\nText \u{ff}\n").unwrap();
        let l = load(Some(&md)).unwrap();
        assert_eq!(l.doc.format, Format::Markdown);
        assert_eq!(l.doc.source, "# Hi\r\n\r\nText \u{ff}\n");
        assert_eq!(l.display_name, "a.md");

        let bad = dir.path().join("bad.txt");
        std::fs::write(
            &bad,
            "caf\u{e9} ok \u{ff}\u{fe} text\n"
                .bytes()
                .chain(*b"\xff\xfe")
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let l = load(Some(&bad)).unwrap();
        assert_eq!(l.warnings.len(), 1);
        assert!(l.warnings[0].contains("2 bytes"));
    }

    #[test]
    fn user_mistakes_are_one_line_user_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.txt");
        let e = user_error(&load(Some(&missing)).unwrap_err());
        assert!(e.ends_with("nope.txt: no such file"), "{e}");

        let e = user_error(&load(Some(dir.path())).unwrap_err());
        assert!(e.contains("is a directory"), "{e}");

        let bin = dir.path().join("x.bin");
        std::fs::write(&bin, b"\x7fELF\0\0\x01").unwrap();
        let e = user_error(&load(Some(&bin)).unwrap_err());
        assert!(e.contains("x.bin looks like a binary file"), "{e}");
        assert!(!e.contains('\n'));
    }

    #[test]
    fn a_big_file_is_read_whole_telling_how_far_the_read_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        // two and a half steps of prose
        let line = "Huawei met officials in Moscow on Monday.\n";
        let size = usize::try_from(READ_STEP * 5 / 2).unwrap();
        let text = line.repeat(size / line.len() + 1);
        std::fs::write(&path, &text).unwrap();
        let mut told = Vec::new();
        let (read, warnings) = read_whole_telling(&path, |p| told.push(p)).unwrap();
        assert_eq!(read, text);
        assert!(warnings.is_empty());
        assert_eq!(told, [39, 79, 100]);
        assert_eq!(read.capacity(), read.len(), "one buffer of the file's size");
        // the load's progress: the read is its first 15%
        assert_eq!(
            told.iter()
                .map(|&p| crate::core::app::loading::reading(p))
                .collect::<Vec<_>>(),
            [5, 11, 15]
        );
        // a file that cannot be read says so in one line
        let gone = read_whole_telling(&dir.path().join("gone.txt"), |_| {}).unwrap_err();
        assert!(gone.contains("gone.txt") && !gone.contains('\n'), "{gone}");
    }
}
