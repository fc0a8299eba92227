//! The input contract: serde types for one plan version (SPEC section 2).
//!
//! These types mirror `samples/integration-contract-full.json` field by field. They hold
//! data only; the checks that serde cannot express (code ids, dates, limits) live in
//! [`validate`]. Field names are public: extend with optional fields, never rename.
//!
//! `null`, an absent key, an empty string and an empty list all mean "no data": optional
//! scalars are `Option`, lists accept `null`, and [`text`] treats blank strings as absent.

mod cv;
mod dates;
mod integration;
pub mod limits;
mod locate;
mod plan;
pub mod validate;

pub use cv::*;
pub use dates::{Date, Partial};
pub use integration::*;
pub use limits::Limits;
pub use locate::{locate, JsonPath, Seg};
pub use plan::*;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

/// One plan version: the whole input document.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanVersion {
    /// Version of this input contract; only 1 exists.
    pub schema_version: u32,
    /// Identity and status of this version of the plan.
    pub plan_version: VersionInfo,
    /// The citizen the plan belongs to.
    pub citizen: Citizen,
    /// The citizen's current jobcenter.
    pub jobcenter: Jobcenter,
    /// The plan itself.
    pub plan: Plan,
    /// The integration contract; absent when the citizen has none.
    #[serde(default)]
    pub integration: Option<Integration>,
    /// The citizen's CV (shown on current versions only).
    #[serde(default)]
    pub cv: Option<Cv>,
}

/// Identity and status of one version of the plan.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInfo {
    /// The plan version's id in the case system, e.g. `PV-2026-000731`.
    pub id: String,
    /// Running version number, from 1.
    pub version_number: u32,
    /// The day this version was created. Extension: defaults to `updated_on`.
    #[serde(default)]
    pub created_on: Option<Date>,
    /// The day this version was last updated.
    pub updated_on: Date,
    /// "Frist for læsning af planen".
    #[serde(default)]
    pub read_deadline: Option<Date>,
    /// The plan type (code list `plan_type`).
    pub plan_type: PlanType,
    /// Whether this version is the one in force.
    #[serde(default)]
    pub active: Option<bool>,
    /// "Din plan er ændret. Du har fået: …".
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<ChangeNotification>>")]
    pub change_notifications: Vec<ChangeNotification>,
    /// The citizen's acknowledgement (kvittering) of this version (seed 000 §7.2).
    #[serde(default)]
    pub acknowledgement: Option<Acknowledgement>,
}

/// How and when a version was acknowledged ("Kvitteret 05.03.2026 (på Jobnet)").
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The day; not before the version's `updated_on`.
    pub on: Date,
    /// Who acknowledged.
    #[serde(default)]
    pub by: Option<AcknowledgedBy>,
    /// How.
    #[serde(default)]
    pub method: Option<AcknowledgementMethod>,
}

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

/// One change notification ("Du har fået: …").
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeNotification {
    /// Id in the national code list; 63–67 are the integration ones.
    pub id: u32,
    /// The notification's text; required for ids the engine does not know.
    #[serde(default)]
    pub text: Option<String>,
}

/// The citizen.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citizen {
    /// Full name.
    pub full_name: String,
    /// CPR number, `DDMMYY-NNNN`.
    pub cpr: String,
    /// Nationality (integration contract, matrix row "nationality").
    #[serde(default)]
    pub nationality: Option<String>,
    /// Marital status (integration contract, matrix row "marital status").
    #[serde(default)]
    pub marital_status: Option<String>,
}

/// The citizen's current jobcenter.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Jobcenter {
    /// Name, e.g. "Jobcenter Aarhus".
    pub name: String,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The citizen's caseworker: "Din sagsbehandler" on page 2 and the municipality's
    /// signatory on the signature page (seed 003 §2).
    #[serde(default)]
    pub caseworker: Option<Caseworker>,
}

/// The citizen's caseworker at the jobcenter.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Caseworker {
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Job title, e.g. "Jobkonsulent".
    #[serde(default)]
    pub title: Option<String>,
    /// Direct phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
}

/// A Danish postal address.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    #[serde(default)]
    pub street: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
}

/// A reference to an entry of a numeric code list: `{ "id": 2 }`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRef {
    /// The id in the code list.
    pub id: u32,
}

/// A free text with an optional date, e.g. a status or an agreement.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedText {
    /// The day it was written or agreed.
    #[serde(default)]
    pub date: Option<Date>,
    /// The text; blank lines separate paragraphs.
    #[serde(default)]
    pub text: Option<String>,
}

/// The text of a field, or `None` when it is absent, empty or only white space.
pub fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.trim().is_empty())
}

/// Deserializes a list that may also be `null` (meaning empty).
fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Parses a plan version from JSON text, reporting every problem found with its JSON path
/// and line:column.
pub fn parse(json: &str) -> crate::error::Result<PlanVersion> {
    validate::parse(json)
}
