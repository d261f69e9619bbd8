//! The catalogue at runtime over HTTP (issue #14 B.4), for admins: `POST /api/v1/fields`,
//! `PATCH/DELETE /api/v1/fields/{id}`, `POST /api/v1/indicators`, `PATCH
//! /api/v1/indicators/{id}`, and an indicator's definition versions (`GET` for everyone, `POST`
//! a new one). The rules are `vergleich_service::workflow::catalogue_admin`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vergleich_domain::catalogue_edit::DefinitionChange;
use vergleich_domain::{Field, FieldId, Indicator, IndicatorId, IndicatorKind, Level, Polarity};
use vergleich_service::workflow::catalogue_admin::{FieldPatch, IndicatorPatch};

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiJson;
use crate::state::AppState;

fn bad(parameter: &str, value: &str, de: &str, en: &str) -> AppError {
    AppError::invalid(vec![ErrorDetail::parameter(parameter, value, de, en)])
}

fn field_id(raw: &str, parameter: &str) -> Result<FieldId, AppError> {
    FieldId::parse(raw).map_err(|e| {
        bad(
            parameter,
            raw,
            &format!("Eine ID aus a–z, 0–9 und _: {e}"),
            &format!("An id of a–z, 0–9 and _: {e}"),
        )
    })
}

fn indicator_id(raw: &str, parameter: &str) -> Result<IndicatorId, AppError> {
    IndicatorId::parse(raw).map_err(|e| {
        bad(
            parameter,
            raw,
            &format!("Eine ID aus a–z, 0–9 und _: {e}"),
            &format!("An id of a–z, 0–9 and _: {e}"),
        )
    })
}

/// A field as stored.
#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct FieldOut(Field);

/// An indicator as stored.
#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct IndicatorOut(Indicator);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewField {
    /// `[a-z0-9_]`, at most 40 characters, starting with a letter, e.g. `gesundheit`.
    #[schema(max_length = 40, pattern = "^[a-z][a-z0-9_]{0,39}$")]
    id: String,
    /// 1–99; the order of fields in every view.
    #[schema(minimum = 1, maximum = 99)]
    position: i32,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    label_de: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    label_en: String,
    #[serde(default)]
    #[schema(max_length = 40)]
    short_de: String,
    #[serde(default)]
    #[schema(max_length = 40)]
    short_en: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    description_de: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    description_en: String,
}

/// Adds a field; every view, chart and page shows it with the next request.
#[utoipa::path(post, path = "/api/v1/fields", tag = "catalogue",
    request_body(content = NewField, content_type = "application/json"),
    responses(
        (status = 201, description = "Added", body = FieldOut),
        (status = 400, description = "Bad id or texts (which, why)", content_type = "application/problem+json"),
        (status = 409, description = "The id is taken", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn add_field(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<NewField>,
) -> Result<(StatusCode, Json<FieldOut>), AppError> {
    let field = Field {
        id: field_id(&body.id, "id")?,
        position: body.position,
        label_de: body.label_de.trim().to_owned(),
        label_en: body.label_en.trim().to_owned(),
        short_de: body.short_de.trim().to_owned(),
        short_en: body.short_en.trim().to_owned(),
        description_de: body.description_de.trim().to_owned(),
        description_en: body.description_en.trim().to_owned(),
        archived: false,
    };
    let field = state.workflow().add_field(&principal, field).await?;
    Ok((StatusCode::CREATED, Json(FieldOut(field))))
}

/// What an edit of a field changes (each optional: what is not given stays).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldPatchIn {
    /// 1–99 (`8` or `8.0`).
    #[serde(default, deserialize_with = "crate::extract::integral")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 99)]
    position: Option<i64>,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    label_de: Option<String>,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    label_en: Option<String>,
    #[serde(default)]
    #[schema(max_length = 40)]
    short_de: Option<String>,
    #[serde(default)]
    #[schema(max_length = 40)]
    short_en: Option<String>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    description_de: Option<String>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    description_en: Option<String>,
    /// Archived fields take no new indicators; their data stays.
    #[serde(default)]
    archived: Option<bool>,
}

/// Edits a field's texts, position or archived flag.
#[utoipa::path(patch, path = "/api/v1/fields/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Field id")),
    request_body(content = FieldPatchIn, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = FieldOut),
        (status = 400, description = "Bad texts", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such field", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn edit_field(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<FieldPatchIn>,
) -> Result<Json<FieldOut>, AppError> {
    let id = field_id(&raw, "id")?;
    let position = body
        .position
        .map(|p| {
            i32::try_from(p).map_err(|_| {
                bad(
                    "position",
                    &p.to_string(),
                    "Eine Position von 1 bis 99.",
                    "A position from 1 to 99.",
                )
            })
        })
        .transpose()?;
    let patch = FieldPatch {
        position,
        label_de: body.label_de,
        label_en: body.label_en,
        short_de: body.short_de,
        short_en: body.short_en,
        description_de: body.description_de,
        description_en: body.description_en,
        archived: body.archived,
    };
    let field = state.workflow().edit_field(&principal, &id, patch).await?;
    Ok(Json(FieldOut(field)))
}

/// Deletes a field without indicators (one with indicators is archived instead: 409).
#[utoipa::path(delete, path = "/api/v1/fields/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Field id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such field", content_type = "application/problem+json"),
        (status = 409, description = "It has indicators: archive it", content_type = "application/problem+json")))]
pub async fn delete_field(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = field_id(&raw, "id")?;
    state.workflow().delete_field(&principal, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIndicator {
    /// `[a-z0-9_]`, at most 40 characters, starting with a letter.
    #[schema(max_length = 40, pattern = "^[a-z][a-z0-9_]{0,39}$")]
    id: String,
    /// The field id; none only for context indicators.
    #[serde(default)]
    #[schema(pattern = "^[a-z][a-z0-9_]{0,63}$")]
    field: Option<String>,
    /// `statistic`, `self_check` or `context`.
    #[schema(pattern = "^(statistic|self_check|context)$")]
    kind: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    label_de: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    label_en: String,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    definition_de: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    definition_en: String,
    /// e.g. `%`, `Anzahl`, `Euro je Einwohner`.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    unit: String,
    /// `higher_is_better`, `lower_is_better` or `neutral`.
    #[schema(pattern = "^(higher_is_better|lower_is_better|neutral)$")]
    polarity: String,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    source: String,
    /// `gemeinde`, `kreis` or `kommune`.
    #[schema(pattern = "^(gemeinde|kreis|kommune)$")]
    level: String,
}

impl NewIndicator {
    fn indicator(self) -> Result<Indicator, AppError> {
        let kind = IndicatorKind::parse(&self.kind).ok_or_else(|| {
            bad(
                "kind",
                &self.kind,
                "Die Art ist statistic, self_check oder context.",
                "The kind is statistic, self_check or context.",
            )
        })?;
        let polarity = Polarity::parse(&self.polarity).ok_or_else(|| {
            bad(
                "polarity",
                &self.polarity,
                "Die Polarität ist higher_is_better, lower_is_better oder neutral.",
                "The polarity is higher_is_better, lower_is_better or neutral.",
            )
        })?;
        let level = Level::parse(&self.level).ok_or_else(|| {
            bad(
                "level",
                &self.level,
                "Die Ebene ist gemeinde, kreis oder kommune.",
                "The level is gemeinde, kreis or kommune.",
            )
        })?;
        let field = self
            .field
            .as_deref()
            .filter(|f| !f.is_empty())
            .map(|f| field_id(f, "field"))
            .transpose()?;
        Ok(Indicator {
            id: indicator_id(&self.id, "id")?,
            field,
            kind,
            label_de: self.label_de.trim().to_owned(),
            label_en: self.label_en.trim().to_owned(),
            definition_de: self.definition_de.trim().to_owned(),
            definition_en: self.definition_en.trim().to_owned(),
            unit: self.unit.trim().to_owned(),
            polarity,
            min: self.min,
            max: self.max,
            source: self.source.trim().to_owned(),
            level,
            definition_version: 1,
        })
    }
}

/// Adds an indicator (definition version 1); uploads may name it at once.
#[utoipa::path(post, path = "/api/v1/indicators", tag = "catalogue",
    request_body(content = NewIndicator, content_type = "application/json"),
    responses(
        (status = 201, description = "Added", body = IndicatorOut),
        (status = 400, description = "Bad id, unit, polarity or range (which, why)", content_type = "application/problem+json"),
        (status = 404, description = "Unknown field", content_type = "application/problem+json"),
        (status = 409, description = "The id is taken, or the field is archived", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn add_indicator(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<NewIndicator>,
) -> Result<(StatusCode, Json<IndicatorOut>), AppError> {
    let indicator = state
        .workflow()
        .add_indicator(&principal, body.indicator()?)
        .await?;
    Ok((StatusCode::CREATED, Json(IndicatorOut(indicator))))
}

/// Edits an indicator's labels, definition wording and source (no new version).
#[utoipa::path(patch, path = "/api/v1/indicators/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Indicator id")),
    request_body(content = IndicatorPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = IndicatorOut),
        (status = 400, description = "Bad texts", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such indicator", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn edit_indicator(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiJson(patch): ApiJson<IndicatorPatch>,
) -> Result<Json<IndicatorOut>, AppError> {
    let id = indicator_id(&raw, "id")?;
    let indicator = state
        .workflow()
        .edit_indicator(&principal, &id, patch)
        .await?;
    Ok(Json(IndicatorOut(indicator)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DefinitionList {
    #[schema(value_type = Vec<Object>)]
    versions: Vec<vergleich_domain::catalogue_edit::DefinitionVersion>,
}

/// An indicator's definition versions, oldest first: where its time series breaks, and why.
#[utoipa::path(get, path = "/api/v1/indicators/{id}/definitions", tag = "catalogue",
    params(("id" = String, Path, description = "Indicator id")),
    responses(
        (status = 200, description = "The versions", body = DefinitionList),
        (status = 400, description = "Not an id", content_type = "application/problem+json"),
        (status = 404, description = "No such indicator", content_type = "application/problem+json")))]
pub async fn definitions(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<DefinitionList>, AppError> {
    let id = indicator_id(&raw, "id")?;
    let versions = state.workflow().definition_versions(&id).await?;
    Ok(Json(DefinitionList { versions }))
}

/// A new definition of an indicator: its texts, the day it applies from, what changed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DefinitionIn {
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    definition_de: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    definition_en: String,
    /// The first day values follow it (YYYY-MM-DD); after the last version's (else 409).
    valid_from: chrono::NaiveDate,
    /// What changed (shown at the break in charts, tables and exports).
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    note_de: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    note_en: String,
}

/// A new definition version, valid from a day after the last one, with a note on what changed.
#[utoipa::path(post, path = "/api/v1/indicators/{id}/definitions", tag = "catalogue",
    params(("id" = String, Path, description = "Indicator id")),
    request_body(content = DefinitionIn, content_type = "application/json"),
    responses(
        (status = 201, description = "The indicator with its new version", body = IndicatorOut),
        (status = 400, description = "Missing texts", content_type = "application/problem+json"),
        (status = 409, description = "A day not after the last version's: a version never goes back", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Admins only", content_type = "application/problem+json"),
        (status = 404, description = "No such indicator", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn change_definition(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<DefinitionIn>,
) -> Result<(StatusCode, Json<IndicatorOut>), AppError> {
    let id = indicator_id(&raw, "id")?;
    let change = DefinitionChange {
        definition_de: body.definition_de,
        definition_en: body.definition_en,
        valid_from: body.valid_from,
        note_de: body.note_de,
        note_en: body.note_en,
    };
    let indicator = state
        .workflow()
        .change_definition(&principal, &id, change)
        .await?;
    Ok((StatusCode::CREATED, Json(IndicatorOut(indicator))))
}
