//! Carrying out what `update` asked for: database writes, terminal mode changes, edits to
//! entities.toml, and background jobs (handed to `jobs`). Each effect is a few lines of
//! plumbing into the shell modules that do the work; failures do not stop the reader: they
//! come back as `Action::EffectFailed` and show in the status bar (a read-only disk must not
//! cost the user their session).

use crate::core::app::entities::EntitiesAction;
use crate::core::app::messages::Action;
use crate::core::app::messages::Effect;
use crate::store::Store;
use crate::tui::terminal;

/// Runs effects; owns the resources they need.
pub struct Executor {
    pub store: Option<Store>,
    /// Entity recognition and other work off the event loop.
    pub background: crate::tui::jobs::Background,
}

impl Executor {
    /// Runs one effect; returns the action reporting its outcome, if any.
    pub fn run(&mut self, effect: &Effect) -> Option<Action> {
        match effect {
            Effect::SavePosition {
                fingerprint,
                offset,
            } => {
                // A read-only database said so once when it opened; positions are not kept.
                let store = self.store.as_ref().filter(|s| s.read_only().is_none())?;
                store.set_position(fingerprint, *offset).err().map(|e| {
                    Action::EffectFailed(format!("could not save the reading position: {e:#}"))
                })
            }
            Effect::LoadPosition { fingerprint } => {
                let store = self.store.as_ref()?;
                match store.position(fingerprint) {
                    Ok(offset) => offset.map(Action::PositionLoaded),
                    Err(e) => Some(Action::EffectFailed(format!(
                        "cannot read the saved position: {e:#}"
                    ))),
                }
            }
            Effect::LoadNotes { doc, text } => {
                let store = self.store.as_mut()?;
                Some(crate::tui::notes::load(store, doc, &text.0.source))
            }
            Effect::SetMouseCapture(on) => terminal::set_mouse_capture(*on)
                .err()
                .map(|e| Action::EffectFailed(format!("could not change mouse capture: {e}"))),
            Effect::RecognizeEntities {
                doc,
                outline,
                generation,
            } => {
                self.background.recognize(
                    std::sync::Arc::clone(&doc.0),
                    std::sync::Arc::clone(&outline.0),
                    *generation,
                );
                None
            }
            Effect::Search { doc, query } => {
                self.background
                    .search(std::sync::Arc::clone(&doc.0), query.clone());
                None
            }
            // `tui::dispatch` handles these itself: quitting ends its loop, and garbage is moved
            // to `Background::discard` (this gets a reference)
            Effect::Quit | Effect::Discard(_) => None,
            Effect::LayoutInBackground { doc, width } => {
                self.background
                    .layout(std::sync::Arc::clone(&doc.0), *width);
                None
            }
            Effect::LoadDocument {
                text,
                format,
                width,
            } => {
                self.background.load(text.clone(), *format, *width);
                None
            }
            Effect::SaveUserEntity { phrases, kind } => {
                let Some(path) = crate::paths::entities_file() else {
                    return Some(Action::EffectFailed(
                        "cannot save: no config directory (set XDG_CONFIG_HOME or HOME)".into(),
                    ));
                };
                Some(
                    match crate::user_entities::save(&path, phrases, kind.as_ref()) {
                        Ok(msg) => Action::Entities(EntitiesAction::UserEntitySaved(msg)),
                        Err(e) => Action::EffectFailed(format!("entities.toml not saved: {e:#}")),
                    },
                )
            }
            Effect::ToggleWatch(entity) => {
                let Some(path) = crate::paths::entities_file() else {
                    return Some(Action::EffectFailed(
                        "cannot save: no config directory (set XDG_CONFIG_HOME or HOME)".into(),
                    ));
                };
                Some(match crate::user_entities::toggle_watch(&path, entity) {
                    Ok(msg) => Action::Entities(EntitiesAction::UserEntitySaved(msg)),
                    Err(e) => Action::EffectFailed(format!("entities.toml not saved: {e:#}")),
                })
            }
            Effect::SaveAnnotation(_)
            | Effect::DeleteAnnotation(_)
            | Effect::RestoreAnnotation(_)
            | Effect::ExportNotes(_) => crate::tui::notes::run(self.store.as_mut(), effect),
        }
    }
}
