//! The pages everyone reads: Überblick, Kommune, Indikator, Vergleich, Datenqualität, Methodik,
//! Bericht.

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
