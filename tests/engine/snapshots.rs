//! Snapshots of the readable dumps of each stage — the composed document, the layout dump
//! (page, position, font, role, text) and the PDF read back — for every fixture: a change
//! shows up as a reviewable text diff at the stage that made it. Update with
//! `INSTA_UPDATE=always` or `cargo insta review`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use minplan::{Audience, Request, VersionKind};

fn dump(name: &str, request: Request) -> String {
    let (_, laid) = engine().layout(&sample(name), request).unwrap();
    laid.dump()
}

#[test]
fn sample_citizen_current() {
    let r = request(Audience::Citizen, VersionKind::Current);
    insta::assert_snapshot!(dump("integration-contract-full.json", r));
}

#[test]
fn sample_akasse_historical() {
    let r = request(Audience::Akasse, VersionKind::Historical);
    insta::assert_snapshot!(dump("integration-contract-full.json", r));
}

#[test]
fn sample_jobcenter_acknowledgement() {
    let r =
        Request::new(Audience::Jobcenter, VersionKind::Current).with_acknowledgement();
    insta::assert_snapshot!(dump("integration-contract-full.json", r));
}

#[test]
fn first_contract_jobcenter_signature() {
    let r = Request::new(Audience::Jobcenter, VersionKind::Current).with_signature();
    insta::assert_snapshot!(dump("first-contract.json", r));
}

#[test]
fn structured_guidance_akasse_current() {
    let r = request(Audience::Akasse, VersionKind::Current);
    insta::assert_snapshot!(dump("structured-guidance.json", r));
}

#[test]
fn type_ids_akasse_historical() {
    let r = request(Audience::Akasse, VersionKind::Historical);
    insta::assert_snapshot!(dump("type-ids.json", r));
}

#[test]
fn ended_items_citizen_current() {
    let r = request(Audience::Citizen, VersionKind::Current);
    insta::assert_snapshot!(dump("ended-items.json", r));
}

#[test]
fn education_plan_citizen_historical() {
    let r = request(Audience::Citizen, VersionKind::Historical);
    insta::assert_snapshot!(dump("education-plan.json", r));
}

/// `minplan inspect` of every fixture as the widest audience sees it (jobcenter, current):
/// the golden artifact README's "Golden-file tests" recommends, read back from the PDF.
#[cfg(feature = "inspect")]
#[test]
fn inspect_every_fixture() {
    for name in samples() {
        let request = request(Audience::Jobcenter, VersionKind::Current);
        let pdf = engine().render(&sample(&name), request).unwrap();
        let dump = minplan::inspect::inspect(&pdf).unwrap().dump();
        let stem = name.trim_end_matches(".json");
        insta::assert_snapshot!(format!("inspect-{stem}"), dump);
    }
}

/// Each stage of every fixture, as the widest audience sees it (jobcenter, current), as
/// readable text: the composed document (`minplan compose`: after visibility, before
/// layout) and the laid-out pages (`minplan layout`). A change in compose shows in the
/// first, one in layout only in the second. Page images of the same renderings are in
/// `tests/ref/` (`visual::sample_pages_match_their_reference_images`).
#[test]
fn every_fixture_per_stage() {
    for name in samples() {
        let request = request(Audience::Jobcenter, VersionKind::Current);
        let (doc, laid) = engine().layout(&sample(&name), request).unwrap();
        let stem = name.trim_end_matches(".json");
        let composed = serde_json::to_string_pretty(&doc).unwrap();
        insta::assert_snapshot!(format!("compose-{stem}"), composed);
        insta::assert_snapshot!(format!("layout-{stem}"), laid.dump());
    }
}
