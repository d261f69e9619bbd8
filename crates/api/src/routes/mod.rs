//! The router: every route of the service in one place, with tracing spans that carry method
//! and matched path.
//!
//! Every route is registered through `utoipa_axum::routes!`, which takes the path and method from
//! the handler's `#[utoipa::path]`: the router and the OpenAPI document are built from the same
//! declarations, so neither can list a route the other lacks (`tests/openapi.rs` checks both
//! directions and that no route is added around it).

mod catalogue;
mod health;
mod observations;
mod openapi;
mod pages;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::Request;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// Every route of the service with its OpenAPI description.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(pages::index))
        .routes(routes!(health::health))
        .routes(routes!(openapi::document))
        .routes(routes!(catalogue::fields))
        .routes(routes!(catalogue::indicators))
        .routes(routes!(catalogue::municipalities))
        .routes(routes!(observations::list))
}

/// The OpenAPI 3.1 document of every route, as served at `/api/v1/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    api_routes().into_openapi()
}

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    let (routes, _) = api_routes().split_for_parts();
    routes
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
