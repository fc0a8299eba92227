//! The plan section: which goals, agreements and interventions are shown, where Danskmål
//! sits, and in which order (SPEC section 3, item 3).

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::codes;
use crate::model::{
    self, text, AgreementKind, DatedText, JobGoalKind, PlanType, PlanVersion, State,
};

use super::about::address;
use super::matrix::{intervention_row, Gate, Row};
use super::view::{
    Agreement, DanishAcquisition, DanishGoal, Dated, DescriptionHeading, EducationGoal,
    Intervention, JobSearch, OrderStep, Place, Plan,
};

/// The notifications that mean integration data changed: a new Danskmål (63), updates
/// to Dansktilegnelse (64), a new contract (65), changes to the contract (66). With any of
/// them, Dansktilegnelse is marked "Skal læses" whether or not it changed itself (seed 000
/// §5.2 and the OBS box in §5.2.2).
const INTEGRATION_DATA_CHANGED: [u32; 4] = [63, 64, 65, 66];

/// The plan as this audience may see it. `open_contract`: Danskmål and Dansktilegnelse
/// appear only while the citizen has an open integration contract (seed 000 §5.2, §7.4).
pub fn view<'a>(gate: &Gate, input: &'a PlanVersion, open_contract: bool) -> Plan<'a> {
    let p = &input.plan;
    let plan_type = input.plan_version.plan_type;
    let content = Row::PlanContent;

    let danish_goal = gate
        .pass(Row::DanishGoalAndAcquisition, ())
        .filter(|()| open_contract)
        .and(p.danish_goal)
        .and_then(|g| {
            Some(DanishGoal {
                name: codes::DANISH_GOALS.text(g.id)?,
                description: codes::DANISH_GOALS.description(g.id)?,
            })
        });
    let updated = input.plan_version.updated_on.get().ok();
    let job_goals: Vec<(JobGoalKind, &str)> = gate
        .pass_some(content, Some(&p.job_goals))
        .into_iter()
        .flatten()
        .filter(|g| !ended_before(g.end.as_ref(), updated))
        .filter_map(|g| Some((g.kind, text_of(&g.title)?)))
        .collect();
    // Danskmål sits under Jobmål when the plan has a current job goal to show, and is not
    // an education plan or a plan without a plan type; otherwise under Dansktilegnelse
    // (seed 000 §5.2.1: "afhængigt af, om planen har et jobmål eller uddannelsesmål"). A
    // "Jobmål" heading over Danskmål alone would read as if Danish lessons were the goal.
    let goal_under_acquisition =
        matches!(plan_type, PlanType::EducationPlan | PlanType::None)
            || job_goals.is_empty();
    let (under_job_goals, under_acquisition) = match goal_under_acquisition {
        true => (None, danish_goal),
        false => (danish_goal, None),
    };
    // "Din sagsbehandlers kommentarer til dig" goes with the education plan and with the
    // education order (seed 001 §5.2; Bilag 1's kombiplan with uddannelsespålæg), not
    // with the plan type alone.
    let description_heading = match (plan_type, p.education_order_step) {
        (PlanType::EducationPlan, _) | (_, Some(_)) => {
            DescriptionHeading::CaseworkerComments
        }
        _ => DescriptionHeading::AgreedToReachTheGoal,
    };

    Plan {
        job_goals,
        danish_goal_under_job_goals: under_job_goals,
        description_heading,
        education_goals: gate
            .pass_some(content, Some(&p.education_goals))
            .into_iter()
            .flatten()
            .filter_map(|g| {
                Some(EducationGoal {
                    title: text_of(&g.title)?,
                    institution: text(&g.institution),
                    description: text(&g.description),
                })
            })
            .collect(),
        education_order_step: gate.pass_some(content, p.education_order_step).and_then(
            |step| {
                Some(OrderStep { step, name: codes::EDUCATION_ORDER_STEPS.text(step)? })
            },
        ),
        description: gate.pass_some(content, dated(&p.plan_description)),
        latest_agreement_jobcenter: gate
            .pass_some(content, dated(&p.latest_agreement_jobcenter)),
        latest_agreement_akasse: gate
            .pass_some(content, dated(&p.latest_agreement_akasse)),
        akasse_proposal: gate.pass_some(content, dated(&p.akasse_proposal)),
        job_search: gate
            .pass_some(content, job_search(p.job_search_requirements.as_ref())),
        danish_acquisition: gate
            .pass(Row::DanishGoalAndAcquisition, ())
            .filter(|()| open_contract)
            .and_then(|()| danish_acquisition(input, under_acquisition)),
        interventions: interventions(gate, input),
        agreements: gate.pass_some(content, Some(agreements(input))).unwrap_or_default(),
    }
}

/// Whether an item with this end date ended before the version's date: it is no longer
/// current ("Pdf'en vil kun indeholde aktuelle og gældende jobmål, aftaler og indsatser",
/// seed 001 ch. 7). An item ending on the version's date is still current.
fn ended_before(end: Option<&model::Date>, updated: Option<NaiveDate>) -> bool {
    match (end.and_then(|d| d.get().ok()), updated) {
        (Some(end), Some(updated)) => end < updated,
        _ => false,
    }
}

/// A non-blank text.
fn text_of(s: &str) -> Option<&str> {
    (!s.trim().is_empty()).then_some(s)
}

/// A dated text that holds a text (a date alone says nothing).
fn dated(value: &Option<DatedText>) -> Option<Dated<'_>> {
    let t = value.as_ref()?;
    Some(Dated { date: t.date.as_ref(), text: text(&t.text)? })
}

/// The non-blank entries of a list of texts.
fn list(items: &[String]) -> Vec<&str> {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect()
}

fn job_search(r: Option<&model::JobSearchRequirements>) -> Option<JobSearch<'_>> {
    let r = r?;
    let view = JobSearch {
        authority: r.authority,
        date: r.date.as_ref(),
        job_titles: list(&r.job_titles),
        industries: list(&r.industries),
        areas: list(&r.areas),
        text: text(&r.text),
    };
    let empty = view.job_titles.is_empty()
        && view.industries.is_empty()
        && view.areas.is_empty()
        && view.text.is_none();
    (!empty).then_some(view)
}

/// Dansktilegnelse, if it holds data (its dates or, by plan type, Danskmål).
fn danish_acquisition(
    input: &PlanVersion,
    danish_goal: Option<DanishGoal>,
) -> Option<DanishAcquisition<'_>> {
    let d = input.plan.danish_acquisition.as_ref();
    let guided_permanent_residence =
        d.and_then(|d| d.guided_conditions_for_permanent_residence_on.as_ref());
    let guided_insufficient_danish =
        d.and_then(|d| d.guided_consequences_of_insufficient_danish_on.as_ref());
    if guided_permanent_residence.is_none()
        && guided_insufficient_danish.is_none()
        && danish_goal.is_none()
    {
        // "Elementer bliver kun vist, hvis de indeholder data" (seed 000 §5.2).
        return None;
    }
    let changed = input
        .plan_version
        .change_notifications
        .iter()
        .any(|n| INTEGRATION_DATA_CHANGED.contains(&n.id));
    Some(DanishAcquisition {
        must_read: changed || d.and_then(|d| d.must_read).unwrap_or(false),
        guided_permanent_residence,
        guided_insufficient_danish,
        danish_goal,
    })
}

/// The current interventions this audience may see, in order of start date (seed 001
/// ch. 7: "Pdf'en vil kun indeholde aktuelle og gældende jobmål, aftaler og indsatser").
fn interventions<'a>(gate: &Gate, input: &'a PlanVersion) -> Vec<Intervention<'a>> {
    let mut shown: Vec<Intervention<'a>> = input
        .plan
        .interventions
        .iter()
        .filter(|i| is_current(i.state))
        .filter_map(|i| gate.pass(intervention_row(i.category, i.type_id), i))
        .map(|i| {
            // The national list's name where the type id is given (validated against the
            // category), else the name the case system sent.
            let listed = i
                .type_id
                .and_then(|id| codes::interventions::check(i.category, id).ok());
            Intervention {
                name: listed.unwrap_or(&i.kind),
                state: i.state,
                latest_status: dated(&i.latest_status),
                what: text(&i.what),
                when: (
                    i.when.as_ref().and_then(|w| w.start.as_ref()),
                    i.when.as_ref().and_then(|w| w.end.as_ref()),
                ),
                place: i.place.as_ref().and_then(place),
                why: text(&i.why),
            }
        })
        .collect();
    // A stable sort: interventions without a start date keep their order, after the rest.
    shown.sort_by(|a, b| by_date(a.when.0, b.when.0));
    shown
}

/// Planned and ongoing interventions are current; completed, cancelled and interrupted
/// ones stay out of the PDF.
fn is_current(state: State) -> bool {
    match state {
        State::Planned | State::Ongoing => true,
        State::Completed | State::Cancelled | State::Interrupted => false,
    }
}

fn place(p: &model::Place) -> Option<Place<'_>> {
    let contact: Vec<&str> = p
        .contact
        .as_ref()
        .map(|c| {
            [text(&c.name), text(&c.role), text(&c.phone), text(&c.email)]
                .into_iter()
                .flatten()
                .collect()
        })
        .unwrap_or_default();
    let meeting_place = p
        .meeting_place
        .as_ref()
        .map(|m| {
            let city: Vec<&str> =
                [text(&m.postal_code), text(&m.city)].into_iter().flatten().collect();
            [text(&m.name), text(&m.street)]
                .into_iter()
                .flatten()
                .map(str::to_owned)
                .chain((!city.is_empty()).then(|| city.join(" ")))
                .collect::<Vec<String>>()
        })
        .unwrap_or_default();
    let view = Place {
        meeting_place,
        organisation: text(&p.organisation),
        address: p.address.as_ref().map(address).unwrap_or_default(),
        contact,
    };
    let empty = view.meeting_place.is_empty()
        && view.organisation.is_none()
        && view.address.is_empty()
        && view.contact.is_empty();
    (!empty).then_some(view)
}

/// The current agreements in date order, each marked upcoming when dated after the
/// version's `updated_on` or flagged so by the case system.
///
/// Current (seed 001 ch. 7 and §6.4; SPEC section 3): those dated on or after
/// `updated_on` or flagged upcoming, and for each kind the latest dated before it (the
/// agreement in force). Older ones are the portal timeline's history, not the PDF's.
fn agreements(input: &PlanVersion) -> Vec<Agreement<'_>> {
    let updated = input.plan_version.updated_on.get().ok();
    let all = &input.plan.agreements;
    let past = |a: &model::Agreement| {
        !a.upcoming.unwrap_or(false)
            && matches!((a.date.get(), updated), (Ok(d), Some(u)) if d < u)
    };
    // For each kind, the day of its latest past agreement.
    let latest_past = |kind: AgreementKind| {
        all.iter()
            .filter(|a| a.kind == kind && past(a))
            .filter_map(|a| a.date.get().ok())
            .max()
    };
    let mut list: Vec<Agreement<'_>> = all
        .iter()
        .filter(|a| !past(a) || a.date.get().ok() == latest_past(a.kind))
        .map(|a| Agreement {
            kind: a.kind,
            date: &a.date,
            text: text(&a.text),
            upcoming: a.upcoming.unwrap_or(false)
                || matches!((a.date.get(), updated), (Ok(d), Some(u)) if d > u),
        })
        .collect();
    list.sort_by(|a, b| by_date(Some(a.date), Some(b.date)));
    list
}

/// Orders by date, dates that are missing (or, impossibly after validation, unreadable)
/// last.
pub fn by_date(a: Option<&model::Date>, b: Option<&model::Date>) -> Ordering {
    let day =
        |d: Option<&model::Date>| -> Option<NaiveDate> { d.and_then(|d| d.get().ok()) };
    match (day(a), day(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
