//! Right-to-left text (UAX #9 with the `unicode-bidi` crate): the embedding levels of a
//! paragraph, the runs of one level to shape in their direction, and the reordering of
//! a set line into visual order. The line's text stays in logical order, so the text
//! layer reads as written.

use std::ops::Range;

use unicode_bidi::{bidi_class, BidiClass, BidiInfo};

use super::Line;

/// The embedding levels of one paragraph.
pub(super) struct Levels {
    /// Per byte of the paragraph.
    per_byte: Vec<u8>,
    /// The paragraph's own level: 1 when its first strong letter is right to left.
    base: u8,
}

/// Whether `c` can make a paragraph anything but left to right.
fn right_to_left(c: char) -> bool {
    c >= '\u{590}'
        && matches!(
            bidi_class(c),
            BidiClass::R
                | BidiClass::AL
                | BidiClass::AN
                | BidiClass::RLE
                | BidiClass::RLO
                | BidiClass::RLI
                | BidiClass::FSI
                | BidiClass::LRE
                | BidiClass::LRO
                | BidiClass::LRI
        )
}

/// The levels of `paragraph` (no line feed in it), or `None` when it is all left to
/// right (no right-to-left letter, digit or control: the usual case, checked cheaply).
pub(super) fn levels(paragraph: &str) -> Option<Levels> {
    if !paragraph.chars().any(right_to_left) {
        return None;
    }
    let info = BidiInfo::new(paragraph, None);
    let base = info.paragraphs.first().map_or(0, |p| p.level.number());
    let per_byte = info.levels.iter().map(|l| l.number()).collect();
    Some(Levels { per_byte, base })
}

impl Levels {
    fn at(&self, byte: usize) -> u8 {
        self.per_byte
            .get(byte)
            .or(self.per_byte.last())
            .copied()
            .unwrap_or(self.base)
    }
}

/// The runs of one level in the `len` bytes from byte `at` of the paragraph: byte
/// ranges relative to `at`, and whether each is right to left.
pub(super) fn direction_runs(
    levels: &Levels,
    at: usize,
    len: usize,
) -> Vec<(Range<usize>, bool)> {
    let mut out: Vec<(Range<usize>, u8)> = Vec::new();
    for i in 0..len {
        let level = levels.at(at + i);
        match out.last_mut() {
            Some((range, l)) if *l == level => range.end = i + 1,
            _ => out.push((i..i + 1, level)),
        }
    }
    out.into_iter().map(|(r, l)| (r, l % 2 == 1)).collect()
}

/// Gives each glyph of `line` (a line of the paragraph starting at byte `at` of the
/// whole text) its level, white space at the line's end the paragraph's level (rule
/// L1), and puts the glyphs into visual order (rule L2). Glyphs of a right-to-left run
/// come in logical order and leave in visual order, as the shaper set them. Returns
/// whether the paragraph is right to left (its lines are set flush right).
pub(super) fn reorder_line(line: &mut Line, levels: &Levels, at: usize) -> bool {
    let content = line.text.trim_end().len();
    let offset = line.start.saturating_sub(at);
    for g in &mut line.glyphs {
        g.level = if g.range.start >= content {
            levels.base
        } else {
            levels.at(offset + g.range.start)
        };
    }
    let rtl = levels.base % 2 == 1;
    let Some(highest) = line.glyphs.iter().map(|g| g.level).max() else {
        return rtl;
    };
    let lowest = line.glyphs.iter().map(|g| g.level).min().unwrap_or(0);
    let lowest_odd = lowest | 1;
    let mut level = highest;
    while level >= lowest_odd {
        let glyphs = &mut line.glyphs;
        let mut i = 0;
        while i < glyphs.len() {
            if glyphs[i].level < level {
                i += 1;
                continue;
            }
            let start = i;
            while i < glyphs.len() && glyphs[i].level >= level {
                i += 1;
            }
            glyphs[start..i].reverse();
        }
        level -= 1;
    }
    rtl
}
