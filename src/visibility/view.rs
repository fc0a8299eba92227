//! The view: a plan version as one audience may see it, and nothing more.
//!
//! These types are built only by [`super::resolve`], field by field, each through a
//! decision that names its row of the visibility matrix ([`super::matrix::Row`]). They
//! borrow leaf values (texts, dates, code-list names) from the input, never an input
//! struct: so compose, which reads only the view, cannot reach a field the view left out,
//! and a field added to the input tomorrow shows nothing until it is given a row here.
//!
//! Lists are in the order the document prints them; "what is shown" has been decided.

use crate::model::AgreementKind;
use crate::model::{
    Answer, Authority, Date, JobGoalKind, Level, Partial, PlanType, State,
};

use super::Request;

/// Everything one PDF may say.
#[derive(Debug, Clone)]
pub struct View<'a> {
    /// The request this view was resolved for.
    pub request: Request,
    /// Which title the document carries.
    pub title: Title,
    /// Identity and status of the version.
    pub version: Version<'a>,
    /// The citizen: name and CPR number (page 2).
    pub citizen: Identity<'a>,
    /// The citizen's current jobcenter.
    pub jobcenter: Option<Jobcenter<'a>>,
    /// The plan.
    pub plan: Plan<'a>,
    /// The integration contract, when it is open and this audience may see it.
    pub integration: Option<Integration<'a>>,
    /// The CV (current versions, citizen and jobcenter).
    pub cv: Option<Cv<'a>>,
    /// The guidance paragraphs this audience may see, in input order.
    pub guidance: Vec<&'a str>,
    /// The signature page, when requested and allowed.
    pub signature: Option<Signature<'a>>,
    /// The acknowledgement page (kvittering), when requested and allowed.
    pub acknowledgement: Option<Kvittering<'a>>,
}

/// The document's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Title {
    /// "Min plan".
    Plan,
    /// "Min plan – integrationskontrakt": an open contract this audience may see.
    IntegrationContract,
}

/// Identity and status of the version. Its id, number, type and dates identify the
/// document (file name, metadata, title block) and are plan content for every audience; the
/// rest passes the gate like any other value.
#[derive(Debug, Clone)]
pub struct Version<'a> {
    /// The plan version's id in the case system (file names, metadata).
    pub id: &'a str,
    /// The version number.
    pub number: u32,
    /// The plan type.
    pub plan_type: PlanType,
    /// Created ("Oprettet").
    pub created: &'a Date,
    /// Last updated ("Opdateret").
    pub updated: &'a Date,
    /// "Frist for læsning af planen".
    pub read_deadline: Option<&'a Date>,
    /// "Din plan er ændret. Du har fået: …", the texts this audience may see.
    pub notifications: Vec<&'a str>,
    /// How and when the version was acknowledged, if it was.
    pub acknowledged: Option<Acknowledged<'a>>,
    /// An earlier version ("Historisk version").
    pub historical: bool,
}

/// "Kvitteret 05.03.2026 (på Jobnet)".
#[derive(Debug, Clone)]
pub struct Acknowledged<'a> {
    /// The day.
    pub on: &'a Date,
    /// Who, where it was not the citizen ("af kommunen på borgerens vegne").
    pub by: Option<&'static str>,
    /// How ("på Jobnet").
    pub method: Option<&'static str>,
}

/// The citizen's name and CPR number.
#[derive(Debug, Clone)]
pub struct Identity<'a> {
    /// Full name.
    pub name: Option<&'a str>,
    /// CPR number (page 2 only, never page 1 or metadata).
    pub cpr: Option<&'a str>,
}

/// The citizen's current jobcenter.
#[derive(Debug, Clone)]
pub struct Jobcenter<'a> {
    /// Name.
    pub name: &'a str,
    /// Address lines ("Værkmestergade 15B", "8000 Aarhus C").
    pub address: Vec<String>,
    /// Phone number.
    pub phone: Option<&'a str>,
    /// E-mail address.
    pub email: Option<&'a str>,
    /// "Din sagsbehandler".
    pub caseworker: Option<Caseworker<'a>>,
}

/// The caseworker.
#[derive(Debug, Clone)]
pub struct Caseworker<'a> {
    /// Name.
    pub name: Option<&'a str>,
    /// Job title.
    pub title: Option<&'a str>,
    /// Phone number.
    pub phone: Option<&'a str>,
    /// E-mail address.
    pub email: Option<&'a str>,
}

/// A free text with an optional date.
#[derive(Debug, Clone)]
pub struct Dated<'a> {
    /// The day.
    pub date: Option<&'a Date>,
    /// The text (blank lines separate paragraphs).
    pub text: &'a str,
}

/// The plan section.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// Jobmål: the current job goals (none that ended before the version's date).
    pub job_goals: Vec<(JobGoalKind, &'a str)>,
    /// Danskmål placed under Jobmål: a plan with a current job goal to show, other than
    /// an education plan or a plan without a plan type (seed 000 §5.2.1). Never without
    /// a job goal beside it.
    pub danish_goal_under_job_goals: Option<DanishGoal>,
    /// Which heading the plan description carries.
    pub description_heading: DescriptionHeading,
    /// Uddannelsesmål: (title, institution, description).
    pub education_goals: Vec<EducationGoal<'a>>,
    /// The education order's step.
    pub education_order_step: Option<OrderStep>,
    /// The plan description.
    pub description: Option<Dated<'a>>,
    /// Seneste aftale med jobcenter.
    pub latest_agreement_jobcenter: Option<Dated<'a>>,
    /// Seneste aftale med a-kasse.
    pub latest_agreement_akasse: Option<Dated<'a>>,
    /// A-kassens forslag til indhold i Min Plan.
    pub akasse_proposal: Option<Dated<'a>>,
    /// Krav til jobsøgning.
    pub job_search: Option<JobSearch<'a>>,
    /// Dansktilegnelse.
    pub danish_acquisition: Option<DanishAcquisition<'a>>,
    /// The current interventions, in order of start date.
    pub interventions: Vec<Intervention<'a>>,
    /// Aftaler, in date order.
    pub agreements: Vec<Agreement<'a>>,
}

/// The plan description's heading (seed 001 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescriptionHeading {
    /// "For at nå mit mål, har vi aftalt".
    AgreedToReachTheGoal,
    /// "Din sagsbehandlers kommentarer til dig": education plans, and any plan with an
    /// education order.
    CaseworkerComments,
}

/// Danskmål: name and description from the code list.
#[derive(Debug, Clone, Copy)]
pub struct DanishGoal {
    /// "Danskuddannelse 2".
    pub name: &'static str,
    /// The code list's description.
    pub description: &'static str,
}

/// One education goal.
#[derive(Debug, Clone)]
pub struct EducationGoal<'a> {
    /// The education.
    pub title: &'a str,
    /// Where.
    pub institution: Option<&'a str>,
    /// Free text.
    pub description: Option<&'a str>,
}

/// "Trin 2 af 4" and the step's name.
#[derive(Debug, Clone, Copy)]
pub struct OrderStep {
    /// 1–4.
    pub step: u32,
    /// The step's name (seed 001 §5.1).
    pub name: &'static str,
}

/// Krav til jobsøgning.
#[derive(Debug, Clone)]
pub struct JobSearch<'a> {
    /// Who set them.
    pub authority: Option<Authority>,
    /// When.
    pub date: Option<&'a Date>,
    /// Stillingsbetegnelser.
    pub job_titles: Vec<&'a str>,
    /// Brancher og faglige områder.
    pub industries: Vec<&'a str>,
    /// Geografiske områder.
    pub areas: Vec<&'a str>,
    /// Øvrige forventninger til jobsøgning.
    pub text: Option<&'a str>,
}

/// Dansktilegnelse.
#[derive(Debug, Clone)]
pub struct DanishAcquisition<'a> {
    /// Marked "Skal læses".
    pub must_read: bool,
    /// Vejledt efter bek. § 16, stk. 8.
    pub guided_permanent_residence: Option<&'a Date>,
    /// Vejledt efter bek. § 16, stk. 9–11.
    pub guided_insufficient_danish: Option<&'a Date>,
    /// Danskmål, for education plans and plans without a plan type.
    pub danish_goal: Option<DanishGoal>,
}

/// One current intervention.
#[derive(Debug, Clone)]
pub struct Intervention<'a> {
    /// Its type's name (from the national list where `type_id` is given).
    pub name: &'a str,
    /// Planned or ongoing: printed with the period under "Hvornår", never as a
    /// "Status" beside "Seneste status" (seed 001 §6.2).
    pub state: State,
    /// Seneste status.
    pub latest_status: Option<Dated<'a>>,
    /// Hvad er aftalt.
    pub what: Option<&'a str>,
    /// Hvornår: start and end.
    pub when: (Option<&'a Date>, Option<&'a Date>),
    /// Hvor: organisation, address lines, contact.
    pub place: Option<Place<'a>>,
    /// Hvorfor.
    pub why: Option<&'a str>,
}

/// Where an intervention takes place.
#[derive(Debug, Clone)]
pub struct Place<'a> {
    /// Mødested: where the citizen must turn up, name and address lines (printed first).
    pub meeting_place: Vec<String>,
    /// Company or institution.
    pub organisation: Option<&'a str>,
    /// Address lines.
    pub address: Vec<String>,
    /// Contact person: name, role, phone, e-mail (those given).
    pub contact: Vec<&'a str>,
}

/// One agreement.
#[derive(Debug, Clone)]
pub struct Agreement<'a> {
    /// With whom.
    pub kind: AgreementKind,
    /// When.
    pub date: &'a Date,
    /// What.
    pub text: Option<&'a str>,
    /// Still ahead: dated after the version, or marked upcoming.
    pub upcoming: bool,
}

/// The integration contract.
#[derive(Debug, Clone)]
pub struct Integration<'a> {
    /// Stamdata.
    pub master_data: MasterData<'a>,
    /// Personlige forhold.
    pub personal: Personal<'a>,
    /// Supplerende kompetencer og kvalifikationer.
    pub competences: Option<Competences<'a>>,
    /// Helbredsmæssige forhold.
    pub health: Option<Health<'a>>,
    /// Visitation: person category.
    pub person_category: Option<&'a str>,
    /// Current exemptions.
    pub exemptions: Vec<Exemption<'a>>,
}

/// Stamdata.
#[derive(Debug, Clone, Default)]
pub struct MasterData<'a> {
    /// "Omfattet af integrationsloven som".
    pub residence_basis: Option<&'static str>,
    /// Nationality.
    pub nationality: Option<&'a str>,
    /// Programme start.
    pub program_start: Option<&'a Date>,
    /// Programme end.
    pub program_end: Option<&'a Date>,
    /// The declaration was signed.
    pub declaration_signed: Option<&'a Date>,
    /// The contract was first signed.
    pub contract_first_signed: Option<&'a Date>,
    /// Forvaltning, der koordinerer integrationsindsatsen.
    pub coordinating_department: Option<&'a str>,
}

/// Personlige forhold.
#[derive(Debug, Clone, Default)]
pub struct Personal<'a> {
    /// Civilstand.
    pub marital_status: Option<&'a str>,
    /// Børn.
    pub children: Option<u32>,
    /// Notes.
    pub notes: Option<&'a str>,
}

/// Supplerende kompetencer og kvalifikationer.
#[derive(Debug, Clone)]
pub struct Competences<'a> {
    /// Vurdering af medbragt uddannelse.
    pub foreign_education: Option<&'static str>,
    /// The languages table: language and the four levels.
    pub languages: Vec<(&'a str, [Option<Level>; 4])>,
    /// Erfaring med sproget.
    pub experience: Option<&'a str>,
}

/// Helbredsmæssige forhold.
#[derive(Debug, Clone)]
pub struct Health<'a> {
    /// Behov for helbredsvurdering.
    pub needs_assessment: Option<Answer>,
    /// Afgivet tilbud om helbredsvurdering.
    pub assessment_offered: Option<Answer>,
    /// Notes.
    pub notes: Option<&'a str>,
}

/// One current exemption.
#[derive(Debug, Clone)]
pub struct Exemption<'a> {
    /// Its id in the code list.
    pub id: u32,
    /// Its name from the code list.
    pub name: &'static str,
    /// From.
    pub from: Option<&'a Date>,
    /// To.
    pub to: Option<&'a Date>,
    /// Kommentar.
    pub comment: Option<&'a str>,
}

/// The CV.
#[derive(Debug, Clone)]
pub struct Cv<'a> {
    /// Om mig.
    pub summary: Option<&'a str>,
    /// Erhvervserfaring: period bounds, title, employer, description.
    pub work: Vec<Work<'a>>,
    /// Uddannelse: completed, title, institution.
    pub education: Vec<(Option<&'a Partial>, &'a str, Option<&'a str>)>,
    /// Kurser: completed, title.
    pub courses: Vec<(Option<&'a Partial>, &'a str)>,
    /// Kørekort.
    pub driving_licences: Vec<&'a str>,
}

/// One job held.
#[derive(Debug, Clone)]
pub struct Work<'a> {
    /// From.
    pub from: Option<&'a Partial>,
    /// To.
    pub to: Option<&'a Partial>,
    /// Job title.
    pub title: &'a str,
    /// Employer.
    pub employer: Option<&'a str>,
    /// What the job was.
    pub description: Option<&'a str>,
}

/// The signature page: the first version of an open integration contract, signed on paper
/// by citizen and municipality (seed 000 §7.2, bek. § 4).
#[derive(Debug, Clone)]
pub struct Signature<'a> {
    /// The citizen's name, printed under the citizen's line.
    pub citizen: &'a str,
    /// The municipality: the jobcenter's name.
    pub municipality: &'a str,
    /// The caseworker's name and title, printed under the municipality's line.
    pub caseworker: Option<(Option<&'a str>, Option<&'a str>)>,
    /// The version signed.
    pub version: u32,
    /// Its date.
    pub updated: &'a Date,
}

/// The acknowledgement page (kvittering): later versions are acknowledged (seed 000 §7.2,
/// bek. § 17, stk. 4).
#[derive(Debug, Clone)]
pub struct Kvittering<'a> {
    /// The citizen's name.
    pub citizen: &'a str,
    /// The plan version's id, naming what is acknowledged; `None` where the id could be
    /// a CPR number (the kvittering is returned on paper and carries none).
    pub id: Option<&'a str>,
    /// The version acknowledged.
    pub version: u32,
    /// Its date.
    pub updated: &'a Date,
    /// Where to return a signed copy: the jobcenter's name and address lines.
    pub return_to: (&'a str, Vec<String>),
}
