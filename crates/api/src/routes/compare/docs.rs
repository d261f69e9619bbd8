//! The OpenAPI answers every view shares, written once: the view in its five forms (200) and
//! the problems (400, 404, 406). Each handler's own documentation says what its view holds.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::{ContentBuilder, RefOr, Response, ResponseBuilder, ResponsesBuilder};

const PROBLEM: &str = "application/problem+json";

/// 200: the view as JSON with `meta`, as CSV or XLSX download, or as SVG or PNG chart (suffix
/// or `Accept`).
pub struct ViewForms;

impl IntoResponses for ViewForms {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let forms = [
            "application/json",
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "image/svg+xml",
            "image/png",
        ];
        let ok = forms.into_iter().fold(
            ResponseBuilder::new().description(
                "The view: JSON with `meta` (method, peer group, sources), CSV or XLSX as \
                 download, or the chart as SVG or PNG",
            ),
            |response, form| response.content(form, ContentBuilder::new().build()),
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
