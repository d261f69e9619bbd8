//! The cohort at runtime over HTTP (issue #14 B.3–4), for admins: `POST /api/v1/municipalities`
//! (a municipality with its first period), `PATCH /api/v1/municipalities/{key}`, `POST
//! …/{key}/memberships` (another period) and `PATCH …/{key}/memberships/{id}` (e.g. it left);
//! `GET /api/v1/cohorts` names the cohorts a view can pick with `cohort=`. The rules are
//! `vergleich_service::workflow::cohort_admin`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::{Ags, Cohort};
use vergleich_service::workflow::cohort_admin::{
    MunicipalityPatch, NewMunicipality, PeriodBody, PeriodPatch,
};

use super::catalogue::MunicipalityView;
use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiJson;
use crate::state::AppState;

/// A municipality as stored, with its periods (each with its `id`).
#[derive(Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct MunicipalityOut(MunicipalityView);

fn key_of(raw: &str) -> Result<Ags, AppError> {
    Ags::parse(raw).map_err(|e| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "key",
            raw,
            format!("Kein Gemeindeschlüssel (8 Ziffern, Landkreis 5): {e}"),
            format!("Not a municipality key (8 digits, a Landkreis 5): {e}"),
        )])
    })
}

/// Adds a municipality with its first membership period; every view counts it in the years of
/// that period with the next request.
#[utoipa::path(post, path = "/api/v1/municipalities", tag = "catalogue",
    request_body(content = NewMunicipality, content_type = "application/json"),
    responses(
        (status = 201, description = "Added", body = MunicipalityOut),
        (status = 400, description = "Bad key, state, kind, texts or years (which, why)", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 409, description = "The key exists", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn add_municipality(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<NewMunicipality>,
) -> Result<(StatusCode, Json<MunicipalityOut>), AppError> {
    let m = state.workflow().add_municipality(&principal, body).await?;
    Ok((StatusCode::CREATED, Json(MunicipalityOut(m.into()))))
}

/// Renames a municipality or corrects its kind (key and state stay: they are its identity).
#[utoipa::path(patch, path = "/api/v1/municipalities/{key}", tag = "catalogue",
    params(("key" = String, Path, description = "AGS or district key", pattern = "^([0-9]{5}|[0-9]{8})$")),
    request_body(content = MunicipalityPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = MunicipalityOut),
        (status = 400, description = "Bad name or kind", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such municipality", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn edit_municipality(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MunicipalityPatch>,
) -> Result<Json<MunicipalityOut>, AppError> {
    let key = key_of(&raw)?;
    let m = state
        .workflow()
        .edit_municipality(&principal, &key, body)
        .await?;
    Ok(Json(MunicipalityOut(m.into())))
}

/// Adds a membership period: the municipality joined another named cohort, or came back.
#[utoipa::path(post, path = "/api/v1/municipalities/{key}/memberships", tag = "catalogue",
    params(("key" = String, Path, description = "AGS or district key", pattern = "^([0-9]{5}|[0-9]{8})$")),
    request_body(content = PeriodBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Added; the municipality with all its periods", body = MunicipalityOut),
        (status = 400, description = "Bad cohort name, texts or years", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such municipality", content_type = "application/problem+json"),
        (status = 409, description = "Overlaps another period of the same cohort", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn add_period(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<PeriodBody>,
) -> Result<(StatusCode, Json<MunicipalityOut>), AppError> {
    let key = key_of(&raw)?;
    let m = state.workflow().add_period(&principal, &key, body).await?;
    Ok((StatusCode::CREATED, Json(MunicipalityOut(m.into()))))
}

/// Changes a period: it left (`left`), came earlier (`joined`), or a corrected status, source
/// or note.
#[utoipa::path(patch, path = "/api/v1/municipalities/{key}/memberships/{id}", tag = "catalogue",
    params(
        ("key" = String, Path, description = "AGS or district key", pattern = "^([0-9]{5}|[0-9]{8})$"),
        ("id" = i64, Path, description = "The period's id (GET /api/v1/municipalities)", minimum = 1)),
    request_body(content = PeriodPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed; the municipality with all its periods", body = MunicipalityOut),
        (status = 400, description = "Bad texts or years", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such municipality or period", content_type = "application/problem+json"),
        (status = 409, description = "Would overlap another period of the same cohort", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn edit_period(
    State(state): State<AppState>,
    principal: Principal,
    Path((raw, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<PeriodPatch>,
) -> Result<Json<MunicipalityOut>, AppError> {
    let key = key_of(&raw)?;
    let m = state
        .workflow()
        .edit_period(&principal, &key, id, body)
        .await?;
    Ok(Json(MunicipalityOut(m.into())))
}

/// A named cohort.
#[derive(Serialize, ToSchema)]
pub struct CohortEntry {
    /// For `cohort=` on every view.
    name: String,
    /// Municipalities with at least one period in it.
    municipalities: usize,
    /// The earliest year a period names (none: open from the start).
    first_year: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct CohortList {
    count: usize,
    cohorts: Vec<CohortEntry>,
}

/// The named cohorts; a view counts one with `cohort=…` (default: every member of the year).
#[utoipa::path(get, path = "/api/v1/cohorts", tag = "catalogue",
    responses((status = 200, description = "The named cohorts", body = CohortList)))]
pub async fn cohorts(State(state): State<AppState>) -> Result<Json<CohortList>, AppError> {
    let cohort = Cohort {
        municipalities: state.store.municipalities().await?,
    };
    let cohorts: Vec<CohortEntry> = cohort
        .names()
        .into_iter()
        .map(|(name, municipalities)| {
            let first_year = cohort
                .named(&name)
                .municipalities
                .iter()
                .flat_map(|m| m.memberships.iter().filter_map(|p| p.joined))
                .min();
            CohortEntry {
                name,
                municipalities,
                first_year,
            }
        })
        .collect();
    Ok(Json(CohortList {
        count: cohorts.len(),
        cohorts,
    }))
}
