//! Where each display line of a layout starts, in two bytes a line.
//!
//! Line starts are source offsets and never decrease. Each is kept as a `u16` past an anchor,
//! a (line, offset) pair opened whenever a start lies 64 KiB or more past the current one: a
//! 100 MB text has 1.3 million lines but fewer than two thousand anchors, so its index takes
//! 2.6 MB, not the 5.2 MB of a `u32` per line. Reading a start, or finding the line at an
//! offset, is a binary search over the anchors and then (for the latter) over one anchor's
//! lines. Pure.

use crate::core::doc::document::{to_u32, transient};

/// The starts of a layout's lines, in order (see the module docs).
#[derive(Debug, Default)]
pub(super) struct Starts {
    /// Per line: its start less its anchor's.
    rel: Vec<u16>,
    /// (first line, its start) of each run of lines within 64 KiB of that start.
    anchors: Vec<(u32, u32)>,
}

impl Starts {
    /// Room for about `lines` lines (see `transient`: the parts of a parallel index are freed
    /// once joined).
    pub(super) fn with_capacity(lines: usize) -> Self {
        Self {
            rel: transient(lines),
            anchors: Vec::new(),
        }
    }

    /// Appends a line starting at `start` (at or after the last line's start).
    pub(super) fn push(&mut self, start: u32) {
        let line = to_u32(self.rel.len());
        let rel = self
            .anchors
            .last()
            .and_then(|&(_, base)| u16::try_from(start.checked_sub(base)?).ok());
        if let Some(rel) = rel {
            self.rel.push(rel);
        } else {
            self.anchors.push((line, start));
            self.rel.push(0);
        }
    }

    pub(super) fn len(&self) -> usize {
        self.rel.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.rel.is_empty()
    }

    /// The start of line `i`.
    pub(super) fn get(&self, i: usize) -> Option<u32> {
        let rel = *self.rel.get(i)?;
        let k = self
            .anchors
            .partition_point(|&(line, _)| line as usize <= i)
            .checked_sub(1)?;
        let (_, base) = *self.anchors.get(k)?;
        Some(base + u32::from(rel))
    }

    /// The start of the last line.
    pub(super) fn last(&self) -> Option<u32> {
        self.get(self.len().checked_sub(1)?)
    }

    /// How many lines start at or before `offset`.
    pub(super) fn count_up_to(&self, offset: usize) -> usize {
        let k = self
            .anchors
            .partition_point(|&(_, base)| base as usize <= offset);
        let Some(&(line, base)) = k.checked_sub(1).and_then(|k| self.anchors.get(k)) else {
            return 0;
        };
        let end = self
            .anchors
            .get(k)
            .map_or(self.rel.len(), |&(next, _)| next as usize);
        let past = offset - base as usize;
        let within = self.rel.get(line as usize..end).unwrap_or_default();
        line as usize + within.partition_point(|&r| usize::from(r) <= past)
    }

    /// Every start, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut anchor = 0;
        self.rel.iter().enumerate().map(move |(i, &rel)| {
            while self
                .anchors
                .get(anchor + 1)
                .is_some_and(|&(line, _)| line as usize <= i)
            {
                anchor += 1;
            }
            self.anchors.get(anchor).map_or(0, |&(_, base)| base) + u32::from(rel)
        })
    }

    pub(super) fn reserve(&mut self, lines: usize) {
        self.rel.reserve_exact(lines);
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.rel.shrink_to_fit();
        self.anchors.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_read_back_and_find_lines_across_anchors() {
        // runs of equal starts, and jumps past 64 KiB (each opens an anchor)
        let want: Vec<u32> = vec![0, 0, 5, 70_000, 70_000, 70_010, 200_000, 4_000_000_000];
        let mut s = Starts::with_capacity(4);
        for &x in &want {
            s.push(x);
        }
        assert_eq!(s.len(), want.len());
        assert_eq!(s.iter().collect::<Vec<_>>(), want);
        assert_eq!(
            (0..want.len())
                .map(|i| s.get(i).unwrap())
                .collect::<Vec<_>>(),
            want
        );
        assert_eq!(s.last(), Some(4_000_000_000));
        assert!(s.anchors.len() >= 4);
        // the same answers as a binary search over the plain list
        for offset in [
            0,
            1,
            5,
            6,
            69_999,
            70_000,
            70_009,
            70_010,
            70_011,
            199_999,
            200_000,
            5_000_000_000,
        ] {
            let plain = want.partition_point(|&x| x as usize <= offset);
            assert_eq!(s.count_up_to(offset), plain, "at {offset}");
        }
        assert_eq!(Starts::default().count_up_to(10), 0);
        assert_eq!(Starts::default().last(), None);
    }
}
