//! The library's Entities view: the ledger as a list — entities sorted by how many articles
//! mention them, filtered by type (`t` cycles) and by text (`/`), the co-mentioned entities
//! of the selected one beside it; `Enter` lists its articles, `Enter` on an article opens it
//! at the entity's first mention there.
//!
//! State and transitions only: the shell loads the list ([`LibraryEffect::LoadEntities`]) and
//! an entity's articles ([`LibraryEffect::LoadEntityArticles`]) from the store. While the view
//! is shown, [`route`] gives the generic actions (moves, typing, `Enter`, `Esc`) their meaning
//! here, so the parent's `update` only forwards.

use super::{LibraryAction, LibraryEffect, LibraryMode, LibraryState};

/// One entity as the view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityLine {
    pub id: i64,
    pub canonical: String,
    /// Type label (`PERSON`, `GPE`, …).
    pub kind: String,
    pub articles: usize,
    pub mentions: usize,
    /// Earliest and latest publication dates of its articles (ISO), empty if none.
    pub first: String,
    pub last: String,
    /// The entities most often mentioned in the same articles.
    pub with: Vec<String>,
}

/// One article of the selected entity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityArticleLine {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub mentions: usize,
    /// Byte offset of the entity's first mention in the article's text.
    pub first: usize,
}

/// Where the view's keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntitiesFocus {
    #[default]
    List,
    /// Typing into the text filter.
    Filter,
    /// The selected entity's articles.
    Articles,
}

/// The Entities view's state (inside [`LibraryState`]).
#[derive(Debug, Clone, Default)]
pub struct EntitiesView {
    pub loaded: bool,
    pub entities: Vec<EntityLine>,
    /// Lower-cased names, for the filter.
    hay: Vec<String>,
    /// Entities shown (indices into `entities`), in order.
    pub rows: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
    pub filter: String,
    /// Only this type, when set.
    pub kind: Option<String>,
    pub focus: EntitiesFocus,
    /// The articles of `articles_of` (an entity id), once loaded.
    pub articles_of: Option<i64>,
    pub articles: Vec<EntityArticleLine>,
    pub article_selected: usize,
}

impl EntitiesView {
    /// The selected entity.
    pub fn selected_entity(&self) -> Option<&EntityLine> {
        self.rows
            .get(self.selected)
            .and_then(|&i| self.entities.get(i))
    }

    /// The types present, in the order `t` cycles through them (most entities first).
    pub fn kinds(&self) -> Vec<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for e in &self.entities {
            match counts.iter_mut().find(|(k, _)| *k == e.kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((e.kind.clone(), 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts.into_iter().map(|(k, _)| k).collect()
    }

    fn refilter(&mut self) {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.rows = (0..self.entities.len())
            .filter(|&i| {
                self.kind
                    .as_ref()
                    .is_none_or(|k| self.entities.get(i).is_some_and(|e| &e.kind == k))
                    && words
                        .iter()
                        .all(|w| self.hay.get(i).is_some_and(|h| h.contains(w.as_str())))
            })
            .collect();
        self.selected = 0;
        self.offset = 0;
    }

    fn move_by(&mut self, delta: isize, page: usize) {
        if self.focus == EntitiesFocus::Articles {
            let last = self.articles.len().saturating_sub(1);
            self.article_selected = self.article_selected.saturating_add_signed(delta).min(last);
            return;
        }
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }
}

/// `E`: shows the view (loading the ledger the first time), or goes back to the list.
pub fn toggle(st: &mut LibraryState) -> Vec<LibraryEffect> {
    if st.mode() == &LibraryMode::Entities {
        st.mode = LibraryMode::List;
        return Vec::new();
    }
    st.mode = LibraryMode::Entities;
    if st.entities.loaded {
        Vec::new()
    } else {
        vec![LibraryEffect::LoadEntities]
    }
}

/// The ledger arrived (most articles first, as the store sorts it).
pub fn loaded(st: &mut LibraryState, entities: Vec<EntityLine>) {
    let v = &mut st.entities;
    v.hay = entities
        .iter()
        .map(|e| e.canonical.to_lowercase())
        .collect();
    v.entities = entities;
    v.loaded = true;
    v.refilter();
}

/// An entity's articles arrived.
pub fn articles_loaded(st: &mut LibraryState, entity: i64, articles: Vec<EntityArticleLine>) {
    let v = &mut st.entities;
    if v.selected_entity().map(|e| e.id) == Some(entity) {
        v.articles_of = Some(entity);
        v.articles = articles;
        v.article_selected = 0;
        v.focus = EntitiesFocus::Articles;
    }
}

/// `t`: the next type (after the last: every type).
pub fn cycle_kind(st: &mut LibraryState) {
    let v = &mut st.entities;
    let kinds = v.kinds();
    v.kind = match &v.kind {
        None => kinds.first().cloned(),
        Some(k) => kinds
            .iter()
            .position(|x| x == k)
            .and_then(|i| kinds.get(i + 1))
            .cloned(),
    };
    v.focus = EntitiesFocus::List;
    v.refilter();
}

/// The meaning of a generic action while the view is shown; `None`: the parent handles it
/// (quit, resize, help, the view's own actions).
pub fn route(st: &mut LibraryState, action: &LibraryAction) -> Option<Vec<LibraryEffect>> {
    let page = st.page();
    let step = isize::try_from(page).unwrap_or(1);
    let v = &mut st.entities;
    match action {
        LibraryAction::Down => v.move_by(1, page),
        LibraryAction::Up => v.move_by(-1, page),
        LibraryAction::PageDown => v.move_by(step, page),
        LibraryAction::PageUp => v.move_by(-step, page),
        LibraryAction::Top => v.move_by(isize::MIN / 2, page),
        LibraryAction::Bottom => v.move_by(isize::MAX / 2, page),
        LibraryAction::StartFilter => v.focus = EntitiesFocus::Filter,
        LibraryAction::Input(c) if v.focus == EntitiesFocus::Filter => {
            v.filter.push(*c);
            v.refilter();
        }
        LibraryAction::Backspace if v.focus == EntitiesFocus::Filter => {
            v.filter.pop();
            v.refilter();
        }
        LibraryAction::Confirm if v.focus == EntitiesFocus::Filter => {
            v.focus = EntitiesFocus::List;
        }
        LibraryAction::Open if v.focus == EntitiesFocus::Articles => {
            if let Some(a) = v.articles.get(v.article_selected) {
                return Some(vec![LibraryEffect::Open {
                    id: a.id,
                    at: Some(a.first),
                    follow: v
                        .selected_entity()
                        .map(|e| (e.canonical.clone(), e.kind.clone())),
                }]);
            }
        }
        LibraryAction::Open => {
            v.focus = EntitiesFocus::List;
            if let Some(e) = v.selected_entity() {
                return Some(vec![LibraryEffect::LoadEntityArticles(e.id)]);
            }
        }
        LibraryAction::Cancel | LibraryAction::Back => match v.focus {
            EntitiesFocus::Articles => v.focus = EntitiesFocus::List,
            EntitiesFocus::Filter => {
                v.filter.clear();
                v.focus = EntitiesFocus::List;
                v.refilter();
            }
            EntitiesFocus::List if !v.filter.is_empty() => {
                v.filter.clear();
                v.refilter();
            }
            EntitiesFocus::List => st.mode = LibraryMode::List,
        },
        _ => return None,
    }
    Some(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::super::update;
    use super::*;

    fn entity(id: i64, name: &str, kind: &str, articles: usize) -> EntityLine {
        EntityLine {
            id,
            canonical: name.into(),
            kind: kind.into(),
            articles,
            mentions: articles * 2,
            with: vec!["Russia".into()],
            ..EntityLine::default()
        }
    }

    fn shown(st: &LibraryState) -> Vec<&str> {
        st.entities
            .rows
            .iter()
            .map(|&i| st.entities.entities[i].canonical.as_str())
            .collect()
    }

    fn screen() -> LibraryState {
        let mut st = LibraryState::new(Vec::new(), 100, 30);
        assert_eq!(
            update(&mut st, LibraryAction::ShowEntities),
            vec![LibraryEffect::LoadEntities]
        );
        update(
            &mut st,
            LibraryAction::EntitiesLoaded(vec![
                entity(1, "China", "GPE", 3),
                entity(2, "Huawei", "ORG", 2),
                entity(3, "Chen Wei", "PERSON", 1),
                entity(4, "Russia", "GPE", 1),
            ]),
        );
        st
    }

    #[test]
    fn filtering_by_type_and_text() {
        let mut st = screen();
        assert_eq!(shown(&st), ["China", "Huawei", "Chen Wei", "Russia"]);
        update(&mut st, LibraryAction::CycleEntityType);
        assert_eq!(st.entities.kind.as_deref(), Some("GPE"));
        assert_eq!(shown(&st), ["China", "Russia"]);
        update(&mut st, LibraryAction::CycleEntityType);
        update(&mut st, LibraryAction::CycleEntityType);
        update(&mut st, LibraryAction::CycleEntityType);
        assert_eq!(st.entities.kind, None, "after the last type: all of them");
        update(&mut st, LibraryAction::StartFilter);
        for c in "ch".chars() {
            update(&mut st, LibraryAction::Input(c));
        }
        assert_eq!(shown(&st), ["China", "Chen Wei"]);
        update(&mut st, LibraryAction::Confirm);
        assert_eq!(st.entities.focus, EntitiesFocus::List);
        update(&mut st, LibraryAction::Cancel);
        assert_eq!(shown(&st).len(), 4, "Esc clears the filter first");
        update(&mut st, LibraryAction::Cancel);
        assert_eq!(st.mode(), &LibraryMode::List, "then leaves the view");
    }

    #[test]
    fn enter_lists_the_articles_then_opens_one_at_the_first_mention() {
        let mut st = screen();
        update(&mut st, LibraryAction::Down);
        assert_eq!(
            update(&mut st, LibraryAction::Open),
            vec![LibraryEffect::LoadEntityArticles(2)]
        );
        let articles = vec![
            EntityArticleLine {
                id: 7,
                title: "A".into(),
                first: 120,
                ..EntityArticleLine::default()
            },
            EntityArticleLine {
                id: 9,
                title: "B".into(),
                first: 40,
                ..EntityArticleLine::default()
            },
        ];
        // an answer for an entity no longer selected is dropped
        update(
            &mut st,
            LibraryAction::EntityArticlesLoaded(1, articles.clone()),
        );
        assert_eq!(st.entities.focus, EntitiesFocus::List);
        update(&mut st, LibraryAction::EntityArticlesLoaded(2, articles));
        assert_eq!(st.entities.focus, EntitiesFocus::Articles);
        update(&mut st, LibraryAction::Down);
        assert_eq!(
            update(&mut st, LibraryAction::Open),
            vec![LibraryEffect::Open {
                id: 9,
                at: Some(40),
                follow: Some(("Huawei".into(), "ORG".into())),
            }],
            "the reader follows the entity there"
        );
        update(&mut st, LibraryAction::Cancel);
        assert_eq!(st.entities.focus, EntitiesFocus::List);
        assert_eq!(st.mode(), &LibraryMode::Entities);
    }
}
