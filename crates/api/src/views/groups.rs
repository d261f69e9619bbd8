//! Comparison groups of a view: the whole cohort, or a group relative to the focus member (same
//! kind, state, east/west, nearest neighbours on the context indicators), each saying why its
//! members count as similar.

use vergleich_analysis::{PeerGroup, SizeClass, group};
use vergleich_domain::{Ags, IndicatorId, IndicatorKind};

use super::{GroupChoice, ViewData, ViewError, ViewRequest};

/// The comparison group of a view, relative to its first member where the choice needs one.
pub(super) fn peer_group(data: &ViewData, req: &ViewRequest) -> Result<PeerGroup, ViewError> {
    let year = req
        .year
        .or_else(|| data.years.last().copied())
        .ok_or(ViewError::Missing("data"))?;
    build_group(data, req.group, req.members.first(), year, req.k)
}

/// How many nearest neighbours a relative group has unless asked otherwise.
pub const DEFAULT_NEIGHBOURS: usize = 5;

/// The group `choice` around `focus` (needed by every choice but the cohort) in `year`; `k`
/// nearest neighbours for [`GroupChoice::Neighbours`].
pub fn build_group(
    data: &ViewData,
    choice: GroupChoice,
    focus: Option<&Ags>,
    year: i32,
    k: usize,
) -> Result<PeerGroup, ViewError> {
    let cohort = &data.cohort;
    if choice == GroupChoice::Cohort {
        return Ok(group::whole_cohort(cohort));
    }
    let focus_key = focus.ok_or(ViewError::Missing(
        "--municipality for a relative peer group",
    ))?;
    let focus = cohort
        .get(focus_key)
        .ok_or_else(|| ViewError::Unknown(format!("municipality {focus_key}")))?;
    Ok(match choice {
        GroupChoice::Cohort => group::whole_cohort(cohort),
        GroupChoice::Kind => group::by_kind(
            cohort,
            focus.kind == vergleich_domain::MunicipalityKind::Landkreis,
        ),
        GroupChoice::State => group::by_state(cohort, focus.state),
        GroupChoice::EastWest => group::east_west(cohort, focus.state.is_east()),
        GroupChoice::Size => {
            let population = vergleich_analysis::compare(
                &data.frame,
                data.indicator(&IndicatorId::parse(group::POPULATION).map_err(|_| {
                    ViewError::Unknown(format!("indicator {}", group::POPULATION))
                })?)?,
                year,
                &group::whole_cohort(cohort),
            )?
            .members
            .into_iter()
            .find(|m| &m.key == focus_key)
            .and_then(|m| m.value)
            .ok_or(ViewError::Missing(
                "a population figure of the focus member",
            ))?;
            group::by_size_class(cohort, &data.frame, year, SizeClass::of(population))?
        }
        GroupChoice::Neighbours => {
            let context: Vec<IndicatorId> = data
                .catalogue
                .indicators
                .iter()
                .filter(|i| i.kind == IndicatorKind::Context)
                .map(|i| i.id.clone())
                .collect();
            vergleich_analysis::nearest_neighbours(
                cohort,
                &data.frame,
                focus_key,
                k,
                year,
                &context,
            )?
        }
    })
}
