//! `GET /api/v1/sensitivity/{field}`: the ranks a member's field score takes under other
//! normalisations and with each scored indicator left out.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use vergleich_analysis::score::Normalisation;
use vergleich_analysis::sensitivity::Sensitivity;

use super::scores::{field, parse_field};
use super::{Output, View, ViewParams, group_of, json, serve, view_error, year_of};
use crate::auth::Principal;
use crate::error::AppError;
use crate::export::{Cell, Column, Table};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;
use crate::views::ChartLook;

fn scenario_label(s: &vergleich_analysis::sensitivity::Scenario, de: bool) -> String {
    match &s.left_out {
        Some(ind) => format!("{} {ind}", if de { "ohne" } else { "without" }),
        None => format!(
            "{} ({})",
            match s.normalisation {
                Normalisation::MinMax => "min-max",
                Normalisation::Z => "z",
                Normalisation::Rank =>
                    if de {
                        "Rang"
                    } else {
                        "rank"
                    },
            },
            format!("{:?}", s.aggregation).to_lowercase()
        ),
    }
}

#[derive(Serialize)]
struct SensitivityBody<'a> {
    sensitivity: &'a Sensitivity,
    scenario_labels: Vec<String>,
}

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
    responses(
        (status = 200, description = "Rank ranges with `meta`, table or heat map", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown field or municipality", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
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
    serve(
        &state,
        &principal,
        format,
        params,
        move |data, params, format| {
            let f = field(data, &id)?;
            let year = year_of(data, params)?;
            let group = group_of(data, params, year)?;
            let result = vergleich_analysis::sensitivity(
                &data.frame,
                &data.catalogue,
                &id,
                year,
                &group,
                &params.options,
            )
            .map_err(|e| view_error(e.into()))?;
            let de = params.lang == vergleich_charts::Lang::De;
            let labels: Vec<String> = result
                .scenarios
                .iter()
                .map(|s| scenario_label(s, de))
                .collect();
            let output = match format {
                Format::Json => json(&SensitivityBody {
                    sensitivity: &result,
                    scenario_labels: labels,
                })?,
                Format::Csv | Format::Xlsx => {
                    let mut columns = vec![
                        Column::new("Schlüssel", "key"),
                        Column::new("Name", "name"),
                        Column::new("Bester Rang", "best_rank"),
                        Column::new("Schlechtester Rang", "worst_rank"),
                    ];
                    columns.extend(
                        labels
                            .iter()
                            .map(|l| Column::new(format!("Rang {l}"), format!("rank {l}"))),
                    );
                    let rows = result
                        .members
                        .iter()
                        .map(|m| {
                            let mut row = vec![
                                Cell::text(m.key.as_str()),
                                Cell::text(&m.name),
                                Cell::int(m.best_rank),
                                Cell::int(m.worst_rank),
                            ];
                            row.extend(m.ranks.iter().map(|r| Cell::int(*r)));
                            row
                        })
                        .collect();
                    Output::Table(Table {
                        columns,
                        rows,
                        meta: Vec::new(),
                    })
                }
                Format::Svg | Format::Png => {
                    let look = ChartLook {
                        lang: params.lang,
                        size: params.size,
                        selected: &params.members,
                    };
                    Output::Chart(Box::new(crate::views::sensitivity_heatmap(
                        data, &result, f, &look, labels,
                    )))
                }
            };
            Ok(View {
                name: "sensitivity",
                file_stem: format!("sensitivitaet-{id}-{year}"),
                period: year.to_string(),
                group: Some(result.group.clone()),
                method: format!(
                    "ranks of the field score under each scenario; base: {}",
                    super::scores_method(&params.options)
                ),
                extra: Vec::new(),
                output,
            })
        },
    )
    .await
}
