//! Headings, paragraphs and lists.

use super::{Chunk, Ctx, Font};
use crate::document::{Emphasis, Level};
use crate::fonts::FontKind;
use crate::frame::{Artifact, Item, NodeId, OutlineEntry, Role, Tag};
use crate::geom::{Point, Size};
use crate::layout::links::{self, Found};
use crate::layout::text::Line;

/// Rows or lines of what follows that a heading keeps on its page (SPEC section 5).
const HEADING_HOLDS: u8 = 2;

impl Ctx<'_, '_> {
    /// Size, space above and space below a heading of `level`: space binds a heading
    /// to what follows, so the space below is a third of the space above (DESIGN.md:
    /// 24/8, 16/5, 12/4 pt), the section's being the layout's `heading_after`.
    fn heading_metrics(&self, level: Level) -> (f32, f32, f32) {
        let s = self.style;
        let (size, before) = match level {
            Level::Title => (s.sizes.title, s.spacing.element_before),
            Level::Section => (s.sizes.section, s.spacing.section_before),
            Level::Element => (s.sizes.element, s.spacing.element_before),
            Level::Item => (s.sizes.item, s.spacing.item_before),
        };
        let section = s.spacing.section_before.max(1.0);
        let after = match level {
            Level::Title | Level::Section => s.spacing.heading_after,
            Level::Element | Level::Item => s.spacing.heading_after * before / section,
        };
        (size, before, after)
    }

    pub(super) fn heading(&mut self, level: Level, text: &str, in_toc: bool) {
        let s = self.style;
        let (size, gap, after) = self.heading_metrics(level);
        let font = Font { kind: FontKind::Bold, size, colour: s.colours.heading };
        let node = self
            .out
            .tree
            .add(Role::Heading { level: level as u8, title: text.to_owned() }, None);
        let lh = self.line_height(size);
        let lines = self.set_label(font, text, self.width);
        let count = lines.len();
        let mut items = Vec::with_capacity(count + 1);
        for (i, line) in lines.into_iter().enumerate() {
            let top = i as f32 * lh;
            items.push(self.text_item(font, line, self.left, top, Tag::Node(node)));
        }
        // A section starts with a hairline under its heading.
        if level == Level::Section {
            let y = count as f32 * lh + after * 0.25;
            let colour = s.colours.rule;
            items.push(Item::Rect {
                at: Point::new(self.left, y),
                size: Size::new(self.width, 0.5),
                colour,
            });
        }
        let anchor = in_toc.then(|| {
            let a = self.next_anchor;
            self.next_anchor += 1;
            let depth = if level <= Level::Section { 0 } else { 1 };
            self.out.outline.push(OutlineEntry {
                depth,
                title: text.to_owned(),
                anchor: a,
            });
            a
        });
        self.out.chunks.push(Chunk {
            gap,
            height: count as f32 * lh + after,
            items,
            keep_with_next: true,
            hold: HEADING_HOLDS,
            anchor,
            ..Chunk::default()
        });
    }

    /// An item's title marked "(fortsat)", as a repeat for its continuation pages.
    pub(super) fn title_repeat(&mut self, title: &str, size: f32) -> usize {
        let repeat = self.title_chunk(title, size);
        self.out.repeats.push(repeat);
        self.out.repeats.len() - 1
    }

    /// An item's title marked "(fortsat)", set as an artifact.
    pub(super) fn title_chunk(&mut self, title: &str, size: f32) -> Chunk {
        let s = self.style;
        let (_, _, after) = self.heading_metrics(Level::Item);
        let font = Font { kind: FontKind::Bold, size, colour: s.colours.heading };
        let text = s.labels.continued.replace("{text}", title);
        let lh = self.line_height(size);
        let lines = self.set_label(font, &text, self.width);
        let count = lines.len();
        let mut repeat = Chunk { height: count as f32 * lh + after, ..Chunk::default() };
        for (i, line) in lines.into_iter().enumerate() {
            let tag = Tag::Artifact(Artifact::Repeated);
            let item = self.text_item(font, line, self.left, i as f32 * lh, tag);
            repeat.items.push(item);
        }
        repeat
    }

    /// Lines as chunks, one per line, with orphan and widow control; the addresses
    /// `found` in `text` become links.
    #[allow(clippy::too_many_arguments)]
    fn push_lines(
        &mut self,
        text: &str,
        found: &[Found],
        lines: Vec<Line>,
        font: Font,
        x: f32,
        gap: f32,
        node: NodeId,
    ) {
        let lh = self.line_height(font.size);
        let n = lines.len();
        let mut link_nodes = vec![None; found.len()];
        for (i, line) in lines.into_iter().enumerate() {
            let links = if found.is_empty() {
                Vec::new()
            } else {
                self.link_items(text, found, &mut link_nodes, &line, font, (x, 0.0), node)
            };
            let mut items =
                self.line_items(font, line, (x, 0.0), node, found, &link_nodes);
            items.extend(links);
            self.out.chunks.push(Chunk {
                gap: if i == 0 { gap } else { 0.0 },
                height: lh,
                items,
                keep_with_next: n > 1 && (i == 0 || i + 2 == n),
                ..Chunk::default()
            });
        }
    }

    pub(super) fn paragraph(&mut self, text: &str, emphasis: Emphasis) {
        let s = self.style;
        let font = match emphasis {
            Emphasis::Normal => self.body(),
            Emphasis::Strong => Font { kind: FontKind::Bold, ..self.body() },
            Emphasis::Muted => Font {
                kind: FontKind::Regular,
                size: s.sizes.small,
                colour: s.colours.muted,
            },
            Emphasis::Notice => {
                Font { kind: FontKind::Bold, colour: s.colours.heading, ..self.body() }
            }
        };
        let gap = s.spacing.paragraph;
        let node = self.out.tree.add(Role::P, None);
        let found = links::find(text);
        let lines = self.set(font, text, self.width, &found);
        self.push_lines(text, &found, lines, font, self.left, gap, node);
    }

    pub(super) fn list(&mut self, items: &[String]) {
        let indent = self.style.spacing.toc_indent;
        let font = self.body();
        let list = self.out.tree.add(Role::L, None);
        for (i, text) in items.iter().enumerate() {
            let li = self.out.tree.add(Role::LI, Some(list));
            let lbl = self.out.tree.add(Role::Lbl, Some(li));
            let body = self.out.tree.add(Role::LBody, Some(li));
            let gap = if i == 0 { self.style.spacing.paragraph } else { 2.0 };
            let bullet = self.shaper.line(font.kind, "•");
            let first = self.out.chunks.len();
            let found = links::find(text);
            let lines = self.set(font, text, self.width - indent, &found);
            self.push_lines(text, &found, lines, font, self.left + indent, gap, body);
            let item = self.text_item(
                font,
                bullet,
                self.left + indent * 0.3,
                0.0,
                Tag::Node(lbl),
            );
            if let Some(c) = self.out.chunks.get_mut(first) {
                c.items.insert(0, item);
            }
        }
    }
}
