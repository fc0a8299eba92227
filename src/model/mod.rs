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
pub mod schema;
pub mod validate;

pub use crate::codes::{
    AcknowledgedBy, AcknowledgementMethod, Answer, Authority, Category, Level, PlanType,
    State,
};
pub use cv::*;
pub use dates::{Date, Partial};
pub use integration::*;
pub use limits::Limits;
pub use locate::{locate, position, JsonPath, Seg};
pub use plan::*;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

/// One plan version: the whole input document.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanVersion {
    /// Version of this input contract; only 1 exists.
    #[schemars(range(min = 1, max = 1))]
    #[serde(deserialize_with = "whole")]
    pub schema_version: u32,
    /// Identity and status of this version of the plan.
    #[serde(deserialize_with = "object")]
    pub plan_version: VersionInfo,
    /// The citizen the plan belongs to.
    #[serde(deserialize_with = "object")]
    pub citizen: Citizen,
    /// The citizen's current jobcenter.
    #[serde(deserialize_with = "object")]
    pub jobcenter: Jobcenter,
    /// The plan itself.
    #[serde(deserialize_with = "object")]
    pub plan: Plan,
    /// The integration contract; absent when the citizen has none.
    #[serde(deserialize_with = "object_or_null", default)]
    pub integration: Option<Integration>,
    /// The citizen's CV (shown on current versions only).
    #[serde(deserialize_with = "object_or_null", default)]
    pub cv: Option<Cv>,
}

/// Identity and status of one version of the plan.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInfo {
    /// The plan version's id in the case system, e.g. `PV-2026-000731`.
    #[schemars(schema_with = "crate::model::schema::required_text")]
    pub id: String,
    /// Running version number, from 1.
    #[schemars(range(min = 1))]
    #[serde(deserialize_with = "whole")]
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
    #[serde(default, deserialize_with = "objects")]
    #[schemars(with = "Option<Vec<ChangeNotification>>")]
    pub change_notifications: Vec<ChangeNotification>,
    /// The citizen's acknowledgement (kvittering) of this version (seed 000 §7.2).
    #[serde(deserialize_with = "object_or_null", default)]
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

/// One change notification ("Du har fået: …").
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = crate::model::schema::notification_needs_text)]
pub struct ChangeNotification {
    /// Id in the national code list; 63–67 are the integration ones.
    #[schemars(range(min = 1))]
    #[serde(deserialize_with = "whole")]
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
    #[schemars(schema_with = "crate::model::schema::required_text")]
    pub full_name: String,
    /// CPR number, `DDMMYY-NNNN`.
    #[schemars(schema_with = "crate::model::schema::cpr")]
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
    #[schemars(schema_with = "crate::model::schema::required_text")]
    pub name: String,
    /// Postal address.
    #[serde(deserialize_with = "object_or_null", default)]
    pub address: Option<Address>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The citizen's caseworker: "Din sagsbehandler" on page 2 and the municipality's
    /// signatory on the signature page (seed 003 §2).
    #[serde(deserialize_with = "object_or_null", default)]
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
    #[serde(deserialize_with = "whole")]
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

/// Deserializes a whole number ≥ 0 that fits 32 bits, however JSON writes it: `7`, and
/// also `7.0` (JSON Schema's `integer` includes it, so a schema-valid document may).
pub(crate) fn whole<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = u32;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number ≥ 0")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u32, E> {
            let whole = v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v);
            // The range check makes the cast exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            whole
                .then_some(v as u32)
                .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Float(v), &self))
        }
    }
    deserializer.deserialize_any(Whole)
}

/// [`whole`] for an optional field (`null` or absent: `None`).
pub(crate) fn whole_or_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "whole")] u32);
    Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|w| w.0))
}

/// Deserializes a struct from a JSON object only. serde's derived structs also take the
/// array of their fields in order (`"cv": []`, `"address": ["Vej 1"]`), which neither the
/// contract nor its schema allows (held by `tests/schema.rs`).
pub(crate) fn object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Object<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Object<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    deserializer.deserialize_map(Object(std::marker::PhantomData))
}

/// [`object`] for an optional field (`null` or absent: `None`).
pub(crate) fn object_or_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Obj<T>>::deserialize(deserializer)?.map(|o| o.0))
}

/// [`list`] of structs, each from a JSON object only ([`object`]).
pub(crate) fn objects<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let list = Option::<Vec<Obj<T>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(list.into_iter().map(|o| o.0).collect())
}

/// A struct read by [`object`].
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer).map(Obj)
    }
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
