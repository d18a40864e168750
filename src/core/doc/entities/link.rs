//! One entity per real thing inside an article: links the mentions of one person, organisation
//! or country under one canonical name, without changing any mention's span or type.
//!
//! Mentions are first grouped by type and surface form; rules then join groups — a surname or
//! first name to the one full name it belongs to, a defined acronym to its long form, an
//! organisation's short name to its `… Corporation` form, a country's official, ISO and common
//! names (`assets/gazetteers/countries.tsv`) — each only when the target is unique, so two
//! people sharing a surname stay apart and a bare shared surname stays on its own.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::lexicon::{FxMap, FxSet};
use super::{Entity, EntityKind, Mention, key_at};

const COUNTRIES: &str = include_str!("../../../../assets/gazetteers/countries.tsv");

/// Words after an organisation's short name that do not make it another organisation
/// (`CNA Corporation` is `CNA`).
const ORG_SUFFIXES: &[&str] = &[
    "Corporation",
    "Corp",
    "Corp.",
    "Inc",
    "Inc.",
    "Incorporated",
    "Company",
    "Co",
    "Co.",
    "Ltd",
    "Ltd.",
    "Limited",
    "LLC",
    "LLP",
    "PLC",
    "plc",
    "Group",
    "Holdings",
    "Technologies",
    "Technology",
    "AG",
    "SA",
    "S.A.",
    "GmbH",
    "NV",
    "N.V.",
    "Institution",
];

/// Words an acronym usually skips (`Bank of America` is `BofA` at most, but `NATO` skips none).
const MINOR_WORDS: &[&str] = &[
    "of", "the", "and", "for", "&", "on", "in", "to", "a", "an", "de",
];

/// Country name → (index of the country, its canonical name), built once from the asset.
fn countries() -> &'static FxMap<String, (u32, &'static str)> {
    static MAP: OnceLock<FxMap<String, (u32, &'static str)>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = FxMap::default();
        let lines = COUNTRIES.lines().filter(|l| !l.starts_with('#'));
        for (i, line) in (0u32..).zip(lines) {
            let mut names = line.split('\t');
            let Some(canonical) = names.next() else {
                continue;
            };
            for name in std::iter::once(canonical).chain(names) {
                map.insert(key_at(name, &(0..name.len())), (i, canonical));
            }
        }
        map
    })
}

/// The canonical name of a country known by `name` (`PRC` → `China`), if it is one.
pub fn country_canonical(name: &str) -> Option<&'static str> {
    countries()
        .get(&key_at(name, &(0..name.len())))
        .map(|&(_, c)| c)
}

/// Mentions of one type and surface key while linking.
struct Group {
    kind: EntityKind,
    key: String,
    words: Vec<String>,
    surfaces: Vec<String>,
    ranges: Vec<Range<usize>>,
}

/// Union–find over group indices; the smaller index stays the root, so results do not depend
/// on the order rules run in.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = (a.min(b), a.max(b));
            self.0[hi] = lo;
        }
    }
}

/// Links `mentions` of `text` into entities: one per real thing, named by its most complete
/// form (a country by its common name), the other surface forms as aliases. Sorted by
/// mention count (desc), then name; each entity's mentions are in text order.
pub fn link(text: &str, mentions: &[Mention]) -> Vec<Entity> {
    let mut groups = group_surfaces(text, mentions);
    let mut sets = Sets((0..groups.len()).collect());
    let country = link_countries(&groups, &mut sets);
    link_persons(&groups, &mut sets);
    link_acronyms(text, mentions, &groups, &mut sets);
    link_org_forms(&groups, &mut sets);

    let mut members: FxMap<usize, Vec<usize>> = FxMap::default();
    for i in 0..groups.len() {
        members.entry(sets.find(i)).or_default().push(i);
    }
    let mut roots: Vec<usize> = members.keys().copied().collect();
    roots.sort_unstable();
    let mut out: Vec<Entity> = Vec::with_capacity(roots.len());
    for root in roots {
        let ids = &members[&root];
        let named = ids.iter().find_map(|&i| country.get(&i).copied());
        // the most complete form: the longest surface (ties: alphabetical)
        let longest = ids
            .iter()
            .flat_map(|&i| groups[i].surfaces.iter().map(move |s| (i, s)))
            .max_by_key(|(_, s)| (s.chars().count(), std::cmp::Reverse(s.as_str())))
            .map(|(i, s)| (i, s.clone()));
        let (kind_of, canonical) = match (named, longest) {
            (Some(c), Some((i, _))) => {
                let g = ids
                    .iter()
                    .copied()
                    .find(|i| country.contains_key(i))
                    .unwrap_or(i);
                (g, c.to_owned())
            }
            (None, Some((i, s))) => (i, s),
            (_, None) => continue,
        };
        let kind = groups[kind_of].kind.clone();
        let mut aliases = BTreeSet::new();
        let mut ranges = Vec::new();
        for &i in ids {
            let g = &mut groups[i];
            aliases.extend(g.surfaces.drain(..).filter(|s| *s != canonical));
            ranges.append(&mut g.ranges);
        }
        ranges.sort_by_key(|r| r.start);
        out.push(Entity {
            canonical,
            kind,
            aliases: aliases.into_iter().collect(),
            mentions: ranges,
        });
    }
    out.sort_by(|a, b| {
        b.count()
            .cmp(&a.count())
            .then_with(|| a.canonical.cmp(&b.canonical))
            .then_with(|| {
                a.mentions
                    .first()
                    .map(|r| r.start)
                    .cmp(&b.mentions.first().map(|r| r.start))
            })
    });
    out
}

fn group_surfaces(text: &str, mentions: &[Mention]) -> Vec<Group> {
    let mut by_key: FxMap<(EntityKind, String), usize> = FxMap::default();
    let mut groups: Vec<Group> = Vec::new();
    for m in mentions {
        let key = key_at(text, &m.range);
        let surface = text.get(m.range.clone()).unwrap_or("").to_owned();
        let idx = *by_key
            .entry((m.kind.clone(), key.clone()))
            .or_insert_with(|| {
                groups.push(Group {
                    kind: m.kind.clone(),
                    words: key.split(' ').map(str::to_owned).collect(),
                    key,
                    surfaces: Vec::new(),
                    ranges: Vec::new(),
                });
                groups.len() - 1
            });
        let g = &mut groups[idx];
        if !g.surfaces.contains(&surface) {
            g.surfaces.push(surface);
        }
        g.ranges.push(m.range.clone());
    }
    groups
}

/// Joins the GPE groups naming one country; returns group → canonical country name.
fn link_countries(groups: &[Group], sets: &mut Sets) -> FxMap<usize, &'static str> {
    let table = countries();
    let mut first: FxMap<u32, usize> = FxMap::default();
    let mut named = FxMap::default();
    for (i, g) in groups.iter().enumerate() {
        if g.kind != EntityKind::Gpe {
            continue;
        }
        let key = g.key.strip_prefix("the ").unwrap_or(&g.key);
        if let Some(&(c, canonical)) = table.get(key) {
            named.insert(i, canonical);
            match first.get(&c) {
                Some(&j) => sets.union(i, j),
                None => {
                    first.insert(c, i);
                }
            }
        }
    }
    named
}

/// Joins a shorter person name to the one fuller name it belongs to: a single word to the full
/// names it starts or ends (`Mnangagwa`, `Emmerson`), a multi-word name to the longer ones
/// sharing its first and last word (`Emmerson Mnangagwa` → `Emmerson Dambudzo Mnangagwa`).
/// Two candidates that are different people leave it alone.
fn link_persons(groups: &[Group], sets: &mut Sets) {
    let persons: Vec<usize> = (0..groups.len())
        .filter(|&i| groups[i].kind == EntityKind::Person)
        .collect();
    // longer full names first, so a middle-name form has joined its fullest form before the
    // single words count candidates
    let mut multi: Vec<usize> = persons
        .iter()
        .copied()
        .filter(|&i| groups[i].words.len() >= 2)
        .collect();
    multi.sort_by_key(|&i| std::cmp::Reverse(groups[i].words.len()));
    // indexed by first word and by first-or-last word: a book has thousands of names
    let mut by_first: FxMap<&str, Vec<usize>> = FxMap::default();
    let mut by_edge: FxMap<&str, Vec<usize>> = FxMap::default();
    for &j in &multi {
        let w = &groups[j].words;
        if let (Some(first), Some(last)) = (w.first(), w.last()) {
            by_first.entry(first).or_default().push(j);
            by_edge.entry(first).or_default().push(j);
            if last != first {
                by_edge.entry(last).or_default().push(j);
            }
        }
    }
    for &i in &multi {
        let w = &groups[i].words;
        let first = w.first().map_or("", String::as_str);
        let longer: Vec<usize> = by_first
            .get(first)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|&j| {
                let v = &groups[j].words;
                v.len() > w.len()
                    && v.first() == w.first()
                    && v.last() == w.last()
                    && subsequence(w, v)
            })
            .collect();
        let roots: FxSet<usize> = longer.iter().map(|&j| sets.find(j)).collect();
        if roots.len() == 1
            && let Some(&j) = longer.first()
        {
            sets.union(i, j);
        }
    }
    for &i in &persons {
        let [word] = groups[i].words.as_slice() else {
            continue;
        };
        let roots: FxSet<usize> = by_edge
            .get(word.as_str())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&j| sets.find(j))
            .collect();
        if roots.len() == 1
            && let Some(&j) = roots.iter().next()
        {
            sets.union(i, j);
        }
    }
}

fn subsequence(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|v| v == w))
}

/// Types an acronym or its long form can have (not people, dates or amounts).
fn nameable(kind: &EntityKind) -> bool {
    !matches!(
        kind,
        EntityKind::Person | EntityKind::Date | EntityKind::Money | EntityKind::Percent
    )
}

/// An acronym-like word: 2–10 characters, at least two capitals, letters/digits/`.`/`&` only.
fn acronym_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=10).contains(&n)
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '&' | '-'))
        && s.chars().next().is_some_and(char::is_uppercase)
}

/// Does `acronym` abbreviate `long`? The Schwartz–Hearst test: the acronym's letters appear in
/// order in the long form, right to left, the first one at the start of a word; and every
/// significant word of the long form contributes (so `MSC` is not `Marine Council`'s).
fn abbreviates(acronym: &str, long: &str) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let long_chars: Vec<char> = long.chars().flat_map(char::to_lowercase).collect();
    if letters.len() < 2 || long_chars.len() <= letters.len() {
        return false;
    }
    let mut l = long_chars.len();
    for (k, &c) in letters.iter().enumerate().rev() {
        loop {
            if l == 0 {
                return false;
            }
            l -= 1;
            let at_word_start = l == 0 || !long_chars[l - 1].is_alphanumeric();
            if long_chars[l] == c && (k > 0 || at_word_start) {
                break;
            }
        }
    }
    // initials of the significant words must all be in the acronym (ignoring case)
    let significant = long
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !MINOR_WORDS.contains(w))
        .count();
    significant <= letters.len() + 1
}

/// Joins acronyms to the long forms the text defines (`the Marine Stewardship Council (MSC)` or
/// `MSC (Marine Stewardship Council)`), then an all-capitals name to the one multi-word name
/// of the article whose initials it spells (`NATO`, `North Atlantic Treaty Organization`).
fn link_acronyms(text: &str, mentions: &[Mention], groups: &[Group], sets: &mut Sets) {
    let mut index: FxMap<(&EntityKind, &str), usize> = FxMap::default();
    let mut by_key: FxMap<&str, Vec<usize>> = FxMap::default();
    for (i, g) in groups.iter().enumerate() {
        index.insert((&g.kind, g.key.as_str()), i);
        if nameable(&g.kind) {
            by_key.entry(g.key.as_str()).or_default().push(i);
        }
    }
    let group_of = |m: &Mention| {
        index
            .get(&(&m.kind, key_at(text, &m.range).as_str()))
            .copied()
    };
    let mut defined: Vec<(String, usize)> = Vec::new();
    for (n, m) in mentions.iter().enumerate() {
        if !nameable(&m.kind) {
            continue;
        }
        let Some(after) = text.get(m.range.end..) else {
            continue;
        };
        let trimmed = after.trim_start_matches([' ', '\u{a0}']);
        let Some(inner) = trimmed.strip_prefix('(') else {
            continue;
        };
        let Some(inside) = parenthesised(inner) else {
            continue;
        };
        let surface = text.get(m.range.clone()).unwrap_or("");
        let Some(g) = group_of(m) else {
            continue;
        };
        if acronym_like(inside) && surface.contains(' ') && abbreviates(inside, surface) {
            // "Long Form (ACR)"
            defined.push((key_at(inside, &(0..inside.len())), g));
        } else if acronym_like(surface) && abbreviates(surface, inside) {
            // "ACR (Long Form)": the long form is the next mention when it is one
            let long = mentions
                .get(n + 1)
                .filter(|next| text.get(next.range.clone()) == Some(inside))
                .and_then(group_of);
            if let Some(l) = long {
                sets.union(g, l);
            }
        }
    }
    let mut done: FxSet<usize> = FxSet::default();
    for (acr, long) in defined {
        for &i in by_key.get(acr.as_str()).map_or(&[][..], Vec::as_slice) {
            sets.union(i, long);
            done.insert(i);
        }
    }
    // undefined acronyms: a unique long form in the article whose initials they are
    let mut by_initials: FxMap<(&EntityKind, String), Vec<usize>> = FxMap::default();
    for (j, h) in groups.iter().enumerate() {
        if h.words.len() >= 2 && nameable(&h.kind) {
            by_initials
                .entry((&h.kind, initials(&h.words)))
                .or_default()
                .push(j);
        }
    }
    for (i, g) in groups.iter().enumerate() {
        if done.contains(&i) || !nameable(&g.kind) || g.words.len() != 1 {
            continue;
        }
        let Some(surface) = g.surfaces.first() else {
            continue;
        };
        if !acronym_like(surface) || surface.chars().any(char::is_lowercase) {
            continue;
        }
        let want: String = surface.chars().filter(|c| c.is_alphanumeric()).collect();
        let roots: FxSet<usize> = by_initials
            .get(&(&g.kind, want))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&j| sets.find(j))
            .collect();
        if roots.len() == 1
            && let Some(&j) = roots.iter().next()
        {
            sets.union(i, j);
        }
    }
}

/// The text up to the closing parenthesis of `after_open`, trimmed, when it closes within a
/// short phrase's length (an unclosed `(` must not scan the rest of a book).
fn parenthesised(after_open: &str) -> Option<&str> {
    let (close, _) = after_open
        .char_indices()
        .take(120)
        .find(|&(_, c)| c == ')' || c == '\n')?;
    after_open
        .get(..close)
        .filter(|_| after_open.get(close..).is_some_and(|r| r.starts_with(')')))
        .map(str::trim)
}

/// Capital initials of the significant words (`North Atlantic Treaty Organization` → `NATO`).
fn initials(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| !MINOR_WORDS.contains(&w.as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Joins an organisation's short name to its one longer form that only adds a legal or
/// corporate suffix (`CNA` / `CNA Corporation`, `Huawei` / `Huawei Technologies`).
fn link_org_forms(groups: &[Group], sets: &mut Sets) {
    // indexed by first word: a book has thousands of organisations
    let mut by_first: FxMap<&str, Vec<usize>> = FxMap::default();
    for (j, h) in groups.iter().enumerate() {
        if h.kind == EntityKind::Org
            && h.words.len() >= 2
            && let Some(first) = h.words.first()
        {
            by_first.entry(first).or_default().push(j);
        }
    }
    for (i, g) in groups.iter().enumerate() {
        if g.kind != EntityKind::Org {
            continue;
        }
        let first = g.words.first().map_or("", String::as_str);
        let roots: FxSet<usize> = by_first
            .get(first)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&j| (j, &groups[j]))
            .filter(|(j, h)| {
                *j != i
                    && h.kind == EntityKind::Org
                    && h.words.len() > g.words.len()
                    && h.words.starts_with(&g.words)
                    && h.words[g.words.len()..]
                        .iter()
                        .all(|w| ORG_SUFFIXES.contains(&w.as_str()))
            })
            .map(|(j, _)| sets.find(j))
            .collect();
        if roots.len() == 1
            && let Some(&j) = roots.iter().next()
        {
            sets.union(i, j);
        }
    }
}

/// What an alias pair links, for measuring ([`alias_pairs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PairKind {
    /// A surname or first name alone → the one full name in the article it belongs to.
    Surname,
    /// An acronym the text defines → its long form.
    Acronym,
    /// Two names of one country.
    Country,
}

/// The mention pairs of `mentions` (gold spans) that must share a canonical: each short form
/// (a surname or first name with exactly one full name in the article that starts or ends
/// with it; an acronym defined as `Long Form (ACR)` or `ACR (Long Form)`; another name of a
/// country) paired with the first mention of its long form. Used to measure [`link`].
pub fn alias_pairs(
    text: &str,
    mentions: &[Mention],
) -> Vec<(PairKind, Range<usize>, Range<usize>)> {
    let surface = |m: &Mention| text.get(m.range.clone()).unwrap_or("");
    let mut out = Vec::new();
    let full: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && surface(m).contains(' '))
        .collect();
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        let w = surface(m);
        if w.contains(' ') {
            continue;
        }
        let names: BTreeSet<&str> = full
            .iter()
            .map(|f| surface(f))
            .filter(|f| f.split(' ').next_back() == Some(w) || f.split(' ').next() == Some(w))
            .collect();
        if let [name] = names.into_iter().collect::<Vec<_>>()[..]
            && let Some(f) = full.iter().find(|f| surface(f) == name)
        {
            out.push((PairKind::Surname, m.range.clone(), f.range.clone()));
        }
    }
    for (n, m) in mentions.iter().enumerate() {
        let Some(inside) = text
            .get(m.range.end..)
            .and_then(|a| a.trim_start().strip_prefix('('))
            .and_then(parenthesised)
        else {
            continue;
        };
        let s = surface(m);
        let (acr, long) = if acronym_like(inside) && s.contains(' ') && abbreviates(inside, s) {
            (inside, m)
        } else if acronym_like(s) && abbreviates(s, inside) {
            match mentions.get(n + 1).filter(|x| surface(x) == inside) {
                Some(l) => (s, l),
                None => continue,
            }
        } else {
            continue;
        };
        for a in mentions.iter().filter(|a| surface(a) == acr) {
            out.push((PairKind::Acronym, a.range.clone(), long.range.clone()));
        }
    }
    let mut first_of: FxMap<&str, &Mention> = FxMap::default();
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Gpe) {
        if let Some(c) = country_canonical(surface(m)) {
            match first_of.get(c) {
                Some(f) if surface(f) != surface(m) => {
                    out.push((PairKind::Country, m.range.clone(), f.range.clone()));
                }
                Some(_) => {}
                None => {
                    first_of.insert(c, m);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::annotated::parse_annotated;
    use super::*;

    /// The canonical of every mention, in order, for annotated text.
    fn canonicals(annotated: &str) -> Vec<String> {
        let (text, ms) = parse_annotated(annotated);
        let entities = link(&text, &ms);
        ms.iter()
            .map(|m| {
                entities
                    .iter()
                    .find(|e| e.mentions.contains(&m.range))
                    .map(|e| e.canonical.clone())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn a_surname_joins_the_one_full_name() {
        let c = canonicals(
            "[[PERSON:Emmerson Mnangagwa]] spoke. [[PERSON:Mnangagwa]] left; [[PERSON:Emmerson]] too.",
        );
        assert_eq!(c, vec!["Emmerson Mnangagwa"; 3]);
    }

    #[test]
    fn a_shared_surname_stays_apart_and_unresolved() {
        let c = canonicals(
            "[[PERSON:Stella Kim]] and [[PERSON:Margie Kim]] met. [[PERSON:Kim]] said no.",
        );
        assert_eq!(c, vec!["Stella Kim", "Margie Kim", "Kim"]);
    }

    #[test]
    fn a_middle_name_form_joins_the_fullest_form() {
        let c = canonicals(
            "[[PERSON:Emmerson Dambudzo Mnangagwa]], or [[PERSON:Emmerson Mnangagwa]], or [[PERSON:Mnangagwa]]",
        );
        assert_eq!(c, vec!["Emmerson Dambudzo Mnangagwa"; 3]);
    }

    #[test]
    fn a_defined_acronym_joins_its_long_form_both_ways() {
        let c = canonicals(
            "the [[ORG:Marine Stewardship Council]] (MSC) said. The [[ORG:MSC]] agreed.",
        );
        assert_eq!(c, vec!["Marine Stewardship Council"; 2]);
        let c = canonicals(
            "[[ORG:MSC]] ([[ORG:Marine Stewardship Council]]) said. [[ORG:MSC]] agreed.",
        );
        assert_eq!(c, vec!["Marine Stewardship Council"; 3]);
    }

    #[test]
    fn organisation_short_and_long_forms_are_one() {
        let c = canonicals("[[ORG:CNA Corporation]] analysts; at [[ORG:CNA]], they said");
        assert_eq!(c, vec!["CNA Corporation"; 2]);
    }

    #[test]
    fn country_names_link_under_the_common_name() {
        let c = canonicals(
            "the [[GPE:People's Republic of China]] and the [[GPE:Russian Federation]]; [[GPE:China]], [[GPE:PRC]], [[GPE:Russia]]",
        );
        assert_eq!(c, vec!["China", "Russia", "China", "China", "Russia"]);
    }

    #[test]
    fn the_soviet_union_is_not_russia_and_a_demonym_keeps_its_entity() {
        let (text, ms) = parse_annotated(
            "the [[GPE:Soviet Union]] and [[GPE:Russia]]; [[NORP:Russian]] engineers",
        );
        let entities = link(&text, &ms);
        assert_eq!(entities.len(), 3);
        assert!(entities.iter().any(|e| e.canonical == "Soviet Union"));
        assert!(
            entities
                .iter()
                .any(|e| e.canonical == "Russian" && e.kind == EntityKind::Norp)
        );
    }

    #[test]
    fn acronyms_need_matching_letters() {
        assert!(abbreviates("MSC", "Marine Stewardship Council"));
        assert!(abbreviates("NATO", "North Atlantic Treaty Organization"));
        assert!(!abbreviates("MSC", "Marine Council"));
        assert!(!abbreviates("AP", "Czechoslovakia"));
    }
}
