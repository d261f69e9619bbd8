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
mod docs;
mod groups;
pub(crate) mod params;
mod profile;
mod render;
mod scores;
mod sensitivity;
mod trend;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use chrono::Utc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_service::{View, ViewData, ViewQuery};

use crate::auth::Principal;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::negotiate::Format;
use crate::snapshots;
use crate::state::AppState;

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

/// What every view handler takes from a request: the shared state, who asks (401 for a bad
/// token), the asked form (406 for an unknown one) and the query as sent (400 for an unknown
/// parameter). The handler adds its path, parses the parameters its view accepts and calls
/// [`ViewRequest::serve`].
pub(super) struct ViewRequest {
    state: AppState,
    principal: Principal,
    format: Format,
    params: ViewParams,
}

impl FromRequestParts<AppState> for ViewRequest {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let format = Format::from_request_parts(parts, state).await?;
        let ApiQuery(params) = ApiQuery::<ViewParams>::from_request_parts(parts, state).await?;
        Ok(Self {
            state: state.clone(),
            principal,
            format,
            params,
        })
    }
}

impl ViewRequest {
    /// The query parsed, with every parameter outside `allowed` (and the ones every view takes)
    /// a 400 naming it.
    pub(super) fn parse(&self, allowed: &[&str]) -> Result<Parsed, AppError> {
        self.params.clone().parse(allowed)
    }

    /// The one path of every comparison view: takes the data the principal may see (kept per
    /// data version, `crate::snapshots`), computes the view once on a CPU job
    /// (`vergleich_service::work`) with the application layer's view function `compute`, and
    /// renders the asked form from that one value.
    pub(super) async fn serve<F>(self, params: Parsed, compute: F) -> Result<Response, AppError>
    where
        F: FnOnce(&ViewData, &ViewQuery) -> vergleich_service::Result<View> + Send + 'static,
    {
        let Self {
            state,
            principal,
            format,
            ..
        } = self;
        // A release's answer is the same bytes whenever it is asked: it is dated by the
        // release's moment, not by the request.
        let (data, immutable, generated_at) = match &params.release {
            Some(name) => release_data(&state, &principal, name, &params).await?,
            None => (
                snapshots::view_data(&state, principal.reading(params.preview)).await?,
                false,
                Utc::now(),
            ),
        };
        // polars, plotters, resvg and the XLSX writer are CPU work.
        let mut response = state
            .work
            .run(move || -> Result<Response, AppError> {
                let query = params.query();
                let view = compute(&data, &query)?;
                render::render(&data, &params, &query, format, view, generated_at)
            })
            .await
            .map_err(|err| {
                AppError::from(vergleich_service::Error::internal(anyhow::anyhow!(
                    "view computation stopped: {err}"
                )))
            })??;
        if immutable {
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static(IMMUTABLE),
            );
        }
        Ok(response)
    }
}

/// How a release-pinned answer with its content hash is cached: for a year, by anyone.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The data of the release `name` for this reader, and whether the answer is immutable (the
/// release is out and the address names its content hash). A `digest` that is not the
/// release's is a 409 naming the right one: the address then points at other content.
async fn release_data(
    state: &AppState,
    principal: &Principal,
    name: &str,
    params: &Parsed,
) -> Result<(std::sync::Arc<ViewData>, bool, chrono::DateTime<Utc>), AppError> {
    let now = Utc::now();
    let release = state.workflow().release(principal, name, now).await?;
    let data = snapshots::release_data(state, &release).await?;
    let digest = data.state.digest.as_deref().unwrap_or_default();
    let short = &digest[..digest.len().min(16)];
    match params.digest.as_deref() {
        None => Ok((data, false, release.at)),
        Some(asked) if asked == short => Ok((data, release.is_out(now), release.at)),
        Some(asked) => Err(AppError::from(vergleich_service::Error::new(
            vergleich_service::ErrorCode::Conflict,
            format!(
                "Der Datenstand {name} hat den Inhalts-Hash {short}, nicht {asked}: digest={short} verwenden."
            ),
            format!(
                "Release {name} has the content hash {short}, not {asked}: use digest={short}."
            ),
        ))),
    }
}
