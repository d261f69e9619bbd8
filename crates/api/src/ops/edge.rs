//! The operations around every route in one middleware instead of one layer each (issue #18):
//! each `from_fn` layer cloned and boxed the rest of the stack below it on every request, so a
//! cached answer that needs no work at all paid for ten layers of cloning, boxing and dropping.
//!
//! Outermost first, as before: metrics (count, time, in flight), the request log (a span and a
//! line per answer at `debug`, a `warn` line for slow answers and an `error` line for 5xx, each
//! naming method and matched path), security headers, then problem+json for bare errors, the
//! rate limit, ETags and 304, data writes, and the response cache. With CORS origins configured
//! the CORS layer must sit between the security headers and the rest: then [`observed`] (metrics,
//! log, security headers) and [`guarded`] (the rest) run as two middlewares around it.

use std::future::Future;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::{SLOW, etag, metrics, problem, rate_limit, security};
use crate::state::AppState;

/// Everything, as one middleware (no CORS configured).
pub async fn whole(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let state = &state;
    observed(state, request, |request| guarded(state, request, next)).await
}

/// Metrics, log and security headers, outside the CORS layer.
pub async fn outer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    observed(&state, request, |request| next.run(request)).await
}

/// Problems, rate limit, ETags, writes and cache, inside the CORS layer.
pub async fn inner(State(state): State<AppState>, request: Request, next: Next) -> Response {
    guarded(&state, request, next).await
}

/// Counts, times and logs the answer of `call`, and adds the security headers.
async fn observed<F, Fut>(state: &AppState, request: Request, call: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.extensions().get::<MatchedPath>().cloned();
    let path = path.as_ref().map_or("unmatched", MatchedPath::as_str);
    let in_flight = metrics::InFlight::enter(&state.metrics.http_in_flight);
    let private = security::is_private(&request);
    // At the default level `info` the span is disabled and costs next to nothing.
    let span = tracing::debug_span!("request", method = %method, path);
    let mut response = call(request).instrument(span.clone()).await;
    drop(in_flight);
    security::add(&mut response, private);
    let status = response.status().as_u16();
    let latency = started.elapsed();
    let latency_ms = latency.as_millis();
    if response.status().is_server_error() {
        tracing::error!(method = %method, path, status, latency_ms, "server error");
    } else if latency >= SLOW {
        tracing::warn!(method = %method, path, status, latency_ms, "slow request");
    } else {
        span.in_scope(|| tracing::debug!(status, latency_ms, "finished processing request"));
    }
    metrics::record(&state.metrics, &method, path, status, started);
    response
}

/// Rate limit, ETags, data writes and the response cache around the route, then problem+json
/// for a bare error from any of them or from below.
async fn guarded(state: &AppState, mut request: Request, next: Next) -> Response {
    let response = match rate_limit::refusal(state, &request).await {
        Some(refused) => refused,
        None => {
            let tag = etag::prepare(&mut request);
            let writes = crate::cache::writes_data(&request);
            let response = crate::cache::responses(state, request, next).await;
            if writes {
                crate::cache::track_write(state, &response);
            }
            match tag {
                Some(if_none_match) => etag::finish(response, if_none_match).await,
                None => response,
            }
        }
    };
    problem::problems(state, response).await
}
