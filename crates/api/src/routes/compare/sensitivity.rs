//! `GET /api/v1/sensitivity/{field}`: the ranks a member's field score takes under other
//! normalisations and with each scored indicator left out.

use axum::extract::{Path, State};
use axum::response::Response;

use super::docs::{ViewErrors, ViewForms};
use super::scores::parse_field;
use super::{ViewParams, serve};
use crate::auth::Principal;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;

/// How stable the ranks of a field score are: each member's rank under min–max, z and rank
/// normalisation and with each scored indicator left out in turn, and its best and worst rank.
/// Chart: heat map members × scenarios, each cell the rank (1 = best).
#[utoipa::path(get, path = "/api/v1/sensitivity/{field}", tag = "comparisons",
    params(
        ("field" = String, Path, description = "Field of action id"),
        ("year" = Option<i32>, Query, description = "Year; default the latest year with data"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "Base weights indicator:weight,…"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (default 60)"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(ViewForms, ViewErrors))]
pub async fn sensitivity(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let id = parse_field(&raw)?;
    let params = params.parse(&[
        "year",
        "group",
        "municipality",
        "k",
        "weights",
        "min_coverage",
    ])?;
    serve(&state, &principal, format, params, move |data, q| {
        Ok(vergleich_service::views::sensitivity::sensitivity(data, &id, q)?.into_view())
    })
    .await
}
