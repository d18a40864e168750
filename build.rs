//! Packs the gazetteer phrases into the trie the recogniser searches in place, and front-codes
//! its word lists, at compile time, so the binary embeds them rather than every recogniser
//! building hash maps on the heap (see `src/core/doc/entities/lexicon/packed.rs`). The tokenizer, the packer and the reader are
//! the crate's own files, included by path: one tokenizer and one hash for both sides.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/core/doc/entities/tokens.rs"]
mod tokens;

#[allow(dead_code)]
#[path = "src/core/doc/entities/lexicon/packed.rs"]
mod packed;

#[path = "src/core/doc/entities/lexicon/pack.rs"]
mod pack;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for f in [
        "build.rs",
        "assets/gazetteers/names.tsv",
        "assets/gazetteers/titles.txt",
        "assets/gazetteers/first_names.txt",
        "assets/gazetteers/last_names.txt",
        "assets/gazetteers/words.txt",
        "src/core/doc/entities/tokens.rs",
        "src/core/doc/entities/lexicon/packed.rs",
        "src/core/doc/entities/lexicon/pack.rs",
    ] {
        println!("cargo::rerun-if-changed={f}");
    }
    // Relative relocations packed (DT_RELR, glibc 2.36 and binutils 2.38 on): the dynamic
    // loader otherwise reads a megabyte of 24-byte entries at every start, the largest single
    // part of the reader's memory on a small article after the code itself.
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu")
    {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    let names = std::fs::read_to_string("assets/gazetteers/names.tsv")?;
    let titles = std::fs::read_to_string("assets/gazetteers/titles.txt")?;
    let split = |phrase: &str, out: &mut Vec<(usize, usize, bool)>| {
        let mut toks = Vec::new();
        tokens::tokenize(phrase, 0, &mut toks);
        out.extend(toks.iter().map(|t| (t.start, t.end, t.space)));
    };
    let packing = pack::pack(&names, &titles, &split)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("phrases.bin"), &packing.bytes)?;
    std::fs::write(
        out.join("lower_starts.txt"),
        packing.lower_starts.join("\n"),
    )?;
    for list in ["first_names", "last_names", "words"] {
        let text = std::fs::read_to_string(format!("assets/gazetteers/{list}.txt"))?;
        let coded = pack::front_code(&text).map_err(|e| format!("{list}.txt: {e}"))?;
        std::fs::write(out.join(format!("{list}.fc")), coded)?;
    }
    Ok(())
}
