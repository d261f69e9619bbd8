//! Selbstcheck workshops over HTTP (issue #12). The facilitator's routes are under
//! `/api/v1/selfcheck/…` and need a signed-in user of the member (or a manager); the
//! participants' routes are under `/api/v1/workshops/{code}` and need only the join code. Wrong
//! codes count against the client's address ([`join_throttle`]): after [`JOIN_FREE`] misses the
//! address waits 1 s, then twice as long with every further miss (at most 15 min), answered 429
//! with `Retry-After`. The rules are `vergleich_service::workflow::selfcheck_workshop`.

mod join;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_service::workflow::selfcheck_workshop::OutcomeInput;
use vergleich_service::workflow::selfcheck_workshop_view::WorkshopView;

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiJson;
use crate::state::AppState;

pub use join::{JOIN_FREE, join, join_throttle};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, open))
        .routes(routes!(facilitated))
        .routes(routes!(close))
        .routes(routes!(outcomes))
        .routes(routes!(need))
        .routes(routes!(join::joined))
        .routes(routes!(join::cast))
        .routes(routes!(join::my_ballot, join::change))
        .routes(routes!(join::results))
}

/// A workshop's results as the API answers them.
#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct WorkshopOut(WorkshopView);

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkshopList {
    workshops: Vec<WorkshopOut>,
}

/// The workshops of a round with their results (hidden-aggregate rule for every reader).
#[utoipa::path(get, path = "/api/v1/selfcheck/rounds/{id}/workshops", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Workshops", body = WorkshopList),
        (status = 404, description = "No such round, or one in work of another member", content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<WorkshopList>, AppError> {
    state.workflow().selfcheck_round(&principal, id).await?;
    let views = state.workflow().round_workshops(&principal, id).await?;
    Ok(Json(WorkshopList {
        workshops: views.into_iter().map(WorkshopOut).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenWorkshopBody {
    /// e.g. "Workshop Weltoffene Kommune, 27. August 2020"; 1–200 characters.
    #[schema(min_length = 1, max_length = 200)]
    title: String,
}

/// Opens a workshop for a round in work; the answer carries the join code and path.
#[utoipa::path(post, path = "/api/v1/selfcheck/rounds/{id}/workshops", tag = "selfcheck",
    params(("id" = i64, Path, description = "Round id")),
    request_body(content = OpenWorkshopBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Opened", body = WorkshopOut),
        (status = 400, description = "Bad title", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not a facilitator role", content_type = "application/problem+json"),
        (status = 404, description = "No such round of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "The round is published", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn open(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<OpenWorkshopBody>,
) -> Result<(StatusCode, Json<WorkshopOut>), AppError> {
    let w = state
        .workflow()
        .open_workshop(&principal, id, &body.title)
        .await?;
    let view = state
        .workflow()
        .workshop_view(&principal, &w, false)
        .await?;
    Ok((StatusCode::CREATED, Json(WorkshopOut(view))))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkshopParams {
    /// For SVG and PNG: `workshop` (default: ratings per field by perspective) or `gap`
    /// (administration against workshop).
    chart: Option<String>,
    /// `de` (default) or `en`, for charts and tables.
    lang: Option<String>,
}

/// A workshop's results in the asked form: JSON, CSV/XLSX (one row per field), SVG/PNG chart.
pub(super) async fn answer(
    state: &AppState,
    view: WorkshopView,
    format: crate::negotiate::Format,
    params: &WorkshopParams,
) -> Result<axum::response::Response, AppError> {
    use crate::negotiate::Format;
    use crate::pages::selfcheck::charts;
    use axum::response::IntoResponse;
    let lang = super::concepts::lang_param(params.lang.as_deref())?;
    let gap = match params.chart.as_deref() {
        None | Some("workshop") => false,
        Some("gap") => true,
        Some(other) => {
            return Err(AppError::invalid(vec![ErrorDetail::parameter(
                "chart",
                other,
                "Die Grafik ist workshop oder gap.",
                "The chart is workshop or gap.",
            )]));
        }
    };
    match format {
        Format::Json => Ok(Json(WorkshopOut(view)).into_response()),
        Format::Csv | Format::Xlsx => {
            let table = charts::workshop_table(&view, lang);
            let bytes = if format == Format::Csv {
                crate::export::to_csv(&table, lang)
            } else {
                crate::export::to_xlsx(&table, lang)
            }
            .map_err(|e| {
                AppError::from(vergleich_service::Error::internal(anyhow::anyhow!(
                    "workshop table: {e}"
                )))
            })?;
            Ok(([(header::CONTENT_TYPE, format.media_type())], bytes).into_response())
        }
        Format::Svg | Format::Png => {
            let name = view.workshop.municipality_name.clone();
            let demo = view.workshop.synthetic;
            super::drawn::chart(state, format, move || {
                if gap {
                    charts::gap_spec(&view, &name, lang, demo).to_svg()
                } else {
                    charts::workshop_spec(&view, &name, lang, demo).to_svg()
                }
            })
            .await
        }
    }
}

/// One workshop with its results (JSON, CSV, XLSX, SVG, PNG); the facilitator also gets the code.
#[utoipa::path(get, path = "/api/v1/selfcheck/workshops/{id}", tag = "selfcheck",
    params(("id" = i64, Path, description = "Workshop id; add .csv, .xlsx, .svg or .png"), WorkshopParams),
    responses(
        (status = 200, description = "The workshop", body = WorkshopOut),
        (status = 400, description = "Bad chart or language", content_type = "application/problem+json"),
        (status = 404, description = "No such workshop, or one of a round in work of another member", content_type = "application/problem+json"),
        (status = 406, description = "Form not available", content_type = "application/problem+json")))]
pub async fn facilitated(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    format: crate::negotiate::Format,
    crate::extract::ApiQuery(params): crate::extract::ApiQuery<WorkshopParams>,
) -> Result<axum::response::Response, AppError> {
    let w = state.store.workshop(id).await?.ok_or_else(|| {
        vergleich_service::Error::not_found(
            &format!("Der Workshop {id}"),
            &format!("workshop {id}"),
        )
    })?;
    let view = state
        .workflow()
        .workshop_view(&principal, &w, false)
        .await?;
    answer(&state, view, format, &params).await
}

/// Closes a workshop: ballots are final.
#[utoipa::path(post, path = "/api/v1/selfcheck/workshops/{id}/close", tag = "selfcheck",
    params(("id" = i64, Path, description = "Workshop id")),
    responses(
        (status = 200, description = "Closed", body = WorkshopOut),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not a facilitator role", content_type = "application/problem+json"),
        (status = 404, description = "No such workshop of the user's member", content_type = "application/problem+json"),
        (status = 409, description = "Closed already", content_type = "application/problem+json")))]
pub async fn close(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<Json<WorkshopOut>, AppError> {
    let w = state.workflow().close_workshop(&principal, id).await?;
    let view = state
        .workflow()
        .workshop_view(&principal, &w, false)
        .await?;
    Ok(Json(WorkshopOut(view)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeItem {
    /// Field id, e.g. `zusammenhalt`.
    field: String,
    /// The agreed level `0`–`3`.
    agreed: String,
    /// Why, 1–2,000 characters.
    rationale: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomesBody {
    #[schema(max_items = 50)]
    outcomes: Vec<OutcomeItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Stored {
    stored: usize,
}

/// Records the workshop's agreed value and rationale per field (replacing earlier ones).
#[utoipa::path(put, path = "/api/v1/selfcheck/workshops/{id}/outcomes", tag = "selfcheck",
    params(("id" = i64, Path, description = "Workshop id")),
    request_body(content = OutcomesBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored", body = Stored),
        (status = 400, description = "Problems by row; nothing stored", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not a facilitator role", content_type = "application/problem+json"),
        (status = 404, description = "No such workshop of the user's member", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn outcomes(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<OutcomesBody>,
) -> Result<Json<Stored>, AppError> {
    too_many("outcomes", body.outcomes.len(), 50)?;
    let input: Vec<OutcomeInput> = body
        .outcomes
        .into_iter()
        .map(|o| OutcomeInput {
            field: o.field,
            agreed: o.agreed,
            rationale: o.rationale,
        })
        .collect();
    let stored = state
        .workflow()
        .record_outcomes(&principal, id, &input)
        .await?;
    Ok(Json(Stored { stored }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedBody {
    /// The ballot id of the comment (from the facilitator's results).
    #[serde(deserialize_with = "crate::extract::integral_required")]
    ballot: i64,
    field: String,
    /// `true`: take the comment over as a need for action; `false`: take it back.
    need: bool,
}

/// Takes a participant's comment over as a need for action (or back).
#[utoipa::path(put, path = "/api/v1/selfcheck/workshops/{id}/needs", tag = "selfcheck",
    params(("id" = i64, Path, description = "Workshop id")),
    request_body(content = NeedBody, content_type = "application/json"),
    responses(
        (status = 204, description = "Stored"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Not a facilitator role", content_type = "application/problem+json"),
        (status = 404, description = "No such workshop or comment", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn need(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NeedBody>,
) -> Result<StatusCode, AppError> {
    state
        .workflow()
        .mark_need(&principal, id, body.ballot, &body.field, body.need)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn too_many(parameter: &str, n: usize, max: usize) -> Result<(), AppError> {
    if n > max {
        return Err(AppError::invalid(vec![ErrorDetail::parameter(
            parameter,
            &n.to_string(),
            format!("Höchstens {max} Einträge auf einmal."),
            format!("At most {max} entries at once."),
        )]));
    }
    Ok(())
}
