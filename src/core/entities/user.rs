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
//! ```
//!
//! Parsing is pure (the shell reads the file); errors carry the 1-based line. The reader saves
//! additions with [`UserEntities::add`] / [`UserEntities::suppress`] and [`to_toml`], which
//! round-trips through [`parse_user_entities`].

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
    Ok(out)
}

/// Serialises `user` in the documented format.
pub fn to_toml(user: &UserEntities) -> String {
    let repr = FileRepr {
        not_entities: user.not_entities.clone(),
        types: user
            .types
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    TypeRepr {
                        color: t.color.clone(),
                    },
                )
            })
            .collect(),
        entities: user
            .entities
            .iter()
            .map(|e| EntityRepr {
                name: e.name.clone(),
                kind: e.kind.label().to_owned(),
                aliases: e.aliases.clone(),
            })
            .collect(),
    };
    toml::to_string(&repr).unwrap_or_default()
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

    #[test]
    fn add_suppress_and_round_trip() {
        let mut u = UserEntities::default();
        u.add("Kubernetes", EntityKind::Custom("TECH".into()));
        u.add("Acme", EntityKind::Org);
        u.suppress("Government");
        u.suppress("Acme");
        let back = parse_user_entities(&to_toml(&u)).unwrap();
        assert_eq!(back, u);
        assert_eq!(back.entities.len(), 1);
    }
}
