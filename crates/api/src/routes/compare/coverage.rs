//! `GET /api/v1/coverage`: what was reported, as a member × indicator × year matrix with n of N
//! per indicator and year; the matrix rows (one per member and indicator) are paginated.

use axum::response::Response;
use vergleich_service::views::coverage::CoverageFilter;

use super::ViewRequest;
use super::docs::{LookParams, ViewErrors, ViewForms};
use crate::error::AppError;

/// Coverage of the data: for every member of the group, indicator and year whether a value was
/// reported (with its status), is missing (with the reason) or was not reported, and n of N per
/// indicator and year. One matrix row per member and indicator; `limit` (1–10,000, default
/// 1,000) and `offset` page through the rows in JSON, CSV and XLSX (`next_offset` while there is
/// more). Chart: heat map members × years with the share of the selected indicators reported.
#[utoipa::path(get, path = "/api/v1/coverage", tag = "comparisons",
    params(
        ("indicator" = Option<String>, Query, description = "Comma-separated indicator ids (default: all)"),
        ("field" = Option<String>, Query, description = "Only the indicators of this field"),
        ("from" = Option<i32>, Query, description = "First year; default the first year with data"),
        ("to" = Option<i32>, Query, description = "Last year; default: the latest year in which at least half the members report"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("limit" = Option<i64>, Query, description = "Matrix rows per page, 1–10,000 (default 1,000)"),
        ("offset" = Option<i64>, Query, description = "Matrix rows to skip", minimum = 0),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn coverage(view: ViewRequest) -> Result<Response, AppError> {
    let params = view.parse(&[
        "indicator",
        "field",
        "from",
        "to",
        "group",
        "municipality",
        "k",
        "limit",
        "offset",
    ])?;
    let filter = CoverageFilter {
        indicators: params.indicators.clone(),
        field: params.field.clone(),
        limit: usize::try_from(params.limit).unwrap_or(0),
        offset: usize::try_from(params.offset).unwrap_or(usize::MAX),
    };
    view.serve(params, move |data, q| {
        Ok(vergleich_service::views::coverage::coverage(data, q, &filter)?.into_view())
    })
    .await
}
