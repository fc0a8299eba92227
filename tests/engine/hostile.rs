//! Inputs at the edge of the default limits render (their time and memory are measured by
//! `bench/hostile.sh`, not asserted here), and one step past a limit is a clear error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
#[path = "../../bench/workload.rs"]
mod workload;

use common::*;
use minplan::model::Limits;
use minplan::{Audience, Request, VersionKind};

#[test]
fn inputs_at_the_limits_render() {
    // The widest view: the jobcenter's current version with the kvittering page.
    let request =
        Request::new(Audience::Jobcenter, VersionKind::Current).with_acknowledgement();
    let inputs = workload::hostile(&sample("integration-contract-full.json")).unwrap();
    assert_eq!(inputs.len(), 7);
    for (name, json) in inputs {
        assert!(json.len() <= Limits::DEFAULT.max_bytes, "{name} is over the size limit");
        let pdf = engine()
            .render(&json, request)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
        assert!(pages >= 30, "{name}: {pages} pages");
    }
}

#[test]
fn one_past_each_limit_is_rejected() {
    let json = sample("integration-contract-full.json");
    // One intervention too many.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let one = value["plan"]["interventions"][0].clone();
    value["plan"]["interventions"] =
        serde_json::Value::Array(vec![one; Limits::DEFAULT.max_list_items + 1]);
    let err = engine().validate(&value.to_string()).unwrap_err();
    assert_eq!(err.diagnostics()[0].path, "plan.interventions");
    // One character too many in a text.
    let text = "ø".repeat(Limits::DEFAULT.max_string_chars + 1);
    let long = json.replacen("Otte gruppesessioner om søvn og stress.", &text, 1);
    let err = engine().validate(&long).unwrap_err();
    assert_eq!(err.diagnostics()[0].path, "plan.interventions[2].what");
    // Exactly at the limit is fine.
    let text = "ø".repeat(Limits::DEFAULT.max_string_chars);
    let at = json.replacen("Otte gruppesessioner om søvn og stress.", &text, 1);
    assert!(engine().validate(&at).is_ok());
}
