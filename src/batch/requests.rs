//! What an input asks for: the plan version's JSON and its requests (an envelope's own,
//! or every `--audience` × `--version`), and its plan version id for shard assignment.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Defaults;
use crate::visibility::{NotOneOf, Request};
use crate::{Diagnostic, Error};

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

/// The plan version's JSON in `text` and the renders asked for it: the envelope's one,
/// or every `--audience` × `--version` for a plain plan version.
pub(super) fn requests<'t>(
    text: &'t str,
    defaults: &Defaults,
) -> Result<(&'t str, Vec<Request>), Error> {
    let envelope: Option<Envelope> = serde_json::from_str(text)
        .ok()
        .filter(|e: &Envelope| e.input.is_some());
    if let Some(env) = envelope {
        let request = envelope_request(&env, defaults)?;
        return Ok((env.input.map_or("", RawValue::get), vec![request]));
    }
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
        return Err(Error::Invalid(vec![Diagnostic::request(
            "audience",
            "no audience and version: give --audience and --version, or \"audience\" \
             and \"version\" next to \"input\" in the line",
        )]));
    }
    Ok((text, requests))
}

fn envelope_request(env: &Envelope, defaults: &Defaults) -> Result<Request, Error> {
    let invalid =
        |path: &str, msg: String| Error::Invalid(vec![Diagnostic::request(path, msg)]);
    // A word that is not a name is never echoed: it may be anything, a CPR number too.
    let audience = match env.audience.as_deref() {
        Some(word) => word
            .parse()
            .map_err(|e: NotOneOf| invalid("audience", e.to_string()))?,
        None => *defaults
            .audiences
            .first()
            .ok_or_else(|| invalid("audience", "missing (no --audience given)".into()))?,
    };
    let version_kind = match env.version.as_deref() {
        Some(word) => word
            .parse()
            .map_err(|e: NotOneOf| invalid("version", e.to_string()))?,
        None => *defaults
            .versions
            .first()
            .ok_or_else(|| invalid("version", "missing (no --version given)".into()))?,
    };
    let signature = env.signature.unwrap_or(defaults.signature);
    let acknowledgement = env.acknowledgement.unwrap_or(defaults.acknowledgement);
    Ok(Request { audience, version_kind, signature, acknowledgement })
}

/// The plan version id of a plan version or an envelope, read without building the
/// document (for shard assignment); `None` if the text has none.
pub(super) fn probe_id(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Version {
        id: String,
    }
    #[derive(Deserialize)]
    struct Probe {
        plan_version: Option<Version>,
        input: Option<Box<Probe>>,
    }
    let probe: Probe = serde_json::from_str(text).ok()?;
    match probe.input {
        Some(inner) => inner.plan_version.map(|v| v.id),
        None => probe.plan_version.map(|v| v.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_finds_the_id_of_a_plan_or_an_envelope() {
        let plan =
            r#"{"schema_version": 1, "plan_version": {"id": "PV-1", "x": [1, {}]}}"#;
        assert_eq!(probe_id(plan).as_deref(), Some("PV-1"));
        let envelope = format!(r#"{{"audience": "akasse", "input": {plan}}}"#);
        assert_eq!(probe_id(&envelope).as_deref(), Some("PV-1"));
        for none in [r#"{"plan_version": 7}"#, "{", r#"{"input": 1}"#, "[]"] {
            assert_eq!(probe_id(none), None, "{none}");
        }
    }
}
