//! `GET /api/v1/profiles/{municipality}`: one member's field scores against its peers, with
//! findings (strengths and needs for action) in German and English and the observations behind
//! each.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use vergleich_analysis::profile::{FindingKind, Profile};
use vergleich_domain::Ags;

use super::{Output, View, ViewParams, group_of, json, pick, serve, view_error, year_of};
use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::export::{Cell, Column, Table};
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;
use crate::views::ChartKind;

#[derive(Serialize)]
struct Body<'a> {
    profile: &'a Profile,
}

fn kind_text(kind: FindingKind, de: bool) -> &'static str {
    match (kind, de) {
        (FindingKind::Strength, true) => "Stärke",
        (FindingKind::Strength, false) => "strength",
        (_, true) => "Handlungsbedarf",
        (_, false) => "need for action",
    }
}

fn table(profile: &Profile, de: bool) -> Table {
    let columns = vec![
        Column::new("Handlungsfeld", "field"),
        Column::new("Bezeichnung", "label"),
        Column::new("Punktwert", "score"),
        Column::new("Zustand", "state"),
        Column::new("Abdeckung (0–1)", "coverage"),
        Column::new("Q1 Vergleichsgruppe", "peer_q1"),
        Column::new("Median Vergleichsgruppe", "peer_median"),
        Column::new("Q3 Vergleichsgruppe", "peer_q3"),
        Column::new("Vergleichskommunen mit Wert", "peers_reported"),
        Column::new("Vergleichskommunen", "peers_total"),
        Column::new("Befund", "finding"),
        Column::new("Befundtext", "finding_text"),
    ];
    let rows = profile
        .fields
        .iter()
        .map(|f| {
            let finding = profile.findings.iter().find(|x| x.field == f.field);
            let mut row = vec![
                Cell::text(f.field.as_str()),
                Cell::text(if de { &f.label_de } else { &f.label_en }),
            ];
            row.extend(super::scores::score_cells(&f.score, f.coverage, de));
            row.extend([
                Cell::number(f.peer_q1),
                Cell::number(f.peer_median),
                Cell::number(f.peer_q3),
                Cell::int(Some(f.peers_reported)),
                Cell::int(Some(f.peers_total)),
                Cell::text(finding.map_or("", |x| kind_text(x.kind, de))),
                Cell::text(finding.map_or("", |x| if de { &x.text_de } else { &x.text_en })),
            ]);
            row
        })
        .collect();
    Table {
        columns,
        rows,
        meta: Vec::new(),
    }
}

/// The profile of one member: its score in each field of action against the median and
/// interquartile range of its peers (the group's other members with a score), and at most three
/// strengths (above the peers' Q3) and three needs for action (below Q1), each as a German and an
/// English sentence with the member's observations behind the score. Findings need at least three
/// peers with a score. Chart: radar of the seven fields with the peer band.
#[utoipa::path(get, path = "/api/v1/profiles/{municipality}", tag = "comparisons",
    params(
        ("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel, as text)"),
        ("year" = Option<i32>, Query, description = "Year; default the latest year with data"),
        ("group" = Option<String>, Query, description = "Peers: cohort (default), kind, state, east-west, size, neighbours (relative to this member)"),
        ("k" = Option<i32>, Query, description = "Nearest neighbours for group=neighbours (1–34, default 5)"),
        ("weights" = Option<String>, Query, description = "indicator:weight,…"),
        ("normalisation" = Option<String>, Query, description = "min-max (default), z or rank"),
        ("aggregation" = Option<String>, Query, description = "arithmetic (default) or geometric"),
        ("min_coverage" = Option<i32>, Query, description = "Coverage threshold in % (default 60)"),
        ("lang" = Option<String>, Query, description = "de or en (default)"),
        ("size" = Option<String>, Query, description = "web (default) or print"),
        ("scale" = Option<i32>, Query, description = "PNG density 1 or 2"),
    ),
    responses(
        (status = 200, description = "The profile with findings and `meta`, table or radar chart", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml"),
            (String = "image/png"))),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 404, description = "Unknown municipality", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn profile(
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
    let mut params = params.parse(&[
        "year",
        "group",
        "k",
        "weights",
        "normalisation",
        "aggregation",
        "min_coverage",
    ])?;
    params.members = vec![key.clone()];
    serve(&state, &principal, format, params, move |data, params, format| {
        let year = year_of(data, params)?;
        let group = group_of(data, params, year)?;
        let profile = vergleich_analysis::profile(
            &data.frame,
            &data.catalogue,
            &group,
            &key,
            year,
            &params.options,
        )
        .map_err(|e| view_error(e.into()))?;
        let de = params.lang == vergleich_charts::Lang::De;
        let output = match format {
            Format::Json => json(&Body { profile: &profile })?,
            Format::Csv | Format::Xlsx => Output::Table(table(&profile, de)),
            Format::Svg | Format::Png => {
                let req = crate::views::ViewRequest {
                    year: Some(year),
                    ..super::chart_request(params, ChartKind::Radar)
                };
                Output::Chart(Box::new(
                    crate::views::chart(data, &req).map_err(view_error)?,
                ))
            }
        };
        Ok(View {
            name: "profile",
            file_stem: format!("profil-{key}-{year}"),
            period: year.to_string(),
            group: Some(profile.group.clone()),
            method: format!(
                "field scores against the peers' median and quartiles (type 7); strength above Q3, \
                 need for action below Q1, at most three each, only with at least three peers; {}",
                super::scores_method(&params.options)
            ),
            extra: vec![(
                "Kommune",
                "Municipality",
                format!("{} ({key})", pick(params.lang, &profile.name, &profile.name)),
            )],
            output,
        })
    })
    .await
}
