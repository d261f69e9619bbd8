//! Which routes change the data views are computed from ([`DATA_WRITES`]) and which change
//! other things ([`OTHER_WRITES`]); a successful data write moves the data version on
//! (`crate::cache`).

use axum::extract::{MatchedPath, Request};
use axum::response::Response;

use crate::state::AppState;

/// The state-changing routes that change data a view is computed from (uploads and review steps,
/// on the API and in the pages). Every other state-changing route must be listed in
/// [`OTHER_WRITES`]; a test fails on a route in neither list.
pub const DATA_WRITES: &[&str] = &[
    "/api/v1/uploads",
    "/api/v1/uploads/{id}/submit",
    "/api/v1/uploads/{id}/approve",
    "/api/v1/uploads/{id}/reject",
    "/hochladen",
    "/hochladen/{id}/einreichen",
    "/pruefung/{id}/freigeben",
    "/pruefung/{id}/ablehnen",
    // Publishing a Selbstcheck round stores its field scores as sc_* observations.
    "/api/v1/selfcheck/rounds/{id}/publish",
    "/selbstcheck/runde/{id}/veroeffentlichen",
    // The catalogue at runtime (issue #14 B): a new field or indicator, a label, a definition.
    "/api/v1/fields",
    "/api/v1/fields/{id}",
    "/api/v1/indicators",
    "/api/v1/indicators/{id}",
    "/api/v1/indicators/{id}/definitions",
    "/verwaltung/katalog",
    // Releases (issue #17): a new one may schedule an embargo.
    "/api/v1/releases",
    // The cohort at runtime (issue #14 B.3): a municipality, a membership period.
    "/api/v1/municipalities",
    "/api/v1/municipalities/{key}",
    "/api/v1/municipalities/{key}/memberships",
    "/api/v1/municipalities/{key}/memberships/{id}",
    "/verwaltung/kohorte",
];

/// State-changing routes that change no data a cached view is computed from: signing in and
/// out, and the Integrationskonzept's writes (its pages and API read the store on every request
/// and are never in the response cache, see [`CACHEABLE`]).
pub const OTHER_WRITES: &[&str] = &[
    "/api/v1/session",
    "/anmelden",
    "/abmelden",
    "/api/v1/concepts/{municipality}/versions",
    "/api/v1/concept-versions/{id}",
    "/api/v1/concept-versions/{id}/publish",
    "/api/v1/concept-versions/{id}/measures",
    "/konzept/{key}/fassungen",
    "/konzept/{key}/bearbeiten",
    "/konzept/{key}/veroeffentlichen",
    "/konzept/{key}/ziele",
    "/konzept/{key}/massnahmen",
    // Selbstcheck rounds and answers: no cached view reads them until a round is published.
    "/api/v1/selfcheck/{municipality}",
    "/api/v1/selfcheck/rounds/{id}/answers",
    "/api/v1/selfcheck/rounds/{id}/submit",
    "/api/v1/selfcheck/rounds/{id}/template",
    "/selbstcheck/{key}/runden",
    "/selbstcheck/runde/{id}",
    "/selbstcheck/runde/{id}/einreichen",
    // Workshops: their results are read from the store on every request, never cached.
    "/api/v1/selfcheck/rounds/{id}/workshops",
    "/api/v1/selfcheck/workshops/{id}/close",
    "/api/v1/selfcheck/workshops/{id}/outcomes",
    "/api/v1/selfcheck/workshops/{id}/needs",
    "/api/v1/workshops/{code}/ballots",
    "/api/v1/workshops/{code}/ballots/{token}",
    "/workshop/{code}",
    "/selbstcheck/runde/{id}/workshops",
    "/selbstcheck/workshop/{id}/schliessen",
    "/selbstcheck/workshop/{id}/ergebnis",
    "/selbstcheck/workshop/{id}/handlungsbedarf",
    // Exchange (issue #14 A): practices, search and requests are read from the store on
    // every request, never cached.
    "/api/v1/practices",
    "/api/v1/practices/{id}",
    "/api/v1/practices/{id}/submit",
    "/api/v1/practices/{id}/withdraw",
    "/api/v1/practices/{id}/review",
    "/api/v1/practices/{id}/requests",
    "/api/v1/exchange/requests/{id}/answer",
    "/api/v1/exchange/requests/{id}/close",
    "/praxis",
    "/praxis/{id}/bearbeiten",
    "/praxis/{id}/aktion",
    "/praxis/{id}/anfrage",
    "/austausch/{id}",
];

/// Whether a request counts as a data change when it succeeds: every successful request to a route of [`DATA_WRITES`] as a data change (see the module
/// documentation); everything else passes untouched, so that no request, least of all an
/// anonymous one, can empty the cache without changing data.
pub(crate) fn writes_data(request: &Request) -> bool {
    !request.method().is_safe()
        && request
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|p| DATA_WRITES.contains(&p.as_str()))
}

/// After a request [`writes_data`] said writes: a success or redirect counts as a data change.
pub(crate) fn track_write(state: &AppState, response: &Response) {
    if response.status().is_success() || response.status().is_redirection() {
        state.data_version.bump();
    }
}
