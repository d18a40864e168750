//! Notes in the reader without a terminal: the seed, key strings through the real keymap and
//! `update`, and a fake shell that answers the notes effects like the real one (ids, saved,
//! deleted) — or fails, to check that no typed text is lost. Assertions are on the state, the
//! effects and the drawn screen.

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::app::App;
use gloss::core::app::messages::Action;
use gloss::core::app::messages::Effect;
use gloss::core::app::notes::{Entry, NotesAction, NotesLoaded};
use gloss::core::app::state::{Focus, MessageLevel, Mode, SidebarTab};
use gloss::core::doc::anchor::DriftReport;
use gloss::ui::article::HighlightKind;
use gloss::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

#[test]
fn sentence_and_paragraph_motions_move_the_cursor_and_the_view_follows() {
    let mut app = App::seed(80, 24);
    let first = app.current();
    assert!(!first.is_empty());
    app.keys(")");
    assert_ne!(app.current(), first);
    app.keys("(");
    assert_eq!(app.current(), first);
    // paragraphs until the cursor is below the first page: the view must have followed
    for _ in 0..12 {
        app.keys("}");
    }
    let line = app
        .state
        .layout
        .line_for_offset(app.state.cursor.current().start);
    let top = app.state.viewport.top;
    assert!(top > 0, "the view scrolled");
    assert!(line >= top && line < top + app.state.page_height());
    // scrolling away moves the cursor into the view
    app.keys("G");
    let cur = app.state.cursor.current();
    let vis_start = app.state.layout.offset_of_line(app.state.viewport.top);
    assert!(cur.end > vis_start, "cursor followed the scroll");
    app.keys("g");
    assert_eq!(app.current(), first);
}

#[test]
fn select_then_extend_by_sentence_and_word_then_cancel() {
    let mut app = App::seed(120, 40);
    app.keys("}}");
    let sentence = app.current();
    app.keys("v");
    assert_eq!(app.state.mode, Mode::Visual);
    assert_eq!(app.text(app.state.cursor.target()), sentence);
    app.keys(")");
    let two = app.text(app.state.cursor.target());
    assert!(two.starts_with(&sentence) && two.len() > sentence.len());
    app.keys("b");
    let shorter = app.text(app.state.cursor.target());
    assert!(two.starts_with(&shorter) && shorter.len() < two.len());
    app.keys("bw");
    assert_eq!(
        app.text(app.state.cursor.target()),
        shorter,
        "w undoes a b inside the passage"
    );
    let screen = app.screen();
    let status = screen.lines().last().unwrap();
    assert!(
        status.contains(" SELECT  t tag · a note · ) extend · w word · Esc cancel"),
        "{status}"
    );
    app.keys("<Esc>");
    assert_eq!(app.state.mode, Mode::Normal);
    assert!(app.state.cursor.visual.is_none());
    assert_eq!(app.text(app.state.cursor.target()), sentence);
}

#[test]
fn tagging_the_current_sentence_saves_it_with_completion() {
    let mut app = App::seed(120, 40);
    app.act(Action::Notes(NotesAction::Loaded(Box::new(NotesLoaded {
        tags: vec!["technology".into(), "trade".into()],
        ..NotesLoaded::default()
    }))));
    app.keys("}}");
    let sentence = app.current();
    app.keys("t");
    assert_eq!(app.state.mode, Mode::Prompt);
    assert!(app.screen().contains(" TAGS "));
    app.keys("Russia tec<Tab>");
    assert_eq!(
        app.state.notes.prompt.as_ref().unwrap().line.text,
        "Russia technology"
    );
    app.keys("<Enter>");
    assert_eq!(app.state.mode, Mode::Normal);
    let saves: Vec<_> = app
        .effects
        .iter()
        .filter(|e| matches!(e, Effect::SaveAnnotation(_)))
        .collect();
    assert_eq!(saves.len(), 1, "one confirmed change, one write");
    assert_eq!(app.db.len(), 1);
    let a = &app.db[0];
    assert_eq!(a.tags, ["russia", "technology"]);
    assert_eq!(a.quote.exact, sentence);
    assert_eq!(a.doc.fingerprint, app.state.fingerprint);
    assert_eq!(app.state.notes.items.len(), 1);
    assert!(app.status().contains("#russia #technology"));
    // tagging again the same sentence edits that annotation (prefilled), no duplicate
    app.keys("t");
    assert_eq!(
        app.state.notes.prompt.as_ref().unwrap().line.text,
        "russia technology "
    );
    app.keys("china<Enter>");
    assert_eq!(app.db.len(), 1);
    assert_eq!(app.db[0].tags, ["russia", "technology", "china"]);
}

/// Byte index of `word` in a screen `row`, searching from the article pane's column `x` on (the
/// sections pane on the left lists paragraphs by their lead words too).
fn article_find(x: u16, row: &str, word: &str) -> usize {
    let skip = row
        .char_indices()
        .nth(usize::from(x))
        .map_or(row.len(), |(i, _)| i);
    skip + row.get(skip..).unwrap().find(word).unwrap()
}

#[test]
fn tagged_passages_are_painted_in_their_tag_colour_and_marked_in_the_gutter() {
    let mut app = App::seed(120, 40);
    app.keys("}}vtpolicy<Enter>");
    let a = app.state.notes.items[0].clone();
    let buf = app.buffer();
    let line = app.state.layout.line_for_offset(a.position.start) - app.state.viewport.top;
    let y = u16::try_from(line).unwrap() + 1;
    let word = a.quote.exact.split_whitespace().next().unwrap().to_owned();
    let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
    let col = article_find(app.state.panes().unwrap().article.x, &row, &word);
    let x = u16::try_from(row.get(..col).unwrap().chars().count()).unwrap();
    let hex = app.state.notes.colors.color_for("policy").to_owned();
    let (_, bg) = Theme::tag_colors(&hex);
    assert_eq!(buf[(x, y)].bg, bg, "passage background is the tag colour");
    assert!(matches!(bg, Color::Rgb(..)));
    assert!(row.contains('│'), "gutter marks the tagged line: {row}");
}

#[test]
fn without_colour_tagged_passages_are_faint_as_well_as_marked_in_the_gutter() {
    let mono = Theme::monochrome();
    let mut app = App::seed(120, 40);
    app.keys("}}");
    let passage = app.state.cursor.current();
    let word = app.current().split_whitespace().next().unwrap().to_owned();
    // The first word of the passage, on screen (the view does not move below).
    let locate = |app: &App, buf: &Buffer| {
        let line = app.state.layout.line_for_offset(passage.start) - app.state.viewport.top;
        let y = u16::try_from(line).unwrap() + 1;
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let col = article_find(app.state.panes().unwrap().article.x, &row, &word);
        let x = u16::try_from(row.get(..col).unwrap().chars().count()).unwrap();
        (x, y, row)
    };
    app.keys("))");
    let buf = app.buffer_with(&mono);
    let (x, y, _) = locate(&app, &buf);
    assert!(
        !buf[(x, y)].modifier.contains(Modifier::DIM),
        "untagged text is not faint"
    );
    app.keys("((vtpolicy<Enter>))");
    assert_eq!(app.state.notes.items[0].range(), passage);
    assert!(
        app.state.cursor.current().start >= passage.end,
        "cursor moved off"
    );
    let buf = app.buffer_with(&mono);
    let (x, y, row) = locate(&app, &buf);
    let cell = &buf[(x, y)];
    assert!(cell.modifier.contains(Modifier::DIM), "{cell:?}");
    assert!(
        !cell
            .modifier
            .intersects(Modifier::REVERSED | Modifier::UNDERLINED),
        "{cell:?}"
    );
    assert!(row.contains('│'), "gutter marks the tagged line: {row}");
    for cell in &buf.content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    // Distinct from every entity type's style and from search matches (patched onto text).
    let styles = gloss::ui::article::ArticleStyles::monochrome();
    let tag = styles.highlight(HighlightKind::Tag(Color::Reset));
    let on_text = |s: Style| Style::new().patch(s).add_modifier;
    for other in mono.entity_palette().into_iter().chain([
        styles.search_match,
        styles.current_match,
        styles.cursor,
        styles.selection,
    ]) {
        assert_ne!(on_text(tag), on_text(other), "{other:?}");
    }
}

#[test]
fn writing_a_note_saves_with_ctrl_s_and_hashtags_become_tags() {
    let mut app = App::seed(120, 40);
    app.keys("}}a");
    assert_eq!(app.state.mode, Mode::Editor);
    app.keys("Why this matters<Enter>see #Sanctions.");
    assert!(app.screen().contains("Why this matters"));
    app.keys("<C-s>");
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(app.db.len(), 1);
    assert_eq!(app.db[0].body, "Why this matters\nsee #Sanctions.");
    assert_eq!(app.db[0].tags, ["sanctions"]);
    assert_eq!(app.status(), "Note saved");
    // `a` on the same sentence edits that note
    app.keys("a");
    assert_eq!(
        app.state.notes.editor.as_ref().unwrap().text.text(),
        "Why this matters\nsee #Sanctions."
    );
}

#[test]
fn esc_on_changed_text_asks_before_discarding() {
    let mut app = App::seed(120, 40);
    app.keys("a<Esc>");
    assert_eq!(
        app.state.mode,
        Mode::Normal,
        "nothing typed: closes at once"
    );
    app.keys("adraft<Esc>");
    assert_eq!(app.state.mode, Mode::Choice);
    assert!(
        app.screen()
            .contains("Discard the changes to this note? (y/n)")
    );
    app.keys("n");
    assert_eq!(app.state.mode, Mode::Editor);
    assert_eq!(
        app.state.notes.editor.as_ref().unwrap().text.text(),
        "draft"
    );
    app.keys("<Esc>x");
    assert_eq!(app.state.mode, Mode::Choice, "other keys keep asking");
    app.keys("y");
    assert_eq!(app.state.mode, Mode::Normal);
    assert!(app.state.notes.editor.is_none());
    assert!(app.db.is_empty());
}

#[test]
fn a_failed_save_keeps_the_editor_and_the_text() {
    let mut app = App::seed(120, 40);
    app.failing = true;
    app.keys("aprecious words<C-s>");
    assert_eq!(app.state.mode, Mode::Editor);
    assert_eq!(
        app.state.notes.editor.as_ref().unwrap().text.text(),
        "precious words"
    );
    let msg = app.state.status.clone().unwrap();
    assert_eq!(msg.level, MessageLevel::Error);
    assert!(
        app.screen().contains("disk full"),
        "the error shows in the editor"
    );
    app.failing = false;
    app.keys("<C-s>");
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(app.db[0].body, "precious words");
    // a failed tag save keeps the prompt too
    app.failing = true;
    app.keys("))tkeep<Enter>");
    assert_eq!(app.state.mode, Mode::Prompt);
    assert_eq!(app.state.notes.prompt.as_ref().unwrap().line.text, "keep");
}

#[test]
fn notes_tab_lists_jumps_deletes_undoes_and_filters() {
    let mut app = App::seed(120, 40);
    app.keys("}}tfirst<Enter>");
    app.keys("}}}}anote two #second<C-s>");
    app.keys("}}}}tthird<Enter>");
    assert_eq!(app.state.notes.items.len(), 3);
    app.keys("A");
    assert_eq!(app.state.focus, Focus::Sidebar);
    assert_eq!(app.state.sidebar_tab, SidebarTab::Notes);
    let screen = app.screen();
    assert!(
        screen.contains("#first") && screen.contains("✎ note two"),
        "{screen}"
    );
    // the list follows the reading position: the last note is selected
    assert_eq!(app.state.notes.selected, 2);
    app.keys("kk<Enter>");
    let first = app.state.notes.items[0].range();
    assert_eq!(app.state.cursor.current(), first, "jumped to the passage");
    // delete, undo
    app.keys("d");
    assert_eq!(app.state.notes.items.len(), 2);
    assert_eq!(app.db.len(), 2);
    assert!(app.status().contains("u undoes"));
    app.failing = true;
    app.keys("u");
    assert_eq!(app.state.notes.items.len(), 2);
    assert_eq!(
        app.state.notes.undo.len(),
        1,
        "a failed undo stays undoable"
    );
    app.failing = false;
    app.keys("u");
    assert_eq!(app.state.notes.items.len(), 3);
    assert_eq!(app.db.len(), 3);
    assert_eq!(app.status(), "Note restored");
    assert!(app.state.notes.undo.is_empty());
    // filter by tag, by text
    app.keys("/#sec");
    assert_eq!(app.state.notes.entries().len(), 1);
    app.keys("<Enter>");
    assert_eq!(app.state.notes.filter, "#sec");
    assert!(app.screen().contains("(1 of 3)"));
    app.keys("/note two<Enter>");
    assert_eq!(
        app.state.notes.filter, "note two",
        "a new / starts empty: nothing appended to the last filter"
    );
    assert_eq!(app.state.notes.entries(), [Entry::Placed(1)]);
    app.keys("/<Esc>");
    assert_eq!(app.state.notes.filter, "", "Esc clears the filter");
    assert_eq!(app.state.notes.entries().len(), 3);
    app.keys("A");
    assert_eq!(
        app.state.sidebar_tab,
        SidebarTab::Info,
        "A again: back to Info"
    );
    app.keys("A");
    assert_eq!(app.state.sidebar_tab, SidebarTab::Notes);
    // `e` edits the selected note
    app.keys("e");
    assert_eq!(app.state.mode, Mode::Editor);
}

#[test]
fn orphans_are_listed_with_their_quote_and_the_drift_report_shows() {
    let mut app = App::seed(120, 40);
    let mut orphan = {
        app.keys("}}tx<Enter>");
        app.state.notes.items.remove(0)
    };
    "a passage that was rewritten".clone_into(&mut orphan.quote.exact);
    app.state.status = None;
    app.act(Action::Notes(NotesAction::Loaded(Box::new(NotesLoaded {
        annotations: Vec::new(),
        orphans: vec![orphan],
        tags: Vec::new(),
        report: DriftReport {
            exact: 10,
            moved: 1,
            fuzzy: 0,
            orphaned: 1,
        },
    }))));
    assert_eq!(app.status(), "12 notes: 10 exact, 1 moved, 1 orphaned");
    app.keys("A");
    let screen = app.screen();
    assert!(screen.contains("Orphans (1)"), "{screen}");
    assert!(screen.contains("a passage that was"));
    app.keys("<Enter>");
    assert!(app.status().contains("no longer in this text"));
    // deleting an orphan and undoing puts it back among the orphans
    app.db = app.state.notes.orphans.clone();
    app.keys("d");
    assert!(app.state.notes.orphans.is_empty());
    app.keys("u");
    assert_eq!(app.state.notes.orphans.len(), 1);
    assert!(app.state.notes.items.is_empty());
}

#[test]
fn export_asks_for_a_format_and_hands_the_notes_to_the_shell() {
    let mut app = App::seed(120, 40);
    app.keys("x");
    assert_eq!(app.state.mode, Mode::Normal, "nothing to export yet");
    app.keys("}}tone<Enter>xq");
    assert_eq!(
        app.state.mode,
        Mode::Choice,
        "q is not a format: still asking"
    );
    assert!(!app.state.quitting);
    app.keys("j");
    let Some(Effect::ExportNotes(req)) = app.effects.last() else {
        panic!("no export effect: {:?}", app.effects.last());
    };
    assert_eq!(req.format, gloss::core::doc::export::ExportFormat::Json);
    assert_eq!(req.annotations.len(), 1);
    app.act(Action::Notes(NotesAction::Exported {
        path: "/tmp/a.notes.json".into(),
        count: 1,
    }));
    assert_eq!(app.status(), "Exported 1 note to /tmp/a.notes.json");
}

#[test]
fn mouse_drag_selects_a_passage() {
    let mut app = App::seed(80, 24);
    // row 12 of the article shows body text at 80x24
    let (y, x0) = (12, 3);
    app.act(Action::MouseClick { column: x0, row: y });
    app.act(Action::Notes(NotesAction::MouseDrag {
        column: x0 + 10,
        row: y,
    }));
    assert_eq!(app.state.mode, Mode::Visual);
    let sel = app.text(app.state.cursor.target());
    assert_eq!(sel.chars().count(), 11, "{sel:?}");
    app.act(Action::Notes(NotesAction::MouseUp));
    assert_eq!(
        app.state.mode,
        Mode::Visual,
        "the selection stays for t / a"
    );
    app.keys("tdragged<Enter>");
    assert_eq!(app.db[0].quote.exact, sel);
}

#[test]
fn the_reading_cursor_is_a_quiet_underline_and_the_selection_stands_out() {
    let mut app = App::seed(120, 40);
    app.keys("}}");
    let cur = app.state.cursor.current();
    let first_word = app.current().split_whitespace().next().unwrap().to_owned();
    let cell_at = |app: &App| {
        let buf = app.buffer();
        let line = app.state.layout.line_for_offset(cur.start) - app.state.viewport.top;
        let y = u16::try_from(line).unwrap() + 1;
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let col = article_find(app.state.panes().unwrap().article.x, &row, &first_word);
        let x = u16::try_from(row.get(..col).unwrap().chars().count()).unwrap();
        buf[(x, y)].clone()
    };
    let c = cell_at(&app);
    assert!(c.modifier.contains(ratatui::style::Modifier::UNDERLINED));
    assert!(!c.modifier.contains(ratatui::style::Modifier::REVERSED));
    assert_eq!(
        c.bg,
        Color::Reset,
        "no background: entity colours stay as they are"
    );
    app.keys("v");
    let s = cell_at(&app);
    assert_ne!(s.bg, Color::Reset, "the selection has a background");
}
