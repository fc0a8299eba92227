//! Nothing leaked, exhaustively: every free-text field of a plan version holds its own marker,
//! and for all six audience × version-kind combinations each marker must be in the page text
//! exactly where SPEC section 4 allows, and nowhere at all in the file otherwise (text,
//! outline, link targets, annotations, metadata, XMP, structure tree, every stream decoded:
//! `pdfcheck --grep`).
//!
//! The oracle ([`Rule`]) is restated from SPEC section 4 and the seeds, independently of the
//! engine's table in `src/visibility.rs`; the plan is generated from a template in which each
//! string says which rule governs it, so adding a field to the template adds its marker.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;
use std::thread;

use common::*;
use minplan::{Audience, Request, VersionKind};
use serde_json::{json, Value};

use Audience::{Akasse, Citizen, Jobcenter};
use VersionKind::{Current, Historical};

/// Who may see a piece of data, per SPEC section 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Plan content, CPR number, current jobcenter: every combination.
    All,
    /// Integration contract (general), Danskmål and Dansktilegnelse, the intervention
    /// categories the a-kasse never sees: citizen and jobcenter, current and historical.
    General,
    /// Exemptions, current CV, person category, nationality, marital status: citizen and
    /// jobcenter, current only.
    Current,
    /// Never shown: data of a closed contract, what the engine replaces with its own text,
    /// the status a state does not show, fields the document has no place for.
    Never,
}

impl Rule {
    fn from_token(token: &str) -> Option<Self> {
        Some(match token {
            "@all" => Rule::All,
            "@general" => Rule::General,
            "@current" => Rule::Current,
            "@never" => Rule::Never,
            _ => return None,
        })
    }

    fn shows(self, audience: Audience, kind: VersionKind) -> bool {
        match self {
            Rule::All => true,
            Rule::General => sees_integration(audience),
            Rule::Current => sees_integration(audience) && is_current(kind),
            Rule::Never => false,
        }
    }
}

/// A marker placed in the plan: the string, the JSON path it sits at, its rule.
#[derive(Debug, Clone)]
struct Marker {
    text: String,
    path: String,
    rule: Rule,
}

/// Categories of interventions, and whether the a-kasse may see them (seed 001, 6.1).
const CATEGORIES: [(&str, bool); 9] = [
    ("company", true),
    ("mentor", true),
    ("education", true),
    ("other", true),
    ("aids", false),
    ("personal_assistance", false),
    ("social", false),
    ("health", false),
    ("other_administration", false),
];

/// Type-id'd interventions: (category, type_id, whether the a-kasse may see it). The course
/// ids 41–43, 50 and 51 are health and social offers in substance (SPEC section 4).
const TYPED: [(&str, u32, bool); 9] = [
    ("education", 41, false),
    ("education", 42, false),
    ("education", 43, false),
    ("education", 50, false),
    ("education", 51, false),
    ("education", 26, true),
    ("mentor", 34, true),
    ("health", 2, false),
    ("social", 4, false),
];

/// How the guidance is given: one plain text, or paragraphs marked with what they are
/// about (SPEC section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GuidanceForm {
    Plain,
    Paragraphs,
}

/// The plan template. Every string that is not a code, date or CPR number is a rule token
/// (`@all`, `@general`, `@current`, `@never`), replaced by a fresh marker per occurrence.
fn template(contract_open: bool, form: GuidanceForm) -> Value {
    // The integration contract's data: shown as its rows say while the contract is open,
    // never once it is closed.
    let (general, current) =
        if contract_open { ("@general", "@current") } else { ("@never", "@never") };
    let mut interventions = Vec::new();
    for (category, akasse_sees) in CATEGORIES {
        let rule = if akasse_sees { "@all" } else { "@general" };
        for state in ["ongoing", "planned", "completed", "cancelled", "interrupted"] {
            // Only current interventions (planned, ongoing) are printed (seed 001 ch. 7),
            // with their latest status; a final status is never printed.
            let rule =
                if matches!(state, "ongoing" | "planned") { rule } else { "@never" };
            interventions.push(json!({
                "category": category,
                "type": rule,
                "state": state,
                "latest_status": { "date": "2026-02-20", "text": rule },
                "final_status": { "date": "2026-02-21", "text": "@never" },
                "what": rule,
                "when": { "start": "2026-01-05", "end": "2026-06-30" },
                "where": {
                    "meeting_place": {
                        "name": rule, "street": rule, "postal_code": rule, "city": rule
                    },
                    "organisation": rule,
                    "address": { "street": rule, "postal_code": rule, "city": rule },
                    "contact": { "name": rule, "role": rule, "phone": rule, "email": rule }
                },
                "why": rule
            }));
        }
    }
    for (category, type_id, akasse_sees) in TYPED {
        let rule = if akasse_sees { "@all" } else { "@general" };
        interventions.push(json!({
            "category": category,
            // The national list's name is printed, not the input's.
            "type": "@never",
            "type_id": type_id,
            "state": "ongoing",
            "what": rule,
            "why": rule
        }));
    }
    // Course id 48: Danish lessons as part of the programme the contract lays down
    // (seed 002 §3.2) follow "integration contract, general" (SPEC section 4), whatever
    // the contract's state: the a-kasse never sees them.
    interventions.push(json!({
        "category": "education",
        "type": "@never",
        "type_id": 48,
        "state": "ongoing",
        "what": "@general",
        "where": { "meeting_place": { "name": "@general", "city": "@general" } },
        "why": "@general"
    }));
    let guidance = match form {
        // One text may speak of the contract anywhere: never for the a-kasse, whatever
        // the contract's state (SPEC section 4).
        GuidanceForm::Plain => json!("@general\n\nOm din kontrakt: @general"),
        GuidanceForm::Paragraphs => json!([
            { "about": "general", "text": "@all" },
            // Phrased without any word an engine might search for.
            { "about": "integration_contract", "text": format!("Din kontrakt gælder: {general}") },
            { "about": "general", "text": "@all\n\n@all" }
        ]),
    };
    json!({
        "schema_version": 1,
        "plan_version": {
            "id": "PV-LEAK-0001",
            "version_number": 3,
            "created_on": "2026-02-01",
            "updated_on": "2026-03-02",
            "read_deadline": "2026-03-16",
            "plan_type": "job_plan",
            "active": true,
            "acknowledgement": { "on": "2026-03-05", "by": "citizen", "method": "jobnet" },
            "change_notifications": [
                { "id": 12, "text": "@all" },
                // 63–67: the engine prints its own text, never the input's.
                { "id": 63, "text": "@never" },
                { "id": 64, "text": "@never" },
                { "id": 65, "text": "@never" },
                { "id": 66, "text": "@never" },
                { "id": 67, "text": "@never" }
            ]
        },
        "citizen": {
            "full_name": "@all",
            "cpr": "170584-2963",
            // Shown in the contract's Stamdata and Personlige forhold (SPEC section 3).
            "nationality": current,
            "marital_status": current
        },
        "jobcenter": {
            "name": "@all",
            "address": { "street": "@all", "postal_code": "@all", "city": "@all" },
            "phone": "@all",
            "email": "@all",
            "caseworker": { "name": "@all", "title": "@all", "phone": "@all", "email": "@all" }
        },
        "plan": {
            "job_goals": [
                { "kind": "job_title", "title": "@all", "disco_ams": "@never" },
                { "kind": "job_function", "title": "@all" },
                // Ended before the version's date: not current (seed 001 §4, ch. 7).
                { "kind": "job_title", "title": "@never", "end": "2026-03-01" },
                { "kind": "job_function", "title": "@all", "end": "2026-03-02" }
            ],
            "education_goals": [
                { "title": "@all", "institution": "@all", "description": "@all" }
            ],
            "education_order_step": 2,
            "danish_goal": { "id": 3 },
            "plan_description": { "date": "2026-02-26", "text": "@all\n\n@all" },
            "latest_agreement_jobcenter": { "date": "2026-02-26", "text": "@all" },
            "latest_agreement_akasse": { "date": "2026-02-27", "text": "@all" },
            "akasse_proposal": { "date": "2026-02-28", "text": "@all" },
            "job_search_requirements": {
                "authority": "akasse",
                "date": "2026-03-01",
                "job_titles": ["@all", "@all"],
                "industries": ["@all"],
                "areas": ["@all", " "],
                "text": "@all"
            },
            "danish_acquisition": {
                "guided_conditions_for_permanent_residence_on": "2025-11-12",
                "guided_consequences_of_insufficient_danish_on": "2025-11-13",
                "must_read": true
            },
            "interventions": interventions,
            "agreements": [
                // Older than the latest of their kind before the version: history, not
                // the PDF (seed 001 ch. 7, §6.4).
                { "kind": "jobcenter", "date": "2026-01-12", "text": "@never" },
                { "kind": "akasse", "date": "2025-05-01", "text": "@never" },
                { "kind": "akasse", "date": "2025-11-20", "text": "@all" },
                { "kind": "jobcenter", "date": "2026-02-26", "text": "@all" },
                { "kind": "akasse", "date": "2026-03-10", "text": "@all", "upcoming": true },
                { "kind": "other", "date": "2026-03-12", "text": "@all" }
            ],
            "guidance": guidance
        },
        "integration": {
            "state": if contract_open { "open" } else { "closed" },
            "coordinating_department": general,
            "master_data": {
                "residence_basis": { "id": 4 },
                "program_start": "2025-06-02",
                "program_end": "2026-06-01",
                "declaration_signed_on": "2025-06-20",
                "contract_first_signed_on": "2025-06-21",
                "handover_date": "2025-05-28"
            },
            "personal": { "children": 2, "notes": general },
            "competences": {
                "foreign_education_assessment": { "id": 3 },
                "languages": [
                    { "language": general, "understanding": "Flydende", "speaking": "Øvet",
                      "reading": "Begynder", "writing": "Kan ikke" },
                    { "language": general, "understanding": "Let øvet" }
                ],
                "language_experience": general
            },
            "health": {
                "needs_assessment": "yes",
                "assessment_offered": "no",
                "notes": general
            },
            "visitation": { "person_category": current },
            "exemptions": [
                // Ended before the version's date: not current (seed 000 §5.3.6).
                { "id": 68, "from": "2025-10-01", "to": "2025-12-31", "comment": "@never" },
                { "id": 69, "from": "2026-01-01", "comment": current },
                { "id": 68, "from": "2026-02-01", "to": "2026-03-02", "comment": current }
            ]
        },
        "cv": {
            "summary": "@current",
            "work_experience": [
                { "title": "@current", "employer": "@current", "from": "2012-08", "to": "2016",
                  "description": "@current" }
            ],
            "education": [
                { "title": "@current", "institution": "@current", "completed": "2012" }
            ],
            "courses": [{ "title": "@current", "completed": "2025-04" }],
            "driving_licences": ["@current", "@current"]
        }
    })
}

/// Replaces every rule token in `value` by a fresh marker (`ZQ001Xሰ`, `ZQ002Xሰ`, …),
/// recording where it went. Tokens are words: separated by spaces or line breaks. Each
/// marker ends in a Ge'ez letter (Tigrinya), which no Latin font draws: every field's
/// text also goes through the fallback fonts, and a leak of it is found all the same.
fn place_markers(value: &mut Value, path: &str, markers: &mut Vec<Marker>) {
    match value {
        Value::String(s) => {
            let mut out = String::with_capacity(s.len());
            for piece in s.split_inclusive([' ', '\n']) {
                let token = piece.trim_end_matches([' ', '\n']);
                match Rule::from_token(token) {
                    Some(rule) => {
                        let text = format!("ZQ{:03}Xሰ", markers.len() + 1);
                        out.push_str(&text);
                        out.push_str(&piece[token.len()..]);
                        markers.push(Marker { text, path: path.into(), rule });
                    }
                    None => out.push_str(piece),
                }
            }
            *s = out;
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                place_markers(item, &format!("{path}[{i}]"), markers);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields.iter_mut() {
                let sub =
                    if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                place_markers(item, &sub, markers);
            }
        }
        _ => {}
    }
}

/// The generated plan (JSON text) and its markers.
fn marked_plan(contract_open: bool, form: GuidanceForm) -> (String, Vec<Marker>) {
    let mut value = template(contract_open, form);
    let mut markers = Vec::new();
    place_markers(&mut value, "", &mut markers);
    (serde_json::to_string_pretty(&value).unwrap(), markers)
}

/// Texts the engine itself derives from the data (code lists, notification texts, labels),
/// with who may see them. `open` says whether the contract is open.
fn derived_texts(open: bool) -> Vec<(&'static str, Rule)> {
    let contract = |rule| if open { rule } else { Rule::Never };
    vec![
        // Notifications 63–67 follow "integration contract, general", whatever the state.
        ("et nyt danskmål", Rule::General),
        ("opdateringer i", Rule::General),
        ("en ny Integrationskontrakt", Rule::General),
        ("ændringer i din integrationskontrakt", Rule::General),
        ("integrationskontrakten er afsluttet", Rule::General),
        // Danskmål (id 3) and Dansktilegnelse: only with an open contract (seed 000 §5.2).
        ("Danskuddannelse 3", contract(Rule::General)),
        ("Vejledt om betingelserne", contract(Rule::General)),
        ("Skal læses", contract(Rule::General)),
        // New fields' derived texts (SPEC section 2).
        ("Kvitteret 05.03.2026 (på Jobnet)", Rule::All),
        ("Krav til jobsøgning (a-kasse)", Rule::All),
        ("Vi fastsætter et uddannelsesmål", Rule::All),
        ("Mentor, individuel", Rule::All),
        ("Mestring af sygdom", Rule::General),
        // The programme's Danish lessons, by the national list's name (course id 48).
        ("Danskuddannelse, selvforsørgelses", Rule::General),
        ("Udskrivningskoordinator, individuel", Rule::General),
        ("Udskrivningskoordinator, plads", Rule::General),
        ("Socialt tilbud efter", Rule::General),
        ("Behandlingstilbud efter", Rule::General),
        ("Sundhedstilbud", Rule::General),
        ("Støtte- og kontaktperson", Rule::General),
        ("Forvaltning, der koordinerer", contract(Rule::General)),
        // The contract itself.
        ("Min plan – integrationskontrakt", contract(Rule::General)),
        ("Familiesammenført til flygtning", contract(Rule::General)),
        ("Sag er afsluttet", contract(Rule::General)),
        ("Fritaget for danskuddannelse", contract(Rule::Current)),
        ("Fritaget for tilbud", contract(Rule::Current)),
        ("Du har en integrationskontrakt, fordi", Rule::Never),
    ]
}

struct Checked {
    pdfs: usize,
    markers: usize,
    shown: usize,
    hidden: usize,
}

/// Renders the marked plan for one combination and checks every marker and derived text.
fn check_combination(
    open: bool,
    form: GuidanceForm,
    audience: Audience,
    kind: VersionKind,
) -> Checked {
    let (json, markers) = marked_plan(open, form);
    let request = Request::new(audience, kind);
    let pdf = common::engine()
        .render(&json, request)
        .unwrap_or_else(|e| panic!("the marked plan renders: {e}"));
    let state = if open { "open" } else { "closed" };
    let path =
        write_pdf("leaks", &format!("{state}-{form:?}-{audience}-{kind}.pdf"), &pdf);

    let text = extracted_text(&path);
    let derived = derived_texts(open);
    let mut missing = Vec::new();
    let mut hidden: Vec<&str> = Vec::new();
    for m in &markers {
        if m.rule.shows(audience, kind) {
            if !text.contains(&m.text) {
                missing.push(format!("{} ({})", m.text, m.path));
            }
        } else {
            hidden.push(&m.text);
        }
    }
    for (needle, rule) in &derived {
        if rule.shows(audience, kind) {
            if !text.contains(needle) {
                missing.push(format!("{needle:?} (derived)"));
            }
        } else {
            hidden.push(needle);
        }
    }
    let combo = format!("{state} contract, {form:?} guidance, {audience} {kind}");
    assert!(missing.is_empty(), "{combo}: not in the page text: {missing:?}");

    // One scan of every layer for all hidden strings; only on a hit, find which.
    if grep_any(&path, &hidden) {
        let leaked: Vec<String> = hidden
            .iter()
            .filter(|h| grep(&path, h, false))
            .map(|h| {
                let m = markers.iter().find(|m| m.text == **h);
                m.map_or(format!("{h:?}"), |m| format!("{h} ({}, {:?})", m.path, m.rule))
            })
            .collect();
        panic!("{combo}: hidden data in the PDF: {leaked:?} ({})", path.display());
    }
    // The a-kasse must not learn that a contract exists, in any form or case.
    if !sees_integration(audience) && grep(&path, "integration", true) {
        let found = grep_matches(&path, "ntegration");
        panic!("{combo}: 'integration' in an a-kasse PDF: {found:?}");
    }
    let shown = markers.iter().filter(|m| m.rule.shows(audience, kind)).count();
    Checked { pdfs: 1, markers: markers.len(), shown, hidden: markers.len() - shown }
}

#[test]
fn every_marker_only_where_the_matrix_allows() {
    let combos: Vec<(bool, GuidanceForm, Audience, VersionKind)> = [true, false]
        .into_iter()
        .flat_map(|open| {
            [GuidanceForm::Plain, GuidanceForm::Paragraphs]
                .into_iter()
                .flat_map(move |form| COMBINATIONS.map(|(a, k)| (open, form, a, k)))
        })
        .collect();
    // pdfcheck is a Python process per call: run the combinations side by side.
    let results: Vec<Checked> = thread::scope(|s| {
        let handles: Vec<_> = combos
            .iter()
            .map(|&(open, form, a, k)| {
                s.spawn(move || check_combination(open, form, a, k))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let pdfs: usize = results.iter().map(|r| r.pdfs).sum();
    let shown: usize = results.iter().map(|r| r.shown).sum();
    let hidden: usize = results.iter().map(|r| r.hidden).sum();
    eprintln!(
        "leaks: {pdfs} PDFs (2 contract states × 2 guidance forms × 6 combinations), {} \
         markers each; {shown} marker placements checked present, {hidden} checked absent",
        results[0].markers
    );
    assert_eq!(pdfs, 24);
}

#[test]
fn markers_cover_every_field_of_the_schema() {
    // Every property the input schema knows appears in the template, so a new field
    // cannot slip past these tests without a rule.
    let schema =
        serde_json::to_value(schemars::schema_for!(minplan::model::PlanVersion)).unwrap();
    let mut properties = BTreeSet::new();
    collect_properties(&schema, &mut properties);
    let mut keys = BTreeSet::new();
    for form in [GuidanceForm::Plain, GuidanceForm::Paragraphs] {
        collect_keys(&template(true, form), &mut keys);
    }
    let missing: Vec<_> = properties.difference(&keys).collect();
    assert!(missing.is_empty(), "fields without a marker rule: {missing:?}");
    // And every string field holds a marker: no free text is left untested.
    let (json, markers) = marked_plan(true, GuidanceForm::Paragraphs);
    assert!(markers.len() > 200, "{} markers", markers.len());
    let unique: BTreeSet<_> = markers.iter().map(|m| &m.text).collect();
    assert_eq!(unique.len(), markers.len());
    assert!(!json.contains('@'), "a rule token was left in the plan");
}

fn collect_properties(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            map.values().for_each(|v| collect_properties(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_properties(v, out)),
        _ => {}
    }
}

fn collect_keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            out.extend(map.keys().cloned());
            map.values().for_each(|v| collect_keys(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_keys(v, out)),
        _ => {}
    }
}

#[test]
fn cpr_only_where_the_document_shows_it() {
    // The CPR number is on page 2 and nowhere else: not in metadata, XMP, the outline,
    // link targets, annotations or the structure tree's strings.
    let (json, _) = marked_plan(true, GuidanceForm::Plain);
    for (audience, kind) in
        [(Citizen, Current), (Jobcenter, Historical), (Akasse, Current)]
    {
        let request = Request::new(audience, kind);
        let pdf = common::engine().render(&json, request).unwrap();
        let path = write_pdf("leaks", &format!("cpr-{audience}-{kind}.pdf"), &pdf);
        for needle in ["170584-2963", "1705842963"] {
            let matches = grep_matches(&path, needle);
            let elsewhere: Vec<_> = matches
                .iter()
                .filter(|(at, _)| !at.starts_with("page 2 text"))
                .collect();
            if needle.contains('-') {
                assert!(
                    matches.iter().any(|(at, _)| at.starts_with("page 2 text")),
                    "{audience} {kind}: the CPR number is not on page 2: {matches:?}"
                );
            }
            assert!(
                elsewhere.is_empty(),
                "{audience} {kind}: CPR {needle} at {elsewhere:?}"
            );
        }
    }
}
