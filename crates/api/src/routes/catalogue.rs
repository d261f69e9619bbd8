//! The catalogue and the cohort: `GET /api/v1/fields`, `/indicators`, `/municipalities`.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use vergleich_domain::{Field, FieldId, Indicator, Membership, Municipality};

use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiQuery;
use crate::state::AppState;

#[derive(Serialize)]
pub struct FieldList {
    count: usize,
    fields: Vec<Field>,
}

/// The seven fields of action (and any added later), in order.
#[utoipa::path(get, path = "/api/v1/fields", tag = "catalogue",
    responses((status = 200, description = "Fields of action", content_type = "application/json")))]
pub async fn fields(State(state): State<AppState>) -> Result<Json<FieldList>, AppError> {
    let fields = state.store.fields().await?;
    Ok(Json(FieldList {
        count: fields.len(),
        fields,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorParams {
    field: Option<String>,
}

#[derive(Serialize)]
pub struct IndicatorList {
    count: usize,
    indicators: Vec<Indicator>,
}

/// The indicator catalogue: labels, definitions, unit, polarity, range, source, level, version.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "catalogue",
    params(("field" = Option<String>, Query, description = "Only this field's indicators, e.g. `arbeit`")),
    responses((status = 200, description = "Indicators", content_type = "application/json"),
        (status = 400, description = "Unknown field", content_type = "application/problem+json")))]
pub async fn indicators(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<IndicatorParams>,
) -> Result<Json<IndicatorList>, AppError> {
    let field = params
        .field
        .as_deref()
        .map(|raw| {
            FieldId::parse(raw).map_err(|err| {
                AppError::invalid(vec![ErrorDetail::parameter(
                    "field",
                    raw,
                    format!(
                        "Unbekanntes Handlungsfeld; gültig sind die ids aus /api/v1/fields ({err})."
                    ),
                    format!("Unknown field; use an id from /api/v1/fields ({err})."),
                )])
            })
        })
        .transpose()?;
    let indicators: Vec<Indicator> = state
        .store
        .indicators()
        .await?
        .into_iter()
        .filter(|i| field.is_none() || i.field == field)
        .collect();
    Ok(Json(IndicatorList {
        count: indicators.len(),
        indicators,
    }))
}

/// A membership with its status spelled out, so no client shows a placeholder as a participant.
#[derive(Serialize)]
struct MembershipView {
    #[serde(flatten)]
    membership: Membership,
    status_label_de: &'static str,
    status_label_en: &'static str,
}

#[derive(Serialize)]
pub(crate) struct MunicipalityView {
    key: String,
    name: String,
    state: &'static str,
    east: bool,
    kind: &'static str,
    kind_label_de: &'static str,
    kind_label_en: &'static str,
    memberships: Vec<MembershipView>,
}

impl From<Municipality> for MunicipalityView {
    fn from(m: Municipality) -> Self {
        Self {
            key: m.key.to_string(),
            name: m.name,
            state: m.state.as_str(),
            east: m.state.is_east(),
            kind: m.kind.as_str(),
            kind_label_de: m.kind.label_de(),
            kind_label_en: m.kind.label_en(),
            memberships: m
                .memberships
                .into_iter()
                .map(|membership| MembershipView {
                    status_label_de: membership.status.label_de(),
                    status_label_en: membership.status.label_en(),
                    membership,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct MunicipalityList {
    count: usize,
    municipalities: Vec<MunicipalityView>,
}

/// The cohort: keys, names, state, kind and membership status.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "catalogue",
    responses((status = 200, description = "Members of the cohort", content_type = "application/json")))]
pub async fn municipalities(
    State(state): State<AppState>,
) -> Result<Json<MunicipalityList>, AppError> {
    let municipalities: Vec<MunicipalityView> = state
        .store
        .municipalities()
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(MunicipalityList {
        count: municipalities.len(),
        municipalities,
    }))
}
