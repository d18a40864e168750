//! Golden files for every export format on the seed article with fixed annotations (fixed ids
//! and times), plus format-level checks: W3C fields, CSV formula injection, import round trips.
//!
//! Regenerate the goldens with `GLOSS_UPDATE_GOLDEN=1 cargo test --test export_golden`, then
//! review the diff. The document is built from the seed text with fixed metadata (not through
//! the loader) so the goldens change only when the export code does.

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]

use std::path::PathBuf;

use gloss::core::doc::annotation::{Annotation, Placement, TextQuote};
use gloss::core::doc::document::{Document, Format, Metadata};
use gloss::core::doc::export::{
    ExportEntity, ExportFormat, ExportInput, ExportSection, dedupe, export, parse_any, parse_json,
    parse_w3c,
};
use gloss::input::SEED_TEXT;
use serde_json::Value;

const AT: &str = "2026-03-01T12:00:00Z";

fn seed_doc() -> Document {
    Document {
        lazy: None,
        source: SEED_TEXT.to_owned(),
        format: Format::PlainText,
        meta: Metadata {
            title: Some("China, Russia Deepen Technological Ties".into()),
            authors: vec!["Samuel Bendett".into(), "Elsa Kania".into()],
            date: Some("October 4, 2019".into()),
            source: Some("Defense One".into()),
            fields: Vec::new(),
        },
        blocks: Vec::new(),
    }
}

fn range_of(text: &str, passage: &str) -> std::ops::Range<usize> {
    let s = text
        .find(passage)
        .unwrap_or_else(|| panic!("{passage:?} not in the seed"));
    s..s + passage.len()
}

struct Fixture {
    doc: Document,
    anns: Vec<Annotation>,
    orphans: Vec<String>,
    sections: Vec<ExportSection>,
    entities: Vec<ExportEntity>,
}

/// A note found again approximately in this version: made on other words.
fn make_fuzzy(a: &mut Annotation) {
    a.placement = Placement::Fuzzy;
    a.similarity = Some(88);
    a.original = Some(TextQuote {
        exact: "In the wake of Xi Jinping's trip to Moscow in May 2015".into(),
        prefix: String::new(),
        suffix: ", Beijing and Moscow".into(),
    });
}

fn fixture() -> Fixture {
    let doc = seed_doc();
    let t = &doc.source;
    let mk = |passage: &str, id: &str, tags: &[&str], body: &str, created: &str| {
        let mut a = Annotation::new_for(
            &doc,
            range_of(t, passage),
            tags.iter().map(|s| (*s).to_owned()).collect(),
            body.to_owned(),
            id.to_owned(),
            created,
        )
        .unwrap();
        a.doc.path = Some("/home/analyst/articles/china-russia.txt".into());
        a
    };
    let mut anns = vec![
        mk(
            "In the wake of Xi Jinping's visit to Moscow in May 2015",
            "0190f5a0-0000-7000-8000-000000000002",
            &["timeline", "Diplomacy"],
            "Start of the formal tech track.\nCompare with the 2016 MoU.",
            "2026-02-01T09:30:00Z",
        ),
        mk(
            "China and Russia are deepening and expanding their ties",
            "0190f5a0-0000-7000-8000-000000000001",
            &["thesis"],
            "The thesis of the piece.",
            "2026-02-01T09:00:00Z",
        ),
        mk(
            "a valuable resource for tech and defense industry giants",
            "0190f5a0-0000-7000-8000-000000000003",
            &[],
            "",
            "2026-02-01T10:00:00Z",
        ),
        mk(
            "Alibaba, Tencent, and Huawei",
            "0190f5a0-0000-7000-8000-000000000004",
            &["-danger"],
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "2026-02-01T11:00:00Z",
        ),
    ];
    // An orphan: its passage is not in this version of the text.
    let mut orphan = anns[2].clone();
    orphan.id = "0190f5a0-0000-7000-8000-000000000009".into();
    orphan.quote.exact = "a sentence that was removed from the article".into();
    orphan.position.start = 5000;
    orphan.position.end = 5044;
    orphan.body = "Where did this go?".into();
    orphan.tags = vec!["lost".into()];
    anns.push(orphan);
    anns[1].modified = "2026-02-02T08:00:00Z".into();
    make_fuzzy(&mut anns[0]);
    let body_start = t.find("China and Russia are deepening").unwrap();
    let back_start = t.find("Samuel Bendett an Adviser").unwrap();
    let sections = vec![
        ExportSection {
            title: "China, Russia Deepen Technological Ties".into(),
            start: 0,
            end: body_start,
        },
        ExportSection {
            title: "Body".into(),
            start: body_start,
            end: back_start,
        },
        ExportSection {
            title: "About the authors".into(),
            start: back_start,
            end: t.len(),
        },
    ];
    let mut entities = Vec::new();
    for (name, kind) in [
        ("Xi Jinping", "PERSON"),
        ("Moscow", "GPE"),
        ("China", "GPE"),
        ("Russia", "GPE"),
        ("Alibaba", "ORG"),
        ("Huawei", "ORG"),
    ] {
        for (s, _) in t.match_indices(name) {
            entities.push(ExportEntity {
                range: s..s + name.len(),
                kind: kind.into(),
                text: name.into(),
            });
        }
    }
    entities.sort_by_key(|e| e.range.start);
    Fixture {
        doc,
        anns,
        orphans: vec!["0190f5a0-0000-7000-8000-000000000009".into()],
        sections,
        entities,
    }
}

fn render(f: &Fixture, format: ExportFormat) -> String {
    let input = ExportInput {
        doc: &f.doc,
        source: Some("/home/analyst/articles/china-russia.txt"),
        annotations: &f.anns,
        orphans: &f.orphans,
        sections: &f.sections,
        entities: &f.entities,
        exported_at: AT,
    };
    export(format, &input).unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/golden")
        .join(name);
    if std::env::var_os("GLOSS_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with GLOSS_UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the golden file (GLOSS_UPDATE_GOLDEN=1 to regenerate)\n--- actual ---\n{actual}",
        path.display()
    );
}

#[test]
fn markdown_golden() {
    let md = render(&fixture(), ExportFormat::Markdown);
    golden("seed.md", &md);
    // What must hold whatever the golden says:
    assert!(md.starts_with("---\ntitle: \"China, Russia Deepen Technological Ties\"\n"));
    assert!(md.contains("fingerprint: \""));
    assert!(md.contains("^gloss-0190f5a0-0000-7000-8000-000000000001\n"));
    assert!(md.contains("## Body\n"));
    assert!(md.contains("Entities: Xi Jinping (PERSON), Moscow (GPE)"));
    assert!(md.contains("## Orphaned notes"));
}

#[test]
fn json_golden_and_round_trip() {
    let f = fixture();
    let json = render(&f, ExportFormat::Json);
    golden("seed.json", &json);
    let parsed = parse_json(&json).unwrap();
    assert_eq!(parsed.unusable, 0);
    let mut expected = f.anns.clone();
    expected.sort_by_key(|a| (f.orphans.contains(&a.id), a.position.start));
    assert_eq!(parsed.annotations, expected, "full fidelity");
    let v: Value = serde_json::from_str(&json).unwrap();
    let fuzzy = v["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "0190f5a0-0000-7000-8000-000000000002")
        .unwrap();
    assert_eq!(fuzzy["placement"], "fuzzy");
    assert_eq!(
        fuzzy["original"]["exact"],
        "In the wake of Xi Jinping's trip to Moscow in May 2015"
    );
    let (fresh, skipped) = dedupe(&f.anns, parsed.annotations);
    assert!(fresh.is_empty());
    assert_eq!(skipped, f.anns.len());
}

#[test]
fn w3c_golden_has_the_required_fields_and_round_trips() {
    let f = fixture();
    let w3c = render(&f, ExportFormat::W3c);
    golden("seed.w3c.jsonld", &w3c);
    let v: Value = serde_json::from_str(&w3c).unwrap();
    // A drifted note declares the `gloss:` terms next to the model's context.
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["@context"][1]["gloss"], "urn:gloss:terms:");
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["total"], f.anns.len());
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), f.anns.len());
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"].as_str().unwrap().starts_with("urn:uuid:"));
        let motivation = item["motivation"].as_str().unwrap();
        assert!(["commenting", "tagging", "highlighting"].contains(&motivation));
        let sel = item["target"]["selector"].as_array().unwrap();
        assert_eq!(sel[0]["type"], "TextQuoteSelector");
        assert_eq!(sel[1]["type"], "TextPositionSelector");
        assert!(
            item["target"]["source"]
                .as_str()
                .unwrap()
                .starts_with("file:///")
        );
        // TextPositionSelector counts code points: slicing the chars gives the quote (for
        // annotations that are anchored in this text).
        let (s, e) = (
            sel[1]["start"].as_u64().unwrap() as usize,
            sel[1]["end"].as_u64().unwrap() as usize,
        );
        let by_chars: String = f.doc.source.chars().skip(s).take(e - s).collect();
        if !item["id"].as_str().unwrap().ends_with('9') {
            assert_eq!(by_chars, sel[0]["exact"].as_str().unwrap());
        }
    }
    // The fuzzy note: where it is now, how it drifted and the words it was made on.
    let fuzzy = items
        .iter()
        .find(|i| i["id"] == "urn:uuid:0190f5a0-0000-7000-8000-000000000002")
        .unwrap();
    assert_eq!(fuzzy["gloss:placement"], "fuzzy");
    assert_eq!(fuzzy["gloss:similarity"], 88);
    let original = &fuzzy["target"]["gloss:original"];
    assert_eq!(original["type"], "TextQuoteSelector");
    assert_eq!(
        original["exact"],
        "In the wake of Xi Jinping's trip to Moscow in May 2015"
    );
    assert_ne!(
        original["exact"], fuzzy["target"]["selector"][0]["exact"],
        "the selectors hold the text as it is now"
    );
    assert!(
        items
            .iter()
            .filter(|i| i["id"] != fuzzy["id"])
            .all(|i| i.get("gloss:placement").is_none()
                && i["target"].get("gloss:original").is_none()),
        "only the drifted note carries drift"
    );
    let highlight = items
        .iter()
        .find(|i| i["motivation"] == "highlighting")
        .unwrap();
    assert!(
        highlight.get("body").is_none(),
        "a pure highlight has no body"
    );
    let back = parse_w3c(&w3c, &f.doc.source, "never-used").unwrap();
    let fuzzy_back = back
        .annotations
        .iter()
        .find(|a| a.id == "0190f5a0-0000-7000-8000-000000000002")
        .unwrap();
    assert_eq!(
        (
            fuzzy_back.placement,
            fuzzy_back.similarity,
            &fuzzy_back.original
        ),
        (Placement::Fuzzy, Some(88), &f.anns[0].original),
        "the drift round-trips"
    );
    let (fresh, skipped) = dedupe(&f.anns, back.annotations);
    assert!(
        fresh.is_empty(),
        "re-import creates no duplicates: {fresh:?}"
    );
    assert_eq!(skipped, f.anns.len());
}

#[test]
fn csv_golden_is_safe_against_formula_injection() {
    let f = fixture();
    let csv = render(&f, ExportFormat::Csv);
    golden("seed.csv", &csv);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "id",
            "quote",
            "note",
            "tags",
            "section",
            "start_byte",
            "end_byte",
            "created",
            "modified",
            "placement",
            "similarity",
            "original"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), f.anns.len());
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula trigger in {cell:?}"
            );
        }
    }
    let evil = rows.iter().find(|r| r[2].contains("HYPERLINK")).unwrap();
    assert!(evil[2].starts_with("'="));
    assert_eq!(&evil[3], "'-danger");
    assert_eq!(&rows.last().unwrap()[4], "(orphaned)");
    assert_eq!(&rows.last().unwrap()[9], "orphaned");
    // the fuzzy note says how alike, and the words it was made on
    let fuzzy = rows.iter().find(|r| &r[9] == "fuzzy").unwrap();
    assert!(!fuzzy[10].is_empty() && !fuzzy[11].is_empty(), "{fuzzy:?}");
    assert!(rows.iter().any(|r| &r[9] == "exact" && r[10].is_empty()));
}

#[test]
fn parse_any_tells_the_formats_apart() {
    let f = fixture();
    for format in [ExportFormat::Json, ExportFormat::W3c] {
        let out = render(&f, format);
        let parsed = parse_any(&out, &f.doc.source, "n").unwrap();
        assert_eq!(parsed.annotations.len(), f.anns.len(), "{format:?}");
    }
}
