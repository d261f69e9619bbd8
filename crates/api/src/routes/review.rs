//! The review workflow over HTTP: submit, approve, reject, the change list and the audit log.
//! The rules (who, in which state, with which comment) are `vergleich_service::workflow::review`;
//! these handlers read the request and answer JSON.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_service::workflow::review::{ChangeList, reviewer};
use vergleich_service::workflow::upload::UploadView;
use vergleich_store::AuditEntry;

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiQuery;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(changes))
        .routes(routes!(audit))
}

/// A reviewer's comment (required to reject).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    comment: Option<String>,
}

/// An approval: an optional comment, and optionally the scheduled release under whose embargo
/// the values are published (they appear when it comes out).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    comment: Option<String>,
    /// A scheduled release (`GET /api/v1/releases`, status `scheduled`), e.g. `2025-1`.
    #[schema(pattern = "^[a-z0-9][a-z0-9.-]{0,31}$")]
    embargo: Option<String>,
}

/// The JSON body of a review step; an empty body means no comment.
fn review_body<T: serde::de::DeserializeOwned + Default>(bytes: &Bytes) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let body: T = serde_json::from_slice(bytes).map_err(|e| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "body",
            "",
            format!("Erwartet wird {{\"comment\": \"…\"}}: {e}"),
            format!("Expected {{\"comment\": \"…\"}}: {e}"),
        )])
    })?;
    Ok(body)
}

/// Hands a draft in for review (the uploading municipality only).
#[utoipa::path(post, path = "/api/v1/uploads/{id}/submit", tag = "review",
    params(("id" = i64, Path, description = "Upload id")),
    responses(
        (status = 200, description = "Submitted", body = UploadView),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Only the municipality submits its uploads", content_type = "application/problem+json"),
        (status = 404, description = "No such upload, or another member's", content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", content_type = "application/problem+json")))]
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<UploadView>, AppError> {
    Ok(Json(state.workflow().submit(&principal, id).await?.into()))
}

/// Approves a submitted upload: it is published and enters every comparison.
#[utoipa::path(post, path = "/api/v1/uploads/{id}/approve", tag = "review",
    params(("id" = i64, Path, description = "Upload id")),
    request_body(content = ApproveBody, content_type = "application/json", description = "Optional comment and embargo"),
    responses(
        (status = 200, description = "Published", body = UploadView),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Managers and admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such upload, or no such release to embargo until", content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, or the release is out already", content_type = "application/problem+json")))]
pub async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<UploadView>, AppError> {
    reviewer(&principal)?;
    let body: ApproveBody = review_body(&body)?;
    let upload = match body.embargo {
        Some(release) => {
            state
                .workflow()
                .approve_embargoed(&principal, id, &release, body.comment)
                .await?
        }
        None => {
            state
                .workflow()
                .approve(&principal, id, body.comment)
                .await?
        }
    };
    Ok(Json(upload.into()))
}

/// Rejects a submitted upload with a comment saying what to fix; its values never count.
#[utoipa::path(post, path = "/api/v1/uploads/{id}/reject", tag = "review",
    params(("id" = i64, Path, description = "Upload id")),
    request_body(content = ReviewBody, content_type = "application/json", description = "Required comment"),
    responses(
        (status = 200, description = "Rejected", body = UploadView),
        (status = 400, description = "Comment missing", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Managers and admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such upload", content_type = "application/problem+json"),
        (status = 409, description = "Not submitted", content_type = "application/problem+json")))]
pub async fn reject(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<UploadView>, AppError> {
    reviewer(&principal)?;
    let body: ReviewBody = review_body(&body)?;
    let upload = state
        .workflow()
        .reject(&principal, id, body.comment)
        .await?;
    Ok(Json(upload.into()))
}

/// What an upload changes against the published data: every observation it brings with the
/// published value it replaces (values equal to the current ones were not stored at all).
#[utoipa::path(get, path = "/api/v1/uploads/{id}/changes", tag = "review",
    params(("id" = i64, Path, description = "Upload id")),
    responses(
        (status = 200, description = "The changes", body = ChangeList),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Foundation staff see published data only", content_type = "application/problem+json"),
        (status = 404, description = "No such upload, or another member's", content_type = "application/problem+json")))]
pub async fn changes(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<ChangeList>, AppError> {
    Ok(Json(state.workflow().changes(&principal, id).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    count: usize,
    #[schema(value_type = Vec<Object>)]
    entries: Vec<AuditEntry>,
}

/// The audit log, newest first: uploads, state changes, users, tokens, sessions.
#[utoipa::path(get, path = "/api/v1/audit", tag = "review",
    params(("limit" = Option<i64>, Query, description = "Entries, 1–1,000 (default 100)")),
    responses(
        (status = 200, description = "Audit entries", body = AuditPage),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Managers and admins only", content_type = "application/problem+json")))]
pub async fn audit(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<AuditPage>, AppError> {
    let entries = state.workflow().audit(&principal, params.limit).await?;
    Ok(Json(AuditPage {
        count: entries.len(),
        entries,
    }))
}
