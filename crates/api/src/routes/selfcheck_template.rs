//! The Selbstcheck's questionnaire as a template over HTTP: download it (XLSX or CSV) with the
//! user's answers so far, upload it back filled; the rules are
//! `vergleich_service::workflow::selfcheck_view`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;

use super::selfcheck::AnswerOut;
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TemplateParams {
    /// `de` (default: `;`, decimal comma, German columns) or `en`.
    lang: Option<String>,
}

/// The round's questionnaire as a template to fill in (XLSX or CSV by `Accept` or suffix), with
/// the signed-in user's answers so far.
#[utoipa::path(get, path = "/api/v1/selfcheck/rounds/{id}/template", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id; add .xlsx or .csv"), TemplateParams),
    responses(
        (status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "No such round, or one in work of another member", content_type = "application/problem+json"),
        (status = 406, description = "Only XLSX and CSV", content_type = "application/problem+json")))]
pub async fn template(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    format: crate::negotiate::Format,
    crate::extract::ApiQuery(params): crate::extract::ApiQuery<TemplateParams>,
) -> Result<axum::response::Response, AppError> {
    use crate::negotiate::Format;
    use axum::response::IntoResponse;
    let lang = super::concepts::lang_param(params.lang.as_deref())?;
    let view = state.workflow().selfcheck_round(&principal, id).await?;
    let table = vergleich_service::workflow::selfcheck_view::template(&view, lang);
    let (bytes, format) = match format {
        Format::Csv => (crate::export::to_csv(&table, lang), Format::Csv),
        Format::Xlsx | Format::Json => (crate::export::to_xlsx(&table, lang), Format::Xlsx),
        other => return Err(crate::negotiate::not_acceptable(other.media_type())),
    };
    let bytes = bytes.map_err(|e| {
        let mut err = AppError::new(
            crate::error::ErrorCode::Internal,
            "Die Vorlage konnte nicht erstellt werden.",
            "The template could not be made.",
        );
        err.source = Some(e.into());
        err
    })?;
    let name = format!(
        "selbstcheck-{}-{}.{}",
        view.round.municipality,
        view.round.label,
        format.suffix()
    );
    let mut response = (
        [(axum::http::header::CONTENT_TYPE, format.media_type())],
        bytes,
    )
        .into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_DISPOSITION,
        crate::export::content_disposition(&name),
    );
    Ok(response)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// The rater's department (Amt), at most 100 characters.
    department: Option<String>,
}

/// Uploads a filled template (the raw XLSX, CSV or ODS file as the body): every row with an
/// answer is stored like the form stores it; all or nothing, problems by row and column.
#[utoipa::path(post, path = "/api/v1/selfcheck/rounds/{id}/template", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id"), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The filled template"),
    responses(
        (status = 200, description = "Stored", body = AnswerOut),
        (status = 400, description = "Problems by row and column; nothing stored", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such round of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "The round takes no answers any more", content_type = "application/problem+json")))]
pub async fn upload_template(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    crate::extract::ApiQuery(params): crate::extract::ApiQuery<UploadParams>,
    body: axum::body::Bytes,
) -> Result<Json<AnswerOut>, AppError> {
    let stored = state
        .workflow()
        .upload_selfcheck_template(&principal, id, params.department.as_deref(), &body)
        .await?;
    Ok(Json(AnswerOut { stored }))
}
