//! The comparison views over HTTP: comparisons, field scores, profiles with findings, trends,
//! peer groups, coverage, sensitivity and scatter, each in five forms (JSON, CSV, XLSX, SVG, PNG;
//! by suffix or `Accept`, see [`crate::negotiate`]).
//!
//! Every view follows one path ([`serve`]): read the data state the principal may see, build the
//! frame and compute the view off the async runtime, then render the asked form with the same
//! metadata (parameters, period, comparison group and why, data state, method, time, demo-data
//! notice): a `meta` object in JSON, leading `#` lines in CSV, a sheet "Info"/"About" in XLSX; the
//! charts carry title, subtitle and source themselves.

mod comparison;
mod coverage;
mod groups;
mod params;
mod profile;
mod render;
mod scores;
mod sensitivity;
mod trend;

use axum::response::Response;
use chrono::Utc;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_analysis::GroupSummary;
use vergleich_charts::ChartSpec;

use crate::auth::Principal;
use crate::error::{AppError, ErrorCode};
use crate::export::Table;
use crate::negotiate::{self, Format};
use crate::snapshots::{self, SnapshotError};
use crate::state::AppState;
pub(super) use crate::views::pick;
use crate::views::{self, ViewData, ViewError};

pub use params::{Parsed, ViewParams};

/// The comparison routes with their OpenAPI descriptions (tag "comparisons").
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(comparison::comparison))
        .routes(routes!(comparison::scatter))
        .routes(routes!(scores::all_fields))
        .routes(routes!(scores::one_field))
        .routes(routes!(sensitivity::sensitivity))
        .routes(routes!(profile::profile))
        .routes(routes!(trend::trend))
        .routes(routes!(groups::peer_group))
        .routes(routes!(coverage::coverage))
}

/// What a view computed, in the form that was asked for.
pub(super) enum Output {
    Json(serde_json::Value),
    Table(Table),
    Chart(Box<ChartSpec>),
}

/// A computed view and what its metadata needs.
pub(super) struct View {
    /// Machine name of the view (`comparison`, `profile`, …).
    pub name: &'static str,
    /// File name without suffix for downloads.
    pub file_stem: String,
    /// The year or the window the view shows.
    pub period: String,
    pub group: Option<GroupSummary>,
    pub method: String,
    /// View-specific metadata lines: (German label, English label, value).
    pub extra: Vec<(&'static str, &'static str, String)>,
    pub output: Output,
}

/// Takes the data `principal` may see (kept per data version, `crate::snapshots`), computes the
/// view on a CPU job (`crate::work`) and renders it.
pub(super) async fn serve<F>(
    state: &AppState,
    principal: &Principal,
    format: Format,
    params: Parsed,
    compute: F,
) -> Result<Response, AppError>
where
    F: FnOnce(&ViewData, &Parsed, Format) -> Result<View, AppError> + Send + 'static,
{
    let data = snapshots::view_data(state, principal.reading(params.preview))
        .await
        .map_err(|err| match err {
            SnapshotError::Store(err) => err.into(),
            SnapshotError::View(err) => view_error(err),
            SnapshotError::Stopped(why) => stopped(&why),
        })?;
    let generated_at = Utc::now();
    // polars, plotters, resvg and the XLSX writer are CPU work.
    state
        .work
        .run(move || -> Result<Response, AppError> {
            let view = compute(&data, &params, format)?;
            render::render(&data, &params, format, view, generated_at)
        })
        .await
        .map_err(|err| stopped(&err.to_string()))?
}

/// A blocking task that panicked or was cancelled: a hidden 500, the cause in the log.
fn stopped(why: &str) -> AppError {
    let mut app = internal();
    app.source = Some(anyhow::anyhow!("view computation stopped: {why}"));
    app
}

pub(super) fn internal() -> AppError {
    AppError::new(
        ErrorCode::Internal,
        "Die Ansicht konnte nicht berechnet werden.",
        "The view could not be computed.",
    )
}

/// An analysis or view error as the client should see it: unknown ids are 404, impossible
/// options 400, anything else a hidden 500.
pub(super) fn view_error(err: ViewError) -> AppError {
    use vergleich_analysis::AnalysisError;
    match err {
        ViewError::Unknown(what) => AppError::not_found(&what, &what),
        ViewError::Missing(what) => AppError::new(
            ErrorCode::InvalidParameter,
            format!("Für diese Ansicht fehlt: {what}."),
            format!("This view needs {what}."),
        ),
        ViewError::Analysis(AnalysisError::UnknownIndicator { indicator }) => AppError::not_found(
            &format!("Indikator {indicator}"),
            &format!("Indicator {indicator}"),
        ),
        ViewError::Analysis(AnalysisError::UnknownField { field }) => {
            AppError::not_found(&format!("Handlungsfeld {field}"), &format!("Field {field}"))
        }
        ViewError::Analysis(AnalysisError::UnknownMember { key }) => AppError::not_found(
            &format!("Kommune {key} in der Vergleichsgruppe"),
            &format!("Municipality {key} in the comparison group"),
        ),
        ViewError::Analysis(AnalysisError::InvalidOptions { message }) => AppError::new(
            ErrorCode::InvalidParameter,
            format!("Ungültige Methodenwahl: {message}"),
            format!("Invalid method options: {message}"),
        ),
        other => {
            let mut app = internal();
            app.source = Some(other.into());
            app
        }
    }
}

/// 406 for a view without a chart form, saying why.
pub(super) fn no_chart(why_de: &str, why_en: &str) -> AppError {
    let mut err = negotiate::not_acceptable("chart");
    err.detail_de = format!("{why_de} Verfügbar: json, csv, xlsx.");
    err.detail_en = format!("{why_en} Available: json, csv, xlsx.");
    err
}

/// The field-score method of a view, in one line.
pub(super) fn scores_method(options: &vergleich_analysis::score::FieldScoreOptions) -> String {
    let norm = match options.normalisation {
        vergleich_analysis::score::Normalisation::MinMax => "min-max 0–100",
        vergleich_analysis::score::Normalisation::Z => "z-score",
        vergleich_analysis::score::Normalisation::Rank => "rank (mid-rank percentile 0–100)",
    };
    let weights = if options.weights.is_empty() {
        "equal weights".to_owned()
    } else {
        let list: Vec<String> = options
            .weights
            .iter()
            .map(|(k, w)| format!("{k}:{w}"))
            .collect();
        format!("weights {} (others 1)", list.join(", "))
    };
    format!(
        "polarity applied; normalisation {norm}; {:?} mean; {weights}; score shown when coverage ≥ {} %",
        options.aggregation,
        (options.coverage_threshold * 100.0).round()
    )
    .to_lowercase()
}

/// A JSON body as the output of a view.
pub(super) fn json<T: Serialize>(value: &T) -> Result<Output, AppError> {
    serde_json::to_value(value)
        .map(Output::Json)
        .map_err(render::json_error)
}

/// The year a view shows: the asked one, or the latest with data.
pub(super) fn year_of(data: &ViewData, params: &Parsed) -> Result<i32, AppError> {
    params
        .year
        .or_else(|| data.years.last().copied())
        .ok_or_else(|| view_error(ViewError::Missing("data: no observations are visible")))
}

/// The catalogue entry of an indicator named by `parameter`, or 404 naming it.
pub(super) fn indicator<'a>(
    data: &'a ViewData,
    parameter: &str,
    id: &vergleich_domain::IndicatorId,
) -> Result<&'a vergleich_domain::Indicator, AppError> {
    data.catalogue.indicator(id).ok_or_else(|| {
        let mut err = AppError::not_found(&format!("Indikator {id}"), &format!("Indicator {id}"));
        err.errors.push(crate::error::ErrorDetail {
            code: ErrorCode::NotFound.as_str().to_owned(),
            ..crate::error::ErrorDetail::parameter(
                parameter,
                id.as_str(),
                "Nicht im Indikatorenkatalog (GET /api/v1/indicators).",
                "Not in the indicator catalogue (GET /api/v1/indicators).",
            )
        });
        err
    })
}

/// Checks that every member named in `municipality` is in the cohort (404 naming it).
pub(super) fn check_members(data: &ViewData, params: &Parsed) -> Result<(), AppError> {
    for key in &params.members {
        if data.cohort.get(key).is_none() {
            let mut err =
                AppError::not_found(&format!("Kommune {key}"), &format!("Municipality {key}"));
            err.errors.push(crate::error::ErrorDetail {
                code: ErrorCode::NotFound.as_str().to_owned(),
                ..crate::error::ErrorDetail::parameter(
                    "municipality",
                    key.as_str(),
                    "Nicht in der Kohorte (GET /api/v1/municipalities).",
                    "Not in the cohort (GET /api/v1/municipalities).",
                )
            });
            return Err(err);
        }
    }
    Ok(())
}

/// The comparison group of a view and the members it highlights.
pub(super) fn group_of(
    data: &ViewData,
    params: &Parsed,
    year: i32,
) -> Result<vergleich_analysis::PeerGroup, AppError> {
    check_members(data, params)?;
    views::build_group(data, params.group, params.members.first(), year, params.k).map_err(
        |err| match err {
            ViewError::Missing(_) => AppError::invalid(vec![crate::error::ErrorDetail::parameter(
                "group",
                &format!("{:?}", params.group).to_lowercase(),
                "Eine relative Vergleichsgruppe braucht municipality=… (die Bezugskommune) und für size deren Einwohnerzahl.",
                "A relative comparison group needs municipality=… (the focus member) and, for size, its population.",
            )]),
            other => view_error(other),
        },
    )
}

/// A chart request with the common choices of `params` filled in.
pub(super) fn chart_request(params: &Parsed, kind: views::ChartKind) -> views::ViewRequest {
    views::ViewRequest {
        members: params.members.clone(),
        year: params.year,
        group: params.group,
        lang: params.lang,
        size: params.size,
        options: params.options.clone(),
        k: params.k,
        ..views::ViewRequest::new(kind)
    }
}
