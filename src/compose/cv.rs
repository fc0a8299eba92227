//! The CV (SPEC section 3, item 5; seed 000 §5.4).

use super::Composer;
use crate::document::{Block, Emphasis, Field, Level};
use crate::model::Partial;
use crate::visibility::view::Cv;

/// A CV period: `08.2012 – 06.2016`, open at either end.
fn span(from: Option<&Partial>, to: Option<&Partial>) -> String {
    match (from.map(Partial::danish), to.map(Partial::danish)) {
        (None, None) => String::new(),
        (Some(f), None) => format!("Fra {f}"),
        (None, Some(t)) => format!("Til {t}"),
        (Some(f), Some(t)) => format!("{f} – {t}"),
    }
}

impl Composer<'_> {
    /// Om mig, Erhvervserfaring, Uddannelse, Kurser, Kørekort.
    pub(super) fn cv(&mut self, cv: &Cv) {
        let l = self.l;
        self.heading(Level::Section, &l.cv, true);
        if let Some(s) = cv.summary {
            self.heading(Level::Element, &l.cv_summary, true);
            self.free_text(s);
        }
        if !cv.work.is_empty() {
            self.heading(Level::Element, &l.work_experience, true);
            let rows = cv
                .work
                .iter()
                .map(|w| {
                    let mut value = w.title.to_owned();
                    if let Some(e) = w.employer {
                        value = format!("{value}, {e}");
                    }
                    if let Some(d) = w.description {
                        value = format!("{value}\n{d}");
                    }
                    Field { label: span(w.from, w.to), value }
                })
                .collect();
            self.blocks.push(Block::Fields(rows));
        }
        if !cv.education.is_empty() {
            self.heading(Level::Element, &l.education, true);
            let rows = cv
                .education
                .iter()
                .map(|(completed, title, institution)| {
                    let value = match institution {
                        Some(i) => format!("{title}, {i}"),
                        None => (*title).to_owned(),
                    };
                    Field {
                        label: completed.map(Partial::danish).unwrap_or_default(),
                        value,
                    }
                })
                .collect();
            self.blocks.push(Block::Fields(rows));
        }
        if !cv.courses.is_empty() {
            self.heading(Level::Element, &l.courses, true);
            let rows = cv
                .courses
                .iter()
                .map(|(completed, title)| Field {
                    label: completed.map(Partial::danish).unwrap_or_default(),
                    value: (*title).to_owned(),
                })
                .collect();
            self.blocks.push(Block::Fields(rows));
        }
        if !cv.driving_licences.is_empty() {
            self.heading(Level::Element, &l.driving_licences, true);
            self.para(cv.driving_licences.join(", "), Emphasis::Normal);
        }
    }
}
