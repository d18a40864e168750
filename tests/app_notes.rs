//! Notes in the reader without a terminal: the seed, key strings through the real keymap and
//! `update`, and a fake shell that answers the notes effects like the real one (ids, saved,
//! deleted) — or fails, to check that no typed text is lost. Assertions are on the state, the
//! effects and the drawn screen.

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use gloss::core::app::config::Config;
use gloss::core::app::key::parse_key_string;
use gloss::core::app::messages::Action;
use gloss::core::app::notes::{Entry, NotesAction, NotesLoaded};
use gloss::core::app::state::{AppState, Focus, MessageLevel, Mode, SidebarTab};
use gloss::core::app::update::{Effect, update};
use gloss::core::doc::anchor::DriftReport;
use gloss::core::doc::annotation::Annotation;
use gloss::ui::article::HighlightKind;
use gloss::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

struct App {
    state: AppState,
    /// Every notes effect the core asked for.
    effects: Vec<Effect>,
    /// The fake database.
    db: Vec<Annotation>,
    next_id: usize,
    /// Make the next writes fail.
    failing: bool,
}

impl App {
    fn seed(w: u16, h: u16) -> Self {
        let loaded = gloss::input::load(None).unwrap();
        Self {
            state: AppState::new(loaded.doc, &loaded.display_name, &Config::default(), w, h),
            effects: Vec::new(),
            db: Vec::new(),
            next_id: 0,
            failing: false,
        }
    }

    fn act(&mut self, a: Action) {
        let mut queue = vec![a];
        while let Some(a) = queue.pop() {
            for e in update(&mut self.state, a) {
                if let Some(back) = self.shell(&e) {
                    queue.push(back);
                }
                self.effects.push(e);
            }
        }
    }

    /// What `tui::notes::run` does, against a Vec.
    fn shell(&mut self, e: &Effect) -> Option<Action> {
        if self.failing && matches!(e, Effect::SaveAnnotation(_) | Effect::DeleteAnnotation(_)) {
            return Some(Action::EffectFailed(
                "could not save the note: disk full".into(),
            ));
        }
        match e {
            Effect::SaveAnnotation(a) => {
                let mut a = (**a).clone();
                if a.id.is_empty() {
                    self.next_id += 1;
                    a.id = format!("id-{}", self.next_id);
                    a.created = "2026-01-01T00:00:00Z".into();
                }
                a.modified = "2026-01-01T00:00:00Z".into();
                self.db.retain(|x| x.id != a.id);
                self.db.push(a.clone());
                Some(Action::Notes(NotesAction::Saved(Box::new(a))))
            }
            Effect::DeleteAnnotation(id) => {
                let i = self.db.iter().position(|x| &x.id == id)?;
                let a = self.db.remove(i);
                Some(Action::Notes(NotesAction::Deleted(Box::new(a))))
            }
            _ => None,
        }
    }

    fn keys(&mut self, s: &str) -> &mut Self {
        for key in parse_key_string(s).unwrap() {
            if let Some(a) = self.state.keymap.resolve(self.state.key_modes(), key) {
                self.act(a);
            }
        }
        self
    }

    fn buffer(&self) -> Buffer {
        self.buffer_with(&Theme::default())
    }

    fn buffer_with(&self, theme: &Theme) -> Buffer {
        let mut term =
            Terminal::new(TestBackend::new(self.state.width, self.state.height)).unwrap();
        term.draw(|f| gloss::ui::draw(f, &self.state, theme))
            .unwrap();
        term.backend().buffer().clone()
    }

    fn screen(&self) -> String {
        let buf = self.buffer();
        let mut s = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                s.push_str(buf[(x, y)].symbol());
            }
            s.push('\n');
        }
        s
    }

    fn text(&self, r: std::ops::Range<usize>) -> String {
        self.state.doc.source.get(r).unwrap().to_owned()
    }

    fn current(&self) -> String {
        self.text(self.state.cursor.current())
    }

    fn status(&self) -> String {
        self.state
            .status
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }
}

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
    let col = row.find(&word).unwrap();
    let x = u16::try_from(row.get(..col).unwrap().chars().count()).unwrap();
    let hex = app.state.notes.colors.color_for("policy").to_owned();
    let (_, bg) = gloss::ui::notes::tag_colors(&hex);
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
        let col = row.find(&word).unwrap();
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
    for other in gloss::ui::entities::palette(&mono).into_iter().chain([
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
        let col = row.find(&first_word).unwrap();
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
