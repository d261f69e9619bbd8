//! Reading uploads over HTTP: the list of one's own (or, for reviewers, every member's), one
//! upload with its validation report, and its raw file. Another member's upload is 404.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vergleich_domain::UploadState;
use vergleich_service::workflow::upload::UploadView;

use crate::auth::Principal;
use crate::error::AppError;
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
        ("limit" = Option<i64>, Query, description = "Page size 1–200 (default 50)", minimum = 1, maximum = 200),
        ("offset" = Option<i64>, Query, description = "Uploads to skip", minimum = 0),
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
    let page = state
        .workflow()
        .uploads(&principal, params.state, params.limit, params.offset)
        .await?;
    Ok(Json(UploadPage {
        count: page.uploads.len(),
        limit: page.limit,
        offset: page.offset,
        next_offset: page.next_offset,
        uploads: page.uploads.into_iter().map(Into::into).collect(),
    }))
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
    Ok(Json(
        state
            .workflow()
            .visible_upload(&principal, id)
            .await?
            .into(),
    ))
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
    let (upload, bytes) = state.workflow().upload_file(&principal, id).await?;
    let sha = upload.sha256.unwrap_or_default();
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
