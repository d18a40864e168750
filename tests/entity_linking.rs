//! Canonical linking inside an article (`core/doc/entities/link.rs`): the edge cases of issue
//! 14, in the annotated-text language (`[[PERSON:Stella Kim]]`) and through the recogniser, and
//! the alias-pair rate on the DEV corpus.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice)]

use gloss::core::doc::entities::annotated::parse_annotated;
use gloss::core::doc::entities::eval::byte_range;
use gloss::core::doc::entities::link::{alias_pairs, link};
use gloss::core::doc::entities::{Entity, EntityKind, Mention, Recognizer};

const DEV: &str = include_str!("fixtures/entities-dev.jsonl");

fn entity_of<'a>(entities: &'a [Entity], m: &Mention) -> &'a Entity {
    entities
        .iter()
        .find(|e| e.mentions.contains(&m.range))
        .unwrap()
}

/// The canonical of each mention of the annotated text, in order.
fn canonicals(annotated: &str) -> Vec<String> {
    let (text, ms) = parse_annotated(annotated);
    let entities = link(&text, &ms);
    ms.iter()
        .map(|m| entity_of(&entities, m).canonical.clone())
        .collect()
}

#[test]
fn people_sharing_a_surname_stay_apart_and_the_bare_surname_unresolved() {
    let c = canonicals(
        "[[PERSON:Stella Kim]] and [[PERSON:Margie Kim]] argued; [[PERSON:Kim]] won. [[PERSON:Stella]] left.",
    );
    assert_eq!(c, ["Stella Kim", "Margie Kim", "Kim", "Stella Kim"]);
}

#[test]
fn a_first_name_alone_joins_its_full_name() {
    let c = canonicals("[[PERSON:Elsa Kania]] wrote it. [[PERSON:Elsa]] said so.");
    assert_eq!(c, ["Elsa Kania", "Elsa Kania"]);
}

#[test]
fn the_soviet_union_is_not_russia() {
    let c = canonicals(
        "the [[GPE:Soviet Union]], [[GPE:USSR]], [[GPE:Russian Federation]], [[GPE:Russia]]",
    );
    assert_eq!(c, ["Soviet Union", "USSR", "Russia", "Russia"]);
}

#[test]
fn a_demonym_keeps_its_own_entity() {
    let (text, ms) = parse_annotated("[[NORP:Chinese]] firms in [[GPE:China]] and the [[GPE:PRC]]");
    let entities = link(&text, &ms);
    let norp = entity_of(&entities, &ms[0]);
    assert_eq!(
        (norp.canonical.as_str(), &norp.kind),
        ("Chinese", &EntityKind::Norp)
    );
    assert_eq!(entity_of(&entities, &ms[1]).count(), 2);
}

#[test]
fn the_official_name_has_no_entity_of_its_own() {
    let (text, ms) = parse_annotated(
        "the [[GPE:People's Republic of China]] and [[GPE:China]]; the [[GPE:United States of America]], the [[GPE:U.S.]]",
    );
    let entities = link(&text, &ms);
    let names: Vec<&str> = entities.iter().map(|e| e.canonical.as_str()).collect();
    assert_eq!(names, ["China", "United States"]);
    assert!(
        entities[0]
            .aliases
            .contains(&"People's Republic of China".to_owned())
    );
}

#[test]
fn the_recogniser_and_the_linker_together() {
    let text = "Fish sold under the Marine Stewardship Council (MSC) label sell better, the MSC said. \
                Analysts at CNA Corporation agreed; CNA said the People's Republic of China and the \
                Russian Federation met. China and Russia signed. Stella Kim and Margie Kim spoke; Kim left.";
    let mentions = Recognizer::new().recognize(text);
    let entities = link(text, &mentions);
    let canonical_of = |surface: &str, nth: usize| {
        let m = mentions
            .iter()
            .filter(|m| &text[m.range.clone()] == surface)
            .nth(nth)
            .unwrap();
        entity_of(&entities, m).canonical.clone()
    };
    assert_eq!(canonical_of("MSC", 0), "Marine Stewardship Council");
    assert_eq!(canonical_of("MSC", 1), "Marine Stewardship Council");
    assert_eq!(canonical_of("CNA", 0), "CNA Corporation");
    assert_eq!(canonical_of("People's Republic of China", 0), "China");
    assert_eq!(canonical_of("Russian Federation", 0), "Russia");
    assert_eq!(canonical_of("Stella Kim", 0), "Stella Kim");
    assert_eq!(canonical_of("Margie Kim", 0), "Margie Kim");
    assert_eq!(canonical_of("Kim", 0), "Kim");
}

#[test]
fn dev_alias_pairs_share_a_canonical() {
    let rec = Recognizer::new();
    let (mut linked, mut total) = (0usize, 0usize);
    for line in DEV.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = doc["text"].as_str().unwrap();
        let gold: Vec<Mention> = doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| {
                let kind = EntityKind::from_label(e["type"].as_str()?)?;
                let s = usize::try_from(e["start"].as_u64()?).ok()?;
                let en = usize::try_from(e["end"].as_u64()?).ok()?;
                Some(Mention {
                    range: byte_range(text, s, en),
                    kind,
                })
            })
            .collect();
        let entities = link(text, &rec.recognize(text));
        let of = |r: &std::ops::Range<usize>| entities.iter().position(|e| e.mentions.contains(r));
        for (_, short, long) in alias_pairs(text, &gold) {
            total += 1;
            if of(&short).is_some() && of(&short) == of(&long) {
                linked += 1;
            }
        }
    }
    assert!(total > 20, "the DEV corpus has alias pairs ({total})");
    // issue 14 asks for at least 98% on held-out articles
    assert!(
        linked * 100 >= total * 98,
        "{linked}/{total} alias pairs linked"
    );
}
