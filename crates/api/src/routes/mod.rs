//! The router: every route of the service in one place, with tracing spans that carry method
//! and matched path.
//!
//! Every route is registered through `utoipa_axum::routes!`, which takes the path and method from
//! the handler's `#[utoipa::path]`: the router and the OpenAPI document are built from the same
//! declarations, so neither can list a route the other lacks (`tests/openapi.rs` checks both
//! directions and that no route is added around it).

mod assets;
mod catalogue;
mod catalogue_admin;
mod cohort_admin;
mod compare;
pub mod concepts;
pub(crate) mod drawn;
pub mod exchange;
mod health;
mod observations;
mod openapi;
mod openapi_refine;
mod releases;
pub mod review;
pub mod selfcheck;
pub mod selfcheck_across;
pub mod selfcheck_template;
pub mod session;
mod templates;
pub mod uploads;
pub mod workshops;

use axum::Router;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// A member's key from a path (`{municipality}`), or a 400 naming it and why (a lost leading
/// zero, a wrong length).
pub(crate) fn parse_key(raw: &str) -> Result<vergleich_domain::Ags, crate::error::AppError> {
    vergleich_domain::Ags::parse(raw).map_err(|err| {
        crate::error::AppError::invalid(vec![vergleich_service::ErrorDetail::parameter(
            "municipality",
            raw,
            format!("Ungültiger Schlüssel: {err}"),
            format!("Invalid key: {err}"),
        )])
    })
}

/// Every route of the service with its OpenAPI description.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(health::ready))
        .routes(routes!(health::metrics))
        .routes(routes!(assets::docs))
        .routes(routes!(assets::docs_js))
        .routes(routes!(assets::swagger_ui_js))
        .routes(routes!(assets::swagger_ui_css))
        .routes(routes!(assets::stylesheet))
        .routes(routes!(assets::upload_js))
        .routes(routes!(assets::live_js))
        .routes(routes!(openapi::document))
        .routes(routes!(catalogue::fields, catalogue_admin::add_field))
        .routes(routes!(
            catalogue_admin::edit_field,
            catalogue_admin::delete_field
        ))
        .routes(routes!(
            catalogue::indicators,
            catalogue_admin::add_indicator
        ))
        .routes(routes!(catalogue_admin::edit_indicator))
        .routes(routes!(
            catalogue_admin::definitions,
            catalogue_admin::change_definition
        ))
        .routes(routes!(
            catalogue::municipalities,
            cohort_admin::add_municipality
        ))
        .routes(routes!(cohort_admin::edit_municipality))
        .routes(routes!(cohort_admin::add_period))
        .routes(routes!(cohort_admin::edit_period))
        .routes(routes!(cohort_admin::cohorts))
        .routes(routes!(observations::list))
        .merge(compare::routes())
        .merge(session::routes())
        .merge(uploads::routes())
        .merge(review::routes())
        .merge(releases::routes())
        .merge(concepts::routes())
        .merge(exchange::routes())
        .merge(selfcheck::routes())
        .merge(selfcheck_across::routes())
        .merge(workshops::routes())
        .merge(templates::routes())
        .merge(crate::pages::routes())
}

/// The OpenAPI 3.1 document of every route, as served at `/api/v1/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    api_routes().into_openapi()
}

/// The document as served at `/api/v1/openapi.json`: [`openapi_document`] with every shared
/// parameter's accepted values and the `400` answers made exact (`openapi_refine`).
pub fn openapi_json() -> serde_json::Value {
    let mut doc = serde_json::to_value(openapi_document()).unwrap_or_default();
    openapi_refine::refine(&mut doc);
    doc
}

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    let (routes, _) = api_routes().split_for_parts();
    // Limits, rate limits, security headers, ETags, metrics and request logs: see `crate::ops`.
    let inner = crate::ops::apply(routes.fallback(health::not_found), &state).with_state(state);
    // A suffix (`/api/v1/comparisons/x.csv`) must become `Accept` before routing, so the
    // rewrite wraps the routed application rather than being one of its layers.
    crate::negotiate::with_suffixes(inner)
}
