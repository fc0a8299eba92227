//! The coded values of the input: closed sets the JSON names by a word, each with its
//! Danish text in [`super`]. Defined here, below the model, so the code lists and the
//! model both use them without depending on each other.

use schemars::JsonSchema;
use serde::Deserialize;

/// Who acknowledged a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AcknowledgedBy {
    /// The citizen.
    Citizen,
    /// The municipality, with the citizen's consent (seed 000 §7.2).
    MunicipalityOnBehalf,
}

/// The three ways to acknowledge (seed 000 §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AcknowledgementMethod {
    /// On Jobnet.dk.
    Jobnet,
    /// A signed copy returned to the jobcenter.
    SignedCopy,
    /// A message in Digital Post.
    DigitalPost,
}

/// The plan types of the national code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanType {
    /// Jobplan.
    JobPlan,
    /// Uddannelsesplan.
    EducationPlan,
    /// Uddannelsesplan med jobmål (kombiplan).
    CombinedPlan,
    /// Aftale om opfølgning.
    FollowUpAgreement,
    /// Rehabiliteringsplan (indsatsdelen).
    RehabilitationPlan,
    /// Plan uden plantype.
    None,
}

/// The authority that set the job-search requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    /// The jobcenter (jobparate kontanthjælpsmodtagere, åbenlyst uddannelsesparate).
    Jobcenter,
    /// The a-kasse (dagpengemodtagere).
    Akasse,
}

/// Intervention categories (SPEC section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Virksomhedspraktik, løntilskud, nytteindsats, jobrotation, fleksjob.
    Company,
    /// Mentor.
    Mentor,
    /// Opkvalificering og uddannelse, incl. danskuddannelse.
    Education,
    /// Hjælpemidler.
    Aids,
    /// Personlig assistance.
    PersonalAssistance,
    /// Sociale indsatser.
    Social,
    /// Sundhedsindsatser.
    Health,
    /// Øvrige administrative indsatser.
    OtherAdministration,
    /// Øvrige indsatser.
    Other,
}

/// Intervention states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Planlagt.
    Planned,
    /// I gang.
    Ongoing,
    /// Afsluttet.
    Completed,
    /// Annulleret.
    Cancelled,
    /// Afbrudt.
    Interrupted,
}

/// Language skill levels; the JSON carries the Danish words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Level {
    /// Kan ikke.
    #[serde(rename = "Kan ikke")]
    None,
    /// Begynder.
    #[serde(rename = "Begynder")]
    Beginner,
    /// Let øvet.
    #[serde(rename = "Let øvet")]
    Elementary,
    /// Øvet.
    #[serde(rename = "Øvet")]
    Intermediate,
    /// Rutineret.
    #[serde(rename = "Rutineret")]
    Experienced,
    /// Flydende.
    #[serde(rename = "Flydende")]
    Fluent,
}

/// Ja / Nej / Ikke sat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Ikke sat.
    NotSet,
    /// Ja.
    Yes,
    /// Nej.
    No,
}
