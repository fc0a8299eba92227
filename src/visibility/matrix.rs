//! The visibility matrix of SPEC section 4 (seed 000 section 6), as exhaustive matches.
//!
//! [`cell`] answers one question — may this row be shown in this audience's PDF of this
//! version kind? — with a `match` that names every audience and version kind: a new
//! audience or row is a compile error here, not a silently copied column. [`Gate`] is the
//! only way a value enters the view: `gate.pass(Row::Nationality, value)`.

use super::{Audience, Request, VersionKind};
use crate::model::Category;

/// A row of the visibility matrix (SPEC section 4), plus the a-kasse's hidden
/// interventions (seed 001 §6.1) as a row of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Row {
    /// "plan content": goals, descriptions, agreements, interventions, plan-version facts,
    /// general guidance.
    PlanContent,
    /// "CPR number": the citizen's CPR number, with the full name it stands beside on
    /// page 2 (seed 000 §6: "Borgerens fulde navn og cpr. nummer").
    CitizenIdentity,
    /// "current jobcenter": name, address, phone, e-mail and the caseworker.
    CurrentJobcenter,
    /// "integration contract, general": the Integration section, the title's
    /// "– integrationskontrakt", notifications 63–67, guidance about the contract, and
    /// guidance given as one text (it may speak of the contract).
    IntegrationGeneral,
    /// "integration contract, exemptions": Fritagelser/særlige hensyn.
    IntegrationExemptions,
    /// "Danskmål and Dansktilegnelse".
    DanishGoalAndAcquisition,
    /// "current CV".
    CurrentCv,
    /// "signature lines (first version of an open contract)".
    SignatureLines,
    /// "acknowledgement page (kvittering)".
    AcknowledgementPage,
    /// "person category (visitation)".
    PersonCategory,
    /// "nationality".
    Nationality,
    /// "marital status".
    MaritalStatus,
    /// Interventions the a-kasse never sees: categories social, health, aids,
    /// personal_assistance, other_administration (seed 001 §6.1), and the health and social
    /// offers of the course list (SPEC section 4).
    InterventionHiddenFromAkasse,
}

impl Row {
    /// Every row, for tests and documentation.
    #[cfg(test)]
    pub const ALL: [Row; 13] = [
        Row::PlanContent,
        Row::CitizenIdentity,
        Row::CurrentJobcenter,
        Row::IntegrationGeneral,
        Row::IntegrationExemptions,
        Row::DanishGoalAndAcquisition,
        Row::CurrentCv,
        Row::SignatureLines,
        Row::AcknowledgementPage,
        Row::PersonCategory,
        Row::Nationality,
        Row::MaritalStatus,
        Row::InterventionHiddenFromAkasse,
    ];
}

/// A cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Shown when the data exists ("X").
    Shown,
    /// Never shown, even if the input holds it (blank).
    Hidden,
    /// Shown only when the request asks for it ("X (on request)").
    OnRequest,
}

use Cell::{Hidden, OnRequest, Shown};

/// The matrix: SPEC section 4, row by row. Every arm names its audiences and version
/// kinds; there is no wildcard, so a new audience must be decided for every row.
pub fn cell(row: Row, audience: Audience, kind: VersionKind) -> Cell {
    use Audience::{Akasse, Citizen, Jobcenter};
    use VersionKind::{Current, Historical};
    match row {
        // X in all six columns.
        Row::PlanContent | Row::CitizenIdentity | Row::CurrentJobcenter => {
            match (audience, kind) {
                (Citizen | Jobcenter | Akasse, Current | Historical) => Shown,
            }
        }
        // Citizen and jobcenter, current and historical; never the a-kasse.
        Row::IntegrationGeneral
        | Row::DanishGoalAndAcquisition
        | Row::InterventionHiddenFromAkasse => match (audience, kind) {
            (Citizen | Jobcenter, Current | Historical) => Shown,
            (Akasse, Current | Historical) => Hidden,
        },
        // Citizen and jobcenter, current versions only.
        Row::IntegrationExemptions
        | Row::CurrentCv
        | Row::PersonCategory
        | Row::Nationality
        | Row::MaritalStatus => match (audience, kind) {
            (Citizen | Jobcenter, Current) => Shown,
            (Citizen | Jobcenter, Historical) => Hidden,
            (Akasse, Current | Historical) => Hidden,
        },
        // Printed from the case system for signing: jobcenter, current, on request.
        Row::SignatureLines => match (audience, kind) {
            (Jobcenter, Current) => OnRequest,
            (Citizen | Akasse, Current) => Hidden,
            (Citizen | Jobcenter | Akasse, Historical) => Hidden,
        },
        // Kvittering: citizen and jobcenter, current, on request.
        Row::AcknowledgementPage => match (audience, kind) {
            (Citizen | Jobcenter, Current) => OnRequest,
            (Akasse, Current) => Hidden,
            (Citizen | Jobcenter | Akasse, Historical) => Hidden,
        },
    }
}

/// The course-list ids that are health or social offers in substance, hidden from the
/// a-kasse whatever category the input gives them (SPEC section 4; seed 002 §3.2):
/// 41 Mestring af sygdom, 42/43 Udskrivningskoordinator, 50/51 social and treatment
/// offers under LAB § 41.
const COURSE_IDS_HIDDEN_FROM_AKASSE: [u32; 5] = [41, 42, 43, 50, 51];

/// The course-list ids that are part of the integration programme the contract lays
/// down: 48 "Danskuddannelse, selvforsørgelses- og hjemrejseprogrammet eller
/// introduktionsprogrammet", Danish lessons under INL § 21 as part of the programme (seed
/// 002 §3.2; seed 003: "Programmet fastlægges i en kontrakt"). Such an intervention tells
/// of the contract by its very existence, and its list name says so in the engine's own
/// words: it follows "integration contract, general" (SPEC section 4).
pub const COURSE_IDS_OF_THE_PROGRAMME: [u32; 1] = [48];

/// The row an intervention belongs to: decided by its category and its type id, never by
/// its text (seed 001 §6.1: the a-kasse cannot see social, health, aids and personal
/// assistance interventions, nor other administrations' ones; SPEC section 4: the
/// programme's Danish lessons follow the contract's row).
pub fn intervention_row(category: Category, type_id: Option<u32>) -> Row {
    if type_id.is_some_and(|id| COURSE_IDS_OF_THE_PROGRAMME.contains(&id)) {
        return Row::IntegrationGeneral;
    }
    let hidden_category = match category {
        Category::Social
        | Category::Health
        | Category::Aids
        | Category::PersonalAssistance
        | Category::OtherAdministration => true,
        Category::Company | Category::Mentor | Category::Education | Category::Other => {
            false
        }
    };
    let hidden_type =
        type_id.is_some_and(|id| COURSE_IDS_HIDDEN_FROM_AKASSE.contains(&id));
    if hidden_category || hidden_type {
        Row::InterventionHiddenFromAkasse
    } else {
        Row::PlanContent
    }
}

/// The matrix applied to one request: the single gate every value of the view passes.
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    request: Request,
}

impl Gate {
    /// The gate for a request.
    pub fn new(request: Request) -> Self {
        Self { request }
    }

    /// The request this gate decides for.
    pub fn request(&self) -> Request {
        self.request
    }

    /// Whether `row` is shown in this request's PDF.
    pub fn shows(&self, row: Row) -> bool {
        match cell(row, self.request.audience, self.request.version_kind) {
            Shown => true,
            Hidden => false,
            OnRequest => self.requested(row),
        }
    }

    /// `value` if `row` is shown, else nothing: how a value enters the view.
    pub fn pass<T>(&self, row: Row, value: T) -> Option<T> {
        self.shows(row).then_some(value)
    }

    /// `value` if `row` is shown and the value holds data.
    pub fn pass_some<T>(&self, row: Row, value: Option<T>) -> Option<T> {
        self.pass(row, value).flatten()
    }

    /// Whether the request asks for an on-request row.
    fn requested(&self, row: Row) -> bool {
        match row {
            Row::SignatureLines => self.request.signature,
            Row::AcknowledgementPage => self.request.acknowledgement,
            Row::PlanContent
            | Row::CitizenIdentity
            | Row::CurrentJobcenter
            | Row::IntegrationGeneral
            | Row::IntegrationExemptions
            | Row::DanishGoalAndAcquisition
            | Row::CurrentCv
            | Row::PersonCategory
            | Row::Nationality
            | Row::MaritalStatus
            | Row::InterventionHiddenFromAkasse => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Audience::{Akasse, Citizen, Jobcenter};
    use VersionKind::{Current, Historical};

    /// SPEC section 4 as text, column order: citizen current, jobcenter current, akasse
    /// current, citizen historical, jobcenter historical, akasse historical.
    const SPEC: [(Row, &str); 13] = [
        (Row::PlanContent, "XXXXXX"),
        (Row::CitizenIdentity, "XXXXXX"),
        (Row::CurrentJobcenter, "XXXXXX"),
        (Row::IntegrationGeneral, "XX.XX."),
        (Row::IntegrationExemptions, "XX...."),
        (Row::DanishGoalAndAcquisition, "XX.XX."),
        (Row::CurrentCv, "XX...."),
        (Row::SignatureLines, ".R...."),
        (Row::AcknowledgementPage, "RR...."),
        (Row::PersonCategory, "XX...."),
        (Row::Nationality, "XX...."),
        (Row::MaritalStatus, "XX...."),
        (Row::InterventionHiddenFromAkasse, "XX.XX."),
    ];

    const COLUMNS: [(Audience, VersionKind); 6] = [
        (Citizen, Current),
        (Jobcenter, Current),
        (Akasse, Current),
        (Citizen, Historical),
        (Jobcenter, Historical),
        (Akasse, Historical),
    ];

    #[test]
    fn matrix_is_the_spec() {
        assert_eq!(Row::ALL.len(), SPEC.len());
        // Every audience and version kind has its column here (a new one fails until
        // the table states what it sees).
        for &audience in Audience::ALL {
            for &kind in VersionKind::ALL {
                assert!(COLUMNS.contains(&(audience, kind)), "{audience}/{kind}");
            }
        }
        assert!(SPEC.iter().all(|(_, cells)| cells.chars().count() == COLUMNS.len()));
        for (row, cells) in SPEC {
            for ((audience, kind), expected) in COLUMNS.iter().zip(cells.chars()) {
                let expected = match expected {
                    'X' => Shown,
                    'R' => OnRequest,
                    _ => Hidden,
                };
                assert_eq!(
                    cell(row, *audience, *kind),
                    expected,
                    "{row:?} {audience} {kind}"
                );
            }
        }
    }

    #[test]
    fn on_request_rows_follow_the_request() {
        let mut request = Request::new(Jobcenter, Current);
        assert!(!Gate::new(request).shows(Row::SignatureLines));
        request.signature = true;
        assert!(Gate::new(request).shows(Row::SignatureLines));
        assert!(!Gate::new(request).shows(Row::AcknowledgementPage));
    }

    #[test]
    fn akasse_interventions_by_category_and_type() {
        assert_eq!(
            intervention_row(Category::Health, None),
            Row::InterventionHiddenFromAkasse
        );
        assert_eq!(
            intervention_row(Category::Aids, None),
            Row::InterventionHiddenFromAkasse
        );
        assert_eq!(intervention_row(Category::Company, None), Row::PlanContent);
        assert_eq!(intervention_row(Category::Education, Some(26)), Row::PlanContent);
        assert_eq!(
            intervention_row(Category::Education, Some(48)),
            Row::IntegrationGeneral
        );
        assert_eq!(intervention_row(Category::Education, Some(44)), Row::PlanContent);
        for id in [41, 42, 43, 50, 51] {
            assert_eq!(
                intervention_row(Category::Education, Some(id)),
                Row::InterventionHiddenFromAkasse,
                "course id {id}"
            );
        }
    }
}
