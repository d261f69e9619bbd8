//! The municipality's writes on its concept over HTTP: start a version, replace a draft as a
//! whole, publish, and the measures table down (CSV/XLSX) and up (the bulk update).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vergleich_domain::Ags;
use vergleich_domain::concept::ConceptContent;
use vergleich_domain::format::Lang;
use vergleich_service::workflow::concept_bulk::measures_table;
use vergleich_store::{ConceptEdit, ConceptVersion};

use crate::auth::Principal;
use crate::error::AppError;
use crate::export;
use crate::extract::{ApiJson, ApiQuery};
use crate::negotiate::Format;
use crate::state::AppState;

/// A stored version as the writes answer it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
pub struct VersionOut {
    #[schema(value_type = Object)]
    version: ConceptVersion,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    /// The new version's label, e.g. `2026`.
    #[schema(min_length = 1, max_length = 40)]
    label: String,
    /// The id of the member's version to continue (a Fortschreibung starts as its copy).
    #[serde(default, deserialize_with = "crate::extract::integral")]
    #[schema(value_type = Option<i64>)]
    based_on: Option<i64>,
}

/// Starts a version of the signed-in municipality's own concept: empty, or a copy of one of
/// its versions. 403 for a member other than the user's own.
#[utoipa::path(post, path = "/api/v1/concepts/{municipality}/versions", tag = "concepts",
    params(("municipality" = String, Path, description = "The user's own member")),
    request_body(content = StartBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Started (a draft)", body = VersionOut),
        (status = 400, description = "Bad label", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not this member's user", content_type = "application/problem+json"),
        (status = 404, description = "No such version to continue", content_type = "application/problem+json"),
        (status = 409, description = "Label taken", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn start(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StartBody>,
) -> Result<(StatusCode, Json<VersionOut>), AppError> {
    let key = crate::routes::parse_key(&raw)?;
    own_member(&principal, &key)?;
    let version = state
        .workflow()
        .start_concept_version(&principal, &body.label, body.based_on)
        .await?;
    Ok((StatusCode::CREATED, Json(VersionOut { version })))
}

/// A path naming another member than the user's own is refused (403), not silently redirected.
fn own_member(principal: &Principal, key: &Ags) -> Result<(), AppError> {
    match principal.user() {
        Some(u) if u.municipality.as_ref().is_some_and(|m| m != key) => {
            Err(AppError::from(vergleich_service::Error::forbidden(
                "das Konzept einer anderen Kommune bearbeiten",
                "edit another member's concept",
            )))
        }
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    title: String,
    adopted_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    document_url: Option<String>,
    /// Themenfelder (with goals and targets) and measures, as `GET` answers them.
    #[schema(value_type = Object)]
    content: ConceptContent,
}

/// Replaces a draft as a whole (title, dates, link, content), checked against the catalogue:
/// every broken rule is named with where, and nothing is stored.
#[utoipa::path(put, path = "/api/v1/concept-versions/{id}", tag = "concepts",
    params(("id" = i64, Path, description = "Version id")),
    request_body(content = EditBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored", body = VersionOut),
        (status = 400, description = "Rules broken", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such version of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "Published versions never change", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn edit(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EditBody>,
) -> Result<Json<VersionOut>, AppError> {
    let edit = ConceptEdit {
        title: body.title,
        adopted_on: body.adopted_on,
        review_on: body.review_on,
        document_url: body.document_url,
        content: body.content,
    };
    let version = state
        .workflow()
        .edit_concept_version(&principal, id, edit)
        .await?;
    Ok(Json(VersionOut { version }))
}

/// Publishes a draft: all members, foundation staff and anonymous readers see it from now on.
#[utoipa::path(post, path = "/api/v1/concept-versions/{id}/publish", tag = "concepts",
    params(("id" = i64, Path, description = "Version id")),
    responses(
        (status = 200, description = "Published", body = VersionOut),
        (status = 400, description = "Rules broken", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such version of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "Published already", content_type = "application/problem+json")))]
pub async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<VersionOut>, AppError> {
    let version = state
        .workflow()
        .publish_concept_version(&principal, id)
        .await?;
    Ok(Json(VersionOut { version }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TableParams {
    /// `de` (default: `;`, decimal comma, German column names) or `en`.
    lang: Option<String>,
}

/// The measures of a version as a table to edit (CSV or XLSX by `Accept` or suffix): concept,
/// id, title, status, progress, start, end, owner, goals. For the member's own users.
#[utoipa::path(get, path = "/api/v1/concept-versions/{id}/measures", tag = "concepts",
    params(("id" = i64, Path, description = "Version id"), TableParams),
    responses(
        (status = 200, description = "The table", content_type = "text/csv"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 404, description = "No such version of the user's member", content_type = "application/problem+json"),
        (status = 406, description = "Only CSV and XLSX", content_type = "application/problem+json")))]
pub async fn measures(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    format: Format,
    ApiQuery(params): ApiQuery<TableParams>,
) -> Result<Response, AppError> {
    let lang: Lang = super::lang_param(params.lang.as_deref())?;
    let version = state.workflow().own_concept_version(&principal, id).await?;
    let table = measures_table(&version, lang);
    let (bytes, format) = match format {
        Format::Xlsx => (export::to_xlsx(&table, lang), Format::Xlsx),
        Format::Csv | Format::Json => (export::to_csv(&table, lang), Format::Csv),
        Format::Svg | Format::Png => {
            return Err(crate::negotiate::not_acceptable(format.media_type()));
        }
    };
    let bytes = bytes.map_err(|e| {
        let mut err = AppError::new(
            crate::error::ErrorCode::Internal,
            "Die Tabelle konnte nicht erstellt werden.",
            "The table could not be made.",
        );
        err.source = Some(e.into());
        err
    })?;
    let name = format!(
        "massnahmen-{}-{}.{}",
        version.municipality,
        version.label,
        format.suffix()
    );
    let mut response = ([(header::CONTENT_TYPE, format.media_type())], bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        export::content_disposition(&name),
    );
    Ok(response)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkOut {
    /// Rows applied (measures updated or confirmed unchanged).
    applied: usize,
    version: VersionOut,
}

/// Uploads the edited measures table back (the raw CSV, XLSX or ODS file as the body): status,
/// progress, start, end and owner per measure; all or nothing, every problem with row, column
/// and fix; status changes are dated in each measure's timeline, the edit in the audit log.
#[utoipa::path(post, path = "/api/v1/concept-versions/{id}/measures", tag = "concepts",
    params(("id" = i64, Path, description = "Version id")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The edited table"),
    responses(
        (status = 200, description = "Stored", body = BulkOut),
        (status = 400, description = "Problems, by row and column; nothing stored", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such version of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "Published versions never change", content_type = "application/problem+json")))]
pub async fn upload_measures(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<BulkOut>, AppError> {
    let (version, applied) = state
        .workflow()
        .bulk_update_measures(&principal, id, &body)
        .await?;
    Ok(Json(BulkOut {
        applied,
        version: VersionOut { version },
    }))
}
