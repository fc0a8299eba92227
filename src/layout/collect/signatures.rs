//! Signature lines: a rule to sign on and a date field per signatory.

use super::{Chunk, Ctx, Font};
use crate::document::Signatory;
use crate::fonts::FontKind;
use crate::frame::{Item, Role, Tag};
use crate::geom::{Point, Size};
use crate::style::MM;

impl Ctx<'_, '_> {
    pub(super) fn signatures(&mut self, parties: &[Signatory]) {
        let s = self.style;
        let font = self.body();
        // "Dato" in the same style and on the same baseline as the signatory's label.
        let label_font = Font { kind: FontKind::Bold, ..font };
        let lh = self.line_height(font.size);
        let sign_w = self.width * 0.6;
        let date_x = self.left + self.width * 0.68;
        let date_w = self.width * 0.32;
        for Signatory { role, name } in parties {
            let mut items = Vec::new();
            let rule = s.colours.text;
            let y = s.spacing.signature_gap;
            items.push(Item::Rect {
                at: Point::new(self.left, y),
                size: Size::new(sign_w, 0.7),
                colour: rule,
            });
            items.push(Item::Rect {
                at: Point::new(date_x, y),
                size: Size::new(date_w, 0.7),
                colour: rule,
            });
            let p = self.out.tree.add(Role::P, None);
            let role_line = self.shaper.line(FontKind::Bold, role);
            items.push(self.text_item(
                label_font,
                role_line,
                self.left,
                y + 3.0,
                Tag::Node(p),
            ));
            let date = self.out.tree.add(Role::P, None);
            let date_line = self.shaper.line(label_font.kind, &s.labels.date);
            items.push(self.text_item(
                label_font,
                date_line,
                date_x,
                y + 3.0,
                Tag::Node(date),
            ));
            let name_node = self.out.tree.add(Role::P, None);
            let label = format!("{}: {name}", s.labels.signature_name);
            let mut top = y + 3.0 + lh;
            for line in self.set_label(font, &label, sign_w) {
                items.push(self.text_item(
                    font,
                    line,
                    self.left,
                    top,
                    Tag::Node(name_node),
                ));
                top += lh;
            }
            self.out.chunks.push(Chunk {
                gap: s.spacing.paragraph,
                height: top + 4.0 * MM,
                items,
                ..Chunk::default()
            });
        }
    }
}
