//! Sensitivity of field-score ranks: for every member the rank it takes under each alternative
//! normalisation (min–max, z, rank; arithmetic mean) and under leaving one scored indicator of
//! the field out (the given options with that indicator's weight set to 0), and the range
//! (best to worst) of those ranks. Ranks are competition ranks on the field score, ties share
//! the better rank; an insufficient score has no rank.

use polars::prelude::DataFrame;
use serde::Serialize;
use vergleich_domain::{Ags, Catalogue, FieldId, IndicatorId};

use crate::error::AnalysisError;
use crate::frame;
use crate::group::{GroupSummary, PeerGroup};
use crate::score::{Aggregation, FieldScoreOptions, Normalisation, field_scores_in};
use crate::stats::ranks_descending;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    pub normalisation: Normalisation,
    pub aggregation: Aggregation,
    pub left_out: Option<IndicatorId>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSensitivity {
    pub key: Ags,
    pub name: String,
    /// One rank per scenario, in the order of `Sensitivity::scenarios`.
    pub ranks: Vec<Option<usize>>,
    pub best_rank: Option<usize>,
    pub worst_rank: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub field: FieldId,
    pub year: i32,
    pub group: GroupSummary,
    pub base: FieldScoreOptions,
    pub scenarios: Vec<Scenario>,
    pub members: Vec<MemberSensitivity>,
}

pub fn sensitivity(
    frame: &DataFrame,
    catalogue: &Catalogue,
    field: &FieldId,
    year: i32,
    group: &PeerGroup,
    base: &FieldScoreOptions,
) -> Result<Sensitivity, AnalysisError> {
    let slice = frame::select(frame, &[], &[year], &group.key_strs())?;
    let parts = frame::Parts::of(&slice)?;
    let mut scenarios = Vec::new();
    let mut options = Vec::new();
    for normalisation in [Normalisation::MinMax, Normalisation::Z, Normalisation::Rank] {
        let o = FieldScoreOptions {
            normalisation,
            aggregation: Aggregation::Arithmetic,
            ..base.clone()
        };
        scenarios.push(Scenario {
            normalisation,
            aggregation: o.aggregation,
            left_out: None,
        });
        options.push(o);
    }
    let (scored, _) = crate::score::field_indicators(catalogue, field);
    for ind in scored.iter().filter(|i| base.weight(&i.id) > 0.0) {
        let mut o = base.clone();
        o.weights.insert(ind.id.clone(), 0.0);
        scenarios.push(Scenario {
            normalisation: o.normalisation,
            aggregation: o.aggregation,
            left_out: Some(ind.id.clone()),
        });
        options.push(o);
    }
    let mut ranks: Vec<Vec<Option<usize>>> = vec![Vec::new(); group.members.len()];
    for o in &options {
        let scores = field_scores_in(&parts, catalogue, field, year, group, o)?;
        let values: Vec<Option<f64>> = scores.members.iter().map(|m| m.score.value()).collect();
        for (i, r) in ranks_descending(&values).into_iter().enumerate() {
            ranks[i].push(r);
        }
    }
    let members = group
        .members
        .iter()
        .zip(ranks)
        .map(|(m, ranks)| MemberSensitivity {
            key: m.key.clone(),
            name: m.name.clone(),
            best_rank: ranks.iter().flatten().min().copied(),
            worst_rank: ranks.iter().flatten().max().copied(),
            ranks,
        })
        .collect();
    Ok(Sensitivity {
        field: field.clone(),
        year,
        group: group.summary(),
        base: base.clone(),
        scenarios,
        members,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::observations_frame;
    use crate::testutil::{group, small_catalogue, small_observations};

    #[test]
    fn ranks_vary_across_normalisations_and_left_out_indicators_by_hand() {
        let frame = observations_frame(&small_observations()).unwrap();
        let field = FieldId::parse("f").unwrap();
        let options = FieldScoreOptions {
            coverage_threshold: 0.0,
            ..Default::default()
        };
        let s = sensitivity(
            &frame,
            &small_catalogue(),
            &field,
            2020,
            &group(3),
            &options,
        )
        .unwrap();
        // Scenarios: min–max, z, rank, without a, without b.
        assert_eq!(s.scenarios.len(), 5);
        // min–max: M1 50, M2 25, M3 100 -> ranks 2, 3, 1.
        // z: a −1, 0, 1; b M1 +0.707, M2 −0.707 -> M1 −0.146, M2 −0.354, M3 1 -> 2, 3, 1.
        // rank: M1 (16.7 + 75)/2 = 45.8, M2 (50 + 25)/2 = 37.5, M3 83.3 -> 2, 3, 1.
        // without a: M1 100, M2 0, M3 none -> 1, 2, –. without b: 0, 50, 100 -> 3, 2, 1.
        let m1 = &s.members[0];
        assert_eq!(m1.ranks, vec![Some(2), Some(2), Some(2), Some(1), Some(3)]);
        assert_eq!((m1.best_rank, m1.worst_rank), (Some(1), Some(3)));
        assert_eq!(s.members[2].ranks[3], None);
    }
}
