//! Bench fixtures, not part of the library: the reference workload of the benchmarks and
//! the comparison script, and the inputs at the edge of the limits. Included with
//! `#[path = "../bench/workload.rs"] mod workload;` by the benches, the examples and
//! `tests/engine/hostile.rs`, each using what it needs.

#![allow(dead_code)]

/// The sample with its interventions repeated four times (12 interventions, ~10 pages).
pub fn reference(sample: &str) -> Result<String, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_str(sample)?;
    if let Some(list) = value
        .pointer_mut("/plan/interventions")
        .and_then(|v| v.as_array_mut())
    {
        let once = list.clone();
        for _ in 1..4 {
            list.extend(once.iter().cloned());
        }
    }
    let mut out = serde_json::to_string_pretty(&value)?;
    out.push('\n');
    Ok(out)
}

/// Inputs at the edge of the default [`Limits`](minplan::model::Limits): the largest and
/// most awkward documents the engine admits, for the resource measurements in
/// `bench/hostile.sh` and the tests that they render. Each is `(name, JSON text)`, built
/// from the sample so that it is valid.
pub fn hostile(sample: &str) -> Result<Vec<(&'static str, String)>, serde_json::Error> {
    use serde_json::{json, Value};
    let limits = minplan::model::Limits::DEFAULT;
    let base: Value = serde_json::from_str(sample)?;
    let intervention =
        base.pointer("/plan/interventions/0").cloned().unwrap_or(Value::Null);
    // How many interventions with `text` as "what" fit in the size limit.
    let item_bytes = serde_json::to_string(&intervention)?.len();
    let base_bytes = sample.len();
    let fitting = |text: &String| {
        let text_bytes = serde_json::to_string(text).map_or(text.len(), |t| t.len());
        (limits.max_bytes - base_bytes) / (text_bytes + item_bytes)
    };
    // The sample with the list at `pointer` replaced.
    let with_list = |pointer: &str, list: Vec<Value>| {
        let mut v = base.clone();
        if let Some(slot) = v.pointer_mut(pointer) {
            *slot = Value::Array(list);
        }
        v
    };
    let with_what = |texts: Vec<String>| {
        with_list(
            "/plan/interventions",
            texts
                .into_iter()
                .map(|what| {
                    let mut i = intervention.clone();
                    i["what"] = Value::String(what);
                    i
                })
                .collect(),
        )
    };
    let max = limits.max_string_chars;
    let danish = "Du fortsætter på danskuddannelsen og i virksomhedspraktikken hos arbejdsgiveren. ";
    let prose: String = danish.chars().cycle().take(max - 16).collect();
    let token: String = "Arbejdsmarkedsuddannelsescenter"
        .chars()
        .cycle()
        .take(max - 16)
        .collect();
    let tiny: String = "a ".repeat((max - 16) / 2);
    let paragraphs: String = "Aftalt.\n\n".repeat((max - 16) / 9);
    let mut out = vec![
        ("prose-at-limit", with_what(vec![prose.clone(); fitting(&prose)])),
        ("unbreakable-at-limit", with_what(vec![token.clone(); fitting(&token)])),
        ("one-letter-words", with_what(vec![tiny.clone(); fitting(&tiny)])),
        (
            "paragraphs-at-limit",
            with_what(vec![paragraphs.clone(); fitting(&paragraphs)]),
        ),
    ];
    // As many whole interventions as the list allows.
    let many = vec![intervention.clone(); limits.max_list_items];
    out.push(("interventions-at-limit", with_list("/plan/interventions", many)));
    let languages = "/integration/competences/languages";
    let row = json!({ "language": "Tigrinya og arabisk", "understanding": "Flydende",
        "speaking": "Øvet", "reading": "Begynder", "writing": "Kan ikke" });
    let rows = vec![row; limits.max_list_items];
    out.push(("languages-at-limit", with_list(languages, rows)));
    // The longest texts in the narrowest cells: language names of the limit's length.
    let row = json!({ "language": prose, "understanding": "Flydende" });
    let row_bytes = serde_json::to_string(&row)?.len();
    let rows = vec![row; (limits.max_bytes - base_bytes) / (row_bytes + 2)];
    out.push(("language-names-at-limit", with_list(languages, rows)));
    out.into_iter()
        .map(|(name, value)| Ok((name, serde_json::to_string(&value)?)))
        .collect()
}
