//! The plan's elements (SPEC section 3, item 3), in the seed's order.

use super::Composer;
use crate::codes;
use crate::document::{Block, Emphasis, Level};
use crate::model::JobGoalKind;
use crate::visibility::view::{DanishGoal, Dated, DescriptionHeading, JobSearch, Plan};

impl Composer<'_> {
    /// The Plan section: only elements that hold data.
    pub(super) fn plan(&mut self, plan: &Plan) {
        let l = self.l;
        self.heading(Level::Section, &l.plan, true);
        // A Jobmål heading only over job goals: never over Danskmål alone (the view puts
        // Danskmål here only beside a current job goal).
        if !plan.job_goals.is_empty() {
            self.heading(Level::Element, &l.job_goals, true);
            let rows = plan
                .job_goals
                .iter()
                .map(|(kind, title)| {
                    let label = match kind {
                        JobGoalKind::JobTitle => &l.job_title,
                        JobGoalKind::JobFunction => &l.job_function,
                    };
                    (label, Some((*title).to_owned()))
                })
                .collect();
            self.fields(rows);
            if let Some(goal) = plan.danish_goal_under_job_goals {
                self.danish_goal(goal);
            }
        }
        if !plan.education_goals.is_empty() || plan.education_order_step.is_some() {
            self.heading(Level::Element, &l.education_goals, true);
            if let Some(step) = plan.education_order_step {
                let trin =
                    l.education_order_step.replace("{step}", &step.step.to_string());
                self.para(format!("{trin}: {}", step.name), Emphasis::Strong);
            }
            if !plan.education_goals.is_empty() {
                let items = plan
                    .education_goals
                    .iter()
                    .map(|g| match g.institution {
                        Some(inst) => format!("{}, {inst}", g.title),
                        None => g.title.to_owned(),
                    })
                    .collect();
                self.blocks.push(Block::List(items));
            }
            for g in &plan.education_goals {
                if let Some(d) = g.description {
                    self.free_text(d);
                }
            }
        }
        let description = match plan.description_heading {
            DescriptionHeading::CaseworkerComments => &l.plan_description_education,
            DescriptionHeading::AgreedToReachTheGoal => &l.plan_description,
        };
        self.dated_element(description, plan.description.as_ref());
        self.dated_element(
            &l.latest_agreement_jobcenter,
            plan.latest_agreement_jobcenter.as_ref(),
        );
        self.dated_element(
            &l.latest_agreement_akasse,
            plan.latest_agreement_akasse.as_ref(),
        );
        self.dated_element(&l.akasse_proposal, plan.akasse_proposal.as_ref());
        if let Some(search) = &plan.job_search {
            self.job_search(search);
        }
        if let Some(d) = &plan.danish_acquisition {
            self.heading(Level::Element, &l.danish_acquisition, true);
            if d.must_read {
                self.para(l.must_read.clone(), Emphasis::Strong);
            }
            self.fields(vec![
                (
                    &l.guided_permanent_residence,
                    d.guided_permanent_residence.map(|d| d.danish()),
                ),
                (
                    &l.guided_insufficient_danish,
                    d.guided_insufficient_danish.map(|d| d.danish()),
                ),
            ]);
            if let Some(goal) = d.danish_goal {
                self.danish_goal(goal);
            }
        }
        self.interventions(&plan.interventions);
        self.agreements(&plan.agreements);
    }

    /// An element with a dated free text: heading, date line, paragraphs.
    fn dated_element(&mut self, label: &str, value: Option<&Dated>) {
        let Some(t) = value else { return };
        self.heading(Level::Element, label, true);
        self.date_line(t.date);
        self.free_text(t.text);
    }

    /// Danskmål: its name and the code list's description.
    fn danish_goal(&mut self, goal: DanishGoal) {
        self.heading(Level::Item, &self.l.danish_goal.clone(), false);
        self.para(goal.name.to_owned(), Emphasis::Strong);
        self.para(goal.description.to_owned(), Emphasis::Normal);
    }

    /// Krav til jobsøgning, with the authority that set it in the heading.
    fn job_search(&mut self, search: &JobSearch) {
        let l = self.l;
        let heading = match search.authority {
            Some(a) => format!("{} ({})", l.job_search_requirements, codes::authority(a)),
            None => l.job_search_requirements.clone(),
        };
        self.heading(Level::Element, &heading, true);
        self.date_line(search.date);
        let list = |items: &[&str]| (!items.is_empty()).then(|| items.join("\n"));
        self.fields(vec![
            (&l.job_search_titles, list(&search.job_titles)),
            (&l.job_search_industries, list(&search.industries)),
            (&l.job_search_areas, list(&search.areas)),
        ]);
        if let Some(text) = search.text {
            self.heading(Level::Item, &l.job_search_other.clone(), false);
            self.free_text(text);
        }
    }
}
