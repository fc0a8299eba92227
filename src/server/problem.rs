//! Errors as `application/problem+json` (RFC 9457), one shape for every failure.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{Diagnostic, Error, Kind};

/// A problem document. Its `detail` and `errors` name JSON paths and say what is wrong;
/// they never repeat input values (so never a CPR number).
#[derive(Debug, Serialize)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A short summary of the kind.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// Each problem with the input, by JSON path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<InputError>,
    /// Seconds to wait before retrying (503 only; also sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u32>,
}

/// One problem with the input.
#[derive(Debug, Serialize)]
pub struct InputError {
    /// What sort of problem: `malformed`, `structure`, `content`, `limit`,
    /// `unprintable` or `request` (see [`Kind`]).
    pub kind: &'static str,
    /// JSON path (`plan.interventions[2].when.start`), or a query parameter's name;
    /// empty for the document as a whole.
    pub path: String,
    /// 1-based line in the body, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the body, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl From<&Diagnostic> for InputError {
    fn from(d: &Diagnostic) -> Self {
        Self {
            kind: d.kind.name(),
            path: d.path.clone(),
            line: d.position.map(|p| p.0),
            column: d.position.map(|p| p.1),
            message: d.message.clone(),
        }
    }
}

impl Problem {
    fn new(status: StatusCode, kind: &'static str, title: &'static str) -> Self {
        Self {
            kind,
            title,
            status: status.as_u16(),
            detail: String::new(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// With a detail text.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// The problem for invalid input, by the diagnostics' kinds: 400 for malformed JSON
    /// or bad request parameters, 422 for a signature or kvittering page refused and for
    /// a well-formed document that is not a valid plan version (structure, content,
    /// limits, unprintable characters).
    pub fn invalid(diagnostics: &[Diagnostic]) -> Self {
        let has = |kind| diagnostics.iter().any(|d| d.kind == kind);
        let mut p = if has(Kind::Malformed) {
            Self::new(
                StatusCode::BAD_REQUEST,
                "urn:minplan:problem:malformed-json",
                "Malformed JSON",
            )
            .detail("The body is not well-formed JSON.")
        } else if has(Kind::Request) {
            let detail = diagnostics
                .iter()
                .find(|d| d.kind == Kind::Request)
                .map(|d| d.message.clone())
                .unwrap_or_default();
            Self::new(
                StatusCode::BAD_REQUEST,
                "urn:minplan:problem:bad-request-parameters",
                "Bad request parameters",
            )
            .detail(detail)
        } else if has(Kind::Refused) {
            let detail = diagnostics
                .iter()
                .find(|d| d.kind == Kind::Refused)
                .map(|d| d.message.clone())
                .unwrap_or_default();
            Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "urn:minplan:problem:page-refused",
                "Page refused",
            )
            .detail(detail)
        } else {
            Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "urn:minplan:problem:invalid-plan-version",
                "Invalid plan version",
            )
            .detail(format!("{} problem(s) with the plan version.", diagnostics.len()))
        };
        // The status is the one the error decides (`Error::http_status`); the kinds
        // above pick the problem type that goes with it.
        p.status = crate::error::status_of(diagnostics);
        p.errors = diagnostics.iter().map(InputError::from).collect();
        p
    }

    /// 400: a query parameter is missing or wrong.
    pub fn bad_query(path: &str, message: impl Into<String>) -> Self {
        Self::invalid(&[Diagnostic::request(path, message)])
    }

    /// 413: the body is over the limit.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "urn:minplan:problem:too-large",
            "Body too large",
        )
        .detail(format!("The body is over the limit of {limit} bytes."))
    }

    /// 400: the body is not valid HTTP (a malformed chunk, a connection cut mid-body).
    pub fn bad_body() -> Self {
        Self::new(StatusCode::BAD_REQUEST, "urn:minplan:problem:bad-body", "Bad body")
            .detail(
            "The body could not be read: it is not valid HTTP/1.1 (a malformed chunk?).",
        )
    }

    /// 415: not `application/json`.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "urn:minplan:problem:unsupported-media-type",
            "Unsupported media type",
        )
        .detail("Send the plan version as Content-Type: application/json.")
    }

    /// 408: the client sent its body too slowly.
    pub fn timeout(seconds: f64) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "urn:minplan:problem:timeout",
            "Request timeout",
        )
        .detail(format!("The body did not arrive within {seconds} s."))
    }

    /// 503: every render slot and queue place is taken.
    pub fn busy() -> Self {
        let mut p = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "urn:minplan:problem:busy",
            "Service busy",
        )
        .detail("All render slots are busy; retry shortly.");
        p.retry_after = Some(1);
        p
    }

    /// 500: a bug in minplan (never the input's fault).
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "urn:minplan:problem:internal",
            "Internal error",
        )
        .detail("The render failed because of a bug in minplan; it has been logged.")
    }

    /// 404.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "about:blank", "Not found")
            .detail("No such resource; see /openapi.json.")
    }

    /// 405.
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "about:blank", "Method not allowed")
            .detail("This resource does not accept that method; see /openapi.json.")
    }

    /// 400 (431 for a head over the limit): a request head the service does not read,
    /// answered before routing ([`super::head`]); `errors` names the header field.
    pub(super) fn bad_head(fault: super::head::Fault) -> Self {
        use super::head::Fault;
        let mut p = match fault {
            Fault::TooLarge => Self::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "urn:minplan:problem:head-too-large",
                "Request head too large",
            ),
            _ => Self::new(
                StatusCode::BAD_REQUEST,
                "urn:minplan:problem:bad-head",
                "Bad request head",
            ),
        }
        .detail(format!("The request head is refused: {}.", fault.message()));
        p.errors = vec![InputError {
            kind: Kind::Request.name(),
            path: fault.path().to_owned(),
            line: None,
            column: None,
            message: fault.message().to_owned(),
        }];
        p
    }

    /// The problem for an engine error, with the status the error decides
    /// ([`Error::http_status`]): 400 or 422 by the diagnostics' kinds, 500 for everything
    /// that is not the input's fault.
    pub fn from_error(error: &Error) -> Self {
        let mut p = match error {
            Error::Invalid(d) => Self::invalid(d),
            _ => Self::internal(),
        };
        p.status = error.http_status();
        p
    }

    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The JSON body, through the one redaction of every output channel.
    fn body(&self) -> String {
        crate::redact::cpr(&serde_json::to_string(self).unwrap_or_default())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = self.body();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
