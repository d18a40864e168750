//! `gloss render FILE`: the article laid out exactly as the reader shows it, printed to stdout.
//!
//! The lines come from the same layout the reader uses (streamed block by block, see
//! [`layout::stream`]) and the colours from the same
//! [`ArticleStyles`], so `render` is the reader's article pane without a terminal. Colour is
//! emitted only through crossterm's style API (our own SGR sequences); document text reaches
//! stdout only as display-safe segment text, so a document full of escape sequences prints
//! their visible pictures. A closed pipe (`gloss render x | head`) ends the command quietly.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::style::ContentStyle;

use crate::cli::{ColorChoice, Global, RenderArgs};
use crate::core::doc::layout::{self, Line};
use crate::input;
use crate::ui::article::ArticleStyles;

/// The measure when neither `--width` nor the config gives one (the config's default).
pub const DEFAULT_WIDTH: u16 = crate::core::app::config::DEFAULT_WIDTH;

pub fn run(global: &Global, args: &RenderArgs) -> anyhow::Result<ExitCode> {
    let loaded = input::web::load_for_cli(&args.file, global)?;
    for w in &loaded.warnings {
        eprintln!("gloss: {}", crate::core::doc::sanitize::one_line(w));
    }
    let color = use_color(
        args.color,
        io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    );
    let doc = loaded.doc;
    // The reader's rule: --width, else the config's `width`, else 80 (both 20..=1000).
    let width = match args.width {
        Some(w) => w,
        None => crate::commands::read::load_config(global)?.width,
    };
    let styles = color.then(ArticleStyles::default);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    write_lines(
        &mut out,
        layout::stream(&doc, 0..doc.block_count(), width),
        &doc.source,
        styles.as_ref(),
    )
    .and_then(|()| out.flush())?;
    Ok(ExitCode::SUCCESS)
}

/// Whether to colour: `always`/`never` as asked; `auto` only on a terminal without `NO_COLOR`.
pub fn use_color(choice: ColorChoice, is_tty: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_tty && !no_color,
    }
}

/// Writes `lines`; styled with `styles` when given, plain text otherwise.
pub fn write_lines(
    out: &mut impl Write,
    lines: impl Iterator<Item = Line>,
    source: &str,
    styles: Option<&ArticleStyles>,
) -> io::Result<()> {
    let mut plain = String::new();
    for line in lines {
        match styles {
            None => {
                plain.clear();
                for seg in &line.segments {
                    plain.push_str(seg.text(source));
                }
                writeln!(out, "{}", plain.trim_end())?;
            }
            Some(styles) => {
                let mut segs = line.segments.as_slice();
                // no styled trailing padding
                while let Some((last, rest)) = segs.split_last() {
                    if last.text(source).trim().is_empty() {
                        segs = rest;
                    } else {
                        break;
                    }
                }
                for seg in segs {
                    let style: ContentStyle = styles.segment_style(line.kind, seg).into_crossterm();
                    write!(out, "{}", style.apply(seg.text(source)))?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_color(ColorChoice::Auto, true, false));
        assert!(!use_color(ColorChoice::Auto, false, false));
        assert!(!use_color(ColorChoice::Auto, true, true));
        assert!(use_color(ColorChoice::Always, false, true));
        assert!(!use_color(ColorChoice::Never, true, false));
    }
}
