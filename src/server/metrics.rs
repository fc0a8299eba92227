//! The service's Prometheus metrics, served at `GET /metrics` in the Prometheus text
//! format (0.0.4). Labels are audience, version kind and outcome only: fixed sets of
//! values, never anything from the plan (no id, no name, no CPR number).

use std::fmt::Write as _;
use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::{Audience, VersionKind};

/// How a render ended, as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// A PDF was sent.
    Ok,
    /// The input or the request was refused (400, 422).
    Invalid,
    /// A bug: the render failed or panicked (500).
    Error,
}

impl Outcome {
    /// The outcome of an answer with this HTTP status.
    pub fn of_status(status: u16) -> Self {
        match status {
            200..=299 => Self::Ok,
            400..=499 => Self::Invalid,
            _ => Self::Error,
        }
    }
}

/// The labels of `minplan_renders_total`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RenderLabels {
    audience: Audience,
    version: VersionKind,
    outcome: Outcome,
}

/// Writes a label value through its `Display` (the same lowercase words as the API).
fn label(
    encoder: &mut LabelValueEncoder,
    value: impl std::fmt::Display,
) -> std::fmt::Result {
    write!(encoder, "{value}")
}

impl EncodeLabelValue for Audience {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        label(encoder, self)
    }
}

impl EncodeLabelValue for VersionKind {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        label(encoder, self)
    }
}

impl EncodeLabelValue for Outcome {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        encoder.write_str(match self {
            Self::Ok => "ok",
            Self::Invalid => "invalid",
            Self::Error => "error",
        })
    }
}

/// The service's metrics and the registry that encodes them.
pub struct Metrics {
    registry: Registry,
    renders: Family<RenderLabels, Counter>,
    duration: Histogram,
    rejected: Counter,
    in_flight: Gauge,
    disconnects: Counter,
    substituted: Counter,
    heads_refused: Family<HeadLabels, Counter>,
}

/// The labels of `minplan_request_heads_refused_total`: what was wrong, by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct HeadLabels {
    fault: &'static str,
}

impl Metrics {
    /// The metrics of a service with `slots` render slots and `queue` queue places.
    pub fn new(slots: usize, queue: usize) -> Self {
        let mut registry = Registry::default();
        let renders = Family::<RenderLabels, Counter>::default();
        registry.register(
            "minplan_renders",
            "Render requests answered, by audience, version kind and outcome \
             (ok, invalid: 400/422, error: 500)",
            renders.clone(),
        );
        // 1 ms to 8 s: one render of the reference document takes ~5 ms, the largest
        // admitted input under 1 s (README, Robustness).
        let duration = Histogram::new(exponential_buckets(0.001, 2.0, 14));
        registry.register(
            "minplan_render_duration_seconds",
            "Time a render holds its slot: parse, validate, layout and PDF",
            duration.clone(),
        );
        let rejected = Counter::default();
        registry.register(
            "minplan_requests_rejected",
            "Requests answered 503 because every render slot and queue place was taken",
            rejected.clone(),
        );
        let disconnects = Counter::default();
        registry.register(
            "minplan_client_disconnects",
            "Requests whose client went away before the answer was ready",
            disconnects.clone(),
        );
        let substituted = Counter::default();
        registry.register(
            "minplan_substituted_characters",
            "Characters no bundled font draws, drawn as a substitute in a rendered PDF \
             (each distinct character of a field once per render)",
            substituted.clone(),
        );
        let heads_refused = Family::<HeadLabels, Counter>::default();
        registry.register(
            "minplan_request_heads_refused",
            "Request heads answered with a problem before they reached the router \
             (malformed, ambiguous framing, over the limit), by fault",
            heads_refused.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "minplan_renders_in_flight",
            "Requests holding a render slot now (renders and validations)",
            in_flight.clone(),
        );
        let capacity = |name: &str, help: &str, value: usize| {
            let gauge: Gauge = Gauge::default();
            gauge.set(i64::try_from(value).unwrap_or(i64::MAX));
            (name.to_owned(), help.to_owned(), gauge)
        };
        for (name, help, gauge) in [
            capacity("minplan_render_slots", "Renders that may run at once", slots),
            capacity("minplan_queue_places", "Requests that may wait for a slot", queue),
        ] {
            registry.register(name, help, gauge);
        }
        Self {
            registry,
            renders,
            duration,
            rejected,
            in_flight,
            disconnects,
            substituted,
            heads_refused,
        }
    }

    /// Counts a finished render request and, if it ran, how long it held its slot.
    pub fn render(
        &self,
        audience: Audience,
        version: VersionKind,
        outcome: Outcome,
        took: Option<Duration>,
    ) {
        self.renders
            .get_or_create(&RenderLabels { audience, version, outcome })
            .inc();
        if let Some(took) = took {
            self.duration.observe(took.as_secs_f64());
        }
    }

    /// Counts a request whose client went away before its answer.
    pub fn disconnected(&self) {
        self.disconnects.inc();
    }

    /// Counts a request head refused for `fault`.
    pub fn head_refused(&self, fault: super::head::Fault) {
        self.heads_refused
            .get_or_create(&HeadLabels { fault: fault.name() })
            .inc();
    }

    /// Counts the characters a rendered PDF drew as a substitute.
    pub fn substituted(&self, characters: usize) {
        if characters > 0 {
            self.substituted.inc_by(u64::try_from(characters).unwrap_or(u64::MAX));
        }
    }

    /// Counts a request turned away with 503.
    pub fn rejected(&self) {
        self.rejected.inc();
    }

    /// Marks a request as holding a render slot until the guard is dropped.
    pub fn in_flight(&self) -> InFlight {
        self.in_flight.inc();
        InFlight(self.in_flight.clone())
    }

    /// The metrics in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(
            &mut out,
            &self.registry,
        );
        out
    }
}

/// Holds one count in `minplan_renders_in_flight`; gives it back when dropped (also when
/// the render panics).
pub struct InFlight(Gauge);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The `Content-Type` of [`Metrics::encode`]'s text.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;
