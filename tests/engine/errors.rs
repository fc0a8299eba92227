//! Bad input gets a clear error naming the JSON path and line:column, never a panic; and
//! every problem is reported at once where the structure allows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use minplan::{Audience, Diagnostic, Request, VersionKind};

fn errors(json: &str) -> Vec<Diagnostic> {
    engine().validate(json).unwrap_err().diagnostics().to_vec()
}

fn edited(from: &str, to: &str) -> String {
    let json = sample("integration-contract-full.json");
    assert!(json.contains(from), "fixture lacks {from:?}");
    json.replacen(from, to, 1)
}

#[test]
fn unknown_code_id_names_path_line_and_column() {
    let errs = errors(&edited(r#"{ "id": 69,"#, r#"{ "id": 70,"#));
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].to_string(),
        "integration.exemptions[0].id (line 136, column 15): 70 is not an exemption id \
         (expected 68 or 69)"
    );
}

#[test]
fn several_content_errors_at_once() {
    let json = edited(r#"{ "id": 69,"#, r#"{ "id": 70,"#)
        .replacen(r#""danish_goal": { "id": 2 }"#, r#""danish_goal": { "id": 9 }"#, 1)
        .replacen(r#""program_end": "2026-06-01""#, r#""program_end": "2026-02-30""#, 1)
        .replacen(
            r#""residence_basis": { "id": 1 }"#,
            r#""residence_basis": { "id": 6 }"#,
            1,
        )
        .replacen(r#""completed": "2012""#, r#""completed": "12/2012""#, 1);
    let paths: Vec<String> = errors(&json).into_iter().map(|d| d.path).collect();
    assert_eq!(
        paths,
        [
            "plan.danish_goal.id",
            "integration.master_data.residence_basis.id",
            "integration.master_data.program_end",
            "integration.exemptions[0].id",
            "cv.education[0].completed",
        ]
    );
}

#[test]
fn malformed_json() {
    let json = sample("integration-contract-full.json");
    let errs = errors(&json[..500]);
    assert!(errs[0].message.starts_with("malformed JSON"), "{}", errs[0]);
    assert!(errs[0].position.is_some());
    let errs = errors(&format!("{json} trailing"));
    assert!(errs[0].message.contains("trailing"), "{}", errs[0]);
    let errs = errors("");
    assert!(errs[0].message.starts_with("malformed JSON"), "{}", errs[0]);
}

#[test]
fn wrong_type() {
    let errs = errors(&edited(r#""version_number": 7"#, r#""version_number": "7""#));
    assert_eq!(errs[0].path, "plan_version.version_number");
    assert_eq!(errs[0].position, Some((5, 23)));
    assert!(errs[0].message.starts_with("invalid type: string, expected"), "{}", errs[0]);
}

#[test]
fn unknown_field() {
    let errs = errors(&edited(r#""children": 3,"#, r#""children": 3, "pets": 2,"#));
    // The key is input: the path names the object, the position the key.
    assert_eq!(errs[0].path, "integration.personal");
    assert!(errs[0].message.starts_with("unknown field, expected"), "{}", errs[0]);
    assert!(!errs[0].to_string().contains("pets"), "{}", errs[0]);
}

#[test]
fn missing_required_field() {
    let errs = errors(&edited(r#""cpr": "240390-1234","#, ""));
    assert_eq!(errs[0].path, "citizen");
    assert!(errs[0].message.contains("missing field `cpr`"), "{}", errs[0]);
}

#[test]
fn unknown_enum_value() {
    let errs = errors(&edited(r#""state": "ongoing""#, r#""state": "running""#));
    assert_eq!(errs[0].path, "plan.interventions[0].state");
    assert!(
        errs[0]
            .message
            .starts_with("unknown variant, expected one of `planned`"),
        "{}",
        errs[0]
    );
    assert!(!errs[0].to_string().contains("running"), "{}", errs[0]);
}

#[test]
fn bad_dates() {
    for (from, to, path) in [
        (
            r#""updated_on": "2026-03-02""#,
            r#""updated_on": "2026-3-2""#,
            "plan_version.updated_on",
        ),
        (
            r#""start": "2026-02-09""#,
            r#""start": "09-02-2026""#,
            "plan.interventions[0].when.start",
        ),
        (r#""from": "2012-08""#, r#""from": "2012-13""#, "cv.work_experience[0].from"),
    ] {
        let errs = errors(&edited(from, to));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].path, path);
        assert!(errs[0].message.contains("is not a date"), "{}", errs[0]);
    }
}

#[test]
fn bad_cpr_is_named_but_never_echoed() {
    let errs = errors(&edited(r#""cpr": "240390-1234""#, r#""cpr": "2403901234""#));
    assert_eq!(errs[0].path, "citizen.cpr");
    assert!(!errs[0].to_string().contains("2403901234"));
    // serde's own messages quote the value they reject: never a CPR number.
    for (from, to) in [
        (r#""cpr": "240390-1234""#, r#""cpr": 2403901234"#),
        (r#""children": 3"#, r#""children": "240390-1234""#),
        (r#""plan_type": "job_plan""#, r#""plan_type": "2403901234""#),
        (r#""cpr": "240390-1234""#, r#""cpr": "240390-1234", "240390-1234": 1"#),
    ] {
        let errs = errors(&edited(from, to));
        let text = errs.iter().map(ToString::to_string).collect::<String>();
        assert!(!text.contains("2403901234") && !text.contains("240390-1234"), "{text}");
        assert!(!errs.is_empty() && !errs[0].path.is_empty(), "{text}");
    }
}

#[test]
fn unknown_notification_needs_its_text() {
    let errs =
        errors(&edited(r#"{ "id": 63, "text": "et nyt danskmål" }"#, r#"{ "id": 12 }"#));
    assert_eq!(errs[0].path, "plan_version.change_notifications[0].text");
}

#[test]
fn control_characters_and_noncharacters_are_input_errors() {
    // A control character is no text: an input error naming field and code point.
    let errs = errors(&edited("Amina Khalil Al-Hassan", r"Amina \u0007"));
    assert_eq!(errs[0].path, "citizen.full_name");
    assert!(errs[0].message.contains("U+0007"), "{}", errs[0]);
    assert!(errs[0].position.is_some());
    // A C1 control (text decoded in the wrong encoding), likewise.
    let errs = errors(&edited("Amina Khalil Al-Hassan", r"Amina \u0085"));
    assert!(errs[0].message.contains("U+0085"), "{}", errs[0]);
    // A noncharacter (PDF/A refuses it): an input error, not a failed render.
    let errs = errors(&edited("Amina Khalil Al-Hassan", r"Amina \uffff"));
    assert!(errs[0].message.contains("U+FFFF"), "{}", errs[0]);
}

#[test]
fn every_script_and_symbol_is_accepted_and_a_missing_glyph_is_a_warning() {
    // Arabic in a name, Tigrinya (Ge'ez script) in a language name, an emoji and
    // symbols in a note, Word's private-use bullet: all drawn, no warning.
    let json = edited("Amina Khalil Al-Hassan", "أمينة خليل")
        .replacen(r#""language": "Arabisk""#, r#""language": "ትግርኛ""#, 1)
        .replacen("Amina bor med", "Amina 🙂 ≥ → ✓ ☐ \\uf0b7 bor med", 1);
    let (_, warnings) = engine().check(&json).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    // Danish, other Latin scripts, typographic punctuation.
    let fine =
        edited("Amina Khalil Al-Hassan", "Åse Øster-Ærø Łukasz Müller “Ğ” – ‘é’ … €");
    assert!(engine().check(&fine).unwrap().1.is_empty());
    // Chinese has no bundled font: valid, with one warning per character and field.
    let json = edited("Amina bor med", "Amina 漢漢 字 bor med");
    let (_, warnings) = engine().check(&json).unwrap();
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "integration.personal.notes: U+6F22 '漢' has no glyph in the bundled fonts; \
             drawn as \u{2B1A}",
            "integration.personal.notes: U+5B57 '字' has no glyph in the bundled fonts; \
             drawn as \u{2B1A}",
        ]
    );
    // A private-use code point Word does not use: drawn as U+FFFD, warned.
    let (_, warnings) = engine()
        .check(&edited("Amina bor med", r"Amina \ue000 bor med"))
        .unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message.contains("U+E000"), "{}", warnings[0]);
}

#[test]
fn limits_name_the_field_and_bound_the_input() {
    use minplan::model::Limits;
    // A string over the limit.
    let long = "x".repeat(Limits::DEFAULT.max_string_chars + 1);
    let errs = errors(&edited("Amina bor med", &format!("{long} Amina bor med")));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].path, "integration.personal.notes");
    assert!(errs[0].message.contains("the limit is 20000"), "{}", errs[0]);
    assert!(errs[0].position.is_some());
    // A list over the limit.
    let many =
        vec![r#"{ "title": "Førstehjælp" }"#; Limits::DEFAULT.max_list_items + 1];
    let json =
        edited(r#"{ "title": "Førstehjælp", "completed": "2025-04" }"#, &many.join(","));
    let errs = errors(&json);
    assert_eq!(errs[0].path, "cv.courses");
    assert!(errs[0].message.contains("more than 1000 items"), "{}", errs[0]);
    // Nesting deeper than the limit, in a place the contract would reject anyway.
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let errs = errors(&edited(r#""children": 3"#, &format!(r#""children": {deep}"#)));
    assert_eq!(errs.len(), 1);
    assert!(errs[0].path.starts_with("integration.personal.children[0]"), "{}", errs[0]);
    assert!(errs[0].message.contains("deeper than 32"), "{}", errs[0]);
    // The whole document over the size limit.
    let padding = " ".repeat(Limits::DEFAULT.max_bytes);
    let errs = errors(&format!("{padding}{}", sample("integration-contract-full.json")));
    assert!(errs[0].message.contains("the limit is 1048576 bytes"), "{}", errs[0]);
    // Limits are the engine's to set.
    let strict = minplan::Engine::new(minplan::style::Style::default_layout().unwrap())
        .unwrap()
        .with_limits(Limits { max_string_chars: 100, ..Limits::DEFAULT });
    let err = strict
        .validate(&sample("integration-contract-full.json"))
        .unwrap_err();
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| d.path == "plan.plan_description.text"));
}

#[test]
fn signature_request_error() {
    let request = Request::new(Audience::Akasse, VersionKind::Current).with_signature();
    let err = engine()
        .render(&sample("integration-contract-full.json"), request)
        .unwrap_err();
    assert_eq!(err.diagnostics()[0].path, "signature");
}

#[test]
fn null_empty_and_absent_mean_no_data() {
    let json = edited(r#""nationality": "Syrien","#, r#""nationality": "","#)
        .replacen(r#""education_goals": [],"#, r#""education_goals": null,"#, 1)
        .replacen(r#""akasse_proposal": null,"#, "", 1);
    let plan = engine().validate(&json).unwrap();
    assert!(plan.plan.education_goals.is_empty());
    let request = Request::new(Audience::Citizen, VersionKind::Current);
    let (_, laid) = engine().layout(&json, request).unwrap();
    assert!(!laid.dump().contains("Nationalitet"), "an empty field is left out");
}

/// The fields added in schema version 1 (SPEC section 2): each bad value names its path.
#[test]
fn new_fields_are_validated_with_their_paths() {
    let cases: [(&str, &str, &str, &str); 8] = [
        // An id outside its list.
        (
            r#""type": "Sundhedstilbud","#,
            r#""type": "Sundhedstilbud", "type_id": 9,"#,
            "plan.interventions[2].type_id",
            "9 is not a health intervention id (expected 1, 2, 3, 4, 5, 6, 7 or 8)",
        ),
        // A type id that contradicts its category: 26 (AMU) is a course, not a company.
        (
            r#""type": "Virksomhedspraktik","#,
            r#""type": "Virksomhedspraktik", "type_id": 26,"#,
            "plan.interventions[0].type_id",
            "only health, social, education and mentor interventions have a national type list",
        ),
        // 31–33 are not active course ids.
        (
            r#""type": "Danskuddannelse, selvforsørgelses"#,
            r#""type_id": 31, "type": "Danskuddannelse, selvforsørgelses"#,
            "plan.interventions[1].type_id",
            "31 is not a course intervention id",
        ),
        // Acknowledged before the version was updated.
        (
            r#""active": true,"#,
            r#""active": true, "acknowledgement": { "on": "2026-03-01", "method": "jobnet" },"#,
            "plan_version.acknowledgement.on",
            "acknowledged on 01.03.2026 before the version was updated on 02.03.2026",
        ),
        // `by` and `method` outside their lists.
        (
            r#""active": true,"#,
            r#""active": true, "acknowledgement": { "on": "2026-03-03", "by": "neighbour" },"#,
            "plan_version.acknowledgement.by",
            "unknown variant, expected `citizen` or `municipality_on_behalf`",
        ),
        (
            r#""active": true,"#,
            r#""active": true, "acknowledgement": { "on": "2026-03-03", "method": "fax" },"#,
            "plan_version.acknowledgement.method",
            "unknown variant, expected",
        ),
        (
            r#""education_goals": [],"#,
            r#""education_goals": [], "education_order_step": 5,"#,
            "plan.education_order_step",
            "5 is not an education order step (expected 1, 2, 3 or 4)",
        ),
        (
            r#""job_search_requirements": null,"#,
            r#""job_search_requirements": { "authority": "kommune" },"#,
            "plan.job_search_requirements.authority",
            "unknown variant, expected `jobcenter` or `akasse`",
        ),
    ];
    for (from, to, path, message) in cases {
        let errs = errors(&edited(from, to));
        assert_eq!(errs.len(), 1, "{to}: {errs:?}");
        assert_eq!(errs[0].path, path, "{to}");
        assert!(errs[0].message.contains(message), "{to}: {}", errs[0]);
        assert!(errs[0].position.is_some(), "{to}: no line and column");
    }
}

#[test]
fn guidance_is_a_text_or_paragraphs_that_say_what_they_are_about() {
    let mut plan: serde_json::Value =
        serde_json::from_str(&sample("integration-contract-full.json")).unwrap();
    plan["plan"]["guidance"] =
        serde_json::json!([{ "text": "Om kontrakten.", "about": "contract" }]);
    let errs = errors(&plan.to_string());
    assert_eq!(errs[0].path, "plan.guidance[0].about");
    assert!(
        errs[0]
            .message
            .contains("expected `general` or `integration_contract`"),
        "{}",
        errs[0]
    );
    plan["plan"]["guidance"] = serde_json::json!(42);
    let errs = errors(&plan.to_string());
    assert_eq!(errs[0].path, "plan.guidance");
    assert!(errs[0].message.contains("a text or a list of paragraphs"), "{}", errs[0]);
    plan["plan"]["guidance"] = serde_json::json!([{ "text": "Generelt.", "about": "general" }, { "text": "Om kontrakten.", "about": "integration_contract" }]);
    assert!(engine().validate(&plan.to_string()).is_ok());
}

/// White space typed into a name (a line break, a line separator) is no error, and the
/// running header that repeats the name is set on one line (a newline shaped as a glyph
/// failed PDF/A validation: a 500 found by schemathesis).
#[test]
fn line_breaks_in_a_name_render_in_every_combination() {
    let json = edited("Amina Khalil Al-Hassan", r"\u2028\nAmina\r\nKhalil");
    for (audience, version_kind) in COMBINATIONS {
        let pdf = engine().render(&json, Request::new(audience, version_kind));
        assert!(pdf.is_ok(), "{audience} {version_kind}: {:?}", pdf.err());
    }
}

/// Issue: messages quoted input values: an enum value, a date field's text, an unknown
/// key, a wrong-typed value. Each now says where and what was expected, never the value;
/// a CPR number in any spelling never comes back.
#[test]
fn messages_carry_paths_and_kinds_never_values() {
    let markers = ["240390-1234", "240390 1234", "2403901234", "Amina er syg"];
    let cases = [
        (r#""state": "ongoing""#, r#""state": "depression, CPR 240390 1234""#),
        (r#""updated_on": "2026-03-02""#, r#""updated_on": "Amina er syg""#),
        (r#""start": "2026-02-09""#, r#""start": "2403901234""#),
        (r#""children": 3,"#, r#""children": 3, "Amina er syg 240390-1234": 1,"#),
        (r#""version_number": 7"#, r#""version_number": "240390 1234""#),
        (r#""children": 3"#, r#""children": "Amina er syg""#),
        (r#""from": "2012-08""#, r#""from": "240390-1234""#),
    ];
    for (from, to) in cases {
        let errs = errors(&edited(from, to));
        assert!(!errs.is_empty());
        for e in &errs {
            let text = format!("{e} {e:?}");
            for marker in markers {
                assert!(!text.contains(marker), "{to}: {text}");
            }
        }
    }
}
