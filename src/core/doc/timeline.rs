//! Timelines: the sentences of an article that carry a date, in time order.
//!
//! A DATE mention resolved against the article's own date ([`super::entities::dates`]) dates
//! the sentence it stands in; a sentence with two dates appears twice, once at each. Pure: the
//! shell supplies the document and its DATE mentions (recognised now for one file, read from
//! the ledger for the whole library).

use std::cmp::Ordering;
use std::ops::Range;

use super::cursor::sentences;
use super::document::Document;
use super::entities::dates::{DateValue, parse_day, resolve};

/// One dated sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub value: DateValue,
    /// The DATE mention (byte range into the text).
    pub mention: Range<usize>,
    /// The sentence around it (byte range into the text).
    pub sentence: Range<usize>,
}

/// The dated sentences of `doc` for its DATE `mentions`, in time order (then text order).
/// Mentions that do not resolve (durations, vague phrases) are left out.
pub fn dated_sentences(doc: &Document, mentions: &[Range<usize>]) -> Vec<Dated> {
    let published = doc.meta.date.as_deref().and_then(parse_day);
    let sentences = sentences(doc);
    let mut out: Vec<Dated> = mentions
        .iter()
        .filter_map(|m| {
            let value = resolve(doc.source.get(m.clone())?, published)?;
            let i = sentences.partition_point(|s| s.range.end <= m.start);
            let sentence = sentences
                .get(i)
                .filter(|s| s.range.start <= m.start)
                .map_or_else(|| m.clone(), |s| s.range.clone());
            Some(Dated {
                value,
                mention: m.clone(),
                sentence,
            })
        })
        .collect();
    out.sort_by(chronological);
    out
}

/// Time order: [`DateValue::chronological`], then text order.
pub fn chronological(a: &Dated, b: &Dated) -> Ordering {
    a.value
        .chronological(&b.value)
        .then(a.mention.start.cmp(&b.mention.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::doc::plaintext::parse;

    #[test]
    fn sentences_come_in_time_order_with_relative_dates_resolved() {
        let text = "Date: October 4, 2019\n\nThe talks resumed last year. They began in May 2015. \
                    Nothing happened for five years.\n";
        let doc = parse(text.into());
        let find = |w: &str| {
            let s = doc.source.find(w).unwrap();
            s..s + w.len()
        };
        let got = dated_sentences(
            &doc,
            &[find("last year"), find("May 2015"), find("five years")],
        );
        let shown: Vec<(String, &str)> = got
            .iter()
            .map(|d| {
                (
                    d.value.iso(),
                    doc.source.get(d.sentence.clone()).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("2015-05".to_owned(), "They began in May 2015."),
                ("2018".to_owned(), "The talks resumed last year."),
            ]
        );
    }
}
