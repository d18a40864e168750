//! The user's `entities.toml`, read and edited in one place with one rule: a file that cannot
//! be read or parsed is reported in one line and ignored (recognition carries on with the
//! built-in entities), in the reader and in `gloss entities` alike; an edit never touches it.
//!
//! Shell code: uses the disk (reads here, writes through [`crate::fsx`]) and the pure parser
//! and editor in `core::doc::entities`.

use std::path::Path;

use anyhow::Context as _;

use crate::core::doc::entities::watch;
use crate::core::doc::entities::{
    Entity, EntityKind, Recognizer, UserEntities, UserEntitiesError, parse_user_entities, to_toml,
};

/// What was read from the user's entities file.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The user's entities; `None` without a file, or with one that was ignored.
    pub entities: Option<UserEntities>,
    /// Why the file was ignored, in one line (the status bar is narrow: the line first).
    pub warning: Option<String>,
}

impl Loaded {
    /// A recogniser with the user's entities, if any.
    pub fn recognizer(&self) -> Recognizer {
        self.entities
            .as_ref()
            .map_or_else(Recognizer::new, Recognizer::with_user)
    }
}

/// Reads the entities file at `path` (none without a config directory) under the one rule.
pub fn load(path: Option<&Path>) -> Loaded {
    match path.map(read) {
        None => Loaded::default(),
        Some(Ok(entities)) => Loaded {
            entities: Some(entities),
            warning: None,
        },
        Some(Err(e)) => {
            let warning = match e.downcast_ref::<UserEntitiesError>() {
                Some(err) => format!("entities.toml {err} (your entities are ignored)"),
                None => format!("entities.toml ignored: {e:#}"),
            };
            Loaded {
                entities: None,
                warning: Some(crate::core::doc::sanitize::one_line(&warning)),
            }
        }
    }
}

/// Reads and parses the entities file strictly; a missing file is an empty one.
pub fn read(path: &Path) -> anyhow::Result<UserEntities> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_user_entities(&text).with_context(|| path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(UserEntities::default()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Adds `phrases` to the user's entities file as `kind` (or as "not an entity"), keeping its
/// entries and comments, and writes it atomically. A malformed file is left alone. Returns
/// the message for the status bar.
pub fn save(path: &Path, phrases: &[String], kind: Option<&EntityKind>) -> anyhow::Result<String> {
    let mut user = read(path).context("not changed")?;
    // Read and parsed above (or absent): edited in place, so the user's comments stay.
    let original = std::fs::read_to_string(path).unwrap_or_default();
    for p in phrases {
        match kind {
            Some(k) => user.add(p, k.clone()),
            None => user.suppress(p),
        }
    }
    let dir = path.parent().context("no directory for entities.toml")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    crate::fsx::write_atomic(path, to_toml(&original, &user).as_bytes())?;
    let what = kind.map_or_else(|| "not an entity".to_owned(), |k| k.label().to_owned());
    let first = phrases
        .first()
        .map(|p| crate::core::doc::sanitize::one_line(p))
        .unwrap_or_default();
    Ok(format!("“{first}” saved as {what}; recognising again…"))
}

/// Watches `entity` in the user's entities file (a `[[watch]]` table), or stops watching it
/// when an entry already does; keeps the file's other entries and comments and writes it
/// atomically. A malformed file is left alone. Returns the message for the status bar.
pub fn toggle_watch(path: &Path, entity: &Entity) -> anyhow::Result<String> {
    let mut user = read(path).context("not changed")?;
    let original = std::fs::read_to_string(path).unwrap_or_default();
    let watched = watch::toggle(&mut user.watch, entity);
    let dir = path.parent().context("no directory for entities.toml")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    crate::fsx::write_atomic(path, to_toml(&original, &user).as_bytes())?;
    let name = crate::core::doc::sanitize::one_line(&entity.canonical);
    Ok(if watched {
        format!("watching “{name}”")
    } else {
        format!("no longer watching “{name}”")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_keeps_existing_entries_and_refuses_a_malformed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gloss").join("entities.toml");
        save(&path, &["Acme".into()], Some(&EntityKind::Org)).unwrap();
        save(&path, &["Sunday Business".into()], None).unwrap();
        let u = read(&path).unwrap();
        assert_eq!(u.entities.len(), 1);
        assert_eq!(u.entities[0].name, "Acme");
        assert_eq!(u.not_entities, ["Sunday Business"]);
        std::fs::write(&path, "[[entity]]\nname = 3\n").unwrap();
        let err = save(&path, &["X".into()], None).unwrap_err();
        assert!(format!("{err:#}").contains("line"), "{err:#}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[[entity]]\nname = 3\n"
        );
    }

    #[test]
    fn toggling_a_watch_writes_and_removes_it_keeping_comments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entities.toml");
        std::fs::write(&path, "# mine\nnot_entities = [\"X\"] # keep\n").unwrap();
        let huawei = Entity {
            canonical: "Huawei".into(),
            kind: EntityKind::Org,
            aliases: vec!["Huawei Technologies".into()],
            mentions: std::iter::once(0..6).collect(),
        };
        assert_eq!(toggle_watch(&path, &huawei).unwrap(), "watching “Huawei”");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# mine\nnot_entities = [\"X\"] # keep\n"),
            "{text}"
        );
        assert_eq!(read(&path).unwrap().watch[0].name, "Huawei");
        toggle_watch(&path, &huawei).unwrap();
        assert!(read(&path).unwrap().watch.is_empty());
    }

    #[test]
    fn a_bad_file_is_one_warning_and_no_entities() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entities.toml");
        std::fs::write(&path, "[[entity]]\nname = \"X\"\ntype = [1]\n").unwrap();
        let loaded = load(Some(&path));
        assert!(loaded.entities.is_none());
        let warning = loaded.warning.unwrap();
        assert!(warning.starts_with("entities.toml line 3: "), "{warning}");
        assert!(
            warning.ends_with("(your entities are ignored)"),
            "{warning}"
        );
        assert!(!warning.contains('\n'));
        // a directory where the file should be: unreadable, also ignored
        let loaded = load(Some(dir.path()));
        assert!(loaded.entities.is_none());
        assert!(
            loaded
                .warning
                .unwrap()
                .starts_with("entities.toml ignored: cannot read")
        );
    }

    #[test]
    fn no_file_is_no_entities_and_no_warning() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(Some(&dir.path().join("entities.toml")));
        assert!(loaded.entities.unwrap().entities.is_empty() && loaded.warning.is_none());
        let loaded = load(None);
        assert!(loaded.entities.is_none() && loaded.warning.is_none());
    }
}
