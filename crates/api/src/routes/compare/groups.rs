//! `GET /api/v1/peer-groups/{municipality}`: the comparison group around one member, each member
//! with the reason it counts as similar.

use axum::extract::Path;
use axum::response::Response;
use vergleich_service::GroupChoice;

use super::ViewRequest;
use super::docs::{LookParams, ViewErrors, ViewForms};
use crate::error::AppError;

/// The peer group of one member and why each member belongs: same kind, state, east/west or
/// size class, or the k nearest neighbours on the standardised context indicators (population,
/// density, share of foreign residents, population change) with each neighbour's distance and
/// context values. Chart: scatter of two context indicators (`x`, `y`; default population and
/// share of foreign residents) over the whole cohort with the group's members highlighted.
#[utoipa::path(get, path = "/api/v1/peer-groups/{municipality}", tag = "comparisons",
    params(
        ("municipality" = String, Path, description = "Key of the focus member"),
        ("group" = Option<String>, Query, description = "neighbours (default), kind, state, east-west, size or cohort"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours (1–34, default 5)"),
        ("year" = Option<i32>, Query, description = "Year of the context values; default: the latest year in which at least half the members report"),
        ("x" = Option<String>, Query, description = "Chart: context indicator on the x axis (default bevoelkerung)"),
        ("y" = Option<String>, Query, description = "Chart: context indicator on the y axis (default auslaenderanteil)"),
        LookParams,
    ),
    responses(ViewForms, ViewErrors))]
pub async fn peer_group(view: ViewRequest, Path(raw): Path<String>) -> Result<Response, AppError> {
    let key = super::profile::parse_key(&raw)?;
    let mut params = view.parse(&["group", "k", "year", "x", "y"])?;
    if !params.given.contains_key("group") {
        params.group = GroupChoice::Neighbours;
    }
    let (x, y) = (params.x.clone(), params.y.clone());
    view.serve(params, move |data, q| {
        Ok(vergleich_service::views::peers::peers(data, &key, q, x, y)?.into_view())
    })
    .await
}
