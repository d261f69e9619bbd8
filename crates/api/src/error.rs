//! The one error shape of the API: RFC 9457 problem+json with a stable machine code from one
//! table, a message in German and English, and an `errors[]` list of details (parameter, row,
//! column). Server errors are logged with their whole chain and hidden from the client.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The one table of error codes lives in the application layer (`vergleich_service::error`),
/// so the API and the pages answer every error with the same status.
pub use vergleich_service::error::{ErrorCode, ErrorDetail};

/// The HTTP status of a code from the table.
pub fn status_of(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// An error answer: the application layer's error (code, messages, details, hidden cause,
/// extension members) plus the response headers only HTTP has (`WWW-Authenticate`,
/// `Retry-After`, ...). Reads and writes of the error's fields go through to it.
#[derive(Debug)]
pub struct AppError {
    pub error: vergleich_service::Error,
    /// Extra response headers.
    pub headers: Vec<(header::HeaderName, header::HeaderValue)>,
}

impl std::ops::Deref for AppError {
    type Target = vergleich_service::Error;

    fn deref(&self) -> &Self::Target {
        &self.error
    }
}

impl std::ops::DerefMut for AppError {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.error
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    title_de: &'a str,
    status: u16,
    detail: &'a str,
    detail_de: &'a str,
    code: &'a str,
    errors: &'a [ErrorDetail],
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    extensions: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

impl AppError {
    pub fn new(
        code: ErrorCode,
        detail_de: impl Into<String>,
        detail_en: impl Into<String>,
    ) -> Self {
        vergleich_service::Error::new(code, detail_de, detail_en).into()
    }

    /// Adds an extension member to the problem document.
    #[must_use]
    pub fn with_extension(mut self, name: &str, value: serde_json::Value) -> Self {
        self.error = self.error.with_extension(name, value);
        self
    }

    /// Adds a response header.
    #[must_use]
    pub fn with_header(mut self, name: header::HeaderName, value: header::HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// 401: no or no valid credentials (with `WWW-Authenticate`).
    pub fn unauthenticated() -> Self {
        vergleich_service::workflow::unauthenticated().into()
    }

    /// 403: signed in, but this role may not do this (the service's wording).
    pub fn forbidden(what_de: &str, what_en: &str) -> Self {
        vergleich_service::Error::forbidden(what_de, what_en).into()
    }

    /// 400 with the bad parameters.
    pub fn invalid(errors: Vec<ErrorDetail>) -> Self {
        vergleich_service::Error::invalid(errors).into()
    }

    /// 404 naming what does not exist.
    pub fn not_found(what_de: &str, what_en: &str) -> Self {
        vergleich_service::Error::not_found(what_de, what_en).into()
    }
}

impl From<vergleich_store::StoreError> for AppError {
    fn from(err: vergleich_store::StoreError) -> Self {
        vergleich_service::Error::from(err).into()
    }
}

impl From<vergleich_service::Error> for AppError {
    /// The same error; a 401 also says how to authenticate, a 429 with a `retry_after`
    /// extension when to try again.
    fn from(error: vergleich_service::Error) -> Self {
        let unauthenticated = error.code == ErrorCode::Unauthenticated;
        let retry_after = (error.code == ErrorCode::RateLimited)
            .then(|| error.extensions.as_ref()?.get("retry_after")?.as_u64())
            .flatten();
        let app = Self {
            error,
            headers: Vec::new(),
        };
        if let Some(seconds) = retry_after {
            return app.with_header(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        if unauthenticated {
            app.with_header(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"vergleich\""),
            )
        } else {
            app
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = status_of(self.code);
        if status.is_server_error() {
            match &self.source {
                Some(source) => tracing::error!(
                    code = self.code.as_str(),
                    error = format!("{source:#}"),
                    "request failed"
                ),
                None => tracing::error!(code = self.code.as_str(), "request failed"),
            }
        }
        let (title_de, title) = self.code.titles();
        let problem = Problem {
            kind: self.code.type_uri(),
            title,
            title_de,
            status: status.as_u16(),
            detail: &self.detail_en,
            detail_de: &self.detail_de,
            code: self.code.as_str(),
            errors: &self.errors,
            extensions: self.error.extensions.as_deref(),
        };
        let mut response = (status, Json(problem)).into_response();
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

/// An error and its causes on one line, each cause once: some libraries repeat their source in
/// their own message ("error communicating with database: Connection refused"), which would
/// otherwise print the cause twice.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("error communicating with database: {0}")]
    struct Repeats(#[source] std::io::Error);

    #[test]
    fn a_cause_repeated_in_its_parent_message_is_printed_once() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let err = anyhow::Error::new(Repeats(io)).context("cannot open database x");
        assert_eq!(
            one_line(&err),
            "cannot open database x: error communicating with database: Connection refused"
        );
    }
}
