//! The entity views: the Entities tab of the sidebar (legend, filter, entities grouped by type
//! with counts), the entity highlights painted over the article, the per-type styles and the
//! mark-as-entity prompt shown in the status bar.
//!
//! Each type has a colour from displaCy's palette, used as a background under black text so it
//! reads the same on dark and light terminals, *and* its own combination of bold, italic and
//! underline, so types stay distinguishable without colour (under `NO_COLOR` only the modifiers
//! remain). The styles live here rather than in `theme.rs` because they are one table indexed
//! by type; they still take the theme's monochrome switch. The article highlights are built
//! for the visible source range only, by binary search in the sorted mentions, so a frame costs
//! the same in a short note and a 100 MB book.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::core::app::entities::{
    EntitiesState, EntityRow, KIND_ORDER, LIST_TOP, Recognition, kind_name,
};
use crate::core::app::keymap::KeyMode;
use crate::core::app::state::{AppState, Mode};
use crate::core::doc::entities::EntityKind;
use crate::core::doc::sanitize::one_line;
use crate::core::doc::text::{ellipsize, str_width};
use crate::ui::article::{Highlight, HighlightKind};
use crate::ui::theme::{EMPHASIS, Theme};

/// The article palette for this document: [`palette`] with the user's custom colours.
pub fn document_palette(theme: &Theme, entities: &EntitiesState) -> Vec<Style> {
    let mut p = theme.entity_palette();
    for kind in &entities.kinds {
        let slot = entities.color_index(kind);
        if slot < usize::from(EMPHASIS)
            && let Some(s) = p.get_mut(slot)
        {
            *s = theme.entity_kind(entities, kind);
        }
    }
    p
}

fn slot_u8(i: usize) -> u8 {
    u8::try_from(i.min(usize::from(EMPHASIS) - 1)).unwrap_or(0)
}

/// The entity highlights for the source range `visible`: sorted, non-overlapping, only the
/// types shown.
pub fn highlights(state: &AppState, visible: &Range<usize>) -> Vec<Highlight> {
    let e = &state.entities;
    if !e.highlight {
        return Vec::new();
    }
    e.mentions_in(visible)
        .iter()
        .filter(|m| !e.hidden.contains(&m.kind))
        .map(|m| Highlight {
            range: m.range.clone(),
            kind: HighlightKind::Entity(slot_u8(e.color_index(&m.kind))),
        })
        .collect()
}

/// The watch mark drawn in the gutter beside a line that mentions a watched entity: readable
/// without colour, and it never hides a note's mark.
pub const WATCH_MARK: char = '★';

/// `marks` (the notes' gutter, sorted by line) with [`WATCH_MARK`] added on lines `top..bottom`
/// that mention a watched entity and carry no other mark.
pub fn with_watch_marks(
    state: &AppState,
    visible: &Range<usize>,
    top: usize,
    bottom: usize,
    mut marks: Vec<(usize, char)>,
) -> Vec<(usize, char)> {
    let e = &state.entities;
    if e.watch.is_empty() || !e.highlight {
        return marks;
    }
    for (i, ent) in e.entities.iter().enumerate() {
        if !e.is_watched(i) {
            continue;
        }
        let ms = &ent.mentions;
        let lo = ms.partition_point(|r| r.end <= visible.start);
        for r in ms.iter().skip(lo).take_while(|r| r.start <= visible.end) {
            let line = state.layout.line_for_offset(r.start);
            if (top..bottom).contains(&line) && !marks.iter().any(|(l, _)| *l == line) {
                marks.push((line, WATCH_MARK));
            }
        }
    }
    marks.sort_by_key(|(l, _)| *l);
    marks
}

/// The selected entity's visible mentions (emphasised) and the mention the reader is on.
pub fn overlays(state: &AppState, visible: &Range<usize>) -> Vec<Highlight> {
    let e = &state.entities;
    let Some(chosen) = e.chosen_entity() else {
        return Vec::new();
    };
    let ms = &chosen.mentions;
    let lo = ms.partition_point(|r| r.end <= visible.start);
    let mut out: Vec<Highlight> = ms
        .iter()
        .skip(lo)
        .take_while(|r| r.start <= visible.end)
        .map(|r| Highlight {
            range: r.clone(),
            kind: HighlightKind::Entity(EMPHASIS),
        })
        .collect();
    if let Some(r) = e.mention.and_then(|m| ms.get(m)) {
        out.push(Highlight {
            range: r.clone(),
            kind: HighlightKind::CurrentMatch,
        });
    }
    out
}

/// The Entities tab's body (below the tab strip).
pub struct EntitiesTab<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
    pub focused: bool,
}

impl Widget for &EntitiesTab<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 || area.width == 0 {
            return;
        }
        let st = self.state;
        let e = &st.entities;
        let theme = self.theme;
        // line 1: filter, or progress and totals
        let head = if st.mode == Mode::EntityFilter || !e.filter.is_empty() {
            let cursor = if st.mode == Mode::EntityFilter {
                "▏"
            } else {
                ""
            };
            Line::from(vec![
                Span::styled("/", theme.label()),
                Span::styled(format!("{}{cursor}", one_line(&e.filter)), theme.text()),
            ])
        } else {
            let text = match e.recognition {
                Recognition::Idle => "not recognised yet".to_owned(),
                Recognition::Running(p) => format!("recognising… {p}%"),
                Recognition::Done if e.entities.is_empty() => "no entities found".to_owned(),
                Recognition::Done => {
                    let long = format!(
                        "{} entities · {} mentions",
                        e.entities.len(),
                        e.mentions.len()
                    );
                    if str_width(&long) <= usize::from(area.width) {
                        long
                    } else {
                        format!("{} · {}×", e.entities.len(), e.mentions.len())
                    }
                }
            };
            Line::from(Span::styled(text, theme.dim()))
        };
        buf.set_line(area.x, area.y, &head, area.width);
        // lines 2-3: the legend, flowing
        legend(
            st,
            theme,
            Rect {
                y: area.y + 1,
                height: 2.min(area.height.saturating_sub(1)),
                ..area
            },
            buf,
        );
        // the list
        let top = LIST_TOP.saturating_sub(1);
        if area.height <= top {
            return;
        }
        let list = Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        };
        if e.rows.is_empty() && e.recognition == Recognition::Done && !e.filter.is_empty() {
            buf.set_string(list.x, list.y, "no match", theme.dim());
            return;
        }
        let rows = e
            .rows
            .iter()
            .enumerate()
            .skip(e.offset)
            .take(usize::from(list.height));
        for (y, (i, row)) in (list.y..).zip(rows) {
            let selected = i == e.selected;
            let line = match *row {
                EntityRow::Kind(k) => kind_row(st, theme, k),
                EntityRow::Entity(ei) => entity_row(st, theme, ei, list.width),
                EntityRow::Aliases(ei) => aliases_row(st, theme, ei, list.width),
            };
            buf.set_line(list.x, y, &line, list.width);
            if selected && self.focused {
                buf.set_style(
                    Rect {
                        y,
                        height: 1,
                        ..list
                    },
                    theme.selection(),
                );
            }
        }
    }
}

fn kind_row<'a>(st: &AppState, theme: &Theme, k: usize) -> Line<'a> {
    let e = &st.entities;
    let Some(kind) = e.kinds.get(k) else {
        return Line::default();
    };
    let (n, mentions) = e.kind_counts(kind);
    let hidden = e.hidden.contains(kind);
    let chip = if hidden || !e.highlight {
        theme.dim()
    } else {
        theme.entity_kind(e, kind)
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", one_line(kind.label())), chip),
        Span::styled(format!(" {n} · {mentions}×"), theme.label()),
    ];
    if hidden {
        spans.push(Span::styled(" hidden", theme.dim()));
    }
    Line::from(spans)
}

fn entity_row<'a>(st: &AppState, theme: &Theme, ei: usize, width: u16) -> Line<'a> {
    let e = &st.entities;
    let Some(ent) = e.entities.get(ei) else {
        return Line::default();
    };
    let count = format!("×{}", ent.count());
    let mark = if e.is_watched(ei) {
        format!("{WATCH_MARK} ")
    } else {
        String::new()
    };
    let name = format!("{mark}{}", one_line(&ent.canonical));
    let avail = usize::from(width).saturating_sub(str_width(&count) + 3);
    let name = ellipsize(&name, avail);
    let pad = usize::from(width).saturating_sub(str_width(&name) + str_width(&count) + 2);
    let style = if e.chosen == Some(ei) {
        theme.current_section()
    } else {
        theme.text()
    };
    Line::from(vec![
        Span::raw("  "),
        Span::styled(name, style),
        Span::raw(" ".repeat(pad)),
        Span::styled(count, theme.dim()),
    ])
}

/// The other names of an entity, dim, on the line beneath it.
fn aliases_row<'a>(st: &AppState, theme: &Theme, ei: usize, width: u16) -> Line<'a> {
    let Some(ent) = st.entities.entities.get(ei) else {
        return Line::default();
    };
    let names: Vec<String> = ent.aliases.iter().map(|a| one_line(a)).collect();
    let text = ellipsize(&names.join(", "), usize::from(width).saturating_sub(4));
    Line::from(vec![Span::raw("    "), Span::styled(text, theme.dim())])
}

/// The legend: one chip per type present, in its style.
fn legend(st: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let e = &st.entities;
    let kinds: Vec<&EntityKind> = if e.kinds.is_empty() {
        KIND_ORDER.iter().take(6).collect()
    } else {
        e.kinds.iter().collect()
    };
    let (mut x, mut y) = (area.x, area.y);
    for kind in kinds {
        if y >= area.y + area.height {
            break;
        }
        let label = format!(" {} ", one_line(kind.label()));
        let w = u16::try_from(str_width(&label)).unwrap_or(u16::MAX);
        if x > area.x && x + w > area.x + area.width {
            x = area.x;
            y += 1;
            if y >= area.y + area.height {
                break;
            }
        }
        let style = if e.highlight && !e.hidden.contains(kind) {
            theme.entity_kind(e, kind)
        } else {
            theme.dim()
        };
        buf.set_stringn(x, y, &label, usize::from(area.x + area.width - x), style);
        x = x.saturating_add(w + 1);
    }
}

/// The mark-as-entity prompt for the status bar (the choices are in [`MarkPopup`]).
pub fn mark_prompt(state: &AppState) -> String {
    let phrase = state
        .entities
        .marking
        .as_deref()
        .map(one_line)
        .unwrap_or_default();
    format!(" “{phrase}” is: choose its type · Esc cancel")
}

/// The choices of the mark prompt, one line per key, from the key table.
pub fn mark_choices(state: &AppState) -> Vec<(String, String, Option<EntityKind>)> {
    state
        .keymap
        .bindings(KeyMode::MarkEntity)
        .iter()
        .filter_map(|b| match &b.command.action {
            crate::core::app::messages::Action::Entities(
                crate::core::app::entities::EntitiesAction::MarkAs(k),
            ) => Some((
                b.key.to_string(),
                k.as_ref()
                    .map_or_else(|| "not an entity".to_owned(), |k| k.label().to_owned()),
                k.clone(),
            )),
            _ => None,
        })
        .collect()
}

/// A small box over the article listing the types to mark the phrase as, each in its style.
pub struct MarkPopup<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

impl Widget for &MarkPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let choices = mark_choices(self.state);
        let h = u16::try_from(choices.len() + 2).unwrap_or(u16::MAX);
        let w: u16 = 34;
        if area.width < w || area.height < h + 1 {
            return; // the status bar still says what to do
        }
        let r = Rect {
            x: area.x + (area.width - w) / 2,
            y: area.y + (area.height - h) / 2,
            width: w,
            height: h,
        };
        ratatui::widgets::Clear.render(r, buf);
        let block = crate::ui::pane_block(" Mark as ", true, self.theme);
        let inner = block.inner(r);
        block.render(r, buf);
        for (y, (key, label, kind)) in (inner.y..).zip(choices) {
            let style = kind.as_ref().map_or_else(
                || self.theme.dim(),
                |k| self.theme.entity_kind(&self.state.entities, k),
            );
            let name = kind.as_ref().map(kind_name).unwrap_or_default();
            let line = Line::from(vec![
                Span::styled(format!(" {key:<3}"), self.theme.help_key()),
                Span::styled(format!(" {label} "), style),
                Span::styled(format!(" {name}"), self.theme.dim()),
            ]);
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}

/// Recognition progress for the status bar, while it runs (from the first chunk on: a short
/// document is done before it would be worth a word).
pub fn progress(state: &AppState) -> Option<String> {
    match state.entities.recognition {
        Recognition::Running(p) if p > 0 => Some(format!("entities {p}% │ ")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_type_is_distinct_with_and_without_colour() {
        for theme in [Theme::default(), Theme::monochrome()] {
            let styles: Vec<Style> = (0..KIND_ORDER.len()).map(|i| theme.entity(i)).collect();
            for (i, a) in styles.iter().enumerate() {
                for b in &styles[i + 1..] {
                    assert_ne!(a, b);
                }
            }
        }
        let mono = Theme::monochrome().entity(1);
        assert!(mono.bg.is_none() && mono.fg.is_none());
        assert_eq!(
            Theme::default().entity_palette().len(),
            crate::ui::theme::SLOTS
        );
    }

    #[test]
    fn truncation_keeps_the_width() {
        assert_eq!(ellipsize("Huawei", 10), "Huawei");
        assert_eq!(ellipsize("Huawei Technologies", 8), "Huawei …");
        assert!(str_width(&ellipsize("Huawei Technologies", 8)) <= 8);
    }

    /// Regression: the entity list cut names by `char`, so an emoji joined with ZWJs was cut
    /// after its first person, leaving a dangling joiner (a split grapheme) before the `…`.
    #[test]
    fn truncating_an_entity_name_never_splits_a_grapheme() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let name = format!("ab{family}{family} Ltd");
        let cut = ellipsize(&name, 5);
        assert_eq!(cut, format!("ab{family}…"));
        assert!(str_width(&cut) <= 5);
    }
}
