//! `GET /api/v1/trends/{indicator}`: one indicator over the years for the members asked for,
//! with changes against the previous year and a base year and the group median per year.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use vergleich_analysis::trend::Trend;
use vergleich_domain::IndicatorId;

use super::comparison::status_text;
use super::{Output, View, ViewParams, group_of, indicator, json, serve, view_error, year_of};
use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::export::{Cell, Column, Table};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;
use crate::views::ChartKind;

#[derive(Serialize)]
struct Body<'a> {
    trend: &'a Trend,
}

fn table(trend: &Trend, de: bool) -> Table {
    let years: Vec<i32> = (trend.from..=trend.to).collect();
    let mut columns = vec![
        Column::new("Schlüssel", "key"),
        Column::new("Name", "name"),
        Column::new("Einbezogen", "included"),
        Column::new("Änderung zum Vorjahr", "change_previous_year"),
        Column::new(
            format!("Änderung seit {}", trend.base_year),
            format!("change_since_{}", trend.base_year),
        ),
        Column::new("Steigung je Jahr", "slope_per_year"),
    ];
    for y in &years {
        columns.push(Column::new(y.to_string(), y.to_string()));
        columns.push(Column::new(format!("Status {y}"), format!("status {y}")));
    }
    let yes_no = |b: bool| match (b, de) {
        (true, true) => "ja",
        (false, true) => "nein",
        (true, false) => "yes",
        (false, false) => "no",
    };
    let rows = trend
        .members
        .iter()
        .map(|m| {
            let mut row = vec![
                Cell::text(m.key.as_str()),
                Cell::text(&m.name),
                Cell::text(yes_no(m.included)),
                Cell::number(m.change_previous_year),
                Cell::number(m.change_since_base),
                Cell::number(m.slope_per_year),
            ];
            for y in &years {
                let point = m.series.iter().find(|p| p.year == *y);
                row.push(Cell::number(point.and_then(|p| p.value)));
                row.push(Cell::text(status_text(point.and_then(|p| p.status))));
            }
            row
        })
        .collect();
    Table {
        columns,
        rows,
        meta: Vec::new(),
    }
}

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
        ("to" = Option<i32>, Query, description = "Last year; default the latest year with data"),
        ("base" = Option<i32>, Query, description = "Base year of the change; default `from`"),
        ("like_for_like" = Option<bool>, Query, description = "true: only members with data in every year"),
        ("group" = Option<String>, Query, description = "Group of the medians: cohort (default), kind, state, east-west, size, neighbours"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(
        (status = 200, description = "The trend with `meta`, table or time-series chart", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown indicator or municipality", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn trend(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let id = IndicatorId::parse(&raw).map_err(|err| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "indicator",
            &raw,
            format!("Ungültige Indikator-Kennung: {err}"),
            format!("Invalid indicator id: {err}"),
        )])
    })?;
    let params = params.parse(&[
        "municipality",
        "from",
        "to",
        "base",
        "like_for_like",
        "group",
        "k",
    ])?;
    serve(&state, &principal, format, params, move |data, params, format| {
        let ind = indicator(data, "indicator", &id)?;
        let last = year_of(data, params)?;
        let to = params.to.unwrap_or(last);
        let from = params
            .from
            .or_else(|| data.years.first().copied())
            .unwrap_or(to)
            .min(to);
        let base = params.base.unwrap_or(from);
        let group = group_of(data, params, to)?;
        let mut trend = vergleich_analysis::trend(
            &data.frame,
            ind,
            &group,
            from,
            to,
            base,
            params.like_for_like,
        )
        .map_err(|e| view_error(e.into()))?;
        if !params.members.is_empty() {
            trend.members.retain(|m| params.members.contains(&m.key));
        }
        let de = params.lang == vergleich_charts::Lang::De;
        let output = match format {
            Format::Json => json(&Body { trend: &trend })?,
            Format::Csv | Format::Xlsx => Output::Table(table(&trend, de)),
            Format::Svg | Format::Png => {
                let req = crate::views::ViewRequest {
                    indicator: Some(id.clone()),
                    year: Some(to),
                    from: Some(from),
                    to: Some(to),
                    like_for_like: params.like_for_like,
                    ..super::chart_request(params, ChartKind::TimeSeries)
                };
                Output::Chart(Box::new(
                    crate::views::chart(data, &req).map_err(view_error)?,
                ))
            }
        };
        Ok(View {
            name: "trend",
            file_stem: format!("verlauf-{id}-{from}-{to}"),
            period: format!("{from}–{to}"),
            group: Some(trend.group.clone()),
            method: format!(
                "change against the previous year and against {base} in {}; least-squares slope per year; \
                 medians type 7{}",
                trend.change_unit,
                if params.like_for_like {
                    "; like-for-like: only members with a value in every year"
                } else {
                    ""
                }
            ),
            extra: vec![(
                "Einbezogen",
                "Included",
                format!("{} / {}", trend.included, trend.group.size),
            )],
            output,
        })
    })
    .await
}
