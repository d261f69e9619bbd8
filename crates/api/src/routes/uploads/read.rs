//! Reading uploads over HTTP: the list of one's own (or, for reviewers, every member's), one
//! upload with its validation report, and its raw file. Another member's upload is 404.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vergleich_domain::{Role, UploadId, UploadState};
use vergleich_store::{UploadFilter, UploadRecord};

use super::{DEFAULT_PAGE, MAX_PAGE, UploadView};
use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiQuery;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    state: Option<UploadState>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// One page of uploads, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadPage {
    count: usize,
    limit: i64,
    offset: i64,
    next_offset: Option<i64>,
    uploads: Vec<UploadView>,
}

/// Uploads, newest first: a municipality sees its own, managers and admins every member's (the
/// review queue is `state=submitted`).
#[utoipa::path(get, path = "/api/v1/uploads", tag = "uploads",
    params(
        ("state" = Option<String>, Query, description = "draft, submitted, published or rejected"),
        ("limit" = Option<i64>, Query, description = "Page size 1–200 (default 50)"),
        ("offset" = Option<i64>, Query, description = "Uploads to skip"),
    ),
    responses(
        (status = 200, description = "One page of uploads", body = UploadPage),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Foundation staff see published data only", content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<UploadPage>, AppError> {
    let user = principal.require(
        &[Role::Municipality, Role::Manager, Role::Admin],
        "Uploads ansehen",
        "see uploads",
    )?;
    let limit = params.limit.unwrap_or(DEFAULT_PAGE);
    let offset = params.offset.unwrap_or(0);
    if !(1..=MAX_PAGE).contains(&limit) || offset < 0 {
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            "limit",
            &format!("{limit}/{offset}"),
            format!("limit muss zwischen 1 und {MAX_PAGE} liegen, offset mindestens 0."),
            format!("limit must be 1 to {MAX_PAGE}, offset at least 0."),
        )]));
    }
    let filter = UploadFilter {
        municipality: if user.role == Role::Municipality {
            user.municipality.clone()
        } else {
            None
        },
        states: params.state.into_iter().collect(),
        exclude_synthetic: true,
        limit: limit + 1,
        offset,
    };
    let mut uploads = state.store.uploads(&filter).await?;
    let more = uploads.len() as i64 > limit;
    uploads.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(Json(UploadPage {
        count: uploads.len(),
        limit,
        offset,
        next_offset: more.then_some(offset + limit),
        uploads: uploads.into_iter().map(Into::into).collect(),
    }))
}

/// The upload with this id if the principal may see it: its own member's, or any for managers
/// and admins. Another member's upload is 404, not 403: its existence is not revealed.
pub async fn visible_upload(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<UploadRecord, AppError> {
    let user = principal.require(
        &[Role::Municipality, Role::Manager, Role::Admin],
        "Uploads ansehen",
        "see uploads",
    )?;
    let not_found = || AppError::not_found(&format!("Upload {id}"), &format!("Upload {id}"));
    let upload = state
        .store
        .upload(UploadId(id))
        .await?
        .ok_or_else(not_found)?;
    let own = user.municipality.is_some() && upload.municipality == user.municipality;
    if user.role.sees_unpublished() || own {
        Ok(upload)
    } else {
        Err(not_found())
    }
}

/// One upload with its state, review and validation report.
#[utoipa::path(get, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(("id" = i64, Path, description = "Upload id")),
    responses(
        (status = 200, description = "The upload", body = UploadView),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Foundation staff see published data only", content_type = "application/problem+json"),
        (status = 404, description = "No such upload, or another member's", content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<UploadView>, AppError> {
    Ok(Json(visible_upload(&state, &principal, id).await?.into()))
}

/// The uploaded file as it was received (kept by SHA-256, so every number can be traced).
#[utoipa::path(get, path = "/api/v1/uploads/{id}/file", tag = "uploads",
    params(("id" = i64, Path, description = "Upload id")),
    responses(
        (status = 200, description = "The raw file", content_type = "application/octet-stream"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Foundation staff see published data only", content_type = "application/problem+json"),
        (status = 404, description = "No such upload or no file kept", content_type = "application/problem+json")))]
pub async fn raw_file(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let upload = visible_upload(&state, &principal, id).await?;
    let missing = || AppError::not_found("Die Datei dieses Uploads", "The file of this upload");
    let sha = upload.sha256.ok_or_else(missing)?;
    let bytes = state.store.raw_file(&sha).await?.ok_or_else(missing)?;
    let name = format!("upload-{id}-{}", &sha[..sha.len().min(12)]);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
