//! The bundled fonts: the only fonts minplan ever uses (no system fonts), so output does
//! not depend on the machine.

use std::sync::atomic::{AtomicU64, Ordering};

use rustybuzz::{script, Direction, Face, Language, ShapePlan};

use crate::error::Error;
use crate::style::Style;

/// Fonts shipped in `fonts/`, compiled into the binary: `(name, data)`.
const BUNDLED: [(&str, &[u8]); 2] = [
    ("NotoSans-Regular", include_bytes!("../../fonts/NotoSans-Regular.ttf")),
    ("NotoSans-Bold", include_bytes!("../../fonts/NotoSans-Bold.ttf")),
];

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
    /// The bundled name.
    pub name: &'static str,
    /// The font file.
    pub data: &'static [u8],
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

/// The layout's fonts, loaded once and shared by every render.
pub struct Fonts {
    fonts: [LoadedFont; 2],
    /// Unique per loaded set, so caches keyed by it never mix two layouts' fonts.
    id: u64,
}

/// Hands out [`Fonts::id`]s.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

impl Fonts {
    /// Loads the fonts a layout names.
    pub fn load(style: &Style) -> Result<Self, Error> {
        let load = |name: &str| -> Result<LoadedFont, Error> {
            let (name, data) =
                BUNDLED.iter().find(|f| f.0 == name).copied().ok_or_else(|| {
                    Error::layout(format!("{name:?} is not a bundled font"))
                })?;
            let face = Face::from_slice(data, 0).ok_or_else(|| {
                Error::layout(format!("font {name:?} cannot be parsed"))
            })?;
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
                name,
                data,
                ascender: face.ascender() as f32 / upem,
                descender: face.descender() as f32 / upem,
                face,
                upem,
            })
        };
        let fonts = [load(&style.fonts.regular)?, load(&style.fonts.bold)?];
        Ok(Self { fonts, id: NEXT_ID.fetch_add(1, Ordering::Relaxed) })
    }

    /// This font set's unique id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// One font.
    pub fn get(&self, kind: FontKind) -> &LoadedFont {
        &self.fonts[kind as usize]
    }

    /// Whether every font can draw `c` (a character no font can draw is an input error).
    pub fn covers(&self, c: char) -> bool {
        self.fonts.iter().all(|f| f.face.glyph_index(c).is_some())
    }
}
