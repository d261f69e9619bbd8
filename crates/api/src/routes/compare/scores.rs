//! Field scores: `GET /api/v1/field-scores` (every field × every member),
//! and `GET /api/v1/field-scores/{field}` (one field with its components and weights).

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use vergleich_analysis::score::{FieldScores, Score};
use vergleich_domain::{Field, FieldId};

use super::params::one_of;
use super::{Output, View, ViewParams, group_of, json, pick, serve, view_error, year_of};
use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::export::{Cell, Column, Table};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;
use crate::views::{ChartKind, ChartLook, ViewData};

const SCORE_PARAMS: &[&str] = &[
    "year",
    "group",
    "municipality",
    "k",
    "weights",
    "normalisation",
    "aggregation",
    "min_coverage",
    "chart",
];

pub(super) fn field<'a>(data: &'a ViewData, id: &FieldId) -> Result<&'a Field, AppError> {
    data.catalogue.field(id).ok_or_else(|| {
        let mut err = AppError::not_found(
            &format!("Handlungsfeld {id}"),
            &format!("Field of action {id}"),
        );
        err.errors.push(ErrorDetail {
            code: crate::error::ErrorCode::NotFound.as_str().to_owned(),
            ..ErrorDetail::parameter(
                "field",
                id.as_str(),
                "Nicht in der Liste der Handlungsfelder (GET /api/v1/fields).",
                "Not among the fields of action (GET /api/v1/fields).",
            )
        });
        err
    })
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

pub(super) fn score_cells(score: &Score, coverage: f64, de: bool) -> [Cell; 3] {
    let state = match score {
        Score::Value { .. } => {
            if de {
                "Wert"
            } else {
                "value"
            }
        }
        Score::Insufficient => {
            if de {
                "unzureichend"
            } else {
                "insufficient"
            }
        }
    };
    [
        Cell::number(score.value()),
        Cell::text(state),
        Cell::Number(coverage),
    ]
}

#[derive(Serialize)]
struct AllFields<'a> {
    year: i32,
    fields: &'a [FieldScores],
}

/// Field scores of every field of action for every member of the comparison group.
///
/// Each score is the aggregate of the field's normalised indicators with its coverage (reported
/// weight / field weight); below `min_coverage` it is `{"state":"insufficient"}`, never a number.
/// CSV/XLSX: one row per member and field. Chart: heat map members × fields.
#[utoipa::path(get, path = "/api/v1/field-scores", tag = "comparisons",
    params(
        ("year" = Option<i32>, Query, description = "Year; default the latest year with data"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "indicator:weight,… (0–1000; unlisted 1; 0 leaves out)"),
        ("normalisation" = Option<String>, Query, description = "min-max (default), z or rank"),
        ("aggregation" = Option<String>, Query, description = "arithmetic (default) or geometric (needs min-max or rank)"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (0–100, default 60)"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(
        (status = 200, description = "Scores with `meta`, table or heat map", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn all_fields(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let params = params.parse(&SCORE_PARAMS[..8])?;
    serve(
        &state,
        &principal,
        format,
        params,
        move |data, params, format| {
            let year = year_of(data, params)?;
            let group = group_of(data, params, year)?;
            let mut fields: Vec<&Field> = data.catalogue.fields.iter().collect();
            fields.sort_by_key(|f| f.position);
            let scores = fields
                .iter()
                .map(|f| {
                    vergleich_analysis::field_scores(
                        &data.frame,
                        &data.catalogue,
                        &f.id,
                        year,
                        &group,
                        &params.options,
                    )
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| view_error(e.into()))?;
            let de = params.lang == vergleich_charts::Lang::De;
            let output = match format {
                Format::Json => json(&AllFields {
                    year,
                    fields: &scores,
                })?,
                Format::Csv | Format::Xlsx => {
                    let mut rows = Vec::new();
                    for (f, fs) in fields.iter().zip(&scores) {
                        for m in &fs.members {
                            let mut row = vec![
                                Cell::text(m.key.as_str()),
                                Cell::text(&m.name),
                                Cell::text(f.id.as_str()),
                                Cell::text(pick(params.lang, &f.label_de, &f.label_en)),
                            ];
                            row.extend(score_cells(&m.score, m.coverage, de));
                            rows.push(row);
                        }
                    }
                    Output::Table(Table {
                        columns: vec![
                            Column::new("Schlüssel", "key"),
                            Column::new("Name", "name"),
                            Column::new("Handlungsfeld", "field"),
                            Column::new("Bezeichnung", "label"),
                            Column::new("Punktwert", "score"),
                            Column::new("Zustand", "state"),
                            Column::new("Abdeckung (0–1)", "coverage"),
                        ],
                        rows,
                        meta: Vec::new(),
                    })
                }
                Format::Svg | Format::Png => {
                    let req = crate::views::ViewRequest {
                        year: Some(year),
                        ..super::chart_request(params, ChartKind::Heatmap)
                    };
                    Output::Chart(Box::new(
                        crate::views::chart(data, &req).map_err(view_error)?,
                    ))
                }
            };
            Ok(View {
                name: "field-scores",
                file_stem: format!("punktwerte-{year}"),
                period: year.to_string(),
                group: Some(group.summary()),
                method: super::scores_method(&params.options),
                extra: Vec::new(),
                output,
            })
        },
    )
    .await
}

#[derive(Serialize)]
struct OneField<'a> {
    field_scores: &'a FieldScores,
}

/// The scores of one field with their components: each indicator's value, status, normalised
/// value and weight, the indicators left out (context, neutral) and why.
///
/// Chart: `chart=heatmap` (default; members × the field's indicators, min–max 0–100) or
/// `chart=ranking` (the field score per member).
#[utoipa::path(get, path = "/api/v1/field-scores/{field}", tag = "comparisons",
    params(
        ("field" = String, Path, description = "Field of action id (GET /api/v1/fields)"),
        ("year" = Option<i32>, Query, description = "Year; default the latest year with data"),
        ("group" = Option<String>, Query, description = "cohort (default), kind, state, east-west, size, neighbours"),
        ("municipality" = Option<String>, Query, description = "Comma-separated keys to highlight; the first is the focus of a relative group"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "indicator:weight,… (0–1000; unlisted 1; 0 leaves out)"),
        ("normalisation" = Option<String>, Query, description = "min-max (default), z or rank"),
        ("aggregation" = Option<String>, Query, description = "arithmetic (default) or geometric"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (0–100, default 60)"),
        ("chart" = Option<String>, Query, description = "heatmap (default) or ranking"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(
        (status = 200, description = "Scores with components and `meta`, table or chart", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown field or municipality", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn one_field(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<ViewParams>,
) -> Result<Response, AppError> {
    let id = parse_field(&raw)?;
    let params = params.parse(SCORE_PARAMS)?;
    let ranking = match params.chart.as_deref() {
        None => false,
        Some(raw) => {
            let mut errors = Vec::new();
            one_of(
                "chart",
                raw,
                &[("heatmap", false), ("ranking", true)],
                &mut errors,
            )
            .ok_or_else(|| AppError::invalid(errors))?
        }
    };
    serve(
        &state,
        &principal,
        format,
        params,
        move |data, params, format| {
            let f = field(data, &id)?;
            let year = year_of(data, params)?;
            let group = group_of(data, params, year)?;
            let scores = vergleich_analysis::field_scores(
                &data.frame,
                &data.catalogue,
                &id,
                year,
                &group,
                &params.options,
            )
            .map_err(|e| view_error(e.into()))?;
            let de = params.lang == vergleich_charts::Lang::De;
            let output = match format {
                Format::Json => json(&OneField {
                    field_scores: &scores,
                })?,
                Format::Csv | Format::Xlsx => {
                    let mut columns = vec![
                        Column::new("Schlüssel", "key"),
                        Column::new("Name", "name"),
                        Column::new("Punktwert", "score"),
                        Column::new("Zustand", "state"),
                        Column::new("Abdeckung (0–1)", "coverage"),
                    ];
                    for ind in &scores.scored {
                        columns.push(Column::new(
                            format!("{ind} (normalisiert)"),
                            format!("{ind} (normalised)"),
                        ));
                    }
                    let rows = scores
                        .members
                        .iter()
                        .map(|m| {
                            let mut row = vec![Cell::text(m.key.as_str()), Cell::text(&m.name)];
                            row.extend(score_cells(&m.score, m.coverage, de));
                            for ind in &scores.scored {
                                let c = m.components.iter().find(|c| &c.indicator == ind);
                                row.push(Cell::number(c.and_then(|c| c.normalised)));
                            }
                            row
                        })
                        .collect();
                    Output::Table(Table {
                        columns,
                        rows,
                        meta: Vec::new(),
                    })
                }
                Format::Svg | Format::Png if ranking => {
                    let look = ChartLook {
                        lang: params.lang,
                        size: params.size,
                        selected: &params.members,
                    };
                    Output::Chart(Box::new(crate::views::field_score_ranking(
                        data, &scores, f, &look,
                    )))
                }
                Format::Svg | Format::Png => {
                    let req = crate::views::ViewRequest {
                        year: Some(year),
                        field: Some(id.clone()),
                        ..super::chart_request(params, ChartKind::Heatmap)
                    };
                    Output::Chart(Box::new(
                        crate::views::chart(data, &req).map_err(view_error)?,
                    ))
                }
            };
            let weights: Vec<String> = scores
                .scored
                .iter()
                .map(|i| format!("{i}:{}", params.options.weight(i)))
                .collect();
            Ok(View {
                name: "field-scores",
                file_stem: format!("punktwerte-{id}-{year}"),
                period: year.to_string(),
                group: Some(scores.group.clone()),
                method: super::scores_method(&params.options),
                extra: vec![
                    ("Gewichte", "Weights", weights.join(", ")),
                    (
                        "Mit Punktwert",
                        "Scored",
                        format!("{} / {}", scores.reported, scores.group.size),
                    ),
                ],
                output,
            })
        },
    )
    .await
}
