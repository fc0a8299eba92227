//! Reads a page's content stream: which text is shown where, inside which marked content.
//!
//! A small interpreter of the operators that place text (ISO 32000-1 §9.4: `BT`, `Tm`,
//! `Td`, `TD`, `T*`, `TJ`, `Tj`, `'`, `"`, the text state operators, and `q`/`Q`/`cm`
//! for the transformation) and of marked content (§14.6: `BDC`, `BMC`, `EMC`). Paths,
//! colours and images are not read: the dump is about text.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::{self, FontInfo};

/// What a piece of text belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Tagged content: marked content with this id, which the structure tree refers to.
    Mcid(i64),
    /// An artifact, by kind: header, footer, pagination, layout, or artifact.
    Artifact(&'static str),
    /// Neither tagged nor an artifact.
    Untagged,
}

/// Text shown by one operator.
#[derive(Clone, Debug)]
pub struct Piece {
    /// Marked content it sits in.
    pub owner: Owner,
    /// Its text (the `/ActualText` of an enclosing span replaces the glyphs' own).
    pub text: String,
    /// Start of the baseline, in points from the page's left edge.
    pub x: f32,
    /// Baseline, in points from the page's top edge.
    pub y: f32,
    /// Where the pen stands after the last glyph.
    pub end_x: f32,
    /// Font size in points (as set by `Tf`, scaled by the text matrix).
    pub size: f32,
}

/// A 2D affine transformation `[a b c d e f]` (row vectors, as PDF writes them).
#[derive(Clone, Copy, Debug)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Self = Self([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f32, y: f32) -> Self {
        Self([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` applied first, then `next`.
    fn then(self, next: Self) -> Self {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = next.0;
        Self([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much the transformation scales a vertical distance.
    fn vertical_scale(self) -> f32 {
        let [_, _, c, d, _, _] = self.0;
        (c * c + d * d).sqrt()
    }
}

/// An open marked-content sequence: whom its content belongs to, and the text that
/// stands for its glyphs (`/ActualText`, written once however many glyphs follow).
#[derive(Default)]
struct Marked {
    owner: Option<Owner>,
    actual: Option<(bool, String)>,
}

struct State {
    ctm: Matrix,
    saved: Vec<Matrix>,
    tm: Matrix,
    tlm: Matrix,
    font: Option<Vec<u8>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    marked: Vec<Marked>,
}

/// The text pieces of a page, in content-stream order.
pub fn read(doc: &Document, page: ObjectId, height: f32) -> Result<Vec<Piece>, String> {
    let bytes = doc
        .get_page_content_with_limit(page, fonts::STREAM_LIMIT)
        .map_err(|e| format!("content stream: {e}"))?;
    let content = Content::decode(&bytes).map_err(|e| format!("content stream: {e}"))?;
    let font_dicts = doc.get_page_fonts(page).unwrap_or_default();
    let fonts: HashMap<Vec<u8>, FontInfo> = font_dicts
        .iter()
        .map(|(name, dict)| (name.clone(), FontInfo::read(doc, dict)))
        .collect();
    let properties = properties(doc, page);

    let mut s = State {
        ctm: Matrix::IDENTITY,
        saved: Vec::new(),
        tm: Matrix::IDENTITY,
        tlm: Matrix::IDENTITY,
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
        marked: Vec::new(),
    };
    let mut out = Vec::new();
    for op in &content.operations {
        let n = |i: usize| fonts::number(doc, op.operands.get(i)).unwrap_or(0.0);
        match op.operator.as_str() {
            "q" => s.saved.push(s.ctm),
            "Q" => s.ctm = s.saved.pop().unwrap_or(Matrix::IDENTITY),
            "cm" => s.ctm = Matrix([n(0), n(1), n(2), n(3), n(4), n(5)]).then(s.ctm),
            "BT" => {
                s.tm = Matrix::IDENTITY;
                s.tlm = Matrix::IDENTITY;
            }
            "Tf" => {
                s.font = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .map(<[u8]>::to_vec);
                s.size = n(1);
            }
            "Tc" => s.char_spacing = n(0),
            "Tw" => s.word_spacing = n(0),
            "Tz" => s.scale = n(0) / 100.0,
            "TL" => s.leading = n(0),
            "Ts" => s.rise = n(0),
            "Tm" => {
                s.tm = Matrix([n(0), n(1), n(2), n(3), n(4), n(5)]);
                s.tlm = s.tm;
            }
            "Td" => s.next_line(n(0), n(1)),
            "TD" => {
                s.leading = -n(1);
                s.next_line(n(0), n(1));
            }
            "T*" => s.next_line(0.0, -s.leading),
            "Tj" => {
                if let Some(Object::String(bytes, _)) = op.operands.first() {
                    s.show(bytes, &fonts, height, &mut out);
                }
            }
            "'" => {
                s.next_line(0.0, -s.leading);
                if let Some(Object::String(bytes, _)) = op.operands.first() {
                    s.show(bytes, &fonts, height, &mut out);
                }
            }
            "\"" => {
                s.word_spacing = n(0);
                s.char_spacing = n(1);
                s.next_line(0.0, -s.leading);
                if let Some(Object::String(bytes, _)) = op.operands.get(2) {
                    s.show(bytes, &fonts, height, &mut out);
                }
            }
            "TJ" => {
                let Some(Object::Array(items)) = op.operands.first() else { continue };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            s.show(bytes, &fonts, height, &mut out)
                        }
                        other => {
                            let adjust = fonts::number(doc, Some(other)).unwrap_or(0.0);
                            let tx = -adjust / 1000.0 * s.size * s.scale;
                            s.tm = Matrix::translate(tx, 0.0).then(s.tm);
                        }
                    }
                }
            }
            "BMC" => {
                let tag =
                    op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                let owner = (tag == b"Artifact").then_some(Owner::Artifact("artifact"));
                s.marked.push(Marked { owner, actual: None });
            }
            "BDC" => {
                let tag =
                    op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                let dict = match op.operands.get(1) {
                    Some(Object::Dictionary(d)) => Some(d),
                    Some(Object::Name(name)) => properties.and_then(|p| {
                        p.get(name).ok().and_then(|o| fonts::deref(doc, o).as_dict().ok())
                    }),
                    _ => None,
                };
                s.marked.push(marked(doc, tag, dict));
            }
            "EMC" => {
                s.marked.pop();
            }
            _ => {}
        }
    }
    Ok(out)
}

impl State {
    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = Matrix::translate(tx, ty).then(self.tlm);
        self.tm = self.tlm;
    }

    fn show(
        &mut self,
        bytes: &[u8],
        fonts: &HashMap<Vec<u8>, FontInfo>,
        height: f32,
        out: &mut Vec<Piece>,
    ) {
        let Some(font) = self.font.as_ref().and_then(|f| fonts.get(f)) else { return };
        let start = self.tm.then(self.ctm);
        let (x, y) = start.apply(0.0, self.rise);
        let mut text = String::new();
        for code in font.codes(bytes) {
            text.push_str(font.text(code));
            let mut tx = font.advance(code) * self.size + self.char_spacing;
            if font.simple && code == 32 {
                tx += self.word_spacing;
            }
            self.tm = Matrix::translate(tx * self.scale, 0.0).then(self.tm);
        }
        let (end_x, _) = self.tm.then(self.ctm).apply(0.0, self.rise);
        // Inside a span with /ActualText, that text stands for all the glyphs: once.
        if let Some((shown, actual)) =
            self.marked.iter_mut().rev().find_map(|m| m.actual.as_mut())
        {
            text = if *shown { String::new() } else { actual.clone() };
            *shown = true;
        }
        let owner = self
            .marked
            .iter()
            .rev()
            .find_map(|m| m.owner.clone())
            .unwrap_or(Owner::Untagged);
        let size = self.size * start.vertical_scale();
        out.push(Piece { owner, text, x, y: height - y, end_x, size });
    }
}

/// What a `BDC` opens.
fn marked(doc: &Document, tag: &[u8], dict: Option<&Dictionary>) -> Marked {
    if tag == b"Artifact" {
        let get = |key: &[u8]| dict.and_then(|d| fonts::name(doc, d, key));
        let kind = match (get(b"Type").as_deref(), get(b"Subtype").as_deref()) {
            (_, Some(b"Header")) => "header",
            (_, Some(b"Footer")) => "footer",
            (_, Some(b"Watermark")) => "watermark",
            (Some(b"Pagination"), _) => "pagination",
            (Some(b"Layout"), _) => "layout",
            (Some(b"Page"), _) => "page",
            (Some(b"Background"), _) => "background",
            _ => "artifact",
        };
        return Marked { owner: Some(Owner::Artifact(kind)), actual: None };
    }
    let Some(dict) = dict else { return Marked::default() };
    let actual = match dict.get(b"ActualText").map(|o| fonts::deref(doc, o)) {
        Ok(Object::String(bytes, _)) => Some((false, fonts::text_string(bytes))),
        _ => None,
    };
    let owner = match dict.get(b"MCID").ok().map(|o| fonts::deref(doc, o)) {
        Some(Object::Integer(mcid)) => Some(Owner::Mcid(*mcid)),
        _ => None,
    };
    Marked { owner, actual }
}

/// The page's `/Properties` resources (named marked-content property lists).
fn properties(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let (own, inherited) = doc.get_page_resources(page).ok()?;
    let resources =
        own.or_else(|| inherited.iter().find_map(|id| doc.get_dictionary(*id).ok()))?;
    resources
        .get(b"Properties")
        .ok()
        .and_then(|o| fonts::deref(doc, o).as_dict().ok())
}
