//! The plan: goals, agreements, Danish acquisition and interventions.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{list, Address, CodeRef, Date, DatedText};

/// The plan part of a plan version.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Jobmål: job titles and job functions.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<JobGoal>>")]
    pub job_goals: Vec<JobGoal>,
    /// Uddannelsesmål.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<EducationGoal>>")]
    pub education_goals: Vec<EducationGoal>,
    /// Danskmål (code list 1–3).
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::danish_goal")]
    pub danish_goal: Option<CodeRef>,
    /// "For at nå mit mål, har vi aftalt" (or the caseworker's comments on education plans).
    #[serde(default)]
    pub plan_description: Option<DatedText>,
    /// Seneste aftale med jobcenter.
    #[serde(default)]
    pub latest_agreement_jobcenter: Option<DatedText>,
    /// Seneste aftale med a-kasse.
    #[serde(default)]
    pub latest_agreement_akasse: Option<DatedText>,
    /// A-kassens forslag til indhold i Min Plan.
    #[serde(default)]
    pub akasse_proposal: Option<DatedText>,
    /// Krav til jobsøgning.
    #[serde(default)]
    pub job_search_requirements: Option<DatedText>,
    /// Dansktilegnelse: when the citizen was guided under bek. § 16.
    #[serde(default)]
    pub danish_acquisition: Option<DanishAcquisition>,
    /// Indsatser.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<Intervention>>")]
    pub interventions: Vec<Intervention>,
    /// Aftaler: meetings and other dated agreements.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<Agreement>>")]
    pub agreements: Vec<Agreement>,
    /// Vejledning: the guidance text.
    #[serde(default)]
    pub guidance: Option<String>,
}

/// One job goal.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobGoal {
    /// Job title or job function.
    pub kind: JobGoalKind,
    /// The title, e.g. "Social- og sundhedshjælper".
    #[schemars(schema_with = "crate::schema::required_text")]
    pub title: String,
    /// DISCO-AMS code of a job title.
    #[serde(default)]
    pub disco_ams: Option<String>,
}

/// The kinds of job goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobGoalKind {
    /// Stillingsbetegnelse.
    JobTitle,
    /// Jobfunktion.
    JobFunction,
}

/// One education goal.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EducationGoal {
    /// The education, e.g. "Social- og sundhedshjælper, grundforløb".
    #[schemars(schema_with = "crate::schema::required_text")]
    pub title: String,
    /// Where it is taken.
    #[serde(default)]
    pub institution: Option<String>,
    /// Free-text description.
    #[serde(default)]
    pub description: Option<String>,
}

/// Dansktilegnelse: dates the citizen was guided under the executive order.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DanishAcquisition {
    /// Guidance under bek. § 16, stk. 8 (conditions for permanent residence).
    #[serde(default)]
    pub guided_conditions_for_permanent_residence_on: Option<Date>,
    /// Guidance under bek. § 16, stk. 9–11 (consequences of insufficient Danish).
    #[serde(default)]
    pub guided_consequences_of_insufficient_danish_on: Option<Date>,
    /// Marked "Skal læses".
    #[serde(default)]
    pub must_read: Option<bool>,
}

/// One intervention (indsats).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// The category; decides who may see it.
    pub category: Category,
    /// The intervention type's name from the code list.
    #[serde(rename = "type")]
    #[schemars(schema_with = "crate::schema::required_text")]
    pub kind: String,
    /// Its state.
    pub state: State,
    /// Seneste status.
    #[serde(default)]
    pub latest_status: Option<DatedText>,
    /// Afsluttende status (when completed).
    #[serde(default)]
    pub final_status: Option<DatedText>,
    /// Hvad er aftalt.
    #[serde(default)]
    pub what: Option<String>,
    /// Hvornår.
    #[serde(default)]
    pub when: Option<Period>,
    /// Hvor.
    #[serde(default, rename = "where")]
    pub place: Option<Place>,
    /// Hvorfor.
    #[serde(default)]
    pub why: Option<String>,
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

/// A period with optional bounds.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    #[serde(default)]
    pub start: Option<Date>,
    /// Last day.
    #[serde(default)]
    pub end: Option<Date>,
}

/// Where an intervention takes place.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Company or institution.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Its address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Contact person.
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// A contact person.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Role, e.g. "Afdelingsleder".
    #[serde(default)]
    pub role: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
}

/// One dated agreement (Aftaler).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// With whom.
    pub kind: AgreementKind,
    /// The day.
    pub date: Date,
    /// What was agreed.
    #[serde(default)]
    pub text: Option<String>,
    /// Still ahead (a coming meeting).
    #[serde(default)]
    pub upcoming: Option<bool>,
}

/// Who an agreement is with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    /// Aftale med jobcentret.
    Jobcenter,
    /// Aftale med a-kassen.
    Akasse,
    /// Anden aftale.
    Other,
}
