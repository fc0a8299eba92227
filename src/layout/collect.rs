//! Blocks → chunks: sets every block's text into lines and cuts it into the vertical
//! pieces pagination may move between pages.

use super::fonts::FontKind;
use super::frame::{
    AnchorId, Artifact, Item, NodeId, OutlineEntry, Role, Tag, Target, Tree,
};
use super::links;
use super::text::{Line, Mark, MarkKind, Setting, Shaper};
use crate::document::{Block, Document, Emphasis, Level};
use crate::style::{Rgb, Style, MM};

/// An unbreakable vertical piece of content. Item coordinates are relative to its top.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    /// Space above it, dropped at the top of a page.
    pub gap: f32,
    /// Its height.
    pub height: f32,
    /// What it draws.
    pub items: Vec<Item>,
    /// Must be on the same page as the next chunk (headings, orphans, widows).
    pub keep_with_next: bool,
    /// Starts a new page.
    pub page_break: bool,
    /// An anchor at its top.
    pub anchor: Option<AnchorId>,
    /// A table header to repeat above it when it starts a page.
    pub header: Option<usize>,
}

/// Everything collection produces.
pub struct Collected {
    /// The chunks in order.
    pub chunks: Vec<Chunk>,
    /// Table header rows, repeated (as artifacts) on continuation pages.
    pub headers: Vec<Chunk>,
    /// The logical structure.
    pub tree: Tree,
    /// Bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// Where the table of contents' chunks are, and its entries' Link nodes, so later
    /// passes can set it again with new page numbers without redoing everything else.
    toc: Option<(std::ops::Range<usize>, Vec<NodeId>)>,
}

/// Geometry and fonts for setting text.
struct Ctx<'a, 's> {
    style: &'a Style,
    shaper: &'a mut Shaper<'s>,
    left: f32,
    width: f32,
    out: Collected,
    /// Page numbers of the table of contents' entries (from the previous pass).
    numbers: &'a [usize],
    /// The next anchor to hand out, in document order of the TOC headings.
    next_anchor: AnchorId,
}

/// One cell of a table row.
struct Cell<'t> {
    text: &'t str,
    font: Font,
    node: NodeId,
    /// A label (a header cell): never hyphenated.
    label: bool,
}

/// A text style: font, size, colour.
#[derive(Clone, Copy)]
struct Font {
    kind: FontKind,
    size: f32,
    colour: Rgb,
}

pub fn collect(
    doc: &Document,
    style: &Style,
    shaper: &mut Shaper,
    numbers: &[usize],
) -> Collected {
    let mut cx = Ctx::new(style, shaper, numbers);
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text, in_toc } => cx.heading(*level, text, *in_toc),
            Block::Toc => {
                let toc = cx.out.tree.add(Role::TOC, None);
                let mut links = Vec::new();
                for _ in doc.blocks.iter().filter(|b| is_toc_entry(b)) {
                    let item = cx.out.tree.add(Role::TOCI, Some(toc));
                    links.push(cx.out.tree.add(Role::Link, Some(item)));
                }
                let start = cx.out.chunks.len();
                let chunks = cx.toc(doc, &links);
                cx.out.chunks.extend(chunks);
                cx.out.toc = Some((start..cx.out.chunks.len(), links));
            }
            Block::Paragraph { text, emphasis } => cx.paragraph(text, *emphasis),
            Block::Fields(rows) => cx.fields(rows),
            Block::Table { header, rows, columns } => cx.table(header, rows, columns),
            Block::List(items) => cx.list(items),
            Block::Signatures(parties) => cx.signatures(parties),
            Block::PageBreak => {
                cx.out.chunks.push(Chunk { page_break: true, ..Chunk::default() })
            }
        }
    }
    cx.out
}

/// Sets the table of contents again with new page numbers; everything else stays.
pub fn retoc(
    collected: &mut Collected,
    doc: &Document,
    style: &Style,
    shaper: &mut Shaper,
    numbers: &[usize],
) {
    let Some((range, links)) = collected.toc.take() else { return };
    let mut cx = Ctx::new(style, shaper, numbers);
    let chunks = cx.toc(doc, &links);
    let end = range.start + chunks.len();
    collected.chunks.splice(range, chunks);
    collected.toc = Some((end - links.len()..end, links));
}

fn is_toc_entry(block: &Block) -> bool {
    matches!(block, Block::Heading { in_toc: true, .. })
}

impl<'a, 's> Ctx<'a, 's> {
    fn new(style: &'a Style, shaper: &'a mut Shaper<'s>, numbers: &'a [usize]) -> Self {
        let p = &style.page;
        Ctx {
            style,
            shaper,
            left: p.margin_left_mm * MM,
            width: (p.width_mm - p.margin_left_mm - p.margin_right_mm) * MM,
            out: Collected {
                chunks: Vec::with_capacity(512),
                headers: Vec::new(),
                tree: Tree::default(),
                outline: Vec::new(),
                toc: None,
            },
            numbers,
            next_anchor: 0,
        }
    }
    fn body(&self) -> Font {
        Font {
            kind: FontKind::Regular,
            size: self.style.sizes.body,
            colour: self.style.colours.text,
        }
    }

    fn line_height(&self, size: f32) -> f32 {
        size * self.style.sizes.line_height
    }

    /// Baseline offset of a line box of `size`.
    fn baseline(&self, size: f32) -> f32 {
        let f = self.shaper.fonts().get(FontKind::Regular);
        let content = (f.ascender - f.descender) * size;
        (self.line_height(size) - content) / 2.0 + f.ascender * size
    }

    /// Sets running text: hyphenated where that avoids a large gap, web and e-mail
    /// addresses never hyphenated.
    fn set(&mut self, font: Font, text: &str, width: f32) -> Vec<Line> {
        let marks: Vec<Mark> = links::find(text)
            .into_iter()
            .map(|f| Mark { range: f.range, kind: MarkKind::Address })
            .collect();
        let setting = Setting { hyphenate: true, marks: &marks };
        self.shaper.lines_with(font.kind, text, width / font.size, setting)
    }

    /// Sets a heading or a label: never hyphenated (unless a word is wider than the
    /// whole line).
    fn set_label(&mut self, font: Font, text: &str, width: f32) -> Vec<Line> {
        let setting = Setting { hyphenate: false, marks: &[] };
        self.shaper.lines_with(font.kind, text, width / font.size, setting)
    }

    /// Sets a cell: a label or running text.
    fn set_cell(&mut self, cell: &Cell, width: f32) -> Vec<Line> {
        if cell.label {
            self.set_label(cell.font, cell.text, width)
        } else {
            self.set(cell.font, cell.text, width)
        }
    }

    fn text_item(&self, font: Font, line: Line, x: f32, top: f32, tag: Tag) -> Item {
        Item::Text {
            x,
            y: top + self.baseline(font.size),
            font: font.kind,
            size: font.size,
            colour: font.colour,
            glyphs: line.glyphs,
            text: line.text,
            tag,
        }
    }

    fn heading(&mut self, level: Level, text: &str, in_toc: bool) {
        let s = self.style;
        let (size, gap) = match level {
            Level::Title => (s.sizes.title, 0.0),
            Level::Section => (s.sizes.section, s.spacing.section_before),
            Level::Element => (s.sizes.element, s.spacing.element_before),
            Level::Item => (s.sizes.item, s.spacing.item_before),
        };
        let font = Font { kind: FontKind::Bold, size, colour: s.colours.heading };
        let node = self.out.tree.add(Role::Heading(level as u8, text.to_owned()), None);
        let lh = self.line_height(size);
        let lines = self.set_label(font, text, self.width);
        let mut items = Vec::with_capacity(lines.len());
        for (i, line) in lines.into_iter().enumerate() {
            items.push(self.text_item(
                font,
                line,
                self.left,
                i as f32 * lh,
                Tag::Node(node),
            ));
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
        let height = items.len() as f32 * lh + s.spacing.heading_after;
        self.out.chunks.push(Chunk {
            gap,
            height,
            items,
            keep_with_next: true,
            anchor,
            ..Chunk::default()
        });
    }

    /// Lines as chunks, one per line, with orphan and widow control.
    fn push_lines(
        &mut self,
        lines: Vec<Line>,
        font: Font,
        x: f32,
        gap: f32,
        node: NodeId,
    ) {
        let lh = self.line_height(font.size);
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let item = self.text_item(font, line, x, 0.0, Tag::Node(node));
            self.out.chunks.push(Chunk {
                gap: if i == 0 { gap } else { 0.0 },
                height: lh,
                items: vec![item],
                keep_with_next: n > 1 && (i == 0 || i + 2 == n),
                ..Chunk::default()
            });
        }
    }

    fn paragraph(&mut self, text: &str, emphasis: Emphasis) {
        let s = self.style;
        let font = match emphasis {
            Emphasis::Normal => self.body(),
            Emphasis::Strong => Font { kind: FontKind::Bold, ..self.body() },
            Emphasis::Muted => Font {
                kind: FontKind::Regular,
                size: s.sizes.small,
                colour: s.colours.muted,
            },
        };
        let gap = s.spacing.paragraph;
        let node = self.out.tree.add(Role::P, None);
        let lines = self.set(font, text, self.width);
        self.push_lines(lines, font, self.left, gap, node);
    }

    fn list(&mut self, items: &[String]) {
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
            let lines = self.set(font, text, self.width - indent);
            self.push_lines(lines, font, self.left + indent, gap, body);
            let item = self.text_item(
                font,
                bullet,
                self.left + indent * 0.3,
                0.0,
                Tag::Node(lbl),
            );
            self.out.chunks[first].items.insert(0, item);
        }
    }

    /// One chunk per entry: title and page number, linked to the heading.
    fn toc(&mut self, doc: &Document, links: &[NodeId]) -> Vec<Chunk> {
        let s = self.style;
        let lh = self.line_height(s.sizes.body);
        let headings = doc.blocks.iter().filter_map(|b| match b {
            Block::Heading { level, text, in_toc: true } => Some((*level, text)),
            _ => None,
        });
        let mut chunks = Vec::with_capacity(links.len());
        for (anchor, ((level, text), &link)) in headings.zip(links).enumerate() {
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
            let mut items = Vec::with_capacity(count + 2);
            for (i, line) in lines.into_iter().enumerate() {
                let x = self.left + indent;
                items.push(self.text_item(font, line, x, i as f32 * lh, Tag::Node(link)));
            }
            let num_line = self.shaper.line(font.kind, &number);
            let num_x = self.left + self.width - number_width;
            let top = count.saturating_sub(1) as f32 * lh;
            items.push(self.text_item(font, num_line, num_x, top, Tag::Node(link)));
            items.push(Item::Link {
                x: self.left + indent,
                y: 0.0,
                w: self.width - indent,
                h: count as f32 * lh,
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

    fn fields(&mut self, rows: &[(String, String)]) {
        let label_width = self.width * self.style.spacing.label_column;
        let columns = [label_width / self.width, 1.0 - label_width / self.width];
        let table = self.out.tree.add(Role::Table, None);
        let body = self.out.tree.add(Role::TBody, Some(table));
        let label_font = Font { kind: FontKind::Bold, ..self.body() };
        for (i, (label, value)) in rows.iter().enumerate() {
            let tr = self.out.tree.add(Role::TR, Some(body));
            let th = self.out.tree.add(Role::TH(true), Some(tr));
            let td = self.out.tree.add(Role::TD, Some(tr));
            let cells = [
                Cell { text: label, font: label_font, node: th, label: true },
                Cell { text: value, font: self.body(), node: td, label: false },
            ];
            let gap = if i == 0 { self.style.spacing.paragraph } else { 0.0 };
            self.row(&cells, &columns, gap, None, i + 1 == rows.len());
        }
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>], columns: &[f32]) {
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
        let background =
            Item::Rect { x: self.left, y: 0.0, w: self.width, h: band, colour: fill };
        self.out.chunks[first].items.insert(0, background.clone());
        for c in &mut self.out.chunks[first..] {
            c.keep_with_next = true;
        }
        let mut repeat = Chunk { height: band, ..Chunk::default() };
        repeat.items.push(background);
        let mut y = 0.0;
        for c in &header_chunks {
            for item in &c.items {
                let mut item = item.clone();
                if let Item::Text { tag, y: iy, .. } = &mut item {
                    *tag = Tag::Artifact(Artifact::Repeated);
                    *iy += y;
                }
                repeat.items.push(item);
            }
            y += c.height;
        }
        self.out.headers.push(repeat);
        let header_id = self.out.headers.len() - 1;

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
            self.row(&cells, columns, 0.0, Some(header_id), i + 1 == rows.len());
        }
    }

    /// One table row, cut into bands of one line each so a tall row can span pages.
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
        let mut set: Vec<(f32, Font, NodeId, Vec<Line>)> =
            Vec::with_capacity(cells.len());
        for (cell, fraction) in cells.iter().zip(columns) {
            let w = self.width * fraction;
            let lines = self.set_cell(cell, w - 2.0 * pad);
            set.push((x + pad, cell.font, cell.node, lines));
            x += w;
        }
        let n = set.iter().map(|c| c.3.len()).max().unwrap_or(1).max(1);
        let mut columns: Vec<_> =
            set.into_iter().map(|c| (c.0, c.1, c.2, c.3.into_iter())).collect();
        for band in 0..n {
            let top_pad = if band == 0 { pad } else { 0.0 };
            let bottom_pad = if band + 1 == n { pad } else { 0.0 };
            let mut items = Vec::with_capacity(columns.len() + 1);
            for (x, font, node, lines) in &mut columns {
                if let Some(line) = lines.next() {
                    items.push(self.text_item(
                        *font,
                        line,
                        *x,
                        top_pad,
                        Tag::Node(*node),
                    ));
                }
            }
            let height = top_pad + lh + bottom_pad;
            if band + 1 == n {
                let colour = self.style.colours.rule;
                let h = if last { 0.8 } else { 0.4 };
                items.push(Item::Rect {
                    x: self.left,
                    y: height - h,
                    w: self.width,
                    h,
                    colour,
                });
            }
            // Short rows stay whole; long ones may split, but not after one line.
            let keep = if n <= 4 { band + 1 < n } else { band == 0 || band + 2 == n };
            self.out.chunks.push(Chunk {
                gap: if band == 0 { gap } else { 0.0 },
                height,
                items,
                keep_with_next: keep,
                header,
                ..Chunk::default()
            });
        }
    }

    fn signatures(&mut self, parties: &[(String, String)]) {
        let s = self.style;
        let font = self.body();
        let small = Font { size: s.sizes.small, colour: s.colours.muted, ..font };
        let lh = self.line_height(font.size);
        let sign_w = self.width * 0.6;
        let date_x = self.left + self.width * 0.68;
        let date_w = self.width * 0.32;
        for (role, name) in parties {
            let mut items = Vec::new();
            let rule = s.colours.text;
            let y = s.spacing.signature_gap;
            items.push(Item::Rect { x: self.left, y, w: sign_w, h: 0.7, colour: rule });
            items.push(Item::Rect { x: date_x, y, w: date_w, h: 0.7, colour: rule });
            let p = self.out.tree.add(Role::P, None);
            let role_line = self.shaper.line(FontKind::Bold, role);
            let role_font = Font { kind: FontKind::Bold, ..font };
            items.push(self.text_item(
                role_font,
                role_line,
                self.left,
                y + 3.0,
                Tag::Node(p),
            ));
            let date = self.out.tree.add(Role::P, None);
            let date_line = self.shaper.line(small.kind, &s.labels.date);
            items.push(self.text_item(
                small,
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
