//! The entities feature through the reader's `update`: recognition batches, the tab, marking.

use super::*;
use crate::core::app::config::Config;
use crate::core::app::update::update;
use crate::core::doc::document::{Block, BlockKind, Format, Inline, Metadata, Part, span};
use crate::core::doc::entities::group;

fn doc(text: &str) -> Document {
    let source = text.to_owned();
    Document {
        lazy: None,
        blocks: vec![Block {
            kind: BlockKind::Paragraph(smallvec::smallvec![Inline::plain(0..source.len())]),
            range: span(0..source.len()),
            part: Part::Body,
        }],
        source,
        format: Format::PlainText,
        meta: Metadata::default(),
    }
}

fn mention(text: &str, word: &str, nth: usize, kind: EntityKind) -> Mention {
    let start = text.match_indices(word).nth(nth).map(|(i, _)| i).unwrap();
    Mention {
        range: start..start + word.len(),
        kind,
    }
}

const TEXT: &str = "Huawei met China. Huawei and Russia. China again, Huawei.";

fn recognised() -> AppState {
    recognised_following(None)
}

/// [`recognised`], opened to follow `follow` (as from the library's Entities view).
fn recognised_following(follow: Option<(String, EntityKind)>) -> AppState {
    let mut st = AppState::new(doc(TEXT), "t.txt", &Config::default(), 120, 40);
    st.entities.follow = follow;
    update(&mut st, Action::Entities(EntitiesAction::Recognize));
    let mentions = vec![
        mention(TEXT, "Huawei", 0, EntityKind::Org),
        mention(TEXT, "China", 0, EntityKind::Gpe),
        mention(TEXT, "Huawei", 1, EntityKind::Org),
        mention(TEXT, "Russia", 0, EntityKind::Gpe),
        mention(TEXT, "China", 1, EntityKind::Gpe),
        mention(TEXT, "Huawei", 2, EntityKind::Org),
    ];
    let generation = st.entities.generation;
    update(&mut st, last_batch(generation, mentions, Vec::new()));
    st
}

/// The final batch of request `generation`.
fn last_batch(generation: u64, mentions: Vec<Mention>, summaries: Vec<String>) -> Action {
    Action::Entities(EntitiesAction::Recognized(EntityBatch {
        generation,
        entities: group(TEXT, &mentions),
        custom_colors: Vec::new(),
        mentions,
        percent: 100,
        done: true,
        section_summaries: SectionSummaries::from_lines(summaries),
    }))
}

#[test]
fn rows_group_by_type_most_mentioned_first() {
    let st = recognised();
    let e = &st.entities;
    assert_eq!(e.recognition, Recognition::Done);
    assert_eq!(e.kinds, vec![EntityKind::Org, EntityKind::Gpe]);
    let names: Vec<String> = e
        .rows
        .iter()
        .map(|r| match r {
            EntityRow::Kind(k) => e.kinds[*k].label().to_owned(),
            EntityRow::Entity(i) => e.entities[*i].canonical.clone(),
            EntityRow::Aliases(i) => format!("= {}", e.entities[*i].aliases.join(", ")),
        })
        .collect();
    assert_eq!(names, ["ORG", "Huawei", "GPE", "China", "Russia"]);
    assert_eq!(e.kind_counts(&EntityKind::Gpe), (2, 3));
}

#[test]
fn a_batch_hands_back_what_it_replaced_and_brings_the_summaries() {
    let mut st = recognised();
    let before = (st.entities.mentions.clone(), st.entities.entities.clone());
    update(&mut st, Action::Entities(EntitiesAction::Recognize));
    let generation = st.entities.generation;
    let mentions = vec![mention(TEXT, "Russia", 0, EntityKind::Gpe)];
    let effects = update(
        &mut st,
        last_batch(generation, mentions, vec!["Russia ×1".into()]),
    );
    // the old results go to the shell to be freed off the event loop, not dropped here
    let [Effect::Discard(old)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!((old.mentions.clone(), old.entities.clone()), before);
    assert_eq!(st.entities.mentions.len(), 1);
    assert_eq!(st.entities.section_summaries.len(), 1);
    assert_eq!(st.entities.section_summaries.get(0), Some("Russia ×1"));
}

#[test]
fn stale_batches_are_ignored() {
    let mut st = recognised();
    update(&mut st, Action::Entities(EntitiesAction::Recognize));
    let stale = st.entities.generation - 1;
    update(&mut st, last_batch(stale, Vec::new(), Vec::new()));
    assert_eq!(st.entities.mentions.len(), 6);
    assert_eq!(st.entities.recognition, Recognition::Running(0));
}

#[test]
fn partial_batches_append_and_report_progress() {
    let mut st = AppState::new(doc(TEXT), "t.txt", &Config::default(), 120, 40);
    let effects = update(&mut st, Action::Entities(EntitiesAction::Recognize));
    assert!(matches!(
        effects.as_slice(),
        [Effect::RecognizeEntities { generation: 1, .. }]
    ));
    let batch = |mentions: Vec<Mention>, percent| {
        Action::Entities(EntitiesAction::Recognized(EntityBatch {
            generation: 1,
            entities: group(TEXT, &mentions),
            custom_colors: Vec::new(),
            mentions,
            percent,
            done: false,
            section_summaries: SectionSummaries::default(),
        }))
    };
    update(
        &mut st,
        batch(vec![mention(TEXT, "Huawei", 0, EntityKind::Org)], 40),
    );
    assert_eq!(st.entities.recognition, Recognition::Running(40));
    update(
        &mut st,
        batch(vec![mention(TEXT, "Russia", 0, EntityKind::Gpe)], 80),
    );
    assert_eq!(st.entities.mentions.len(), 2, "appended");
}

#[test]
fn filter_selects_the_first_match_and_n_steps_its_mentions() {
    let mut st = recognised();
    update(&mut st, Action::ShowSidebarTab(SidebarTab::Entities));
    update(&mut st, Action::Entities(EntitiesAction::StartFilter));
    assert_eq!(st.mode, Mode::EntityFilter);
    for c in "chi".chars() {
        update(&mut st, Action::Entities(EntitiesAction::FilterInput(c)));
    }
    update(&mut st, Action::Entities(EntitiesAction::FilterConfirm));
    assert_eq!(st.mode, Mode::Normal);
    assert_eq!(st.entities.rows.len(), 2, "header + China");
    assert_eq!(st.entities.chosen_entity().unwrap().canonical, "China");
    step_mention(&mut st, true);
    assert_eq!(st.entities.mention, Some(0));
    step_mention(&mut st, true);
    assert_eq!(st.entities.mention, Some(1));
    step_mention(&mut st, true);
    assert_eq!(st.entities.mention, Some(0), "wraps");
    assert!(st.status.as_ref().unwrap().text.contains("wrapped"));
    step_mention(&mut st, false);
    assert_eq!(st.entities.mention, Some(1));
    update(&mut st, Action::Entities(EntitiesAction::FilterCancel));
    assert_eq!(st.entities.rows.len(), 5);
    assert_eq!(
        st.entities.chosen_entity().unwrap().canonical,
        "China",
        "the choice survives the filter"
    );
}

#[test]
fn selection_moves_over_rows_and_headers_choose_nothing() {
    let mut st = recognised();
    update(&mut st, Action::Entities(EntitiesAction::SelectNext));
    assert_eq!(st.entities.chosen_entity().unwrap().canonical, "Huawei");
    update(&mut st, Action::Entities(EntitiesAction::SelectNext));
    assert!(st.entities.chosen.is_none(), "GPE header");
    for _ in 0..10 {
        update(&mut st, Action::Entities(EntitiesAction::SelectNext));
    }
    assert_eq!(st.entities.selected, 4);
    assert_eq!(st.entities.chosen_entity().unwrap().canonical, "Russia");
}

#[test]
fn type_toggles_and_the_global_toggle() {
    let mut st = recognised();
    assert!(st.entities.shows(&EntityKind::Org));
    update(&mut st, Action::Entities(EntitiesAction::ToggleType));
    assert!(!st.entities.shows(&EntityKind::Org));
    assert!(st.entities.shows(&EntityKind::Gpe));
    update(&mut st, Action::Entities(EntitiesAction::ToggleType));
    assert!(st.entities.shows(&EntityKind::Org));
    update(&mut st, Action::Entities(EntitiesAction::ToggleHighlights));
    assert!(!st.entities.shows(&EntityKind::Gpe));
}

#[test]
fn marking_needs_a_phrase_and_saves_through_an_effect() {
    let mut st = recognised();
    update(&mut st, Action::Entities(EntitiesAction::Mark));
    assert_eq!(st.mode, Mode::Normal, "nothing to mark");
    update(&mut st, Action::Entities(EntitiesAction::SelectNext));
    update(&mut st, Action::Entities(EntitiesAction::Mark));
    assert_eq!(st.mode, Mode::MarkEntity);
    let effects = update(
        &mut st,
        Action::Entities(EntitiesAction::MarkAs(Some(EntityKind::Person))),
    );
    assert_eq!(
        effects,
        vec![Effect::SaveUserEntity {
            phrases: vec!["Huawei".into()],
            kind: Some(EntityKind::Person)
        }]
    );
    let effects = update(&mut st, Action::Entities(EntitiesAction::NotAnEntity));
    assert!(matches!(
        &effects[0],
        Effect::SaveUserEntity { kind: None, .. }
    ));
    let effects = update(
        &mut st,
        Action::Entities(EntitiesAction::UserEntitySaved("saved".into())),
    );
    assert!(matches!(
        effects.as_slice(),
        [Effect::RecognizeEntities { .. }]
    ));
}

#[test]
fn dates_are_listed_chronologically_and_watched_entities_first() {
    let mut st = recognised();
    let e = &mut st.entities;
    e.published = Day::new(2019, 10, 4);
    let text = "in May 2015, last year, in 1960 and five years";
    let date = |w: &str| {
        let s = text.find(w).unwrap();
        Entity {
            canonical: w.into(),
            kind: EntityKind::Date,
            aliases: Vec::new(),
            mentions: vec![s..s + w.len(), s..s + w.len()],
        }
    };
    e.entities
        .extend(["five years", "last year", "May 2015", "1960"].map(date));
    e.kinds.push(EntityKind::Date);
    e.watch = vec![WatchEntry::new("Russia", None)];
    e.rebuild_rows();
    let names: Vec<&str> = e
        .rows
        .iter()
        .filter_map(|r| match r {
            EntityRow::Entity(i) => Some(e.entities[*i].canonical.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        names,
        [
            "Russia",
            "Huawei",
            "China",
            "1960",
            "May 2015",
            "last year",
            "five years"
        ]
    );
}

#[test]
fn hex_colours_parse() {
    assert_eq!(parse_hex_color("#00aaff"), Some((0, 0xaa, 0xff)));
    assert_eq!(parse_hex_color("00aaff"), None);
    assert_eq!(parse_hex_color("#00aaf"), None);
    assert_eq!(parse_hex_color("#00aaé"), None);
}

#[test]
fn mentions_in_uses_the_range() {
    let st = recognised();
    let m = st.entities.mentions_in(&(0..10));
    assert_eq!(m.len(), 1);
    assert!(st.entities.mentions_in(&(10..10)).is_empty());
    assert_eq!(st.entities.mentions_in(&(0..TEXT.len())).len(), 6);
}

#[test]
fn section_summaries_name_each_entrys_top_entities_and_skip_entries_naming_nobody() {
    let text = "# Ties\n\nHuawei met China in May 2015. Huawei again.\n\nNobody here.\n\n\
                # Later\n\nRussia.\n";
    let doc = crate::core::doc::markdown::parse(text.to_owned());
    let items = crate::core::doc::outline::for_reader(&doc);
    let mentions: Vec<Mention> = [
        ("Huawei", 0, EntityKind::Org),
        ("China", 0, EntityKind::Gpe),
        ("May 2015", 0, EntityKind::Date),
        ("Huawei", 1, EntityKind::Org),
        ("Russia", 0, EntityKind::Gpe),
    ]
    .into_iter()
    .map(|(w, n, k)| mention(text, w, n, k))
    .collect();
    let summaries = section_summaries(&items, &group(text, &mentions));
    assert_eq!(summaries.len(), items.len());
    let shown: Vec<(String, Option<&str>)> = items
        .iter()
        .enumerate()
        .map(|(i, s)| (s.title.to_string(), summaries.get(i)))
        .collect();
    // the section names what its paragraphs name (dates left out); the paragraph without a
    // name has no summary
    let ties = shown.iter().position(|(t, _)| t == "Ties").unwrap();
    assert_eq!(shown[ties].1, Some("Huawei ×2 · China ×1"));
    assert_eq!(shown[ties + 1].1, Some("Huawei ×2 · China ×1"));
    assert_eq!(shown[ties + 2].1, None);
    let later = shown.iter().position(|(t, _)| t == "Later").unwrap();
    assert_eq!(shown[later].1, Some("Russia ×1"));
    assert_eq!(summaries.get(items.len()), None);
    assert!(SectionSummaries::default().is_empty());
}

#[test]
fn a_followed_entity_is_chosen_when_found_and_n_steps_through_its_mentions() {
    let mut st = recognised_following(Some(("Huawei".into(), EntityKind::Org)));
    let chosen = st.entities.chosen_entity().map(|e| e.canonical.clone());
    assert_eq!(chosen.as_deref(), Some("Huawei"));
    assert_eq!(st.entities.follow, None, "followed once");
    assert_eq!(
        st.entities.mention,
        Some(0),
        "the mention at the reading position"
    );
    let said = |st: &AppState| {
        st.status
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    };
    assert!(said(&st).contains("Huawei: mention 1/3"), "{}", said(&st));
    update(&mut st, Action::NextMatch);
    assert_eq!(st.entities.mention, Some(1));
    update(&mut st, Action::NextMatch);
    assert_eq!(st.entities.mention, Some(2));
    assert!(said(&st).contains("mention 3/3"), "{}", said(&st));
    // a search started before recognition has found the entity keeps n/N for its matches
    let mut st = AppState::new(doc(TEXT), "t.txt", &Config::default(), 120, 40);
    st.entities.follow = Some(("Huawei".into(), EntityKind::Org));
    update(&mut st, Action::StartSearch);
    assert_eq!(st.entities.follow, None);
    // an entity not found here (not a PERSON here) chooses nothing
    let st = recognised_following(Some(("Huawei".into(), EntityKind::Person)));
    assert_eq!(st.entities.chosen, None);
}
