//! One test per "what is shown" rule: each fails when its rule is removed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use super::view::Title;
use super::*;
use crate::model::{parse, PlanType};

use Audience::{Akasse, Citizen, Jobcenter};
use VersionKind::{Current, Historical};

const SAMPLE: &str = include_str!("../../samples/integration-contract-full.json");

/// The sample with `edit` applied to its JSON.
fn plan(edit: impl FnOnce(&mut Value)) -> PlanVersion {
    let mut value: Value = serde_json::from_str(SAMPLE).unwrap();
    edit(&mut value);
    parse(&value.to_string()).unwrap()
}

fn view(plan: &PlanVersion, audience: Audience, kind: VersionKind) -> View<'_> {
    resolve(plan, Request::new(audience, kind)).unwrap()
}

/// Sets the value at a JSON pointer, adding the last key if it is missing.
fn set(value: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    value
        .pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(key.to_owned(), new);
}

#[test]
fn danish_goal_sits_by_plan_type() {
    // Jobplan: under Jobmål (seed 000 §5.2.1).
    let p = plan(|_| {});
    let v = view(&p, Citizen, Current);
    assert!(v.plan.danish_goal_under_job_goals.is_some());
    assert!(v.plan.danish_acquisition.as_ref().unwrap().danish_goal.is_none());
    // Education plans and plans without a plan type: under Dansktilegnelse, even with a
    // job goal.
    for plan_type in ["education_plan", "none"] {
        let p = plan(|v| set(v, "/plan_version/plan_type", json!(plan_type)));
        let v = view(&p, Citizen, Current);
        assert!(v.plan.danish_goal_under_job_goals.is_none(), "{plan_type}");
        let acquisition = v.plan.danish_acquisition.as_ref().unwrap();
        assert_eq!(acquisition.danish_goal.unwrap().name, "Danskuddannelse 2");
    }
}

#[test]
fn danish_goal_under_job_goals_only_beside_a_current_job_goal() {
    // A job plan without a job goal, or whose job goals all ended: Danskmål goes under
    // Dansktilegnelse, never alone under a "Jobmål" heading (seed 000 §5.2.1).
    let none = plan(|v| set(v, "/plan/job_goals", json!([])));
    let ended = plan(|v| {
        set(
            v,
            "/plan/job_goals",
            json!([{"kind": "job_title", "title": "Kok", "end": "2026-01-31"}]),
        )
    });
    for p in [&none, &ended] {
        let v = view(p, Jobcenter, Historical);
        assert!(v.plan.job_goals.is_empty());
        assert!(v.plan.danish_goal_under_job_goals.is_none());
        let acquisition = v.plan.danish_acquisition.as_ref().unwrap();
        assert_eq!(acquisition.danish_goal.unwrap().name, "Danskuddannelse 2");
    }
    // A kombiplan with a current job goal: under Jobmål.
    let combined = plan(|v| set(v, "/plan_version/plan_type", json!("combined_plan")));
    assert!(view(&combined, Citizen, Current)
        .plan
        .danish_goal_under_job_goals
        .is_some());
}

#[test]
fn ended_job_goals_stay_out() {
    let p = plan(|v| {
        let goals = json!([
            {"kind": "job_title", "title": "Ended", "end": "2026-03-01"},
            {"kind": "job_title", "title": "Ends on the day", "end": "2026-03-02"},
            {"kind": "job_function", "title": "Ends later", "end": "2026-09-30"},
            {"kind": "job_function", "title": "Open-ended"}
        ]);
        set(v, "/plan/job_goals", goals);
    });
    for (audience, kind) in [(Citizen, Current), (Akasse, Historical)] {
        let titles: Vec<&str> =
            view(&p, audience, kind).plan.job_goals.iter().map(|g| g.1).collect();
        assert_eq!(titles, ["Ends on the day", "Ends later", "Open-ended"]);
    }
}

#[test]
fn only_current_agreements() {
    // Version of 02.03.2026: per kind the latest agreement dated before it, every one
    // dated on or after it, every one flagged upcoming; older ones are history (seed 001
    // ch. 7, §6.4).
    let p = plan(|v| {
        let list = json!([
            {"kind": "akasse", "date": "2025-05-01", "text": "old akasse"},
            {"kind": "akasse", "date": "2025-11-20", "text": "latest akasse"},
            {"kind": "jobcenter", "date": "2026-01-05", "text": "old jobcenter"},
            {"kind": "jobcenter", "date": "2026-02-26", "text": "latest jobcenter"},
            {"kind": "jobcenter", "date": "2026-02-26", "text": "same day"},
            {"kind": "other", "date": "2025-12-01", "text": "flagged", "upcoming": true},
            {"kind": "jobcenter", "date": "2026-03-02", "text": "on the day"},
            {"kind": "other", "date": "2026-04-01", "text": "ahead"}
        ]);
        set(v, "/plan/agreements", list);
    });
    let texts: Vec<&str> = view(&p, Akasse, Current)
        .plan
        .agreements
        .iter()
        .map(|a| a.text.unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "latest akasse",
            "flagged",
            "latest jobcenter",
            "same day",
            "on the day",
            "ahead"
        ]
    );
}

#[test]
fn programme_lessons_follow_the_contract_row() {
    // Course id 48: Danish lessons as part of the programme the contract lays down (seed
    // 002 §3.2). The a-kasse never sees them, under any name; the citizen does.
    let p = plan(|v| {
        let list = json!([
            {"category": "education", "type": "Danskundervisning", "type_id": 48,
             "state": "ongoing"},
            {"category": "education", "type": "x", "type_id": 46, "state": "ongoing"}
        ]);
        set(v, "/plan/interventions", list);
    });
    let names = |a, k| -> Vec<&str> {
        view(&p, a, k).plan.interventions.iter().map(|i| i.name).collect()
    };
    for kind in [Current, Historical] {
        assert_eq!(names(Akasse, kind), ["Danskuddannelse, Danskuddannelsesloven"]);
        assert_eq!(names(Citizen, kind).len(), 2);
    }
}

#[test]
fn code_list_names_shown_to_the_akasse_tell_of_no_programme() {
    // A name the engine prints from a code list is the engine's own text: for every
    // intervention type the a-kasse may see, the list's name must not tell of a contract
    // or a programme (SPEC section 4). A check of the engine's lists, not of input text.
    use crate::codes::interventions::{check, list_for};
    use crate::model::Category;
    let akasse = Gate::new(Request::new(Akasse, Current));
    let mut checked = 0;
    for category in
        [Category::Education, Category::Mentor, Category::Health, Category::Social]
    {
        for (id, _, _) in list_for(category).unwrap().entries {
            let Ok(name) = check(category, *id) else { continue };
            if !akasse.shows(matrix::intervention_row(category, Some(*id))) {
                continue;
            }
            let lower = name.to_lowercase();
            for word in ["integration", "program", "kontrakt", "hjemrejse"] {
                assert!(!lower.contains(word), "{category:?} {id} {name:?} names {word}");
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} names checked");
}

#[test]
fn caseworker_comments_with_an_education_order() {
    use super::view::DescriptionHeading::{AgreedToReachTheGoal, CaseworkerComments};
    let heading = |plan_type: &str, step: Value| {
        let p = plan(|v| {
            set(v, "/plan_version/plan_type", json!(plan_type));
            set(v, "/plan/education_order_step", step);
        });
        view(&p, Citizen, Current).plan.description_heading
    };
    // Seed 001 §5.2 and Bilag 1: the kombiplan with uddannelsespålæg.
    assert_eq!(heading("combined_plan", json!(2)), CaseworkerComments);
    assert_eq!(heading("job_plan", json!(1)), CaseworkerComments);
    assert_eq!(heading("education_plan", Value::Null), CaseworkerComments);
    assert_eq!(heading("combined_plan", Value::Null), AgreedToReachTheGoal);
    assert_eq!(heading("job_plan", Value::Null), AgreedToReachTheGoal);
}

#[test]
fn meeting_place_beside_the_organisation() {
    let p = plan(|v| {
        set(
            v,
            "/plan/interventions/0/where/meeting_place",
            json!({"name": "Køkkenindgangen", "street": "Møllevangs Allé 40",
                   "postal_code": "8210", "city": "Aarhus V"}),
        );
    });
    let v = view(&p, Akasse, Historical);
    let place = v
        .plan
        .interventions
        .iter()
        .find_map(|i| i.place.as_ref().filter(|p| !p.meeting_place.is_empty()))
        .unwrap();
    assert_eq!(
        place.meeting_place,
        ["Køkkenindgangen", "Møllevangs Allé 40", "8210 Aarhus V"]
    );
    assert_eq!(place.organisation, Some("Plejecenter Møllevang"));
    // A meeting place alone is a place.
    let alone = plan(|v| {
        set(
            v,
            "/plan/interventions/0/where",
            json!({"meeting_place": {"city": "Aarhus"}}),
        )
    });
    let v = view(&alone, Citizen, Current);
    assert!(v
        .plan
        .interventions
        .iter()
        .any(|i| i.place.as_ref().is_some_and(|p| p.meeting_place == ["Aarhus"])));
}

#[test]
fn danish_goal_and_acquisition_only_with_an_open_contract() {
    let closed = plan(|v| set(v, "/integration/state", json!("closed")));
    let none = plan(|v| set(v, "/integration", Value::Null));
    for p in [&closed, &none] {
        let v = view(p, Citizen, Current);
        assert!(v.plan.danish_goal_under_job_goals.is_none());
        assert!(v.plan.danish_acquisition.is_none());
    }
    let open = plan(|_| {});
    assert!(view(&open, Jobcenter, Historical).plan.danish_acquisition.is_some());
    assert!(view(&open, Akasse, Current).plan.danish_acquisition.is_none());
}

#[test]
fn must_read_when_integration_data_changed() {
    let with = |ids: &[u32], must_read: bool| {
        let p = plan(|v| {
            let list: Vec<Value> =
                ids.iter().map(|id| json!({"id": id, "text": "x"})).collect();
            set(v, "/plan_version/change_notifications", Value::Array(list));
            set(v, "/plan/danish_acquisition/must_read", json!(must_read));
        });
        view(&p, Citizen, Current).plan.danish_acquisition.unwrap().must_read
    };
    for id in [63, 64, 65, 66] {
        assert!(with(&[id], false), "notification {id} marks Dansktilegnelse");
    }
    assert!(!with(&[67], false));
    assert!(!with(&[12], false));
    assert!(!with(&[], false));
    assert!(with(&[], true), "the input's own flag");
}

#[test]
fn only_current_interventions_in_start_date_order() {
    let p = plan(|v| {
        let list = json!([
            {"category": "company", "type": "B later", "state": "planned",
             "when": {"start": "2026-05-01"}},
            {"category": "company", "type": "Cancelled", "state": "cancelled"},
            {"category": "company", "type": "No start", "state": "ongoing"},
            {"category": "company", "type": "Interrupted", "state": "interrupted"},
            {"category": "company", "type": "A earlier", "state": "ongoing",
             "when": {"start": "2025-09-01"}},
            {"category": "company", "type": "Completed", "state": "completed"}
        ]);
        set(v, "/plan/interventions", list);
    });
    let names: Vec<&str> = view(&p, Citizen, Current)
        .plan
        .interventions
        .iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["A earlier", "B later", "No start"]);
}

#[test]
fn akasse_never_sees_health_and_social_offers_by_category_or_type_id() {
    let p = plan(|v| {
        let list = json!([
            {"category": "education", "type": "x", "type_id": 41, "state": "ongoing"},
            {"category": "education", "type": "x", "type_id": 42, "state": "ongoing"},
            {"category": "education", "type": "x", "type_id": 43, "state": "ongoing"},
            {"category": "education", "type": "x", "type_id": 50, "state": "ongoing"},
            {"category": "education", "type": "x", "type_id": 51, "state": "ongoing"},
            {"category": "aids", "type": "Hjælpemidler", "state": "ongoing"},
            {"category": "education", "type": "x", "type_id": 26, "state": "ongoing"}
        ]);
        set(v, "/plan/interventions", list);
    });
    let names = |a| -> Vec<String> {
        view(&p, a, Current)
            .plan
            .interventions
            .iter()
            .map(|i| i.name.to_owned())
            .collect()
    };
    // The national list's name, not the input's "x".
    assert_eq!(names(Akasse), ["AMU"]);
    assert_eq!(names(Citizen).len(), 7);
    assert!(names(Citizen).contains(&"Mestring af sygdom".to_owned()));
}

#[test]
fn only_current_exemptions() {
    let p = plan(|v| {
        let list = json!([
            {"id": 68, "from": "2025-01-01", "to": "2026-03-01", "comment": "ended"},
            {"id": 69, "from": "2026-01-01", "to": "2026-03-02", "comment": "ends today"},
            {"id": 68, "from": "2026-01-01", "comment": "open-ended"}
        ]);
        set(v, "/integration/exemptions", list);
    });
    let v = view(&p, Citizen, Current);
    let comments: Vec<_> = v
        .integration
        .unwrap()
        .exemptions
        .iter()
        .map(|e| e.comment.unwrap())
        .collect();
    assert_eq!(comments, ["ends today", "open-ended"]);
    // Exemptions are for current versions only.
    assert!(view(&p, Citizen, Historical)
        .integration
        .unwrap()
        .exemptions
        .is_empty());
}

#[test]
fn agreements_in_date_order_and_upcoming_derived() {
    let p = plan(|v| {
        let list = json!([
            {"kind": "other", "date": "2026-03-20", "text": "after the version"},
            {"kind": "akasse", "date": "2026-03-02", "text": "on the day"},
            {"kind": "jobcenter", "date": "2026-01-10", "text": "flagged", "upcoming": true}
        ]);
        set(v, "/plan/agreements", list);
    });
    let v = view(&p, Citizen, Current);
    let got: Vec<_> = v
        .plan
        .agreements
        .iter()
        .map(|a| (a.text.unwrap(), a.upcoming))
        .collect();
    assert_eq!(
        got,
        [("flagged", true), ("on the day", false), ("after the version", true)]
    );
}

#[test]
fn closed_contract_shows_no_integration_and_no_title_suffix() {
    let closed = plan(|v| set(v, "/integration/state", json!("closed")));
    let v = view(&closed, Citizen, Current);
    assert!(v.integration.is_none());
    assert_eq!(v.title, Title::Plan);
    let open = plan(|_| {});
    assert_eq!(view(&open, Citizen, Historical).title, Title::IntegrationContract);
    assert_eq!(view(&open, Akasse, Current).title, Title::Plan);
    assert!(view(&open, Akasse, Current).integration.is_none());
}

#[test]
fn contract_rows_by_version_kind() {
    let p = plan(|_| {});
    let current = view(&p, Jobcenter, Current).integration.unwrap();
    assert_eq!(current.master_data.nationality, Some("Syrien"));
    assert_eq!(current.personal.marital_status, Some("Gift"));
    assert_eq!(current.person_category, Some("Aktivitetsparat"));
    let historical = view(&p, Jobcenter, Historical).integration.unwrap();
    assert_eq!(historical.master_data.nationality, None);
    assert_eq!(historical.personal.marital_status, None);
    assert_eq!(historical.person_category, None);
    assert!(historical.master_data.residence_basis.is_some());
    assert!(view(&p, Citizen, Historical).cv.is_none());
    assert!(view(&p, Citizen, Current).cv.is_some());
}

#[test]
fn guidance_by_what_it_is_about() {
    let paragraphs = json!([
        {"about": "general", "text": "General."},
        {"about": "integration_contract", "text": "Din kontrakt gælder, indtil …"}
    ]);
    let p = plan(|v| set(v, "/plan/guidance", paragraphs.clone()));
    assert_eq!(view(&p, Akasse, Current).guidance, ["General."]);
    assert_eq!(
        view(&p, Citizen, Historical).guidance,
        ["General.", "Din kontrakt gælder, indtil …"]
    );
    // The contract's paragraph only with the open contract it speaks of.
    let closed = plan(|v| {
        set(v, "/plan/guidance", paragraphs.clone());
        set(v, "/integration/state", json!("closed"));
    });
    assert_eq!(view(&closed, Citizen, Current).guidance, ["General."]);
    // One plain text: never to the a-kasse, whatever words it uses.
    let plain =
        plan(|v| set(v, "/plan/guidance", json!("Hello.\n\nDin kontrakt gælder …")));
    assert!(view(&plain, Akasse, Current).guidance.is_empty());
    assert_eq!(view(&plain, Citizen, Current).guidance.len(), 2);
    // No guidance in the input: none in the view (the engine writes none of its own).
    let none = plan(|v| set(v, "/plan/guidance", Value::Null));
    assert!(view(&none, Citizen, Current).guidance.is_empty());
}

#[test]
fn integration_notifications_follow_the_contract_row() {
    let p = plan(|v| {
        set(
            v,
            "/plan_version/change_notifications",
            json!([{"id": 67}, {"id": 12, "text": "en ny indsats"}]),
        );
        set(v, "/integration/state", json!("closed"));
    });
    let citizen = view(&p, Citizen, Current).version.notifications;
    assert_eq!(
        citizen,
        ["en ny plan, hvor integrationskontrakten er afsluttet", "en ny indsats"]
    );
    assert_eq!(view(&p, Akasse, Current).version.notifications, ["en ny indsats"]);
}

fn refusal(p: &PlanVersion, request: Request) -> String {
    match resolve(p, request) {
        Err(d) => format!("{}: {}", d.path, d.message),
        Ok(_) => panic!("the request was not refused"),
    }
}

#[test]
fn signature_only_for_the_first_unsigned_version_of_an_open_contract() {
    let jobcenter = Request::new(Jobcenter, Current);
    let signed = plan(|_| {});
    let why = refusal(&signed, jobcenter.with_signature());
    assert!(why.contains("first signed on 20.06.2025"), "{why}");
    assert!(why.contains("acknowledged"), "{why}");
    // Version 1 whose signing is registered: signed once, not "a later version".
    let signed_first = plan(|v| set(v, "/plan_version/version_number", json!(1)));
    let why = refusal(&signed_first, jobcenter.with_signature());
    assert!(
        why.contains("version 1 of the integration contract is already signed"),
        "{why}"
    );
    assert!(!why.contains("later versions"), "{why}");
    let none = plan(|v| set(v, "/integration", Value::Null));
    assert!(
        refusal(&none, jobcenter.with_signature()).contains("no integration contract")
    );
    let closed = plan(|v| set(v, "/integration/state", json!("closed")));
    assert!(refusal(&closed, jobcenter.with_signature()).contains("closed"));
    let first = plan(|v| {
        set(v, "/integration/master_data/contract_first_signed_on", Value::Null);
        set(
            v,
            "/jobcenter/caseworker",
            json!({"name": "Mette Sørensen", "title": "Konsulent"}),
        );
    });
    let v = resolve(&first, jobcenter.with_signature()).unwrap();
    let signature = v.signature.unwrap();
    assert_eq!(signature.caseworker, Some((Some("Mette Sørensen"), Some("Konsulent"))));
    for (audience, kind) in
        [(Citizen, Current), (Akasse, Current), (Jobcenter, Historical)]
    {
        let request = Request::new(audience, kind).with_signature();
        assert!(refusal(&first, request).starts_with("signature:"), "{audience} {kind}");
    }
}

#[test]
fn acknowledgement_for_citizen_and_jobcenter_current_not_yet_acknowledged() {
    let p = plan(|_| {});
    for audience in [Citizen, Jobcenter] {
        let v =
            resolve(&p, Request::new(audience, Current).with_acknowledgement()).unwrap();
        assert_eq!(v.acknowledgement.unwrap().version, 7);
    }
    for (audience, kind) in [(Akasse, Current), (Citizen, Historical)] {
        let why = refusal(&p, Request::new(audience, kind).with_acknowledgement());
        assert!(why.starts_with("acknowledgement:"), "{why}");
    }
    let both = Request::new(Jobcenter, Current)
        .with_acknowledgement()
        .with_signature();
    assert!(refusal(&p, both).contains("not both"));
    let done = plan(|v| {
        set(
            v,
            "/plan_version/acknowledgement",
            json!({"on": "2026-03-05", "method": "jobnet"}),
        );
    });
    let why = refusal(&done, Request::new(Citizen, Current).with_acknowledgement());
    assert!(why.contains("already acknowledged on 05.03.2026"), "{why}");
    let first = plan(|v| {
        set(v, "/integration/master_data/contract_first_signed_on", Value::Null)
    });
    let why = refusal(&first, Request::new(Citizen, Current).with_acknowledgement());
    assert!(why.contains("is signed"), "{why}");
    // A plan without a contract is acknowledged too (SPEC section 7).
    let none = plan(|v| set(v, "/integration", Value::Null));
    assert!(resolve(&none, Request::new(Citizen, Current).with_acknowledgement()).is_ok());
    // A plain request has neither page.
    let v = view(&p, Jobcenter, Current);
    assert!(v.signature.is_none() && v.acknowledgement.is_none());
}

#[test]
fn job_search_requirements_carry_their_authority() {
    let p = plan(|v| {
        set(
            v,
            "/plan/job_search_requirements",
            json!({"authority": "akasse", "job_titles": ["Lagerarbejder", " "], "areas": []}),
        );
    });
    let search = view(&p, Akasse, Historical).plan.job_search.unwrap();
    assert_eq!(search.authority, Some(crate::model::Authority::Akasse));
    assert_eq!(search.job_titles, ["Lagerarbejder"]);
    // Nothing but an authority and blanks: no element.
    let empty = plan(|v| {
        set(v, "/plan/job_search_requirements", json!({"authority": "jobcenter"}))
    });
    assert!(view(&empty, Citizen, Current).plan.job_search.is_none());
}

#[test]
fn plan_type_reaches_the_view() {
    let p = plan(|v| set(v, "/plan_version/plan_type", json!("education_plan")));
    assert_eq!(view(&p, Citizen, Current).version.plan_type, PlanType::EducationPlan);
}

/// The names, `ALL`, parsing and serde agree, and a word that is not a name is refused
/// without being echoed.
#[test]
fn audiences_and_version_kinds_parse_from_their_names_only() {
    for &audience in Audience::ALL {
        assert_eq!(audience.name().parse::<Audience>(), Ok(audience));
        let json = serde_json::to_string(audience.name()).unwrap();
        assert_eq!(serde_json::from_str::<Audience>(&json).unwrap(), audience);
        assert_eq!(audience.to_string(), audience.name());
    }
    for &kind in VersionKind::ALL {
        assert_eq!(kind.name().parse::<VersionKind>(), Ok(kind));
    }
    let names: Vec<&str> = Audience::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(names, Audience::NAMES);
    let refused = "240390-1234".parse::<Audience>().unwrap_err().to_string();
    assert_eq!(refused, "is not one of citizen, jobcenter or akasse");
    let refused = "Citizen".parse::<VersionKind>().unwrap_err().to_string();
    assert_eq!(refused, "is not one of current or historical");
    let error = serde_json::from_str::<Audience>("\"x\"").unwrap_err().to_string();
    assert!(
        error.starts_with("unknown variant `x`, expected one of `citizen`"),
        "{error}"
    );
}

/// An audience is spelled once, where [`Audience`] is defined: the command line, batch
/// envelopes, the API, its schema, file names and metrics all take the name from there,
/// so a new audience reaches each of them. A quoted audience name anywhere else in `src/`
/// (test code excepted) fails this test.
#[test]
fn audiences_are_spelled_only_where_defined() {
    // The same words as JSON field names and as an authority code: not audiences.
    const NOT_AUDIENCES: [&str; 3] = [
        r#".key("citizen")"#,
        r#".key("jobcenter")"#,
        r#"Authority::Jobcenter => "jobcenter""#,
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let definition = root.join("visibility").join("mod.rs");
    let mut found = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs")
                || path.file_name().is_some_and(|n| n == "tests.rs")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.lines().take_while(|l| l.trim() != "#[cfg(test)]");
            for (number, line) in code.enumerate() {
                for name in Audience::NAMES {
                    let quoted = format!("\"{name}\"");
                    let defined =
                        path == definition && line.contains(&format!("= {quoted}"));
                    if line.contains(&quoted)
                        && !defined
                        && !NOT_AUDIENCES.iter().any(|n| line.contains(n))
                    {
                        found.push(format!(
                            "{}:{}: {}",
                            path.display(),
                            number + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "audience names spelled outside Audience: {found:#?}");
}
