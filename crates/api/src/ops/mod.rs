//! Operations: the layers every request passes (limits, timeouts, rate limits, security headers,
//! CORS, ETags, metrics, request logs) and the state they keep.
//!
//! [`apply`] wraps the routes, outermost first:
//! 1. sensitive headers: `Authorization`, `Cookie` and `Set-Cookie` are marked so that nothing
//!    that prints headers shows their values;
//! 2. metrics: every answer counted and timed by matched route, including the refusals below;
//! 3. request log: one span per request with method and matched path (never the query, headers
//!    or body); a line per answer at `debug` (`--log info,vergleich_api::ops=debug` shows every
//!    request), at `warn` for an answer slower than [`SLOW`], and tower-http's `error` line for
//!    every 5xx. A line per answer at `info` cost a formatted, written line for every cached
//!    chart (issue #18);
//! 4. security headers (CSP and friends), `no-store` for authenticated requests;
//! 5. CORS, only when origins are configured;
//! 6. problem+json for the bare errors of the layers below and of axum's extractors;
//! 7. per-principal rate limit (429 before any work is done);
//! 8. ETags and 304 on reads;
//! 9. request timeout (then 503 `timeout`);
//! 10. body limit (413 `payload-too-large`, from `Content-Length` at once or while reading).
//!
//! Below the router, [`connections`] serves the sockets: connection cap, header timeout and idle
//! timeout.

pub mod connections;
pub mod etag;
pub mod metrics;
pub mod problem;
pub mod rate_limit;
pub mod security;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::{Request, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::timeout::TimeoutLayer;

use tower_http::trace::TraceLayer;

pub use metrics::Metrics;
pub use rate_limit::RateLimiter;

use crate::state::AppState;

/// Answers slower than this are logged at `warn`.
pub const SLOW: Duration = Duration::from_secs(1);

/// The request log's line for an answer (inside the request's span: method and path).
fn log_response<B>(response: &axum::http::Response<B>, latency: Duration, _: &tracing::Span) {
    let status = response.status().as_u16();
    let ms = latency.as_millis();
    if latency >= SLOW {
        tracing::warn!(status, latency_ms = ms, "slow request");
    } else {
        tracing::debug!(status, latency_ms = ms, "finished processing request");
    }
}

/// Wraps the routes in the operations layers (see the module documentation for the order).
pub fn apply(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    let http = &state.http;
    // `layer` wraps what is there: the innermost layer comes first.
    let routes = routes
        .layer(DefaultBodyLimit::max(http.body_limit))
        .layer(RequestBodyLimitLayer::new(http.body_limit))
        // 408 here, turned into 503 `timeout` by `problems`: nothing else answers 408.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            http.request_timeout,
        ))
        // Computed reads answered from the cache keyed by data version (inside the ETag layer,
        // so a cached answer gets the same ETag and 304 as a fresh one).
        .layer(from_fn_with_state(state.clone(), crate::cache::responses))
        .layer(from_fn_with_state(
            state.clone(),
            crate::cache::track_writes,
        ))
        .layer(from_fn(etag::etag))
        .layer(from_fn_with_state(state.clone(), rate_limit::limit))
        .layer(from_fn_with_state(state.clone(), problem::problems));
    let routes = match security::cors(&http.cors_origins) {
        Some(cors) => routes.layer(cors),
        None => routes,
    };
    routes
        .layer(from_fn(security::headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let path = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("-", MatchedPath::as_str);
                    tracing::info_span!("request", method = %request.method(), path)
                })
                .on_response(log_response),
        )
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(SetSensitiveHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
            header::SET_COOKIE,
        ]))
}
