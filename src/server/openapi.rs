//! The service's OpenAPI 3.1 description, served at `/openapi.json`.

use serde_json::{json, Value};

/// The OpenAPI document for every route of [`super::app`].
pub fn openapi() -> Value {
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
            "schema": { "$ref": "/schema/plan-version.json" } } }
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "minplan",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Renders Danish employment-service plans (Min plan, integrationskontrakt) to tagged PDF (PDF/UA-1, PDF/A-2a). What each audience sees follows the visibility matrix."
        },
        "paths": {
            "/v1/render": { "post": {
                "operationId": "render",
                "summary": "Render a plan version to PDF for one audience and version kind",
                "parameters": [
                    { "name": "audience", "in": "query", "required": true,
                      "schema": { "type": "string", "enum": ["citizen", "jobcenter", "akasse"] } },
                    { "name": "version", "in": "query", "required": true,
                      "schema": { "type": "string", "enum": ["current", "historical"] } },
                    { "name": "signature", "in": "query", "required": false,
                      "description": "Add the signature page: only for the first, not yet signed version (integration.master_data.contract_first_signed_on empty) of an open integration contract, audience jobcenter, version current; otherwise 422 with the reason (later versions are acknowledged, not signed).",
                      "schema": { "type": "boolean", "default": false } },
                    { "name": "acknowledgement", "in": "query", "required": false,
                      "description": "Add the acknowledgement page (kvittering) where the citizen confirms having received and read this version: audience citizen or jobcenter, version current, a version not yet acknowledged (plan_version.acknowledgement empty) and not the first version of an integration contract (which is signed); never together with signature. Otherwise 422 with the reason.",
                      "schema": { "type": "boolean", "default": false } }
                ],
                "requestBody": body,
                "responses": {
                    "200": {
                        "description": "The PDF; Content-Disposition names it <plan version id>-v<number>-<audience>-<version>.pdf.",
                        "headers": { "Content-Disposition": { "schema": { "type": "string" } } },
                        "content": { "application/pdf": {
                            "schema": { "type": "string", "format": "binary" } } }
                    },
                    "400": problem("Malformed JSON, or a bad query parameter"),
                    "408": problem("The body did not arrive in time"),
                    "413": problem("The body is over the size limit"),
                    "415": problem("Not application/json"),
                    "422": problem("The plan version is invalid (each problem is listed by JSON path), or the request asks for a signature or acknowledgement page the plan version does not allow (path `signature` or `acknowledgement`, with the reason)"),
                    "500": problem("A bug in minplan"),
                    "503": problem("All render slots are busy; see Retry-After")
                }
            } },
            "/v1/validate": { "post": {
                "operationId": "validate",
                "summary": "Check a plan version without rendering it",
                "requestBody": body,
                "responses": {
                    "200": { "description": "Valid", "content": { "application/json": {
                        "schema": { "type": "object",
                                    "properties": { "valid": { "type": "boolean" } } } } } },
                    "400": problem("Malformed JSON"),
                    "408": problem("The body did not arrive in time"),
                    "413": problem("The body is over the size limit"),
                    "415": problem("Not application/json"),
                    "422": problem("The plan version is invalid; each problem is listed by JSON path"),
                    "503": problem("All slots are busy; see Retry-After")
                }
            } },
            "/healthz": { "get": {
                "operationId": "healthz", "summary": "The process is up",
                "responses": { "200": { "description": "Up" } }
            } },
            "/readyz": { "get": {
                "operationId": "readyz", "summary": "The service admits requests now",
                "responses": {
                    "200": { "description": "Ready" },
                    "503": problem("Saturated")
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
                "responses": { "200": { "description": "OpenAPI 3.1" } }
            } },
            "/schema/plan-version.json": { "get": {
                "operationId": "planVersionSchema",
                "summary": "The JSON Schema (2020-12) of the plan-version input",
                "responses": { "200": { "description": "JSON Schema" } }
            } }
        },
        "components": { "schemas": { "Problem": {
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
                    "required": ["path", "message"],
                    "properties": {
                        "path": { "type": "string" },
                        "line": { "type": "integer" },
                        "column": { "type": "integer" },
                        "message": { "type": "string" }
                    }
                } }
            }
        } } }
    })
}
