//! Fields (label/value rows) and tables with a header row.

use super::{Chunk, Ctx, Font};
use crate::document::Field;
use crate::fonts::FontKind;
use crate::frame::{Artifact, Item, NodeId, Role, Tag};
use crate::geom::{Point, Pt, Size};
use crate::layout::links::{self, Found};
use crate::layout::text::Line;

/// A row of at most this many lines is never split across pages (SPEC section 5).
const UNSPLIT_LINES: usize = 6;

/// A split row keeps at least this many lines on each side of the break.
const MIN_SPLIT_LINES: usize = 2;

/// One cell of a table row.
struct Cell<'t> {
    text: &'t str,
    font: Font,
    node: NodeId,
    /// A label (a header cell): never hyphenated.
    label: bool,
}

/// A cell set into lines, with its addresses and their Link nodes.
struct SetCell<'t> {
    x: f32,
    text: &'t str,
    font: Font,
    node: NodeId,
    found: Vec<Found>,
    link_nodes: Vec<Option<NodeId>>,
    lines: std::vec::IntoIter<Line>,
}

impl Ctx<'_, '_> {
    /// Label/value rows; `header` is repeated above rows continuing on a new page (an
    /// intervention's title "(fortsat)").
    pub(super) fn fields(&mut self, rows: &[Field], header: Option<usize>) {
        let fraction = self.label_column;
        let columns = [fraction, 1.0 - fraction];
        let table = self.out.tree.add(Role::Table, None);
        let body = self.out.tree.add(Role::TBody, Some(table));
        let label_font = Font { kind: FontKind::Bold, ..self.body() };
        for (i, Field { label, value }) in rows.iter().enumerate() {
            let tr = self.out.tree.add(Role::TR, Some(body));
            let th = self.out.tree.add(Role::TH(true), Some(tr));
            let td = self.out.tree.add(Role::TD, Some(tr));
            let cells = [
                Cell { text: label, font: label_font, node: th, label: true },
                Cell { text: value, font: self.body(), node: td, label: false },
            ];
            let gap = if i == 0 { self.style.spacing.paragraph } else { 0.0 };
            self.keep_last_two(i, rows.len());
            self.row(&cells, &columns, gap, header, i + 1 == rows.len());
        }
    }

    /// Before the last row of a table of more than two rows: the row before it stays
    /// with it, so a continuation never carries a single row.
    fn keep_last_two(&mut self, row: usize, rows: usize) {
        if rows > 2 && row + 1 == rows {
            if let Some(c) = self.out.chunks.last_mut() {
                c.keep_with_next = true;
            }
        }
    }

    /// A table whose header row repeats on every page it continues on, under the
    /// item's `title` "(fortsat)" when it is an item's table.
    pub(super) fn table(
        &mut self,
        header: &[String],
        rows: &[Vec<String>],
        columns: &[f32],
        title: Option<(String, f32)>,
    ) {
        let fitted = self.fit_columns(header, rows, columns);
        let columns = fitted.as_slice();
        let table = self.out.tree.add(Role::Table, None);
        let head = self.out.tree.add(Role::THead, Some(table));
        let tr = self.out.tree.add(Role::TR, Some(head));
        let bold = Font { kind: FontKind::Bold, ..self.body() };
        let cells: Vec<Cell> = header
            .iter()
            .map(|h| Cell {
                text: h,
                font: bold,
                node: self.out.tree.add(Role::TH(false), Some(tr)),
                label: true,
            })
            .collect();
        // The header is set once as content, and kept as an artifact copy to repeat.
        let first = self.out.chunks.len();
        self.row(&cells, columns, self.style.spacing.paragraph, None, false);
        let header_chunks = self.out.chunks[first..].to_vec();
        let fill = self.style.colours.header_fill;
        let band: f32 = header_chunks.iter().map(|c| c.height).sum();
        // The band is drawn first: paint order is item order (see `crate::frame`).
        let background = Item::Rect {
            at: Point::new(self.left, 0.0),
            size: Size::new(self.width, band),
            colour: fill,
        };
        if let Some(c) = self.out.chunks.get_mut(first) {
            c.items.insert(0, background.clone());
        }
        for c in self.out.chunks.iter_mut().skip(first) {
            c.keep_with_next = true;
        }
        let mut repeat = Chunk { height: band, ..Chunk::default() };
        repeat.items.push(background);
        let mut y = 0.0;
        for c in &header_chunks {
            for item in &c.items {
                let mut item = item.clone();
                if let Item::Text { tag, at, .. } = &mut item {
                    *tag = Tag::Artifact(Artifact::Repeated);
                    at.y += Pt(y);
                }
                repeat.items.push(item);
            }
            y += c.height;
        }
        if let Some((title, size)) = title {
            let mut above = self.title_chunk(&title, size);
            for mut item in repeat.items {
                if let Item::Text { .. } | Item::Rect { .. } = item {
                    item.shift_down(Pt(above.height));
                }
                above.items.push(item);
            }
            above.height += repeat.height;
            repeat = above;
        }
        self.out.repeats.push(repeat);
        let header_id = self.out.repeats.len() - 1;

        let body = self.out.tree.add(Role::TBody, Some(table));
        for (i, row) in rows.iter().enumerate() {
            let tr = self.out.tree.add(Role::TR, Some(body));
            let cells: Vec<Cell> = row
                .iter()
                .map(|c| Cell {
                    text: c,
                    font: self.body(),
                    node: self.out.tree.add(Role::TD, Some(tr)),
                    label: false,
                })
                .collect();
            self.keep_last_two(i, rows.len());
            self.row(&cells, columns, 0.0, Some(header_id), i + 1 == rows.len());
        }
    }

    /// Column fractions widened where a column's longest word (at most half the text
    /// width) would not fit, taking the room from columns with more than their longest
    /// word needs, in proportion to what they can spare; unchanged where they cannot.
    fn fit_columns(
        &mut self,
        header: &[String],
        rows: &[Vec<String>],
        columns: &[f32],
    ) -> Vec<f32> {
        let size = self.style.sizes.body;
        let pad = 2.0 * self.style.spacing.cell_padding;
        let mut needs = vec![0.0_f32; columns.len()];
        let cells = header.iter().map(|h| (h, FontKind::Bold)).enumerate().chain(
            rows.iter()
                .flat_map(|r| r.iter().map(|c| (c, FontKind::Regular)).enumerate()),
        );
        for (j, (text, kind)) in cells {
            let Some(need) = needs.get_mut(j) else { continue };
            for word in text.split_whitespace() {
                let w = self.shaper.width(kind, word) * size + pad;
                *need = need.max(w.min(self.width / 2.0));
            }
        }
        let widths: Vec<f32> = columns.iter().map(|f| f * self.width).collect();
        let deficit: f32 = widths.iter().zip(&needs).map(|(w, n)| (n - w).max(0.0)).sum();
        let spare: f32 = widths.iter().zip(&needs).map(|(w, n)| (w - n).max(0.0)).sum();
        if deficit <= 0.0 || spare < deficit {
            return columns.to_vec();
        }
        widths
            .iter()
            .zip(&needs)
            .map(|(w, n)| {
                let w = if n > w { *n } else { w - (w - n) * deficit / spare };
                w / self.width
            })
            .collect()
    }

    /// A long cell's label marked "(fortsat)", as an overlay for its continuation
    /// pages; with the number of its lines.
    fn label_repeat(&mut self, cell: &Cell, x: f32, width: f32) -> (usize, usize) {
        let text = self.style.labels.continued.replace("{text}", cell.text);
        let lh = self.line_height(cell.font.size);
        let lines = self.set_label(cell.font, &text, width);
        let count = lines.len();
        let mut repeat = Chunk::default();
        for (i, line) in lines.into_iter().enumerate() {
            let tag = Tag::Artifact(Artifact::Repeated);
            repeat
                .items
                .push(self.text_item(cell.font, line, x, i as f32 * lh, tag));
        }
        self.out.repeats.push(repeat);
        (self.out.repeats.len() - 1, count)
    }

    /// One table row, cut into bands of one line each so a tall row can span pages:
    /// a row of up to [`UNSPLIT_LINES`] lines stays whole; a longer one keeps at least
    /// [`MIN_SPLIT_LINES`] on each side, and its label continues as "(fortsat)".
    fn row(
        &mut self,
        cells: &[Cell],
        columns: &[f32],
        gap: f32,
        header: Option<usize>,
        last: bool,
    ) {
        let pad = self.style.spacing.cell_padding;
        let lh = self.line_height(self.style.sizes.body);
        let mut x = self.left;
        let mut set: Vec<SetCell> = Vec::with_capacity(cells.len());
        for (cell, fraction) in cells.iter().zip(columns) {
            let w = self.width * fraction;
            let (lines, found) = if cell.label {
                (self.set_label(cell.font, cell.text, w - 2.0 * pad), Vec::new())
            } else {
                let found = links::find(cell.text);
                let room = w - 2.0 * pad;
                let hyphenate =
                    room / cell.font.size >= self.style.spacing.hyphenate_min_em;
                let lines =
                    self.set_hyphenated(cell.font, cell.text, room, &found, hyphenate);
                (lines, found)
            };
            set.push(SetCell {
                x: x + pad,
                text: cell.text,
                font: cell.font,
                node: cell.node,
                link_nodes: vec![None; found.len()],
                found,
                lines: lines.into_iter(),
            });
            x += w;
        }
        let n = set.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
        // A label beside a value that may split: its continuation overlay, and how many
        // bands its lines take (the split must come after them).
        let (overlay, head, tail) = match (cells, set.first()) {
            ([label, value], Some(first))
                if label.label && !value.label && n > UNSPLIT_LINES =>
            {
                let head = first.lines.len();
                let w = self.width * columns.first().copied().unwrap_or(0.0) - 2.0 * pad;
                let (id, count) = self.label_repeat(label, first.x, w);
                (Some(id), head, count)
            }
            _ => (None, 0, 0),
        };
        let head = head.max(MIN_SPLIT_LINES);
        let tail = tail.max(MIN_SPLIT_LINES);
        for band in 0..n {
            let top_pad = if band == 0 { pad } else { 0.0 };
            let bottom_pad = if band + 1 == n { pad } else { 0.0 };
            let mut items = Vec::with_capacity(set.len() + 1);
            for c in &mut set {
                let Some(line) = c.lines.next() else { continue };
                let links = if c.found.is_empty() {
                    Vec::new()
                } else {
                    let at = (c.x, top_pad);
                    let nodes = &mut c.link_nodes;
                    self.link_items(c.text, &c.found, nodes, &line, c.font, at, c.node)
                };
                let at = (c.x, top_pad);
                let nodes = &c.link_nodes;
                items.extend(self.line_items(c.font, line, at, c.node, &c.found, nodes));
                items.extend(links);
            }
            let height = top_pad + lh + bottom_pad;
            if band + 1 == n {
                let colour = self.style.colours.rule;
                let h = if last { 0.8 } else { 0.4 };
                items.push(Item::Rect {
                    at: Point::new(self.left, height - h),
                    size: Size::new(self.width, h),
                    colour,
                });
            }
            let keep = band + 1 < n
                && (n <= UNSPLIT_LINES || band + 1 < head || band + tail >= n);
            self.out.chunks.push(Chunk {
                gap: if band == 0 { gap } else { 0.0 },
                height,
                items,
                keep_with_next: keep,
                header,
                overlay: if band > 0 { overlay } else { None },
                ..Chunk::default()
            });
        }
    }
}
