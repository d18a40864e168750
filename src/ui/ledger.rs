//! The library's Entities view (`core::app::library::entities`): the ledger's entities on the
//! left (type, articles, mentions, name), and beside them the selected entity's co-mentioned
//! entities, dates and — once `Enter` loaded them — its articles. Draws `&LibraryState` only;
//! every name passes through `one_line` (document text never reaches the terminal raw).

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::core::app::library::{EntitiesFocus, LibraryState};
use crate::core::doc::sanitize::one_line;
use crate::ui::library::{line, pad};
use crate::ui::theme::Theme;

/// The header line of the view.
pub fn head(st: &LibraryState) -> String {
    let v = &st.entities;
    let mut head = format!(" Entities — {} of {}", v.rows.len(), v.entities.len());
    if let Some(k) = &v.kind {
        let _ = write!(head, " · type {}", one_line(k));
    }
    if !v.filter.is_empty() || v.focus == EntitiesFocus::Filter {
        let _ = write!(head, " · filter “{}”", one_line(&v.filter));
    }
    head
}

/// The status line while the view is shown.
pub fn status(st: &LibraryState) -> String {
    match st.entities.focus {
        EntitiesFocus::Filter => format!(" /{}▏", st.entities.filter),
        EntitiesFocus::Articles => {
            " Enter open at the first mention · Esc back to the entities".into()
        }
        EntitiesFocus::List => {
            " Enter its articles · / filter · t type · E back · ? help · q quit".into()
        }
    }
}

/// Draws the list and the side column into `body`.
pub fn render(st: &LibraryState, theme: &Theme, body: Rect, buf: &mut Buffer) {
    let v = &st.entities;
    if !v.loaded {
        line(
            buf,
            body,
            0,
            Line::styled(" loading the ledger…", theme.dim()),
        );
        return;
    }
    if v.rows.is_empty() {
        let msg = if v.entities.is_empty() {
            " No entities yet: gloss add PATH… puts articles (and their entities) in the library"
        } else {
            " No entity matches (Esc clears the filter, t the type)"
        };
        line(buf, body, 0, Line::styled(msg, theme.dim()));
        return;
    }
    let left_w = (body.width * 3 / 5).max(20).min(body.width);
    let left = Rect::new(body.x, body.y, left_w, body.height);
    let right = Rect::new(
        body.x + left_w + 1,
        body.y,
        body.width.saturating_sub(left_w + 1),
        body.height,
    );
    let name_w = usize::from(left_w).saturating_sub(26);
    for (y, &i) in v
        .rows
        .iter()
        .enumerate()
        .skip(v.offset)
        .take(usize::from(body.height))
        .map(|(n, i)| (n - v.offset, i))
    {
        let Some(e) = v.entities.get(i) else { continue };
        let selected = v.offset + y == v.selected;
        let style = if selected && v.focus != EntitiesFocus::Articles {
            theme.selection()
        } else {
            theme.text()
        };
        let text = format!(
            "{}{} {:>5} {:>6}  {}",
            if selected { "›" } else { " " },
            pad(&one_line(&e.kind), 8, false),
            e.articles,
            e.mentions,
            pad(&one_line(&e.canonical), name_w, false)
        );
        line(
            buf,
            left,
            u16::try_from(y).unwrap_or(u16::MAX),
            Line::styled(text, style),
        );
    }
    side(st, theme, right, buf);
}

/// The selected entity beside the list: its dates, co-mentioned entities and articles.
fn side(st: &LibraryState, theme: &Theme, right: Rect, buf: &mut Buffer) {
    let v = &st.entities;
    if right.width < 10 {
        return;
    }
    let Some(e) = v.selected_entity() else { return };
    let w = usize::from(right.width);
    let mut lines: Vec<Line<'_>> = vec![
        Line::styled(pad(&one_line(&e.canonical), w, false), theme.label()),
        Line::styled(
            pad(
                &format!(
                    "{} articles · {} mentions · {} – {}",
                    e.articles,
                    e.mentions,
                    if e.first.is_empty() { "?" } else { &e.first },
                    if e.last.is_empty() { "?" } else { &e.last }
                ),
                w,
                false,
            ),
            theme.dim(),
        ),
        Line::raw(""),
        Line::styled("With", theme.label()),
    ];
    for name in &e.with {
        lines.push(Line::raw(pad(&format!("  {}", one_line(name)), w, false)));
    }
    if v.articles_of == Some(e.id) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Articles", theme.label()));
        for (n, a) in v.articles.iter().enumerate() {
            let selected = v.focus == EntitiesFocus::Articles && n == v.article_selected;
            let text = format!(
                "{}{} {:>3}×  {}",
                if selected { "›" } else { " " },
                pad(&one_line(&a.date), 10, false),
                a.mentions,
                one_line(&a.title)
            );
            let style = if selected {
                theme.selection()
            } else {
                theme.text()
            };
            lines.push(Line::from(Span::styled(pad(&text, w, false), style)));
        }
    }
    for (y, l) in lines
        .into_iter()
        .take(usize::from(right.height))
        .enumerate()
    {
        line(buf, right, u16::try_from(y).unwrap_or(u16::MAX), l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::app::library::{
        EntityArticleLine, EntityLine, LibraryAction, LibraryEffect, update,
    };
    use crate::ui::library::tests::draw;

    fn entity(id: i64, name: &str, kind: &str, articles: usize, with: &[&str]) -> EntityLine {
        EntityLine {
            id,
            canonical: name.into(),
            kind: kind.into(),
            articles,
            mentions: articles * 3,
            first: "2019-10-04".into(),
            last: "2026-03-01".into(),
            with: with.iter().map(|w| (*w).to_owned()).collect(),
        }
    }

    #[test]
    fn snapshot_of_the_entities_view_with_an_entitys_articles() {
        let mut st = LibraryState::new(Vec::new(), 100, 12);
        assert_eq!(
            update(&mut st, LibraryAction::ShowEntities),
            vec![LibraryEffect::LoadEntities]
        );
        update(
            &mut st,
            LibraryAction::EntitiesLoaded(vec![
                entity(1, "China", "GPE", 12, &["Russia", "Huawei", "Xi Jinping"]),
                entity(2, "Huawei", "ORG", 4, &["China", "ZTE"]),
                entity(3, "Elsa Kania", "PERSON", 2, &["China"]),
            ]),
        );
        update(&mut st, LibraryAction::Open);
        update(
            &mut st,
            LibraryAction::EntityArticlesLoaded(
                1,
                vec![
                    EntityArticleLine {
                        id: 2,
                        title: "Chips and export controls".into(),
                        date: "2026-03-01".into(),
                        mentions: 4,
                        first: 10,
                    },
                    EntityArticleLine {
                        id: 1,
                        title: "China, Russia Deepen\u{1b}[31m Technological Ties".into(),
                        date: "2019-10-04".into(),
                        mentions: 13,
                        first: 0,
                    },
                ],
            ),
        );
        let term = draw(&st, 100, 12);
        let text = format!("{}", term.backend());
        assert!(!text.contains('\u{1b}'), "document text is made safe");
        insta::assert_snapshot!(term.backend());
    }
}
