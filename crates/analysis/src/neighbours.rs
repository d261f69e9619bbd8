//! The k nearest neighbours of a member on standardised context indicators: each indicator is
//! turned into z-scores over the cohort (sample standard deviation; a constant indicator gives 0
//! for everyone), the distance is the root mean square difference over the indicators both
//! members reported, and every neighbour carries its distance and context values as the reason.

use polars::prelude::DataFrame;
use vergleich_domain::{Ags, Cohort, IndicatorId};

use crate::error::AnalysisError;
use crate::frame;
use crate::group::{ContextValue, GroupDefinition, GroupMember, PeerGroup};
use crate::text::{number_de, number_en};

/// The focus member plus its `k` nearest neighbours in `year` (fewer when fewer members share a
/// context indicator with it). Ties in distance are broken by key, so the result is stable.
pub fn nearest_neighbours(
    cohort: &Cohort,
    frame: &DataFrame,
    focus: &Ags,
    k: usize,
    year: i32,
    indicators: &[IndicatorId],
) -> Result<PeerGroup, AnalysisError> {
    let focus_m = cohort
        .get(focus)
        .ok_or_else(|| AnalysisError::UnknownMember { key: focus.clone() })?;
    let ids: Vec<&str> = indicators.iter().map(IndicatorId::as_str).collect();
    let cells = frame::index(frame::cells(&frame::select(frame, &ids, &[year], &[])?)?);
    let raw = |key: &Ags, id: &str| {
        cells
            .get(&(key.as_str().to_owned(), id.to_owned(), year))
            .and_then(|c| c.value)
    };
    // z-scores per indicator over the cohort.
    let mut z: Vec<Vec<Option<f64>>> = Vec::new();
    for id in &ids {
        let values: Vec<Option<f64>> = cohort
            .municipalities
            .iter()
            .map(|m| raw(&m.key, id))
            .collect();
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let n = present.len() as f64;
        let mean = present.iter().sum::<f64>() / n.max(1.0);
        let sd = if present.len() > 1 {
            (present.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        z.push(
            values
                .iter()
                .map(|v| v.map(|v| if sd > 0.0 { (v - mean) / sd } else { 0.0 }))
                .collect(),
        );
    }
    let focus_index = cohort
        .municipalities
        .iter()
        .position(|m| &m.key == focus)
        .unwrap_or_default();
    let mut candidates: Vec<(f64, usize)> = Vec::new();
    for (i, _) in cohort.municipalities.iter().enumerate() {
        if i == focus_index {
            continue;
        }
        let diffs: Vec<f64> = z
            .iter()
            .filter_map(|col| Some((col[focus_index]? - col[i]?).powi(2)))
            .collect();
        if !diffs.is_empty() {
            let d = (diffs.iter().sum::<f64>() / diffs.len() as f64).sqrt();
            candidates.push((d, i));
        }
    }
    candidates.sort_by(|a, b| {
        a.0.total_cmp(&b.0).then_with(|| {
            cohort.municipalities[a.1]
                .key
                .cmp(&cohort.municipalities[b.1].key)
        })
    });
    let context_of = |key: &Ags| -> Vec<ContextValue> {
        indicators
            .iter()
            .map(|id| ContextValue {
                indicator: id.clone(),
                value: raw(key, id.as_str()),
            })
            .collect()
    };
    let mut members = vec![GroupMember {
        key: focus.clone(),
        name: focus_m.name.clone(),
        reason_de: "ausgewählte Kommune".into(),
        reason_en: "selected municipality".into(),
        distance: Some(0.0),
        context: context_of(focus),
    }];
    for (d, i) in candidates.into_iter().take(k) {
        let m = &cohort.municipalities[i];
        members.push(GroupMember {
            key: m.key.clone(),
            name: m.name.clone(),
            reason_de: format!(
                "Abstand {} zu {} auf standardisierten Kontextindikatoren ({year})",
                number_de(d),
                focus_m.name
            ),
            reason_en: format!(
                "distance {} to {} on standardised context indicators ({year})",
                number_en(d),
                focus_m.name
            ),
            distance: Some(d),
            context: context_of(&m.key),
        });
    }
    Ok(PeerGroup {
        id: format!("knn-{}-{k}", focus.as_str()),
        label_de: format!("{} und die {k} ähnlichsten Kommunen", focus_m.name),
        label_en: format!("{} and the {k} most similar members", focus_m.name),
        definition: GroupDefinition::NearestNeighbours {
            focus: focus.clone(),
            k,
            year,
            indicators: indicators.to_vec(),
        },
        members,
    })
}
