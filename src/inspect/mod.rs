//! Reads a minplan PDF back into a stable, readable dump, and compares two PDFs.
//!
//! For golden-file suites: a suite that keeps each plan version's PDF snapshots
//! [`Inspection::dump`] (metadata, outline, and per page the text lines in reading order
//! with their structure role, links with their targets, artifacts marked as such) and
//! reviews it as text; [`compare`] tells a reviewer first whether the *text* changed or
//! only where it sits.
//!
//! Everything is read from the file itself (lopdf), not from the engine, so a dump made by
//! one minplan version reads a PDF made by another. Stages: [`fonts`] (character codes to
//! text), [`content`] (what each page shows, inside which marked content), [`structure`]
//! (who owns that content), then [`Inspection`] puts lines in reading order.

mod content;
mod diff;
mod dump;
mod fonts;
mod structure;

use std::collections::HashMap;
use std::fmt;

use lopdf::{Dictionary, Document, Object, ObjectId};

pub use diff::{compare, Comparison, Verdict};

use content::{Owner, Piece};
use fonts::{deref, text_string};
use structure::Structure;

/// The version of the dump's format; it changes only when the format does.
pub const DUMP_FORMAT: u32 = 1;

/// A PDF that cannot be read.
#[derive(Debug)]
pub struct ReadError(String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a readable PDF: {}", self.0)
    }
}

impl std::error::Error for ReadError {}

/// A PDF as a reader meets it.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// Document facts, in a fixed order: title, language, conformance, … .
    pub meta: Vec<(&'static str, String)>,
    /// Bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// Pages.
    pub pages: Vec<PageView>,
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// Its title.
    pub title: String,
    /// The page it opens (1-based), when it names one of the document's pages.
    pub page: Option<usize>,
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageView {
    /// Width and height in points.
    pub size: (f32, f32),
    /// Text lines in reading order.
    pub lines: Vec<Line>,
    /// Link annotations in reading order.
    pub links: Vec<Link>,
}

/// What a line of text is to a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Content of a structure element of this type.
    Content {
        /// Structure type: `P`, `H1`, `TD`, `Link`, … (`?` when the tree does not say).
        role: String,
        /// Inside the table of contents.
        in_toc: bool,
    },
    /// An artifact (running header, footer, repeated heading, …), by kind.
    Artifact(&'static str),
    /// Text outside both (a tagged PDF has none).
    Untagged,
}

/// One line: text of one owner on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Its role.
    pub role: Role,
    /// Its text as the text layer holds it (a hyphen set at a line end is U+00AD).
    pub text: String,
    /// Start of the baseline, points from the left edge.
    pub x: f32,
    /// Baseline, points from the top edge.
    pub y: f32,
}

/// A link annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Where it goes: `page N` or the URI.
    pub target: String,
    /// Its alternate description (`/Contents`).
    pub alt: String,
    /// The structure element that owns it.
    pub role: Option<String>,
    /// Top-left corner of its area, points from the page's top-left corner.
    pub at: (f32, f32),
}

/// Reads a PDF.
pub fn inspect(pdf: &[u8]) -> Result<Inspection, ReadError> {
    let doc = Document::load_mem(pdf).map_err(|e| ReadError(e.to_string()))?;
    if doc.is_encrypted() {
        return Err(ReadError("the file is encrypted".to_owned()));
    }
    let structure = structure::read(&doc);
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let numbers: HashMap<ObjectId, usize> =
        page_ids.iter().enumerate().map(|(i, id)| (*id, i + 1)).collect();
    let mut pages = Vec::with_capacity(page_ids.len());
    for (index, &id) in page_ids.iter().enumerate() {
        let size = page_size(&doc, id);
        let pieces = content::read(&doc, id, size.1)
            .map_err(|e| ReadError(format!("page {}: {e}", index + 1)))?;
        let lines = lines(&structure, id, pieces);
        let links = links(&doc, &structure, id, size.1, &numbers);
        pages.push(PageView { size, lines, links });
    }
    Ok(Inspection {
        meta: meta(&doc, &page_ids),
        outline: outline(&doc, &numbers),
        pages,
    })
}

/// Joins pieces into lines and puts the lines in reading order: tagged content in the
/// structure tree's order; the running header first; any other artifact just before the
/// content that follows it in the content stream (a footer drawn last comes last).
fn lines(structure: &Structure, page: ObjectId, pieces: Vec<Piece>) -> Vec<Line> {
    struct Open {
        owner: Owner,
        element: Option<usize>,
        line: Line,
        end_x: f32,
        size: f32,
    }
    let element = |owner: &Owner| match owner {
        Owner::Mcid(mcid) => structure.content.get(&(page, *mcid)).map(|o| o.element),
        _ => None,
    };
    let mut open: Vec<Open> = Vec::new();
    for piece in pieces {
        if piece.text.is_empty() {
            continue;
        }
        let piece_element = element(&piece.owner);
        if let Some(last) = open.last_mut() {
            let same_line =
                (piece.y - last.line.y).abs() <= 0.3 * last.size.max(piece.size);
            // One line: the same marked content, or content of the same element (a table
            // of contents entry's title and page number).
            let same_owner = last.owner == piece.owner
                || (piece_element.is_some() && last.element == piece_element);
            if same_owner && same_line {
                let gap = piece.x - last.end_x;
                let spaced = last.line.text.ends_with(char::is_whitespace)
                    || piece.text.starts_with(char::is_whitespace);
                if gap > 2.0 * piece.size {
                    // A leader or a tab stop between them.
                    last.line.text.push_str(" … ");
                } else if gap > 0.2 * piece.size && !spaced {
                    last.line.text.push(' ');
                }
                last.line.text.push_str(&piece.text);
                last.end_x = piece.end_x;
                continue;
            }
        }
        let role = match &piece.owner {
            Owner::Mcid(mcid) => match structure.content.get(&(page, *mcid)) {
                Some(o) => Role::Content { role: o.role.clone(), in_toc: o.in_toc },
                None => Role::Content { role: "?".to_owned(), in_toc: false },
            },
            Owner::Artifact(kind) => Role::Artifact(kind),
            Owner::Untagged => Role::Untagged,
        };
        let line = Line { role, text: piece.text, x: piece.x, y: piece.y };
        open.push(Open {
            owner: piece.owner,
            element: piece_element,
            line,
            end_x: piece.end_x,
            size: piece.size,
        });
    }
    let orders: Vec<Option<usize>> = open
        .iter()
        .map(|o| match o.owner {
            Owner::Mcid(mcid) => structure.content.get(&(page, mcid)).map(|s| s.order),
            _ => None,
        })
        .collect();
    let mut keys = vec![usize::MAX; orders.len()];
    let mut next = usize::MAX;
    for i in (0..orders.len()).rev() {
        if let Some(order) = orders[i] {
            next = order;
        }
        keys[i] = match open[i].owner {
            // The running header heads the page, wherever it is drawn.
            Owner::Artifact("header") => 0,
            _ => next,
        };
    }
    let mut indexed: Vec<(usize, usize, Line)> = open
        .into_iter()
        .enumerate()
        .map(|(i, o)| (keys[i], i, o.line))
        .collect();
    indexed.sort_by_key(|(key, i, _)| (*key, *i));
    indexed
        .into_iter()
        .map(|(_, _, mut line)| {
            line.text = line.text.trim_end().to_owned();
            line
        })
        .collect()
}

fn page_size(doc: &Document, page: ObjectId) -> (f32, f32) {
    let mut dict = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let Some(d) = dict else { break };
        if let Ok(Object::Array(b)) = d.get(b"MediaBox").map(|o| deref(doc, o)) {
            let n: Vec<f32> =
                b.iter().filter_map(|o| fonts::number(doc, Some(o))).collect();
            if let [x0, y0, x1, y1] = n[..] {
                return ((x1 - x0).abs(), (y1 - y0).abs());
            }
        }
        dict = d.get(b"Parent").ok().and_then(|o| deref(doc, o).as_dict().ok());
    }
    (0.0, 0.0)
}

fn links(
    doc: &Document,
    structure: &Structure,
    page: ObjectId,
    height: f32,
    numbers: &HashMap<ObjectId, usize>,
) -> Vec<Link> {
    let Ok(dict) = doc.get_dictionary(page) else { return Vec::new() };
    let Ok(Object::Array(annots)) = dict.get(b"Annots").map(|o| deref(doc, o)) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, Link)> = Vec::new();
    for annot in annots {
        let Ok(a) = deref(doc, annot).as_dict() else { continue };
        if fonts::name(doc, a, b"Subtype").as_deref() != Some(b"Link") {
            continue;
        }
        let owned = match annot {
            Object::Reference(id) => structure.annotations.get(id),
            _ => None,
        };
        let rect: Vec<f32> = match a.get(b"Rect").map(|o| deref(doc, o)) {
            Ok(Object::Array(r)) => {
                r.iter().filter_map(|o| fonts::number(doc, Some(o))).collect()
            }
            _ => Vec::new(),
        };
        let at = match rect[..] {
            [x0, y0, x1, y1] => (x0.min(x1), height - y0.max(y1)),
            _ => (0.0, 0.0),
        };
        let alt = match a.get(b"Contents").map(|o| deref(doc, o)) {
            Ok(Object::String(s, _)) => text_string(s),
            _ => String::new(),
        };
        let link = Link {
            target: target(doc, a, numbers),
            alt,
            role: owned.map(|o| o.role.clone()),
            at,
        };
        out.push((owned.map_or(usize::MAX, |o| o.order), link));
    }
    out.sort_by(|a, b| {
        (a.0, a.1.at.1, a.1.at.0)
            .partial_cmp(&(b.0, b.1.at.1, b.1.at.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out.into_iter().map(|(_, l)| l).collect()
}

/// A link's or bookmark's target as text: `page N` or the URI.
fn target(
    doc: &Document,
    dict: &Dictionary,
    numbers: &HashMap<ObjectId, usize>,
) -> String {
    let action = dict.get(b"A").ok().and_then(|o| deref(doc, o).as_dict().ok());
    if let Some(action) = action {
        if let Ok(Object::String(uri, _)) = action.get(b"URI").map(|o| deref(doc, o)) {
            return String::from_utf8_lossy(uri).into_owned();
        }
        if let Ok(dest) = action.get(b"D") {
            return destination(doc, dest, numbers);
        }
    }
    match dict.get(b"Dest") {
        Ok(dest) => destination(doc, dest, numbers),
        Err(_) => "nowhere".to_owned(),
    }
}

fn destination(
    doc: &Document,
    dest: &Object,
    numbers: &HashMap<ObjectId, usize>,
) -> String {
    match deref(doc, dest) {
        Object::Array(a) => match a.first() {
            Some(Object::Reference(id)) => numbers
                .get(id)
                .map_or_else(|| "another page".to_owned(), |n| format!("page {n}")),
            _ => "an unknown place".to_owned(),
        },
        Object::String(name, _) | Object::Name(name) => {
            format!("named {}", String::from_utf8_lossy(name))
        }
        _ => "an unknown place".to_owned(),
    }
}

fn outline(doc: &Document, numbers: &HashMap<ObjectId, usize>) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    let first = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| deref(doc, o).as_dict().ok())
        .and_then(|o| o.get(b"First").ok());
    let mut stack: Vec<(&Object, usize)> = first.map(|f| (f, 0)).into_iter().collect();
    let mut seen = std::collections::HashSet::new();
    while let Some((object, depth)) = stack.pop() {
        if let Object::Reference(id) = object {
            if !seen.insert(*id) {
                continue;
            }
        }
        let Ok(item) = deref(doc, object).as_dict() else { continue };
        let title = match item.get(b"Title").map(|o| deref(doc, o)) {
            Ok(Object::String(s, _)) => text_string(s),
            _ => String::new(),
        };
        let page = target(doc, item, numbers)
            .strip_prefix("page ")
            .and_then(|n| n.parse().ok());
        out.push(OutlineEntry { depth, title, page });
        // Siblings after children: push the next sibling first.
        if let Ok(next) = item.get(b"Next") {
            stack.push((next, depth));
        }
        if let Ok(child) = item.get(b"First") {
            if depth < 64 {
                stack.push((child, depth + 1));
            }
        }
    }
    out
}

/// Title, language, conformance claims and the document-information entries.
fn meta(doc: &Document, pages: &[ObjectId]) -> Vec<(&'static str, String)> {
    let catalog = doc.catalog().ok();
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| deref(doc, o).as_dict().ok());
    let info_text =
        |key: &[u8]| match info.and_then(|i| i.get(key).ok()).map(|o| deref(doc, o)) {
            Some(Object::String(s, _)) => text_string(s),
            _ => String::new(),
        };
    let xmp = catalog
        .and_then(|c| fonts::stream(doc, c.get(b"Metadata").ok()))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let mut conformance = Vec::new();
    if let Some(part) = xmp_value(&xmp, "pdfaid:part") {
        let level = xmp_value(&xmp, "pdfaid:conformance")
            .unwrap_or_default()
            .to_lowercase();
        conformance.push(format!("PDF/A-{part}{level}"));
    }
    if let Some(part) = xmp_value(&xmp, "pdfuaid:part") {
        conformance.push(format!("PDF/UA-{part}"));
    }
    let lang = match catalog.and_then(|c| c.get(b"Lang").ok()).map(|o| deref(doc, o)) {
        Some(Object::String(s, _)) => text_string(s),
        _ => String::new(),
    };
    let flag = |dict: Option<&Dictionary>, key: &[u8]| {
        let on = matches!(
            dict.and_then(|d| d.get(key).ok()).map(|o| deref(doc, o)),
            Some(Object::Boolean(true))
        );
        if on { "yes" } else { "no" }.to_owned()
    };
    let sub = |key: &[u8]| {
        catalog
            .and_then(|c| c.get(key).ok())
            .and_then(|o| deref(doc, o).as_dict().ok())
    };
    let mut font_names: Vec<String> = pages
        .iter()
        .flat_map(|p| doc.get_page_fonts(*p).unwrap_or_default().into_values())
        .filter_map(|f| fonts::name(doc, f, b"BaseFont"))
        .map(|n| {
            let n = String::from_utf8_lossy(&n).into_owned();
            // A subset's tag ("ABCDEF+") depends on the glyphs used: leave it out.
            match n.split_once('+') {
                Some((tag, base)) if tag.len() == 6 => base.to_owned(),
                _ => n,
            }
        })
        .collect();
    font_names.sort();
    font_names.dedup();
    vec![
        ("title", info_text(b"Title")),
        ("language", lang),
        ("conformance", conformance.join(", ")),
        ("tagged", flag(sub(b"MarkInfo"), b"Marked")),
        ("display title", flag(sub(b"ViewerPreferences"), b"DisplayDocTitle")),
        ("author", info_text(b"Author")),
        ("creator", info_text(b"Creator")),
        ("producer", info_text(b"Producer")),
        ("created", info_text(b"CreationDate")),
        ("fonts", font_names.join(", ")),
    ]
}

/// A property of XMP in either form: `key="value"` or `<key>value</key>`.
fn xmp_value(xmp: &str, key: &str) -> Option<String> {
    let attribute = xmp
        .split_once(&format!("{key}=\""))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(value, _)| value);
    let element = || {
        xmp.split_once(&format!("<{key}>"))
            .and_then(|(_, rest)| rest.split_once('<'))
            .map(|(value, _)| value)
    };
    attribute.or_else(element).map(|v| v.trim().to_owned())
}
