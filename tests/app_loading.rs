//! Progressive opening, through the real dispatch: a big document shows its first part at
//! once, keys work on it, keys that need the whole wait for it, and once it has loaded the
//! reader is the one a whole-document open gives (same outline, layout, fingerprint).

// A failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write;

use common::app::App;
use gloss::core::app::config::Config;
use gloss::core::app::loading::PROGRESSIVE_BYTES;
use gloss::core::app::messages::{Action, Effect, Startup};
use gloss::core::app::state::AppState;
use gloss::core::doc::document::{Format, fingerprint};
use gloss::core::doc::preview::parse_as;

/// A Markdown article of `chapters` chapters, about 1.6 MB for 3,000.
fn big_markdown(chapters: usize) -> String {
    let mut s = String::from("# The Long Report\n\n");
    for i in 1..=chapters {
        let _ = write!(s, "## Chapter {i}\n\n");
        for p in 0..3 {
            let _ = write!(
                s,
                "Paragraph {p} of chapter {i} tells of rivers, harbours and the people who \
                 worked on them through the seasons, and of what they built there.\n\n"
            );
        }
    }
    s.push_str("## Coda\n\nThe closing words of the long report.\n");
    s
}

fn opening(text: &str) -> App {
    let state = AppState::opening(
        text.to_owned(),
        Format::Markdown,
        "report.md",
        &Config::default(),
        120,
        40,
    );
    let mut app = App::new(state);
    app.act(Action::Start(Box::new(Startup {
        path: Some("/tmp/report.md".into()),
        error: None,
    })));
    app
}

#[test]
fn a_big_document_shows_its_first_part_and_loads_the_rest() {
    let text = big_markdown(3000);
    assert!(text.len() > PROGRESSIVE_BYTES);
    let mut app = opening(&text);
    assert!(app.state.is_loading());
    assert!(
        app.state.doc.source.len() < text.len() / 4,
        "only a part parsed"
    );
    let screen = app.screen();
    assert!(screen.contains("The Long Report") && screen.contains("Chapter 1"));
    let bar = screen.lines().last().unwrap().to_owned();
    assert!(bar.contains("loading 0%"), "{bar}");
    // the whole is asked for; nothing that needs it is, yet
    assert!(matches!(app.effects[..], [Effect::LoadDocument { .. }]));

    // keys work on the part shown
    app.keys("jjj");
    assert_eq!(app.state.viewport.top, 3);

    app.finish_loading();
    assert!(!app.state.is_loading());
    assert_eq!(app.state.doc.source, text);
    assert_eq!(
        app.state.viewport.top, 3,
        "the reader stays where they were"
    );
    assert!(app.screen().contains("Chapter 1"));
    assert!(!app.screen().lines().last().unwrap().contains("loading"));
    // what waited for the whole: notes and entities (the saved position is not wanted: the
    // reader has moved)
    assert!(
        app.effects
            .iter()
            .any(|e| matches!(e, Effect::LoadNotes { .. }))
    );
    assert!(
        app.effects
            .iter()
            .any(|e| matches!(e, Effect::RecognizeEntities { .. }))
    );
    assert!(
        !app.effects
            .iter()
            .any(|e| matches!(e, Effect::LoadPosition { .. }))
    );
    assert_eq!(app.state.notes.doc.path.as_deref(), Some("/tmp/report.md"));
    assert_eq!(app.state.notes.doc.fingerprint, fingerprint(&text));
}

#[test]
fn once_loaded_the_reader_is_the_one_a_whole_open_gives() {
    let text = big_markdown(3000);
    let mut app = opening(&text);
    app.finish_loading();
    let whole = AppState::new(
        parse_as(Format::Markdown, text.clone()),
        "report.md",
        &Config::default(),
        120,
        40,
    );
    assert_eq!(app.state.fingerprint, whole.fingerprint);
    assert_eq!(app.state.stats, whole.stats);
    assert_eq!(app.state.sections.items, whole.sections.items);
    assert_eq!(app.state.cursor, whole.cursor);
    // (the whole-document open shows a partial layout first and builds this one behind it)
    let full = gloss::core::doc::layout::Layout::new(&whole.doc, app.state.layout.width);
    assert_eq!(app.state.layout.len(), full.len());
    // an untouched reader goes to its saved position
    let position = Effect::LoadPosition {
        fingerprint: fingerprint(&text),
    };
    assert!(app.effects.contains(&position));
    app.act(Action::PositionLoaded(text.find("## Chapter 700").unwrap()));
    assert!(app.screen().contains("Chapter 700"));
}

#[test]
fn g_waits_for_the_whole_document_and_then_goes_to_its_end() {
    let text = big_markdown(3000);
    let mut app = opening(&text);
    app.keys("G");
    assert!(
        app.status().contains("Loading the whole document"),
        "{}",
        app.status()
    );
    assert!(!app.screen().contains("closing words"));
    app.finish_loading();
    assert_eq!(app.state.viewport.top, app.state.max_top());
    assert!(
        app.screen()
            .contains("The closing words of the long report.")
    );
    assert_eq!(app.state.percent(), 100);
}

#[test]
fn a_section_jump_past_what_is_known_waits_for_the_whole() {
    let text = big_markdown(3000);
    let mut app = opening(&text);
    let known = app.state.sections.items.len();
    for _ in 0..known {
        app.keys("]");
    }
    assert!(app.state.loading.as_ref().unwrap().waiting.is_some());
    let before = app.state.viewport.anchor;
    app.finish_loading();
    assert!(
        app.state.viewport.anchor > before,
        "the jump was carried out"
    );
}

#[test]
fn a_search_runs_again_on_the_whole_document() {
    let text = big_markdown(3000);
    let mut app = opening(&text);
    app.keys("/Coda<Enter>");
    assert!(app.state.search.matches.is_empty(), "not in the first part");
    app.effects.clear();
    app.finish_loading();
    // a big document is searched in the background
    let asked = app.effects.iter().any(|e| {
        matches!(e, Effect::Search { doc, query } if query == "Coda" && doc.0.source.len() == text.len())
    });
    assert!(asked, "{:?}", app.effects);
    assert!(app.state.search.pending);
}

#[test]
fn notes_wait_until_the_fingerprint_is_known() {
    let text = big_markdown(3000);
    let mut app = opening(&text);
    app.keys("t");
    assert!(
        app.status()
            .contains("Notes open when the document has loaded")
    );
    assert_eq!(app.state.mode, gloss::core::app::state::Mode::Normal);
    // nor is a position saved under a fingerprint not known yet
    app.keys("jj");
    app.act(Action::Tick);
    assert!(
        !app.effects
            .iter()
            .any(|e| matches!(e, Effect::SavePosition { .. }))
    );
}

#[test]
fn a_document_under_the_threshold_opens_whole() {
    let text = big_markdown(10);
    let app = opening(&text);
    assert!(!app.state.is_loading());
    assert_eq!(app.state.doc.source, text);
    assert!(
        app.effects
            .iter()
            .any(|e| matches!(e, Effect::LoadPosition { .. }))
    );
}

/// Opens the big report, resizes the terminal to each of `before`, presses `G`, resizes to
/// each of `after` while the whole loads, and checks that the waited `G` lands on the end.
fn g_reaches_the_end_through_resizes(before: &[(u16, u16)], after: &[(u16, u16)]) {
    let text = big_markdown(3000);
    let mut app = opening(&text);
    for &(width, height) in before {
        app.act(Action::Resize { width, height });
    }
    app.keys("G");
    for &(width, height) in after {
        app.act(Action::Resize { width, height });
    }
    app.finish_loading();
    assert!(
        app.screen()
            .contains("The closing words of the long report."),
        "{}",
        app.screen()
    );
    assert_eq!(app.state.percent(), 100);
}

#[test]
fn g_that_waited_reaches_the_end_even_after_a_resize_during_the_load() {
    // the whole is laid out for the width the load started at; the terminal is narrower now
    g_reaches_the_end_through_resizes(&[], &[(70, 25)]);
}

#[test]
fn g_that_waited_reaches_the_end_after_resizes_through_a_too_small_terminal() {
    g_reaches_the_end_through_resizes(&[(20, 5)], &[(200, 60), (60, 20)]);
}
