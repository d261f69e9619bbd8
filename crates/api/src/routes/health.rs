//! Liveness and the answer for unknown paths.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::error::AppError;
use crate::state::AppState;

/// `GET /health`: the service runs and its database answers.
/// Liveness: the service runs and its database answers.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "Running", content_type = "application/json"),
        (status = 503, description = "Database unavailable", content_type = "application/problem+json")))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    state.store.ping().await?;
    Ok(Json(
        json!({ "status": "ok", "database": state.store.backend() }),
    ))
}

pub async fn not_found() -> AppError {
    AppError::not_found("Diese Adresse", "This address")
}
