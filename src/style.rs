//! A layout file from `layouts/`: page geometry, fonts, sizes, spacing, colours and labels.
//!
//! Presentation lives in data so that municipalities' vendors can design their own look
//! (SPEC section 6). Content does not: which sections exist, what they hold and who may
//! see them is fixed by the engine and the visibility matrix, whatever the layout says.

use serde::Deserialize;

use crate::error::Error;

/// The built-in default layout.
pub const DEFAULT: &str = include_str!("../layouts/default.json");

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

/// Bundled font names (files in `fonts/` without `.ttf`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FontChoice {
    pub regular: String,
    pub bold: String,
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
    pub label_column: f32,
    pub toc_indent: f32,
    pub signature_gap: f32,
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
        // Six hex digits exactly: `from_str_radix` alone would also take "+f".
        let hex = s
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        let byte = |h: &str, i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        hex.and_then(|h| Some(Rgb(byte(h, 0)?, byte(h, 2)?, byte(h, 4)?)))
            .ok_or_else(|| {
                serde::de::Error::custom(format!("{s:?} is not a #rrggbb colour"))
            })
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
    pub fn from_json(json: &str) -> Result<Self, Error> {
        // The message names the key or value serde found wrong ("unknown field `bdy`").
        let invalid = |e: serde_json::Error| {
            Error::layout_caused(format!("the layout file is not valid: {e}"), e)
        };
        let layout: serde_json::Value = serde_json::from_str(json).map_err(invalid)?;
        let mut merged: serde_json::Value =
            serde_json::from_str(DEFAULT).map_err(invalid)?;
        merge(&mut merged, layout);
        let style: Style = serde_json::from_value(merged).map_err(invalid)?;
        style.check()?;
        Ok(style)
    }

    /// The built-in default layout.
    pub fn default_layout() -> Result<Self, Error> {
        Self::from_json("{}")
    }

    fn check(&self) -> Result<(), Error> {
        let p = &self.page;
        let text_width = p.width_mm - p.margin_left_mm - p.margin_right_mm;
        let text_height = p.height_mm - p.margin_top_mm - p.margin_bottom_mm;
        if text_width < 60.0 || text_height < 80.0 {
            return Err(Error::layout("the page leaves less than 60 × 80 mm for text"));
        }
        let s = &self.sizes;
        let sizes = [s.body, s.small, s.title, s.section, s.element, s.item, s.footer];
        if sizes.iter().any(|&v| !(4.0..=48.0).contains(&v)) {
            return Err(Error::layout("font sizes must be between 4 and 48 pt"));
        }
        if !(1.0..=3.0).contains(&s.line_height) {
            return Err(Error::layout("line_height must be between 1 and 3"));
        }
        if !(0.15..=0.6).contains(&self.spacing.label_column) {
            return Err(Error::layout("label_column must be between 0.15 and 0.6"));
        }
        if !self.labels.footer.contains("{page}")
            || !self.labels.footer.contains("{pages}")
        {
            return Err(Error::layout("the footer label needs {page} and {pages}"));
        }
        for font in [&self.fonts.regular, &self.fonts.bold] {
            if crate::layout::fonts::bundled(font).is_none() {
                return Err(Error::layout(format!("{font:?} is not a bundled font")));
            }
        }
        Ok(())
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
