//! The table of contents: entries with dot leaders to right-aligned page numbers.

use super::{Chunk, Ctx, Font};
use crate::document::{Block, Document, Level};
use crate::fonts::FontKind;
use crate::frame::{Item, NodeId, Tag, Target};
use crate::geom::{Point, Pt, Size};

impl Ctx<'_, '_> {
    /// One chunk per entry: title, leader and page number, linked to the heading.
    pub(super) fn toc(&mut self, doc: &Document, links: &[NodeId]) -> Vec<Chunk> {
        let s = self.style;
        let lh = self.line_height(s.sizes.body);
        let blocks = doc.flat_blocks();
        let headings = blocks.into_iter().filter_map(|b| match b {
            Block::Heading { level, text, in_toc: true } => Some((*level, text)),
            _ => None,
        });
        let mut chunks = Vec::with_capacity(links.len());
        let listed = headings
            .enumerate()
            .filter(|(_, (level, _))| super::is_listed(*level, s.spacing.toc_levels));
        for ((anchor, (level, text)), &link) in listed.zip(links) {
            let page = self.numbers.get(anchor).copied().unwrap_or(0);
            let section = level <= Level::Section;
            let font = Font {
                kind: if section { FontKind::Bold } else { FontKind::Regular },
                ..self.body()
            };
            let indent = if section { 0.0 } else { s.spacing.toc_indent };
            let number = page.to_string();
            let number_width = self.shaper.width(font.kind, &number) * font.size;
            let room = self.width - indent - number_width - 3.0 * font.size;
            let lines = self.set_label(font, text, room);
            let count = lines.len();
            let last_width = lines.last().map_or(0.0, |l| l.width * font.size);
            let mut items = Vec::with_capacity(count + 3);
            let x = self.left + indent;
            for (i, line) in lines.into_iter().enumerate() {
                items.push(self.text_item(font, line, x, i as f32 * lh, Tag::Node(link)));
            }
            let num_line = self.shaper.line(font.kind, &number);
            let num_x = self.left + self.width - number_width;
            let top = count.saturating_sub(1) as f32 * lh;
            // Dots from the entry's last line to its number, half an em clear of both.
            let from = x + last_width + 0.5 * font.size;
            let to = num_x - 0.5 * font.size;
            if to > from {
                let y = top + self.baseline(font.size);
                let colour = s.colours.muted;
                items.push(Item::Leader {
                    at: Point::new(from, y),
                    width: Pt(to - from),
                    colour,
                });
            }
            items.push(self.text_item(font, num_line, num_x, top, Tag::Node(link)));
            items.push(Item::Link {
                at: Point::new(x, 0.0),
                size: Size::new(self.width - indent, count as f32 * lh),
                target: Target::Anchor(anchor),
                node: link,
                alt: format!("{text}, side {page}"),
            });
            chunks.push(Chunk {
                gap: if section { s.spacing.paragraph } else { 1.0 },
                height: count as f32 * lh,
                items,
                ..Chunk::default()
            });
        }
        chunks
    }
}
