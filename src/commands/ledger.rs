//! The ledger from the shell: keeping it current and reading it for the commands.
//!
//! [`refresh`] recomputes the stale articles (new to the library, a changed text, or rows
//! computed under another entities.toml: see [`crate::core::doc::ledger::stamp`]) from the
//! texts the library keeps, on every core, and stores them in batches; on a current ledger it
//! is one query and reads no text. [`watched_by_article`] matches the watch-list against the
//! stored names, so editing the watch-list recomputes nothing. `gloss entities --all` prints
//! the ledger ([`run_all`]).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;

use crate::commands::export_all::parse_stored;
use crate::core::app::library::{EntityArticleLine, EntityLine};
use crate::core::doc::entities::watch::WatchEntry;
use crate::core::doc::export::escape_unsafe_json;
use crate::core::doc::ledger::{
    ArticleEntities, article_entities, co_mentions, name_key, stamp, watching_keys,
};
use crate::core::doc::sanitize::one_line;
use crate::store::Store;
use crate::store::ledger::{LedgerEntity, LedgerRow};
use crate::user_entities::Loaded;

/// How many articles are recomputed and stored per transaction.
const BATCH: usize = 64;

/// How many co-mentioned entities `with` lists.
pub const WITH: usize = 5;

/// Brings the ledger up to date with the library and the user's entities; returns how many
/// articles were recomputed. A read-only database is left as it is (its ledger may lag).
pub fn refresh(store: &mut Store, user: &Loaded, quiet: bool) -> anyhow::Result<usize> {
    if store.read_only().is_some() {
        return Ok(0);
    }
    let stamp = stamp(user.entities.as_ref());
    let stale = store.ledger_stale(&stamp)?;
    if stale.is_empty() {
        return Ok(0);
    }
    let recognizer = user.recognizer();
    let bar = (!quiet && stale.len() > BATCH && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(u64::try_from(stale.len()).unwrap_or(u64::MAX));
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "updating the entity ledger {bar:30} {pos}/{len} articles",
        ) {
            bar.set_style(style);
        }
        bar
    });
    for chunk in stale.chunks(BATCH) {
        let mut texts = Vec::with_capacity(chunk.len());
        for &id in chunk {
            if let Some(t) = store.stored_text(id)? {
                texts.push((id, t));
            }
        }
        let computed = parallel(&texts, |(id, t)| {
            let doc = parse_stored(t.text.clone(), &t.format);
            (
                *id,
                t.fingerprint.clone(),
                article_entities(&doc, &recognizer),
            )
        });
        store.put_ledger(&stamp, &computed)?;
        if let Some(bar) = &bar {
            bar.inc(u64::try_from(chunk.len()).unwrap_or(0));
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    store.prune_ledger()?;
    Ok(stale.len())
}

/// Stores what `gloss add` or the reader computed for one article just put in the library.
pub fn record(
    store: &mut Store,
    user: &Loaded,
    article: i64,
    fingerprint: &str,
    found: ArticleEntities,
) -> anyhow::Result<()> {
    let stamp = stamp(user.entities.as_ref());
    store.put_ledger(&stamp, &[(article, fingerprint.to_owned(), found)])
}

/// `f` over `items` on every core, results in input order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    if let Ok(mut v) = out.lock() {
                        v.push((i, r));
                    }
                }
            });
        }
    });
    let mut v = out.into_inner().unwrap_or_default();
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, r)| r).collect()
}

/// Per article, each watch entry it mentions and how many times (watch-list order).
pub fn watched_by_article(
    store: &Store,
    watch: &[WatchEntry],
) -> anyhow::Result<HashMap<i64, Vec<(String, usize)>>> {
    let mut out: HashMap<i64, Vec<(String, usize)>> = HashMap::new();
    if watch.is_empty() {
        return Ok(out);
    }
    let names = store.ledger_names()?;
    let mut canonical_keys: HashMap<i64, String> = HashMap::new();
    let mut counts: HashMap<i64, Vec<usize>> = HashMap::new();
    for row in store.ledger_rows()? {
        let Some((canonical, kind)) = names.get(&row.entity) else {
            continue;
        };
        let mut keys = vec![
            canonical_keys
                .entry(row.entity)
                .or_insert_with(|| name_key(canonical))
                .clone(),
        ];
        keys.extend(row.aliases.iter().map(|a| name_key(a)));
        for w in watching_keys(watch, kind, &keys) {
            let c = counts
                .entry(row.article)
                .or_insert_with(|| vec![0; watch.len()]);
            if let Some(n) = c.get_mut(w) {
                *n += row.mentions;
            }
        }
    }
    for (article, c) in counts {
        let list = watch
            .iter()
            .zip(c)
            .filter(|(_, n)| *n > 0)
            .map(|(w, n)| (w.name.clone(), n))
            .collect();
        out.insert(article, list);
    }
    Ok(out)
}

/// One entity of `gloss entities --all --json` (field order is the documented one).
#[derive(serde::Serialize)]
struct JsonEntity<'a> {
    canonical: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    aliases: Vec<&'a str>,
    articles: Vec<JsonArticle<'a>>,
    mentions: usize,
    first: Option<&'a str>,
    last: Option<&'a str>,
    with: Vec<&'a str>,
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    entities: Vec<JsonEntity<'a>>,
}

#[derive(serde::Serialize)]
struct JsonArticle<'a> {
    id: i64,
    title: Option<&'a str>,
    date: Option<&'a str>,
    mentions: usize,
}

/// `gloss entities --all [--type T] [--json]`.
pub fn run_all(
    store: &mut Store,
    user: &Loaded,
    kind: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    refresh(store, user, false)?;
    let crate::store::ledger::LedgerTotals {
        entities,
        pairs,
        dates,
    } = store.ledger_totals()?;
    // the articles, aliases and titles only for JSON: the table needs none of them
    let rows = if json {
        store.ledger_rows()?
    } else {
        Vec::new()
    };
    let library: Titles = if json {
        store
            .library(false)?
            .into_iter()
            .map(|e| (e.id, (e.title, e.date)))
            .collect()
    } else {
        Titles::new()
    };
    let by_id: HashMap<i64, &LedgerEntity> = entities.iter().map(|e| (e.id, e)).collect();
    let mut of_entity: HashMap<i64, Vec<&LedgerRow>> = HashMap::new();
    for r in &rows {
        of_entity.entry(r.entity).or_default().push(r);
    }
    let with = co_mentions(&pairs, WITH);
    let wanted = |e: &&LedgerEntity| kind.is_none_or(|k| e.kind.eq_ignore_ascii_case(k));
    let mut out = String::new();
    if json {
        let items: Vec<JsonEntity<'_>> = entities
            .iter()
            .filter(wanted)
            .map(|e| {
                let rows = of_entity.get(&e.id).map_or(&[][..], Vec::as_slice);
                let aliases: BTreeSet<&str> = rows
                    .iter()
                    .flat_map(|r| r.aliases.iter().map(String::as_str))
                    .filter(|a| *a != e.canonical)
                    .collect();
                let mut articles = json_articles(rows, &library, &dates);
                articles.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
                JsonEntity {
                    canonical: &e.canonical,
                    kind: &e.kind,
                    aliases: aliases.into_iter().collect(),
                    articles,
                    mentions: e.mentions,
                    first: e.first.as_deref(),
                    last: e.last.as_deref(),
                    with: with_names(&with, &by_id, e.id),
                }
            })
            .collect();
        let text = serde_json::to_string(&JsonOut { entities: items })?;
        out = escape_unsafe_json(&text);
        out.push('\n');
    } else {
        let _ = writeln!(
            out,
            "{:<8} {:>8} {:>8}  {:<10}  {:<10}  ENTITY (WITH)",
            "TYPE", "ARTICLES", "MENTIONS", "FIRST", "LAST"
        );
        for e in entities.iter().filter(wanted) {
            let _ = write!(
                out,
                "{:<8} {:>8} {:>8}  {:<10}  {:<10}  {}",
                one_line(&e.kind),
                e.articles,
                e.mentions,
                e.first.as_deref().unwrap_or("-"),
                e.last.as_deref().unwrap_or("-"),
                one_line(&e.canonical)
            );
            let with: Vec<String> = with_names(&with, &by_id, e.id)
                .into_iter()
                .map(one_line)
                .collect();
            if !with.is_empty() {
                let _ = write!(out, "  (with {})", with.join(", "));
            }
            out.push('\n');
        }
        if entities.is_empty() {
            out.push_str("no entities in the library (add articles with `gloss add`)\n");
        }
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Titles and publication dates of library articles.
type Titles = HashMap<i64, (Option<String>, Option<String>)>;

fn json_articles<'a>(
    rows: &[&'a LedgerRow],
    library: &'a Titles,
    dates: &'a HashMap<i64, Option<String>>,
) -> Vec<JsonArticle<'a>> {
    rows.iter()
        .map(|r| {
            let (title, published) = library
                .get(&r.article)
                .map_or((None, None), |(t, d)| (t.as_deref(), d.as_deref()));
            JsonArticle {
                id: r.article,
                title,
                date: dates
                    .get(&r.article)
                    .and_then(Option::as_deref)
                    .or(published),
                mentions: r.mentions,
            }
        })
        .collect()
}

fn with_names<'a>(
    with: &HashMap<u32, Vec<u32>>,
    by_id: &HashMap<i64, &'a LedgerEntity>,
    id: i64,
) -> Vec<&'a str> {
    u32::try_from(id)
        .ok()
        .and_then(|id| with.get(&id))
        .map(|ids| {
            ids.iter()
                .filter_map(|b| by_id.get(&i64::from(*b)))
                .map(|e| e.canonical.as_str())
                .collect()
        })
        .unwrap_or_default()
}

/// The Entities view's list: the ledger brought up to date, each entity with its top
/// co-mentioned entities.
pub fn entity_lines(store: &mut Store, user: &Loaded) -> anyhow::Result<Vec<EntityLine>> {
    refresh(store, user, true)?;
    let totals = store.ledger_totals()?;
    let (entities, with) = (totals.entities, co_mentions(&totals.pairs, WITH));
    let by_id: HashMap<i64, &LedgerEntity> = entities.iter().map(|e| (e.id, e)).collect();
    Ok(entities
        .iter()
        .map(|e| EntityLine {
            id: e.id,
            canonical: e.canonical.clone(),
            kind: e.kind.clone(),
            articles: e.articles,
            mentions: e.mentions,
            first: e.first.clone().unwrap_or_default(),
            last: e.last.clone().unwrap_or_default(),
            with: with_names(&with, &by_id, e.id)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        })
        .collect())
}

/// The articles of one entity for the Entities view, newest first.
pub fn entity_article_lines(store: &Store, entity: i64) -> anyhow::Result<Vec<EntityArticleLine>> {
    Ok(store
        .entity_articles(entity)?
        .into_iter()
        .map(|a| EntityArticleLine {
            id: a.id,
            title: a.title.unwrap_or_else(|| format!("article {}", a.id)),
            date: a.date.unwrap_or_default(),
            mentions: a.mentions,
            first: a.spans.first().map_or(0, |r| r.start),
        })
        .collect())
}
