//! The participants' side of a workshop over HTTP: join with the code, cast, read and change
//! one's ballot, and the live results — no account, only the code (and the token for one's
//! own ballot). Wrong codes count against the client's address.

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::selfcheck_workshop::{BallotInput, RatingInput};
use vergleich_store::workshops::{Ballot, Workshop};

use super::{WorkshopOut, WorkshopParams, answer, too_many};
use crate::auth::{ClientAddress, Principal};
use crate::error::{AppError, ErrorCode};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Wrong join codes an address may send before it has to wait.
pub const JOIN_FREE: u32 = 10;

/// The join-code throttle: [`JOIN_FREE`] misses free, then 1 s doubling up to 15 min.
pub fn join_throttle() -> SignInThrottle {
    SignInThrottle::new(
        JOIN_FREE,
        Duration::from_secs(1),
        Duration::from_secs(15 * 60),
    )
}

/// The workshop behind a typed code, counting a wrong or malformed code against the address.
pub async fn join(
    state: &AppState,
    address: ClientAddress,
    code: &str,
) -> Result<Workshop, AppError> {
    let key = address.0.map_or_else(
        || "unknown".to_owned(),
        |ip| crate::ops::rate_limit::network_of(ip).to_string(),
    );
    if let Err(wait) = state.joins.check(&key) {
        let seconds = wait.as_secs().max(1);
        return Err(AppError::new(
            ErrorCode::RateLimited,
            format!("Zu viele falsche Workshop-Codes von dieser Adresse. Bitte in {seconds} s erneut versuchen und den Code von der Folie abschreiben."),
            format!("Too many wrong workshop codes from this address. Retry in {seconds} s, copying the code from the slide."),
        )
        .with_header(header::RETRY_AFTER, HeaderValue::from(seconds)));
    }
    match state.workflow().workshop_by_code(code).await {
        Err(e) if e.code == ErrorCode::NotFound => {
            state.joins.failed(&key);
            Err(e.into())
        }
        other => Ok(other?),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldToRate {
    id: String,
    label_de: String,
    label_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScaleStep {
    code: String,
    label_de: &'static str,
    label_en: &'static str,
}

/// What a participant needs to vote.
#[derive(Debug, Serialize, ToSchema)]
pub struct Joined {
    title: String,
    /// `open` or `closed`.
    state: String,
    fields: Vec<FieldToRate>,
    perspectives: Vec<ScaleStep>,
    scale: Vec<ScaleStep>,
    max_comment: usize,
}

/// Joins a workshop with its code: title, state, the fields to rate, perspectives and scale.
#[utoipa::path(get, path = "/api/v1/workshops/{code}", tag = "selfcheck",
    params(("code" = String, Path, description = "Join code, e.g. KX4P-7QMA (any case, dash optional)")),
    responses(
        (status = 200, description = "The workshop", body = Joined),
        (status = 404, description = "No workshop with this code", content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "application/problem+json")))]
pub async fn joined(
    State(state): State<AppState>,
    address: ClientAddress,
    Path(code): Path<String>,
) -> Result<Json<Joined>, AppError> {
    use vergleich_domain::selfcheck::Answer;
    use vergleich_domain::selfcheck::workshop::{MAX_COMMENT, Perspective};
    let w = join(&state, address, &code).await?;
    let fields = state.workflow().workshop_fields().await?;
    Ok(Json(Joined {
        title: w.title,
        state: w.state.as_str().to_owned(),
        fields: fields
            .into_iter()
            .map(|f| FieldToRate {
                id: f.id.to_string(),
                label_de: f.label_de,
                label_en: f.label_en,
            })
            .collect(),
        perspectives: Perspective::ALL
            .into_iter()
            .map(|p| ScaleStep {
                code: p.code().to_owned(),
                label_de: p.label_de(),
                label_en: p.label_en(),
            })
            .collect(),
        scale: [0, 1, 2, 3]
            .map(Answer::Level)
            .into_iter()
            .chain([Answer::DontKnow, Answer::Skipped])
            .map(|a| ScaleStep {
                code: a.code(),
                label_de: a.label_de(),
                label_en: a.label_en(),
            })
            .collect(),
        max_comment: MAX_COMMENT,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingItem {
    /// Field id, e.g. `zusammenhalt`.
    field: String,
    /// `0`–`3`, `dont_know` or `skipped`.
    answer: String,
    /// What is missing in this field, at most 1,000 characters; shown without who wrote it.
    comment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BallotBody {
    /// `verwaltung`, `politik`, `zivilgesellschaft`, `migrantenorganisation`, `wirtschaft`,
    /// `jugend` or `andere`.
    perspective: String,
    #[schema(max_items = 50)]
    ratings: Vec<RatingItem>,
}

impl BallotBody {
    fn input(self) -> Result<BallotInput, AppError> {
        too_many("ratings", self.ratings.len(), 50)?;
        Ok(BallotInput {
            perspective: self.perspective,
            ratings: self
                .ratings
                .into_iter()
                .map(|r| RatingInput {
                    field: r.field,
                    answer: r.answer,
                    comment: r.comment,
                })
                .collect(),
        })
    }
}

/// A ballot as the API answers it; `token` only when it was just made.
#[derive(Debug, Serialize, ToSchema)]
pub struct BallotOut {
    /// Keep it: with it the ballot can be changed until the workshop closes. Shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    #[schema(value_type = Object)]
    ballot: Ballot,
}

/// Casts a new ballot (one per participant); the answer carries the participant token.
#[utoipa::path(post, path = "/api/v1/workshops/{code}/ballots", tag = "selfcheck",
    params(("code" = String, Path, description = "Join code")),
    request_body(content = BallotBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Cast", body = BallotOut),
        (status = 400, description = "Problems by row; nothing stored", content_type = "application/problem+json"),
        (status = 404, description = "No workshop with this code", content_type = "application/problem+json"),
        (status = 409, description = "Closed, round published, or the ballot cap reached", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "application/problem+json")))]
pub async fn cast(
    State(state): State<AppState>,
    address: ClientAddress,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<BallotBody>,
) -> Result<(StatusCode, Json<BallotOut>), AppError> {
    let w = join(&state, address, &code).await?;
    let (ballot, token, _) = state
        .workflow()
        .cast_ballot(&w, None, &body.input()?)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(BallotOut {
            token: Some(token),
            ballot,
        }),
    ))
}

/// The participant's ballot.
#[utoipa::path(get, path = "/api/v1/workshops/{code}/ballots/{token}", tag = "selfcheck",
    params(("code" = String, Path, description = "Join code"), ("token" = String, Path, description = "Participant token")),
    responses(
        (status = 200, description = "The ballot", body = BallotOut),
        (status = 404, description = "No such workshop or ballot", content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "application/problem+json")))]
pub async fn my_ballot(
    State(state): State<AppState>,
    address: ClientAddress,
    Path((code, token)): Path<(String, String)>,
) -> Result<Json<BallotOut>, AppError> {
    let w = join(&state, address, &code).await?;
    let ballot = state
        .workflow()
        .my_ballot(&w, &token)
        .await?
        .ok_or_else(|| {
            vergleich_service::Error::not_found(
                "Eine Stimme mit diesem Teilnahme-Token in diesem Workshop",
                "a ballot with this participant token in this workshop",
            )
        })?;
    Ok(Json(BallotOut {
        token: None,
        ballot,
    }))
}

/// Changes the participant's ballot until the workshop closes.
#[utoipa::path(put, path = "/api/v1/workshops/{code}/ballots/{token}", tag = "selfcheck",
    params(("code" = String, Path, description = "Join code"), ("token" = String, Path, description = "Participant token")),
    request_body(content = BallotBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = BallotOut),
        (status = 400, description = "Problems by row; nothing stored", content_type = "application/problem+json"),
        (status = 404, description = "No such workshop or ballot", content_type = "application/problem+json"),
        (status = 409, description = "Closed or round published", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "application/problem+json")))]
pub async fn change(
    State(state): State<AppState>,
    address: ClientAddress,
    Path((code, token)): Path<(String, String)>,
    ApiJson(body): ApiJson<BallotBody>,
) -> Result<Json<BallotOut>, AppError> {
    let w = join(&state, address, &code).await?;
    let ballot = state
        .workflow()
        .change_ballot(&w, &token, &body.input()?)
        .await?;
    Ok(Json(BallotOut {
        token: None,
        ballot,
    }))
}

/// The live results of a workshop, for the projector: per field the distribution, median,
/// spread, consensus and the split by perspective; cells under three answers hidden. JSON, CSV,
/// XLSX, SVG or PNG.
#[utoipa::path(get, path = "/api/v1/workshops/{code}/results", tag = "selfcheck",
    params(("code" = String, Path, description = "Join code; add .csv, .xlsx, .svg or .png"), WorkshopParams),
    responses(
        (status = 200, description = "Results", body = WorkshopOut),
        (status = 400, description = "Bad chart or language", content_type = "application/problem+json"),
        (status = 404, description = "No workshop with this code", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "application/problem+json")))]
pub async fn results(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    Path(code): Path<String>,
    format: crate::negotiate::Format,
    crate::extract::ApiQuery(params): crate::extract::ApiQuery<WorkshopParams>,
) -> Result<axum::response::Response, AppError> {
    let w = join(&state, address, &code).await?;
    let view = state.workflow().workshop_view(&principal, &w, true).await?;
    answer(&state, view, format, &params).await
}
