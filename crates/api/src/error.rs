//! The one error shape of the API: RFC 9457 problem+json with a stable machine code from one
//! table, a message in German and English, and an `errors[]` list of details (parameter, row,
//! column). Server errors are logged with their whole chain and hidden from the client.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Every machine code the API answers with, with its HTTP status and titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    InvalidParameter,
    Unauthenticated,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    IdempotencyKeyReused,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    InvalidTransition,
    RateLimited,
    Timeout,
    DatabaseUnavailable,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 16] = [
        Self::InvalidParameter,
        Self::Unauthenticated,
        Self::Forbidden,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::NotAcceptable,
        Self::Conflict,
        Self::IdempotencyKeyReused,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::ValidationFailed,
        Self::InvalidTransition,
        Self::RateLimited,
        Self::Timeout,
        Self::DatabaseUnavailable,
        Self::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidParameter => "invalid-parameter",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::NotAcceptable => "not-acceptable",
            Self::Conflict => "conflict",
            Self::IdempotencyKeyReused => "idempotency-key-reused",
            Self::PayloadTooLarge => "payload-too-large",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::ValidationFailed => "validation-failed",
            Self::InvalidTransition => "invalid-transition",
            Self::RateLimited => "rate-limited",
            Self::Timeout => "timeout",
            Self::DatabaseUnavailable => "database-unavailable",
            Self::Internal => "internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Self::InvalidParameter => StatusCode::BAD_REQUEST,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::Conflict | Self::InvalidTransition => StatusCode::CONFLICT,
            Self::IdempotencyKeyReused | Self::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Self::DatabaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// (German, English) title.
    pub fn titles(self) -> (&'static str, &'static str) {
        match self {
            Self::InvalidParameter => ("Ungültiger Parameter", "Invalid parameter"),
            Self::Unauthenticated => ("Anmeldung erforderlich", "Authentication required"),
            Self::Forbidden => ("Keine Berechtigung", "Forbidden"),
            Self::NotFound => ("Nicht gefunden", "Not found"),
            Self::MethodNotAllowed => ("Methode nicht erlaubt", "Method not allowed"),
            Self::NotAcceptable => ("Format nicht verfügbar", "Format not available"),
            Self::Conflict => ("Konflikt", "Conflict"),
            Self::IdempotencyKeyReused => (
                "Idempotency-Key bereits verwendet",
                "Idempotency-Key already used",
            ),
            Self::PayloadTooLarge => ("Anfrage zu groß", "Payload too large"),
            Self::UnsupportedMediaType => ("Format nicht unterstützt", "Unsupported media type"),
            Self::ValidationFailed => ("Prüfung fehlgeschlagen", "Validation failed"),
            Self::InvalidTransition => (
                "Schritt in diesem Zustand nicht möglich",
                "Not possible in this state",
            ),
            Self::RateLimited => ("Zu viele Anfragen", "Too many requests"),
            Self::Timeout => ("Zeitüberschreitung", "Timeout"),
            Self::DatabaseUnavailable => ("Datenbank nicht erreichbar", "Database unavailable"),
            Self::Internal => ("Interner Fehler", "Internal error"),
        }
    }
}

/// One detail of an error: which parameter (or row and column) and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorDetail {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub message_de: String,
    pub message_en: String,
}

impl ErrorDetail {
    pub fn parameter(
        name: &str,
        value: &str,
        message_de: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            code: ErrorCode::InvalidParameter.as_str().to_owned(),
            parameter: Some(name.to_owned()),
            row: None,
            column: None,
            value: Some(value.to_owned()),
            message_de: message_de.into(),
            message_en: message_en.into(),
        }
    }
}

/// An error answer.
#[derive(Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub detail_de: String,
    pub detail_en: String,
    pub errors: Vec<ErrorDetail>,
    /// The cause of a server error: logged, never sent.
    pub source: Option<anyhow::Error>,
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`, ...).
    pub headers: Vec<(header::HeaderName, header::HeaderValue)>,
    /// Extension members of the problem document (RFC 9457 §3.2), e.g. the whole validation
    /// `report` of a rejected upload.
    /// Boxed: most errors have none, and a small error keeps `Result`s small.
    pub extensions: Option<Box<serde_json::Map<String, serde_json::Value>>>,
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
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
        Self {
            code,
            detail_de: detail_de.into(),
            detail_en: detail_en.into(),
            errors: Vec::new(),
            source: None,
            headers: Vec::new(),
            extensions: None,
        }
    }

    /// Adds an extension member to the problem document.
    #[must_use]
    pub fn with_extension(mut self, name: &str, value: serde_json::Value) -> Self {
        self.extensions
            .get_or_insert_with(Box::default)
            .insert(name.to_owned(), value);
        self
    }

    /// Adds a response header.
    #[must_use]
    pub fn with_header(mut self, name: header::HeaderName, value: header::HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// 401: no or no valid credentials.
    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorCode::Unauthenticated,
            "Bitte anmelden oder ein gültiges API-Token senden (Authorization: Bearer …).",
            "Please sign in or send a valid API token (Authorization: Bearer …).",
        )
        .with_header(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"vergleich\""),
        )
    }

    /// 403: signed in, but this role may not do this.
    pub fn forbidden(what_de: &str, what_en: &str) -> Self {
        Self::new(
            ErrorCode::Forbidden,
            format!("Ihre Rolle darf das nicht: {what_de}."),
            format!("Your role may not do this: {what_en}."),
        )
    }

    pub fn invalid(errors: Vec<ErrorDetail>) -> Self {
        let mut err = Self::new(
            ErrorCode::InvalidParameter,
            "Die Anfrage enthält ungültige Parameter; siehe errors.",
            "The request has invalid parameters; see errors.",
        );
        err.errors = errors;
        err
    }

    pub fn not_found(what_de: &str, what_en: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            format!("{what_de} gibt es nicht."),
            format!("{what_en} does not exist."),
        )
    }
}

impl From<vergleich_store::StoreError> for AppError {
    fn from(err: vergleich_store::StoreError) -> Self {
        use vergleich_store::StoreError;
        match &err {
            StoreError::NotFound(what) => {
                return Self::new(
                    ErrorCode::NotFound,
                    format!("{what} gibt es nicht."),
                    format!("{what} does not exist."),
                );
            }
            StoreError::InvalidState {
                upload,
                state,
                wanted,
            } => {
                return Self::new(
                    ErrorCode::InvalidTransition,
                    format!(
                        "Upload {upload} ist im Zustand „{state}“ und kann nicht „{wanted}“ werden."
                    ),
                    format!("Upload {upload} is {state}; it cannot become {wanted}."),
                );
            }
            StoreError::Conflict(_) => {
                return Self::new(
                    ErrorCode::Conflict,
                    "Eine gleichzeitige Anfrage hat dieselben Daten geändert. Bitte erneut versuchen.",
                    "A concurrent request changed the same data. Please try again.",
                );
            }
            _ => {}
        }
        let code = if err.is_unavailable() {
            ErrorCode::DatabaseUnavailable
        } else {
            ErrorCode::Internal
        };
        let mut app = Self::new(
            code,
            "Die Anfrage konnte nicht bearbeitet werden. Bitte später erneut versuchen.",
            "The request could not be completed. Please try again later.",
        );
        app.source = Some(err.into());
        app
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.code.status();
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
            kind: format!("urn:vergleich:problem:{}", self.code.as_str()),
            title,
            title_de,
            status: status.as_u16(),
            detail: &self.detail_en,
            detail_de: &self.detail_de,
            code: self.code.as_str(),
            errors: &self.errors,
            extensions: self.extensions.as_deref(),
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

    #[test]
    fn every_code_has_a_distinct_name_and_titles() {
        let names: std::collections::HashSet<_> =
            ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            let (de, en) = code.titles();
            assert!(!de.is_empty() && !en.is_empty());
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
