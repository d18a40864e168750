//! Terminal setup and restore: raw mode, the alternate screen, mouse capture.
//!
//! The terminal must come back in every case — normal exit, an error, a panic — or the user's
//! shell is left unusable. [`Session`] restores on drop (normal exit and `?` errors) and a panic
//! hook installed by [`Session::start`] restores before the panic message is printed.

use std::io::{self, Stdout, Write, stdout};
use std::sync::Once;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

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
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Self { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
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
