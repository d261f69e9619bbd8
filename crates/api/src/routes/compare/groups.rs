//! `GET /api/v1/peer-groups/{municipality}`: the comparison group around one member, each member
//! with the reason it counts as similar.

use axum::extract::{Path, State};
use axum::response::Response;
use vergleich_service::GroupChoice;

use super::docs::{ViewErrors, ViewForms};
use super::{ViewParams, serve};
use crate::auth::Principal;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;

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
        ("year" = Option<i32>, Query, description = "Year of the context values; default the latest year with data"),
        ("x" = Option<String>, Query, description = "Chart: context indicator on the x axis (default bevoelkerung)"),
        ("y" = Option<String>, Query, description = "Chart: context indicator on the y axis (default auslaenderanteil)"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(ViewForms, ViewErrors))]
pub async fn peer_group(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let key = super::profile::parse_key(&raw)?;
    let group_given = params.group.is_some();
    let mut params = params.parse(&["group", "k", "year", "x", "y"])?;
    if !group_given {
        params.group = GroupChoice::Neighbours;
    }
    let (x, y) = (params.x.clone(), params.y.clone());
    serve(&state, &principal, format, params, move |data, q| {
        Ok(vergleich_service::views::peers::peers(data, &key, q, x, y)?.into_view())
    })
    .await
}
