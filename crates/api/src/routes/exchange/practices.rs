//! Praxisbeispiele over HTTP (issue #14 A.1): list, read, write a draft, hand it in, review,
//! withdraw. The rules are `vergleich_service::workflow::practices`; these handlers read the
//! request and answer JSON.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vergleich_domain::exchange::{Link, MeasureRef, PracticeContent, PracticeState};
use vergleich_domain::{FieldId, IndicatorId};
use vergleich_store::practices::{Practice, PracticeFilter};

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// A stored practice as the API answers it (the contact only to signed-in users).
#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct PracticeOut(Practice);

#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeList {
    #[schema(value_type = Vec<Object>)]
    practices: Vec<Practice>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkIn {
    #[schema(max_length = 200)]
    label: String,
    /// A web address starting with https:// or http://.
    #[schema(max_length = 500, pattern = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$")]
    url: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureIn {
    /// The label of the member's concept version, e.g. `2022`.
    #[schema(min_length = 1, max_length = 40, pattern = "\\S")]
    concept: String,
    /// The measure's id in that concept.
    #[serde(deserialize_with = "crate::extract::integral_required")]
    #[schema(value_type = i64, minimum = 1)]
    measure: i64,
}

/// A practice's content, as a whole (an edit replaces all of it).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeIn {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    title: String,
    /// Field ids, the main field first (1 to 7).
    #[schema(min_items = 1, max_items = 7, value_type = Vec<FieldIdSchema>)]
    fields: Vec<String>,
    #[serde(default, deserialize_with = "crate::extract::integral")]
    #[schema(value_type = Option<i64>, minimum = 1990, maximum = 2100)]
    period_from: Option<i64>,
    /// Empty: ongoing.
    #[serde(default, deserialize_with = "crate::extract::integral")]
    #[schema(value_type = Option<i64>, minimum = 1990, maximum = 2100)]
    period_to: Option<i64>,
    /// Starting situation (Ausgangslage).
    #[serde(default)]
    #[schema(max_length = 4000)]
    ausgangslage: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    ziele: String,
    /// Approach and who took part (Vorgehen).
    #[serde(default)]
    #[schema(max_length = 4000)]
    vorgehen: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    ergebnisse: String,
    /// What it cost and how it was funded.
    #[serde(default)]
    #[schema(max_length = 4000)]
    kosten: String,
    /// What another member needs to copy it.
    #[serde(default)]
    #[schema(max_length = 4000)]
    transfer: String,
    #[serde(default)]
    #[schema(max_items = 10)]
    links: Vec<LinkIn>,
    /// Indicator ids.
    #[serde(default)]
    #[schema(max_items = 10, value_type = Vec<FieldIdSchema>)]
    indicators: Vec<String>,
    /// A role address (shown to signed-in users only), e.g. "Integrationsbeauftragte/r".
    #[serde(default)]
    #[schema(max_length = 200)]
    contact: Option<String>,
    #[serde(default)]
    measure: Option<MeasureIn>,
}

/// A catalogue id in a body (`[a-z][a-z0-9_]{0,63}`).
#[derive(ToSchema)]
#[schema(pattern = "^[a-z][a-z0-9_]{0,63}$")]
pub struct FieldIdSchema(#[allow(dead_code)] String);

fn bad(parameter: &str, value: &str, de: &str, en: &str) -> AppError {
    AppError::invalid(vec![ErrorDetail::parameter(parameter, value, de, en)])
}

fn year(parameter: &str, value: Option<i64>) -> Result<Option<i32>, AppError> {
    value
        .map(|y| {
            i32::try_from(y).map_err(|_| {
                bad(
                    parameter,
                    &y.to_string(),
                    "Ein Jahr wie 2021.",
                    "A year such as 2021.",
                )
            })
        })
        .transpose()
}

impl PracticeIn {
    /// The domain's content; unknown ids are 400s naming where (the rules are checked later).
    pub fn content(self) -> Result<PracticeContent, AppError> {
        let fields = self
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                FieldId::parse(f).map_err(|e| {
                    bad(
                        &format!("fields[{i}]"),
                        f,
                        &format!("Keine Feld-ID: {e}"),
                        &format!("Not a field id: {e}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let indicators = self
            .indicators
            .iter()
            .enumerate()
            .map(|(i, f)| {
                IndicatorId::parse(f).map_err(|e| {
                    bad(
                        &format!("indicators[{i}]"),
                        f,
                        &format!("Keine Indikator-ID: {e}"),
                        &format!("Not an indicator id: {e}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PracticeContent {
            title: self.title,
            fields,
            period_from: year("period_from", self.period_from)?,
            period_to: year("period_to", self.period_to)?,
            ausgangslage: self.ausgangslage,
            ziele: self.ziele,
            vorgehen: self.vorgehen,
            ergebnisse: self.ergebnisse,
            kosten: self.kosten,
            transfer: self.transfer,
            links: self
                .links
                .into_iter()
                .map(|l| Link {
                    label: l.label,
                    url: l.url,
                })
                .collect(),
            indicators,
            contact: self.contact.filter(|c| !c.trim().is_empty()),
            measure: self.measure.map(|m| MeasureRef {
                concept: m.concept,
                measure: m.measure,
            }),
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeCreateBody {
    /// The member the practice is of (a municipality user's own).
    #[schema(pattern = "^[0-9]{5}(?:[0-9]{3})?$")]
    municipality: String,
    practice: PracticeIn,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// One member's practices only (key).
    municipality: Option<String>,
    /// One state only: draft, submitted, published, rejected (others than published only as
    /// far as the reader may see them).
    state: Option<String>,
}

/// Practices this reader may see, newest change first: published ones for everyone, the
/// member's own at every stage for its users, every one for managers and admins.
#[utoipa::path(get, path = "/api/v1/practices", tag = "exchange",
    params(ListParams),
    responses(
        (status = 200, description = "The practices", body = PracticeList),
        (status = 400, description = "Bad parameter", content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<PracticeList>, AppError> {
    let municipality = params
        .municipality
        .as_deref()
        .filter(|m| !m.is_empty())
        .map(crate::routes::parse_key)
        .transpose()?;
    let states = match params.state.as_deref().filter(|s| !s.is_empty()) {
        None => Vec::new(),
        Some(s) => vec![PracticeState::parse(s).ok_or_else(|| {
            bad(
                "state",
                s,
                "Der Stand ist draft, submitted, published oder rejected.",
                "The state is draft, submitted, published or rejected.",
            )
        })?],
    };
    let filter = PracticeFilter {
        municipality,
        states,
    };
    let practices = state.workflow().practices(&principal, &filter).await?;
    Ok(Json(PracticeList { practices }))
}

/// One practice (404 for a draft the reader may not see).
#[utoipa::path(get, path = "/api/v1/practices/{id}", tag = "exchange",
    params(("id" = i64, Path, description = "Practice id")),
    responses(
        (status = 200, description = "The practice", body = PracticeOut),
        (status = 404, description = "No such practice for this reader", content_type = "application/problem+json")))]
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<PracticeOut>, AppError> {
    let practice = state.workflow().practice(&principal, id).await?;
    Ok(Json(PracticeOut(practice)))
}

/// Starts a draft (the member's users, managers, admins); checked against the catalogue.
#[utoipa::path(post, path = "/api/v1/practices", tag = "exchange",
    request_body(content = PracticeCreateBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored as a draft", body = PracticeOut),
        (status = 400, description = "Rules broken (which field, why)", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not this member's user", content_type = "application/problem+json"),
        (status = 404, description = "Unknown member", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<PracticeCreateBody>,
) -> Result<(StatusCode, Json<PracticeOut>), AppError> {
    let key = crate::routes::parse_key(&body.municipality)?;
    let content = body.practice.content()?;
    let practice = state
        .workflow()
        .create_practice(&principal, &key, content)
        .await?;
    Ok((StatusCode::CREATED, Json(PracticeOut(practice))))
}

/// Replaces a draft's (or sent-back practice's) content as a whole.
#[utoipa::path(put, path = "/api/v1/practices/{id}", tag = "exchange",
    params(("id" = i64, Path, description = "Practice id")),
    request_body(content = PracticeIn, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored", body = PracticeOut),
        (status = 400, description = "Rules broken", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not this member's user", content_type = "application/problem+json"),
        (status = 404, description = "No such practice for this reader", content_type = "application/problem+json"),
        (status = 409, description = "Submitted or published: not editable", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn edit(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<PracticeIn>,
) -> Result<Json<PracticeOut>, AppError> {
    let content = body.content()?;
    let practice = state
        .workflow()
        .edit_practice(&principal, id, content)
        .await?;
    Ok(Json(PracticeOut(practice)))
}

/// Hands a complete draft in for review.
#[utoipa::path(post, path = "/api/v1/practices/{id}/submit", tag = "exchange",
    params(("id" = i64, Path, description = "Practice id")),
    responses(
        (status = 200, description = "Submitted", body = PracticeOut),
        (status = 400, description = "Incomplete (which section)", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not this member's user", content_type = "application/problem+json"),
        (status = 404, description = "No such practice for this reader", content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", content_type = "application/problem+json")))]
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<PracticeOut>, AppError> {
    let practice = state.workflow().submit_practice(&principal, id).await?;
    Ok(Json(PracticeOut(practice)))
}

/// Takes a submitted or published practice back to a draft.
#[utoipa::path(post, path = "/api/v1/practices/{id}/withdraw", tag = "exchange",
    params(("id" = i64, Path, description = "Practice id")),
    responses(
        (status = 200, description = "A draft again", body = PracticeOut),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not this member's user", content_type = "application/problem+json"),
        (status = 404, description = "No such practice for this reader", content_type = "application/problem+json"),
        (status = 409, description = "A draft already", content_type = "application/problem+json")))]
pub async fn withdraw(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<PracticeOut>, AppError> {
    let practice = state.workflow().withdraw_practice(&principal, id).await?;
    Ok(Json(PracticeOut(practice)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeReviewBody {
    /// `publish` or `reject`.
    decision: PracticeDecision,
    /// Required when sending back: what is missing or should change.
    #[serde(default)]
    #[schema(max_length = 2000)]
    comment: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PracticeDecision {
    Publish,
    Reject,
}

/// A manager's decision on a submitted practice.
#[utoipa::path(post, path = "/api/v1/practices/{id}/review", tag = "exchange",
    params(("id" = i64, Path, description = "Practice id")),
    request_body(content = PracticeReviewBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Published or sent back", body = PracticeOut),
        (status = 400, description = "Sending back without a comment", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Managers and admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such practice", content_type = "application/problem+json"),
        (status = 409, description = "Not submitted", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn review(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<PracticeReviewBody>,
) -> Result<Json<PracticeOut>, AppError> {
    let publish = matches!(body.decision, PracticeDecision::Publish);
    let practice = state
        .workflow()
        .review_practice(&principal, id, publish, body.comment)
        .await?;
    Ok(Json(PracticeOut(practice)))
}
