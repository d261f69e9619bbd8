//! The OpenAPI 3.1 document: generated from the handlers' `#[utoipa::path]` declarations.

use std::sync::OnceLock;

use axum::Json;
use axum::response::IntoResponse;

/// The document's frame; paths are added by the router.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "vergleich",
        description = "Comparison service of the model municipalities of \"Weltoffene Kommunen\" \
            (Bertelsmann Stiftung and PHINEO). Authenticate with `Authorization: Bearer vgl_…` \
            (an API token from `vergleich token create`) or a browser session. Every error is \
            `application/problem+json` with a stable `code`.",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "catalogue", description = "Fields, indicators, the cohort"),
        (name = "comparisons", description = "Comparisons, field scores, profiles, trends, peer groups, coverage, sensitivity, scatter; each as .json, .csv, .xlsx, .svg or .png (suffix or Accept)"),
        (name = "data", description = "Observations"),
        (name = "releases", description = "Named data releases (Datenstände): list, cut, what changed, and each as open data (Frictionless Data Package, DCAT-AP.de)"),
        (name = "operations", description = "Health, readiness, metrics, this document"),
        (name = "pages", description = "HTML pages"),
        (name = "session", description = "Sign-in with name and password (browser sessions)"),
        (name = "uploads", description = "Municipalities upload their data; validation reports"),
        (name = "exchange", description = "Praxisbeispiele, search across practices and measures, learning partners, exchange requests"),
        (name = "review", description = "Submit, approve, reject; what an upload changes; audit log"),
    )
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn document() -> impl IntoResponse {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    Json(DOC.get_or_init(super::openapi_json).clone())
}
