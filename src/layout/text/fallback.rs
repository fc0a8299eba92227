//! Shaping what the layout's font cannot draw alone: each run of grapheme clusters in
//! the first font of the chain that has all its glyphs, right-to-left runs right to
//! left, and a visible substitute glyph for what no bundled font draws.

use rustybuzz::{Direction, Language, UnicodeBuffer};

use super::Glyph;
use crate::fonts::{FontKind, Fonts};

/// Shapes `text` (of one direction) along the font chain of `kind`; glyphs in logical
/// order, ranges relative to `text`. Never yields glyph 0 (`.notdef`).
pub(super) fn shape(
    fonts: &Fonts,
    kind: FontKind,
    text: &str,
    rtl: bool,
    language: Option<&Language>,
) -> Vec<Glyph> {
    // The substitute glyph (`Fonts::substitute`); should no bundled font have one, the
    // layout's own font's question mark.
    let stand_in = |range: std::ops::Range<usize>| {
        let substitute = fonts.substitute().unwrap_or_else(|| {
            let own = fonts.get(kind);
            let id = own.face.glyph_index('?').map_or(0, |g| g.0);
            let advance = own.face.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(id));
            let advance = advance.map_or(0.5, |a| f32::from(a) / own.upem);
            crate::fonts::Substitute { face: kind as u8, id, advance }
        });
        Glyph {
            id: substitute.id,
            x_advance: substitute.advance,
            x_offset: 0.0,
            y_offset: 0.0,
            range,
            face: substitute.face,
            level: 0,
        }
    };
    let mut out = Vec::new();
    for (range, face) in fonts.runs(kind, text) {
        let Some(face) = face else {
            out.push(stand_in(range));
            continue;
        };
        let mut glyphs =
            shape_face(fonts, face, kind, &text[range.clone()], rtl, language);
        if rtl {
            // rustybuzz gives right-to-left text in visual order; lines hold logical
            // order until they are reordered as a whole.
            glyphs.reverse();
        }
        for mut g in glyphs {
            g.range = g.range.start + range.start..g.range.end + range.start;
            if g.id == 0 {
                // A font of the chain claimed the characters but shaped .notdef.
                out.push(stand_in(g.range));
            } else {
                out.push(g);
            }
        }
    }
    out
}

/// Shapes `text` with one face: glyphs in rustybuzz's (visual) order.
fn shape_face(
    fonts: &Fonts,
    face: u8,
    kind: FontKind,
    text: &str,
    rtl: bool,
    language: Option<&Language>,
) -> Vec<Glyph> {
    let loaded = fonts.face(face);
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    if face == kind as u8 {
        if let Some(language) = language {
            buffer.set_language(language.clone());
        }
    }
    let output = rustybuzz::shape(&loaded.face, &[], buffer);
    let scale = 1.0 / loaded.upem;
    let infos = output.glyph_infos();
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    infos
        .iter()
        .zip(output.glyph_positions())
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            let end = starts
                .get(starts.partition_point(|&s| s <= start))
                .copied()
                .unwrap_or(text.len());
            Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x_advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
                range: start..end.max(start),
                face,
                level: 0,
            }
        })
        .collect()
}
