//! Text: shaping with rustybuzz (real metrics and kerning), UAX #14 line breaking and
//! Danish hyphenation, producing lines of positioned glyphs.
//!
//! Words are shaped once and cached per thread across renders: documents repeat words a
//! lot (labels, dates, common words), and shaping dominates text layout otherwise.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use rustybuzz::{script, Direction, Language, UnicodeBuffer};
use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{FontKind, Fonts};
use super::{hyphenate, links};

/// Hyphenate into the rest of a line only when it is at least this part of the line:
/// smaller gaps are normal for ragged-right text and hyphens there only add noise.
const HYPHENATE_GAP: f32 = 0.18;

/// At most this many lines in a row end in a hyphen (a ladder of hyphens is harder to
/// read than a ragged edge).
const MAX_HYPHENS_IN_A_ROW: usize = 2;

/// How a text may be broken into lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct Setting<'a> {
    /// Hyphenate words that would leave a large gap: on for prose, off for headings and
    /// labels. Words starting with a capital letter (names and places, in Danish) are
    /// never hyphenated, like TeX's `\uchyph=0`.
    pub hyphenate: bool,
    /// Parts set by their own rules, ascending and not overlapping.
    pub marks: &'a [Mark],
}

/// A part of a text with its own setting rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The rule.
    pub kind: MarkKind,
}

/// How a marked part may be broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Never hyphenated, broken only at spaces (names, addresses).
    NoHyphen,
    /// Kept on one line if it fits on one (phone numbers).
    Unbroken,
    /// A web or e-mail address: kept on one line if it fits, else broken after a `/` or
    /// before a `.` without an added hyphen; never hyphenated.
    Address,
}

/// State of breaking one text: its setting and the hyphens just set.
struct Breaker<'a> {
    setting: Setting<'a>,
    hyphenated_in_a_row: usize,
}

impl Setting<'_> {
    /// The mark covering byte `at` of the whole text.
    fn mark_at(&self, at: usize) -> Option<MarkKind> {
        self.marks.iter().find(|m| m.range.contains(&at)).map(|m| m.kind)
    }

    /// Whether the line may break before byte `pos` of the paragraph starting at `at`:
    /// after a hard hyphen only if a fragment of at least [`hyphenate::MIN_FRAGMENT`]
    /// letters stays before it ("a-kasse" stays whole, "Social-" may end a line); not
    /// inside an address or phone number; and inside a name or address only at a space
    /// ("Al-Hassan" stays whole).
    fn may_break(&self, paragraph: &str, at: usize, pos: usize) -> bool {
        let before = &paragraph[..pos];
        if let Some(head) = before.strip_suffix('-') {
            let word = head.rsplit(char::is_whitespace).next().unwrap_or("");
            if word.chars().filter(|c| c.is_alphanumeric()).count()
                < hyphenate::MIN_FRAGMENT
            {
                return false;
            }
        }
        let abs = at + pos;
        match self.marks.iter().find(|m| m.range.start < abs && abs < m.range.end) {
            None => true,
            Some(m) => {
                m.kind == MarkKind::NoHyphen
                    && paragraph[..pos].ends_with(char::is_whitespace)
            }
        }
    }
}

impl Breaker<'_> {
    /// Whether prose `word` may be hyphenated into the rest of a line.
    fn may_hyphenate(&self, word: &str) -> bool {
        let capital = word
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        self.setting.hyphenate
            && !capital
            && self.hyphenated_in_a_row < MAX_HYPHENS_IN_A_ROW
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
}

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
}

/// Shaped words of this thread: per (font set, font), by text.
type Cache = Vec<((u64, FontKind), HashMap<Box<str>, Rc<Shaped>>)>;

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
}

impl<'f> Shaper<'f> {
    /// A shaper over the given fonts.
    pub fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, language: "da".parse().ok() }
    }

    /// The fonts.
    pub fn fonts(&self) -> &'f Fonts {
        self.fonts
    }

    fn shape(&mut self, font: FontKind, text: &str) -> Rc<Shaped> {
        // Words repeat; long tokens (URLs, pieces of a cut token) rarely do, and caching
        // every remainder of a cut token would cost memory quadratic in its length.
        if text.len() > CACHE_MAX_BYTES {
            return Rc::new(self.shape_uncached(font, text));
        }
        let key = (self.fonts.id(), font);
        let hit = CACHE.with_borrow(|c| {
            c.iter().find(|e| e.0 == key).and_then(|e| e.1.get(text).cloned())
        });
        if let Some(shaped) = hit {
            return shaped;
        }
        let shaped = Rc::new(self.shape_uncached(font, text));
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

    fn shape_uncached(&self, font: FontKind, text: &str) -> Shaped {
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
            });
        }
        let width = glyphs.iter().map(|g| g.x_advance).sum();
        let trim = text.trim_end().len();
        let trailing = glyphs
            .iter()
            .filter(|g| g.range.start >= trim)
            .map(|g| g.x_advance)
            .sum();
        Shaped { glyphs, width, trailing }
    }

    /// Width of a single-line text in em.
    pub fn width(&mut self, font: FontKind, text: &str) -> f32 {
        self.shape(font, text).width
    }

    /// Sets one line of text without breaking it.
    pub fn line(&mut self, font: FontKind, text: &str) -> Line {
        let shaped = self.shape(font, text);
        Line {
            glyphs: shaped.glyphs.clone(),
            text: text.to_owned(),
            width: shaped.width,
            start: 0,
        }
    }

    /// Breaks prose into lines no wider than `max` em, hyphenating where that avoids a
    /// large gap. `\n` forces a break.
    pub fn lines(&mut self, font: FontKind, text: &str, max: f32) -> Vec<Line> {
        self.lines_with(font, text, max, Setting { hyphenate: true, marks: &[] })
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
            self.break_paragraph(font, &hard, at, max, &mut breaker, &mut out);
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

    /// Breaks one paragraph (no `\n`) starting at byte `at` of the whole text.
    fn break_paragraph(
        &mut self,
        font: FontKind,
        text: &str,
        at: usize,
        max: f32,
        breaker: &mut Breaker,
        out: &mut Vec<Line>,
    ) {
        let mut line = LineBuilder::default();
        let mut start = 0;
        let setting = breaker.setting;
        let breaks = linebreaks(text)
            .filter(|b| b.1 == BreakOpportunity::Allowed || b.0 == text.len())
            .filter(|b| b.0 == text.len() || setting.may_break(text, at, b.0));
        for (end, _) in breaks {
            let mut from = start;
            start = end;
            while from < end {
                let segment = &text[from..end];
                // The part of the segment to work with: all of it, unless its start alone
                // is wider than a whole line.
                let (part, long) = self.probe(font, segment, max);
                if long.is_none() {
                    let shaped = self.shape(font, segment);
                    let ink = shaped.width - shaped.trailing;
                    if line.width + line.trailing + ink <= max
                        || (line.is_empty() && ink <= max)
                    {
                        line.push(&shaped, segment, at + from);
                        break;
                    }
                }
                let mark = setting.mark_at(at + from);
                // Too wide: hyphenate the word into the rest of this line, if that
                // rest is wide enough to matter (ragged right tolerates small gaps) and
                // the setting allows it; a word wider than a whole line may always be
                // hyphenated, rather than cut anywhere.
                let room = max - line.width - line.trailing;
                let alone = line.is_empty();
                let worth = long.is_none()
                    && match mark {
                        Some(MarkKind::Address | MarkKind::Unbroken) => false,
                        _ if alone => true,
                        Some(MarkKind::NoHyphen) => false,
                        None => breaker.may_hyphenate(part) && room > max * HYPHENATE_GAP,
                    };
                if let Some((head, rest)) =
                    worth.then(|| self.hyphenate(font, part, room)).flatten()
                {
                    line.push_hyphenated(&head, &segment[..rest], at + from);
                    out.push(line.finish(false));
                    breaker.hyphenated_in_a_row += 1;
                    from += rest;
                    continue;
                }
                if !line.is_empty() {
                    out.push(line.finish(true));
                    breaker.hyphenated_in_a_row = 0;
                    continue;
                }
                // A single token wider than the line (a URL, a code): break it where
                // it has to, so nothing runs off the page; an address only after a `/`
                // or before a `.`, if it can.
                let cut = match mark {
                    Some(MarkKind::Address) => self.address_cut(font, part, max),
                    _ => None,
                };
                let cut =
                    cut.unwrap_or_else(|| self.emergency_cut(font, part, long, max));
                let head = self.shape(font, &segment[..cut]);
                line.push(&head, &segment[..cut], at + from);
                out.push(line.finish(false));
                breaker.hyphenated_in_a_row = 0;
                from += cut;
            }
        }
        if !line.is_empty() || out.is_empty() || text.is_empty() {
            out.push(line.finish(false));
            breaker.hyphenated_in_a_row = 0;
        }
    }

    /// The start of `segment` to set a line from: the whole segment, or a prefix of it
    /// already wider than `max` (then with its glyphs), whichever is shorter.
    fn probe<'t>(
        &mut self,
        font: FontKind,
        segment: &'t str,
        max: f32,
    ) -> (&'t str, Option<Rc<Shaped>>) {
        let mut bytes = PROBE_BYTES;
        loop {
            let probe = prefix(segment, bytes);
            if probe.len() == segment.len() || probe.is_empty() {
                return (segment, None);
            }
            let start = self.shape(font, probe);
            if start.width - start.trailing > max {
                return (probe, Some(start));
            }
            bytes *= 2;
        }
    }

    /// The longest hyphenated head of `segment` that fits in `room` em, breaking at a
    /// compound's seam if one fits, else at a syllable: the glyphs of `head-` and the
    /// byte length of the head.
    fn hyphenate(
        &mut self,
        font: FontKind,
        segment: &str,
        room: f32,
    ) -> Option<(Rc<Shaped>, usize)> {
        let word = segment.trim_end();
        // Hyphenate the letters only: leave leading and trailing punctuation attached.
        let core_start = word.find(char::is_alphabetic)?;
        let core_end = word
            .rfind(char::is_alphabetic)
            .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8))?;
        let core = &word[core_start..core_end];
        let breaks = hyphenate::breaks(core);
        if breaks.seams.is_empty() && breaks.syllables.is_empty() {
            return None;
        }
        // Widths of the word's heads, to shape only the heads that may fit.
        let whole = self.shape(font, word);
        for candidates in [&breaks.seams, &breaks.syllables] {
            for &b in candidates.iter().rev() {
                let head_len = core_start + b;
                let head_width: f32 = whole
                    .glyphs
                    .iter()
                    .filter(|g| g.range.end <= head_len)
                    .map(|g| g.x_advance)
                    .sum();
                if head_width > room {
                    continue;
                }
                let candidate = format!("{}-", &word[..head_len]);
                let shaped = self.shape(font, &candidate);
                if shaped.width <= room {
                    return Some((shaped, head_len));
                }
            }
        }
        None
    }

    /// Where to cut a web or e-mail address wider than a line: at the last place after a
    /// `/` or before a `.` that fits, if any.
    fn address_cut(&mut self, font: FontKind, segment: &str, max: f32) -> Option<usize> {
        let address = segment.trim_end();
        links::breaks(address)
            .into_iter()
            .rev()
            .find(|&b| self.shape(font, &address[..b]).width <= max)
    }

    /// Where to cut a token that does not fit on a line of its own: after the last
    /// character that fits (at least one, so the loop always advances).
    fn emergency_cut(
        &mut self,
        font: FontKind,
        segment: &str,
        shaped: Option<Rc<Shaped>>,
        max: f32,
    ) -> usize {
        let shaped = shaped.unwrap_or_else(|| self.shape(font, segment));
        let mut width = 0.0;
        let mut cut = 0;
        for g in &shaped.glyphs {
            width += g.x_advance;
            if width > max && cut > 0 {
                break;
            }
            cut = cut.max(g.range.end);
        }
        // Never split a character or leave a combining mark alone at the next line.
        while cut < segment.len() && !segment.is_char_boundary(cut) {
            cut += 1;
        }
        cut.clamp(1.min(segment.len()), segment.len())
    }
}

/// Collects glyphs for one line.
#[derive(Default)]
struct LineBuilder {
    glyphs: Vec<Glyph>,
    text: String,
    width: f32,
    /// Width of trailing white space, dropped if the line ends here.
    trailing: f32,
    /// Byte offset of the line's start in the whole text.
    start: usize,
}

impl LineBuilder {
    fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// Adds a shaped piece of text that starts at byte `at` of the whole text.
    fn push(&mut self, shaped: &Shaped, text: &str, at: usize) {
        if self.text.is_empty() {
            self.start = at;
        }
        let offset = self.text.len();
        self.glyphs.extend(shaped.glyphs.iter().map(|g| Glyph {
            range: g.range.start + offset..g.range.end + offset,
            ..g.clone()
        }));
        self.text.push_str(text);
        self.width += self.trailing + shaped.width - shaped.trailing;
        self.trailing = shaped.trailing;
    }

    /// Adds `head-`: the glyphs of the head plus a hyphen, whose text is a soft hyphen.
    fn push_hyphenated(&mut self, shaped: &Shaped, head: &str, at: usize) {
        if self.text.is_empty() {
            self.start = at;
        }
        let offset = self.text.len();
        let soft = offset + head.len();
        for g in &shaped.glyphs {
            let range = if g.range.start >= head.len() {
                soft..soft + '\u{AD}'.len_utf8()
            } else {
                g.range.start + offset..(g.range.end + offset).min(soft)
            };
            self.glyphs.push(Glyph { range, ..g.clone() });
        }
        self.text.push_str(head);
        self.text.push('\u{AD}');
        self.width += self.trailing + shaped.width;
        self.trailing = 0.0;
    }

    /// Ends the line. With `space`, one trailing space stays (glyph and text): the word
    /// boundary at a line end must be a real space for text extraction and screen readers
    /// (PDF/A-2a, PDF/UA); it is invisible and not counted in the width.
    fn finish(&mut self, space: bool) -> Line {
        let content = self.text.trim_end_matches([' ', '\t']).len();
        let keep = if space && content < self.text.len() { content + 1 } else { content };
        self.glyphs.retain(|g| g.range.start < keep);
        self.text.truncate(keep);
        let line = Line {
            glyphs: std::mem::take(&mut self.glyphs),
            text: std::mem::take(&mut self.text),
            width: self.width,
            start: self.start,
        };
        self.width = 0.0;
        self.trailing = 0.0;
        line
    }
}
