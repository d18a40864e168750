//! Tables in the layout: column widths fitted to the measure, cells wrapped inside their
//! column, box-drawing borders. Pure; extends the builder.

use std::borrow::Cow;
use std::ops::Range;

use super::builder::{Builder, deco, deco_owned};
use super::{LineKind, Role, Segment, spaces};
use crate::core::doc::document::{Align, Inline, InlineStyle};
use crate::core::doc::text::str_width;

impl Builder<'_> {
    pub(super) fn table(&mut self, table: &crate::core::doc::document::Table, range: Range<usize>) {
        let ncols = table
            .rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(table.header.len()))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let avail = self.width.saturating_sub(self.prefix_width());
        let overhead = 3 * ncols + 1;
        let rows: Vec<(&[Vec<Inline>], bool)> = std::iter::once((table.header.as_slice(), true))
            .filter(|(h, _)| !h.is_empty())
            .chain(table.rows.iter().map(|r| (r.as_slice(), false)))
            .collect();
        if avail < overhead + ncols {
            // too narrow for boxes: each row as wrapped text, cells separated by bars
            for (row, header) in rows {
                self.clear_runs();
                for (ci, cell) in row.iter().enumerate() {
                    if ci > 0 {
                        self.push_decoration_run(" │ ", Role::Decoration);
                    }
                    let extra = if header {
                        InlineStyle::STRONG
                    } else {
                        InlineStyle::empty()
                    };
                    self.push_inlines(cell, Role::Body, extra);
                }
                self.flush_paragraph(LineKind::Table);
            }
            return;
        }
        // natural widths
        let mut natural = vec![1usize; ncols];
        for (row, header) in &rows {
            for (ci, cell) in row.iter().enumerate() {
                self.clear_runs();
                let extra = if *header {
                    InlineStyle::STRONG
                } else {
                    InlineStyle::empty()
                };
                self.push_inlines(cell, Role::Body, extra);
                let w = str_width(self.buf.trim());
                natural[ci] = natural[ci].max(w);
            }
        }
        let budget = avail - overhead;
        let widths = fit_columns(&natural, budget);
        let aligns: Vec<Align> = (0..ncols)
            .map(|i| table.aligns.get(i).copied().unwrap_or(Align::None))
            .collect();
        let pos = range.start;
        self.border_line(&widths, ["┌", "┬", "┐"], pos);
        for (ri, (row, header)) in rows.iter().enumerate() {
            self.table_row(row, *header, &widths, &aligns);
            if *header && ri + 1 < rows.len() {
                let pos = self.last_pos();
                self.border_line(&widths, ["├", "┼", "┤"], pos);
            }
        }
        let pos = self.last_pos();
        self.border_line(&widths, ["└", "┴", "┘"], pos);
    }

    pub(super) fn table_row(
        &mut self,
        row: &[Vec<Inline>],
        header: bool,
        widths: &[usize],
        aligns: &[Align],
    ) {
        let ncols = widths.len();
        let mut cells: Vec<Vec<(Vec<Segment>, usize)>> = Vec::with_capacity(ncols);
        for (ci, w) in widths.iter().enumerate() {
            self.clear_runs();
            if let Some(cell) = row.get(ci) {
                let extra = if header {
                    InlineStyle::STRONG
                } else {
                    InlineStyle::empty()
                };
                self.push_inlines(cell, Role::Body, extra);
            }
            let mut ri = 0;
            let lines = self
                .wrap(*w, *w)
                .into_iter()
                .map(|p| {
                    let segs = if p.range.is_empty() {
                        Vec::new()
                    } else {
                        self.segments_for(p.range.start, p.range.end, &mut ri)
                    };
                    (segs, p.width)
                })
                .collect();
            cells.push(lines);
        }
        self.clear_runs();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for k in 0..height {
            let mut segs = Vec::new();
            for (ci, col) in cells.iter_mut().enumerate() {
                segs.push(deco(if ci == 0 { "│ " } else { " │ " }));
                let (content, cw) = match col.get_mut(k) {
                    Some((segs, w)) => (std::mem::take(segs), *w),
                    None => (Vec::new(), 0),
                };
                let pad = widths[ci].saturating_sub(cw);
                let (l, r) = match aligns[ci] {
                    Align::Right => (pad, 0),
                    Align::Center => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                if l > 0 {
                    segs.push(deco_owned(spaces(l)));
                }
                segs.extend(content);
                if r > 0 {
                    segs.push(deco_owned(spaces(r)));
                }
            }
            segs.push(deco(" │"));
            self.push_line(LineKind::Table, segs);
        }
    }

    pub(super) fn border_line(
        &mut self,
        widths: &[usize],
        [l, m, r]: [&'static str; 3],
        pos: usize,
    ) {
        let mut s = String::from(l);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                s.push_str(m);
            }
            for _ in 0..w + 2 {
                s.push('─');
            }
        }
        s.push_str(r);
        self.push_line(
            LineKind::Table,
            vec![Segment {
                shown: Some(Cow::Owned(s)),
                src: pos..pos,
                role: Role::Decoration,
                style: InlineStyle::empty(),
                identity: false,
            }],
        );
    }
}

/// Column widths no wider than their content, shrunk to fit `budget` by capping the widest.
pub(super) fn fit_columns(natural: &[usize], budget: usize) -> Vec<usize> {
    let sum: usize = natural.iter().sum();
    if sum <= budget {
        return natural.to_vec();
    }
    // largest cap c with sum(min(n, c)) <= budget
    let (mut lo, mut hi) = (1usize, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if natural.iter().map(|&n| n.min(mid)).sum::<usize>() <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural.iter().map(|&n| n.min(lo).max(1)).collect();
    // hand out what is left to the capped columns
    let mut left = budget.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(natural) {
        if left == 0 {
            break;
        }
        if n > *w {
            *w += 1;
            left -= 1;
        }
    }
    widths
}
