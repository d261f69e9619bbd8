//! The router: every route of the service in one place, with tracing spans that carry method
//! and matched path.

mod catalogue;
mod health;
mod observations;
mod pages;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::routing::get;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/health", get(health::health))
        .route("/api/v1/fields", get(catalogue::fields))
        .route("/api/v1/indicators", get(catalogue::indicators))
        .route("/api/v1/municipalities", get(catalogue::municipalities))
        .route("/api/v1/observations", get(observations::list))
        .fallback(health::not_found)
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let path = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or("-", MatchedPath::as_str);
                tracing::info_span!("request", method = %request.method(), path)
            }),
        )
        .with_state(state)
}
