//! minplan renders Danish employment-service plans ("Min plan", "Min plan –
//! integrationskontrakt") to tagged, archivable, deterministic PDF.
//!
//! # Pipeline
//! 1. `model`: JSON text → validated [`model::PlanVersion`] (every problem reported with
//!    its JSON path and line:column). `normalise` first makes one spelling of each
//!    text (NFC, line breaks, Word's private-use bullets); `coverage` refuses control
//!    characters and warns of characters drawn as a substitute ([`Warning`]).
//! 2. `visibility`: plan version + [`Request`] → a view holding only what the audience
//!    may see, each value admitted by its row of the matrix (SPEC section 4), and the
//!    document rules of SPEC section 3 (current items, Danskmål, signing).
//! 3. `compose`: view → [`Document`], the blocks of SPEC section 3 with the style's
//!    labels.
//! 4. `layout`: document → [`Laid`] pages of positioned glyphs and the logical structure
//!    ([`frame`]).
//! 5. `pdf`: pages → PDF bytes (krilla; PDF/UA-1 and PDF/A-2a validated).
//!
//! "Layout" names the stage. The file that sets page geometry, fonts, sizes, colours and
//! labels is a [`Style`]; the command line still takes it as `--layout` and ships it in
//! `layouts/`, names callers already use.
//!
//! # Public API
//! The crate root re-exports what an embedder needs: [`Engine`], [`Request`],
//! [`Audience`], [`VersionKind`], [`Style`], [`Error`], [`Diagnostic`], [`Kind`],
//! [`Result`], [`Warning`], [`Document`], [`Laid`], [`file_name`], [`file_safe_id`],
//! [`clear_word_cache`]. Public modules: the input ([`model`]), the laid-out pages
//! ([`frame`]), [`style`], [`error`], and what the command line shares ([`redact`],
//! [`panic`], and with their features `batch`, `server`, `inspect`). Every other module
//! is private.
//!
//! # Layers
//! Imports point down: a module names (through `crate::`) only modules of the layers
//! listed before its own, never one of its own layer or a later one; an item of the
//! crate root counts as the module it is re-exported from. `packaging.rs`
//! (`every_import_points_down_the_layers_of_the_crate_docs`) reads `src/` and this list.
//! 1. `error`: the error and diagnostic types every stage reports with.
//! 2. `redact`, `normalise`: CPR redaction of messages; one spelling of each text.
//! 3. `panic`, `codes`, `geom`: panics as internal errors; the national code lists and the
//!    coded values (enums) of the input, which the model and the texts both use;
//!    lengths and positions in points.
//! 4. `fonts`: the bundled fonts, their fallback chain and metrics.
//! 5. `model`: the input types, their parsing and validation, and each field's schema.
//! 6. `coverage`: the input's characters against the fonts (errors and warnings).
//! 7. `schema`: the published JSON Schema: the model's, with limits and characters.
//! 8. `style`: the [`Style`] a layout file gives (page geometry, fonts, sizes, labels).
//! 9. `visibility`: what an audience may see (the matrix), as a view of the model.
//! 10. `frame`: the laid-out pages, the one input of the PDF stage.
//! 11. `document`: the composed document, the input of the layout stage.
//! 12. `compose`: view → document.
//! 13. `layout`: document → pages.
//! 14. `pdf`: pages → PDF.
//! 15. `lib`: this file, the [`Engine`] that runs the stages, and file names.
//! 16. `batch`, `server`, `inspect`: the services and tools on top (the command line,
//!     `src/main.rs`, is a crate of its own on the public API).
//!
//! # Example
//! ```
//! use minplan::{Audience, Engine, Request, VersionKind};
//!
//! let json = std::fs::read_to_string("samples/integration-contract-full.json").unwrap();
//! let engine = Engine::new(minplan::Style::default_layout().unwrap()).unwrap();
//! let request = Request::new(Audience::Citizen, VersionKind::Current);
//! let pdf = engine.render(&json, request).unwrap();
//! assert!(pdf.starts_with(b"%PDF-1.7"));
//! ```

#[cfg(feature = "batch")]
pub mod batch;
mod codes;
mod compose;
mod coverage;
mod document;
pub mod error;
mod fonts;
pub mod frame;
mod geom;
#[cfg(feature = "inspect")]
pub mod inspect;
mod layout;
pub mod model;
mod normalise;
pub mod panic;
mod pdf;
pub mod redact;
mod schema;
#[cfg(feature = "server")]
pub mod server;
pub mod style;
mod visibility;

pub use coverage::Warning;
pub use document::Document;
pub use error::{Diagnostic, Error, Kind, Result};
pub use frame::Laid;
pub use layout::text::clear_word_cache;
pub use style::Style;
pub use visibility::{Audience, Request, VersionKind};

use fonts::Fonts;

/// A style with its fonts loaded: create once, render many documents (it is `Sync`).
pub struct Engine {
    style: Style,
    fonts: Fonts,
    pdf_fonts: pdf::PdfFonts,
    limits: model::Limits,
}

impl Engine {
    /// An engine for a style.
    pub fn new(style: Style) -> Result<Self> {
        let fonts = Fonts::load(&style.fonts)?;
        style.check_labels(|c| coverage::drawable(c, &fonts))?;
        let pdf_fonts = pdf::PdfFonts::new(&fonts)?;
        Ok(Self { style, fonts, pdf_fonts, limits: model::Limits::DEFAULT })
    }

    /// The same engine with other input limits (size, depth, string and list lengths).
    pub fn with_limits(mut self, limits: model::Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The input limits in force.
    pub fn limits(&self) -> &model::Limits {
        &self.limits
    }

    /// The style in use.
    pub fn style(&self) -> &Style {
        &self.style
    }

    /// The JSON Schema (2020-12) of what [`Engine::validate`] accepts: the input contract
    /// with this engine's limits and the characters its fonts can print.
    pub fn input_schema(&self) -> serde_json::Value {
        schema::plan_version(&self.fonts, &self.limits)
    }

    /// Parses and checks a plan version, without rendering it.
    pub fn validate(&self, json: &str) -> Result<model::PlanVersion> {
        self.check(json).map(|(plan, _)| plan)
    }

    /// Parses and checks a plan version: the plan, and the warnings of characters that
    /// will be drawn as a substitute (never a reason to refuse it).
    pub fn check(&self, json: &str) -> Result<(model::PlanVersion, Vec<Warning>)> {
        // Bounds first: nothing is parsed from an input over the limits. They count
        // what the client sent, as the published schema does.
        model::limits::check(json, &self.limits)?;
        let normal = normalise::json(json);
        let plan = model::parse(&normal);
        // Report unprintable characters too, but after structural errors; positions
        // point into the text as sent.
        let coverage = coverage::check(json, &self.fonts);
        match (plan, coverage) {
            (Ok(plan), Ok(warnings)) => Ok((plan, warnings)),
            (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
                a.extend(b);
                Err(Error::Invalid(a))
            }
            (Err(e), _) | (Ok(_), Err(e)) => Err(e),
        }
    }

    /// Lays out a plan version for a request (for inspection and snapshot tests).
    pub fn layout(&self, json: &str, request: Request) -> Result<(Document, Laid)> {
        let plan = self.validate(json)?;
        self.layout_plan(&plan, request)
    }

    fn layout_plan(
        &self,
        plan: &model::PlanVersion,
        request: Request,
    ) -> Result<(Document, Laid)> {
        let view =
            visibility::resolve(plan, request).map_err(|d| Error::Invalid(vec![d]))?;
        let doc = compose::compose(&view, &self.style);
        let laid = layout::layout(&doc, &self.style, &self.fonts)?;
        Ok((doc, laid))
    }

    /// Renders a plan version (JSON text) to PDF bytes.
    pub fn render(&self, json: &str, request: Request) -> Result<Vec<u8>> {
        self.render_with_warnings(json, request).map(|(pdf, _)| pdf)
    }

    /// Renders a plan version (JSON text) to PDF bytes, with the warnings of characters
    /// drawn as a substitute.
    pub fn render_with_warnings(
        &self,
        json: &str,
        request: Request,
    ) -> Result<(Vec<u8>, Vec<Warning>)> {
        let (plan, warnings) = self.check(json)?;
        Ok((self.render_plan(&plan, request)?, warnings))
    }

    /// Renders an already validated plan version to PDF bytes.
    pub fn render_plan(
        &self,
        plan: &model::PlanVersion,
        request: Request,
    ) -> Result<Vec<u8>> {
        let (_, laid) = self.layout_plan(plan, request)?;
        self.write_pdf(&laid)
    }

    /// The last stage alone: writes a laid-out document as PDF (for benchmarks).
    pub fn write_pdf(&self, laid: &Laid) -> Result<Vec<u8>> {
        pdf::write(laid, &self.pdf_fonts)
    }
}

/// The PDF's file name, `PV-2026-000731-v7-citizen-current.pdf`: plan version id and
/// number, audience and version kind; never a CPR number or a name.
pub fn file_name(plan: &model::PlanVersion, request: Request) -> String {
    let page = match (request.signature, request.acknowledgement) {
        (true, _) => "-signature",
        (false, true) => "-acknowledgement",
        (false, false) => "",
    };
    let id = &plan.plan_version.id;
    let id = if redact::has_cpr(id) {
        // A digest of the id alone could be undone by hashing every possible CPR number;
        // one of the whole plan version cannot be without the plan, which holds the CPR
        // number anyway. Deterministic: the model holds no maps, so its Debug text is.
        format!("id.{}", digest_letters(format!("{plan:?}").as_bytes()))
    } else {
        file_safe_id(id)
    };
    format!(
        "{id}-v{}-{}-{}{page}.pdf",
        plan.plan_version.version_number, request.audience, request.version_kind
    )
}

/// A plan version id as it appears in file names. An id of up to 64 ASCII letters,
/// digits, `-` and `_` that cannot be a CPR number is used as it is. Any other id is named
/// by a digest (the first 64 bits of its SHA-256) after a `.`, which a plain id never holds,
/// so two ids never share a name (`a/b` and `a.b` do not both become `a_b`): after the id's
/// letters made safe, or alone (`id.…`) when the id could hold a CPR number (SPEC section
/// 5: a plan version id is used in a file name only when it cannot be one). The digest is
/// written in the letters a–p, so it never reads as a number. [`file_name`] names a
/// CPR-shaped id by a digest of the whole plan version instead: the id alone is guessable.
pub fn file_safe_id(id: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let cpr = redact::has_cpr(id);
    if !id.is_empty() && id.len() <= 64 && id.chars().all(plain) && !cpr {
        return id.to_owned();
    }
    let hex = digest_letters(id.as_bytes());
    if cpr {
        return format!("id.{hex}");
    }
    let safe: String =
        id.chars().take(40).map(|c| if plain(c) { c } else { '_' }).collect();
    format!("{safe}.{hex}")
}

/// The first 64 bits of the SHA-256 of `bytes` as sixteen letters a–p, one per half byte:
/// no digits, so no run of them can look like a number.
fn digest_letters(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let letter = |n: u8| char::from(b'a' + (n & 0x0f));
    sha2::Sha256::digest(bytes)
        .iter()
        .take(8)
        .flat_map(|b| [letter(b >> 4), letter(*b)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CPR-shaped id is named by the whole plan version, not by the id alone: hashing
    /// every possible CPR number must not find it.
    #[test]
    fn a_cpr_shaped_id_is_not_named_by_a_digest_of_itself() {
        let json = include_str!("../samples/integration-contract-full.json").replacen(
            "PV-2026-000731",
            "240390-1234",
            1,
        );
        let Ok(plan) = model::parse(&json) else { panic!("the sample parses") };
        let request = Request::new(Audience::Citizen, VersionKind::Current);
        let name = file_name(&plan, request);
        assert!(name.starts_with("id.") && !name.contains("240390"), "{name}");
        assert!(!name.contains(&digest_letters(b"240390-1234")), "{name}");
        assert_eq!(name, file_name(&plan, request), "deterministic");
    }
}
