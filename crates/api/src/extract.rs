//! Extractors that answer a bad request in our problem+json shape instead of axum's plain text.

use axum::extract::FromRequestParts;
use axum::extract::rejection::QueryRejection;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{AppError, ErrorDetail};

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
