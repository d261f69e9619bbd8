//! Choices from fixed word lists, and the field-score options (`weights`, `normalisation`,
//! `aggregation`, `min_coverage`).

use vergleich_domain::IndicatorId;
use vergleich_service::model::{Aggregation, FieldScoreOptions, Normalisation};

use crate::routes::observations::parse_number;

use super::ViewParams;
use crate::error::ErrorDetail;

/// One of a fixed set of words, or an error listing them.
pub fn one_of<T: Copy>(
    name: &str,
    raw: &str,
    choices: &[(&str, T)],
    errors: &mut Vec<ErrorDetail>,
) -> Option<T> {
    let found = choices.iter().find(|(word, _)| *word == raw.trim());
    if found.is_none() {
        let list: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
        errors.push(ErrorDetail::parameter(
            name,
            raw,
            format!("Erlaubt sind: {}.", list.join(", ")),
            format!("Allowed: {}.", list.join(", ")),
        ));
    }
    found.map(|(_, v)| *v)
}

/// Field-score options: `weights=id:w,…`, `normalisation`, `aggregation`, `min_coverage` (%).
pub(super) fn options(params: &ViewParams, errors: &mut Vec<ErrorDetail>) -> FieldScoreOptions {
    let mut options = FieldScoreOptions::default();
    if let Some(raw) = params.normalisation.as_deref() {
        options.normalisation = one_of(
            "normalisation",
            raw,
            &[
                ("min-max", Normalisation::MinMax),
                ("z", Normalisation::Z),
                ("rank", Normalisation::Rank),
            ],
            errors,
        )
        .unwrap_or_default();
    }
    if let Some(raw) = params.aggregation.as_deref() {
        options.aggregation = one_of(
            "aggregation",
            raw,
            &[
                ("arithmetic", Aggregation::Arithmetic),
                ("geometric", Aggregation::Geometric),
            ],
            errors,
        )
        .unwrap_or_default();
    }
    if let Some(pct) = parse_number(
        "min_coverage",
        params.min_coverage.as_deref(),
        0..=100,
        errors,
    ) {
        options.coverage_threshold = pct as f64 / 100.0;
    }
    if params.aggregation.as_deref() == Some("geometric")
        && params.normalisation.as_deref() == Some("z")
    {
        errors.push(ErrorDetail::parameter(
            "aggregation",
            "geometric",
            "Das geometrische Mittel braucht eine Normalisierung auf 0–100 (min-max oder rank), nicht z.",
            "The geometric mean needs a 0–100 normalisation (min-max or rank), not z.",
        ));
    }
    for item in params.weights.iter().flat_map(|w| w.split(',')) {
        if item.trim().is_empty() {
            continue;
        }
        let parsed = item.split_once(':').and_then(|(id, w)| {
            let id = IndicatorId::parse(id).ok()?;
            let w = w
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|w| w.is_finite() && *w >= 0.0 && *w <= 1000.0)?;
            Some((id, w))
        });
        match parsed {
            Some((id, w)) => {
                options.weights.insert(id, w);
            }
            None => errors.push(ErrorDetail::parameter(
                "weights",
                item,
                "Erwartet wird indikator:gewicht mit einem Gewicht von 0 bis 1000, z. B. sc_arbeit:2.",
                "Expected indicator:weight with a weight from 0 to 1000, e.g. sc_arbeit:2.",
            )),
        }
    }
    options
}
