//! Composes the document (SPEC section 3) from a resolved plan version.
//!
//! Order and content are fixed here; labels come from the layout file. Everything is
//! taken from [`Resolved`], which holds only what the audience may see: this module
//! decides *how* things are said, never *whether* an audience may see them.

use crate::codes;
use crate::document::{Block, Document, Emphasis, Level, Meta};
use crate::model::{
    text, Address, AgreementKind, DatedText, Integration, Plan, PlanType, State,
};
use crate::style::{Labels, Style};
use crate::visibility::{paragraphs, Resolved};
use chrono::Datelike;

/// Builds the document for a resolved plan version.
pub fn compose(resolved: &Resolved, style: &Style) -> Document {
    let l = &style.labels;
    let pv = &resolved.plan;
    let title =
        if resolved.integration_title { &l.title_integration } else { &l.title }.clone();
    let mut c = Composer { blocks: Vec::with_capacity(128), l };

    // 1. Title and table of contents.
    c.heading(Level::Title, &title, false);
    let info = &pv.plan_version;
    c.para(
        format!(
            "{} · {} {} · {}",
            codes::plan_type(info.plan_type),
            l.version,
            info.version_number,
            info.updated_on.danish()
        ),
        Emphasis::Muted,
    );
    c.heading(Level::Section, &l.toc, false);
    c.blocks.push(Block::Toc);
    c.blocks.push(Block::PageBreak);

    // 2. About this version.
    c.heading(Level::Section, &l.about, true);
    let created = info.created_on.as_ref().unwrap_or(&info.updated_on);
    c.fields(vec![
        (&l.name, Some(pv.citizen.full_name.clone())),
        (&l.cpr, Some(pv.citizen.cpr.clone())),
        (&l.plan_type, Some(codes::plan_type(info.plan_type).to_owned())),
        (&l.version, Some(info.version_number.to_string())),
        (&l.created, Some(created.danish())),
        (&l.updated, Some(info.updated_on.danish())),
        (&l.read_deadline, info.read_deadline.as_ref().map(|d| d.danish())),
    ]);
    let notices: Vec<String> = info
        .change_notifications
        .iter()
        .filter_map(|n| {
            let own = codes::notification_text(n.id);
            own.or(text(&n.text)).map(str::to_owned)
        })
        .collect();
    if !notices.is_empty() {
        c.para(l.changes.clone(), Emphasis::Strong);
        c.blocks.push(Block::List(notices));
    }
    let jc = &pv.jobcenter;
    let mut jobcenter = vec![jc.name.clone()];
    jobcenter.extend(jc.address.as_ref().and_then(address));
    c.fields(vec![
        (&l.jobcenter, Some(jobcenter.join("\n"))),
        (&l.phone, text(&jc.phone).map(str::to_owned)),
        (&l.email, text(&jc.email).map(str::to_owned)),
    ]);
    c.blocks.push(Block::PageBreak);

    // 3. The plan.
    c.heading(Level::Section, &l.plan, true);
    c.plan(&pv.plan, info.plan_type);

    // 4. Integration.
    if let Some(integration) = &pv.integration {
        c.integration(integration, resolved);
    }

    // 5. CV.
    if let Some(cv) = &pv.cv {
        c.cv(cv);
    }

    // 6. Guidance.
    if !resolved.guidance.is_empty() {
        c.heading(Level::Section, &l.guidance, true);
        for p in &resolved.guidance {
            c.para(p.clone(), Emphasis::Normal);
        }
    }

    // 7. Signatures.
    if resolved.request.signature {
        c.blocks.push(Block::PageBreak);
        c.heading(Level::Section, &l.signature, true);
        c.para(l.signature_intro.clone(), Emphasis::Normal);
        let version = l
            .signature_version
            .replace("{version}", &info.version_number.to_string())
            .replace("{date}", &info.updated_on.danish());
        c.para(version, Emphasis::Normal);
        c.blocks.push(Block::Signatures(vec![
            (l.signature_citizen.clone(), pv.citizen.full_name.clone()),
            (l.signature_municipality.clone(), jc.name.clone()),
        ]));
    }

    let date = info.updated_on.get().map(|d| (d.year(), d.month(), d.day()));
    let meta = Meta {
        plan_version_id: info.id.clone(),
        version_number: info.version_number,
        date: date.unwrap_or((1970, 1, 1)),
        author: jc.name.clone(),
        variant: format!(
            "{}/{}",
            resolved.request.audience, resolved.request.version_kind
        ),
    };
    Document { title, blocks: c.blocks, meta }
}

/// Street, then postal code and city, as address lines.
fn address(a: &Address) -> Option<String> {
    let city = [text(&a.postal_code), text(&a.city)].into_iter().flatten();
    let city = city.collect::<Vec<_>>().join(" ");
    let lines: Vec<&str> = [text(&a.street), Some(city.as_str())]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A period as `02.06.2025 – 01.06.2026`, open at either end.
fn period(from: Option<String>, to: Option<String>) -> Option<String> {
    match (from, to) {
        (None, None) => None,
        (Some(f), None) => Some(format!("Fra {f}")),
        (None, Some(t)) => Some(format!("Til {t}")),
        (Some(f), Some(t)) => Some(format!("{f} – {t}")),
    }
}

struct Composer<'a> {
    blocks: Vec<Block>,
    l: &'a Labels,
}

impl Composer<'_> {
    fn heading(&mut self, level: Level, text: &str, in_toc: bool) {
        self.blocks
            .push(Block::Heading { level, text: text.to_owned(), in_toc });
    }

    fn para(&mut self, text: String, emphasis: Emphasis) {
        self.blocks.push(Block::Paragraph { text, emphasis });
    }

    /// Free text, paragraph by paragraph (blank line = new paragraph).
    fn free_text(&mut self, value: &str) {
        for p in paragraphs(value) {
            self.para(p.to_owned(), Emphasis::Normal);
        }
    }

    /// Label/value rows, leaving out those without a value.
    fn fields(&mut self, rows: Vec<(&String, Option<String>)>) {
        let rows: Vec<(String, String)> = rows
            .into_iter()
            .filter_map(|(k, v)| {
                v.filter(|v| !v.trim().is_empty()).map(|v| (k.clone(), v))
            })
            .collect();
        if !rows.is_empty() {
            self.blocks.push(Block::Fields(rows));
        }
    }

    /// An element with a dated free text: heading, date line, paragraphs.
    fn dated_element(&mut self, label: &str, value: &Option<DatedText>) {
        let Some(t) = value else { return };
        let body = text(&t.text);
        if body.is_none() && t.date.is_none() {
            return;
        }
        self.heading(Level::Element, label, true);
        if let Some(date) = &t.date {
            self.para(format!("{}: {}", self.l.date, date.danish()), Emphasis::Muted);
        }
        if let Some(body) = body {
            self.free_text(body);
        }
    }

    fn danish_goal(&mut self, plan: &Plan) {
        let Some(goal) = plan.danish_goal else { return };
        let (Some(name), Some(description)) =
            (codes::DANISH_GOALS.text(goal.id), codes::DANISH_GOALS.description(goal.id))
        else {
            return;
        };
        self.heading(Level::Item, &self.l.danish_goal.clone(), false);
        self.para(name.to_owned(), Emphasis::Strong);
        self.para(description.to_owned(), Emphasis::Normal);
    }

    fn plan(&mut self, plan: &Plan, plan_type: PlanType) {
        let l = self.l;
        let has_job_goal = !plan.job_goals.is_empty();
        if has_job_goal {
            self.heading(Level::Element, &l.job_goals, true);
            let rows = plan
                .job_goals
                .iter()
                .map(|g| {
                    let label = match g.kind {
                        crate::model::JobGoalKind::JobTitle => &l.job_title,
                        crate::model::JobGoalKind::JobFunction => &l.job_function,
                    };
                    (label, Some(g.title.clone()))
                })
                .collect();
            self.fields(rows);
            self.danish_goal(plan);
        }
        if !plan.education_goals.is_empty() {
            self.heading(Level::Element, &l.education_goals, true);
            let items = plan
                .education_goals
                .iter()
                .map(|g| match text(&g.institution) {
                    Some(inst) => format!("{}, {inst}", g.title),
                    None => g.title.clone(),
                })
                .collect();
            self.blocks.push(Block::List(items));
            for g in &plan.education_goals {
                if let Some(d) = text(&g.description) {
                    self.free_text(d);
                }
            }
        }
        let description_label = match plan_type {
            PlanType::EducationPlan => &l.plan_description_education,
            _ => &l.plan_description,
        };
        self.dated_element(description_label, &plan.plan_description);
        self.dated_element(
            &l.latest_agreement_jobcenter,
            &plan.latest_agreement_jobcenter,
        );
        self.dated_element(&l.latest_agreement_akasse, &plan.latest_agreement_akasse);
        self.dated_element(&l.akasse_proposal, &plan.akasse_proposal);
        self.dated_element(&l.job_search_requirements, &plan.job_search_requirements);

        let acquisition = plan.danish_acquisition.as_ref();
        let guided = acquisition.map(|d| {
            (
                d.guided_conditions_for_permanent_residence_on
                    .as_ref()
                    .map(|d| d.danish()),
                d.guided_consequences_of_insufficient_danish_on
                    .as_ref()
                    .map(|d| d.danish()),
            )
        });
        let has_dates = guided.as_ref().is_some_and(|g| g.0.is_some() || g.1.is_some());
        let goal_here = !has_job_goal && plan.danish_goal.is_some();
        if has_dates || goal_here {
            self.heading(Level::Element, &l.danish_acquisition, true);
            if acquisition.and_then(|d| d.must_read).unwrap_or(false) {
                self.para(l.must_read.clone(), Emphasis::Strong);
            }
            if let Some((a, b)) = guided {
                self.fields(vec![
                    (&l.guided_permanent_residence, a),
                    (&l.guided_insufficient_danish, b),
                ]);
            }
            if goal_here {
                self.danish_goal(plan);
            }
        }

        if !plan.interventions.is_empty() {
            self.heading(Level::Element, &l.interventions, true);
            for i in &plan.interventions {
                self.heading(Level::Item, &i.kind, false);
                let (status_label, status) = if i.state == State::Completed {
                    (
                        &l.final_status,
                        i.final_status.as_ref().or(i.latest_status.as_ref()),
                    )
                } else {
                    (&l.latest_status, i.latest_status.as_ref())
                };
                let status = status.and_then(|s| {
                    let body = text(&s.text)?;
                    Some(match &s.date {
                        Some(d) => format!("{}: {body}", d.danish()),
                        None => body.to_owned(),
                    })
                });
                let when = i.when.as_ref().and_then(|w| {
                    period(
                        w.start.as_ref().map(|d| d.danish()),
                        w.end.as_ref().map(|d| d.danish()),
                    )
                });
                let place = i.place.as_ref().map(|p| {
                    let mut lines: Vec<String> = Vec::new();
                    lines.extend(text(&p.organisation).map(str::to_owned));
                    lines.extend(p.address.as_ref().and_then(address));
                    if let Some(c) = &p.contact {
                        let parts: Vec<&str> = [
                            text(&c.name),
                            text(&c.role),
                            text(&c.phone),
                            text(&c.email),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        if !parts.is_empty() {
                            lines.push(format!("{}: {}", l.contact, parts.join(", ")));
                        }
                    }
                    lines.join("\n")
                });
                self.fields(vec![
                    (&l.state, Some(codes::state(i.state).to_owned())),
                    (status_label, status),
                    (&l.what, text(&i.what).map(str::to_owned)),
                    (&l.when, when),
                    (&l.r#where, place),
                    (&l.why, text(&i.why).map(str::to_owned)),
                ]);
            }
        }

        if !plan.agreements.is_empty() {
            self.heading(Level::Element, &l.agreements, true);
            let rows = plan
                .agreements
                .iter()
                .map(|a| {
                    let with = match a.kind {
                        AgreementKind::Jobcenter => &l.with_jobcenter,
                        AgreementKind::Akasse => &l.with_akasse,
                        AgreementKind::Other => &l.with_other,
                    };
                    let mut date = a.date.danish();
                    if a.upcoming.unwrap_or(false) {
                        date = format!("{date}\n({})", l.upcoming.to_lowercase());
                    }
                    vec![date, with.clone(), text(&a.text).unwrap_or("").to_owned()]
                })
                .collect();
            self.blocks.push(Block::Table {
                header: vec![l.date.clone(), l.agreement_party.clone(), l.what.clone()],
                rows,
                columns: vec![0.2, 0.25, 0.55],
            });
        }
    }

    fn integration(&mut self, int: &Integration, resolved: &Resolved) {
        let l = self.l;
        let citizen = &resolved.plan.citizen;
        self.heading(Level::Section, &l.integration, true);
        if let Some(m) = &int.master_data {
            let d = |d: &Option<crate::model::Date>| d.as_ref().map(|d| d.danish());
            let basis = m.residence_basis.and_then(|b| codes::RESIDENCE_BASES.text(b.id));
            let rows = vec![
                (&l.residence_basis, basis.map(str::to_owned)),
                (&l.nationality, text(&citizen.nationality).map(str::to_owned)),
                (&l.program_start, d(&m.program_start)),
                (&l.program_end, d(&m.program_end)),
                (&l.declaration_signed, d(&m.declaration_signed_on)),
                (&l.contract_first_signed, d(&m.contract_first_signed_on)),
            ];
            self.element_fields(&l.master_data, rows);
        } else if let Some(n) = text(&citizen.nationality) {
            self.element_fields(
                &l.master_data,
                vec![(&l.nationality, Some(n.to_owned()))],
            );
        }
        let personal = int.personal.as_ref();
        self.element_fields(
            &l.personal,
            vec![
                (&l.marital_status, text(&citizen.marital_status).map(str::to_owned)),
                (&l.children, personal.and_then(|p| p.children).map(|n| n.to_string())),
                (&l.notes, personal.and_then(|p| text(&p.notes)).map(str::to_owned)),
            ],
        );
        if let Some(c) = &int.competences {
            let assessment = c
                .foreign_education_assessment
                .and_then(|a| codes::EDUCATION_ASSESSMENTS.text(a.id))
                .map(str::to_owned);
            let experience = text(&c.language_experience);
            if assessment.is_some() || !c.languages.is_empty() || experience.is_some() {
                self.heading(Level::Element, &l.competences, true);
                self.fields(vec![(&l.foreign_education, assessment)]);
                if !c.languages.is_empty() {
                    self.heading(Level::Item, &l.languages, false);
                    let level = |v: Option<crate::model::Level>| {
                        v.map(codes::level).unwrap_or("").to_owned()
                    };
                    let rows = c
                        .languages
                        .iter()
                        .map(|s| {
                            vec![
                                s.language.clone(),
                                level(s.understanding),
                                level(s.speaking),
                                level(s.reading),
                                level(s.writing),
                            ]
                        })
                        .collect();
                    self.blocks.push(Block::Table {
                        header: vec![
                            l.language.clone(),
                            l.understanding.clone(),
                            l.speaking.clone(),
                            l.reading.clone(),
                            l.writing.clone(),
                        ],
                        rows,
                        columns: vec![0.24, 0.19, 0.19, 0.19, 0.19],
                    });
                }
                if let Some(e) = experience {
                    self.heading(Level::Item, &l.language_experience, false);
                    self.free_text(e);
                }
            }
        }
        if let Some(h) = &int.health {
            self.element_fields(
                &l.health,
                vec![
                    (
                        &l.needs_assessment,
                        h.needs_assessment.map(|a| codes::answer(a).to_owned()),
                    ),
                    (
                        &l.assessment_offered,
                        h.assessment_offered.map(|a| codes::answer(a).to_owned()),
                    ),
                    (&l.notes, text(&h.notes).map(str::to_owned)),
                ],
            );
        }
        if let Some(v) = &int.visitation {
            self.element_fields(
                &l.visitation,
                vec![(&l.person_category, text(&v.person_category).map(str::to_owned))],
            );
        }
        if !int.exemptions.is_empty() {
            self.heading(Level::Element, &l.exemptions, true);
            for e in &int.exemptions {
                let name = codes::EXEMPTIONS.text(e.id).unwrap_or_default();
                self.heading(Level::Item, name, false);
                self.fields(vec![
                    (
                        &l.period,
                        period(
                            e.from.as_ref().map(|d| d.danish()),
                            e.to.as_ref().map(|d| d.danish()),
                        ),
                    ),
                    (&l.comment, text(&e.comment).map(str::to_owned)),
                ]);
            }
        }
    }

    /// An element that is only a list of fields: heading and fields, if any hold data.
    fn element_fields(&mut self, label: &str, rows: Vec<(&String, Option<String>)>) {
        if rows
            .iter()
            .any(|r| r.1.as_ref().is_some_and(|v| !v.trim().is_empty()))
        {
            self.heading(Level::Element, label, true);
            self.fields(rows);
        }
    }

    fn cv(&mut self, cv: &crate::model::Cv) {
        let l = self.l;
        let summary = text(&cv.summary);
        let empty = summary.is_none()
            && cv.work_experience.is_empty()
            && cv.education.is_empty()
            && cv.courses.is_empty()
            && cv.driving_licences.iter().all(|d| d.trim().is_empty());
        if empty {
            return;
        }
        self.heading(Level::Section, &l.cv, true);
        if let Some(s) = summary {
            self.heading(Level::Element, &l.cv_summary, true);
            self.free_text(s);
        }
        let partial = |p: &Option<crate::model::Partial>| p.as_ref().map(|p| p.danish());
        if !cv.work_experience.is_empty() {
            self.heading(Level::Element, &l.work_experience, true);
            let rows: Vec<(String, String)> = cv
                .work_experience
                .iter()
                .map(|w| {
                    let mut value = w.title.clone();
                    if let Some(e) = text(&w.employer) {
                        value = format!("{value}, {e}");
                    }
                    if let Some(d) = text(&w.description) {
                        value = format!("{value}\n{d}");
                    }
                    (period(partial(&w.from), partial(&w.to)).unwrap_or_default(), value)
                })
                .collect();
            self.blocks.push(Block::Fields(rows));
        }
        if !cv.education.is_empty() {
            self.heading(Level::Element, &l.education, true);
            let rows = cv
                .education
                .iter()
                .map(|e| {
                    let value = match text(&e.institution) {
                        Some(i) => format!("{}, {i}", e.title),
                        None => e.title.clone(),
                    };
                    (partial(&e.completed).unwrap_or_default(), value)
                })
                .collect();
            self.blocks.push(Block::Fields(rows));
        }
        if !cv.courses.is_empty() {
            self.heading(Level::Element, &l.courses, true);
            let rows = cv
                .courses
                .iter()
                .map(|c| (partial(&c.completed).unwrap_or_default(), c.title.clone()))
                .collect();
            self.blocks.push(Block::Fields(rows));
        }
        let licences: Vec<&str> = cv
            .driving_licences
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !licences.is_empty() {
            self.heading(Level::Element, &l.driving_licences, true);
            self.para(licences.join(", "), Emphasis::Normal);
        }
    }
}
