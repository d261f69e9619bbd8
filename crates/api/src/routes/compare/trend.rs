//! `GET /api/v1/trends/{indicator}`: one indicator over the years for the members asked for,
//! with changes against the previous year and a base year and the group median per year.

use axum::extract::Path;
use axum::response::Response;

use super::ViewRequest;
use super::docs::{LookParams, ViewErrors, ViewForms};
use crate::error::AppError;

/// One indicator over a window of years: per member the series (value and status), the change
/// against the previous year and against the base year (percentage points for rates), and the
/// least-squares slope per year; per year the group median and n reported. `like_for_like=true`
/// keeps only members with a value in every year of the window and the base year (the others are
/// listed as excluded). Chart: time series of the listed members (all when none is listed); a
/// missing year breaks the line.
#[utoipa::path(get, path = "/api/v1/trends/{indicator}", tag = "comparisons",
    params(
        ("indicator" = String, Path, description = "Indicator id"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to show (default: every member of the group); the first is the focus of a relative group"),
        ("from" = Option<i32>, Query, description = "First year; default the first year with data"),
        ("to" = Option<i32>, Query, description = "Last year; default: the latest year in which at least half the members report"),
        ("base" = Option<i32>, Query, description = "Base year of the change; default `from`"),
        ("like_for_like" = Option<bool>, Query, description = "true: only members with data in every year"),
        ("group" = Option<String>, Query, description = "Group of the medians: cohort (default), kind, state, east-west, size, neighbours"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn trend(view: ViewRequest, Path(raw): Path<String>) -> Result<Response, AppError> {
    let id = super::comparison::parse_indicator(&raw)?;
    let params = view.parse(&[
        "municipality",
        "from",
        "to",
        "base",
        "like_for_like",
        "group",
        "k",
    ])?;
    view.serve(params, move |data, q| {
        Ok(vergleich_service::views::trend::trend(data, &id, q)?.into_view())
    })
    .await
}
