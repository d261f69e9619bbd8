//! Extractors that answer a bad request in our problem+json shape instead of axum's plain text.

use axum::extract::FromRequestParts;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{AppError, ErrorCode, ErrorDetail};

/// Like `axum::extract::Query`, with our error shape.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(query_error(&rejection)),
        }
    }
}

fn query_error(rejection: &QueryRejection) -> AppError {
    let text = rejection.body_text();
    AppError::invalid(vec![ErrorDetail {
        code: crate::error::ErrorCode::InvalidParameter
            .as_str()
            .to_owned(),
        parameter: None,
        row: None,
        column: None,
        value: None,
        message_de: format!("Die Abfrageparameter sind ungültig: {text}"),
        message_en: format!("The query parameters are invalid: {text}"),
    }])
}

/// Like `axum::Json`, with our error shape: a wrong content type is 415, a body that is not the
/// expected JSON (unknown fields included, the DTOs deny them) is 400 with the parser's message.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::new(
                crate::error::ErrorCode::UnsupportedMediaType,
                "Erwartet wird ein JSON-Körper mit Content-Type: application/json.",
                "Expected a JSON body with Content-Type: application/json.",
            )),
            Err(rejection) => {
                let text = rejection.body_text();
                Err(AppError::invalid(vec![ErrorDetail {
                    code: crate::error::ErrorCode::InvalidParameter
                        .as_str()
                        .to_owned(),
                    parameter: Some("body".to_owned()),
                    row: None,
                    column: None,
                    value: None,
                    message_de: format!("Der JSON-Körper ist ungültig: {text}"),
                    message_en: format!("The JSON body is invalid: {text}"),
                }]))
            }
        }
    }
}

/// A request body that could not be read (too large: 413, else 400), for the upload API and
/// the upload form.
pub fn body_error(text: &str, status: StatusCode) -> AppError {
    let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::PayloadTooLarge
    } else {
        ErrorCode::InvalidParameter
    };
    AppError::new(
        code,
        format!("Der Anfragekörper konnte nicht gelesen werden: {text}"),
        format!("The request body could not be read: {text}"),
    )
}

/// An id as JSON clients write it: `7` or `7.0` (a JSON Schema integer), never `7.5`.
pub(crate) fn integral<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::Deserialize;
    let n: Option<serde_json::Number> = Option::deserialize(d)?;
    let Some(n) = n else { return Ok(None) };
    if let Some(i) = n.as_i64() {
        return Ok(Some(i));
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
        _ => Err(serde::de::Error::custom(format!(
            "an id is a whole number, not {n}"
        ))),
    }
}

/// [`integral`] for a required id.
pub(crate) fn integral_required<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    integral(d)?.ok_or_else(|| serde::de::Error::custom("an id is a whole number, not null"))
}
