//! Security headers on every answer, `Cache-Control: no-store` on answers to authenticated
//! requests, and CORS (off unless origins are configured).

use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Same-origin everything; no inline script or style (pages link `/static/vergleich.css`, the
/// documentation page loads its script from a file), no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; \
    form-action 'self'; frame-ancestors 'none'";

/// Browser features the service never uses.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

const STATIC_HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    (
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// Whether the request carries credentials or changes state (its answer is not stored).
pub(crate) fn is_private(request: &Request) -> bool {
    request.headers().contains_key(header::AUTHORIZATION)
        || crate::auth::session::cookie_value(request.headers()).is_some()
        || !matches!(*request.method(), Method::GET | Method::HEAD)
}

/// Adds the security headers; answers to a request with credentials (Bearer token or session
/// cookie), answers that set a cookie (signing in and out) and answers to state changes are not
/// stored by browsers or proxies, unless the handler declared them public (the versioned static
/// assets, which are the same for everyone). Called by `ops::edge` for every answer.
pub(crate) fn add(response: &mut Response, private: bool) {
    let private = private || response.headers().contains_key(header::SET_COOKIE);
    let headers = response.headers_mut();
    for (name, value) in STATIC_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    let public = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("public"));
    if private && !public {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// CORS for the configured origins; `None` (no CORS headers, browsers refuse cross-origin reads)
/// when there are none. Cookies are never allowed cross-origin: a foreign page cannot act with a
/// user's session; API clients send their token in `Authorization`.
pub fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::HEAD,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
                header::IF_NONE_MATCH,
                HeaderName::from_static("idempotency-key"),
            ])
            .expose_headers([
                header::ETAG,
                header::RETRY_AFTER,
                header::LOCATION,
                header::CONTENT_DISPOSITION,
            ])
            .max_age(Duration::from_secs(600)),
    )
}
