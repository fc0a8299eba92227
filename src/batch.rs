//! Batch rendering: many plan versions, all cores, one PDF per input and request.
//!
//! Input is NDJSON (one plan version per line, or an envelope
//! `{"audience": …, "version": …, "signature": …, "input": {plan version}}`) or a
//! directory of JSON files. Work runs in chunks: each chunk is parsed and validated in
//! parallel, named in input order (so names are deterministic), then rendered and written
//! in parallel. A bad input is reported with its line (or file) and does not stop the rest.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::PlanVersion;
use crate::visibility::{Audience, Request, VersionKind};
use crate::{Engine, Error};

/// Inputs handled per chunk: bounds memory whatever the input size.
const CHUNK: usize = 512;

/// One input document, with where it came from.
pub struct Source {
    /// "line 12" or a file name, for messages.
    pub label: String,
    /// The text: a plan version or an envelope.
    pub text: String,
}

/// What the command line asks for when an input does not say.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// Audiences to render each plain plan version for.
    pub audiences: Vec<Audience>,
    /// Version kinds to render each plain plan version for.
    pub versions: Vec<VersionKind>,
    /// Add signature lines.
    pub signature: bool,
    /// Add the acknowledgement page (kvittering).
    pub acknowledgement: bool,
}

/// The result of one render.
#[derive(Debug)]
pub struct Outcome {
    /// Where the input came from.
    pub label: String,
    /// The written file, or why there is none.
    pub result: Result<PathBuf, Error>,
}

/// An input line that carries its own request.
#[derive(Deserialize)]
struct Envelope<'a> {
    audience: Option<String>,
    version: Option<String>,
    signature: Option<bool>,
    acknowledgement: Option<bool>,
    #[serde(borrow)]
    input: Option<&'a RawValue>,
}

/// A validated job, ready to render.
struct Job {
    label: String,
    plan: PlanVersion,
    request: Request,
}

/// Renders every source into `out_dir`; `tick` is called once per finished render (for
/// a progress bar). Outcomes come back in input order.
pub fn run(
    engine: &Engine,
    sources: Vec<Source>,
    defaults: &Defaults,
    out_dir: &Path,
    tick: &(dyn Fn(u64) + Sync),
) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(sources.len());
    let mut taken = HashSet::new();
    let mut sources = sources.into_iter().peekable();
    while sources.peek().is_some() {
        let chunk: Vec<Source> = sources.by_ref().take(CHUNK).collect();
        // Parse and validate in parallel; each source may yield several jobs.
        let prepared: Vec<Vec<Result<Job, Outcome>>> =
            chunk.into_par_iter().map(|s| prepare(engine, s, defaults)).collect();
        // Name in input order, so names do not depend on thread timing.
        let mut named = Vec::new();
        for result in prepared.into_iter().flatten() {
            match result {
                Ok(job) => {
                    let path = out_dir
                        .join(unique(&mut taken, file_name(&job.plan, job.request)));
                    named.push((job, path));
                }
                Err(outcome) => {
                    tick(1);
                    outcomes.push(outcome);
                }
            }
        }
        let rendered: Vec<Outcome> = named
            .into_par_iter()
            .map(|(job, path)| {
                let result = engine
                    .render_plan(&job.plan, job.request)
                    .and_then(|pdf| write(&path, &pdf).map(|()| path));
                tick(1);
                Outcome { label: job.label, result }
            })
            .collect();
        outcomes.extend(rendered);
    }
    outcomes
}

/// How many renders `sources` stand for, for a progress bar's length (an estimate:
/// envelopes count once).
pub fn expected(sources: &[Source], defaults: &Defaults) -> u64 {
    let per = (defaults.audiences.len().max(1) * defaults.versions.len().max(1)) as u64;
    sources.len() as u64 * per
}

fn prepare(
    engine: &Engine,
    source: Source,
    defaults: &Defaults,
) -> Vec<Result<Job, Outcome>> {
    let fail =
        |label: &str, e: Error| Err(Outcome { label: label.to_owned(), result: Err(e) });
    let envelope: Option<Envelope> = serde_json::from_str(&source.text)
        .ok()
        .filter(|e: &Envelope| e.input.is_some());
    let (text, requests) = match envelope {
        Some(env) => match envelope_request(&env, defaults) {
            Ok(request) => (env.input.map_or("", RawValue::get), vec![request]),
            Err(e) => return vec![fail(&source.label, e)],
        },
        None => {
            let mut requests = Vec::new();
            for &audience in &defaults.audiences {
                for &version_kind in &defaults.versions {
                    requests.push(Request {
                        audience,
                        version_kind,
                        signature: defaults.signature,
                        acknowledgement: defaults.acknowledgement,
                    });
                }
            }
            if requests.is_empty() {
                let e = Error::Invalid(vec![crate::Diagnostic::at(
                    "audience",
                    "no audience and version: give --audience and --version, or \"audience\" \
                     and \"version\" next to \"input\" in the line",
                )]);
                return vec![fail(&source.label, e)];
            }
            (source.text.as_str(), requests)
        }
    };
    let plan = match engine.validate(text) {
        Ok(plan) => plan,
        Err(e) => return vec![fail(&source.label, e)],
    };
    requests
        .into_iter()
        .map(|request| match request.check() {
            Ok(()) => {
                Ok(Job { label: source.label.clone(), plan: plan.clone(), request })
            }
            Err(d) => fail(&source.label, Error::Invalid(vec![d])),
        })
        .collect()
}

fn envelope_request(env: &Envelope, defaults: &Defaults) -> Result<Request, Error> {
    let invalid =
        |path: &str, msg: String| Error::Invalid(vec![crate::Diagnostic::at(path, msg)]);
    let audience = match env.audience.as_deref() {
        Some("citizen") => Audience::Citizen,
        Some("jobcenter") => Audience::Jobcenter,
        Some("akasse") => Audience::Akasse,
        Some(other) => {
            return Err(invalid(
                "audience",
                format!("{other:?} is not citizen, jobcenter or akasse"),
            ))
        }
        None => *defaults
            .audiences
            .first()
            .ok_or_else(|| invalid("audience", "missing (no --audience given)".into()))?,
    };
    let version_kind = match env.version.as_deref() {
        Some("current") => VersionKind::Current,
        Some("historical") => VersionKind::Historical,
        Some(other) => {
            return Err(invalid(
                "version",
                format!("{other:?} is not current or historical"),
            ))
        }
        None => *defaults
            .versions
            .first()
            .ok_or_else(|| invalid("version", "missing (no --version given)".into()))?,
    };
    let signature = env.signature.unwrap_or(defaults.signature);
    let acknowledgement = env.acknowledgement.unwrap_or(defaults.acknowledgement);
    Ok(Request { audience, version_kind, signature, acknowledgement })
}

/// `PV-2026-000731-v7-citizen-current.pdf`: plan version id and number, never a CPR
/// number or a name.
pub fn file_name(plan: &PlanVersion, request: Request) -> String {
    let id: String = plan
        .plan_version
        .id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let page = match (request.signature, request.acknowledgement) {
        (true, _) => "-signature",
        (false, true) => "-acknowledgement",
        (false, false) => "",
    };
    format!(
        "{id}-v{}-{}-{}{page}.pdf",
        plan.plan_version.version_number, request.audience, request.version_kind
    )
}

/// The name, or the name with `-2`, `-3`, … if an earlier input already took it.
fn unique(taken: &mut HashSet<String>, name: String) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let stem = name.trim_end_matches(".pdf");
    (2..)
        .map(|n| format!("{stem}-{n}.pdf"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or(name)
}

fn write(path: &Path, pdf: &[u8]) -> Result<(), Error> {
    std::fs::write(path, pdf)
        .map_err(|e| Error::Pdf(format!("cannot write {}: {e}", path.display())))
}

/// Reads NDJSON: one source per non-empty line, labelled with its line number.
pub fn read_ndjson(text: &str) -> Vec<Source> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| Source {
            label: format!("line {}", i + 1),
            text: line.to_owned(),
        })
        .collect()
}

/// Reads every `*.json` file of a directory, in name order.
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<Source>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)?;
            let label = p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            Ok(Source { label, text })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_names_get_a_suffix() {
        let mut taken = HashSet::new();
        assert_eq!(unique(&mut taken, "a.pdf".into()), "a.pdf");
        assert_eq!(unique(&mut taken, "a.pdf".into()), "a-2.pdf");
        assert_eq!(unique(&mut taken, "a.pdf".into()), "a-3.pdf");
    }

    #[test]
    fn ndjson_lines_keep_their_numbers() {
        let sources = read_ndjson("{}\n\n{\"a\":1}\n");
        let labels: Vec<&str> = sources.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["line 1", "line 3"]);
    }
}
