//! Uploads over HTTP: `POST /api/v1/uploads` (raw body or multipart, `dry_run`,
//! `Idempotency-Key`), the list of one's own uploads (or all, for reviewers), one upload with its
//! validation report, and its raw file. The municipality of an upload is the signed-in user's
//! member: never the body, the path or the file rows (rows for another member are errors).
//! Reading uploads (list, one, the raw file) is in `read`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::{Role, UploadState};
use vergleich_ingest::ValidationReport;
use vergleich_store::{UploadRecord, User};

use crate::auth::Principal;
use crate::error::{AppError, ErrorCode, ErrorDetail};
use crate::extract::ApiQuery;
use crate::state::AppState;
use crate::uploads::{UploadError, UploadOutcome, UploadRequest, Uploader};

mod read;

pub use read::visible_upload;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, read::list))
        .routes(routes!(read::show))
        .routes(routes!(read::raw_file))
}

/// Longest accepted `Idempotency-Key`.
pub const MAX_KEY_LENGTH: usize = 255;
/// Page size of upload lists when none is asked for, and the largest allowed.
pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;

/// An upload as the API shows it: the record, its review and its validation report.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadView {
    id: i64,
    #[schema(value_type = Option<String>)]
    municipality: Option<String>,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
    file_name: Option<String>,
    sha256: Option<String>,
    /// draft, submitted, published or rejected.
    #[schema(value_type = String)]
    state: UploadState,
    observation_count: i64,
    submitted_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    review_comment: Option<String>,
    /// The validation report stored with the upload.
    #[schema(value_type = Object)]
    report: Option<serde_json::Value>,
}

impl From<UploadRecord> for UploadView {
    fn from(u: UploadRecord) -> Self {
        Self {
            id: u.id.0,
            municipality: u.municipality.map(|m| m.as_str().to_owned()),
            uploaded_by: u.uploaded_by,
            uploaded_at: u.uploaded_at,
            file_name: u.file_name,
            sha256: u.sha256,
            state: u.state,
            observation_count: u.observation_count,
            submitted_at: u.submitted_at,
            reviewed_by: u.reviewed_by,
            reviewed_at: u.reviewed_at,
            review_comment: u.review_comment,
            report: u.report.and_then(|r| serde_json::from_str(&r).ok()),
        }
    }
}

/// The answer to an upload.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadAnswer {
    /// The stored upload (absent for a dry run).
    upload: Option<UploadView>,
    /// The validation report of this request (for a replay: the original's).
    #[schema(value_type = Object)]
    report: Option<serde_json::Value>,
    /// Observations equal to the current version, not written again.
    unchanged: usize,
    /// This request repeated an earlier upload (same Idempotency-Key or same bytes).
    replayed: bool,
    dry_run: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateParams {
    dry_run: Option<bool>,
    /// The file's name for a raw body (multipart carries its own).
    file_name: Option<String>,
}

/// The member a municipality user uploads for; other roles may not upload over HTTP.
fn uploader(principal: &Principal) -> Result<(&User, Uploader), AppError> {
    let user = principal.require(
        &[Role::Municipality],
        "Daten hochladen (nur Kommunen)",
        "upload data (municipalities only)",
    )?;
    let member = user.municipality.clone().ok_or_else(|| {
        AppError::forbidden("Daten hochladen ohne Kommune", "upload without a member")
    })?;
    Ok((
        user,
        Uploader {
            name: format!("user:{}", user.name),
            municipality: Some(member),
        },
    ))
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(raw) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = raw.to_str().ok().map(str::trim).unwrap_or_default();
    if key.is_empty() || key.len() > MAX_KEY_LENGTH || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            "Idempotency-Key",
            &String::from_utf8_lossy(raw.as_bytes()),
            format!(
                "Erwartet werden 1 bis {MAX_KEY_LENGTH} sichtbare ASCII-Zeichen, z. B. eine UUID."
            ),
            format!("Expected 1 to {MAX_KEY_LENGTH} visible ASCII characters, e.g. a UUID."),
        )]));
    }
    Ok(Some(key.to_owned()))
}

/// The file of the request: the `file` part of a multipart form, or the raw body.
async fn file_of(request: Request, state: &AppState) -> Result<(Bytes, Option<String>), AppError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    if !multipart {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| body_error(&e.body_text(), e.status()))?;
        return Ok((bytes, None));
    }
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|e| body_error(&e.body_text(), e.status()))?;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| body_error(&e.body_text(), e.status()))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().map(str::to_owned);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| body_error(&e.body_text(), e.status()))?;
            return Ok((bytes, name));
        }
    }
    Err(AppError::invalid(vec![ErrorDetail::parameter(
        "file",
        "",
        "Das Formular enthält kein Feld „file“ mit der Datei.",
        "The form has no field \"file\" with the file.",
    )]))
}

pub(crate) fn body_error(text: &str, status: StatusCode) -> AppError {
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

/// A rejected upload: the report's status (413, 415 or 422) with every issue as an error
/// detail and the whole report as the `report` member.
fn rejected(report: &ValidationReport) -> AppError {
    let code = match report.http_status() {
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        _ => ErrorCode::ValidationFailed,
    };
    let mut err = AppError::new(
        code,
        format!(
            "Die Datei wurde nicht übernommen: {} Fehler. Nichts wurde gespeichert; bitte die \
             genannten Zellen korrigieren und erneut hochladen.",
            report.error_count
        ),
        format!(
            "The file was not accepted: {} errors. Nothing was stored; please fix the cells \
             named and upload again.",
            report.error_count
        ),
    );
    err.errors = report
        .errors
        .iter()
        .map(|i| ErrorDetail {
            code: i.code.as_str().to_owned(),
            parameter: None,
            row: i.row,
            column: i
                .column
                .as_ref()
                .map(|c| format!("{} ({})", c.letter, c.name)),
            value: i.value.clone(),
            message_de: i.message_de.clone(),
            message_en: i.message_en.clone(),
        })
        .collect();
    err.with_extension("report", serde_json::to_value(report).unwrap_or_default())
}

/// Uploads a file (CSV, XLSX, ODS or JSON; the format is read from the bytes) for the signed-in
/// municipality. Accepted files are stored as a draft; `dry_run=true` only validates.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "uploads",
    params(
        ("dry_run" = Option<bool>, Query, description = "Validate and report only; store nothing"),
        ("file_name" = Option<String>, Query, description = "File name for a raw body"),
        ("Idempotency-Key" = Option<String>, Header, description = "Same key and bytes replay the first answer; same key, other bytes: 422"),
    ),
    request_body(description = "The file as raw body, or multipart/form-data with a `file` part", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored as a draft", body = UploadAnswer),
        (status = 200, description = "Dry run, or a repeat of an earlier upload (`replayed`)", body = UploadAnswer),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not a municipality user", content_type = "application/problem+json"),
        (status = 409, description = "A concurrent upload with the same key", content_type = "application/problem+json"),
        (status = 413, description = "File too large", content_type = "application/problem+json"),
        (status = 415, description = "Not CSV, XLSX, ODS or JSON", content_type = "application/problem+json"),
        (status = 422, description = "Validation errors (every issue with row and column), or the key was used for other bytes", content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(params): ApiQuery<CreateParams>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, AppError> {
    // Who may upload is decided before the body is read.
    uploader(&principal)?;
    let key = idempotency_key(&headers)?;
    let (bytes, part_name) = file_of(request, &state).await?;
    let outcome = upload_as(
        &state,
        &principal,
        bytes.to_vec(),
        part_name.or(params.file_name),
        params.dry_run.unwrap_or(false),
        key,
    )
    .await?;
    let report_json = |r: &ValidationReport| serde_json::to_value(r).ok();
    let (status, answer) = match outcome {
        UploadOutcome::Stored {
            upload,
            report,
            unchanged,
        } => (
            StatusCode::CREATED,
            UploadAnswer {
                report: report_json(&report),
                upload: Some(upload.into()),
                unchanged,
                replayed: false,
                dry_run: false,
            },
        ),
        UploadOutcome::Replayed { upload } => {
            let view = UploadView::from(upload);
            (
                StatusCode::OK,
                UploadAnswer {
                    report: view.report.clone(),
                    upload: Some(view),
                    unchanged: 0,
                    replayed: true,
                    dry_run: false,
                },
            )
        }
        UploadOutcome::Checked { report } => (
            StatusCode::OK,
            UploadAnswer {
                report: report_json(&report),
                upload: None,
                unchanged: 0,
                replayed: false,
                dry_run: true,
            },
        ),
        UploadOutcome::Rejected { report } => return Err(rejected(&report)),
    };
    let mut response = (status, Json(&answer)).into_response();
    if let Some(upload) = &answer.upload
        && let Ok(location) = HeaderValue::from_str(&format!("/api/v1/uploads/{}", upload.id))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    if answer.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// Validates and (unless a dry run or rejected) stores a file as a draft of the signed-in
/// municipality's member. Shared by `POST /api/v1/uploads` and the upload form; the member
/// always comes from the principal.
pub async fn upload_as(
    state: &AppState,
    principal: &Principal,
    bytes: Vec<u8>,
    file_name: Option<String>,
    dry_run: bool,
    idempotency_key: Option<String>,
) -> Result<UploadOutcome, AppError> {
    let (user, uploader) = uploader(principal)?;
    let request = UploadRequest {
        bytes,
        file_name,
        uploader,
        dry_run,
        idempotency_key,
        state: UploadState::Draft,
    };
    let result = crate::uploads::upload(&*state.store, &state.limits, &state.parses, request).await;
    let label = match &result {
        Ok(UploadOutcome::Stored { .. }) => "stored",
        Ok(UploadOutcome::Replayed { .. }) => "replayed",
        Ok(UploadOutcome::Checked { .. }) => "checked",
        Ok(UploadOutcome::Rejected { .. }) => "rejected",
        Err(UploadError::KeyReused { .. }) => "key_reused",
        Err(UploadError::Concurrent) => "conflict",
        Err(UploadError::ValidationPanicked | UploadError::Store(_)) => "error",
    };
    state
        .metrics
        .uploads_total
        .get_or_create(&crate::ops::metrics::UploadLabels::new(label))
        .inc();
    let outcome = result.map_err(upload_error)?;
    if let UploadOutcome::Stored { upload, .. } = &outcome {
        tracing::info!(upload = upload.id.0, user = %user.name, "upload stored");
    }
    Ok(outcome)
}

fn upload_error(err: UploadError) -> AppError {
    match err {
        UploadError::KeyReused { key, upload } => AppError::new(
            ErrorCode::IdempotencyKeyReused,
            format!(
                "Der Idempotency-Key „{key}“ wurde schon für eine andere Datei verwendet \
                 (Upload {upload}). Für eine neue Datei bitte einen neuen Schlüssel senden."
            ),
            format!(
                "The Idempotency-Key \"{key}\" was already used for another file (upload \
                 {upload}). Send a new key for a new file."
            ),
        ),
        UploadError::Concurrent => AppError::new(
            ErrorCode::Conflict,
            "Eine gleichzeitige Anfrage mit demselben Idempotency-Key läuft oder ist fertig; \
             bitte die Antwort abwarten und dann mit demselben Schlüssel wiederholen.",
            "A concurrent request with the same Idempotency-Key is running or done; wait for \
             it, then repeat with the same key.",
        ),
        UploadError::ValidationPanicked => {
            let mut e = AppError::new(
                ErrorCode::Internal,
                "Die Prüfung der Datei ist unerwartet abgebrochen; nichts wurde gespeichert.",
                "Validating the file stopped unexpectedly; nothing was stored.",
            );
            e.source = Some(anyhow::anyhow!("validation panicked"));
            e
        }
        UploadError::Store(e) => e.into(),
    }
}
