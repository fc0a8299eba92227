//! What the reader needs of a PDF font: how many bytes a character code takes, the text
//! each code stands for (its `/ToUnicode` CMap), and each code's advance width.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

/// Decompressed streams larger than this are refused (a minplan page is far smaller).
pub const STREAM_LIMIT: usize = 64 << 20;

/// A font as the content reader uses it.
pub struct FontInfo {
    /// Bytes per character code: 2 for composite (Type0, Identity-H), 1 otherwise.
    pub code_bytes: usize,
    /// Text of each code, from the `/ToUnicode` CMap.
    to_unicode: HashMap<u32, String>,
    /// Advance width of each code in glyph space.
    widths: HashMap<u32, f32>,
    /// Width of codes missing from `widths`.
    default_width: f32,
    /// Glyph space to text space (1/1000, or a Type3 font's matrix).
    scale: f32,
    /// Whether code 32 is the one-byte space that word spacing applies to.
    pub simple: bool,
}

impl FontInfo {
    /// Reads a font dictionary.
    pub fn read(doc: &Document, font: &Dictionary) -> Self {
        let subtype = name(doc, font, b"Subtype").unwrap_or_default();
        let composite = subtype == b"Type0";
        let mut info = Self {
            code_bytes: if composite { 2 } else { 1 },
            to_unicode: HashMap::new(),
            widths: HashMap::new(),
            default_width: if composite { 1000.0 } else { 0.0 },
            scale: 0.001,
            simple: !composite,
        };
        if let Some(bytes) = stream(doc, font.get(b"ToUnicode").ok()) {
            info.to_unicode = parse_cmap(&bytes);
        }
        if composite {
            let descendant = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| deref(doc, o).as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o).as_dict().ok());
            if let Some(cid) = descendant {
                if let Some(dw) = number(doc, cid.get(b"DW").ok()) {
                    info.default_width = dw;
                }
                if let Some(w) =
                    cid.get(b"W").ok().and_then(|o| deref(doc, o).as_array().ok())
                {
                    info.widths = cid_widths(doc, w);
                }
            }
        } else {
            let first = number(doc, font.get(b"FirstChar").ok()).unwrap_or(0.0);
            if let Some(w) =
                font.get(b"Widths").ok().and_then(|o| deref(doc, o).as_array().ok())
            {
                for (i, width) in w.iter().enumerate() {
                    if let Some(width) = number(doc, Some(width)) {
                        info.widths.insert(first as u32 + i as u32, width);
                    }
                }
            }
            if subtype == b"Type3" {
                let matrix = font
                    .get(b"FontMatrix")
                    .ok()
                    .and_then(|o| deref(doc, o).as_array().ok())
                    .and_then(|a| a.first())
                    .and_then(|o| number(doc, Some(o)));
                info.scale = matrix.unwrap_or(0.001);
            }
        }
        info
    }

    /// The text a code stands for; U+FFFD when the font does not say.
    pub fn text(&self, code: u32) -> &str {
        self.to_unicode.get(&code).map_or("\u{FFFD}", String::as_str)
    }

    /// A code's advance in text space (multiply by the font size).
    pub fn advance(&self, code: u32) -> f32 {
        self.widths.get(&code).copied().unwrap_or(self.default_width) * self.scale
    }

    /// Splits a shown string into codes.
    pub fn codes(&self, bytes: &[u8]) -> Vec<u32> {
        bytes
            .chunks(self.code_bytes)
            .map(|c| c.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
            .collect()
    }
}

/// Follows a reference (one level is all PDF allows in these places, but a chain is
/// followed up to a small bound).
pub fn deref<'a>(doc: &'a Document, mut object: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match object {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(o) => object = o,
                Err(_) => return &Object::Null,
            },
            _ => return object,
        }
    }
    &Object::Null
}

/// A name entry of a dictionary.
pub fn name(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
    dict.get(key)
        .ok()
        .and_then(|o| deref(doc, o).as_name().ok())
        .map(<[u8]>::to_vec)
}

/// A number, integer or real.
pub fn number(doc: &Document, object: Option<&Object>) -> Option<f32> {
    match deref(doc, object?) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// A stream's decoded bytes.
pub fn stream(doc: &Document, object: Option<&Object>) -> Option<Vec<u8>> {
    let Object::Stream(s) = deref(doc, object?) else { return None };
    if s.dict.get(b"Filter").is_ok() {
        s.decompressed_content_with_limit(STREAM_LIMIT).ok()
    } else {
        Some(s.content.clone())
    }
}

/// `/W` of a CIDFont: `c [w1 w2 …]` and `cfirst clast w` entries.
fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut widths = HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(doc, w.get(i)) else { break };
        let first = first as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    if let Some(width) = number(doc, Some(width)) {
                        widths.insert(first + k as u32, width);
                    }
                }
                i += 2;
            }
            Some(_) => {
                let last = number(doc, w.get(i + 1)).unwrap_or(0.0) as u32;
                let width = number(doc, w.get(i + 2)).unwrap_or(0.0);
                // A range is bounded so a hostile file cannot ask for billions of entries.
                for code in first..=last.min(first.saturating_add(0xFFFF)) {
                    widths.insert(code, width);
                }
                i += 3;
            }
            None => break,
        }
    }
    widths
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
pub fn parse_cmap(bytes: &[u8]) -> HashMap<u32, String> {
    let tokens = tokens(bytes);
    let mut map = HashMap::new();
    let mut i = 0;
    let mut section = Section::None;
    while i < tokens.len() {
        match (&tokens[i], section) {
            (Token::Word(w), _) if w == b"beginbfchar" => section = Section::Char,
            (Token::Word(w), _) if w == b"beginbfrange" => section = Section::Range,
            (Token::Word(w), _) if w.starts_with(b"end") => section = Section::None,
            (Token::Hex(src), Section::Char) => {
                if let Some(Token::Hex(dst)) = tokens.get(i + 1) {
                    map.insert(code(src), utf16(dst));
                    i += 1;
                }
            }
            (Token::Hex(lo), Section::Range) => {
                let (lo, hi) = match tokens.get(i + 1) {
                    Some(Token::Hex(hi)) => (code(lo), code(hi)),
                    _ => break,
                };
                let hi = hi.min(lo.saturating_add(0xFFFF));
                match tokens.get(i + 2) {
                    Some(Token::Hex(dst)) => {
                        let base: Vec<u16> = units(dst);
                        for (k, c) in (lo..=hi).enumerate() {
                            let mut u = base.clone();
                            if let Some(last) = u.last_mut() {
                                *last = last.wrapping_add(k as u16);
                            }
                            map.insert(c, String::from_utf16_lossy(&u));
                        }
                        i += 2;
                    }
                    Some(Token::Open) => {
                        let mut k = 0u32;
                        let mut j = i + 3;
                        while let Some(Token::Hex(dst)) = tokens.get(j) {
                            map.insert(lo + k, utf16(dst));
                            k += 1;
                            j += 1;
                        }
                        i = j;
                    }
                    _ => break,
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}

#[derive(Clone, Copy)]
enum Section {
    None,
    Char,
    Range,
}

enum Token {
    Hex(Vec<u8>),
    Word(Vec<u8>),
    Open,
    Close,
}

fn tokens(bytes: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' if bytes.get(i + 1) != Some(&b'<') => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |p| i + p);
                let digits: Vec<u8> = bytes[i + 1..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let value = digits
                    .chunks(2)
                    .map(|p| (nibble(p[0]) << 4) | p.get(1).map_or(0, |&d| nibble(d)))
                    .collect();
                out.push(Token::Hex(value));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b if b.is_ascii_alphanumeric() => {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                out.push(Token::Word(bytes[start..i].to_vec()));
            }
            _ => i += 1,
        }
    }
    out
}

fn nibble(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        b'A'..=b'F' => digit - b'A' + 10,
        _ => 0,
    }
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
}

fn units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&units(bytes))
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), or
/// PDFDocEncoding (read as Latin-1, which it equals for the letters minplan writes).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_chars_and_ranges() {
        let cmap = b"2 beginbfchar\n<0001> <0041>\n<0002> <00E5>\nendbfchar\n\
            1 beginbfrange\n<0010> <0012> <0061>\n<0020> <0021> [<0078> <D83DDE42>]\nendbfrange";
        let map = parse_cmap(cmap);
        assert_eq!(map.get(&1).map(String::as_str), Some("A"));
        assert_eq!(map.get(&2).map(String::as_str), Some("å"));
        assert_eq!(map.get(&0x11).map(String::as_str), Some("b"));
        assert_eq!(map.get(&0x12).map(String::as_str), Some("c"));
        assert_eq!(map.get(&0x21).map(String::as_str), Some("🙂"));
    }

    #[test]
    fn text_strings() {
        assert_eq!(text_string(&[0xFE, 0xFF, 0, b'M', 0, 0xE5]), "Må");
        assert_eq!(text_string(b"Min plan"), "Min plan");
    }
}
