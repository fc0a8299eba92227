//! The published JSON Schema of the input is the validator's contract: every check
//! [`crate::model::validate`], the limits scan and the glyph-coverage check make that JSON
//! Schema can express is in it, so a client generated from it sends only what the engine
//! accepts, and a schema-valid document is never answered with 422.
//!
//! Two layers. The serde model derives its schema with schemars; attributes on the model
//! (`schema_with = "crate::schema::…"`, `range(…)`) add the rules tied to one field: CPR
//! and date patterns, code-list ids, required texts, minimum numbers. [`plan_version`] then
//! adds what depends on the engine: `maxLength` and `maxItems` from its [`Limits`], and the
//! characters its fonts can draw as a `pattern` on every text.
//!
//! What JSON Schema cannot say, and so is not in it: the document's size in bytes and its
//! nesting depth (a schema-valid document is at most 7 levels deep anyway), and rules that
//! compare two fields: `plan_version.acknowledgement.on` not before
//! `plan_version.updated_on` (stated in the field's description instead). Integers may
//! be written `7.0`, as JSON Schema allows (the parser takes them, [`crate::model`]).

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use crate::codes::{self, CodeList};
use crate::layout::fonts::Fonts;
use crate::model::Limits;

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

/// Marker for [`required_text`]: [`plan_version`] gives it the printable characters.
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

/// The JSON Schema (2020-12) of a plan version as `engine`'s validator sees it: the
/// derived schema with `limits` and the characters `fonts` can draw.
pub fn plan_version(fonts: &Fonts, limits: &Limits) -> Value {
    let mut schema = schemars::schema_for!(crate::model::PlanVersion).to_value();
    let printable = Printable::of(fonts);
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        defs.insert(
            "RequiredText".into(),
            json!({
                "type": "string",
                "minLength": 1,
                "maxLength": limits.max_string_chars,
                "pattern": printable.required(),
                "description": "A text with at least one character that is not white space, \
                                in characters the bundled fonts can print."
            }),
        );
    }
    constrain(&mut schema, limits, &printable.any());
    schema
}

/// Adds the engine's bounds to every string, array and integer schema below `node`.
fn constrain(node: &mut Value, limits: &Limits, text: &str) {
    let Some(object) = node.as_object_mut() else {
        if let Some(items) = node.as_array_mut() {
            items.iter_mut().for_each(|v| constrain(v, limits, text));
        }
        return;
    };
    let types = types(object);
    if types.contains(&"string") {
        object.entry("maxLength").or_insert(json!(limits.max_string_chars));
        let fixed = ["pattern", "enum", "const", "anyOf", "format"];
        if !fixed.iter().any(|k| object.contains_key(*k)) {
            object.insert("pattern".into(), json!(text));
        }
    }
    if types.contains(&"array") {
        object.entry("maxItems").or_insert(json!(limits.max_list_items));
    }
    if types.contains(&"integer") && object.get("format") == Some(&json!("uint32")) {
        object.entry("maximum").or_insert(json!(u32::MAX));
    }
    for (key, value) in object.iter_mut() {
        // Keywords whose values are schemas, or maps and lists of schemas.
        let holds_schemas = matches!(
            key.as_str(),
            "properties"
                | "$defs"
                | "items"
                | "anyOf"
                | "oneOf"
                | "allOf"
                | "not"
                | "additionalProperties"
                | "prefixItems"
        );
        if holds_schemas {
            match value {
                Value::Object(map) if key == "properties" || key == "$defs" => {
                    map.values_mut().for_each(|v| constrain(v, limits, text));
                }
                other => constrain(other, limits, text),
            }
        }
    }
}

fn types(object: &Map<String, Value>) -> Vec<&'static str> {
    let names = ["string", "array", "integer", "object", "null", "boolean", "number"];
    match object.get("type") {
        Some(Value::String(t)) => names.iter().copied().filter(|n| n == t).collect(),
        Some(Value::Array(list)) => names
            .iter()
            .copied()
            .filter(|n| list.iter().any(|t| t == n))
            .collect(),
        _ => Vec::new(),
    }
}

/// The characters the coverage check accepts, as regular-expression classes. Text
/// classes are written by what they leave out (`[^…]`): the few characters that are no
/// text, rather than the million that are. The same set either way; a generator such as
/// hypothesis (schemathesis) draws from a negated class at once, and stalls on one that
/// lists every plane.
struct Printable {
    /// What no text holds: the characters (Unicode scalar values) that are not printable.
    /// Surrogate code points are not listed: no JSON text carries a lone one to the
    /// validator, and regex engines that work on scalar values (jsonschema-rs, Rust's
    /// `regex`) refuse a class that names them.
    not_all: Vec<(u32, u32)>,
    /// The same plus white space (what `str::trim` removes).
    not_visible: Vec<(u32, u32)>,
    /// Printable white space.
    space: Vec<(u32, u32)>,
}

impl Printable {
    fn of(fonts: &Fonts) -> Self {
        let _ = fonts; // Every text character is drawn, by a font or as a substitute.
        let printable =
            |u: u32| char::from_u32(u).is_some_and(crate::coverage::printable);
        // Dropped by normalisation, so they count as blank for a required text.
        let blank = |u: u32| {
            char::from_u32(u).is_some_and(|c| {
                c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{F020}')
            })
        };
        let ranges = |keep: &dyn Fn(u32) -> bool| {
            let mut out: Vec<(u32, u32)> = Vec::new();
            for u in (0..=0x10FFFF_u32).filter(|&u| keep(u)) {
                match out.last_mut() {
                    Some((_, end)) if *end + 1 == u => *end = u,
                    _ => out.push((u, u)),
                }
            }
            out
        };
        Self {
            not_all: ranges(&|u| char::from_u32(u).is_some() && !printable(u)),
            not_visible: ranges(&|u| {
                char::from_u32(u).is_some() && (!printable(u) || blank(u))
            }),
            space: ranges(&|u| printable(u) && blank(u)),
        }
    }

    /// Any printable text, empty included.
    fn any(&self) -> String {
        format!("^{}*$", class(&self.not_all, true))
    }

    /// Printable, with at least one character that is not white space.
    fn required(&self) -> String {
        format!(
            "^{}*{}{}*$",
            class(&self.space, false),
            class(&self.not_visible, true),
            class(&self.not_all, true)
        )
    }
}

/// A character class of code-point ranges (`negated`: `[^…]`); BMP code points as
/// `\uXXXX` (understood by ECMA-262, Python and Rust), others as themselves.
fn class(ranges: &[(u32, u32)], negated: bool) -> String {
    let one = |u: u32| match char::from_u32(u) {
        Some(c) if u > 0xFFFF => c.to_string(),
        _ => format!("\\u{u:04X}"),
    };
    let mut out = String::from(if negated { "[^" } else { "[" });
    for &(start, end) in ranges {
        out.push_str(&one(start));
        if end != start {
            out.push('-');
            out.push_str(&one(end));
        }
    }
    out.push(']');
    out
}
