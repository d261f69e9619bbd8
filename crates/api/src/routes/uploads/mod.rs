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
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_ingest::ValidationReport;
use vergleich_service::workflow::upload::{
    COHORT_UPLOADERS, UploadFile, UploadOutcome, UploadView, idempotency_key, rejected, uploader,
};

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::{ApiQuery, body_error};
use crate::state::AppState;

pub(crate) mod cohort;
mod read;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, read::list))
        .routes(routes!(read::show))
        .routes(routes!(read::raw_file))
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

/// The query of an upload. `map` may repeat, so the pairs are read as they come.
#[derive(Debug, Default)]
pub struct CreateParams {
    dry_run: Option<bool>,
    /// The file's name for a raw body (multipart carries its own).
    file_name: Option<String>,
    /// Own mappings `CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]`, one per `map`.
    map: Vec<String>,
}

impl CreateParams {
    fn of(pairs: Vec<(String, String)>) -> Result<Self, AppError> {
        let mut params = Self::default();
        let bad = |name: &str, value: &str, de: &str, en: &str| {
            AppError::invalid(vec![ErrorDetail::parameter(name, value, de, en)])
        };
        for (name, value) in pairs {
            match name.as_str() {
                "dry_run" => {
                    params.dry_run = Some(value.parse().map_err(|_| {
                        bad(
                            &name,
                            &value,
                            "Erwartet: true oder false.",
                            "Expected: true or false.",
                        )
                    })?);
                }
                "file_name" => params.file_name = Some(value),
                "map" => params.map.push(value),
                _ => {
                    return Err(bad(
                        &name,
                        &value,
                        "Unbekannter Parameter; erlaubt sind dry_run, file_name und map.",
                        "Unknown parameter; allowed are dry_run, file_name and map.",
                    ));
                }
            }
        }
        Ok(params)
    }
}

fn idempotency_key_of(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    match headers.get("idempotency-key") {
        Some(raw) => Ok(Some(idempotency_key(raw.as_bytes())?)),
        None => Ok(None),
    }
}

/// The file of the request (the `file` part of a multipart form, or the raw body) and the
/// form's `map` parts.
async fn file_of(
    request: Request,
    state: &AppState,
) -> Result<(Bytes, Option<String>, Vec<String>), AppError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    if !multipart {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| body_error(&e.body_text(), e.status()))?;
        return Ok((bytes, None, Vec::new()));
    }
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|e| body_error(&e.body_text(), e.status()))?;
    let read = |e: axum::extract::multipart::MultipartError| body_error(&e.body_text(), e.status());
    let (mut file, mut map) = (None, Vec::new());
    while let Some(field) = form.next_field().await.map_err(read)? {
        match field.name() {
            Some("file") if file.is_none() => {
                let name = field.file_name().map(str::to_owned);
                file = Some((field.bytes().await.map_err(read)?, name));
            }
            Some("map") => map.push(field.text().await.map_err(read)?),
            _ => {}
        }
    }
    let Some((bytes, name)) = file else {
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            "file",
            "",
            "Das Formular enthält kein Feld „file“ mit der Datei.",
            "The form has no field \"file\" with the file.",
        )]));
    };
    Ok((bytes, name, map))
}

/// Uploads a file (CSV, XLSX, ODS, JSON, or an official table: GENESIS, INKAR, BA; the format
/// is read from the bytes) for the signed-in municipality, stored as a draft. A manager's or
/// admin's file is stored as one upload per member it holds values for, each submitted for
/// review (answer: `CohortAnswer`). `dry_run=true` only validates.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "uploads",
    params(
        ("dry_run" = Option<bool>, Query, description = "Validate and report only; store nothing"),
        ("file_name" = Option<String>, Query, description = "File name for a raw body"),
        ("map" = Option<Vec<String>>, Query, explode = true, description = "Own mapping of an official table's variable to an indicator, `CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]` (e.g. `BEVSTD:GES==bevoelkerung`, a factor for other units: `=bevoelkerung*1000`); repeat for several; tried before datasets/sources.csv. Multipart forms may send `map` parts instead"),
        ("Idempotency-Key" = Option<String>, Header, description = "Same key and bytes replay the first answer; same key, other bytes: 422"),
    ),
    request_body(description = "The file as raw body, or multipart/form-data with a `file` part", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored as a draft (a municipality), or one upload per member submitted for review (a manager or admin: `CohortAnswer`)", body = UploadAnswer),
        (status = 200, description = "Dry run, or a repeat of an earlier upload (`replayed`); for a manager or admin a `CohortAnswer`", body = cohort::AnyUploadAnswer),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Neither a municipality user nor a manager or admin", content_type = "application/problem+json"),
        (status = 409, description = "A concurrent upload with the same key", content_type = "application/problem+json"),
        (status = 413, description = "File too large", content_type = "application/problem+json"),
        (status = 415, description = "Not CSV, XLSX, ODS or JSON", content_type = "application/problem+json"),
        (status = 422, description = "Validation errors (every issue with row and column), or the key was used for other bytes", content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, AppError> {
    // Who may upload is decided before the body is read: a municipality user for its member,
    // a manager or admin for every member the file holds (one upload each, see `cohort`).
    let for_cohort = principal
        .role()
        .is_some_and(|r| COHORT_UPLOADERS.contains(&r));
    if !for_cohort {
        uploader(&principal)?;
    }
    let params = CreateParams::of(pairs)?;
    let key = idempotency_key_of(&headers)?;
    let (bytes, part_name, mut map) = file_of(request, &state).await?;
    map.extend(params.map);
    let file = UploadFile {
        bytes: bytes.to_vec(),
        file_name: part_name.or(params.file_name),
        dry_run: params.dry_run.unwrap_or(false),
        idempotency_key: key,
        map,
    };
    if for_cohort {
        return cohort::create(&state, &principal, file).await;
    }
    let outcome = state
        .upload(&principal, file)
        .await
        .map_err(vergleich_service::Error::from)?;
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
        UploadOutcome::Rejected { report } => return Err(rejected(&report).into()),
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
