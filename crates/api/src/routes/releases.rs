//! Releases over HTTP (issue #17 points 3–4): `GET /api/v1/releases` lists them (with each
//! one's content hash for immutable addresses), `POST /api/v1/releases` cuts one (managers),
//! `GET /api/v1/releases/{name}` shows one with what changed against the previous release,
//! and each release is open data: `…/datapackage.zip` (Frictionless Tabular Data Package),
//! `…/datapackage.json` (its descriptor) and `…/dcat.jsonld` (DCAT-AP.de record). Every view
//! takes `release=` (`compare::params`). The rules are `vergleich_service::workflow::releases`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::Release;
use vergleich_service::workflow::release_content::ReleaseContent;
use vergleich_service::workflow::releases::{ReleaseBody, ReleaseChanges, ReleaseListed};

use crate::auth::Principal;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, cut))
        .routes(routes!(one))
        .routes(routes!(package_zip))
        .routes(routes!(package_json))
        .routes(routes!(dcat))
}

/// A release as listed, with its content hash and addresses.
#[derive(Serialize, ToSchema)]
pub struct ReleaseOut {
    #[serde(flatten)]
    release: ReleaseListed,
    /// The first 16 hex digits of the content hash: `?release={name}&digest={digest}` on any
    /// view gives an answer cached for a year.
    digest: String,
    /// The whole SHA-256 of the content (observations, values, statuses, sources).
    content_sha256: String,
    /// Observations in the release.
    observations: usize,
    /// The open-data package and its DCAT record.
    datapackage: String,
    dcat: String,
}

/// The releases of this reader.
#[derive(Serialize, ToSchema)]
pub struct ReleaseList {
    releases: Vec<ReleaseOut>,
}

/// One release with what changed against the previous one.
#[derive(Serialize, ToSchema)]
pub struct ReleaseDetail {
    #[serde(flatten)]
    release: ReleaseOut,
    changes: ReleaseChanges,
}

/// A release as listed; its facts are read once and then kept (`ReleaseFactsCache`).
async fn out(
    state: &AppState,
    r: &Release,
    now: DateTime<Utc>,
) -> Result<(ReleaseOut, ReleaseChanges), AppError> {
    let facts = state.workflow().release_facts(&state.releases, r).await?;
    let out = ReleaseOut {
        release: ReleaseListed::new(r, now),
        digest: facts.short_digest().to_owned(),
        content_sha256: facts.digest.clone(),
        observations: facts.observations,
        datapackage: format!("/api/v1/releases/{}/datapackage.zip", r.name),
        dcat: format!("/api/v1/releases/{}/dcat.jsonld", r.name),
    };
    Ok((out, facts.changes.clone()))
}

/// The releases: those that are out, and for managers and admins the scheduled ones too
/// (oldest first).
#[utoipa::path(get, path = "/api/v1/releases", tag = "releases",
    responses(
        (status = 200, description = "The releases", body = ReleaseList),
        (status = 401, description = "A token that is not valid", content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<ReleaseList>, AppError> {
    let now = Utc::now();
    let mut releases = Vec::new();
    for r in state.workflow().releases(&principal, now).await? {
        releases.push(out(&state, &r, now).await?.0);
    }
    Ok(Json(ReleaseList { releases }))
}

/// Cuts a release of the published data (managers and admins): now, or scheduled for a moment
/// ahead, under whose embargo uploads can then be approved (`POST
/// /api/v1/uploads/{id}/approve` with `embargo`).
#[utoipa::path(post, path = "/api/v1/releases", tag = "releases",
    request_body(content = ReleaseBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Cut", body = ReleaseOut),
        (status = 400, description = "Bad name, title or note (which, why)", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 403, description = "Managers and admins only", content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (names are never reused)", content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json")))]
pub async fn cut(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<ReleaseBody>,
) -> Result<(StatusCode, Json<ReleaseOut>), AppError> {
    let release = state.workflow().cut_release(&principal, body).await?;
    state.data_version.bump();
    let (out, _) = out(&state, &release, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

fn name_param(name: &str) -> Result<(), AppError> {
    vergleich_domain::release::check_release_name(name).map_err(|problem| {
        AppError::invalid(vec![vergleich_service::ErrorDetail::parameter(
            "name",
            name,
            format!("Kein Name eines Datenstands: {problem}."),
            format!("Not a release name: {problem}."),
        )])
    })
}

/// One release and what changed in it against the previous release (values added, changed,
/// removed; the first 500 listed).
#[utoipa::path(get, path = "/api/v1/releases/{name}", tag = "releases",
    params(("name" = String, Path, description = "Release name, e.g. 2025-1", pattern = "^[a-z0-9][a-z0-9.-]{0,31}$")),
    responses(
        (status = 200, description = "The release", body = ReleaseDetail),
        (status = 400, description = "Not a release name", content_type = "application/problem+json"),
        (status = 401, description = "A token that is not valid", content_type = "application/problem+json"),
        (status = 404, description = "No such release (or not out yet)", content_type = "application/problem+json")))]
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    Path(name): Path<String>,
) -> Result<Json<ReleaseDetail>, AppError> {
    name_param(&name)?;
    let now = Utc::now();
    let release = state.workflow().release(&principal, &name, now).await?;
    let (release, changes) = out(&state, &release, now).await?;
    Ok(Json(ReleaseDetail { release, changes }))
}

/// The release's content for the package routes, read once and turned into bytes off the
/// async runtime.
async fn content(
    state: &AppState,
    principal: &Principal,
    name: &str,
) -> Result<(Arc<ReleaseContent>, bool), AppError> {
    name_param(name)?;
    let now = Utc::now();
    let release = state.workflow().release(principal, name, now).await?;
    let content = state
        .workflow()
        .release_content(&release, &state.http.public_url)
        .await?;
    Ok((Arc::new(content), release.is_out(now)))
}

async fn cpu<T: Send + 'static>(
    state: &AppState,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    state.work.run(job).await.map_err(|err| {
        AppError::from(vergleich_service::Error::internal(anyhow::anyhow!(
            "release package stopped: {err}"
        )))
    })
}

/// A package file: public for five minutes when the release is out (the catalogue's texts in
/// it may still be corrected), never stored when it is a scheduled release's preview.
fn file(
    bytes: Vec<u8>,
    content_type: &'static str,
    out: bool,
    download: Option<String>,
) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let cache = if out {
        "public, max-age=300"
    } else {
        "no-store"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Some(name) = download
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The release as a Frictionless Tabular Data Package (ZIP): `datapackage.json` and the CSV
/// files observations, indicators, fields and municipalities, typed, with primary and foreign
/// keys, under the Datenlizenz Deutschland – Namensnennung 2.0. Byte-identical for the same
/// release on any server.
#[utoipa::path(get, path = "/api/v1/releases/{name}/datapackage.zip", tag = "releases",
    params(("name" = String, Path, description = "Release name", pattern = "^[a-z0-9][a-z0-9.-]{0,31}$")),
    responses(
        (status = 200, description = "The package", content_type = "application/zip"),
        (status = 400, description = "Not a release name", content_type = "application/problem+json"),
        (status = 401, description = "A token that is not valid", content_type = "application/problem+json"),
        (status = 404, description = "No such release (or not out yet)", content_type = "application/problem+json")))]
pub async fn package_zip(
    State(state): State<AppState>,
    principal: Principal,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let (content, out) = content(&state, &principal, &name).await?;
    let bytes = cpu(&state, move || {
        let c = &*content;
        vergleich_service::opendata::package_zip(&c.meta, &c.catalogue, &c.cohort, &c.observations)
    })
    .await?
    .map_err(|e| AppError::from(vergleich_service::Error::internal(e)))?;
    let download = format!("vergleich-{name}.zip");
    Ok(file(bytes, "application/zip", out, Some(download)))
}

/// The package's descriptor (`datapackage.json`) on its own.
#[utoipa::path(get, path = "/api/v1/releases/{name}/datapackage.json", tag = "releases",
    params(("name" = String, Path, description = "Release name", pattern = "^[a-z0-9][a-z0-9.-]{0,31}$")),
    responses(
        (status = 200, description = "The descriptor", content_type = "application/json"),
        (status = 400, description = "Not a release name", content_type = "application/problem+json"),
        (status = 401, description = "A token that is not valid", content_type = "application/problem+json"),
        (status = 404, description = "No such release (or not out yet)", content_type = "application/problem+json")))]
pub async fn package_json(
    State(state): State<AppState>,
    principal: Principal,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let describe = vergleich_service::opendata::descriptor;
    json_file(&state, &principal, &name, describe, "application/json").await
}

/// A JSON document made from the release's content by `make`, off the async runtime.
async fn json_file(
    state: &AppState,
    principal: &Principal,
    name: &str,
    make: fn(
        &vergleich_service::opendata::PackageMeta,
        &vergleich_domain::Catalogue,
        &vergleich_domain::Cohort,
        &[vergleich_domain::Observation],
    ) -> serde_json::Value,
    content_type: &'static str,
) -> Result<Response, AppError> {
    let (content, out) = content(state, principal, name).await?;
    let value = cpu(state, move || {
        let c = &*content;
        make(&c.meta, &c.catalogue, &c.cohort, &c.observations)
    })
    .await?;
    let bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    Ok(file(bytes, content_type, out, None))
}

/// The release's DCAT-AP.de record (JSON-LD) for open-data portals: title, description,
/// publisher, licence, temporal coverage, political geocoding (level and keys) and the
/// package as distribution. Absolute addresses when the service runs with `--public-url`.
#[utoipa::path(get, path = "/api/v1/releases/{name}/dcat.jsonld", tag = "releases",
    params(("name" = String, Path, description = "Release name", pattern = "^[a-z0-9][a-z0-9.-]{0,31}$")),
    responses(
        (status = 200, description = "The DCAT-AP.de record", content_type = "application/ld+json"),
        (status = 400, description = "Not a release name", content_type = "application/problem+json"),
        (status = 401, description = "A token that is not valid", content_type = "application/problem+json"),
        (status = 404, description = "No such release (or not out yet)", content_type = "application/problem+json")))]
pub async fn dcat(
    State(state): State<AppState>,
    principal: Principal,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let record = vergleich_service::opendata::dcat_record;
    json_file(&state, &principal, &name, record, "application/ld+json").await
}
