//! The schemas of single fields, named by the model's `schema_with` and `transform`
//! attributes: CPR and date patterns, code-list ids, required texts. The engine-wide
//! rules (limits, printable characters) are added by [`crate::schema::plan_version`].

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use crate::codes::{self, CodeList};

/// The regular expressions of the schema, in the syntax JSON Schema, Python's `re` and
/// Rust's `regex` share (no `\d`: it matches non-ASCII digits in some engines).
pub mod patterns {
    /// Years 0001–9999 (no lookahead: Rust's `regex` has none).
    macro_rules! year {
        () => {
            "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
        };
    }
    /// A day of a month that exists in every year, `MM-DD` (29 February: see `leap_year`).
    macro_rules! month_day {
        () => {
            concat!(
                "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
                "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
            )
        };
    }
    /// Leap years 0001–9999: divisible by 4, centuries only when divisible by 400.
    macro_rules! leap_year {
        () => {
            "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][48]|[13579][26]|[2468]0)00)"
        };
    }

    /// A day that exists, `YYYY-MM-DD` (years 0001–9999; leap years by the Gregorian
    /// rule).
    pub const DATE: &str =
        concat!("^(?:", year!(), "-", month_day!(), "|", leap_year!(), "-02-29)$");
    /// A year, `YYYY` (0001–9999).
    pub const YEAR: &str = concat!("^", year!(), "$");
    /// A month, `YYYY-MM`.
    pub const MONTH: &str = concat!("^", year!(), "-(?:0[1-9]|1[0-2])$");
    /// A CV period bound: a year, a month or a day (the three patterns above).
    pub const PARTIAL_DATE: &str = concat!(
        "^(?:",
        year!(),
        "|",
        year!(),
        "-(?:0[1-9]|1[0-2])|",
        year!(),
        "-",
        month_day!(),
        "|",
        leap_year!(),
        "-02-29)$"
    );
    /// A CPR number, `DDMMYY-NNNN`, with a day 01–31 and a month 01–12.
    pub const CPR: &str =
        "^(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])[0-9]{2}-[0-9]{4}$";
}

/// The schema of a date field (see [`crate::model::Date`]). `maxLength` pins the end:
/// Python's `$` also matches before a final newline.
pub fn date() -> Schema {
    json_schema!({
        "type": "string",
        "format": "date",
        "pattern": patterns::DATE,
        "minLength": 10,
        "maxLength": 10,
        "description": "An ISO 8601 calendar date, YYYY-MM-DD, that exists.",
        "examples": ["2026-03-02"]
    })
}

/// The schema of a CV period bound (see [`crate::model::Partial`]).
pub fn partial_date() -> Schema {
    json_schema!({
        "type": "string",
        "anyOf": [
            { "pattern": patterns::YEAR, "maxLength": 4 },
            { "pattern": patterns::MONTH, "maxLength": 7 },
            { "pattern": patterns::DATE, "maxLength": 10 }
        ],
        "description": "A year, year and month, or full date: YYYY, YYYY-MM or YYYY-MM-DD.",
        "examples": ["2012", "2012-08", "2025-04-01"]
    })
}

/// `citizen.cpr`.
pub fn cpr(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": patterns::CPR,
        "minLength": 11,
        "maxLength": 11,
        "description": "CPR number, DDMMYY-NNNN.",
        "examples": ["240390-1234"]
    })
}

/// A text that must hold more than white space (a name, a title, an id).
pub fn required_text(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<RequiredText>()
}

/// Marker for [`required_text`]: [`crate::schema::plan_version`] gives it the
/// printable characters.
struct RequiredText;

impl JsonSchema for RequiredText {
    fn schema_name() -> Cow<'static, str> {
        "RequiredText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A text with at least one character that is not white space."
        })
    }
}

/// `{ "id": … }` of a code list, the id one of the list's.
fn code_ref(list: &CodeList, nullable: bool) -> Schema {
    let ids: Vec<u32> = list.entries.iter().map(|e| e.0).collect();
    let object = json!({
        "type": "object",
        "properties": { "id": { "type": "integer", "enum": ids } },
        "required": ["id"],
        "additionalProperties": false,
        "description": format!("A reference to {}.", list.what),
    });
    let value =
        if nullable { json!({ "anyOf": [object, { "type": "null" }] }) } else { object };
    Schema::try_from(value).unwrap_or_default()
}

/// `plan.danish_goal`.
pub fn danish_goal(_: &mut SchemaGenerator) -> Schema {
    code_ref(&codes::DANISH_GOALS, true)
}

/// `integration.master_data.residence_basis`.
pub fn residence_basis(_: &mut SchemaGenerator) -> Schema {
    code_ref(&codes::RESIDENCE_BASES, true)
}

/// `integration.competences.foreign_education_assessment`.
pub fn education_assessment(_: &mut SchemaGenerator) -> Schema {
    code_ref(&codes::EDUCATION_ASSESSMENTS, true)
}

/// `integration.exemptions[].id`.
pub fn exemption_id(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<u32> = codes::EXEMPTIONS.entries.iter().map(|e| e.0).collect();
    Schema::try_from(json!({ "type": "integer", "enum": ids })).unwrap_or_default()
}

/// A change notification the engine has no text for must bring its own.
pub fn notification_needs_text(schema: &mut Schema) {
    let known = codes::notification_ids();
    let rule = json!([
        { "properties": { "id": { "enum": known } } },
        { "required": ["text"], "properties": { "text": { "$ref": "#/$defs/RequiredText" } } }
    ]);
    schema.insert("anyOf".into(), rule);
}

/// `plan.interventions[].type_id` belongs to its category's national list (seed 002
/// §3.2), and only health, social, education and mentor interventions have one: one
/// `if`/`then` per category, its ids taken from the validator's own
/// [`codes::interventions::check`].
pub fn type_id_by_category(schema: &mut Schema) {
    use crate::model::Category::*;
    let categories = [
        (Company, "company"),
        (Mentor, "mentor"),
        (Education, "education"),
        (Aids, "aids"),
        (PersonalAssistance, "personal_assistance"),
        (Social, "social"),
        (Health, "health"),
        (OtherAdministration, "other_administration"),
        (Other, "other"),
    ];
    let largest = codes::interventions::COURSE.entries.iter().map(|e| e.0).max();
    let rules: Vec<Value> = categories
        .iter()
        .map(|&(category, name)| {
            let mut ids: Vec<Value> = (0..=largest.unwrap_or(0))
                .filter(|&id| codes::interventions::check(category, id).is_ok())
                .map(Value::from)
                .collect();
            ids.push(Value::Null);
            json!({
                "if": { "properties": { "category": { "const": name } },
                        "required": ["category"] },
                "then": { "properties": { "type_id": { "enum": ids } } }
            })
        })
        .collect();
    schema.insert("allOf".into(), Value::Array(rules));
}
