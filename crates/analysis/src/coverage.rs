//! Coverage: the member × indicator × year matrix of what was reported, with status, and per
//! indicator and year "n of N reported".

use polars::prelude::DataFrame;
use serde::Serialize;
use vergleich_domain::{Ags, IndicatorId, MissingReason, Status};

use crate::error::AnalysisError;
use crate::frame;
use crate::group::{GroupSummary, PeerGroup};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CellState {
    Reported { status: Status },
    Missing { reason: Option<MissingReason> },
    NotReported,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageCell {
    pub municipality: Ags,
    pub indicator: IndicatorId,
    pub year: i32,
    pub state: CellState,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageTotal {
    pub indicator: IndicatorId,
    pub year: i32,
    pub reported: usize,
    pub group_size: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageMatrix {
    pub group: GroupSummary,
    pub indicators: Vec<IndicatorId>,
    pub years: Vec<i32>,
    /// Member-major: every member, then every indicator, then every year.
    pub cells: Vec<CoverageCell>,
    pub totals: Vec<CoverageTotal>,
}

pub fn coverage(
    frame: &DataFrame,
    group: &PeerGroup,
    indicators: &[IndicatorId],
    years: &[i32],
) -> Result<CoverageMatrix, AnalysisError> {
    let ids: Vec<&str> = indicators.iter().map(IndicatorId::as_str).collect();
    let slice = frame::select(frame, &ids, years, &group.key_strs())?;
    let cells = frame::index(frame::cells(&slice)?);
    let mut out = Vec::new();
    for m in &group.members {
        for ind in indicators {
            for &year in years {
                let key = (m.key.as_str().to_owned(), ind.as_str().to_owned(), year);
                let state = match cells.get(&key) {
                    None => CellState::NotReported,
                    Some(c) if c.value.is_some() => CellState::Reported { status: c.status },
                    Some(c) => CellState::Missing { reason: c.reason },
                };
                out.push(CoverageCell {
                    municipality: m.key.clone(),
                    indicator: ind.clone(),
                    year,
                    state,
                });
            }
        }
    }
    let mut totals = Vec::new();
    for ind in indicators {
        for &year in years {
            let reported = out
                .iter()
                .filter(|c| {
                    &c.indicator == ind
                        && c.year == year
                        && matches!(c.state, CellState::Reported { .. })
                })
                .count();
            totals.push(CoverageTotal {
                indicator: ind.clone(),
                year,
                reported,
                group_size: group.members.len(),
            });
        }
    }
    Ok(CoverageMatrix {
        group: group.summary(),
        indicators: indicators.to_vec(),
        years: years.to_vec(),
        cells: out,
        totals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::observations_frame;
    use crate::testutil::{group, missing, value};

    #[test]
    fn every_cell_says_reported_missing_with_reason_or_not_reported() {
        let obs = vec![
            value(1, "x", 2020, 1.0),
            missing(2, "x", 2020, MissingReason::Secret),
        ];
        let frame = observations_frame(&obs).unwrap();
        let x = IndicatorId::parse("x").unwrap();
        let c = coverage(&frame, &group(3), &[x], &[2020, 2021]).unwrap();
        let states: Vec<_> = c.cells.iter().map(|c| c.state).collect();
        assert_eq!(
            states,
            vec![
                CellState::Reported { status: Status::A },
                CellState::NotReported,
                CellState::Missing {
                    reason: Some(MissingReason::Secret)
                },
                CellState::NotReported,
                CellState::NotReported,
                CellState::NotReported,
            ]
        );
        assert_eq!((c.totals[0].reported, c.totals[0].group_size), (1, 3));
        assert_eq!(c.totals[1].reported, 0);
    }
}
