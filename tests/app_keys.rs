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

#[test]
fn the_message_log_shows_long_messages_in_full_newest_first() {
    use gloss::core::app::messages::Action;
    let mut app = App::seed(80, 24);
    let long = "could not save the note: database is locked by another process that has held \
                it for a long while; your text is still in the editor, try again in a moment \
                [END]";
    app.act(Action::EffectFailed(long.to_owned()));
    assert!(
        !app.status_line().contains("[END]"),
        "the status bar cuts it: {}",
        app.status_line()
    );
    // A message quoting a document: its control characters never reach the terminal.
    app.act(Action::EffectFailed("bad \u{1b}[31mtitle\u{7}".to_owned()));
    app.keys("H");
    assert_eq!(app.state.mode, Mode::Messages);
    let screen = app.screen();
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    // The rows inside the log's box (drawn inside the article pane's border).
    let box_text: String = screen
        .lines()
        .filter_map(|l| {
            let parts: Vec<&str> = l.split('│').collect();
            (parts.len() >= 5).then(|| parts[2].trim())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = long.split_whitespace().collect();
    assert!(
        box_text.contains(&words.join(" ")),
        "the whole message, wrapped:\n{screen}"
    );
    let newest = box_text.find("bad").unwrap();
    assert!(
        newest < box_text.find("could not save").unwrap(),
        "newest first"
    );
    assert!(app.status_line().contains("LOG"), "{}", app.status_line());
    // Other keys do nothing while it is open; H (or Esc) closes it.
    app.keys("jq");
    assert_eq!(app.state.mode, Mode::Normal, "q closes the log, not gloss");
    assert!(!app.state.quitting);
    app.keys("H<Esc>");
    assert_eq!(app.state.mode, Mode::Normal);
}

#[test]
fn the_message_log_scrolls_when_it_does_not_fit() {
    use gloss::core::app::messages::Action;
    let mut app = App::seed(80, 24);
    for i in 0..40 {
        app.act(Action::EffectFailed(format!("message number {i}")));
    }
    app.keys("H");
    assert!(app.screen().contains("message number 39"));
    assert!(!app.screen().contains("message number 0\n"));
    app.keys("G");
    let max = app.state.log.scroll;
    assert!(max > 0);
    assert!(app.screen().contains("• message number 0 "));
    app.keys("j");
    assert_eq!(app.state.log.scroll, max, "no scrolling past the last row");
    app.keys("g");
    assert_eq!(app.state.log.scroll, 0);
}
