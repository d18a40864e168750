//! Whole-screen render tests: the seed at the three reference sizes (insta snapshots hold the
//! text), plus explicit style checks on the buffer for what text snapshots cannot show.

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::doc::DocBuilder;
use gloss::core::app::config::Config;
use gloss::core::app::key::parse_key_string;
use gloss::core::app::messages::Action;
use gloss::core::app::state::AppState;
use gloss::core::app::update::{dispatch, update};
use gloss::core::doc::document::{Document, Format};
use gloss::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn seed(w: u16, h: u16) -> AppState {
    let loaded = gloss::input::load(None).unwrap();
    AppState::new(loaded.doc, &loaded.display_name, &Config::default(), w, h)
}

fn keys(state: &mut AppState, s: &str) {
    for key in parse_key_string(s).unwrap() {
        if let Some(a) = state.keymap.resolve(state.key_modes(), key) {
            // the shell's loop, with no effect answered
            dispatch(state, a, |_, _| Vec::new());
        }
    }
}

fn draw(state: &AppState, theme: &Theme) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(state.width, state.height)).unwrap();
    term.draw(|f| gloss::ui::draw(f, state, theme)).unwrap();
    term
}

fn buffer(state: &AppState) -> Buffer {
    draw(state, &Theme::default()).backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

#[test]
fn seed_at_120x40() {
    insta::assert_snapshot!(draw(&seed(120, 40), &Theme::default()).backend());
}

#[test]
fn seed_at_80x24() {
    insta::assert_snapshot!(draw(&seed(80, 24), &Theme::default()).backend());
}

#[test]
fn seed_at_40x12() {
    insta::assert_snapshot!(draw(&seed(40, 12), &Theme::default()).backend());
}

#[test]
fn help_overlay_at_120x40() {
    let mut st = seed(120, 40);
    keys(&mut st, "?");
    insta::assert_snapshot!(draw(&st, &Theme::default()).backend());
}

#[test]
fn every_size_renders_without_panicking() {
    let mut st = seed(80, 24);
    for w in (0..140).step_by(7).chain([1, 19, 20, 119, 120]) {
        for h in (0..50).step_by(5).chain([1, 4, 5]) {
            update(
                &mut st,
                Action::Resize {
                    width: w,
                    height: h,
                },
            );
            for k in ["", "G", "1", "3", "?", ">"] {
                keys(&mut st, k);
                let _ = buffer(&st);
                keys(&mut st, "<Esc>2");
            }
        }
    }
}

#[test]
fn tiny_terminals_say_so() {
    let st = seed(19, 6);
    assert!(text(&buffer(&st)).contains("too small"));
    let st = seed(1, 1);
    assert_eq!(buffer(&st).area.width, 1);
}

#[test]
fn the_focused_pane_has_the_accent_border() {
    let mut st = seed(120, 40);
    let theme = Theme::default();
    let panes = st.panes().unwrap();
    let (s, a) = (panes.sections.unwrap(), panes.article);
    let buf = buffer(&st);
    assert_eq!(buf[(a.x, a.y)].fg, theme.accent, "article focused at start");
    assert!(buf[(a.x, a.y)].modifier.contains(Modifier::BOLD));
    assert_eq!(buf[(s.x, s.y)].fg, theme.border);
    keys(&mut st, "1");
    let buf = buffer(&st);
    assert_eq!(buf[(s.x, s.y)].fg, theme.accent);
    assert_eq!(buf[(a.x, a.y)].fg, theme.border);
}

fn doc_with_heading() -> Document {
    DocBuilder::new()
        .heading(1, "Title here")
        .para("Body text.")
        .build()
}

/// Position of the first cell showing `needle` at the start of a run.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let t = text(buf);
    for (y, line) in t.lines().enumerate() {
        if let Some((before, _)) = line.split_once(needle) {
            let x = before.chars().count();
            return Some((u16::try_from(x).unwrap(), u16::try_from(y).unwrap()));
        }
    }
    None
}

#[test]
fn headings_are_styled_by_level() {
    let st = AppState::new(doc_with_heading(), "h.md", &Config::default(), 100, 20);
    let theme = Theme::default();
    let buf = buffer(&st);
    let (x, y) = find(&buf, "Title here").unwrap();
    let cell = &buf[(x, y)];
    assert_eq!(cell.fg, theme.heading);
    assert!(cell.modifier.contains(Modifier::BOLD));
    let (bx, by) = find(&buf, "Body text.").unwrap();
    assert_ne!(buf[(bx, by)].fg, theme.heading);
}

#[test]
fn the_current_section_is_highlighted_in_the_sections_pane() {
    let st = AppState::new(doc_with_heading(), "h.md", &Config::default(), 120, 20);
    let buf = buffer(&st);
    let s = st.panes().unwrap().sections.unwrap();
    let (x, y) = find(&buf, "Title here").unwrap();
    assert!(x < s.x + s.width, "found in the sections pane first");
    assert_eq!(buf[(x, y)].fg, Theme::default().accent);
}

#[test]
fn no_color_means_no_colour() {
    let mut st = seed(120, 40);
    keys(&mut st, "/China<Enter>");
    let term = draw(&st, &Theme::monochrome());
    let buf = term.backend().buffer();
    for cell in &buf.content {
        assert!(matches!(cell.fg, Color::Reset), "{cell:?}");
        assert!(matches!(cell.bg, Color::Reset), "{cell:?}");
    }
}

#[test]
fn document_text_cannot_reach_the_terminal_raw() {
    let doc = DocBuilder::new()
        .heading(1, "\u{1b}]0;pwned\u{7}\u{1b}[2J evil \u{9b}31m text")
        .format(Format::PlainText)
        .title("\u{1b}[31mred")
        .build();
    let st = AppState::new(doc, "bad\u{1b}name.txt", &Config::default(), 120, 30);
    let t = text(&buffer(&st));
    assert!(!t.chars().any(|c| c.is_control() && c != '\n'), "{t}");
    assert!(t.contains('␛'));
}
