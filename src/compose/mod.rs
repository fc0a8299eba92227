//! Composes the document (SPEC section 3) from a [`View`].
//!
//! Order and wording are fixed here, labels come from the layout file; *whether* an
//! audience sees something was decided by [`crate::visibility`], and this stage reads only
//! the view. One file per document section, in SPEC order:
//! 1. [`title`]: title and table of contents;
//! 2. [`about`]: page 2, about this version;
//! 3. [`plan`]: the plan's elements, [`interventions`] and agreements;
//! 4. [`integration`]: the integration contract;
//! 5. [`cv`]: the CV;
//! 6. guidance (Vejledning), here;
//! 7. and 8. [`pages`]: the signature and acknowledgement pages.

mod about;
mod cv;
mod integration;
mod interventions;
mod pages;
mod plan;
mod title;

use chrono::Datelike;

use crate::document::{Block, Document, Emphasis, Field, Level};
use crate::frame::{self, Meta};
use crate::model::Date;
use crate::style::{Labels, Style};
use crate::visibility::{paragraphs, View};

/// Builds the document for a view.
pub fn compose(view: &View, style: &Style) -> Document {
    let mut c = Composer { blocks: Vec::with_capacity(128), l: &style.labels };
    c.title(view);
    c.about(view);
    c.plan(&view.plan);
    if let Some(integration) = &view.integration {
        c.integration(integration);
    }
    if let Some(cv) = &view.cv {
        c.cv(cv);
    }
    c.guidance(&view.guidance);
    if let Some(signature) = &view.signature {
        c.signature(signature);
    }
    if let Some(kvittering) = &view.acknowledgement {
        c.kvittering(kvittering, view.title);
    }
    Document {
        title: c.title_text(view.title),
        running_header: c.running_header(view),
        band: view.version.historical.then(|| c.l.historical.clone()),
        blocks: c.blocks,
        meta: meta(view),
    }
}

/// Metadata facts: the version and the jobcenter, never the citizen.
fn meta(view: &View) -> Meta {
    let date = view.version.updated.get().map(|d| frame::Date {
        year: d.year(),
        month: d.month(),
        day: d.day(),
    });
    Meta {
        plan_version_id: view.version.id.to_owned(),
        version_number: view.version.number,
        date: date.unwrap_or(frame::Date { year: 1970, month: 1, day: 1 }),
        author: view.jobcenter.as_ref().map(|j| j.name.to_owned()).unwrap_or_default(),
        variant: format!("{}/{}", view.request.audience, view.request.version_kind),
    }
}

/// A period as `02.06.2025 – 01.06.2026`, open at either end.
fn period(from: Option<&Date>, to: Option<&Date>) -> Option<String> {
    match (from.map(Date::danish), to.map(Date::danish)) {
        (None, None) => None,
        (Some(f), None) => Some(format!("Fra {f}")),
        (None, Some(t)) => Some(format!("Til {t}")),
        (Some(f), Some(t)) => Some(format!("{f} – {t}")),
    }
}

/// Collects blocks with the layout's labels.
struct Composer<'a> {
    blocks: Vec<Block>,
    l: &'a Labels,
}

impl Composer<'_> {
    fn heading(&mut self, level: Level, text: &str, in_toc: bool) {
        self.blocks
            .push(Block::Heading { level, text: text.to_owned(), in_toc });
    }

    fn para(&mut self, text: String, emphasis: Emphasis) {
        self.blocks.push(Block::Paragraph { text, emphasis });
    }

    /// Free text, paragraph by paragraph (blank line = new paragraph).
    fn free_text(&mut self, value: &str) {
        for p in paragraphs(value) {
            self.para(p.to_owned(), Emphasis::Normal);
        }
    }

    /// Label/value rows, leaving out those without a value.
    fn fields(&mut self, rows: Vec<(&String, Option<String>)>) {
        let rows: Vec<Field> = rows
            .into_iter()
            .filter_map(|(k, v)| {
                v.filter(|v| !v.trim().is_empty())
                    .map(|value| Field { label: k.clone(), value })
            })
            .collect();
        if !rows.is_empty() {
            self.blocks.push(Block::Fields(rows));
        }
    }

    /// An element that is only a list of fields: heading and fields, if any hold data.
    fn element_fields(&mut self, label: &str, rows: Vec<(&String, Option<String>)>) {
        if rows
            .iter()
            .any(|r| r.1.as_ref().is_some_and(|v| !v.trim().is_empty()))
        {
            self.heading(Level::Element, label, true);
            self.fields(rows);
        }
    }

    /// A muted "Dato: 26.02.2026" line.
    fn date_line(&mut self, date: Option<&Date>) {
        if let Some(date) = date {
            self.para(format!("{}: {}", self.l.date, date.danish()), Emphasis::Muted);
        }
    }

    /// Vejledning: exactly the paragraphs the view holds; left out when there are none.
    fn guidance(&mut self, paragraphs: &[&str]) {
        if paragraphs.is_empty() {
            return;
        }
        self.heading(Level::Section, &self.l.guidance.clone(), true);
        for p in paragraphs {
            self.para((*p).to_owned(), Emphasis::Normal);
        }
    }
}

#[cfg(test)]
mod tests;
