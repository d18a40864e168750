//! Watch-lists: the entities a reader follows, declared in entities.toml as `[[watch]]` tables
//! (`name`, optional `type`, `aliases`). Matching is by linked entity — a watched "China"
//! catches "People's Republic of China" — so it runs on [`link`](super::link) output; the
//! library calls [`watched_counts`] per article.

use super::lexicon::key_of;
use super::{Entity, EntityKind, Mention};

/// One watched entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchEntry {
    pub name: String,
    /// Only entities of this type match; `None`: any type.
    pub kind: Option<EntityKind>,
    pub aliases: Vec<String>,
}

impl WatchEntry {
    /// A watch entry for a name of a type, without aliases.
    pub fn new(name: &str, kind: Option<EntityKind>) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            aliases: Vec::new(),
        }
    }

    fn keys(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .map(|n| key_of(n).0.to_lowercase())
    }

    /// Does this entry watch `entity` (its name or one of its aliases, of the entry's type)?
    pub fn matches(&self, entity: &Entity) -> bool {
        if self.kind.as_ref().is_some_and(|k| *k != entity.kind) {
            return false;
        }
        let names: Vec<String> = std::iter::once(&entity.canonical)
            .chain(&entity.aliases)
            .map(|n| key_of(n).0.to_lowercase())
            .collect();
        self.keys().any(|k| names.contains(&k))
    }
}

/// The entry of `watch` that watches `entity`, if any.
pub fn watching<'a>(watch: &'a [WatchEntry], entity: &Entity) -> Option<&'a WatchEntry> {
    watch.iter().find(|w| w.matches(entity))
}

/// Per watch entry mentioned in the linked `entities`: its name and how many mentions, in
/// watch-list order (entries not mentioned are left out).
pub fn watched_in(entities: &[Entity], watch: &[WatchEntry]) -> Vec<(String, usize)> {
    watch
        .iter()
        .filter_map(|w| {
            let n: usize = entities
                .iter()
                .filter(|e| w.matches(e))
                .map(Entity::count)
                .sum();
            (n > 0).then(|| (w.name.clone(), n))
        })
        .collect()
}

/// [`watched_in`] for an article's recognised `mentions` of `text` (linked here).
pub fn watched_counts(
    text: &str,
    mentions: &[Mention],
    watch: &[WatchEntry],
) -> Vec<(String, usize)> {
    if watch.is_empty() {
        return Vec::new();
    }
    watched_in(&super::link::link(text, mentions), watch)
}

/// `watch` with `name` (of `kind`) added, or removed when an entry already watches it (by its
/// name or an alias). Returns whether it is watched afterwards.
pub fn toggle(watch: &mut Vec<WatchEntry>, entity: &Entity) -> bool {
    let before = watch.len();
    watch.retain(|w| !w.matches(entity));
    if watch.len() < before {
        return false;
    }
    watch.push(WatchEntry::new(
        &entity.canonical,
        Some(entity.kind.clone()),
    ));
    true
}

/// Brings the `[[watch]]` tables of `doc` in line with `want`: entries matched by name in
/// file order are kept (comments and all), others removed, new ones appended.
pub(super) fn sync_watch(doc: &mut toml_edit::DocumentMut, want: &[WatchEntry]) {
    if want.is_empty() && !doc.contains_key("watch") {
        return;
    }
    let item = doc
        .entry("watch")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    if !item.is_array_of_tables() {
        *item = toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new());
    }
    let Some(tables) = item.as_array_of_tables_mut() else {
        return;
    };
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < tables.len() {
        let name = tables
            .get(i)
            .and_then(|t| t.get("name"))
            .and_then(toml_edit::Item::as_str)
            .map(str::to_owned);
        match name.and_then(|n| {
            want.iter()
                .find(|w| w.name == n && !kept.contains(&w.name.as_str()))
        }) {
            Some(w) => {
                kept.push(&w.name);
                i += 1;
            }
            None => {
                tables.remove(i);
            }
        }
    }
    for w in want.iter().filter(|w| !kept.contains(&w.name.as_str())) {
        let mut table = toml_edit::Table::new();
        table.insert("name", toml_edit::value(w.name.as_str()));
        if let Some(k) = &w.kind {
            table.insert("type", toml_edit::value(k.label()));
        }
        if !w.aliases.is_empty() {
            let mut arr = toml_edit::Array::new();
            for a in &w.aliases {
                arr.push(a.as_str());
            }
            table.insert("aliases", toml_edit::value(arr));
        }
        tables.push(table);
    }
}

#[cfg(test)]
mod tests {
    use super::super::annotated::parse_annotated;
    use super::super::{parse_user_entities, to_toml};
    use super::*;

    #[test]
    fn a_watched_name_counts_the_mentions_of_its_linked_entity() {
        let (text, ms) = parse_annotated(
            "[[ORG:Huawei Technologies]] and [[ORG:Huawei]] in the [[GPE:People's Republic of China]]; [[GPE:China]]",
        );
        let watch = vec![
            WatchEntry::new("Huawei", Some(EntityKind::Org)),
            WatchEntry::new("china", None),
            WatchEntry::new("ZTE", None),
        ];
        assert_eq!(
            watched_counts(&text, &ms, &watch),
            vec![("Huawei".to_owned(), 2), ("china".to_owned(), 2)]
        );
        let wrong_type = [WatchEntry::new("Huawei", Some(EntityKind::Person))];
        assert!(watched_counts(&text, &ms, &wrong_type).is_empty());
    }

    #[test]
    fn watch_tables_parse_and_toggling_keeps_the_users_comments() {
        let original = "# my list\n[[watch]]\nname = \"Huawei\" # the big one\ntype = \"ORG\"\naliases = [\"Huawei Technologies\"]\n";
        let mut user = parse_user_entities(original).unwrap();
        assert_eq!(user.watch.len(), 1);
        assert_eq!(user.watch[0].aliases, ["Huawei Technologies"]);
        let china = Entity {
            canonical: "China".into(),
            kind: EntityKind::Gpe,
            aliases: vec![],
            mentions: std::iter::once(0..5).collect(),
        };
        assert!(toggle(&mut user.watch, &china));
        let text = to_toml(original, &user);
        assert!(text.starts_with(original), "{text}");
        assert!(text.contains("name = \"China\"\ntype = \"GPE\""), "{text}");
        assert_eq!(parse_user_entities(&text).unwrap(), user);
        assert!(!toggle(&mut user.watch, &china));
        assert_eq!(to_toml(&text, &user), original);
    }
}
