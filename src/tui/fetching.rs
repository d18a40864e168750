//! The shell of the fetching frame: `gloss URL` takes the screen at once and fetches on a
//! thread while the frame says how far it got.
//!
//! The fetch thread ([`crate::input::web::fetch_page`]) reports progress as
//! [`FetchingAction::Received`] on a channel and finally sends the page or its error; the loop
//! here draws [`FetchingFrame`] after every change, turns keys into actions through the core's
//! table, and returns what came back. The thread writes nothing: the snapshot is kept by the
//! caller once the page is in, so a cancelled fetch leaves no trace (the thread, possibly still
//! blocked on the network, ends with the process).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use anyhow::Context;

use super::terminal::{Input, Session};
use crate::core::app::fetching::{self, FetchingAction, FetchingOutcome, FetchingState};
use crate::input::web::{Fetched, WebSettings, fetch_page, host_of};
use crate::ui::fetching::FetchingFrame;
use crate::ui::theme::Theme;

/// How long the loop waits on the fetch thread before looking at the keyboard again.
const KEY_POLL: Duration = Duration::from_millis(15);

/// What the fetch thread sends.
enum Message {
    Progress(FetchingAction),
    Done(Box<anyhow::Result<Fetched>>),
}

/// Fetches `url` under the fetching frame on `session`: `Ok(Some(page))` when it arrived,
/// `Ok(None)` when the user cancelled, the fetch's one-line error otherwise.
pub fn run(
    session: &mut Session,
    theme: &Theme,
    url: &str,
    settings: &WebSettings,
) -> anyhow::Result<Option<Fetched>> {
    let size = session
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    let mut state = FetchingState::new(host_of(url).unwrap_or(url), size.width, size.height);
    let cancelled = Arc::new(AtomicBool::new(false));
    let rx = start(url, settings, Arc::clone(&cancelled));
    let mut changed = true;
    loop {
        if changed {
            session
                .terminal
                .draw(|frame| {
                    let frame_area = frame.area();
                    frame.render_widget(
                        &FetchingFrame {
                            state: &state,
                            theme,
                        },
                        frame_area,
                    );
                })
                .context("cannot draw")?;
            changed = false;
        }
        let first = match rx.recv_timeout(KEY_POLL) {
            Ok(message) => Some(message),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                anyhow::bail!("the fetch of {url} stopped without an answer")
            }
        };
        // everything already queued, then one frame for it all
        for message in first
            .into_iter()
            .chain(std::iter::from_fn(|| rx.try_recv().ok()))
        {
            match message {
                Message::Progress(action) => {
                    state.update(action);
                    changed = true;
                }
                Message::Done(result) => return (*result).map(Some),
            }
        }
        while crossterm::event::poll(Duration::ZERO).context("cannot read terminal events")? {
            let action = match session.next_input()? {
                Some(Input::Key(key)) => fetching::resolve(key),
                Some(Input::Resize { width, height }) => {
                    Some(FetchingAction::Resize { width, height })
                }
                None => None,
            };
            if let Some(action) = action {
                changed = true;
                if state.update(action) == FetchingOutcome::Cancelled {
                    cancelled.store(true, Ordering::SeqCst);
                    return Ok(None);
                }
            }
        }
    }
}

/// Starts the fetch thread; it stops reading once `cancelled` is set.
fn start(url: &str, settings: &WebSettings, cancelled: Arc<AtomicBool>) -> Receiver<Message> {
    let (tx, rx) = channel();
    let (url, settings) = (url.to_owned(), settings.clone());
    let spawned = std::thread::Builder::new()
        .name("gloss-fetch".into())
        .spawn({
            let tx = tx.clone();
            move || {
                let result = fetch_page(&url, &settings, &mut |bytes, total| {
                    let _ = tx.send(Message::Progress(FetchingAction::Received { bytes, total }));
                    !cancelled.load(Ordering::SeqCst)
                });
                let _ = tx.send(Message::Done(Box::new(result)));
            }
        });
    if let Err(e) = spawned {
        let _ = tx.send(Message::Done(Box::new(Err(anyhow::anyhow!(
            "cannot start fetching: {e}"
        )))));
    }
    rx
}
