//! The Selbstcheck over HTTP (issue #12): the questionnaire versions with their items, a
//! member's rounds, one round's results, and the municipality's writes (open a round, answer,
//! submit) and the manager's publish. The rules are `vergleich_service::workflow::selfcheck`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::selfcheck::Questionnaire;
use vergleich_service::workflow::selfcheck::{AnswerInput, RoundView, questionnaires};
use vergleich_store::selfcheck::Round;

use crate::auth::Principal;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_questionnaires))
        .routes(routes!(rounds, open))
        .routes(routes!(round))
        .routes(routes!(answer))
        .routes(routes!(submit))
        .routes(routes!(publish))
        .routes(routes!(
            super::selfcheck_template::template,
            super::selfcheck_template::upload_template
        ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionnaireList {
    /// Every version with its items (id, field, sub-topic, position, texts, help, weight).
    #[schema(value_type = Vec<Object>)]
    questionnaires: Vec<Questionnaire>,
    notice: &'static str,
}

/// The questionnaire versions (a demo questionnaire in our own wording) with their items.
#[utoipa::path(get, path = "/api/v1/questionnaires", tag = "selfcheck",
    responses((status = 200, description = "Versions and items", body = QuestionnaireList)))]
pub async fn list_questionnaires(
    State(state): State<AppState>,
) -> Result<Json<QuestionnaireList>, AppError> {
    let fields: Vec<_> = state
        .store
        .fields()
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect();
    Ok(Json(QuestionnaireList {
        questionnaires: questionnaires(&fields)?,
        notice: "Demo-Fragebogen (eigene Formulierung, nicht der Originalfragebogen) / demo questionnaire (own wording, not the original)",
    }))
}

/// A stored round as the API answers it (the round's fields at the top level).
#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct RoundOut(Round);

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundList {
    rounds: Vec<RoundOut>,
}

/// A member's rounds: published ones for everyone, rounds in work for its users and managers.
#[utoipa::path(get, path = "/api/v1/selfcheck/{municipality}", tag = "selfcheck",
    params(("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel)")),
    responses(
        (status = 200, description = "Rounds", body = RoundList),
        (status = 400, description = "Bad key", content_type = "application/problem+json")))]
pub async fn rounds(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
) -> Result<Json<RoundList>, AppError> {
    let key = super::parse_key(&raw)?;
    let rounds = state.workflow().selfcheck_rounds(&principal, &key).await?;
    Ok(Json(RoundList {
        rounds: rounds.into_iter().map(RoundOut).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenBody {
    /// e.g. `2024`.
    #[schema(min_length = 1, max_length = 40)]
    label: String,
    /// The questionnaire version, e.g. `v1`.
    questionnaire: String,
}

/// Opens a round of the signed-in municipality's own member.
#[utoipa::path(post, path = "/api/v1/selfcheck/{municipality}", tag = "selfcheck",
    params(("municipality" = String, Path, description = "The user's own member")),
    request_body(content = OpenBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Opened (a draft)", body = RoundOut),
        (status = 400, description = "Bad label", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not this member's user", content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire", content_type = "application/problem+json"),
        (status = 409, description = "Label taken", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn open(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<OpenBody>,
) -> Result<(StatusCode, Json<RoundOut>), AppError> {
    let key = super::parse_key(&raw)?;
    if principal
        .user()
        .is_some_and(|u| u.municipality.as_ref().is_some_and(|m| *m != key))
    {
        return Err(vergleich_service::Error::forbidden(
            "eine Runde einer anderen Kommune eröffnen",
            "open a round of another member",
        )
        .into());
    }
    let round = state
        .workflow()
        .open_selfcheck_round(&principal, &body.label, &body.questionnaire)
        .await?;
    Ok((StatusCode::CREATED, Json(RoundOut(round))))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RoundParams {
    /// For SVG and PNG: the field whose items are drawn (default: the first).
    field: Option<String>,
    /// `de` (default) or `en`, for the chart.
    lang: Option<String>,
}

/// A round's results: per field the score with coverage, per item median, spread, consensus
/// and (where the reader may see it) the distribution; the reader's own answers and progress.
/// As SVG or PNG: one field's items as a diverging stacked bar chart.
#[utoipa::path(get, path = "/api/v1/selfcheck/rounds/{id}", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id; add .svg or .png for the chart"), RoundParams),
    responses(
        (status = 200, description = "The round", body = RoundView),
        (status = 400, description = "Bad language", content_type = "application/problem+json"),
        (status = 404, description = "No such round, or one in work of another member, or no such field", content_type = "application/problem+json"),
        (status = 406, description = "Only JSON, SVG and PNG", content_type = "application/problem+json")))]
pub async fn round(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    format: crate::negotiate::Format,
    crate::extract::ApiQuery(params): crate::extract::ApiQuery<RoundParams>,
) -> Result<axum::response::Response, AppError> {
    use crate::negotiate::Format;
    use axum::response::IntoResponse;
    let lang = super::concepts::lang_param(params.lang.as_deref())?;
    let view = state.workflow().selfcheck_round(&principal, id).await?;
    if format == Format::Json {
        return Ok(Json(view).into_response());
    }
    if !matches!(format, Format::Svg | Format::Png) {
        return Err(crate::negotiate::not_acceptable(format.media_type()));
    }
    let field = match params.field.as_deref() {
        None => view.fields.first(),
        Some(f) => view.fields.iter().find(|x| x.field == f),
    }
    .cloned()
    .ok_or_else(|| {
        vergleich_service::Error::unknown_field("field", params.field.as_deref().unwrap_or(""))
    })?;
    let demo = view.round.created_by == "system:demo";
    let name = view.round.municipality.to_string();
    super::drawn::chart(&state, format, move || {
        crate::pages::selfcheck::charts::likert_spec(&view, &field, &name, lang, demo).to_svg()
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerItem {
    /// Item id, e.g. `zug-03`.
    item: String,
    /// `0`–`3`, `skipped` or `dont_know` (German labels are read too).
    answer: String,
    /// Evidence text or link, at most 1,000 characters.
    evidence: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// The rater's department (Amt), at most 100 characters.
    department: Option<String>,
    #[schema(max_items = 500)]
    answers: Vec<AnswerItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerOut {
    pub(crate) stored: usize,
}

/// Stores the signed-in user's answers in a draft round of their member (a later answer to an
/// item replaces the earlier one); all or nothing, every problem with its row.
#[utoipa::path(put, path = "/api/v1/selfcheck/rounds/{id}/answers", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id")),
    request_body(content = AnswerBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored", body = AnswerOut),
        (status = 400, description = "Problems by row; nothing stored", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such round of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "The round takes no answers any more", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn answer(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<Json<AnswerOut>, AppError> {
    if body.answers.len() > MAX_ANSWERS {
        return Err(AppError::invalid(vec![
            crate::error::ErrorDetail::parameter(
                "answers",
                &body.answers.len().to_string(),
                format!("Höchstens {MAX_ANSWERS} Antworten auf einmal."),
                format!("At most {MAX_ANSWERS} answers at once."),
            ),
        ]));
    }
    let input: Vec<AnswerInput> = body
        .answers
        .into_iter()
        .map(|a| AnswerInput {
            item: a.item,
            answer: a.answer,
            evidence: a.evidence,
        })
        .collect();
    let stored = state
        .workflow()
        .answer_selfcheck(&principal, id, body.department.as_deref(), &input)
        .await?;
    Ok(Json(AnswerOut { stored }))
}

/// Most answers in one request (a questionnaire has about a hundred items).
pub const MAX_ANSWERS: usize = 500;

/// Hands the member's draft round in for review.
#[utoipa::path(post, path = "/api/v1/selfcheck/rounds/{id}/submit", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Submitted", body = RoundOut),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such round of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", content_type = "application/problem+json")))]
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<RoundOut>, AppError> {
    let round = state
        .workflow()
        .submit_selfcheck_round(&principal, id)
        .await?;
    Ok(Json(RoundOut(round)))
}

/// Publishes a submitted round (managers and admins).
#[utoipa::path(post, path = "/api/v1/selfcheck/rounds/{id}/publish", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Published", body = RoundOut),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Managers and admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such round", content_type = "application/problem+json"),
        (status = 409, description = "Not submitted", content_type = "application/problem+json")))]
pub async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<RoundOut>, AppError> {
    let round = state
        .workflow()
        .publish_selfcheck_round(&principal, id)
        .await?;
    Ok(Json(RoundOut(round)))
}
