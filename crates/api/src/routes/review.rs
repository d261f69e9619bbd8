//! The review workflow: the municipality submits its draft, a manager (or admin) sees what it
//! changes against the published data and approves (published: it enters every comparison) or
//! rejects it with a comment. Every step is a guarded state change with an audit entry.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::{Role, UploadId, UploadState};
use vergleich_store::{AuditEntry, ObservationQuery, Transition, UploadRecord, Visibility};

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiQuery;
use crate::routes::uploads::{UploadView, visible_upload};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(changes))
        .routes(routes!(audit))
}

/// Longest review comment.
pub const MAX_COMMENT: usize = 2_000;

/// A reviewer's comment (required to reject).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    comment: Option<String>,
}

/// The JSON body of a review step; an empty body means no comment.
fn review_body(bytes: &Bytes) -> Result<ReviewBody, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(ReviewBody::default());
    }
    let body: ReviewBody = serde_json::from_slice(bytes).map_err(|e| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "body",
            "",
            format!("Erwartet wird {{\"comment\": \"…\"}}: {e}"),
            format!("Expected {{\"comment\": \"…\"}}: {e}"),
        )])
    })?;
    Ok(body)
}

/// A comment no longer than [`MAX_COMMENT`] characters.
fn checked_comment(comment: Option<String>) -> Result<Option<String>, AppError> {
    if let Some(c) = &comment
        && c.chars().count() > MAX_COMMENT
    {
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            "comment",
            "",
            format!("Der Kommentar darf höchstens {MAX_COMMENT} Zeichen haben."),
            format!("The comment may have at most {MAX_COMMENT} characters."),
        )]));
    }
    Ok(comment)
}

async fn step(
    state: &AppState,
    principal: &Principal,
    id: i64,
    from: UploadState,
    to: UploadState,
    comment: Option<String>,
) -> Result<UploadRecord, AppError> {
    let upload = state
        .store
        .transition(&Transition {
            upload: UploadId(id),
            from: vec![from],
            to,
            actor: principal.actor(),
            comment,
        })
        .await?;
    tracing::info!(upload = id, to = to.as_str(), actor = %principal.actor(), "upload state changed");
    Ok(upload)
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
    Ok(Json(submit_upload(&state, &principal, id).await?.into()))
}

/// Hands the principal's own draft in for review. Shared by the API and the upload page.
pub async fn submit_upload(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<UploadRecord, AppError> {
    principal.require(
        &[Role::Municipality],
        "Uploads einreichen (nur die Kommune selbst)",
        "submit uploads (the municipality itself only)",
    )?;
    visible_upload(state, principal, id).await?;
    step(
        state,
        principal,
        id,
        UploadState::Draft,
        UploadState::Submitted,
        None,
    )
    .await
}

fn reviewer(principal: &Principal) -> Result<(), AppError> {
    principal
        .require(
            &[Role::Manager, Role::Admin],
            "Uploads prüfen (Projektleitung)",
            "review uploads (project managers)",
        )
        .map(|_| ())
}

/// Approves a submitted upload: it is published and enters every comparison.
#[utoipa::path(post, path = "/api/v1/uploads/{id}/approve", tag = "review",
    params(("id" = i64, Path, description = "Upload id")),
    request_body(content = ReviewBody, content_type = "application/json", description = "Optional comment"),
    responses(
        (status = 200, description = "Published", body = UploadView),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Managers and admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such upload", content_type = "application/problem+json"),
        (status = 409, description = "Not submitted", content_type = "application/problem+json")))]
pub async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<UploadView>, AppError> {
    reviewer(&principal)?;
    let body = review_body(&body)?;
    Ok(Json(
        approve_upload(&state, &principal, id, body.comment)
            .await?
            .into(),
    ))
}

/// Publishes a submitted upload (managers and admins). Shared by the API and the review page.
pub async fn approve_upload(
    state: &AppState,
    principal: &Principal,
    id: i64,
    comment: Option<String>,
) -> Result<UploadRecord, AppError> {
    reviewer(principal)?;
    let comment = checked_comment(comment)?.filter(|c| !c.trim().is_empty());
    step(
        state,
        principal,
        id,
        UploadState::Submitted,
        UploadState::Published,
        comment,
    )
    .await
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
    let body = review_body(&body)?;
    Ok(Json(
        reject_upload(&state, &principal, id, body.comment)
            .await?
            .into(),
    ))
}

/// Sends a submitted upload back with a comment, which is required (managers and admins).
/// Shared by the API and the review page.
pub async fn reject_upload(
    state: &AppState,
    principal: &Principal,
    id: i64,
    comment: Option<String>,
) -> Result<UploadRecord, AppError> {
    reviewer(principal)?;
    let comment = checked_comment(comment)?
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(comment_missing)?;
    step(
        state,
        principal,
        id,
        UploadState::Submitted,
        UploadState::Rejected,
        Some(comment),
    )
    .await
}

/// The error of a rejection without a comment (the review page shows its message).
pub fn comment_missing() -> AppError {
    AppError::invalid(vec![ErrorDetail::parameter(
        "comment",
        "",
        "Bitte begründen, was die Kommune korrigieren soll.",
        "Please say what the municipality should correct.",
    )])
}

/// One value as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValueAt {
    pub value: Option<f64>,
    pub status: String,
    pub missing_reason: Option<String>,
    pub version: i32,
    pub upload_id: i64,
    pub recorded_at: DateTime<Utc>,
}

/// What an upload changes against the published data, per observation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    pub municipality: String,
    pub indicator: String,
    pub year: i32,
    /// The published value before this upload (none: a new observation).
    pub published: Option<ValueAt>,
    /// The value this upload brings.
    pub new: ValueAt,
    /// `new`, `value` (the number changes), `status` (only status or reason change).
    pub kind: &'static str,
    /// new − published, for a changed number.
    pub difference: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeList {
    pub upload: UploadView,
    pub count: usize,
    pub changes: Vec<Change>,
}

fn value_at(o: &vergleich_store::StoredObservation) -> ValueAt {
    ValueAt {
        value: o.observation.value,
        status: o.observation.status.as_str().to_owned(),
        missing_reason: o.observation.missing_reason.map(|r| r.as_str().to_owned()),
        version: o.version,
        upload_id: o.upload_id.0,
        recorded_at: o.recorded_at,
    }
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
    Ok(Json(change_list(&state, &principal, id).await?))
}

/// What an upload the principal may see changes against the published data. Shared by the API
/// and the review page.
pub async fn change_list(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<ChangeList, AppError> {
    let upload = visible_upload(state, principal, id).await?;
    let brought = state.store.upload_observations(UploadId(id)).await?;
    let mut members: Vec<_> = brought
        .iter()
        .map(|o| o.observation.municipality.clone())
        .collect();
    members.sort();
    members.dedup();
    // Every published version of these members; per key the newest one older than this upload's.
    let published = state
        .store
        .observations(&ObservationQuery {
            municipalities: members,
            history: true,
            visibility: Visibility::Published,
            ..Default::default()
        })
        .await?;
    let mut by_key: HashMap<_, Vec<&vergleich_store::StoredObservation>> = HashMap::new();
    for o in &published {
        let k = (
            o.observation.municipality.clone(),
            o.observation.indicator.clone(),
            o.observation.period,
        );
        by_key.entry(k).or_default().push(o);
    }
    let changes: Vec<Change> = brought
        .iter()
        .map(|o| {
            let k = (
                o.observation.municipality.clone(),
                o.observation.indicator.clone(),
                o.observation.period,
            );
            let before = by_key
                .get(&k)
                .and_then(|vs| {
                    vs.iter()
                        .filter(|p| p.version < o.version)
                        .max_by_key(|p| p.version)
                })
                .copied();
            let kind = match before {
                None => "new",
                Some(p) if p.observation.value != o.observation.value => "value",
                Some(_) => "status",
            };
            let difference = before
                .and_then(|p| p.observation.value)
                .zip(o.observation.value)
                .map(|(a, b)| b - a);
            Change {
                municipality: o.observation.municipality.as_str().to_owned(),
                indicator: o.observation.indicator.as_str().to_owned(),
                year: o.observation.period.year(),
                published: before.map(value_at),
                new: value_at(o),
                kind,
                difference,
            }
        })
        .collect();
    Ok(ChangeList {
        upload: upload.into(),
        count: changes.len(),
        changes,
    })
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
    principal.require(
        &[Role::Manager, Role::Admin],
        "das Protokoll lesen",
        "read the audit log",
    )?;
    let limit = params.limit.unwrap_or(100);
    if !(1..=1_000).contains(&limit) {
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            "limit",
            &limit.to_string(),
            "limit muss zwischen 1 und 1.000 liegen.",
            "limit must be 1 to 1,000.",
        )]));
    }
    let entries = state.store.audit_log(limit).await?;
    Ok(Json(AuditPage {
        count: entries.len(),
        entries,
    }))
}
