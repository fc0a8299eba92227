//! The semantic document: what the PDF says, in reading order, before any layout.
//!
//! Built by [`crate::compose`] from a [`crate::visibility::View`] of a plan version, so it
//! holds only what the audience may see. Layout turns it into pages; it never looks back
//! at the input model. It serialises to JSON (`minplan compose`), which is how other
//! engines are fed the same content in `bench/compare.sh`.

use serde::Serialize;

use crate::frame::Meta;

/// A composed document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The title, also the PDF's title metadata.
    pub title: String,
    /// The running header of pages 2 onwards: title, name, version, and "Historisk
    /// version" where it applies (never the CPR number). Set as an artifact.
    pub running_header: String,
    /// A band across the top of every page (an artifact; the title block says it once
    /// for screen readers): "Historisk version" on a version that is not the current
    /// one.
    pub band: Option<String>,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Facts for the PDF's metadata; never personal data.
    pub meta: Meta,
}

impl Document {
    /// Every block in reading order, the blocks of [`Block::Keep`] groups in their
    /// place.
    pub fn flat_blocks(&self) -> Vec<&Block> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
            for block in blocks {
                match block {
                    Block::Keep(inner) => walk(inner, out),
                    other => out.push(other),
                }
            }
        }
        let mut out = Vec::with_capacity(self.blocks.len());
        walk(&self.blocks, &mut out);
        out
    }
}

/// Heading levels: title, section, element, item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The document title (H1).
    Title = 1,
    /// A main section: Plan, Integration, CV, … (H2).
    Section = 2,
    /// An element of a section: Jobmål, Indsatser, … (H3).
    Element = 3,
    /// One item within an element: one intervention (H4).
    Item = 4,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Emphasis {
    /// Body text.
    Normal,
    /// Bold body text.
    Strong,
    /// Smaller, muted text (dates, notes).
    Muted,
    /// Bold, in the heading colour: a notice the eye must meet ("Historisk version").
    Notice,
}

/// One block of the document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Block {
    /// A heading; sections and elements are listed in the table of contents.
    Heading {
        /// Its level.
        level: Level,
        /// Its text.
        text: String,
        /// Listed in the table of contents and the outline.
        in_toc: bool,
    },
    /// The table of contents: every heading with `in_toc`, with page numbers and links.
    Toc,
    /// A paragraph of running text.
    Paragraph {
        /// The text; `\n` forces a line break.
        text: String,
        /// How it is set.
        emphasis: Emphasis,
    },
    /// Label/value pairs set as a two-column table.
    Fields(Vec<Field>),
    /// A table with a header row that repeats on every page it spans.
    Table {
        /// Column headings.
        header: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
        /// Column widths as fractions of the text width.
        columns: Vec<f32>,
    },
    /// A bulleted list.
    List(Vec<String>),
    /// Lines to sign on: one per signatory, with a date field.
    Signatures(Vec<Signatory>),
    /// Blocks kept on one page when they fit on one (the signature and kvittering
    /// blocks): they follow the content, and move to a new page as a whole.
    Keep(Vec<Block>),
    /// Start a new page.
    PageBreak,
}

/// A label and its value, one row of [`Block::Fields`]. Serialised as `[label, value]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The label, e.g. "Uddannelse".
    pub label: String,
    /// The value.
    pub value: String,
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.label, &self.value).serialize(s)
    }
}

/// One who signs, a line of [`Block::Signatures`]. Serialised as `[role, name]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Signatory {
    /// The role above the line, e.g. "Borgerens underskrift".
    pub role: String,
    /// The printed name below it.
    pub name: String,
}

impl Serialize for Signatory {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.role, &self.name).serialize(s)
    }
}
