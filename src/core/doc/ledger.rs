//! The ledger: which entities appear in which articles of the library, and with whom.
//!
//! Pure: what one article contributes ([`article_entities`], the linked entities that
//! `gloss entities FILE` lists, so the two always agree), the stamp that says with which
//! recognition an article's row was computed ([`stamp`]), and the cross-article sums
//! ([`co_mentions`]). The store keeps the rows (`store::ledger`); the shell decides when to
//! recompute them.
//!
//! User edits reach the ledger through the stamp: it hashes everything in entities.toml that
//! changes what is recognised (added entities, suppressions, custom types) and the recogniser
//! version. A row computed under another stamp is stale and is recomputed from the stored
//! text the next time the ledger is opened. The watch-list is not in the stamp: it is matched
//! against the stored canonicals and aliases when the ledger is read, so `W` costs nothing.

use std::collections::HashMap;
use std::fmt::Write as _;

use sha2::{Digest as _, Sha256};

use super::document::Document;
use super::entities::dates::parse_day;
use super::entities::lexicon::key_of;
use super::entities::watch::WatchEntry;
use super::entities::{Entity, Recognizer, UserEntities, group};

/// Bump when recognition or linking changes in a way stored rows must not outlive.
pub const LEDGER_VERSION: u32 = 1;

/// The entities of one article as the ledger stores them: linked (one per real thing), with
/// their aliases and mention ranges; the publication date as ISO `YYYY-MM-DD` if it parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEntities {
    pub date: Option<String>,
    pub entities: Vec<Entity>,
}

/// Recognises and links the entities of `doc` exactly as `gloss entities FILE` does.
pub fn article_entities(doc: &Document, recognizer: &Recognizer) -> ArticleEntities {
    let mentions = recognizer.recognize_document(doc);
    ArticleEntities {
        date: doc.meta.date.as_deref().and_then(iso_day),
        entities: group(&doc.source, &mentions),
    }
}

/// A publication date as ISO `YYYY-MM-DD`, when it parses as a day.
pub fn iso_day(text: &str) -> Option<String> {
    parse_day(text).map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
}

/// What the ledger rows depend on besides the text: the recogniser's version and the user's
/// recognition edits (not the watch-list). Hex SHA-256, first 16 bytes.
pub fn stamp(user: Option<&UserEntities>) -> String {
    let mut desc = format!(
        "gloss {} ledger {LEDGER_VERSION}\n",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(u) = user {
        for e in &u.entities {
            let _ = writeln!(
                desc,
                "entity\t{}\t{}\t{}",
                e.name,
                e.kind,
                e.aliases.join("\t")
            );
        }
        for n in &u.not_entities {
            let _ = writeln!(desc, "not\t{n}");
        }
        for t in &u.types {
            let _ = writeln!(desc, "type\t{}", t.name);
        }
    }
    Sha256::digest(desc.as_bytes())
        .iter()
        .take(16)
        .fold(String::with_capacity(32), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The key a watch-list compares names by (the recogniser's normal form, lower-cased).
pub fn name_key(name: &str) -> String {
    key_of(name).0.to_lowercase()
}

/// The watch entries (indexes into `watch`) that watch an entity of type `kind` whose names
/// (canonical and aliases) have these [`name_key`]s: [`WatchEntry::matches`] on stored rows.
pub fn watching_keys(watch: &[WatchEntry], kind: &str, keys: &[String]) -> Vec<usize> {
    watch
        .iter()
        .enumerate()
        .filter(|(_, w)| w.kind.as_ref().is_none_or(|k| k.label() == kind))
        .filter(|(_, w)| {
            std::iter::once(&w.name)
                .chain(&w.aliases)
                .any(|n| keys.contains(&name_key(n)))
        })
        .map(|(i, _)| i)
        .collect()
}

/// Mention ranges in the compact form the store keeps (`start:end,start:end`).
pub fn encode_spans(spans: &[std::ops::Range<usize>]) -> String {
    let mut s = String::with_capacity(spans.len() * 12);
    for (i, r) in spans.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{}:{}", r.start, r.end);
    }
    s
}

/// The inverse of [`encode_spans`]; malformed parts are skipped.
pub fn decode_spans(s: &str) -> Vec<std::ops::Range<usize>> {
    s.split(',')
        .filter_map(|p| {
            let (a, b) = p.split_once(':')?;
            Some(a.parse().ok()?..b.parse().ok()?)
        })
        .collect()
}

/// For each entity id, the ids of the entities that share most articles with it (most first,
/// ties by id), at most `top` of them. `articles` lists the entity ids of each article.
///
/// Ids are renumbered densely and counted in one reused array, so the cost is the sum over
/// articles of (entities in it)² simple increments — tens of milliseconds for 10,000 articles.
pub fn co_mentions(articles: &[Vec<u32>], top: usize) -> HashMap<u32, Vec<u32>> {
    let mut dense: HashMap<u32, u32> = HashMap::new();
    let mut ids: Vec<u32> = Vec::new();
    let mut lists: Vec<Vec<u32>> = Vec::with_capacity(articles.len());
    for a in articles {
        let mut list: Vec<u32> = a
            .iter()
            .map(|&id| {
                *dense.entry(id).or_insert_with(|| {
                    ids.push(id);
                    u32::try_from(ids.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect();
        list.sort_unstable();
        list.dedup();
        lists.push(list);
    }
    let mut of_entity: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
    for (i, list) in lists.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        for &e in list {
            if let Some(v) = of_entity.get_mut(e as usize) {
                v.push(i);
            }
        }
    }
    let mut counts = vec![0u32; ids.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut out = HashMap::with_capacity(ids.len());
    for (x, arts) in of_entity.iter().enumerate() {
        for &a in arts {
            for &y in lists.get(a as usize).map_or(&[][..], Vec::as_slice) {
                if y as usize == x {
                    continue;
                }
                if let Some(c) = counts.get_mut(y as usize) {
                    if *c == 0 {
                        touched.push(y);
                    }
                    *c += 1;
                }
            }
        }
        let id = |d: u32| ids.get(d as usize).copied().unwrap_or(u32::MAX);
        let count = |d: u32| counts.get(d as usize).copied().unwrap_or(0);
        touched.sort_unstable_by(|&p, &q| count(q).cmp(&count(p)).then(id(p).cmp(&id(q))));
        let best: Vec<u32> = touched.iter().take(top).map(|&d| id(d)).collect();
        for &d in &touched {
            if let Some(c) = counts.get_mut(d as usize) {
                *c = 0;
            }
        }
        touched.clear();
        if !best.is_empty() {
            out.insert(id(u32::try_from(x).unwrap_or(u32::MAX)), best);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::doc::entities::EntityKind;
    use crate::core::doc::entities::user::UserEntity;

    #[test]
    fn spans_round_trip() {
        let spans = vec![0..5, 17..29, 100..104];
        assert_eq!(encode_spans(&spans), "0:5,17:29,100:104");
        assert_eq!(decode_spans(&encode_spans(&spans)), spans);
        assert!(decode_spans("").is_empty());
        assert_eq!(decode_spans("1:2,x,3:4"), vec![1..2, 3..4]);
    }

    #[test]
    fn the_stamp_changes_with_recognition_edits_but_not_with_the_watch_list() {
        let none = stamp(None);
        let mut user = UserEntities::default();
        assert_eq!(stamp(Some(&user)), none);
        user.watch
            .push(crate::core::doc::entities::watch::WatchEntry::new(
                "Huawei", None,
            ));
        assert_eq!(stamp(Some(&user)), none, "watching recomputes nothing");
        user.entities.push(UserEntity {
            name: "Kubernetes".into(),
            kind: EntityKind::Custom("TECH".into()),
            aliases: vec![],
        });
        let added = stamp(Some(&user));
        assert_ne!(added, none);
        user.not_entities.push("Defense One".into());
        assert_ne!(stamp(Some(&user)), added);
        assert_eq!(none.len(), 32);
    }

    #[test]
    fn watching_stored_names_agrees_with_watching_entities() {
        let huawei = Entity {
            canonical: "Huawei Technologies".into(),
            kind: EntityKind::Org,
            aliases: vec!["Huawei".into()],
            mentions: std::iter::once(0..6).collect(),
        };
        let watch = vec![
            WatchEntry::new("huawei", Some(EntityKind::Org)),
            WatchEntry::new("Huawei", Some(EntityKind::Person)),
            WatchEntry::new("ZTE", None),
        ];
        let keys: Vec<String> = std::iter::once(&huawei.canonical)
            .chain(&huawei.aliases)
            .map(|n| name_key(n))
            .collect();
        let found = watching_keys(&watch, "ORG", &keys);
        let expected: Vec<usize> = (0..watch.len())
            .filter(|&i| watch[i].matches(&huawei))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found, vec![0]);
    }

    #[test]
    fn co_mentions_rank_by_shared_articles() {
        let articles = vec![vec![1, 2, 3], vec![1, 2], vec![1, 3], vec![1, 2, 4]];
        let with = co_mentions(&articles, 2);
        assert_eq!(with[&1], vec![2, 3]);
        assert_eq!(with[&4], vec![1, 2]);
        assert_eq!(with[&2], vec![1, 3]);
    }

    #[test]
    fn an_article_lists_what_gloss_entities_lists() {
        let doc = crate::core::doc::plaintext::parse(
            "Date: October 4, 2019\n\nThe People's Republic of China and Russia met. China said so."
                .into(),
        );
        let a = article_entities(&doc, &Recognizer::new());
        assert_eq!(a.date.as_deref(), Some("2019-10-04"));
        let china: Vec<_> = a
            .entities
            .iter()
            .filter(|e| e.canonical.contains("China"))
            .collect();
        assert_eq!(china.len(), 1, "{:?}", a.entities);
        assert_eq!(china[0].count(), 2);
    }
}
