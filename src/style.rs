//! A layout file from `layouts/`: page geometry, fonts, sizes, spacing, colours and labels.
//!
//! Presentation lives in data so that municipalities' vendors can design their own look
//! (SPEC section 6). Content does not: which sections exist, what they hold and who may
//! see them is fixed by the engine and the visibility matrix, whatever the layout says.

use serde::Deserialize;

use crate::error::{Diagnostic, Error};
pub use crate::fonts::FontChoice;

/// The built-in default layout.
pub const DEFAULT: &str = include_str!("../layouts/default.json");

/// The layouts shipped with the program, by name, built into the binary so `--layout NAME`
/// works from any directory and in the container image (SPEC section 6). One line per
/// file in `layouts/` (a test checks that none is missing).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", DEFAULT),
    ("large-print", include_str!("../layouts/large-print.json")),
    ("inl-2016", include_str!("../layouts/inl-2016.json")),
];

/// Millimetres to PDF points.
pub const MM: f32 = 72.0 / 25.4;

/// A parsed layout file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// The layout's name.
    pub name: String,
    /// Page geometry.
    pub page: PageGeometry,
    /// Which bundled fonts to use.
    pub fonts: FontChoice,
    /// Font sizes in points.
    pub sizes: Sizes,
    /// Vertical and horizontal spacing in points.
    pub spacing: Spacing,
    /// Colours as `#rrggbb`.
    pub colours: Colours,
    /// Every fixed text the document prints.
    pub labels: Labels,
    /// The layout with the default's values filled in, for [`Style::digest`].
    #[serde(skip)]
    merged: std::sync::Arc<serde_json::Value>,
    /// [`Style::digest`], once asked for: only `batch` asks, so a one-shot render does
    /// not hash the layout.
    #[serde(skip)]
    digest: std::sync::OnceLock<String>,
}

/// Page size and margins, in millimetres.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PageGeometry {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
    /// Distance of the footer's baseline from the bottom edge.
    pub footer_baseline_mm: f32,
    /// Distance of the running header's baseline (pages 2 onwards) from the top edge.
    pub header_baseline_mm: f32,
}

/// Font sizes in points, and the line height as a multiple of the size.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Sizes {
    pub body: f32,
    pub small: f32,
    pub title: f32,
    /// Main sections (Plan, Integration, …).
    pub section: f32,
    /// Elements within a section (Jobmål, Indsatser, …).
    pub element: f32,
    /// Single items (one intervention).
    pub item: f32,
    pub footer: f32,
    pub line_height: f32,
}

/// Spacing in points; `label_column` is a fraction of the text width.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Spacing {
    pub paragraph: f32,
    pub section_before: f32,
    pub element_before: f32,
    pub item_before: f32,
    pub heading_after: f32,
    pub cell_padding: f32,
    /// The label column of label/value tables, as a fraction of the text width: its
    /// widest; with `label_column_min` below it, the column is fitted to the document's
    /// labels (each label whole where that fits, else its longest word unbroken) between
    /// the two.
    pub label_column: f32,
    pub label_column_min: f32,
    /// Table cells narrower than this many ems of their text are never hyphenated.
    pub hyphenate_min_em: f32,
    pub toc_indent: f32,
    /// Heading levels the table of contents lists: 1, sections only; 2, sections and
    /// their elements. The outline (bookmarks) always lists both.
    pub toc_levels: u8,
    pub signature_gap: f32,
    /// The most the space between blocks on a page may shrink, as a fraction (0.35:
    /// to 65 %), to pull a short last page back onto it.
    pub max_squeeze: f32,
}

/// Colours as `#rrggbb`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Colours {
    pub text: Rgb,
    pub heading: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub header_fill: Rgb,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // Six hex digits exactly: `from_str_radix` alone would also take "+f". The message
        // names the path (added by the caller), not the value.
        let hex = s
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        let byte = |h: &str, i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        hex.and_then(|h| Some(Rgb(byte(h, 0)?, byte(h, 2)?, byte(h, 4)?)))
            .ok_or_else(|| serde::de::Error::custom("is not a #rrggbb colour"))
    }
}

macro_rules! labels {
    ($($name:ident),* $(,)?) => {
        /// Every fixed text of the document, by role. A layout file may leave any of them
        /// out: the default layout's text applies.
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)]
        pub struct Labels {
            $(pub $name: String,)*
        }

        impl Labels {
            /// Every label with its key.
            pub fn entries(&self) -> Vec<(&'static str, &str)> {
                vec![$((stringify!($name).trim_start_matches("r#"), self.$name.as_str()),)*]
            }
        }
    };
}

labels!(
    title,
    title_integration,
    toc,
    about,
    name,
    cpr,
    plan_type,
    version,
    created,
    updated,
    read_deadline,
    changes,
    jobcenter,
    phone,
    email,
    plan,
    job_goals,
    job_title,
    job_function,
    danish_goal,
    education_goals,
    plan_description,
    plan_description_education,
    latest_agreement_jobcenter,
    latest_agreement_akasse,
    akasse_proposal,
    job_search_requirements,
    danish_acquisition,
    guided_permanent_residence,
    guided_insufficient_danish,
    must_read,
    interventions,
    state,
    latest_status,
    final_status,
    what,
    when,
    r#where,
    why,
    contact,
    agreements,
    upcoming,
    with_jobcenter,
    with_akasse,
    with_other,
    agreement_party,
    date,
    integration,
    master_data,
    residence_basis,
    nationality,
    program_start,
    program_end,
    exemption_from_programme,
    declaration_signed,
    contract_first_signed,
    personal,
    marital_status,
    children,
    notes,
    competences,
    foreign_education,
    languages,
    language,
    understanding,
    speaking,
    reading,
    writing,
    language_experience,
    health,
    needs_assessment,
    assessment_offered,
    visitation,
    person_category,
    exemptions,
    period,
    comment,
    cv,
    cv_summary,
    work_experience,
    education,
    courses,
    driving_licences,
    guidance,
    signature,
    signature_intro,
    signature_version,
    signature_citizen,
    signature_municipality,
    signature_name,
    footer,
    acknowledged,
    caseworker,
    coordinating_department,
    education_order_step,
    job_search_titles,
    job_search_industries,
    job_search_areas,
    job_search_other,
    acknowledgement,
    acknowledgement_intro,
    acknowledgement_identity,
    acknowledgement_identity_without_id,
    acknowledgement_return,
    acknowledgement_other_ways,
    acknowledgement_jobnet,
    acknowledgement_digital_post,
    historical,
    version_line,
    continued,
    continued_duplicate,
    meeting_place,
);

/// Lays `layout` over `base`: objects merge key by key, at any depth; any other value
/// replaces the base's.
fn merge(base: &mut serde_json::Value, layout: serde_json::Value) {
    match (base, layout) {
        (serde_json::Value::Object(base), serde_json::Value::Object(layout)) => {
            for (key, value) in layout {
                match base.get_mut(&key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (slot, value) => *slot = value,
    }
}

impl Style {
    /// Parses a layout file. Keys it leaves out take the default layout's value (SPEC
    /// section 6), so a vendor's file keeps working when the engine gains a label; a key
    /// the engine does not know is an error (a misspelt key would otherwise be ignored).
    /// A layout that would hide text is refused ([`Style::check`]). Every problem is an
    /// invalid-input diagnostic naming the layout key's path (exit 1).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let layout: serde_json::Value = serde_json::from_str(json).map_err(|e| {
            Diagnostic::malformed(format!(
                "the layout file is not JSON: {}",
                crate::redact::serde_message(&e.to_string())
            ))
            .with_position(Some((e.line(), e.column())))
        })?;
        let mut merged: serde_json::Value =
            serde_json::from_str(DEFAULT).map_err(|e| {
                Error::setup_caused("the built-in default layout", "is not JSON", e)
            })?;
        merge(&mut merged, layout);
        let mut style: Style =
            serde_path_to_error::deserialize(&merged).map_err(|e| {
                let path = e.path().to_string();
                let message = crate::redact::serde_message(&e.inner().to_string());
                Diagnostic::structure(path, format!("in the layout: {message}"))
            })?;
        style.merged = std::sync::Arc::new(merged);
        style.check()?;
        Ok(style)
    }

    /// SHA-256 (hex) of the layout with the default's values filled in: what decides the
    /// PDF's look, for `batch --resume`.
    pub fn digest(&self) -> &str {
        self.digest.get_or_init(|| {
            use sha2::Digest as _;
            let bytes = sha2::Sha256::digest(self.merged.to_string().as_bytes());
            bytes.iter().fold(String::new(), |mut hex, b| {
                use std::fmt::Write as _;
                let _ = write!(hex, "{b:02x}");
                hex
            })
        })
    }

    /// The built-in default layout.
    pub fn default_layout() -> Result<Self, Error> {
        Self::from_json("{}")
    }

    /// A layout built into the program, by name (`default`, `large-print`).
    pub fn built_in(name: &str) -> Option<Result<Self, Error>> {
        BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, json)| Self::from_json(json))
    }

    /// Checks what SPEC section 6 asks of a layout: text on the paper and not under other
    /// text, readable and visible. Every problem found, each with its key's path.
    fn check(&self) -> Result<(), Error> {
        let problems = self.problems();
        if problems.is_empty() {
            return Ok(());
        }
        Err(Error::Invalid(
            problems
                .into_iter()
                .map(|(path, why)| {
                    Diagnostic::content(path, format!("in the layout: {why}"))
                })
                .collect(),
        ))
    }

    fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut bad = |path: &str, why: &str| out.push((path.to_owned(), why.to_owned()));
        let p = &self.page;
        let mm_of = |pt: f32| pt / MM;
        // Sane paper: from A6 (105 mm) to a little over A3 (420 mm) on either side.
        for (key, v) in [("width_mm", p.width_mm), ("height_mm", p.height_mm)] {
            if !(100.0..=500.0).contains(&v) {
                bad(&format!("page.{key}"), "a page side must be between 100 and 500 mm");
            }
        }
        let margins = [
            ("margin_top_mm", p.margin_top_mm),
            ("margin_bottom_mm", p.margin_bottom_mm),
            ("margin_left_mm", p.margin_left_mm),
            ("margin_right_mm", p.margin_right_mm),
        ];
        for (key, v) in margins {
            if !(0.0..=200.0).contains(&v) {
                bad(&format!("page.{key}"), "a margin must be between 0 and 200 mm");
            }
        }
        let text_width = p.width_mm - p.margin_left_mm - p.margin_right_mm;
        let text_height = p.height_mm - p.margin_top_mm - p.margin_bottom_mm;
        if !(text_width >= 60.0 && text_height >= 80.0) {
            bad("page", "the page leaves less than 60 × 80 mm for text");
        }
        let s = &self.sizes;
        // The footer sits in the bottom margin, the running header in the top one, both
        // wholly on the paper.
        let footer = p.footer_baseline_mm;
        if !(footer >= mm_of(s.footer) && footer + mm_of(s.footer) <= p.margin_bottom_mm)
        {
            bad(
                "page.footer_baseline_mm",
                "the footer must lie within the bottom margin, on the paper",
            );
        }
        let header = p.header_baseline_mm;
        if !(header >= mm_of(s.small) && header <= p.margin_top_mm) {
            bad(
                "page.header_baseline_mm",
                "the running header must lie within the top margin, on the paper",
            );
        }
        let sizes = [
            ("small", s.small),
            ("title", s.title),
            ("section", s.section),
            ("element", s.element),
            ("item", s.item),
            ("footer", s.footer),
        ];
        if !(8.0..=48.0).contains(&s.body) {
            bad("sizes.body", "body text must be between 8 and 48 pt");
        }
        for (key, v) in sizes {
            if !(4.0..=48.0).contains(&v) {
                bad(&format!("sizes.{key}"), "font sizes must be between 4 and 48 pt");
            }
        }
        if !(1.0..=3.0).contains(&s.line_height) {
            bad("sizes.line_height", "line_height must be between 1 and 3");
        }
        let sp = &self.spacing;
        let spacing = [
            ("paragraph", sp.paragraph, 100.0),
            ("section_before", sp.section_before, 100.0),
            ("element_before", sp.element_before, 100.0),
            ("item_before", sp.item_before, 100.0),
            ("heading_after", sp.heading_after, 100.0),
            ("cell_padding", sp.cell_padding, 20.0),
            ("toc_indent", sp.toc_indent, 100.0),
            ("signature_gap", sp.signature_gap, 200.0),
        ];
        for (key, v, max) in spacing {
            if !(0.0..=max).contains(&v) {
                bad(
                    &format!("spacing.{key}"),
                    &format!("spacing must be between 0 and {max} pt"),
                );
            }
        }
        if !(1..=2).contains(&sp.toc_levels) {
            bad("spacing.toc_levels", "toc_levels must be 1 or 2");
        }
        if !(0.0..=0.6).contains(&sp.max_squeeze) {
            bad("spacing.max_squeeze", "max_squeeze must be between 0 and 0.6");
        }
        if !(0.15..=0.6).contains(&sp.label_column) {
            bad("spacing.label_column", "label_column must be between 0.15 and 0.6");
        }
        if !(0.15..=sp.label_column.max(0.15)).contains(&sp.label_column_min) {
            bad(
                "spacing.label_column_min",
                "label_column_min must be between 0.15 and label_column",
            );
        }
        if !(0.0..=100.0).contains(&sp.hyphenate_min_em) {
            bad("spacing.hyphenate_min_em", "hyphenate_min_em must be between 0 and 100");
        }
        // WCAG 2.1 (1.4.3): 4.5:1, or 3:1 where a colour only sets large text (18 pt, or
        // 14 pt bold). Text stands on the white page and on the table header's fill.
        let c = &self.colours;
        let large = |size: f32, bold: bool| size >= if bold { 14.0 } else { 18.0 };
        let heading_sizes = [s.body, s.item, s.element, s.section];
        let uses = [
            ("text", c.text, large(s.body, false)),
            ("heading", c.heading, heading_sizes.iter().all(|&v| large(v, true))),
            ("muted", c.muted, large(s.small, false) && large(s.footer, false)),
        ];
        for (key, colour, is_large) in uses {
            let need = if is_large { 3.0 } else { 4.5 };
            for (background, on) in
                [(Rgb(255, 255, 255), "the page"), (c.header_fill, "colours.header_fill")]
            {
                if contrast(colour, background) < need {
                    bad(
                        &format!("colours.{key}"),
                        &format!("contrast with {on} is below WCAG's {need}:1"),
                    );
                }
            }
        }
        for (key, text) in self.labels.entries() {
            if text.trim().is_empty() {
                bad(&format!("labels.{key}"), "a label must not be empty");
            }
        }
        if !self.labels.footer.contains("{page}")
            || !self.labels.footer.contains("{pages}")
        {
            bad("labels.footer", "the footer label needs {page} and {pages}");
        }
        for (key, font) in [("regular", &self.fonts.regular), ("bold", &self.fonts.bold)]
        {
            if crate::fonts::bundled(font).is_none() {
                bad(&format!("fonts.{key}"), "is not a bundled font");
            }
        }
        out
    }

    /// Checks every label can be drawn (`printable`, the input's rule): a character no
    /// bundled font has is refused with the label's path, not left to the PDF writer.
    pub fn check_labels(&self, printable: impl Fn(char) -> bool) -> Result<(), Error> {
        let problems: Vec<Diagnostic> = self
            .labels
            .entries()
            .into_iter()
            .filter_map(|(key, text)| {
                let c = text.chars().find(|&c| !printable(c))?;
                Some(Diagnostic::unprintable(
                    format!("labels.{key}"),
                    format!(
                        "in the layout: U+{:04X} cannot be drawn with the bundled fonts",
                        u32::from(c)
                    ),
                ))
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// Page width in points.
    pub fn page_width(&self) -> f32 {
        self.page.width_mm * MM
    }

    /// Page height in points.
    pub fn page_height(&self) -> f32 {
        self.page.height_mm * MM
    }
}

/// WCAG 2.1 contrast ratio of two sRGB colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f32 {
    let luminance = |c: Rgb| {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_layout_parses() {
        let style = Style::default_layout();
        assert!(style.is_ok(), "{style:?}");
    }

    #[test]
    fn left_out_keys_inherit_the_default() {
        let json =
            r#"{"name": "mine", "sizes": {"body": 12}, "labels": {"toc": "Indhold"}}"#;
        let style = Style::from_json(json).unwrap_or_else(|e| panic!("{e}"));
        let default = Style::default_layout().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(style.name, "mine");
        assert_eq!(style.sizes.body, 12.0);
        assert_eq!(style.sizes.title, default.sizes.title);
        assert_eq!(style.labels.toc, "Indhold");
        assert_eq!(style.labels.footer, default.labels.footer);
        assert_eq!(style.page.width_mm, default.page.width_mm);
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = Style::from_json(r#"{"sizes": {"bdy": 12}}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("bdy"), "{err}");
    }

    #[test]
    fn bad_colour_is_an_error() {
        let json = DEFAULT.replace("\"#1a1a1a\"", "\"red\"");
        let err = Style::from_json(&json)
            .err()
            .map(|e| crate::error::chain(&e))
            .unwrap_or_default();
        assert!(err.contains("not a #rrggbb colour"), "{err}");
    }
}
