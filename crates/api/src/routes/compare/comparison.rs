//! `GET /api/v1/comparisons/{indicator}` (one indicator across the comparison group) and
//! `GET /api/v1/scatter` (two indicators against each other).

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use vergleich_analysis::compare::Missing;
use vergleich_analysis::{Comparison, compare};
use vergleich_domain::{Ags, IndicatorId, Status};

use super::params::one_of;
use super::{Output, View, ViewParams, group_of, indicator, serve, year_of};
use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::export::{Cell, Column, Table, csv_number};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;
use crate::views::{ChartKind, pick};

const COMPARISON_PARAMS: &[&str] = &["year", "group", "municipality", "k", "chart"];

/// The status code of an observation (`A`, `P`, `E`, `M`), empty when there is none.
pub(super) fn status_text(status: Option<Status>) -> String {
    status
        .and_then(|s| serde_json::to_value(s).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Why a member has no value, in the export's language.
fn missing_text(missing: Option<&Missing>, de: bool) -> String {
    match missing {
        None => String::new(),
        Some(Missing::NotReported) => pick_de(de, "nicht gemeldet", "not reported").to_owned(),
        Some(Missing::Missing { reason }) => {
            let reason = reason
                .and_then(|r| serde_json::to_value(r).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{}: {reason}", pick_de(de, "fehlt", "missing"))
        }
    }
}

fn pick_de<'a>(de: bool, d: &'a str, e: &'a str) -> &'a str {
    if de { d } else { e }
}

fn parse_indicator(raw: &str) -> Result<IndicatorId, AppError> {
    IndicatorId::parse(raw).map_err(|err| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "indicator",
            raw,
            format!("Ungültige Indikator-Kennung: {err}"),
            format!("Invalid indicator id: {err}"),
        )])
    })
}

fn comparison_table(cmp: &Comparison, de: bool) -> Table {
    let columns = vec![
        Column::new("Schlüssel", "key"),
        Column::new("Name", "name"),
        Column::new("Wert", "value"),
        Column::new("Status", "status"),
        Column::new("Fehlt", "missing"),
        Column::new("Rang", "rank"),
        Column::new("Perzentil", "percentile"),
        Column::new("z-Wert", "z_score"),
        Column::new("Min-Max (0–100)", "min_max"),
        Column::new("Abstand zum Median", "distance_to_median"),
        Column::new("Quartil", "quartile"),
    ];
    let rows = cmp
        .members
        .iter()
        .map(|m| {
            vec![
                Cell::text(m.key.as_str()),
                Cell::text(&m.name),
                Cell::number(m.value),
                Cell::text(status_text(m.status)),
                Cell::text(missing_text(m.missing.as_ref(), de)),
                Cell::int(m.rank),
                Cell::number(m.percentile),
                Cell::number(m.z_score),
                Cell::number(m.min_max),
                Cell::number(m.distance_to_median),
                Cell::int(m.quartile.map(usize::from)),
            ]
        })
        .collect();
    Table {
        columns,
        rows,
        meta: Vec::new(),
    }
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
        ("year" = Option<i32>, Query, description = "Year (1990–2100); default the latest year with data"),
        ("group" = Option<String>, Query, description = "Comparison group: cohort (default), kind, state, east-west, size, neighbours; all but cohort relative to the first `municipality`"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("chart" = Option<String>, Query, description = "Chart kind for .svg/.png: ranking (default) or dot-plot"),
        ("lang" = Option<String>, Query, description = "de or en (default): CSV dialect (de: `;`, decimal comma, BOM), headers, chart texts"),
        ("size" = Option<String>, Query, description = "Chart width: web (800 px, default) or print (1123 px)"),
        ("scale" = Option<i32>, Query, description = "PNG density: 1 (default) or 2"),
    ),
    responses(
        (status = 200, description = "The comparison with `meta`; CSV/XLSX as download; SVG/PNG chart", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown indicator or municipality", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn comparison(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let id = parse_indicator(&raw)?;
    let params = params.parse(COMPARISON_PARAMS)?;
    let kind = match params.chart.as_deref() {
        None => ChartKind::Ranking,
        Some(raw) => {
            let mut errors = Vec::new();
            let kind = one_of(
                "chart",
                raw,
                &[
                    ("ranking", ChartKind::Ranking),
                    ("dot-plot", ChartKind::DotPlot),
                ],
                &mut errors,
            );
            kind.ok_or_else(|| AppError::invalid(errors))?
        }
    };
    serve(
        &state,
        &principal,
        format,
        params,
        move |data, params, format| {
            let ind = indicator(data, "indicator", &id)?;
            let year = year_of(data, params)?;
            let group = group_of(data, params, year)?;
            let cmp =
                compare(&data.frame, ind, year, &group).map_err(|e| super::view_error(e.into()))?;
            let de = params.lang == vergleich_charts::Lang::De;
            let mut extra = vec![
                (
                    "Mit Wert",
                    "Reported",
                    format!(
                        "{} {} {}",
                        cmp.reported,
                        pick_de(de, "von", "of"),
                        cmp.group.size
                    ),
                ),
                ("Einheit", "Unit", cmp.unit.clone()),
                (
                    "Einheit des Abstands",
                    "Unit of distance",
                    cmp.distance_unit.clone(),
                ),
            ];
            if let Some(stats) = &cmp.stats {
                let n = |v: f64| csv_number(v, params.lang);
                extra.push((
                    "Q1 / Median / Q3",
                    "Q1 / median / Q3",
                    format!("{} / {} / {}", n(stats.q1), n(stats.median), n(stats.q3)),
                ));
            }
            let output = match format {
                Format::Json => super::json(&ComparisonBody { comparison: &cmp })?,
                Format::Csv | Format::Xlsx => Output::Table(comparison_table(&cmp, de)),
                Format::Svg | Format::Png => {
                    let req = crate::views::ViewRequest {
                        indicator: Some(id.clone()),
                        year: Some(year),
                        ..super::chart_request(params, kind)
                    };
                    Output::Chart(Box::new(
                        crate::views::chart(data, &req).map_err(super::view_error)?,
                    ))
                }
            };
            Ok(View {
                name: "comparison",
                file_stem: format!("vergleich-{id}-{year}"),
                period: year.to_string(),
                method: format!(
                    "polarity {}: {}; {}; {}; {}; quartiles {}",
                    serde_json::to_value(cmp.method.polarity)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    cmp.method.rank_ties,
                    cmp.method.percentile,
                    cmp.method.z_score,
                    cmp.method.min_max,
                    cmp.method.quantile
                ),
                group: Some(cmp.group.clone()),
                extra,
                output,
            })
        },
    )
    .await
}

#[derive(Serialize)]
struct ComparisonBody<'a> {
    comparison: &'a Comparison,
}

#[derive(Serialize)]
struct Point {
    key: Ags,
    name: String,
    x: Option<f64>,
    x_status: Option<Status>,
    y: Option<f64>,
    y_status: Option<Status>,
    highlighted: bool,
}

#[derive(Serialize)]
struct ScatterBody {
    x: IndicatorId,
    y: IndicatorId,
    year: i32,
    /// Members with both values, of the group's N.
    reported_both: usize,
    points: Vec<Point>,
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
        ("year" = Option<i32>, Query, description = "Year; default the latest year with data"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(
        (status = 200, description = "The points with `meta`, or the scatter chart", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid or missing parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown indicator or municipality", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn scatter(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let params = params.parse(&["x", "y", "year", "group", "municipality", "k"])?;
    let (Some(x_id), Some(y_id)) = (params.x.clone(), params.y.clone()) else {
        let missing = if params.x.is_none() { "x" } else { "y" };
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            missing,
            "",
            "Pflichtparameter: x und y (Indikator-Kennungen).",
            "Required: x and y (indicator ids).",
        )]));
    };
    serve(
        &state,
        &principal,
        format,
        params,
        move |data, params, format| {
            let x = indicator(data, "x", &x_id)?;
            let y = indicator(data, "y", &y_id)?;
            let year = year_of(data, params)?;
            let group = group_of(data, params, year)?;
            let err = |e: vergleich_analysis::AnalysisError| super::view_error(e.into());
            let cx = compare(&data.frame, x, year, &group).map_err(err)?;
            let cy = compare(&data.frame, y, year, &group).map_err(err)?;
            let points: Vec<Point> = cx
                .members
                .iter()
                .zip(&cy.members)
                .map(|(a, b)| Point {
                    key: a.key.clone(),
                    name: a.name.clone(),
                    x: a.value,
                    x_status: a.status,
                    y: b.value,
                    y_status: b.status,
                    highlighted: params.members.contains(&a.key),
                })
                .collect();
            let reported_both = points
                .iter()
                .filter(|p| p.x.is_some() && p.y.is_some())
                .count();
            let de = params.lang == vergleich_charts::Lang::De;
            let extra = vec![(
                "Mit beiden Werten",
                "Reported both",
                format!(
                    "{reported_both} {} {}",
                    pick_de(de, "von", "of"),
                    group.members.len()
                ),
            )];
            let output = match format {
                Format::Json => super::json(&ScatterBody {
                    x: x_id.clone(),
                    y: y_id.clone(),
                    year,
                    reported_both,
                    points,
                })?,
                Format::Csv | Format::Xlsx => Output::Table(Table {
                    columns: vec![
                        Column::new("Schlüssel", "key"),
                        Column::new("Name", "name"),
                        Column::new(format!("{} (x)", x.label_de), format!("{} (x)", x.id)),
                        Column::new("Status x", "status_x"),
                        Column::new(format!("{} (y)", y.label_de), format!("{} (y)", y.id)),
                        Column::new("Status y", "status_y"),
                    ],
                    rows: points
                        .iter()
                        .map(|p| {
                            vec![
                                Cell::text(p.key.as_str()),
                                Cell::text(&p.name),
                                Cell::number(p.x),
                                Cell::text(status_text(p.x_status)),
                                Cell::number(p.y),
                                Cell::text(status_text(p.y_status)),
                            ]
                        })
                        .collect(),
                    meta: Vec::new(),
                }),
                Format::Svg | Format::Png => {
                    let req = crate::views::ViewRequest {
                        indicator: Some(x_id.clone()),
                        indicator_y: Some(y_id.clone()),
                        year: Some(year),
                        ..super::chart_request(params, ChartKind::Scatter)
                    };
                    Output::Chart(Box::new(
                        crate::views::chart(data, &req).map_err(super::view_error)?,
                    ))
                }
            };
            Ok(View {
                name: "scatter",
                file_stem: format!("streuung-{x_id}-{y_id}-{year}"),
                period: year.to_string(),
                group: Some(group.summary()),
                method: format!(
                    "raw values of {} and {}",
                    pick(params.lang, &x.label_de, &x.label_en),
                    pick(params.lang, &y.label_de, &y.label_en)
                ),
                extra,
                output,
            })
        },
    )
    .await
}
