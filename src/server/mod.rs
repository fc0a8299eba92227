//! The HTTP render service (`minplan serve`): the citizen portal and the case systems
//! POST a plan version and get the PDF back.
//!
//! Rendering is CPU work, so it never runs on the async workers: each request takes an
//! admission permit (render slots plus a short queue; none left → 503 with `Retry-After`),
//! waits for a render slot, and renders on rayon's pool (one thread per core). Request
//! heads are read with a deadline (the connection is closed) and checked before hyper
//! parses them (a malformed one is a problem document), bodies with a size limit
//! (413) and a deadline (408); a body that is not valid HTTP (a malformed chunk) is 400.
//! Every failure the service answers is `application/problem+json`. Logs name the request
//! id, route (a route of the service, or `other`: never the path a client sent), audience,
//! version kind, status, duration and size, never plan content or CPR numbers; a client
//! that goes away before its answer is logged and counted. `GET /metrics` counts renders
//! by audience, version kind and outcome, their durations, 503s, disconnects, refused
//! request heads and renders in flight (Prometheus text). A shutdown stops accepting, lets renders in flight finish,
//! then closes every connection, within a bounded time.

mod head;
mod metrics;
mod openapi;
mod problem;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody as _};
use axum::extract::{Query, Request as HttpRequest, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tokio::sync::Semaphore;

use metrics::{Metrics, Outcome};
pub use openapi::openapi;
pub use problem::{InputError, Problem};

use crate::{Audience, Engine, Request, Result, VersionKind};

/// The service's limits.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest accepted body, in bytes (default 2 MiB).
    pub max_body: usize,
    /// Renders running at once (default: one per core).
    pub concurrency: usize,
    /// Requests that may wait for a render slot; beyond that, 503 (default: 4 per slot).
    pub queue: usize,
    /// Time a client has to send its whole body (default 10 s); then 408.
    pub body_timeout: Duration,
    /// Bodies received at once (default 256); beyond that, 503. A body is received
    /// before the request takes a render slot or queue place, so slow clients never
    /// hold up the renders of fast ones.
    pub uploads: usize,
    /// Time a client has to send a request's head (default 10 s); then the connection is
    /// closed ([`serve_with`]).
    pub header_timeout: Duration,
    /// Time a shutdown may take (default 25 s, below the 30 s grace period Kubernetes
    /// gives a pod): in-flight renders finish, then every connection is closed
    /// ([`serve_with`]).
    pub shutdown_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            max_body: 2 * 1024 * 1024,
            concurrency: cores,
            queue: 4 * cores,
            body_timeout: Duration::from_secs(10),
            uploads: 256,
            header_timeout: Duration::from_secs(10),
            shutdown_timeout: Duration::from_secs(25),
        }
    }
}

/// A PDF and the name to give it.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// `<plan version id>-v<number>-<audience>-<version>.pdf`: never a CPR number.
    pub file_name: String,
    /// Characters drawn as a substitute (sent in the `Minplan-Warnings` header).
    pub warnings: Vec<crate::coverage::Warning>,
}

/// What the service renders with: the [`Engine`], or a stand-in in tests.
pub trait Backend: Send + Sync + 'static {
    /// Checks a plan version.
    fn validate(&self, json: &str) -> Result<()>;
    /// Renders a plan version.
    fn render(&self, json: &str, request: Request) -> Result<Rendered>;
    /// The JSON Schema of what [`Backend::validate`] accepts; by default the default
    /// engine's ([`Engine::input_schema`]).
    fn input_schema(&self) -> serde_json::Value {
        static DEFAULT: std::sync::OnceLock<serde_json::Value> =
            std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                crate::style::Style::default_layout()
                    .and_then(Engine::new)
                    .map_or(serde_json::Value::Null, |e| e.input_schema())
            })
            .clone()
    }
}

impl Backend for Engine {
    fn validate(&self, json: &str) -> Result<()> {
        Engine::validate(self, json).map(|_| ())
    }

    fn input_schema(&self) -> serde_json::Value {
        Engine::input_schema(self)
    }

    fn render(&self, json: &str, request: Request) -> Result<Rendered> {
        let (plan, warnings) = Engine::check(self, json)?;
        let pdf = self.render_plan(&plan, request)?;
        Ok(Rendered { pdf, file_name: crate::file_name(&plan, request), warnings })
    }
}

struct Shared {
    backend: Arc<dyn Backend>,
    config: Config,
    /// The input's JSON Schema, made once.
    schema: serde_json::Value,
    /// The OpenAPI document, made once (it holds the schema).
    openapi: serde_json::Value,
    /// Render slots plus queue places: a request without one gets 503.
    admission: Arc<Semaphore>,
    /// Render slots.
    slots: Arc<Semaphore>,
    metrics: Metrics,
    /// Bodies being received.
    uploads: Arc<Semaphore>,
}

type AppState = Arc<Shared>;

/// The service's routes over a backend.
pub fn app(backend: Arc<dyn Backend>, config: Config) -> Router {
    let schema = backend.input_schema();
    let state = Arc::new(Shared {
        openapi: openapi(&schema),
        schema,
        backend,
        admission: Arc::new(Semaphore::new(config.concurrency + config.queue)),
        slots: Arc::new(Semaphore::new(config.concurrency.max(1))),
        metrics: Metrics::new(config.concurrency.max(1), config.queue),
        uploads: Arc::new(Semaphore::new(config.uploads.max(1))),
        config,
    });
    Router::new()
        .route("/v1/render", post(render))
        .route("/v1/validate", post(validate))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(openapi_json))
        .route("/schema/plan-version.json", get(schema_json))
        .fallback(|| async { Problem::not_found() })
        .method_not_allowed_fallback(|| async { Problem::method_not_allowed() })
        .layer(middleware::from_fn_with_state(state.clone(), log))
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` completes, with the default
/// [`Config`]'s header and shutdown timeouts (see [`serve_with`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, shutdown, &Config::default()).await
}

/// Serves `app` on `listener` (HTTP/1.1) until `shutdown` completes. A client has
/// `config.header_timeout` to send each request's head, or its connection is closed.
/// Every request head is checked before hyper reads it, so that a malformed one (a
/// repeated or negative `Content-Length`, a head over 64 KiB) is answered with a problem
/// document (400, 431) rather than hyper's empty answer.
/// On shutdown the listener closes, idle connections close, requests in flight finish,
/// and after `config.shutdown_timeout` whatever is still open is closed, so the process
/// ends within a bound whatever its clients do.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    config: &Config,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, do not spin.
                        tracing::warn!(error = %e, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                // Each request head is checked before hyper reads it (see `head`); the
                // request standing in for a refused one carries its fault to `log`.
                let verdicts = Arc::new(head::Verdicts::default());
                let service = {
                    let router = TowerToHyperService::new(app.clone());
                    let verdicts = verdicts.clone();
                    hyper::service::service_fn(move |mut request: HttpRequest<_>| {
                        if let Some(refused) = verdicts.next() {
                            request.extensions_mut().insert(refused);
                        }
                        hyper::service::Service::call(&router, request)
                    })
                };
                let http = http.clone();
                let header_timeout = config.header_timeout;
                let mut stopped = stopped.clone();
                connections.spawn(async move {
                    let io = tokio::select! {
                        io = head::read(stream, header_timeout, verdicts) => io,
                        _ = stopped.wait_for(|s| *s) => None,
                    };
                    let Some(io) = io else { return };
                    let connection = http.serve_connection(TokioIo::new(io), service);
                    tokio::pin!(connection);
                    let mut stopping = false;
                    let result = loop {
                        tokio::select! {
                            result = connection.as_mut() => break result,
                            _ = stopped.wait_for(|s| *s), if !stopping => {
                                stopping = true;
                                connection.as_mut().graceful_shutdown();
                            }
                        }
                    };
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection closed with an error");
                    }
                });
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let open = connections.len();
    let bound = config.shutdown_timeout;
    let drained = tokio::time::timeout(bound, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = connections.len(),
            of = open,
            seconds = bound.as_secs_f64(),
            "shutdown: connections still open at the deadline are closed"
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// Completes on SIGTERM or Ctrl-C. The handlers are installed when this is called (within
/// the runtime), not when the future is first polled: a signal that arrives while the
/// service is still starting is not lost, and never ends the process unhandled.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let streams = {
        use tokio::signal::unix::{signal, SignalKind};
        (signal(SignalKind::terminate()).ok(), signal(SignalKind::interrupt()).ok())
    };
    async move {
        #[cfg(unix)]
        {
            let (mut term, mut interrupt) = streams;
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(term.take()) => {}
                () = wait(interrupt.take()) => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}

/// What a handler tells the log line about its request (set as a response extension).
#[derive(Clone, Copy)]
struct Logged {
    audience: Audience,
    version_kind: VersionKind,
}

/// Logs one line per request, and gives each an id (`x-request-id`). Answers the
/// request standing in for a refused head (see `head`) with its problem.
async fn log(
    State(state): State<AppState>,
    request: HttpRequest,
    next: Next,
) -> Response {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    if let Some(&head::Refused(fault)) = request.extensions().get() {
        state.metrics.head_refused(fault);
        let mut response = Problem::bad_head(fault).into_response();
        let status = response.status().as_u16();
        tracing::info!(
            request_id = id,
            path = "(head)",
            status,
            problem = fault.name(),
            "request head refused"
        );
        let headers = response.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        headers.insert("x-request-id", HeaderValue::from(id));
        return response;
    }
    let method = request.method().clone();
    // One of the service's routes, never the path a client sent: a path (or a query) can
    // carry anything a client put there, a CPR number too.
    let path = route(request.uri().path());
    let mut response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let size = response.body().size_hint().exact().unwrap_or(0);
    let status = response.status().as_u16();
    match response.extensions().get::<Logged>() {
        Some(l) => tracing::info!(
            request_id = id, %method, %path, status, audience = %l.audience,
            version = %l.version_kind, duration_ms = format_args!("{millis:.2}"), size,
            "request"
        ),
        None => tracing::info!(
            request_id = id, %method, %path, status,
            duration_ms = format_args!("{millis:.2}"), size, "request"
        ),
    }
    response.headers_mut().insert("x-request-id", HeaderValue::from(id));
    response
}

/// The route a path names, for the log: a path of the service, or `other`.
fn route(path: &str) -> &'static str {
    const ROUTES: [&str; 7] = [
        "/v1/render",
        "/v1/validate",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
        "/schema/plan-version.json",
    ];
    ROUTES.into_iter().find(|r| *r == path).unwrap_or("other")
}

/// Logs and counts a request whose client went away (the connection closed, so the
/// server dropped the handler) before its answer was ready.
struct Disconnect<'a> {
    state: &'a Shared,
    route: &'static str,
    answered: bool,
}

impl Drop for Disconnect<'_> {
    fn drop(&mut self) {
        if !self.answered {
            self.state.metrics.disconnected();
            tracing::info!(route = self.route, "client disconnected before the answer");
        }
    }
}

/// The render request's query: `audience`, `version`, `signature`, `acknowledgement`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RenderQuery {
    audience: Audience,
    version: VersionKind,
    #[serde(default)]
    signature: bool,
    #[serde(default)]
    acknowledgement: bool,
}

/// Runs a handler's work; if the server drops it before it answers (the client went
/// away), the request is logged and counted.
async fn watched(
    state: &Shared,
    route: &'static str,
    work: impl std::future::Future<Output = Response>,
) -> Response {
    let mut watch = Disconnect { state, route, answered: false };
    let response = work.await;
    watch.answered = true;
    response
}

async fn render(
    State(state): State<AppState>,
    query: std::result::Result<
        Query<RenderQuery>,
        axum::extract::rejection::QueryRejection,
    >,
    headers: HeaderMap,
    body: Body,
) -> Response {
    watched(&state.clone(), "/v1/render", render_work(state, query, headers, body)).await
}

async fn render_work(
    state: AppState,
    query: std::result::Result<
        Query<RenderQuery>,
        axum::extract::rejection::QueryRejection,
    >,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let query = match query {
        Ok(Query(q)) => q,
        Err(e) => {
            // serde's message quotes the value given ("unknown variant `…`"): keep what
            // was expected, never the value.
            let text = e.body_text();
            let text = text
                .strip_prefix("Failed to deserialize query string: ")
                .unwrap_or(&text);
            let message = crate::redact::serde_message(text);
            return Problem::bad_query("query", message).into_response();
        }
    };
    let request = Request {
        audience: query.audience,
        version_kind: query.version,
        signature: query.signature,
        acknowledgement: query.acknowledgement,
    };
    // A page asked for where SPEC section 3 allows none is an invalid request (422), like
    // the refusals that need the plan version (a signed or closed contract).
    if let Err(d) = request.check() {
        return Problem::invalid(&[d]).into_response();
    }
    let logged =
        Logged { audience: request.audience, version_kind: request.version_kind };
    let mut response = match admit(&state, &headers, body).await {
        Err(problem) => problem.into_response(),
        Ok((json, permit)) => {
            let backend = state.backend.clone();
            let outcome = blocking(&state, permit, move || {
                let started = Instant::now();
                let result = backend.render(&json, request);
                (result, started.elapsed())
            })
            .await;
            let (response, took) = match outcome {
                Ok((Ok(rendered), took)) => {
                    state.metrics.substituted(rendered.warnings.len());
                    (pdf_response(rendered), Some(took))
                }
                Ok((Err(e), took)) => {
                    if !matches!(e, crate::Error::Invalid(_)) {
                        tracing::error!(error = %e, "render failed");
                    }
                    (Problem::from_error(&e).into_response(), Some(took))
                }
                Err(problem) => (problem.into_response(), None),
            };
            let outcome = Outcome::of_status(response.status().as_u16());
            state
                .metrics
                .render(request.audience, request.version_kind, outcome, took);
            response
        }
    };
    response.extensions_mut().insert(logged);
    response
}

async fn validate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    watched(&state.clone(), "/v1/validate", validate_work(state, headers, body)).await
}

async fn validate_work(state: AppState, headers: HeaderMap, body: Body) -> Response {
    match admit(&state, &headers, body).await {
        Err(problem) => problem.into_response(),
        Ok((json, permit)) => {
            let backend = state.backend.clone();
            match blocking(&state, permit, move || backend.validate(&json)).await {
                Ok(Ok(())) => Json(serde_json::json!({ "valid": true })).into_response(),
                Ok(Err(e)) => Problem::from_error(&e).into_response(),
                Err(problem) => problem.into_response(),
            }
        }
    }
}

fn pdf_response(rendered: Rendered) -> Response {
    // The backend's name, made safe again: only characters a file name and a quoted
    // header parameter can hold, never what could be a CPR number.
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
    let file_name = if crate::redact::has_cpr(&rendered.file_name) {
        "plan.pdf".to_owned()
    } else {
        rendered
            .file_name
            .chars()
            .map(|c| if safe(c) { c } else { '_' })
            .collect()
    };
    let rendered = Rendered { file_name, ..rendered };
    let disposition = format!("attachment; filename=\"{}\"", rendered.file_name);
    let mut response = (StatusCode::OK, rendered.pdf).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Some(value) = warnings_header(&rendered.warnings) {
        headers.insert(WARNINGS_HEADER, value);
    }
    response
}

/// The response header naming the characters drawn as a substitute.
pub const WARNINGS_HEADER: &str = "minplan-warnings";

/// At most this many warnings go into the header; then how many more there were.
const MAX_HEADER_WARNINGS: usize = 20;

/// `plan.plan_description.text U+6F22, citizen.full_name U+0623`: the field's path
/// and the code point of each character drawn as a substitute (ASCII only, as HTTP
/// header values must be; the character itself is not repeated).
fn warnings_header(warnings: &[crate::coverage::Warning]) -> Option<HeaderValue> {
    if warnings.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = warnings
        .iter()
        .take(MAX_HEADER_WARNINGS)
        .map(|w| format!("{} U+{:04X}", w.path.escape_default(), u32::from(w.character)))
        .collect();
    if warnings.len() > MAX_HEADER_WARNINGS {
        parts.push(format!("and {} more", warnings.len() - MAX_HEADER_WARNINGS));
    }
    HeaderValue::from_str(&parts.join(", ")).ok()
}

/// Checks the content type, reads the body within the size limit and the deadline, then
/// takes an admission permit: a client that trickles its body holds an upload place, never
/// a render slot or queue place.
async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> std::result::Result<(String, tokio::sync::OwnedSemaphorePermit), Problem> {
    if !is_json(headers) {
        return Err(Problem::unsupported_media_type());
    }
    let limit = state.config.max_body;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Problem::too_large(limit));
    }
    let upload = state.uploads.clone().try_acquire_owned().map_err(|_| {
        state.metrics.rejected();
        Problem::busy()
    })?;
    let timeout = state.config.body_timeout;
    let bytes = match tokio::time::timeout(timeout, read_body(body, limit)).await {
        Err(_) => return Err(Problem::timeout(timeout.as_secs_f64())),
        Ok(Err(problem)) => return Err(problem),
        Ok(Ok(bytes)) => bytes,
    };
    drop(upload);
    let permit = state.admission.clone().try_acquire_owned().map_err(|_| {
        state.metrics.rejected();
        Problem::busy()
    })?;
    let json = String::from_utf8(bytes.to_vec()).map_err(|e| {
        Problem::invalid(&[crate::Diagnostic::malformed(format!(
            "malformed JSON: the body is not UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))])
    })?;
    Ok((json, permit))
}

/// The body, up to `limit` bytes: 413 beyond, 400 for a body that is not valid HTTP (a
/// malformed chunk, a connection closed mid-body).
async fn read_body(mut body: Body, limit: usize) -> std::result::Result<Bytes, Problem> {
    let mut bytes = Vec::new();
    loop {
        let frame =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await;
        match frame {
            None => return Ok(Bytes::from(bytes)),
            Some(Err(_)) => return Err(Problem::bad_body()),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    if bytes.len() + data.len() > limit {
                        return Err(Problem::too_large(limit));
                    }
                    bytes.extend_from_slice(&data);
                }
            }
        }
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// Runs `work` on rayon's pool (one thread per core) once a render slot is free; a panic in it becomes a 500 for
/// this request only.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    admission: tokio::sync::OwnedSemaphorePermit,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<T, Problem> {
    let slot = state
        .slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| Problem::busy())?;
    let in_flight = state.metrics.in_flight();
    let (done, result) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        drop(in_flight);
        drop(slot);
        drop(admission);
        // The receiver is gone only if the client went away; nothing to tell it.
        let _ = done.send(out);
    });
    match result.await {
        Ok(Ok(out)) => Ok(out),
        Ok(Err(_)) => {
            tracing::error!(
                "a render panicked; the request gets 500, the service goes on"
            );
            Err(Problem::internal())
        }
        Err(_) => Err(Problem::internal()),
    }
}

async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn readyz(State(state): State<AppState>) -> Response {
    // Ready while a request would be admitted.
    if state.admission.available_permits() > 0 {
        Json(serde_json::json!({ "status": "ready" })).into_response()
    } else {
        Problem::busy().into_response()
    }
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    let mut response = state.metrics.encode().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(metrics::CONTENT_TYPE));
    response
}

async fn openapi_json(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(state.openapi.clone())
}

async fn schema_json(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(state.schema.clone())
}

#[cfg(test)]
mod tests {
    use super::warnings_header;
    use crate::coverage::Warning;

    #[test]
    fn the_warnings_header_names_paths_and_code_points_in_ascii() {
        let warning = |path: &str, character| Warning {
            path: path.into(),
            character,
            message: String::new(),
        };
        assert!(warnings_header(&[]).is_none());
        let header = warnings_header(&[
            warning("plan.plan_description.text", '漢'),
            warning("citizen.full_name", '\u{E000}'),
        ]);
        assert_eq!(
            header.as_ref().and_then(|h| h.to_str().ok()),
            Some("plan.plan_description.text U+6F22, citizen.full_name U+E000")
        );
        let many: Vec<Warning> = (0..25).map(|_| warning("cv.summary", '字')).collect();
        let header = warnings_header(&many);
        let text = header.as_ref().and_then(|h| h.to_str().ok()).unwrap_or_default();
        assert!(text.ends_with("cv.summary U+5B57, and 5 more"), "{text}");
    }
}
