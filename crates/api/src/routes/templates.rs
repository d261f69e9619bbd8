//! Upload templates over HTTP: `GET /api/v1/templates/{municipality}.xlsx|.csv`, the same files
//! `vergleich template` writes (key and name pre-filled, one row per indicator and year; the
//! XLSX with a sheet of explanations), built from the catalogue and cohort in the store.
//!
//! Any signed-in user may download the template of any member: it holds no observations, only
//! the public catalogue and the member's key and name. Anonymous requests are refused so that
//! building spreadsheets stays a cost of people who use the workflow.

use std::ops::RangeInclusive;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::{Ags, Catalogue, Cohort, Period};

use crate::auth::Principal;
use crate::error::{AppError, ErrorCode, ErrorDetail};
use crate::extract::ApiQuery;
use crate::negotiate::{Format, not_acceptable};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(template))
}

/// Most years one template may span.
pub const MAX_YEARS: i32 = 30;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateParams {
    from: Option<i32>,
    to: Option<i32>,
}

/// The years of the template: `from`–`to`, each defaulting to last year.
fn years(params: &TemplateParams) -> Result<RangeInclusive<i32>, AppError> {
    let last_year = chrono::Utc::now().year() - 1;
    let (from, to) = (
        params.from.unwrap_or(last_year),
        params.to.unwrap_or(last_year),
    );
    let valid = from <= to
        && to - from < MAX_YEARS
        && Period::new(from).is_some()
        && Period::new(to).is_some();
    if valid {
        Ok(from..=to)
    } else {
        Err(AppError::invalid(vec![ErrorDetail::parameter(
            "from",
            &format!("{from}–{to}"),
            format!(
                "from und to müssen Jahre zwischen 1990 und 2100 sein, from nicht nach to, \
                 höchstens {MAX_YEARS} Jahre."
            ),
            format!(
                "from and to must be years between 1990 and 2100, from not after to, at most \
                 {MAX_YEARS} years."
            ),
        )]))
    }
}

fn internal(source: anyhow::Error) -> AppError {
    let mut err = AppError::new(
        ErrorCode::Internal,
        "Die Vorlage konnte nicht erstellt werden.",
        "The template could not be made.",
    );
    err.source = Some(source);
    err
}

/// The upload template of one member, as XLSX (`.xlsx`, also without a suffix) or CSV (`.csv`:
/// `;`, UTF-8 with BOM), rows for last year unless `from`/`to` say otherwise.
#[utoipa::path(get, path = "/api/v1/templates/{municipality}", tag = "uploads",
    params(
        ("municipality" = String, Path, description = "8-digit AGS or 5-digit Kreisschlüssel; add .xlsx or .csv"),
        ("from" = Option<i32>, Query, description = "First year with rows (default: last year)"),
        ("to" = Option<i32>, Query, description = "Last year with rows (default: last year)"),
    ),
    responses(
        (status = 200, description = "The template as an attachment", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "Invalid key or years", content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", content_type = "application/problem+json"),
        (status = 404, description = "No such member", content_type = "application/problem+json"),
        (status = 406, description = "Neither XLSX nor CSV asked for", content_type = "application/problem+json")))]
pub async fn template(
    State(state): State<AppState>,
    principal: Principal,
    format: Format,
    Path(municipality): Path<String>,
    ApiQuery(params): ApiQuery<TemplateParams>,
) -> Result<Response, AppError> {
    if principal.user().is_none() {
        return Err(AppError::unauthenticated());
    }
    let format = match format {
        // No suffix: a browser's `*/*` arrives as JSON, and XLSX is what people fill in.
        Format::Json | Format::Xlsx => Format::Xlsx,
        Format::Csv => Format::Csv,
        Format::Svg | Format::Png => return Err(not_acceptable(format.media_type())),
    };
    let member = Ags::parse(&municipality).map_err(|_| {
        AppError::invalid(vec![ErrorDetail::parameter(
            "municipality",
            &municipality,
            "Erwartet wird ein 8-stelliger Gemeindeschlüssel oder ein 5-stelliger \
             Kreisschlüssel.",
            "Expected an 8-digit AGS or a 5-digit Kreisschlüssel.",
        )])
    })?;
    let years = years(&params)?;
    let catalogue = Catalogue {
        fields: state.store.fields().await?,
        indicators: state.store.indicators().await?,
    };
    let cohort = Cohort {
        municipalities: state.store.municipalities().await?,
    };
    if cohort.get(&member).is_none() {
        return Err(AppError::not_found(
            &format!("Kommune {member}"),
            &format!("Municipality {member}"),
        ));
    }
    let name = format!(
        "vorlage-{member}-{}-{}.{}",
        years.start(),
        years.end(),
        format.suffix()
    );
    // Writing a workbook is CPU work: off the async workers.
    let bytes = state
        .work
        .run(move || match format {
            Format::Csv => {
                vergleich_ingest::template::csv_template(&catalogue, &cohort, &member, years)
            }
            _ => vergleich_ingest::template::xlsx_template(&catalogue, &cohort, &member, years),
        })
        .await
        .map_err(|e| internal(anyhow::anyhow!("template task failed: {e}")))?
        .map_err(|e| internal(anyhow::Error::new(e).context("template")))?;
    // The name holds digits, dashes and the suffix only; no encoding needed.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.media_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
