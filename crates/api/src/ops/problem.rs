//! Error answers made by layers and by axum itself (a body over the limit, a request past its
//! timeout, a rejected extractor) come as bare text or empty bodies; this turns them into the one
//! problem+json shape of [`AppError`]. Answers that are problem+json already pass untouched, and
//! so do HTML pages (`text/html`): the dashboard's error pages and forms shown again with their
//! message (a rejected upload is 422, a form without its comment too) are made for people.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

/// Longest bare error text kept as the detail of the problem (axum's rejection messages).
const MAX_TEXT: usize = 1024;

fn is_problem(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

fn is_page(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Rewrites bare error answers (400, 405, 408, 413, 415, 422) as problem+json.
pub(crate) async fn problems(state: &AppState, response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || is_problem(response.headers())
        || is_page(response.headers())
    {
        return response;
    }
    let error = match status {
        StatusCode::REQUEST_TIMEOUT => {
            let seconds = state.http.request_timeout.as_secs_f64();
            AppError::new(
                ErrorCode::Timeout,
                format!("Die Anfrage dauerte länger als {seconds} s und wurde abgebrochen."),
                format!("The request took longer than {seconds} s and was stopped."),
            )
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            let limit = state.http.body_limit;
            AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("Die Anfrage ist größer als {limit} Bytes."),
                format!("The request is larger than {limit} bytes."),
            )
        }
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = response.headers().get(header::ALLOW).cloned();
            let listed = allow
                .as_ref()
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let error = AppError::new(
                ErrorCode::MethodNotAllowed,
                format!("Diese Adresse erlaubt nur: {listed}."),
                format!("This address allows only: {listed}."),
            );
            match allow {
                Some(allow) => error.with_header(header::ALLOW, allow),
                None => error,
            }
        }
        StatusCode::BAD_REQUEST
        | StatusCode::UNSUPPORTED_MEDIA_TYPE
        | StatusCode::UNPROCESSABLE_ENTITY => {
            let code = match status {
                StatusCode::BAD_REQUEST => ErrorCode::InvalidParameter,
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
                _ => ErrorCode::ValidationFailed,
            };
            let text = bare_text(response).await;
            AppError::new(
                code,
                format!("Die Anfrage wurde abgelehnt: {text}"),
                format!("The request was refused: {text}"),
            )
        }
        _ => return response,
    };
    error.into_response()
}

/// The start of a bare error body as text.
async fn bare_text(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].trim().to_owned()
}
