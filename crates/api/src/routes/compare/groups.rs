//! `GET /api/v1/peer-groups/{municipality}`: the comparison group around one member, each member
//! with the reason it counts as similar.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use vergleich_analysis::PeerGroup;
use vergleich_domain::{Ags, IndicatorId, IndicatorKind};

use super::{Output, View, ViewParams, group_of, indicator, json, serve, year_of};
use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::export::{Cell, Column, Table};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;
use crate::views::{ChartLook, GroupChoice};

/// Context indicators of the chart unless `x`/`y` say otherwise.
const DEFAULT_X: &str = "bevoelkerung";
const DEFAULT_Y: &str = "auslaenderanteil";

#[derive(Serialize)]
struct Body<'a> {
    focus: &'a Ags,
    year: i32,
    peer_group: &'a PeerGroup,
}

fn table(group: &PeerGroup, context: &[IndicatorId], de: bool) -> Table {
    let mut columns = vec![
        Column::new("Schlüssel", "key"),
        Column::new("Name", "name"),
        Column::new("Grund", "reason"),
        Column::new("Abstand", "distance"),
    ];
    columns.extend(context.iter().map(|c| Column::new(c.as_str(), c.as_str())));
    let rows = group
        .members
        .iter()
        .map(|m| {
            let mut row = vec![
                Cell::text(m.key.as_str()),
                Cell::text(&m.name),
                Cell::text(if de { &m.reason_de } else { &m.reason_en }),
                Cell::number(m.distance),
            ];
            row.extend(context.iter().map(|c| {
                Cell::number(
                    m.context
                        .iter()
                        .find(|v| &v.indicator == c)
                        .and_then(|v| v.value),
                )
            }));
            row
        })
        .collect();
    Table {
        columns,
        rows,
        meta: Vec::new(),
    }
}

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
    responses(
        (status = 200, description = "The group with reasons and `meta`, table or scatter chart", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown municipality or indicator", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn peer_group(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let key = Ags::parse(&raw).map_err(|err| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "municipality",
            &raw,
            format!("Ungültiger Schlüssel: {err}"),
            format!("Invalid key: {err}"),
        )])
    })?;
    let group_given = params.group.is_some();
    let mut params = params.parse(&["group", "k", "year", "x", "y"])?;
    if !group_given {
        params.group = GroupChoice::Neighbours;
    }
    params.members = vec![key.clone()];
    serve(&state, &principal, format, params, move |data, params, format| {
        let year = year_of(data, params)?;
        let group = group_of(data, params, year)?;
        let context: Vec<IndicatorId> = data
            .catalogue
            .indicators
            .iter()
            .filter(|i| i.kind == IndicatorKind::Context)
            .map(|i| i.id.clone())
            .collect();
        let de = params.lang == vergleich_charts::Lang::De;
        let output = match format {
            Format::Json => json(&Body {
                focus: &key,
                year,
                peer_group: &group,
            })?,
            Format::Csv | Format::Xlsx => Output::Table(table(&group, &context, de)),
            Format::Svg | Format::Png => {
                let default = |raw: &str| IndicatorId::parse(raw).ok();
                let x_id = params.x.clone().or_else(|| default(DEFAULT_X));
                let y_id = params.y.clone().or_else(|| default(DEFAULT_Y));
                let (Some(x_id), Some(y_id)) = (x_id, y_id) else {
                    return Err(super::no_chart(
                        "Keine Kontextindikatoren für das Streudiagramm.",
                        "No context indicators for the scatter chart.",
                    ));
                };
                let x = indicator(data, "x", &x_id)?;
                let y = indicator(data, "y", &y_id)?;
                let look = ChartLook {
                    lang: params.lang,
                    size: params.size,
                    selected: &params.members,
                };
                Output::Chart(Box::new(
                    crate::views::peer_scatter(data, &group, x, y, year, &look)
                        .map_err(super::view_error)?,
                ))
            }
        };
        Ok(View {
            name: "peer-group",
            file_stem: format!("vergleichsgruppe-{key}-{year}"),
            period: year.to_string(),
            group: Some(group.summary()),
            method: "nearest neighbours: context indicators as z-scores over the cohort, distance = \
                     root mean square difference over the indicators both members reported; other \
                     groups by kind, state, east/west or population size class"
                .to_owned(),
            extra: Vec::new(),
            output,
        })
    })
    .await
}
