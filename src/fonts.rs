//! The bundled fonts: the only fonts minplan ever uses (no system fonts), so output does
//! not depend on the machine.
//!
//! The layout names one font per kind (Noto Sans Regular and Bold); behind it stands a
//! fixed fallback chain for what Noto Sans cannot draw: Arabic script (Arabic, Persian,
//! Dari, Pashto), Ethiopic (Tigrinya, Amharic), Tamil, mathematical symbols and arrows
//! (≥ → ∞), other symbols (✓ ☐ ■ ★), and Symbola for emoji and the rest. Each grapheme
//! cluster is set in the first font of the chain that has all of its glyphs, so text
//! the layout's own font covers is set exactly as without the chain. Licences and
//! sources: `fonts/LICENSE-OFL.txt`, `fonts/LICENSE-Symbola.txt`.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use rustybuzz::{script, Direction, Face, Language, ShapePlan};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use serde::Deserialize;

use crate::error::Error;

/// Fonts shipped in `fonts/`, compiled into the binary: `(name, data)`.
const BUNDLED: [(&str, &[u8]); 11] = [
    ("NotoSans-Regular", include_bytes!("../fonts/NotoSans-Regular.ttf")),
    ("NotoSans-Bold", include_bytes!("../fonts/NotoSans-Bold.ttf")),
    ("NotoSansArabic-Regular", include_bytes!("../fonts/NotoSansArabic-Regular.ttf")),
    ("NotoSansArabic-Bold", include_bytes!("../fonts/NotoSansArabic-Bold.ttf")),
    ("NotoSansEthiopic-Regular", include_bytes!("../fonts/NotoSansEthiopic-Regular.ttf")),
    ("NotoSansEthiopic-Bold", include_bytes!("../fonts/NotoSansEthiopic-Bold.ttf")),
    ("NotoSansTamil-Regular", include_bytes!("../fonts/NotoSansTamil-Regular.ttf")),
    ("NotoSansTamil-Bold", include_bytes!("../fonts/NotoSansTamil-Bold.ttf")),
    ("NotoSansMath-Regular", include_bytes!("../fonts/NotoSansMath-Regular.ttf")),
    ("NotoSansSymbols2-Regular", include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf")),
    ("Symbola", include_bytes!("../fonts/Symbola_hint.ttf")),
];

/// The fallback chain behind the layout's regular font, in order, as indices into
/// [`BUNDLED`]: Arabic, Ethiopic and Tamil Regular, Math, Symbols 2, Symbola (a test
/// checks the names). Indices rather than names: comparing names reads the name
/// strings, which sit next to the font data in the binary, and so brought a page of
/// every fallback font (and the pages around it) into memory at start.
const FALLBACK_REGULAR: [usize; 6] = [2, 4, 6, 8, 9, 10];

/// The fallback chain behind the layout's bold font (families without a bold weight
/// give their regular): Arabic, Ethiopic and Tamil Bold, Math, Symbols 2, Symbola.
const FALLBACK_BOLD: [usize; 6] = [3, 5, 7, 8, 9, 10];

/// What is drawn for a character no bundled font has a glyph for (a dotted square,
/// U+2B1A): visible, never `.notdef` (PDF/A forbids drawing it); the text layer keeps
/// the original character.
pub const SUBSTITUTE: char = '\u{2B1A}';

/// The bundled fonts a layout chooses (files in `fonts/` without `.ttf`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FontChoice {
    pub regular: String,
    pub bold: String,
}

/// The data of a bundled font, by name.
pub fn bundled(name: &str) -> Option<&'static [u8]> {
    BUNDLED.iter().find(|f| f.0 == name).map(|f| f.1)
}

/// Which of the layout's fonts a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontKind {
    /// Body text.
    Regular = 0,
    /// Headings, labels, emphasis.
    Bold = 1,
}

/// One loaded font.
pub struct LoadedFont {
    /// The parsed face for shaping and metrics.
    pub face: Face<'static>,
    /// Units per em.
    pub upem: f32,
    /// Ascender, in em.
    pub ascender: f32,
    /// Descender (negative), in em.
    pub descender: f32,
    /// The shaping plan for Danish (Latin script, left to right), built once: building
    /// one per shaping call cost more than the shaping itself.
    pub plan: ShapePlan,
}

/// The substitute glyph: face, glyph id and advance in em.
#[derive(Debug, Clone, Copy)]
pub struct Substitute {
    /// Index of the face ([`Fonts::face`]).
    pub face: u8,
    /// Glyph id.
    pub id: u16,
    /// Advance in em.
    pub advance: f32,
}

/// The layout's fonts with their fallback chains, shared by every render. The layout's
/// two fonts are parsed at once; a fallback font is parsed (and its pages of the binary
/// read) the first time some text needs it, so a document in Latin script never touches
/// the other fonts' data.
pub struct Fonts {
    /// The layout's regular and bold fonts, parsed with the set.
    own: [LoadedFont; 2],
    /// Every face in use: the layout's regular (0) and bold (1), then the fallbacks.
    faces: Vec<Slot>,
    /// Per kind, the fallback faces after the layout's own (indices into `faces`).
    chains: [Vec<u8>; 2],
    /// The substitute glyph, found the first time a character has no font.
    substitute: OnceLock<Option<Substitute>>,
    /// Unique per loaded set, so caches keyed by it never mix two layouts' fonts.
    id: u64,
}

/// A face of the set: its bundled name and data, parsed on first use (`None` if it
/// cannot be parsed, which the bundled fonts' test rules out).
struct Slot {
    /// Index into [`BUNDLED`].
    bundled: usize,
    name: &'static str,
    data: &'static [u8],
    loaded: OnceLock<Option<LoadedFont>>,
}

impl Slot {
    fn new(bundled: usize) -> Option<Self> {
        let (name, data) = BUNDLED.get(bundled).copied()?;
        Some(Self { bundled, name, data, loaded: OnceLock::new() })
    }

    fn get(&self) -> Option<&LoadedFont> {
        self.loaded.get_or_init(|| load(self.bundled).ok()).as_ref()
    }
}

/// Hands out [`Fonts::id`]s.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// The index in [`BUNDLED`] of a font named by a layout.
fn position(name: &str) -> Result<usize, Error> {
    BUNDLED
        .iter()
        .position(|f| f.0 == name)
        .ok_or_else(|| Error::setup(format!("font {name:?}"), "is not a bundled font"))
}

fn load(bundled: usize) -> Result<LoadedFont, Error> {
    let (name, data) = BUNDLED.get(bundled).copied().ok_or_else(|| {
        Error::setup(format!("font {bundled}"), "is not a bundled font")
    })?;
    let face = Face::from_slice(data, 0)
        .ok_or_else(|| Error::setup(format!("font {name:?}"), "cannot be parsed"))?;
    let upem = face.units_per_em() as f32;
    let language: Option<Language> = "da".parse().ok();
    let plan = ShapePlan::new(
        &face,
        Direction::LeftToRight,
        Some(script::LATIN),
        language.as_ref(),
        &[],
    );
    Ok(LoadedFont {
        plan,
        ascender: face.ascender() as f32 / upem,
        descender: face.descender() as f32 / upem,
        face,
        upem,
    })
}

impl Fonts {
    /// Loads the fonts a layout names; the fallback chains are parsed when first needed.
    pub fn load(choice: &FontChoice) -> Result<Self, Error> {
        let own_at = [position(&choice.regular)?, position(&choice.bold)?];
        let own = [load(own_at[0])?, load(own_at[1])?];
        let mut faces = Vec::new();
        for at in own_at {
            faces.push(
                Slot::new(at).ok_or_else(|| Error::setup("fonts", "no such font"))?,
            );
        }
        let mut chain = |indices: &[usize]| -> Result<Vec<u8>, Error> {
            let mut out = Vec::new();
            for &at in indices {
                let index = match faces.iter().position(|f| f.bundled == at) {
                    Some(i) => i,
                    None => {
                        let slot = Slot::new(at).ok_or_else(|| {
                            Error::setup("fallback fonts", "no such font")
                        })?;
                        faces.push(slot);
                        faces.len() - 1
                    }
                };
                out.push(u8::try_from(index).unwrap_or(u8::MAX));
            }
            Ok(out)
        };
        let chains = [chain(&FALLBACK_REGULAR)?, chain(&FALLBACK_BOLD)?];
        Ok(Self {
            own,
            faces,
            chains,
            substitute: OnceLock::new(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// This font set's unique id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The layout's font of a kind.
    pub fn get(&self, kind: FontKind) -> &LoadedFont {
        &self.own[kind as usize]
    }

    /// A face by index (0 and 1: the layout's regular and bold; then the fallbacks);
    /// the layout's regular font for an index that is not a face.
    pub fn face(&self, index: u8) -> &LoadedFont {
        self.loaded(index).unwrap_or(&self.own[0])
    }

    /// A face by index, parsed now if it was not yet.
    fn loaded(&self, index: u8) -> Option<&LoadedFont> {
        match self.own.get(usize::from(index)) {
            Some(own) => Some(own),
            None => self.faces.get(usize::from(index))?.get(),
        }
    }

    /// The bundled name of a face, by index (without parsing it).
    #[cfg(test)]
    fn name(&self, index: u8) -> Option<&'static str> {
        self.faces.get(usize::from(index)).map(|slot| slot.name)
    }

    /// Every face's bundled name and data, by index (without parsing any).
    pub fn files(&self) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
        self.faces.iter().map(|slot| (slot.name, slot.data))
    }

    /// The glyph drawn for what no font can draw: from the first face, in index order,
    /// that has U+2B1A (the fallback chains' symbol fonts have it; `None` only if no
    /// bundled font had).
    pub fn substitute(&self) -> Option<Substitute> {
        *self.substitute.get_or_init(|| {
            (0..self.faces.len()).find_map(|i| {
                let i = u8::try_from(i).ok()?;
                let f = self.loaded(i)?;
                let id = f.face.glyph_index(SUBSTITUTE)?;
                let advance = f.face.glyph_hor_advance(id)? as f32 / f.upem;
                Some(Substitute { face: i, id: id.0, advance })
            })
        })
    }

    /// Whether some font of the chains can draw `c` (or it needs no glyph).
    pub fn covers(&self, c: char) -> bool {
        ignorable(c)
            || (0..self.faces.len()).any(|i| {
                u8::try_from(i)
                    .ok()
                    .and_then(|i| self.loaded(i))
                    .is_some_and(|f| f.face.glyph_index(c).is_some())
            })
    }

    /// Splits `text` into runs of grapheme clusters set in one face: `(bytes, face)`,
    /// `None` for clusters no font can draw (drawn as the substitute, one per cluster).
    pub fn runs(&self, kind: FontKind, text: &str) -> Vec<(Range<usize>, Option<u8>)> {
        let mut out: Vec<(Range<usize>, Option<u8>)> = Vec::new();
        for cluster in clusters(text) {
            let chars = &text[cluster.clone()];
            let has = |face: u8| {
                self.loaded(face).is_some_and(|f| {
                    chars.chars().all(|c| ignorable(c) || f.face.glyph_index(c).is_some())
                })
            };
            let face = std::iter::once(kind as u8)
                .chain(self.chains[kind as usize].iter().copied())
                .find(|&f| has(f));
            match out.last_mut() {
                Some((range, last)) if *last == face && face.is_some() => {
                    range.end = cluster.end;
                }
                _ => out.push((cluster, face)),
            }
        }
        out
    }
}

/// Characters that need no glyph of their own: joiners, variation selectors, bidi
/// controls, soft hyphen, tags (shaping hides them or uses them to pick another glyph).
pub fn ignorable(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x34F
            | 0x61C
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xE0000..=0xE0FFF
    )
}

/// Whether `c` continues the grapheme cluster before it (an approximation of UAX #29
/// that is enough to keep a letter with its marks and an emoji with its modifiers).
fn extends(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Mark
        || matches!(u32::from(c), 0x200C | 0x200D | 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// The grapheme clusters of `text`, as byte ranges.
fn clusters(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut joined = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last) if joined || extends(c) => last.end = end,
            _ => out.push(i..end),
        }
        joined = c == '\u{200D}';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        let choice = FontChoice {
            regular: "NotoSans-Regular".into(),
            bold: "NotoSans-Bold".into(),
        };
        Fonts::load(&choice).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn latin_stays_in_the_layouts_font_and_the_rest_falls_back() {
        let fonts = fonts();
        let runs = fonts.runs(FontKind::Regular, "Søg ≥ 2 job");
        let names: Vec<_> = runs
            .iter()
            .map(|(r, f)| (r.clone(), f.and_then(|f| fonts.name(f))))
            .collect();
        assert_eq!(names[0], (0..5, Some("NotoSans-Regular")), "{names:?}");
        assert_eq!(names[1].1, Some("NotoSansMath-Regular"), "{names:?}");
        let arabic = fonts.runs(FontKind::Bold, "العربية");
        assert_eq!(arabic.len(), 1);
        assert_eq!(arabic[0].1.and_then(|f| fonts.name(f)), Some("NotoSansArabic-Bold"));
        let emoji = fonts.runs(FontKind::Regular, "🙂");
        assert_eq!(emoji[0].1.and_then(|f| fonts.name(f)), Some("Symbola"));
        // Chinese: no font; one cluster per character, each substituted.
        let han = fonts.runs(FontKind::Regular, "漢字");
        assert_eq!(han, vec![(0..3, None), (3..6, None)]);
        assert!(!fonts.covers('漢') && fonts.covers('ሳ') && fonts.covers('\u{200D}'));
    }

    #[test]
    fn the_fallback_chains_name_these_fonts() {
        let names = |chain: &[usize]| -> Vec<&str> {
            chain.iter().map(|&i| BUNDLED[i].0).collect()
        };
        assert_eq!(
            names(&FALLBACK_REGULAR),
            [
                "NotoSansArabic-Regular",
                "NotoSansEthiopic-Regular",
                "NotoSansTamil-Regular",
                "NotoSansMath-Regular",
                "NotoSansSymbols2-Regular",
                "Symbola"
            ]
        );
        assert_eq!(
            names(&FALLBACK_BOLD),
            [
                "NotoSansArabic-Bold",
                "NotoSansEthiopic-Bold",
                "NotoSansTamil-Bold",
                "NotoSansMath-Regular",
                "NotoSansSymbols2-Regular",
                "Symbola"
            ]
        );
    }

    #[test]
    fn fallback_fonts_are_parsed_only_when_text_needs_them() {
        let fonts = fonts();
        let parsed = |fonts: &Fonts| {
            fonts.faces.iter().filter(|slot| slot.loaded.get().is_some()).count()
        };
        assert_eq!(parsed(&fonts), 0, "only the layout's own two fonts at load");
        let runs = fonts.runs(FontKind::Regular, "Søg job, æøå ÆØÅ é ü – “ok” 1.000 kr.");
        assert_eq!(runs.len(), 1);
        assert!(fonts.covers('å'));
        assert_eq!(parsed(&fonts), 0, "Latin text parses no fallback font");
        fonts.runs(FontKind::Regular, "ሳ");
        assert_eq!(parsed(&fonts), 2, "Arabic is tried, then Ethiopic has it");
        // The substitute glyph is found, and is a real glyph.
        let substitute = fonts.substitute().unwrap_or_else(|| panic!("no substitute"));
        assert_ne!(substitute.id, 0);
        assert!(substitute.face >= 2, "a fallback font draws it");
    }

    #[test]
    fn a_letter_keeps_its_marks() {
        assert_eq!(clusters("e\u{301}x"), vec![0..3, 3..4]);
        assert_eq!(clusters("👍🏽!"), vec![0..8, 8..9]);
        assert_eq!(clusters("👩\u{200D}👩x"), vec![0..11, 11..12]);
    }
}
