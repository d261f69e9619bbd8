//! `GET /api/v1/comparisons/{indicator}` (one indicator across the comparison group) and
//! `GET /api/v1/scatter` (two indicators against each other).

use axum::extract::Path;
use axum::response::Response;
use vergleich_domain::IndicatorId;
use vergleich_service::ErrorDetail;
use vergleich_service::views::comparison::{
    ComparisonChart, comparison as compute, scatter as compute_scatter,
};

use super::ViewRequest;
use super::docs::{LookParams, ViewErrors, ViewForms};
use crate::error::AppError;

const COMPARISON_PARAMS: &[&str] = &["year", "group", "municipality", "k", "chart"];

pub(super) fn parse_indicator(raw: &str) -> Result<IndicatorId, AppError> {
    IndicatorId::parse(raw).map_err(|err| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "indicator",
            raw,
            format!("Ungültige Indikator-Kennung: {err}"),
            format!("Invalid indicator id: {err}"),
        )])
    })
}

/// One indicator in one year across the comparison group.
///
/// Per member: value, status, reason for missing, rank (ties share the better rank), mid-rank
/// percentile, z-score, min–max score 0–100 (polarity applied: higher is always better),
/// distance to the group median (percentage points for rates) and quartile position; for the
/// group: n of N reported, minimum, quartiles, median, maximum and mean. Chart: ranking bar
/// chart, or `chart=dot-plot` (every member on one axis with the group's interquartile band).
/// Forms: `.json`, `.csv`, `.xlsx`, `.svg`, `.png` (suffix or `Accept`).
#[utoipa::path(get, path = "/api/v1/comparisons/{indicator}", tag = "comparisons",
    params(
        ("indicator" = String, Path, description = "Indicator id (GET /api/v1/indicators); a suffix .json|.csv|.xlsx|.svg|.png picks the form"),
        ("year" = Option<i32>, Query, description = "Year (1990–2100); default: the latest year in which at least half the members report"),
        ("group" = Option<String>, Query, description = "Comparison group: cohort (default), kind, state, east-west, size, neighbours; all but cohort relative to the first `municipality`"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("chart" = Option<String>, Query, description = "Chart kind for .svg/.png: ranking (default) or dot-plot"),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn comparison(view: ViewRequest, Path(raw): Path<String>) -> Result<Response, AppError> {
    let id = parse_indicator(&raw)?;
    let params = view.parse(COMPARISON_PARAMS)?;
    let chart = params.chart_kind(&[
        ("ranking", ComparisonChart::Ranking),
        ("dot-plot", ComparisonChart::DotPlot),
    ])?;
    view.serve(params, move |data, q| {
        Ok(compute(data, &id, q, chart)?.into_view(q))
    })
    .await
}

/// Two indicators against each other in one year: one point per member of the group.
///
/// JSON/CSV/XLSX: the points (both values with status; a member without one of them has no
/// point in the chart). Chart: scatter with labelled points, the `municipality` members
/// highlighted.
#[utoipa::path(get, path = "/api/v1/scatter", tag = "comparisons",
    params(
        ("x" = String, Query, description = "Indicator id on the x axis (required)"),
        ("y" = String, Query, description = "Indicator id on the y axis (required)"),
        ("year" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn scatter(view: ViewRequest) -> Result<Response, AppError> {
    let params = view.parse(&["x", "y", "year", "group", "municipality", "k"])?;
    let (Some(x_id), Some(y_id)) = (params.x.clone(), params.y.clone()) else {
        let missing = if params.x.is_none() { "x" } else { "y" };
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            missing,
            "",
            "Pflichtparameter: x und y (Indikator-Kennungen).",
            "Required: x and y (indicator ids).",
        )]));
    };
    view.serve(params, move |data, q| {
        Ok(compute_scatter(data, &x_id, &y_id, q)?.into_view(q))
    })
    .await
}
