//! Schema = validator: the published JSON Schema (`Engine::input_schema`, served at
//! `/schema/plan-version.json` and inside `/openapi.json`) accepts exactly what the
//! validator accepts.
//!
//! The test walks the schema itself, so a new field is probed the day it is added: for
//! every property it puts a value into the sample (a minimal valid one where the sample
//! has none), then replaces it by probes made from the constraints the schema states
//! (just inside and just outside every `minLength`, `maxLength`, `minimum`, `maximum`,
//! `maxItems`, each `enum` member and a non-member, the `pattern`s' edge cases: dates
//! that do not exist, leap days, CPR numbers with day 32, unprintable, bidi and control
//! characters, white space only) and values of every wrong type. Each probe document is
//! judged twice: by minplan's validator, and by the reference JSON Schema implementation
//! (Python's `jsonschema`, formats checked, `tests/tools/schema_verdicts.py`). Every
//! verdict must agree, and every constrained leaf must see both an accepted and a
//! rejected probe.
//!
//! Not probed, because JSON Schema cannot state it: the document's byte size and nesting
//! depth (a schema-valid document is far inside both). Rules that compare two fields
//! ([`CROSS_FIELD`]) are probed one way only: what the validator accepts, the schema must
//! accept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use common::{engine, sample};
use serde_json::{json, Value};

/// Leaves whose validity depends on another field, which JSON Schema cannot compare:
/// `acknowledgement.on` must not be before `updated_on` (`src/model/validate.rs`).
const CROSS_FIELD: &[&str] = &["/plan_version/acknowledgement/on"];

/// One probe: the document with `value` at `pointer`.
struct Probe {
    pointer: String,
    value: Value,
    doc: Value,
}

struct Walk<'a> {
    schema: &'a Value,
    probes: Vec<Probe>,
    /// Pointers (array indices as `*`) of every property reached.
    reached: BTreeSet<String>,
    /// Leaves with constraints: pointer → (probe index range).
    constrained: Vec<(String, std::ops::Range<usize>)>,
    /// Alternatives of a choice (`anyOf` of types) already visited: pointer and type.
    alternatives: BTreeSet<String>,
}

impl<'a> Walk<'a> {
    fn resolve(&self, mut s: &'a Value) -> &'a Value {
        while let Some(target) = s.get("$ref").and_then(Value::as_str) {
            let name = target.trim_start_matches("#/$defs/");
            s = &self.schema["$defs"][name];
        }
        s
    }

    /// The branch of an `anyOf` that is a type alternative (`Option<T>`), for `value`.
    fn branch(&self, s: &'a Value, value: Option<&Value>) -> &'a Value {
        let s = self.resolve(s);
        let Some(branches) = s.get("anyOf").and_then(Value::as_array) else { return s };
        if s.get("type").is_some() || s.get("properties").is_some() {
            return s; // An anyOf of constraints on a typed schema, not a choice of types.
        }
        let non_null: Vec<&Value> = branches
            .iter()
            .map(|b| self.resolve(b))
            .filter(|b| b.get("type") != Some(&json!("null")))
            .collect();
        let fits = |b: &&Value| match value {
            Some(v) => type_of(b).is_empty() || type_of(b).contains(&json_type(v)),
            None => true,
        };
        non_null
            .iter()
            .find(|b| fits(b))
            .or(non_null.first())
            .copied()
            .unwrap_or(s)
    }

    /// A small valid value for a schema.
    fn minimal(&self, s: &'a Value) -> Value {
        let s = self.branch(s, None);
        if let Some(example) = s.get("examples").and_then(|e| e.get(0)) {
            return example.clone();
        }
        if let Some(first) = s.get("enum").and_then(|e| e.get(0)) {
            return first.clone();
        }
        if let Some(variants) = s.get("oneOf").and_then(Value::as_array) {
            return variants[0].get("const").cloned().unwrap_or(Value::Null);
        }
        match type_of(s).first().copied() {
            Some("object") => {
                let mut out = serde_json::Map::new();
                for name in s["required"].as_array().into_iter().flatten() {
                    let name = name.as_str().unwrap();
                    out.insert(name.into(), self.minimal(&s["properties"][name]));
                }
                Value::Object(out)
            }
            Some("array") => json!([self.minimal(&s["items"])]),
            Some("string") => json!("Tekst"),
            Some("integer") => {
                json!(s.get("minimum").and_then(Value::as_u64).unwrap_or(1))
            }
            Some("boolean") => json!(true),
            _ => Value::Null,
        }
    }

    fn visit(&mut self, s: &'a Value, pointer: &str, doc: &Value) {
        let value = doc.pointer(pointer);
        // A choice of types (`plan.guidance`: a text or a list of paragraphs): the other
        // alternatives are visited too, each from a minimal value of its own.
        let resolved = self.resolve(s);
        if resolved.get("type").is_none() && resolved.get("properties").is_none() {
            let alternatives: Vec<&'a Value> = resolved
                .get("anyOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|b| self.resolve(b))
                .filter(|b| b.get("type") != Some(&json!("null")))
                .collect();
            let current = value.map(json_type);
            for b in alternatives
                .iter()
                .filter(|b| current.is_none_or(|t| !type_of(b).contains(&t)))
            {
                let kind = type_of(b).first().copied().unwrap_or("any").to_owned();
                if self.alternatives.insert(format!("{} {kind}", star(pointer))) {
                    let mut other = doc.clone();
                    *other.pointer_mut(pointer).unwrap() = self.minimal(b);
                    self.visit(b, pointer, &other);
                }
            }
        }
        let s = self.branch(s, value);
        self.reached.insert(star(pointer));
        let first = self.probes.len();
        // Wrong types everywhere (null too: it means "no data" only where allowed).
        for wrong in
            [json!(null), json!(true), json!(7), json!("x"), json!([]), json!({})]
        {
            self.probe(doc, pointer, wrong);
        }
        match type_of(s).first().copied() {
            Some("object") => {
                let properties = s.get("properties").and_then(Value::as_object);
                for (name, sub) in properties.into_iter().flatten() {
                    let child = format!("{pointer}/{name}");
                    let mut doc = doc.clone();
                    if doc.pointer(&child).is_none_or(Value::is_null) {
                        let minimal = self.minimal(sub);
                        doc.pointer_mut(pointer).unwrap()[name.as_str()] = minimal;
                    }
                    self.visit(sub, &child, &doc);
                }
                return;
            }
            Some("array") => {
                let item = &s["items"];
                let mut doc = doc.clone();
                let list = doc.pointer_mut(pointer).unwrap();
                if list.as_array().is_none_or(Vec::is_empty) {
                    *list = json!([self.minimal(item)]);
                }
                let element = list[0].clone();
                if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
                    for n in [max, max + 1] {
                        self.probe(
                            &doc,
                            pointer,
                            json!(vec![element.clone(); n as usize]),
                        );
                    }
                }
                self.probe(&doc, pointer, json!([]));
                self.visit(item, &format!("{pointer}/0"), &doc);
            }
            Some("string") => self.strings(s, doc, pointer),
            Some("integer") => self.integers(s, doc, pointer),
            Some("boolean") => {
                for v in [json!(true), json!(false), json!("true"), json!(1)] {
                    self.probe(doc, pointer, v);
                }
            }
            _ => {
                // A string enum written as oneOf of consts.
                for variant in
                    s.get("oneOf").and_then(Value::as_array).into_iter().flatten()
                {
                    if let Some(c) = variant.get("const") {
                        self.probe(doc, pointer, c.clone());
                        self.probe(
                            doc,
                            pointer,
                            json!(format!("{}x", c.as_str().unwrap_or(""))),
                        );
                    }
                }
            }
        }
        if has_constraints(s) {
            self.constrained.push((pointer.to_owned(), first..self.probes.len()));
        }
    }

    fn strings(&mut self, s: &Value, doc: &Value, pointer: &str) {
        let text = [
            "",
            " ",
            "\t",
            " \n ",
            "\u{a0}",
            "x",
            "Æble",
            "é",
            "ሳ",
            "🙂",
            "\u{7}",
            "\u{0}",
            "\u{1b}",
            "\u{202e}x",
            "\u{200b}",
            "\u{85}",
            "\u{b}",
            "a\u{301}",
            "漢",
            "\u{f0b7}",
            "\u{e000}",
            "\u{feff}",
            "\u{f020}",
            "\u{7f}",
            "\u{9f}",
        ];
        // A text (its pattern a character class) gets the character probes; a date,
        // partial date or CPR number the shape probes too.
        let shaped = s.get("format").is_some()
            || s.get("anyOf").is_some()
            || s.get("pattern")
                .and_then(Value::as_str)
                .is_some_and(|p| p.starts_with("^(?:"));
        let shapes = [
            "2026-03-02",
            "2026-02-29",
            "2024-02-29",
            "1900-02-29",
            "2000-02-29",
            "0000-02-29",
            "2026-02-28",
            "2026-04-30",
            "2026-04-31",
            "2026-12-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-3-2",
            "+202-03-02",
            "2026-03-02\n",
            " 2026-03-02",
            "２０２６-03-02",
            "2012",
            "2012-08",
            "2012-13",
            "2012-00",
            "201",
            "20123",
            "123é56",
            "12-2012",
            "240390-1234",
            "010190-0000",
            "311299-9999",
            "320390-1234",
            "001290-1234",
            "241390-1234",
            "240090-1234",
            "2403901234",
            "240390-123",
            "240390-12345",
            "24039a-1234",
            "240390-1234\n",
        ];
        let mut values: Vec<String> = text.iter().map(|v| (*v).to_owned()).collect();
        if shaped {
            values.extend(shapes.iter().map(|v| (*v).to_owned()));
        }
        for key in ["minLength", "maxLength"] {
            if let Some(n) = s.get(key).and_then(Value::as_u64) {
                for m in [n.saturating_sub(1), n, n + 1] {
                    values.push("Ø".repeat(m as usize));
                }
            }
        }
        for list in ["examples", "enum"] {
            for v in s.get(list).and_then(Value::as_array).into_iter().flatten() {
                if let Some(v) = v.as_str() {
                    values.push(v.to_owned());
                    values.push(format!("{v}x"));
                }
            }
        }
        for v in values {
            self.probe(doc, pointer, json!(v));
        }
    }

    fn integers(&mut self, s: &Value, doc: &Value, pointer: &str) {
        let mut values: Vec<i128> =
            vec![0, 1, -1, 2, 63, 67, 68, 69, 70, u32::MAX.into()];
        values.push(i128::from(u32::MAX) + 1);
        for key in ["minimum", "maximum"] {
            if let Some(n) = s.get(key).and_then(Value::as_i64) {
                values.extend([i128::from(n) - 1, n.into(), i128::from(n) + 1]);
            }
        }
        for v in s.get("enum").and_then(Value::as_array).into_iter().flatten() {
            let v = i128::from(v.as_i64().unwrap());
            values.extend([v - 1, v, v + 1]);
        }
        for v in values {
            self.probe(doc, pointer, json!(v));
            // JSON Schema's integers include 7.0: so must the parser's.
            self.probe(doc, pointer, json!(v as f64));
        }
        self.probe(doc, pointer, json!(1.5));
        self.probe(doc, pointer, json!("1"));
    }

    fn probe(&mut self, doc: &Value, pointer: &str, value: Value) {
        let mut probe = doc.clone();
        *probe.pointer_mut(pointer).unwrap() = value.clone();
        self.probes
            .push(Probe { pointer: pointer.to_owned(), value, doc: probe });
    }
}

fn type_of(s: &Value) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => {
            let mut types: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
            types.sort_by_key(|t| *t == "null");
            types
        }
        _ => Vec::new(),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn has_constraints(s: &Value) -> bool {
    [
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "enum",
        "maxItems",
        "anyOf",
    ]
    .iter()
    .any(|k| s.get(*k).is_some())
}

/// A pointer with its array indices as `*`.
fn star(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|seg| if seg.parse::<usize>().is_ok() { "*" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// The reference implementation's verdicts, one per document.
fn schema_verdicts(schema: &Value, docs: &[&Value]) -> Vec<bool> {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema");
    std::fs::create_dir_all(&dir).unwrap();
    let schema_path = dir.join("plan-version.json");
    std::fs::write(&schema_path, schema.to_string()).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools/schema_verdicts.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(&schema_path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut stdin = child.stdin.take().unwrap();
    let lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    let writer = std::thread::spawn(move || {
        for line in lines {
            stdin.write_all(line.as_bytes()).unwrap();
            stdin.write_all(b"\n").unwrap();
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "schema_verdicts.py failed (needs the `jsonschema` package: \
         .ci/install-test-tools.sh): {stderr}"
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l == "1")
        .collect()
}

#[test]
fn the_schema_accepts_exactly_what_the_validator_accepts() {
    let schema = engine().input_schema();
    let base: Value =
        serde_json::from_str(&sample("integration-contract-full.json")).unwrap();
    let mut walk = Walk {
        schema: &schema,
        probes: Vec::new(),
        reached: BTreeSet::new(),
        constrained: Vec::new(),
        alternatives: BTreeSet::new(),
    };
    walk.visit(&schema, "", &base);
    let Walk { probes, reached, constrained, .. } = walk;

    let docs: Vec<&Value> = probes.iter().map(|p| &p.doc).collect();
    let by_schema = schema_verdicts(&schema, &docs);
    assert_eq!(by_schema.len(), probes.len());
    let by_engine: Vec<Result<(), String>> = probes
        .iter()
        .map(|p| {
            engine().validate(&p.doc.to_string()).map(|_| ()).map_err(|e| {
                e.diagnostics().first().map(ToString::to_string).unwrap_or_default()
            })
        })
        .collect();

    let mut disagreements = Vec::new();
    for ((probe, schema_ok), engine) in probes.iter().zip(&by_schema).zip(&by_engine) {
        let one_way = CROSS_FIELD.contains(&probe.pointer.as_str()) && *schema_ok;
        if *schema_ok != engine.is_ok() && !one_way {
            let mut shown = probe.value.to_string();
            if shown.chars().count() > 40 {
                shown = format!(
                    "{}… ({} chars)",
                    shown.chars().take(30).collect::<String>(),
                    shown.chars().count()
                );
            }
            disagreements.push(format!(
                "{} = {shown}: schema {}, validator {}",
                probe.pointer,
                if *schema_ok { "accepts" } else { "rejects" },
                match engine {
                    Ok(()) => "accepts".to_owned(),
                    Err(d) => format!("rejects ({d})"),
                }
            ));
        }
    }
    eprintln!(
        "{} probes over {} schema locations ({} constrained leaves), {} disagreements",
        probes.len(),
        reached.len(),
        constrained.len(),
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );

    // Each constrained leaf saw both sides of its constraints.
    for (pointer, range) in &constrained {
        let verdicts = &by_schema[range.clone()];
        assert!(
            verdicts.contains(&true) && verdicts.contains(&false),
            "{pointer}: the probes did not reach both sides of its constraints"
        );
    }
    // Every property of the schema was reached (through the sample or a minimal value).
    let mut expected = BTreeSet::new();
    properties(&schema, &schema, "", &mut expected, &mut BTreeSet::new());
    let missed: Vec<&String> = expected.difference(&reached).collect();
    assert!(missed.is_empty(), "schema properties not probed: {missed:?}");
}

/// Every property pointer of the schema, array items as `*`.
fn properties(
    root: &Value,
    s: &Value,
    at: &str,
    out: &mut BTreeSet<String>,
    seen: &mut BTreeSet<String>,
) {
    if let Some(target) = s.get("$ref").and_then(Value::as_str) {
        if !seen.insert(format!("{at}{target}")) {
            return;
        }
        let name = target.trim_start_matches("#/$defs/");
        return properties(root, &root["$defs"][name], at, out, seen);
    }
    if let Some(map) = s.get("properties").and_then(Value::as_object) {
        for (name, sub) in map {
            let p = format!("{at}/{name}");
            out.insert(p.clone());
            properties(root, sub, &p, out, seen);
        }
    }
    if let Some(items) = s.get("items") {
        properties(root, items, &format!("{at}/*"), out, seen);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in s.get(key).and_then(Value::as_array).into_iter().flatten() {
            // Constraint branches of a typed schema add no new members.
            if s.get("type").is_none() && s.get("properties").is_none() {
                properties(root, branch, at, out, seen);
            }
        }
    }
}

#[test]
fn openapi_embeds_the_same_schema() {
    let schema = engine().input_schema();
    let doc = minplan::server::openapi(&schema);
    let components = &doc["components"]["schemas"];
    assert_eq!(components["PlanVersion"]["properties"], {
        let mut p = schema["properties"].clone();
        repoint(&mut p);
        p
    });
    for (name, def) in schema["$defs"].as_object().unwrap() {
        let mut def = def.clone();
        repoint(&mut def);
        assert_eq!(&components[name], &def, "{name}");
    }
    assert!(
        !doc.to_string().contains("#/$defs/"),
        "every reference points into components"
    );
}

fn repoint(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if k == "$ref" {
                    *x = json!(x
                        .as_str()
                        .unwrap()
                        .replace("#/$defs/", "#/components/schemas/"));
                } else {
                    repoint(x);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(repoint),
        _ => {}
    }
}
