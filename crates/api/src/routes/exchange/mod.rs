//! Exchange between members over HTTP (issue #14 A): practices, the search across practices and
//! measures, a member's learning partners, and exchange requests.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::FieldId;
use vergleich_domain::{SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN};
use vergleich_service::views::partners::{LearningPartners, learning_partners};
use vergleich_service::workflow::exchange_index::{Entry, EntryKind, SearchQuery};

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiQuery;
use crate::state::AppState;

pub mod practices;
pub mod requests;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(practices::list, practices::create))
        .routes(routes!(practices::one, practices::edit))
        .routes(routes!(practices::submit))
        .routes(routes!(practices::withdraw))
        .routes(routes!(practices::review))
        .routes(routes!(search))
        .routes(routes!(partners))
        .routes(routes!(requests::list))
        .routes(routes!(requests::ask))
        .routes(routes!(requests::one))
        .routes(routes!(requests::answer))
        .routes(routes!(requests::close))
}

/// Longest search text, in characters.
pub const MAX_QUERY: usize = 100;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find (case-, umlaut- and inflection-insensitive; every word must occur).
    q: Option<String>,
    /// One Handlungsfeld only (field id).
    field: Option<String>,
    /// One member only (key).
    municipality: Option<String>,
    /// `practice` or `measure` only.
    kind: Option<String>,
}

fn bad(parameter: &str, value: &str, de: &str, en: &str) -> AppError {
    AppError::invalid(vec![ErrorDetail::parameter(parameter, value, de, en)])
}

impl SearchParams {
    pub fn new(
        q: Option<String>,
        field: Option<String>,
        municipality: Option<String>,
        kind: Option<String>,
    ) -> Self {
        Self {
            q,
            field,
            municipality,
            kind,
        }
    }

    /// The query, with every parameter checked (unknown field or member: 400 / 404).
    pub fn query(&self, fields: &[vergleich_domain::Field]) -> Result<SearchQuery, AppError> {
        let text = self.q.clone().unwrap_or_default();
        if text.chars().count() > MAX_QUERY {
            return Err(bad(
                "q",
                "",
                &format!("Der Suchtext hat höchstens {MAX_QUERY} Zeichen."),
                &format!("The search text has at most {MAX_QUERY} characters."),
            ));
        }
        let field = match self.field.as_deref().filter(|f| !f.is_empty()) {
            None => None,
            Some(f) => {
                let id = FieldId::parse(f)
                    .ok()
                    .filter(|id| fields.iter().any(|x| &x.id == id))
                    .ok_or_else(|| {
                        AppError::from(vergleich_service::Error::unknown_field("field", f))
                    })?;
                Some(id)
            }
        };
        let member = self
            .municipality
            .as_deref()
            .filter(|m| !m.is_empty())
            .map(crate::routes::parse_key)
            .transpose()?;
        let kind = match self.kind.as_deref().filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => Some(EntryKind::parse(k).ok_or_else(|| {
                bad(
                    "kind",
                    k,
                    "Die Art ist practice oder measure.",
                    "The kind is practice or measure.",
                )
            })?),
        };
        Ok(SearchQuery {
            text,
            field,
            member,
            kind,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchOut {
    /// Hits, best first.
    hits: Vec<Entry>,
    /// Set when any hit is demo content.
    notice: Option<String>,
}

/// Searches published practices and the measures of members' current published concepts.
#[utoipa::path(get, path = "/api/v1/exchange/search", tag = "exchange",
    params(SearchParams),
    responses(
        (status = 200, description = "Hits, best first", body = SearchOut),
        (status = 400, description = "Bad parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown field", content_type = "application/problem+json")))]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchOut>, AppError> {
    let workflow = state.workflow();
    let query = params.query(&state.store.fields().await?)?;
    let index = workflow.exchange_index_cached(&state.exchange).await?;
    let hits: Vec<Entry> = index.search(&query).into_iter().cloned().collect();
    let notice = hits
        .iter()
        .any(|h| h.synthetic)
        .then(|| format!("{SYNTHETIC_LABEL_DE} / {SYNTHETIC_LABEL_EN}"));
    Ok(Json(SearchOut { hits, notice }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PartnerParams {
    /// The year (default: the latest with data).
    #[param(minimum = 1990, maximum = 2100)]
    year: Option<i32>,
}

/// A member's needs for action, each with the members strong there and what they published.
#[utoipa::path(get, path = "/api/v1/exchange/{municipality}", tag = "exchange",
    params(("municipality" = String, Path, description = "Key of the member"), PartnerParams),
    responses(
        (status = 200, description = "Needs and learning partners", body = LearningPartners),
        (status = 400, description = "Bad parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown member or year without data", content_type = "application/problem+json")))]
pub async fn partners(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<PartnerParams>,
) -> Result<Json<LearningPartners>, AppError> {
    let key = crate::routes::parse_key(&raw)?;
    Ok(Json(
        partners_of(&state, &principal, key, params.year).await?,
    ))
}

/// The learning partners on the published data (what every reader shares), computed off the
/// async workers.
pub async fn partners_of(
    state: &AppState,
    _principal: &Principal,
    key: vergleich_domain::Ags,
    year: Option<i32>,
) -> Result<LearningPartners, vergleich_service::Error> {
    let index = state
        .workflow()
        .exchange_index_cached(&state.exchange)
        .await?;
    let data = crate::snapshots::view_data(state, vergleich_store::Visibility::Published).await?;
    state
        .work
        .run(move || learning_partners(&data, &index, &key, year))
        .await
        .map_err(|e| vergleich_service::Error::internal(anyhow::anyhow!("stopped: {e}")))?
}
