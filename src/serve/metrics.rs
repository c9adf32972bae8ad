//! The service's metrics, in a registry of its own (no process-wide recorder: the library
//! may run several servers), exposed at `/metrics` in the OpenMetrics text format, which
//! Prometheus reads. Labels are bounded: a function label is only ever an exported
//! function's name, never what a request wrote.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RequestLabels {
    pub(crate) component: String,
    pub(crate) function: String,
    pub(crate) outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct ComponentLabels {
    pub(crate) component: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct LimitLabels {
    pub(crate) component: String,
    pub(crate) kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct CacheLabels {
    pub(crate) cache: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct OutcomeLabels {
    pub(crate) outcome: String,
}

type Histograms = Family<ComponentLabels, Histogram, fn() -> Histogram>;

pub(crate) struct Metrics {
    registry: Registry,
    pub(crate) requests: Family<RequestLabels, Counter>,
    pub(crate) duration: Histograms,
    pub(crate) in_flight: Gauge,
    pub(crate) queued: Gauge,
    pub(crate) instantiations: Family<ComponentLabels, Counter>,
    pub(crate) instantiation: Histograms,
    pub(crate) traps: Family<ComponentLabels, Counter>,
    pub(crate) limit_hits: Family<LimitLabels, Counter>,
    pub(crate) loads: Family<CacheLabels, Counter>,
    pub(crate) sessions: Gauge,
    pub(crate) reloads: Family<OutcomeLabels, Counter>,
}

/// 10 µs to about 84 s, doubling.
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(1e-5, 2.0, 24))
}

impl Metrics {
    pub(crate) fn new() -> Metrics {
        let mut metrics = Metrics {
            registry: Registry::with_prefix("wavecall"),
            requests: Family::default(),
            duration: Family::new_with_constructor(latency),
            in_flight: Gauge::default(),
            queued: Gauge::default(),
            instantiations: Family::default(),
            instantiation: Family::new_with_constructor(latency),
            traps: Family::default(),
            limit_hits: Family::default(),
            loads: Family::default(),
            sessions: Gauge::default(),
            reloads: Family::default(),
        };
        let r = &mut metrics.registry;
        r.register(
            "requests",
            "Calls by component, function and outcome (ok, bad_call, trap, limit, overloaded, rejected, error)",
            metrics.requests.clone(),
        );
        r.register(
            "request_duration_seconds",
            "Time from a call's admission to its response, by component",
            metrics.duration.clone(),
        );
        r.register(
            "in_flight_requests",
            "Calls running now",
            metrics.in_flight.clone(),
        );
        r.register(
            "queued_requests",
            "Calls waiting for a turn",
            metrics.queued.clone(),
        );
        r.register(
            "instantiations",
            "Instances started, by component",
            metrics.instantiations.clone(),
        );
        r.register(
            "instantiation_duration_seconds",
            "Time to start an instance, by component",
            metrics.instantiation.clone(),
        );
        r.register(
            "traps",
            "Calls that trapped, by component",
            metrics.traps.clone(),
        );
        r.register(
            "limit_hits",
            "Calls stopped by a limit, by component and kind (timeout, fuel, memory, table, stack)",
            metrics.limit_hits.clone(),
        );
        r.register(
            "component_loads",
            "Components loaded, by what the compile cache gave (hit: nothing compiled; miss: compiled and cached; off: compiled, no cache)",
            metrics.loads.clone(),
        );
        r.register("sessions", "Sessions open now", metrics.sessions.clone());
        r.register(
            "reloads",
            "Reloads of the components, by outcome (ok, error)",
            metrics.reloads.clone(),
        );
        metrics
    }

    /// The exposition text.
    pub(crate) fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    pub(crate) fn component(name: &str) -> ComponentLabels {
        ComponentLabels {
            component: name.to_string(),
        }
    }
}
