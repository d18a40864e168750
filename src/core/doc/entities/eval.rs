//! Strict span-and-type scoring of mentions against gold annotations (precision, recall, F1),
//! shared by the `entity_eval` example and the regression test so both compute the same number.

use std::collections::BTreeMap;

use super::{EntityKind, Mention};

/// True/false positive and false negative counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

#[allow(clippy::cast_precision_loss)]
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Per-type counts for one document or a corpus.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub by_type: BTreeMap<String, Counts>,
}

impl Score {
    /// Scores `pred` against `gold` (strict: same byte range and type).
    pub fn of(gold: &[Mention], pred: &[Mention]) -> Self {
        let mut s = Score::default();
        for g in gold {
            let c = s.by_type.entry(g.kind.label().to_owned()).or_default();
            if pred.contains(g) {
                c.tp += 1;
            } else {
                c.fn_ += 1;
            }
        }
        for p in pred {
            if !gold.contains(p) {
                s.by_type.entry(p.kind.label().to_owned()).or_default().fp += 1;
            }
        }
        s
    }
    pub fn add(&mut self, o: &Score) {
        for (k, c) in &o.by_type {
            self.by_type.entry(k.clone()).or_default().add(*c);
        }
    }
    /// Micro-averaged counts over the six core types.
    pub fn micro_core(&self) -> Counts {
        let mut total = Counts::default();
        for k in EntityKind::evaluated() {
            if let Some(c) = self.by_type.get(k.label()) {
                total.add(*c);
            }
        }
        total
    }
}

/// Converts a code-point range into a byte range of `text`.
pub fn byte_range(text: &str, start_cp: usize, end_cp: usize) -> std::ops::Range<usize> {
    let mut idx = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let mut start = text.len();
    let mut end = text.len();
    for (cp, b) in (&mut idx).enumerate() {
        if cp == start_cp {
            start = b;
        }
        if cp == end_cp {
            end = b;
            break;
        }
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_conversion() {
        let g = vec![
            Mention {
                range: 0..2,
                kind: EntityKind::Gpe,
            },
            Mention {
                range: 3..5,
                kind: EntityKind::Org,
            },
        ];
        let p = vec![
            Mention {
                range: 0..2,
                kind: EntityKind::Gpe,
            },
            Mention {
                range: 3..5,
                kind: EntityKind::Person,
            },
        ];
        let s = Score::of(&g, &p);
        let m = s.micro_core();
        assert_eq!((m.tp, m.fp, m.fn_), (1, 1, 1));
        assert!((m.f1() - 0.5).abs() < 1e-9);
        assert_eq!(byte_range("añb c", 2, 3), 3..4);
    }
}
