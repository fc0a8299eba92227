//! The HTTP service: every status it answers, through `app().oneshot(…)`, and one run
//! over a real loopback socket with a graceful shutdown.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, Request as HttpRequest, StatusCode};
use axum::response::Response;
use axum::Router;
use minplan::server::{app, Backend, Config, Rendered};
use minplan::style::Style;
use minplan::{Engine, Request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

const CPR: &str = "240390-1234";

fn engine() -> Arc<dyn Backend> {
    Arc::new(Engine::new(Style::default_layout().unwrap()).unwrap())
}

fn sample() -> String {
    common::sample("integration-contract-full.json")
}

fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> HttpRequest<Body> {
    HttpRequest::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

fn get(uri: &str) -> HttpRequest<Body> {
    HttpRequest::get(uri).body(Body::empty()).unwrap()
}

async fn send(app: &Router, request: HttpRequest<Body>) -> (Response, Vec<u8>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap().to_vec();
    (Response::from_parts(parts, Body::empty()), bytes)
}

/// Asserts a problem+json answer with `status`, and returns the problem.
fn problem(response: &Response, body: &[u8], status: StatusCode) -> serde_json::Value {
    assert_eq!(response.status(), status, "{}", String::from_utf8_lossy(body));
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
    let problem: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(problem["status"], status.as_u16());
    assert!(problem["title"].is_string() && problem["type"].is_string());
    problem
}

const RENDER: &str = "/v1/render?audience=citizen&version=current";

/// The `/metrics` text.
async fn metrics(app: &Router) -> String {
    let (response, body) = send(app, get("/metrics")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    String::from_utf8(body).unwrap()
}

/// The value of one sample line (`name{labels}`) of the metrics text.
fn sample_value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn render_answers_the_pdf_named_by_plan_version() {
    let app = app(engine(), Config::default());
    let (response, body) = send(&app, post(RENDER, "application/json", sample())).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/pdf");
    let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"PV-2026-000731-v7-citizen-current.pdf\""
    );
    assert!(!disposition.contains(CPR));
    assert!(body.starts_with(b"%PDF-"));
    assert!(response.headers().contains_key("x-request-id"));

    // Same bytes as the library renders: the service adds nothing of its own.
    let request =
        common::request(minplan::Audience::Citizen, minplan::VersionKind::Current);
    assert_eq!(body, common::engine().render(&sample(), request).unwrap());

    let uri = "/v1/render?audience=jobcenter&version=current&acknowledgement=true";
    let (response, body) =
        send(&app, post(uri, "application/json; charset=utf-8", sample())).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(body.starts_with(b"%PDF-"));
    let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.contains("-v7-jobcenter-current-acknowledgement.pdf"),
        "{disposition}"
    );
}

#[tokio::test]
async fn pages_where_section_3_allows_none_are_422_with_the_reason() {
    let app = app(engine(), Config::default());
    // Each refusal is an input error, 422, with the reason, whether the plan
    // version or the request alone decides it.
    for (uri, path, reason, status) in [
        // The sample's contract was signed: later versions are acknowledged.
        (
            "/v1/render?audience=jobcenter&version=current&signature=true",
            "signature",
            "first signed on 20.06.2025",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // Signature lines are for the jobcenter's current version only.
        (
            "/v1/render?audience=citizen&version=current&signature=true",
            "signature",
            "jobcenter's print of the current version",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/v1/render?audience=jobcenter&version=historical&signature=true",
            "signature",
            "jobcenter's print of the current version",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // The kvittering is for citizen and jobcenter, current versions.
        (
            "/v1/render?audience=akasse&version=current&acknowledgement=true",
            "acknowledgement",
            "citizen's or the jobcenter's current version",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/v1/render?audience=citizen&version=current&acknowledgement=true&signature=true",
            "acknowledgement",
            "not both",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (response, body) = send(&app, post(uri, "application/json", sample())).await;
        let p = problem(&response, &body, status);
        let error = &p["errors"][0];
        assert_eq!(error["path"], path, "{uri}");
        assert!(error["message"].as_str().unwrap().contains(reason), "{uri}: {p}");
    }
}

#[tokio::test]
async fn validate_answers_200_or_every_invalid_path() {
    let app = app(engine(), Config::default());
    let (response, body) =
        send(&app, post("/v1/validate", "application/json", sample())).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["valid"],
        true
    );

    let bad = sample()
        .replace("\"read_deadline\": \"2026-03-16\"", "\"read_deadline\": \"2026-02-30\"")
        .replace("\"id\": 69", "\"id\": 70");
    assert_ne!(bad, sample());
    for uri in ["/v1/validate", RENDER] {
        let (response, body) =
            send(&app, post(uri, "application/json", bad.clone())).await;
        let p = problem(&response, &body, StatusCode::UNPROCESSABLE_ENTITY);
        let paths: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap())
            .collect();
        assert!(paths.contains(&"plan_version.read_deadline"), "{paths:?}");
        assert!(paths.contains(&"integration.exemptions[0].id"), "{paths:?}");
        assert!(p["errors"][0]["line"].is_u64());
        assert!(!String::from_utf8_lossy(&body).contains(CPR));
    }
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = app(engine(), Config::default());
    for body in ["{\"plan_version\": ", "{\"a\":", "not json", "{} trailing"] {
        let (response, bytes) = send(&app, post(RENDER, "application/json", body)).await;
        let p = problem(&response, &bytes, StatusCode::BAD_REQUEST);
        assert!(p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("malformed JSON"));
    }
    let (response, bytes) =
        send(&app, post("/v1/validate", "application/json", vec![0xff, 0xfe])).await;
    problem(&response, &bytes, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bad_query_parameters_are_400() {
    let app = app(engine(), Config::default());
    for uri in [
        "/v1/render?audience=mayor&version=current",
        "/v1/render?audience=citizen",
        "/v1/render?audience=citizen&version=current&signature=maybe",
        "/v1/render?audience=citizen&version=current&colour=red",
        "/v1/render?audience=citizen&version=current&acknowledgement=yes",
    ] {
        let (response, body) = send(&app, post(uri, "application/json", sample())).await;
        problem(&response, &body, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_declared_or_not() {
    let app = app(engine(), Config { max_body: 4096, ..Config::default() });
    let (response, body) = send(&app, post(RENDER, "application/json", sample())).await;
    let p = problem(&response, &body, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(p["detail"].as_str().unwrap().contains("4096"));
    // Streamed without Content-Length: cut off at the limit while reading.
    let chunks: Vec<Result<Bytes, std::io::Error>> = sample()
        .into_bytes()
        .chunks(1000)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let streamed = Body::from_stream(futures_stream(chunks));
    let (response, body) = send(&app, post(RENDER, "application/json", streamed)).await;
    problem(&response, &body, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn other_content_types_are_415() {
    let app = app(engine(), Config::default());
    for content_type in ["text/plain", "application/xml", ""] {
        let (response, body) = send(&app, post(RENDER, content_type, sample())).await;
        problem(&response, &body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
}

#[tokio::test]
async fn a_client_that_stalls_gets_408() {
    let config = Config { body_timeout: Duration::from_millis(100), ..Config::default() };
    let app = app(engine(), config);
    let (response, body) =
        send(&app, post(RENDER, "application/json", Body::new(Stall))).await;
    problem(&response, &body, StatusCode::REQUEST_TIMEOUT);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = app(engine(), Config::default());
    let (response, body) = send(&app, get("/v2/render")).await;
    problem(&response, &body, StatusCode::NOT_FOUND);
    let (response, body) = send(&app, get("/v1/render")).await;
    problem(&response, &body, StatusCode::METHOD_NOT_ALLOWED);
}

/// A backend that panics for the a-kasse and renders for everyone else.
struct Panicky(Arc<dyn Backend>);

impl Backend for Panicky {
    fn validate(&self, json: &str) -> minplan::Result<()> {
        self.0.validate(json)
    }
    fn render(&self, json: &str, request: Request) -> minplan::Result<Rendered> {
        assert!(request.audience != minplan::Audience::Akasse, "injected fault");
        self.0.render(json, request)
    }
}

#[tokio::test]
async fn a_panic_is_a_500_for_that_request_only() {
    let app =
        app(Arc::new(Panicky(engine())), Config { concurrency: 1, ..Config::default() });
    let uri = "/v1/render?audience=akasse&version=current";
    for _ in 0..3 {
        let (response, body) = send(&app, post(uri, "application/json", sample())).await;
        let p = problem(&response, &body, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!p.to_string().contains("injected fault"), "no internals in the answer");
    }
    // The slot the panicking renders held is free again.
    let (response, _) = send(&app, post(RENDER, "application/json", sample())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = metrics(&app).await;
    let series =
        r#"minplan_renders_total{audience="akasse",version="current",outcome="error"}"#;
    assert_eq!(sample_value(&text, series), Some(3.0), "{text}");
    assert_eq!(sample_value(&text, "minplan_renders_in_flight"), Some(0.0), "{text}");
    // Only renders that finished are timed.
    assert_eq!(sample_value(&text, "minplan_render_duration_seconds_count"), Some(1.0));
}

/// A backend whose renders wait until the test lets them go.
struct Gate {
    inner: Arc<dyn Backend>,
    open: Arc<Mutex<bool>>,
}

impl Backend for Gate {
    fn validate(&self, json: &str) -> minplan::Result<()> {
        self.inner.validate(json)
    }
    fn render(&self, json: &str, request: Request) -> minplan::Result<Rendered> {
        while !*self.open.lock().unwrap() {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.inner.render(json, request)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saturated_service_answers_503_with_retry_after() {
    let open = Arc::new(Mutex::new(false));
    let gate = Gate { inner: engine(), open: open.clone() };
    let app =
        app(Arc::new(gate), Config { concurrency: 1, queue: 1, ..Config::default() });
    let (response, _) = send(&app, get("/readyz")).await;
    assert_eq!(response.status(), StatusCode::OK);
    // One rendering, one waiting: the service is full.
    let mut held = Vec::new();
    for _ in 0..2 {
        let app = app.clone();
        held.push(tokio::spawn(async move {
            send(&app, post(RENDER, "application/json", sample()))
                .await
                .0
                .status()
        }));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (response, body) = send(&app, post(RENDER, "application/json", sample())).await;
    problem(&response, &body, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    let (response, body) = send(&app, get("/readyz")).await;
    problem(&response, &body, StatusCode::SERVICE_UNAVAILABLE);
    let (response, _) = send(&app, get("/healthz")).await;
    assert_eq!(response.status(), StatusCode::OK, "alive while busy");
    let text = metrics(&app).await;
    assert_eq!(
        sample_value(&text, "minplan_requests_rejected_total"),
        Some(1.0),
        "{text}"
    );
    assert_eq!(sample_value(&text, "minplan_renders_in_flight"), Some(1.0), "{text}");
    assert_eq!(sample_value(&text, "minplan_render_slots"), Some(1.0), "{text}");

    *open.lock().unwrap() = true;
    for task in held {
        assert_eq!(task.await.unwrap(), StatusCode::OK, "queued requests are served");
    }
    let (response, _) = send(&app, get("/readyz")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn openapi_describes_exactly_the_routes_served() {
    let app = app(engine(), Config::default());
    let (response, body) = send(&app, get("/openapi.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<String> = Vec::new();
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().unwrap() {
            documented.push(format!("{} {path}", method.to_uppercase()));
            assert!(operation["responses"]["200"].is_object(), "{method} {path}");
            // The route exists with that method.
            let request = HttpRequest::builder()
                .method(method.to_uppercase().as_str())
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let (response, _) = send(&app, request).await;
            assert!(
                ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED]
                    .contains(&response.status()),
                "{method} {path} is documented but not served"
            );
        }
    }
    documented.sort();
    assert_eq!(
        documented,
        [
            "GET /healthz",
            "GET /metrics",
            "GET /openapi.json",
            "GET /readyz",
            "GET /schema/plan-version.json",
            "POST /v1/render",
            "POST /v1/validate"
        ]
    );
    // Every status the service answers is documented for render.
    let render = &paths["/v1/render"]["post"]["responses"];
    for status in ["200", "400", "408", "413", "415", "422", "500", "503"] {
        assert!(render[status].is_object(), "{status}");
    }
}

#[tokio::test]
async fn metrics_count_renders_by_audience_version_and_outcome() {
    let app = app(engine(), Config::default());
    let (response, _) = send(&app, post(RENDER, "application/json", sample())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let invalid = sample().replace("\"id\": 69", "\"id\": 70");
    let uri = "/v1/render?audience=akasse&version=historical";
    let (response, _) = send(&app, post(uri, "application/json", invalid)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (response, _) = send(&app, post(uri, "application/json", "{")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let text = metrics(&app).await;
    let renders =
        |labels: &str| sample_value(&text, &format!("minplan_renders_total{{{labels}}}"));
    assert_eq!(
        renders(r#"audience="citizen",version="current",outcome="ok""#),
        Some(1.0)
    );
    assert_eq!(
        renders(r#"audience="akasse",version="historical",outcome="invalid""#),
        Some(2.0),
        "{text}"
    );
    assert_eq!(renders(r#"audience="citizen",version="current",outcome="error""#), None);
    assert_eq!(sample_value(&text, "minplan_render_duration_seconds_count"), Some(3.0));
    assert_eq!(sample_value(&text, "minplan_requests_rejected_total"), Some(0.0));
    assert_eq!(sample_value(&text, "minplan_renders_in_flight"), Some(0.0));
    // Every metric is described, and no label carries anything from the plan.
    for name in [
        "minplan_renders_total",
        "minplan_render_duration_seconds",
        "minplan_requests_rejected_total",
        "minplan_renders_in_flight",
    ] {
        assert!(text.contains(&format!("# TYPE {name} ")), "{name}: {text}");
    }
    for personal in [CPR, "2403901234", "PV-2026-000731", "Amina"] {
        assert!(!text.contains(personal), "{personal} in the metrics");
    }
}

#[tokio::test]
async fn the_schema_describes_the_input() {
    let app = app(engine(), Config::default());
    let (response, body) = send(&app, get("/schema/plan-version.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let schema: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false, "unknown fields are rejected");
    let properties = schema["properties"].as_object().unwrap();
    let sample: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    for key in sample.as_object().unwrap().keys() {
        assert!(properties.contains_key(key), "{key} missing from the schema");
    }
    let defs = schema["$defs"].as_object().unwrap();
    assert!(defs.contains_key("Intervention") && defs.contains_key("Date"));
}

#[tokio::test]
async fn health_and_readiness() {
    let app = app(engine(), Config::default());
    for uri in ["/healthz", "/readyz"] {
        let (response, _) = send(&app, get(uri)).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
}

/// A backend whose renders take a while, to shut down during one.
struct Slow(Arc<dyn Backend>);

impl Backend for Slow {
    fn validate(&self, json: &str) -> minplan::Result<()> {
        self.0.validate(json)
    }
    fn render(&self, json: &str, request: Request) -> minplan::Result<Rendered> {
        std::thread::sleep(Duration::from_millis(300));
        self.0.render(json, request)
    }
}

/// One HTTP/1.1 exchange over a fresh connection; returns the status line and body.
async fn exchange(address: std::net::SocketAddr, body: &str) -> (String, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST {RENDER} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    (head, response[split + 4..].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_over_loopback_and_finishes_in_flight_renders_on_shutdown() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = app(Arc::new(Slow(engine())), Config::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(minplan::server::serve(listener, app, async {
        let _ = stopped.await;
    }));

    let (head, body) = exchange(address, &sample()).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_lowercase().contains("content-type: application/pdf"));
    assert!(body.starts_with(b"%PDF-") && body.ends_with(b"%%EOF\n"));

    // Shut down while a render is in flight: it still completes.
    let in_flight = tokio::spawn(exchange(address, Box::leak(sample().into_boxed_str())));
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    let (head, body) = in_flight.await.unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(body.starts_with(b"%PDF-"));
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    // And then it is gone.
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
}

/// A body that never sends anything.
struct Stall;

impl http_body::Body for Stall {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Pending
    }
}

/// A stream over ready items (no futures crate needed).
fn futures_stream<T: Unpin + Send + 'static>(
    items: Vec<T>,
) -> impl futures_core::Stream<Item = T> {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T: Unpin> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
            Poll::Ready(self.0.next())
        }
    }
    Iter(items.into_iter())
}

/// Sends `head` and then `body` in `chunks` pieces `pause` apart, over a fresh loopback
/// connection; returns the status code (0 if the connection closed without one) and
/// whether the answer ends like a whole PDF.
async fn trickle(
    address: std::net::SocketAddr,
    head: String,
    body: Vec<u8>,
    chunks: usize,
    pause: Duration,
) -> (u16, bool) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    if stream.write_all(head.as_bytes()).await.is_err() {
        return (0, false);
    }
    for piece in body.chunks(body.len().div_ceil(chunks.max(1)).max(1)) {
        if stream.write_all(piece).await.is_err() {
            break; // The server answered and closed: fine, read its answer.
        }
        tokio::time::sleep(pause).await;
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let line = String::from_utf8_lossy(&response);
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, response.ends_with(b"%%EOF\n"))
}

fn head(content_length: usize) -> String {
    format!(
        "POST {RENDER} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {content_length}\r\nConnection: close\r\n\r\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn valid_requests_get_their_pdf_while_others_misbehave() {
    // Few render slots and queue places, a short body deadline: twelve slow clients are
    // more than the slots and the queue together.
    let config = Config {
        concurrency: 2,
        queue: 2,
        max_body: 64 * 1024,
        body_timeout: Duration::from_millis(800),
        ..Config::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server =
        tokio::spawn(minplan::server::serve(listener, app(engine(), config), async {
            let _ = stopped.await;
        }));
    let valid = sample().into_bytes();
    let bad_date = sample().replacen("\"2012-08\"", "\"123é56\"", 1).into_bytes();
    let fast = Duration::ZERO;
    let mut tasks = Vec::new();
    let mut spawn = |what: &'static str, head: String, body: Vec<u8>, chunks, pause| {
        // A request answered 503 (every slot and queue place taken: the load is real) is
        // retried after its Retry-After, as a client does; a valid one must get its PDF
        // within ten tries, the others their own error.
        let retries = 10;
        tasks.push((
            what,
            tokio::spawn(async move {
                let mut answer =
                    trickle(address, head.clone(), body.clone(), chunks, pause).await;
                for _ in 0..retries {
                    if answer.0 != 503 {
                        break;
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    answer =
                        trickle(address, head.clone(), body.clone(), chunks, pause).await;
                }
                answer
            }),
        ));
    };
    for _ in 0..12 {
        // Slow: the body trickles in over 2.4 s, past the 0.8 s deadline.
        spawn("slow", head(valid.len()), valid.clone(), 12, Duration::from_millis(200));
        // Stalled: half the body, then nothing.
        let half = valid[..valid.len() / 2].to_vec();
        spawn("stalled", head(valid.len()), half, 1, Duration::from_millis(1500));
    }
    for _ in 0..4 {
        let malformed = b"{\"plan_version\": [}".to_vec();
        spawn("malformed", head(malformed.len()), malformed, 1, fast);
        spawn("oversized", head(10 << 20), vec![b' '; 200 * 1024], 4, fast);
        spawn("invalid", head(bad_date.len()), bad_date.clone(), 1, fast);
    }
    // The valid ones start while the slow ones hold their connections.
    tokio::time::sleep(Duration::from_millis(100)).await;
    for _ in 0..8 {
        spawn("valid", head(valid.len()), valid.clone(), 1, fast);
    }
    let mut seen: std::collections::BTreeMap<&str, Vec<u16>> = Default::default();
    for (what, task) in tasks {
        let (status, pdf) = tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(pdf, what == "valid", "{what}: {status}");
        seen.entry(what).or_default().push(status);
    }
    eprintln!("{seen:?}");
    assert!(
        seen["valid"].iter().all(|&s| s == 200),
        "every valid request renders: {seen:?}"
    );
    assert!(seen["slow"].iter().all(|&s| s == 408), "{seen:?}");
    assert!(seen["stalled"].iter().all(|&s| s == 408), "{seen:?}");
    assert!(seen["malformed"].iter().all(|&s| s == 400), "{seen:?}");
    assert!(seen["oversized"].iter().all(|&s| s == 413 || s == 0), "{seen:?}");
    assert!(seen["invalid"].iter().all(|&s| s == 422), "{seen:?}");
    // And the PDFs are whole: one more valid request over its own connection.
    let (head_line, body) = exchange(address, &sample()).await;
    assert!(head_line.starts_with("HTTP/1.1 200") && body.ends_with(b"%%EOF\n"));
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}

/// Issue: `audience=240390-1234` came back as "unknown variant `240390-1234`"; free text
/// in `version=` likewise.
#[tokio::test]
async fn query_values_are_never_echoed() {
    let app = app(engine(), Config::default());
    for uri in [
        "/v1/render?audience=240390-1234&version=current",
        "/v1/render?audience=240390%201234&version=current",
        "/v1/render?audience=citizen&version=Amina%20er%20syg",
        "/v1/render?audience=citizen&version=current&2403901234=1",
    ] {
        let (response, body) = send(&app, post(uri, "application/json", sample())).await;
        let problem = problem(&response, &body, StatusCode::BAD_REQUEST);
        let text = String::from_utf8_lossy(&body);
        for marker in [CPR, "240390 1234", "2403901234", "Amina"] {
            assert!(!text.contains(marker), "{uri}: {text}");
        }
        assert!(problem["detail"].as_str().unwrap().contains("expected"), "{text}");
    }
}

/// Issue: a plan version id that could be a CPR number named the PDF in
/// `Content-Disposition`.
#[tokio::test]
async fn a_cpr_shaped_id_never_names_the_attachment() {
    let app = app(engine(), Config::default());
    for id in [CPR, "240390 1234", "2403901234"] {
        let json = sample().replacen("\"PV-2026-000731\"", &format!("\"{id}\""), 1);
        let (response, _) = send(&app, post(RENDER, "application/json", json)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let disposition =
            response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.contains("filename=\"id."), "{disposition}");
        assert!(!disposition.contains(&id[..6]), "{disposition}");
    }
}

/// Starts the service on a loopback port with `config`; returns its address, the stop
/// switch and the server task.
async fn start(
    backend: Arc<dyn Backend>,
    config: Config,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
    Router,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = app(backend, config.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn({
        let router = router.clone();
        async move {
            minplan::server::serve_with(
                listener,
                router,
                async {
                    let _ = stopped.await;
                },
                &config,
            )
            .await
        }
    });
    (address, stop, server, router)
}

/// Issue: a malformed chunk size answered 413 "Body too large".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_chunk_is_a_400_problem() {
    let (address, stop, server, _) = start(engine(), Config::default()).await;
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "POST {RENDER} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Sends `request` over a fresh loopback connection and reads until the server closes;
/// returns the head and the body of the answer.
async fn raw(address: std::net::SocketAddr, request: &[u8]) -> (String, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..split]).to_string();
    (head, answer.get(split + 4..).unwrap_or_default().to_vec())
}

/// Issue: a duplicate or negative Content-Length got hyper's own 400 with an empty body.
/// Each malformed head is a problem document naming the header field, never its value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_heads_are_problems_that_name_the_field_not_its_value() {
    let (address, stop, server, _) = start(engine(), Config::default()).await;
    let filler = format!("X-Filler: {}\r\n", "q".repeat(70 * 1024));
    let cases = [
        // (header fields, the value that must not come back, status, path)
        ("Content-Length: 37\r\nContent-Length: 37\r\n", "37", 400, "content-length"),
        ("Content-Length: -8675309\r\n", "8675309", 400, "content-length"),
        ("Content-Length: abc\r\n", "abc", 400, "content-length"),
        ("Content-Length: 37\r\nContent-Length: 41\r\n", "41", 400, "content-length"),
        ("Content-Length: 37, 41\r\n", "41", 400, "content-length"),
        (
            "Transfer-Encoding: chunked\r\nContent-Length: 37\r\n",
            "37",
            400,
            "content-length",
        ),
        ("Transfer-Encoding: zzip\r\n", "zzip", 400, "transfer-encoding"),
        ("Bad Field: qqq\r\n", "qqq", 400, "head"),
        (filler.as_str(), "qqqq", 431, "head"),
    ];
    for (fields, value, status, path) in cases {
        let request = format!(
            "POST {RENDER} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             {fields}\r\n{{}}"
        );
        let (head, body) = raw(address, request.as_bytes()).await;
        let what = fields.get(..60).unwrap_or(fields);
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{what}: {head}");
        assert!(
            head.to_lowercase().contains("content-type: application/problem+json"),
            "{what}: {head}"
        );
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem["status"], status, "{what}");
        assert_eq!(problem["errors"][0]["path"], path, "{what}");
        assert_eq!(problem["errors"][0]["kind"], "request", "{what}");
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains(value), "{what}: {text}");
    }
    // A malformed request line.
    let (head, body) = raw(address, b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
    let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["type"], "urn:minplan:problem:bad-head");
    // A bad request line is answered when its line ends, not at the header timeout.
    let started = std::time::Instant::now();
    let (head, _) = raw(address, b"NOT HTTP AT ALL\r\n").await;
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// A whole `POST /v1/validate` request with `body`, kept alive.
fn validate_request(body: &str) -> String {
    format!(
        "POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// The head check hands good heads to hyper with nothing lost: a request, a second one
/// on the same connection after the first answer, and pipelined requests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn good_heads_pass_and_connections_stay_alive() {
    let (address, stop, server, _) = start(engine(), Config::default()).await;
    let validate = validate_request(&sample());
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(validate.as_bytes()).await.unwrap();
    let mut first = Vec::new();
    while !first.ends_with(b"{\"valid\":true}") {
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed after {}", String::from_utf8_lossy(&first));
        first.extend_from_slice(&chunk[..n]);
    }
    assert!(first.starts_with(b"HTTP/1.1 200 "), "{}", String::from_utf8_lossy(&first));
    // The same connection, a second request (its head checked too).
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut second = Vec::new();
    stream.read_to_end(&mut second).await.unwrap();
    let second = String::from_utf8_lossy(&second);
    assert!(
        second.starts_with("HTTP/1.1 200 ") && second.ends_with("\"ok\"}"),
        "{second}"
    );
    // Pipelined: the bytes after the first head reach hyper too.
    let pipelined = format!(
        "{validate}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n\
         GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    );
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(pipelined.as_bytes()).await.unwrap();
    let mut all = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut all))
        .await
        .unwrap()
        .unwrap();
    let all = String::from_utf8_lossy(&all);
    assert_eq!(all.matches("HTTP/1.1 200 ").count(), 3, "{all}");
    assert!(all.ends_with("\"ready\"}"), "{all}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The answers at the front of `bytes` (each with a `content-length` body): their
/// heads (lower case) and bodies, and how many bytes they took.
fn answers(bytes: &[u8]) -> (Vec<(String, Vec<u8>)>, usize) {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(split) = bytes[at..].windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&bytes[at..at + split]).to_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no content-length: {head}"));
        let body = at + split + 4;
        let Some(body) = bytes.get(body..body + length) else { break };
        found.push((head, body.to_vec()));
        at += split + 4 + length;
    }
    (found, at)
}

/// Reads one answer from `stream` (a kept-alive connection, nothing more sent after it).
async fn answer(stream: &mut tokio::net::TcpStream) -> (String, Vec<u8>) {
    let mut bytes = Vec::new();
    loop {
        let (found, used) = answers(&bytes);
        if let Some(first) = found.into_iter().next() {
            assert_eq!(used, bytes.len(), "more than one answer");
            return first;
        }
        let mut chunk = [0u8; 8192];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed after {}", String::from_utf8_lossy(&bytes));
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// Issue: later requests on a kept-alive connection were read by hyper alone, so a
/// repeated or negative Content-Length there still got hyper's empty 400. Every head of a
/// connection is now checked: after a good request and its answer, a bad head is a
/// problem document naming the field, never its value, counted in the metrics, and the
/// connection closes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_head_after_good_requests_on_one_connection_is_a_problem() {
    let (address, stop, server, router) = start(engine(), Config::default()).await;
    let validate = validate_request(&sample());
    let cases = [
        // (the bad head, the value that must not come back, status, path)
        (
            "POST /v1/validate HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 37\r\n\r\n{}",
            "37",
            400,
            "content-length",
        ),
        (
            "POST /v1/validate HTTP/1.1\r\nContent-Length: -8675309\r\n\r\n{}",
            "8675309",
            400,
            "content-length",
        ),
        (
            "POST /v1/validate HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\
             Content-Length: 4711\r\n\r\n0\r\n\r\n",
            "4711",
            400,
            "content-length",
        ),
        ("GET /\x01qqq HTTP/1.1\r\nHost: x\r\n\r\n", "qqq", 400, "head"),
    ];
    for (bad, value, status, path) in cases {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(validate.as_bytes()).await.unwrap();
        let (head, first) = answer(&mut stream).await;
        assert!(head.starts_with("http/1.1 200 "), "{head}");
        assert_eq!(first, b"{\"valid\":true}");
        stream.write_all(bad.as_bytes()).await.unwrap();
        let (head, problem) = answer(&mut stream).await;
        assert!(head.starts_with(&format!("http/1.1 {status} ")), "{bad:?}: {head}");
        assert!(head.contains("content-type: application/problem+json"), "{head}");
        assert!(head.contains("connection: close"), "{head}");
        let text = String::from_utf8_lossy(&problem);
        assert!(!text.contains(value), "{bad:?}: {text}");
        let problem: serde_json::Value = serde_json::from_slice(&problem).unwrap();
        assert_eq!(problem["type"], "urn:minplan:problem:bad-head", "{bad:?}");
        assert_eq!(problem["errors"][0]["path"], path, "{bad:?}");
        // And the connection is closed after it.
        let mut rest = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest))
            .await
            .unwrap()
            .unwrap();
        assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    }
    let text = metrics(&router).await;
    let refused = |fault: &str| {
        sample_value(
            &text,
            &format!("minplan_request_heads_refused_total{{fault=\"{fault}\"}}"),
        )
    };
    assert_eq!(refused("content-length-repeated"), Some(1.0), "{text}");
    assert_eq!(refused("content-length-invalid"), Some(1.0), "{text}");
    assert_eq!(refused("two-framings"), Some(1.0), "{text}");
    assert_eq!(refused("syntax"), Some(1.0), "{text}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Pipelined requests (a chunked body with a trailer, a request without a body, a
/// `Content-Length` body) are answered in order, and a bad head after them is answered
/// after their answers: the body of each is followed to its end to find the next head.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_requests_are_answered_in_order_before_a_bad_head() {
    let (address, stop, server, _) = start(engine(), Config::default()).await;
    let body = sample();
    let (left, right) = body.split_at(body.len() / 2);
    let pipelined = format!(
        "POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x};note=1\r\n{left}\r\n{:X}\r\n{right}\r\n\
         0\r\nX-Trailer: 1\r\n\r\n\
         GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n\
         POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}\
         POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\
         Content-Length: 5\r\n\r\nhello",
        left.len(),
        right.len(),
        body.len(),
    );
    for pieces in [1, 7, 301] {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let bytes = pipelined.as_bytes();
        for piece in bytes.chunks(bytes.len().div_ceil(pieces)) {
            stream.write_all(piece).await.unwrap();
            stream.flush().await.unwrap();
        }
        let mut all = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut all))
            .await
            .unwrap()
            .unwrap();
        let (answers, used) = answers(&all);
        assert_eq!(used, all.len(), "{}", String::from_utf8_lossy(&all));
        let statuses: Vec<&str> = answers
            .iter()
            .map(|(h, _)| h.get(9..12).unwrap_or_default())
            .collect();
        assert_eq!(statuses, ["200", "200", "200", "400"], "in {pieces} pieces");
        assert_eq!(answers[0].1, b"{\"valid\":true}");
        assert!(String::from_utf8_lossy(&answers[1].1).contains("\"ok\""));
        assert_eq!(answers[2].1, b"{\"valid\":true}");
        assert!(answers[3].0.contains("application/problem+json"), "{}", answers[3].0);
    }
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Issue: no header read timeout: a head sent a byte at a time stayed open. The first
/// head of a connection, and one after a good request on a kept-alive connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_sent_too_slowly_is_cut_off() {
    let config =
        Config { header_timeout: Duration::from_millis(800), ..Config::default() };
    let (address, stop, server, _) = start(engine(), config).await;
    for after_a_request in [false, true] {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        if after_a_request {
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                .await
                .unwrap();
            let (head, _) = answer(&mut stream).await;
            assert!(head.starts_with("http/1.1 200 "), "{head}");
        }
        trickle_until_closed(stream).await;
    }
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Sends a head a byte every 200 ms; the server must close within 5 s.
async fn trickle_until_closed(mut stream: tokio::net::TcpStream) {
    let started = std::time::Instant::now();
    let head = head(10);
    let mut closed = false;
    for byte in head.as_bytes() {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        if started.elapsed() > Duration::from_secs(5) {
            break;
        }
    }
    if !closed {
        // The server answers (408) or closes; either way the read ends.
        let mut rest = Vec::new();
        let read =
            tokio::time::timeout(Duration::from_secs(1), stream.read_to_end(&mut rest));
        closed = read.await.is_ok();
    }
    assert!(closed, "the connection was still open after {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

/// Issue: a client that disconnected mid-render left no log line and no metric.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_goes_away_mid_render_is_counted() {
    let (address, stop, server, router) =
        start(Arc::new(Slow(engine())), Config::default()).await;
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let body = sample();
    stream.write_all(head(body.len()).as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(stream);
    // The slow render takes 300 ms; the disconnect is seen by then or when it ends.
    let mut counted = None;
    for _ in 0..30 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        counted =
            sample_value(&metrics(&router).await, "minplan_client_disconnects_total");
        if counted == Some(1.0) {
            break;
        }
    }
    assert_eq!(counted, Some(1.0));
    // Answered requests, refused ones too, are not disconnects.
    for uri in [RENDER, "/v1/render?audience=akasse&version=current&signature=true"] {
        let _ = send(&router, post(uri, "application/json", sample())).await;
    }
    let text = metrics(&router).await;
    assert_eq!(sample_value(&text, "minplan_client_disconnects_total"), Some(1.0));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Issue: with a trickling client connected, the process still ran 35 s after SIGTERM
/// (Kubernetes gives 30). The binary, with a 2 s shutdown bound: it ends within it.
#[test]
fn sigterm_ends_the_service_within_its_bound_whatever_clients_do() {
    let Some(binary) = option_env!("CARGO_BIN_EXE_minplan") else { return };
    // A signal as soon as the service says it is up is handled (exit 0), not fatal.
    let mut early = std::process::Command::new(binary)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(stderr) = early.stderr.take() {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(stderr).lines();
        let up = lines.by_ref().map_while(Result::ok).any(|l| l.contains("address="));
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &early.id().to_string()])
            .status();
        assert!(up);
        lines.for_each(drop);
    }
    let status = early.wait().unwrap();
    assert!(status.success(), "SIGTERM right after start: {status:?}");
    let (mut child, address, reader) = crate::spawn_server(&[
        "--listen",
        "127.0.0.1:0",
        "--shutdown-timeout",
        "2",
        "--header-timeout",
        "60",
        "--body-timeout",
        "60",
    ]);
    // One client trickles its head, another its body, a byte a second.
    let trickling: Vec<_> =
        [String::from("POST /v1/validate HTTP/1.1\r\nHost: x\r\n"), head(100)]
            .into_iter()
            .map(|text| {
                let address = address.clone();
                std::thread::spawn(move || {
                    use std::io::Write as _;
                    let mut stream = std::net::TcpStream::connect(&address).unwrap();
                    for byte in text.bytes().chain(std::iter::repeat(b' ')).take(200) {
                        if stream.write_all(&[byte]).is_err() {
                            return;
                        }
                        std::thread::sleep(Duration::from_secs(1));
                    }
                })
            })
            .collect();
    std::thread::sleep(Duration::from_secs(2));
    let signalled = std::time::Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut status = None;
    while signalled.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(s)) = child.try_wait() {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = signalled.elapsed();
    // Reaped in every case (a no-op when it has ended).
    let _ = child.kill();
    let _ = child.wait();
    let log = reader.join().unwrap();
    assert!(
        status.is_some_and(|s| s.success()),
        "still running {took:?} after SIGTERM: {log}"
    );
    assert!(took < Duration::from_secs(4), "{took:?}: {log}");
    drop(trickling);
}
