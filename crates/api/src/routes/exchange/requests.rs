//! Exchange requests over HTTP (issue #14 A.4): ask a member about a published practice, the
//! inbox of sent and received requests, answer, mark done.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vergleich_store::practices::ExchangeRequest;

use crate::auth::Principal;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct RequestOut(ExchangeRequest);

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestList {
    #[schema(value_type = Vec<Object>)]
    requests: Vec<ExchangeRequest>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestAskBody {
    #[schema(min_length = 1, max_length = 2000)]
    message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestAnswerBody {
    #[schema(min_length = 1, max_length = 2000)]
    answer: String,
}

/// The requests the signed-in user's member sent or received, newest first (managers and
/// admins: every request).
#[utoipa::path(get, path = "/api/v1/exchange/requests", tag = "exchange",
    responses(
        (status = 200, description = "The requests", body = RequestList),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Foundation staff have no inbox", content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<RequestList>, AppError> {
    let requests = state.workflow().exchange_requests(&principal).await?;
    Ok(Json(RequestList { requests }))
}

/// Asks the member of a published practice about it (municipality users).
#[utoipa::path(post, path = "/api/v1/practices/{id}/requests", tag = "exchange",
    params(("id" = i64, Path, description = "Practice id")),
    request_body(content = RequestAskBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Sent", body = RequestOut),
        (status = 400, description = "Empty or too long", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such practice", content_type = "application/problem+json"),
        (status = 409, description = "Not published, or the user's own member's", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn ask(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RequestAskBody>,
) -> Result<(StatusCode, Json<RequestOut>), AppError> {
    let request = state
        .workflow()
        .ask_about_practice(&principal, id, &body.message)
        .await?;
    Ok((StatusCode::CREATED, Json(RequestOut(request))))
}

/// One request of the user's member.
#[utoipa::path(get, path = "/api/v1/exchange/requests/{id}", tag = "exchange",
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = RequestOut),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 404, description = "No such request of the user's member", content_type = "application/problem+json")))]
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<RequestOut>, AppError> {
    if principal.user().is_none() {
        return Err(vergleich_service::workflow::unauthenticated().into());
    }
    let request = state.workflow().exchange_request(&principal, id).await?;
    Ok(Json(RequestOut(request)))
}

/// The asked member answers (again: replaces the answer).
#[utoipa::path(post, path = "/api/v1/exchange/requests/{id}/answer", tag = "exchange",
    params(("id" = i64, Path, description = "Request id")),
    request_body(content = RequestAnswerBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Answered", body = RequestOut),
        (status = 400, description = "Empty or too long", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not the asked member's user", content_type = "application/problem+json"),
        (status = 404, description = "No such request of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "Done already", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn answer(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<RequestAnswerBody>,
) -> Result<Json<RequestOut>, AppError> {
    let request = state
        .workflow()
        .answer_request(&principal, id, &body.answer)
        .await?;
    Ok(Json(RequestOut(request)))
}

/// Either side marks a request done.
#[utoipa::path(post, path = "/api/v1/exchange/requests/{id}/close", tag = "exchange",
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "Done", body = RequestOut),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Municipality users only", content_type = "application/problem+json"),
        (status = 404, description = "No such request of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "Done already", content_type = "application/problem+json")))]
pub async fn close(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<RequestOut>, AppError> {
    let request = state.workflow().close_request(&principal, id).await?;
    Ok(Json(RequestOut(request)))
}
