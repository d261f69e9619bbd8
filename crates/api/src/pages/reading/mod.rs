//! The pages everyone reads: Überblick, Kommune, Indikator, Vergleich, Datenqualität, Methodik,
//! Bericht. Each page reads the data its reader may see (published data; a municipality also its
//! own unpublished values; managers and admins everything), computes off the async runtime and
//! renders German or English (`?lang=en`). Every chart is inline SVG with its description, the
//! same numbers as a table and links to the matching `/api/v1/…` downloads.

pub(crate) mod common;
mod compare;
mod figure;
mod indicator;
mod member;
mod method;
mod overview;
mod quality;
mod releases;
mod report;
mod sections;
pub(crate) mod text;
mod year;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview::overview))
        .routes(routes!(member::member_page))
        .routes(routes!(indicator::indicator_page))
        .routes(routes!(compare::compare_page))
        .routes(routes!(quality::quality_page))
        .routes(routes!(method::method_page))
        .routes(routes!(report::report_page))
        .routes(routes!(releases::releases_page))
}
