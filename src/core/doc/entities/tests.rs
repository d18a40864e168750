//! Unit tests for the recogniser in a small annotated-text language:
//! `"met [[PERSON:Xi Jinping]] in [[GPE:Moscow]]"`.

#![allow(clippy::string_slice, clippy::format_push_string)]

use std::sync::OnceLock;

use super::*;

fn rec() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(Recognizer::new)
}

/// Parses annotated text into plain text and expected mentions.
fn parse(annotated: &str) -> (String, Vec<Mention>) {
    let mut text = String::new();
    let mut out = Vec::new();
    let mut rest = annotated;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let colon = after.find(':').expect("type");
        let close = after.find("]]").expect("close");
        let kind = EntityKind::parse(&after[..colon]).expect("kind");
        let start = text.len();
        text.push_str(&after[colon + 1..close]);
        out.push(Mention {
            range: start..text.len(),
            kind,
        });
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    (text, out)
}

fn show(text: &str, ms: &[Mention]) -> String {
    let mut s = String::new();
    let mut pos = 0;
    for m in ms {
        s.push_str(&text[pos..m.range.start]);
        s.push_str(&format!(
            "[[{}:{}]]",
            m.kind.label(),
            &text[m.range.clone()]
        ));
        pos = m.range.end;
    }
    s.push_str(&text[pos..]);
    s
}

#[track_caller]
fn t(annotated: &str) {
    let (text, expected) = parse(annotated);
    let got = rec().recognize(&text);
    assert_eq!(show(&text, &got), show(&text, &expected));
}

#[test]
fn the_test_language_round_trips() {
    let (text, ms) = parse("met [[PERSON:Xi Jinping]] in [[GPE:Moscow]]");
    assert_eq!(text, "met Xi Jinping in Moscow");
    assert_eq!(
        ms,
        vec![
            Mention {
                range: 4..14,
                kind: EntityKind::Person
            },
            Mention {
                range: 18..24,
                kind: EntityKind::Gpe
            }
        ]
    );
}

#[test]
fn basic_people_and_places() {
    t("He met [[PERSON:Xi Jinping]] in [[GPE:Moscow]].");
}

#[test]
fn dates_calendar_relative_and_durations() {
    t("It opened on [[DATE:October 4, 2019]] and again in [[DATE:May 2015]].");
    t("Talks resumed [[DATE:last year]] and will end [[DATE:later this fall]].");
    t("In [[DATE:the 1990s]] and [[DATE:the late 1800s]] prices rose for [[DATE:five years]].");
    t("The deal was signed [[DATE:four years ago]] on [[DATE:Sept. 25, 2018]].");
    t("He served for [[DATE:the past few days]] and [[DATE:18 months]] before that.");
    t("A [[DATE:10-year]] note, from [[DATE:2011 to 2013]].");
}

#[test]
fn dates_exclude_ages_times_frequencies_and_bare_units() {
    t("The 52-year-old man, 75, waited for years at 10:30 p.m. each year.");
    t("It happened [[DATE:Wednesday]] evening, six hours later.");
    t("The building is 2,000 years old.");
}

#[test]
fn money_and_percent_with_approximators() {
    t("It cost [[MONEY:about $4.8 billion]], up [[PERCENT:15 percent]] from [[PERCENT:13%]].");
    t(
        "They spent [[MONEY:hundreds of millions of dollars]] and only [[PERCENT:about 10 percent]] of it.",
    );
    t("Apples sell at $16.99 a pound.");
}

#[test]
fn no_leading_the_but_official_the_kept() {
    t("Officials in [[GPE:the United States]] disagree."
        .replace("[[GPE:the United States]]", "the [[GPE:United States]]")
        .as_str());
    t("She reads [[ORG:The New York Times]] daily.");
}

#[test]
fn possessives_are_excluded() {
    t("[[GPE:China]]’s ministry and [[GPE:Russia]]'s academy.");
    t("He praised [[ORG:Huawei]]'s engineers.");
}

#[test]
fn titles_are_excluded_from_person() {
    t("[[NORP:Russian]] President [[PERSON:Vladimir Putin]] met Mr. [[PERSON:Bendett]].");
    t("Prime Minister [[PERSON:Jacinda Ardern]] spoke.");
}

#[test]
fn hyphen_compounds_mark_the_name_part() {
    t("The [[GPE:U.S.]]-led coalition and [[GPE:London]]-based firms.");
    t("The [[NORP:Israeli]]-[[NORP:Palestinian]] talks; the [[NORP:Sino-Russian]] partnership.");
    t("[[GPE:China]]-[[GPE:Russia]] ties after [[ORG:al-Qaeda]]-linked attacks.");
}

#[test]
fn organisation_heads_make_one_outermost_org() {
    t(
        "The [[ORG:Russian Academy of Sciences]] and the [[ORG:Ministry of Science and Technology]].",
    );
    t("He joined the [[ORG:Center for a New American Security]] in [[GPE:Washington]].");
    t("Ties between the [[ORG:Russian and Chinese Academies of Sciences]] grew.");
    t("The [[ORG:U.S. Embassy]] closed; the [[GPE:U.S.]] government did not.");
}

#[test]
fn places_with_heads_are_loc() {
    t("Ships crossed the [[LOC:Bering Sea]] near [[LOC:Stewart Island]].");
    t("Crowds filled [[LOC:Times Square]] and [[LOC:Europe]].");
}

#[test]
fn works_laws_and_events_block_names() {
    t("Since the Arab Spring, the Data Retention Bill was debated.");
}

#[test]
fn person_consistency_across_the_document() {
    t("[[PERSON:Samuel Bendett]] is an analyst. [[PERSON:Bendett]] said the ties deepen.");
}

#[test]
fn unknown_capitalised_words_at_sentence_start_are_not_names() {
    t("However, the plan failed. Consequently, [[GPE:Moscow]] waited.");
}

#[test]
fn norp_language_uses_are_not_annotated() {
    t("The book was translated into English; its English edition sold well.");
    t("[[NORP:Chinese]] and [[NORP:Russian]] scientists met [[NORP:Americans]].");
}

#[test]
fn glued_credits_are_split() {
    t("cables.CreditCredit[[PERSON:Chang W. Lee]]/[[ORG:The New York Times]]");
}

#[test]
fn user_entities_and_suppressions() {
    let mut user = UserEntities::default();
    user.add("Kubernetes", EntityKind::Custom("TECH".into()));
    user.suppress("Moscow");
    let r = Recognizer::with_user(&user);
    let text = "Kubernetes runs in Moscow and Beijing.";
    let got = r.recognize(text);
    assert_eq!(
        show(text, &got),
        "[[TECH:Kubernetes]] runs in Moscow and [[GPE:Beijing]]."
    );
}

#[test]
fn grouping_folds_surnames_and_sorts_by_count() {
    let text = "Samuel Bendett met Huawei. Bendett left. Huawei stayed. Huawei grew.";
    let ms = rec().recognize(text);
    let groups = group(text, &ms);
    assert_eq!(groups[0].canonical, "Huawei");
    assert_eq!(groups[0].count(), 3);
    let person = groups
        .iter()
        .find(|g| g.kind == EntityKind::Person)
        .unwrap();
    assert_eq!(person.canonical, "Samuel Bendett");
    assert_eq!(person.aliases, ["Bendett"]);
    assert_eq!(person.mentions, vec![0..14, 27..34]);
}

#[test]
fn documents_map_markdown_runs_to_source_offsets() {
    use crate::core::doc::document::{
        Block, BlockKind, Document, Format, Inline, InlineStyle, Metadata, Part,
    };
    let source = "# Talks in *Moscow*\n\nXi Jinping met Vladimir Putin.".to_owned();
    let run = |r: std::ops::Range<usize>, style| Inline::plain(r).styled(style);
    let doc = Document {
        lazy: None,
        source: source.clone(),
        format: Format::Markdown,
        meta: Metadata::default(),
        blocks: vec![
            Block {
                kind: BlockKind::Heading {
                    level: 1,
                    inlines: smallvec::smallvec![
                        run(2..11, InlineStyle::empty()),
                        run(12..18, InlineStyle::EMPHASIS),
                    ],
                },
                range: 0..19,
                part: Part::Body,
            },
            Block {
                kind: BlockKind::Paragraph(smallvec::smallvec![run(21..50, InlineStyle::empty())]),
                range: 21..50,
                part: Part::Body,
            },
        ],
    };
    let got = rec().recognize_document(&doc);
    let shown: Vec<(&str, &str)> = got
        .iter()
        .map(|m| (m.kind.label(), &source[m.range.clone()]))
        .collect();
    assert_eq!(
        shown,
        [
            ("GPE", "Moscow"),
            ("PERSON", "Xi Jinping"),
            ("PERSON", "Vladimir Putin")
        ]
    );
    // incremental: scanning block by block then resolving gives the same result
    let mut scan = rec().scan_blocks(&doc, 0..1);
    scan.extend(rec().scan_blocks(&doc, 1..2));
    assert_eq!(rec().resolve(&doc.source, &scan), got);
}

#[test]
fn mentions_after_merged_line_breaks_keep_their_source_offsets() {
    use crate::core::doc::document::{BlockKind, InlineStyle};
    let source = "Title\n\nTalks went on for hours.\nXi Jinping met Vladimir\nPutin in Moscow\non Tuesday, said Samuel Bendett.\n";
    let merged = crate::core::doc::plaintext::parse(source.to_owned());
    let BlockKind::Paragraph(inl) = &merged.blocks.last().unwrap().kind else {
        panic!("{:?}", merged.blocks)
    };
    assert_eq!(inl.len(), 1);
    assert_eq!(inl[0].style, InlineStyle::LINES);
    // the old shape: a run per line, a soft break per newline
    let mut split = merged.clone();
    if let Some(BlockKind::Paragraph(runs)) = split.blocks.last_mut().map(|b| &mut b.kind) {
        *runs = inl
            .iter()
            .flat_map(|i| i.pieces(source))
            .map(std::borrow::Cow::into_owned)
            .collect();
    }
    let got = rec().recognize_document(&merged);
    assert_eq!(got, rec().recognize_document(&split));
    let shown: Vec<&str> = got.iter().map(|m| &source[m.range.clone()]).collect();
    assert!(shown.contains(&"Xi Jinping"), "{shown:?}");
    assert!(shown.contains(&"Moscow"), "{shown:?}");
    assert!(shown.contains(&"Samuel Bendett"), "{shown:?}");
    // no mention runs over a line break: the newline is not glued into a name
    assert!(shown.iter().all(|m| !m.contains('\n')), "{shown:?}");
}

#[test]
fn recognizer_is_send_and_sync_and_total_on_odd_input() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Recognizer>();
    for s in [
        "",
        "\u{feff}",
        "$",
        "-",
        "U.S.",
        "A.",
        "’s",
        "1990s-",
        "\u{1b}[31mRed",
        "ÄÖÜ ß 😀 Ünïcödé",
    ] {
        let ms = rec().recognize(s);
        for m in ms {
            assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
        }
    }
}

#[test]
fn entity_kind_labels_round_trip() {
    for k in EntityKind::evaluated()
        .iter()
        .chain(&[EntityKind::Money, EntityKind::Percent])
    {
        assert_eq!(EntityKind::from_label(k.label()).as_ref(), Some(k));
    }
    assert_eq!(
        EntityKind::parse("tech"),
        Some(EntityKind::Custom("TECH".into()))
    );
    assert_eq!(EntityKind::parse(" "), None);
}

#[test]
fn paragraphs_cover_the_text_and_cut_at_blank_lines() {
    for s in [
        "",
        "\n",
        "\n\n",
        "one line",
        "a\nb\n\nc",
        "a\r\n\r\nb \n \t\n\nc\n",
        "ends\n\n",
    ] {
        let ps: Vec<_> = paragraphs(s).collect();
        let mut pos = 0;
        for p in &ps {
            assert_eq!(p.start, pos, "{s:?}: {ps:?}");
            assert!(p.end > p.start);
            pos = p.end;
        }
        assert_eq!(pos, s.len(), "{s:?}: {ps:?}");
    }
    let s = "a\nb\n\nc \r\n\r\nd";
    let texts: Vec<_> = paragraphs(s).map(|p| &s[p]).collect();
    assert_eq!(texts, ["a\nb\n", "\nc \r\n\r", "\nd"]);
}

#[test]
fn a_blank_line_separates_paragraphs() {
    t("[[GPE:Moscow]]\n\n[[DATE:2019]] and [[PERSON:Xi Jinping]] said");
}

#[test]
fn scan_candidates_keep_their_type_builtin_or_custom_across_joined_scans() {
    use super::Scan;
    let custom = EntityKind::Custom("TECH".to_owned());
    let mut a = Scan::default();
    let mut b = Scan::default();
    for (i, k) in EntityKind::BUILTIN.iter().enumerate() {
        a.push(i * 10..i * 10 + 5, Some(k.clone()), true, None);
    }
    a.push(
        100..105,
        Some(EntityKind::Custom("OTHER".to_owned())),
        false,
        None,
    );
    b.push(200..210, Some(custom.clone()), false, Some(205));
    b.push(300..301, None, false, None);
    b.push(400..404, None, true, None);
    a.extend(b);
    let kinds: Vec<Option<&EntityKind>> = a.items.iter().map(|r| a.kind(r)).collect();
    let mut want: Vec<Option<&EntityKind>> = EntityKind::BUILTIN.iter().map(Some).collect();
    let other = EntityKind::Custom("OTHER".to_owned());
    // a strong candidate keeps its place even without a type; a weak untyped one is bare
    want.extend([Some(&other), Some(&custom), None]);
    assert_eq!(kinds, want);
    assert_eq!(a.items[9].surname(), Some(205..210));
    assert_eq!(a.items[10].surname(), None);
    assert!(a.items[10].strong);
    assert_eq!(a.bare.iter().collect::<Vec<_>>(), vec![[300, 301]]);
    assert_eq!(a.len(), 12);
}

/// The consistency pass types bare and typed candidates in two runs, then sorts by range:
/// that gives the scan's own order only if no two candidates share a range. Checked on every
/// article of the test corpus and on Markdown with lists, quotes, tables and footnotes.
#[test]
fn no_two_candidates_share_a_range() {
    // the corpus is compiled in: the core reads no files, not even in its tests
    let corpus = [
        include_str!("../../../../tests/fixtures/corpus/readability-bbc-1.txt"),
        include_str!("../../../../tests/fixtures/corpus/readability-citylab-1.txt"),
        include_str!("../../../../tests/fixtures/corpus/readability-cnn.txt"),
        include_str!("../../../../tests/fixtures/corpus/readability-herald-sun-1.txt"),
        include_str!("../../../../tests/fixtures/corpus/readability-nytimes-2.txt"),
        include_str!("../../../../tests/fixtures/corpus/readability-nytimes-3.txt"),
        include_str!("../../../../tests/fixtures/corpus/readability-wapo-1.txt"),
        include_str!("../../../../tests/fixtures/corpus/seed-china-russia.txt"),
    ];
    let mut docs: Vec<crate::core::doc::document::Document> = corpus
        .iter()
        .map(|t| crate::core::doc::plaintext::parse((*t).to_owned()))
        .collect();
    docs.push(crate::core::doc::markdown::parse(
        "# Huawei in Moscow\n\n- Xi Jinping met Vladimir Putin in May 2015.\n- \
         > President Putin said Huawei[^1] grew.\n\n| Who | Where |\n|---|---|\n| Huawei | \
         Moscow |\n\n[^1]: Huawei Technologies, Shenzhen.\n"
            .to_owned(),
    ));
    assert!(docs.len() >= 9);
    for doc in &docs {
        let scan = rec().scan_blocks(doc, 0..doc.blocks.len());
        let mut ranges: Vec<(u32, u32)> = scan
            .items
            .iter()
            .map(|r| (r.start, r.end))
            .chain(scan.bare.iter().map(|[s, e]| (s, e)))
            .collect();
        let n = ranges.len();
        assert!(n > 10, "{n} candidates");
        ranges.sort_unstable();
        ranges.dedup();
        assert_eq!(ranges.len(), n, "a range twice in {:?}", doc.title());
    }
}

#[test]
fn packed_offsets_give_back_what_was_pushed_in_any_order() {
    let pairs = [
        [5u32, 9],
        [0, 3],
        [70_000, 70_012],
        [70_000, 70_000],
        [4_000_000_000, 4_000_000_007],
    ];
    let mut a = Packed::default();
    for [s, e] in pairs {
        a.push(s, e);
    }
    assert_eq!(a.len(), 5);
    assert_eq!(a.iter().collect::<Vec<_>>(), pairs);
    // appended after another run of offsets, each keeps its place
    let mut b = Packed::default();
    b.push(1, 2);
    b.append(&a);
    assert_eq!(b.iter().skip(1).collect::<Vec<_>>(), pairs);
    assert!(Packed::default().is_empty());
}
