//! Static files compiled into the binary: the pages' stylesheet and the offline API documentation
//! page (Swagger UI 5.35.0 from the `swagger-ui-dist` npm package, Apache-2.0, vendored under
//! `assets/swagger-ui/` with its licence) with its start script. No inline script or style
//! anywhere: the Content-Security-Policy forbids both.
//!
//! The Swagger UI files carry their version in the path and are cached for a year; our own files
//! change with the service and are revalidated by their ETag.

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

fn asset(
    content_type: &'static str,
    cache: &'static str,
    body: &'static [u8],
) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        body,
    )
}

/// Interactive API documentation (Swagger UI), working without internet access.
#[utoipa::path(get, path = "/api/v1/docs", tag = "operations",
    responses((status = 200, description = "Documentation page", content_type = "text/html")))]
pub async fn docs() -> impl IntoResponse {
    asset(
        "text/html; charset=utf-8",
        REVALIDATE,
        include_bytes!("../../assets/docs.html"),
    )
}

/// The documentation page's start script.
#[utoipa::path(get, path = "/static/docs.js", tag = "operations",
    responses((status = 200, description = "Script", content_type = "text/javascript")))]
pub async fn docs_js() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        REVALIDATE,
        include_bytes!("../../assets/docs.js"),
    )
}

/// Swagger UI's script bundle.
#[utoipa::path(get, path = "/static/swagger-ui-5.35.0/swagger-ui-bundle.js", tag = "operations",
    responses((status = 200, description = "Script", content_type = "text/javascript")))]
pub async fn swagger_ui_js() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        IMMUTABLE,
        include_bytes!("../../assets/swagger-ui/swagger-ui-bundle.js"),
    )
}

/// Swagger UI's stylesheet.
#[utoipa::path(get, path = "/static/swagger-ui-5.35.0/swagger-ui.css", tag = "operations",
    responses((status = 200, description = "Stylesheet", content_type = "text/css")))]
pub async fn swagger_ui_css() -> impl IntoResponse {
    asset(
        "text/css; charset=utf-8",
        IMMUTABLE,
        include_bytes!("../../assets/swagger-ui/swagger-ui.css"),
    )
}

/// The stylesheet of the HTML pages.
#[utoipa::path(get, path = "/static/vergleich.css", tag = "pages",
    responses((status = 200, description = "Stylesheet", content_type = "text/css")))]
pub async fn stylesheet() -> impl IntoResponse {
    asset(
        "text/css; charset=utf-8",
        REVALIDATE,
        include_bytes!("../../assets/vergleich.css"),
    )
}

/// The workshop live page's faster refresh (the page refreshes without it too).
#[utoipa::path(get, path = "/static/live.js", tag = "pages",
    responses((status = 200, description = "Script", content_type = "text/javascript")))]
pub async fn live_js() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        REVALIDATE,
        include_bytes!("../../assets/live.js"),
    )
}

/// The upload page's drag-and-drop enhancement (the form works without it).
#[utoipa::path(get, path = "/static/upload.js", tag = "pages",
    responses((status = 200, description = "Script", content_type = "text/javascript")))]
pub async fn upload_js() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        REVALIDATE,
        include_bytes!("../../assets/upload.js"),
    )
}
