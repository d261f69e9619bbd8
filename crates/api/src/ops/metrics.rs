//! Prometheus metrics: one registry per application state, served as text at `/metrics`.
//!
//! What is counted:
//! - `vergleich_http_requests_total{method, path, status}`: every answer, `path` being the matched
//!   route template (`/api/v1/uploads/{id}`), never the raw path, so ids cannot multiply the series;
//!   requests no route matched count as `path="unmatched"`; `method` is one of the nine methods
//!   HTTP defines or `other` (a client may send any token as a method), so every label set is
//!   bounded by the routes, ten methods and the status codes;
//! - `vergleich_http_request_duration_seconds{method, path}`: a histogram of the time to the
//!   response head;
//! - `vergleich_http_requests_in_flight`: requests being answered now;
//! - `vergleich_uploads_total{outcome}`: uploads by outcome, counted by the upload handlers;
//! - `vergleich_data_loads_total`: data states read from the database and built into a frame for
//!   the views (`crate::snapshots`: once per data version and reader, not once per request);
//! - `vergleich_data_states_written_total` and `vergleich_data_states_restored_total`: public
//!   states written to `--kept-state-dir` for the next start, and read back from it at a start;
//! - `vergleich_data_states_oversize_total`: data states larger than `--kept-observations`, kept
//!   alone outside the cache (raise the setting when this counts up).
//!
//! Adding a counter from a handler: keep the family as a field of [`Metrics`], register it in
//! [`Metrics::new`], and count with
//! `state.metrics.uploads_total.get_or_create(&UploadLabels::new("stored")).inc();`. Labels must
//! come from a small fixed set (outcomes, codes), never from user input.

use std::time::Instant;

use axum::http::Method;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};

/// Labels of one answered request. Both strings are `'static` (the method from a fixed list,
/// the route template interned once, see [`interned`]), so counting a request allocates nothing.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: &'static str,
    pub path: &'static str,
    pub status: u16,
}

/// Labels of the duration histogram (no status: it is known only after the work is done).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: &'static str,
    pub path: &'static str,
}

/// A route template (or `unmatched`) as a `'static` label: each distinct one is leaked once.
/// The set is bounded by the router's routes — never a raw path, so no request can grow it.
pub(crate) fn interned(path: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{OnceLock, RwLock};
    static PATHS: OnceLock<RwLock<HashSet<&'static str>>> = OnceLock::new();
    let paths = PATHS.get_or_init(Default::default);
    if let Some(p) = paths
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(path)
    {
        return p;
    }
    let mut set = paths
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(p) = set.get(path) {
        return p;
    }
    let leaked: &'static str = Box::leak(path.to_owned().into_boxed_str());
    set.insert(leaked);
    leaked
}

/// Labels of an upload's outcome: `stored`, `replayed`, `checked`, `rejected`, ...
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct UploadLabels {
    pub outcome: String,
}

impl UploadLabels {
    pub fn new(outcome: &str) -> Self {
        Self {
            outcome: outcome.to_owned(),
        }
    }
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

/// The registry and the metrics in it.
pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<RequestLabels, Counter>,
    pub http_duration: HistogramFamily<RouteLabels>,
    pub http_in_flight: Gauge,
    pub uploads_total: Family<UploadLabels, Counter>,
    pub data_loads: Counter,
    pub data_states_oversize: Counter,
    pub data_rows_read: Counter,
    pub data_states_written: Counter,
    pub data_states_restored: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Seconds from 5 ms to 30 s: reads answer in milliseconds, uploads and charts in seconds, and the
/// request timeout is 30 s by default.
const DURATION_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

fn duration_histogram() -> Histogram {
    Histogram::new(DURATION_BUCKETS)
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("vergleich");
        let http_requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, matched route and status",
            http_requests.clone(),
        );
        let http_duration: HistogramFamily<RouteLabels> =
            Family::new_with_constructor(duration_histogram);
        registry.register_with_unit(
            "http_request_duration",
            "Time to the response head, by method and matched route",
            Unit::Seconds,
            http_duration.clone(),
        );
        let http_in_flight = Gauge::default();
        registry.register(
            "http_requests_in_flight",
            "HTTP requests being answered",
            http_in_flight.clone(),
        );
        let uploads_total = Family::<UploadLabels, Counter>::default();
        registry.register(
            "uploads",
            "Uploads by outcome (stored, replayed, checked, rejected)",
            uploads_total.clone(),
        );
        let data_loads = Counter::default();
        registry.register(
            "data_loads",
            "Data states read from the database and built for the views (once per data version and reader)",
            data_loads.clone(),
        );
        let data_rows_read = Counter::default();
        registry.register(
            "data_rows_read",
            "Observation rows read from the database for data states (every row, or only the rows of the members whose uploads changed)",
            data_rows_read.clone(),
        );
        let data_states_written = Counter::default();
        registry.register(
            "data_states_written",
            "Public data states written to --kept-state-dir for the next start",
            data_states_written.clone(),
        );
        let data_states_restored = Counter::default();
        registry.register(
            "data_states_restored",
            "Public data states read back from --kept-state-dir (after a start), instead of every row from the database",
            data_states_restored.clone(),
        );
        let data_states_oversize = Counter::default();
        registry.register(
            "data_states_oversize",
            "Data states larger than --kept-observations, kept alone outside the cache",
            data_states_oversize.clone(),
        );
        Self {
            registry,
            http_requests,
            http_duration,
            http_in_flight,
            uploads_total,
            data_loads,
            data_states_oversize,
            data_rows_read,
            data_states_written,
            data_states_restored,
        }
    }

    /// The registry in the OpenMetrics text format Prometheus scrapes.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        // The application layer's analysis counts (process-wide, a fixed set of labels).
        let mut analyses = String::from(
            "# HELP vergleich_analyses Analyses computed since the process started, by kind.\n\
             # TYPE vergleich_analyses counter\n",
        );
        for (analysis, n) in vergleich_service::analyses::counts() {
            analyses.push_str(&format!(
                "vergleich_analyses_total{{analysis=\"{}\"}} {n}\n",
                analysis.as_str()
            ));
        }
        match out.rfind("# EOF") {
            Some(end) => out.insert_str(end, &analyses),
            None => out.push_str(&analyses),
        }
        out
    }
}

/// Counts a request as in flight until dropped, so a request whose client went away (and whose
/// future is dropped) leaves the gauge too.
pub(crate) struct InFlight(Gauge);

impl InFlight {
    pub(crate) fn enter(gauge: &Gauge) -> Self {
        gauge.inc();
        Self(gauge.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The method as a label: one of the methods HTTP defines, else `other`.
pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

/// Counts and times one answered request by its matched route (`ops::edge`).
pub(crate) fn record(
    metrics: &Metrics,
    method: &Method,
    path: &str,
    status: u16,
    started: Instant,
) {
    let method = method_label(method);
    let path = interned(path);
    metrics
        .http_duration
        .get_or_create(&RouteLabels { method, path })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .http_requests
        .get_or_create(&RequestLabels {
            method,
            path,
            status,
        })
        .inc();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_names_every_metric_with_its_prefix_and_labels() {
        let metrics = Metrics::new();
        metrics
            .http_requests
            .get_or_create(&RequestLabels {
                method: "GET",
                path: "/api/v1/fields",
                status: 200,
            })
            .inc();
        metrics
            .uploads_total
            .get_or_create(&UploadLabels::new("stored"))
            .inc();
        metrics
            .http_duration
            .get_or_create(&RouteLabels {
                method: "GET",
                path: "/api/v1/fields",
            })
            .observe(0.02);
        let text = metrics.encode();
        assert!(
            text.contains(
                r#"vergleich_http_requests_total{method="GET",path="/api/v1/fields",status="200"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains("# TYPE vergleich_http_request_duration_seconds histogram"),
            "{text}"
        );
        assert!(text.contains(
            r#"vergleich_http_request_duration_seconds_bucket{le="0.025",method="GET",path="/api/v1/fields"} 1"#
        ), "{text}");
        assert!(text.contains("vergleich_http_requests_in_flight 0"));
        assert!(text.contains(r#"vergleich_uploads_total{outcome="stored"} 1"#));
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn a_method_http_does_not_define_is_one_label() {
        assert_eq!(method_label(&Method::PATCH), "PATCH");
        let odd = Method::from_bytes(b"XXXXXXXXXXXXXXXXXXXXXXXX").unwrap();
        assert_eq!(method_label(&odd), "other");
        assert_eq!(method_label(&Method::from_bytes(b"get").unwrap()), "other");
    }
}
