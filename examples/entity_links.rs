//! Measures canonical linking on the annotated DEV corpus: the share of alias pairs (surname →
//! unique full name, defined acronym → long form, names of one country; built from the gold
//! spans by `link::alias_pairs`) whose two mentions share a canonical, and distinct people merged.
//!
//! `cargo run --release --example entity_links [-- FILE.jsonl] [--errors]` reports it twice:
//! linking the recogniser's own mentions (a pair whose span the recogniser missed counts as a
//! miss) and linking the gold mentions (linking alone).

// Example code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::string_slice,
    clippy::too_many_lines,
    clippy::case_sensitive_file_extension_comparisons
)]

use std::collections::BTreeMap;

use gloss::core::doc::entities::eval::byte_range;
use gloss::core::doc::entities::link::{PairKind, alias_pairs, link};
use gloss::core::doc::entities::{EntityKind, Mention, Recognizer};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = args.iter().any(|a| a == "--errors");
    let path = args
        .iter()
        .find(|a| a.ends_with(".jsonl"))
        .cloned()
        .unwrap_or_else(|| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/entities-dev.jsonl"
            )
            .to_owned()
        });
    let rec = Recognizer::new();
    // (kind, source) → (linked, total)
    let mut tally: BTreeMap<(PairKind, &str), (usize, usize)> = BTreeMap::new();
    let mut merged_people = [0usize; 2];
    for line in std::fs::read_to_string(&path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let doc: serde_json::Value = serde_json::from_str(line)?;
        let id = doc["id"].as_str().unwrap_or("?");
        let text = doc["text"].as_str().unwrap_or("");
        let gold: Vec<Mention> = doc["entities"]
            .as_array()
            .into_iter()
            .flatten()
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
        let pred = rec.recognize(text);
        let pairs = alias_pairs(text, &gold);
        for (n, (source, mentions)) in [("recognised", &pred), ("gold", &gold)]
            .into_iter()
            .enumerate()
        {
            let entities = link(text, mentions);
            let of =
                |r: &std::ops::Range<usize>| entities.iter().position(|e| e.mentions.contains(r));
            for (kind, short, long) in &pairs {
                let ok = of(short).is_some() && of(short) == of(long);
                let t = tally.entry((*kind, source)).or_default();
                t.1 += 1;
                if ok {
                    t.0 += 1;
                } else if errors {
                    println!(
                        "{id} [{source}] {kind:?} {:?} ↛ {:?}",
                        &text[short.clone()],
                        &text[long.clone()]
                    );
                }
            }
            // distinct people: full names neither of which contains the other's words
            for e in &entities {
                let full: Vec<&str> = gold
                    .iter()
                    .filter(|g| g.kind == EntityKind::Person && e.mentions.contains(&g.range))
                    .map(|g| &text[g.range.clone()])
                    .filter(|s| s.contains(' '))
                    .collect();
                for a in &full {
                    for b in &full {
                        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
                        let (wa, wb) = (words(a), words(b));
                        if a < b
                            && !wa.iter().all(|w| wb.contains(w))
                            && !wb.iter().all(|w| wa.contains(w))
                        {
                            merged_people[n] += 1;
                            println!("{id} [{source}] MERGED {a:?} + {b:?}");
                        }
                    }
                }
            }
        }
    }
    for source in ["recognised", "gold"] {
        let (mut ok, mut all) = (0, 0);
        let (mut sa_ok, mut sa_all) = (0, 0);
        for ((kind, s), (k, n)) in &tally {
            if *s != source {
                continue;
            }
            println!("{source:<10} {kind:?}: {k}/{n}");
            ok += k;
            all += n;
            if *kind != PairKind::Country {
                sa_ok += k;
                sa_all += n;
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let rate = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        println!(
            "{source:<10} surname+acronym pairs linked: {sa_ok}/{sa_all} = {:.3}; all pairs {ok}/{all} = {:.3}",
            rate(sa_ok, sa_all),
            rate(ok, all)
        );
    }
    println!(
        "distinct people merged: recognised {}, gold {}",
        merged_people[0], merged_people[1]
    );
    Ok(())
}
