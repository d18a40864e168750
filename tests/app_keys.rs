//! The reader end to end without a terminal: the seed, a key string through the real keymap
//! and the shell's `dispatch` (`common::app`), the screen drawn into a `TestBackend`, assertions on what the reader sees.

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::app::App;
use gloss::core::app::config::Config;
use gloss::core::app::messages::Effect;
use gloss::core::app::state::{Focus, Mode};

trait StatusLine {
    fn status_line(&self) -> String;
}

impl StatusLine for App {
    fn status_line(&self) -> String {
        self.screen().lines().last().unwrap().to_owned()
    }
}

#[test]
fn opens_on_the_title_with_panes_and_status() {
    let app = App::seed(120, 40);
    let screen = app.screen();
    assert!(screen.contains("China, Russia Deepen Technological Ties"));
    assert!(screen.contains("Sections"));
    assert!(screen.contains("Info"));
    let status = app.status_line();
    assert!(
        status.contains("china-russia-deepen-technological-ties.txt"),
        "{status}"
    );
    assert!(
        status.contains("0%") && status.contains("? help"),
        "{status}"
    );
}

#[test]
fn search_shows_the_prompt_then_the_count() {
    let mut app = App::seed(120, 40);
    app.keys("/Huaw");
    assert!(app.status_line().contains("/Huaw"), "{}", app.status_line());
    assert!(app.status_line().contains("[1/2]"), "{}", app.status_line());
    app.keys("ei<Enter>");
    assert!(
        app.status_line().contains("2 matches for “Huawei”"),
        "{}",
        app.status_line()
    );
    assert!(
        app.screen().contains("Huawei"),
        "the view moved to the first match"
    );
    app.keys("n");
    assert!(app.status_line().contains("Match 2/2"));
}

#[test]
fn end_key_reaches_the_copyright_line() {
    let mut app = App::seed(80, 24);
    app.keys("G");
    assert!(app.screen().contains("American Foreign Policy Council"));
    assert!(app.status_line().contains("100%"));
    app.keys("g");
    assert!(app.status_line().contains(" 0%"));
}

#[test]
fn help_overlay_lists_keys_from_the_keymap_including_overrides() {
    let config = Config::parse("[keys]\n\"ctrl-n\" = \"scroll_down\"\n").unwrap();
    let mut app = App::seed_with(120, 40, &config);
    app.keys("?");
    let screen = app.screen();
    assert!(screen.contains("Scroll down one line"));
    assert!(screen.contains("j ↓ Ctrl-n"), "{screen}");
    app.keys("<Esc>");
    assert_eq!(app.state.mode, Mode::Normal);
    assert!(!app.screen().contains("Scroll down one line"));
}

#[test]
fn narrow_terminals_bring_panes_back_as_overlays() {
    let mut app = App::seed(80, 24);
    assert!(!app.screen().contains("Sections"));
    app.keys(">");
    assert_eq!(app.state.focus, Focus::Sections);
    assert!(app.screen().contains("Sections"));
    app.keys("3");
    assert!(app.screen().contains("Info"));
    app.keys("<lt>");
    assert!(!app.screen().contains("Sidebar"));
}

#[test]
fn quitting_saves_the_position() {
    let mut app = App::seed(80, 24);
    app.keys("<C-d><C-d>q");
    assert!(app.state.quitting);
    assert!(
        matches!(app.effects.as_slice(), [Effect::SavePosition { offset, .. }, Effect::Quit] if *offset > 0)
    );
}
