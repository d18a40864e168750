//! User entities: additions and suppressions from `$XDG_CONFIG_HOME/gloss/entities.toml`.
//!
//! The file format (TOML):
//!
//! ```toml
//! # phrases that are never entities (exact phrase, case-sensitive)
//! not_entities = ["Defense One", "Sunday Business"]
//!
//! # custom types with their colour (any CSS-like "#rrggbb" or a colour name the UI knows)
//! [types]
//! TECH = { color = "#00aaff" }
//!
//! # entities: a core type (PERSON, ORG, GPE, LOC, NORP, DATE, MONEY, PERCENT) or a custom one
//! [[entity]]
//! name = "Kubernetes"
//! type = "TECH"
//! aliases = ["k8s", "K8s"]
//!
//! # watch-list: entities marked in the reader and counted per article (type optional)
//! [[watch]]
//! name = "Huawei"
//! type = "ORG"
//! aliases = ["Huawei Technologies"]
//! ```
//!
//! Parsing is pure (the shell reads the file); errors carry the 1-based line. The reader saves
//! additions with [`UserEntities::add`] / [`UserEntities::suppress`] and [`to_toml`], which
//! edits the file's current text (keeping the user's comments and layout) and round-trips
//! through [`parse_user_entities`].

use serde::{Deserialize, Serialize};

use super::EntityKind;

/// One user-defined entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntity {
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
}

/// A custom entity type and its colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomType {
    /// Upper-case label (`TECH`).
    pub name: String,
    pub color: Option<String>,
}

/// The parsed contents of `entities.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserEntities {
    pub entities: Vec<UserEntity>,
    pub not_entities: Vec<String>,
    pub types: Vec<CustomType>,
    /// The watch-list (`[[watch]]`), see [`super::watch`].
    pub watch: Vec<super::watch::WatchEntry>,
}

/// Why `entities.toml` could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserEntitiesError {
    /// The text is not valid TOML or does not have the expected shape.
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
    /// An entity has an empty name or type.
    #[error("line {line}: entity {name:?}: {message}")]
    Entity {
        line: usize,
        name: String,
        message: String,
    },
}

impl UserEntitiesError {
    /// The 1-based line the error points at.
    pub fn line(&self) -> usize {
        match self {
            Self::Syntax { line, .. } | Self::Entity { line, .. } => *line,
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
struct FileRepr {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    not_entities: Vec<String>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    types: std::collections::BTreeMap<String, TypeRepr>,
    #[serde(default, rename = "entity", skip_serializing_if = "Vec::is_empty")]
    entities: Vec<EntityRepr>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    watch: Vec<WatchRepr>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WatchRepr {
    name: String,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TypeRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct EntityRepr {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |s| s.matches('\n').count() + 1)
}

/// Parses the text of `entities.toml`.
pub fn parse_user_entities(toml_text: &str) -> Result<UserEntities, UserEntitiesError> {
    let repr: FileRepr = toml::from_str(toml_text).map_err(|e| UserEntitiesError::Syntax {
        line: e.span().map_or(1, |s| line_of(toml_text, s.start)),
        message: e.message().to_owned(),
    })?;
    let mut out = UserEntities {
        not_entities: repr
            .not_entities
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        ..UserEntities::default()
    };
    for (name, t) in repr.types {
        out.types.push(CustomType {
            name: name.to_ascii_uppercase(),
            color: t.color,
        });
    }
    for (n, e) in repr.entities.into_iter().enumerate() {
        // best-effort line: the n-th [[entity]] header
        let line = toml_text
            .match_indices("[[entity]]")
            .nth(n)
            .map_or(1, |(off, _)| line_of(toml_text, off));
        if e.name.trim().is_empty() {
            return Err(UserEntitiesError::Entity {
                line,
                name: e.name,
                message: "empty name".into(),
            });
        }
        let Some(kind) = EntityKind::parse(&e.kind) else {
            return Err(UserEntitiesError::Entity {
                line,
                name: e.name,
                message: "empty type".into(),
            });
        };
        out.entities.push(UserEntity {
            name: e.name,
            kind,
            aliases: e.aliases,
        });
    }
    for w in repr.watch {
        if w.name.trim().is_empty() {
            let line = toml_text
                .find("[[watch]]")
                .map_or(1, |off| line_of(toml_text, off));
            return Err(UserEntitiesError::Entity {
                line,
                name: w.name,
                message: "empty watch name".into(),
            });
        }
        out.watch.push(super::watch::WatchEntry {
            name: w.name,
            kind: w.kind.as_deref().and_then(EntityKind::parse),
            aliases: w.aliases,
        });
    }
    Ok(out)
}

/// `original` (the current text of `entities.toml`, empty when there is none) changed so that
/// it holds exactly `user`, in the documented format.
///
/// The file is the user's: the change is applied to the parsed document (`toml_edit`) rather
/// than by re-serialising, so comments, blank lines, key order and quoting of everything that
/// did not change survive. Entries are matched in file order — entities and suppressions by
/// their text, types by name (any case) — the ones `user` no longer has are removed, changed
/// ones are edited in place and new ones are appended. Text that is not valid TOML (the
/// reader refuses such a file before it gets here) is replaced by a fresh document.
pub fn to_toml(original: &str, user: &UserEntities) -> String {
    let mut doc = original
        .parse::<toml_edit::DocumentMut>()
        .unwrap_or_default();
    sync_not_entities(&mut doc, &user.not_entities);
    sync_types(&mut doc, &user.types);
    sync_entities(&mut doc, &user.entities);
    super::watch::sync_watch(&mut doc, &user.watch);
    doc.to_string()
}

fn sync_not_entities(doc: &mut toml_edit::DocumentMut, want: &[String]) {
    if want.is_empty() && !doc.contains_key("not_entities") {
        return;
    }
    let item = doc
        .entry("not_entities")
        .or_insert_with(|| toml_edit::value(toml_edit::Array::new()));
    if !item.is_array() {
        *item = toml_edit::value(toml_edit::Array::new());
    }
    let Some(arr) = item.as_array_mut() else {
        return;
    };
    let mut next = 0;
    let mut i = 0;
    while i < arr.len() {
        let same = arr
            .get(i)
            .and_then(toml_edit::Value::as_str)
            .is_some_and(|s| want.get(next).is_some_and(|w| w == s));
        if same {
            next += 1;
            i += 1;
        } else {
            arr.remove(i);
        }
    }
    for w in want.iter().skip(next) {
        push_like_the_rest(arr, w);
    }
}

/// Appends `item` to `arr`; in an array written one item per line, on a line of its own with
/// the previous item's indentation, below a comment that ended the array.
fn push_like_the_rest(arr: &mut toml_edit::Array, item: &str) {
    let indent = arr
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .and_then(|p| {
            p.rfind('\n')
                .map(|i| p.get(i + 1..).unwrap_or("").to_owned())
        });
    let Some(indent) = indent else {
        arr.push(item);
        return;
    };
    let trailing = arr.trailing().as_str().unwrap_or("").to_owned();
    let (comment, close) = trailing
        .rfind('\n')
        .map_or((trailing.as_str(), ""), |i| trailing.split_at(i));
    let mut value = toml_edit::Value::from(item);
    value.decor_mut().set_prefix(format!("{comment}\n{indent}"));
    value.decor_mut().set_suffix("");
    arr.push_formatted(value);
    arr.set_trailing(close);
    arr.set_trailing_comma(true);
}

fn sync_types(doc: &mut toml_edit::DocumentMut, want: &[CustomType]) {
    if want.is_empty() && !doc.contains_key("types") {
        return;
    }
    let item = doc.entry("types").or_insert_with(toml_edit::table);
    if !item.is_table_like() {
        *item = toml_edit::table();
    }
    let Some(types) = item.as_table_like_mut() else {
        return;
    };
    let keys: Vec<String> = types.iter().map(|(k, _)| k.to_owned()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for key in keys {
        let wanted = want
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(&key) && !seen.contains(&t.name.as_str()));
        let entry = types
            .get_mut(&key)
            .and_then(toml_edit::Item::as_table_like_mut);
        match (wanted, entry) {
            (Some(t), Some(entry)) => {
                seen.push(&t.name);
                let current = entry.get("color").and_then(toml_edit::Item::as_str);
                if current != t.color.as_deref() {
                    match &t.color {
                        Some(c) => {
                            entry.insert("color", toml_edit::value(c.as_str()));
                        }
                        None => {
                            entry.remove("color");
                        }
                    }
                }
            }
            _ => {
                types.remove(&key);
            }
        }
    }
    for t in want.iter().filter(|t| !seen.contains(&t.name.as_str())) {
        let mut entry = toml_edit::InlineTable::new();
        if let Some(c) = &t.color {
            entry.insert("color", c.as_str().into());
        }
        types.insert(&t.name, toml_edit::value(entry));
    }
}

fn sync_entities(doc: &mut toml_edit::DocumentMut, want: &[UserEntity]) {
    if want.is_empty() && !doc.contains_key("entity") {
        return;
    }
    let item = doc
        .entry("entity")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    if !item.is_array_of_tables() {
        // `entity = [{ … }]` (inline): rewritten as `[[entity]]` tables.
        *item = toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new());
    }
    let Some(tables) = item.as_array_of_tables_mut() else {
        return;
    };
    let mut next = 0;
    let mut i = 0;
    while i < tables.len() {
        let wanted = want.get(next).filter(|w| {
            tables
                .get(i)
                .and_then(|t| t.get("name"))
                .and_then(toml_edit::Item::as_str)
                == Some(w.name.as_str())
        });
        match (wanted, tables.get_mut(i)) {
            (Some(w), Some(table)) => {
                update_entity(table, w);
                next += 1;
                i += 1;
            }
            _ => {
                tables.remove(i);
            }
        }
    }
    for w in want.iter().skip(next) {
        let mut table = toml_edit::Table::new();
        table.insert("name", toml_edit::value(w.name.as_str()));
        table.insert("type", toml_edit::value(w.kind.label()));
        if !w.aliases.is_empty() {
            table.insert("aliases", toml_edit::value(string_array(&w.aliases)));
        }
        tables.push(table);
    }
}

/// Edits one `[[entity]]` table to hold `want`, touching only what differs (`type = "org"`
/// stays as written while it still means ORG).
fn update_entity(table: &mut toml_edit::Table, want: &UserEntity) {
    let kind = table
        .get("type")
        .and_then(toml_edit::Item::as_str)
        .and_then(EntityKind::parse);
    if kind.as_ref() != Some(&want.kind) {
        table.insert("type", toml_edit::value(want.kind.label()));
    }
    let aliases: Option<Vec<&str>> = table
        .get("aliases")
        .and_then(toml_edit::Item::as_array)
        .map(|a| a.iter().filter_map(toml_edit::Value::as_str).collect());
    let same = match &aliases {
        Some(a) => a
            .iter()
            .copied()
            .eq(want.aliases.iter().map(String::as_str)),
        None => want.aliases.is_empty(),
    };
    if !same {
        if want.aliases.is_empty() {
            table.remove("aliases");
        } else {
            table.insert("aliases", toml_edit::value(string_array(&want.aliases)));
        }
    }
}

fn string_array(items: &[String]) -> toml_edit::Array {
    items.iter().map(String::as_str).collect()
}

impl UserEntities {
    /// Marks `name` as an entity of `kind` (replacing an earlier entry for the same name and
    /// lifting a suppression of it).
    pub fn add(&mut self, name: &str, kind: EntityKind) {
        self.not_entities.retain(|s| s != name);
        if let Some(e) = self.entities.iter_mut().find(|e| e.name == name) {
            e.kind = kind;
        } else {
            self.entities.push(UserEntity {
                name: name.to_owned(),
                kind,
                aliases: Vec::new(),
            });
        }
    }

    /// Marks `phrase` as "not an entity" (and drops a user entity of that name).
    pub fn suppress(&mut self, phrase: &str) {
        self.entities.retain(|e| e.name != phrase);
        if !self.not_entities.iter().any(|s| s == phrase) {
            self.not_entities.push(phrase.to_owned());
        }
    }

    /// The colour configured for a custom type label.
    pub fn color_of(&self, label: &str) -> Option<&str> {
        self.types
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(label))
            .and_then(|t| t.color.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entities_types_and_suppressions() {
        let u = parse_user_entities(
            "not_entities = [\"Defense One\"]\n[types]\nTECH = { color = \"#00aaff\" }\n\n[[entity]]\nname = \"Kubernetes\"\ntype = \"TECH\"\naliases = [\"k8s\"]\n\n[[entity]]\nname = \"Acme\"\ntype = \"org\"\n",
        )
        .unwrap();
        assert_eq!(u.not_entities, ["Defense One"]);
        assert_eq!(u.color_of("tech"), Some("#00aaff"));
        assert_eq!(u.entities[0].kind, EntityKind::Custom("TECH".into()));
        assert_eq!(u.entities[0].aliases, ["k8s"]);
        assert_eq!(u.entities[1].kind, EntityKind::Org);
    }

    #[test]
    fn errors_carry_the_line() {
        let err = parse_user_entities("not_entities = []\n\n[[entity]]\nname = \"X\"\ntype = 3\n")
            .unwrap_err();
        assert_eq!(err.line(), 5, "{err}");
        let err = parse_user_entities(
            "[[entity]]\nname = \"X\"\ntype = \"ORG\"\n[[entity]]\nname = \"\"\ntype = \"ORG\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line(), 4, "{err}");
        let err = parse_user_entities("x = = 1").unwrap_err();
        assert_eq!(err.line(), 1);
    }

    const COMMENTED: &str = r##"# My entities, kept by hand.

# never entities
not_entities = [
    "Defense One", # a news site
]

[types]
TECH = { color = "#00aaff" } # blue

# --- software ---
[[entity]]
name = "Kubernetes" # the orchestrator
type = "tech"
aliases = ["k8s"]

# a client
[[entity]]
name = "Acme"
type = "ORG"
"##;

    #[test]
    fn writing_back_an_unchanged_file_changes_nothing() {
        let u = parse_user_entities(COMMENTED).unwrap();
        assert_eq!(to_toml(COMMENTED, &u), COMMENTED);
    }

    #[test]
    fn marking_keeps_the_users_comments_layout_and_spelling() {
        let mut u = parse_user_entities(COMMENTED).unwrap();
        u.add("Huawei", EntityKind::Org);
        u.suppress("Sunday Business");
        let out = to_toml(COMMENTED, &u);
        assert_eq!(parse_user_entities(&out).unwrap(), u);
        // Everything that was there is still there, as written, in the same order …
        let mut rest = out.as_str();
        for line in COMMENTED.lines().filter(|l| !l.is_empty() && *l != "]") {
            let at = rest
                .find(line)
                .unwrap_or_else(|| panic!("lost {line:?} in\n{out}"));
            rest = rest.get(at + line.len()..).unwrap();
        }
        // … and the new entries come after the old ones.
        assert!(out.find("Sunday Business").unwrap() < out.find("[types]").unwrap());
        assert!(out.find("Huawei").unwrap() > out.find("name = \"Acme\"").unwrap());
    }

    #[test]
    fn changing_and_removing_entries_edits_only_them() {
        let mut u = parse_user_entities(COMMENTED).unwrap();
        u.add("Kubernetes", EntityKind::Org);
        u.suppress("Acme");
        let out = to_toml(COMMENTED, &u);
        assert_eq!(parse_user_entities(&out).unwrap(), u);
        assert!(
            out.contains("name = \"Kubernetes\" # the orchestrator\n"),
            "{out}"
        );
        assert!(out.contains("type = \"ORG\"\naliases = [\"k8s\"]"), "{out}");
        assert!(!out.contains("name = \"Acme\""), "{out}");
        assert!(
            !out.contains("# a client"),
            "the removed entry's comment goes with it"
        );
        for kept in [
            "# My entities, kept by hand.",
            "\"Defense One\", # a news site",
            "# blue",
        ] {
            assert!(out.contains(kept), "lost {kept:?} in\n{out}");
        }
    }

    #[test]
    fn suppressions_join_one_line_arrays_on_their_line() {
        for (before, after) in [
            ("not_entities = []\n", "not_entities = [\"X\"]\n"),
            (
                "not_entities = [\"A\", \"B\"] # old\n",
                "not_entities = [\"A\", \"B\", \"X\"] # old\n",
            ),
        ] {
            let mut u = parse_user_entities(before).unwrap();
            u.suppress("X");
            assert_eq!(to_toml(before, &u), after);
        }
    }

    #[test]
    fn a_new_file_is_written_in_the_documented_layout() {
        let mut u = UserEntities::default();
        u.suppress("Government");
        u.add("Kubernetes", EntityKind::Custom("TECH".into()));
        u.types.push(CustomType {
            name: "TECH".into(),
            color: Some("#00aaff".into()),
        });
        let out = to_toml("", &u);
        assert_eq!(parse_user_entities(&out).unwrap(), u);
        let not = out.find("not_entities").unwrap();
        let types = out.find("[types]").unwrap();
        let entity = out.find("[[entity]]").unwrap();
        assert!(not < types && types < entity, "{out}");
    }

    #[test]
    fn add_suppress_and_round_trip() {
        let mut u = UserEntities::default();
        u.add("Kubernetes", EntityKind::Custom("TECH".into()));
        u.add("Acme", EntityKind::Org);
        u.suppress("Government");
        u.suppress("Acme");
        let back = parse_user_entities(&to_toml("", &u)).unwrap();
        assert_eq!(back, u);
        assert_eq!(back.entities.len(), 1);
    }
}
