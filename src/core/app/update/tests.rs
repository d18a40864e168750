//! `update` end to end: key strings through the keymap, state and effects checked after.

use std::fmt::Write;

use super::*;
use crate::core::app::config::Config;
use crate::core::app::key::parse_key_string;
use crate::core::app::messages::Wheel;
use crate::core::app::reading::WHEEL_LINES;
use crate::core::app::search::BACKGROUND_SEARCH_BYTES;
use crate::core::app::state::{Focus, MessageLevel};
use crate::core::doc::document::{
    Block, BlockKind, Document, Format, Inline, Metadata, Part, span,
};

/// A markdown-ish document: `n` sections, each a heading and `paras` paragraphs.
fn doc(n: usize, paras: usize) -> Document {
    let mut source = String::new();
    let mut blocks = Vec::new();
    for s in 0..n {
        let start = source.len();
        let title = format!("Section {s}");
        source.push_str(&title);
        blocks.push(Block {
            kind: BlockKind::Heading {
                level: if s % 3 == 2 { 2 } else { 1 },
                inlines: smallvec::smallvec![Inline::plain(start..source.len())],
            },
            range: span(start..source.len()),
            part: Part::Body,
        });
        source.push_str("\n\n");
        for p in 0..paras {
            let start = source.len();
            write!(source, "Paragraph {p} of section {s} mentions Huawei once.").unwrap();
            blocks.push(Block {
                kind: BlockKind::Paragraph(smallvec::smallvec![Inline::plain(start..source.len())]),
                range: span(start..source.len()),
                part: Part::Body,
            });
            source.push_str("\n\n");
        }
    }
    Document {
        lazy: None,
        source,
        format: Format::Markdown,
        meta: Metadata::default(),
        blocks,
    }
}

fn app(w: u16, h: u16) -> AppState {
    AppState::new(doc(6, 8), "test.md", &Config::default(), w, h)
}

/// Feeds a key string through the keymap, like the shell does.
fn keys(state: &mut AppState, s: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for key in parse_key_string(s).unwrap() {
        if let Some(action) = state.keymap.resolve(state.key_modes(), key) {
            effects.extend(update(state, action));
        }
    }
    effects
}

#[test]
fn scrolling_is_clamped_in_update() {
    let mut st = app(80, 24);
    keys(&mut st, "kkk");
    assert_eq!(st.viewport.top, 0);
    keys(&mut st, "jj");
    assert_eq!(st.viewport.top, 2);
    assert_eq!(st.viewport.anchor, st.layout.offset_of_line(2));
    keys(&mut st, "G");
    assert_eq!(st.viewport.top, st.max_top());
    keys(&mut st, "jjj<PageDown>");
    assert_eq!(st.viewport.top, st.max_top());
    assert_eq!(st.percent(), 100);
    keys(&mut st, "g");
    assert_eq!((st.viewport.top, st.percent()), (0, 0));
}

#[test]
fn pages_and_half_pages_follow_the_view_height() {
    let mut st = app(80, 24);
    let h = st.page_height();
    keys(&mut st, " ");
    assert_eq!(st.viewport.top, h - 2);
    keys(&mut st, "<C-u>");
    assert_eq!(st.viewport.top, h - 2 - h / 2);
    keys(&mut st, "b");
    assert_eq!(st.viewport.top, 0);
}

/// Index in `items` of the `k`-th section (paragraph entries are skipped).
fn nth_section(st: &AppState, k: usize) -> usize {
    (0..st.sections.items.len())
        .filter(|&i| !st.sections.is_paragraph(i))
        .nth(k)
        .unwrap()
}

/// The section (not paragraph entry) the reader is in.
fn current_section(st: &AppState) -> Option<usize> {
    let c = st.sections.current?;
    (0..=c).rev().find(|&i| !st.sections.is_paragraph(i))
}

#[test]
fn sections_navigation_and_scroll_spy() {
    let mut st = app(120, 40);
    let s = |k| nth_section(&st, k);
    let (s1, s2, s3, s5) = (s(1), s(2), s(3), s(5));
    assert_eq!(st.sections.current, Some(0));
    keys(&mut st, "]");
    assert_eq!(st.sections.current, Some(s1));
    assert_eq!(st.viewport.anchor, st.sections.items[s1].start());
    keys(&mut st, "]]");
    assert_eq!(st.sections.current, Some(s3));
    keys(&mut st, "j");
    assert_eq!(
        current_section(&st),
        Some(s3),
        "scrolling inside keeps the section"
    );
    keys(&mut st, "[");
    assert_eq!(
        st.viewport.anchor,
        st.sections.items[s3].start(),
        "back to its start first"
    );
    keys(&mut st, "[");
    assert_eq!(st.sections.current, Some(s2));
    keys(&mut st, "G");
    assert_eq!(
        current_section(&st),
        Some(s5),
        "at the end the last section is current"
    );
    let before = st.viewport;
    keys(&mut st, "]]");
    assert_eq!(st.viewport, before);
    assert!(st.status.as_ref().unwrap().text.contains("Last section"));
}

#[test]
fn sections_pane_select_fold_and_jump() {
    let mut st = AppState::new(doc(6, 12), "test.md", &Config::default(), 120, 40);
    let s = |k| nth_section(&st, k);
    let (s1, s2, s3, s4, s5) = (s(1), s(2), s(3), s(4), s(5));
    // 48 paragraph entries (under the four leaf sections): they open folded
    assert_eq!(st.sections.rows.len(), 6);
    keys(&mut st, "1");
    assert_eq!(st.focus, Focus::Sections);
    keys(&mut st, "jj");
    assert_eq!(st.sections.selected, s2);
    assert_eq!(st.viewport.top, 0, "selection does not scroll the article");
    keys(&mut st, "<Enter>");
    assert_eq!(st.sections.current, Some(s2));
    assert_eq!(st.focus, Focus::Sections, "wide: focus stays in the pane");
    // section 1 (level 1) has child 2 (level 2)
    keys(&mut st, "k");
    assert_eq!(st.sections.selected, s1);
    keys(&mut st, "h");
    assert!(st.sections.folded[s1]);
    assert_eq!(st.sections.rows, vec![0, s1, s3, s4, s5]);
    keys(&mut st, "j");
    assert_eq!(st.sections.selected, s3, "folded children are skipped");
    keys(&mut st, "kl");
    assert_eq!(st.sections.rows.len(), 6);
    // unfolding a section lists its paragraphs; Enter on one jumps to it
    keys(&mut st, "jlj");
    let para = st.sections.selected;
    assert!(st.sections.is_paragraph(para));
    assert_eq!(st.sections.rows.len(), 6 + 12);
    keys(&mut st, "<Enter>");
    assert_eq!(st.viewport.anchor, st.sections.items[para].start());
    assert_eq!(st.sections.current, Some(para));
    keys(&mut st, "h");
    assert_eq!(
        st.sections.selected, s2,
        "fold on a leaf selects its parent"
    );
}

#[test]
fn search_is_incremental_counts_matches_and_cycles() {
    let mut st = app(80, 24);
    keys(&mut st, "/hua");
    assert_eq!(st.mode, Mode::Search);
    assert_eq!(
        st.search.matches.len(),
        48,
        "smart-case: lowercase is insensitive"
    );
    keys(&mut st, "<Enter>");
    assert_eq!(st.mode, Mode::Normal);
    assert_eq!(st.status.as_ref().unwrap().text, "48 matches for “hua”");
    keys(&mut st, "/Hua<Enter>");
    assert_eq!(st.search.matches.len(), 48);
    keys(&mut st, "/hUA<Enter>");
    assert!(
        st.search.matches.is_empty(),
        "a capital makes it case-sensitive"
    );
    assert_eq!(st.status.as_ref().unwrap().level, MessageLevel::Error);
    keys(&mut st, "/section 5<Enter>");
    let m = st.search.matches[0].clone();
    let line = st.layout.line_for_offset(m.start);
    assert!(line >= st.viewport.top && line < st.viewport.top + st.page_height());
    keys(&mut st, "n");
    assert_eq!(st.search.current, Some(1));
    keys(&mut st, "NN");
    assert_eq!(st.search.current, Some(st.search.matches.len() - 1));
    assert!(st.status.as_ref().unwrap().text.contains("wrapped"));
    keys(&mut st, "<Esc>");
    assert!(st.search.matches.is_empty() && st.search.current.is_none());
}

#[test]
fn search_cancel_returns_to_the_origin() {
    let mut st = app(80, 24);
    keys(&mut st, "jjj");
    let origin = st.viewport;
    keys(&mut st, "/section 4");
    assert_ne!(st.viewport, origin);
    keys(&mut st, "<Esc>");
    assert_eq!(st.viewport.top, origin.top);
    assert!(st.search.matches.is_empty());
    assert_eq!(st.mode, Mode::Normal);
    keys(&mut st, "/x<BS><BS><Esc>");
    assert_eq!(st.viewport.top, origin.top);
}

#[test]
fn keys_typed_in_the_prompt_are_not_commands() {
    let mut st = app(80, 24);
    let effects = keys(&mut st, "/q");
    assert!(effects.is_empty());
    assert!(!st.quitting);
    assert_eq!(st.search.query, "q");
}

#[test]
fn resize_keeps_the_reading_offset_and_uses_the_cache() {
    let mut st = app(120, 40);
    keys(&mut st, "]]]");
    let anchor = st.viewport.anchor;
    let wide = std::sync::Arc::clone(&st.layout);
    update(
        &mut st,
        Action::Resize {
            width: 50,
            height: 20,
        },
    );
    assert_ne!(st.layout.width, wide.width);
    assert_eq!(st.layout.offset_of_line(st.viewport.top), anchor);
    update(
        &mut st,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert!(
        std::sync::Arc::ptr_eq(&st.layout, &wide),
        "layout reused from the cache"
    );
    assert_eq!(st.viewport.anchor, anchor);
}

#[test]
fn tiny_terminals_never_panic_and_keep_the_layout() {
    let mut st = app(80, 24);
    let w = st.layout.width;
    for (width, height) in [(1, 1), (0, 0), (19, 4), (20, 5), (3, 100), (500, 2)] {
        update(&mut st, Action::Resize { width, height });
        keys(&mut st, "jGgk<C-d>]/a<Enter>n1<Enter>3<Tab>");
        update(&mut st, Action::MouseClick { column: 0, row: 0 });
        update(
            &mut st,
            Action::MouseScroll {
                column: 5,
                row: 5,
                wheel: Wheel::Down,
            },
        );
    }
    update(
        &mut st,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    assert_eq!(st.layout.width, w);
    update(
        &mut st,
        Action::Resize {
            width: 1,
            height: 1,
        },
    );
    assert_eq!(st.layout.width, w, "no re-layout while too small");
}

#[test]
fn focus_cycles_and_side_panes_toggle() {
    let mut st = app(120, 40);
    keys(&mut st, "<Tab>");
    assert_eq!(st.focus, Focus::Sidebar);
    keys(&mut st, "<Tab>");
    assert_eq!(st.focus, Focus::Sections);
    keys(&mut st, "<S-Tab>");
    assert_eq!(st.focus, Focus::Sidebar);
    let narrow_text = st.layout.width;
    keys(&mut st, "<lt>");
    assert!(st.side_panes_hidden);
    assert_eq!(st.focus, Focus::Article);
    assert!(st.panes().unwrap().sections.is_none());
    assert!(st.layout.width >= narrow_text, "article widens");
    keys(&mut st, "1");
    assert!(!st.side_panes_hidden, "focusing a hidden pane shows it");
    keys(&mut st, "<lt>>");
    assert!(!st.side_panes_hidden);
}

#[test]
fn narrow_terminals_show_side_panes_as_overlays() {
    let mut st = app(80, 24);
    assert!(st.panes().unwrap().sections.is_none());
    keys(&mut st, ">");
    assert_eq!(st.focus, Focus::Sections);
    assert!(st.panes().unwrap().overlay);
    keys(&mut st, "jj<Enter>");
    assert_eq!(st.focus, Focus::Article, "jumping closes the overlay");
    assert_eq!(st.sections.current, Some(2));
    keys(&mut st, "3");
    assert!(st.panes().unwrap().sidebar.is_some());
    keys(&mut st, "<lt>");
    assert!(!st.panes().unwrap().overlay);
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_click_jumps() {
    let mut st = app(120, 40);
    let p = st.panes().unwrap();
    let a = p.article;
    update(
        &mut st,
        Action::MouseScroll {
            column: a.x + 3,
            row: 5,
            wheel: Wheel::Down,
        },
    );
    assert_eq!(st.viewport.top, WHEEL_LINES);
    let s = p.sections.unwrap();
    update(
        &mut st,
        Action::MouseClick {
            column: s.x + 2,
            row: s.y + 1 + 2,
        },
    );
    assert_eq!(st.focus, Focus::Sections);
    assert_eq!(st.sections.current, Some(2));
    assert_eq!(st.viewport.anchor, st.sections.items[2].start());
    let b = p.sidebar.unwrap();
    update(
        &mut st,
        Action::MouseClick {
            column: b.x + 1,
            row: b.y + 1,
        },
    );
    assert_eq!(st.focus, Focus::Sidebar);
}

#[test]
fn mouse_toggle_and_help_and_quit_effects() {
    let mut st = app(80, 24);
    assert_eq!(keys(&mut st, "m"), vec![Effect::SetMouseCapture(false)]);
    assert!(!st.mouse_capture);
    assert_eq!(keys(&mut st, "m"), vec![Effect::SetMouseCapture(true)]);
    keys(&mut st, "?");
    assert_eq!(st.mode, Mode::Help);
    assert!(keys(&mut st, "j").is_empty());
    assert_eq!(st.viewport.top, 0, "keys do not leak through the overlay");
    assert_eq!(
        st.help_scroll, 1,
        "j scrolls the overlay on a small terminal"
    );
    keys(&mut st, "GG");
    let g = st.help_geometry().unwrap();
    assert_eq!(st.help_scroll, g.total_rows - g.rows);
    keys(&mut st, "x");
    assert_eq!(st.mode, Mode::Help, "other keys are ignored");
    keys(&mut st, "q");
    assert_eq!(st.mode, Mode::Normal, "q closes help, not gloss");
    keys(&mut st, "jj");
    let offset = st.reading_offset();
    let fp = st.fingerprint.clone();
    assert_eq!(
        keys(&mut st, "q"),
        vec![
            Effect::SavePosition {
                fingerprint: fp,
                offset
            },
            Effect::Quit
        ]
    );
    assert!(st.quitting);
}

#[test]
fn position_is_saved_lazily_on_idle_ticks() {
    let mut st = app(80, 24);
    assert!(
        update(&mut st, Action::Tick).is_empty(),
        "nothing to save at the start"
    );
    keys(&mut st, "jjjj");
    let effects = update(&mut st, Action::Tick);
    assert!(matches!(effects.as_slice(), [Effect::SavePosition { .. }]));
    assert!(
        update(&mut st, Action::Tick).is_empty(),
        "unchanged: no second save"
    );
    assert_eq!(
        keys(&mut st, "q"),
        vec![Effect::Quit],
        "quit does not re-save"
    );
}

#[test]
fn a_loaded_position_is_restored() {
    let mut st = app(80, 24);
    let target = st.sections.items[3].start();
    update(&mut st, Action::PositionLoaded(target));
    assert_eq!(st.reading_offset(), target);
    assert_eq!(st.sections.current, Some(3));
    assert!(st.status.is_some());
    assert!(update(&mut st, Action::Tick).is_empty());
    update(&mut st, Action::PositionLoaded(usize::MAX));
    assert_eq!(st.viewport.top, st.max_top());
}

#[test]
fn an_empty_document_is_readable() {
    let empty = Document {
        lazy: None,
        source: String::new(),
        format: Format::PlainText,
        meta: Metadata::default(),
        blocks: Vec::new(),
    };
    let mut st = AppState::new(empty, "empty.txt", &Config::default(), 80, 24);
    keys(&mut st, "jGg ]1j<Enter>h/x<Enter>n3<Tab>");
    assert_eq!(st.viewport.top, 0);
    assert_eq!(st.percent(), 100);
}

/// A document over `LAZY_LAYOUT_BYTES`, its reader, and the width the first request asks for.
fn big_app() -> (AppState, u16) {
    let d = doc(40, 600);
    assert!(d.source.len() > crate::core::app::state::LAZY_LAYOUT_BYTES);
    let mut st = AppState::new(d, "big.md", &Config::default(), 120, 40);
    let effects = update(
        &mut st,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    let width = match effects.as_slice() {
        [Effect::LayoutInBackground { width, .. }] => *width,
        other => panic!("expected one layout request, got {other:?}"),
    };
    (st, width)
}

fn full(st: &AppState, width: u16) -> Action {
    Action::LayoutReady(crate::core::app::messages::LayoutHandle(
        std::sync::Arc::new(crate::core::doc::layout::Layout::new(&st.doc, width)),
    ))
}

#[test]
fn big_documents_are_searched_in_the_background_and_stale_results_are_dropped() {
    let (mut st, width) = big_app();
    let layout = full(&st, width);
    update(&mut st, layout);
    assert!(st.doc.source.len() > BACKGROUND_SEARCH_BYTES);
    update(&mut st, Action::StartSearch);
    let mut asked = Vec::new();
    for c in "para".chars() {
        for e in update(&mut st, Action::SearchInput(c)) {
            match e {
                Effect::Search { query, .. } => asked.push(query),
                other => panic!("unexpected effect {other:?}"),
            }
        }
    }
    assert_eq!(asked, ["p", "pa", "par", "para"]);
    assert!(st.search.pending && st.search.matches.is_empty());
    // an answer for an older query changes nothing
    let stale = crate::core::doc::search::find(&st.doc, "pa");
    update(
        &mut st,
        Action::SearchFound {
            query: "pa".into(),
            matches: stale,
        },
    );
    assert!(st.search.pending && st.search.matches.is_empty());
    // confirming before the answer says the search is under way; the answer then lands
    update(&mut st, Action::SearchConfirm);
    assert!(st.status.as_ref().unwrap().text.starts_with("Searching"));
    let matches = crate::core::doc::search::find(&st.doc, "para");
    assert!(matches.len() > 1);
    let n = matches.len();
    update(
        &mut st,
        Action::SearchFound {
            query: "para".into(),
            matches,
        },
    );
    assert!(!st.search.pending);
    assert_eq!(st.search.matches.len(), n);
    assert_eq!(st.search.current, Some(0));
    assert_eq!(
        st.status.as_ref().unwrap().text,
        format!("{n} matches for “para”")
    );
    let first = st.search.matches[0].start;
    let line = st.layout.line_for_offset(first);
    assert!((st.viewport.top..st.viewport.top + st.page_height()).contains(&line));
}

#[test]
fn big_documents_show_a_partial_layout_then_the_full_one_at_the_same_place() {
    let (mut st, width) = big_app();
    assert_eq!(st.layout_pending, Some(width));
    let partial = st.layout.len();
    keys(&mut st, "jjjjj<C-d>");
    let offset = st.reading_offset();
    assert!(offset > 0);
    let ready = full(&st, width);
    assert!(update(&mut st, ready).is_empty());
    assert_eq!(st.layout_pending, None);
    assert!(st.layout.len() > partial * 2);
    assert_eq!(st.reading_offset(), offset);
    assert_eq!(st.viewport.top, st.layout.line_for_offset(offset));
    // the full layout is cached: the same width again asks for nothing
    assert!(
        update(
            &mut st,
            Action::Resize {
                width: 120,
                height: 40
            }
        )
        .is_empty()
    );
}

#[test]
fn a_layout_for_a_stale_width_is_dropped_and_the_new_width_requested() {
    let (mut st, old) = big_app();
    let effects = update(
        &mut st,
        Action::Resize {
            width: 90,
            height: 30,
        },
    );
    let new = st.text_columns().unwrap().0;
    assert_ne!(new, old);
    assert!(
        matches!(effects.as_slice(), [Effect::LayoutInBackground { width, .. }] if *width == new)
    );
    let stale = full(&st, old);
    update(&mut st, stale);
    assert_eq!(st.layout_pending, Some(new));
    assert_eq!(st.layout.width, new);
    let ready = full(&st, new);
    update(&mut st, ready);
    assert_eq!(st.layout_pending, None);
}

#[test]
fn a_position_loaded_during_the_partial_layout_survives_the_full_one() {
    let (mut st, width) = big_app();
    let target = st.doc.source.len() * 3 / 4;
    update(&mut st, Action::PositionLoaded(target));
    let at = st.reading_offset();
    assert!(at <= target && at + 200 > target, "{at} vs {target}");
    assert!((74..=75).contains(&st.percent()));
    let ready = full(&st, width);
    update(&mut st, ready);
    assert_eq!(st.reading_offset(), at);
    assert_eq!(st.viewport.top, st.layout.line_for_offset(at));
    assert!((74..=75).contains(&st.percent()));
}

#[test]
fn jumps_beyond_a_partial_layout_do_not_panic() {
    let (mut st, _) = big_app();
    keys(&mut st, "G/Paragraph 5 of section 39<Enter>nN]]gG");
    assert!(st.viewport.top <= st.max_top());
    assert!(st.layout_pending.is_some());
}

#[test]
fn start_up_shows_the_problem_names_the_document_and_asks_for_its_data_in_order() {
    use crate::core::app::messages::Startup;
    let mut st = app(120, 40);
    let effects = update(
        &mut st,
        Action::Start(Box::new(Startup {
            path: Some("/tmp/a.md".into()),
            error: Some("invalid UTF-8 replaced".into()),
        })),
    );
    assert_eq!(st.notes.doc.path.as_deref(), Some("/tmp/a.md"));
    assert_eq!(st.notes.doc.fingerprint, st.fingerprint);
    let status = st.status.as_ref().unwrap();
    assert_eq!(
        (status.text.as_str(), status.level),
        ("invalid UTF-8 replaced", MessageLevel::Error)
    );
    assert!(
        matches!(
            effects.as_slice(),
            [
                Effect::LoadPosition { fingerprint },
                Effect::RecognizeEntities { generation: 1, .. },
                Effect::LoadNotes { .. },
            ] if *fingerprint == st.fingerprint
        ),
        "{effects:?}"
    );
    // the answers are not the reader's keys: the problem stays on screen
    update(&mut st, Action::PositionLoaded(0));
    assert!(st.status.is_some());
}

#[test]
fn prompts_erase_whole_graphemes_like_the_notes_prompt() {
    let mut st = app(80, 24);
    keys(&mut st, "/");
    for c in ['e', '\u{301}', 'e', '\u{301}'] {
        update(&mut st, Action::SearchInput(c));
    }
    update(&mut st, Action::SearchBackspace);
    assert_eq!(st.search.query, "e\u{301}");
}

#[test]
fn g_and_gg_reach_the_ends_of_the_document_while_only_a_partial_layout_is_shown() {
    // after a resize, a big document shows a window of itself while the full layout is built
    let (mut st, width) = big_app();
    assert!(st.layout_pending.is_some());
    let end = st.doc.source.len();
    update(&mut st, Action::Bottom);
    assert!(
        st.layout.covers(end.saturating_sub(1)),
        "laid out around the end"
    );
    assert_eq!(st.viewport.top, st.max_top());
    assert_eq!(st.percent(), 100);
    assert!(
        st.viewport.anchor > end * 9 / 10,
        "{} of {end}",
        st.viewport.anchor
    );
    // the full layout, when it lands, keeps the place
    let layout = full(&st, width);
    update(&mut st, layout);
    assert_eq!(st.viewport.top, st.max_top());
    update(&mut st, Action::Top);
    assert_eq!((st.viewport.top, st.viewport.anchor), (0, 0));
    // and the same from a partial window at the end back to the top
    update(
        &mut st,
        Action::Resize {
            width: 100,
            height: 40,
        },
    );
    update(&mut st, Action::Bottom);
    update(&mut st, Action::Top);
    assert_eq!((st.viewport.top, st.viewport.anchor), (0, 0));
    assert_eq!(st.percent(), 0);
}

#[test]
fn a_reader_at_the_end_stays_at_the_end_when_the_width_changes() {
    let (mut st, width) = big_app();
    let layout = full(&st, width);
    update(&mut st, layout);
    update(&mut st, Action::Bottom);
    assert_eq!(st.percent(), 100);
    // narrower: the last page starts further on in the text than the old one did
    update(
        &mut st,
        Action::Resize {
            width: 70,
            height: 20,
        },
    );
    assert_eq!(st.percent(), 100);
    let narrow = st.text_columns().unwrap().0;
    let layout = full(&st, narrow);
    update(&mut st, layout);
    assert_eq!(st.viewport.top, st.max_top());
    assert_eq!(st.percent(), 100);
    // a reader elsewhere keeps their line's text, not the end
    update(&mut st, Action::Top);
    update(&mut st, Action::ScrollDown(5));
    let anchor = st.viewport.anchor;
    update(
        &mut st,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert!(st.viewport.anchor <= anchor && st.percent() < 100);
}
