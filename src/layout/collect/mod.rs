//! Blocks → chunks: sets every block's text into lines and cuts it into the vertical
//! pieces pagination may move between pages.
//!
//! Stages, one file each: running text and headings ([`text`]), the table of contents
//! ([`toc`]), fields and tables ([`table`]), signature lines ([`signatures`]). The rules
//! for where a page may break are data on the chunks (`keep_with_next`, `hold`,
//! `header`, `overlay`) and are applied in one place, the paginator (`super::pages`).

mod signatures;
mod table;
mod text;
mod toc;

use super::links::{self, Found};
use super::text::{Glyph, Line, Mark, MarkKind, Setting, Shaper};
use crate::document::{Block, Document, Field, Level};
use crate::fonts::FontKind;
use crate::frame::{AnchorId, Item, NodeId, OutlineEntry, Role, Tag, Target, Tree};
use crate::geom::{Point, Pt, Size};
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
    /// Must be on the same page as the next chunk (orphans, widows, short rows, kept
    /// groups).
    pub keep_with_next: bool,
    /// How many places where a page could break (ends of lines and rows, counted as
    /// chunks without `keep_with_next`) must follow this chunk on its page: 2 for a
    /// heading, which so keeps two rows or lines of what follows.
    pub hold: u8,
    /// Starts a new page.
    pub page_break: bool,
    /// An anchor at its top.
    pub anchor: Option<AnchorId>,
    /// A repeat (see [`Collected::repeats`]) placed above it when it starts a page: a
    /// table's header row, an intervention's title "(fortsat)".
    pub header: Option<usize>,
    /// A repeat drawn beside it (taking no height) when it starts a page: a long
    /// cell's label "(fortsat)".
    pub overlay: Option<usize>,
}

/// Everything collection produces.
pub struct Collected {
    /// The chunks in order.
    pub chunks: Vec<Chunk>,
    /// Pieces repeated (as artifacts) on continuation pages: table header rows,
    /// intervention titles and labels marked "(fortsat)".
    pub repeats: Vec<Chunk>,
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
    /// The title of the part (section, element or item) whose tables and fields come
    /// next, to repeat above them on a continuation page as "(fortsat)".
    item_title: Option<(String, f32)>,
    /// Item titles the document holds more than once, with how many times, and how many
    /// of each were set so far: their "(fortsat)" line also says which one continues.
    duplicates: std::collections::HashMap<String, (usize, usize)>,
    /// The label column of label/value tables, as a fraction of the text width.
    label_column: f32,
}

/// A text style: font, size, colour.
#[derive(Clone, Copy)]
struct Font {
    kind: FontKind,
    size: f32,
    colour: Rgb,
}

/// Sets the document's blocks as chunks.
pub fn collect(
    doc: &Document,
    style: &Style,
    shaper: &mut Shaper,
    numbers: &[usize],
) -> Collected {
    let mut cx = Ctx::new(style, shaper, numbers);
    for block in doc.flat_blocks() {
        if let Block::Heading { level: Level::Item, text, .. } = block {
            cx.duplicates.entry(text.clone()).or_default().0 += 1;
        }
    }
    cx.duplicates.retain(|_, (count, _)| *count > 1);
    cx.label_column = cx.fitted_label_column(doc);
    for block in &doc.blocks {
        cx.block(doc, block);
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

/// Legal references set as one unit, as Danish typesetting does with a no-break space:
/// "§ 16", "§§ 16-18", "stk. 8", "nr. 1", "kap. 9" (the sign or abbreviation and the
/// number after it, up to the next space or comma). Typography, not content: found by
/// their form in the text.
fn legal_references(text: &str) -> Vec<std::ops::Range<usize>> {
    const SIGNS: [&str; 5] = ["§§", "§", "stk.", "nr.", "kap."];
    let mut out = Vec::new();
    let mut previous: Option<(usize, &str)> = None;
    let mut at = 0;
    for word in text.split_inclusive(' ') {
        if let Some((p, sign)) = previous {
            let opened = sign.len() - sign.trim_start_matches('(').len();
            let sign = sign.trim_end().trim_start_matches('(');
            let number = word.trim_end();
            if SIGNS.iter().any(|s| sign.eq_ignore_ascii_case(s))
                && number.starts_with(|c: char| c.is_ascii_digit())
            {
                let end = number.find([',', ';', ')']).unwrap_or(number.len());
                out.push(p + opened..at + end);
            }
        }
        previous = Some((at, word));
        at += word.len();
    }
    out
}

/// A heading the table of contents lists, in a layout listing `levels` levels.
fn is_listed(level: Level, levels: u8) -> bool {
    level <= Level::Section || levels >= 2
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
                repeats: Vec::new(),
                tree: Tree::default(),
                outline: Vec::new(),
                toc: None,
            },
            numbers,
            next_anchor: 0,
            item_title: None,
            duplicates: Default::default(),
            label_column: style.spacing.label_column,
        }
    }

    fn block(&mut self, doc: &Document, block: &Block) {
        // A part's title repeats above its tables and fields, up to the next heading.
        let item_title = self.item_title.clone();
        match block {
            Block::Heading { level, text, in_toc } => {
                self.heading(*level, text, *in_toc);
                let title = self.which(*level, text);
                self.item_title =
                    (*level != Level::Title).then_some((title, self.style.sizes.item));
            }
            Block::Toc => {
                let toc = self.out.tree.add(Role::TOC, None);
                let mut links = Vec::new();
                let levels = self.style.spacing.toc_levels;
                let listed = doc.flat_blocks().into_iter().filter(|b| {
                    matches!(b, Block::Heading { level, in_toc: true, .. } if is_listed(*level, levels))
                });
                for _ in listed {
                    let item = self.out.tree.add(Role::TOCI, Some(toc));
                    links.push(self.out.tree.add(Role::Link, Some(item)));
                }
                let start = self.out.chunks.len();
                let chunks = self.toc(doc, &links);
                self.out.chunks.extend(chunks);
                self.out.toc = Some((start..self.out.chunks.len(), links));
            }
            Block::Paragraph { text, emphasis } => self.paragraph(text, *emphasis),
            Block::Fields(rows) => {
                let header = item_title
                    .map(|(t, size)| self.title_repeat(&self.with_when(t, rows), size));
                self.fields(rows, header);
            }
            Block::Table { header, rows, columns } => {
                let title = item_title.map(|(t, size)| (self.with_when(t, &[]), size));
                self.table(header, rows, columns, title)
            }
            Block::List(items) => self.list(items),
            Block::Signatures(parties) => self.signatures(parties),
            Block::Keep(blocks) => {
                let first = self.out.chunks.len();
                for b in blocks {
                    self.block(doc, b);
                }
                let last = self.out.chunks.len().saturating_sub(1);
                for c in self.out.chunks.iter_mut().take(last).skip(first) {
                    c.keep_with_next = true;
                }
            }
            Block::PageBreak => {
                self.out.chunks.push(Chunk { page_break: true, ..Chunk::default() })
            }
        }
    }

    /// A title as its "(fortsat)" line names it: an item title the document holds more
    /// than once also says which of them it is ("Virksomhedspraktik (2. af 4)"), the
    /// period following from its fields ([`Ctx::with_when`]).
    fn which(&mut self, level: Level, text: &str) -> String {
        let Some((count, seen)) =
            self.duplicates.get_mut(text).filter(|_| level == Level::Item)
        else {
            return text.to_owned();
        };
        *seen += 1;
        self.style
            .labels
            .continued_duplicate
            .replace("{text}", text)
            .replace("{nth}", &seen.to_string())
            .replace("{count}", &count.to_string())
    }

    /// A duplicated item's "(fortsat)" title with the value of its "when" field (its
    /// state and period), or without it when it has none.
    fn with_when(&self, title: String, rows: &[Field]) -> String {
        if !title.contains("{when}") {
            return title;
        }
        let when = rows.iter().find(|f| f.label == self.style.labels.when);
        match when {
            Some(Field { value, .. }) => {
                let mut chars = value.chars();
                let first: String =
                    chars.next().into_iter().flat_map(char::to_lowercase).collect();
                title.replace("{when}", &format!("{first}{}", chars.as_str()))
            }
            None => title.replace("{when}", "").trim_end_matches([',', ' ']).to_owned(),
        }
    }

    /// The label column fitted to the document's labels within the layout's bounds
    /// (`label_column_min` to `label_column`): each label whole where it fits the widest
    /// column, else its longest word unbroken.
    fn fitted_label_column(&mut self, doc: &Document) -> f32 {
        let sp = &self.style.spacing;
        let (least, most) = (sp.label_column_min, sp.label_column);
        if least >= most {
            return most;
        }
        let size = self.style.sizes.body;
        let pad = 2.0 * sp.cell_padding;
        let mut need: f32 = 0.0;
        for block in doc.flat_blocks() {
            let Block::Fields(rows) = block else { continue };
            for Field { label, .. } in rows {
                let whole = self.shaper.width(FontKind::Bold, label) * size + pad;
                if whole <= most * self.width {
                    need = need.max(whole);
                    continue;
                }
                for word in label.split_whitespace() {
                    let w = self.shaper.width(FontKind::Bold, word) * size + pad;
                    need = need.max(w);
                }
            }
        }
        (need / self.width).clamp(least, most)
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

    /// Sets running text: hyphenated where that avoids a large gap; the web and e-mail
    /// addresses `found` in it never hyphenated, phone numbers kept on one line.
    fn set(&mut self, font: Font, text: &str, width: f32, found: &[Found]) -> Vec<Line> {
        self.set_hyphenated(font, text, width, found, true)
    }

    /// As [`Ctx::set`], hyphenated only where `hyphenate` allows.
    fn set_hyphenated(
        &mut self,
        font: Font,
        text: &str,
        width: f32,
        found: &[Found],
        hyphenate: bool,
    ) -> Vec<Line> {
        let mut marks: Vec<Mark> = found
            .iter()
            .map(|f| Mark { range: f.range.clone(), kind: MarkKind::Address })
            .collect();
        if text.bytes().any(|b| b.is_ascii_digit()) {
            let phones = links::phones(text).into_iter();
            marks.extend(phones.map(|range| Mark { range, kind: MarkKind::Unbroken }));
            let legal = legal_references(text).into_iter();
            marks.extend(legal.map(|range| Mark { range, kind: MarkKind::Unbroken }));
            marks.sort_by_key(|m| m.range.start);
            marks.dedup_by(|b, a| b.range.start < a.range.end);
        }
        let setting = Setting { hyphenate, marks: &marks };
        self.shaper.lines_with(font.kind, text, width / font.size, setting)
    }

    /// Sets a heading or a label: never hyphenated (unless a word is wider than the
    /// whole line).
    fn set_label(&mut self, font: Font, text: &str, width: f32) -> Vec<Line> {
        let marks: Vec<Mark> = legal_references(text)
            .into_iter()
            .map(|range| Mark { range, kind: MarkKind::Unbroken })
            .collect();
        let setting = Setting { hyphenate: false, marks: &marks };
        self.shaper.lines_with(font.kind, text, width / font.size, setting)
    }

    fn text_item(&self, font: Font, line: Line, x: f32, top: f32, tag: Tag) -> Item {
        Item::Text {
            at: Point::new(x + line.shift * font.size, top + self.baseline(font.size)),
            font: font.kind,
            size: Pt(font.size),
            colour: font.colour,
            glyphs: line.glyphs,
            text: line.text,
            tag,
        }
    }

    /// A line of running text at `x`, `top`, as `parent`'s content, cut where it enters
    /// or leaves an address `found` in its text: an address's part is the content of the
    /// address's Link node (`links`, by address, as [`Ctx::link_items`] made them), so a
    /// screen reader reads the address as the link, not beside an empty one.
    #[allow(clippy::too_many_arguments)]
    fn line_items(
        &self,
        font: Font,
        line: Line,
        (x, top): (f32, f32),
        parent: NodeId,
        found: &[Found],
        links: &[Option<NodeId>],
    ) -> Vec<Item> {
        let ranges: Vec<_> = line.glyphs.iter().map(|g| g.range.clone()).collect();
        let pieces = links::pieces(&ranges, line.start, line.text.len(), found);
        let plain = matches!(pieces.as_slice(), [p] if p.address.is_none());
        let whole =
            plain || pieces.iter().any(|p| line.text.get(p.text.clone()).is_none());
        if whole {
            return vec![self.text_item(font, line, x, top, Tag::Node(parent))];
        }
        let mut items = Vec::with_capacity(pieces.len());
        let mut pen = x;
        for piece in pieces {
            let glyphs: Vec<_> = line.glyphs[piece.glyphs]
                .iter()
                .map(|g| Glyph {
                    range: g.range.start.saturating_sub(piece.text.start)
                        ..g.range.end.saturating_sub(piece.text.start),
                    ..g.clone()
                })
                .collect();
            let width: f32 = glyphs.iter().map(|g| g.x_advance).sum();
            let node = piece.address.and_then(|k| links.get(k).copied().flatten());
            let text = line.text.get(piece.text.clone()).unwrap_or_default().to_owned();
            let start = line.start + piece.text.start;
            let part = Line { glyphs, text, width, start, shift: line.shift };
            items.push(self.text_item(
                font,
                part,
                pen,
                top,
                Tag::Node(node.unwrap_or(parent)),
            ));
            pen += width * font.size;
        }
        items
    }

    /// Link annotations for the parts of the addresses `found` (in the text `text`) that
    /// `line` holds, set at `x`, `top`. Each address gets one Link structure node under
    /// `parent` (kept in `nodes`, by address), with the address as written as its
    /// alternate description.
    #[allow(clippy::too_many_arguments)]
    fn link_items(
        &mut self,
        text: &str,
        found: &[Found],
        nodes: &mut [Option<NodeId>],
        line: &Line,
        font: Font,
        (x, top): (f32, f32),
        parent: NodeId,
    ) -> Vec<Item> {
        let mut items = Vec::new();
        for (k, f) in found.iter().enumerate() {
            let mut before = 0.0;
            let mut width = 0.0;
            for g in &line.glyphs {
                let (start, end) = (line.start + g.range.start, line.start + g.range.end);
                if start >= f.range.start && end <= f.range.end {
                    width += g.x_advance;
                } else if width == 0.0 {
                    before += g.x_advance;
                }
            }
            if width <= 0.0 {
                continue;
            }
            let node = match nodes.get(k).copied().flatten() {
                Some(n) => n,
                None => {
                    let n = self.out.tree.add(Role::Link, Some(parent));
                    if let Some(slot) = nodes.get_mut(k) {
                        *slot = Some(n);
                    }
                    n
                }
            };
            items.push(Item::Link {
                at: Point::new(x + before * font.size, top),
                size: Size::new(width * font.size, self.line_height(font.size)),
                target: Target::Uri(f.uri.clone()),
                node,
                alt: text.get(f.range.clone()).unwrap_or(&f.uri).to_owned(),
            });
        }
        items
    }
}

#[cfg(test)]
mod legal_tests {
    #[test]
    fn legal_references_are_found_whole() {
        let text =
            "Vejledt (bek. § 16, stk. 9-11) efter UL § 7, stk. 1, nr. 2 og kap. 9.";
        let found: Vec<&str> = super::legal_references(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(found, ["§ 16", "stk. 9-11", "§ 7", "stk. 1", "nr. 2", "kap. 9."]);
    }
}
