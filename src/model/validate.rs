//! Parsing and validation: JSON text in, a checked [`PlanVersion`] or every problem out.
//!
//! Two passes. serde checks the structure (types, unknown fields, required fields, string
//! code lists) and stops at the first problem it meets. When the structure holds, [`check`]
//! walks the whole model and collects every content problem (numeric code ids, dates, CPR
//! format, limits), so a caller fixes them all in one round.

use serde_path_to_error::Segment;

use super::locate::{locate, JsonPath, Seg};
use super::*;
use crate::codes;
use crate::error::{Diagnostic, Error, Kind, Result};

/// How the message of a diagnostic for text that is not JSON begins.
const MALFORMED_JSON: &str = "malformed JSON";

/// Parses and validates a plan version.
pub fn parse(json: &str) -> Result<PlanVersion> {
    // Fast path: plain serde. Only when it fails, parse again tracking the path.
    let plan = match serde_json::from_str::<PlanVersion>(json) {
        Ok(plan) => plan,
        Err(_) => parse_tracked(json)?,
    };
    let problems = check(&plan);
    if problems.is_empty() {
        return Ok(plan);
    }
    Err(Error::Invalid(diagnostics(json, Kind::Content, problems)))
}

/// Diagnostics of `kind` for problems found at JSON paths, with their positions in
/// `json`.
pub fn diagnostics(
    json: &str,
    kind: Kind,
    problems: Vec<(JsonPath, String)>,
) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|(path, message)| {
            // Messages may quote the value ("… is not a date"): a CPR number typed into
            // the wrong field must not come back (held by tests/fuzz_structured.rs).
            Diagnostic::new(kind, redact_cpr(&path.to_string()), redact_cpr(&message))
                .with_position(locate(json, &path))
        })
        .collect()
}

/// Parses with path tracking, to say where the structure is wrong.
fn parse_tracked(json: &str) -> Result<PlanVersion> {
    // Text that is not JSON at all is reported as such, even where the typed parse
    // would first trip over an unknown field before reaching the broken part.
    if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(json) {
        if err.is_syntax() || err.is_eof() {
            let text = err.to_string();
            let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m);
            return Err(Error::Invalid(vec![Diagnostic::malformed(format!(
                "{MALFORMED_JSON}: {message}"
            ))
            .with_position(Some((err.line(), err.column())))]));
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let parsed: std::result::Result<PlanVersion, _> =
        serde_path_to_error::deserialize(&mut de);
    let plan = match parsed {
        Ok(plan) => plan,
        Err(err) => return Err(Error::Invalid(vec![structural(json, err)])),
    };
    if let Err(err) = de.end() {
        let message = format!("{MALFORMED_JSON}: trailing characters after the document");
        let position = Some((err.line(), err.column()));
        return Err(Error::Invalid(vec![
            Diagnostic::malformed(message).with_position(position)
        ]));
    }
    Ok(plan)
}

/// Turns serde's first error into a diagnostic with path and position.
fn structural(
    json: &str,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> Diagnostic {
    let mut path = JsonPath(
        err.path()
            .iter()
            .filter_map(|seg| match seg {
                Segment::Seq { index } => Some(Seg::Index(*index)),
                Segment::Map { key } => Some(Seg::Key(key.clone())),
                Segment::Enum { .. } | Segment::Unknown => None,
            })
            .collect(),
    );
    let inner = err.into_inner();
    // serde quotes the offending value ("invalid type: string \"…\"", "unknown variant
    // `…`"): the message keeps its kind and what was expected, never the value. Say what
    // serde calls `u32` the way a JSON author would.
    let message = crate::redact::serde_message(&inner.to_string())
        .replace("expected u32", "expected a whole number ≥ 0")
        .replace("expected a boolean", "expected true or false");
    // The text is well-formed JSON (checked before this parse), so whatever serde_json
    // calls this error, it is about the shape: an enum given a number, for one, is
    // reported as "expected value".
    let (kind, message) = match inner.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => (
            Kind::Structure,
            format!("invalid type: {message} of the type the contract has here"),
        ),
        _ => (Kind::Structure, message),
    };
    // An unknown key is input too (it may be any text): the path names the object that
    // holds it, the position the key itself.
    let unknown_key = message.starts_with("unknown field");
    if unknown_key && matches!(path.0.last(), Some(Seg::Key(_))) {
        path.0.pop();
    }
    // For content errors, point at the value's start; for syntax errors, where it broke.
    let position = match inner.classify() {
        serde_json::error::Category::Data if !unknown_key => locate(json, &path),
        _ => None,
    }
    .or(Some((inner.line(), inner.column())));
    Diagnostic::new(kind, redact_cpr(&path.to_string()), message).with_position(position)
}

/// `text` with every run of digits that could be a CPR number withheld, in any spelling
/// (see [`crate::redact::cpr`], the one redaction every output channel uses).
pub fn redact_cpr(text: &str) -> String {
    crate::redact::cpr(text)
}

/// Collects every content problem serde cannot see.
pub fn check(plan: &PlanVersion) -> Vec<(JsonPath, String)> {
    let mut c = Checker::default();
    let root = JsonPath::default();
    if plan.schema_version != 1 {
        c.err(
            root.key("schema_version"),
            format!(
                "{} is not a supported schema version (expected 1)",
                plan.schema_version
            ),
        );
    }
    c.version(&root.key("plan_version"), &plan.plan_version);
    c.citizen(&root.key("citizen"), &plan.citizen);
    c.required(&root.key("jobcenter").key("name"), &plan.jobcenter.name);
    c.plan(&root.key("plan"), &plan.plan);
    if let Some(integration) = &plan.integration {
        c.integration(&root.key("integration"), integration);
    }
    if let Some(cv) = &plan.cv {
        c.cv(&root.key("cv"), cv);
    }
    c.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<(JsonPath, String)>,
}

impl Checker {
    fn err(&mut self, path: JsonPath, message: String) {
        self.problems.push((path, message));
    }

    fn required(&mut self, path: &JsonPath, value: &str) {
        if value.trim().is_empty() {
            self.err(path.clone(), "must not be empty".into());
        }
    }

    fn date(&mut self, path: &JsonPath, date: &Option<Date>) {
        if let Some(Err(_)) = date.as_ref().map(Date::get) {
            self.err(path.clone(), "is not a date (expected YYYY-MM-DD)".into());
        }
    }

    fn partial(&mut self, path: &JsonPath, date: &Option<Partial>) {
        if let Some(Err(_)) = date.as_ref().map(Partial::check) {
            let msg = "is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)";
            self.err(path.clone(), msg.into());
        }
    }

    fn code(&mut self, path: &JsonPath, code: &Option<CodeRef>, list: &codes::CodeList) {
        if let Some(code) = code {
            if list.text(code.id).is_none() {
                self.err(
                    path.key("id"),
                    format!(
                        "{} is not {} (expected {})",
                        code.id,
                        list.what,
                        list.expected()
                    ),
                );
            }
        }
    }

    fn dated(&mut self, path: &JsonPath, text: &Option<DatedText>) {
        if let Some(t) = text {
            self.date(&path.key("date"), &t.date);
        }
    }

    fn version(&mut self, path: &JsonPath, v: &VersionInfo) {
        self.required(&path.key("id"), &v.id);
        if v.version_number == 0 {
            self.err(path.key("version_number"), "must be 1 or more".into());
        }
        self.date(&path.key("created_on"), &v.created_on);
        self.date(&path.key("updated_on"), &Some(v.updated_on.clone()));
        self.date(&path.key("read_deadline"), &v.read_deadline);
        if let Some(ack) = &v.acknowledgement {
            let on = path.key("acknowledgement").key("on");
            self.date(&on, &Some(ack.on.clone()));
            if let (Ok(acknowledged), Ok(updated)) = (ack.on.get(), v.updated_on.get()) {
                if acknowledged < updated {
                    self.err(
                        on,
                        format!(
                            "acknowledged on {} before the version was updated on {}",
                            ack.on.danish(),
                            v.updated_on.danish()
                        ),
                    );
                }
            }
        }
        for (i, n) in v.change_notifications.iter().enumerate() {
            let p = path.key("change_notifications").index(i);
            if n.id == 0 {
                self.err(
                    p.key("id"),
                    "0 is not a change notification id (expected 1 or more)".into(),
                );
            } else if codes::notification_text(n.id).is_none() && text(&n.text).is_none()
            {
                self.err(
                    p.key("text"),
                    format!(
                        "change notification {} needs its text (only 63–67 are known)",
                        n.id
                    ),
                );
            }
        }
    }

    fn citizen(&mut self, path: &JsonPath, c: &Citizen) {
        self.required(&path.key("full_name"), &c.full_name);
        if !is_cpr(&c.cpr) {
            // The value itself is never echoed: it may be a real CPR number with a typo.
            self.err(
                path.key("cpr"),
                "is not a CPR number (expected DDMMYY-NNNN)".into(),
            );
        }
    }

    fn plan(&mut self, path: &JsonPath, p: &Plan) {
        for (i, g) in p.job_goals.iter().enumerate() {
            let gp = path.key("job_goals").index(i);
            self.required(&gp.key("title"), &g.title);
            self.date(&gp.key("end"), &g.end);
        }
        for (i, g) in p.education_goals.iter().enumerate() {
            self.required(&path.key("education_goals").index(i).key("title"), &g.title);
        }
        self.code(&path.key("danish_goal"), &p.danish_goal, &codes::DANISH_GOALS);
        for key in [
            ("plan_description", &p.plan_description),
            ("latest_agreement_jobcenter", &p.latest_agreement_jobcenter),
            ("latest_agreement_akasse", &p.latest_agreement_akasse),
            ("akasse_proposal", &p.akasse_proposal),
        ] {
            self.dated(&path.key(key.0), key.1);
        }
        if let Some(r) = &p.job_search_requirements {
            self.date(&path.key("job_search_requirements").key("date"), &r.date);
        }
        if let Some(step) = p.education_order_step {
            let list = &codes::EDUCATION_ORDER_STEPS;
            if list.text(step).is_none() {
                self.err(
                    path.key("education_order_step"),
                    format!("{step} is not {} (expected {})", list.what, list.expected()),
                );
            }
        }
        if let Some(d) = &p.danish_acquisition {
            let dp = path.key("danish_acquisition");
            self.date(
                &dp.key("guided_conditions_for_permanent_residence_on"),
                &d.guided_conditions_for_permanent_residence_on,
            );
            self.date(
                &dp.key("guided_consequences_of_insufficient_danish_on"),
                &d.guided_consequences_of_insufficient_danish_on,
            );
        }
        for (i, iv) in p.interventions.iter().enumerate() {
            let ip = path.key("interventions").index(i);
            self.required(&ip.key("type"), &iv.kind);
            if let Some(id) = iv.type_id {
                if let Err(message) = codes::interventions::check(iv.category, id) {
                    self.err(ip.key("type_id"), message);
                }
            }
            self.dated(&ip.key("latest_status"), &iv.latest_status);
            self.dated(&ip.key("final_status"), &iv.final_status);
            if let Some(when) = &iv.when {
                self.date(&ip.key("when").key("start"), &when.start);
                self.date(&ip.key("when").key("end"), &when.end);
            }
        }
        for (i, a) in p.agreements.iter().enumerate() {
            self.date(
                &path.key("agreements").index(i).key("date"),
                &Some(a.date.clone()),
            );
        }
    }

    fn integration(&mut self, path: &JsonPath, int: &Integration) {
        if let Some(m) = &int.master_data {
            let mp = path.key("master_data");
            self.code(
                &mp.key("residence_basis"),
                &m.residence_basis,
                &codes::RESIDENCE_BASES,
            );
            for (key, date) in [
                ("program_start", &m.program_start),
                ("program_end", &m.program_end),
                ("declaration_signed_on", &m.declaration_signed_on),
                ("contract_first_signed_on", &m.contract_first_signed_on),
                ("handover_date", &m.handover_date),
            ] {
                self.date(&mp.key(key), date);
            }
        }
        if let Some(c) = &int.competences {
            self.code(
                &path.key("competences").key("foreign_education_assessment"),
                &c.foreign_education_assessment,
                &codes::EDUCATION_ASSESSMENTS,
            );
            for (i, l) in c.languages.iter().enumerate() {
                self.required(
                    &path.key("competences").key("languages").index(i).key("language"),
                    &l.language,
                );
            }
        }
        for (i, e) in int.exemptions.iter().enumerate() {
            let ep = path.key("exemptions").index(i);
            self.code(&ep, &Some(CodeRef { id: e.id }), &codes::EXEMPTIONS);
            self.date(&ep.key("from"), &e.from);
            self.date(&ep.key("to"), &e.to);
        }
    }

    fn cv(&mut self, path: &JsonPath, cv: &Cv) {
        for (i, w) in cv.work_experience.iter().enumerate() {
            let wp = path.key("work_experience").index(i);
            self.partial(&wp.key("from"), &w.from);
            self.partial(&wp.key("to"), &w.to);
        }
        for (i, e) in cv.education.iter().enumerate() {
            self.partial(&path.key("education").index(i).key("completed"), &e.completed);
        }
        for (i, c) in cv.courses.iter().enumerate() {
            self.partial(&path.key("courses").index(i).key("completed"), &c.completed);
        }
    }
}

/// `DDMMYY-NNNN` with a plausible day and month (the modulus-11 check was dropped in 2007);
/// the schema's pattern is [`super::schema::patterns::CPR`].
pub fn is_cpr(cpr: &str) -> bool {
    let b = cpr.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 11 || b[6] != b'-' || !digits(0..6) || !digits(7..11) {
        return false;
    }
    let day = (b[0] - b'0') * 10 + (b[1] - b'0');
    let month = (b[2] - b'0') * 10 + (b[3] - b'0');
    (1..=31).contains(&day) && (1..=12).contains(&month)
}

#[cfg(test)]
mod tests {
    use super::is_cpr;

    #[test]
    fn redaction_takes_every_run_that_could_hide_a_cpr_number() {
        use super::redact_cpr;
        // A dash and a digit in front must not hide the number (held by tests/engine/parsers.rs).
        assert_eq!(redact_cpr("x 0-000000-0000 y"), "x (number withheld) y");
        assert_eq!(redact_cpr("\"2403901234\""), "\"(number withheld)\"");
        assert_eq!(
            redact_cpr("12345--67890 2026-03-02 1-2"),
            "12345--67890 2026-03-02 1-2"
        );
    }

    #[test]
    fn cpr_format() {
        assert!(is_cpr("240390-1234"));
        assert!(!is_cpr("2403901234"));
        assert!(!is_cpr("240390-12345"));
        assert!(!is_cpr("321390-1234"));
        assert!(!is_cpr("24039a-1234"));
    }
}
