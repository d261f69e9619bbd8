//! `GET /api/v1/observations`: current values (or the full history, or the state `as_of` a
//! moment) filtered by municipality, indicator, field and year range, paginated.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use vergleich_domain::{Ags, FieldId, IndicatorId, SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN};
use vergleich_store::{ObservationQuery, StoredObservation, Visibility};

use crate::auth::Principal;
use crate::error::{AppError, ErrorDetail};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Page size when none is asked for, and the largest allowed.
pub const DEFAULT_LIMIT: i64 = 1_000;
pub const MAX_LIMIT: i64 = 10_000;

/// Query parameters; lists are comma-separated (`municipality=07312000,13003000`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    municipality: Option<String>,
    indicator: Option<String>,
    field: Option<String>,
    from: Option<String>,
    to: Option<String>,
    as_of: Option<String>,
    history: Option<bool>,
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Serialize)]
struct Notice {
    de: &'static str,
    en: &'static str,
}

#[derive(Serialize)]
pub struct Page {
    /// "Beispieldaten (synthetisch)" when any value on this page is demo data.
    notice: Option<Notice>,
    count: usize,
    limit: i64,
    offset: i64,
    next_offset: Option<i64>,
    observations: Vec<StoredObservation>,
}

pub(super) fn parse_list<T>(
    name: &str,
    raw: Option<&str>,
    parse: impl Fn(&str) -> Result<T, vergleich_domain::IdError>,
    errors: &mut Vec<ErrorDetail>,
) -> Vec<T> {
    let Some(raw) = raw else { return Vec::new() };
    raw.split(',')
        .filter(|s| !s.trim().is_empty())
        .filter_map(|item| match parse(item) {
            Ok(v) => Some(v),
            Err(err) => {
                errors.push(ErrorDetail::parameter(
                    name,
                    item,
                    format!("Ungültiger Wert: {err}"),
                    format!("Invalid value: {err}"),
                ));
                None
            }
        })
        .collect()
}

pub(super) fn parse_number(
    name: &str,
    raw: Option<&str>,
    range: std::ops::RangeInclusive<i64>,
    errors: &mut Vec<ErrorDetail>,
) -> Option<i64> {
    let raw = raw?;
    match raw.trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            let (lo, hi) = (range.start(), range.end());
            errors.push(ErrorDetail::parameter(
                name,
                raw,
                format!("Erwartet wird eine ganze Zahl von {lo} bis {hi}."),
                format!("Expected a whole number from {lo} to {hi}."),
            ));
            None
        }
    }
}

impl Params {
    fn into_query(self) -> Result<(ObservationQuery, i64, i64), AppError> {
        let mut errors = Vec::new();
        let municipalities = parse_list(
            "municipality",
            self.municipality.as_deref(),
            Ags::parse,
            &mut errors,
        );
        let indicators = parse_list(
            "indicator",
            self.indicator.as_deref(),
            IndicatorId::parse,
            &mut errors,
        );
        let field = parse_list("field", self.field.as_deref(), FieldId::parse, &mut errors)
            .into_iter()
            .next();
        let years =
            i64::from(vergleich_domain::Period::MIN)..=i64::from(vergleich_domain::Period::MAX);
        let from = parse_number("from", self.from.as_deref(), years.clone(), &mut errors);
        let to = parse_number("to", self.to.as_deref(), years, &mut errors);
        let limit = parse_number("limit", self.limit.as_deref(), 1..=MAX_LIMIT, &mut errors)
            .unwrap_or(DEFAULT_LIMIT);
        let offset =
            parse_number("offset", self.offset.as_deref(), 0..=i64::MAX, &mut errors).unwrap_or(0);
        let as_of = self
            .as_of
            .as_deref()
            .and_then(|raw| match DateTime::parse_from_rfc3339(raw) {
                Ok(t) => Some(t.with_timezone(&Utc)),
                Err(_) => {
                    errors.push(ErrorDetail::parameter(
                        "as_of",
                        raw,
                        "Erwartet wird ein Zeitpunkt nach RFC 3339, z. B. 2024-05-01T12:00:00Z.",
                        "Expected an RFC 3339 timestamp, e.g. 2024-05-01T12:00:00Z.",
                    ));
                    None
                }
            });
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            errors.push(ErrorDetail::parameter(
                "from",
                &from.to_string(),
                format!("Das Startjahr {from} liegt nach dem Endjahr {to}."),
                format!("The first year {from} is after the last year {to}."),
            ));
        }
        if !errors.is_empty() {
            return Err(AppError::invalid(errors));
        }
        let query = ObservationQuery {
            municipalities,
            indicators,
            field,
            from_year: from.and_then(|y| i32::try_from(y).ok()),
            to_year: to.and_then(|y| i32::try_from(y).ok()),
            as_of,
            history: self.history.unwrap_or(false),
            // Set from the principal by the handler.
            visibility: Visibility::Published,
            // One more than asked, to know whether there is a next page.
            limit: Some(limit + 1),
            offset: Some(offset),
        };
        Ok((query, limit, offset))
    }
}

/// Observations: current versions (or the full history, or the state `as_of` a moment), with
/// status, reason for missing, version and provenance. Unpublished values only for their own
/// member, managers and admins.
#[utoipa::path(get, path = "/api/v1/observations", tag = "data",
    params(
        ("municipality" = Option<String>, Query, description = "Comma-separated keys (AGS, text)"),
        ("indicator" = Option<String>, Query, description = "Comma-separated indicator ids"),
        ("field" = Option<String>, Query, description = "Field of action id"),
        ("from" = Option<i32>, Query, description = "First year (1990–2100)"),
        ("to" = Option<i32>, Query, description = "Last year (1990–2100)"),
        ("as_of" = Option<String>, Query, description = "RFC 3339 moment: the published state at that time"),
        ("history" = Option<bool>, Query, description = "Every version, not only the current one"),
        ("limit" = Option<i64>, Query, description = "Page size 1–10,000 (default 1,000)"),
        ("offset" = Option<i64>, Query, description = "Rows to skip", minimum = 0),
    ),
    responses((status = 200, description = "One page of observations", content_type = "application/json"),
        (status = 400, description = "Invalid parameter", content_type = "application/problem+json"),
        (status = 401, description = "Invalid credentials", content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(params): ApiQuery<Params>,
) -> Result<Json<Page>, AppError> {
    let (mut query, limit, offset) = params.into_query()?;
    query.visibility = principal.visibility();
    let mut observations = state.store.observations(&query).await?;
    let more = observations.len() as i64 > limit;
    observations.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let notice = observations.iter().any(|o| o.synthetic).then_some(Notice {
        de: SYNTHETIC_LABEL_DE,
        en: SYNTHETIC_LABEL_EN,
    });
    Ok(Json(Page {
        notice,
        count: observations.len(),
        limit,
        offset,
        next_offset: more.then(|| offset.saturating_add(limit)),
        observations,
    }))
}
