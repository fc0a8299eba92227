//! Structure-aware fuzzing: start from *valid* plan versions (every sample) and replace
//! leaves and subtrees by hostile values (non-ASCII, empty, huge, wrong type, numbers out
//! of range, control and bidi characters, dates that do not exist, CPR-like numbers),
//! delete members, repeat list items, add unknown keys; then parse → validate → render for
//! all six audience × version combinations (and the signature and kvittering pages). Random bytes almost
//! never reach a date parser with "123é56" in a CV; these edits do in one step.
//!
//! Properties: nothing panics; a rejected document gets diagnostics that say something,
//! are never classed as malformed JSON (the text is always well-formed) and never repeat a
//! CPR-like number; an accepted document renders for every request to a whole PDF.
//!
//! Cases per run: `PROPTEST_CASES` (default 48, fixed seed); `MINPLAN_FUZZ_SEED` picks
//! another seed for long runs. Inputs that once failed are replayed from
//! `fuzz/regressions/structured/` by `tests/engine/fuzz_corpus.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{engine, COMBINATIONS};
use minplan::{Audience, Kind, Request, VersionKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};

const SAMPLES: [&str; 8] = [
    "integration-contract-full.json",
    "education-plan.json",
    "closed-contract.json",
    "long-texts.json",
    "first-contract.json",
    "structured-guidance.json",
    "type-ids.json",
    "ended-items.json",
];

/// Hostile strings: each is a known way to break a parser, a layout or a privacy rule.
fn hostile_strings() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        " ",
        "\t",
        "\n\n\n",
        "\r",
        "123é56",
        "é",
        "202é",
        "2026-é-01",
        "2026-02-30",
        "2026-02-29",
        "2024-02-29",
        "1900-02-29",
        "0000-01-01",
        "9999-12-31",
        "2026-3-2",
        "+202-03-02",
        "-001-01-01",
        " 2026-03-02",
        "2026-03-02\n",
        "２０２６-03-02",
        "2012",
        "2012-13",
        "2012-00",
        "12-2012",
        "2012-08-",
        "240390-1234",
        "320390-1234",
        "2403901234",
        "24039a-1234",
        "240390-12345",
        "\u{202E}gnirts desrever",
        "\u{200F}\u{200E}\u{061C}",
        "\u{2066}x\u{2069}",
        "\u{0}",
        "\u{7}",
        "\u{1B}[31m",
        "\u{FEFF}",
        "\u{AD}",
        "\u{200B}",
        "\u{2028}\u{2029}",
        "e\u{301}\u{301}\u{301}\u{301}\u{301}",
        "\u{301}",
        "İ",
        "K",
        "ß",
        "ﬃ",
        "ሳ",
        "🙂",
        "👩\u{200D}👩\u{200D}👧",
        "أمينة",
        "한국어",
        "中文",
        "{page}",
        "%PDF-1.7",
        "\\",
        "\"",
        ")",
        "(",
        "</script>",
        "null",
        "true",
        "0",
        "-1",
        "NaN",
        "a-",
        "-a",
        "https://example.org/",
        "mailto:a@b.c",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    out.push("a".repeat(3_000));
    out.push("é".repeat(2_500));
    out.push("x ".repeat(1_500));
    out.push("-".repeat(600));
    out.push(format!("https://{}", "a/".repeat(1_200)));
    out.push("Ærø\n\n".repeat(400));
    out.push("Z".repeat(20_000));
    out.push("Z".repeat(20_001));
    out.push("\u{202E}".repeat(300));
    out.push("e\u{301}".repeat(2_000));
    out
}

/// Hostile values of any JSON type.
fn hostile_value() -> impl Strategy<Value = Value> {
    let strings = hostile_strings();
    prop_oneof![
        4 => prop::sample::select(strings).prop_map(Value::String),
        2 => any::<String>().prop_map(Value::String),
        1 => "\\PC{0,30}".prop_map(Value::String),
        1 => "[0-9é\\-]{0,12}".prop_map(Value::String),
        2 => prop::sample::select(vec![
            json!(0), json!(1), json!(-1), json!(3), json!(63), json!(67), json!(68),
            json!(70), json!(4_294_967_295_u64), json!(4_294_967_296_u64),
            json!(-4_294_967_296_i64), json!(u64::MAX), json!(i64::MIN), json!(1.5),
            json!(-0.0), json!(1e300), json!(1.0),
        ]),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        2 => prop::sample::select(vec![
            Value::Null, json!(true), json!(false), json!([]), json!({}), json!([null]),
            json!({ "x": 1 }), json!([[[[]]]]), json!([""]), json!({ "id": 70 }),
        ]),
    ]
}

/// One edit of a document, aimed at the `target`-th node (modulo the node count).
#[derive(Debug, Clone)]
enum Edit {
    Replace(prop::sample::Index, Value),
    Remove(prop::sample::Index),
    Repeat(prop::sample::Index, usize),
    Unknown(prop::sample::Index, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        8 => (any::<prop::sample::Index>(), hostile_value()).prop_map(|(i, v)| Edit::Replace(i, v)),
        1 => any::<prop::sample::Index>().prop_map(Edit::Remove),
        1 => (any::<prop::sample::Index>(), prop::sample::select(vec![2, 50, 1_000, 1_001]))
            .prop_map(|(i, n)| Edit::Repeat(i, n)),
        1 => (any::<prop::sample::Index>(), hostile_value()).prop_map(|(i, v)| Edit::Unknown(i, v)),
    ]
}

/// A sample and the edits to make to it, and whether to pretty-print it.
fn case() -> impl Strategy<Value = (usize, Vec<Edit>, bool)> {
    (0..SAMPLES.len(), prop::collection::vec(edit(), 1..6), any::<bool>())
}

/// JSON pointers of every node below `value` (the root excluded).
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, &p, out);
            }
        }
        _ => {}
    }
}

fn apply(doc: &mut Value, edit: &Edit) {
    let mut all = Vec::new();
    pointers(doc, "", &mut all);
    let pick = |i: &prop::sample::Index| all.get(i.index(all.len().max(1))).cloned();
    match edit {
        Edit::Replace(i, v) => {
            if let Some(node) = pick(i).and_then(|p| doc.pointer_mut(&p)) {
                *node = v.clone();
            }
        }
        Edit::Remove(i) => {
            let Some(p) = pick(i) else { return };
            let (parent, last) = p.rsplit_once('/').unwrap_or(("", &p));
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(n) = last.parse::<usize>() {
                        if n < items.len() {
                            items.remove(n);
                        }
                    }
                }
                _ => {}
            }
        }
        Edit::Repeat(i, n) => {
            if let Some(Value::Array(items)) = pick(i).and_then(|p| doc.pointer_mut(&p)) {
                if let Some(first) = items.first().cloned() {
                    items.resize(*n, first);
                }
            }
        }
        Edit::Unknown(i, v) => {
            if let Some(Value::Object(map)) = pick(i).and_then(|p| doc.pointer_mut(&p)) {
                map.insert("unknown_field".into(), v.clone());
            }
        }
    }
}

/// parse → validate → render for every request; the properties of the module docs.
pub fn exercise(json: &str) -> Result<usize, TestCaseError> {
    match engine().validate(json) {
        Err(e) => {
            let diagnostics = e.diagnostics();
            prop_assert!(!diagnostics.is_empty(), "an error without diagnostics: {}", e);
            for d in diagnostics {
                prop_assert!(!d.message.is_empty());
                prop_assert!(
                    d.kind != Kind::Malformed,
                    "well-formed JSON called malformed: {}",
                    d
                );
                prop_assert!(
                    !common::cpr_like(&d.to_string()),
                    "a CPR-like number in: {}",
                    d
                );
            }
            Ok(0)
        }
        Ok(_) => {
            let mut requests: Vec<Request> = COMBINATIONS
                .iter()
                .map(|&(audience, version_kind)| Request::new(audience, version_kind))
                .collect();
            let jobcenter = Request::new(Audience::Jobcenter, VersionKind::Current);
            let pages = [jobcenter.with_signature(), jobcenter.with_acknowledgement()];
            for request in &requests {
                let pdf = engine().render(json, *request);
                prop_assert!(pdf.is_ok(), "{:?}: {:?}", request, pdf.err());
                let pdf = pdf.unwrap_or_default();
                prop_assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
            }
            // A signature or kvittering page is printed, or refused with the reason when the
            // plan version does not allow it (a contract signed already, …): never a panic.
            for request in pages {
                match engine().render(json, request) {
                    Ok(pdf) => prop_assert!(pdf.starts_with(b"%PDF-")),
                    Err(minplan::Error::Invalid(list)) => {
                        prop_assert!(
                            list.iter()
                                .all(|d| d.path == "signature"
                                    || d.path == "acknowledgement"),
                            "{:?}: {:?}",
                            request,
                            list
                        )
                    }
                    Err(e) => prop_assert!(false, "{:?}: {}", request, e),
                }
                requests.push(request);
            }
            Ok(requests.len())
        }
    }
}

fn config() -> Config {
    let seed = std::env::var("MINPLAN_FUZZ_SEED").ok().and_then(|s| s.parse().ok());
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(48),
        rng_seed: RngSeed::Fixed(seed.unwrap_or(20_261_127)),
        failure_persistence: None,
        max_shrink_iters: 500,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn hostile_leaves_in_valid_plans_never_panic((sample, edits, pretty) in case()) {
        let mut doc: Value = serde_json::from_str(&common::sample(SAMPLES[sample])).unwrap();
        for e in &edits {
            apply(&mut doc, e);
        }
        let json = if pretty {
            serde_json::to_string_pretty(&doc).unwrap()
        } else {
            doc.to_string()
        };
        exercise(&json)?;
    }
}

#[test]
fn the_samples_render_unedited() {
    for name in SAMPLES {
        let rendered = exercise(&common::sample(name)).unwrap();
        assert_eq!(rendered, 8, "{name} renders for every request");
    }
}
