//! The frame a URL opens on while its page is still on the way: "Fetching example.com… 120 kB".
//!
//! `gloss URL` takes the screen at once and shows this until the page has arrived, then the
//! reader replaces it. It is a state machine of its own, apart from [`super::state::AppState`]
//! (which needs a document): [`FetchingState`] holds the host and the bytes received so far,
//! and [`FetchingState::update`] is its one mutator. The shell's fetch thread reports progress
//! as [`FetchingAction::Received`]; keys resolve through [`KEYS`] (data, like every keymap) to
//! [`FetchingAction::Cancel`]. What the fetch brings back (the page, or its one-line error)
//! never enters this state: the shell hands it straight to the reader or to `main`.

use crate::core::app::key::{Key, KeyCode};

/// What can happen while a page is fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchingAction {
    /// The fetch thread has received `bytes` of the body so far, of `total` when the server
    /// said (`Content-Length`).
    Received { bytes: u64, total: Option<u64> },
    /// The terminal now has this many columns and rows.
    Resize { width: u16, height: u16 },
    /// The user gave up on the page (`q`, `Esc`, `Ctrl-c`).
    Cancel,
}

/// What the shell does after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchingOutcome {
    /// Keep waiting for the page.
    Wait,
    /// Stop: restore the terminal, keep nothing.
    Cancelled,
}

/// The keys of the fetching frame, with what the hint line says about them.
pub const KEYS: &[(Key, FetchingAction, &str)] = &[
    (Key::char('q'), FetchingAction::Cancel, "cancel"),
    (Key::plain(KeyCode::Esc), FetchingAction::Cancel, "cancel"),
    (Key::ctrl('c'), FetchingAction::Cancel, "cancel"),
];

/// The action `key` means while fetching, if any.
pub fn resolve(key: Key) -> Option<FetchingAction> {
    KEYS.iter().find(|(k, _, _)| *k == key).map(|(_, a, _)| *a)
}

/// A page on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchingState {
    /// The host being asked (`example.com`), as the URL names it.
    pub host: String,
    /// Body bytes received so far.
    pub received: u64,
    /// The body's size, when the server announced it.
    pub total: Option<u64>,
    pub width: u16,
    pub height: u16,
}

impl FetchingState {
    /// Fetching from `host` on a `width`×`height` terminal, nothing received yet.
    pub fn new(host: &str, width: u16, height: u16) -> Self {
        Self {
            host: host.to_owned(),
            received: 0,
            total: None,
            width,
            height,
        }
    }

    /// Applies `action`; says whether to keep waiting.
    pub fn update(&mut self, action: FetchingAction) -> FetchingOutcome {
        match action {
            FetchingAction::Received { bytes, total } => {
                // progress only grows: a late report from before a larger one changes nothing
                self.received = self.received.max(bytes);
                self.total = total.or(self.total);
            }
            FetchingAction::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            FetchingAction::Cancel => return FetchingOutcome::Cancelled,
        }
        FetchingOutcome::Wait
    }

    /// The line the frame shows: `Fetching example.com… 120 kB` (`… 120 kB of 340 kB` when the
    /// size is known).
    pub fn line(&self) -> String {
        let mut line = format!("Fetching {}… {}", self.host, size_phrase(self.received));
        if let Some(total) = self.total.filter(|t| *t >= self.received && *t > 0) {
            line.push_str(" of ");
            line.push_str(&size_phrase(total));
        }
        line
    }

    /// The hint for the keys (`q cancel`).
    pub fn hint() -> String {
        KEYS.first()
            .map(|(k, _, what)| format!("{k} {what}"))
            .unwrap_or_default()
    }
}

/// A byte count for people, in the units of `ls -h` (1 kB = 1,024 bytes): `0 kB`, `1.5 kB`,
/// `120 kB`, `3.4 MB`.
pub fn size_phrase(bytes: u64) -> String {
    const KB: u64 = 1 << 10;
    const MB: u64 = 1 << 20;
    // tenths, rounded down, so the figure never claims more than has arrived
    let tenths = |unit: u64| bytes * 10 / unit;
    match bytes {
        0 => "0 kB".to_owned(),
        b if b < 10 * KB => format!("{}.{} kB", tenths(KB) / 10, tenths(KB) % 10),
        b if b < MB => format!("{} kB", b / KB),
        b if b < 10 * MB => format!("{}.{} MB", tenths(MB) / 10, tenths(MB) % 10),
        b => format!("{} MB", b / MB),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::app::key::Modifiers;

    #[test]
    fn progress_grows_and_reads_as_a_size() {
        let mut s = FetchingState::new("example.com", 80, 24);
        assert_eq!(s.line(), "Fetching example.com… 0 kB");
        let go = |s: &mut FetchingState, bytes, total| {
            s.update(FetchingAction::Received { bytes, total })
        };
        assert_eq!(go(&mut s, 122_880, None), FetchingOutcome::Wait);
        assert_eq!(s.line(), "Fetching example.com… 120 kB");
        go(&mut s, 1_000, Some(348_160));
        assert_eq!(s.received, 122_880, "an older report does not go back");
        assert_eq!(s.line(), "Fetching example.com… 120 kB of 340 kB");
        // a total the server got wrong is not shown
        go(&mut s, 400_000, None);
        assert_eq!(s.line(), "Fetching example.com… 390 kB");
    }

    #[test]
    fn sizes_read_like_ls() {
        assert_eq!(size_phrase(1), "0.0 kB");
        assert_eq!(size_phrase(1_536), "1.5 kB");
        assert_eq!(size_phrase(10_240), "10 kB");
        assert_eq!(size_phrase(1_048_575), "1023 kB");
        assert_eq!(size_phrase(3_670_016), "3.5 MB");
        assert_eq!(size_phrase(20 << 20), "20 MB");
    }

    #[test]
    fn q_escape_and_ctrl_c_cancel_and_other_keys_do_nothing() {
        for key in [
            Key::char('q'),
            Key::plain(KeyCode::Esc),
            Key::new(KeyCode::Char('c'), Modifiers::CTRL),
        ] {
            let mut s = FetchingState::new("a.example", 80, 24);
            let action = resolve(key).expect("a cancel key");
            assert_eq!(s.update(action), FetchingOutcome::Cancelled, "{key}");
        }
        assert_eq!(resolve(Key::char('j')), None);
        assert_eq!(resolve(Key::char('c')), None);
        assert_eq!(FetchingState::hint(), "q cancel");
    }

    #[test]
    fn a_resize_is_kept_for_the_next_frame() {
        let mut s = FetchingState::new("a.example", 80, 24);
        assert_eq!(
            s.update(FetchingAction::Resize {
                width: 100,
                height: 30
            }),
            FetchingOutcome::Wait
        );
        assert_eq!((s.width, s.height), (100, 30));
    }
}
