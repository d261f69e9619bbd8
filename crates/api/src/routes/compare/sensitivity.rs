//! `GET /api/v1/sensitivity/{field}`: the ranks a member's field score takes under other
//! normalisations and with each scored indicator left out.

use axum::extract::Path;
use axum::response::Response;

use super::ViewRequest;
use super::docs::{LookParams, ViewErrors, ViewForms};
use super::scores::parse_field;
use crate::error::AppError;

/// How stable the ranks of a field score are: each member's rank under min–max, z and rank
/// normalisation and with each scored indicator left out in turn, and its best and worst rank.
/// Chart: heat map members × scenarios, each cell the rank (1 = best).
#[utoipa::path(get, path = "/api/v1/sensitivity/{field}", tag = "comparisons",
    params(
        ("field" = String, Path, description = "Field of action id"),
        ("year" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "Base weights indicator:weight,…"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (default 60)"),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn sensitivity(view: ViewRequest, Path(raw): Path<String>) -> Result<Response, AppError> {
    let id = parse_field(&raw)?;
    let params = view.parse(&[
        "year",
        "group",
        "municipality",
        "k",
        "weights",
        "min_coverage",
    ])?;
    view.serve(params, move |data, q| {
        Ok(vergleich_service::views::sensitivity::sensitivity(data, &id, q)?.into_view())
    })
    .await
}
