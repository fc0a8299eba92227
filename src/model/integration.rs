//! The integration contract (SPEC section 3.4, seed 000 section 5.3).

use schemars::JsonSchema;
use serde::Deserialize;

use super::{CodeRef, Date};
use crate::codes::{Answer, Level};

/// The integration contract.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    /// Open or closed; only an open contract is shown.
    pub state: ContractState,
    /// The municipal department that coordinates the integration effort: "Forvaltning, der
    /// koordinerer integrationsindsatsen" in Stamdata (seed 003 §2).
    #[serde(default)]
    pub coordinating_department: Option<String>,
    /// Stamdata.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub master_data: Option<MasterData>,
    /// Personlige forhold.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub personal: Option<Personal>,
    /// Supplerende kompetencer og kvalifikationer.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub competences: Option<Competences>,
    /// Helbredsmæssige forhold.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub health: Option<Health>,
    /// Visitation.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub visitation: Option<Visitation>,
    /// Fritagelser/særlige hensyn.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<Exemption>>")]
    pub exemptions: Vec<Exemption>,
}

/// Whether the contract is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractState {
    /// In force.
    Open,
    /// Ended.
    Closed,
}

/// Stamdata.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MasterData {
    /// "Omfattet af integrationsloven som" (code list 1–5).
    #[serde(deserialize_with = "super::object_or_null", default)]
    #[schemars(schema_with = "crate::model::schema::residence_basis")]
    pub residence_basis: Option<CodeRef>,
    /// Start of the integration programme.
    #[serde(default)]
    pub program_start: Option<Date>,
    /// Expected end of the integration programme.
    #[serde(default)]
    pub program_end: Option<Date>,
    /// The day the integration declaration was signed.
    #[serde(default)]
    pub declaration_signed_on: Option<Date>,
    /// The day the contract was first signed.
    #[serde(default)]
    pub contract_first_signed_on: Option<Date>,
    /// Overdragelsesdato (the day the municipality took over). Not shown in the PDF.
    #[serde(default)]
    pub handover_date: Option<Date>,
}

/// Personlige forhold.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Personal {
    /// Number of children.
    #[serde(default, deserialize_with = "super::whole_or_null")]
    pub children: Option<u32>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Supplerende kompetencer og kvalifikationer.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competences {
    /// Vurdering af medbragt uddannelse (code list 1–3).
    #[serde(deserialize_with = "super::object_or_null", default)]
    #[schemars(schema_with = "crate::model::schema::education_assessment")]
    pub foreign_education_assessment: Option<CodeRef>,
    /// The languages table.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<LanguageSkill>>")]
    pub languages: Vec<LanguageSkill>,
    /// Erfaring med sproget (up to 4,000 characters).
    #[serde(default)]
    pub language_experience: Option<String>,
}

/// One row of the languages table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageSkill {
    /// The language, in Danish.
    #[schemars(schema_with = "crate::model::schema::required_text")]
    pub language: String,
    /// Forstå.
    #[serde(default)]
    pub understanding: Option<Level>,
    /// Tale.
    #[serde(default)]
    pub speaking: Option<Level>,
    /// Læse.
    #[serde(default)]
    pub reading: Option<Level>,
    /// Skrive.
    #[serde(default)]
    pub writing: Option<Level>,
}

/// Helbredsmæssige forhold.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// Whether a health assessment is needed.
    #[serde(default)]
    pub needs_assessment: Option<Answer>,
    /// Whether a health assessment was offered.
    #[serde(default)]
    pub assessment_offered: Option<Answer>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Visitation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Visitation {
    /// Personkategori, e.g. "Aktivitetsparat".
    #[serde(default)]
    pub person_category: Option<String>,
}

/// One exemption (Fritagelser/særlige hensyn).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exemption {
    /// 68 or 69.
    #[schemars(schema_with = "crate::model::schema::exemption_id")]
    #[serde(deserialize_with = "super::whole")]
    pub id: u32,
    /// First day.
    #[serde(default)]
    pub from: Option<Date>,
    /// Last day.
    #[serde(default)]
    pub to: Option<Date>,
    /// Comment.
    #[serde(default)]
    pub comment: Option<String>,
}
