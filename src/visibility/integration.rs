//! The Integration section of an open contract (SPEC section 3, item 4; seed 000 §5.3).

use crate::codes;
use crate::model::{text, Integration as Input, PlanVersion};

use super::matrix::{Gate, Row};
use super::view::{Competences, Exemption, Health, Integration, MasterData, Personal};

/// The contract as this audience may see it. The caller has already passed the contract
/// through [`Row::IntegrationGeneral`] and checked that it is open.
pub fn view<'a>(gate: &Gate, int: &'a Input, input: &'a PlanVersion) -> Integration<'a> {
    let citizen = &input.citizen;
    let general = Row::IntegrationGeneral;
    let m = int.master_data.as_ref();
    let master_data = MasterData {
        residence_basis: gate.pass_some(
            general,
            m.and_then(|m| m.residence_basis)
                .and_then(|b| codes::RESIDENCE_BASES.text(b.id)),
        ),
        nationality: gate.pass_some(Row::Nationality, text(&citizen.nationality)),
        program_start: gate.pass_some(general, m.and_then(|m| m.program_start.as_ref())),
        program_end: gate.pass_some(general, m.and_then(|m| m.program_end.as_ref())),
        declaration_signed: gate
            .pass_some(general, m.and_then(|m| m.declaration_signed_on.as_ref())),
        contract_first_signed: gate
            .pass_some(general, m.and_then(|m| m.contract_first_signed_on.as_ref())),
        coordinating_department: gate
            .pass_some(general, text(&int.coordinating_department)),
        // `handover_date` has no place in the document: it is not in the view.
    };
    let personal = int.personal.as_ref();
    let competences = int.competences.as_ref().and_then(|c| {
        let view = Competences {
            foreign_education: c
                .foreign_education_assessment
                .and_then(|a| codes::EDUCATION_ASSESSMENTS.text(a.id)),
            languages: c
                .languages
                .iter()
                .filter(|l| !l.language.trim().is_empty())
                .map(|l| {
                    (
                        l.language.as_str(),
                        [l.understanding, l.speaking, l.reading, l.writing],
                    )
                })
                .collect(),
            experience: text(&c.language_experience),
        };
        let empty = view.foreign_education.is_none()
            && view.languages.is_empty()
            && view.experience.is_none();
        gate.pass_some(general, (!empty).then_some(view))
    });
    let health = int.health.as_ref().and_then(|h| {
        let view = Health {
            needs_assessment: h.needs_assessment,
            assessment_offered: h.assessment_offered,
            notes: text(&h.notes),
        };
        let empty = view.needs_assessment.is_none()
            && view.assessment_offered.is_none()
            && view.notes.is_none();
        gate.pass_some(general, (!empty).then_some(view))
    });
    Integration {
        master_data,
        personal: Personal {
            marital_status: gate
                .pass_some(Row::MaritalStatus, text(&citizen.marital_status)),
            children: gate.pass_some(general, personal.and_then(|p| p.children)),
            notes: gate.pass_some(general, personal.and_then(|p| text(&p.notes))),
        },
        competences,
        health,
        person_category: gate.pass_some(
            Row::PersonCategory,
            int.visitation.as_ref().and_then(|v| text(&v.person_category)),
        ),
        exemptions: gate
            .pass(Row::IntegrationExemptions, ())
            .map(|()| exemptions(int, input))
            .unwrap_or_default(),
    }
}

/// The exemptions current at the version's `updated_on`: not ended before it (seed 000
/// §5.3.6, "eventuelle aktuelle fritagelser"), in input order.
fn exemptions<'a>(int: &'a Input, input: &'a PlanVersion) -> Vec<Exemption<'a>> {
    let updated = input.plan_version.updated_on.get().ok();
    int.exemptions
        .iter()
        .filter(|e| match (e.to.as_ref().map(|d| d.get()), updated) {
            (None, _) => true,
            (Some(Ok(to)), Some(updated)) => to >= updated,
            // Unreadable dates never pass validation; if one did, fail closed.
            (Some(_), _) => false,
        })
        .filter_map(|e| {
            Some(Exemption {
                id: e.id,
                name: codes::EXEMPTIONS.text(e.id)?,
                from: e.from.as_ref(),
                to: e.to.as_ref(),
                comment: text(&e.comment),
            })
        })
        .collect()
}
