//! Snapshots of the readable layout dump (page, position, font, role, text): a change in
//! layout shows up as a reviewable text diff. Update with `INSTA_UPDATE=always` or
//! `cargo insta review`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

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
fn sample_jobcenter_signature() {
    let r =
        Request::new(Audience::Jobcenter, VersionKind::Current).with_acknowledgement();
    insta::assert_snapshot!(dump("integration-contract-full.json", r));
}

#[test]
fn education_plan_citizen_historical() {
    let r = request(Audience::Citizen, VersionKind::Historical);
    insta::assert_snapshot!(dump("education-plan.json", r));
}
