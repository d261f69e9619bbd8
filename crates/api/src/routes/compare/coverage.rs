//! `GET /api/v1/coverage`: what was reported, as a member × indicator × year matrix with n of N
//! per indicator and year; the matrix rows (one per member and indicator) are paginated.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use vergleich_analysis::coverage::{CellState, CoverageCell, CoverageTotal};
use vergleich_domain::{Ags, IndicatorId};

use super::comparison::status_text;
use super::{Output, View, ViewParams, group_of, indicator, json, serve, year_of};
use crate::auth::Principal;
use crate::error::AppError;
use crate::export::{Cell, Column, Table};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;
use crate::views::ChartLook;

#[derive(Serialize)]
struct Row<'a> {
    municipality: &'a Ags,
    name: &'a str,
    indicator: &'a IndicatorId,
    /// Years with a reported value, of `years.len()`.
    reported: usize,
    cells: Vec<YearCell<'a>>,
}

#[derive(Serialize)]
struct YearCell<'a> {
    year: i32,
    #[serde(flatten)]
    state: &'a CellState,
}

#[derive(Serialize)]
struct Body<'a> {
    indicators: &'a [IndicatorId],
    years: &'a [i32],
    /// n of N reported per indicator and year.
    totals: &'a [CoverageTotal],
    /// Matrix rows (member × indicator) in all.
    total_rows: usize,
    count: usize,
    limit: i64,
    offset: i64,
    next_offset: Option<i64>,
    rows: Vec<Row<'a>>,
}

fn state_text(state: &CellState, de: bool) -> String {
    match state {
        CellState::Reported { status } => status_text(Some(*status)),
        CellState::Missing { reason } => {
            let reason = reason
                .and_then(|r| serde_json::to_value(r).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("M {reason}").trim_end().to_owned()
        }
        CellState::NotReported => if de { "nicht gemeldet" } else { "not reported" }.to_owned(),
    }
}

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
        ("to" = Option<i32>, Query, description = "Last year; default the latest year with data"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("limit" = Option<i64>, Query, description = "Matrix rows per page, 1–10,000 (default 1,000)"),
        ("offset" = Option<i64>, Query, description = "Matrix rows to skip"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(
        (status = 200, description = "One page of the matrix with totals and `meta`, table or heat map", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown indicator, field or municipality", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn coverage(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let params = params.parse(&[
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
    serve(
        &state,
        &principal,
        format,
        params,
        move |data, params, format| {
            for id in &params.indicators {
                indicator(data, "indicator", id)?;
            }
            if let Some(field) = &params.field {
                super::scores::field(data, field)?;
            }
            let indicators: Vec<IndicatorId> = data
                .catalogue
                .indicators
                .iter()
                .filter(|i| params.indicators.is_empty() || params.indicators.contains(&i.id))
                .filter(|i| params.field.is_none() || i.field == params.field)
                .map(|i| i.id.clone())
                .collect();
            let last = year_of(data, params)?;
            let to = params.to.unwrap_or(last);
            let from = params
                .from
                .or_else(|| data.years.first().copied())
                .unwrap_or(to);
            let years: Vec<i32> = (from..=to).collect();
            let group = group_of(data, params, to)?;
            let matrix = vergleich_analysis::coverage(&data.frame, &group, &indicators, &years)
                .map_err(|e| super::view_error(e.into()))?;
            // Member-major cells: each run of `years.len()` cells is one matrix row.
            let chunk = years.len().max(1);
            let all_rows: Vec<&[CoverageCell]> = matrix.cells.chunks(chunk).collect();
            let total_rows = all_rows.len();
            let start = usize::try_from(params.offset)
                .unwrap_or(usize::MAX)
                .min(total_rows);
            let end = start
                .saturating_add(usize::try_from(params.limit).unwrap_or(0))
                .min(total_rows);
            let page = &all_rows[start..end];
            let name_of = |key: &Ags| data.cohort.get(key).map_or("", |m| m.name.as_str());
            let reported = |cells: &[CoverageCell]| {
                cells
                    .iter()
                    .filter(|c| matches!(c.state, CellState::Reported { .. }))
                    .count()
            };
            let de = params.lang == vergleich_charts::Lang::De;
            let output = match format {
                Format::Json => json(&Body {
                    indicators: &matrix.indicators,
                    years: &matrix.years,
                    totals: &matrix.totals,
                    total_rows,
                    count: page.len(),
                    limit: params.limit,
                    offset: params.offset,
                    next_offset: (end < total_rows).then_some(end as i64),
                    rows: page
                        .iter()
                        .filter_map(|cells| {
                            let first = cells.first()?;
                            Some(Row {
                                municipality: &first.municipality,
                                name: name_of(&first.municipality),
                                indicator: &first.indicator,
                                reported: reported(cells),
                                cells: cells
                                    .iter()
                                    .map(|c| YearCell {
                                        year: c.year,
                                        state: &c.state,
                                    })
                                    .collect(),
                            })
                        })
                        .collect(),
                })?,
                Format::Csv | Format::Xlsx => {
                    let mut columns = vec![
                        Column::new("Schlüssel", "key"),
                        Column::new("Name", "name"),
                        Column::new("Indikator", "indicator"),
                        Column::new("Jahre gemeldet", "years_reported"),
                    ];
                    columns.extend(
                        years
                            .iter()
                            .map(|y| Column::new(y.to_string(), y.to_string())),
                    );
                    let rows = page
                        .iter()
                        .filter_map(|cells| {
                            let first = cells.first()?;
                            let mut row = vec![
                                Cell::text(first.municipality.as_str()),
                                Cell::text(name_of(&first.municipality)),
                                Cell::text(first.indicator.as_str()),
                                Cell::int(Some(reported(cells))),
                            ];
                            row.extend(cells.iter().map(|c| Cell::text(state_text(&c.state, de))));
                            Some(row)
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
                    Output::Chart(Box::new(crate::views::coverage_heatmap(
                        data, &matrix, &look,
                    )))
                }
            };
            let reported_total: usize = matrix.totals.iter().map(|t| t.reported).sum();
            Ok(View {
                name: "coverage",
                file_stem: format!("datenlage-{from}-{to}"),
                period: format!("{from}–{to}"),
                group: Some(matrix.group.clone()),
                method:
                    "reported = an observation with a value (status A, P or E); missing = status M \
                     with its reason; not reported = no observation"
                        .to_owned(),
                extra: vec![
                    (
                        "Zeilen (Seite)",
                        "Rows (page)",
                        format!(
                            "{}–{} / {total_rows}",
                            start + usize::from(end > start),
                            end
                        ),
                    ),
                    (
                        "Gemeldet (alle Indikatoren und Jahre)",
                        "Reported (all indicators and years)",
                        format!(
                            "{reported_total} / {}",
                            matrix.group.size * indicators.len() * years.len()
                        ),
                    ),
                ],
                output,
            })
        },
    )
    .await
}
