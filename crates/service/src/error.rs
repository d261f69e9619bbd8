//! The one error of views and workflow, and the one table of error codes.
//!
//! Every code stands once in [`error_codes!`] with its HTTP status, its problem type and its
//! German and English title. The JSON API renders an [`Error`] as problem+json and the pages as
//! their error page, both from this table, so an unknown indicator is a 404 in both.

use serde::Serialize;

macro_rules! error_codes {
    ($($variant:ident = $name:literal, $status:literal, $de:literal, $en:literal;)*) => {
        /// Every machine code the service answers with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of the table.
            pub const ALL: &'static [ErrorCode] = &[$(Self::$variant,)*];

            /// The stable machine name (`not-found`).
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }

            /// The HTTP status of an answer with this code.
            pub fn status(self) -> u16 {
                match self { $(Self::$variant => $status,)* }
            }

            /// The problem type URI (RFC 9457 `type`).
            pub fn type_uri(self) -> &'static str {
                match self { $(Self::$variant => concat!("urn:vergleich:problem:", $name),)* }
            }

            /// (German, English) title.
            pub fn titles(self) -> (&'static str, &'static str) {
                match self { $(Self::$variant => ($de, $en),)* }
            }
        }
    };
}

error_codes! {
    InvalidParameter     = "invalid-parameter",      400, "Ungültiger Parameter", "Invalid parameter";
    Unauthenticated      = "unauthenticated",        401, "Anmeldung erforderlich", "Authentication required";
    Forbidden            = "forbidden",              403, "Keine Berechtigung", "Forbidden";
    NotFound             = "not-found",              404, "Nicht gefunden", "Not found";
    MethodNotAllowed     = "method-not-allowed",     405, "Methode nicht erlaubt", "Method not allowed";
    NotAcceptable        = "not-acceptable",         406, "Format nicht verfügbar", "Format not available";
    Conflict             = "conflict",               409, "Konflikt", "Conflict";
    IdempotencyKeyReused = "idempotency-key-reused", 422, "Idempotency-Key bereits verwendet", "Idempotency-Key already used";
    PayloadTooLarge      = "payload-too-large",      413, "Anfrage zu groß", "Payload too large";
    UnsupportedMediaType = "unsupported-media-type", 415, "Format nicht unterstützt", "Unsupported media type";
    ValidationFailed     = "validation-failed",      422, "Prüfung fehlgeschlagen", "Validation failed";
    InvalidTransition    = "invalid-transition",     409, "Schritt in diesem Zustand nicht möglich", "Not possible in this state";
    RateLimited          = "rate-limited",           429, "Zu viele Anfragen", "Too many requests";
    Timeout              = "timeout",                503, "Zeitüberschreitung", "Timeout";
    DatabaseUnavailable  = "database-unavailable",   503, "Datenbank nicht erreichbar", "Database unavailable";
    Internal             = "internal",               500, "Interner Fehler", "Internal error";
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
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
    /// A bad query or path parameter.
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

    /// A parameter that names something that does not exist.
    pub fn unknown(
        name: &str,
        value: &str,
        message_de: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            code: ErrorCode::NotFound.as_str().to_owned(),
            ..Self::parameter(name, value, message_de, message_en)
        }
    }
}

/// An error of a view or a workflow step: a code from the table, a message in German and
/// English, details, and for server errors the hidden cause.
#[derive(Debug)]
pub struct Error {
    pub code: ErrorCode,
    pub detail_de: String,
    pub detail_en: String,
    pub errors: Vec<ErrorDetail>,
    /// The cause of a server error: logged, never shown.
    pub source: Option<anyhow::Error>,
    /// Extension members of the problem document (e.g. the whole validation report of a
    /// rejected upload). Boxed: most errors have none.
    pub extensions: Option<Box<serde_json::Map<String, serde_json::Value>>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // As a sentence inside a longer line ("cannot render: this view needs --indicator").
        let mut chars = self.detail_en.chars();
        if let Some(first) = chars.next() {
            write!(f, "{}{}", first.to_lowercase(), chars.as_str())?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {source:#}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl Error {
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
            extensions: None,
        }
    }

    /// Adds a detail.
    #[must_use]
    pub fn with_detail(mut self, detail: ErrorDetail) -> Self {
        self.errors.push(detail);
        self
    }

    /// Adds an extension member to the problem document.
    #[must_use]
    pub fn with_extension(mut self, name: &str, value: serde_json::Value) -> Self {
        self.extensions
            .get_or_insert_with(Box::default)
            .insert(name.to_owned(), value);
        self
    }

    /// 400 with the bad parameters.
    pub fn invalid(errors: Vec<ErrorDetail>) -> Self {
        let mut err = Self::new(
            ErrorCode::InvalidParameter,
            "Die Anfrage enthält ungültige Parameter; siehe errors.",
            "The request has invalid parameters; see errors.",
        );
        err.errors = errors;
        err
    }

    /// 404 naming what does not exist.
    pub fn not_found(what_de: &str, what_en: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            format!("{what_de} gibt es nicht."),
            format!("{what_en} does not exist."),
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

    /// 500 with a hidden cause.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut err = Self::new(
            ErrorCode::Internal,
            "Die Anfrage konnte nicht bearbeitet werden.",
            "The request could not be completed.",
        );
        err.source = Some(cause.into());
        err
    }

    /// An unknown indicator, named by `parameter`.
    pub fn unknown_indicator(parameter: &str, id: &str) -> Self {
        Self::not_found(&format!("Indikator {id}"), &format!("Indicator {id}")).with_detail(
            ErrorDetail::unknown(
                parameter,
                id,
                "Nicht im Indikatorenkatalog (GET /api/v1/indicators).",
                "Not in the indicator catalogue (GET /api/v1/indicators).",
            ),
        )
    }

    /// An unknown field of action, named by `parameter`.
    pub fn unknown_field(parameter: &str, id: &str) -> Self {
        Self::not_found(
            &format!("Handlungsfeld {id}"),
            &format!("Field of action {id}"),
        )
        .with_detail(ErrorDetail::unknown(
            parameter,
            id,
            "Nicht in der Liste der Handlungsfelder (GET /api/v1/fields).",
            "Not among the fields of action (GET /api/v1/fields).",
        ))
    }

    /// An unknown member, named by `parameter`.
    pub fn unknown_member(parameter: &str, key: &str) -> Self {
        Self::not_found(&format!("Kommune {key}"), &format!("Municipality {key}")).with_detail(
            ErrorDetail::unknown(
                parameter,
                key,
                "Nicht in der Kohorte (GET /api/v1/municipalities).",
                "Not in the cohort (GET /api/v1/municipalities).",
            ),
        )
    }

    /// 400: the view needs something the request did not give.
    pub fn missing(what: &str) -> Self {
        Self::new(
            ErrorCode::InvalidParameter,
            format!("Für diese Ansicht fehlt: {what}."),
            format!("This view needs {what}."),
        )
    }

    /// 406: the view has no form like this (e.g. no chart), saying why.
    pub fn no_form(form: &str, why_de: &str, why_en: &str, available: &str) -> Self {
        Self::new(
            ErrorCode::NotAcceptable,
            format!("{why_de} Verfügbar: {available}."),
            format!("{why_en} Available: {available}."),
        )
        .with_detail(ErrorDetail::parameter(
            "format",
            form,
            format!("Verfügbar: {available}."),
            format!("Available: {available}."),
        ))
    }
}

impl From<vergleich_store::StoreError> for Error {
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

impl From<vergleich_analysis::AnalysisError> for Error {
    /// Unknown ids are 404, impossible options 400, anything else a hidden 500.
    fn from(err: vergleich_analysis::AnalysisError) -> Self {
        use vergleich_analysis::AnalysisError;
        match err {
            AnalysisError::UnknownIndicator { indicator } => {
                Self::unknown_indicator("indicator", indicator.as_str())
            }
            AnalysisError::UnknownField { field } => Self::unknown_field("field", field.as_str()),
            AnalysisError::UnknownMember { key } => Self::not_found(
                &format!("Kommune {key} in der Vergleichsgruppe"),
                &format!("Municipality {key} in the comparison group"),
            ),
            AnalysisError::InvalidOptions { message } => Self::new(
                ErrorCode::InvalidParameter,
                format!("Ungültige Methodenwahl: {message}"),
                format!("Invalid method options: {message}"),
            ),
            other => Self::internal(other),
        }
    }
}

impl From<vergleich_charts::ChartError> for Error {
    fn from(err: vergleich_charts::ChartError) -> Self {
        match err {
            // The reader asked for a chart of a group too large to draw: a 400 saying what to
            // ask for instead, not a 500 after drawing for seconds.
            vergleich_charts::ChartError::TooLarge { rows, max } => {
                Self::invalid(vec![ErrorDetail::parameter(
                    "group",
                    &rows.to_string(),
                    format!(
                        "Ein Diagramm zeigt höchstens {max} Kommunen; diese Gruppe hat {rows}. \
                         Wählen Sie eine kleinere Gruppe (group=state, size oder neighbours) \
                         oder laden Sie die Tabelle (.csv, .xlsx, .json)."
                    ),
                    format!(
                        "A chart shows at most {max} members; this group has {rows}. Choose a \
                         smaller group (group=state, size or neighbours) or download the table \
                         (.csv, .xlsx, .json)."
                    ),
                )])
            }
            other => Self::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_name_type_and_titles() {
        let names: std::collections::HashSet<_> =
            ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for &code in ErrorCode::ALL {
            let (de, en) = code.titles();
            assert!(!de.is_empty() && !en.is_empty());
            assert!((400..600).contains(&code.status()));
            assert_eq!(
                code.type_uri(),
                format!("urn:vergleich:problem:{}", code.as_str())
            );
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::from(code.as_str()))
            );
        }
    }

    #[test]
    fn unknown_things_are_404_and_bad_options_400() {
        use vergleich_analysis::AnalysisError;
        let unknown = Error::from(AnalysisError::UnknownField {
            field: vergleich_domain::FieldId::parse("nirgends").expect("a valid id"),
        });
        assert_eq!(unknown.code.status(), 404);
        let bad = Error::from(AnalysisError::InvalidOptions {
            message: "geometric mean of z-scores".into(),
        });
        assert_eq!(bad.code.status(), 400);
    }

    #[test]
    fn a_chart_too_large_to_draw_is_a_400_naming_the_group() {
        let err = Error::from(vergleich_charts::ChartError::TooLarge {
            rows: 11_000,
            max: 500,
        });
        assert_eq!(err.code.status(), 400);
        let detail = serde_json::to_value(&err.errors).expect("errors serialise");
        assert_eq!(detail[0]["parameter"], "group", "{detail}");
        let text = detail.to_string();
        assert!(text.contains("11000") && text.contains("500"), "{text}");
    }
}
