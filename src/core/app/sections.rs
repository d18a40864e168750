//! The sections pane: next and previous section, the pane's selection, folding, and jumping
//! the article to a section. Pure: changes `AppState`; uses `core::doc` and the app's state.

use crate::core::app::state::{AppState, Focus, section_at};
use crate::core::doc::sections::SectionKind;

pub fn jump_to_section(state: &mut AppState, i: usize) {
    let Some(s) = state.sections.items.get(i) else {
        return;
    };
    let start = s.start();
    crate::core::app::reading::lay_out_around(state, start);
    let line = state.layout.line_for_offset(start);
    // line_for_offset gives the last line starting at or before the offset; for a section
    // start that is its first line unless several lines share a start (then take the first).
    let mut first = line;
    while first > 0 && state.layout.offset_of_line(first - 1) == start {
        first -= 1;
    }
    state.set_top(first);
    state.pinned_section = Some(i);
    // reveal it in the sections pane
    let mut p = state.sections.parent(i);
    while let Some(pi) = p {
        if let Some(f) = state.sections.folded.get_mut(pi) {
            *f = false;
        }
        p = state.sections.parent(pi);
    }
    state.sections.recompute_rows();
    state.sections.selected = i;
    state.sync_sections();
}

pub fn next_section(state: &mut AppState) {
    // From the current section (which may lie below the top line at the end of the text).
    let offset = state.reading_offset();
    let from = state
        .sections
        .current
        .and_then(|c| state.sections.items.get(c))
        .map_or(offset, |s| s.start().max(offset));
    // `]` and `[` step through sections and topics; paragraph entries are `}`'s business.
    let next = state
        .sections
        .items
        .iter()
        .position(|s| s.start() > from && s.kind != SectionKind::Paragraph);
    match next {
        Some(i) => jump_to_section(state, i),
        None => state.info("Last section"),
    }
}

pub fn prev_section(state: &mut AppState) {
    let offset = state.reading_offset();
    let items = &state.sections.items;
    let is_section = |i: &usize| {
        items
            .get(*i)
            .is_some_and(|s| s.kind != SectionKind::Paragraph)
    };
    let here = state
        .pinned_section
        .or_else(|| section_at(items, offset))
        .and_then(|h| (0..=h).rev().find(is_section));
    let Some(here) = here else {
        state.info("First section");
        return;
    };
    let here_line = state
        .layout
        .line_for_offset(state.sections.items[here].start());
    let target = if state.pinned_section.is_none() && here_line < state.viewport.top {
        // inside a section: go to its start first
        Some(here)
    } else {
        (0..here).rev().find(is_section)
    };
    if let Some(i) = target {
        jump_to_section(state, i);
    } else {
        state.set_top(0);
        state.info("First section");
    }
}

pub fn select_row(state: &mut AppState, delta: isize) {
    let rows = &state.sections.rows;
    if rows.is_empty() {
        return;
    }
    let row = state.sections.row_of(state.sections.selected).unwrap_or(0);
    let new = row.saturating_add_signed(delta).min(rows.len() - 1);
    state.sections.selected = rows[new];
    state.clamp_sections_offset();
}

pub fn fold(state: &mut AppState) {
    let i = state.sections.selected;
    let can_fold =
        state.sections.has_children(i) && !state.sections.folded.get(i).copied().unwrap_or(true);
    if can_fold {
        state.sections.folded[i] = true;
        state.sections.recompute_rows();
    } else if let Some(p) = state.sections.parent(i) {
        state.sections.selected = p;
    }
    state.clamp_sections_offset();
}

pub fn jump_to_selected(state: &mut AppState) {
    jump_to_section(state, state.sections.selected);
    if !state.is_wide() {
        state.focus = Focus::Article;
    }
}

pub fn unfold(state: &mut AppState) {
    let i = state.sections.selected;
    if let Some(f) = state.sections.folded.get_mut(i) {
        *f = false;
    }
    state.sections.recompute_rows();
    state.clamp_sections_offset();
}
