//! Comparison groups of a view: the whole cohort, or a group relative to the focus member (same
//! kind, state, east/west, nearest neighbours on the context indicators), each saying why its
//! members count as similar.

use vergleich_analysis::{PeerGroup, group};
use vergleich_domain::{IndicatorId, IndicatorKind};

use super::{GroupChoice, ViewData, ViewError, ViewRequest};

/// The comparison group of a view, relative to its first member where the choice needs one.
pub(super) fn peer_group(data: &ViewData, req: &ViewRequest) -> Result<PeerGroup, ViewError> {
    let cohort = &data.cohort;
    if req.group == GroupChoice::Cohort {
        return Ok(group::whole_cohort(cohort));
    }
    let focus_key = req.members.first().ok_or(ViewError::Missing(
        "--municipality for a relative peer group",
    ))?;
    let focus = cohort
        .get(focus_key)
        .ok_or_else(|| ViewError::Unknown(format!("municipality {focus_key}")))?;
    Ok(match req.group {
        GroupChoice::Cohort => group::whole_cohort(cohort),
        GroupChoice::Kind => group::by_kind(
            cohort,
            focus.kind == vergleich_domain::MunicipalityKind::Landkreis,
        ),
        GroupChoice::State => group::by_state(cohort, focus.state),
        GroupChoice::EastWest => group::east_west(cohort, focus.state.is_east()),
        GroupChoice::Neighbours => {
            let context: Vec<IndicatorId> = data
                .catalogue
                .indicators
                .iter()
                .filter(|i| i.kind == IndicatorKind::Context)
                .map(|i| i.id.clone())
                .collect();
            let year = req
                .year
                .or_else(|| data.years.last().copied())
                .ok_or(ViewError::Missing("data"))?;
            vergleich_analysis::nearest_neighbours(
                cohort,
                &data.frame,
                focus_key,
                5,
                year,
                &context,
            )?
        }
    })
}
