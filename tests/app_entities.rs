//! Entities in the reader, end to end without a terminal: the seed, recognition run the way the
//! shell runs it (the effect executed by the background job, its actions fed back), key
//! strings through the real keymap, and the screen drawn into a `TestBackend` with explicit
//! style checks on the cells (text snapshots cannot show highlight colours).

// Helpers are test code; a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::app::{App, screen_text};
use gloss::core::app::config::Config;
use gloss::core::app::entities::{EntitiesAction, Recognition};
use gloss::core::app::messages::Action;
use gloss::core::app::messages::Effect;
use gloss::core::app::state::{AppState, Focus, Mode, SidebarTab};
use gloss::core::app::update::update;
use gloss::core::doc::entities::EntityKind;

use gloss::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// The seed with its entities recognised.
fn seed(w: u16, h: u16) -> App {
    App::seed(w, h).recognized()
}

/// Source lines visible in the article.
fn visible_text(app: &App) -> String {
    let st = &app.state;
    let top = st.viewport.top;
    let h = st.page_height();
    let mut out = String::new();
    for line in st.layout.lines(top..top + h) {
        for seg in &line.segments {
            out.push_str(seg.text(&st.doc.source));
        }
        out.push('\n');
    }
    out
}

/// The first cell inside the article pane where `needle` starts.
fn find_in_article(app: &App, buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let a = app.state.panes().unwrap().article.inner();
    for y in a.y..a.y + a.height {
        let row: Vec<&str> = (a.x..a.x + a.width).map(|x| buf[(x, y)].symbol()).collect();
        let line: String = row.concat();
        if let Some((before, _)) = line.split_once(needle) {
            let x = a.x + u16::try_from(before.chars().count()).unwrap();
            return Some((x, y));
        }
    }
    None
}

const ORG_BG: Color = Color::Rgb(0x7a, 0xec, 0xec);

#[test]
fn recognition_fills_the_tab_grouped_by_type_with_counts() {
    let mut app = seed(120, 40);
    let e = &app.state.entities;
    assert_eq!(e.recognition, Recognition::Done);
    assert!(e.kinds.contains(&EntityKind::Org) && e.kinds.contains(&EntityKind::Gpe));
    let huawei = e.entities.iter().find(|x| x.canonical == "Huawei").unwrap();
    assert_eq!(huawei.kind, EntityKind::Org);
    assert_eq!(huawei.count(), 2);
    app.keys("E");
    assert_eq!(app.state.sidebar_tab, SidebarTab::Entities);
    assert_eq!(app.state.focus, Focus::Sidebar);
    let text = screen_text(&app.buffer_with(&Theme::default()));
    assert!(text.contains("Entities"), "{text}");
    assert!(text.contains(" ORG "), "{text}");
    assert!(text.contains("Huawei"), "{text}");
    assert!(
        text.contains("×16"),
        "China or Russia (with their official names), most mentioned: {text}"
    );
    // types in display order, most-mentioned first inside a type
    let after_gpe = text.split_once(" GPE ").unwrap().1;
    let china = after_gpe.find("China").unwrap();
    let shanghai = after_gpe.find("Shanghai").unwrap();
    assert!(china < shanghai);
}

#[test]
fn filter_select_enter_and_n_step_through_that_entitys_mentions() {
    let mut app = seed(120, 40);
    app.keys("E/Huaw");
    assert_eq!(app.state.mode, Mode::EntityFilter);
    app.keys("<Enter>");
    assert_eq!(app.state.mode, Mode::Normal);
    let chosen = app.state.entities.chosen_entity().unwrap();
    assert_eq!(chosen.canonical, "Huawei");
    let mentions = chosen.mentions.clone();
    assert!(
        !visible_text(&app).contains("Huawei"),
        "not on the first page"
    );

    app.keys("<Enter>");
    assert!(visible_text(&app).contains("Huawei"));
    let first_line = app.state.layout.line_for_offset(mentions[0].start);
    assert!(first_line >= app.state.viewport.top);
    assert_eq!(app.state.entities.mention, Some(0));

    app.keys("n");
    assert_eq!(app.state.entities.mention, Some(1));
    assert!(
        app.status().contains("Huawei: mention 2/2"),
        "{}",
        app.status()
    );
    let line = app.state.layout.line_for_offset(mentions[1].start);
    let top = app.state.viewport.top;
    assert!(line >= top && line < top + app.state.page_height());
    app.keys("n");
    assert_eq!(app.state.entities.mention, Some(0));
    assert!(app.status().contains("wrapped"));
    app.keys("N");
    assert_eq!(app.state.entities.mention, Some(1));

    // Esc leaves the tab, a second Esc forgets the entity: n is search again
    app.keys("<Esc>");
    assert_eq!(app.state.focus, Focus::Article);
    assert!(app.state.entities.chosen.is_some());
    app.keys("<Esc>n");
    assert!(app.state.entities.chosen.is_none());
    assert!(app.status().contains("No search"), "{}", app.status());
}

#[test]
fn a_new_search_takes_n_back() {
    let mut app = seed(120, 40);
    app.keys("E/Huawei<Enter>");
    assert!(app.state.entities.chosen.is_some());
    app.keys("2/Russia<Enter>n");
    assert!(app.state.entities.chosen.is_none());
    assert_eq!(app.state.search.current, Some(1));
}

#[test]
fn the_filter_can_be_cleared_and_selection_moves_with_j_k() {
    let mut app = seed(120, 40);
    app.keys("E/zzz<Enter>");
    assert!(app.state.entities.rows.is_empty());
    assert!(screen_text(&app.buffer_with(&Theme::default())).contains("no match"));
    app.keys("/<Esc>");
    assert!(app.state.entities.filter.is_empty());
    assert!(!app.state.entities.rows.is_empty());
    app.keys("jj");
    let first = app
        .state
        .entities
        .chosen_entity()
        .unwrap()
        .canonical
        .clone();
    app.keys("j");
    let second = app
        .state
        .entities
        .chosen_entity()
        .unwrap()
        .canonical
        .clone();
    assert_ne!(first, second);
    app.keys("k");
    assert_eq!(app.state.entities.chosen_entity().unwrap().canonical, first);
}

#[test]
fn huawei_has_the_org_style_and_the_body_style_with_highlighting_off() {
    let mut app = seed(120, 40);
    // put a Huawei mention on screen, then forget the selection (no emphasis overlay)
    app.keys("E/Huawei<Enter><Enter>2<Esc>");
    assert!(app.state.entities.chosen.is_none());
    let theme = Theme::default();
    let buf = app.buffer_with(&theme);
    let (x, y) = find_in_article(&app, &buf, "Huawei").unwrap();
    for dx in 0..6 {
        let cell = &buf[(x + dx, y)];
        assert_eq!(cell.bg, ORG_BG, "cell {dx} of Huawei");
        assert_eq!(cell.fg, Color::Black);
        assert!(cell.modifier.contains(Modifier::UNDERLINED));
    }
    // a person looks different, with and without colour
    app.keys("e");
    assert!(!app.state.entities.highlight);
    let buf = app.buffer_with(&theme);
    let (x, y) = find_in_article(&app, &buf, "Huawei").unwrap();
    let cell = &buf[(x, y)];
    let body = Style::new();
    assert_eq!(cell.bg, body.bg.unwrap_or(Color::Reset));
    assert!(!cell.modifier.contains(Modifier::UNDERLINED));
    assert_eq!(cell.fg, Color::Reset);
    app.keys("e");
    assert!(app.state.entities.highlight);
}

#[test]
fn types_stay_distinguishable_without_colour() {
    let mut app = seed(120, 40);
    app.keys("E/Huawei<Enter><Enter>2<Esc>");
    let buf = app.buffer_with(&Theme::monochrome());
    let (x, y) = find_in_article(&app, &buf, "Huawei").unwrap();
    let org = &buf[(x, y)];
    assert!(org.modifier.contains(Modifier::UNDERLINED));
    assert_eq!(org.bg, Color::Reset);
    // the byline names people: bold, not underlined
    app.keys("g");
    let buf = app.buffer_with(&Theme::monochrome());
    let (x, y) = find_in_article(&app, &buf, "Samuel Bendett").unwrap();
    let person = &buf[(x, y)];
    assert!(person.modifier.contains(Modifier::BOLD));
    assert!(!person.modifier.contains(Modifier::UNDERLINED));
    for cell in &buf.content {
        assert!(matches!(cell.fg, Color::Reset), "{cell:?}");
        assert!(matches!(cell.bg, Color::Reset), "{cell:?}");
    }
}

#[test]
fn the_selected_entity_is_emphasised_and_a_type_can_be_hidden() {
    let mut app = seed(120, 40);
    app.keys("E/Huawei<Enter><Enter>");
    let buf = app.buffer_with(&Theme::default());
    let (x, y) = find_in_article(&app, &buf, "Huawei").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    // space on the selected row hides its type (ORG)
    app.keys(" ");
    assert!(app.state.entities.hidden.contains(&EntityKind::Org));
    app.keys("2<Esc>");
    let buf = app.buffer_with(&Theme::default());
    let (x, y) = find_in_article(&app, &buf, "Huawei").unwrap();
    assert_ne!(buf[(x, y)].bg, ORG_BG, "ORG hidden");
    // other types still show
    let (gx, gy) = find_in_article(&app, &buf, "China").unwrap();
    assert_eq!(buf[(gx, gy)].bg, Color::Rgb(0xfe, 0xca, 0x74));
    app.keys("E ");
    assert!(app.state.entities.hidden.is_empty(), "toggled back");
}

#[test]
fn the_sections_pane_names_the_most_mentioned_entities() {
    let mut app = seed(120, 40);
    let text = screen_text(&app.buffer_with(&Theme::default()));
    assert!(text.contains("China ×14 · R"), "{text}");
    app.keys("1i");
    let text = screen_text(&app.buffer_with(&Theme::default()));
    assert!(!text.contains("China ×14"), "toggled off: {text}");
}

#[test]
fn a_search_match_can_be_marked_as_an_entity_of_a_type() {
    let mut app = seed(120, 40);
    app.keys("/Defense One<Enter>M");
    assert_eq!(app.state.mode, Mode::MarkEntity);
    let text = screen_text(&app.buffer_with(&Theme::default()));
    assert!(text.contains("“Defense One” is:"), "{text}");
    assert!(text.contains("Mark as"), "{text}");
    assert!(text.contains("p   PERSON  person"), "{text}");
    assert!(text.contains("not an entity"), "{text}");
    app.keys("o");
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(
        app.effects,
        vec![Effect::SaveUserEntity {
            phrases: vec!["Defense One".into()],
            kind: Some(EntityKind::Org)
        }]
    );
    app.keys("M<Esc>");
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(app.effects.len(), 1, "cancelled");
}

#[test]
fn saved_user_entities_are_used_and_a_malformed_file_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gloss").join("entities.toml");
    gloss::user_entities::save(&path, &["Huawei".into()], None).unwrap();
    gloss::user_entities::save(&path, &["Defense One".into()], Some(&EntityKind::Org)).unwrap();
    let mut app = seed(120, 40);
    app.user_file = Some(path.clone());
    app.act(Action::Entities(EntitiesAction::UserEntitySaved(
        "saved".into(),
    )));
    let names: Vec<&str> = app
        .state
        .entities
        .entities
        .iter()
        .map(|e| e.canonical.as_str())
        .collect();
    assert!(!names.contains(&"Huawei"), "suppressed: {names:?}");
    let d1 = app
        .state
        .entities
        .entities
        .iter()
        .find(|e| e.canonical == "Defense One")
        .unwrap();
    assert_eq!(d1.kind, EntityKind::Org);

    std::fs::write(&path, "not_entities = [\"x\"]\n[[entity]]\nnam = \"y\"\n").unwrap();
    app.act(Action::Entities(EntitiesAction::Recognize));
    assert_eq!(app.failures.len(), 1);
    assert!(app.failures[0].contains("line 3"), "{}", app.failures[0]);
    assert_eq!(app.state.entities.recognition, Recognition::Done);
    assert!(
        app.state
            .entities
            .entities
            .iter()
            .any(|e| e.canonical == "Huawei"),
        "recognition went on without the file"
    );
    assert!(app.status().contains("line 3"), "{}", app.status());
}

#[test]
fn a_custom_type_is_drawn_in_the_users_colour() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entities.toml");
    std::fs::write(
        &path,
        "[types]\nTECH = { color = \"#00aaff\" }\n\n[[entity]]\nname = \"Huawei\"\ntype = \"TECH\"\n",
    )
    .unwrap();
    let mut app = seed(120, 40);
    app.user_file = Some(path);
    app.act(Action::Entities(EntitiesAction::Recognize));
    assert!(app.failures.is_empty(), "{:?}", app.failures);
    let custom = EntityKind::Custom("TECH".into());
    assert!(app.state.entities.kinds.contains(&custom));
    app.keys("E/Huawei<Enter><Enter>2<Esc>");
    let buf = app.buffer_with(&Theme::default());
    let (x, y) = find_in_article(&app, &buf, "Huawei").unwrap();
    assert_eq!(buf[(x, y)].bg, Color::Rgb(0, 0xaa, 0xff));
    let text = screen_text(&buf);
    assert!(text.contains(" TECH "), "legend and header name it: {text}");
}

#[test]
fn progress_shows_in_the_status_bar_and_chunks_highlight_as_they_come() {
    let loaded = gloss::input::load(None).unwrap();
    let mut st = AppState::new(
        loaded.doc,
        &loaded.display_name,
        &Config::default(),
        120,
        40,
    );
    let effects = update(&mut st, Action::Entities(EntitiesAction::Recognize));
    let [
        Effect::RecognizeEntities {
            doc, generation, ..
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    // the first chunk: only the mentions in the first half
    let all = gloss::core::doc::entities::Recognizer::new().recognize_document(&doc.0);
    let half = doc.0.source.len() / 2;
    let first: Vec<_> = all
        .iter()
        .filter(|m| m.range.end <= half)
        .cloned()
        .collect();
    update(
        &mut st,
        Action::Entities(EntitiesAction::Recognized(
            gloss::core::app::entities::EntityBatch {
                generation: *generation,
                entities: gloss::core::doc::entities::group(&doc.0.source, &first),
                mentions: first.clone(),
                custom_colors: Vec::new(),
                percent: 40,
                done: false,
                section_summaries: gloss::core::app::entities::SectionSummaries::default(),
            },
        )),
    );
    assert_eq!(st.entities.recognition, Recognition::Running(40));
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| gloss::ui::draw(f, &st, &Theme::default()))
        .unwrap();
    let text = screen_text(term.backend().buffer());
    let status = text.lines().last().unwrap();
    assert!(status.contains("entities 40%"), "{status}");
    assert_eq!(st.entities.mentions, first);
}

#[test]
fn a_click_selects_an_entity_and_a_second_click_jumps_to_it() {
    let mut app = seed(120, 40);
    app.keys("E");
    let buf = app.buffer_with(&Theme::default());
    let side = app.state.panes().unwrap().sidebar.unwrap();
    let row = (side.y..side.y + side.height)
        .find(|&y| {
            let line: String = (side.x..side.x + side.width)
                .map(|x| buf[(x, y)].symbol())
                .collect();
            line.contains("Huawei")
        })
        .unwrap();
    let click = Action::MouseClick {
        column: side.x + 4,
        row,
    };
    app.act(click.clone());
    assert_eq!(
        app.state.entities.chosen_entity().unwrap().canonical,
        "Huawei"
    );
    assert!(!visible_text(&app).contains("Huawei"));
    app.act(click);
    assert!(visible_text(&app).contains("Huawei"), "jumped");
    // the wheel scrolls the list
    app.act(Action::MouseScroll {
        column: side.x + 4,
        row,
        wheel: gloss::core::app::messages::Wheel::Down,
    });
    assert!(app.state.entities.offset > 0);
}

#[test]
fn a_watched_entity_is_listed_first_with_its_mark_in_the_tab_and_the_gutter() {
    let mut app = seed(120, 40);
    // W in the Entities tab asks to watch the selected entity
    app.keys("E/Huawei<Enter>W");
    let Some(Effect::ToggleWatch(entity)) = app.effects.last() else {
        panic!("{:?}", app.effects);
    };
    assert_eq!(entity.canonical, "Huawei");
    // the shell answers with the new watch-list (read from entities.toml by the job)
    let entry = gloss::core::doc::entities::watch::WatchEntry::new("Huawei", Some(EntityKind::Org));
    app.act(Action::Entities(EntitiesAction::WatchList(vec![entry])));
    let e = &app.state.entities;
    let huawei = e
        .entities
        .iter()
        .position(|x| x.canonical == "Huawei")
        .unwrap();
    assert_eq!(
        e.rows.first(),
        Some(&gloss::core::app::entities::EntityRow::Entity(huawei)),
        "watched first"
    );
    let text = screen_text(&app.buffer());
    assert!(text.contains("★ Huawei"), "{text}");
    // the article marks the lines that mention it in the gutter, readable without colour
    app.keys("<Enter>");
    let buf = app.buffer();
    let (x, y) = find_in_article(&app, &buf, "Huawei").unwrap();
    let left: String = (0..x).map(|c| buf[(c, y)].symbol().to_owned()).collect();
    assert!(left.contains('★'), "{left:?}");
}
