//! Who sees what: the visibility matrix of SPEC section 4, applied before layout.
//!
//! [`resolve`] takes the validated model and a [`Request`] and returns a [`Resolved`] copy
//! from which everything the audience may not see has been removed. Layout only ever sees
//! the resolved copy, so hidden data cannot reach the PDF in any form: not as text, not in
//! the outline, not in metadata. This module is the privacy boundary; keep every rule here.

use std::fmt;

use crate::codes;
use crate::error::Diagnostic;
use crate::model::{text, Category, ContractState, PlanVersion};

/// Who the PDF is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// The citizen (borger), via the self-service portal.
    Citizen,
    /// The municipal caseworker, via the case system.
    Jobcenter,
    /// The unemployment fund's caseworker.
    Akasse,
}

/// Which version of the plan is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionKind {
    /// The version in force now.
    Current,
    /// An earlier version ("Min historik").
    Historical,
}

/// What is asked for besides the plan version itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Request {
    /// Who the PDF is for.
    pub audience: Audience,
    /// Current or historical.
    pub version_kind: VersionKind,
    /// Print signature lines (jobcenter, current only).
    pub signature: bool,
}

/// A row of the visibility matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Goals, descriptions, agreements, interventions, guidance.
    PlanContent,
    /// The citizen's CPR number.
    Cpr,
    /// Name and address of the current jobcenter.
    CurrentJobcenter,
    /// The integration contract, its notifications, title suffix and guidance paragraph.
    IntegrationGeneral,
    /// Fritagelser/særlige hensyn.
    IntegrationExemptions,
    /// Danskmål and Dansktilegnelse.
    DanishGoalAndAcquisition,
    /// The CV.
    CurrentCv,
    /// Lines for signatures.
    SignatureLines,
    /// Visitation: person category.
    PersonCategory,
    /// Nationality.
    Nationality,
    /// Marital status.
    MaritalStatus,
}

/// A cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// Shown when the data exists.
    X,
    /// Never shown.
    No,
    /// Shown only when the request asks for it.
    OnRequest,
}

use Cell::{No, OnRequest, X};
use Content::*;

/// SPEC section 4, row for row. Columns: citizen current, jobcenter current, akasse current,
/// citizen historical, jobcenter historical, akasse historical.
const MATRIX: [(Content, [Cell; 6]); 11] = [
    (PlanContent, [X, X, X, X, X, X]),
    (Cpr, [X, X, X, X, X, X]),
    (CurrentJobcenter, [X, X, X, X, X, X]),
    (IntegrationGeneral, [X, X, No, X, X, No]),
    (IntegrationExemptions, [X, X, No, No, No, No]),
    (DanishGoalAndAcquisition, [X, X, No, X, X, No]),
    (CurrentCv, [X, X, No, No, No, No]),
    (SignatureLines, [No, OnRequest, No, No, No, No]),
    (PersonCategory, [X, X, No, No, No, No]),
    (Nationality, [X, X, No, No, No, No]),
    (MaritalStatus, [X, X, No, No, No, No]),
];

/// Intervention categories the a-kasse never sees (seed 001, section 6.1).
const HIDDEN_FROM_AKASSE: [Category; 5] = [
    Category::Social,
    Category::Health,
    Category::Aids,
    Category::PersonalAssistance,
    Category::OtherAdministration,
];

impl Request {
    fn column(&self) -> usize {
        let audience = match self.audience {
            Audience::Citizen => 0,
            Audience::Jobcenter => 1,
            Audience::Akasse => 2,
        };
        match self.version_kind {
            VersionKind::Current => audience,
            VersionKind::Historical => audience + 3,
        }
    }

    /// Whether `content` may appear in this request's PDF.
    pub fn shows(&self, content: Content) -> bool {
        let row = MATRIX
            .iter()
            .find(|row| row.0 == content)
            .map(|row| row.1[self.column()]);
        match row {
            Some(X) => true,
            Some(OnRequest) => self.signature,
            Some(No) | None => false,
        }
    }

    /// Whether an intervention of `category` may appear in this request's PDF.
    pub fn shows_category(&self, category: Category) -> bool {
        self.audience != Audience::Akasse || !HIDDEN_FROM_AKASSE.contains(&category)
    }

    /// A signature page may only be asked for where the matrix has one.
    pub fn check(&self) -> Result<(), Diagnostic> {
        let allowed = MATRIX
            .iter()
            .any(|r| r.0 == SignatureLines && r.1[self.column()] == OnRequest);
        if self.signature && !allowed {
            return Err(Diagnostic::request(
                "signature",
                format!(
                    "signature lines are printed only for audience jobcenter, version current \
                     (not {} {})",
                    self.audience, self.version_kind
                ),
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Citizen => "citizen",
            Self::Jobcenter => "jobcenter",
            Self::Akasse => "akasse",
        })
    }
}

impl fmt::Display for VersionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Current => "current",
            Self::Historical => "historical",
        })
    }
}

/// A plan version with only what one audience may see.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The filtered plan version. Hidden data is gone from it, not flagged.
    pub plan: PlanVersion,
    /// The request it was resolved for.
    pub request: Request,
    /// The guidance, paragraph by paragraph, with the integration paragraph only where
    /// the contract may be shown.
    pub guidance: Vec<String>,
    /// The title says "– integrationskontrakt".
    pub integration_title: bool,
}

/// The standard paragraph about the integration contract in Vejledning.
pub const INTEGRATION_GUIDANCE: &str = "Du har en integrationskontrakt, fordi du er omfattet af \
    integrationsloven. Kontrakten gælder, indtil du får tidsubegrænset opholdstilladelse. Din \
    kontrakt består af din plan og oplysningerne under Integration. Når vi ændrer i kontrakten, \
    får du en ny version af planen, som du skal kvittere for at have læst.";

/// Whether a guidance paragraph speaks of the integration contract. Such a paragraph
/// follows "integration contract, general": it would tell the a-kasse a contract exists.
fn is_integration_paragraph(paragraph: &str) -> bool {
    let lower = paragraph.to_lowercase();
    ["integrationskontrakt", "integrationsloven", "integrationsprogram"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Applies the matrix: removes everything `request` may not see.
pub fn resolve(input: &PlanVersion, request: Request) -> Result<Resolved, Diagnostic> {
    request.check()?;
    let mut plan = input.clone();
    let shows = |c| request.shows(c);

    // Plan content, CPR and the current jobcenter are shown to every audience.
    plan.plan.interventions.retain(|i| request.shows_category(i.category));

    if !shows(DanishGoalAndAcquisition) {
        plan.plan.danish_goal = None;
        plan.plan.danish_acquisition = None;
    }
    if !shows(Nationality) {
        plan.citizen.nationality = None;
    }
    if !shows(MaritalStatus) {
        plan.citizen.marital_status = None;
    }
    if !shows(CurrentCv) {
        plan.cv = None;
    }
    if !shows(IntegrationGeneral) {
        plan.integration = None;
        plan.plan_version
            .change_notifications
            .retain(|n| !codes::is_integration_notification(n.id));
    }
    // Only an open contract is shown; a closed one leaves its notification (67) only.
    if plan
        .integration
        .as_ref()
        .is_some_and(|i| i.state != ContractState::Open)
    {
        plan.integration = None;
    }
    if let Some(integration) = &mut plan.integration {
        if !shows(IntegrationExemptions) {
            integration.exemptions.clear();
        }
        if !shows(PersonCategory) {
            integration.visitation = None;
        }
    }

    let integration_title = plan.integration.is_some();
    let mut guidance: Vec<String> = paragraphs(text(&plan.plan.guidance).unwrap_or(""))
        .filter(|p| integration_title || !is_integration_paragraph(p))
        .map(str::to_owned)
        .collect();
    if integration_title && !guidance.iter().any(|p| is_integration_paragraph(p)) {
        guidance.push(INTEGRATION_GUIDANCE.to_owned());
    }
    // The raw field is replaced by the filtered paragraphs above.
    plan.plan.guidance = None;

    Ok(Resolved { plan, request, guidance, integration_title })
}

/// Splits free text into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(audience: Audience, version_kind: VersionKind) -> Request {
        Request { audience, version_kind, signature: false }
    }

    #[test]
    fn matrix_columns() {
        let akasse = req(Audience::Akasse, VersionKind::Current);
        assert!(akasse.shows(Cpr));
        assert!(!akasse.shows(IntegrationGeneral));
        let hist = req(Audience::Citizen, VersionKind::Historical);
        assert!(hist.shows(IntegrationGeneral));
        assert!(!hist.shows(IntegrationExemptions));
        assert!(!hist.shows(CurrentCv));
    }

    #[test]
    fn signature_only_for_jobcenter_current() {
        for audience in [Audience::Citizen, Audience::Jobcenter, Audience::Akasse] {
            for kind in [VersionKind::Current, VersionKind::Historical] {
                let r = Request { audience, version_kind: kind, signature: true };
                let ok = audience == Audience::Jobcenter && kind == VersionKind::Current;
                assert_eq!(r.check().is_ok(), ok, "{audience} {kind}");
                assert_eq!(r.shows(SignatureLines), ok);
            }
        }
    }

    #[test]
    fn akasse_categories() {
        let akasse = req(Audience::Akasse, VersionKind::Historical);
        assert!(!akasse.shows_category(Category::Health));
        assert!(akasse.shows_category(Category::Company));
        assert!(
            req(Audience::Citizen, VersionKind::Current).shows_category(Category::Health)
        );
    }
}
