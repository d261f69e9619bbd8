//! `GET /api/v1/profiles/{municipality}`: one member's field scores against its peers, with
//! findings (strengths and needs for action) in German and English and the observations behind
//! each.

use axum::extract::Path;
use axum::response::Response;

use super::ViewRequest;
use super::docs::{LookParams, ViewErrors, ViewForms};
use crate::error::AppError;

pub(super) use crate::routes::parse_key;

/// The profile of one member: its score in each field of action against the median and
/// interquartile range of its peers (the group's other members with a score), and at most three
/// strengths (above the peers' Q3) and three needs for action (below Q1), each as a German and an
/// English sentence with the member's observations behind the score. Findings need at least three
/// peers with a score. Chart: radar of the seven fields with the peer band.
#[utoipa::path(get, path = "/api/v1/profiles/{municipality}", tag = "comparisons",
    params(
        ("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel, as text)"),
        ("year" = Option<i32>, Query, description = "Year; default: the latest year in which at least half the members report"),
        ("group" = Option<String>, Query, description = "Peers: cohort (default), kind, state, east-west, size, neighbours (relative to this member)"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "indicator:weight,…"),
        ("normalisation" = Option<String>, Query, description = "min-max (default), z or rank"),
        ("aggregation" = Option<String>, Query, description = "arithmetic (default) or geometric"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (default 60)"),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn profile(view: ViewRequest, Path(raw): Path<String>) -> Result<Response, AppError> {
    let key = parse_key(&raw)?;
    let params = view.parse(&[
        "year",
        "group",
        "k",
        "weights",
        "normalisation",
        "aggregation",
        "min_coverage",
    ])?;
    view.serve(params, move |data, q| {
        Ok(vergleich_service::views::profile::profile(data, &key, q)?.into_view())
    })
    .await
}
