//! Every parser of a string returns a value or an error for any `String`, never panics,
//! and accepts exactly what the published schema's pattern for it accepts: dates, partial
//! dates, CPR numbers, layout colours; and every helper that looks into input text
//! (CPR redaction, JSON path location, the limits scan, file names, the layout of a free
//! text) copes with any text.
//!
//! The seed is fixed; `PROPTEST_CASES` raises the case count (default 500 per property).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use minplan::model::schema::patterns;
use minplan::model::{
    limits, locate, position, validate, Date, JsonPath, Limits, Partial,
};
use minplan::{Audience, Request, VersionKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use regex::Regex;
use serde_json::Value;

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(500),
        rng_seed: RngSeed::Fixed(20_261_127),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Any string, weighted towards the shapes the parsers look at: digits and dashes with
/// non-ASCII characters among them ("123é56"), full-width digits, signs and spaces.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9é\\-]{0,12}",
        "[0-9\\-+ ]{0,12}",
        "[0-9]{4}-[0-9]{2}(-[0-9]{2})?",
        "[0-3][0-9][01][0-9][0-9]{2}-?[0-9]{4}",
        "#[0-9a-fA-F+\\- é]{0,7}",
        "[0-9０-９\u{0660}-\u{0669}\\-]{4,10}",
        "\\PC{0,20}",
    ]
}

fn full(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

fn date(raw: &str) -> Result<(), String> {
    let date: Date = serde_json::from_value(Value::String(raw.to_owned())).unwrap();
    date.get().map(|_| ()).map_err(str::to_owned)
}

fn partial(raw: &str) -> Result<(), String> {
    let date: Partial = serde_json::from_value(Value::String(raw.to_owned())).unwrap();
    date.check().map_err(str::to_owned)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn dates_parse_exactly_what_the_schema_pattern_allows(raw in text()) {
        let schema = full(patterns::DATE);
        prop_assert_eq!(date(&raw).is_ok(), schema.is_match(&raw), "{:?}", raw);
    }

    #[test]
    fn partial_dates_parse_exactly_what_the_schema_pattern_allows(raw in text()) {
        let schema = full(patterns::PARTIAL_DATE);
        prop_assert_eq!(partial(&raw).is_ok(), schema.is_match(&raw), "{:?}", raw);
    }

    #[test]
    fn cpr_check_is_the_schema_pattern(raw in text()) {
        let schema = full(patterns::CPR);
        prop_assert_eq!(validate::is_cpr(&raw), schema.is_match(&raw), "{:?}", raw);
    }

    #[test]
    fn colours_parse_only_six_hex_digits(raw in text()) {
        let parsed: Result<minplan::style::Rgb, _> =
            serde_json::from_value(Value::String(raw.clone()));
        let hex = full("^#[0-9a-fA-F]{6}$");
        prop_assert_eq!(parsed.is_ok(), hex.is_match(&raw), "{:?}", raw);
    }

    #[test]
    fn redaction_leaves_no_ten_digit_run(raw in text(), cpr in "[0-9]{6}-?[0-9]{4}") {
        let redacted = validate::redact_cpr(&format!("{raw}{cpr}{raw}"));
        prop_assert!(!common::cpr_like(&redacted), "{:?}", redacted);
    }

    #[test]
    fn locating_any_path_in_any_text_never_panics(
        raw in text(),
        keys in prop::collection::vec(("\\PC{0,4}", 0usize..4), 0..4),
        offset in 0usize..64,
    ) {
        let mut path = JsonPath::default();
        for (key, index) in keys {
            path = path.key(&key).index(index);
        }
        let json = format!("{{\"a\": [{raw:?}, {{\"{raw}\": {raw:?}}}], {raw}");
        let _ = locate(&json, &path);
        let _ = position(&json, offset);
        let _ = position(&raw, offset);
    }

    #[test]
    fn the_limits_scan_copes_with_any_text(raw in text(), json in "[\\[\\]{}\",:\\\\a-zé0-9 ]{0,40}") {
        let small = Limits { max_bytes: 64, max_depth: 3, max_string_chars: 4, max_list_items: 2 };
        let _ = limits::check(&raw, &small);
        let _ = limits::check(&json, &small);
        let _ = limits::check(&format!("{json}{raw}"), &Limits::DEFAULT);
    }

    #[test]
    fn any_plan_version_id_makes_a_safe_file_name(id in text()) {
        let mut plan = common::engine()
            .validate(&common::sample("integration-contract-full.json"))
            .unwrap();
        plan.plan_version.id = id;
        let request =
            Request::new(Audience::Jobcenter, VersionKind::Current).with_signature();
        let name = minplan::file_name(&plan, request);
        prop_assert!(
            name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{:?}", name
        );
    }
}

proptest! {
    #![proptest_config(Config { cases: config().cases / 20, ..config() })]

    /// A free text is shaped, broken into lines and hyphenated: any text is laid out or
    /// rejected (unprintable), never a panic.
    #[test]
    fn any_free_text_is_laid_out_or_rejected(raw in text()) {
        let mut plan: Value =
            serde_json::from_str(&common::sample("integration-contract-full.json")).unwrap();
        plan["plan"]["guidance"] = Value::String(raw.clone());
        plan["citizen"]["full_name"] = Value::String(format!("{raw}x"));
        let json = plan.to_string();
        let request = Request::new(Audience::Citizen, VersionKind::Current);
        match common::engine().layout(&json, request) {
            Ok(_) => {}
            Err(e) => prop_assert!(
                e.diagnostics().iter().all(|d| d.kind == minplan::Kind::Unprintable),
                "{:?}: {}", raw, e
            ),
        }
    }
}

#[test]
fn the_issue_11_dates_are_errors_not_panics() {
    for raw in ["123é56", "202é-01", "2026-0é-01", "é", "２０２６"] {
        assert!(date(raw).is_err() && partial(raw).is_err(), "{raw:?}");
    }
    assert!(
        partial("2012-08").is_ok()
            && partial("2012").is_ok()
            && date("2024-02-29").is_ok()
    );
}

/// A character a case system may send: any assigned Unicode scalar value except the
/// control characters other than tab and line feed (noncharacters are unassigned).
fn assigned() -> impl Strategy<Value = char> {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    prop_oneof![
        4 => proptest::char::range('\u{20}', '\u{FFFD}'),
        2 => proptest::char::range('\u{10000}', '\u{1FFFF}'),
        1 => proptest::char::range('\u{20000}', '\u{3134A}'),
        1 => proptest::char::range('\u{E0001}', '\u{E01EF}'),
        1 => proptest::char::range('\u{F0000}', '\u{10FFFD}'),
        1 => Just('\t'),
        1 => Just('\n'),
    ]
    .prop_filter("assigned, not a control", |&c| {
        matches!(c, '\t' | '\n')
            || (!c.is_control() && c.general_category() != GeneralCategory::Unassigned)
    })
}

proptest! {
    #![proptest_config(Config { cases: config().cases / 25, ..config() })]

    /// Any string of assigned Unicode characters in the free-text fields renders: a plan
    /// is never refused for the characters of its text (SPEC section 5), and the PDF
    /// passes krilla's PDF/UA-1 and PDF/A-2a validation (no .notdef drawn, no
    /// private-use character in the text layer).
    #[test]
    fn any_assigned_text_renders(raw in proptest::collection::vec(assigned(), 1..24)) {
        let raw: String = raw.into_iter().collect();
        let mut plan: Value =
            serde_json::from_str(&common::sample("integration-contract-full.json")).unwrap();
        let text = Value::String(format!("x {raw}"));
        plan["plan"]["plan_description"]["text"] = text.clone();
        plan["plan"]["guidance"] = text.clone();
        plan["citizen"]["full_name"] = text.clone();
        plan["integration"]["personal"]["notes"] = text.clone();
        plan["integration"]["competences"]["languages"][0]["language"] = text.clone();
        plan["cv"]["summary"] = text;
        let json = plan.to_string();
        for (audience, kind) in [
            (Audience::Jobcenter, VersionKind::Current),
            (Audience::Akasse, VersionKind::Historical),
        ] {
            let rendered = common::engine().render(&json, Request::new(audience, kind));
            prop_assert!(rendered.is_ok(), "{:?}: {}", raw, rendered.unwrap_err());
        }
    }
}
