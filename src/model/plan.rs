//! The plan: goals, agreements, Danish acquisition and interventions.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{list, Address, CodeRef, Date, DatedText};
use crate::codes::{Authority, Category, State};

/// The plan part of a plan version.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Jobmål: job titles and job functions.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<JobGoal>>")]
    pub job_goals: Vec<JobGoal>,
    /// Uddannelsesmål.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<EducationGoal>>")]
    pub education_goals: Vec<EducationGoal>,
    /// The step (1–4) of a young person's education order (uddannelsespålæg), printed under
    /// Uddannelsesmål as "Trin N af 4" with the step's name (seed 001 §5.1).
    #[serde(default, deserialize_with = "super::whole_or_null")]
    #[schemars(range(min = 1, max = 4))]
    pub education_order_step: Option<u32>,
    /// Danskmål (code list 1–3).
    #[serde(deserialize_with = "super::object_or_null", default)]
    #[schemars(schema_with = "crate::model::schema::danish_goal")]
    pub danish_goal: Option<CodeRef>,
    /// "For at nå mit mål, har vi aftalt" (or the caseworker's comments on education plans).
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub plan_description: Option<DatedText>,
    /// Seneste aftale med jobcenter.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub latest_agreement_jobcenter: Option<DatedText>,
    /// Seneste aftale med a-kasse.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub latest_agreement_akasse: Option<DatedText>,
    /// A-kassens forslag til indhold i Min Plan.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub akasse_proposal: Option<DatedText>,
    /// Krav til jobsøgning: what the citizen must search for and who set it (seed 001
    /// §3.5, §5.4, §6.4).
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub job_search_requirements: Option<JobSearchRequirements>,
    /// Dansktilegnelse: when the citizen was guided under bek. § 16.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub danish_acquisition: Option<DanishAcquisition>,
    /// Indsatser.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<Intervention>>")]
    pub interventions: Vec<Intervention>,
    /// Aftaler: meetings and other dated agreements.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<Agreement>>")]
    pub agreements: Vec<Agreement>,
    /// Vejledning: one text, or paragraphs that each say what they are about (SPEC
    /// section 2; who sees which is decided in `visibility`).
    #[serde(default)]
    pub guidance: Option<Guidance>,
}

/// Krav til jobsøgning.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobSearchRequirements {
    /// Who set the requirements; printed in the heading, "Krav til jobsøgning (a-kasse)"
    /// (seed 001 §6.4: "i parentes fremgå, hvilken myndighed").
    #[serde(default)]
    pub authority: Option<Authority>,
    /// The day they were set.
    #[serde(default)]
    pub date: Option<Date>,
    /// Stillingsbetegnelser to search within.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<String>>")]
    pub job_titles: Vec<String>,
    /// Brancher og faglige områder.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<String>>")]
    pub industries: Vec<String>,
    /// Geografiske områder.
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<String>>")]
    pub areas: Vec<String>,
    /// Øvrige forventninger til jobsøgning (free text; blank lines separate paragraphs).
    #[serde(default)]
    pub text: Option<String>,
}

/// Vejledning: the standard texts the case system chose for this citizen.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Guidance {
    /// One text (blank lines separate paragraphs). It cannot say which part speaks of the
    /// integration contract, so it is never shown to the a-kasse (SPEC section 4).
    Text(String),
    /// Paragraphs, each marked with what it is about.
    Paragraphs(Vec<GuidanceParagraph>),
}

/// One guidance paragraph.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuidanceParagraph {
    /// The text (blank lines separate paragraphs).
    pub text: String,
    /// What it is about: decides who may see it.
    pub about: GuidanceAbout,
}

/// What a guidance paragraph is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuidanceAbout {
    /// Guidance for everyone with a plan.
    General,
    /// The standard paragraph about the integration contract (seed 000 §5.2.3): follows
    /// "integration contract, general" in the visibility matrix.
    IntegrationContract,
}

impl<'de> Deserialize<'de> for Guidance {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        // A visitor rather than `#[serde(untagged)]`: an untagged enum reports only "did not
        // match any variant", where this keeps serde's own message and the path of the
        // paragraph that is wrong.
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Guidance;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text or a list of paragraphs {text, about}")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Guidance, E> {
                Ok(Guidance::Text(v.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Guidance, E> {
                Ok(Guidance::Text(v))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Guidance, A::Error> {
                let mut paragraphs = Vec::with_capacity(seq.size_hint().unwrap_or(2));
                while let Some(p) = seq.next_element::<GuidanceParagraph>()? {
                    paragraphs.push(p);
                }
                Ok(Guidance::Paragraphs(paragraphs))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One job goal.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobGoal {
    /// Job title or job function.
    pub kind: JobGoalKind,
    /// The title, e.g. "Social- og sundhedshjælper".
    #[schemars(schema_with = "crate::model::schema::required_text")]
    pub title: String,
    /// DISCO-AMS code of a job title.
    #[serde(default)]
    pub disco_ams: Option<String>,
    /// The day the goal ended (seed 001 §4: "husker at skrive en slutdato på jobmålene").
    /// A goal that ended before the version's `updated_on` is not current and stays out of
    /// the PDF.
    #[serde(default)]
    pub end: Option<Date>,
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
    #[schemars(schema_with = "crate::model::schema::required_text")]
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
#[schemars(transform = crate::model::schema::type_id_by_category)]
pub struct Intervention {
    /// The category; decides who may see it.
    pub category: Category,
    /// The intervention type's name from the code list.
    #[serde(rename = "type")]
    #[schemars(schema_with = "crate::model::schema::required_text")]
    pub kind: String,
    /// The type's id in the national code lists of seed 002 §3.2: health 1–8 (category
    /// `health`), social 1–17 (`social`), course 25–52 (`education`; 34 and 35 also
    /// `mentor`). Where given, the engine prints the list's name.
    #[serde(default, deserialize_with = "super::whole_or_null")]
    pub type_id: Option<u32>,
    /// Its state.
    pub state: State,
    /// Seneste status.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub latest_status: Option<DatedText>,
    /// Afsluttende status (when completed).
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub final_status: Option<DatedText>,
    /// Hvad er aftalt.
    #[serde(default)]
    pub what: Option<String>,
    /// Hvornår.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub when: Option<Period>,
    /// Hvor.
    #[serde(deserialize_with = "super::object_or_null", default, rename = "where")]
    pub place: Option<Place>,
    /// Hvorfor.
    #[serde(default)]
    pub why: Option<String>,
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
    /// Where the citizen must turn up, when that is not the organisation's own address
    /// (seed 001 §6.2 "Hvor": "Adressen behøver ikke være identisk med
    /// virksomhedens/aktørens/institutionens adresse").
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub meeting_place: Option<MeetingPlace>,
    /// Company or institution.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Its address.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub address: Option<Address>,
    /// Contact person.
    #[serde(deserialize_with = "super::object_or_null", default)]
    pub contact: Option<Contact>,
}

/// Mødested: where the citizen must turn up.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingPlace {
    /// What the place is called, e.g. "Lærdansk, lokale 2.14".
    #[serde(default)]
    pub name: Option<String>,
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
