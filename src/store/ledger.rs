//! The ledger in the database (schema v5): per library article, its linked entities with their
//! mention counts, aliases and mention ranges, so the library's entity views and
//! `gloss entities --all` read rows and never re-read or re-recognise a text.
//!
//! `ledger_articles` says for which text (`fingerprint`) and under which recognition
//! (`stamp`, see [`crate::core::doc::ledger::stamp`]) an article's rows were computed; an
//! article whose library text or stamp differs is stale ([`Store::ledger_stale`]) and the shell
//! recomputes it. Entity names are interned (`ledger_names`), so the rows the list aggregates
//! are three integers read from one covering index.

use std::collections::HashMap;

use rusqlite::params;

use super::{Store, classify, to_i64};
use crate::core::doc::ledger::{ArticleEntities, decode_spans, encode_spans};

/// The v5 migration: empty tables; every article is stale until computed.
pub const MIGRATION_V5: &str = "
CREATE TABLE ledger_articles (
    article_id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    stamp TEXT NOT NULL,
    date TEXT);
CREATE TABLE ledger_names (
    id INTEGER PRIMARY KEY,
    canonical TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (canonical, kind));
CREATE TABLE ledger (
    entity INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    spans TEXT NOT NULL DEFAULT '');
CREATE UNIQUE INDEX ledger_article ON ledger(article_id, entity);
CREATE INDEX ledger_entity ON ledger(entity, article_id, mentions);
";

/// One entity across the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntity {
    pub id: i64,
    pub canonical: String,
    /// Its type label (`PERSON`, `GPE`, …).
    pub kind: String,
    /// Library articles that mention it, and its mentions in them.
    pub articles: usize,
    pub mentions: usize,
    /// Earliest and latest publication dates (ISO) of its articles that have one.
    pub first: Option<String>,
    pub last: Option<String>,
}

/// One entity in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub entity: i64,
    pub article: i64,
    pub mentions: usize,
    pub aliases: Vec<String>,
}

/// One article of an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityArticle {
    pub id: i64,
    pub title: Option<String>,
    /// ISO publication date when it parses, else as written.
    pub date: Option<String>,
    pub mentions: usize,
    /// Byte ranges of the mentions in the article's stored text, in text order.
    pub spans: Vec<std::ops::Range<usize>>,
}

/// One article's row of an entity while it is assembled: id, mentions, aliases, spans.
type Merged<'a> = (i64, usize, Vec<&'a str>, Vec<std::ops::Range<usize>>);

/// The current ledger read in one pass (see [`Store::ledger_totals`]).
#[derive(Debug, Default)]
pub struct LedgerTotals {
    /// Most articles first, then most mentions, then by name.
    pub entities: Vec<LedgerEntity>,
    /// The entities of each current article (co-mentions), dates and numbers left out.
    pub pairs: Vec<Vec<u32>>,
    /// Current article → its ISO publication date.
    pub dates: HashMap<i64, Option<String>>,
}

/// Types whose co-mentions say nothing about an entity ("with today").
fn left_out_of_pairs(kind: &str) -> bool {
    matches!(
        kind,
        "DATE" | "TIME" | "CARDINAL" | "ORDINAL" | "MONEY" | "PERCENT" | "QUANTITY"
    )
}

/// Articles, mentions, first and last date of an entity while the ledger is summed.
type Sums<'a> = (usize, usize, Option<&'a str>, Option<&'a str>);

fn to_usize(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

impl Store {
    /// Library articles (not archived, with a stored text) whose ledger rows are missing or
    /// were computed from another text or under another `stamp`.
    pub fn ledger_stale(&self, stamp: &str) -> anyhow::Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT l.article_id FROM library l
                 JOIN library_texts t ON t.article_id = l.article_id
                 LEFT JOIN ledger_articles a ON a.article_id = l.article_id
                 WHERE l.archived = 0 AND (a.article_id IS NULL
                   OR a.fingerprint != l.fingerprint OR a.stamp != ?1)
                 ORDER BY l.article_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![stamp], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<i64>>>()
            .map_err(|e| self.err(e))?)
    }

    /// Stores the entities of articles computed from texts with these fingerprints, in one
    /// transaction; an article whose library text changed meanwhile is skipped (still stale).
    pub fn put_ledger(
        &mut self,
        stamp: &str,
        batch: &[(i64, String, ArticleEntities)],
    ) -> anyhow::Result<()> {
        let path = self.path.clone();
        let sq = |e| classify(&path, e);
        let tx = self.write_tx()?;
        {
            let mut current = tx
                .prepare_cached("SELECT fingerprint FROM library WHERE article_id = ?1")
                .map_err(sq)?;
            let mut clear = tx
                .prepare_cached("DELETE FROM ledger WHERE article_id = ?1")
                .map_err(sq)?;
            let mut article = tx
                .prepare_cached(
                    "INSERT INTO ledger_articles (article_id, fingerprint, stamp, date)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT(article_id) DO UPDATE SET
                     fingerprint = excluded.fingerprint, stamp = excluded.stamp,
                     date = excluded.date",
                )
                .map_err(sq)?;
            let mut name = tx
                .prepare_cached(
                    "INSERT INTO ledger_names (canonical, kind) VALUES (?1, ?2)
                     ON CONFLICT(canonical, kind) DO UPDATE SET kind = kind RETURNING id",
                )
                .map_err(sq)?;
            let mut row = tx
                .prepare_cached(
                    "INSERT INTO ledger (entity, article_id, mentions, aliases, spans)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(sq)?;
            for (id, fingerprint, found) in batch {
                let now: Option<String> = current
                    .query_row(params![id], |r| r.get(0))
                    .map(Some)
                    .or_else(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => Ok(None),
                        e => Err(e),
                    })
                    .map_err(sq)?;
                if now.as_deref() != Some(fingerprint.as_str()) {
                    continue;
                }
                clear.execute(params![id]).map_err(sq)?;
                article
                    .execute(params![id, fingerprint, stamp, found.date])
                    .map_err(sq)?;
                // two entities of one article never share a name and type; should linking
                // ever make two, they are one row here, their mentions together
                let mut merged: Vec<Merged<'_>> = Vec::with_capacity(found.entities.len());
                for e in &found.entities {
                    let entity: i64 = name
                        .query_row(params![e.canonical, e.kind.label()], |r| r.get(0))
                        .map_err(sq)?;
                    let aliases = e.aliases.iter().map(String::as_str);
                    if let Some(m) = merged.iter_mut().find(|m| m.0 == entity) {
                        m.1 += e.count();
                        m.2.extend(aliases);
                        m.3.extend(e.mentions.iter().cloned());
                        m.3.sort_by_key(|r| r.start);
                    } else {
                        merged.push((entity, e.count(), aliases.collect(), e.mentions.clone()));
                    }
                }
                for (entity, count, mut aliases, spans) in merged {
                    aliases.sort_unstable();
                    aliases.dedup();
                    let aliases = serde_json::to_string(&aliases).unwrap_or_else(|_| "[]".into());
                    row.execute(params![
                        entity,
                        id,
                        to_i64(count),
                        aliases,
                        encode_spans(&spans)
                    ])
                    .map_err(sq)?;
                }
            }
        }
        tx.commit().map_err(sq)?;
        Ok(())
    }

    /// Forgets the ledger rows of articles no longer in the library.
    pub fn prune_ledger(&self) -> anyhow::Result<()> {
        self.writable()?;
        self.conn
            .execute_batch(
                "DELETE FROM ledger WHERE article_id NOT IN (SELECT article_id FROM library);
                 DELETE FROM ledger_articles
                   WHERE article_id NOT IN (SELECT article_id FROM library);",
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Every entity of the current ledger (library articles not archived, rows of their
    /// current text), most articles first, then most mentions, then by name; and its (entity,
    /// article) pairs grouped by article (for co-mentions), from one pass over its rows: the
    /// library-wide views need both, and on ten thousand articles each pass is tens of
    /// milliseconds.
    pub fn ledger_totals(&self) -> anyhow::Result<LedgerTotals> {
        let dates = self.ledger_dates()?;
        let names = self.ledger_names()?;
        let mut sums: HashMap<i64, Sums<'_>> = HashMap::new();
        let mut pairs: Vec<Vec<u32>> = Vec::new();
        let mut pairs_of: HashMap<i64, usize> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT entity, article_id, mentions FROM ledger")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let (entity, article, n): (i64, i64, i64) = (
                r.get(0).map_err(|e| self.err(e))?,
                r.get(1).map_err(|e| self.err(e))?,
                r.get(2).map_err(|e| self.err(e))?,
            );
            let Some(date) = dates.get(&article) else {
                continue;
            };
            let s = sums.entry(entity).or_default();
            s.0 += 1;
            s.1 += to_usize(n);
            if let Some(d) = date.as_deref() {
                s.2 = Some(s.2.map_or(d, |f| f.min(d)));
                s.3 = Some(s.3.map_or(d, |l| l.max(d)));
            }
            if names
                .get(&entity)
                .is_some_and(|(_, kind)| !left_out_of_pairs(kind))
            {
                let i = *pairs_of.entry(article).or_insert_with(|| {
                    pairs.push(Vec::new());
                    pairs.len() - 1
                });
                if let Some(v) = pairs.get_mut(i) {
                    v.push(u32::try_from(entity).unwrap_or(u32::MAX));
                }
            }
        }
        let mut entities: Vec<LedgerEntity> = sums
            .iter()
            .filter_map(|(id, (articles, mentions, first, last))| {
                let (canonical, kind) = names.get(id)?;
                Some(LedgerEntity {
                    id: *id,
                    canonical: canonical.clone(),
                    kind: kind.clone(),
                    articles: *articles,
                    mentions: *mentions,
                    first: first.map(str::to_owned),
                    last: last.map(str::to_owned),
                })
            })
            .collect();
        entities.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| a.canonical.cmp(&b.canonical))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        Ok(LedgerTotals {
            entities,
            pairs,
            dates,
        })
    }

    /// Entity id → (canonical name, type label), for every name the ledger has ever held.
    pub fn ledger_names(&self) -> anyhow::Result<HashMap<i64, (String, String)>> {
        let mut names = self
            .conn
            .prepare_cached("SELECT id, canonical, kind FROM ledger_names")
            .map_err(|e| self.err(e))?;
        let rows = names
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .map_err(|e| self.err(e))?;
        Ok(rows
            .collect::<rusqlite::Result<HashMap<i64, (String, String)>>>()
            .map_err(|e| self.err(e))?)
    }

    /// Current ledger articles (in the library, not archived, rows of their current text) and
    /// their ISO publication dates.
    pub fn ledger_dates(&self) -> anyhow::Result<HashMap<i64, Option<String>>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.article_id, a.date FROM ledger_articles a
                 JOIN library l ON l.article_id = a.article_id
                 WHERE l.archived = 0 AND l.fingerprint = a.fingerprint",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        Ok(rows
            .collect::<rusqlite::Result<HashMap<i64, Option<String>>>>()
            .map_err(|e| self.err(e))?)
    }

    /// Every row of the current ledger with its aliases (for `--json` and watch-lists).
    pub fn ledger_rows(&self) -> anyhow::Result<Vec<LedgerRow>> {
        let current = self.ledger_dates()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT entity, article_id, mentions, aliases FROM ledger")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let aliases: String = r.get(3)?;
                Ok(LedgerRow {
                    entity: r.get(0)?,
                    article: r.get(1)?,
                    mentions: to_usize(r.get(2)?),
                    aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            let r = r.map_err(|e| self.err(e))?;
            if current.contains_key(&r.article) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The articles that mention `entity`, newest first (undated last), with the mentions.
    pub fn entity_articles(&self, entity: i64) -> anyhow::Result<Vec<EntityArticle>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT l.article_id, l.title, coalesce(a.date, l.published), g.mentions, g.spans
                 FROM ledger g JOIN ledger_articles a ON a.article_id = g.article_id
                 JOIN library l ON l.article_id = g.article_id
                 WHERE g.entity = ?1 AND l.archived = 0 AND l.fingerprint = a.fingerprint
                 ORDER BY a.date IS NULL, a.date DESC, l.article_id DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![entity], |r| {
                let spans: String = r.get(4)?;
                Ok(EntityArticle {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    date: r.get(2)?,
                    mentions: to_usize(r.get(3)?),
                    spans: decode_spans(&spans),
                })
            })
            .map_err(|e| self.err(e))?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?)
    }

    /// Per current ledger article, the mention ranges of its entities of type `kind` (all of
    /// them together, in text order), by article id.
    pub fn ledger_spans(
        &self,
        kind: &str,
    ) -> anyhow::Result<Vec<(i64, Vec<std::ops::Range<usize>>)>> {
        let current = self.ledger_dates()?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT g.article_id, g.spans FROM ledger g
                 JOIN ledger_names n ON n.id = g.entity
                 WHERE n.kind = ?1 ORDER BY g.article_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![kind], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut out: Vec<(i64, Vec<std::ops::Range<usize>>)> = Vec::new();
        for r in rows {
            let (article, spans) = r.map_err(|e| self.err(e))?;
            if !current.contains_key(&article) {
                continue;
            }
            match out.last_mut() {
                Some((a, v)) if *a == article => v.extend(decode_spans(&spans)),
                _ => out.push((article, decode_spans(&spans))),
            }
        }
        for (_, v) in &mut out {
            v.sort_by_key(|r| r.start);
        }
        Ok(out)
    }

    /// Fingerprints of the texts whose ledger rows are current under `stamp`: `gloss add`
    /// recognises none of these again.
    pub fn ledger_fingerprints(
        &self,
        stamp: &str,
    ) -> anyhow::Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT fingerprint FROM ledger_articles WHERE stamp = ?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![stamp], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(rows
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?)
    }
}
