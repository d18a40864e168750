//! Scores the recogniser on the annotated DEV corpus (strict span + type).
//!
//! `cargo run --release --example entity_eval [-- FILE.jsonl] [--errors] [--doc ID]`
//! prints per-type and micro P/R/F1 over the core types, per document and for the seed alone;
//! `--errors` lists false positives and negatives for error analysis; `--speed [--mb N]` times
//! recognition of the texts repeated to N MB; `--dump FILE` writes every prediction (to check
//! that an optimisation changes nothing).

// Test and benchmark code: a failed unwrap is a failed run.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::string_slice
)]
#![allow(
    clippy::too_many_lines,
    clippy::case_sensitive_file_extension_comparisons,
    clippy::format_push_string
)]

use std::time::Instant;

use gloss::core::doc::entities::eval::{Score, byte_range};
use gloss::core::doc::entities::{EntityKind, Mention, Recognizer};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = args.iter().any(|a| a == "--errors");
    let only = args
        .iter()
        .position(|a| a == "--doc")
        .and_then(|i| args.get(i + 1))
        .cloned();
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
    let t0 = Instant::now();
    let rec = Recognizer::new();
    println!(
        "recognizer built in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let mut total = Score::default();
    let mut seed = Score::default();
    let mut texts = Vec::new();
    for line in std::fs::read_to_string(&path)?.lines() {
        let doc: serde_json::Value = serde_json::from_str(line)?;
        let id = doc["id"].as_str().unwrap_or("?").to_owned();
        if only.as_ref().is_some_and(|o| *o != id) {
            continue;
        }
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
        texts.push(text.to_owned());
        let pred = rec.recognize(text);
        let s = Score::of(&gold, &pred);
        let m = s.micro_core();
        println!(
            "{id:<28} P {:.3} R {:.3} F1 {:.3}  (tp {} fp {} fn {})",
            m.precision(),
            m.recall(),
            m.f1(),
            m.tp,
            m.fp,
            m.fn_
        );
        if errors {
            for p in pred.iter().filter(|p| !gold.contains(p)) {
                let near = gold
                    .iter()
                    .find(|g| g.range.start < p.range.end && p.range.start < g.range.end);
                let near = near
                    .map(|g| format!("  (gold {} {:?})", g.kind, &text[g.range.clone()]))
                    .unwrap_or_default();
                println!(
                    "  FP {:<7} {:?}  …{}…{near}",
                    p.kind.label(),
                    &text[p.range.clone()],
                    ctx(text, &p.range)
                );
            }
            for g in gold.iter().filter(|g| !pred.contains(g)) {
                println!(
                    "  FN {:<7} {:?}  …{}…",
                    g.kind.label(),
                    &text[g.range.clone()],
                    ctx(text, &g.range)
                );
            }
        }
        if id.starts_with("seed") {
            seed.add(&s);
        }
        total.add(&s);
    }
    println!(
        "\n{:<8} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
        "type", "P", "R", "F1", "tp", "fp", "fn"
    );
    for (k, c) in &total.by_type {
        println!(
            "{k:<8} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    let m = total.micro_core();
    println!(
        "{:<8} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
        "MICRO",
        m.precision(),
        m.recall(),
        m.f1(),
        m.tp,
        m.fp,
        m.fn_
    );
    let sm = seed.micro_core();
    println!("seed micro-F1 {:.3}   DEV micro-F1 {:.3}", sm.f1(), m.f1());
    if args.iter().any(|a| a == "--speed") {
        let mb = args
            .iter()
            .position(|a| a == "--mb")
            .and_then(|i| args.get(i + 1))
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(20);
        println!(
            "throughput {:.1} MB/s (one core)",
            throughput(&rec, &texts, mb)
        );
    }
    if let Some(out) = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
    {
        // every prediction, for checking that an optimisation changes nothing
        let mut s = String::new();
        for t in &texts {
            for m in rec.recognize(t) {
                s.push_str(&format!(
                    "{} {} {} {:?}\n",
                    m.range.start,
                    m.range.end,
                    m.kind,
                    &t[m.range.clone()]
                ));
            }
            s.push('\n');
        }
        std::fs::write(out, s)?;
    }
    Ok(())
}

fn ctx(text: &str, r: &std::ops::Range<usize>) -> String {
    let mut a = r.start.saturating_sub(40);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (r.end + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    text[a..b].replace('\n', " ")
}

/// Rough single-core throughput over the corpus texts repeated to `mb` MB (`--mb N`, default 20), measured in CPU time
/// of this thread (so other processes on a busy machine do not skew it); the criterion bench is
/// the reference.
fn throughput(rec: &Recognizer, texts: &[String], mb: usize) -> f64 {
    let mut big = String::new();
    while big.len() < mb * 1_000_000 {
        for t in texts {
            big.push_str(t);
            big.push_str("\n\n");
        }
    }
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let n = rec.recognize(&big).len();
    std::hint::black_box(n);
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(c0).map_or(wall, |(a, b)| a - b);
    #[allow(clippy::cast_precision_loss)]
    let mb = big.len() as f64 / 1e6;
    println!("{mb:.1} MB: wall {wall:.2} s, thread CPU {cpu:.2} s");
    mb / cpu.max(1e-9)
}

/// This thread's user+system CPU time from /proc (Linux), in seconds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = stat.rsplit_once(") ")?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
