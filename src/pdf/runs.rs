//! Merges a page's text lines into runs: all lines of one structure node in one font,
//! size and colour become one glyph run, drawn with one call.
//!
//! krilla wraps every draw in its own graphics state, colour, text object and marked
//! content; for a paragraph of ten lines that overhead is paid ten times. In a merged run
//! the last glyph of a line advances the pen back to the next line's start, and the next
//! line's glyphs carry its vertical distance as their y offset, which krilla writes as a
//! new text matrix inside the same text object. Text, structure and positions stay
//! exactly as laid out.

use krilla::text::{GlyphId, KrillaGlyph};

use crate::fonts::FontKind;
use crate::frame::{Item, NodeId, Tag};
use crate::style::Rgb;

/// Text drawn in one call.
pub struct Run {
    /// Start of the first line's baseline.
    pub x: f32,
    /// The first line's baseline.
    pub y: f32,
    /// Font.
    pub font: FontKind,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub colour: Rgb,
    /// All lines' glyphs, chained.
    pub glyphs: Vec<KrillaGlyph>,
    /// Per glyph, its face and whether it is right to left.
    pub props: Vec<(u8, bool)>,
    /// All lines' text, concatenated.
    pub text: String,
    /// Structure.
    pub tag: Tag,
}

/// What makes two lines one run: structure node, font, size (bits) and colour.
type RunKey = (NodeId, FontKind, u32, Rgb);
/// An open run: its index in the output, and where its last line starts (x, and the
/// index of that line's first glyph).
type OpenRun = (usize, f32, usize);

/// Groups consecutive text items (nothing else drawn between them) into runs, in order of
/// first appearance. Artifacts (footers, repeated headers) stay one run per line.
///
/// A run's text is one marked-content sequence, read as one piece: so when a node's
/// child (a link inside a paragraph) draws text, the parent's open runs end there, and
/// the parent's text after the child is a new run, read after the child's.
/// `parent` gives a node's parent in the structure tree.
pub fn runs(items: &[Item], parent: impl Fn(NodeId) -> Option<NodeId>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    // The open runs by key: a few at a time, so a list searched in order costs less
    // than hashing every key.
    let mut open: Vec<(RunKey, OpenRun)> = Vec::new();
    for item in items {
        let Item::Text { at, font, size, colour, glyphs, text, tag } = item else {
            continue;
        };
        let (x, y, size) = (&at.x.get(), &at.y.get(), &size.get());
        if let Some(p) = match tag {
            Tag::Node(n) => parent(*n),
            Tag::Artifact(_) => None,
        } {
            open.retain(|(k, _)| k.0 != p);
        }
        let key = match tag {
            Tag::Node(n) => Some((*n, *font, size.to_bits(), *colour)),
            Tag::Artifact(_) => None,
        };
        let at = key.and_then(|k| open.iter().position(|(o, _)| *o == k));
        if let Some((_, (index, line_x, line_start))) = at.map(|i| open[i]) {
            let run = &mut out[index];
            // Send the pen from the last glyph of the previous line to this line's start.
            let before: f32 = run
                .glyphs
                .get(line_start..run.glyphs.len().saturating_sub(1))
                .map_or(0.0, |g| g.iter().map(|g| g.x_advance).sum());
            let pen = line_x + before * run.size;
            if let Some(last) = run.glyphs.last_mut() {
                last.x_advance = (x - pen) / run.size;
            }
            let offset = run.text.len();
            let down = (run.y - y) / run.size;
            let start = run.glyphs.len();
            run.glyphs.extend(glyphs.iter().map(|g| {
                let mut k = glyph(g, offset);
                k.y_offset += down;
                k
            }));
            run.props.extend(glyphs.iter().map(props));
            run.text.push_str(text);
            if let Some(i) = at {
                open[i].1 = (index, *x, start);
            }
            continue;
        }
        out.push(Run {
            x: *x,
            y: *y,
            font: *font,
            size: *size,
            colour: *colour,
            glyphs: glyphs.iter().map(|g| glyph(g, 0)).collect(),
            props: glyphs.iter().map(props).collect(),
            text: text.clone(),
            tag: *tag,
        });
        if let Some(k) = key {
            open.push((k, (out.len() - 1, *x, 0)));
        }
    }
    out
}

fn props(g: &crate::frame::Glyph) -> (u8, bool) {
    (g.face, g.level % 2 == 1)
}

fn glyph(g: &crate::frame::Glyph, offset: usize) -> KrillaGlyph {
    KrillaGlyph::new(
        GlyphId::new(u32::from(g.id)),
        g.x_advance,
        g.x_offset,
        g.y_offset,
        0.0,
        g.range.start + offset..g.range.end + offset,
        None,
    )
}
