//! The published JSON Schema of the input is the validator's contract: every check
//! [`crate::model::validate`], the limits scan and the glyph-coverage check make that JSON
//! Schema can express is in it, so a client generated from it sends only what the engine
//! accepts, and a schema-valid document is never answered with 422.
//!
//! Two layers. The serde model derives its schema with schemars; attributes on the model
//! (`schema_with = "crate::model::schema::…"`, `range(…)`, [`crate::model::schema`]) add
//! the rules tied to one field: CPR and date patterns, code-list ids, required texts,
//! minimum numbers. [`plan_version`] then adds what depends on the engine: `maxLength`
//! and `maxItems` from its [`Limits`], and the characters its fonts can draw as a
//! `pattern` on every text.
//!
//! What JSON Schema cannot say, and so is not in it: the document's size in bytes and its
//! nesting depth (a schema-valid document is at most 7 levels deep anyway), and rules that
//! compare two fields: `plan_version.acknowledgement.on` not before
//! `plan_version.updated_on` (stated in the field's description instead). Integers may
//! be written `7.0`, as JSON Schema allows (the parser takes them, [`crate::model`]).

use serde_json::{json, Map, Value};

use crate::fonts::Fonts;
use crate::model::Limits;

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
