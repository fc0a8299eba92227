//! The Integration section (SPEC section 3, item 4; seed 000 §5.3).

use super::{period, Composer};
use crate::codes;
use crate::document::{Block, Level};
use crate::visibility::view::Integration;

impl Composer<'_> {
    /// Stamdata, Personlige forhold, Supplerende kompetencer, Helbred, Visitation,
    /// Fritagelser: each only when it holds data.
    pub(super) fn integration(&mut self, int: &Integration) {
        let l = self.l;
        let d = |d: Option<&crate::model::Date>| d.map(|d| d.danish());
        self.heading(Level::Section, &l.integration, true);
        let m = &int.master_data;
        self.element_fields(
            &l.master_data,
            vec![
                (&l.residence_basis, m.residence_basis.map(str::to_owned)),
                (&l.nationality, m.nationality.map(str::to_owned)),
                (&l.program_start, d(m.program_start)),
                (&l.program_end, d(m.program_end)),
                (&l.declaration_signed, d(m.declaration_signed)),
                (&l.contract_first_signed, d(m.contract_first_signed)),
                (
                    &l.coordinating_department,
                    m.coordinating_department.map(str::to_owned),
                ),
            ],
        );
        let p = &int.personal;
        self.element_fields(
            &l.personal,
            vec![
                (&l.marital_status, p.marital_status.map(str::to_owned)),
                (&l.children, p.children.map(|n| n.to_string())),
                (&l.notes, p.notes.map(str::to_owned)),
            ],
        );
        if let Some(c) = &int.competences {
            self.heading(Level::Element, &l.competences, true);
            self.fields(vec![(
                &l.foreign_education,
                c.foreign_education.map(str::to_owned),
            )]);
            if !c.languages.is_empty() {
                self.heading(Level::Item, &l.languages, false);
                let rows = c
                    .languages
                    .iter()
                    .map(|(language, levels)| {
                        let mut row = vec![(*language).to_owned()];
                        row.extend(
                            levels
                                .iter()
                                .map(|v| v.map(codes::level).unwrap_or("").to_owned()),
                        );
                        row
                    })
                    .collect();
                self.blocks.push(Block::Table {
                    header: vec![
                        l.language.clone(),
                        l.understanding.clone(),
                        l.speaking.clone(),
                        l.reading.clone(),
                        l.writing.clone(),
                    ],
                    rows,
                    columns: vec![0.24, 0.19, 0.19, 0.19, 0.19],
                });
            }
            if let Some(e) = c.experience {
                self.heading(Level::Item, &l.language_experience, false);
                self.free_text(e);
            }
        }
        if let Some(h) = &int.health {
            self.element_fields(
                &l.health,
                vec![
                    (
                        &l.needs_assessment,
                        h.needs_assessment.map(|a| codes::answer(a).to_owned()),
                    ),
                    (
                        &l.assessment_offered,
                        h.assessment_offered.map(|a| codes::answer(a).to_owned()),
                    ),
                    (&l.notes, h.notes.map(str::to_owned)),
                ],
            );
        }
        self.element_fields(
            &l.visitation,
            vec![(&l.person_category, int.person_category.map(str::to_owned))],
        );
        if !int.exemptions.is_empty() {
            self.heading(Level::Element, &l.exemptions, true);
            for e in &int.exemptions {
                let name = if e.id == crate::codes::EXEMPTION_FROM_PROGRAMME {
                    l.exemption_from_programme.as_str()
                } else {
                    e.name
                };
                self.heading(Level::Item, name, false);
                self.fields(vec![
                    (&l.period, period(e.from, e.to)),
                    (&l.comment, e.comment.map(str::to_owned)),
                ]);
            }
        }
    }
}
