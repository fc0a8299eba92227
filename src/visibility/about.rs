//! Page 2's facts (the version, the citizen, the jobcenter) and the CV.

use crate::codes;
use crate::model::{text, Address, PlanVersion};

use super::matrix::{Gate, Row};
use super::view::{Acknowledged, Caseworker, Cv, Identity, Jobcenter, Version, Work};
use super::VersionKind;

/// The version's facts and the change notifications this audience may see.
pub fn version<'a>(gate: &Gate, input: &'a PlanVersion) -> Version<'a> {
    let v = &input.plan_version;
    // 63–67 tell of the integration contract (seed 000 §7.1): they follow its row, whether
    // the contract is open or closed. Other ids are plan content with their own text.
    let notifications = v
        .change_notifications
        .iter()
        .filter_map(|n| match codes::notification_text(n.id) {
            Some(own) => gate.pass(Row::IntegrationGeneral, own),
            None => gate.pass_some(Row::PlanContent, text(&n.text)),
        })
        .collect();
    let acknowledged = v.acknowledgement.as_ref().map(|a| Acknowledged {
        on: &a.on,
        by: a.by.and_then(codes::acknowledged_by),
        method: a.method.map(codes::acknowledgement_method),
    });
    Version {
        id: &v.id,
        number: v.version_number,
        plan_type: v.plan_type,
        created: v.created_on.as_ref().unwrap_or(&v.updated_on),
        updated: &v.updated_on,
        read_deadline: gate.pass_some(Row::PlanContent, v.read_deadline.as_ref()),
        notifications,
        acknowledged: gate.pass_some(Row::PlanContent, acknowledged),
        historical: gate.request().version_kind == VersionKind::Historical,
    }
}

/// The citizen's name and CPR number.
pub fn identity<'a>(gate: &Gate, input: &'a PlanVersion) -> Identity<'a> {
    let c = &input.citizen;
    Identity {
        name: gate.pass(Row::CitizenIdentity, c.full_name.as_str()),
        cpr: gate.pass(Row::CitizenIdentity, c.cpr.as_str()),
    }
}

/// The current jobcenter and the caseworker.
pub fn jobcenter<'a>(
    gate: &Gate,
    jc: &'a crate::model::Jobcenter,
) -> Option<Jobcenter<'a>> {
    let caseworker = jc.caseworker.as_ref().and_then(|c| {
        let cw = Caseworker {
            name: text(&c.name),
            title: text(&c.title),
            phone: text(&c.phone),
            email: text(&c.email),
        };
        let any = cw.name.is_some()
            || cw.title.is_some()
            || cw.phone.is_some()
            || cw.email.is_some();
        any.then_some(cw)
    });
    gate.pass(
        Row::CurrentJobcenter,
        Jobcenter {
            name: &jc.name,
            address: jc.address.as_ref().map(address).unwrap_or_default(),
            phone: text(&jc.phone),
            email: text(&jc.email),
            caseworker,
        },
    )
}

/// The CV, if it holds anything.
pub fn cv<'a>(gate: &Gate, input: &'a PlanVersion) -> Option<Cv<'a>> {
    let cv = gate.pass_some(Row::CurrentCv, input.cv.as_ref())?;
    let view = Cv {
        summary: text(&cv.summary),
        work: cv
            .work_experience
            .iter()
            .map(|w| Work {
                from: w.from.as_ref(),
                to: w.to.as_ref(),
                title: &w.title,
                employer: text(&w.employer),
                description: text(&w.description),
            })
            .collect(),
        education: cv
            .education
            .iter()
            .map(|e| (e.completed.as_ref(), e.title.as_str(), text(&e.institution)))
            .collect(),
        courses: cv
            .courses
            .iter()
            .map(|c| (c.completed.as_ref(), c.title.as_str()))
            .collect(),
        driving_licences: cv
            .driving_licences
            .iter()
            .map(|d| d.trim())
            .filter(|d| !d.is_empty())
            .collect(),
    };
    let empty = view.summary.is_none()
        && view.work.is_empty()
        && view.education.is_empty()
        && view.courses.is_empty()
        && view.driving_licences.is_empty();
    (!empty).then_some(view)
}

/// An address as lines: street, then postal code and city.
pub fn address(a: &Address) -> Vec<String> {
    let mut lines = Vec::with_capacity(2);
    lines.extend(text(&a.street).map(str::to_owned));
    let city: Vec<&str> =
        [text(&a.postal_code), text(&a.city)].into_iter().flatten().collect();
    if !city.is_empty() {
        lines.push(city.join(" "));
    }
    lines
}
