//! Operations: the layers every request passes (limits, timeouts, rate limits, security headers,
//! CORS, ETags, metrics, request logs) and the state they keep.
//!
//! [`apply`] wraps the routes, outermost first (2–4 and 6–9 in one middleware, [`edge`]):
//! 1. sensitive headers: `Authorization`, `Cookie` and `Set-Cookie` are marked so that nothing
//!    that prints headers shows their values;
//! 2. metrics: every answer counted and timed by matched route, including the refusals below;
//! 3. request log: a span per request with method and matched path (never the query, headers
//!    or body) and a line per answer, both at `debug` (`--log info,vergleich_api::ops=debug`
//!    shows every request); a `warn` line for an answer slower than [`SLOW`] and an `error` line
//!    for every 5xx, each with method, path, status and latency. A line per answer at `info`
//!    cost a formatted, written line for every cached chart (issue #18);
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
pub mod edge;
pub mod etag;
pub mod metrics;
pub mod problem;
pub mod rate_limit;
pub mod security;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::middleware::from_fn_with_state;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::timeout::TimeoutLayer;

pub use metrics::Metrics;
pub use rate_limit::RateLimiter;

use crate::state::AppState;

/// Answers slower than this are logged at `warn`.
pub const SLOW: Duration = Duration::from_secs(1);

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
        ));
    // Everything else in one middleware (`edge`), or two around the CORS layer.
    let routes = match security::cors(&http.cors_origins) {
        None => routes.layer(from_fn_with_state(state.clone(), edge::whole)),
        Some(cors) => routes
            .layer(from_fn_with_state(state.clone(), edge::inner))
            .layer(cors)
            .layer(from_fn_with_state(state.clone(), edge::outer)),
    };
    routes.layer(SetSensitiveHeadersLayer::new([
        header::AUTHORIZATION,
        header::COOKIE,
        header::SET_COOKIE,
    ]))
}
