//! Content negotiation for the comparison views: the form of an answer (JSON, CSV, XLSX, SVG,
//! PNG) comes from the `Accept` header or from a suffix on the path (`/api/v1/comparisons/x.csv`).
//!
//! The suffix is handled before routing ([`with_suffixes`]): a final `.json|.csv|.xlsx|.svg|.png`
//! is stripped from the last path segment of an `/api/v1/` path and `Accept` is set to its media
//! type, so every route matches with or without a suffix. A route that answers in one form only
//! ignores `Accept` (it always answers JSON), but a suffix is a promise: if the answer's media type
//! does not match the suffix, the client gets 406 instead of a silently different format.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Request, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, ErrorCode, ErrorDetail};

/// The forms a comparison view is available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    Svg,
    Png,
}

impl Format {
    pub const ALL: [Format; 5] = [Self::Json, Self::Csv, Self::Xlsx, Self::Svg, Self::Png];

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Svg => "image/svg+xml",
            Self::Png => "image/png",
        }
    }

    pub fn suffix(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }

    fn from_suffix(suffix: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.suffix() == suffix)
    }

    /// The format a single media range asks for (`*/*` and `application/*` mean JSON).
    fn from_media_range(range: &str) -> Option<Self> {
        let essence = range.split(';').next().unwrap_or("").trim();
        let essence = essence.to_ascii_lowercase();
        Some(match essence.as_str() {
            "application/json" | "application/*" | "*/*" => Self::Json,
            "text/csv" | "text/*" => Self::Csv,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Self::Xlsx,
            "image/svg+xml" => Self::Svg,
            "image/png" | "image/*" => Self::Png,
            _ => return None,
        })
    }

    /// Whether a response's `Content-Type` is this format.
    fn matches(self, content_type: &str) -> bool {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        let ours = self.media_type().split(';').next().unwrap_or("");
        essence.eq_ignore_ascii_case(ours)
    }
}

/// The quality value of a media range (`;q=0.5`), 1 when absent or unreadable.
fn quality(range: &str) -> f32 {
    range
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().strip_prefix("q="))
        .find_map(|q| q.trim().parse::<f32>().ok())
        .unwrap_or(1.0)
}

/// The best supported format of an `Accept` header, `None` when it allows none of them.
pub fn from_accept(accept: &str) -> Option<Format> {
    let mut best: Option<(f32, Format)> = None;
    for range in accept.split(',') {
        let q = quality(range);
        if q <= 0.0 {
            continue;
        }
        if let Some(format) = Format::from_media_range(range)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, format));
        }
    }
    best.map(|(_, f)| f)
}

/// 406 naming what was asked for and the available forms.
pub fn not_acceptable(asked: &str) -> AppError {
    let available: Vec<&str> = Format::ALL.iter().map(|f| f.suffix()).collect();
    let list = available.join(", ");
    let mut err = AppError::new(
        ErrorCode::NotAcceptable,
        format!("Dieses Format gibt es hier nicht. Verfügbar: {list} (Endung oder Accept)."),
        format!("This form is not available here. Available: {list} (suffix or Accept)."),
    );
    err.errors.push(ErrorDetail {
        code: ErrorCode::NotAcceptable.as_str().to_owned(),
        parameter: Some("Accept".to_owned()),
        row: None,
        column: None,
        value: Some(asked.to_owned()),
        message_de: format!(
            "Verfügbare Formen: {}",
            Format::ALL.map(Format::media_type).join(", ")
        ),
        message_en: format!(
            "Available forms: {}",
            Format::ALL.map(Format::media_type).join(", ")
        ),
    });
    err
}

/// Set by [`with_suffixes`] when the path ended in a suffix we do not serve (`.pdf`).
#[derive(Debug, Clone)]
struct UnknownSuffix(String);

/// The suffix a request's path carried, for the check of the answer.
#[derive(Debug, Clone, Copy)]
enum Suffix {
    Known(Format),
    Unknown,
}

impl<S: Send + Sync> FromRequestParts<S> for Format {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if let Some(UnknownSuffix(suffix)) = parts.extensions.get::<UnknownSuffix>() {
            return Err(not_acceptable(&format!(".{suffix}")));
        }
        let Some(accept) = parts.headers.get(header::ACCEPT) else {
            return Ok(Self::Json);
        };
        let accept = accept.to_str().unwrap_or("");
        if accept.trim().is_empty() {
            return Ok(Self::Json);
        }
        from_accept(accept).ok_or_else(|| not_acceptable(accept))
    }
}

/// Splits a final `.ext` (1–5 ASCII alphanumerics after a non-empty stem) off the last segment
/// of an `/api/v1/` path; the OpenAPI document and the releases' files keep their names (a
/// release's name may hold a dot, `v2.0`; its files are `datapackage.zip` and the like).
fn split_suffix(path: &str) -> Option<(&str, &str)> {
    if !path.starts_with("/api/v1/")
        || path == "/api/v1/openapi.json"
        || path.starts_with("/api/v1/releases/")
    {
        return None;
    }
    let last = path.rsplit('/').next()?;
    let (stem, ext) = last.rsplit_once('.')?;
    let plausible = !stem.is_empty()
        && (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric());
    plausible.then(|| (&path[..path.len() - ext.len() - 1], ext))
}

fn rewrite(mut request: Request<Body>) -> (Request<Body>, Option<Suffix>) {
    let uri = request.uri();
    let Some((stem, ext)) = split_suffix(uri.path()) else {
        return (request, None);
    };
    let ext = ext.to_ascii_lowercase();
    let new_path = match uri.query() {
        Some(q) => format!("{stem}?{q}"),
        None => stem.to_owned(),
    };
    let Ok(new_uri) = new_path.parse::<Uri>() else {
        return (request, None);
    };
    *request.uri_mut() = new_uri;
    let suffix = match Format::from_suffix(&ext) {
        Some(format) => {
            request.headers_mut().insert(
                header::ACCEPT,
                HeaderValue::from_static(format.media_type()),
            );
            Suffix::Known(format)
        }
        None => {
            request.extensions_mut().insert(UnknownSuffix(ext));
            Suffix::Unknown
        }
    };
    (request, Some(suffix))
}

/// Wraps the routed application: suffixes are turned into `Accept` before routing, and a
/// successful answer that does not match the suffix becomes 406.
pub fn with_suffixes(inner: axum::Router) -> axum::Router {
    let service = tower::service_fn(move |request: Request<Body>| {
        let inner = inner.clone();
        async move {
            let (request, suffix) = rewrite(request);
            let response = tower::ServiceExt::oneshot(inner, request).await?;
            Ok::<Response, Infallible>(check(suffix, response))
        }
    });
    axum::Router::new().fallback_service(service)
}

fn check(suffix: Option<Suffix>, response: Response) -> Response {
    let Some(suffix) = suffix else {
        return response;
    };
    if !response.status().is_success() {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match suffix {
        Suffix::Known(format) if format.matches(content_type) => response,
        Suffix::Known(format) => not_acceptable(&format!(".{}", format.suffix())).into_response(),
        Suffix::Unknown => not_acceptable("suffix").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_picks_the_best_supported_form() {
        assert_eq!(from_accept("*/*"), Some(Format::Json));
        assert_eq!(from_accept("text/csv"), Some(Format::Csv));
        assert_eq!(
            from_accept("text/html,application/xhtml+xml,*/*;q=0.8"),
            Some(Format::Json)
        );
        assert_eq!(
            from_accept("image/png;q=0.5, image/svg+xml"),
            Some(Format::Svg)
        );
        assert_eq!(from_accept("application/pdf"), None);
        assert_eq!(from_accept("text/csv;q=0"), None);
    }

    #[test]
    fn a_suffix_is_split_off_the_last_segment_of_api_paths_only() {
        assert_eq!(
            split_suffix("/api/v1/comparisons/x.csv"),
            Some(("/api/v1/comparisons/x", "csv"))
        );
        assert_eq!(
            split_suffix("/api/v1/coverage.xlsx"),
            Some(("/api/v1/coverage", "xlsx"))
        );
        assert_eq!(split_suffix("/api/v1/openapi.json"), None);
        assert_eq!(split_suffix("/static/x.csv"), None);
        assert_eq!(split_suffix("/api/v1/comparisons/x"), None);
        assert_eq!(split_suffix("/api/v1/.csv"), None);
    }
}
