//! The service's OpenAPI 3.1 description, served at `/openapi.json`.
//!
//! It holds the input's JSON Schema itself (under `components/schemas`, the same schema
//! `/schema/plan-version.json` serves), and the render request's parameters as one
//! query object whose schema says which combinations the engine accepts (a signature only
//! where the visibility matrix has one), so a client generated from this document, or a
//! tool like schemathesis, never sends a request that is refused for a reason the
//! document did not state.

use serde_json::{json, Map, Value};

use schemars::JsonSchema as _;

use crate::visibility::{Audience, Request, VersionKind};

/// The OpenAPI document for every route of [`super::app`], with `input_schema` (the
/// plan version's JSON Schema, from [`crate::Engine::input_schema`]).
pub fn openapi(input_schema: &Value) -> Value {
    let problem = |description: &str| {
        json!({
            "description": description,
            "content": { "application/problem+json": {
                "schema": { "$ref": "#/components/schemas/Problem" } } }
        })
    };
    let body = json!({
        "required": true,
        "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/PlanVersion" } } }
    });
    let status = |value: &str| {
        json!({ "type": "object", "required": ["status"],
                "properties": { "status": { "type": "string", "const": value } } })
    };
    let mut schemas = embedded(input_schema);
    schemas.insert("Problem".into(), problem_schema());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "minplan",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Renders Danish employment-service plans (Min plan, integrationskontrakt) to tagged PDF (PDF/UA-1, PDF/A-2a). What each audience sees follows the visibility matrix. The plan version's schema states every rule the validator checks that JSON Schema can express; a document that satisfies it is rendered."
        },
        "paths": {
            "/v1/render": { "post": {
                "operationId": "render",
                "summary": "Render a plan version to PDF for one audience and version kind",
                "parameters": [{
                    "name": "request",
                    "in": "query",
                    "required": true,
                    "style": "form",
                    "explode": true,
                    "description": "audience and version; signature (the signature page: only for the first, not yet signed version of an open integration contract, audience jobcenter, version current) or acknowledgement (the kvittering page: audience citizen or jobcenter, version current, a version not yet acknowledged and not the first version of a contract); never both. What the plan version itself does not allow is refused with 422 and the reason. Sent as separate query parameters: ?audience=jobcenter&version=current&acknowledgement=true.",
                    "schema": request_schema()
                }],
                "requestBody": body,
                "responses": {
                    "200": {
                        "description": "The PDF; Content-Disposition names it <plan version id>-v<number>-<audience>-<version>.pdf.",
                        "headers": {
                            "Content-Disposition": { "schema": { "type": "string" } },
                            "Minplan-Warnings": {
                                "description": "Present when the PDF draws a character no bundled font has a glyph for as a visible substitute (the text layer keeps the character): the JSON path of each such field and the code point, comma-separated (`plan.plan_description.text U+6F22, citizen.full_name U+0623`), at most 20 and then `and N more`. A plan is never refused for the characters of its text.",
                                "schema": { "type": "string" }
                            }
                        },
                        "content": { "application/pdf": {
                            "schema": { "type": "string", "format": "binary" } } }
                    },
                    "400": problem("Malformed JSON, or a missing or unknown query parameter"),
                    "408": problem("The body did not arrive in time"),
                    "413": problem("The body is over the size limit"),
                    "415": problem("Not application/json"),
                    "422": problem("The plan version is invalid (each problem is listed by JSON path), or the signature or acknowledgement page asked for is refused (kind `refused`, path `signature` or `acknowledgement`, with the reason: for this audience or version kind, or for this plan version)"),
                    "500": problem("A bug in minplan"),
                    "503": busy(problem("All render slots are busy; see Retry-After"))
                }
            } },
            "/v1/validate": { "post": {
                "operationId": "validate",
                "summary": "Check a plan version without rendering it",
                "requestBody": body,
                "responses": {
                    "200": { "description": "Valid", "content": { "application/json": {
                        "schema": { "type": "object", "required": ["valid"],
                                    "properties": { "valid": { "const": true } } } } } },
                    "400": problem("Malformed JSON"),
                    "408": problem("The body did not arrive in time"),
                    "413": problem("The body is over the size limit"),
                    "415": problem("Not application/json"),
                    "422": problem("The plan version is invalid; each problem is listed by JSON path"),
                    "500": problem("A bug in minplan"),
                    "503": busy(problem("All slots are busy; see Retry-After"))
                }
            } },
            "/healthz": { "get": {
                "operationId": "healthz", "summary": "The process is up",
                "responses": { "200": { "description": "Up", "content": {
                    "application/json": { "schema": status("ok") } } } }
            } },
            "/readyz": { "get": {
                "operationId": "readyz", "summary": "The service admits requests now",
                "responses": {
                    "200": { "description": "Ready", "content": {
                        "application/json": { "schema": status("ready") } } },
                    "503": busy(problem("Saturated"))
                }
            } },
            "/metrics": { "get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics: renders by audience, version kind and outcome, render durations, 503s, renders in flight",
                "responses": { "200": {
                    "description": "Prometheus text format 0.0.4; no personal data in labels",
                    "content": { "text/plain": { "schema": { "type": "string" } } }
                } }
            } },
            "/openapi.json": { "get": {
                "operationId": "openapi", "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.1", "content": {
                    "application/json": { "schema": { "type": "object" } } } } }
            } },
            "/schema/plan-version.json": { "get": {
                "operationId": "planVersionSchema",
                "summary": "The JSON Schema (2020-12) of the plan-version input",
                "responses": { "200": { "description": "JSON Schema", "content": {
                    "application/json": { "schema": { "type": "object" } } } } }
            } }
        },
        "components": { "schemas": Value::Object(schemas) }
    })
}

/// A 503 answer with its `Retry-After` header.
fn busy(mut response: Value) -> Value {
    response["headers"] =
        json!({ "Retry-After": { "schema": { "type": "integer", "minimum": 1 } } });
    response
}

/// The input schema's definitions as components, with `PlanVersion` as the root and every
/// `#/$defs/…` reference pointed at `#/components/schemas/…`.
fn embedded(input_schema: &Value) -> Map<String, Value> {
    let mut root = input_schema.clone();
    let defs = root
        .as_object_mut()
        .and_then(|r| {
            r.remove("$schema");
            r.remove("$defs")
        })
        .and_then(|d| match d {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default();
    let mut out = Map::new();
    out.insert("PlanVersion".into(), root);
    out.extend(defs);
    for schema in out.values_mut() {
        repoint(schema);
    }
    out
}

fn repoint(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(target) if key == "$ref" => {
                        if let Some(name) = target.strip_prefix("#/$defs/") {
                            *target = format!("#/components/schemas/{name}");
                        }
                    }
                    other => repoint(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(repoint),
        _ => {}
    }
}

/// The render request's query parameters as one object: which combinations exist, and
/// where a signature may be asked for, taken from the visibility matrix itself.
fn request_schema() -> Value {
    // Every combination `Request::check` admits, as one `anyOf` branch of constants
    // (an absent flag is false, which a `const: false` admits).
    let mut allowed = Vec::new();
    for &audience in Audience::ALL {
        for &version_kind in VersionKind::ALL {
            for (signature, acknowledgement) in
                [(false, false), (true, false), (false, true)]
            {
                let request =
                    Request { audience, version_kind, signature, acknowledgement };
                if request.check().is_ok() {
                    allowed.push(json!({
                        "properties": {
                            "audience": { "const": audience.to_string() },
                            "version": { "const": version_kind.to_string() },
                            "signature": { "const": signature },
                            "acknowledgement": { "const": acknowledgement }
                        }
                    }));
                }
            }
        }
    }
    let mut generator = schemars::SchemaGenerator::default();
    json!({
        "type": "object",
        "properties": {
            "audience": Audience::json_schema(&mut generator),
            "version": VersionKind::json_schema(&mut generator),
            "signature": { "type": "boolean", "default": false },
            "acknowledgement": { "type": "boolean", "default": false }
        },
        "required": ["audience", "version"],
        "additionalProperties": false,
        "anyOf": allowed
    })
}

fn problem_schema() -> Value {
    let kinds: Vec<&str> = crate::error::Kind::ALL.iter().map(|k| k.name()).collect();
    json!({
        "type": "object",
        "description": "RFC 9457 problem details",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": { "type": "string" },
            "title": { "type": "string" },
            "status": { "type": "integer" },
            "detail": { "type": "string" },
            "errors": { "type": "array", "items": {
                "type": "object",
                "required": ["kind", "path", "message"],
                "properties": {
                    "kind": { "type": "string", "enum": kinds },
                    "path": { "type": "string" },
                    "line": { "type": "integer", "minimum": 1 },
                    "column": { "type": "integer", "minimum": 1 },
                    "message": { "type": "string" }
                }
            } }
        }
    })
}
