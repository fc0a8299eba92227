//! Text: shaping with rustybuzz (real metrics and kerning), UAX #14 line breaking and
//! Danish hyphenation, producing lines of positioned glyphs.
//!
//! Words are shaped once and cached per thread across renders: documents repeat words a
//! lot (labels, dates, common words), and shaping dominates text layout otherwise.
//!
//! Text the layout's font cannot draw falls back along the font chain
//! ([`crate::fonts`]); right-to-left runs are shaped right to left and each line is
//! reordered after breaking (UAX #9, [`bidi`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rustybuzz::{script, Direction, Language, UnicodeBuffer};

use crate::fonts::{FontKind, Fonts};
mod bidi;
mod breaking;
mod fallback;
mod setting;

pub use crate::frame::Glyph;
use setting::Breaker;
pub use setting::{Mark, MarkKind, Setting};

/// A shaped piece of text.
#[derive(Debug)]
struct Shaped {
    glyphs: Vec<Glyph>,
    /// Width of everything, in em.
    width: f32,
    /// Width of the trailing white space, in em.
    trailing: f32,
}

/// One set line: glyphs and the text they stand for (`U+00AD` where a word was
/// hyphenated, so text extraction can join it again).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The glyphs, positioned from the line's start.
    pub glyphs: Vec<Glyph>,
    /// The line's text.
    pub text: String,
    /// Width in em.
    pub width: f32,
    /// Where the line's text starts in the text that was set (byte offset): glyph range
    /// `r` stands for bytes `start + r` there (except an added hyphen).
    pub start: usize,
    /// How far (in em) the line is set in from the start of its column: a line of a
    /// right-to-left paragraph (one that starts with a right-to-left letter) is set
    /// flush right.
    pub shift: f32,
}

/// Shaped words of this thread: per (font set, font, right to left), by text.
type Cache = Vec<((u64, FontKind, bool), HashMap<Box<str>, Rc<Shaped>>)>;

/// The cache is dropped when it grows past this many entries, bounding memory for
/// long-running processes that see many different texts.
const CACHE_LIMIT: usize = 100_000;

/// Texts longer than this (in bytes) are shaped afresh each time, never cached.
const CACHE_MAX_BYTES: usize = 64;

/// A token longer than this (in bytes) is first measured by its start only (doubling
/// until wider than the line): if that is wider than the line, the token is hyphenated or
/// cut within it, so a 20,000-character token costs time linear in its length, not
/// quadratic.
const PROBE_BYTES: usize = 128;

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A shaped text from its glyphs (in logical order).
fn finish(glyphs: Vec<Glyph>, text: &str) -> Shaped {
    let width = glyphs.iter().map(|g| g.x_advance).sum();
    let trim = text.trim_end().len();
    let trailing = glyphs
        .iter()
        .filter(|g| g.range.start >= trim)
        .map(|g| g.x_advance)
        .sum();
    Shaped { glyphs, width, trailing }
}

thread_local! {
    static CACHE: RefCell<Cache> = const { RefCell::new(Vec::new()) };
}

/// Forgets this thread's shaped words, so the next render shapes every word afresh (the
/// worst case, measured by `examples/timing.rs --cold`).
pub fn clear_word_cache() {
    CACHE.with_borrow_mut(Vec::clear);
}

/// Shapes text and sets paragraphs.
pub struct Shaper<'f> {
    fonts: &'f Fonts,
    language: Option<Language>,
    /// The bidi levels of the paragraph being broken (per byte), when it holds
    /// right-to-left text; `None` for the usual all left-to-right paragraph.
    levels: Option<bidi::Levels>,
}

impl<'f> Shaper<'f> {
    /// A shaper over the given fonts.
    pub fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, language: "da".parse().ok(), levels: None }
    }

    /// The fonts.
    pub fn fonts(&self) -> &'f Fonts {
        self.fonts
    }

    fn shape(&mut self, font: FontKind, text: &str) -> Rc<Shaped> {
        self.shape_dir(font, text, false)
    }

    /// Shapes `text` in one direction (right to left with `rtl`), cached.
    fn shape_dir(&mut self, font: FontKind, text: &str, rtl: bool) -> Rc<Shaped> {
        // Words repeat; long tokens (URLs, pieces of a cut token) rarely do, and caching
        // every remainder of a cut token would cost memory quadratic in its length.
        if text.len() > CACHE_MAX_BYTES {
            return Rc::new(self.shape_uncached(font, text, rtl));
        }
        let key = (self.fonts.id(), font, rtl);
        let hit = CACHE.with_borrow(|c| {
            c.iter().find(|e| e.0 == key).and_then(|e| e.1.get(text).cloned())
        });
        if let Some(shaped) = hit {
            return shaped;
        }
        let shaped = Rc::new(self.shape_uncached(font, text, rtl));
        CACHE.with_borrow_mut(|c| {
            let index = match c.iter().position(|e| e.0 == key) {
                Some(i) => i,
                None => {
                    c.push((key, HashMap::with_capacity(1024)));
                    c.len() - 1
                }
            };
            let words = &mut c[index].1;
            if words.len() >= CACHE_LIMIT {
                words.clear();
            }
            words.insert(text.into(), shaped.clone());
        });
        shaped
    }

    fn shape_uncached(&self, font: FontKind, text: &str, rtl: bool) -> Shaped {
        if !rtl {
            let plain = self.shape_plain(font, text);
            if plain.glyphs.iter().all(|g| g.id != 0) {
                return plain;
            }
        }
        let glyphs = fallback::shape(self.fonts, font, text, rtl, self.language.as_ref());
        finish(glyphs, text)
    }

    /// Shapes left-to-right text in the layout's own font (what almost all text is).
    fn shape_plain(&self, font: FontKind, text: &str) -> Shaped {
        let loaded = self.fonts.get(font);
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.set_script(script::LATIN);
        if let Some(language) = &self.language {
            buffer.set_language(language.clone());
        }
        let output = rustybuzz::shape_with_plan(&loaded.face, &loaded.plan, buffer);
        let scale = 1.0 / loaded.upem;
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // A cluster ends where the next different cluster starts.
            let end = infos[i + 1..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            glyphs.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x_advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
                range: start..end.max(start),
                face: font as u8,
                level: 0,
            });
        }
        finish(glyphs, text)
    }

    /// Shapes the part `text` of the paragraph being broken that starts at its byte `at`:
    /// each run of one direction in its direction (glyphs in logical order).
    fn shape_at(&mut self, font: FontKind, text: &str, at: usize) -> Rc<Shaped> {
        let Some(levels) = self.levels.as_ref() else {
            return self.shape(font, text);
        };
        let runs = bidi::direction_runs(levels, at, text.len());
        if let [(range, rtl)] = runs.as_slice() {
            if range.len() == text.len() {
                return self.shape_dir(font, text, *rtl);
            }
        }
        let mut glyphs = Vec::new();
        for (range, rtl) in runs {
            let piece = self.shape_dir(font, &text[range.clone()], rtl);
            glyphs.extend(piece.glyphs.iter().map(|g| Glyph {
                range: g.range.start + range.start..g.range.end + range.start,
                ..g.clone()
            }));
        }
        Rc::new(finish(glyphs, text))
    }

    /// Width of a single-line text in em.
    pub fn width(&mut self, font: FontKind, text: &str) -> f32 {
        self.shape(font, text).width
    }

    /// Sets one line of text without breaking it.
    pub fn line(&mut self, font: FontKind, text: &str) -> Line {
        self.levels = bidi::levels(text);
        let shaped = self.shape_at(font, text, 0);
        let mut line = Line {
            glyphs: shaped.glyphs.clone(),
            text: text.to_owned(),
            width: shaped.width,
            start: 0,
            shift: 0.0,
        };
        if let Some(levels) = self.levels.take() {
            bidi::reorder_line(&mut line, &levels, 0);
        }
        line
    }

    /// Breaks `text` into lines no wider than `max` em, as `setting` allows. `\n` forces
    /// a break.
    pub fn lines_with(
        &mut self,
        font: FontKind,
        text: &str,
        max: f32,
        setting: Setting,
    ) -> Vec<Line> {
        let mut out = Vec::new();
        let mut breaker = Breaker { setting, hyphenated_in_a_row: 0 };
        let mut offset = 0;
        let mut pieces = text.split('\n').peekable();
        while let Some(hard) = pieces.next() {
            let at = offset;
            offset += hard.len() + 1;
            let hard = hard.trim_end();
            let hard = if hard.contains('\t') {
                hard.replace('\t', " ")
            } else {
                hard.to_owned()
            };
            self.levels = bidi::levels(&hard);
            let first = out.len();
            self.break_paragraph(font, &hard, at, max, &mut breaker, &mut out);
            if let Some(levels) = self.levels.take() {
                for line in &mut out[first..] {
                    if bidi::reorder_line(line, &levels, at) {
                        line.shift = (max - line.width).max(0.0);
                    }
                }
            }
            // A forced break is a word boundary too: end the line with a space.
            if pieces.peek().is_some() {
                if let Some(last) = out.last_mut().filter(|l| !l.text.is_empty()) {
                    let space = self.shape(font, " ");
                    let at = last.text.len();
                    last.glyphs.extend(space.glyphs.iter().map(|g| Glyph {
                        range: g.range.start + at..g.range.end + at,
                        ..g.clone()
                    }));
                    last.text.push(' ');
                }
            }
        }
        out
    }
}
