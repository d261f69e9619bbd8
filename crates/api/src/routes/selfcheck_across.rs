//! The Selbstcheck across members over HTTP (issue #12 item 6): one item across the members'
//! latest published rounds, and a member's gaps against the strong members with its change
//! between rounds. Published rounds only; the rules are
//! `vergleich_service::workflow::selfcheck_compare`.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_service::workflow::selfcheck_across::PeersView;
use vergleich_service::workflow::selfcheck_compare::ItemAcross;

use crate::error::{AppError, ErrorCode};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(item))
        .routes(routes!(peers))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ItemParams {
    /// The questionnaire version of the item (default: the newest that has it).
    questionnaire: Option<String>,
    /// `de` (default) or `en`, for CSV and XLSX.
    lang: Option<String>,
}

/// One item across the members' latest published rounds: members per step ("12 von 18
/// Kommunen: umgesetzt und verankert") and each member's median; JSON, CSV or XLSX.
#[utoipa::path(get, path = "/api/v1/selfcheck/items/{item}", tag = "selfcheck",
    params(("item" = String, Path, description = "Item id, e.g. zug-03; add .csv or .xlsx"), ItemParams),
    responses(
        (status = 200, description = "The item across members", body = ItemAcross),
        (status = 400, description = "Bad language", content_type = "application/problem+json"),
        (status = 404, description = "No such item", content_type = "application/problem+json"),
        (status = 406, description = "Only JSON, CSV and XLSX", content_type = "application/problem+json")))]
pub async fn item(
    State(state): State<AppState>,
    Path(item): Path<String>,
    format: Format,
    ApiQuery(params): ApiQuery<ItemParams>,
) -> Result<Response, AppError> {
    let lang = super::concepts::lang_param(params.lang.as_deref())?;
    let id = item.as_str();
    let across = state
        .workflow()
        .selfcheck_item(&state.selfcheck, id, params.questionnaire.as_deref())
        .await?;
    let table = || {
        use vergleich_service::table::{Cell, Column, Table};
        let columns = vec![
            Column::new("Schlüssel", "Key"),
            Column::new("Kommune", "Member"),
            Column::new("Runde", "Round"),
            Column::new("Fragebogen", "Questionnaire"),
            Column::new("Frage", "Item"),
            Column::new("Median", "Median"),
        ];
        let rows = across
            .by_member
            .iter()
            .map(|m| {
                vec![
                    Cell::Text(m.municipality.clone()),
                    Cell::Text(m.name.clone()),
                    Cell::Text(m.round.clone()),
                    Cell::Text(m.questionnaire.clone()),
                    Cell::Text(
                        m.item
                            .clone()
                            .unwrap_or_else(|| "nicht vergleichbar / not comparable".into()),
                    ),
                    m.median.map_or(Cell::Empty, Cell::Number),
                ]
            })
            .collect();
        Table::new(columns, rows)
    };
    let bytes = match format {
        Format::Json => return Ok(Json(across).into_response()),
        Format::Csv => crate::export::to_csv(&table(), lang),
        Format::Xlsx => crate::export::to_xlsx(&table(), lang),
        other => return Err(crate::negotiate::not_acceptable(other.media_type())),
    };
    let bytes = bytes.map_err(|e| {
        let mut err = AppError::new(
            ErrorCode::Internal,
            "Die Tabelle konnte nicht erstellt werden.",
            "The table could not be made.",
        );
        err.source = Some(e.into());
        err
    })?;
    let mut response = (
        [(axum::http::header::CONTENT_TYPE, format.media_type())],
        bytes,
    )
        .into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_DISPOSITION,
        crate::export::content_disposition(&format!("selbstcheck-{id}.{}", format.suffix())),
    );
    Ok(response)
}

/// A member's gaps against the members strong in each field (items they have at least
/// "teilweise umgesetzt" that the member lacks) and its change between its two latest rounds.
#[utoipa::path(get, path = "/api/v1/selfcheck/{municipality}/peers", tag = "selfcheck",
    params(("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel)")),
    responses(
        (status = 200, description = "Gaps and change", body = PeersView),
        (status = 400, description = "Bad key", content_type = "application/problem+json")))]
pub async fn peers(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<PeersView>, AppError> {
    let key = super::parse_key(&raw)?;
    Ok(Json(
        state
            .workflow()
            .selfcheck_peers(&state.selfcheck, &key)
            .await?,
    ))
}
