//! Terminal setup and restore: raw mode, the alternate screen, mouse capture.
//!
//! The terminal must come back in every case — normal exit, an error, a panic — or the user's
//! shell is left unusable. [`Session`] restores on drop (normal exit and `?` errors) and a panic
//! hook installed by [`Session::start`] restores before the panic message is printed.

use std::io::{self, BufWriter, Stdout, Write, stdout};
use std::sync::Once;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Frames go out through a buffer big enough for a whole frame, in one write when ratatui
/// flushes at the end of a draw: standard output alone is line-buffered at 1 KB, so a frame
/// full of escape sequences and no newline left as a dozen writes, each waking the terminal.
pub type Tui = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Room for a full frame of a large terminal with colours.
const FRAME_BUFFER: usize = 256 * 1024;

/// An active full-screen session; dropping it restores the terminal.
pub struct Session {
    pub terminal: Tui,
}

impl Session {
    /// Enters raw mode and the alternate screen (and captures the mouse if asked).
    pub fn start(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut out = stdout();
        let entered = execute!(out, EnterAlternateScreen).and_then(|()| {
            if mouse {
                execute!(out, EnableMouseCapture)
            } else {
                Ok(())
            }
        });
        if let Err(e) = entered {
            restore();
            return Err(e);
        }
        let out = BufWriter::with_capacity(FRAME_BUFFER, stdout());
        // A fixed viewport, resized by the event loop on resize events: a fullscreen one asks
        // for the terminal size before every frame, and crossterm opens /dev/tty to answer.
        // Polling once first starts crossterm's event source, so a resize from now on is an
        // event even if it comes before the loop's first read.
        let _ = crossterm::event::poll(std::time::Duration::ZERO);
        let open = crossterm::terminal::size().and_then(|(width, height)| {
            Terminal::with_options(
                CrosstermBackend::new(out),
                TerminalOptions {
                    viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
                },
            )
        });
        match open {
            Ok(terminal) => Ok(Self { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Fits the frame to a terminal resized to `width`×`height` (the next draw repaints it all).
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        self.terminal.resize(Rect::new(0, 0, width, height))
    }
}

/// What a terminal event means to a screen that only takes keys and resizes.
pub enum Input {
    Key(crate::core::app::key::Key),
    /// The new size; the session is already resized to it.
    Resize {
        width: u16,
        height: u16,
    },
}

impl Session {
    /// Reads the next terminal event: a key press, a resize (applied to the screen here), or
    /// `None` for anything else (key releases, mouse, focus).
    pub fn next_input(&mut self) -> anyhow::Result<Option<Input>> {
        use anyhow::Context as _;
        use crossterm::event::{Event, KeyEventKind};
        Ok(
            match crossterm::event::read().context("cannot read terminal events")? {
                Event::Key(k) if k.kind == KeyEventKind::Press => {
                    Some(Input::Key(crate::core::app::key::Key::from(k)))
                }
                Event::Resize(width, height) => {
                    self.resize(width, height)
                        .context("cannot resize the screen")?;
                    Some(Input::Resize { width, height })
                }
                _ => None,
            },
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.terminal.show_cursor();
        restore();
    }
}

/// Turns mouse capture on or off.
pub fn set_mouse_capture(on: bool) -> io::Result<()> {
    let mut out = stdout();
    if on {
        execute!(out, EnableMouseCapture)
    } else {
        execute!(out, DisableMouseCapture)
    }
}

/// Puts the terminal back as it was. Safe to call more than once; errors are ignored because
/// there is nothing better to do with them while exiting.
pub fn restore() {
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
