//! Liveness, readiness, metrics, and the answer for unknown paths.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

/// Liveness: the service runs and its database answers. A failed ping is 503
/// `database-unavailable` whatever the database said (a dropped database or a stopped server is
/// not a bug of this service), so a load balancer takes the instance out instead of alerting on a
/// 500.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "Running", content_type = "application/json"),
        (status = 503, description = "Database unavailable", content_type = "application/problem+json")))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    state.store.ping().await.map_err(not_ready)?;
    Ok(Json(
        json!({ "status": "ok", "database": state.store.backend() }),
    ))
}

/// 503 `database-unavailable`, keeping the store's error for the log.
fn not_ready(err: vergleich_store::StoreError) -> AppError {
    let mut app = AppError::new(
        ErrorCode::DatabaseUnavailable,
        "Die Datenbank ist nicht bereit.",
        "The database is not ready.",
    );
    app.source = Some(err.into());
    app
}

/// Readiness: the database answers and holds the migrated schema with the catalogue loaded
/// (migrations run at start-up, before the service listens; a database that lost its tables or
/// was swapped for an empty one answers not ready).
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses((status = 200, description = "Ready for traffic", content_type = "application/json"),
        (status = 503, description = "Not ready", content_type = "application/problem+json")))]
pub async fn ready(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    state.store.ping().await.map_err(not_ready)?;
    let fields = state.store.fields().await.map_err(not_ready)?;
    if fields.is_empty() {
        return Err(AppError::new(
            ErrorCode::DatabaseUnavailable,
            "Die Datenbank enthält keinen Indikatorenkatalog.",
            "The database holds no indicator catalogue.",
        ));
    }
    Ok(Json(json!({
        "status": "ready",
        "database": state.store.backend(),
        "fields": fields.len(),
    })))
}

/// Prometheus metrics (OpenMetrics text): requests by method, matched route and status, their
/// durations, requests in flight, uploads by outcome.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Metrics", content_type = "application/openmetrics-text")))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        state.metrics.encode(),
    )
}

pub async fn not_found() -> AppError {
    AppError::not_found("Diese Adresse", "This address")
}
