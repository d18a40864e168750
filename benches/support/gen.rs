//! In-memory generator of large, realistic articles for the benchmarks (a Rust twin of
//! `scripts/gen_large_doc.py`, deterministic and dependency-free so benches need no files).

use std::fmt::Write;

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "this",
    "are",
    "or",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "they",
    "government",
    "military",
    "technology",
    "cooperation",
    "research",
    "development",
    "strategic",
    "partnership",
    "innovation",
    "industry",
    "economic",
    "ministry",
    "agreement",
    "science",
    "program",
    "artificial",
    "intelligence",
    "network",
    "security",
    "defense",
    "market",
    "policy",
    "region",
    "university",
    "engineers",
    "capabilities",
    "systems",
    "production",
    "investment",
    "relationship",
    "café",
    "日本語",
    "🚀",
    "—",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0)
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.next() % WORDS.len()]
    }
}

/// About `size` bytes of Markdown: headings, paragraphs with inline styles, lists, quotes,
/// code and tables.
pub fn markdown(size: usize) -> String {
    let mut r = Lcg(7);
    let mut s = String::with_capacity(size + 1024);
    s.push_str("# A Large Generated Article\n\n");
    let mut n = 0usize;
    while s.len() < size {
        match if n.is_multiple_of(40) {
            100
        } else {
            r.next() % 100
        } {
            0..=64 => {
                let words = 40 + r.next() % 80;
                for i in 0..words {
                    let w = r.word();
                    match r.next() % 40 {
                        0 => {
                            let _ = write!(s, "*{w}*");
                        }
                        1 => {
                            let _ = write!(s, "**{w}**");
                        }
                        2 => {
                            let _ = write!(s, "`{w}`");
                        }
                        3 => {
                            let _ = write!(s, "[{w}](https://example.com/{w})");
                        }
                        _ => s.push_str(w),
                    }
                    s.push_str(if i % 12 == 11 {
                        "\n"
                    } else if i + 1 == words {
                        ".\n\n"
                    } else {
                        " "
                    });
                }
            }
            65..=74 => {
                for i in 0..2 + r.next() % 5 {
                    let _ = write!(s, "{}. ", i + 1);
                    for _ in 0..5 + r.next() % 10 {
                        s.push_str(r.word());
                        s.push(' ');
                    }
                    s.push('\n');
                }
                s.push('\n');
            }
            75..=82 => {
                s.push_str("> ");
                for _ in 0..20 + r.next() % 30 {
                    s.push_str(r.word());
                    s.push(' ');
                }
                s.push_str("\n\n");
            }
            83..=90 => {
                s.push_str("```rust\n");
                for i in 0..2 + r.next() % 10 {
                    let _ = writeln!(
                        s,
                        "    let {}_{i} = compute({});",
                        r.word(),
                        r.next() % 1000
                    );
                }
                s.push_str("```\n\n");
            }
            91..=95 => {
                s.push_str("| Name | Value | Note |\n|---|--:|:-:|\n");
                for _ in 0..2 + r.next() % 6 {
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} {} |",
                        r.word(),
                        r.next() % 10_000,
                        r.word(),
                        r.word()
                    );
                }
                s.push('\n');
            }
            _ => {
                s.push_str("## ");
                for _ in 0..2 + r.next() % 5 {
                    s.push_str(r.word());
                    s.push(' ');
                }
                s.push_str("\n\n");
            }
        }
        n += 1;
    }
    s
}

/// About `size` bytes of hard-wrapped plain text with title-like lines.
pub fn plain(size: usize) -> String {
    let mut r = Lcg(11);
    let mut s = String::with_capacity(size + 1024);
    s.push_str("A Large Generated Article\n\nOctober 4, 2019 Ada Lovelace Example Press\n\n");
    let mut n = 0usize;
    while s.len() < size {
        if n.is_multiple_of(30) {
            s.push_str("Section Heading Words\n\n");
        }
        let mut col = 0;
        for _ in 0..40 + r.next() % 80 {
            let w = r.word();
            if col + w.len() > 72 {
                s.push('\n');
                col = 0;
            } else if col > 0 {
                s.push(' ');
                col += 1;
            }
            s.push_str(w);
            col += w.len();
        }
        s.push_str(".\n\n");
        n += 1;
    }
    s
}
