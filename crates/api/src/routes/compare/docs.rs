//! The OpenAPI answers every view shares, written once: the view in its five forms (200) and
//! the problems (400, 404, 406). Each handler's own documentation says what its view holds.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, RefOr, Response, ResponseBuilder, ResponsesBuilder};

const PROBLEM: &str = "application/problem+json";

/// 200: the view as JSON with `meta`, as CSV or XLSX download, or as SVG or PNG chart (suffix
/// or `Accept`).
pub struct ViewForms;

impl IntoResponses for ViewForms {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let forms = [
            ("application/json", Type::Object),
            ("text/csv", Type::String),
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Type::String,
            ),
            ("image/svg+xml", Type::String),
            ("image/png", Type::String),
        ];
        let ok = forms.into_iter().fold(
            ResponseBuilder::new().description(
                "The view: JSON with `meta` (method, peer group, sources), CSV or XLSX as \
                 download, or the chart as SVG or PNG",
            ),
            |response, (form, kind)| {
                let schema = ObjectBuilder::new().schema_type(kind).build();
                response.content(form, ContentBuilder::new().schema(Some(schema)).build())
            },
        );
        ResponsesBuilder::new().response("200", ok).build().into()
    }
}

/// 400, 404 and 406 as problem+json.
pub struct ViewErrors;

impl IntoResponses for ViewErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let problem = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(PROBLEM, ContentBuilder::new().build())
        };
        ResponsesBuilder::new()
            .response("400", problem("Invalid or missing parameter"))
            .response("404", problem("Unknown indicator, field or municipality"))
            .response("406", problem("Form not available"))
            .build()
            .into()
    }
}

/// The query parameters every view takes besides its own: its look and which data it reads
/// (documentation only: `ViewParams` reads them).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // the fields describe the OpenAPI parameters; nothing reads them
pub struct LookParams {
    /// `de` or `en` (default): headers, texts, chart texts and the CSV dialect (de: `;`,
    /// decimal comma, BOM).
    lang: Option<String>,
    /// Chart width: `web` (800 px, default), `column` (560 px, half-width page columns) or
    /// `print` (1123 px).
    size: Option<String>,
    /// PNG density: 1 (default) or 2.
    scale: Option<i32>,
    /// `published` (default): the published data every reader shares; `preview`: also the
    /// unpublished values this reader may see (its own member's drafts and submissions; all
    /// unreviewed values for managers and admins).
    data: Option<String>,
    /// CSV only: `lines` (default) starts the file with `# …` metadata lines; `none` gives a
    /// plain table for pandas or `frictionless` (the metadata stays in JSON and the XLSX sheet).
    meta: Option<String>,
    /// A named cohort (`GET /api/v1/cohorts`, e.g. `weltoffene-kommunen-2020`): count only its
    /// members of the year; default: every member of the year.
    #[param(pattern = "^[a-z0-9-]{1,64}$")]
    cohort: Option<String>,
    /// A release (`GET /api/v1/releases`, e.g. `2025-1`): the published data as of its
    /// moment, the same for every reader; not with `data=preview`.
    #[param(pattern = "^[a-z0-9][a-z0-9.-]{0,31}$")]
    release: Option<String>,
    /// With `release`: the first 16 hex digits of its content hash (`digest` in
    /// `GET /api/v1/releases`). A matching one makes the answer immutable (cached for a year by
    /// browsers and proxies); another is a 409 naming the right one.
    #[param(pattern = "^[0-9a-f]{16}$")]
    digest: Option<String>,
}
