//! Field scores: `GET /api/v1/field-scores` (every field × every member),
//! and `GET /api/v1/field-scores/{field}` (one field with its components and weights).

use axum::extract::Path;
use axum::response::Response;
use vergleich_domain::FieldId;
use vergleich_service::ErrorDetail;
use vergleich_service::views::scores::{
    FieldChart, all_fields as compute_all, one_field as compute_one,
};
use vergleich_service::views::scores_page::Page;

use super::ViewRequest;
use super::docs::{LookParams, ViewErrors, ViewForms};
use crate::error::AppError;

const SCORE_PARAMS: &[&str] = &[
    "year",
    "group",
    "municipality",
    "k",
    "weights",
    "normalisation",
    "aggregation",
    "min_coverage",
    "limit",
    "offset",
    "chart",
];

/// The members an answer lists (`limit` from `offset`, default 1,000 from 0).
fn page(params: &super::params::Parsed) -> Page {
    Page {
        offset: usize::try_from(params.offset).unwrap_or(usize::MAX),
        limit: usize::try_from(params.limit).unwrap_or(0),
    }
}

pub(super) fn parse_field(raw: &str) -> Result<FieldId, AppError> {
    FieldId::parse(raw).map_err(|err| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "field",
            raw,
            format!("Ungültige Kennung: {err}"),
            format!("Invalid id: {err}"),
        )])
    })
}

/// Field scores of every field of action for every member of the comparison group.
///
/// Each score is the aggregate of the field's normalised indicators with its coverage (reported
/// weight / field weight); below `min_coverage` it is `{"state":"insufficient"}`, never a number.
/// CSV/XLSX: one row per member and field. Chart: heat map members × fields (the whole group).
/// The JSON lists `limit` members from `offset` (1–10,000, default 1,000), in the group's
/// order; `total_members` and `next_offset` (while there is more) say what is left. CSV and
/// XLSX hold every member.
#[utoipa::path(get, path = "/api/v1/field-scores", tag = "comparisons",
    params(
        ("year" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "indicator:weight,… (0–1000; unlisted 1; 0 leaves out)"),
        ("normalisation" = Option<String>, Query, description = "min-max (default), z or rank"),
        ("aggregation" = Option<String>, Query, description = "arithmetic (default) or geometric (needs min-max or rank)"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (0–100, default 60)"),
        ("limit" = Option<i64>, Query, description = "Members per JSON page, 1–10,000 (default 1,000); CSV and XLSX hold every member"),
        ("offset" = Option<i64>, Query, description = "Members to skip", minimum = 0),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn all_fields(view: ViewRequest) -> Result<Response, AppError> {
    let params = view.parse(&SCORE_PARAMS[..10])?;
    let page = page(&params);
    view.serve(params, move |data, q| {
        let mut scores = compute_all(data, q)?;
        scores.page = page;
        Ok(scores.into_view())
    })
    .await
}

/// The scores of one field with their components: each indicator's value, status, normalised
/// value and weight, the indicators left out (context, neutral) and why.
///
/// Chart: `chart=heatmap` (default; members × the field's indicators, min–max 0–100) or
/// `chart=ranking` (the field score per member), always the whole group. The JSON lists
/// `limit` members from `offset` (1–10,000, default 1,000), in the group's order;
/// `total_members` and `next_offset` (while there is more) say what is left. CSV and XLSX
/// hold every member.
#[utoipa::path(get, path = "/api/v1/field-scores/{field}", tag = "comparisons",
    params(
        ("field" = String, Path, description = "Field of action id (GET /api/v1/fields)"),
        ("year" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "indicator:weight,… (0–1000; unlisted 1; 0 leaves out)"),
        ("normalisation" = Option<String>, Query, description = "min-max (default), z or rank"),
        ("aggregation" = Option<String>, Query, description = "arithmetic (default) or geometric"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (0–100, default 60)"),
        ("limit" = Option<i64>, Query, description = "Members per JSON page, 1–10,000 (default 1,000); CSV and XLSX hold every member"),
        ("offset" = Option<i64>, Query, description = "Members to skip", minimum = 0),
        ("chart" = Option<String>, Query, description = "heatmap (default) or ranking"),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn one_field(view: ViewRequest, Path(raw): Path<String>) -> Result<Response, AppError> {
    let id = parse_field(&raw)?;
    let params = view.parse(SCORE_PARAMS)?;
    let chart = params.chart_kind(&[
        ("heatmap", FieldChart::Heatmap),
        ("ranking", FieldChart::Ranking),
    ])?;
    let page = page(&params);
    view.serve(params, move |data, q| {
        let mut scores = compute_one(data, &id, q, chart)?;
        scores.page = page;
        Ok(scores.into_view(q))
    })
    .await
}
