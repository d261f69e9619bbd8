//! Integrationskonzepte over HTTP (issue #13): reading a member's concept with progress, the
//! concepts across members, the diff of two versions, and the municipality's writes (start a
//! version, edit a draft as a whole, publish, the measures table down and up). The rules are
//! `vergleich_service::workflow::concept*`; these handlers read the request and answer JSON
//! (the measures table as CSV or XLSX).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::concept::MeasureStatus;
use vergleich_domain::format::Lang;
use vergleich_domain::{SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN};
use vergleich_service::workflow::concept_across::{ConceptDiff, ConceptsAcross, MeasureQuery};
use vergleich_service::workflow::concept_view::{ConceptClock, ConceptView, METHOD_DE, METHOD_EN};

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::export;
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::state::AppState;

mod write;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(across))
        .routes(routes!(concept))
        .routes(routes!(diff))
        .routes(routes!(progress_chart))
        .routes(routes!(timeline_chart))
        .routes(routes!(write::start))
        .routes(routes!(write::edit))
        .routes(routes!(write::publish))
        .routes(routes!(write::measures, write::upload_measures))
}

/// The day progress and warnings are computed for.
pub fn clock() -> ConceptClock {
    ConceptClock::at(Utc::now().date_naive())
}

/// What every concept answer says about itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConceptMeta {
    view: &'static str,
    generated_at: String,
    today: NaiveDate,
    method_de: &'static str,
    method_en: &'static str,
    /// Set when any concept shown is demo content.
    notice: Option<String>,
}

fn meta(view: &'static str, synthetic: bool) -> ConceptMeta {
    let today = clock().today;
    ConceptMeta {
        view,
        generated_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        today,
        method_de: METHOD_DE,
        method_en: METHOD_EN,
        notice: synthetic.then(|| format!("{SYNTHETIC_LABEL_DE} / {SYNTHETIC_LABEL_EN}")),
    }
}

/// `de` (default) or `en`; anything else is a 400 naming `lang`.
pub(super) fn lang_param(raw: Option<&str>) -> Result<Lang, AppError> {
    match raw {
        None | Some("de") => Ok(Lang::De),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(AppError::invalid(vec![ErrorDetail::parameter(
            "lang",
            other,
            "Die Sprache ist de oder en.",
            "The language is de or en.",
        )])),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AcrossParams {
    /// Measures in this Handlungsfeld only (field id).
    field: Option<String>,
    /// Measures in this status only: idee, in_planung, in_umsetzung, laufend, abgeschlossen, verworfen.
    status: Option<String>,
    /// Keyword in a measure's title or owner (case- and umlaut-insensitive).
    q: Option<String>,
}

impl AcrossParams {
    pub fn query(&self) -> Result<MeasureQuery, AppError> {
        let status = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(MeasureStatus::parse(s).map_err(|e| {
                AppError::invalid(vec![ErrorDetail::parameter(
                    "status",
                    s,
                    e.message_de(),
                    e.message_en(),
                )])
            })?),
        };
        let keyword = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        if keyword.is_some_and(|q| q.chars().count() > 100) {
            return Err(AppError::invalid(vec![ErrorDetail::parameter(
                "q",
                "",
                "Der Suchbegriff hat höchstens 100 Zeichen.",
                "The keyword has at most 100 characters.",
            )]));
        }
        let field = match self.field.as_deref().filter(|f| !f.is_empty()) {
            None => None,
            Some(f) => Some(
                vergleich_domain::FieldId::parse(f)
                    .map_err(|_| {
                        AppError::invalid(vec![ErrorDetail::parameter(
                            "field",
                            f,
                            "Das Handlungsfeld ist eine Kennung wie zugang (siehe /api/v1/fields).",
                            "The field is an id such as zugang (see /api/v1/fields).",
                        )])
                    })?
                    .to_string(),
            ),
        };
        Ok(MeasureQuery {
            field,
            status,
            keyword: keyword.map(str::to_owned),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AcrossOut {
    meta: ConceptMeta,
    concepts: ConceptsAcross,
}

/// Every member's current Integrationskonzept with progress and warnings, which members have
/// goals and measures in each Handlungsfeld, targets on the same indicator side by side, and
/// the measures a search finds.
#[utoipa::path(get, path = "/api/v1/concepts", tag = "concepts",
    params(AcrossParams),
    responses(
        (status = 200, description = "Concepts across members", body = AcrossOut),
        (status = 400, description = "Bad parameter", content_type = "application/problem+json"),
        (status = 406, description = "Form not available (JSON only)", content_type = "application/problem+json")))]
pub async fn across(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(params): ApiQuery<AcrossParams>,
) -> Result<Json<AcrossOut>, AppError> {
    let query = params.query()?;
    let concepts = state
        .workflow()
        .concepts_across(&principal, &query, clock())
        .await?;
    let synthetic = concepts.members.iter().any(|m| m.current.version.synthetic);
    Ok(Json(AcrossOut {
        meta: meta("concepts", synthetic),
        concepts,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConceptParams {
    /// The version's label (e.g. 2022); default: the newest published one.
    version: Option<String>,
    /// Language of a CSV or XLSX: `de` (default: `;`, decimal comma) or `en`.
    lang: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConceptOut {
    meta: ConceptMeta,
    concept: ConceptView,
}

/// A member's Integrationskonzept: its versions, and one of them with Themenfelder, ideal
/// states, goals with targets and progress (each actual with year and source), measures and
/// warnings. Drafts for the member's users and managers only; budgets for signed-in readers.
#[utoipa::path(get, path = "/api/v1/concepts/{municipality}", tag = "concepts",
    params(("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel)"), ConceptParams),
    responses(
        (status = 200, description = "The concept (JSON); its targets as a table (CSV, XLSX: by Accept or suffix)", body = ConceptOut),
        (status = 400, description = "Bad key", content_type = "application/problem+json"),
        (status = 404, description = "No such member or version", content_type = "application/problem+json"),
        (status = 406, description = "Form not available (a suffix other than .json, .csv, .xlsx)", content_type = "application/problem+json")))]
pub async fn concept(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    format: Format,
    ApiQuery(params): ApiQuery<ConceptParams>,
) -> Result<Response, AppError> {
    let key = super::parse_key(&raw)?;
    let concept = state
        .workflow()
        .concept(&principal, &key, params.version.as_deref(), clock())
        .await?;
    let synthetic = concept.versions.iter().any(|v| v.synthetic);
    let lang = lang_param(params.lang.as_deref())?;
    let table = || concept.targets_table(lang);
    let bytes = match format {
        Format::Json => {
            return Ok(Json(ConceptOut {
                meta: meta("concept", synthetic),
                concept,
            })
            .into_response());
        }
        Format::Csv => export::to_csv(&table(), lang),
        Format::Xlsx => export::to_xlsx(&table(), lang),
        Format::Svg | Format::Png => {
            return Err(crate::negotiate::not_acceptable(format.media_type()));
        }
    }
    .map_err(|e| {
        let mut err = AppError::new(
            crate::error::ErrorCode::Internal,
            "Die Tabelle konnte nicht erstellt werden.",
            "The table could not be made.",
        );
        err.source = Some(e.into());
        err
    })?;
    let name = format!("zielwerte-{key}.{}", format.suffix());
    let mut response = ([(header::CONTENT_TYPE, format.media_type())], bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        export::content_disposition(&name),
    );
    Ok(response)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    /// The older version's label.
    from: String,
    /// The newer version's label.
    to: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DiffOut {
    meta: ConceptMeta,
    diff: ConceptDiff,
}

/// What changed between two versions: Themenfelder, goals (with targets) and measures added,
/// dropped or changed, each change with its value before and after.
#[utoipa::path(get, path = "/api/v1/concepts/{municipality}/diff", tag = "concepts",
    params(("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel)"), DiffParams),
    responses(
        (status = 200, description = "The changes", body = DiffOut),
        (status = 400, description = "Bad parameter", content_type = "application/problem+json"),
        (status = 404, description = "No such member or version", content_type = "application/problem+json"),
        (status = 406, description = "Form not available (a suffix other than .json, .csv, .xlsx)", content_type = "application/problem+json")))]
pub async fn diff(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    ApiQuery(params): ApiQuery<DiffParams>,
) -> Result<Json<DiffOut>, AppError> {
    let key = super::parse_key(&raw)?;
    let diff = state
        .workflow()
        .concept_diff(&principal, &key, &params.from, &params.to)
        .await?;
    let synthetic = diff.from.synthetic || diff.to.synthetic;
    Ok(Json(DiffOut {
        meta: meta("concept-diff", synthetic),
        diff,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChartParams {
    /// The version's label; default: the newest published one.
    version: Option<String>,
    /// `de` (default) or `en`.
    lang: Option<String>,
}

/// The spec of one of the concept's charts, to draw off the async workers.
enum Spec {
    Progress(vergleich_charts::GoalProgressSpec),
    Timeline(vergleich_charts::MeasureTimelineSpec),
}

/// Renders one of the concept's charts as SVG or PNG.
async fn chart(
    state: &AppState,
    principal: &Principal,
    raw: &str,
    params: &ChartParams,
    format: Format,
    which: &str,
) -> Result<Response, AppError> {
    use crate::pages::concept::charts::{progress_spec, timeline_spec};
    let key = super::parse_key(raw)?;
    let lang = lang_param(params.lang.as_deref())?;
    let view = state
        .workflow()
        .concept(principal, &key, params.version.as_deref(), clock())
        .await?;
    let Some(shown) = view.shown.as_ref() else {
        return Err(AppError::not_found(
            &format!("Ein veröffentlichtes Integrationskonzept von {}", view.name),
            &format!("a published integration concept of {}", view.name),
        ));
    };
    let spec = match which {
        "progress" => Spec::Progress(progress_spec(&view, shown, lang)),
        _ => Spec::Timeline(timeline_spec(&view, shown, lang)),
    };
    if matches!(format, Format::Csv | Format::Xlsx) {
        return Err(crate::negotiate::not_acceptable(format.media_type()));
    }
    // Drawing and rasterising is CPU work: off the async workers, within the CPU-job bound.
    super::drawn::chart(state, format, move || match spec {
        Spec::Progress(s) => s.to_svg(),
        Spec::Timeline(s) => s.to_svg(),
    })
    .await
}

/// The goal progress chart of a concept: a bullet per target (baseline, actual, target,
/// expected by now), SVG (default) or PNG.
#[utoipa::path(get, path = "/api/v1/concepts/{municipality}/progress", tag = "concepts",
    params(("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel); add .svg or .png"), ChartParams),
    responses(
        (status = 200, description = "The chart", content_type = "image/svg+xml"),
        (status = 404, description = "No such member, version or published concept", content_type = "application/problem+json"),
        (status = 406, description = "Only SVG and PNG", content_type = "application/problem+json")))]
pub async fn progress_chart(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    format: Format,
    ApiQuery(params): ApiQuery<ChartParams>,
) -> Result<Response, AppError> {
    chart(&state, &principal, &raw, &params, format, "progress").await
}

/// The measures timeline of a concept: bars from start to end coloured by status, today
/// marked, SVG (default) or PNG.
#[utoipa::path(get, path = "/api/v1/concepts/{municipality}/timeline", tag = "concepts",
    params(("municipality" = String, Path, description = "Key (AGS or Kreisschlüssel); add .svg or .png"), ChartParams),
    responses(
        (status = 200, description = "The chart", content_type = "image/svg+xml"),
        (status = 404, description = "No such member, version or published concept", content_type = "application/problem+json"),
        (status = 406, description = "Only SVG and PNG", content_type = "application/problem+json")))]
pub async fn timeline_chart(
    State(state): State<AppState>,
    principal: Principal,
    Path(raw): Path<String>,
    format: Format,
    ApiQuery(params): ApiQuery<ChartParams>,
) -> Result<Response, AppError> {
    chart(&state, &principal, &raw, &params, format, "timeline").await
}
