//! The layout's output: positioned pages plus the logical structure they realise.
//!
//! The PDF stage only walks this: it never shapes, breaks or decides anything.
//!
//! # Paint order is item order
//! A page's [`Item`]s are drawn exactly in the order they are listed, by every consumer:
//! a later item paints over an earlier one. So layout emits a background (a table
//! header's fill, a card's band) *before* the text that sits on it, and a consumer may
//! regroup items only where that cannot change what is seen: the PDF stage merges text
//! lines into runs only within a stretch of consecutive text items, never across a fill
//! (like typst's `Frame`, whose items every exporter draws in sequence). Reading order
//! is the structure tree's, not the drawing order.

use std::fmt::{self, Write as _};
use std::ops::Range;

use serde::Serialize;

use crate::fonts::FontKind;
pub use crate::geom::{Point, Pt, Size};
use crate::style::Rgb;

/// Index of a node in [`Tree`].
pub type NodeId = usize;

/// Index of an anchor (a place a link or bookmark points to).
pub type AnchorId = usize;

/// The laid-out document: everything the PDF stage writes, and nothing it must look up
/// elsewhere.
#[derive(Debug, Clone)]
pub struct Laid {
    /// The size of every page.
    pub size: Size,
    /// The pages.
    pub pages: Vec<Page>,
    /// Logical structure (becomes the PDF's tag tree).
    pub tree: Tree,
    /// Where each anchor landed, by [`AnchorId`].
    pub anchors: Vec<Anchor>,
    /// Outline (bookmarks) entries, mirroring the table of contents.
    pub outline: Vec<OutlineEntry>,
    /// The document's title and metadata.
    pub info: Info,
}

/// Where an anchor landed: a page, and a place on it (the left edge, at the top of the
/// heading).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Anchor {
    /// Page index, 0 for the first page.
    pub page: usize,
    /// The place on the page.
    pub at: Point,
}

impl Anchor {
    /// An anchor at height `y` of page `page`, at the left edge.
    pub fn new(page: usize, y: f32) -> Self {
        Self { page, at: Point::new(0.0, y) }
    }
}

/// The document-level facts of the PDF: its title and metadata.
#[derive(Debug, Clone)]
pub struct Info {
    /// The title (metadata and window title).
    pub title: String,
    /// Facts without personal data.
    pub meta: Meta,
}

/// Metadata facts, chosen to carry no personal data (no name, no CPR number).
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The plan version's id, e.g. `PV-2026-000731`.
    pub plan_version_id: String,
    /// The version number.
    pub version_number: u32,
    /// Date of the version (creation date of the PDF, so reruns are identical).
    pub date: Date,
    /// The jobcenter, as author.
    pub author: String,
    /// Audience and version kind, e.g. `citizen/current`.
    pub variant: String,
}

/// A calendar date. Serialised as `[year, month, day]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.year, self.month, self.day).serialize(s)
    }
}

/// One bookmark.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    /// Nesting depth, 0 for sections.
    pub depth: usize,
    /// Its text.
    pub title: String,
    /// Where it points.
    pub anchor: AnchorId,
}

/// One page's content.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What is drawn, in paint order (see the module docs): backgrounds before what sits
    /// on them.
    pub items: Vec<Item>,
}

/// How content takes part in the logical structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Content of a structure node.
    Node(NodeId),
    /// Not part of the content: read once, or not at all, by a screen reader.
    Artifact(Artifact),
}

/// Kinds of artifacts, as PDF names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Artifact {
    /// The running header of pages 2 onwards.
    Header,
    /// The footer ("Side X af Y").
    Footer,
    /// Repeated on a continuation page: a table's header row, a card's title, a label
    /// marked "(fortsat)".
    Repeated,
    /// Rules, fills and leaders: design, not content.
    Layout,
}

/// Something drawn on a page. Positions are from the page's top-left corner.
#[derive(Debug, Clone)]
pub enum Item {
    /// A line of text; `at.y` is its baseline.
    Text {
        /// Start of the baseline.
        at: Point,
        /// The font.
        font: FontKind,
        /// Font size.
        size: Pt,
        /// Colour.
        colour: Rgb,
        /// The glyphs.
        glyphs: Vec<Glyph>,
        /// The text the glyphs stand for.
        text: String,
        /// Structure.
        tag: Tag,
    },
    /// A dotted leader from a table of contents entry to its page number (an
    /// artifact); `at.y` is the baseline the dots sit on.
    Leader {
        /// Start, on the baseline.
        at: Point,
        /// Length.
        width: Pt,
        /// Colour.
        colour: Rgb,
    },
    /// A filled rectangle (always an artifact).
    Rect {
        /// Top-left corner.
        at: Point,
        /// Width and height.
        size: Size,
        /// Fill.
        colour: Rgb,
    },
    /// A clickable area (drawn as nothing; an annotation).
    Link {
        /// Top-left corner.
        at: Point,
        /// Width and height.
        size: Size,
        /// Where it goes.
        target: Target,
        /// The Link structure node it belongs to.
        node: NodeId,
        /// Alternative description: "Indsatser, side 3", or the address as written.
        alt: String,
    },
}

impl Item {
    /// Where the item is placed (a text's or leader's baseline start, a box's top-left
    /// corner).
    pub fn at(&self) -> Point {
        match self {
            Item::Text { at, .. }
            | Item::Leader { at, .. }
            | Item::Rect { at, .. }
            | Item::Link { at, .. } => *at,
        }
    }

    /// Moves the item `dy` points down.
    pub fn shift_down(&mut self, dy: Pt) {
        match self {
            Item::Text { at, .. }
            | Item::Leader { at, .. }
            | Item::Rect { at, .. }
            | Item::Link { at, .. } => at.y += dy,
        }
    }
}

/// A positioned glyph; advances and offsets in em (multiply by the font size).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Horizontal advance.
    pub x_advance: f32,
    /// Horizontal offset.
    pub x_offset: f32,
    /// Vertical offset.
    pub y_offset: f32,
    /// The bytes of the line's text this glyph stands for.
    pub range: Range<usize>,
    /// The face it is drawn from ([`crate::fonts::Fonts::face`]): the layout's own font of the
    /// line's kind, or one of the fallback chain.
    pub face: u8,
    /// Its bidi embedding level (odd: right to left); lines hold glyphs in visual order.
    pub level: u8,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A place in the document (a heading).
    Anchor(AnchorId),
    /// A web or e-mail address (`https:…`, `mailto:…`).
    Uri(String),
}

/// Structure roles (a subset of PDF's standard structure types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Heading of a level 1–6, with its text as title.
    Heading {
        /// 1–6.
        level: u8,
        /// Its text.
        title: String,
    },
    /// Paragraph.
    P,
    /// List.
    L,
    /// List item.
    LI,
    /// List item label (the bullet).
    Lbl,
    /// List item body.
    LBody,
    /// Table.
    Table,
    /// Table head rows.
    THead,
    /// Table body rows.
    TBody,
    /// Table row.
    TR,
    /// Header cell; `true` for a row header (scope Row), `false` for a column header.
    TH(bool),
    /// Data cell.
    TD,
    /// Table of contents.
    TOC,
    /// Table of contents item.
    TOCI,
    /// Link.
    Link,
}

/// One structure node.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its role.
    pub role: Role,
    /// Its parent; `None` for top-level nodes.
    pub parent: Option<NodeId>,
}

/// The logical structure: nodes in document order (a parent before its children).
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// All nodes.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// Adds a node.
    pub fn add(&mut self, role: Role, parent: Option<NodeId>) -> NodeId {
        self.nodes.push(Node { role, parent });
        self.nodes.len() - 1
    }
}

impl Laid {
    /// A readable dump for snapshot tests: page, position, role, text.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (i, page) in self.pages.iter().enumerate() {
            let _ = writeln!(out, "=== page {} ===", i + 1);
            for item in &page.items {
                let _ = match item {
                    Item::Text { at, font, size, text, tag, .. } => {
                        let (x, y, size) = (at.x.get(), at.y.get(), size.get());
                        let role = match tag {
                            Tag::Node(n) => self.role_name(*n),
                            Tag::Artifact(a) => format!("{a:?}").to_lowercase(),
                        };
                        let f = if *font == FontKind::Bold { "b" } else { "r" };
                        writeln!(
                            out,
                            "{x:6.1} {y:6.1} {f}{size:<4} {role:<6} {text}",
                            text = text.replace('\u{AD}', "-")
                        )
                    }
                    Item::Rect { at, size, .. } => {
                        let (x, y, w, h) =
                            (at.x.get(), at.y.get(), size.width.get(), size.height.get());
                        writeln!(out, "{x:6.1} {y:6.1} rect {w:.1}x{h:.1}")
                    }
                    Item::Leader { at, width, .. } => {
                        let (x, y, w) = (at.x.get(), at.y.get(), width.get());
                        writeln!(out, "{x:6.1} {y:6.1} leader {w:.1}")
                    }
                    Item::Link { at, target: Target::Anchor(a), .. } => {
                        let (x, y) = (at.x.get(), at.y.get());
                        let Anchor { page, at } = self.anchors[*a];
                        let (p, ay) = (page, at.y.get());
                        writeln!(out, "{x:6.1} {y:6.1} link -> page {} y {ay:.1}", p + 1)
                    }
                    Item::Link { at, target: Target::Uri(uri), .. } => {
                        let (x, y) = (at.x.get(), at.y.get());
                        writeln!(out, "{x:6.1} {y:6.1} link -> {uri}")
                    }
                };
            }
        }
        out
    }

    fn role_name(&self, node: NodeId) -> String {
        match &self.tree.nodes[node].role {
            Role::Heading { level, .. } => format!("H{level}"),
            Role::TH(_) => "TH".into(),
            other => format!("{other:?}"),
        }
    }
}

impl fmt::Display for Laid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dump())
    }
}
