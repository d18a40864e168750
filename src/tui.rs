//! The imperative shell around the core: terminal setup/restore, the event loop, effects.
//!
//! The loop is the whole of gloss's interactivity: draw `&AppState`, wait for an event, turn it
//! into an action (`event`), let `update` change the state, run the effects it returns
//! (`effects`), repeat. Pending events are drained before the next frame, so a held key never
//! queues up frames. When nothing happens for [`IDLE`], a `Tick` lets `update` decide to save
//! the reading position — saving per key press would write to disk dozens of times a second.

pub mod effects;
pub mod event;
pub mod fetching;
pub mod jobs;
pub mod library;
pub mod notes;
pub mod terminal;

use std::time::Duration;

use anyhow::Context;

use crate::core::app::messages::Effect;
use crate::core::app::messages::{Action, Startup};
use crate::core::app::notes::NotesAction;
use crate::core::app::state::AppState;
use crate::store::Store;
use crate::ui::theme::Theme;

/// Idle time after which the reading position is saved.
pub const IDLE: Duration = Duration::from_secs(2);
/// How often an idle reader looks for other windows' notes (`PRAGMA data_version`).
pub const NOTES_POLL: Duration = Duration::from_millis(500);
/// How often the loop looks for background results while a job runs.
pub const BUSY_POLL: Duration = Duration::from_millis(50);

/// Runs the reader until the user quits. The terminal is restored however this returns.
/// `startup` says what the shell found (the document's path, a problem to show); the saved
/// position, the notes and entity recognition are loaded as the effects of `Action::Start`.
pub fn run(
    state: AppState,
    startup: Startup,
    theme: &Theme,
    store: Option<Store>,
) -> anyhow::Result<()> {
    run_reader(state, startup, theme, store).map(|_| ())
}

/// [`run`], saying whether the user left for the library (`L`) rather than quit.
pub fn run_reader(
    state: AppState,
    startup: Startup,
    theme: &Theme,
    store: Option<Store>,
) -> anyhow::Result<bool> {
    run_reader_in(None, state, startup, theme, store, None)
}

/// [`run_reader`] on the screen `session` already holds (the fetching frame's), else on a
/// new one, for a document that may still be loading: `on_loaded` is told the whole document
/// once it has loaded.
pub fn run_reader_in(
    session: Option<terminal::Session>,
    mut state: AppState,
    startup: Startup,
    theme: &Theme,
    store: Option<Store>,
    on_loaded: Option<std::sync::mpsc::Sender<jobs::Whole>>,
) -> anyhow::Result<bool> {
    let mut session = match session {
        Some(s) => {
            if state.mouse_capture {
                terminal::set_mouse_capture(true).context("cannot capture the mouse")?;
            }
            s
        }
        None => {
            terminal::Session::start(state.mouse_capture).context("cannot set up the terminal")?
        }
    };
    let mut exec = effects::Executor {
        store,
        background: jobs::Background::with_on_loaded(on_loaded),
    };
    let size = session
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    dispatch(
        &mut state,
        &mut exec,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    dispatch(&mut state, &mut exec, Action::Start(Box::new(startup)));
    // Drawn only after something happened: an idle reader writes nothing to the terminal.
    let mut changed = true;
    let mut poll_failed = false;
    let mut last_tick = std::time::Instant::now();
    while !state.quitting {
        // Checked before draining: a job that was running may have sent its last result
        // after the drain, so the wait below stays short until the next round.
        let busy = exec.background.busy();
        while let Some(action) = exec.background.try_recv() {
            dispatch(&mut state, &mut exec, action);
            changed = true;
        }
        if changed {
            session
                .terminal
                .draw(|frame| crate::ui::draw(frame, &state, theme))
                .context("cannot draw")?;
            changed = false;
        }
        let wait = if busy { BUSY_POLL } else { NOTES_POLL };
        if !crossterm::event::poll(wait).context("cannot read terminal events")? {
            if let Some(store) = &mut exec.store
                && let Some(news) =
                    notes::poll(store, &mut poll_failed, &state.notes.doc, &state.doc.source)
                // nothing to redraw when the write was not to this document's notes
                && !matches!(&news, Action::Notes(NotesAction::Refreshed(l)) if state.notes.holds(l))
            {
                dispatch(&mut state, &mut exec, news);
                changed = true;
            }
            if !busy && last_tick.elapsed() >= IDLE {
                last_tick = std::time::Instant::now();
                // a tick changes nothing on screen, unless saving failed and says so
                changed |= dispatch(&mut state, &mut exec, Action::Tick) > 1;
            }
            continue;
        }
        last_tick = std::time::Instant::now();
        // Drain everything already queued before drawing again.
        loop {
            let ev = crossterm::event::read().context("cannot read terminal events")?;
            if let crossterm::event::Event::Resize(width, height) = ev {
                session
                    .resize(width, height)
                    .context("cannot resize the screen")?;
            }
            if let Some(action) = event::to_action(&ev, &state) {
                dispatch(&mut state, &mut exec, action);
                changed = true;
            }
            if state.quitting || !crossterm::event::poll(Duration::ZERO).unwrap_or(false) {
                break;
            }
        }
    }
    drop(session);
    if let Some(why) = state.failed.take() {
        return Err(crate::error::UserError(why).into());
    }
    Ok(state.to_library)
}

/// Applies an action and runs its effects, feeding their outcomes back in, in order. Returns
/// how many actions were applied (the first and the outcomes).
fn dispatch(state: &mut AppState, exec: &mut effects::Executor, action: Action) -> usize {
    crate::core::app::update::dispatch(state, action, |state, effect| match effect {
        Effect::Quit => {
            state.quitting = true;
            Vec::new()
        }
        // owned here, so it can be moved to the thread that frees it
        Effect::Discard(garbage) => {
            exec.background.discard(garbage);
            Vec::new()
        }
        effect => exec.run(&effect).into_iter().collect(),
    })
}
