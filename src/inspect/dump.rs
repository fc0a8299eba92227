//! The dump: an [`Inspection`] as stable, reviewable text.
//!
//! ```text
//! minplan inspect 1
//! title: Min plan – integrationskontrakt
//! …
//! outline:
//!   Om denne version → page 2
//!
//! page 1 of 6 (595.3 × 841.9 pt)
//!   [H1] Min plan – integrationskontrakt
//!   [TOCI] Om denne version 2
//!   [footer] Side 1 af 6
//!   link [TOCI] → page 2 "Om denne version"
//! ```
//!
//! No coordinates: a golden file should change when what a reader meets changes (text,
//! role, order, page), not when a line moves by a point. [`super::compare`] looks at
//! positions too.

use std::fmt::Write as _;

use super::{Inspection, Line, Role, DUMP_FORMAT};

impl Inspection {
    /// The dump as text (one line per fact; ends with a newline).
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "minplan inspect {DUMP_FORMAT}");
        for (key, value) in &self.meta {
            let _ = writeln!(out, "{key}: {}", printable(value));
        }
        let _ = writeln!(out, "pages: {}", self.pages.len());
        let _ = writeln!(out, "\noutline:");
        for entry in &self.outline {
            let page = entry
                .page
                .map_or_else(|| "nowhere".to_owned(), |p| format!("page {p}"));
            let indent = "  ".repeat(entry.depth + 1);
            let _ = writeln!(out, "{indent}{} → {page}", printable(&entry.title));
        }
        let count = self.pages.len();
        for (i, page) in self.pages.iter().enumerate() {
            let (w, h) = page.size;
            let _ = writeln!(out, "\npage {} of {count} ({w:.1} × {h:.1} pt)", i + 1);
            for line in &page.lines {
                let _ = writeln!(out, "  [{}] {}", role(line), printable(&line.text));
            }
            for link in &page.links {
                let owner = link.role.as_deref().unwrap_or("untagged");
                let _ = writeln!(
                    out,
                    "  link [{owner}] → {} \"{}\"",
                    printable(&link.target),
                    printable(&link.alt)
                );
            }
        }
        out
    }
}

/// A line's role as the dump shows it: the structure type, or the artifact's kind.
pub(super) fn role(line: &Line) -> String {
    match &line.role {
        Role::Content { role, .. } => role.clone(),
        Role::Artifact(kind) => (*kind).to_owned(),
        Role::Untagged => "untagged".to_owned(),
    }
}

/// Text as the dump shows it: a hyphen set at a line end (U+00AD in the text layer) as
/// `-`, control and invisible characters escaped so that every difference shows.
pub(super) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{AD}' => out.push('-'),
            c if c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{FEFF}') =>
            {
                let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}
